//! `pbx node`, `pbx render` and `pbx apply` run as the real binary against
//! a temp SQLite file and an in-test Asterisk manager.

mod common;

use common::{pbx, text};

use pbx_service::extensions::ExtensionInput;
use pbx_service::{Actor, Service, Store};
use pbx_testkit::ami::{Answer, ScriptedManager};
use serde_json::json;

/// A manager that accepts any login and answers every `Reload` with an
/// error (every other action succeeds).
async fn refusing_manager() -> u16 {
    let manager = ScriptedManager::start(|action, _| match action.name() {
        "Reload" => Answer::error(action, "Module reload refused"),
        _ => Answer::success_with(action, &[]),
    })
    .await;
    manager.port()
}

async fn database(dir: &std::path::Path) -> String {
    let url = format!("sqlite://{}", dir.join("cli.db").display());
    let service = Service::new(Store::connect(&url).await.unwrap());
    service
        .create_tenant(
            &Actor::cli(),
            &json!({"code": "ACME", "name": "Acme", "extension_limit": 10}),
        )
        .await
        .unwrap();
    let input = ExtensionInput {
        kind: Some("pjsip".into()),
        number: Some("100".into()),
        name: Some("Ann".into()),
        ..Default::default()
    };
    service
        .create_extension(&Actor::cli(), "ACME", &input)
        .await
        .unwrap();
    service.store().close().await;
    url
}

#[tokio::test]
async fn render_without_nodes_writes_the_default_nodes_files() {
    let dir = tempfile::tempdir().unwrap();
    let url = database(dir.path()).await;
    let out = dir.path().join("out");
    let done = pbx(&["render", "--database", &url, "--out", out.to_str().unwrap()]);
    assert!(done.status.success(), "{}", text(&done));
    let pjsip = std::fs::read_to_string(out.join("pjsip-ACME.conf")).unwrap();
    assert!(pjsip.contains("[100-ACME]"));
    let index = std::fs::read_to_string(out.join("pbx-pjsip.conf")).unwrap();
    assert!(index.contains(&format!(
        "#include {}",
        out.join("pjsip-ACME.conf").display()
    )));
    let missing = pbx(&["render", "--database", &url, "--out", "x", "--node", "nope"]);
    assert!(!missing.status.success());
    assert!(text(&missing).contains("no node named nope"));
}

// Multi-threaded: the manager task must run while the test blocks on the binary.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_restores_the_last_good_files_and_fails_when_the_node_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let url = database(dir.path()).await;
    let port = refusing_manager().await.to_string();
    let out = dir.path().join("ast1");
    let added = pbx(&[
        "node",
        "add",
        "--database",
        &url,
        "ast1",
        "--output-dir",
        out.to_str().unwrap(),
        "--ami-port",
        &port,
        "--ami-secret",
        "good",
        "--realm",
        "pbx.example.com",
    ]);
    assert!(added.status.success(), "{}", text(&added));
    let listed = pbx(&["node", "list", "--database", &url]);
    assert!(text(&listed).contains("\"ami_secret_set\":true") && !text(&listed).contains("good\""));
    assert!(text(&listed).contains("\"realm\":\"pbx.example.com\""));
    let applied = pbx(&["apply", "--database", &url]);
    let said = text(&applied);
    assert!(!applied.status.success(), "{said}");
    assert!(
        said.contains("Module reload refused") && said.contains("restored"),
        "{said}"
    );
    assert!(
        !said.contains("--ami-secret") && !said.contains("Secret: good"),
        "{said}"
    );
    assert!(
        !out.join("pjsip-ACME.conf").exists(),
        "no last good set yet: new files are removed"
    );
}
