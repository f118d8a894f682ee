//! chan_sip peers of a tenant: one `[username]` friend per SIP extension.
//! After the options every peer has (`host=dynamic`, its secret and
//! context, `disallow=all`, the channel variable naming the extension), a
//! peer carries the options the settings catalogue declares for it, each
//! left out at chan_sip's built-in `[general]` default.

use pbx_domain::catalogue::{AsteriskObject, OptionInput};
use pbx_domain::objects::TenantObject;
use pbx_domain::{Extension, ExtensionKind, Tenant};

use crate::node::NodeSettings;
use crate::object::ConfObject;
use crate::shared::caller_var;

/// The peer options no setting declares, in the order they are written.
pub const PEER_HEAD: [&str; 5] = ["host", "secret", "context", "disallow", "setvar"];

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
    let mut peer = ConfObject::new(username, "friend");
    peer.set_all(
        PEER_HEAD,
        [
            "dynamic".to_owned(),
            secret.to_owned(),
            node.tenant_context(&tenant.code),
            "all".to_owned(),
            caller_var(extension),
        ],
    );
    let input = OptionInput {
        extension,
        tenant: &tenant.code,
        objects,
        transports: &node.transports,
    };
    peer.set_declared(AsteriskObject::Peer, &input);
    Some(peer)
}
