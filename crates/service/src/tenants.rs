//! Tenant use cases: list, create, read, change policy and defaults.

use pbx_domain::tenant::{
    CallControlFallback, MAX_EXTENSION_LIMIT, SipStack, Tenant, TenantCode, parse_sip_domain,
};
use pbx_domain::values::ShortText;
use pbx_domain::{Settings, ValidationErrors};
use pbx_store::tenants::{self, StoredTenant};
use serde_json::{Value, json};

use crate::error::OrMissing;
use crate::{Actor, Service, ServiceError};

/// The fields a tenant body may hold (the API documents each).
pub const FIELDS: [&str; 8] = [
    "code",
    "name",
    "preferred_stack",
    "extension_limit",
    "allow_custom_usernames",
    "defaults",
    "sip_domain",
    "call_control_fallback",
];

/// Reads tenant fields from a JSON object onto `tenant`, collecting errors.
fn apply_fields(tenant: &mut Tenant, body: &Value, creating: bool, errors: &mut ValidationErrors) {
    let Some(object) = body.as_object() else {
        errors.push("body", "must be a JSON object");
        return;
    };
    errors.reject_unknown(object, &FIELDS);
    let text = |key: &str| {
        object
            .get(key)
            .map(|v| v.as_str().ok_or_else(|| "must be a string".to_string()))
    };
    if let Some(code) = text("code") {
        if creating {
            if let Some(code) = errors.check("code", code.and_then(TenantCode::parse)) {
                tenant.code = code;
            }
        } else {
            errors.push("code", "cannot be changed");
        }
    }
    if let Some(name) = text("name") {
        match errors.check("name", name.and_then(|n| ShortText::parse(n.trim()))) {
            Some(name) if name.is_empty() => errors.push("name", "is required"),
            Some(name) => tenant.name = name,
            None => {}
        }
    }
    if let Some(stack) = text("preferred_stack")
        && let Some(stack) = errors.check("preferred_stack", stack.and_then(SipStack::parse))
    {
        tenant.preferred_stack = stack;
    }
    if let Some(limit) = object.get("extension_limit") {
        let parsed = limit
            .as_i64()
            .filter(|l| (0..=MAX_EXTENSION_LIMIT).contains(l))
            .ok_or_else(|| format!("must be a whole number between 0 and {MAX_EXTENSION_LIMIT}"));
        if let Some(limit) = errors.check("extension_limit", parsed) {
            tenant.extension_limit = limit;
        }
    }
    if let Some(allow) = object.get("allow_custom_usernames")
        && let Some(allow) = errors.check(
            "allow_custom_usernames",
            allow
                .as_bool()
                .ok_or_else(|| "must be true or false".into()),
        )
    {
        tenant.allow_custom_usernames = allow;
    }
    match object.get("sip_domain") {
        None => {}
        Some(Value::Null) => tenant.sip_domain = None,
        Some(Value::String(d)) if d.trim().is_empty() => tenant.sip_domain = None,
        Some(Value::String(d)) => {
            if let Some(domain) = errors.check("sip_domain", parse_sip_domain(d.trim())) {
                tenant.sip_domain = Some(domain);
            }
        }
        Some(_) => errors.push("sip_domain", "must be a string or null"),
    }
    if let Some(fallback) = text("call_control_fallback")
        && let Some(fallback) = errors.check(
            "call_control_fallback",
            fallback.and_then(CallControlFallback::parse),
        )
    {
        tenant.call_control_fallback = fallback;
    }
    if let Some(defaults) = object.get("defaults") {
        let mut collected = ValidationErrors::new();
        tenant.defaults.apply_json(defaults, None, &mut collected);
        for error in collected.0 {
            errors.push(
                error.field.replacen("settings", "defaults", 1),
                error.message,
            );
        }
        // A password shared by every new extension is no password, and
        // its hash would be answered with the tenant.
        if tenant.defaults.web_user.web_password.is_set() {
            errors.push(
                "defaults.web_password",
                "cannot be a tenant default: set each extension's web password on the extension",
            );
        }
    }
}

/// The JSON of a tenant (API answers, `pbx tenant list`).
pub fn tenant_json(t: &StoredTenant) -> Value {
    json!({
        "code": t.tenant.code,
        "name": t.tenant.name,
        "preferred_stack": t.tenant.preferred_stack,
        "extension_limit": t.tenant.extension_limit,
        "extension_count": t.extension_count,
        "allow_custom_usernames": t.tenant.allow_custom_usernames,
        "sip_domain": t.tenant.sip_domain,
        "call_control_fallback": t.tenant.call_control_fallback,
        "defaults": t.tenant.defaults,
        "version": t.version,
    })
}

impl Service {
    /// The tenants the actor may reach.
    pub async fn list_tenants(&self, actor: &Actor) -> Result<Vec<StoredTenant>, ServiceError> {
        let mut conn = self.store().conn().await?;
        let all = tenants::list(&mut conn).await?;
        Ok(all
            .into_iter()
            .filter(|t| actor.require_tenant(t.tenant.code.as_str()).is_ok())
            .collect())
    }

    /// One tenant the actor may reach.
    pub async fn get_tenant(
        &self,
        actor: &Actor,
        code: &str,
    ) -> Result<StoredTenant, ServiceError> {
        actor.require_tenant(code)?;
        let mut conn = self.store().conn().await?;
        tenants::by_code(&mut conn, code)
            .await
            .or_missing(|| ServiceError::not_found(format!("tenant {code}")))
    }

    /// Creates a tenant (super administrators only).
    pub async fn create_tenant(
        &self,
        actor: &Actor,
        body: &Value,
    ) -> Result<StoredTenant, ServiceError> {
        if !actor.is_super() {
            return Err(ServiceError::Forbidden(
                "only super administrators create tenants".into(),
            ));
        }
        let mut tenant = Tenant {
            code: TenantCode::parse("XX").map_err(ServiceError::unexpected)?,
            name: ShortText::default(),
            preferred_stack: SipStack::Pjsip,
            extension_limit: 100,
            allow_custom_usernames: false,
            sip_domain: None,
            call_control_fallback: CallControlFallback::Allow,
            defaults: Settings::default(),
        };
        let mut errors = ValidationErrors::new();
        let object = body.as_object();
        for required in ["code", "name"] {
            if object.is_none_or(|o| !o.contains_key(required)) {
                errors.push(required, "is required");
            }
        }
        apply_fields(&mut tenant, body, true, &mut errors);
        errors.into_result()?;
        let mut tx = self.store().begin().await?;
        let stored = tenants::insert(&mut tx, &tenant).await?;
        let changes = crate::audit::object_diff(&json!({}), &tenant_audit(&stored.tenant));
        crate::audit::record(
            &mut tx,
            actor,
            tenant.code.as_str(),
            "",
            "tenant_create",
            &changes,
        )
        .await?;
        self.commit_change(tx, crate::Change::tenant(stored.tenant.code.as_str()))
            .await?;
        tracing::info!(tenant = %stored.tenant.code, actor = %actor.username, "tenant created");
        Ok(stored)
    }

    /// Changes a tenant's name, stack, limit, username policy or defaults.
    pub async fn update_tenant(
        &self,
        actor: &Actor,
        code: &str,
        body: &Value,
    ) -> Result<StoredTenant, ServiceError> {
        let current = self.get_tenant(actor, code).await?;
        if !actor.is_super() {
            return Err(ServiceError::Forbidden(
                "only super administrators change tenants".into(),
            ));
        }
        let mut tenant = current.tenant.clone();
        let mut errors = ValidationErrors::new();
        apply_fields(&mut tenant, body, false, &mut errors);
        if tenant.extension_limit < current.extension_count {
            errors.push(
                "extension_limit",
                format!(
                    "cannot be below the {} extensions the tenant has",
                    current.extension_count
                ),
            );
        }
        // Default references (call_rate, routing profile...) must name an
        // object of their kind in this tenant, as an extension's must.
        let mut conn = self.store().conn().await?;
        for (key, kind, id) in tenant.defaults.references() {
            let found = pbx_store::objects::get(&mut conn, current.id, id).await;
            if !matches!(&found, Ok(object) if object.kind == kind) {
                errors.push(
                    format!("defaults.{key}"),
                    format!(
                        "no {} with id {id} in this tenant",
                        kind.label().to_lowercase()
                    ),
                );
            }
        }
        drop(conn);
        errors.into_result()?;
        let mut tx = self.store().begin().await?;
        let stored = tenants::update(&mut tx, current.id, current.version, &tenant).await?;
        let changes = crate::audit::object_diff(
            &tenant_audit(&current.tenant),
            &tenant_audit(&stored.tenant),
        );
        crate::audit::record(&mut tx, actor, code, "", "tenant_update", &changes).await?;
        self.commit_change(tx, crate::Change::tenant(code)).await?;
        Ok(stored)
    }
}

/// The audited fields of a tenant.
fn tenant_audit(t: &Tenant) -> Value {
    json!({
        "name": t.name,
        "preferred_stack": t.preferred_stack,
        "extension_limit": t.extension_limit,
        "allow_custom_usernames": t.allow_custom_usernames,
        "sip_domain": t.sip_domain,
        "defaults": t.defaults,
    })
}
