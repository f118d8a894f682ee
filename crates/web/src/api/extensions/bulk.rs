//! `POST .../extensions/bulk-create`, `bulk-delete`, `bulk-change-stack`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use pbx_service::extensions::BulkCreate;
use serde_json::{Value, json};

use crate::api::auth::ApiActor;
use crate::api::body::{json_object, only_fields};
use crate::api::extensions::schema::referrer_schema;
use crate::api::openapi::{json_schema, object};
use crate::{ApiError, AppState};

fn text(body: &Value, key: &str) -> Result<String, ApiError> {
    match body.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        _ => Err(ApiError::field(key, "is required")),
    }
}

fn numbers(body: &Value) -> Result<Vec<String>, ApiError> {
    let list = body
        .get("numbers")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::field("numbers", "is required (a list of numbers)"))?;
    list.iter()
        .map(|n| match n {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(n.to_string()),
            _ => Err(ApiError::field("numbers", "must hold numbers")),
        })
        .collect()
}

json_schema!(
    /// A range of numbers to create.
    BulkCreateRequest,
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["first", "last"],
        "properties": {
            "first": {"type": ["string", "integer"]},
            "last": {"type": ["string", "integer"]},
            "kind": {"type": "string", "default": "sip"},
            "name_pattern": {"type": "string", "default": "Extension {n}"},
            "preview": {"type": "boolean", "default": false},
        },
    })
);

json_schema!(
    /// What a bulk create did, or would do with `preview`.
    BulkCreated,
    json!({"oneOf": [
        object(&[("created", json!({"type": "integer"}))]),
        object(&[("preview", json!({"type": "array"})), ("count", json!({"type": "integer"}))]),
    ]})
);

/// Body: `{"first":"200","last":"219","kind":"sip","name_pattern":"Room {n}","preview":false}`.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{code}/extensions/bulk-create",
    operation_id = "bulk_create",
    tag = "extensions",
    request_body = BulkCreateRequest,
    responses((status = 200, description = "The rows (with `preview`) or the count created", body = BulkCreated))
)]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body = json_object(&body)?;
    only_fields(&body, &["first", "last", "kind", "name_pattern", "preview"])?;
    let request = BulkCreate {
        first: text(&body, "first")?,
        last: text(&body, "last")?,
        kind: body
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or("sip")
            .to_owned(),
        name_pattern: body
            .get("name_pattern")
            .and_then(Value::as_str)
            .unwrap_or("Extension {n}")
            .to_owned(),
    };
    if body
        .get("preview")
        .and_then(Value::as_bool)
        .unwrap_or(false)
    {
        let rows = state
            .service
            .preview_bulk_create(&actor, &code, &request)
            .await?;
        return Ok(Json(json!({"preview": rows, "count": rows.len()})));
    }
    let created = state.service.bulk_create(&actor, &code, &request).await?;
    Ok(Json(json!({"created": created})))
}

json_schema!(
    /// The numbers to delete.
    BulkDeleteRequest,
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["numbers"],
        "properties": {
            "numbers": {"type": "array", "items": {"type": ["string", "integer"]}},
            "force": {"type": "boolean", "default": false},
        },
    })
);

json_schema!(
    /// One result per number.
    BulkDeleted,
    object(&[("results", json!({"type": "array", "items": {
        "type": "object",
        "additionalProperties": false,
        "required": ["number", "deleted"],
        "properties": {
            "number": {"type": "string"},
            "deleted": {"type": "boolean"},
            "message": {"type": "string"},
            "referrers": {"type": "array", "items": referrer_schema()},
        },
    }}))])
);

/// Body: `{"numbers":["100","101"],"force":false}`; answers per number.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{code}/extensions/bulk-delete",
    operation_id = "bulk_delete",
    tag = "extensions",
    request_body = BulkDeleteRequest,
    responses((status = 200, description = "One result per number", body = BulkDeleted))
)]
pub async fn delete(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body = json_object(&body)?;
    only_fields(&body, &["numbers", "force"])?;
    let force = body.get("force").and_then(Value::as_bool).unwrap_or(false);
    let results = state
        .service
        .bulk_delete(&actor, &code, &numbers(&body)?, force)
        .await?;
    let rows: Vec<Value> = results
        .into_iter()
        .map(|(number, result)| match result {
            Ok(()) => json!({"number": number, "deleted": true}),
            Err(pbx_service::ServiceError::Referenced { referrers, .. }) => {
                json!({"number": number, "deleted": false, "message": "referred to by other extensions", "referrers": referrers})
            }
            Err(e) => json!({"number": number, "deleted": false, "message": e.to_string()}),
        })
        .collect();
    Ok(Json(json!({"results": rows})))
}

json_schema!(
    /// The numbers to move and the stack to move them to.
    BulkStackRequest,
    object(&[
        ("numbers", json!({"type": "array", "items": {"type": ["string", "integer"]}})),
        ("target", json!({"type": "string", "enum": ["sip", "pjsip"]})),
    ])
);

json_schema!(
    /// One result per number.
    BulkStackChanged,
    object(&[("results", json!({"type": "array", "items": {"type": "object"}}))])
);

/// Body: `{"numbers":["100"],"target":"pjsip"}`; answers per number.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{code}/extensions/bulk-change-stack",
    tag = "extensions",
    request_body = BulkStackRequest,
    responses((status = 200, description = "One result per number", body = BulkStackChanged))
)]
pub async fn change_stack(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body = json_object(&body)?;
    only_fields(&body, &["numbers", "target"])?;
    let results = state
        .service
        .change_stack(&actor, &code, &numbers(&body)?, &text(&body, "target")?)
        .await?;
    Ok(Json(json!({"results": results})))
}
