//! What the request log shows at its most verbose: never a provisioning
//! token (the token is a credential: it downloads a SIP secret), nor the
//! secret itself; and an unexpected failure as one error line with its
//! cause, answered with a bare 500.

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use pbx_service::{Actor, Service};
use pbx_testkit::app::TestApp;
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

impl Captured {
    /// Collects everything logged on this thread (the tests run on one
    /// thread, so everything they await logs here) until the guard drops.
    fn install(&self) -> tracing::subscriber::DefaultGuard {
        let writer = self.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_default(subscriber)
    }

    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }

    fn errors(&self) -> Vec<String> {
        self.text()
            .lines()
            .filter(|l| l.contains(" ERROR "))
            .map(str::to_owned)
            .collect()
    }
}

#[tokio::test]
async fn a_provisioning_token_and_the_secret_it_serves_never_reach_the_log() {
    let captured = Captured::default();
    let _log = captured.install();
    let app = TestApp::builder().demo().build().await;
    let service = app.service.clone();
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
    let log = captured.text();
    assert!(
        log.contains("/provision/[token]"),
        "the request is logged: {log}"
    );
    assert!(!log.contains(&link.token), "the token is in the log");
    assert!(!log.contains(&secret), "the secret is in the log");
}

const PASSWORD: &str = "admin password 1";

/// A demo service, its router and an API token of the administrator.
async fn demo() -> (Service, axum::Router, String, TestApp) {
    let app = TestApp::builder().admin(PASSWORD).demo().build().await;
    let token = app.token_with("admin", PASSWORD).await;
    (app.service.clone(), app.router.clone(), token, app)
}

async fn get(router: &axum::Router, uri: &str, token: &str) -> (StatusCode, String) {
    let request = Request::get(uri)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn a_closed_database_pool_is_one_logged_500_with_its_cause() {
    let (service, router, token, _dir) = demo().await;
    let captured = Captured::default();
    let _log = captured.install();
    service.store().close().await;
    let (status, body) = get(
        &router,
        "/api/v1/tenants/CANISTRACCI/extensions/101",
        &token,
    )
    .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    assert!(!body.contains("pool"), "a 500 shows no detail: {body}");
    let errors = captured.errors();
    assert_eq!(errors.len(), 1, "one error line per failure: {errors:#?}");
    assert!(
        errors[0].contains("database error: attempted to acquire a connection on a closed pool"),
        "the line carries the cause: {}",
        errors[0]
    );
}

#[tokio::test]
async fn a_failing_query_is_a_logged_500_not_a_404() {
    let (service, router, token, _dir) = demo().await;
    let uri = "/api/v1/tenants/CANISTRACCI/extensions/101";
    assert_eq!(get(&router, uri, &token).await.0, StatusCode::OK);
    let mut conn = service.store().conn().await.unwrap();
    sqlx::query("ALTER TABLE extensions RENAME TO extensions_elsewhere")
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let captured = Captured::default();
    let _log = captured.install();
    let (status, body) = get(&router, uri, &token).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    let errors = captured.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("no such table: extensions"),
        "{}",
        errors[0]
    );
}

#[tokio::test]
async fn a_page_that_fails_is_one_logged_500_page() {
    let (service, router, _token, _dir) = demo().await;
    let session = service
        .login("admin", PASSWORD, "session")
        .await
        .unwrap()
        .token;
    service.store().close().await;
    let captured = Captured::default();
    let _log = captured.install();
    let request = Request::get("/tenants/CANISTRACCI/extensions")
        .header("cookie", format!("{}={session}", pbx_web::SESSION_COOKIE))
        .body(Body::empty())
        .unwrap();
    let response = router.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let errors = captured.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("closed pool"), "{}", errors[0]);
}

/// Sends `body` as JSON with the bearer `token`; answers the status and
/// the JSON answer.
async fn send_json(
    router: &axum::Router,
    method: &str,
    uri: &str,
    token: &str,
    body: serde_json::Value,
) -> (StatusCode, serde_json::Value) {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or_default())
}

#[tokio::test]
async fn the_smtp_password_and_mailed_secrets_never_reach_the_log() {
    let Some(smtp) = pbx_testkit::smtp::SmtpServer::start_on(
        pbx_testkit::smtp::free_port(),
        Some(("pbx", "smtp-log-s3cret")),
    ) else {
        return;
    };
    let (service, router, token, _app) = demo().await;
    let captured = Captured::default();
    let _log = captured.install();
    let settings = json!({"host": "127.0.0.1", "port": smtp.port, "security": "none",
        "sender": "pbx@example.com", "username": "pbx", "password": "smtp-log-s3cret"});
    let (status, answer) =
        send_json(&router, "PUT", "/api/v1/mail/settings", &token, settings).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["settings"]["password_set"], true);
    let uri = "/api/v1/tenants/CANISTRACCI/extensions/101";
    let (_, current) = get(&router, uri, &token).await;
    let current: serde_json::Value = serde_json::from_str(&current).unwrap();
    let change = json!({"version": current["version"], "secret": "Sip-Log-Secret-42",
        "settings": {"web_user": {"send_account_info": true, "user_email": "bella@example.com"}}});
    let (status, saved) = send_json(&router, "PATCH", uri, &token, change).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let config = pbx_service::mail::MailerConfig {
        max_attempts: 1,
        ..Default::default()
    };
    pbx_service::mail::deliver_due(&service, &config)
        .await
        .unwrap();
    let test = json!({"to": "ops@example.com"});
    let (status, result) = send_json(&router, "POST", "/api/v1/mail/test", &token, test).await;
    assert_eq!(
        (status, result["delivered"].clone()),
        (StatusCode::OK, json!(true)),
        "{result}"
    );
    let received = smtp.wait_for(2, std::time::Duration::from_secs(10)).await;
    assert!(received.iter().all(|m| m.auth), "both authenticated");
    assert!(
        received[0].body.contains("Sip-Log-Secret-42"),
        "the mail holds the secret"
    );
    let log = captured.text();
    assert!(log.contains("mail sent"), "the delivery is logged: {log}");
    assert!(
        !log.contains("smtp-log-s3cret"),
        "the SMTP password is in the log"
    );
    assert!(
        !log.contains("Sip-Log-Secret-42"),
        "the mailed SIP secret is in the log"
    );
}
