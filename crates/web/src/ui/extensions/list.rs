//! `GET /tenants/{code}/extensions`: the Extensions page in table mode
//! (search, page size, sortable headers, row checkboxes) or grid mode (a
//! filter per column, column chooser, CSV export; rows reloaded from the
//! JSON API as you type). Paging, sorting and filtering run in the database.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::list_view::{COLUMNS, COLUMNS_PREF, ColumnView, MODE_PREF, Params, RowView};
use super::toolbar::Toolbar;
use crate::AppState;
use crate::api::extensions::list::parse_query;
use crate::ui::chrome::Chrome;
use crate::ui::error::{UiError, page};
use crate::ui::session::Session;

/// Page sizes offered.
pub const PAGE_SIZES: [i64; 5] = [10, 25, 50, 100, 500];

#[derive(askama::Template)]
#[template(path = "extensions/list.html")]
pub struct ListPage {
    pub chrome: Chrome,
    pub code: String,
    pub tenant_name: String,
    pub grid: bool,
    pub base: String,
    pub params: Params,
    pub columns: Vec<ColumnView>,
    pub rows: Vec<RowView>,
    /// One row with every icon, cloned by grid.js for rows from the API.
    pub template_rows: Vec<RowView>,
    /// Device states are followed: the status icons are live.
    pub device_states: bool,
    pub total: i64,
    pub pages: i64,
    pub first_shown: i64,
    pub last_shown: i64,
    pub page_sizes: [i64; 5],
    pub tools: Toolbar,
    pub prev_href: String,
    pub next_href: String,
    pub first_href: String,
    pub last_href: String,
    pub export_href: String,
    /// The current filters as an import-format export (`format=` appended).
    pub export_file_href: String,
    pub grid_js: String,
}

impl ListPage {
    /// The CSS classes that hide the chosen columns of the table.
    pub fn hidden_classes(&self) -> String {
        self.columns
            .iter()
            .filter(|c| c.hidden)
            .map(|c| format!("hide-{}", c.key))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(mut raw): Query<HashMap<String, String>>,
) -> Result<Response, UiError> {
    let actor = &session.actor;
    let tenant = state.service.get_tenant(actor, &code).await?;
    let mode = match raw.remove("mode").as_deref() {
        Some("grid") => "grid".to_owned(),
        Some("table") => "table".to_owned(),
        _ => state
            .service
            .pref(actor, MODE_PREF)
            .await?
            .filter(|m| m == "grid")
            .unwrap_or_else(|| "table".to_owned()),
    };
    let (query, page_no, per_page) = parse_query(&raw).map_err(UiError::from)?;
    let result = state.service.list_extensions(actor, &code, query).await?;
    let tools = Toolbar::new(&state.service, actor, &tenant);
    let hidden_pref = state.service.pref(actor, COLUMNS_PREF).await?;
    let hidden: Vec<&str> = hidden_pref
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .collect();
    let text = |k: &str| raw.get(k).cloned().unwrap_or_default();
    let params = Params {
        mode: mode.clone(),
        search: text("search"),
        sort: text("sort"),
        order: text("order"),
        page: page_no,
        per_page,
        number: text("number"),
        name: text("name"),
        description: text("description"),
        username: text("username"),
    };
    let base = format!("/tenants/{code}/extensions");
    let pages = ((result.total + per_page - 1) / per_page).max(1);
    if page_no > pages {
        // A page past the end (the list shrank, or a typed URL): its last.
        return Ok(Redirect::to(&params.page_href(&base, pages)).into_response());
    }
    let grid = mode == "grid";
    let columns = COLUMNS
        .iter()
        .filter(|(key, _, _)| *key != "password" || tools.show_passwords)
        .map(|&(key, label, sortable)| ColumnView {
            key,
            label,
            sortable,
            hidden: grid && key != "number" && hidden.contains(&key),
            aria_sort: if sortable {
                params.aria_sort(key)
            } else {
                "none"
            },
            href: params.sort_href(&base, key),
        })
        .collect();
    let offset = (page_no - 1) * per_page;
    let filters = Params {
        mode: String::new(),
        page: 1,
        per_page: 25,
        ..params.clone()
    };
    let export_href = filters.href(&format!("{base}/export.csv"));
    let export_file_href = match filters.query() {
        q if q.is_empty() => format!("{base}/export?format="),
        q => format!("{base}/export?{q}&format="),
    };
    page(&ListPage {
        chrome: Chrome::load(&state, &session, Some(&code)).await?,
        tenant_name: tenant.tenant.name.as_str().to_owned(),
        grid,
        columns,
        rows: result
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let status = result.statuses.as_ref().and_then(|s| s[i]);
                RowView::of(item, status)
            })
            .collect(),
        device_states: result.statuses.is_some(),
        template_rows: if grid { vec![RowView::blank()] } else { vec![] },
        total: result.total,
        pages,
        first_shown: if result.items.is_empty() {
            0
        } else {
            offset + 1
        },
        last_shown: offset + result.items.len() as i64,
        page_sizes: PAGE_SIZES,
        tools,
        prev_href: params.page_href(&base, (page_no - 1).max(1)),
        next_href: params.page_href(&base, (page_no + 1).min(pages)),
        first_href: params.page_href(&base, 1),
        last_href: params.page_href(&base, pages),
        export_href,
        export_file_href,
        grid_js: crate::ui::assets::href("grid.js"),
        params,
        base,
        code,
    })
}
