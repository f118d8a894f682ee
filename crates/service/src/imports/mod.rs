//! Importing a CSV, XLS or XLSX file of extensions: a preview that checks
//! every row against the tenant and the database and keeps the upload, and
//! an apply that checks everything again and writes the whole file in one
//! transaction, or nothing.

mod gate;
mod row;
mod run;

pub use gate::{ImportGate, ImportSlot, MAX_IMPORTS, MAX_IMPORTS_PER_TENANT};

use pbx_interchange::{CellError, Source};
use pbx_store::tenants::StoredTenant;
use pbx_store::{StoreError, imports, tenants};
use serde::Serialize;

use crate::{Actor, Permission, Service, ServiceError};

/// How long an uploaded file waits for its apply.
pub const UPLOAD_LIFETIME_SECS: i64 = 3600;
/// The most problems a report lists; the rest are counted.
pub const MAX_REPORTED_ERRORS: usize = 1000;

/// Called with the number of rows checked so far (CLI progress bars).
pub type Progress<'a> = &'a (dyn Fn(u64) + Send + Sync);

/// What a file would do, or did: counts and every problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// The format the header was recognised as.
    pub source: Source,
    /// Rows that create an extension.
    pub creates: u64,
    /// Rows that change an extension.
    pub updates: u64,
    /// Rows that repeat what is stored (not rewritten).
    pub unchanged: u64,
    /// Every problem, by line; the file is applied only when there is none.
    pub errors: Vec<CellError>,
    /// FreePBX columns with no equivalent here (not imported).
    pub unmapped: Vec<String>,
}

/// The preview of an upload, with the id to apply it by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportPreview {
    pub id: String,
    #[serde(flatten)]
    pub report: ImportReport,
}

/// The end of an apply: written (`applied`), or refused with the errors
/// found at that moment (nothing written).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportOutcome {
    pub applied: bool,
    #[serde(flatten)]
    pub report: ImportReport,
}

fn no_progress(_: u64) {}

impl Service {
    /// Checks an upload and keeps it for [`Service::apply_import`] (for an
    /// hour). A file that cannot be read at all is a `file` field error;
    /// `Busy` while another import of the tenant runs.
    pub async fn preview_import(
        &self,
        actor: &Actor,
        code: &str,
        bytes: &[u8],
        file_name: &str,
    ) -> Result<ImportPreview, ServiceError> {
        let slot = self.reserve_import(actor, code).await?;
        self.preview_reserved(actor, &slot, bytes, file_name).await
    }

    /// Forgets uploads whose hour is over (`pbx serve` calls it every
    /// minute, besides every preview).
    pub async fn purge_expired_imports(&self) -> Result<u64, ServiceError> {
        Ok(imports::purge_expired(&mut *self.store().conn().await?).await?)
    }

    /// Authorizes an import into tenant `code` and takes its slot (see
    /// [`ImportGate`]): handlers call this before reading an upload's body,
    /// so concurrent uploads are refused before they cost memory.
    pub async fn reserve_import(
        &self,
        actor: &Actor,
        code: &str,
    ) -> Result<ImportSlot, ServiceError> {
        let tenant = self.authorize_import(actor, code).await?;
        ImportGate::enter(&self.imports, tenant.tenant.code.as_str())
    }

    /// [`Service::preview_import`] with a slot already taken.
    pub async fn preview_reserved(
        &self,
        actor: &Actor,
        slot: &ImportSlot,
        bytes: &[u8],
        file_name: &str,
    ) -> Result<ImportPreview, ServiceError> {
        let tenant = self.authorize_import(actor, slot.tenant()).await?;
        let report = self
            .check_for(&tenant, actor, bytes, file_name, &no_progress)
            .await?;
        let id = random_id();
        let mut tx = self.store().begin().await?;
        imports::purge_expired(&mut tx).await?;
        imports::insert(
            &mut tx,
            &id,
            tenant.id,
            actor.user_id,
            file_name,
            bytes,
            pbx_store::now() + UPLOAD_LIFETIME_SECS,
        )
        .await?;
        pbx_store::commit(tx).await?;
        Ok(ImportPreview { id, report })
    }

    /// The tenant `code` if the actor may import into it (404 outside its
    /// tenants, 403 without the import permission): callers check this
    /// before reading an upload, so nobody learns more than that.
    pub async fn authorize_import(
        &self,
        actor: &Actor,
        code: &str,
    ) -> Result<StoredTenant, ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        actor.require(Permission::Import)?;
        Ok(tenant)
    }

    /// Checks a file without keeping it or writing anything (dry runs).
    pub async fn check_import(
        &self,
        actor: &Actor,
        code: &str,
        bytes: &[u8],
        file_name: &str,
        progress: Progress<'_>,
    ) -> Result<ImportReport, ServiceError> {
        let tenant = self.authorize_import(actor, code).await?;
        let _slot = ImportGate::enter(&self.imports, tenant.tenant.code.as_str())?;
        self.check_for(&tenant, actor, bytes, file_name, progress)
            .await
    }

    async fn check_for(
        &self,
        tenant: &StoredTenant,
        actor: &Actor,
        bytes: &[u8],
        file_name: &str,
        progress: Progress<'_>,
    ) -> Result<ImportReport, ServiceError> {
        let mut conn = self.store().conn().await?;
        let run = run::Run::new(self, tenant, actor, false, progress);
        Ok(run.execute(&mut conn, bytes, file_name).await?.0)
    }

    /// Applies an upload kept by [`Service::preview_import`].
    pub async fn apply_import(
        &self,
        actor: &Actor,
        code: &str,
        id: &str,
    ) -> Result<ImportOutcome, ServiceError> {
        let tenant = self.authorize_import(actor, code).await?;
        let _slot = ImportGate::enter(&self.imports, tenant.tenant.code.as_str())?;
        let mut conn = self.store().conn().await?;
        let upload = match imports::get(&mut conn, tenant.id, id).await {
            Ok(upload) if upload.user_id == actor.user_id => upload,
            Ok(_) | Err(StoreError::NotFound) => {
                return Err(ServiceError::not_found(format!("import {id}")));
            }
            Err(other) => return Err(other.into()),
        };
        drop(conn);
        let outcome = self
            .write_file(
                actor,
                code,
                &upload.content,
                &upload.file_name,
                &no_progress,
            )
            .await?;
        if outcome.applied {
            imports::delete(&mut *self.store().conn().await?, id).await?;
        }
        Ok(outcome)
    }

    /// Checks and writes a file in one transaction: every row, or none.
    /// Rows that repeat what is stored are not rewritten.
    pub async fn import_file(
        &self,
        actor: &Actor,
        code: &str,
        bytes: &[u8],
        file_name: &str,
        progress: Progress<'_>,
    ) -> Result<ImportOutcome, ServiceError> {
        let tenant = self.authorize_import(actor, code).await?;
        let _slot = ImportGate::enter(&self.imports, tenant.tenant.code.as_str())?;
        self.write_file(actor, code, bytes, file_name, progress)
            .await
    }

    async fn write_file(
        &self,
        actor: &Actor,
        code: &str,
        bytes: &[u8],
        file_name: &str,
        progress: Progress<'_>,
    ) -> Result<ImportOutcome, ServiceError> {
        let tenant = self.authorize_import(actor, code).await?;
        let mut tx = self.store().begin().await?;
        // A write first: the tenant stays locked while the file is checked
        // against it and written.
        tenants::lock(&mut tx, tenant.id).await?;
        let tenant = tenants::by_id(&mut tx, tenant.id).await?;
        let run = run::Run::new(self, &tenant, actor, true, progress);
        let (report, change) = run.execute(&mut tx, bytes, file_name).await?;
        if !report.errors.is_empty() {
            return Ok(ImportOutcome {
                applied: false,
                report,
            });
        }
        if report.creates + report.updates > 0 {
            self.commit_change(tx, change).await?;
        } else {
            pbx_store::commit(tx).await?;
        }
        tracing::info!(
            tenant = code,
            created = report.creates,
            updated = report.updates,
            actor = %actor.username,
            "import applied"
        );
        Ok(ImportOutcome {
            applied: true,
            report,
        })
    }
}

/// Forgets expired uploads every `every`, for as long as the process runs
/// (a store error is logged and tried again at the next tick).
pub fn spawn_upload_purger(
    service: Service,
    every: std::time::Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            match service.purge_expired_imports().await {
                Ok(0) => {}
                Ok(purged) => tracing::info!(purged, "expired import uploads purged"),
                Err(e) => tracing::warn!(error = %e, "purging expired import uploads failed"),
            }
        }
    })
}

/// A random upload id (32 hex digits).
fn random_id() -> String {
    let mut buf = [0u8; 16];
    rand::fill(&mut buf[..]);
    hex::encode(buf)
}
