//! `/api/v1/nodes`: the Asterisk nodes (super administrators only), and
//! `GET /api/v1/nodes/{name}/render?tenant=CODE` to inspect rendered files.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use pbx_service::nodes::node_json;
use serde_json::{Value, json};

use super::auth::ApiActor;
use super::body::json_object;
use crate::{ApiError, AppState};

#[utoipa::path(get, path = "/api/v1/nodes", tag = "nodes")]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Value>, ApiError> {
    let nodes = state.service.list_nodes(&actor).await?;
    Ok(Json(
        json!({"items": nodes.iter().map(node_json).collect::<Vec<_>>(), "total": nodes.len()}),
    ))
}

#[utoipa::path(post, path = "/api/v1/nodes", tag = "nodes")]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let body = json_object(&body)?;
    let node = state.service.create_node(&actor, &body).await?;
    Ok((StatusCode::CREATED, Json(node_json(&node))))
}

#[utoipa::path(get, path = "/api/v1/nodes/{name}", tag = "nodes")]
pub async fn show(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(name): Path<String>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(node_json(
        &state.service.get_node(&actor, &name).await?,
    )))
}

#[utoipa::path(patch, path = "/api/v1/nodes/{name}", tag = "nodes")]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(name): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body = json_object(&body)?;
    Ok(Json(node_json(
        &state.service.update_node(&actor, &name, &body).await?,
    )))
}

#[utoipa::path(delete, path = "/api/v1/nodes/{name}", tag = "nodes")]
pub async fn delete(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(name): Path<String>,
) -> Result<StatusCode, ApiError> {
    state.service.delete_node(&actor, &name).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/nodes/{name}/render", tag = "nodes")]
pub async fn render(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(name): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    // Authorization comes first (in the service): a missing tenant is only
    // reported to callers allowed to render.
    let tenant = query.get("tenant").map(String::as_str).unwrap_or_default();
    let files = state
        .service
        .render_for_inspection(&actor, &name, tenant)
        .await?;
    let items: Vec<Value> = files
        .iter()
        .map(|f| json!({"name": f.name, "contents": f.contents}))
        .collect();
    Ok(Json(
        json!({"node": name, "tenant": tenant, "files": items}),
    ))
}
