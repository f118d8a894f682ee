//! Realtime rows written in the transaction of the extension change they
//! mirror, when a node with storage mode `realtime` exists. The tables'
//! columns are the ones the `asterisk` crate derives from the settings
//! catalogue; a column a database lacks is added before the first write.

use std::sync::atomic::Ordering;

use pbx_asterisk::NodeSettings;
use pbx_asterisk::pjsip::auth_id;
use pbx_asterisk::realtime::{RealtimeTable, pjsip_rows, sippeers_row};
use pbx_domain::objects::TenantObject;
use pbx_domain::{Extension, Tenant};
use pbx_store::Connection;
use pbx_store::realtime::{self, Table};
use pbx_store::{extensions, nodes, objects, tenants};

use crate::nodes::settings_of;
use crate::{Service, ServiceError};

/// The store's view of a Realtime table the `asterisk` crate declares.
pub fn store_table(table: RealtimeTable) -> Table {
    Table {
        name: table.name(),
        key: table.key(),
        columns: table.columns(),
    }
}

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

/// Removes the rows of `removed`, then writes the rows of `written`: one
/// batch of statements per table, however many extensions there are.
async fn write_rows(
    conn: &mut Connection,
    (node, realm): &(NodeSettings, Option<String>),
    tenant: &Tenant,
    objects: &[TenantObject],
    removed: &[&Extension],
    written: &[&Extension],
) -> Result<(), ServiceError> {
    let ids: Vec<String> = removed
        .iter()
        .filter_map(|e| e.username.as_ref().map(|u| u.as_str().to_owned()))
        .collect();
    let auth_ids: Vec<String> = ids.iter().map(|id| auth_id(id)).collect();
    for (table, keys) in [
        (RealtimeTable::Endpoints, &ids),
        (RealtimeTable::Aors, &ids),
        (RealtimeTable::Auths, &auth_ids),
        (RealtimeTable::SipPeers, &ids),
    ] {
        realtime::delete_many(conn, &store_table(table), keys).await?;
    }
    let (mut endpoints, mut auths, mut aors, mut peers) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for e in written {
        if let Some(rows) = pjsip_rows(node, tenant, objects, e, realm.as_deref()) {
            endpoints.push(rows.endpoint);
            auths.push(rows.auth);
            aors.push(rows.aor);
        }
        if let Some(row) = sippeers_row(node, tenant, objects, e, realm.as_deref()) {
            peers.push(row);
        }
    }
    for (table, rows) in [
        (RealtimeTable::Endpoints, &endpoints),
        (RealtimeTable::Auths, &auths),
        (RealtimeTable::Aors, &aors),
        (RealtimeTable::SipPeers, &peers),
    ] {
        realtime::put_many(conn, &store_table(table), rows).await?;
    }
    Ok(())
}

impl Service {
    /// Adds the declared Realtime columns a database lacks, once per
    /// process: the check is remembered only when it found nothing to add,
    /// so columns added in a transaction that rolled back are added again.
    async fn ensure_realtime_columns(&self, conn: &mut Connection) -> Result<(), ServiceError> {
        if self.realtime_columns_ready.load(Ordering::Acquire) {
            return Ok(());
        }
        let mut added = false;
        for table in RealtimeTable::ALL {
            added |= realtime::ensure_columns(conn, &store_table(table)).await?;
        }
        if !added {
            self.realtime_columns_ready.store(true, Ordering::Release);
        }
        Ok(())
    }

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
        self.ensure_realtime_columns(conn).await?;
        let objects = objects::list(conn, tenant_id, None).await?;
        write_rows(conn, &node, tenant, &objects, removed, written).await
    }

    /// Rewrites every Realtime row from the extensions (a new Realtime node).
    pub(crate) async fn resync_realtime(&self, conn: &mut Connection) -> Result<(), ServiceError> {
        let Some(node) = realtime_node(conn).await? else {
            return Ok(());
        };
        self.ensure_realtime_columns(conn).await?;
        let tables = RealtimeTable::ALL.map(store_table);
        realtime::clear(conn, &tables).await?;
        for stored in tenants::list(conn).await? {
            let objects = objects::list(conn, stored.id, None).await?;
            let all = extensions::all_of_tenant(conn, stored.id).await?;
            let written: Vec<&Extension> = all.iter().map(|s| &s.extension).collect();
            write_rows(conn, &node, &stored.tenant, &objects, &[], &written).await?;
        }
        Ok(())
    }
}
