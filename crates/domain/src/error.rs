//! Field-level validation errors, the shape every layer reports bad input in.

use serde::Serialize;

/// One problem with one input field. `field` is a path such as
/// `number` or `settings.nat.qualify_frequency`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The path of the field, e.g. `settings.nat.qualify`.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl FieldError {
    /// A problem with `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// All the problems found in one input, never just the first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{} invalid field(s): {}", .0.len(), summary(.0))]
pub struct ValidationErrors(pub Vec<FieldError>);

fn summary(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(FieldError::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl ValidationErrors {
    /// No problems yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// One problem.
    pub fn single(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self(vec![FieldError::new(field, message)])
    }

    /// Adds a problem.
    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    /// Each error as `field: message`.
    pub fn messages(&self) -> Vec<String> {
        self.0.iter().map(FieldError::to_string).collect()
    }

    /// True when nothing was collected.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds the problems of `other`.
    pub fn extend(&mut self, other: ValidationErrors) {
        self.0.extend(other.0);
    }

    /// Collects the error of `result`, if any, under `field`; returns the value.
    pub fn check<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(message) => {
                self.push(field, message);
                None
            }
        }
    }

    /// Records `unknown field` for every key of `object` outside `allowed`
    /// (JSON bodies name only the fields they may set).
    pub fn reject_unknown(
        &mut self,
        object: &serde_json::Map<String, serde_json::Value>,
        allowed: &[&str],
    ) {
        for key in object.keys().filter(|k| !allowed.contains(&k.as_str())) {
            self.push(key.as_str(), "unknown field");
        }
    }

    /// `Ok(())` when nothing was collected.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_outside_the_allowed_ones_is_an_unknown_field() {
        let body = serde_json::json!({"name": "x", "colour": 1, "size": 2});
        let mut errors = ValidationErrors::new();
        errors.reject_unknown(body.as_object().unwrap(), &["name"]);
        assert_eq!(
            errors.messages(),
            ["colour: unknown field", "size: unknown field"]
        );
    }
}
