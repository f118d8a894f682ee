//! A call with a recording in its node's spool, for the walk to download.

use std::path::Path;

use pbx_service::Service;
use pbx_store::calls::{NewCallRecord, insert_one};

/// The file the seeded call's recording is, as the walk expects to read it.
pub const RECORDING: &[u8] = b"RIFF\x24\x00\x00\x00WAVEfmt ";

/// Points node `node`'s spool at `spool` (in the store: the API keeps a
/// spool for PostgreSQL, where call records are ingested), writes a
/// recording there and records an answered call of `tenant`'s extension
/// 100 with it; answers the call's id.
pub async fn seed_recorded_call(service: &Service, tenant: &str, node: &str, spool: &Path) -> i64 {
    std::fs::create_dir_all(spool.join("monitor")).unwrap();
    std::fs::write(spool.join("monitor/schema-out.wav"), RECORDING).unwrap();
    let mut conn = service.store().conn().await.unwrap();
    let mut stored = pbx_store::nodes::by_name(&mut conn, node).await.unwrap();
    stored.node.spool_dir = Some(spool.to_str().unwrap().to_owned());
    pbx_store::nodes::update(&mut conn, stored.id, stored.version, &stored.node)
        .await
        .unwrap();
    let tenant = pbx_store::tenants::by_code(&mut conn, tenant)
        .await
        .unwrap();
    let start = pbx_store::now() - 600;
    let record = NewCallRecord {
        tenant_id: tenant.id,
        extension: "100".into(),
        direction: "internal".into(),
        caller: "100".into(),
        callee: "101".into(),
        started_at: start,
        answered_at: Some(start + 2),
        ended_at: start + 32,
        duration: 32,
        billsec: 30,
        disposition: "ANSWERED".into(),
        node: node.into(),
        uniqueid: "9.1".into(),
        linkedid: "9.1".into(),
        recording: Some("schema-out.wav".into()),
        rate_prefix: None,
        amount: None,
    };
    insert_one(&mut conn, &record).await.unwrap()
}
