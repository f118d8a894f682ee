//! Realtime rows written in the transaction of the extension change they
//! mirror, when a node with storage mode `realtime` exists.

use pbx_asterisk::NodeSettings;
use pbx_asterisk::pjsip::auth_id;
use pbx_asterisk::realtime::{pjsip_rows, sippeers_row};
use pbx_domain::objects::TenantObject;
use pbx_domain::{Extension, Tenant};
use pbx_store::Connection;
use pbx_store::realtime::{self, Table};
use pbx_store::{extensions, nodes, objects, tenants};

use crate::nodes::settings_of;
use crate::{Service, ServiceError};

/// The first Realtime node, if there is one: its settings (the rows'
/// `context` uses its prefix; Realtime nodes share one prefix and realm)
/// and its realm.
async fn realtime_node(
    conn: &mut Connection,
) -> Result<Option<(NodeSettings, Option<String>)>, ServiceError> {
    let all = nodes::list(conn).await?;
    Ok(all
        .iter()
        .find(|n| n.node.storage == "realtime")
        .map(|n| (settings_of(&n.node).0, n.node.realm.clone())))
}

/// Removes the rows of `removed`, then writes the rows of `written`.
async fn write_rows(
    conn: &mut Connection,
    (node, realm): &(NodeSettings, Option<String>),
    tenant: &Tenant,
    objects: &[TenantObject],
    removed: &[&Extension],
    written: &[&Extension],
) -> Result<(), ServiceError> {
    for e in removed {
        if let Some(username) = &e.username {
            let id = username.as_str();
            realtime::delete(conn, Table::Endpoints, id).await?;
            realtime::delete(conn, Table::Aors, id).await?;
            realtime::delete(conn, Table::Auths, &auth_id(id)).await?;
            realtime::delete(conn, Table::SipPeers, id).await?;
        }
    }
    for e in written {
        if let Some(rows) = pjsip_rows(node, tenant, objects, e, realm.as_deref()) {
            realtime::put(conn, Table::Endpoints, &rows.endpoint).await?;
            realtime::put(conn, Table::Auths, &rows.auth).await?;
            realtime::put(conn, Table::Aors, &rows.aor).await?;
        }
        if let Some(row) = sippeers_row(node, tenant, objects, e, realm.as_deref()) {
            realtime::put(conn, Table::SipPeers, &row).await?;
        }
    }
    Ok(())
}

impl Service {
    /// Mirrors an extension change into the Realtime tables on `conn` (the
    /// change's transaction): rows of `removed` go, rows of `written` are
    /// (re)written. Nothing happens without a Realtime node.
    pub(crate) async fn mirror_realtime(
        &self,
        conn: &mut Connection,
        tenant: &Tenant,
        tenant_id: i64,
        removed: &[&Extension],
        written: &[&Extension],
    ) -> Result<(), ServiceError> {
        let Some(node) = realtime_node(conn).await? else {
            return Ok(());
        };
        let objects = objects::list(conn, tenant_id, None).await?;
        write_rows(conn, &node, tenant, &objects, removed, written).await
    }

    /// Rewrites every Realtime row from the extensions (a new Realtime node).
    pub(crate) async fn resync_realtime(&self, conn: &mut Connection) -> Result<(), ServiceError> {
        let Some(node) = realtime_node(conn).await? else {
            return Ok(());
        };
        realtime::clear(conn).await?;
        for stored in tenants::list(conn).await? {
            let objects = objects::list(conn, stored.id, None).await?;
            let all = extensions::all_of_tenant(conn, stored.id).await?;
            let written: Vec<&Extension> = all.iter().map(|s| &s.extension).collect();
            write_rows(conn, &node, &stored.tenant, &objects, &[], &written).await?;
        }
        Ok(())
    }
}
