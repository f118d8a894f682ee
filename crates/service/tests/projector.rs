//! The projector against an in-test Asterisk manager and a temp output
//! directory: a burst of edits becomes one render of only the changed
//! tenant and one set of reloads; a refused reload restores the last good
//! files; a Realtime node gets cache expiries instead of a PJSIP reload.

mod fake_manager;
#[expect(dead_code, reason = "this suite runs on SQLite only")]
mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use pbx_service::extensions::ExtensionInput;
use pbx_service::projection::{ProjectorConfig, spawn_projector};
use pbx_service::{Actor, Service, Store};
use serde_json::json;

use fake_manager::fake_manager;
use pbx_testkit::ami::ScriptedManager;

fn phone(number: &str, name: &str) -> ExtensionInput {
    support::input("pjsip", number, name)
}

struct Setup {
    store: Store,
    out: tempfile::TempDir,
    manager: ScriptedManager,
    refuse: Arc<Mutex<bool>>,
    _db: tempfile::TempDir,
}

/// Tenants ACME and BETA with one phone each, node `ast1` on the fake
/// manager, and every file applied once (the last good set).
async fn setup(storage: &str) -> Setup {
    let db = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}", db.path().join("p.db").display()))
        .await
        .unwrap();
    let service = Service::new(store.clone());
    let refuse = Arc::new(Mutex::new(false));
    let manager = fake_manager(refuse.clone()).await;
    let port = manager.port();
    let out = tempfile::tempdir().unwrap();
    service
        .create_node(
            &Actor::cli(),
            &json!({"name": "ast1", "output_dir": out.path().to_str().unwrap(),
            "ami_port": port, "ami_username": "pbx", "ami_secret": "good", "storage": storage}),
        )
        .await
        .unwrap();
    for code in ["ACME", "BETA"] {
        support::tenant(&service, code, 50).await;
        service
            .create_extension(&Actor::cli(), code, &phone("100", "First"))
            .await
            .unwrap();
    }
    // Everything so far waits in the outbox: apply it (the last good set).
    let (first, more) = service.project_pending(None).await;
    let first = first.expect("the setup's changes are pending");
    assert!(!more);
    assert!(first.nodes.iter().all(Result::is_ok), "{:?}", first.nodes);
    assert_eq!(
        first.tenants.iter().collect::<Vec<_>>(),
        ["*", "ACME", "BETA"],
        "the new node's own change and both tenants"
    );
    manager.clear();
    Setup {
        store,
        out,
        manager,
        refuse,
        _db: db,
    }
}

#[tokio::test]
async fn a_burst_of_edits_renders_only_that_tenant_once_with_one_set_of_reloads() {
    let s = setup("files").await;
    let beta_before = std::fs::metadata(s.out.path().join("pjsip-BETA.conf"))
        .unwrap()
        .modified()
        .unwrap();
    let projector = spawn_projector(
        Service::new(s.store.clone()),
        ProjectorConfig::new(Duration::from_millis(300)),
    );
    let mut reports = projector.reports.subscribe();
    let service = Service::new(s.store.clone()).with_change_sink(projector.sink.clone());
    for n in ["101", "102", "103"] {
        service
            .create_extension(&Actor::cli(), "ACME", &phone(n, "Burst"))
            .await
            .unwrap();
    }
    let report = tokio::time::timeout(Duration::from_secs(10), reports.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.changes, 3, "one batch for the burst");
    assert_eq!(report.tenants.iter().collect::<Vec<_>>(), ["ACME"]);
    let applied = report.nodes[0].as_ref().unwrap();
    let mut written = applied.written.clone();
    written.sort();
    assert_eq!(
        written,
        [
            "extensions-ACME.conf",
            "pjsip-ACME.conf",
            "voicemail-ACME.conf"
        ]
    );
    assert_eq!(
        s.manager.log(),
        [
            "Reload Module=res_pjsip.so",
            "Reload Module=app_voicemail.so",
            "Command Command=dialplan reload",
            "PJSIPShowEndpoint Endpoint=101-ACME",
            "PJSIPShowEndpoint Endpoint=102-ACME",
            "PJSIPShowEndpoint Endpoint=103-ACME",
        ],
        "the reloads, then the question whether the node has each new endpoint"
    );
    let pjsip = std::fs::read_to_string(s.out.path().join("pjsip-ACME.conf")).unwrap();
    assert!(pjsip.contains("[103-ACME]"));
    let beta_after = std::fs::metadata(s.out.path().join("pjsip-BETA.conf"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(
        beta_before, beta_after,
        "another tenant's files are not rewritten"
    );
    assert!(
        tokio::time::timeout(Duration::from_millis(600), reports.recv())
            .await
            .is_err(),
        "no second batch"
    );
}

#[tokio::test]
async fn a_refused_reload_restores_the_last_good_files_and_reports_the_failure() {
    let s = setup("files").await;
    let service = Service::new(s.store.clone());
    let good = std::fs::read_to_string(s.out.path().join("pjsip-ACME.conf")).unwrap();
    service
        .create_extension(&Actor::cli(), "ACME", &phone("150", "Rejected"))
        .await
        .unwrap();
    *s.refuse.lock().unwrap() = true;
    let report = service
        .project(&[pbx_service::Change::tenant("ACME")])
        .await;
    let error = report.nodes[0].as_ref().unwrap_err();
    assert!(error.contains("Could not reload"), "{error}");
    assert!(error.contains("restored"), "{error}");
    assert_eq!(
        std::fs::read_to_string(s.out.path().join("pjsip-ACME.conf")).unwrap(),
        good
    );
    let log = s.manager.log();
    assert_eq!(
        log.iter().filter(|l| l.starts_with("Reload")).count(),
        2,
        "reloaded again after restoring: {log:?}"
    );
    *s.refuse.lock().unwrap() = false;
    let retry = service
        .project(&[pbx_service::Change::tenant("ACME")])
        .await;
    assert!(
        retry.nodes[0].is_ok(),
        "the next apply writes the change again"
    );
    assert!(
        std::fs::read_to_string(s.out.path().join("pjsip-ACME.conf"))
            .unwrap()
            .contains("[150-ACME]")
    );
}

#[tokio::test]
async fn a_realtime_node_expires_the_changed_objects_instead_of_reloading_pjsip() {
    let s = setup("realtime").await;
    assert!(
        !s.out.path().join("pjsip-ACME.conf").exists(),
        "no PJSIP files for a Realtime node"
    );
    let projector = spawn_projector(
        Service::new(s.store.clone()),
        ProjectorConfig::new(Duration::from_millis(100)),
    );
    let mut reports = projector.reports.subscribe();
    let service = Service::new(s.store.clone()).with_change_sink(projector.sink.clone());
    service
        .create_extension(&Actor::cli(), "ACME", &phone("120", "Realtime"))
        .await
        .unwrap();
    let report = tokio::time::timeout(Duration::from_secs(10), reports.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(report.nodes[0].is_ok(), "{:?}", report.nodes);
    let log = s.manager.log();
    // The new phone's voicemail box is in a file; PJSIP is not reloaded.
    assert!(!log.iter().any(|l| l.contains("res_pjsip")), "{log:?}");
    assert!(log.contains(&"Reload Module=app_voicemail.so".to_owned()));
    for expected in [
        "SorceryMemoryCacheExpireObject Cache=pbx-endpoint Object=120-ACME",
        "SorceryMemoryCacheExpireObject Cache=pbx-auth Object=120-ACME-auth",
        "SorceryMemoryCacheExpireObject Cache=pbx-aor Object=120-ACME",
        "Command Command=dialplan reload",
    ] {
        assert!(
            log.contains(&expected.to_string()),
            "{expected} missing from {log:?}"
        );
    }
    assert_eq!(log.len(), 5, "{log:?}");
}

#[tokio::test]
async fn an_applied_import_reaches_the_node_and_a_refused_one_does_not() {
    let s = setup("realtime").await;
    let projector = spawn_projector(
        Service::new(s.store.clone()),
        ProjectorConfig::new(Duration::from_millis(100)),
    );
    let mut reports = projector.reports.subscribe();
    let service = Service::new(s.store.clone()).with_change_sink(projector.sink.clone());
    let refused = b"kind,number,name,ring_timeout\npjsip,130,Ok,\npjsip,131,Bad,abc\n";
    let outcome = service
        .import_file(&Actor::cli(), "ACME", refused, "r.csv", &|_| {})
        .await
        .unwrap();
    assert!(!outcome.applied);
    assert!(
        tokio::time::timeout(Duration::from_millis(500), reports.recv())
            .await
            .is_err(),
        "a refused import changes nothing on the node"
    );
    let file = b"kind,number,name\npjsip,100,First Renamed\npjsip,130,Imported\n";
    let outcome = service
        .import_file(&Actor::cli(), "ACME", file, "i.csv", &|_| {})
        .await
        .unwrap();
    assert!(outcome.applied, "{:?}", outcome.report.errors);
    let report = tokio::time::timeout(Duration::from_secs(10), reports.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.tenants.iter().collect::<Vec<_>>(), ["ACME"]);
    assert!(report.nodes[0].is_ok(), "{:?}", report.nodes);
    let log = s.manager.log();
    for expected in [
        "SorceryMemoryCacheExpireObject Cache=pbx-endpoint Object=100-ACME",
        "SorceryMemoryCacheExpireObject Cache=pbx-endpoint Object=130-ACME",
        "SorceryMemoryCacheExpireObject Cache=pbx-aor Object=130-ACME",
        "Command Command=dialplan reload",
    ] {
        assert!(
            log.contains(&expected.to_string()),
            "{expected} missing from {log:?}"
        );
    }
}
