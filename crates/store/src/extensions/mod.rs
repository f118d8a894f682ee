//! Extensions: rows, the list query, writes with optimistic versions, and
//! the reference index used to tell what refers to an extension or object.

mod list;
mod read;
mod refs;
mod sparse;
mod write;

pub use list::{ColumnFilters, ListQuery, SortColumn, count, list, matching_numbers};
pub use read::{
    all_of_tenant, by_number, by_numbers, by_username, numbers_of_tenant, owners_of_usernames,
    owners_of_usernames_folded,
};
pub use refs::{Referrer, referrers_of_extension, referrers_of_object};
pub use sparse::{settings_from_json, settings_to_json};
pub use write::{NewRow, delete, insert, insert_many, seal_plaintext_secrets, update};

use pbx_domain::extension::ListFlags;
use pbx_domain::values::ShortText;
use pbx_domain::{Extension, ExtensionKind, ExtensionNumber, Secret, SipUsername};
use sqlx::Row;

use crate::StoreError;

/// A stored extension with its row ids.
#[derive(Debug, Clone)]
pub struct StoredExtension {
    pub id: i64,
    pub tenant_id: i64,
    pub extension: Extension,
}

/// What the list page shows of an extension; read without parsing settings.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ExtensionSummary {
    pub number: String,
    pub kind: ExtensionKind,
    pub name: String,
    pub description: String,
    pub username: Option<String>,
    pub secret: Option<String>,
    pub flags: ListFlags,
    pub version: i64,
    /// Whether the extension is locked (its external calls refused); set
    /// by the service from the tenant's locks.
    pub locked: bool,
}

pub(crate) const COLUMNS: &str =
    "id, tenant_id, number, kind, name, description, username, secret, settings, version";

pub(crate) fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredExtension, StoreError> {
    let corrupt = |what: &str, e: String| StoreError::Corrupt(format!("extension {what}: {e}"));
    let number: String = row.try_get("number")?;
    let username: Option<String> = row.try_get("username")?;
    let secret: Option<String> = row.try_get("secret")?;
    let settings: String = row.try_get("settings")?;
    Ok(StoredExtension {
        id: row.try_get("id")?,
        tenant_id: row.try_get("tenant_id")?,
        extension: Extension {
            number: ExtensionNumber::parse(&number).map_err(|e| corrupt("number", e))?,
            kind: ExtensionKind::parse(&row.try_get::<String, _>("kind")?)
                .map_err(|e| corrupt("kind", e))?,
            name: ShortText::parse(&row.try_get::<String, _>("name")?)
                .map_err(|e| corrupt("name", e))?,
            description: ShortText::parse(&row.try_get::<String, _>("description")?)
                .map_err(|e| corrupt("description", e))?,
            username: username
                .map(|u| SipUsername::parse(&u))
                .transpose()
                .map_err(|e| corrupt("username", e))?,
            secret: secret
                .map(|s| crate::secrets::open(&s))
                .transpose()?
                .map(Secret::from_stored),
            settings: settings_from_json(&settings)?,
            version: row.try_get("version")?,
        },
    })
}

/// Lower-cased text the list search matches against.
pub(crate) fn search_text(e: &Extension) -> String {
    let username = e.username.as_ref().map_or("", SipUsername::as_str);
    format!(
        "{} {} {} {} {}",
        e.number,
        e.name,
        e.description,
        username,
        e.kind.tech()
    )
    .to_lowercase()
}
