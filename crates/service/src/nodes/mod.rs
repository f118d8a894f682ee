//! Asterisk node use cases (super administrators only): list, read, create,
//! change and remove the nodes pbx projects to, and their renderer settings.

mod input;

pub use input::{FIELDS, TRANSPORTS};

use std::path::PathBuf;

use pbx_asterisk::apply::Storage;
use pbx_asterisk::{AmiSettings, NodeSettings};
use pbx_domain::ValidationErrors;
use pbx_domain::node::Transports;
use pbx_store::nodes::{self, NodeRecord, StoredNode};
use serde_json::{Value, json};

use crate::error::OrMissing;
use crate::{Actor, Service, ServiceError};
use input::apply_fields;

/// Sorcery memory cache names a Realtime node must configure.
pub const REALTIME_CACHES: [&str; 3] = ["pbx-endpoint", "pbx-auth", "pbx-aor"];

fn require_super(actor: &Actor) -> Result<(), ServiceError> {
    if actor.is_super() {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(
            "only super administrators manage Asterisk nodes".into(),
        ))
    }
}

/// A node with the defaults of [`default_node`] and no name.
pub(crate) fn blank() -> NodeRecord {
    default_node(PathBuf::from("/etc/asterisk/pbx"))
}

/// The node used when none is stored: every standard transport, prefix
/// `pbx-`, files, manager on 127.0.0.1:5038 as `pbx`.
pub fn default_node(output_dir: PathBuf) -> NodeRecord {
    NodeRecord {
        name: "default".into(),
        transports: TRANSPORTS
            .iter()
            .map(|t| ((*t).to_owned(), format!("transport-{t}")))
            .collect(),
        context_prefix: "pbx-".into(),
        inter_node_trunk: None,
        output_dir: output_dir.to_string_lossy().into_owned(),
        ami_host: "127.0.0.1".into(),
        ami_port: 5038,
        ami_username: "pbx".into(),
        ami_secret: String::new(),
        storage: "files".into(),
        realm: None,
        call_control: None,
        spool_dir: None,
    }
}

/// The renderer settings and the storage mode of a node.
pub fn settings_of(node: &NodeRecord) -> (NodeSettings, Storage) {
    let t = |name: &str| node.transports.get(name).cloned();
    let settings = NodeSettings {
        name: node.name.clone(),
        transports: Transports {
            udp: t("udp"),
            tcp: t("tcp"),
            tls: t("tls"),
            ws: t("ws"),
            wss: t("wss"),
        },
        context_prefix: node.context_prefix.clone(),
        inter_node_trunk: node.inter_node_trunk.clone(),
        call_control: node.call_control.clone(),
        mails_voicemail: node.spool_dir.is_some(),
        output_dir: PathBuf::from(&node.output_dir),
        ami: AmiSettings {
            host: node.ami_host.clone(),
            port: node.ami_port,
            username: node.ami_username.clone(),
            secret: node.ami_secret.clone(),
        },
    };
    let storage = if node.storage == "realtime" {
        let [endpoint_cache, auth_cache, aor_cache] = REALTIME_CACHES.map(String::from);
        Storage::Realtime {
            endpoint_cache,
            auth_cache,
            aor_cache,
        }
    } else {
        Storage::Files
    };
    (settings, storage)
}

/// The JSON of a node; the AMI secret is never shown, only whether it is set.
pub fn node_json(stored: &StoredNode) -> Value {
    let n = &stored.node;
    json!({
        "name": n.name,
        "transports": n.transports,
        "context_prefix": n.context_prefix,
        "inter_node_trunk": n.inter_node_trunk,
        "output_dir": n.output_dir,
        "ami_host": n.ami_host,
        "ami_port": n.ami_port,
        "ami_username": n.ami_username,
        "ami_secret_set": !n.ami_secret.is_empty(),
        "storage": n.storage,
        "realm": n.realm,
        "call_control": n.call_control,
        "spool_dir": n.spool_dir,
        "version": stored.version,
    })
}

impl Service {
    /// A spool directory is followed up from call records, which only a
    /// PostgreSQL database receives (the nodes' `cdr_pgsql`).
    fn spool_needs_call_records(&self, node: &NodeRecord, errors: &mut ValidationErrors) {
        if node.spool_dir.is_some() && self.store().backend() != pbx_store::Backend::Postgres {
            errors.push(
                "spool_dir",
                "needs pbx on PostgreSQL: recordings and voicemail are followed up from the \
                 call records the node writes there",
            );
        }
    }

    /// Every node (super administrators only).
    pub async fn list_nodes(&self, actor: &Actor) -> Result<Vec<StoredNode>, ServiceError> {
        require_super(actor)?;
        let mut conn = self.store().conn().await?;
        Ok(nodes::list(&mut conn).await?)
    }

    /// One node (super administrators only).
    pub async fn get_node(&self, actor: &Actor, name: &str) -> Result<StoredNode, ServiceError> {
        require_super(actor)?;
        let mut conn = self.store().conn().await?;
        nodes::by_name(&mut conn, name)
            .await
            .or_missing(|| ServiceError::not_found(format!("node {name}")))
    }

    /// Adds a node. A Realtime node fills the Realtime tables from the
    /// current extensions in the same transaction.
    pub async fn create_node(
        &self,
        actor: &Actor,
        body: &Value,
    ) -> Result<StoredNode, ServiceError> {
        require_super(actor)?;
        let mut node = blank();
        let mut errors = ValidationErrors::new();
        if !body.is_object() {
            errors.push("body", "must be a JSON object");
        }
        for required in ["name", "output_dir", "ami_secret"] {
            if body.get(required).is_none() {
                errors.push(required, "is required");
            }
        }
        apply_fields(&mut node, body, true, &mut errors);
        self.spool_needs_call_records(&node, &mut errors);
        errors.into_result()?;
        let mut tx = self.store().begin().await?;
        sections_free_of_usernames(&mut tx, &node).await?;
        let stored = nodes::insert(&mut tx, &node).await?;
        if node.storage == "realtime" {
            self.resync_realtime(&mut tx).await?;
        }
        // The new node starts after the newest change: this one gives it
        // every tenant's files.
        self.commit_change(tx, crate::Change::every_tenant())
            .await?;
        tracing::info!(node = %stored.node.name, storage = %stored.node.storage, actor = %actor.username, "node created");
        Ok(stored)
    }

    /// Changes a node's fields (send `version` to guard against a
    /// concurrent change).
    pub async fn update_node(
        &self,
        actor: &Actor,
        name: &str,
        body: &Value,
    ) -> Result<StoredNode, ServiceError> {
        let current = self.get_node(actor, name).await?;
        let mut node = current.node.clone();
        let mut errors = ValidationErrors::new();
        apply_fields(&mut node, body, false, &mut errors);
        self.spool_needs_call_records(&node, &mut errors);
        let version = match body.get("version") {
            None => current.version,
            Some(v) => match v.as_i64() {
                Some(v) => v,
                None => {
                    errors.push("version", "must be a whole number");
                    current.version
                }
            },
        };
        errors.into_result()?;
        let mut tx = self.store().begin().await?;
        sections_free_of_usernames(&mut tx, &node).await?;
        let stored = nodes::update(&mut tx, current.id, version, &node).await?;
        if node == current.node {
            pbx_store::commit(tx).await?;
            return Ok(stored);
        }
        // The rows carry the node's context prefix and transports.
        if node.storage == "realtime" {
            self.resync_realtime(&mut tx).await?;
        }
        // Prefix, transports or trunk changed: every file is rendered again.
        self.commit_change(tx, crate::Change::every_tenant())
            .await?;
        tracing::info!(node = %name, actor = %actor.username, "node changed");
        Ok(stored)
    }

    /// The files of one tenant as `node` would get them (inspection).
    pub async fn render_for_inspection(
        &self,
        actor: &Actor,
        name: &str,
        tenant: &str,
    ) -> Result<Vec<pbx_asterisk::RenderedFile>, ServiceError> {
        let stored = self.get_node(actor, name).await?;
        if tenant.is_empty() {
            return Err(ServiceError::invalid("tenant", "is required"));
        }
        let code = self.get_tenant(actor, tenant).await?.tenant.code;
        let (node, storage) = settings_of(&stored.node);
        let only = [code.to_string()].into_iter().collect();
        let mut files = self.render_node_files(&node, &storage, Some(&only)).await?;
        files.retain(|f| f.tenant.as_ref() == Some(&code));
        Ok(files)
    }

    /// Removes a node (its files stay where they are).
    pub async fn delete_node(&self, actor: &Actor, name: &str) -> Result<(), ServiceError> {
        require_super(actor)?;
        let mut conn = self.store().conn().await?;
        nodes::delete(&mut conn, name)
            .await
            .or_missing(|| ServiceError::not_found(format!("node {name}")))?;
        tracing::info!(node = %name, actor = %actor.username, "node removed");
        Ok(())
    }
}

/// A node's transport and trunk sections share the PJSIP namespace with
/// the extensions' endpoints: none may be called like a username (in any
/// case). Only super administrators manage nodes, so naming the clash
/// reveals nothing they could not see.
async fn sections_free_of_usernames(
    conn: &mut pbx_store::Connection,
    node: &NodeRecord,
) -> Result<(), ServiceError> {
    let mut sections: Vec<(String, String)> = node
        .transports
        .iter()
        .map(|(t, section)| (format!("transports.{t}"), section.clone()))
        .collect();
    if let Some(trunk) = &node.inter_node_trunk {
        sections.push(("inter_node_trunk".into(), trunk.clone()));
    }
    let names: Vec<String> = sections.iter().map(|(_, s)| s.clone()).collect();
    let owners = pbx_store::extensions::owners_of_usernames_folded(conn, &names).await?;
    let mut errors = ValidationErrors::new();
    for (field, section) in &sections {
        if let Some((username, _, number)) = owners
            .iter()
            .find(|(u, _, _)| u.eq_ignore_ascii_case(section))
        {
            errors.push(
                field,
                format!("{section} is the SIP username {username} of extension {number}; choose another section name"),
            );
        }
    }
    errors.into_result()?;
    Ok(())
}
