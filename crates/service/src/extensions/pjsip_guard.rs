//! The settings of the PJSIP Endpoint and AOR sections need the
//! `edit_pjsip` permission on every path that writes them (the pages, the
//! general create and change, imports), checked per setting: a change that
//! leaves them as they were needs nothing. (The few main-form settings the
//! endpoint page also shows, such as `direct_media`, stay open to everyone
//! who may edit the extension.)

use pbx_domain::Settings;
use pbx_domain::catalogue::{Page, sections};

use crate::{Actor, Permission, ServiceError};

/// The PJSIP Endpoint and AOR settings whose value differs between
/// `before` and `after`, in catalogue order.
pub(crate) fn pjsip_changes(before: &Settings, after: &Settings) -> Vec<&'static str> {
    before
        .changes(after)
        .into_iter()
        .map(|c| c.key)
        .filter(|key| is_pjsip_setting(key))
        .collect()
}

/// True when `key` belongs to the PJSIP Endpoint or AOR section.
fn is_pjsip_setting(key: &str) -> bool {
    sections()
        .iter()
        .filter(|s| matches!(s.page, Page::PjsipEndpoint | Page::PjsipAor))
        .any(|s| s.fields.iter().any(|f| f.key == key))
}

/// `Forbidden` when `actor` lacks `edit_pjsip` and the change touches a
/// PJSIP Endpoint or AOR setting.
pub(crate) fn require_pjsip_edit(
    actor: &Actor,
    before: &Settings,
    after: &Settings,
) -> Result<(), ServiceError> {
    if actor.may(Permission::EditPjsip) {
        return Ok(());
    }
    let changed = pjsip_changes(before, after);
    if changed.is_empty() {
        return Ok(());
    }
    Err(ServiceError::Forbidden(format!(
        "the edit_pjsip permission is required to change {}",
        changed.join(", ")
    )))
}
