//! The product under test, in process: a store (SQLite in a temporary
//! directory, or a fresh PostgreSQL database), the service, the HTTP router
//! and, once started, the projector `pbx serve` runs. Tests set tenants,
//! objects, extensions and nodes up through the JSON API, as an
//! administrator would, then apply them as `pbx apply` does or let the
//! projector apply each change.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use pbx_service::Service;
use pbx_service::calls::server::spawn_call_control;
use std::sync::{Arc, Mutex};

use pbx_service::device_status::{DeviceStatuses, MonitorConfig, spawn_device_monitor};
use pbx_service::nodes::settings_of;
use pbx_service::projection::{
    ApplyReport, BatchReport, Change, ChangeSink, ProjectorConfig, ProjectorHandle, apply_files,
    spawn_projector,
};
use pbx_store::Store;
use serde_json::{Value, json};
use tokio::sync::broadcast;
use tower::ServiceExt;

use crate::asterisk::{Asterisk, Storage};

const ADMIN_PASSWORD: &str = "live harness admin 1";

/// The running product.
pub struct Pbx {
    pub service: Service,
    router: Router,
    token: String,
    store: Store,
    sink: Arc<Forward>,
    statuses: DeviceStatuses,
    monitor: Option<tokio::task::JoinHandle<()>>,
    call_control: Option<tokio::task::JoinHandle<()>>,
    projector: Option<(ProjectorHandle, broadcast::Receiver<BatchReport>)>,
    /// The database URL (a Realtime node reads the same database).
    pub url: String,
    _dir: tempfile::TempDir,
}

impl Pbx {
    /// The product on a fresh SQLite database.
    pub async fn sqlite() -> Pbx {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!("sqlite://{}", dir.path().join("pbx.db").display());
        Pbx::on(url, dir).await
    }

    /// The product on a fresh database of the PostgreSQL server at `base`
    /// (`postgres://user@host:port/db`).
    pub async fn postgres(base: &str) -> Pbx {
        let url = fresh_postgres(base).await;
        Pbx::on(url, tempfile::tempdir().expect("a temporary directory")).await
    }

    async fn on(url: String, dir: tempfile::TempDir) -> Pbx {
        let store = Store::connect(&url).await.expect("open the database");
        let sink = Arc::new(Forward::default());
        let statuses = DeviceStatuses::new();
        let service = Service::new(store.clone())
            .with_change_sink(sink.clone())
            .with_device_statuses(statuses.clone());
        service
            .ensure_admin(Some(ADMIN_PASSWORD))
            .await
            .expect("create the administrator");
        let router = pbx_web::router(service.clone());
        let mut pbx = Pbx {
            service,
            router,
            token: String::new(),
            store,
            sink,
            statuses,
            monitor: None,
            call_control: None,
            projector: None,
            url,
            _dir: dir,
        };
        let (status, body) = pbx
            .call(
                Method::POST,
                "/api/v1/auth/token",
                Some(json!({"username": "admin", "password": ADMIN_PASSWORD})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "sign in: {body}");
        pbx.token = body["token"].as_str().expect("a token").to_owned();
        pbx
    }

    /// One API request as the administrator: status and JSON body.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = Request::builder().method(method).uri(path);
        if !self.token.is_empty() {
            request = request.header(header::AUTHORIZATION, format!("Bearer {}", self.token));
        }
        let request = match body {
            Some(body) => request
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string())),
            None => request.body(Body::empty()),
        }
        .expect("a request");
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("a body")
            .to_bytes();
        let value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        (status, value)
    }

    /// An API request that must succeed (2xx); its JSON body.
    pub async fn ok(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let shown = format!("{method} {path}");
        let (status, value) = self.call(method, path, body).await;
        assert!(status.is_success(), "{shown}: {status} {value}");
        value
    }

    /// Creates tenant `code` (up to 1,000 extensions) with `extra` fields.
    pub async fn tenant(&self, code: &str, extra: Value) {
        let mut body =
            json!({"code": code, "name": format!("{code} Ltd"), "extension_limit": 1000});
        merge(&mut body, extra);
        self.ok(Method::POST, "/api/v1/tenants", Some(body)).await;
    }

    /// Creates a tenant object; its id.
    pub async fn object(&self, code: &str, kind: &str, name: &str, value: &str) -> i64 {
        let body = json!({"kind": kind, "name": name, "value": value});
        let created = self
            .ok(
                Method::POST,
                &format!("/api/v1/tenants/{code}/objects"),
                Some(body),
            )
            .await;
        created["id"].as_i64().expect("an object id")
    }

    /// Creates an extension (`kind`, `number`, then `extra` fields such as
    /// `name`, `secret` and `settings`); the created extension.
    pub async fn extension(&self, code: &str, kind: &str, number: &str, extra: Value) -> Value {
        let mut body = json!({"kind": kind, "number": number, "name": format!("User {number}")});
        merge(&mut body, extra);
        self.ok(
            Method::POST,
            &format!("/api/v1/tenants/{code}/extensions"),
            Some(body),
        )
        .await
    }

    /// Changes settings of an extension (PATCH with its current version).
    pub async fn change(&self, code: &str, number: &str, change: Value) -> Value {
        let path = format!("/api/v1/tenants/{code}/extensions/{number}");
        let current = self.ok(Method::GET, &path, None).await;
        let mut body = change;
        body["version"] = current["version"].clone();
        self.ok(Method::PATCH, &path, Some(body)).await
    }

    /// Adds node `name` for `asterisk`, its files in the Asterisk's pbx
    /// directory and its manager the documented user.
    pub async fn node(&self, name: &str, asterisk: &Asterisk) -> Value {
        self.node_with(name, asterisk, json!({})).await
    }

    /// Like [`Pbx::node`] with more fields (e.g. `inter_node_trunk`).
    pub async fn node_with(&self, name: &str, asterisk: &Asterisk, extra: Value) -> Value {
        let ami = asterisk.ami_settings();
        let mut body = json!({
            "name": name,
            "output_dir": asterisk.pbx_dir().display().to_string(),
            "ami_host": ami.host,
            "ami_port": ami.port,
            "ami_username": ami.username,
            "ami_secret": ami.secret,
            "context_prefix": "pbx-",
            "transports": {"udp": "transport-udp", "tcp": "transport-tcp"},
        });
        if let Storage::Realtime(_) = asterisk.spec.storage {
            body["storage"] = json!("realtime");
        }
        merge(&mut body, extra);
        self.ok(Method::POST, "/api/v1/nodes", Some(body)).await
    }

    /// Renders every node's files into their directories (as `pbx render`
    /// does before the node's first start), marking them as the last good set.
    pub async fn render_files(&self) {
        use pbx_asterisk::apply::{mark_good, write_files};
        for stored in self.service.stored_nodes().await.expect("read the nodes") {
            let (node, storage) = settings_of(&stored.node);
            let files = self
                .service
                .render_node_files(&node, &storage, None)
                .await
                .expect("render the node's files");
            let written = write_files(&node.output_dir, &files).expect("write the files");
            mark_good(&node.output_dir, &written).expect("keep them as the last good set");
            for name in ["pbx-pjsip.conf", "pbx-sip.conf", "pbx-voicemail.conf"] {
                let path = node.output_dir.join(name);
                if !path.exists() {
                    std::fs::write(path, "").expect("an empty index");
                }
            }
        }
    }

    /// Applies every node as `pbx apply` does (render, write the changed
    /// files, reload what they need); panics when a node refuses.
    pub async fn apply(&self) -> Vec<ApplyReport> {
        let mut reports = Vec::new();
        for stored in self.service.stored_nodes().await.expect("read the nodes") {
            let (node, storage) = settings_of(&stored.node);
            let files = self
                .service
                .render_node_files(&node, &storage, None)
                .await
                .expect("render the node's files");
            match apply_files(&node, &storage, &files, &[]).await {
                Ok(report) => reports.push(report),
                Err(e) => panic!("apply failed: {e}"),
            }
        }
        reports
    }

    /// Starts the projector `pbx serve` runs (debounce 50 ms, poll 200 ms):
    /// from now on every committed change is applied to the nodes.
    pub fn start_projector(&mut self) {
        assert!(self.projector.is_none(), "the projector runs already");
        let config = ProjectorConfig {
            window: Duration::from_millis(50),
            poll: Duration::from_millis(200),
            nodes: None,
        };
        let handle = spawn_projector(Service::new(self.store.clone()), config);
        let reports = handle.reports.subscribe();
        *self.sink.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(handle.sink.clone());
        self.projector = Some((handle, reports));
    }

    /// Starts the device-state monitor `pbx serve` runs (one manager
    /// session per node), feeding the list's device states.
    pub fn start_device_monitor(&mut self) {
        assert!(self.monitor.is_none(), "the monitor runs already");
        let config = MonitorConfig {
            reconnect: Duration::from_millis(500),
            rescan: Duration::from_secs(1),
        };
        self.monitor = Some(spawn_device_monitor(
            Service::new(self.store.clone()),
            self.statuses.clone(),
            config,
        ));
    }

    /// Starts the call-control service `pbx serve --call-control-listen`
    /// runs, on a free loopback port; its `host:port`.
    pub async fn start_call_control(&mut self) -> String {
        assert!(self.call_control.is_none(), "call control runs already");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a call-control port");
        let address = listener.local_addr().expect("its address").to_string();
        self.call_control = Some(spawn_call_control(self.service.clone(), listener));
        address
    }

    /// Drains the node's CDRs into call records until `count` records are
    /// stored in all (within `limit`); the records, newest first.
    pub async fn call_records(&self, tenant: &str, count: usize, limit: Duration) -> Value {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            self.service.ingest_cdrs().await.expect("ingest the CDRs");
            let path = format!("/api/v1/tenants/{tenant}/calls");
            let calls = self.ok(Method::GET, &path, None).await;
            let stored = calls["items"].as_array().map_or(0, Vec::len);
            if stored >= count || tokio::time::Instant::now() >= deadline {
                return calls;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// A GET whose body is not JSON: the status, the content type and the
    /// bytes.
    pub async fn get_bytes(&self, path: &str) -> (StatusCode, String, Vec<u8>) {
        let request = Request::builder()
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {}", self.token))
            .body(Body::empty())
            .expect("a request");
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let status = response.status();
        let kind = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let bytes = response.into_body().collect().await.expect("a body");
        (status, kind, bytes.to_bytes().to_vec())
    }

    /// What `pbx serve` does after calls, until `done` holds for what the
    /// API answers at `path` (within `limit`): drains the node's CDRs,
    /// follows up recordings and voicemail, and delivers due mail. The
    /// last answer.
    pub async fn follow_up_until(
        &self,
        path: &str,
        limit: Duration,
        done: impl Fn(&Value) -> bool,
    ) -> Value {
        let mailer = pbx_service::mail::MailerConfig {
            name: "live".into(),
            poll: Duration::from_millis(50),
            backoff: vec![Duration::from_millis(200)],
            max_attempts: 5,
            lease: Duration::from_secs(30),
            timeout: Duration::from_secs(5),
        };
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            self.service.ingest_cdrs().await.expect("ingest the CDRs");
            self.service
                .follow_up_media()
                .await
                .expect("follow up the media");
            pbx_service::mail::deliver_due(&self.service, &mailer)
                .await
                .expect("deliver the mail");
            let answer = self.ok(Method::GET, path, None).await;
            if done(&answer) || tokio::time::Instant::now() >= deadline {
                return answer;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Waits for the projector's next batch report.
    pub async fn applied(&mut self, limit: Duration) -> BatchReport {
        let (_, reports) = self.projector.as_mut().expect("start the projector first");
        tokio::time::timeout(limit, async {
            loop {
                match reports.recv().await {
                    Ok(report) => return report,
                    Err(broadcast::error::RecvError::Lagged(_)) => {}
                    Err(broadcast::error::RecvError::Closed) => panic!("the projector stopped"),
                }
            }
        })
        .await
        .unwrap_or_else(|_| panic!("nothing applied within {limit:?}"))
    }

    /// Waits for the next batch and panics when a node refused it.
    pub async fn applied_ok(&mut self, limit: Duration) -> BatchReport {
        let report = self.applied(limit).await;
        for node in &report.nodes {
            if let Err(e) = node {
                panic!("apply failed: {e}");
            }
        }
        report
    }

    /// Waits until the projector has taken every change written so far and
    /// reported its last batch (quiet for 300 ms).
    pub async fn settle(&mut self, limit: Duration) {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let (_, reports) = self.projector.as_mut().expect("start the projector first");
            match tokio::time::timeout(Duration::from_millis(300), reports.recv()).await {
                Err(_) => return,
                Ok(_) if tokio::time::Instant::now() < deadline => {}
                Ok(_) => panic!("the projector did not settle within {limit:?}"),
            }
        }
    }
}

/// The service's change sink before the projector exists: forwards to it
/// once started (changes before that wait in the outbox).
#[derive(Default)]
struct Forward(Mutex<Option<Arc<dyn ChangeSink>>>);

impl ChangeSink for Forward {
    fn changed(&self, change: Change) {
        if let Some(sink) = self.0.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            sink.changed(change);
        }
    }
}

impl Drop for Pbx {
    fn drop(&mut self) {
        if let Some((handle, _)) = &self.projector {
            handle.task.abort();
        }
        if let Some(monitor) = &self.monitor {
            monitor.abort();
        }
        if let Some(server) = &self.call_control {
            server.abort();
        }
    }
}

/// Adds `extra`'s fields to `body` (objects merged one level deep).
fn merge(body: &mut Value, extra: Value) {
    if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), extra) {
        for (k, v) in extra {
            body.insert(k, v);
        }
    }
}

/// Creates an empty database on the server of `base`; returns its URL.
async fn fresh_postgres(base: &str) -> String {
    use sqlx::Connection;
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    sqlx::any::install_default_drivers();
    let name = format!(
        "pbx_live_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    );
    let mut admin = sqlx::AnyConnection::connect(base)
        .await
        .expect("PostgreSQL reachable");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("create a database");
    let (server, _) = base.rsplit_once('/').expect("URL has a database path");
    format!("{server}/{name}")
}
