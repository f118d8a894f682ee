//! `GET .../extensions/device-states?numbers=100,101`: the live device
//! state of each number (what the list's status icons show), refreshed by
//! the list page. `{"followed": false}` when no monitor follows the nodes.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use serde_json::{Map, Value, json};

use crate::api::auth::ApiActor;
use crate::api::openapi::json_schema;
use crate::{ApiError, AppState};

json_schema!(
    /// `{"followed": bool, "states": {"100": "idle" | null, ...}}`.
    DeviceStates,
    json!({
        "type": "object",
        "required": ["followed", "states"],
        "additionalProperties": false,
        "properties": {
            "followed": {"type": "boolean", "description": "false when no monitor follows the nodes"},
            "states": {"type": "object", "additionalProperties": {"type": ["string", "null"]}},
        },
    })
);

#[utoipa::path(
    get,
    path = "/api/v1/tenants/{code}/extensions/device-states",
    operation_id = "device_states",
    tag = "extensions",
    params(("numbers" = Option<String>, Query, description = "comma-separated, at most 500")),
    responses((status = 200, description = "The state of each number", body = DeviceStates))
)]
pub async fn show(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let numbers: Vec<String> = params
        .get("numbers")
        .map(|raw| {
            raw.split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let states = state.service.device_states(&actor, &code, &numbers).await?;
    Ok(Json(match states {
        None => json!({"followed": false, "states": {}}),
        Some(states) => {
            let map: Map<String, Value> = states
                .into_iter()
                .map(|(number, status)| (number, json!(status.map(|s| s.as_str()))))
                .collect();
            json!({"followed": true, "states": map})
        }
    }))
}
