//! Importing a CSV, XLS or XLSX file of extensions: a preview that checks
//! every row against the tenant and the database and keeps the upload, and
//! an apply that checks everything again and writes the whole file in one
//! transaction, or nothing.

mod row;
mod run;

use pbx_interchange::{CellError, Source};
use pbx_store::tenants::StoredTenant;
use pbx_store::{StoreError, imports, tenants};
use serde::Serialize;

use crate::{Actor, Permission, Service, ServiceError};

/// How long an uploaded file waits for its apply.
pub const UPLOAD_LIFETIME_SECS: i64 = 3600;

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
    /// hour). A file that cannot be read at all is a `file` field error.
    pub async fn preview_import(
        &self,
        actor: &Actor,
        code: &str,
        bytes: &[u8],
        file_name: &str,
    ) -> Result<ImportPreview, ServiceError> {
        let tenant = self.authorize_import(actor, code).await?;
        let report = self
            .check_for(&tenant, actor, bytes, file_name, &no_progress)
            .await?;
        let id = random_id();
        let mut conn = self.store().conn().await?;
        imports::purge_expired(&mut conn).await?;
        imports::insert(
            &mut conn,
            &id,
            tenant.id,
            actor.user_id,
            file_name,
            bytes,
            pbx_store::now() + UPLOAD_LIFETIME_SECS,
        )
        .await?;
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
            .import_file(
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

/// A random upload id (32 hex digits).
fn random_id() -> String {
    let mut buf = [0u8; 16];
    rand::fill(&mut buf[..]);
    hex::encode(buf)
}
