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
    // Both sides list the same fields in the same order, so they are walked
    // side by side (imports diff thousands of extensions at once).
    let before = before.map(fields);
    let after = after.map(fields);
    let len = after.as_ref().or(before.as_ref()).map_or(0, Vec::len);
    let mut changes = Map::new();
    for i in 0..len {
        let old = before.as_ref().map(|f| (f[i].0, f[i].1.as_str()));
        let new = after.as_ref().map(|f| (f[i].0, f[i].1.as_str()));
        let Some(key) = new.or(old).map(|(k, _)| k) else {
            continue;
        };
        let (old, new) = (old.map_or("", |(_, v)| v), new.map_or("", |(_, v)| v));
        if old != new {
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
