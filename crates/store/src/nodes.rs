//! Asterisk nodes: where each node's files go, how to reach its manager
//! interface, and whether it reads PJSIP objects from files or Realtime.

use std::collections::BTreeMap;

use sqlx::{AnyConnection, Row};

use crate::{Query, StoreError};

/// One node as stored. `Debug` never shows the AMI secret.
#[derive(Clone, PartialEq, Eq)]
pub struct NodeRecord {
    pub name: String,
    /// SIP transport (`udp`, `tcp`, `tls`, `ws`, `wss`) to PJSIP section name.
    pub transports: BTreeMap<String, String>,
    pub context_prefix: String,
    pub inter_node_trunk: Option<String>,
    pub output_dir: String,
    pub ami_host: String,
    pub ami_port: u16,
    pub ami_username: String,
    pub ami_secret: String,
    /// `files` or `realtime`.
    pub storage: String,
    /// The SIP realm the node challenges with; with one, Realtime rows hold
    /// digests instead of secrets.
    pub realm: Option<String>,
    /// The pbx call-control service (`host:port`, FastAGI) the node's
    /// dialplan asks before each outbound call; none: calls are not checked.
    pub call_control: Option<String>,
    /// The node's Asterisk spool directory as pbx reads it (recordings,
    /// voicemail); none: pbx does not follow up the node's call media.
    pub spool_dir: Option<String>,
}

impl std::fmt::Debug for NodeRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NodeRecord")
            .field("name", &self.name)
            .field("transports", &self.transports)
            .field("context_prefix", &self.context_prefix)
            .field("inter_node_trunk", &self.inter_node_trunk)
            .field("output_dir", &self.output_dir)
            .field("ami_host", &self.ami_host)
            .field("ami_port", &self.ami_port)
            .field("ami_username", &self.ami_username)
            .field("ami_secret", &"<hidden>")
            .field("storage", &self.storage)
            .field("realm", &self.realm)
            .field("call_control", &self.call_control)
            .field("spool_dir", &self.spool_dir)
            .finish()
    }
}

/// A stored node with its row id and version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredNode {
    pub id: i64,
    pub version: i64,
    /// The last outbox change projected to the node (see [`crate::outbox`]).
    pub projected_through: i64,
    pub node: NodeRecord,
}

const COLUMNS: &str = "id, version, projected_through, name, transports, context_prefix, inter_node_trunk, \
     output_dir, ami_host, ami_port, ami_username, ami_secret, storage, realm, call_control, spool_dir";

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredNode, StoreError> {
    let transports: String = row.try_get("transports")?;
    let port: i64 = row.try_get("ami_port")?;
    Ok(StoredNode {
        id: row.try_get("id")?,
        version: row.try_get("version")?,
        projected_through: row.try_get("projected_through")?,
        node: NodeRecord {
            name: row.try_get("name")?,
            transports: serde_json::from_str(&transports)
                .map_err(|e| StoreError::Corrupt(format!("node transports: {e}")))?,
            context_prefix: row.try_get("context_prefix")?,
            inter_node_trunk: row.try_get("inter_node_trunk")?,
            output_dir: row.try_get("output_dir")?,
            ami_host: row.try_get("ami_host")?,
            ami_port: u16::try_from(port)
                .map_err(|_| StoreError::Corrupt(format!("node AMI port {port}")))?,
            ami_username: row.try_get("ami_username")?,
            ami_secret: crate::secrets::open(&row.try_get::<String, _>("ami_secret")?)?,
            storage: row.try_get("storage")?,
            realm: row.try_get("realm")?,
            call_control: row.try_get("call_control")?,
            spool_dir: row.try_get("spool_dir")?,
        },
    })
}

fn transports_json(node: &NodeRecord) -> String {
    serde_json::to_string(&node.transports).unwrap_or_else(|_| "{}".into())
}

/// Binds the node's fields from `transports` to `realm`, in the order the
/// INSERT and the UPDATE list them (the secret sealed).
fn bind_fields<'q>(query: Query<'q>, node: &'q NodeRecord) -> Query<'q> {
    query
        .bind(transports_json(node))
        .bind(&node.context_prefix)
        .bind(node.inter_node_trunk.clone())
        .bind(&node.output_dir)
        .bind(&node.ami_host)
        .bind(i64::from(node.ami_port))
        .bind(&node.ami_username)
        .bind(crate::secrets::seal(&node.ami_secret))
        .bind(&node.storage)
        .bind(node.realm.clone())
        .bind(node.call_control.clone())
        .bind(node.spool_dir.clone())
}

/// Inserts a node; `Conflict { field: "name" }` when the name is taken.
pub async fn insert(conn: &mut AnyConnection, node: &NodeRecord) -> Result<StoredNode, StoreError> {
    let query = sqlx::query(sql!(
        "INSERT INTO nodes (name, transports, context_prefix, inter_node_trunk, output_dir, \
         ami_host, ami_port, ami_username, ami_secret, storage, realm, call_control, spool_dir, \
         projected_through) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
         (SELECT COALESCE(MAX(id), 0) FROM projection_outbox)) RETURNING {COLUMNS}"
    ));
    let row = bind_fields(query.bind(&node.name), node)
        .fetch_one(conn)
        .await
        .map_err(name_conflict)?;
    from_row(&row)
}

/// Replaces a node's fields (not its name) if `version` is current.
pub async fn update(
    conn: &mut AnyConnection,
    id: i64,
    version: i64,
    node: &NodeRecord,
) -> Result<StoredNode, StoreError> {
    let query = sqlx::query(sql!(
        "UPDATE nodes SET transports = $1, context_prefix = $2, inter_node_trunk = $3, \
         output_dir = $4, ami_host = $5, ami_port = $6, ami_username = $7, ami_secret = $8, \
         storage = $9, realm = $10, call_control = $11, spool_dir = $12, \
         version = version + 1 WHERE id = $13 AND version = $14 \
         RETURNING {COLUMNS}"
    ));
    let row = bind_fields(query, node)
        .bind(id)
        .bind(version)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::StaleVersion)?;
    from_row(&row)
}

/// Moves a node's outbox cursor from `from` to `to` unless another
/// projector moved it first; true when this caller claimed the changes.
pub async fn claim(
    conn: &mut AnyConnection,
    id: i64,
    from: i64,
    to: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE nodes SET projected_through = $1 WHERE id = $2 AND projected_through = $3",
    )
    .bind(to)
    .bind(id)
    .bind(from)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Seals every AMI secret still stored in plaintext; returns how many.
pub(crate) async fn seal_plaintext_secrets(conn: &mut AnyConnection) -> Result<u64, StoreError> {
    if !crate::secrets::sealing() {
        return Ok(0);
    }
    let plain: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, ami_secret FROM nodes WHERE ami_secret NOT LIKE 'enc:v1:%'")
            .fetch_all(&mut *conn)
            .await?;
    for (id, secret) in &plain {
        sqlx::query("UPDATE nodes SET ami_secret = $1 WHERE id = $2")
            .bind(crate::secrets::seal(secret))
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(plain.len() as u64)
}

/// The node called `name`.
pub async fn by_name(conn: &mut AnyConnection, name: &str) -> Result<StoredNode, StoreError> {
    let row = sqlx::query(sql!("SELECT {COLUMNS} FROM nodes WHERE name = $1"))
        .bind(name)
        .fetch_one(conn)
        .await?;
    from_row(&row)
}

/// Every node, by name.
pub async fn list(conn: &mut AnyConnection) -> Result<Vec<StoredNode>, StoreError> {
    let rows = sqlx::query(sql!("SELECT {COLUMNS} FROM nodes ORDER BY name"))
        .fetch_all(conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Deletes the node called `name`.
pub async fn delete(conn: &mut AnyConnection, name: &str) -> Result<(), StoreError> {
    let done = sqlx::query("DELETE FROM nodes WHERE name = $1")
        .bind(name)
        .execute(conn)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

fn name_conflict(error: sqlx::Error) -> StoreError {
    match StoreError::from(error) {
        StoreError::Conflict { .. } => StoreError::Conflict { field: "name" },
        other => other,
    }
}
