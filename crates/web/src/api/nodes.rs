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
use crate::api::openapi::{body_of, json_schema, list_of, object};
use crate::{ApiError, AppState};

json_schema!(
    /// An Asterisk node (its AMI secret is never answered).
    Node,
    object(&[
        ("name", json!({"type": "string"})),
        ("transports", transports()),
        ("context_prefix", json!({"type": "string"})),
        ("inter_node_trunk", json!({"type": ["string", "null"]})),
        ("output_dir", json!({"type": "string"})),
        ("ami_host", json!({"type": "string"})),
        ("ami_port", json!({"type": "integer"})),
        ("ami_username", json!({"type": "string"})),
        ("ami_secret_set", json!({"type": "boolean"})),
        ("storage", json!({"type": "string", "enum": ["files", "realtime"]})),
        ("realm", json!({"type": ["string", "null"]})),
        ("call_control", call_control_schema()),
        ("spool_dir", spool_dir_schema()),
        ("version", json!({"type": "integer"})),
    ])
);

/// The pbx call-control service the node asks before external calls.
fn call_control_schema() -> Value {
    json!({"type": ["string", "null"], "description": "host:port of pbx's call-control (FastAGI) service, asked before each external call; null: calls are not checked"})
}

/// Where pbx reads the node's Asterisk spool.
fn spool_dir_schema() -> Value {
    json!({"type": ["string", "null"], "description": "absolute path where pbx reads the node's Asterisk spool directory (recordings in monitor/, voicemail in voicemail/), e.g. a read-only mount; pbx then mails and analyses recordings and mails voicemail itself (PostgreSQL only); null: it does not"})
}

json_schema!(
    /// Every node.
    NodeList,
    list_of::<Node>()
);

json_schema!(
    /// The files rendered for one tenant on a node.
    Rendered,
    object(&[
        ("node", json!({"type": "string"})),
        ("tenant", json!({"type": "string"})),
        ("files", json!({"type": "array", "items": object(&[
            ("name", json!({"type": "string"})),
            ("contents", json!({"type": "string"})),
        ])})),
    ])
);

/// `{"udp": "transport-udp", ...}`: a PJSIP transport section per transport.
fn transports() -> Value {
    let names: serde_json::Map<String, Value> = pbx_service::nodes::TRANSPORTS
        .iter()
        .map(|t| ((*t).to_owned(), json!({"type": "string", "maxLength": 80})))
        .collect();
    json!({"type": "object", "additionalProperties": false, "properties": names})
}

json_schema!(
    /// The fields of a node to create (`name` and `output_dir` required) or change.
    NodeChange,
    body_of(&pbx_service::nodes::FIELDS, |field| {
        Some(match field {
            "name" | "context_prefix" | "output_dir" | "ami_host" | "ami_username" => {
                json!({"type": "string"})
            }
            "ami_secret" => json!({"type": "string", "format": "password", "writeOnly": true}),
            "transports" => transports(),
            "inter_node_trunk" | "realm" => json!({"type": ["string", "null"], "maxLength": 80}),
            "ami_port" => json!({"type": "integer", "minimum": 1, "maximum": 65535}),
            "storage" => json!({"type": "string", "enum": ["files", "realtime"]}),
            "call_control" => call_control_schema(),
            "spool_dir" => spool_dir_schema(),
            "version" => json!({"type": "integer"}),
            _ => return None,
        })
    })
);

#[utoipa::path(
    get,
    path = "/api/v1/nodes",
    tag = "nodes",
    responses((status = 200, description = "The nodes", body = NodeList))
)]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Value>, ApiError> {
    let nodes = state.service.list_nodes(&actor).await?;
    Ok(Json(
        json!({"items": nodes.iter().map(node_json).collect::<Vec<_>>(), "total": nodes.len()}),
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/nodes",
    tag = "nodes",
    responses((status = 201, description = "Created", body = Node)),
    request_body = NodeChange
)]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let body = json_object(&body)?;
    let node = state.service.create_node(&actor, &body).await?;
    Ok((StatusCode::CREATED, Json(node_json(&node))))
}

#[utoipa::path(
    get,
    path = "/api/v1/nodes/{name}",
    tag = "nodes",
    responses((status = 200, description = "The node", body = Node))
)]
pub async fn show(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(name): Path<String>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(node_json(
        &state.service.get_node(&actor, &name).await?,
    )))
}

#[utoipa::path(
    patch,
    path = "/api/v1/nodes/{name}",
    tag = "nodes",
    responses((status = 200, description = "The node as updated", body = Node)),
    request_body = NodeChange
)]
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

#[utoipa::path(
    delete,
    path = "/api/v1/nodes/{name}",
    tag = "nodes",
    responses((status = 204, description = "Deleted"))
)]
pub async fn delete(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(name): Path<String>,
) -> Result<StatusCode, ApiError> {
    state.service.delete_node(&actor, &name).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get,
    path = "/api/v1/nodes/{name}/render",
    tag = "nodes",
    params(("tenant" = String, Query, description = "the tenant whose files to render")),
    responses((status = 200, description = "The rendered files", body = Rendered))
)]
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
