//! A call's recording and what the speech service made of it, for the
//! people who may see the call: the recording file (read from the node's
//! spool) and the stored analyses of listed calls.

use std::collections::HashMap;
use std::path::PathBuf;

use pbx_store::call_analyses::{self, CallAnalysis};
use pbx_store::calls::{self, CallRecord};
use pbx_store::nodes;

use super::media::recording_file_of;
use crate::{Actor, Service, ServiceError};

impl Service {
    /// The recording file of call `id` of tenant `code`: not found when the
    /// call is not the tenant's (or not one the actor may see), has no
    /// recording, or its node's spool does not hold it.
    pub async fn call_recording(
        &self,
        actor: &Actor,
        code: &str,
        id: i64,
    ) -> Result<PathBuf, ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        let missing = || ServiceError::not_found(format!("the recording of call {id}"));
        let mut conn = self.store().conn().await?;
        let Some(stored) = calls::by_id(&mut conn, id).await? else {
            return Err(missing());
        };
        if stored.record.tenant_id != tenant.id {
            return Err(missing());
        }
        actor
            .require_extension(code, &stored.record.extension)
            .map_err(|_| missing())?;
        let node = nodes::by_name(&mut conn, &stored.record.node).await.ok();
        let path = node
            .and_then(|n| n.node.spool_dir)
            .and_then(|spool| recording_file_of(&stored.record, &spool))
            .ok_or_else(missing)?;
        if !path.is_file() {
            return Err(missing());
        }
        Ok(path)
    }

    /// The stored analyses of `records` (all of one tenant the actor saw
    /// in a listing).
    pub async fn call_analyses(
        &self,
        records: &[CallRecord],
    ) -> Result<HashMap<i64, CallAnalysis>, ServiceError> {
        let ids: Vec<i64> = records
            .iter()
            .filter(|r| r.record.recording.is_some())
            .map(|r| r.id)
            .collect();
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let mut conn = self.store().conn().await?;
        Ok(call_analyses::of_records(&mut conn, &ids).await?)
    }
}
