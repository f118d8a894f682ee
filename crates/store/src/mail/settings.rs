//! SMTP server settings of the system and of the tenants that have their
//! own. The password is sealed at rest (see [`crate::secrets`]); `Debug`
//! never shows it.

use sqlx::{AnyConnection, Row};

use crate::StoreError;

/// Whose settings a row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The system's server, used by tenants without their own.
    System,
    /// One tenant's own server (by tenant id).
    Tenant(i64),
}

impl Scope {
    fn key(self) -> String {
        match self {
            Scope::System => "system".to_owned(),
            Scope::Tenant(id) => format!("tenant:{id}"),
        }
    }

    fn tenant_id(self) -> Option<i64> {
        match self {
            Scope::System => None,
            Scope::Tenant(id) => Some(id),
        }
    }
}

/// One server's settings as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct MailSettingsRecord {
    pub host: String,
    pub port: u16,
    /// `none`, `starttls` or `tls`.
    pub security: String,
    pub username: Option<String>,
    pub password: Option<String>,
    /// The `From` address.
    pub sender: String,
    /// The address the web interface is reached at, for links in mails.
    pub public_url: Option<String>,
    pub version: i64,
}

impl std::fmt::Debug for MailSettingsRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettingsRecord")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<hidden>"))
            .field("sender", &self.sender)
            .field("public_url", &self.public_url)
            .field("version", &self.version)
            .finish()
    }
}

const COLUMNS: &str = "host, port, security, username, password, sender, public_url, version";

fn from_row(row: &sqlx::any::AnyRow) -> Result<MailSettingsRecord, StoreError> {
    let port: i64 = row.try_get("port")?;
    let password: Option<String> = row.try_get("password")?;
    Ok(MailSettingsRecord {
        host: row.try_get("host")?,
        port: u16::try_from(port)
            .map_err(|_| StoreError::Corrupt(format!("mail server port {port}")))?,
        security: row.try_get("security")?,
        username: row.try_get("username")?,
        password: password.map(|p| crate::secrets::open(&p)).transpose()?,
        sender: row.try_get("sender")?,
        public_url: row.try_get("public_url")?,
        version: row.try_get("version")?,
    })
}

/// The settings stored for `scope`, if any.
pub async fn get(
    conn: &mut AnyConnection,
    scope: Scope,
) -> Result<Option<MailSettingsRecord>, StoreError> {
    let row = sqlx::query(sql!("SELECT {COLUMNS} FROM mail_settings WHERE scope = $1"))
        .bind(scope.key())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Stores the settings of `scope`. With `expected` the stored version must
/// still be that one (`StaleVersion` otherwise; 0: none stored yet).
pub async fn put(
    conn: &mut AnyConnection,
    scope: Scope,
    settings: &MailSettingsRecord,
    expected: Option<i64>,
) -> Result<MailSettingsRecord, StoreError> {
    let current = get(&mut *conn, scope).await?;
    let current_version = current.as_ref().map_or(0, |c| c.version);
    if expected.is_some_and(|v| v != current_version) {
        return Err(StoreError::StaleVersion);
    }
    let sealed = settings.password.as_deref().map(crate::secrets::seal);
    let row = sqlx::query(sql!(
        "INSERT INTO mail_settings (scope, tenant_id, host, port, security, username, password, \
         sender, public_url, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) \
         ON CONFLICT (scope) DO UPDATE SET host = $3, port = $4, security = $5, username = $6, \
         password = $7, sender = $8, public_url = $9, version = mail_settings.version + 1 \
         WHERE mail_settings.version = $10 RETURNING {COLUMNS}"
    ))
    .bind(scope.key())
    .bind(scope.tenant_id())
    .bind(&settings.host)
    .bind(i64::from(settings.port))
    .bind(&settings.security)
    .bind(settings.username.clone())
    .bind(sealed)
    .bind(&settings.sender)
    .bind(settings.public_url.clone())
    .bind(current_version)
    .fetch_optional(conn)
    .await?
    .ok_or(StoreError::StaleVersion)?;
    from_row(&row)
}

/// Removes the settings of `scope` (a tenant then uses the system's);
/// true when there were some.
pub async fn delete(conn: &mut AnyConnection, scope: Scope) -> Result<bool, StoreError> {
    let done = sqlx::query("DELETE FROM mail_settings WHERE scope = $1")
        .bind(scope.key())
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}
