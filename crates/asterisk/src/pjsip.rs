//! PJSIP objects of a tenant: an `endpoint`, an `auth` and an `aor` per PJSIP
//! extension. After the few options every such object has (its names,
//! context, `disallow=all`, the channel variable naming the extension), an
//! object carries the options the settings catalogue declares for it
//! (`pbx_domain::catalogue::Effect`), each left out at Asterisk's default.

use pbx_domain::catalogue::{AsteriskObject, OptionInput};
use pbx_domain::objects::TenantObject;
use pbx_domain::{Extension, ExtensionKind, Tenant};

use crate::node::NodeSettings;
use crate::object::ConfObject;
use crate::shared::caller_var;

/// The endpoint options no setting declares, in the order they are written.
pub const ENDPOINT_HEAD: [&str; 5] = ["context", "aors", "auth", "disallow", "set_var"];

/// The options of an auth object.
pub const AUTH_HEAD: [&str; 3] = ["auth_type", "username", "password"];

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
    let input = OptionInput {
        extension,
        tenant: &tenant.code,
        objects,
        transports: &node.transports,
    };
    let mut endpoint = ConfObject::new(username, "endpoint");
    endpoint.set_all(
        ENDPOINT_HEAD,
        [
            node.tenant_context(&tenant.code),
            username.to_owned(),
            auth_id(username),
            "all".to_owned(),
            caller_var(extension),
        ],
    );
    endpoint.set_declared(AsteriskObject::Endpoint, &input);
    let mut auth = ConfObject::new(auth_id(username), "auth");
    auth.set_all(
        AUTH_HEAD,
        ["digest".to_owned(), username.to_owned(), secret.to_owned()],
    );
    auth.set_declared(AsteriskObject::Auth, &input);
    let mut aor = ConfObject::new(username, "aor");
    aor.set_declared(AsteriskObject::Aor, &input);
    Some([endpoint, auth, aor])
}
