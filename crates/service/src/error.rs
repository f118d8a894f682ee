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
    /// Too much is running already (an import of the same tenant, or as
    /// many as the process allows): try again after `retry_after` seconds
    /// (429).
    #[error("{message}")]
    Busy { message: String, retry_after: i64 },
    /// The password was right; the account also needs a one-time code (401).
    #[error("a one-time code (otp) is required")]
    SecondFactorRequired,
    /// The password was right but has expired or must be changed: send a
    /// `new_password` with the sign-in (403).
    #[error("the password must be changed: send new_password")]
    PasswordChangeRequired,
    /// Something unexpected failed, such as the database (500). The cause
    /// keeps its source chain; it is logged once, where the request is
    /// answered, and never shown to the client.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// An unexpected failure that is not an error value of its own: what was
/// being done, and the error that stopped it, if any.
#[derive(Debug, thiserror::Error)]
#[error("{context}")]
pub struct Unexpected {
    context: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// A store result whose "no such row" means something to the caller.
pub(crate) trait OrMissing<T> {
    /// `missing()` when the row does not exist; any other store failure
    /// stays an internal error (so an outage never reads as "not found").
    fn or_missing(self, missing: impl FnOnce() -> ServiceError) -> Result<T, ServiceError>;
}

impl<T> OrMissing<T> for Result<T, StoreError> {
    fn or_missing(self, missing: impl FnOnce() -> ServiceError) -> Result<T, ServiceError> {
        self.map_err(|error| match error {
            StoreError::NotFound => missing(),
            other => other.into(),
        })
    }
}

impl From<StoreError> for ServiceError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => ServiceError::NotFound("record".into()),
            StoreError::StaleVersion => ServiceError::StaleVersion,
            StoreError::Conflict { field } => {
                let message = match field {
                    "username" => crate::extensions::usernames::NOT_AVAILABLE,
                    "number" => "already exists in this tenant",
                    _ => "is already taken",
                };
                ServiceError::Invalid(ValidationErrors::single(field, message))
            }
            StoreError::LimitReached { limit } => ServiceError::Invalid(ValidationErrors::single(
                "number",
                format!("the tenant's extension limit of {limit} is reached"),
            )),
            other => ServiceError::Internal(Box::new(other)),
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

    /// An unexpected failure described by `context` alone.
    pub fn unexpected(context: impl Into<String>) -> ServiceError {
        ServiceError::Internal(Box::new(Unexpected {
            context: context.into(),
            source: None,
        }))
    }

    /// An unexpected failure: `context`, caused by `source`.
    pub fn internal(
        context: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> ServiceError {
        ServiceError::Internal(Box::new(Unexpected {
            context: context.into(),
            source: Some(Box::new(source)),
        }))
    }

    /// The message with an internal error's whole source chain (for logs
    /// and the CLI, never for HTTP responses).
    pub fn detail(&self) -> String {
        match self {
            ServiceError::Internal(_) => source_chain(self),
            other => other.to_string(),
        }
    }
}

/// An error and each of its sources, joined by `: `.
pub fn source_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut next = error.source();
    while let Some(source) = next {
        text.push_str(": ");
        text.push_str(&source.to_string());
        next = source.source();
    }
    text
}
