//! Service errors: each maps to one HTTP status and one CLI message.

use pbx_domain::ValidationErrors;
use pbx_store::StoreError;
use pbx_store::extensions::Referrer;

/// What a use case can answer instead of a result.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// No valid credentials (401).
    #[error("authentication required")]
    Unauthenticated,
    /// Authenticated but not allowed (403).
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// Absent, or outside what the actor may see (404; no existence leak).
    #[error("{0} not found")]
    NotFound(String),
    /// Bad input, field by field (422).
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
    /// Stale version: someone else changed the record (409).
    #[error("the record was changed by someone else since it was loaded; reload and try again")]
    StaleVersion,
    /// The extension is referred to and the delete was not forced (409).
    #[error("extension {number} is referred to by other extensions")]
    Referenced {
        number: String,
        referrers: Vec<Referrer>,
    },
    /// Too many failed sign-ins: try again after `retry_after` seconds (429).
    #[error("too many failed sign-ins; try again in {retry_after} seconds")]
    Throttled { retry_after: i64 },
    /// The password was right; the account also needs a one-time code (401).
    #[error("a one-time code (otp) is required")]
    SecondFactorRequired,
    /// The password was right but has expired or must be changed: send a
    /// `new_password` with the sign-in (403).
    #[error("the password must be changed: send new_password")]
    PasswordChangeRequired,
    /// The store failed (500; details are logged, not shown).
    #[error("internal error")]
    Internal(String),
}

impl From<StoreError> for ServiceError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => ServiceError::NotFound("record".into()),
            StoreError::StaleVersion => ServiceError::StaleVersion,
            StoreError::Conflict { field } => {
                let message = match field {
                    "username" => "is already used (usernames are unique across all tenants)",
                    "number" => "already exists in this tenant",
                    _ => "is already taken",
                };
                ServiceError::Invalid(ValidationErrors::single(field, message))
            }
            StoreError::LimitReached { limit } => ServiceError::Invalid(ValidationErrors::single(
                "number",
                format!("the tenant's extension limit of {limit} is reached"),
            )),
            other => {
                tracing::error!(error = %other, "storage failure");
                ServiceError::Internal(other.to_string())
            }
        }
    }
}

impl ServiceError {
    pub fn not_found(what: impl Into<String>) -> ServiceError {
        ServiceError::NotFound(what.into())
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> ServiceError {
        ServiceError::Invalid(ValidationErrors::single(field, message))
    }

    /// The message with an internal error's detail (for logs and the CLI,
    /// never for HTTP responses).
    pub fn detail(&self) -> String {
        match self {
            ServiceError::Internal(detail) => format!("internal error: {detail}"),
            other => other.to_string(),
        }
    }
}
