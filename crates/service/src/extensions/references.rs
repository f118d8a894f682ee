//! Checks that every reference in a settings document points at a real
//! object or extension of the same tenant.

use pbx_domain::{Extension, ExtensionKind, Settings, ValidationErrors};
use pbx_store::{Connection, extensions, objects};

use crate::ServiceError;

/// Field errors for references to missing objects, objects of another
/// kind, or virtual members that are missing, virtual or the extension itself.
pub async fn check(
    conn: &mut Connection,
    tenant_id: i64,
    extension: &Extension,
) -> Result<ValidationErrors, ServiceError> {
    let mut errors = ValidationErrors::new();
    for (key, kind, id) in extension.settings.references() {
        match objects::get(conn, tenant_id, id).await {
            Ok(object) if object.kind == kind => {}
            Ok(_) | Err(pbx_store::StoreError::NotFound) => errors.push(
                Settings::path_of(key),
                format!(
                    "no {} with id {id} in this tenant",
                    kind.label().to_lowercase()
                ),
            ),
            Err(other) => return Err(other.into()),
        }
    }
    let members = &extension.settings.information.virtual_members.0;
    if extension.kind == ExtensionKind::Virtual && !members.is_empty() {
        let numbers: Vec<String> = members.iter().map(ToString::to_string).collect();
        let found = extensions::by_numbers(conn, tenant_id, &numbers).await?;
        for member in members {
            let path = Settings::path_of("virtual_members");
            match found.iter().find(|f| f.extension.number == *member) {
                _ if *member == extension.number => {
                    errors.push(path, "a virtual extension cannot contain itself")
                }
                None => errors.push(
                    path,
                    format!("extension {member} does not exist in this tenant"),
                ),
                Some(f) if f.extension.kind == ExtensionKind::Virtual => errors.push(
                    path,
                    format!("extension {member} is virtual; members must be real extensions"),
                ),
                Some(_) => {}
            }
        }
    }
    Ok(errors)
}
