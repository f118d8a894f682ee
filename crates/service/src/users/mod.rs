//! Account management: list, read, create, change, delete administrators.
//! Who may manage whom is decided by [`Actor::require_manage_user`]; every
//! change is audited (tenant "" = the whole installation).

mod input;
pub(crate) mod password;

pub use input::{FIELDS, UserInput, parse_assignment, parse_permissions, user_json};
pub use password::PASSWORD_MAX_AGE_SECS;

use pbx_domain::values::password::{check_policy, hash_argon2id};
use pbx_store::tokens;
use pbx_store::users::{self, StoredUser};
use serde_json::{Value, json};

use crate::error::OrMissing;
use crate::{Actor, Permission, Role, Service, ServiceError};

fn role_of(user: &StoredUser) -> Role {
    Role::parse(&user.role).unwrap_or(Role::RestrictedAdmin)
}

fn flags(user: &StoredUser) -> Vec<Permission> {
    user.permissions
        .iter()
        .filter_map(|p| Permission::parse(p))
        .collect()
}

/// The tenants an account reaches: those named, plus those of its assigned
/// extensions (a restricted admin reaches the tenants of its extensions).
fn reach(tenants: &[String], extensions: &[(String, String)]) -> Vec<String> {
    let mut all: Vec<String> = tenants.to_vec();
    all.extend(extensions.iter().map(|(t, _)| t.clone()));
    all.sort();
    all.dedup();
    all
}

impl Service {
    /// The accounts the actor may see.
    pub async fn list_users(&self, actor: &Actor) -> Result<Vec<StoredUser>, ServiceError> {
        actor.require_manage_user(Role::RestrictedAdmin, &actor.tenants, &[])?;
        let mut conn = self.store().conn().await?;
        let mut all = users::list(&mut conn).await?;
        all.retain(|u| actor.may_see_user(role_of(u), &u.tenants));
        Ok(all)
    }

    /// One account the actor may see (404 otherwise: no existence leak).
    pub async fn get_user(
        &self,
        actor: &Actor,
        username: &str,
    ) -> Result<StoredUser, ServiceError> {
        let hidden = || ServiceError::not_found(format!("user {username}"));
        if actor.role == Role::RestrictedAdmin {
            return Err(ServiceError::Forbidden(
                "restricted administrators cannot manage accounts".into(),
            ));
        }
        let mut conn = self.store().conn().await?;
        let user = users::by_username(&mut conn, username)
            .await?
            .ok_or_else(hidden)?;
        if !actor.may_see_user(role_of(&user), &user.tenants) {
            return Err(hidden());
        }
        Ok(user)
    }

    /// Creates an account from `input` (username, password and role required).
    pub async fn add_user(
        &self,
        actor: &Actor,
        input: &UserInput,
    ) -> Result<StoredUser, ServiceError> {
        let mut errors = pbx_domain::ValidationErrors::new();
        let username = input.username.clone().unwrap_or_default();
        let username = username.trim();
        if username.is_empty() || username.len() > 64 || username.contains(char::is_whitespace) {
            errors.push("username", "is required: 1-64 characters without spaces");
        }
        match input.password.as_deref() {
            Some(p) => {
                if let Err(m) = check_policy(p) {
                    errors.push("password", m);
                }
            }
            None => errors.push("password", "is required"),
        }
        if input.role.is_none() {
            errors.push("role", "is required");
        }
        errors.into_result()?;
        let role = input.role.unwrap_or(Role::RestrictedAdmin);
        let permissions = input.permissions.clone().unwrap_or_default();
        let extensions = input.extensions.clone().unwrap_or_default();
        let tenants = reach(&input.tenants.clone().unwrap_or_default(), &extensions);
        actor.require_manage_user(role, &tenants, &permissions)?;
        let mut tx = self.store().begin().await?;
        let flag_names: Vec<String> = permissions.iter().map(|p| p.as_str().to_owned()).collect();
        let hash = hash_argon2id(input.password.as_deref().unwrap_or_default());
        let id = users::insert(&mut tx, username, &hash, role.as_str(), &flag_names).await?;
        self.write_access(&mut tx, id, role, &flag_names, &tenants, &extensions)
            .await?;
        users::set_state(
            &mut tx,
            id,
            input.locked.unwrap_or(false),
            input.must_change_password.unwrap_or(false),
            input.password_expires_at.unwrap_or(0),
        )
        .await?;
        let created = users::by_id(&mut tx, id).await?;
        let changes = json!({"user": username, "after": user_json(&created)});
        crate::audit::record(&mut tx, actor, "", "", "user_create", &changes).await?;
        pbx_store::commit(tx).await?;
        tracing::info!(user = username, actor = %actor.username, "account created");
        Ok(created)
    }

    /// Changes an account; absent fields stay as they are.
    pub async fn update_user(
        &self,
        actor: &Actor,
        username: &str,
        input: &UserInput,
    ) -> Result<StoredUser, ServiceError> {
        let current = self.get_user(actor, username).await?;
        if input.username.as_deref().is_some_and(|u| u != username) {
            return Err(ServiceError::invalid("username", "cannot be changed"));
        }
        let role = input.role.unwrap_or_else(|| role_of(&current));
        let permissions = input.permissions.clone().unwrap_or_else(|| flags(&current));
        let extensions = input
            .extensions
            .clone()
            .unwrap_or_else(|| current.extensions.clone());
        let tenants = reach(
            &input
                .tenants
                .clone()
                .unwrap_or_else(|| current.tenants.clone()),
            &extensions,
        );
        actor.require_manage_user(role_of(&current), &current.tenants, &[])?;
        actor.require_manage_user(role, &tenants, &permissions)?;
        if let Some(p) = input.password.as_deref() {
            check_policy(p).map_err(|m| ServiceError::invalid("password", m))?;
        }
        let mut tx = self.store().begin().await?;
        let flag_names: Vec<String> = permissions.iter().map(|p| p.as_str().to_owned()).collect();
        self.write_access(
            &mut tx,
            current.id,
            role,
            &flag_names,
            &tenants,
            &extensions,
        )
        .await?;
        let locked = input.locked.unwrap_or(current.locked);
        let expires = input
            .password_expires_at
            .unwrap_or(current.password_expires_at);
        let must_change = input
            .must_change_password
            .unwrap_or(current.must_change_password);
        if let Some(p) = input.password.as_deref() {
            users::set_password(&mut tx, current.id, &hash_argon2id(p), expires, must_change)
                .await?;
            tokens::revoke_all(&mut tx, current.id).await?;
        }
        users::set_state(&mut tx, current.id, locked, must_change, expires).await?;
        if locked {
            tokens::revoke_all(&mut tx, current.id).await?;
        }
        let changed = users::by_id(&mut tx, current.id).await?;
        let changes = diff_users(&current, &changed, input.password.is_some());
        crate::audit::record(&mut tx, actor, "", "", "user_update", &changes).await?;
        pbx_store::commit(tx).await?;
        Ok(changed)
    }

    /// Deletes an account (its tokens and sessions go with it). Nobody
    /// deletes their own account.
    pub async fn delete_user(&self, actor: &Actor, username: &str) -> Result<(), ServiceError> {
        let current = self.get_user(actor, username).await?;
        actor.require_manage_user(role_of(&current), &current.tenants, &[])?;
        // Whoever may not edit an account may not delete it either.
        if let Some(flag) = flags(&current).into_iter().find(|f| !actor.may(*f)) {
            return Err(ServiceError::Forbidden(format!(
                "you cannot delete an account that holds the {} permission you do not hold",
                flag.as_str()
            )));
        }
        if current.id == actor.user_id {
            return Err(ServiceError::Forbidden(
                "you cannot delete your own account".into(),
            ));
        }
        let mut tx = self.store().begin().await?;
        users::delete(&mut tx, current.id).await?;
        let changes = json!({"user": username, "before": user_json(&current)});
        crate::audit::record(&mut tx, actor, "", "", "user_delete", &changes).await?;
        pbx_store::commit(tx).await?;
        Ok(())
    }

    async fn write_access(
        &self,
        tx: &mut pbx_store::Connection,
        id: i64,
        role: Role,
        flag_names: &[String],
        tenants: &[String],
        extensions: &[(String, String)],
    ) -> Result<(), ServiceError> {
        let unknown = |code: &str| ServiceError::invalid("tenants", format!("no tenant {code}"));
        let mut tenant_ids = Vec::new();
        for code in tenants {
            let t = pbx_store::tenants::by_code(tx, code)
                .await
                .or_missing(|| unknown(code))?;
            tenant_ids.push(t.id);
        }
        let mut assigned = Vec::new();
        for (code, number) in extensions {
            let t = pbx_store::tenants::by_code(tx, code)
                .await
                .or_missing(|| unknown(code))?;
            assigned.push((t.id, number.clone()));
        }
        users::set_access(tx, id, role.as_str(), flag_names, &tenant_ids, &assigned).await?;
        Ok(())
    }
}

/// `{"user", "field": [before, after]}` of an account change.
fn diff_users(before: &StoredUser, after: &StoredUser, password: bool) -> Value {
    let (b, a) = (user_json(before), user_json(after));
    let mut changes = serde_json::Map::new();
    changes.insert("user".into(), json!(after.username));
    if let (Some(b), Some(a)) = (b.as_object(), a.as_object()) {
        for (key, new) in a {
            let old = b.get(key).cloned().unwrap_or(Value::Null);
            if &old != new {
                changes.insert(key.clone(), json!([old, new]));
            }
        }
    }
    if password {
        changes.insert("password".into(), json!(["[redacted]", "[redacted]"]));
    }
    Value::Object(changes)
}
