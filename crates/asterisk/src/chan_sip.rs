//! chan_sip peers of a tenant: one `[username]` friend per SIP extension.
//! Options equal to chan_sip's built-in `[general]` defaults (qualify=no,
//! qualifyfreq=60, nat=force_rport, dtmfmode=rfc2833, directmedia=yes,
//! transport=udp...) are left out.

use pbx_domain::objects::TenantObject;
use pbx_domain::values::{
    CallWaiting, CallerIdSource, DtmfMode, FaxMode, MediaEncryption, ObjectKind,
};
use pbx_domain::{Extension, ExtensionKind, Tenant};

use crate::node::NodeSettings;
use crate::object::{ConfObject, group_ranges};
use crate::shared::{acl, caller_id, caller_var, codecs, mailbox, object_value};

/// The peer of a SIP extension (none for other kinds or an extension
/// without credentials).
pub fn sip_peer(
    node: &NodeSettings,
    tenant: &Tenant,
    objects: &[TenantObject],
    extension: &Extension,
) -> Option<ConfObject> {
    if extension.kind != ExtensionKind::Sip {
        return None;
    }
    let username = extension.username.as_ref()?.as_str();
    let secret = extension.secret.as_ref()?.expose();
    let s = &extension.settings;
    let mut o = ConfObject::new(username, "friend");
    o.set("host", "dynamic");
    o.set("secret", secret);
    o.set("context", node.tenant_context(&tenant.code));
    o.set("disallow", "all");
    o.set("allow", codecs(&s.information.codecs));
    o.set("callerid", caller_id(extension));
    o.set("setvar", caller_var(extension));
    let transport = s.security.transport.as_str();
    if transport != "udp" {
        o.set("transport", transport);
    }
    if s.nat.nat.as_str() != "force_rport" {
        o.set("nat", s.nat.nat.as_str());
    }
    if s.nat.qualify {
        o.set("qualify", "yes");
        if s.nat.qualify_frequency.get() != 60 {
            o.set("qualifyfreq", s.nat.qualify_frequency.get().to_string());
        }
    }
    let dtmf = match s.information.dtmf_mode {
        DtmfMode::Rfc4733 => "rfc2833",
        DtmfMode::Inband => "inband",
        DtmfMode::Info => "info",
        DtmfMode::Auto | DtmfMode::AutoInfo => "auto",
    };
    if dtmf != "rfc2833" {
        o.set("dtmfmode", dtmf);
    }
    o.set_bool("directmedia", s.information.direct_media, true);
    o.set_nonempty("callgroup", &group_ranges(&s.information.call_groups.0));
    o.set_nonempty("pickupgroup", &group_ranges(&s.information.pickup_groups.0));
    if s.information.mwi_enabled {
        o.set("mailbox", mailbox(tenant, extension));
    }
    if let Some(moh) = object_value(objects, ObjectKind::MohClass, s.call.moh_class.id()) {
        o.set("mohsuggest", moh);
    }
    if let Some(lang) = object_value(objects, ObjectKind::Language, s.call.language.id()) {
        o.set("language", lang);
    }
    if s.call.call_waiting == CallWaiting::Disabled {
        o.set("callcounter", "yes");
        o.set("busylevel", "1");
    }
    if s.call.fax == FaxMode::Detect {
        o.set("faxdetect", "yes");
    }
    if s.nat.keepalive.get() > 0 {
        o.set("keepalive", s.nat.keepalive.get().to_string());
    }
    if s.nat.rtp_keepalive.get() > 0 {
        o.set("rtpkeepalive", s.nat.rtp_keepalive.get().to_string());
    }
    if let Some((deny, permit)) = acl(&s.security.allowed_ips) {
        o.set("deny", deny);
        o.set("permit", permit);
    }
    match s.security.media_encryption {
        MediaEncryption::No => {}
        MediaEncryption::Sdes => o.set("encryption", "yes"),
        MediaEncryption::Dtls => {
            o.set("encryption", "yes");
            o.set("dtlsenable", "yes");
        }
    }
    o.set_bool("trust_id_outbound", s.security.trust_id_outbound, false);
    if s.trunk.caller_id_source == CallerIdSource::Rpid {
        o.set("trustrpid", "yes");
    }
    Some(o)
}
