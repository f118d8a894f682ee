//! Settings are stored sparsely: only values that differ from the defaults,
//! so a 100,000-extension database stays small and new settings need no
//! data migration (absent fields read back as their defaults).

use pbx_domain::Settings;

use crate::StoreError;

/// The sparse JSON text of `settings`, written straight from the typed
/// sections (no intermediate JSON tree: imports store thousands at once).
pub fn settings_to_json(settings: &Settings) -> String {
    serde_json::to_string(&settings.changed_from_defaults()).unwrap_or_else(|_| "{}".into())
}

/// Reads sparse (or full) settings JSON.
pub fn settings_from_json(text: &str) -> Result<Settings, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("settings: {e}")))
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value};

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

    /// The sparse document computed the slow way: the full JSON tree minus
    /// every field equal to its default.
    fn sparse_by_tree(settings: &Settings) -> Value {
        let Value::Object(full) = serde_json::to_value(settings).unwrap() else {
            unreachable!()
        };
        let Value::Object(defaults) = serde_json::to_value(Settings::default()).unwrap() else {
            unreachable!()
        };
        let mut sparse = Map::new();
        for (section, fields) in full {
            let changed: Map<String, Value> = fields
                .as_object()
                .unwrap()
                .iter()
                .filter(|(key, value)| defaults[&section].get(key.as_str()) != Some(*value))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if !changed.is_empty() {
                sparse.insert(section, Value::Object(changed));
            }
        }
        Value::Object(sparse)
    }

    /// A valid value other than the default for `key`, when one of a few
    /// candidates is.
    fn changed_value(spec: &pbx_domain::catalogue::SettingSpec) -> Option<Settings> {
        use pbx_domain::values::ValueKind;
        let mut candidates: Vec<String> = match spec.value {
            ValueKind::Int { min, max } => vec![min.to_string(), max.to_string()],
            ValueKind::Choice { options } => options.iter().map(|(w, _)| w.to_string()).collect(),
            _ => Vec::new(),
        };
        candidates.extend(
            [
                "yes",
                "no",
                "Night shift",
                "2468",
                "+15550199",
                "^1",
                "PJSIP/200@carrier2",
                "beep-custom",
                "carrier1",
                "2,7",
                "100,101",
                "ulaw,alaw",
                "10.0.0.0/8",
                "a@example.com",
                "/var/spool/x",
                "sip:proxy.example.com",
                "7",
                "Str0ng!Passw0rd",
            ]
            .map(String::from),
        );
        candidates.into_iter().find_map(|value| {
            let mut s = Settings::default();
            (s.set_text(spec.key, &value) == Some(Ok(())) && s != Settings::default()).then_some(s)
        })
    }

    #[test]
    fn every_setting_changed_alone_is_stored_as_the_changed_fields_of_the_full_tree() {
        let mut covered = 0;
        for spec in pbx_domain::catalogue::settings() {
            let Some(s) = changed_value(spec) else {
                continue;
            };
            covered += 1;
            let text = settings_to_json(&s);
            assert_eq!(
                serde_json::from_str::<Value>(&text).unwrap(),
                sparse_by_tree(&s),
                "{}",
                spec.key
            );
            assert_eq!(settings_from_json(&text).unwrap(), s, "{}", spec.key);
        }
        let total = pbx_domain::catalogue::settings().count();
        assert!(
            covered * 10 >= total * 9,
            "only {covered} of {total} settings tried"
        );
    }
}
