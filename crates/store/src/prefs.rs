//! Per-user preferences (display mode, hidden grid columns, tenant).

use sqlx::AnyConnection;

use crate::StoreError;

/// The user's preference `name`, if set.
pub async fn get(
    conn: &mut AnyConnection,
    user_id: i64,
    name: &str,
) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT value FROM user_prefs WHERE user_id = $1 AND name = $2")
            .bind(user_id)
            .bind(name)
            .fetch_optional(conn)
            .await?,
    )
}

/// Sets the user's preference `name`.
pub async fn set(
    conn: &mut AnyConnection,
    user_id: i64,
    name: &str,
    value: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO user_prefs (user_id, name, value) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id, name) DO UPDATE SET value = excluded.value",
    )
    .bind(user_id)
    .bind(name)
    .bind(value)
    .execute(conn)
    .await?;
    Ok(())
}
