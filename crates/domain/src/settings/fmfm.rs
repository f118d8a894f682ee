//! Find me/Follow me: ring an alternate number.

use crate::catalogue::{Effect, Kinds};
use crate::values::{
    Bounded, ConditionRef, DialMethod, FmfmCallerId, PhoneNumber, Prefix, Ref, Token,
};

define_section! {
    /// Find me/Follow me Configuration.
    Fmfm, "fmfm", "Find me/Follow me Configuration", Page::Extension {
        fmfm_enabled: bool = false, Kinds::ALL, "FMFM number and status",
            "Follow me enabled", "Ring the follow-me number for calls to this extension.",
            [Effect::Dialplan];
        fmfm_number: PhoneNumber = PhoneNumber::default(), Kinds::ALL, "FMFM number and status",
            "Follow me number", "External number rung by find-me/follow-me.",
            [Effect::Dialplan];
        fmfm_condition: ConditionRef = Ref(None), Kinds::ALL, "Condition and dial method",
            "Condition", "Follow me only while this condition matches (empty: always).",
            [Effect::Dialplan];
        fmfm_dial_method: DialMethod = DialMethod::Sequential, Kinds::ALL, "Condition and dial method",
            "Dial method", "Ring the number after the extension, or together with it.",
            [Effect::Dialplan];
        fmfm_confirm: bool = false, Kinds::ALL, "Confirmation and messages",
            "Confirm answer", "The answering party must press 1 to take the call.",
            [Effect::Dialplan];
        fmfm_confirm_message: Token = Token::default(), Kinds::ALL, "Confirmation and messages",
            "Confirm message", "Sound played to ask for confirmation (empty: default prompt).",
            [Effect::Dialplan];
        fmfm_hold_message: Token = Token::default(), Kinds::ALL, "Confirmation and messages",
            "Hold message", "Sound played to the caller while the follow-me number is tried.",
            [Effect::Dialplan];
        fmfm_caller_id: FmfmCallerId = FmfmCallerId::Caller, Kinds::ALL, "Caller ID and timing",
            "Caller ID", "Caller ID presented to the follow-me number.",
            [Effect::Dialplan];
        fmfm_prefix: Prefix = Prefix::default(), Kinds::ALL, "Caller ID and timing",
            "Caller ID prefix", "Digits put before the caller ID on follow-me calls.",
            [Effect::Dialplan];
        fmfm_delay: Bounded<0, 120> = Bounded::new(0), Kinds::ALL, "Caller ID and timing",
            "Delay (s)", "Seconds the extension rings alone before the follow-me number (sequential).",
            [Effect::Dialplan];
        fmfm_timeout: Bounded<5, 300> = Bounded::new(30), Kinds::ALL, "Caller ID and timing",
            "Dial timeout (s)", "How long the follow-me number rings.",
            [Effect::Dialplan];
    }
}
