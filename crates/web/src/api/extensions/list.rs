//! `GET .../extensions`: search, per-column filters, sort, paging.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use pbx_domain::{ExtensionKind, ValidationErrors};
use pbx_service::extensions::summary_json;
use pbx_store::extensions::{ColumnFilters, ListQuery, SortColumn};
use serde_json::{Value, json};

use crate::api::auth::ApiActor;
use crate::api::extensions::schema::{flags_schema, kind_schema};
use crate::api::openapi::{json_schema, list_of, object};
use crate::{ApiError, AppState};

const PARAMS: [&str; 10] = [
    "search",
    "sort",
    "order",
    "page",
    "per_page",
    "kind",
    "number",
    "name",
    "description",
    "username",
];

/// Parses the list query string into a [`ListQuery`] (shared with the pages).
pub fn parse_query(
    params: &HashMap<String, String>,
) -> Result<(ListQuery, i64, i64), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    for key in params.keys().filter(|k| !PARAMS.contains(&k.as_str())) {
        errors.push(key.as_str(), "unknown parameter");
    }
    let get = |k: &str| params.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let sort = match get("sort") {
        None => SortColumn::Number,
        Some(raw) => errors
            .check(
                "sort",
                SortColumn::parse(raw)
                    .ok_or_else(|| "must be number, name, description, tech or username".into()),
            )
            .unwrap_or_default(),
    };
    let descending = match get("order") {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(_) => {
            errors.push("order", "must be asc or desc");
            false
        }
    };
    let mut number = |key: &str, default: i64, max: i64| match get(key) {
        None => default,
        Some(raw) => errors
            .check(
                key,
                raw.parse::<i64>()
                    .ok()
                    .filter(|n| (1..=max).contains(n))
                    .ok_or_else(|| format!("must be a whole number from 1 to {max}")),
            )
            .unwrap_or(default),
    };
    let page = number("page", 1, 1_000_000);
    let per_page = number("per_page", 25, 1000);
    let kind = get("kind").and_then(|k| errors.check("kind", ExtensionKind::parse(k)));
    errors.into_result()?;
    let text = |k: &str| get(k).map(str::to_owned);
    let query = ListQuery {
        search: text("search"),
        kind,
        filters: ColumnFilters {
            number: text("number"),
            name: text("name"),
            description: text("description"),
            username: text("username"),
        },
        sort,
        descending,
        offset: (page - 1) * per_page,
        limit: per_page,
        only_numbers: None,
    };
    Ok((query, page, per_page))
}

json_schema!(
    /// One row of the list.
    ExtensionSummary,
    {
        let mut row = object(&[
            ("kind", kind_schema()),
            ("tech", json!({"type": "string", "enum": ExtensionKind::ALL.iter().map(|k| k.tech()).collect::<Vec<_>>()})),
            ("number", json!({"type": "string"})),
            ("name", json!({"type": "string"})),
            ("description", json!({"type": "string"})),
            ("username", json!({"type": ["string", "null"]})),
            ("version", json!({"type": "integer"})),
            ("flags", flags_schema()),
            ("locked", json!({"type": "boolean", "description": "external calls refused until an administrator unlocks it"})),
        ]);
        row["properties"]["secret"] = json!({"type": ["string", "null"], "description": "phones, when the caller may see passwords"});
        row["properties"]["device_state"] = json!({"type": ["string", "null"], "description": "when device states are followed"});
        row
    }
);

json_schema!(
    /// A page of the list.
    ExtensionList,
    {
        let mut list = list_of::<ExtensionSummary>();
        list["properties"]["page"] = json!({"type": "integer", "minimum": 1});
        list["properties"]["per_page"] = json!({"type": "integer", "minimum": 1});
        list["properties"]["device_states"] = json!({"type": "boolean"});
        list["required"] = json!(["items", "total", "page", "per_page", "device_states"]);
        list
    }
);

/// Search (`q`), per-column filters, `sort`, `page` and `per_page`; `secrets=false` leaves
/// the SIP secrets out.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{code}/extensions",
    tag = "extensions",
    responses((status = 200, description = "A page of extensions", body = ExtensionList))
)]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
    Query(mut params): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    // `secrets=false` leaves them out (the grid fetches one on demand).
    let secrets = match params.remove("secrets").as_deref() {
        None | Some("true") => true,
        Some("false") => false,
        Some(_) => return Err(ApiError::field("secrets", "must be true or false")),
    };
    let (query, page, per_page) = parse_query(&params)?;
    let result = state.service.list_extensions(&actor, &code, query).await?;
    let with_secrets = result.secrets_visible && secrets;
    let mut items: Vec<Value> = result
        .items
        .iter()
        .map(|s| summary_json(s, with_secrets))
        .collect();
    // With device states followed, every row says its device's state
    // (null for custom and virtual extensions, which have no device).
    if let Some(statuses) = &result.statuses {
        for (item, status) in items.iter_mut().zip(statuses) {
            item["device_state"] = json!(status.map(|s| s.as_str()));
        }
    }
    Ok(Json(
        json!({"items": items, "total": result.total, "page": page, "per_page": per_page,
                   "device_states": result.statuses.is_some()}),
    ))
}
