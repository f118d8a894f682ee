//! The input of a create or update, from JSON (API) or form/import text,
//! before it is checked against the tenant and the stored extension.

use pbx_domain::ValidationErrors;
use serde_json::Value;

/// What a client may send: the writable fields, then the read-only ones
/// of the API's extension document (accepted and ignored, so a document
/// read with GET can be sent back).
const CORE_FIELDS: [&str; 10] = [
    "kind",
    "number",
    "name",
    "description",
    "username",
    "secret",
    "version",
    "settings",
    "flags",
    "web_password_set",
];

/// What a client sent for one extension. `None` means "not sent": keep the
/// current value on update, use the default on create.
#[derive(Debug, Clone, Default)]
pub struct ExtensionInput {
    pub kind: Option<String>,
    pub number: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub username: Option<String>,
    pub secret: Option<String>,
    /// The version the client loaded; required for updates.
    pub version: Option<i64>,
    /// `{"section": {"key": value}}` or `{"key": value}` from JSON.
    pub settings_json: Option<Value>,
    /// `(key, text)` from form fields or import cells.
    pub settings_text: Vec<(String, String)>,
    /// PUT semantics: what is not sent returns to what a new extension
    /// gets (name and description empty, the default username, settings at
    /// the tenant's defaults); the write-only SIP secret and web password
    /// are kept unless sent.
    pub replace: bool,
}

impl ExtensionInput {
    /// Reads a JSON object; unknown fields and wrong types are field errors.
    pub fn from_json(body: &Value) -> Result<ExtensionInput, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let Some(object) = body.as_object() else {
            return Err(ValidationErrors::single("body", "must be a JSON object"));
        };
        errors.reject_unknown(object, &CORE_FIELDS);
        let mut text = |key: &str| -> Option<String> {
            match object.get(key)? {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) if key == "number" => Some(n.to_string()),
                Value::Null => Some(String::new()),
                _ => {
                    errors.push(key, "must be a string");
                    None
                }
            }
        };
        let input = ExtensionInput {
            kind: text("kind"),
            number: text("number"),
            name: text("name"),
            description: text("description"),
            username: text("username"),
            secret: text("secret"),
            version: None,
            settings_json: object.get("settings").cloned(),
            settings_text: Vec::new(),
            replace: false,
        };
        let version = match object.get("version") {
            None | Some(Value::Null) => None,
            Some(v) => match v.as_i64() {
                Some(v) => Some(v),
                None => {
                    errors.push("version", "must be a whole number");
                    None
                }
            },
        };
        errors.into_result()?;
        Ok(ExtensionInput { version, ..input })
    }
}
