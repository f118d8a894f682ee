//! `GET /api/v1/tenants/{code}/audit?number=&format=json|csv`: the audit
//! log of a tenant or one extension, newest first, as the caller may see it.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use pbx_interchange::CsvWriter;
use pbx_store::audit::AuditEntry;
use serde_json::json;

use super::auth::ApiActor;
use crate::api::openapi::{any, json_schema, list_of, object};
use crate::csv_download::csv_attachment;
use crate::{ApiError, AppState};

/// The entries as CSV, written by interchange's `CsvWriter` (formula cells
/// neutralised).
pub fn entries_csv(entries: &[AuditEntry]) -> String {
    let mut out = CsvWriter::new(Vec::new());
    let header = [
        "id",
        "at",
        "actor",
        "source",
        "tenant",
        "extension",
        "action",
        "changes",
    ];
    out.header(header).expect("writing to memory cannot fail");
    for e in entries {
        let row = [
            e.id.to_string(),
            e.at.to_string(),
            e.actor.clone(),
            e.source.clone(),
            e.tenant.clone(),
            e.extension.clone(),
            e.action.clone(),
            e.changes.to_string(),
        ];
        out.row(row)
            .expect("every row has the header's eight cells");
    }
    out.into_string()
}

json_schema!(
    /// One change: who, when (Unix seconds), from where, and what changed.
    AuditRecord,
    object(&[
        ("id", json!({"type": "integer"})),
        ("at", json!({"type": "integer"})),
        ("actor", json!({"type": "string"})),
        ("source", json!({"type": "string"})),
        ("tenant", json!({"type": "string"})),
        ("extension", json!({"type": "string"})),
        ("action", json!({"type": "string"})),
        ("changes", any()),
    ])
);

json_schema!(
    /// The entries, newest first.
    AuditLog,
    list_of::<AuditRecord>()
);

#[utoipa::path(
    get,
    path = "/api/v1/tenants/{code}/audit",
    tag = "audit",
    params(
        ("number" = Option<String>, Query, description = "one extension's history"),
        ("format" = Option<String>, Query, description = "json (the default) or csv"),
    ),
    responses((status = 200, description = "The entries", content(
        (AuditLog = "application/json"),
        ("text/csv"),
    )))
)]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let number = query
        .get("number")
        .map(String::as_str)
        .filter(|n| !n.is_empty());
    let entries = state.service.audit_entries(&actor, &code, number).await?;
    match query.get("format").map_or("json", String::as_str) {
        "json" => Ok(Json(json!({"items": entries, "total": entries.len()})).into_response()),
        "csv" => Ok(csv_attachment(entries_csv(&entries), "audit.csv")),
        _ => Err(ApiError::field("format", "must be json or csv")),
    }
}

#[cfg(test)]
mod tests {
    use pbx_store::audit::AuditEntry;
    use serde_json::json;

    use super::entries_csv;

    #[test]
    fn the_audit_csv_is_guarded_crlf_csv_with_a_fixed_header() {
        let entry = |id, actor: &str, extension: &str, changes| AuditEntry {
            id,
            at: 1_700_000_000,
            actor: actor.into(),
            source: "web".into(),
            tenant: "ACME".into(),
            extension: extension.into(),
            action: "update".into(),
            changes,
        };
        let csv = entries_csv(&[
            entry(
                2,
                "=cmd|' /C calc'!A0",
                "100",
                json!({"name": ["a", "b,c"]}),
            ),
            entry(1, "boss", "-1", json!(null)),
        ]);
        assert_eq!(
            csv,
            "id,at,actor,source,tenant,extension,action,changes\r\n\
             2,1700000000,'=cmd|' /C calc'!A0,web,ACME,100,update,\"{\"\"name\"\":[\"\"a\"\",\"\"b,c\"\"]}\"\r\n\
             1,1700000000,boss,web,ACME,'-1,update,null\r\n"
        );
    }
}
