//! `/tenants/{code}/calls`: the tenant's call records with filters
//! (extension, direction, dates), a CSV export of what is shown, and the
//! outbound spend of the last 30 days as a server-rendered SVG chart.
//! A recorded call links its recording (`.../calls/{id}/recording`) and
//! shows what the tenant's speech service made of it.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use pbx_domain::calendar::{date_start, date_text};
use pbx_service::calls::{CallQuery, amount_text};

use super::audit::timestamp;
use super::chrome::Chrome;
use super::error::{UiError, page};
use super::session::{Session, encode_component};
use crate::AppState;

/// Days the spend chart covers.
const CHART_DAYS: i64 = 30;

/// One row of the table.
pub struct Row {
    pub id: i64,
    pub started: String,
    pub extension: String,
    pub direction: String,
    pub caller: String,
    pub callee: String,
    pub disposition: String,
    pub duration: i64,
    pub billsec: i64,
    pub amount: String,
    pub recorded: bool,
    pub sentiment: String,
    pub summary: String,
    pub transcript: String,
    /// Why the speech service gave no answer.
    pub analysis_error: String,
}

/// One bar of the spend chart (SVG coordinates).
pub struct Bar {
    pub x: i64,
    pub y: i64,
    pub height: i64,
    pub label: String,
}

#[derive(askama::Template)]
#[template(path = "calls.html")]
struct CallsPage {
    chrome: Chrome,
    code: String,
    extension: String,
    direction: String,
    from: String,
    until: String,
    /// The export link's query string (already URL-encoded).
    export_query: String,
    errors: Vec<String>,
    rows: Vec<Row>,
    bars: Vec<Bar>,
    total: String,
}

/// The chart's bars: one per day, scaled to 100 units of height.
fn bars(spent: &[(i64, i64)]) -> Vec<Bar> {
    let top = spent.iter().map(|(_, a)| *a).max().unwrap_or(0).max(1);
    spent
        .iter()
        .enumerate()
        .map(|(i, (day, amount))| {
            let height = amount * 100 / top;
            Bar {
                x: i as i64 * 10,
                y: 100 - height,
                height,
                label: format!("{}: {}", date_text(*day), amount_text(*amount)),
            }
        })
        .collect()
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, UiError> {
    let get = |k: &str| query.get(k).cloned().unwrap_or_default();
    let (extension, direction, from, until) = (
        get("extension"),
        get("direction"),
        get("from"),
        get("until"),
    );
    let mut errors = Vec::new();
    let mut day = |field: &str, text: &str, shift: i64| -> Option<String> {
        if text.is_empty() {
            return None;
        }
        match date_start(text) {
            Some(start) => Some((start + shift).to_string()),
            None => {
                errors.push(format!("{field}: must be a date such as 2026-12-01"));
                None
            }
        }
    };
    let calls = CallQuery {
        extension: Some(extension.clone()),
        direction: Some(direction.clone()),
        from: day("from", &from, 0),
        // `until` is inclusive on the page: up to the end of that day.
        until: day("until", &until, 86_400),
        limit: Some("500".into()),
        offset: None,
    };
    let records = if errors.is_empty() {
        match state
            .service
            .list_calls(&session.actor, &code, &calls)
            .await
        {
            Ok(records) => records,
            Err(pbx_service::ServiceError::Invalid(e)) => {
                errors.extend(e.0.iter().map(|e| format!("{}: {}", e.field, e.message)));
                Vec::new()
            }
            Err(e) => return Err(e.into()),
        }
    } else {
        Vec::new()
    };
    let number = (!extension.is_empty()).then_some(extension.as_str());
    let spent = match state
        .service
        .spend_per_day(&session.actor, &code, number, CHART_DAYS)
        .await
    {
        Ok(spent) => spent,
        Err(pbx_service::ServiceError::Invalid(_)) => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    let total = amount_text(spent.iter().map(|(_, a)| a).sum());
    let analyses = state.service.call_analyses(&records).await?;
    let rows = records
        .iter()
        .map(|c| {
            let r = &c.record;
            let analysis = analyses.get(&c.id).cloned().unwrap_or_default();
            Row {
                id: c.id,
                started: timestamp(r.started_at),
                extension: r.extension.clone(),
                direction: r.direction.clone(),
                caller: r.caller.clone(),
                callee: r.callee.clone(),
                disposition: r.disposition.clone(),
                duration: r.duration,
                billsec: r.billsec,
                amount: r.amount.map(amount_text).unwrap_or_default(),
                recorded: r.recording.is_some(),
                sentiment: analysis.sentiment.unwrap_or_default(),
                summary: analysis.summary.unwrap_or_default(),
                transcript: analysis.transcript.unwrap_or_default(),
                analysis_error: analysis.error.unwrap_or_default(),
            }
        })
        .collect();
    let mut export_query = format!(
        "format=csv&limit=1000&extension={}&direction={}",
        encode_component(&extension),
        encode_component(&direction)
    );
    for (key, value) in [("from", &calls.from), ("until", &calls.until)] {
        if let Some(v) = value {
            export_query.push_str(&format!("&{key}={v}"));
        }
    }
    page(&CallsPage {
        chrome: Chrome::load(&state, &session, Some(&code)).await?,
        code,
        extension,
        direction,
        from,
        until,
        export_query,
        errors,
        rows,
        bars: bars(&spent),
        total,
    })
}

/// `GET /tenants/{code}/calls/{id}/recording`: the call's recording.
pub async fn recording(
    State(state): State<AppState>,
    session: Session,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, UiError> {
    let path = state
        .service
        .call_recording(&session.actor, &code, id)
        .await?;
    Ok(crate::recording_download::recording_response(&path).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_highest_day_fills_the_chart_and_empty_days_have_no_bar() {
        let bars = bars(&[(0, 0), (86_400, 5_000), (172_800, 10_000)]);
        let heights: Vec<i64> = bars.iter().map(|b| b.height).collect();
        assert_eq!(heights, [0, 50, 100]);
        assert_eq!(bars[2].y, 0);
        assert_eq!(bars[1].x, 10);
        assert_eq!(bars[2].label, "1970-01-03: 1.0000");
    }

    #[test]
    fn export_values_are_url_encoded() {
        assert_eq!(encode_component("10 0&x=1"), "10%200%26x%3D1");
    }
}
