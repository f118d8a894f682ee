//! Storage errors. Constraint violations become [`StoreError::Conflict`]
//! naming the field, so index names never leave this crate.

/// What can go wrong in storage.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique value is already taken (`field` is `number`, `username`, `code`...).
    #[error("{field} is already taken")]
    Conflict { field: &'static str },
    /// The row changed since it was read.
    #[error("the record was changed by someone else")]
    StaleVersion,
    /// The tenant's extension limit would be exceeded.
    #[error("the tenant's extension limit of {limit} is reached")]
    LimitReached { limit: i64 },
    #[error("unsupported database URL '{0}': use sqlite://FILE or postgres://...")]
    BadUrl(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("database error")]
    Database(#[source] sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        if let sqlx::Error::RowNotFound = error {
            return StoreError::NotFound;
        }
        if let sqlx::Error::Database(db) = &error
            && db.is_unique_violation()
        {
            let text = format!("{} {}", db.constraint().unwrap_or_default(), db.message());
            return StoreError::Conflict {
                field: conflict_field(&text),
            };
        }
        StoreError::Database(error)
    }
}

/// Maps a constraint name (PostgreSQL) or message (SQLite) to the field.
fn conflict_field(text: &str) -> &'static str {
    const FIELDS: [(&str, &str); 6] = [
        ("extensions_username_key", "username"),
        ("extensions.username", "username"),
        ("extensions_number_key", "number"),
        ("extensions.tenant_id, extensions.number", "number"),
        ("tenants_code_key", "code"),
        ("tenants.code", "code"),
    ];
    FIELDS
        .iter()
        .find(|(needle, _)| text.contains(needle))
        .map(|(_, field)| *field)
        .or_else(|| text.contains("users").then_some("username"))
        .or_else(|| text.contains("tenant_objects").then_some("name"))
        .unwrap_or("value")
}

#[cfg(test)]
mod tests {
    use super::conflict_field;

    #[test]
    fn constraint_names_and_sqlite_messages_map_to_fields() {
        assert_eq!(
            conflict_field("extensions_username_key duplicate key"),
            "username"
        );
        assert_eq!(
            conflict_field(" UNIQUE constraint failed: extensions.tenant_id, extensions.number"),
            "number"
        );
        assert_eq!(conflict_field("tenants_code_key"), "code");
    }
}
