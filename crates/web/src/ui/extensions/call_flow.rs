//! `GET /tenants/{code}/extensions/{number}/call-flow`: the extension's call
//! flow as a diagram (checks, ring steps, outcome branches, outbound rules)
//! and a simulation form; with `?at=2026-11-26T21:00&state=busy` the path
//! a call would take then is highlighted. Visible to whoever may read the
//! extension (404 otherwise).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use pbx_service::callflow::parse_simulation;

use super::call_flow_view::FlowView;
use crate::AppState;
use crate::ui::chrome::Chrome;
use crate::ui::error::{UiError, page};
use crate::ui::session::Session;

/// The device states offered by the simulation form.
const STATES: [(&str, &str); 4] = [
    ("available", "Available (answers)"),
    ("busy", "Busy"),
    ("offline", "Offline"),
    ("no_answer", "Rings, no answer"),
];

#[derive(askama::Template)]
#[template(path = "extensions/call_flow.html")]
struct CallFlowPage {
    chrome: Chrome,
    base: String,
    number: String,
    name: String,
    kind: &'static str,
    tech: &'static str,
    flow: FlowView,
    at: String,
    state: String,
    states: [(&'static str, &'static str); 4],
    errors: Vec<String>,
    simulated: bool,
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path((code, number)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, UiError> {
    let actor = &session.actor;
    let (_, stored) = state.service.get_extension(actor, &code, &number).await?;
    let text = |k: &str| query.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let (at, device) = (text("at"), text("state"));
    let mut errors = Vec::new();
    let simulation = match parse_simulation(at, device) {
        Ok(simulation) => simulation,
        Err(e) => {
            errors =
                e.0.into_iter()
                    .map(|e| format!("{}: {}", simulation_label(&e.field), e.message))
                    .collect();
            None
        }
    };
    let service = &state.service;
    let (flow, path) = match simulation {
        Some((moment, device)) => {
            let (flow, path) = service
                .simulate_call(actor, &code, &number, moment, device)
                .await?;
            (flow, Some(path))
        }
        None => (service.call_flow(actor, &code, &number).await?, None),
    };
    let extension = &stored.extension;
    let mut response = page(&CallFlowPage {
        chrome: Chrome::load(&state, &session, Some(&code)).await?,
        base: format!("/tenants/{code}/extensions"),
        number: extension.number.to_string(),
        name: extension.name.as_str().to_owned(),
        kind: extension.kind.as_str(),
        tech: extension.kind.tech(),
        flow: FlowView::of(&flow, path.as_ref()),
        at: at.unwrap_or_default().to_owned(),
        // The usual call first: the phone is there and answers.
        state: device.unwrap_or("available").to_owned(),
        states: STATES,
        simulated: path.is_some(),
        errors,
    })?;
    if simulation.is_none() && (at.is_some() || device.is_some()) {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

fn simulation_label(field: &str) -> &str {
    match field {
        "at" => "Date and time",
        "state" => "Device state",
        other => other,
    }
}
