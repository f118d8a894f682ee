//! The JSON of an account, parsed once for the API, the pages and the CLI.
//!
//! Assigned extensions are strings `"TENANT:NUMBER"` (e.g.
//! `"CANISTRACCI:101"`), the same form they are shown in.

use pbx_domain::ValidationErrors;
use serde_json::{Value, json};

use crate::{Permission, Role};

/// The fields an account body may hold (the API documents each).
pub const FIELDS: [&str; 9] = [
    "username",
    "password",
    "role",
    "tenants",
    "extensions",
    "permissions",
    "locked",
    "must_change_password",
    "password_expires_at",
];

/// An account as sent (absent fields are left unchanged on update).
#[derive(Debug, Clone, Default)]
pub struct UserInput {
    pub username: Option<String>,
    pub password: Option<String>,
    pub role: Option<Role>,
    pub tenants: Option<Vec<String>>,
    pub extensions: Option<Vec<(String, String)>>,
    pub permissions: Option<Vec<Permission>>,
    pub locked: Option<bool>,
    pub must_change_password: Option<bool>,
    /// Unix seconds; 0 (or `null`) = never.
    pub password_expires_at: Option<i64>,
}

fn strings(value: &Value) -> Result<Vec<String>, String> {
    let bad = || "must be a list of strings".to_owned();
    value
        .as_array()
        .ok_or_else(bad)?
        .iter()
        .map(|v| v.as_str().map(str::to_owned).ok_or_else(bad))
        .collect()
}

/// `"TENANT:NUMBER"` into its parts.
pub fn parse_assignment(raw: &str) -> Result<(String, String), String> {
    match raw.split_once(':') {
        Some((t, n)) if !t.is_empty() && !n.is_empty() => Ok((t.to_owned(), n.to_owned())),
        _ => Err(format!("{raw:?} must be TENANT:NUMBER")),
    }
}

/// Permission flag names into flags.
pub fn parse_permissions(names: &[String]) -> Result<Vec<Permission>, String> {
    names
        .iter()
        .map(|p| Permission::parse(p).ok_or(format!("unknown permission {p:?}")))
        .collect()
}

impl UserInput {
    /// Parses a JSON object, every bad field reported.
    pub fn from_json(body: &Value) -> Result<UserInput, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let mut input = UserInput::default();
        let Some(object) = body.as_object() else {
            return Err(ValidationErrors::single("body", "must be a JSON object"));
        };
        errors.reject_unknown(object, &FIELDS);
        let text = |key: &str| {
            object.get(key).map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| "must be a string".to_owned())
            })
        };
        input.username = text("username").and_then(|r| errors.check("username", r));
        input.password = text("password").and_then(|r| errors.check("password", r));
        if let Some(role) = text("role").and_then(|r| errors.check("role", r)) {
            input.role = errors.check("role", Role::parse(&role));
        }
        if let Some(v) = object.get("tenants") {
            input.tenants = errors.check("tenants", strings(v));
        }
        if let Some(v) = object.get("extensions") {
            input.extensions = errors.check(
                "extensions",
                strings(v).and_then(|l| l.iter().map(|s| parse_assignment(s)).collect()),
            );
        }
        if let Some(v) = object.get("permissions") {
            input.permissions = errors.check(
                "permissions",
                strings(v).and_then(|l| parse_permissions(&l)),
            );
        }
        let flag = |key: &str| {
            object.get(key).map(|v| {
                v.as_bool()
                    .ok_or_else(|| "must be true or false".to_owned())
            })
        };
        input.locked = flag("locked").and_then(|r| errors.check("locked", r));
        input.must_change_password =
            flag("must_change_password").and_then(|r| errors.check("must_change_password", r));
        if let Some(v) = object.get("password_expires_at") {
            let parsed = if v.is_null() {
                Ok(0)
            } else {
                v.as_i64()
                    .filter(|t| *t >= 0)
                    .ok_or_else(|| "must be Unix seconds or null".to_owned())
            };
            input.password_expires_at = errors.check("password_expires_at", parsed);
        }
        errors.into_result()?;
        Ok(input)
    }
}

/// The JSON of a stored account (never its password hash or TOTP seed).
pub fn user_json(user: &pbx_store::users::StoredUser) -> Value {
    json!({
        "username": user.username,
        "role": user.role,
        "tenants": user.tenants,
        "extensions": user.extensions.iter().map(|(t, n)| format!("{t}:{n}")).collect::<Vec<_>>(),
        "permissions": user.permissions,
        "locked": user.locked,
        "must_change_password": user.must_change_password,
        "password_expires_at": (user.password_expires_at != 0).then_some(user.password_expires_at),
        "totp_enabled": !user.totp_secret.is_empty(),
    })
}
