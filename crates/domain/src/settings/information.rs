//! Information: identity extras, media basics, groups, MWI, DND, ring
//! timeout, and the members of a virtual extension.

use super::option_values;
use crate::catalogue::{Effect, Kinds};
use crate::values::{
    Bounded, CallGroups, CodecList, DtmfMode, Email, InternalCallerId, NumberList, Pin, ShortText,
};

define_section! {
    /// The Information section (number, name, description, username and
    /// secret are core fields of the extension itself).
    Information, "information", "Information", Page::Extension {
        emergency_notes: ShortText = ShortText::default(), Kinds::PHONE, "Description and emergency notes",
            "Emergency notes", "Location or instructions passed to emergency routing and notifications.",
            [Effect::Panel];
        codecs: CodecList = CodecList::default(), Kinds::PHONE, "Codecs and DTMF",
            "Codecs", "Allowed audio/video codecs, in order of preference.",
            [Effect::endpoint("allow"), Effect::peer("allow")];
        dtmf_mode: DtmfMode = DtmfMode::Rfc4733, Kinds::PHONE, "Codecs and DTMF",
            "DTMF mode", "How key presses are signalled (RFC 4733 is right for nearly every phone).",
            [Effect::endpoint("dtmf_mode").default("rfc4733"),
                Effect::peer("dtmfmode").default("rfc2833").value(option_values::peer_dtmf)];
        direct_media: bool = true, Kinds::PHONE, "Media and groups",
            "Direct Media", "Determines whether media may flow directly between endpoints.",
            [Effect::endpoint("direct_media").default("yes"), Effect::peer("directmedia").default("yes")];
        call_groups: CallGroups = CallGroups::default(), Kinds::ALL, "Media and groups",
            "Call groups", "Numeric call groups (0-63) this extension belongs to, e.g. 1,3-5.",
            [Effect::endpoint("call_group").value(option_values::call_groups),
                Effect::peer("callgroup").value(option_values::call_groups)];
        pickup_groups: CallGroups = CallGroups::default(), Kinds::ALL, "Media and groups",
            "Pickup groups", "Call groups whose ringing calls this extension may pick up.",
            [Effect::endpoint("pickup_group").value(option_values::pickup_groups),
                Effect::peer("pickupgroup").value(option_values::pickup_groups)];
        spy_groups: CallGroups = CallGroups::default(), Kinds::PHONE_VIRTUAL, "Media and groups",
            "Spy groups", "Groups this extension may be monitored in (ChanSpy).",
            [Effect::Dialplan];
        mwi_enabled: bool = true, Kinds::PHONE_VIRTUAL, "Voicemail, DND, and timeout",
            "Voicemail MWI", "Send message-waiting indication for the extension's voicemail box.",
            [Effect::endpoint("mailboxes").value(option_values::mailbox),
                Effect::peer("mailbox").value(option_values::mailbox)];
        voicemail_pin: Pin = Pin::default(), Kinds::PHONE_VIRTUAL, "Voicemail, DND, and timeout",
            "Voicemail PIN", "Digits asked for before the mailbox plays its messages (*97 from the extension's phone); empty: no PIN.",
            [Effect::Voicemail];
        voicemail_email: Email = Email::default(), Kinds::PHONE_VIRTUAL, "Voicemail, DND, and timeout",
            "Voicemail email", "Where each new voicemail message is mailed, with its audio attached (by pbx when the node has a spool directory, else by the node's own mailer); empty: no mail.",
            [Effect::Voicemail];
        dnd: bool = false, Kinds::ALL, "Voicemail, DND, and timeout",
            "DND", "Do not disturb: inbound calls go straight to the busy destination.",
            [Effect::Dialplan];
        ring_timeout: Bounded<5, 600> = Bounded::new(30), Kinds::ALL, "Voicemail, DND, and timeout",
            "Inbound ring timeout (s)", "How long an inbound call rings before the no-answer destination.",
            [Effect::Dialplan];
        virtual_members: NumberList = NumberList::default(), Kinds::VIRTUAL, "Extensions",
            "Extensions", "The real extensions of this tenant that ring when the virtual extension is called.",
            [Effect::Dialplan];
        virtual_pin: Pin = Pin::default(), Kinds::VIRTUAL, "Security PIN",
            "Security PIN", "PIN a phone types to join (*45 and the number) or leave (*46 and the number) the virtual extension; empty: no PIN. Needs the node's call-control service.",
            [Effect::Dialplan];
        virtual_internal_caller_id: InternalCallerId = InternalCallerId::Automatic, Kinds::VIRTUAL, "Internal caller ID",
            "Internal caller ID", "Caller ID shown on internal calls, or automatic.",
            [Effect::Dialplan];
    }
}
