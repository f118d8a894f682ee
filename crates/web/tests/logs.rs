//! What the request log shows at its most verbose: never a provisioning
//! token (the token is a credential: it downloads a SIP secret), nor the
//! secret itself.

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::Request;
use pbx_service::{Actor, Service, Store};
use serde_json::json;
use tower::ServiceExt;

/// Log lines written into memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_provisioning_token_and_the_secret_it_serves_never_reach_the_log() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    // The test runs on one thread: everything it awaits logs here.
    let _log = tracing::subscriber::set_default(subscriber);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}", dir.path().join("l.db").display()))
        .await
        .unwrap();
    let service = Service::new(store);
    service.load_demo().await.unwrap();
    service
        .update_tenant(
            &Actor::cli(),
            "CANISTRACCI",
            &json!({"sip_domain": "sip.example"}),
        )
        .await
        .unwrap();
    let link = service
        .issue_provisioning(&Actor::cli(), "CANISTRACCI", "101")
        .await
        .unwrap();
    let (_, stored) = service
        .get_extension(&Actor::cli(), "CANISTRACCI", "101")
        .await
        .unwrap();
    let secret = stored.extension.secret.unwrap().expose().to_owned();
    let response = pbx_web::router(service)
        .oneshot(Request::get(link.path()).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("/provision/[token]"),
        "the request is logged: {log}"
    );
    assert!(!log.contains(&link.token), "the token is in the log");
    assert!(!log.contains(&secret), "the secret is in the log");
}
