//! Checks of the catalogue as a whole.

use std::collections::HashSet;

use super::{AsteriskObject, Effect, asterisk_options, find, sections, settings};
use crate::extension::ExtensionKind;
use crate::settings::Settings;

const PJSIP_OPTIONS: &str = include_str!("../../../../reference/pjsip_options.tsv");
const SIP_PEER_OPTIONS: &str = include_str!("../../../../reference/sip_peer_options.txt");

fn pjsip_option_exists(object: &str, option: &str) -> bool {
    PJSIP_OPTIONS.lines().any(|line| {
        let mut cols = line.split('\t');
        cols.next() == Some(object) && cols.next() == Some(option)
    })
}

fn sip_peer_option_exists(option: &str) -> bool {
    SIP_PEER_OPTIONS
        .lines()
        .filter(|line| !line.starts_with('#'))
        .flat_map(|line| line.split_whitespace())
        .any(|word| word == option)
}

#[test]
fn every_setting_key_is_unique_across_sections() {
    let mut seen = HashSet::new();
    for spec in settings() {
        assert!(seen.insert(spec.key), "duplicate key {}", spec.key);
    }
    assert!(seen.len() >= 140, "only {} settings", seen.len());
}

#[test]
fn every_asterisk_option_named_by_a_setting_exists_for_its_object() {
    for spec in settings() {
        for option in spec.effects.iter().filter_map(Effect::asterisk) {
            let ok = match option.object {
                AsteriskObject::Peer => sip_peer_option_exists(option.name),
                object => pjsip_option_exists(object.name(), option.name),
            };
            assert!(ok, "{} names unknown Asterisk option {option:?}", spec.key);
        }
    }
}

/// Asterisk's default of a PJSIP option as the reference lists it
/// (`(none)` and empty are no default; `(0)` is 0).
fn pjsip_default(object: &str, option: &str) -> Option<String> {
    PJSIP_OPTIONS.lines().find_map(|line| {
        let cols: Vec<&str> = line.split('\t').collect();
        (cols.first() == Some(&object) && cols.get(1) == Some(&option)).then(|| {
            let c_default = cols.get(3).copied().unwrap_or_default();
            let xml_default = cols.get(2).copied().unwrap_or_default();
            let raw = if c_default.is_empty() {
                xml_default
            } else {
                c_default
            };
            match raw {
                "(none)" => String::new(),
                other => other.trim_matches(|c| c == '(' || c == ')').to_owned(),
            }
        })
    })
}

#[test]
fn every_declared_pjsip_default_is_asterisks_own() {
    let mut checked = 0;
    for object in [
        AsteriskObject::Endpoint,
        AsteriskObject::Aor,
        AsteriskObject::Auth,
    ] {
        for (spec, option) in asterisk_options(object) {
            let Some(asterisk) = pjsip_default(object.name(), option.name) else {
                panic!(
                    "{}: {} is not a {} option",
                    spec.key,
                    option.name,
                    object.name()
                );
            };
            assert_eq!(
                option.default,
                asterisk,
                "{}: Asterisk's default of {} {}",
                spec.key,
                object.name(),
                option.name
            );
            checked += 1;
        }
    }
    assert!(checked >= 45, "{checked}");
}

#[test]
fn an_option_several_settings_declare_is_computed_the_same_way_by_each() {
    for object in AsteriskObject::ALL {
        for (first, option) in asterisk_options(object) {
            let declaring: Vec<_> = settings()
                .flat_map(|s| {
                    s.effects
                        .iter()
                        .filter_map(Effect::asterisk)
                        .map(move |o| (s, o))
                })
                .filter(|(_, o)| o.object == object && o.name == option.name)
                .collect();
            if declaring.len() < 2 {
                continue;
            }
            for (spec, other) in &declaring {
                assert_eq!(
                    other.default, option.default,
                    "{} {}",
                    spec.key, option.name
                );
                assert!(
                    other.value.is_some(),
                    "{}: {} is read from several settings, so a function computes it",
                    spec.key,
                    option.name
                );
                assert!(
                    std::ptr::fn_addr_eq(other.value.unwrap(), option.value.unwrap()),
                    "{} and {} compute {} differently",
                    spec.key,
                    first.key,
                    option.name
                );
            }
        }
    }
}

#[test]
fn each_object_has_each_option_once_with_deny_before_permit() {
    for object in AsteriskObject::ALL {
        let names: Vec<&str> = asterisk_options(object)
            .iter()
            .map(|(_, o)| o.name)
            .collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{object:?}");
        let at = |name: &str| names.iter().position(|n| *n == name);
        if let (Some(deny), Some(permit)) = (at("deny"), at("permit")) {
            assert!(
                deny < permit,
                "{object:?}: Asterisk applies ACL rules in order"
            );
        }
    }
    let count = |object| asterisk_options(object).len();
    assert_eq!(
        AsteriskObject::ALL.map(count),
        [36, 0, 9, 24],
        "endpoint, auth, aor and peer options"
    );
}

#[test]
fn an_option_is_declared_only_by_settings_of_the_kind_that_has_the_object() {
    for spec in settings() {
        for option in spec.effects.iter().filter_map(Effect::asterisk) {
            let kind = match option.object {
                AsteriskObject::Peer => ExtensionKind::Sip,
                _ => ExtensionKind::Pjsip,
            };
            assert!(
                spec.kinds.contains(kind),
                "{} declares {option:?}",
                spec.key
            );
        }
    }
}

#[test]
fn every_setting_has_a_label_help_text_and_an_effect() {
    for spec in settings() {
        assert!(!spec.label.is_empty(), "{}", spec.key);
        assert!(spec.help.len() > 10, "{}", spec.key);
        assert!(!spec.effects.is_empty(), "{}", spec.key);
    }
}

#[test]
fn the_default_of_every_setting_round_trips_through_its_text() {
    let defaults = Settings::default();
    for spec in settings() {
        let text = defaults.get_text(spec.key).expect("every key is readable");
        let mut copy = Settings::default();
        copy.set_text(spec.key, &text)
            .expect("every key is writable")
            .unwrap_or_else(|e| panic!("{}: default '{text}' does not parse: {e}", spec.key));
        assert_eq!(copy, defaults, "{}", spec.key);
    }
}

#[test]
fn defaults_pass_the_cross_checks_for_phone_kinds() {
    for kind in [
        ExtensionKind::Sip,
        ExtensionKind::Pjsip,
        ExtensionKind::Virtual,
    ] {
        assert!(Settings::default().check(kind).is_empty(), "{kind}");
    }
}

#[test]
fn every_section_is_found_by_its_settings() {
    for section in sections() {
        for field in section.fields {
            assert_eq!(find(field.key).unwrap().section, section.key);
        }
    }
}

#[test]
fn a_setting_for_another_kind_is_rejected_with_its_path() {
    let mut settings = Settings::default();
    let mut errors = crate::error::ValidationErrors::new();
    let patch = serde_json::json!({"pjsip_aor": {"max_contacts": 2}});
    settings.apply_json(&patch, Some(ExtensionKind::Sip), &mut errors);
    assert_eq!(errors.0[0].field, "settings.pjsip_aor.max_contacts");
}

#[test]
fn a_setting_for_another_kind_may_be_sent_back_unchanged_but_not_changed() {
    let mut current = Settings::default();
    current.set_text("max_contacts", "3").unwrap().unwrap();
    let mut settings = Settings::default();
    let mut errors = crate::error::ValidationErrors::new();
    let same = serde_json::json!({"pjsip_aor": {"max_contacts": 3}, "nat": {"keepalive": 0}});
    settings.apply_extension_json(&same, ExtensionKind::Sip, Some(&current), &mut errors);
    assert!(errors.is_empty(), "{:?}", errors.messages());
    assert_eq!(settings.pjsip_aor.max_contacts.get(), 3, "kept as stored");
    let changed = serde_json::json!({"pjsip_aor": {"max_contacts": 4}});
    settings.apply_extension_json(&changed, ExtensionKind::Sip, Some(&current), &mut errors);
    assert_eq!(errors.0[0].field, "settings.pjsip_aor.max_contacts");
    let mut new = crate::error::ValidationErrors::new();
    Settings::default().apply_extension_json(&same, ExtensionKind::Sip, None, &mut new);
    assert_eq!(new.0.len(), 1, "a new extension has nothing to send back");
}

#[test]
fn a_bad_value_is_reported_with_its_path_and_the_rest_still_applies() {
    let mut settings = Settings::default();
    let mut errors = crate::error::ValidationErrors::new();
    let patch = serde_json::json!({"nat": {"qualify_frequency": 0, "qualify": false}});
    settings.apply_json(&patch, Some(ExtensionKind::Sip), &mut errors);
    assert_eq!(errors.0.len(), 1);
    assert_eq!(errors.0[0].field, "settings.nat.qualify_frequency");
    assert!(!settings.nat.qualify);
}

#[test]
fn texts_lists_every_setting_in_catalogue_order_with_its_get_text() {
    let mut settings = Settings::default();
    settings.information.dnd = true;
    let texts = settings.texts();
    let keys: Vec<&str> = settings_keys();
    assert_eq!(texts.iter().map(|(k, _)| *k).collect::<Vec<_>>(), keys);
    for (key, text) in texts {
        assert_eq!(Some(text), settings.get_text(key), "{key}");
    }
}

fn settings_keys() -> Vec<&'static str> {
    settings().map(|s| s.key).collect()
}

#[test]
fn the_endpoint_page_shows_its_shared_settings_first_then_its_own() {
    use super::{Page, on_page, page_settings};
    let keys: Vec<&str> = page_settings(Page::PjsipEndpoint).map(|s| s.key).collect();
    let mut first: Vec<&str> = keys[..4].to_vec();
    let mut shared = crate::settings::SHARED_WITH_ENDPOINT_PAGE.to_vec();
    first.sort_unstable();
    shared.sort_unstable();
    assert_eq!(first, shared);
    assert!(keys.contains(&"rtcp_mux"));
    assert!(on_page("max_contacts", Page::PjsipAor));
    assert!(!on_page("dnd", Page::PjsipEndpoint));
    assert!(!on_page("direct_media", Page::PjsipAor));
}
