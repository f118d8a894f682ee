//! Several `pbx serve` instances on one database, on SQLite and
//! PostgreSQL: a change made through one instance reaches the nodes through
//! another's projector, exactly once even with two projectors, a node that
//! is down gets the changes when it is back, and outbox ids become visible
//! in order.

mod fake_manager;
#[expect(dead_code, reason = "every instance connects by URL")]
mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use pbx_service::extensions::ExtensionInput;
use pbx_service::projection::{BatchReport, ProjectorConfig, spawn_projector};
use pbx_service::{Actor, Service, Store};
use pbx_store::outbox;
use serde_json::json;
use tokio::sync::broadcast;

use fake_manager::{fake_manager, fake_manager_on};

fn phone(number: &str) -> ExtensionInput {
    support::input("pjsip", number, &format!("Phone {number}"))
}

/// A new instance: its own connection pool to the database at `url`.
async fn instance(url: &str) -> Service {
    Service::new(Store::connect(url).await.unwrap())
}

fn config(nodes: Option<&[&str]>) -> ProjectorConfig {
    ProjectorConfig {
        window: Duration::from_millis(50),
        poll: Duration::from_millis(100),
        nodes: nodes.map(|names| names.iter().map(ToString::to_string).collect()),
    }
}

async fn add_node(service: &Service, out: &std::path::Path, port: u16) {
    service
        .create_node(
            &Actor::cli(),
            &json!({"name": "ast1", "output_dir": out.to_str().unwrap(), "ami_port": port,
                    "ami_username": "pbx", "ami_secret": "good"}),
        )
        .await
        .unwrap();
}

/// Waits (up to 10 s) until the file holds `text`.
async fn until_file_has(path: &std::path::Path, text: &str) {
    for _ in 0..200 {
        if std::fs::read_to_string(path).is_ok_and(|c| c.contains(text)) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{} never got {text}", path.display());
}

/// The next report (up to 10 s).
async fn next_report(reports: &mut broadcast::Receiver<BatchReport>) -> BatchReport {
    tokio::time::timeout(Duration::from_secs(10), reports.recv())
        .await
        .expect("a report in time")
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_through_one_instance_is_applied_once_by_the_projectors_of_others() {
    for (backend, url, _dir) in support::databases().await {
        let web = instance(&url).await;
        let manager = fake_manager(Arc::default()).await;
        let port = manager.port();
        let out = tempfile::tempdir().unwrap();
        add_node(&web, out.path(), port).await;
        let first = spawn_projector(instance(&url).await, config(None));
        let second = spawn_projector(instance(&url).await, config(Some(&["ast1"])));
        let elsewhere = spawn_projector(instance(&url).await, config(Some(&["ast2"])));
        let mut idle = elsewhere.reports.subscribe();
        support::tenant(&web, "ACME", 10).await;
        web.create_extension(&Actor::cli(), "ACME", &phone("100"))
            .await
            .unwrap();
        let pjsip = out.path().join("pjsip-ACME.conf");
        until_file_has(&pjsip, "[100-ACME]").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        manager.clear();
        let mut seen = [first.reports.subscribe(), second.reports.subscribe()];
        for number in ["101", "102"] {
            web.create_extension(&Actor::cli(), "ACME", &phone(number))
                .await
                .unwrap();
        }
        until_file_has(&pjsip, "[102-ACME]").await;
        // Both projectors poll several times more before this is read.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let reloads: Vec<String> = manager
            .log()
            .into_iter()
            // New phones reload PJSIP and (their new boxes) voicemail.
            .filter(|l| l.starts_with("Reload Module=res_pjsip.so"))
            .collect();
        let mut batches = Vec::new();
        for reports in &mut seen {
            while let Ok(report) = reports.try_recv() {
                batches.push(report);
            }
        }
        assert!(batches.iter().all(|b| b.nodes.iter().all(Result::is_ok)));
        assert_eq!(
            batches.iter().map(|b| b.changes).sum::<usize>(),
            2,
            "{backend}: each change is applied once, by one projector: {batches:?}"
        );
        // A batch whose files another batch already wrote reloads nothing.
        assert!(
            (1..=batches.len()).contains(&reloads.len()),
            "{backend}: {reloads:?}"
        );
        let node = &web.stored_nodes().await.unwrap()[0];
        let mut conn = web.store().conn().await.unwrap();
        assert_eq!(
            node.projected_through, 5,
            "{backend}: the node, a tenant and three phones"
        );
        assert!(
            outbox::after(&mut conn, 0, 10).await.unwrap().is_empty(),
            "{backend}: applied changes are pruned"
        );
        assert!(
            idle.try_recv().is_err(),
            "{backend}: a projector for other nodes applies nothing"
        );
        for handle in [first, second, elsewhere] {
            handle.task.abort();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_wait_in_the_outbox_while_the_node_is_down() {
    for (backend, url, _dir) in support::databases().await {
        let web = instance(&url).await;
        let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = closed.local_addr().unwrap().port();
        drop(closed);
        let out = tempfile::tempdir().unwrap();
        add_node(&web, out.path(), port).await;
        let projector = spawn_projector(instance(&url).await, config(None));
        let mut reports = projector.reports.subscribe();
        support::tenant(&web, "ACME", 10).await;
        web.create_extension(&Actor::cli(), "ACME", &phone("100"))
            .await
            .unwrap();
        let down = next_report(&mut reports).await;
        let error = down.nodes[0].as_ref().unwrap_err();
        assert!(
            error.contains("connecting to the manager"),
            "{backend}: {error}"
        );
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .unwrap();
        let manager = fake_manager_on(listener, Arc::new(Mutex::new(false)));
        // A failed attempt writes the file and takes it back: wait for the
        // reload that accepted it, then for the file.
        let reloaded = || {
            manager
                .log()
                .contains(&"Reload Module=res_pjsip.so".to_string())
        };
        for _ in 0..200 {
            if reloaded() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(reloaded(), "{backend}: the node was never reloaded");
        until_file_has(&out.path().join("pjsip-ACME.conf"), "[100-ACME]").await;
        projector.task.abort();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outbox_append_waits_for_the_one_before_it_to_commit() {
    for (backend, url, _dir) in support::databases().await {
        let (a, b) = (instance(&url).await, instance(&url).await);
        let names = std::collections::BTreeSet::new();
        let mut first = a.store().begin().await.unwrap();
        let first_id = outbox::append(&mut first, "ACME", &names, &names)
            .await
            .unwrap();
        let second = tokio::spawn(async move {
            let mut tx = b.store().begin().await.unwrap();
            let id = outbox::append(&mut tx, "BETA", &names, &names)
                .await
                .unwrap();
            tx.commit().await.unwrap();
            id
        });
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(
            !second.is_finished(),
            "{backend}: the second append waits for the first commit"
        );
        first.commit().await.unwrap();
        let second_id = second.await.unwrap();
        assert!(second_id > first_id, "{backend}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_added_or_changed_gets_every_tenants_files_without_an_apply() {
    for (_, url, _dir) in support::databases().await {
        let web = instance(&url).await;
        support::tenant(&web, "ACME", 10).await;
        web.create_extension(&Actor::cli(), "ACME", &phone("100"))
            .await
            .unwrap();
        let port = fake_manager(Arc::default()).await.port();
        let out = tempfile::tempdir().unwrap();
        let projector = spawn_projector(instance(&url).await, config(None));
        add_node(&web, out.path(), port).await;
        until_file_has(&out.path().join("pjsip-ACME.conf"), "[100-ACME]").await;
        web.update_node(&Actor::cli(), "ast1", &json!({"context_prefix": "east-"}))
            .await
            .unwrap();
        until_file_has(&out.path().join("extensions-ACME.conf"), "[east-ACME]").await;
        projector.task.abort();
    }
}
