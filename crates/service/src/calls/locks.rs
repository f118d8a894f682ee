//! Locking an extension: its next external call is refused on every node
//! (the call-control check reads the lock) and its running external calls
//! are hung up over each node's manager interface, until an administrator
//! unlocks it. Both are audited.

use std::time::Duration;

use pbx_asterisk::ami::{Action, AmiClient};
use pbx_store::locks::{self, Lock};
use pbx_store::{calls, nodes, now};
use serde_json::json;

use crate::nodes::settings_of;
use crate::{Actor, Service, ServiceError};

/// How long reaching one node's manager may take when hanging up.
const AMI_LIMIT: Duration = Duration::from_secs(5);

/// Who locks an extension when an abuse rule trips.
pub(crate) const ABUSE_DETECTION: &str = "abuse detection";

impl Service {
    /// The lock of an extension, if it is locked.
    pub async fn extension_lock(
        &self,
        actor: &Actor,
        code: &str,
        number: &str,
    ) -> Result<Option<Lock>, ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        actor.require_extension(code, number)?;
        let mut conn = self.store().conn().await?;
        Ok(locks::of_extension(&mut conn, tenant.id, number).await?)
    }

    /// Every lock of a tenant the actor may see (the list's icons).
    pub async fn tenant_locks(&self, actor: &Actor, code: &str) -> Result<Vec<Lock>, ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        let mut conn = self.store().conn().await?;
        let mut all = locks::of_tenant(&mut conn, tenant.id).await?;
        if let Some(visible) = actor.visible_numbers(code) {
            all.retain(|l| visible.contains(&l.number));
        }
        Ok(all)
    }

    /// Locks an extension and hangs up its running external calls; how
    /// many calls were hung up.
    pub async fn lock_extension(
        &self,
        actor: &Actor,
        code: &str,
        number: &str,
        reason: &str,
    ) -> Result<usize, ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        actor.require_extension(code, number)?;
        let reason = reason.trim();
        if reason.chars().count() > 200 || reason.chars().any(char::is_control) {
            return Err(ServiceError::invalid(
                "reason",
                "must be one line of at most 200 characters",
            ));
        }
        let mut tx = self.store().begin().await?;
        pbx_store::extensions::by_number(&mut tx, tenant.id, number)
            .await
            .map_err(|_| ServiceError::not_found(format!("extension {number}")))?;
        let reason = if reason.is_empty() {
            "locked by an administrator"
        } else {
            reason
        };
        if locks::lock(&mut tx, tenant.id, number, reason, &actor.username).await? {
            crate::audit::record(
                &mut tx,
                actor,
                code,
                number,
                "lock",
                &json!({"reason": reason}),
            )
            .await?;
        }
        pbx_store::commit(tx).await?;
        tracing::info!(tenant = %code, extension = %number, actor = %actor.username, "extension locked");
        Ok(self.hang_up_running(tenant.id, number).await)
    }

    /// Unlocks an extension; false when it was not locked.
    pub async fn unlock_extension(
        &self,
        actor: &Actor,
        code: &str,
        number: &str,
    ) -> Result<bool, ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        actor.require_extension(code, number)?;
        let mut tx = self.store().begin().await?;
        let was = locks::unlock(&mut tx, tenant.id, number).await?;
        if was {
            crate::audit::record(&mut tx, actor, code, number, "unlock", &json!({})).await?;
        }
        pbx_store::commit(tx).await?;
        Ok(was)
    }

    /// Hangs up the extension's running external calls (those the
    /// call-control check let through) on their nodes; how many.
    pub(crate) async fn hang_up_running(&self, tenant_id: i64, number: &str) -> usize {
        let running = match self.store().conn().await {
            Ok(mut conn) => calls::running_channels(&mut conn, tenant_id, number, now())
                .await
                .unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        let mut hung_up = 0;
        for (node, channel) in running {
            let Ok(mut conn) = self.store().conn().await else {
                continue;
            };
            let Ok(stored) = nodes::by_name(&mut conn, &node).await else {
                continue;
            };
            drop(conn);
            let (settings, _) = settings_of(&stored.node);
            let Ok(mut ami) = AmiClient::connect(&settings.ami, AMI_LIMIT).await else {
                tracing::warn!(%node, "could not reach the node to hang up a locked extension's call");
                continue;
            };
            let hangup = Action::new("Hangup").header("Channel", &channel);
            // An ended channel answers an error: nothing to hang up there.
            if ami.send(&hangup).await.is_ok() {
                hung_up += 1;
            }
            let _ = ami.logoff().await;
        }
        hung_up
    }
}
