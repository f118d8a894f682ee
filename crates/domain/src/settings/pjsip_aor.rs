//! The Edit PJSIP AOR page, with Asterisk's option names and defaults,
//! except `max_contacts`: Asterisk's 0 refuses every registration, so a
//! phone extension starts at 1; and `remove_existing`: with one contact and
//! Asterisk's `no`, a phone that re-registers from a new port (a NAT
//! rebinding, a restarted softphone) is refused until its old contact
//! expires, so a new registration replaces the old one.

use crate::catalogue::{Effect, Kinds};
use crate::values::{Bounded, Mailboxes};

define_section! {
    /// Edit PJSIP AOR.
    PjsipAor, "pjsip_aor", "PJSIP AOR", Page::PjsipAor {
        default_expiration: Bounded<1, 86400> = Bounded::new(3600), Kinds::PJSIP, "Information",
            "Default Expiration", "Default expiration time in seconds for contacts that are dynamically bound to an AoR.",
            [Effect::aor("default_expiration").default("3600")];
        minimum_expiration: Bounded<1, 86400> = Bounded::new(60), Kinds::PJSIP, "Information",
            "Minimum Expiration", "Minimum expiration time in seconds for contacts that are dynamically bound to an AoR.",
            [Effect::aor("minimum_expiration").default("60")];
        maximum_expiration: Bounded<1, 86400> = Bounded::new(7200), Kinds::PJSIP, "Information",
            "Maximum Expiration", "Maximum expiration time in seconds for contacts that are dynamically bound to an AoR.",
            [Effect::aor("maximum_expiration").default("7200")];
        aor_mailboxes: Mailboxes = Mailboxes::default(), Kinds::PJSIP, "Information",
            "Mailboxes", "Allow subscriptions for the specified mailbox(es).",
            [Effect::aor("mailboxes")];
        max_contacts: Bounded<1, 100> = Bounded::new(1), Kinds::PJSIP, "Information",
            "Max Contacts", "Maximum number of contacts that can bind to an AoR.",
            [Effect::aor("max_contacts").default("0")];
        remove_existing: bool = true, Kinds::PJSIP, "Information",
            "Remove Existing", "On a new registration, remove the soonest-expiring existing contacts to satisfy Max Contacts.",
            [Effect::aor("remove_existing").default("no")];
        remove_unavailable: bool = false, Kinds::PJSIP, "Information",
            "Remove Unavailable", "On a new registration, remove unavailable contacts to satisfy Max Contacts.",
            [Effect::aor("remove_unavailable").default("no")];
        support_path: bool = false, Kinds::PJSIP, "Information",
            "Support Path", "Enables Path support for REGISTER requests and Route support for other requests.",
            [Effect::aor("support_path").default("no")];
    }
}
