//! The list page query: search, per-column filters, sort, paging and the
//! restriction to assigned extensions, without reading settings documents.

use pbx_domain::ExtensionKind;
use pbx_domain::extension::ListFlags;
use sqlx::AssertSqlSafe;
use sqlx::{AnyConnection, Row};

use super::ExtensionSummary;
use crate::StoreError;

/// Sortable columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortColumn {
    #[default]
    Number,
    Name,
    Description,
    Tech,
    Username,
}

impl SortColumn {
    pub fn parse(raw: &str) -> Option<SortColumn> {
        match raw {
            "number" => Some(SortColumn::Number),
            "name" => Some(SortColumn::Name),
            "description" => Some(SortColumn::Description),
            "tech" | "kind" => Some(SortColumn::Tech),
            "username" => Some(SortColumn::Username),
            _ => None,
        }
    }

    fn order_by(self) -> &'static str {
        match self {
            SortColumn::Number => "number_value {dir}, number {dir}",
            SortColumn::Name => "name {dir}, number_value",
            SortColumn::Description => "description {dir}, number_value",
            SortColumn::Tech => "kind {dir}, number_value",
            SortColumn::Username => "username {dir}, number_value",
        }
    }
}

/// Per-column filters (substring, case-insensitive).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnFilters {
    pub number: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub username: Option<String>,
}

/// One list page request.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub search: Option<String>,
    pub kind: Option<ExtensionKind>,
    pub filters: ColumnFilters,
    pub sort: SortColumn,
    pub descending: bool,
    pub offset: i64,
    pub limit: i64,
    /// Restricted administrators see only these numbers.
    pub only_numbers: Option<Vec<String>>,
}

/// Escapes LIKE wildcards so user text matches literally.
fn like_pattern(raw: &str) -> String {
    let escaped = raw
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Builds the WHERE clause and its text parameters (after `$1` = tenant).
fn where_clause(query: &ListQuery) -> (String, Vec<String>) {
    let mut sql = String::from("tenant_id = $1");
    let mut params: Vec<String> = Vec::new();
    let mut add = |clause: &str, value: String, params: &mut Vec<String>| {
        params.push(value);
        sql.push_str(&clause.replace('?', &format!("${}", params.len() + 1)));
    };
    if let Some(search) = query.search.as_deref().filter(|s| !s.trim().is_empty()) {
        add(
            " AND search_text LIKE ? ESCAPE '\\'",
            like_pattern(search.trim()),
            &mut params,
        );
    }
    if let Some(kind) = query.kind {
        add(" AND kind = ?", kind.as_str().to_owned(), &mut params);
    }
    let f = &query.filters;
    for (column, value) in [
        ("number", &f.number),
        ("name", &f.name),
        ("description", &f.description),
        ("username", &f.username),
    ] {
        if let Some(value) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            let clause = format!(" AND LOWER(COALESCE({column}, '')) LIKE ? ESCAPE '\\'");
            add(&clause, like_pattern(value.trim()), &mut params);
        }
    }
    if let Some(numbers) = &query.only_numbers {
        if numbers.is_empty() {
            sql.push_str(" AND 1 = 0");
        } else {
            let start = params.len() + 2;
            let placeholders = (0..numbers.len())
                .map(|i| format!("${}", start + i))
                .collect::<Vec<_>>()
                .join(", ");
            sql.push_str(&format!(" AND number IN ({placeholders})"));
            params.extend(numbers.iter().cloned());
        }
    }
    (sql, params)
}

/// One page of summaries.
pub async fn list(
    conn: &mut AnyConnection,
    tenant_id: i64,
    query: &ListQuery,
) -> Result<Vec<ExtensionSummary>, StoreError> {
    let (filter, params) = where_clause(query);
    let dir = if query.descending { "DESC" } else { "ASC" };
    let order = query.sort.order_by().replace("{dir}", dir);
    let sql = format!(
        "SELECT number, kind, name, description, username, secret, flags, version FROM extensions \
         WHERE {filter} ORDER BY {order} LIMIT {} OFFSET {}",
        query.limit.clamp(1, 10_000),
        query.offset.max(0)
    );
    let mut q = sqlx::query(AssertSqlSafe(sql)).bind(tenant_id);
    for p in &params {
        q = q.bind(p.as_str());
    }
    let rows = q.fetch_all(conn).await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get("kind")?;
            Ok(ExtensionSummary {
                number: row.try_get("number")?,
                kind: ExtensionKind::parse(&kind).map_err(StoreError::Corrupt)?,
                name: row.try_get("name")?,
                description: row.try_get("description")?,
                username: row.try_get("username")?,
                secret: row
                    .try_get::<Option<String>, _>("secret")?
                    .map(|s| crate::secrets::open(&s))
                    .transpose()?,
                flags: ListFlags::from_bits(row.try_get("flags")?),
                version: row.try_get("version")?,
                locked: false,
            })
        })
        .collect()
}

/// The numbers of every matching extension, in the query's order, without
/// paging (exports of a filtered list).
pub async fn matching_numbers(
    conn: &mut AnyConnection,
    tenant_id: i64,
    query: &ListQuery,
) -> Result<Vec<String>, StoreError> {
    let (filter, params) = where_clause(query);
    let dir = if query.descending { "DESC" } else { "ASC" };
    let order = query.sort.order_by().replace("{dir}", dir);
    let sql = format!("SELECT number FROM extensions WHERE {filter} ORDER BY {order}");
    let mut q = sqlx::query_scalar::<_, String>(AssertSqlSafe(sql)).bind(tenant_id);
    for p in &params {
        q = q.bind(p.as_str());
    }
    Ok(q.fetch_all(conn).await?)
}

/// How many extensions match (for paging).
pub async fn count(
    conn: &mut AnyConnection,
    tenant_id: i64,
    query: &ListQuery,
) -> Result<i64, StoreError> {
    let (filter, params) = where_clause(query);
    let sql = format!("SELECT COUNT(*) FROM extensions WHERE {filter}");
    let mut q = sqlx::query_scalar::<_, i64>(AssertSqlSafe(sql)).bind(tenant_id);
    for p in &params {
        q = q.bind(p.as_str());
    }
    Ok(q.fetch_one(conn).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_in_user_text_match_literally() {
        assert_eq!(like_pattern("10%_A"), "%10\\%\\_a%");
    }

    #[test]
    fn filters_number_their_placeholders_after_the_tenant() {
        let q = ListQuery {
            search: Some("bob".into()),
            filters: ColumnFilters {
                name: Some("x".into()),
                ..Default::default()
            },
            only_numbers: Some(vec!["100".into(), "101".into()]),
            ..Default::default()
        };
        let (sql, params) = where_clause(&q);
        assert!(sql.contains("search_text LIKE $2"), "{sql}");
        assert!(sql.contains("LIKE $3"), "{sql}");
        assert!(sql.contains("IN ($4, $5)"), "{sql}");
        assert_eq!(params.len(), 4);
    }
}
