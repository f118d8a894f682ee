//! `GET .../extensions/{number}/call-flow`: the call-flow model, or with
//! `?at=2026-11-26T21:00&state=busy` the path a call would take then.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use pbx_service::callflow::parse_simulation;
use serde_json::{Value, json};

use crate::api::auth::ApiActor;
use crate::api::openapi::{any, json_schema};
use crate::{ApiError, AppState};

json_schema!(
    /// The call-flow model, and the simulated path when asked for.
    CallFlow,
    json!({
        "type": "object",
        "required": ["flow"],
        "additionalProperties": false,
        "properties": {
            "flow": {"type": "object"},
            "at": {"type": ["string", "null"]},
            "state": any(),
            "path": any(),
        },
    })
);

#[utoipa::path(
    get,
    path = "/api/v1/tenants/{code}/extensions/{number}/call-flow",
    operation_id = "call_flow",
    tag = "extensions",
    params(
        ("at" = Option<String>, Query, description = "simulate a call at this local time, e.g. 2026-11-26T21:00"),
        ("state" = Option<String>, Query, description = "the device state to simulate"),
    ),
    responses((status = 200, description = "The call-flow model, and with `at` the path a call takes", body = CallFlow))
)]
pub async fn show(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((code, number)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let mut errors = pbx_domain::ValidationErrors::new();
    for key in query
        .keys()
        .filter(|k| !["at", "state"].contains(&k.as_str()))
    {
        errors.push(key.as_str(), "unknown query parameter");
    }
    errors.into_result()?;
    let simulation = parse_simulation(
        query.get("at").map(String::as_str),
        query.get("state").map(String::as_str),
    )?;
    let service = &state.service;
    let body = match simulation {
        None => json!({"flow": service.call_flow(&actor, &code, &number).await?}),
        Some((moment, device)) => {
            let (flow, path) = service
                .simulate_call(&actor, &code, &number, moment, device)
                .await?;
            json!({"flow": flow, "at": query.get("at"), "state": device, "path": path})
        }
    };
    Ok(Json(body))
}
