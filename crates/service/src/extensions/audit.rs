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
    out.extend(e.settings.texts());
    out
}

/// What a created extension is compared with (and a deleted one): empty
/// core fields and the catalogue defaults, so a create records only what
/// differs from a default extension.
fn baseline() -> &'static [(&'static str, String)] {
    static BASELINE: std::sync::OnceLock<Vec<(&'static str, String)>> = std::sync::OnceLock::new();
    BASELINE.get_or_init(|| {
        let mut out: Vec<(&'static str, String)> =
            ["kind", "name", "description", "username", "secret"]
                .into_iter()
                .map(|k| (k, String::new()))
                .collect();
        out.extend(pbx_domain::Settings::default().texts());
        out
    })
}

/// `{"field": [before, after]}` for every field that differs.
pub fn diff(before: Option<&Extension>, after: Option<&Extension>) -> Value {
    // Both sides list the same fields in the same order, so they are walked
    // side by side (imports diff thousands of extensions at once).
    let before = before.map(fields);
    let after = after.map(fields);
    let before: &[(&'static str, String)] = before.as_deref().unwrap_or(baseline());
    let after: &[(&'static str, String)] = after.as_deref().unwrap_or(baseline());
    let mut changes = Map::new();
    for ((key, old), (_, new)) in before.iter().zip(after) {
        let (key, old, new) = (*key, old.as_str(), new.as_str());
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
