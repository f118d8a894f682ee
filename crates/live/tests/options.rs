//! Every setting that declares an Asterisk option, set to a non-default
//! valid value on a PJSIP and on a chan_sip phone (generated from the
//! catalogue, so a new setting is covered without a new test): a live
//! Asterisk loads what pbx renders with no problem in its log, and its
//! manager reports each written option with the written value
//! (`PJSIPShowEndpoint` for the endpoint, auth and aor; `SIPshowpeer`).

use std::collections::BTreeSet;

use axum::http::Method;
use pbx_asterisk::ami::{Action, Message};
use pbx_asterisk::apply::manager_name;
use pbx_asterisk::parse::{parse_config, sections};
use pbx_domain::catalogue::{self, AsteriskObject, Effect, SettingSpec};
use pbx_domain::values::{TextClass, ValueKind};
use pbx_domain::{ExtensionKind, Settings};
use pbx_live::asterisk::AsteriskSpec;
use pbx_live::scene::Scene;
use serde_json::{Value, json};

/// Values to try for a setting on this node, most telling first. Paths name
/// files that exist on the node; addresses and transports are the node's.
fn candidates(spec: &SettingSpec, objects: &[(i64, &str)], keys: &str) -> Vec<String> {
    let strs = |v: &[&str]| v.iter().map(ToString::to_string).collect();
    match (spec.key, spec.value) {
        ("transport", _) => strs(&["tcp"]),
        ("allowed_ips", _) => strs(&["127.0.0.1/32"]),
        ("aor_mailboxes", _) => strs(&["100@ACME"]),
        ("dtls_cert_file" | "dtls_ca_file", _) => vec![keys.to_owned()],
        ("media_address", _) => strs(&["127.0.0.1"]),
        ("outbound_proxy", _) => strs(&["sip:proxy.example.com;lr"]),
        ("default_expiration", _) => strs(&["1800"]),
        ("minimum_expiration", _) => strs(&["30"]),
        ("maximum_expiration", _) => strs(&["3600"]),
        ("codecs", _) => strs(&["alaw,g722"]),
        // `no` keeps chan_sip's force_rport flag equal to [general]'s: a
        // per-peer force_rport makes chan_sip warn at load, by design.
        ("nat", _) => strs(&["no"]),
        (_, ValueKind::Bool) => strs(&["yes", "no"]),
        (_, ValueKind::Int { min, max }) => [7, 20, 1, max, min]
            .into_iter()
            .filter(|n| (min..=max).contains(n))
            .map(|n| n.to_string())
            .collect(),
        (_, ValueKind::Choice { options }) => {
            options.iter().map(|(w, _)| (*w).to_string()).collect()
        }
        (_, ValueKind::Text { class, .. }) => match class {
            TextClass::Free => strs(&["Night shift"]),
            TextClass::Dialable => strs(&["+15550199"]),
            TextClass::Token => strs(&["beep-custom"]),
            _ => Vec::new(),
        },
        (_, ValueKind::Groups) => strs(&["2,7"]),
        (_, ValueKind::Reference(kind)) => objects
            .iter()
            .filter(|(_, k)| *k == kind.as_str())
            .map(|(id, _)| id.to_string())
            .collect(),
        _ => Vec::new(),
    }
}

fn with_options(object: AsteriskObject) -> impl Fn(&&SettingSpec) -> bool {
    move |spec| {
        spec.effects
            .iter()
            .filter_map(Effect::asterisk)
            .any(|o| (o.object == AsteriskObject::Peer) == (object == AsteriskObject::Peer))
    }
}

/// Settings of `kind` with every Asterisk setting moved off its default
/// (where some candidate is valid with what was moved before it), trying
/// the candidates in order or, for a second phone, in reverse order.
fn moved(
    kind: ExtensionKind,
    objects: &[(i64, &str)],
    keys: &str,
    reverse: bool,
) -> (Settings, Vec<&'static str>) {
    let object = if kind == ExtensionKind::Sip {
        AsteriskObject::Peer
    } else {
        AsteriskObject::Endpoint
    };
    let mut settings = Settings::default();
    let mut keys_moved = Vec::new();
    for spec in catalogue::settings()
        .filter(with_options(object))
        .filter(|s| s.kinds.contains(kind))
    {
        let mut values = candidates(spec, objects, keys);
        if reverse {
            values.reverse();
            // The second phone generates its DTLS certificate instead, and
            // keeps qualifying (so its qualify frequency is written).
            if spec.key == "dtls_cert_file" || spec.key == "qualify" {
                values.clear();
            }
        }
        for value in values {
            let mut copy = settings.clone();
            if copy.set_text(spec.key, &value) == Some(Ok(()))
                && copy.check(kind).is_empty()
                && copy != settings
            {
                settings = copy;
                keys_moved.push(spec.key);
                break;
            }
        }
    }
    (settings, keys_moved)
}

/// The rendered sections of `name` in the node's `file`.
fn rendered(scene: &Scene, file: &str, name: &str) -> Vec<pbx_asterisk::parse::Section> {
    let text = std::fs::read_to_string(scene.asterisk.pbx_dir().join(file)).unwrap();
    let items = parse_config(&text).unwrap();
    sections(&items)
        .filter(|s| s.name == name || s.name == format!("{name}-auth"))
        .cloned()
        .collect()
}

/// How chan_sip's `SIPshowpeer` names a peer option and shows its value
/// (`None`: not shown).
fn peer_field(option: &str) -> Option<&'static str> {
    Some(match option {
        "context" => "Context",
        "transport" => "Transport",
        "nat" => "Nat",
        "dtmfmode" => "SIP-DTMFmode",
        "directmedia" => "SIP-DirectMedia",
        "callgroup" => "Callgroup",
        "pickupgroup" => "Pickupgroup",
        "mailbox" => "VoiceMailbox",
        "mohsuggest" => "MOHSuggest",
        "language" => "Language",
        "qualifyfreq" => "QualifyFreq",
        "busylevel" => "Busy-level",
        "allow" => "Codecs",
        "setvar" => "ChanVariable",
        "host" => "Dynamic",
        "encryption" => "SIP-Encryption",
        "keepalive" => "Keepalive",
        _ => return None,
    })
}

/// Differences between what was written and what the node reports.
fn differences(
    written: &[pbx_asterisk::parse::Section],
    reported: &[Message],
    peer: bool,
) -> (Vec<String>, BTreeSet<String>) {
    let skip = [
        "type",
        "disallow",
        "deny",
        "permit",
        "password",
        "secret",
        "callerid",
        "call_group",
        "pickup_group",
        "md5_cred",
    ];
    let mut out = Vec::new();
    let mut unreported = BTreeSet::new();
    for section in written {
        let event = match section.get("type") {
            Some("endpoint") => "EndpointDetail",
            Some("auth") => "AuthDetail",
            Some("aor") => "AorDetail",
            _ => "",
        };
        let answer = reported.iter().find(|m| {
            if peer {
                m.get("Response").is_some()
            } else {
                m.get("Event") == Some(event)
            }
        });
        let Some(answer) = answer else {
            out.push(format!("no {} reported", section.name));
            continue;
        };
        for (option, value) in &section.options {
            if skip.contains(&option.as_str()) {
                continue;
            }
            if peer && option == "nat" {
                let shown = format!(
                    "{}/{}",
                    answer.get("SIP-Forcerport").unwrap_or("?"),
                    answer.get("SIP-Comedia").unwrap_or("?")
                );
                if shown != nat_flags(value) {
                    out.push(format!(
                        "nat={value} but the node shows rport/comedia {shown}"
                    ));
                }
                continue;
            }
            let field = if peer {
                match peer_field(option) {
                    Some(f) => f.to_owned(),
                    None => {
                        unreported.insert(option.clone());
                        continue;
                    }
                }
            } else {
                manager_name(option)
            };
            let Some(shown) = answer.get(&field) else {
                unreported.insert(option.clone());
                continue;
            };
            if !same(option, value, shown) {
                out.push(format!("{option}={value} but the node shows {shown:?}"));
            }
        }
    }
    (out, unreported)
}

/// chan_sip's `SIP-Forcerport`/`SIP-Comedia` for a `nat` value (`a`: auto).
fn nat_flags(nat: &str) -> String {
    let parts: Vec<&str> = nat.split(',').map(str::trim).collect();
    let flag = |auto: &str, on: &str| {
        if parts.contains(&auto) {
            "a"
        } else if parts.contains(&on) || parts.contains(&"yes") {
            "Y"
        } else {
            "N"
        }
    };
    format!(
        "{}/{}",
        flag("auto_force_rport", "force_rport"),
        flag("auto_comedia", "comedia")
    )
}

/// The written and the reported value mean the same.
fn same(option: &str, written: &str, shown: &str) -> bool {
    let norm = |v: &str| -> String {
        let v = v.trim().to_ascii_lowercase();
        match v.as_str() {
            "yes" | "true" | "on" | "y" => "true".into(),
            "no" | "false" | "off" | "n" => "false".into(),
            _ => v,
        }
    };
    let list = |v: &str| -> Vec<String> {
        let mut items: Vec<String> = v
            .trim_matches(['(', ')'])
            .split(['|', ','])
            .map(|s| norm(s).replace(' ', ""))
            .filter(|s| !s.is_empty())
            .collect();
        items.sort();
        items
    };
    match option {
        "allow" | "callgroup" | "pickupgroup" => list(written) == list(shown),
        "host" => written == "dynamic" && shown == "Y",
        "qualifyfreq" => shown == format!("{}000 ms", written.trim()),
        // Asterisk reads `reinvite` as its synonym `invite` and shows that.
        "connected_line_method" | "direct_media_method" if written == "reinvite" => {
            norm(shown) == "invite"
        }
        "transport" => shown
            .to_ascii_lowercase()
            .contains(&norm(written).replace("transport-", "")),
        _ => {
            norm(written) == norm(shown) || norm(shown).starts_with(&format!("{} ", norm(written)))
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_asterisk_setting_loads_and_is_reported_as_written() {
    let Some(mut scene) = Scene::new("options", AsteriskSpec::new("ast1").moh_class("jazz")).await
    else {
        return;
    };
    let keys = scene.asterisk.root().join("lib/keys/pbx-dtls.pem");
    std::fs::write(
        &keys,
        "dtls certificate placeholder: Asterisk checks it is readable\n",
    )
    .unwrap();
    let keys = keys.display().to_string();
    scene.pbx.tenant("ACME", json!({})).await;
    let mut objects = Vec::new();
    for (kind, name, value) in [("moh_class", "Jazz", "jazz"), ("language", "French", "fr")] {
        objects.push((scene.pbx.object("ACME", kind, name, value).await, kind));
    }
    let (mut pjsip_done, mut sip_done): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let phones = [
        (ExtensionKind::Pjsip, "100", false),
        (ExtensionKind::Sip, "101", false),
        (ExtensionKind::Pjsip, "102", true),
        (ExtensionKind::Sip, "105", true),
    ];
    // Phones at the defaults too: pbx writes some options only there.
    scene.pbx.extension("ACME", "sip", "103", json!({})).await;
    scene.pbx.extension("ACME", "pjsip", "104", json!({})).await;
    for (kind, number, reverse) in phones {
        let done = if kind == ExtensionKind::Sip {
            &mut sip_done
        } else {
            &mut pjsip_done
        };
        let (settings, keys_moved) = moved(kind, &objects, &keys, reverse);
        let mut sent = serde_json::Map::new();
        for key in &keys_moved {
            let text = settings.get_text(key).unwrap();
            let spec = catalogue::find(key).unwrap();
            let value = match spec.value {
                ValueKind::Bool => json!(text == "yes"),
                ValueKind::Int { .. } | ValueKind::Reference(_) => {
                    json!(text.parse::<i64>().unwrap())
                }
                _ => json!(text),
            };
            let section = sent
                .entry(spec.section.to_owned())
                .or_insert_with(|| json!({}));
            section[*key] = value;
        }
        done.extend(keys_moved);
        let body: Value = json!({"settings": sent});
        let kind = if kind == ExtensionKind::Sip {
            "sip"
        } else {
            "pjsip"
        };
        scene.pbx.extension("ACME", kind, number, body).await;
    }
    let never: Vec<(&str, &str)> = catalogue::settings()
        .flat_map(|s| {
            s.effects
                .iter()
                .filter_map(Effect::asterisk)
                .map(move |o| (s.key, o.object))
        })
        .filter(|(key, object)| {
            let done = if *object == AsteriskObject::Peer {
                &sip_done
            } else {
                &pjsip_done
            };
            !done.contains(key)
        })
        .map(|(key, object)| {
            (
                key,
                if object == AsteriskObject::Peer {
                    "chan_sip"
                } else {
                    "PJSIP"
                },
            )
        })
        .collect();
    assert!(never.is_empty(), "no live value found for {never:?}");
    scene.start().await;

    let mut written: BTreeSet<(bool, String)> = BTreeSet::new();
    for endpoint in ["100-ACME", "102-ACME", "104-ACME"] {
        let reported = scene
            .asterisk
            .action_list(&Action::new("PJSIPShowEndpoint").header("Endpoint", endpoint))
            .await;
        let sections = rendered(&scene, "pjsip-ACME.conf", endpoint);
        written.extend(
            sections
                .iter()
                .flat_map(|s| s.options.iter().map(|(k, _)| (false, k.clone()))),
        );
        let (wrong, unreported) = differences(&sections, &reported, false);
        assert!(
            wrong.is_empty(),
            "{endpoint} not as written:\n{}",
            wrong.join("\n")
        );
        assert!(
            unreported.is_empty(),
            "{endpoint}: options the manager does not show: {unreported:?}"
        );
    }

    let mut ami = scene.asterisk.ami().await;
    let mut unreported = BTreeSet::new();
    for name in ["101-ACME", "103-ACME", "105-ACME"] {
        let peer = ami
            .send(&Action::new("SIPshowpeer").header("Peer", name))
            .await
            .expect("the peer exists");
        let sections = rendered(&scene, "sip-ACME.conf", name);
        written.extend(
            sections
                .iter()
                .flat_map(|s| s.options.iter().map(|(k, _)| (true, k.clone()))),
        );
        let (wrong, missing) = differences(&sections, &[peer], true);
        assert!(
            wrong.is_empty(),
            "{name} not as written:\n{}",
            wrong.join("\n")
        );
        unreported.extend(missing);
    }
    let never_written: Vec<String> = AsteriskObject::ALL
        .into_iter()
        .flat_map(|object| {
            catalogue::asterisk_options(object)
                .iter()
                .map(move |(_, o)| (object == AsteriskObject::Peer, o.name.to_owned()))
        })
        .filter(|key| !written.contains(key))
        .map(|(_, name)| name)
        .collect();
    assert!(
        never_written.is_empty(),
        "declared options never written here: {never_written:?}"
    );
    // SIPshowpeer does not show these; the peer loading without a problem
    // is what proves them.
    let not_shown: BTreeSet<String> = [
        "qualify",
        "keepalive",
        "callcounter",
        "rtpkeepalive",
        "faxdetect",
        "trust_id_outbound",
        "trustrpid",
        "dtlsenable",
        "transport",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    let unexpected: Vec<&String> = unreported.difference(&not_shown).collect();
    assert!(
        unexpected.is_empty(),
        "chan_sip options SIPshowpeer does not show: {unexpected:?}"
    );
    let _ = Method::GET;
    scene.asterisk.assert_clean();
}
