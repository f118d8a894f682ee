//! One import row checked against the tenant and the stored extension: the
//! identity rules of the API (`extensions::build`: kind, number, name,
//! username pattern, secret rules) and then the row's setting cells.

use pbx_domain::{Extension, Tenant, ValidationErrors};
use pbx_interchange::{CellError, ImportRow, ReferenceNames, apply_settings_named};
use pbx_store::extensions::StoredExtension;

use crate::extensions::pjsip_guard::pjsip_changes;
use crate::extensions::{ExtensionInput, build};
use crate::{Actor, Permission};

/// What a valid row does.
pub(crate) enum Planned {
    /// A new extension.
    Create(Extension),
    /// A change of a stored extension.
    Update {
        current: Box<StoredExtension>,
        changed: Extension,
    },
    /// The row repeats what is stored.
    Unchanged(Extension),
}

impl Planned {
    /// The extension as it is after the row.
    pub(crate) fn extension(&self) -> &Extension {
        match self {
            Planned::Create(e) | Planned::Unchanged(e) => e,
            Planned::Update { changed, .. } => changed,
        }
    }
}

/// The row as the input of `build`: identity fields only (settings are
/// applied with the import rules, which differ from the form's).
fn input_of(row: &ImportRow) -> ExtensionInput {
    ExtensionInput {
        kind: row.kind.map(|k| k.as_str().to_owned()),
        number: Some(row.number.to_string()),
        name: row.name.as_ref().map(ToString::to_string),
        description: row.description.as_ref().map(ToString::to_string),
        username: row.username.as_ref().map(ToString::to_string),
        secret: row.secret.clone(),
        ..Default::default()
    }
}

/// Field errors of `build` as cell errors: a setting path names its key.
fn cell_errors(line: usize, errors: ValidationErrors) -> impl Iterator<Item = CellError> {
    errors.0.into_iter().map(move |e| {
        let column = match e.field.strip_prefix("settings.") {
            Some(path) => path.rsplit('.').next().unwrap_or(path).to_owned(),
            None => e.field,
        };
        CellError::new(line, column, e.message)
    })
}

/// Plans one row; its problems are appended to `errors`. `scratch` is a
/// copy of `tenant` whose defaults are replaced per new extension.
pub(crate) fn plan(
    tenant: &Tenant,
    scratch: &mut Tenant,
    current: Option<&StoredExtension>,
    row: &ImportRow,
    actor: &Actor,
    names: &ReferenceNames,
    errors: &mut Vec<CellError>,
) -> Option<Planned> {
    let before = errors.len();
    let input = input_of(row);
    let planned = match current {
        Some(current) => {
            let stored_kind = current.extension.kind;
            if row.kind.is_some_and(|kind| kind != stored_kind) {
                errors.push(CellError::new(
                    row.line,
                    "kind",
                    format!("number already taken by a {stored_kind} extension"),
                ));
                return None;
            }
            let mut base = current.extension.clone();
            errors.extend(apply_settings_named(
                row,
                stored_kind,
                &mut base.settings,
                names,
            ));
            match build(tenant, Some(&base), &input, actor) {
                Ok(changed) if changed == current.extension => Planned::Unchanged(changed),
                Ok(changed) => Planned::Update {
                    current: Box::new(current.clone()),
                    changed,
                },
                Err(invalid) => {
                    errors.extend(cell_errors(row.line, invalid));
                    return None;
                }
            }
        }
        None => {
            if !(actor.may(Permission::CreateExtensions) && actor.may(Permission::BulkCreate)) {
                errors.push(CellError::new(
                    row.line,
                    "number",
                    "creating extensions by import needs the create_extensions and bulk_create permissions",
                ));
                return None;
            }
            let Some(kind) = row.kind else {
                errors.push(CellError::new(
                    row.line,
                    "kind",
                    "is required to create an extension (sip, pjsip, custom or virtual)",
                ));
                return None;
            };
            let mut settings = tenant.defaults.clone();
            errors.extend(apply_settings_named(row, kind, &mut settings, names));
            scratch.defaults = settings;
            match build(scratch, None, &input, actor) {
                Ok(created) => Planned::Create(Extension {
                    version: 1,
                    ..created
                }),
                Err(invalid) => {
                    errors.extend(cell_errors(row.line, invalid));
                    return None;
                }
            }
        }
    };
    if !actor.may(Permission::EditPjsip) {
        let before_settings = match current {
            Some(current) => &current.extension.settings,
            None => &tenant.defaults,
        };
        for key in pjsip_changes(before_settings, &planned.extension().settings) {
            errors.push(CellError::new(
                row.line,
                key,
                "changing it needs the edit_pjsip permission",
            ));
        }
    }
    (errors.len() == before).then_some(planned)
}
