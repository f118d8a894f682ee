//! The voicemail boxes of a tenant: one per phone and virtual extension
//! (the boxes calls go to when nothing else answers), and one per other
//! extension a voicemail destination names. The voicemail context is the
//! tenant code; each box has the extension's PIN, name and email.

use crate::extension::{Extension, ExtensionKind, ExtensionNumber};
use crate::objects::{Destination, TenantObject};
use crate::values::ObjectKind;

/// One voicemail box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    /// The box number (the extension's).
    pub number: ExtensionNumber,
    /// Digits asked for before the box plays messages (empty: none).
    pub pin: String,
    /// The owner's name (the extension's name).
    pub name: String,
    /// Where new messages are mailed (empty: not mailed).
    pub email: String,
}

/// True when calls to extensions of `kind` may end in its own box.
pub fn has_own_box(kind: ExtensionKind) -> bool {
    matches!(
        kind,
        ExtensionKind::Sip | ExtensionKind::Pjsip | ExtensionKind::Virtual
    )
}

/// The tenant's boxes, in extension order: every phone and virtual
/// extension, and every extension a `vm:` destination object names.
pub fn mailboxes(extensions: &[Extension], objects: &[TenantObject]) -> Vec<Mailbox> {
    let named: Vec<ExtensionNumber> = objects
        .iter()
        .filter(|o| o.kind == ObjectKind::Destination)
        .filter_map(|o| match Destination::parse(&o.value) {
            Ok(Destination::Voicemail(n)) => Some(n),
            _ => None,
        })
        .collect();
    let mut out: Vec<Mailbox> = extensions
        .iter()
        .filter(|e| has_own_box(e.kind) || named.contains(&e.number))
        .map(|e| {
            let info = &e.settings.information;
            Mailbox {
                number: e.number.clone(),
                pin: info.voicemail_pin.as_str().to_owned(),
                name: e.name.as_str().to_owned(),
                email: info.voicemail_email.as_str().to_owned(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.number.as_str().len(), a.number.as_str())
            .cmp(&(b.number.as_str().len(), b.number.as_str()))
    });
    out
}

/// True when extension `number` of the tenant has a box.
pub fn has_box(
    number: &ExtensionNumber,
    extensions: &[Extension],
    objects: &[TenantObject],
) -> bool {
    mailboxes(extensions, objects)
        .iter()
        .any(|m| &m.number == number)
}
