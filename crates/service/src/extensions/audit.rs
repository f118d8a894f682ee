//! Field-level before/after of a change, with secrets redacted.

use pbx_domain::{Extension, Settings};
use serde_json::{Map, Value, json};

const REDACTED: [&str; 2] = ["secret", "web_password"];

/// The core fields of an extension as text; an absent extension (before a
/// create, after a delete) has them empty.
fn core_fields(e: Option<&Extension>) -> [(&'static str, String); 5] {
    let text = |f: fn(&Extension) -> String| e.map(f).unwrap_or_default();
    [
        ("kind", text(|e| e.kind.as_str().to_owned())),
        ("name", text(|e| e.name.to_string())),
        ("description", text(|e| e.description.to_string())),
        (
            "username",
            text(|e| {
                e.username
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            }),
        ),
        (
            "secret",
            text(|e| {
                e.secret
                    .as_ref()
                    .map(|s| s.expose().to_owned())
                    .unwrap_or_default()
            }),
        ),
    ]
}

fn default_settings() -> &'static Settings {
    static DEFAULTS: std::sync::OnceLock<Settings> = std::sync::OnceLock::new();
    DEFAULTS.get_or_init(Settings::default)
}

/// `{"field": [before, after]}` for every field that differs. An absent
/// side is a default extension with empty core fields, so a create records
/// only what differs from a default extension (and a delete likewise).
pub fn diff(before: Option<&Extension>, after: Option<&Extension>) -> Value {
    let mut changes = Map::new();
    let mut record = |key: &'static str, old: &str, new: &str| {
        let show = |v: &str| {
            if REDACTED.contains(&key) && !v.is_empty() {
                "[redacted]".to_owned()
            } else {
                v.to_owned()
            }
        };
        changes.insert(key.to_owned(), json!([show(old), show(new)]));
    };
    for ((key, old), (_, new)) in core_fields(before).iter().zip(core_fields(after).iter()) {
        if old != new {
            record(key, old, new);
        }
    }
    let before_settings = before.map_or(default_settings(), |e| &e.settings);
    let after_settings = after.map_or(default_settings(), |e| &e.settings);
    for change in before_settings.changes(after_settings) {
        record(change.key, &change.before, &change.after);
    }
    Value::Object(changes)
}

#[cfg(test)]
mod tests {
    use pbx_domain::values::ShortText;
    use pbx_domain::{ExtensionKind, ExtensionNumber, Secret, SipUsername};
    use serde_json::json;

    use super::*;

    fn extension() -> Extension {
        Extension {
            number: ExtensionNumber::parse("100").unwrap(),
            kind: ExtensionKind::Pjsip,
            name: ShortText::parse("Reception").unwrap(),
            description: ShortText::default(),
            username: Some(SipUsername::parse("100-ACME").unwrap()),
            secret: Some(Secret::generate()),
            settings: Settings::default(),
            version: 1,
        }
    }

    #[test]
    fn a_create_records_only_what_differs_from_a_default_extension() {
        let mut e = extension();
        e.settings.set_text("ring_timeout", "45").unwrap().unwrap();
        assert_eq!(
            diff(None, Some(&e)),
            json!({
                "kind": ["", "pjsip"],
                "name": ["", "Reception"],
                "username": ["", "100-ACME"],
                "secret": ["", "[redacted]"],
                "ring_timeout": ["30", "45"],
            })
        );
    }

    #[test]
    fn an_update_records_changed_settings_in_text_and_redacts_secrets() {
        let before = extension();
        let mut after = before.clone();
        after.secret = Some(Secret::generate());
        after.settings.set_text("dnd", "yes").unwrap().unwrap();
        after
            .settings
            .set_text("web_password", "Str0ng!Passw0rd")
            .unwrap()
            .unwrap();
        assert_eq!(
            diff(Some(&before), Some(&after)),
            json!({
                "secret": ["[redacted]", "[redacted]"],
                "dnd": ["no", "yes"],
                "web_password": ["", "[redacted]"],
            })
        );
        assert_eq!(diff(Some(&before), Some(&before)), json!({}));
    }

    #[test]
    fn a_delete_records_the_fields_the_extension_had() {
        let e = extension();
        let changes = diff(Some(&e), None);
        assert_eq!(changes["name"], json!(["Reception", ""]));
        assert_eq!(changes.as_object().unwrap().len(), 4);
    }
}
