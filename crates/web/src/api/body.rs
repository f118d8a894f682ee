//! Reading JSON bodies ourselves, so malformed JSON is a clear 400/422
//! instead of a framework message, and every field error has its path.

use axum::body::Bytes;
use serde_json::Value;

use crate::ApiError;

/// Parses a request body as a JSON object.
pub fn json_object(body: &Bytes) -> Result<Value, ApiError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::field(
            "body",
            format!(
                "is not valid JSON: {}",
                pbx_domain::catalogue::json_error_message(&e)
            ),
        )
    })?;
    if !value.is_object() {
        return Err(ApiError::field("body", "must be a JSON object"));
    }
    Ok(value)
}

/// Fails on keys outside `allowed`.
pub fn only_fields(value: &Value, allowed: &[&str]) -> Result<(), ApiError> {
    let mut errors = pbx_domain::ValidationErrors::new();
    if let Some(object) = value.as_object() {
        errors.reject_unknown(object, allowed);
    }
    errors.into_result().map_err(ApiError::from)
}
