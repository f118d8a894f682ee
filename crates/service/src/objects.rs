//! Tenant objects (destinations, conditions, routing profiles...): CRUD
//! with value checks, and deletes refused while extensions refer to them.

use pbx_domain::ValidationErrors;
use pbx_domain::objects::{TenantObject, check_value};
use pbx_domain::values::{ObjectKind, ShortText};
use pbx_store::objects;

use serde_json::{Value, json};

use crate::audit::{object_diff, record};
use crate::error::OrMissing;
use crate::{Actor, Change, Service, ServiceError};

/// The audited fields of a tenant object.
fn object_audit(o: &TenantObject) -> Value {
    json!({"id": o.id, "kind": o.kind, "name": o.name, "value": o.value})
}

fn validate(name: &str, value: &str, kind: ObjectKind) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    match ShortText::parse(name.trim()) {
        Ok(n) if n.is_empty() => errors.push("name", "is required"),
        Ok(_) => {}
        Err(e) => errors.push("name", e),
    }
    if let Err(e) = check_value(kind, value.trim()) {
        errors.push("value", e);
    }
    errors.into_result()
}

impl Service {
    pub async fn list_objects(
        &self,
        actor: &Actor,
        code: &str,
        kind: Option<ObjectKind>,
    ) -> Result<Vec<TenantObject>, ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        let mut conn = self.store().conn().await?;
        Ok(objects::list(&mut conn, tenant.id, kind).await?)
    }

    pub async fn create_object(
        &self,
        actor: &Actor,
        code: &str,
        kind: ObjectKind,
        name: &str,
        value: &str,
    ) -> Result<TenantObject, ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        actor.require_unrestricted()?;
        validate(name, value, kind)?;
        let mut tx = self.store().begin().await?;
        let object = objects::insert(&mut tx, tenant.id, kind, name.trim(), value.trim()).await?;
        let changes = object_diff(&json!({}), &object_audit(&object));
        record(&mut tx, actor, code, "", "object_create", &changes).await?;
        self.commit_change(tx, Change::tenant(code)).await?;
        Ok(object)
    }

    pub async fn update_object(
        &self,
        actor: &Actor,
        code: &str,
        id: i64,
        name: &str,
        value: &str,
    ) -> Result<TenantObject, ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        actor.require_unrestricted()?;
        let mut conn = self.store().conn().await?;
        let current = objects::get(&mut conn, tenant.id, id)
            .await
            .or_missing(|| ServiceError::not_found(format!("object {id}")))?;
        validate(name, value, current.kind)?;
        drop(conn);
        let mut tx = self.store().begin().await?;
        let object = objects::update(&mut tx, tenant.id, id, name.trim(), value.trim()).await?;
        let changes = object_diff(&object_audit(&current), &object_audit(&object));
        record(&mut tx, actor, code, "", "object_update", &changes).await?;
        // Realtime rows carry object values (music on hold, language).
        let referrers = pbx_store::extensions::referrers_of_object(&mut tx, tenant.id, id).await?;
        let numbers: Vec<String> = referrers.into_iter().map(|r| r.number).collect();
        let users = pbx_store::extensions::by_numbers(&mut tx, tenant.id, &numbers).await?;
        let users: Vec<&pbx_domain::Extension> = users.iter().map(|s| &s.extension).collect();
        self.mirror_realtime(&mut tx, &tenant.tenant, tenant.id, &[], &users)
            .await?;
        self.commit_change(tx, Change::extensions(code, users.iter().copied()))
            .await?;
        Ok(object)
    }

    pub async fn delete_object(
        &self,
        actor: &Actor,
        code: &str,
        id: i64,
    ) -> Result<(), ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        actor.require_unrestricted()?;
        let mut tx = self.store().begin().await?;
        let current = objects::get(&mut tx, tenant.id, id)
            .await
            .or_missing(|| ServiceError::not_found(format!("object {id}")))?;
        let referrers = pbx_store::extensions::referrers_of_object(&mut tx, tenant.id, id).await?;
        if let Some(first) = referrers.first() {
            return Err(ServiceError::invalid(
                "id",
                format!(
                    "is used by {} extension setting(s), e.g. extension {} ({})",
                    referrers.len(),
                    first.number,
                    first.setting
                ),
            ));
        }
        objects::delete(&mut tx, tenant.id, id).await?;
        let changes = object_diff(&object_audit(&current), &json!({}));
        record(&mut tx, actor, code, "", "object_delete", &changes).await?;
        self.commit_change(tx, Change::tenant(code)).await?;
        Ok(())
    }
}
