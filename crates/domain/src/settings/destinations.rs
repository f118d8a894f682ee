//! Additional Destinations - Active if checked: failover routing and
//! missed-call notification.

use crate::catalogue::{Effect, Kinds};
use crate::values::{ConditionRef, DestinationRef, Email, MissedCallNotify, Ref};

define_section! {
    /// Additional Destinations - Active if checked.
    Destinations, "destinations", "Additional Destinations - Active if checked", Page::Extension {
        unconditional_enabled: bool = false, Kinds::ALL, "Unconditional",
            "Unconditional", "Always send calls to the unconditional destination.",
            [Effect::Dialplan];
        unconditional_destination: DestinationRef = Ref(None), Kinds::ALL, "Unconditional",
            "Unconditional destination", "Where every call goes while Unconditional is checked.",
            [Effect::Dialplan];
        no_answer_enabled: bool = false, Kinds::ALL, "On no answer, busy, or offline",
            "On no answer", "Route unanswered calls to the no-answer destination.",
            [Effect::Dialplan];
        no_answer_destination: DestinationRef = Ref(None), Kinds::ALL, "On no answer, busy, or offline",
            "No-answer destination", "Where unanswered calls go.",
            [Effect::Dialplan];
        busy_enabled: bool = false, Kinds::ALL, "On no answer, busy, or offline",
            "On busy", "Route calls to a busy (or DND) extension to the busy destination.",
            [Effect::Dialplan];
        busy_destination: DestinationRef = Ref(None), Kinds::ALL, "On no answer, busy, or offline",
            "Busy destination", "Where calls go when the extension is busy.",
            [Effect::Dialplan];
        offline_enabled: bool = false, Kinds::ALL, "On no answer, busy, or offline",
            "On offline", "Route calls to an unregistered extension to the offline destination.",
            [Effect::Dialplan];
        offline_destination: DestinationRef = Ref(None), Kinds::ALL, "On no answer, busy, or offline",
            "Offline destination", "Where calls go when the extension is not registered.",
            [Effect::Dialplan];
        condition_enabled: bool = false, Kinds::ALL, "On condition",
            "On condition", "Route calls to the condition destination while the condition matches.",
            [Effect::Dialplan];
        condition: ConditionRef = Ref(None), Kinds::ALL, "On condition",
            "Condition", "The condition (e.g. outside working hours).",
            [Effect::Dialplan];
        condition_destination: DestinationRef = Ref(None), Kinds::ALL, "On condition",
            "Condition destination", "Where calls go while the condition matches.",
            [Effect::Dialplan];
        missed_call_notify: MissedCallNotify = MissedCallNotify::Off, Kinds::ALL, "Missed call notification",
            "Missed call notification", "Mail a notification for each call that rang this extension and was not answered (All, or External calls only), from the call records pbx stores (needs the PostgreSQL deployment).",
            [Effect::Panel];
        missed_call_email: Email = Email::default(), Kinds::ALL, "Missed call notification",
            "Notification email", "Where missed-call notifications go (empty: the user email).",
            [Effect::Panel];
        missed_ignore_internal: bool = false, Kinds::ALL, "Missed call notification",
            "Ignore internal calls", "No notification for missed internal calls.",
            [Effect::Panel];
        missed_ignore_queue: bool = false, Kinds::ALL, "Missed call notification",
            "Ignore queue calls", "No notification for missed calls that came from a queue (pbx renders no queues, so no call comes from one).",
            [Effect::Panel];
    }
}
