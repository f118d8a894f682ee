//! Inbound Calls: caller ID privacy.

use crate::catalogue::{Effect, Kinds};

define_section! {
    /// Inbound Calls.
    Inbound, "inbound", "Inbound Calls", Page::Extension {
        block_caller_id_number: bool = false, Kinds::PHONE, "Block inbound caller ID number",
            "Block inbound caller ID number", "Hide the caller's number from this extension.",
            [Effect::Dialplan];
        block_caller_id_name: bool = false, Kinds::PHONE, "Block inbound caller ID name",
            "Block inbound caller ID name", "Hide the caller's name from this extension.",
            [Effect::Dialplan];
    }
}
