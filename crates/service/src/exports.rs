//! Exporting extensions as CSV or XLSX: all of a tenant's, those matching
//! the list filters, or a selection of numbers. The files are the import
//! format, so an export re-imports unchanged.

use std::collections::HashMap;

use pbx_interchange::{CsvExporter, ExportOptions, ExportRow, ReferenceNames, export_xlsx};
use pbx_store::extensions::{self, ListQuery, StoredExtension};

use crate::{Actor, Permission, Service, ServiceError};

/// The most numbers one selection may name.
pub const MAX_SELECTION: usize = 10_000;

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

impl ExportFormat {
    pub fn parse(raw: &str) -> Result<ExportFormat, String> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(ExportFormat::Csv),
            "xlsx" => Ok(ExportFormat::Xlsx),
            _ => Err("must be csv or xlsx".into()),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }
}

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    pub format: ExportFormat,
    /// The list filters and sort (paging is ignored).
    pub query: ListQuery,
    /// Only these numbers (a selection on the list page).
    pub numbers: Option<Vec<String>>,
}

/// An export file.
#[derive(Debug, Clone)]
pub struct ExportFile {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub file_name: String,
    pub rows: usize,
}

impl Service {
    /// The export of the tenant's extensions the actor may see; secrets
    /// only for actors allowed to see passwords.
    pub async fn export_extensions(
        &self,
        actor: &Actor,
        code: &str,
        request: ExportRequest,
    ) -> Result<ExportFile, ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        actor.require(Permission::Export)?;
        let mut query = request.query;
        query.only_numbers = match (actor.visible_numbers(code), request.numbers) {
            (Some(visible), Some(selected)) => Some(
                selected
                    .into_iter()
                    .filter(|n| visible.contains(n))
                    .collect(),
            ),
            (visible, None) => visible,
            (None, Some(selected)) if selected.len() > MAX_SELECTION => {
                return Err(ServiceError::invalid(
                    "numbers",
                    format!("at most {MAX_SELECTION} numbers may be selected"),
                ));
            }
            (None, Some(selected)) => Some(selected),
        };
        let options = ExportOptions {
            include_secrets: actor.may(Permission::ShowPasswords),
        };
        let mut conn = self.store().conn().await?;
        // call_rate is written as the rate table's name.
        let mut names = ReferenceNames::default();
        for object in pbx_store::objects::list(&mut conn, tenant.id, None).await? {
            names.insert(object.kind, object.id, object.name.as_str());
        }
        let numbers = extensions::matching_numbers(&mut conn, tenant.id, &query).await?;
        let bytes = match request.format {
            ExportFormat::Csv => {
                let mut exporter = CsvExporter::new(Vec::new(), options).map_err(internal)?;
                for chunk in numbers.chunks(500) {
                    for stored in in_order(chunk, &mut conn, tenant.id).await? {
                        exporter
                            .write(&named_row(&stored.extension, &names))
                            .map_err(internal)?;
                    }
                }
                exporter.finish().map_err(internal)?
            }
            ExportFormat::Xlsx => {
                let mut all = Vec::with_capacity(numbers.len());
                for chunk in numbers.chunks(500) {
                    all.extend(in_order(chunk, &mut conn, tenant.id).await?);
                }
                export_xlsx(all.iter().map(|s| named_row(&s.extension, &names)), options)
                    .map_err(internal)?
            }
        };
        Ok(ExportFile {
            bytes,
            content_type: request.format.content_type(),
            file_name: format!("{code}-extensions.{}", request.format.extension()),
            rows: numbers.len(),
        })
    }
}

/// The export row of `extension`, rate tables written by name.
fn named_row<'a>(extension: &'a pbx_domain::Extension, names: &'a ReferenceNames) -> ExportRow<'a> {
    ExportRow {
        reference_names: Some(names),
        ..ExportRow::from(extension)
    }
}

/// The extensions `numbers`, in that order.
async fn in_order(
    numbers: &[String],
    conn: &mut pbx_store::Connection,
    tenant_id: i64,
) -> Result<Vec<StoredExtension>, ServiceError> {
    let mut found: HashMap<String, StoredExtension> =
        extensions::by_numbers(conn, tenant_id, numbers)
            .await?
            .into_iter()
            .map(|s| (s.extension.number.to_string(), s))
            .collect();
    Ok(numbers.iter().filter_map(|n| found.remove(n)).collect())
}

fn internal(error: impl std::error::Error + Send + Sync + 'static) -> ServiceError {
    ServiceError::internal("export", error)
}
