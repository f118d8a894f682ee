//! Checks that every reference in a settings document points at a real
//! object or extension of the same tenant.

use pbx_domain::values::ObjectKind;
use pbx_domain::{Extension, ExtensionKind, ExtensionNumber, Settings, ValidationErrors};
use pbx_store::{Connection, extensions, objects};

use crate::ServiceError;

/// Field errors for references to missing objects, objects of another
/// kind, or virtual members that are missing, virtual or the extension itself.
pub async fn check(
    conn: &mut Connection,
    tenant_id: i64,
    extension: &Extension,
) -> Result<ValidationErrors, ServiceError> {
    let mut object_kinds = Vec::new();
    for (_, _, id) in extension.settings.references() {
        match objects::get(conn, tenant_id, id).await {
            Ok(object) => object_kinds.push((id, object.kind)),
            Err(pbx_store::StoreError::NotFound) => {}
            Err(other) => return Err(other.into()),
        }
    }
    let members = &extension.settings.information.virtual_members.0;
    let mut member_kinds = Vec::new();
    if extension.kind == ExtensionKind::Virtual && !members.is_empty() {
        let numbers: Vec<String> = members.iter().map(ToString::to_string).collect();
        for found in extensions::by_numbers(conn, tenant_id, &numbers).await? {
            member_kinds.push((found.extension.number.to_string(), found.extension.kind));
        }
    }
    let mut errors = check_objects(extension, |id| {
        object_kinds.iter().find(|(i, _)| *i == id).map(|(_, k)| *k)
    });
    errors.extend(check_members(extension, members, |number| {
        member_kinds
            .iter()
            .find(|(n, _)| n == number)
            .map(|(_, k)| *k)
    }));
    Ok(errors)
}

/// Errors for references to objects `kind_of` does not know (by id) or
/// knows as another kind.
pub(crate) fn check_objects(
    extension: &Extension,
    kind_of: impl Fn(i64) -> Option<ObjectKind>,
) -> ValidationErrors {
    let mut errors = ValidationErrors::new();
    for (key, kind, id) in extension.settings.references() {
        if kind_of(id) != Some(kind) {
            errors.push(
                Settings::path_of(key),
                format!(
                    "no {} with id {id} in this tenant",
                    kind.label().to_lowercase()
                ),
            );
        }
    }
    errors
}

/// Errors for the `members` of a virtual `extension` that `kind_of` (by
/// number) does not know, that are virtual, or that are the extension itself.
pub(crate) fn check_members(
    extension: &Extension,
    members: &[ExtensionNumber],
    kind_of: impl Fn(&str) -> Option<ExtensionKind>,
) -> ValidationErrors {
    if extension.kind != ExtensionKind::Virtual {
        return ValidationErrors::new();
    }
    member_errors(&extension.number, members, kind_of)
}

/// [`check_members`] for a virtual extension known by its number only.
pub(crate) fn member_errors(
    number: &ExtensionNumber,
    members: &[ExtensionNumber],
    kind_of: impl Fn(&str) -> Option<ExtensionKind>,
) -> ValidationErrors {
    let mut errors = ValidationErrors::new();
    for member in members {
        let path = Settings::path_of("virtual_members");
        match kind_of(member.as_str()) {
            _ if member == number => errors.push(path, "a virtual extension cannot contain itself"),
            None => errors.push(
                path,
                format!("extension {member} does not exist in this tenant"),
            ),
            Some(ExtensionKind::Virtual) => errors.push(
                path,
                format!("extension {member} is virtual; members must be real extensions"),
            ),
            Some(_) => {}
        }
    }
    errors
}
