//! The SMTP server settings of the system (super administrators) and of a
//! tenant (its tenant administrators, or super administrators); a tenant
//! without its own uses the system's. The password is write-only: answers
//! say only whether one is set.

use pbx_domain::ValidationErrors;
use pbx_store::mail::settings::{self, MailSettingsRecord, Scope};
use serde_json::{Map, Value, json};

use super::message::Recipient;
use crate::{Actor, Service, ServiceError};

/// The fields a settings body may hold.
pub const FIELDS: [&str; 8] = [
    "host",
    "port",
    "security",
    "username",
    "password",
    "sender",
    "public_url",
    "version",
];

/// The connection security choices.
pub const SECURITY: [&str; 3] = ["none", "starttls", "tls"];

/// Where the settings in use come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effective {
    /// `tenant`, `system` or `none`.
    pub source: &'static str,
    /// The settings of the scope asked about (`None` when it has none).
    pub own: Option<MailSettingsRecord>,
}

/// The JSON of a scope's settings (never the password).
pub fn settings_json(effective: &Effective) -> Value {
    let own = effective.own.as_ref().map(|s| {
        json!({
            "host": s.host,
            "port": s.port,
            "security": s.security,
            "username": s.username,
            "password_set": s.password.is_some(),
            "sender": s.sender,
            "public_url": s.public_url,
            "version": s.version,
        })
    });
    json!({"source": effective.source, "settings": own})
}

fn host(raw: &str) -> Result<String, String> {
    let ok = !raw.is_empty()
        && raw.len() <= 253
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c));
    if ok {
        Ok(raw.to_owned())
    } else {
        Err("must be a host name or IP address".into())
    }
}

fn one_line(raw: &str, max: usize) -> Result<String, String> {
    if raw.chars().any(char::is_control) || raw.len() > max {
        Err(format!("must be one line of at most {max} characters"))
    } else {
        Ok(raw.to_owned())
    }
}

fn public_url(raw: &str) -> Result<String, String> {
    let rest = raw
        .strip_prefix("https://")
        .or_else(|| raw.strip_prefix("http://"));
    match rest {
        Some(rest) if !rest.is_empty() && one_line(raw, 300).is_ok() && !raw.contains(' ') => {
            Ok(raw.trim_end_matches('/').to_owned())
        }
        _ => Err("must be an http:// or https:// address".into()),
    }
}

/// Reads a settings body over `current` (the stored settings, kept where
/// the body says nothing about the password); errors per field.
pub(crate) fn parse(
    body: &Value,
    current: Option<&MailSettingsRecord>,
) -> Result<(MailSettingsRecord, Option<i64>), ValidationErrors> {
    let empty = Map::new();
    let object = body.as_object().unwrap_or(&empty);
    let mut errors = ValidationErrors::new();
    errors.reject_unknown(object, &FIELDS);
    let text = |key: &str| -> Option<Result<String, String>> {
        match object.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.is_empty() => None,
            Some(Value::String(s)) => Some(Ok(s.clone())),
            Some(_) => Some(Err("must be a string".into())),
        }
    };
    let required = |key: &str| text(key).unwrap_or_else(|| Err("is required".into()));
    let host = errors.check("host", required("host").and_then(|h| host(&h)));
    let security = errors.check(
        "security",
        required("security").and_then(|s| {
            if SECURITY.contains(&s.as_str()) {
                Ok(s)
            } else {
                Err("must be none, starttls or tls".into())
            }
        }),
    );
    let default_port = match security.as_deref() {
        Some("tls") => 465,
        Some("starttls") => 587,
        _ => 25,
    };
    let port = match object.get("port") {
        None | Some(Value::Null) => Some(default_port),
        Some(value) => errors.check(
            "port",
            value
                .as_u64()
                .and_then(|p| u16::try_from(p).ok())
                .filter(|p| *p > 0)
                .ok_or_else(|| "must be a port number from 1 to 65535".into()),
        ),
    };
    let sender = errors.check(
        "sender",
        required("sender").and_then(|s| Recipient::parse(&s).map(|r| r.to_string())),
    );
    let username = text("username")
        .map(|u| errors.check("username", u.and_then(|u| one_line(&u, 200))))
        .unwrap_or_default();
    let password = match object.get("password") {
        None => current.and_then(|c| c.password.clone()),
        Some(Value::Null) => None,
        Some(_) => text("password")
            .map(|p| errors.check("password", p.and_then(|p| one_line(&p, 200))))
            .unwrap_or_default(),
    };
    let public_url = text("public_url")
        .map(|u| errors.check("public_url", u.and_then(|u| public_url(&u))))
        .unwrap_or_default();
    let version = match object.get("version") {
        None | Some(Value::Null) => None,
        Some(v) => errors.check(
            "version",
            v.as_i64().ok_or_else(|| "must be an integer".into()),
        ),
    };
    if password.is_some() && username.is_none() {
        errors.push("username", "is required with a password");
    }
    errors.into_result()?;
    let record = MailSettingsRecord {
        host: host.unwrap_or_default(),
        port: port.unwrap_or(default_port),
        security: security.unwrap_or_default(),
        username,
        password,
        sender: sender.unwrap_or_default(),
        public_url,
        version: 0,
    };
    Ok((record, version))
}

impl Service {
    /// The store scope of `tenant` (`None`: the system), once the actor
    /// may manage its mail.
    pub(crate) async fn mail_scope(
        &self,
        actor: &Actor,
        tenant: Option<&str>,
    ) -> Result<Scope, ServiceError> {
        actor.require_mail(tenant)?;
        match tenant {
            None => Ok(Scope::System),
            Some(code) => Ok(Scope::Tenant(self.reachable_tenant(actor, code).await?.id)),
        }
    }

    /// The settings of the system (`tenant` `None`) or of a tenant, and
    /// where the settings in use come from.
    pub async fn mail_settings(
        &self,
        actor: &Actor,
        tenant: Option<&str>,
    ) -> Result<Effective, ServiceError> {
        let scope = self.mail_scope(actor, tenant).await?;
        let mut conn = self.store().conn().await?;
        let own = settings::get(&mut conn, scope).await?;
        let source = if own.is_some() {
            if tenant.is_some() { "tenant" } else { "system" }
        } else if tenant.is_some() && settings::get(&mut conn, Scope::System).await?.is_some() {
            "system"
        } else {
            "none"
        };
        Ok(Effective { source, own })
    }

    /// Replaces the settings of the system or of a tenant (the password
    /// is kept unless the body sends one, or `null` to remove it).
    pub async fn put_mail_settings(
        &self,
        actor: &Actor,
        tenant: Option<&str>,
        body: &Value,
    ) -> Result<Effective, ServiceError> {
        let scope = self.mail_scope(actor, tenant).await?;
        let mut tx = self.store().begin().await?;
        let current = settings::get(&mut tx, scope).await?;
        let (record, version) = parse(body, current.as_ref())?;
        settings::put(&mut tx, scope, &record, version).await?;
        let changes = json!({"host": record.host, "port": record.port, "security": record.security,
            "sender": record.sender, "password_set": record.password.is_some()});
        crate::audit::record(
            &mut tx,
            actor,
            tenant.unwrap_or(""),
            "",
            "mail_settings",
            &changes,
        )
        .await?;
        pbx_store::commit(tx).await?;
        tracing::info!(tenant = tenant.unwrap_or("(system)"), actor = %actor.username, "mail settings changed");
        self.mail_settings(actor, tenant).await
    }

    /// Removes a tenant's own settings: it uses the system's again.
    pub async fn delete_mail_settings(
        &self,
        actor: &Actor,
        tenant: &str,
    ) -> Result<Effective, ServiceError> {
        let scope = self.mail_scope(actor, Some(tenant)).await?;
        let mut tx = self.store().begin().await?;
        if settings::delete(&mut tx, scope).await? {
            crate::audit::record(
                &mut tx,
                actor,
                tenant,
                "",
                "mail_settings",
                &json!({"removed": true}),
            )
            .await?;
        }
        pbx_store::commit(tx).await?;
        self.mail_settings(actor, Some(tenant)).await
    }
}

/// The settings a mail of `tenant_id` is sent with: the tenant's own, or
/// the system's.
pub(crate) async fn effective_for(
    conn: &mut pbx_store::Connection,
    tenant_id: Option<i64>,
) -> Result<Option<MailSettingsRecord>, ServiceError> {
    if let Some(id) = tenant_id
        && let Some(own) = settings::get(&mut *conn, Scope::Tenant(id)).await?
    {
        return Ok(Some(own));
    }
    Ok(settings::get(conn, Scope::System).await?)
}

/// The address pbx's pages are reached at, as the settings a mail of
/// `tenant_id` is sent with say (links in mails start with it).
pub(crate) async fn public_url_for(
    conn: &mut pbx_store::Connection,
    tenant_id: i64,
) -> Result<Option<String>, ServiceError> {
    Ok(effective_for(conn, Some(tenant_id))
        .await?
        .and_then(|s| s.public_url))
}

impl Service {
    /// The sender address of the server a tenant's mail goes through (its
    /// own, else the system's): where its administrators read pbx's mail.
    pub(crate) async fn tenant_sender(&self, tenant_id: i64) -> Option<Recipient> {
        let mut conn = self.store().conn().await.ok()?;
        let settings = effective_for(&mut conn, Some(tenant_id)).await.ok()??;
        Recipient::parse(&settings.sender).ok()
    }
}
