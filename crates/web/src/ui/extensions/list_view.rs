//! The view model of the Extensions list: rows with their icons, and the
//! links of sortable headers and pages (which keep every other parameter).

use pbx_domain::extension::ListFlags;
use pbx_service::device_status::DeviceStatus;
use pbx_store::extensions::ExtensionSummary;

use crate::ui::session::encode_component;

/// The columns of the list, `(key, label, sortable)`.
pub const COLUMNS: &[(&str, &str, bool)] = &[
    ("number", "Number", true),
    ("name", "Name", true),
    ("description", "Description", true),
    ("tech", "Tech", true),
    ("username", "Username", true),
    ("password", "Password", false),
    ("action", "Action", false),
];

/// The preference holding the grid's hidden columns (comma-separated).
pub const COLUMNS_PREF: &str = "extensions.hidden_columns";
/// The preference holding the display mode (`table` or `grid`).
pub const MODE_PREF: &str = "extensions.mode";

/// A column header.
pub struct ColumnView {
    pub key: &'static str,
    pub label: &'static str,
    pub sortable: bool,
    pub hidden: bool,
    /// `ascending`, `descending` or `none` (for aria-sort).
    pub aria_sort: &'static str,
    pub href: String,
}

/// One row of the list.
pub struct RowView {
    pub number: String,
    pub name: String,
    pub description: String,
    pub tech: &'static str,
    pub kind: &'static str,
    pub username: String,
    /// A phone extension with a secret (shown on demand, never in the page).
    pub has_secret: bool,
    /// The facts behind the row's icons.
    pub flags: ListFlags,
    /// The device state (`not_in_use`, `unavailable`, ...; empty when not
    /// followed or for extensions without a device) and its description.
    pub status: &'static str,
    pub status_label: &'static str,
    /// External calls refused until an administrator unlocks it.
    pub locked: bool,
}

impl RowView {
    /// A row with an empty kind and every flag on: every icon is rendered,
    /// for grid.js to show or hide per record.
    pub fn blank() -> RowView {
        RowView {
            number: String::new(),
            name: String::new(),
            description: String::new(),
            tech: "",
            kind: "",
            username: String::new(),
            has_secret: true,
            flags: ListFlags {
                dnd: true,
                forward: true,
                pin_lock: true,
                call_filter: true,
                recording: true,
                srtp: true,
                tls: true,
            },
            status: "",
            status_label: "",
            locked: true,
        }
    }

    pub fn of(summary: &ExtensionSummary, status: Option<DeviceStatus>) -> RowView {
        RowView {
            number: summary.number.clone(),
            name: summary.name.clone(),
            description: summary.description.clone(),
            tech: summary.kind.tech(),
            kind: summary.kind.as_str(),
            username: summary.username.clone().unwrap_or_default(),
            has_secret: summary.kind.is_phone(),
            flags: summary.flags,
            status: status.map_or("", DeviceStatus::as_str),
            status_label: status.map_or("", DeviceStatus::label),
            locked: summary.locked,
        }
    }
}

/// The list's query parameters, to rebuild links.
#[derive(Clone, Default)]
pub struct Params {
    pub mode: String,
    pub search: String,
    pub sort: String,
    pub order: String,
    pub page: i64,
    pub per_page: i64,
    pub number: String,
    pub name: String,
    pub description: String,
    pub username: String,
}

impl Params {
    /// The query string (without `?`), skipping empty and default values.
    pub fn query(&self) -> String {
        let page = self.page.to_string();
        let per_page = self.per_page.to_string();
        [
            ("mode", self.mode.as_str()),
            ("search", &self.search),
            ("number", &self.number),
            ("name", &self.name),
            ("description", &self.description),
            ("username", &self.username),
            ("sort", &self.sort),
            ("order", &self.order),
            ("page", if self.page > 1 { &page } else { "" }),
            ("per_page", if self.per_page == 25 { "" } else { &per_page }),
        ]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
    }

    pub fn href(&self, base: &str) -> String {
        match self.query() {
            q if q.is_empty() => base.to_owned(),
            q => format!("{base}?{q}"),
        }
    }

    /// The link of a sortable header: ascending first, then toggles.
    pub fn sort_href(&self, base: &str, column: &str) -> String {
        let current = if self.sort.is_empty() {
            "number"
        } else {
            &self.sort
        };
        let order = if current == column && self.order != "desc" {
            "desc"
        } else {
            "asc"
        };
        Params {
            sort: column.to_owned(),
            order: order.to_owned(),
            page: 1,
            ..self.clone()
        }
        .href(base)
    }

    pub fn aria_sort(&self, column: &str) -> &'static str {
        let current = if self.sort.is_empty() {
            "number"
        } else {
            &self.sort
        };
        match (current == column, self.order == "desc") {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
    }

    pub fn page_href(&self, base: &str, page: i64) -> String {
        Params {
            page,
            ..self.clone()
        }
        .href(base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sort_link_keeps_the_search_and_toggles_the_order_of_the_current_column() {
        let params = Params {
            search: "a b&c".into(),
            sort: "name".into(),
            page: 3,
            per_page: 25,
            ..Default::default()
        };
        assert_eq!(
            params.sort_href("/x", "name"),
            "/x?search=a%20b%26c&sort=name&order=desc"
        );
        assert_eq!(
            params.sort_href("/x", "tech"),
            "/x?search=a%20b%26c&sort=tech&order=asc"
        );
    }
}
