//! Extension use cases: list, read, create, update, delete, bulk create,
//! bulk delete and chan_sip <-> PJSIP stack changes.

pub(crate) mod audit;
mod build;
mod bulk;
mod input;
mod json;
pub(crate) mod pjsip_guard;
pub(crate) mod references;
mod stack;
pub(crate) mod usernames;
mod write;

pub use build::build;
pub use bulk::{BulkCreate, BulkPreviewRow};
pub use input::ExtensionInput;
pub use json::{extension_json, summary_json};
pub use stack::StackChange;
pub use write::Scope;

use pbx_domain::ExtensionKind;
use pbx_store::extensions::{self, ExtensionSummary, ListQuery, StoredExtension};
use pbx_store::tenants::StoredTenant;

use crate::device_status::DeviceStatus;
use crate::error::OrMissing;
use crate::{Actor, Permission, Service, ServiceError};

/// One page of the extension list.
#[derive(Debug, Clone)]
pub struct ListPage {
    pub items: Vec<ExtensionSummary>,
    pub total: i64,
    /// Whether secrets are included (the actor may see passwords).
    pub secrets_visible: bool,
    /// The device state of each item, in the same order, when device
    /// states are followed (`None` for items without a device).
    pub statuses: Option<Vec<Option<DeviceStatus>>>,
}

impl Service {
    /// The tenant `code` if the actor may reach it.
    pub(crate) async fn reachable_tenant(
        &self,
        actor: &Actor,
        code: &str,
    ) -> Result<StoredTenant, ServiceError> {
        self.get_tenant(actor, code).await
    }

    /// A page of the tenant's extensions, as the actor may see them.
    pub async fn list_extensions(
        &self,
        actor: &Actor,
        code: &str,
        mut query: ListQuery,
    ) -> Result<ListPage, ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        query.only_numbers = actor.visible_numbers(code);
        let mut conn = self.store().conn().await?;
        let mut items = extensions::list(&mut conn, tenant.id, &query).await?;
        let total = extensions::count(&mut conn, tenant.id, &query).await?;
        let locked: std::collections::HashSet<String> =
            pbx_store::locks::of_tenant(&mut conn, tenant.id)
                .await?
                .into_iter()
                .map(|l| l.number)
                .collect();
        for item in &mut items {
            item.locked = locked.contains(&item.number);
        }
        let secrets_visible = actor.may(Permission::ShowPasswords);
        if !secrets_visible {
            for item in &mut items {
                item.secret = None;
            }
        }
        let statuses = self
            .statuses
            .as_ref()
            .map(|states| items.iter().map(|i| states.of_summary(i)).collect());
        Ok(ListPage {
            items,
            total,
            secrets_visible,
            statuses,
        })
    }

    /// The device state of each of `numbers` the actor may see (`None` for
    /// extensions without a device), or `None` when device states are not
    /// followed. At most 500 numbers.
    pub async fn device_states(
        &self,
        actor: &Actor,
        code: &str,
        numbers: &[String],
    ) -> Result<Option<Vec<(String, Option<DeviceStatus>)>>, ServiceError> {
        const MAX_NUMBERS: usize = 500;
        let tenant = self.reachable_tenant(actor, code).await?;
        if numbers.len() > MAX_NUMBERS {
            return Err(ServiceError::invalid(
                "numbers",
                format!("at most {MAX_NUMBERS} numbers at a time"),
            ));
        }
        let Some(states) = &self.statuses else {
            return Ok(None);
        };
        let mut wanted: Vec<String> = numbers.to_vec();
        if let Some(visible) = actor.visible_numbers(code) {
            wanted.retain(|n| visible.contains(n));
        }
        let query = ListQuery {
            limit: wanted.len() as i64,
            only_numbers: Some(wanted),
            ..ListQuery::default()
        };
        let mut conn = self.store().conn().await?;
        let items = extensions::list(&mut conn, tenant.id, &query).await?;
        Ok(Some(
            items
                .iter()
                .map(|i| (i.number.clone(), states.of_summary(i)))
                .collect(),
        ))
    }

    /// The secret of a phone extension, for who may see passwords; each
    /// reveal is audited. `None` for custom and virtual extensions.
    pub async fn reveal_secret(
        &self,
        actor: &Actor,
        code: &str,
        number: &str,
    ) -> Result<Option<String>, ServiceError> {
        let (_, stored) = self.get_extension(actor, code, number).await?;
        actor.require(Permission::ShowPasswords)?;
        let Some(secret) = stored
            .extension
            .secret
            .filter(|_| stored.extension.kind.is_phone())
        else {
            return Ok(None);
        };
        self.record_secret_shown(actor, code, number).await?;
        Ok(Some(secret.expose().to_owned()))
    }

    /// One extension the actor may see.
    pub async fn get_extension(
        &self,
        actor: &Actor,
        code: &str,
        number: &str,
    ) -> Result<(StoredTenant, StoredExtension), ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        actor.require_extension(code, number)?;
        let mut conn = self.store().conn().await?;
        let stored = extensions::by_number(&mut conn, tenant.id, number)
            .await
            .or_missing(|| ServiceError::not_found(format!("extension {number}")))?;
        Ok((tenant, stored))
    }

    /// Every extension of the tenant the actor may see (exports, rendering).
    pub async fn all_extensions(
        &self,
        actor: &Actor,
        code: &str,
    ) -> Result<(StoredTenant, Vec<StoredExtension>), ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        let mut conn = self.store().conn().await?;
        let mut all = extensions::all_of_tenant(&mut conn, tenant.id).await?;
        if let Some(visible) = actor.visible_numbers(code) {
            all.retain(|e| visible.iter().any(|n| n == e.extension.number.as_str()));
        }
        Ok((tenant, all))
    }

    /// The kinds a new extension may have for this actor.
    pub fn may_create(&self, actor: &Actor, _kind: ExtensionKind) -> bool {
        actor.require_unrestricted().is_ok() && actor.may(Permission::CreateExtensions)
    }
}

impl Service {
    /// What refers to an extension (virtual memberships, destinations).
    pub async fn extension_referrers(
        &self,
        actor: &Actor,
        code: &str,
        number: &str,
    ) -> Result<Vec<extensions::Referrer>, ServiceError> {
        let (tenant, _) = self.get_extension(actor, code, number).await?;
        let mut conn = self.store().conn().await?;
        Ok(extensions::referrers_of_extension(&mut conn, tenant.id, number).await?)
    }
}
