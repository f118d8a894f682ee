//! Checks of the catalogue as a whole.

use std::collections::HashSet;

use super::{Effect, find, sections, settings};
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
        for effect in spec.effects {
            let ok = match *effect {
                Effect::Endpoint(option) => pjsip_option_exists("endpoint", option),
                Effect::Aor(option) => pjsip_option_exists("aor", option),
                Effect::Auth(option) => pjsip_option_exists("auth", option),
                Effect::Peer(option) => sip_peer_option_exists(option),
                Effect::Dialplan | Effect::Panel | Effect::Record => true,
            };
            assert!(ok, "{} names unknown Asterisk option {effect:?}", spec.key);
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
