//! What the Extensions toolbar offers the actor: each button appears only
//! when the actor may use it and its page exists.

use pbx_domain::tenant::SipStack;
use pbx_service::{Actor, Permission, Service};
use pbx_store::tenants::StoredTenant;

use crate::ui::routes::route_exists;

/// The buttons and counters of the toolbar.
pub struct Toolbar {
    /// May create one more extension (permission and limit).
    pub can_create: bool,
    pub can_bulk: bool,
    pub can_switch: bool,
    pub can_delete: bool,
    pub can_export: bool,
    pub can_import: bool,
    pub show_passwords: bool,
    pub count: i64,
    pub limit: i64,
    pub at_limit: bool,
    /// `pjsip` or `sip`: the kind "New ... peer" creates.
    pub preferred_kind: &'static str,
    pub preferred_label: &'static str,
    pub other_kind: &'static str,
    pub other_label: &'static str,
    /// The Action column's call-flow link, once that page exists.
    pub call_flow: bool,
    /// The Action column's fast-provisioning QR link: the tenant has a SIP
    /// domain and the actor may see secrets.
    pub provisioning: bool,
}

impl Toolbar {
    pub fn new(service: &Service, actor: &Actor, tenant: &StoredTenant) -> Toolbar {
        let count = tenant.extension_count;
        let limit = tenant.tenant.extension_limit;
        let at_limit = count >= limit;
        let may_create = service.may_create(actor, pbx_domain::ExtensionKind::Sip);
        let unrestricted = actor.require_unrestricted().is_ok();
        let (preferred_kind, preferred_label, other_kind, other_label) =
            match tenant.tenant.preferred_stack {
                SipStack::Pjsip => ("pjsip", "New PJSIP peer", "sip", "New SIP peer"),
                SipStack::ChanSip => ("sip", "New SIP peer", "pjsip", "New PJSIP peer"),
            };
        Toolbar {
            can_create: may_create && !at_limit,
            can_bulk: may_create && !at_limit && actor.may(Permission::BulkCreate),
            can_switch: actor.may(Permission::SwitchTechnology),
            can_delete: unrestricted && actor.may(Permission::DeleteExtensions),
            can_export: actor.may(Permission::Export),
            // Restricted admins may import updates of their own extensions.
            can_import: actor.may(Permission::Import) && route_exists("/tenants/{code}/imports"),
            show_passwords: actor.may(Permission::ShowPasswords),
            count,
            limit,
            at_limit,
            preferred_kind,
            preferred_label,
            other_kind,
            other_label,
            call_flow: route_exists("/tenants/{code}/extensions/{number}/call-flow"),
            provisioning: service.may_provision(actor, &tenant.tenant)
                && route_exists("/tenants/{code}/extensions/{number}/provisioning"),
        }
    }
}
