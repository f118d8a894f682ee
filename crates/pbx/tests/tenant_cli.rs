//! `pbx tenant` run as the real binary against a temp SQLite file: add,
//! list and change tenants, with the service's field errors.

mod common;

use common::{pbx, text};

#[test]
fn tenants_are_added_listed_and_changed_with_field_errors() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let key = dir.path().join("t.key");
    let key = key.to_str().unwrap();
    let db = ["--database", url.as_str(), "--key-file", key];
    let run = |args: &[&str]| pbx(&[args, &db[..]].concat());

    let added = run(&[
        "tenant", "add", "ACME", "--name", "Acme Ltd", "--limit", "20",
    ]);
    assert!(added.status.success(), "{}", text(&added));
    let json: serde_json::Value = serde_json::from_slice(&added.stdout).unwrap();
    assert_eq!(json["extension_limit"], 20);
    assert_eq!(json["sip_domain"], serde_json::Value::Null);

    let set = run(&[
        "tenant",
        "set",
        "ACME",
        "--sip-domain",
        "sip.acme.example",
        "--stack",
        "sip",
    ]);
    assert!(set.status.success(), "{}", text(&set));
    let listed = run(&["tenant", "list"]);
    let line = String::from_utf8_lossy(&listed.stdout).into_owned();
    let json: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    assert_eq!(json["sip_domain"], "sip.acme.example");
    assert_eq!(json["preferred_stack"], "chan_sip");
    assert_eq!(json["name"], "Acme Ltd", "fields not given are kept");

    let bad = run(&[
        "tenant",
        "set",
        "ACME",
        "--sip-domain",
        "not a host",
        "--limit=-1",
    ]);
    assert!(!bad.status.success());
    let said = text(&bad);
    assert!(said.contains("sip_domain: must be a host name"), "{said}");
    assert!(
        said.contains("extension_limit: must be a whole number"),
        "{said}"
    );
    let taken = run(&["tenant", "add", "ACME"]);
    assert!(!taken.status.success(), "{}", text(&taken));
    let nothing = run(&["tenant", "set", "ACME"]);
    assert!(text(&nothing).contains("nothing to change"));
}
