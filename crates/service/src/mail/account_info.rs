//! "Send account information": saving a phone extension with the setting
//! on queues a mail to its user email with the SIP account (server,
//! username, secret), the user-panel login name and, when the tenant
//! offers fast provisioning and the mail settings name the public address,
//! a provisioning link. The secret goes only into the (sealed) mail body.
//!
//! Nothing is queued without a user email (the save still succeeds), and
//! nothing when the administrator saving may not see passwords: mailing a
//! secret to an address of one's choice is seeing it.

use pbx_domain::Extension;
use pbx_store::tenants::StoredTenant;
use serde_json::json;

use super::message::{Mail, Recipient};
use super::queue::queue_within;
use super::settings::effective_for;
use super::templates::AccountInfo;
use crate::auth::{digest, random_hex};
use crate::{Actor, Permission, Service, ServiceError};

/// How long a mailed provisioning link works (the mail already holds the
/// secret, so a longer life gives nothing more away).
pub const MAILED_LINK_LIFETIME_SECS: i64 = 24 * 3600;

/// Why no account mail was queued on a save with the setting on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotQueued {
    NoUserEmail,
    NoPermission,
}

impl Service {
    /// Queues the account mail of `extension` inside the save's
    /// transaction when its setting is on; `Ok(None)` when the setting is
    /// off or the extension has no phone account.
    pub(crate) async fn queue_account_info_within(
        &self,
        tx: &mut pbx_store::Connection,
        actor: &Actor,
        tenant: &StoredTenant,
        extension: &Extension,
    ) -> Result<Option<Result<i64, NotQueued>>, ServiceError> {
        let web = &extension.settings.web_user;
        let (Some(username), Some(secret)) = (&extension.username, &extension.secret) else {
            return Ok(None);
        };
        if !web.send_account_info || !extension.kind.is_phone() {
            return Ok(None);
        }
        let code = tenant.tenant.code.as_str();
        let number = extension.number.as_str();
        if web.user_email.is_empty() {
            tracing::info!(
                tenant = code,
                number,
                "account information not mailed: no user email"
            );
            return Ok(Some(Err(NotQueued::NoUserEmail)));
        }
        if !actor.may(Permission::ShowPasswords) {
            tracing::info!(tenant = code, number, actor = %actor.username,
                "account information not mailed: the show_passwords permission is required");
            return Ok(Some(Err(NotQueued::NoPermission)));
        }
        let to = Recipient::parse(web.user_email.as_str())
            .map_err(|m| ServiceError::invalid("settings.web_user.user_email", m))?;
        let server = effective_for(&mut *tx, Some(tenant.id)).await?;
        let public_url = server.and_then(|s| s.public_url);
        let provisioning_link = match (&tenant.tenant.sip_domain, public_url) {
            (Some(_), Some(base)) => {
                let token = random_hex(24);
                let expires_at = pbx_store::now() + MAILED_LINK_LIFETIME_SECS;
                pbx_store::provisioning::insert(
                    &mut *tx,
                    &digest(&token),
                    tenant.id,
                    number,
                    &actor.username,
                    expires_at,
                )
                .await?;
                Some(format!("{base}/provision/{token}"))
            }
            _ => None,
        };
        let web_login = web.user_panel.then(|| {
            if web.web_user.is_empty() {
                username.as_str().to_owned()
            } else {
                web.web_user.as_str().to_owned()
            }
        });
        let info = AccountInfo {
            tenant: tenant.tenant.name.as_str().to_owned(),
            number: number.to_owned(),
            name: if extension.name.as_str().is_empty() {
                number.to_owned()
            } else {
                extension.name.as_str().to_owned()
            },
            server: tenant
                .tenant
                .sip_domain
                .clone()
                .unwrap_or_else(|| "(ask your administrator for the server address)".into()),
            sip_username: username.as_str().to_owned(),
            sip_secret: secret.expose().to_owned(),
            web_login,
            provisioning_link,
        };
        let mail = Mail::account_info(to, &info)?;
        let id = queue_within(&mut *tx, Some(tenant.id), &mail).await?;
        let changes = json!({"mail": id, "to": web.user_email.as_str()});
        crate::audit::record(
            &mut *tx,
            actor,
            code,
            number,
            "account_info_mailed",
            &changes,
        )
        .await?;
        Ok(Some(Ok(id)))
    }
}
