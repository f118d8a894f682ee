//! After a reload, asking the node whether it holds the objects pbx wrote,
//! as they were written. `module reload res_pjsip.so` answers success even
//! when Asterisk refused an object: on a live Asterisk 20 a DTLS certificate
//! path that does not exist on the node makes the reload keep the previous
//! endpoint, and a fresh start drop it. Success of the reload proves nothing.

use crate::ami::{Action, AmiClient, AmiError, Message};
use crate::parse::{Section, parse_config, sections};
use crate::render::{FileKind, RenderedFile};

/// Above this many objects, one list action per stack replaces the
/// per-object questions (and only existence is checked).
pub const MAX_SINGLE_CHECKS: usize = 100;

/// An object the node must hold.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Loaded {
    /// A PJSIP endpoint (with its auth and aor).
    Endpoint(String),
    /// A chan_sip peer.
    Peer(String),
}

impl std::fmt::Display for Loaded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Loaded::Endpoint(id) => write!(f, "PJSIP endpoint {id}"),
            Loaded::Peer(name) => write!(f, "chan_sip peer {name}"),
        }
    }
}

/// An object as written: its sections (endpoint, aor and auth for PJSIP;
/// the peer for chan_sip).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub object: Loaded,
    sections: Vec<(&'static str, Section)>,
}

/// An object the node does not hold as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotLoaded {
    pub object: Loaded,
    /// What differs, e.g. `media_encryption is no, not dtls`; empty when
    /// the node does not have the object at all.
    pub differences: Vec<String>,
}

impl std::fmt::Display for NotLoaded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.differences.is_empty() {
            write!(f, "{} (missing)", self.object)
        } else {
            write!(f, "{} ({})", self.object, self.differences.join("; "))
        }
    }
}

/// The endpoints and peers of the `written` files (all of them, or only
/// those named in `only` when it is not empty).
pub fn written_objects(
    files: &[RenderedFile],
    written: &[String],
    only: &[String],
) -> Vec<Written> {
    let mut out: Vec<Written> = Vec::new();
    for file in files.iter().filter(|f| written.contains(&f.name)) {
        if !matches!(file.kind, FileKind::Pjsip | FileKind::Sip) {
            continue;
        }
        let Ok(items) = parse_config(&file.contents) else {
            continue;
        };
        let all: Vec<&Section> = sections(&items).collect();
        for section in &all {
            let skipped = !only.is_empty() && !only.contains(&section.name);
            match (file.kind, section.get("type")) {
                (FileKind::Pjsip, Some("endpoint")) if !skipped => {
                    let mut parts = vec![("EndpointDetail", (*section).clone())];
                    for s in &all {
                        let own_aor = s.name == section.name && s.get("type") == Some("aor");
                        let own_auth = Some(s.name.as_str()) == section.get("auth")
                            && s.get("type") == Some("auth");
                        if own_aor {
                            parts.push(("AorDetail", (*s).clone()));
                        } else if own_auth {
                            parts.push(("AuthDetail", (*s).clone()));
                        }
                    }
                    out.push(Written {
                        object: Loaded::Endpoint(section.name.clone()),
                        sections: parts,
                    });
                }
                (FileKind::Sip, Some("friend")) if !skipped => out.push(Written {
                    object: Loaded::Peer(section.name.clone()),
                    sections: vec![("SIPshowpeer", (*section).clone())],
                }),
                _ => {}
            }
        }
    }
    out.sort_by(|a, b| a.object.cmp(&b.object));
    out.dedup_by(|a, b| a.object == b.object);
    out
}

/// The objects of `expected` the node does not hold as written.
pub async fn not_loaded(
    ami: &mut AmiClient,
    expected: &[Written],
) -> Result<Vec<NotLoaded>, AmiError> {
    if expected.len() > MAX_SINGLE_CHECKS {
        return missing_by_list(ami, expected).await;
    }
    let mut out = Vec::new();
    for written in expected {
        let answer = match &written.object {
            Loaded::Endpoint(id) => {
                ami.list(&Action::new("PJSIPShowEndpoint").header("Endpoint", id))
                    .await
            }
            Loaded::Peer(name) => ami
                .send(&Action::new("SIPshowpeer").header("Peer", name))
                .await
                .map(|m| vec![m]),
        };
        match answer {
            Ok(reported) => {
                let differences = differences(written, &reported);
                if !differences.is_empty() {
                    out.push(NotLoaded {
                        object: written.object.clone(),
                        differences,
                    });
                }
            }
            Err(AmiError::ActionFailed { .. }) => out.push(NotLoaded {
                object: written.object.clone(),
                differences: Vec::new(),
            }),
            Err(other) => return Err(other),
        }
    }
    Ok(out)
}

/// Options whose reported form is not the written one (lists, ACLs,
/// secrets, quoting) and are not compared.
const NOT_COMPARED: &[&str] = &[
    "type",
    "disallow",
    "deny",
    "permit",
    "password",
    "md5_cred",
    "secret",
    "callerid",
    "call_group",
    "pickup_group",
];

/// `dtls_cert_file` as the manager names it: `DtlsCertFile`.
pub fn manager_name(option: &str) -> String {
    option
        .split('_')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// A value in a comparable form: booleans as `true`/`false`, codec lists
/// as a sorted list, everything else trimmed.
fn normal(option: &str, value: &str) -> String {
    let v = value.trim();
    match v.to_ascii_lowercase().as_str() {
        "yes" | "true" | "on" => return "true".into(),
        "no" | "false" | "off" => return "false".into(),
        _ => {}
    }
    if option == "allow" {
        let mut codecs: Vec<&str> = v
            .trim_matches(['(', ')'])
            .split(['|', ','])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        codecs.sort_unstable();
        return codecs.join(",");
    }
    v.to_owned()
}

/// What the node reports differently from what was written (options the
/// manager does not report are not compared).
fn differences(written: &Written, reported: &[Message]) -> Vec<String> {
    let mut out = Vec::new();
    for (event, section) in &written.sections {
        let answer = reported.iter().find(|m| {
            m.get("Event") == Some(event)
                || (*event == "SIPshowpeer" && m.get("Response").is_some())
        });
        let Some(answer) = answer else {
            out.push(format!(
                "no {} {}",
                section.get("type").unwrap_or("object"),
                section.name
            ));
            continue;
        };
        for (option, value) in &section.options {
            if NOT_COMPARED.contains(&option.as_str()) || *event == "SIPshowpeer" {
                continue;
            }
            let Some(shown) = answer.get(&manager_name(option)) else {
                continue;
            };
            if normal(option, shown) != normal(option, value) {
                out.push(format!("{option} is {shown:?}, not {value:?}"));
            }
        }
    }
    out
}

/// One `PJSIPShowEndpoints` and one `SIPpeers` list for many objects:
/// which of them exist.
async fn missing_by_list(
    ami: &mut AmiClient,
    expected: &[Written],
) -> Result<Vec<NotLoaded>, AmiError> {
    let mut known = std::collections::BTreeSet::new();
    let wants = |f: fn(&Loaded) -> bool| expected.iter().any(|w| f(&w.object));
    let lists = [
        (
            wants(|o| matches!(o, Loaded::Endpoint(_))),
            "PJSIPShowEndpoints",
            "EndpointList",
        ),
        (
            wants(|o| matches!(o, Loaded::Peer(_))),
            "SIPpeers",
            "PeerEntry",
        ),
    ];
    for (wanted, name, event) in lists {
        if !wanted {
            continue;
        }
        for message in ami.list(&Action::new(name)).await? {
            if message.get("Event") == Some(event)
                && let Some(id) = message.get("ObjectName")
            {
                known.insert((event, id.to_owned()));
            }
        }
    }
    Ok(expected
        .iter()
        .filter(|w| match &w.object {
            Loaded::Endpoint(id) => !known.contains(&("EndpointList", id.clone())),
            Loaded::Peer(name) => !known.contains(&("PeerEntry", name.clone())),
        })
        .map(|w| NotLoaded {
            object: w.object.clone(),
            differences: Vec::new(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, kind: FileKind, contents: &str) -> RenderedFile {
        RenderedFile {
            name: name.into(),
            kind,
            tenant: None,
            contents: contents.into(),
        }
    }

    fn message(lines: &[(&str, &str)]) -> Message {
        Message {
            headers: lines
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    const PJSIP: &str = "[1-A]\ntype=endpoint\nauth=1-A-auth\naors=1-A\nallow=ulaw,alaw\n\
        media_encryption=dtls\ndirect_media=no\n\n[1-A-auth]\ntype=auth\nusername=1-A\n\
        password=s3cret\n\n[1-A]\ntype=aor\nmax_contacts=1\n\n[2-A]\ntype=endpoint\n";

    #[test]
    fn the_endpoints_and_peers_of_written_files_are_expected() {
        let files = [
            file("pjsip-A.conf", FileKind::Pjsip, PJSIP),
            file("sip-A.conf", FileKind::Sip, "[3-A]\ntype=friend\n"),
            file("sip-B.conf", FileKind::Sip, "[9-B]\ntype=friend\n"),
        ];
        let written = ["pjsip-A.conf".to_owned(), "sip-A.conf".to_owned()];
        let objects: Vec<Loaded> = written_objects(&files, &written, &[])
            .into_iter()
            .map(|w| w.object)
            .collect();
        assert_eq!(
            objects,
            vec![
                Loaded::Endpoint("1-A".into()),
                Loaded::Endpoint("2-A".into()),
                Loaded::Peer("3-A".into())
            ]
        );
        let only = written_objects(&files, &written, &["2-A".into()]);
        assert_eq!(only.len(), 1);
        assert_eq!(only[0].object, Loaded::Endpoint("2-A".into()));
    }

    #[test]
    fn an_endpoint_reported_with_another_value_is_not_loaded_as_written() {
        let files = [file("pjsip-A.conf", FileKind::Pjsip, PJSIP)];
        let written = written_objects(&files, &["pjsip-A.conf".to_owned()], &["1-A".into()]);
        let endpoint = |encryption: &str| {
            message(&[
                ("Event", "EndpointDetail"),
                ("Allow", "(alaw|ulaw)"),
                ("MediaEncryption", encryption),
                ("DirectMedia", "false"),
                ("Aors", "1-A"),
                ("Auth", "1-A-auth"),
            ])
        };
        let auth = message(&[
            ("Event", "AuthDetail"),
            ("Username", "1-A"),
            ("Password", "x"),
        ]);
        let aor = message(&[("Event", "AorDetail"), ("MaxContacts", "1")]);
        let same = [endpoint("dtls"), auth.clone(), aor.clone()];
        assert!(differences(&written[0], &same).is_empty());
        let old = [endpoint("no"), auth, aor];
        assert_eq!(
            differences(&written[0], &old),
            vec!["media_encryption is \"no\", not \"dtls\"".to_owned()]
        );
        let no_aor = [endpoint("dtls")];
        assert_eq!(
            differences(&written[0], &no_aor).len(),
            2,
            "auth and aor missing"
        );
    }

    #[test]
    fn manager_names_are_camel_case() {
        assert_eq!(manager_name("dtls_cert_file"), "DtlsCertFile");
        assert_eq!(manager_name("t38_udptl_nat"), "T38UdptlNat");
        assert_eq!(manager_name("100rel"), "100rel");
    }
}
