//! `GET /api/v1/tenants/{code}/calls`: call records with filters (JSON or
//! CSV), `GET .../calls/spend`: outbound spend per day, and
//! `GET .../calls/{id}/recording`: a call's recording.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use pbx_interchange::CsvWriter;
use pbx_service::calls::{CallQuery, amount_text};
use pbx_store::call_analyses::CallAnalysis;
use pbx_store::calls::CallRecord;
use serde_json::{Value, json};

use super::auth::ApiActor;
use crate::api::openapi::{json_schema, list_of, object};
use crate::csv_download::csv_attachment;
use crate::{ApiError, AppState};

/// The columns of a call record, in JSON and CSV order.
const COLUMNS: [&str; 19] = [
    "id",
    "extension",
    "direction",
    "caller",
    "callee",
    "started_at",
    "answered_at",
    "ended_at",
    "duration",
    "billsec",
    "disposition",
    "node",
    "uniqueid",
    "linkedid",
    "recording",
    "rate_prefix",
    "amount",
    "sentiment",
    "summary",
];

/// What the speech service made of a recording, as JSON.
fn analysis_json(a: &CallAnalysis) -> Value {
    json!({
        "transcript": a.transcript,
        "summary": a.summary,
        "sentiment": a.sentiment,
        "error": a.error,
    })
}

/// One record as JSON (the amount as a decimal string, or null), with
/// its recording's analysis.
pub fn record_json(c: &CallRecord, analysis: Option<&CallAnalysis>) -> Value {
    let r = &c.record;
    json!({
        "id": c.id,
        "extension": r.extension,
        "direction": r.direction,
        "caller": r.caller,
        "callee": r.callee,
        "started_at": r.started_at,
        "answered_at": r.answered_at,
        "ended_at": r.ended_at,
        "duration": r.duration,
        "billsec": r.billsec,
        "disposition": r.disposition,
        "node": r.node,
        "uniqueid": r.uniqueid,
        "linkedid": r.linkedid,
        "recording": r.recording,
        "rate_prefix": r.rate_prefix,
        "amount": r.amount.map(amount_text),
        "analysis": analysis.map(analysis_json),
    })
}

/// The records as CSV (formula cells neutralised by `CsvWriter`).
pub fn records_csv(records: &[CallRecord], analyses: &HashMap<i64, CallAnalysis>) -> String {
    let mut out = CsvWriter::new(Vec::new());
    out.header(COLUMNS).expect("writing to memory cannot fail");
    for c in records {
        let json = record_json(c, analyses.get(&c.id));
        let cell = |k: &str| match k {
            "sentiment" | "summary" => &json["analysis"][k],
            _ => &json[k],
        };
        let row = COLUMNS.map(|k| match cell(k) {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        out.row(row).expect("every row has the header's cells");
    }
    out.into_string()
}

json_schema!(
    /// One call: who called whom, when (Unix seconds), how it ended, its price.
    CallRecordSchema,
    object(&[
        ("id", json!({"type": "integer"})),
        ("extension", json!({"type": "string", "description": "the calling extension (internal, outbound) or the called one (inbound)"})),
        ("direction", json!({"type": "string", "enum": ["internal", "inbound", "outbound"]})),
        ("caller", json!({"type": "string"})),
        ("callee", json!({"type": "string"})),
        ("started_at", json!({"type": "integer"})),
        ("answered_at", json!({"type": ["integer", "null"]})),
        ("ended_at", json!({"type": "integer"})),
        ("duration", json!({"type": "integer"})),
        ("billsec", json!({"type": "integer"})),
        ("disposition", json!({"type": "string"})),
        ("node", json!({"type": "string"})),
        ("uniqueid", json!({"type": "string"})),
        ("linkedid", json!({"type": "string"})),
        ("recording", json!({"type": ["string", "null"]})),
        ("rate_prefix", json!({"type": ["string", "null"]})),
        ("amount", json!({"type": ["string", "null"], "description": "price in the tenant currency, 4 decimals"})),
        ("analysis", json!({"type": ["object", "null"], "description": "what the tenant's speech service made of the recording (when the extension asks for a transcript, summary or sentiment)", "properties": {
            "transcript": {"type": ["string", "null"]},
            "summary": {"type": ["string", "null"]},
            "sentiment": {"type": ["string", "null"], "enum": ["positive", "neutral", "negative", "mixed", null]},
            "error": {"type": ["string", "null"], "description": "why the service gave no answer"}
        }})),
    ])
);

json_schema!(
    /// The records, newest first.
    CallList,
    list_of::<CallRecordSchema>()
);

json_schema!(
    /// Outbound spend per UTC day, oldest first.
    SpendPerDay,
    object(&[(
        "days",
        json!({"type": "array", "items": {"type": "object", "properties": {
            "day": {"type": "integer", "description": "the day's first second (Unix)"},
            "amount": {"type": "string"}
        }}})
    )])
);

fn text(query: &HashMap<String, String>, key: &str) -> Option<String> {
    query.get(key).cloned()
}

#[utoipa::path(
    get,
    path = "/api/v1/tenants/{code}/calls",
    tag = "calls",
    params(
        ("extension" = Option<String>, Query, description = "one extension's calls"),
        ("direction" = Option<String>, Query, description = "internal, inbound or outbound"),
        ("from" = Option<i64>, Query, description = "started at or after (Unix seconds)"),
        ("until" = Option<i64>, Query, description = "started before (Unix seconds)"),
        ("limit" = Option<i64>, Query, description = "at most this many (1-1000, default 100)"),
        ("offset" = Option<i64>, Query, description = "skip this many"),
        ("format" = Option<String>, Query, description = "json (the default) or csv"),
    ),
    responses((status = 200, description = "The calls", content(
        (CallList = "application/json"),
        ("text/csv"),
    )))
)]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let format = query.get("format").map_or("json", String::as_str);
    if !["json", "csv"].contains(&format) {
        return Err(ApiError::field("format", "must be json or csv"));
    }
    let calls = CallQuery {
        extension: text(&query, "extension"),
        direction: text(&query, "direction"),
        from: text(&query, "from"),
        until: text(&query, "until"),
        limit: text(&query, "limit"),
        offset: text(&query, "offset"),
    };
    let records = state.service.list_calls(&actor, &code, &calls).await?;
    let analyses = state.service.call_analyses(&records).await?;
    if format == "json" {
        let calls: Vec<Value> = records
            .iter()
            .map(|c| record_json(c, analyses.get(&c.id)))
            .collect();
        let total = calls.len();
        return Ok(Json(json!({ "items": calls, "total": total })).into_response());
    }
    Ok(csv_attachment(
        records_csv(&records, &analyses),
        "calls.csv",
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/tenants/{code}/calls/spend",
    tag = "calls",
    params(
        ("extension" = Option<String>, Query, description = "one extension's spend"),
        ("days" = Option<i64>, Query, description = "how many days back, today included (1-366, default 30)"),
    ),
    responses((status = 200, description = "Spend per day", body = SpendPerDay))
)]
pub async fn spend(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let days = match query.get("days").filter(|d| !d.is_empty()) {
        None => 30,
        Some(d) => d
            .parse()
            .map_err(|_| ApiError::field("days", "must be a whole number"))?,
    };
    let extension = query
        .get("extension")
        .map(String::as_str)
        .filter(|e| !e.is_empty());
    let spent = state
        .service
        .spend_per_day(&actor, &code, extension, days)
        .await?;
    let days: Vec<Value> = spent
        .iter()
        .map(|(day, amount)| json!({"day": day, "amount": amount_text(*amount)}))
        .collect();
    Ok(Json(json!({ "days": days })))
}

#[utoipa::path(
    get,
    path = "/api/v1/tenants/{code}/calls/{id}/recording",
    tag = "calls",
    params(("id" = i64, Path, description = "the call record's id")),
    responses(
        (status = 200, description = "The recording (WAV), read from the node's spool directory", content_type = "audio/wav"),
        (status = 404, description = "No such call of the tenant, no recording, or the node's spool does not hold it"),
    )
)]
pub async fn recording(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, ApiError> {
    let path = state.service.call_recording(&actor, &code, id).await?;
    Ok(crate::recording_download::recording_response(&path).await?)
}
