//! What the renderers need to know about one Asterisk node.

use std::path::PathBuf;

use pbx_domain::node::Transports;

/// One Asterisk node: names used in its configuration, where its files go
/// and how to reach its manager interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeSettings {
    /// The node's name, e.g. `ast1`.
    pub name: String,
    /// The PJSIP transport section per SIP transport, e.g. `transport-udp`.
    pub transports: Transports,
    /// Put before every tenant context, e.g. `pbx-` gives `pbx-CANISTRACCI`.
    pub context_prefix: String,
    /// PJSIP endpoint of the trunk to the other nodes, if there are any.
    pub inter_node_trunk: Option<String>,
    /// The pbx call-control service (`host:port`, FastAGI) asked before
    /// each outbound call; none: outbound calls are not checked.
    pub call_control: Option<String>,
    /// Whether pbx mails the node's voicemail messages itself (it reads
    /// the node's spool): the boxes then name no email for the node's
    /// own mailer.
    pub mails_voicemail: bool,
    /// Where the node's rendered files are written (and `#include`d from).
    pub output_dir: PathBuf,
    pub ami: AmiSettings,
}

/// Manager (AMI) connection settings of a node. `Debug` hides the secret,
/// so logging a node never leaks it.
#[derive(Clone, PartialEq, Eq)]
pub struct AmiSettings {
    pub host: String,
    pub port: u16,
    pub username: String,
    pub secret: String,
}

impl std::fmt::Debug for AmiSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AmiSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("username", &self.username)
            .field("secret", &"<hidden>")
            .finish()
    }
}

impl NodeSettings {
    /// The tenant's main dialplan context, e.g. `pbx-CANISTRACCI`.
    pub fn tenant_context(&self, code: &pbx_domain::TenantCode) -> String {
        format!("{}{}", self.context_prefix, code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ami_secret_is_hidden_from_debug_output() {
        let ami = AmiSettings {
            host: "127.0.0.1".into(),
            port: 5038,
            username: "pbx".into(),
            secret: "hunter2-secret".into(),
        };
        let shown = format!("{ami:?}");
        assert!(
            !shown.contains("hunter2") && shown.contains("pbx"),
            "{shown}"
        );
    }
}
