//! Secrets at rest: with a key, the SQLite file holds no SIP secret, AMI
//! secret or TOTP seed in plaintext, rows written before the key are sealed
//! on start, the API still shows secrets to who may see them, and showing
//! one is audited.
//! (Its own test binary: the sealing key is per process.)

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use pbx_service::{Actor, Service, Store};
use pbx_store::secrets::SecretKey;
use tower::ServiceExt;

async fn file_bytes(store: &Store, dir: &std::path::Path) -> Vec<u8> {
    let mut conn = store.conn().await.unwrap();
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut *conn)
        .await
        .unwrap();
    let mut bytes = std::fs::read(dir.join("s.db")).unwrap();
    if let Ok(wal) = std::fs::read(dir.join("s.db-wal")) {
        bytes.extend(wal);
    }
    bytes
}

#[tokio::test]
async fn the_database_file_holds_no_plaintext_secret_once_a_key_is_set() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("s.db").display());
    // Written before any key existed: plaintext.
    let plain = Store::connect(&url).await.unwrap();
    let service = Service::new(plain.clone());
    service.load_demo().await.unwrap();
    let manager_secret = "manager-secret-4f9a2c";
    service
        .create_node(
            &Actor::cli(),
            &serde_json::json!({"name": "ast1", "output_dir": "/etc/asterisk/pbx",
                                "ami_secret": manager_secret}),
        )
        .await
        .unwrap();
    let (_, stored) = service
        .get_extension(&Actor::cli(), "CANISTRACCI", "100")
        .await
        .unwrap();
    let secret = stored.extension.secret.unwrap().expose().to_owned();
    assert!(
        file_bytes(&plain, dir.path())
            .await
            .windows(secret.len())
            .any(|w| w == secret.as_bytes())
    );
    assert!(
        file_bytes(&plain, dir.path())
            .await
            .windows(manager_secret.len())
            .any(|w| w == manager_secret.as_bytes())
    );
    plain.close().await;

    let key = SecretKey::from_base64("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=").unwrap();
    let store = Store::connect_with_key(&url, &key).await.unwrap();
    let service = Service::new(store.clone());
    service
        .ensure_admin(Some("Correct-horse-42"))
        .await
        .unwrap();
    let admin = service
        .login("admin", "Correct-horse-42", "api")
        .await
        .unwrap();
    let actor = service
        .authenticate(&admin.token, pbx_service::Source::Api)
        .await
        .unwrap()
        .0;
    let enrolment = service.begin_totp(&actor, None).await.unwrap();

    let bytes = file_bytes(&store, dir.path()).await;
    let contains = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(!contains(&secret), "a SIP secret is readable in the file");
    assert!(
        !contains(manager_secret),
        "an AMI secret is readable in the file"
    );
    let node = &service.stored_nodes().await.unwrap()[0];
    assert_eq!(node.node.ami_secret, manager_secret, "opened when read");
    assert!(
        !contains(&enrolment.secret),
        "the TOTP seed is readable in the file"
    );
    assert!(contains("enc:v1:"));

    let router = pbx_web::router(service.clone());
    let response = router
        .oneshot(
            Request::get("/api/v1/tenants/CANISTRACCI/extensions/100")
                .header("authorization", format!("Bearer {}", admin.token))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        value["secret"],
        secret.as_str(),
        "decrypted for who may see it"
    );
    let entries = service
        .audit_entries(&Actor::cli(), "CANISTRACCI", Some("100"))
        .await
        .unwrap();
    assert_eq!(entries[0].action, "reveal_secret");
    assert_eq!(entries[0].actor, "admin");
}
