//! Outgoing mail end to end against a real SMTP server (Python's aiosmtpd,
//! see `pbx_testkit::smtp`), on SQLite and PostgreSQL: what arrives, a mail
//! queued while the server is down, retries and giving up, two mailers on
//! one database, the tenant's own server, AUTH, the sealed password, and
//! "send account information" on save.

#[expect(dead_code, reason = "each instance connects with the sealing key")]
#[path = "../support/mod.rs"]
mod support;

mod account_info;
mod delivery;
mod settings;

use std::time::Duration;

use pbx_service::mail::{Mail, MailerConfig, MissedCall, Recipient, utc_text};
use pbx_service::{Actor, Service, Store};
use pbx_store::secrets::SecretKey;
use serde_json::{Value, json};

/// One key for the whole test binary (the key is process-wide).
pub fn key() -> SecretKey {
    static KEY: std::sync::OnceLock<SecretKey> = std::sync::OnceLock::new();
    KEY.get_or_init(SecretKey::generate).clone()
}

/// A service per backend, sealing secrets, with tenant ACME.
pub async fn backends() -> Vec<(String, Service, Option<tempfile::TempDir>)> {
    let mut out = Vec::new();
    for (backend, url, dir) in support::databases().await {
        let service = Service::new(Store::connect_with_key(&url, &key()).await.unwrap());
        support::tenant(&service, "ACME", 100).await;
        out.push((backend, service, dir));
    }
    out
}

/// A mailer that retries fast (tests cannot wait minutes).
pub fn fast(name: &str, max_attempts: i64) -> MailerConfig {
    MailerConfig {
        name: name.to_owned(),
        poll: Duration::from_millis(50),
        backoff: vec![Duration::from_millis(200)],
        max_attempts,
        lease: Duration::from_secs(30),
        timeout: Duration::from_secs(5),
    }
}

pub fn server_settings(port: u16) -> Value {
    json!({"host": "127.0.0.1", "port": port, "security": "none", "sender": "PBX <pbx@example.com>"})
}

pub async fn configure_system(service: &Service, body: Value) {
    service
        .put_mail_settings(&Actor::cli(), None, &body)
        .await
        .unwrap();
}

pub fn missed_call(to: &str) -> Mail {
    let call = MissedCall {
        tenant: "ACME Ltd".into(),
        caller: "Bob <5551234>".into(),
        callee: "101".into(),
        at: utc_text(1_796_216_700),
    };
    Mail::missed_call(Recipient::parse(to).unwrap(), &call).unwrap()
}

/// The states of the tenant's queue, oldest first.
pub async fn states(service: &Service, tenant: Option<&str>) -> Vec<(String, i64)> {
    let mut queue = service.mail_queue(&Actor::cli(), tenant).await.unwrap();
    queue.reverse();
    queue
        .iter()
        .map(|m| (m.state.as_str().to_owned(), m.attempts))
        .collect()
}
