//! Which extension kinds a setting applies to.

use crate::extension::ExtensionKind;

/// A set of extension kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kinds(u8);

impl Kinds {
    /// chan_sip phones.
    pub const SIP: Kinds = Kinds(1);
    /// PJSIP phones.
    pub const PJSIP: Kinds = Kinds(2);
    /// Custom extensions (dial a channel).
    pub const CUSTOM: Kinds = Kinds(4);
    /// Virtual extensions (ring members).
    pub const VIRTUAL: Kinds = Kinds(8);
    /// chan_sip and PJSIP phones.
    pub const PHONE: Kinds = Kinds(1 | 2);
    /// Phones and custom extensions.
    pub const DIALABLE: Kinds = Kinds(1 | 2 | 4);
    /// Phones and virtual extensions.
    pub const PHONE_VIRTUAL: Kinds = Kinds(1 | 2 | 8);
    /// Everything but custom extensions... and everything.
    pub const ALL: Kinds = Kinds(15);

    /// The kinds of both sets.
    pub const fn union(self, other: Kinds) -> Kinds {
        Kinds(self.0 | other.0)
    }

    /// True when `kind` is in the set.
    pub fn contains(self, kind: ExtensionKind) -> bool {
        self.0 & Self::of(kind).0 != 0
    }

    /// The set of one kind.
    pub fn of(kind: ExtensionKind) -> Kinds {
        match kind {
            ExtensionKind::Sip => Kinds::SIP,
            ExtensionKind::Pjsip => Kinds::PJSIP,
            ExtensionKind::Custom => Kinds::CUSTOM,
            ExtensionKind::Virtual => Kinds::VIRTUAL,
        }
    }

    /// The kinds in the set, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = ExtensionKind> {
        ExtensionKind::ALL
            .into_iter()
            .filter(move |k| self.contains(*k))
    }
}
