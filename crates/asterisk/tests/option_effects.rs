//! Proof that the catalogue is the Asterisk mapping: for every setting that
//! declares Asterisk options, some valid value changes each option it
//! declares, and no value changes anything else of the rendered PJSIP
//! endpoint, auth and aor, the chan_sip peer, or their Realtime rows.
//! Generated from the catalogue: a new setting is covered without a test.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use pbx_asterisk::chan_sip::sip_peer;
use pbx_asterisk::object::ConfObject;
use pbx_asterisk::pjsip::pjsip_objects;
use pbx_asterisk::realtime::{pjsip_rows, sippeers_row};
use pbx_domain::catalogue::{self, AsteriskObject, Effect, SettingSpec};
use pbx_domain::{Extension, ExtensionKind, Settings};

/// An option of an object, as `(object, option)`.
type Key = (AsteriskObject, &'static str);

/// What Asterisk sees of one extension: every option of its objects, and
/// every column of its Realtime rows (keyed like the options they mirror).
#[derive(Debug, PartialEq)]
struct Rendered {
    options: BTreeMap<Key, String>,
    columns: BTreeMap<Key, String>,
}

fn add(map: &mut BTreeMap<Key, String>, object: AsteriskObject, pairs: &[(&'static str, String)]) {
    for (name, value) in pairs {
        assert!(
            map.insert((object, name), value.clone()).is_none(),
            "{object:?} {name} written twice"
        );
    }
}

fn render(demo: &common::Demo, extension: &Extension) -> Rendered {
    let node = common::node();
    let (tenant, objects) = (&demo.tenant, &demo.objects);
    let mut options = BTreeMap::new();
    let mut columns = BTreeMap::new();
    if let Some(objs) = pjsip_objects(&node, tenant, objects, extension) {
        let kinds = [
            AsteriskObject::Endpoint,
            AsteriskObject::Auth,
            AsteriskObject::Aor,
        ];
        for (object, conf) in kinds.into_iter().zip(&objs) {
            add(&mut options, object, &conf.options);
        }
        let rows = pjsip_rows(&node, tenant, objects, extension, None).unwrap();
        for (object, row) in kinds.into_iter().zip([rows.endpoint, rows.auth, rows.aor]) {
            add(&mut columns, object, &row);
        }
    }
    if let Some(peer) = sip_peer(&node, tenant, objects, extension) {
        add(
            &mut options,
            AsteriskObject::Peer,
            &ConfObject::clone(&peer).options,
        );
        let row = sippeers_row(&node, tenant, objects, extension, None).unwrap();
        add(&mut columns, AsteriskObject::Peer, &row);
    }
    Rendered { options, columns }
}

/// The keys whose values differ (or exist on one side only).
fn changed(a: &BTreeMap<Key, String>, b: &BTreeMap<Key, String>) -> BTreeSet<Key> {
    a.keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .copied()
        .collect()
}

fn declared(spec: &SettingSpec) -> BTreeSet<Key> {
    spec.effects
        .iter()
        .filter_map(Effect::asterisk)
        .map(|o| (o.object, o.name))
        .collect()
}

fn with_asterisk_options() -> Vec<&'static SettingSpec> {
    catalogue::settings()
        .filter(|s| !declared(s).is_empty())
        .collect()
}

/// `settings` with `key` set to `value`, if that is valid, different and
/// passes the cross checks for `kind`.
fn changed_to(
    settings: &Settings,
    kind: ExtensionKind,
    key: &str,
    value: &str,
) -> Option<Settings> {
    let mut copy = settings.clone();
    (copy.set_text(key, value) == Some(Ok(())) && copy.check(kind).is_empty() && copy != *settings)
        .then_some(copy)
}

/// A PJSIP and a SIP phone of the demo tenant, at the defaults and with
/// every Asterisk setting moved off its default (so options that read two
/// settings, such as `qualifyfreq`, show each one's effect).
fn bases(demo: &common::Demo) -> Vec<Extension> {
    let phones = ["107", "102"].map(|number| {
        let mut e = demo
            .extensions
            .iter()
            .find(|e| e.number.as_str() == number)
            .unwrap()
            .clone();
        e.settings = Settings::default();
        e
    });
    let mut bases = phones.to_vec();
    for phone in phones {
        let mut moved = phone.clone();
        for spec in with_asterisk_options() {
            for value in common::candidates(spec.value, &demo.objects) {
                if let Some(s) = changed_to(&moved.settings, moved.kind, spec.key, &value) {
                    moved.settings = s;
                    break;
                }
            }
        }
        bases.push(moved);
    }
    bases
}

#[test]
fn each_setting_changes_exactly_the_asterisk_options_it_declares() {
    let demo = common::demo();
    let bases = bases(&demo);
    let specs = with_asterisk_options();
    assert!(specs.len() >= 45, "{} settings", specs.len());
    let mut problems = Vec::new();
    for spec in specs {
        let declared = declared(spec);
        let mut seen = BTreeSet::new();
        for base in &bases {
            let before = render(&demo, base);
            for value in common::candidates(spec.value, &demo.objects) {
                let Some(settings) = changed_to(&base.settings, base.kind, spec.key, &value) else {
                    continue;
                };
                let after = render(
                    &demo,
                    &Extension {
                        settings,
                        ..base.clone()
                    },
                );
                let options = changed(&before.options, &after.options);
                let columns = changed(&before.columns, &after.columns);
                if options != columns {
                    problems.push(format!(
                        "{}={value}: options {options:?} but Realtime columns {columns:?}",
                        spec.key
                    ));
                }
                let stray: Vec<_> = options.difference(&declared).collect();
                if !stray.is_empty() {
                    problems.push(format!(
                        "{}={value} on {} changes undeclared {stray:?}",
                        spec.key, base.kind
                    ));
                }
                seen.extend(options);
            }
        }
        let never: Vec<_> = declared.difference(&seen).collect();
        if !never.is_empty() {
            problems.push(format!(
                "{} declares {never:?}, no value changes it",
                spec.key
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn options_left_at_asterisks_default_are_not_written() {
    let demo = common::demo();
    for base in &bases(&demo)[..2] {
        let rendered = render(&demo, base);
        for object in AsteriskObject::ALL {
            for (_, option) in catalogue::asterisk_options(object) {
                if let Some(value) = rendered.options.get(&(object, option.name)) {
                    assert_ne!(value, option.default, "{object:?} {}", option.name);
                    assert!(!value.is_empty(), "{object:?} {}", option.name);
                }
            }
        }
    }
}
