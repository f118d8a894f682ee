//! Settings are stored sparsely: only values that differ from the defaults,
//! so a 100,000-extension database stays small and new settings need no
//! data migration (absent fields read back as their defaults).

use std::sync::OnceLock;

use pbx_domain::Settings;
use serde_json::{Map, Value};

use crate::StoreError;

fn default_document() -> &'static Map<String, Value> {
    static DEFAULTS: OnceLock<Map<String, Value>> = OnceLock::new();
    DEFAULTS.get_or_init(|| match serde_json::to_value(Settings::default()) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    })
}

/// The sparse JSON text of `settings`.
pub fn settings_to_json(settings: &Settings) -> String {
    let Ok(Value::Object(full)) = serde_json::to_value(settings) else {
        return "{}".into();
    };
    let defaults = default_document();
    let mut sparse = Map::new();
    for (section, fields) in full {
        let (Value::Object(fields), Some(Value::Object(default_fields))) =
            (fields, defaults.get(&section))
        else {
            continue;
        };
        let changed: Map<String, Value> = fields
            .into_iter()
            .filter(|(key, value)| default_fields.get(key) != Some(value))
            .collect();
        if !changed.is_empty() {
            sparse.insert(section, Value::Object(changed));
        }
    }
    Value::Object(sparse).to_string()
}

/// Reads sparse (or full) settings JSON.
pub fn settings_from_json(text: &str) -> Result<Settings, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("settings: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_settings_are_stored_as_an_empty_document() {
        assert_eq!(settings_to_json(&Settings::default()), "{}");
    }

    #[test]
    fn changed_settings_round_trip_through_the_sparse_document() {
        let mut s = Settings::default();
        s.information.dnd = true;
        s.nat.qualify_frequency = pbx_domain::values::Bounded::new(120);
        let text = settings_to_json(&s);
        assert_eq!(
            text,
            r#"{"information":{"dnd":true},"nat":{"qualify_frequency":120}}"#
        );
        assert_eq!(settings_from_json(&text).unwrap(), s);
    }
}
