//! The names of a tenant's dialplan contexts on one node.

use pbx_domain::TenantCode;

use crate::escape::{UnsafeValue, dial_literal};
use crate::node::NodeSettings;

/// Context names of one tenant, e.g. `pbx-ACME`, `pbx-ACME-ext`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    /// The tenant code (also the voicemail context).
    pub tenant: String,
    /// Where the tenant's phones start: internal numbers and external calls.
    pub main: String,
    /// What happens to a call to each extension.
    pub ext: String,
    /// Rules for calls each extension places.
    pub policy: String,
    /// External calls, handed to the node's routes.
    pub outbound: String,
    /// Follow-me confirmation subroutine.
    pub confirm: String,
    /// Pre-dial handlers run on the channels of rung phones.
    pub predial: String,
    /// Calls arriving from other nodes.
    pub internode: String,
    /// Calls custom extensions' targets place through provider trunks.
    pub providers: String,
    /// The node-level context external calls are sent to.
    pub routes: String,
    /// The PJSIP endpoint of the trunk to other nodes.
    pub inter_node_trunk: Option<String>,
    /// The node's name (recorded with each call).
    pub node: String,
    /// The pbx call-control service (`host:port`) asked before outbound calls.
    pub call_control: Option<String>,
}

impl Names {
    /// The names for `code` on `node`; refuses unsafe node settings.
    pub fn new(node: &NodeSettings, code: &TenantCode) -> Result<Names, UnsafeValue> {
        let prefix = dial_literal("context prefix", &node.context_prefix)?;
        let main = format!("{prefix}{code}");
        let trunk = match &node.inter_node_trunk {
            Some(t) => Some(dial_literal("inter-node trunk", t)?.to_owned()),
            None => None,
        };
        let call_control = match &node.call_control {
            Some(a) => Some(dial_literal("call control", a)?.to_owned()),
            None => None,
        };
        Ok(Names {
            node: dial_literal("node name", &node.name)?.to_owned(),
            call_control,
            tenant: code.to_string(),
            ext: format!("{main}-ext"),
            policy: format!("{main}-policy"),
            outbound: format!("{main}-outbound"),
            confirm: format!("{main}-confirm"),
            predial: format!("{main}-predial"),
            internode: format!("{main}-internode"),
            providers: format!("{main}-providers"),
            routes: format!("{prefix}routes"),
            main,
            inter_node_trunk: trunk,
        })
    }

    /// The user part other nodes dial a phone by: `<TENANT><number>`.
    pub fn internode_exten(&self, number: &str) -> String {
        format!("{}{number}", self.tenant)
    }

    /// The node-wide context inter-node calls arrive in.
    pub fn internode_root(prefix: &str) -> String {
        format!("{prefix}internode")
    }

    /// The node-wide context provider trunks send their calls to.
    pub fn providers_root(prefix: &str) -> String {
        format!("{prefix}providers")
    }
}
