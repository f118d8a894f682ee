//! Reads of whole extensions (with settings).

use sqlx::AnyConnection;
use sqlx::AssertSqlSafe;

use super::{COLUMNS, StoredExtension, from_row};
use crate::StoreError;

/// The extension `number` of the tenant.
pub async fn by_number(
    conn: &mut AnyConnection,
    tenant_id: i64,
    number: &str,
) -> Result<StoredExtension, StoreError> {
    let row = sqlx::query(sql!(
        "SELECT {COLUMNS} FROM extensions WHERE tenant_id = $1 AND number = $2"
    ))
    .bind(tenant_id)
    .bind(number)
    .fetch_optional(conn)
    .await?
    .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// The extension with this SIP username, in any tenant.
pub async fn by_username(
    conn: &mut AnyConnection,
    username: &str,
) -> Result<Option<StoredExtension>, StoreError> {
    let row = sqlx::query(sql!("SELECT {COLUMNS} FROM extensions WHERE username = $1"))
        .bind(username)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The extensions of the tenant with these numbers (missing ones are skipped).
pub async fn by_numbers(
    conn: &mut AnyConnection,
    tenant_id: i64,
    numbers: &[String],
) -> Result<Vec<StoredExtension>, StoreError> {
    let mut found = Vec::with_capacity(numbers.len());
    for chunk in numbers.chunks(500) {
        let placeholders = (0..chunk.len())
            .map(|i| format!("${}", i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {COLUMNS} FROM extensions WHERE tenant_id = $1 AND number IN ({placeholders}) \
             ORDER BY number_value, number"
        );
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(tenant_id);
        for number in chunk {
            query = query.bind(number.as_str());
        }
        for row in query.fetch_all(&mut *conn).await? {
            found.push(from_row(&row)?);
        }
    }
    Ok(found)
}

/// Every extension of the tenant, by number (for rendering and export).
pub async fn all_of_tenant(
    conn: &mut AnyConnection,
    tenant_id: i64,
) -> Result<Vec<StoredExtension>, StoreError> {
    let rows = sqlx::query(sql!(
        "SELECT {COLUMNS} FROM extensions WHERE tenant_id = $1 ORDER BY number_value, number"
    ))
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Every number of the tenant with its kind.
pub async fn numbers_of_tenant(
    conn: &mut AnyConnection,
    tenant_id: i64,
) -> Result<Vec<(String, String)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT number, kind FROM extensions WHERE tenant_id = $1 ORDER BY number_value, number",
    )
    .bind(tenant_id)
    .fetch_all(conn)
    .await?)
}

/// Who holds these SIP usernames in any letter case, in any tenant:
/// `(username, tenant id, number)`. Asked 50 at a time, like
/// [`owners_of_usernames`].
pub async fn owners_of_usernames_folded(
    conn: &mut AnyConnection,
    usernames: &[String],
) -> Result<Vec<(String, i64, String)>, StoreError> {
    let mut found = Vec::new();
    for chunk in usernames.chunks(50) {
        let placeholders = (0..chunk.len())
            .map(|i| format!("${}", i + 1))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT username, tenant_id, number FROM extensions WHERE LOWER(username) IN ({placeholders})"
        );
        let mut query = sqlx::query_as::<_, (String, i64, String)>(AssertSqlSafe(sql));
        for username in chunk {
            query = query.bind(username.to_lowercase());
        }
        found.extend(query.fetch_all(&mut *conn).await?);
    }
    Ok(found)
}

/// Who holds these SIP usernames, in any tenant: `(username, tenant id, number)`.
/// Asked 50 at a time: sqlx's SQLite driver binds in time quadratic in the
/// placeholders of one statement.
pub async fn owners_of_usernames(
    conn: &mut AnyConnection,
    usernames: &[String],
) -> Result<Vec<(String, i64, String)>, StoreError> {
    let mut found = Vec::new();
    for chunk in usernames.chunks(50) {
        let placeholders = (0..chunk.len())
            .map(|i| format!("${}", i + 1))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT username, tenant_id, number FROM extensions WHERE username IN ({placeholders})"
        );
        let mut query = sqlx::query_as::<_, (String, i64, String)>(AssertSqlSafe(sql));
        for username in chunk {
            query = query.bind(username.as_str());
        }
        found.extend(query.fetch_all(&mut *conn).await?);
    }
    Ok(found)
}
