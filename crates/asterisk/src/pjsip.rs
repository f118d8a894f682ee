//! PJSIP objects of a tenant: an `endpoint`, an `auth` and an `aor` per PJSIP
//! extension, with the settings mapped to Asterisk's option names.
//! Options equal to Asterisk's own default are left out.

use pbx_domain::objects::TenantObject;
use pbx_domain::values::{CallWaiting, CallerIdSource, FaxMode, MediaEncryption, ObjectKind};
use pbx_domain::{Extension, ExtensionKind, Tenant};

use crate::node::NodeSettings;
use crate::object::{ConfObject, group_ranges};
use crate::shared::{acl, caller_id, caller_var, codecs, mailbox, object_value};

/// The id of an extension's auth object: `<username>-auth`.
pub fn auth_id(username: &str) -> String {
    format!("{username}-auth")
}

/// The endpoint, auth and aor of a PJSIP extension (none for other kinds or
/// an extension without credentials).
pub fn pjsip_objects(
    node: &NodeSettings,
    tenant: &Tenant,
    objects: &[TenantObject],
    extension: &Extension,
) -> Option<[ConfObject; 3]> {
    if extension.kind != ExtensionKind::Pjsip {
        return None;
    }
    let username = extension.username.as_ref()?.as_str();
    let secret = extension.secret.as_ref()?.expose();
    Some([
        endpoint(node, tenant, objects, extension, username),
        auth(username, secret),
        aor(extension, username),
    ])
}

fn endpoint(
    node: &NodeSettings,
    tenant: &Tenant,
    objects: &[TenantObject],
    extension: &Extension,
    username: &str,
) -> ConfObject {
    let s = &extension.settings;
    let mut o = ConfObject::new(username, "endpoint");
    o.set("context", node.tenant_context(&tenant.code));
    o.set("aors", username);
    o.set("auth", auth_id(username));
    if let Some(transport) = node.transports.name_for(s.security.transport) {
        o.set("transport", transport);
    }
    o.set("disallow", "all");
    o.set("allow", codecs(&s.information.codecs));
    o.set("callerid", caller_id(extension));
    o.set("set_var", caller_var(extension));
    if s.information.dtmf_mode.as_str() != "rfc4733" {
        o.set("dtmf_mode", s.information.dtmf_mode.as_str());
    }
    o.set_bool("direct_media", s.information.direct_media, true);
    o.set_nonempty("call_group", &group_ranges(&s.information.call_groups.0));
    o.set_nonempty(
        "pickup_group",
        &group_ranges(&s.information.pickup_groups.0),
    );
    if s.information.mwi_enabled {
        o.set("mailboxes", mailbox(tenant, extension));
    }
    if let Some(moh) = object_value(objects, ObjectKind::MohClass, s.call.moh_class.id()) {
        o.set("moh_suggest", moh);
    }
    if let Some(lang) = object_value(objects, ObjectKind::Language, s.call.language.id()) {
        o.set("language", lang);
    }
    if s.call.call_waiting == CallWaiting::Disabled {
        o.set("device_state_busy_at", "1");
    }
    match s.call.fax {
        FaxMode::Off => {}
        FaxMode::T38 => o.set("t38_udptl", "yes"),
        FaxMode::Detect => o.set("fax_detect", "yes"),
    }
    o.set_bool("force_rport", s.nat.force_rport, true);
    o.set_bool("rtp_symmetric", s.nat.rtp_symmetric, false);
    o.set_bool("rewrite_contact", s.nat.rewrite_contact, false);
    if s.nat.rtp_keepalive.get() > 0 {
        o.set("rtp_keepalive", s.nat.rtp_keepalive.get().to_string());
    }
    if let Some((deny, permit)) = acl(&s.security.allowed_ips) {
        o.set("deny", deny);
        o.set("permit", permit);
    }
    if s.security.media_encryption != MediaEncryption::No {
        o.set("media_encryption", s.security.media_encryption.as_str());
    }
    o.set_bool("trust_id_outbound", s.security.trust_id_outbound, false);
    let trust_in =
        s.outbound.caller_id_from_header || s.trunk.caller_id_source != CallerIdSource::Automatic;
    o.set_bool("trust_id_inbound", trust_in, false);
    let e = &s.pjsip_endpoint;
    if e.connected_line_method.as_str() != "invite" {
        o.set("connected_line_method", e.connected_line_method.as_str());
    }
    if e.direct_media_method.as_str() != "invite" {
        o.set("direct_media_method", e.direct_media_method.as_str());
    }
    if e.direct_media_glare_mitigation.as_str() != "none" {
        o.set(
            "direct_media_glare_mitigation",
            e.direct_media_glare_mitigation.as_str(),
        );
    }
    o.set_bool(
        "disable_direct_media_on_nat",
        e.disable_direct_media_on_nat,
        false,
    );
    o.set_nonempty("outbound_proxy", e.outbound_proxy.as_str());
    o.set_bool("t38_udptl_nat", e.t38_udptl_nat, false);
    o.set_bool("rpid_immediate", e.rpid_immediate, false);
    o.set_bool("use_ptime", e.use_ptime, false);
    o.set_bool("rtcp_mux", e.rtcp_mux, false);
    o.set_bool(
        "notify_early_inuse_ringing",
        e.notify_early_inuse_ringing,
        false,
    );
    o.set_nonempty("dtls_cert_file", e.dtls_cert_file.as_str());
    o.set_nonempty("dtls_ca_file", e.dtls_ca_file.as_str());
    o.set_bool("dtls_auto_generate_cert", e.dtls_auto_generate_cert, false);
    o.set_nonempty("media_address", e.media_address.as_str());
    o
}

fn auth(username: &str, secret: &str) -> ConfObject {
    let mut o = ConfObject::new(auth_id(username), "auth");
    o.set("auth_type", "digest");
    o.set("username", username);
    o.set("password", secret);
    o
}

fn aor(extension: &Extension, username: &str) -> ConfObject {
    let s = &extension.settings;
    let a = &s.pjsip_aor;
    let mut o = ConfObject::new(username, "aor");
    o.set("max_contacts", a.max_contacts.get().to_string());
    if s.nat.qualify {
        o.set(
            "qualify_frequency",
            s.nat.qualify_frequency.get().to_string(),
        );
    }
    let int = |o: &mut ConfObject, key, value: i64, default: i64| {
        if value != default {
            o.set(key, value.to_string());
        }
    };
    int(
        &mut o,
        "default_expiration",
        a.default_expiration.get(),
        3600,
    );
    int(&mut o, "minimum_expiration", a.minimum_expiration.get(), 60);
    int(
        &mut o,
        "maximum_expiration",
        a.maximum_expiration.get(),
        7200,
    );
    o.set_nonempty("mailboxes", a.aor_mailboxes.as_str());
    o.set_bool("remove_existing", a.remove_existing, false);
    o.set_bool("remove_unavailable", a.remove_unavailable, false);
    o.set_bool("support_path", a.support_path, false);
    o
}
