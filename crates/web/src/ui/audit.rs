//! `/tenants/{code}/audit`: the tenant's audit log (`?number=` for one
//! extension's history, linked from its edit page), with CSV export.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;

use super::chrome::Chrome;
use super::error::{UiError, page};
use super::session::Session;
use crate::AppState;

/// One row of the table.
pub struct Row {
    pub at: String,
    pub actor: String,
    pub source: String,
    pub extension: String,
    pub action: String,
    /// `field: before -> after` lines.
    pub changes: Vec<String>,
}

#[derive(askama::Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    code: String,
    number: String,
    rows: Vec<Row>,
}

fn change_lines(changes: &serde_json::Value) -> Vec<String> {
    let Some(object) = changes.as_object() else {
        return Vec::new();
    };
    object
        .iter()
        .map(|(k, v)| match v.as_array().map(Vec::as_slice) {
            Some([before, after]) => format!("{k}: {} → {}", plain(before), plain(after)),
            _ => format!("{k}: {}", plain(v)),
        })
        .collect()
}

fn plain(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Unix seconds as `YYYY-MM-DD HH:MM:SS` UTC.
pub fn timestamp(secs: i64) -> String {
    let (y, m, d) = pbx_domain::calendar::civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, UiError> {
    let number = query.get("number").cloned().unwrap_or_default();
    let filter = (!number.is_empty()).then_some(number.as_str());
    let entries = state
        .service
        .audit_entries(&session.actor, &code, filter)
        .await?;
    let rows = entries
        .iter()
        .map(|e| Row {
            at: timestamp(e.at),
            actor: e.actor.clone(),
            source: e.source.clone(),
            extension: e.extension.clone(),
            action: e.action.clone(),
            changes: change_lines(&e.changes),
        })
        .collect();
    page(&AuditPage {
        chrome: Chrome::load(&state, &session, Some(&code)).await?,
        code,
        number,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::timestamp;

    #[test]
    fn timestamps_are_utc_calendar_times() {
        assert_eq!(timestamp(0), "1970-01-01 00:00:00");
        assert_eq!(timestamp(1_709_210_096), "2024-02-29 12:34:56");
    }
}
