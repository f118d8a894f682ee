//! Field-level before/after of a change, with secrets redacted.

use pbx_domain::Extension;
use serde_json::{Map, Value, json};

const REDACTED: [&str; 2] = ["secret", "web_password"];

fn fields(e: &Extension) -> Vec<(&'static str, String)> {
    let mut out = vec![
        ("kind", e.kind.as_str().to_owned()),
        ("name", e.name.to_string()),
        ("description", e.description.to_string()),
        (
            "username",
            e.username
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        ),
        (
            "secret",
            e.secret
                .as_ref()
                .map(|s| s.expose().to_owned())
                .unwrap_or_default(),
        ),
    ];
    for spec in pbx_domain::catalogue::settings() {
        out.push((spec.key, e.settings.get_text(spec.key).unwrap_or_default()));
    }
    out
}

/// `{"field": [before, after]}` for every field that differs.
pub fn diff(before: Option<&Extension>, after: Option<&Extension>) -> Value {
    let before = before.map(fields).unwrap_or_default();
    let after = after.map(fields).unwrap_or_default();
    let mut changes = Map::new();
    let keys: Vec<&str> = after.iter().chain(before.iter()).map(|(k, _)| *k).collect();
    for key in keys {
        let old = before
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or("");
        let new = after
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or("");
        if old != new && !changes.contains_key(key) {
            let show = |v: &str| {
                if REDACTED.contains(&key) && !v.is_empty() {
                    "[redacted]".to_owned()
                } else {
                    v.to_owned()
                }
            };
            changes.insert(key.to_owned(), json!([show(old), show(new)]));
        }
    }
    Value::Object(changes)
}
