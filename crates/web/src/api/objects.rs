//! `/api/v1/tenants/{code}/objects`: destinations, conditions and the other
//! tenant records settings refer to.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use pbx_domain::values::ObjectKind;
use serde_json::{Value, json};

use super::auth::ApiActor;
use super::body::{json_object, only_fields};
use crate::api::openapi::{json_schema, list_of, object};
use crate::{ApiError, AppState};

fn kind_of(raw: &str) -> Result<ObjectKind, ApiError> {
    ObjectKind::parse(raw).ok_or_else(|| {
        let kinds: Vec<&str> = ObjectKind::ALL.iter().map(|k| k.as_str()).collect();
        ApiError::field("kind", format!("must be one of: {}", kinds.join(", ")))
    })
}

fn text<'a>(body: &'a Value, key: &str) -> Result<&'a str, ApiError> {
    body.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::field(key, "is required (a string)"))
}

json_schema!(
    /// A tenant record settings refer to by `id`.
    TenantObject,
    object(&[
        ("id", json!({"type": "integer"})),
        ("kind", json!({"type": "string", "enum": ObjectKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>()})),
        ("name", json!({"type": "string"})),
        ("value", json!({"type": "string"})),
    ])
);

json_schema!(
    /// The tenant's objects, optionally of one `kind`.
    TenantObjectList,
    list_of::<TenantObject>()
);

json_schema!(
    /// `{"kind", "name", "value"}`.
    NewObject,
    object(&[
        ("kind", json!({"type": "string", "enum": ObjectKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>()})),
        ("name", json!({"type": "string"})),
        ("value", json!({"type": "string"})),
    ])
);

json_schema!(
    /// `{"name", "value"}`.
    ObjectChange,
    object(&[("name", json!({"type": "string"})), ("value", json!({"type": "string"}))])
);

#[utoipa::path(
    get,
    path = "/api/v1/tenants/{code}/objects",
    tag = "objects",
    params(("kind" = Option<String>, Query, description = "only objects of this kind")),
    responses((status = 200, description = "The objects", body = TenantObjectList))
)]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let kind = query.get("kind").map(|k| kind_of(k)).transpose()?;
    let items = state.service.list_objects(&actor, &code, kind).await?;
    Ok(Json(json!({"total": items.len(), "items": items})))
}

#[utoipa::path(
    post,
    path = "/api/v1/tenants/{code}/objects",
    tag = "objects",
    request_body = NewObject,
    responses((status = 201, description = "Created", body = TenantObject))
)]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let body = json_object(&body)?;
    only_fields(&body, &["kind", "name", "value"])?;
    let kind = kind_of(text(&body, "kind")?)?;
    let object = state
        .service
        .create_object(
            &actor,
            &code,
            kind,
            text(&body, "name")?,
            text(&body, "value")?,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(json!(object))))
}

#[utoipa::path(
    patch,
    path = "/api/v1/tenants/{code}/objects/{id}",
    tag = "objects",
    request_body = ObjectChange,
    responses((status = 200, description = "The object as updated", body = TenantObject))
)]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((code, id)): Path<(String, i64)>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body = json_object(&body)?;
    only_fields(&body, &["name", "value"])?;
    let object = state
        .service
        .update_object(
            &actor,
            &code,
            id,
            text(&body, "name")?,
            text(&body, "value")?,
        )
        .await?;
    Ok(Json(json!(object)))
}

#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{code}/objects/{id}",
    tag = "objects",
    responses((status = 204, description = "Deleted"))
)]
pub async fn delete(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((code, id)): Path<(String, i64)>,
) -> Result<StatusCode, ApiError> {
    state.service.delete_object(&actor, &code, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
