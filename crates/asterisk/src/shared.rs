//! Option values the PJSIP and chan_sip renderers compute the same way:
//! caller ID, mailbox, ACLs and references to tenant objects.

use pbx_domain::objects::TenantObject;
use pbx_domain::values::{CodecList, IpList, ObjectKind};
use pbx_domain::{Extension, Tenant};

/// The value of the tenant object `id` of `kind`, if it exists.
pub fn object_value(objects: &[TenantObject], kind: ObjectKind, id: Option<i64>) -> Option<&str> {
    let id = id?;
    objects
        .iter()
        .find(|o| o.id == id && o.kind == kind)
        .map(|o| o.value.as_str())
}

/// `"Name" <number>`: the outbound caller ID name (else the extension name)
/// without the quote, backslash and angle brackets that would change how Asterisk
/// splits name and number.
pub fn caller_id(extension: &Extension) -> String {
    let name = extension.settings.outbound.caller_id_name.as_str();
    let name = if name.is_empty() {
        extension.name.as_str()
    } else {
        name
    };
    let name: String = name.chars().filter(|c| !"\"<>\\".contains(*c)).collect();
    format!("\"{}\" <{}>", name.trim(), extension.number)
}

/// The extension's voicemail box, `<number>@<TENANT>`.
pub fn mailbox(tenant: &Tenant, extension: &Extension) -> String {
    format!("{}@{}", extension.number, tenant.code)
}

/// `deny` and `permit` values for an allow list (empty list: no ACL).
pub fn acl(list: &IpList) -> Option<(String, String)> {
    if list.0.is_empty() {
        return None;
    }
    let permit = list
        .0
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",");
    Some(("0.0.0.0/0.0.0.0,::/0".to_owned(), permit))
}

/// The channel variable every phone carries so the dialplan knows which
/// extension placed a call: `PBX_EXT=<number>`.
pub fn caller_var(extension: &Extension) -> String {
    format!("PBX_EXT={}", extension.number)
}

/// Sorts extensions by number (numerically, then as text).
pub fn sorted(extensions: &[Extension]) -> Vec<&Extension> {
    let mut list: Vec<&Extension> = extensions.iter().collect();
    list.sort_by(|a, b| {
        (a.number.as_str().len(), a.number.as_str())
            .cmp(&(b.number.as_str().len(), b.number.as_str()))
    });
    list
}

/// Allowed codecs in order, e.g. `ulaw,alaw,g722`.
pub fn codecs(list: &CodecList) -> String {
    list.0
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(",")
}
