//! Fast provisioning: the QR code of the list's Action column carries a
//! short-lived link from which a softphone downloads its SIP account
//! (`GET /provision/{token}`, a Linphone remote-provisioning document).
//!
//! The link gives away the extension's secret, so issuing one needs the
//! `show_passwords` permission and is audited, as is every download; only
//! a digest of the token is stored, and it works for ten minutes.

mod linphone;

pub use linphone::{Account, config};

use pbx_domain::values::SipTransport;
use pbx_store::{audit, extensions, provisioning, tenants};
use serde_json::json;

use crate::auth::{digest, random_hex};
use crate::error::OrMissing;
use crate::{Actor, Permission, Service, ServiceError};

/// How long a provisioning link works.
pub const LINK_LIFETIME_SECS: i64 = 600;

/// A provisioning link: its token (the last path segment) and expiry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub token: String,
    pub expires_at: i64,
}

impl Link {
    /// The link's path on this server.
    pub fn path(&self) -> String {
        format!("/provision/{}", self.token)
    }
}

impl Service {
    /// Whether the actor may set phones of tenant `code` up by QR code:
    /// the tenant has a SIP domain and the actor may see secrets.
    pub fn may_provision(&self, actor: &Actor, tenant: &pbx_domain::Tenant) -> bool {
        tenant.sip_domain.is_some() && actor.may(Permission::ShowPasswords)
    }

    /// Issues a provisioning link for phone extension `number`.
    pub async fn issue_provisioning(
        &self,
        actor: &Actor,
        code: &str,
        number: &str,
    ) -> Result<Link, ServiceError> {
        let (tenant, stored) = self.get_extension(actor, code, number).await?;
        actor.require(Permission::ShowPasswords)?;
        if tenant.tenant.sip_domain.is_none() {
            return Err(ServiceError::invalid(
                "sip_domain",
                "the tenant has no SIP domain: set one to offer fast provisioning",
            ));
        }
        if !stored.extension.kind.is_phone() || stored.extension.secret.is_none() {
            return Err(ServiceError::invalid(
                "number",
                "only SIP and PJSIP extensions register phones",
            ));
        }
        let link = Link {
            token: random_hex(24),
            expires_at: pbx_store::now() + LINK_LIFETIME_SECS,
        };
        let mut tx = self.store().begin().await?;
        provisioning::purge_expired(&mut tx).await?;
        provisioning::insert(
            &mut tx,
            &digest(&link.token),
            tenant.id,
            number,
            &actor.username,
            link.expires_at,
        )
        .await?;
        let changes = json!({"expires_at": link.expires_at});
        crate::audit::record(&mut tx, actor, code, number, "provisioning_link", &changes).await?;
        pbx_store::commit(tx).await?;
        Ok(link)
    }

    /// The provisioning document a link grants, while it works. Each
    /// download is audited in the name of who issued the link.
    pub async fn provisioning_document(&self, token: &str) -> Result<String, ServiceError> {
        let gone = || ServiceError::not_found("provisioning link");
        let mut tx = self.store().begin().await?;
        let grant = provisioning::find(&mut tx, &digest(token))
            .await?
            .ok_or_else(gone)?;
        let tenant = tenants::by_id(&mut tx, grant.tenant_id).await?.tenant;
        let stored = extensions::by_number(&mut tx, grant.tenant_id, &grant.number)
            .await
            .or_missing(gone)?;
        let e = &stored.extension;
        let (Some(server), Some(username), Some(secret)) =
            (&tenant.sip_domain, &e.username, &e.secret)
        else {
            return Err(gone());
        };
        let transport = match e.settings.security.transport {
            SipTransport::Tcp => "tcp",
            SipTransport::Tls => "tls",
            _ => "udp",
        };
        let document = config(&Account {
            display_name: e.name.as_str(),
            username: username.as_str(),
            password: secret.expose(),
            server,
            transport,
        });
        audit::append(
            &mut tx,
            &grant.created_by,
            "provisioning",
            tenant.code.as_str(),
            &grant.number,
            "provisioned",
            &json!({}),
        )
        .await?;
        pbx_store::commit(tx).await?;
        Ok(document)
    }
}
