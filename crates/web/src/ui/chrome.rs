//! The frame around every signed-in page: the top bar with the tenant
//! selector, the Configuration > Extensions menu, the user and Sign out.

use super::assets::href;
use super::error::UiError;
use super::session::Session;
use crate::AppState;

/// The preference that remembers the selected tenant.
pub const TENANT_PREF: &str = "tenant";

/// One entry of the tenant selector.
#[derive(Clone)]
pub struct TenantOption {
    pub code: String,
    pub name: String,
    pub selected: bool,
}

/// What the top bar shows.
#[derive(Clone)]
pub struct Chrome {
    pub username: String,
    pub tenants: Vec<TenantOption>,
    /// The tenant the page works on ("" on pages without one).
    pub current: String,
    pub csrf: String,
    pub css: String,
    pub js: String,
    pub icons: String,
    /// Whether the Administrators page is offered.
    pub manages_users: bool,
    /// Whether system-wide pages (the system's mail server) are offered.
    pub is_super: bool,
}

impl Chrome {
    /// The frame for a page about tenant `current` (or none).
    pub async fn load(
        state: &AppState,
        session: &Session,
        current: Option<&str>,
    ) -> Result<Chrome, UiError> {
        let tenants = state.service.list_tenants(&session.actor).await?;
        let current = current.unwrap_or_default().to_owned();
        Ok(Chrome {
            username: session.actor.username.clone(),
            tenants: tenants
                .into_iter()
                .map(|t| TenantOption {
                    selected: t.tenant.code.as_str() == current,
                    code: t.tenant.code.as_str().to_owned(),
                    name: t.tenant.name.as_str().to_owned(),
                })
                .collect(),
            current,
            csrf: session.csrf.clone(),
            css: href("app.css"),
            js: href("app.js"),
            icons: href("icons.svg"),
            manages_users: session.actor.role != pbx_service::Role::RestrictedAdmin,
            is_super: session.actor.is_super(),
        })
    }
}
