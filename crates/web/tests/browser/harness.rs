//! Starts the server, chromedriver and a browser session; helpers to sign
//! in, find elements and save screenshots.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use pbx_service::{Permission, Service};
use pbx_testkit::app::TestApp;
use pbx_testkit::data::TestUser;

pub use pbx_testkit::data::PASSWORD;

pub struct Harness {
    pub client: Client,
    pub base: String,
    pub service: Service,
    driver: Child,
    /// The database and the browser profile live in its directory.
    _app: TestApp,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Harness {
    /// `None` (skip) only when chromedriver is missing and not required.
    pub async fn start() -> Option<Harness> {
        let required = std::env::var("PBX_REQUIRE_BROWSER").as_deref() == Ok("1");
        let port = free_port();
        let driver = match Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        {
            Ok(child) => child,
            Err(e) if !required => {
                eprintln!(
                    "SKIPPED browser tests: chromedriver not found ({e}); install chromium-driver or set PBX_REQUIRE_BROWSER=1 to fail instead"
                );
                return None;
            }
            Err(e) => panic!("PBX_REQUIRE_BROWSER=1 but chromedriver cannot start: {e}"),
        };
        // One followed device state, painted by the list's scripts.
        let states = pbx_service::device_status::DeviceStatuses::new();
        states.record(
            "ast1",
            "PJSIP/101-CANISTRACCI",
            pbx_service::device_status::DeviceStatus::InUse,
        );
        let viewer = TestUser::tenant_admin("viewer", &["CANISTRACCI"])
            .permissions(&[Permission::ShowPasswords]);
        let app = TestApp::builder()
            .admin(PASSWORD)
            .demo()
            .user(viewer)
            .build_with(|service| service.with_device_statuses(states))
            .await;
        let service = app.service.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let router = app.router.clone();
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        let profile = app.dir().join("chrome-profile");
        let caps = serde_json::json!({
            "browserName": "chrome",
            "goog:chromeOptions": {"args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", format!("--user-data-dir={}", profile.display()),
                "--window-size=1280,900"
            ]}
        });
        let caps: serde_json::Map<String, serde_json::Value> = caps.as_object().unwrap().clone();
        let mut client = None;
        for _ in 0..50 {
            match ClientBuilder::native()
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(c) => {
                    client = Some(c);
                    break;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        }
        let client = client.expect("chromedriver accepts a session");
        std::fs::create_dir_all(screenshot_dir()).unwrap();
        Some(Harness {
            client,
            base,
            service,
            driver,
            _app: app,
        })
    }

    pub async fn stop(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }

    pub async fn go(&self, path: &str) -> Result<(), String> {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .map_err(|e| format!("goto {path}: {e}"))
    }

    pub async fn sign_in(&self, user: &str) -> Result<(), String> {
        let _ = self.client.delete_all_cookies().await;
        self.go("/login").await?;
        self.fill("#username", user).await?;
        self.fill("#password", PASSWORD).await?;
        self.click("form.stack button[type=submit]").await?;
        self.wait_for("#extensions").await
    }

    /// Clicks the element, first scrolled to the middle of the window (the
    /// edit form's sticky action bar would take clicks at the bottom).
    pub async fn click(&self, css: &str) -> Result<(), String> {
        let element = self
            .client
            .find(Locator::Css(css))
            .await
            .map_err(|e| format!("find {css}: {e}"))?;
        let arg = serde_json::to_value(&element).map_err(|e| e.to_string())?;
        self.client
            .execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
            .await
            .map_err(|e| format!("scroll to {css}: {e}"))?;
        element
            .click()
            .await
            .map_err(|e| format!("click {css}: {e}"))
    }

    pub async fn fill(&self, css: &str, text: &str) -> Result<(), String> {
        let field = self
            .client
            .find(Locator::Css(css))
            .await
            .map_err(|e| format!("find {css}: {e}"))?;
        field
            .clear()
            .await
            .map_err(|e| format!("clear {css}: {e}"))?;
        field
            .send_keys(text)
            .await
            .map_err(|e| format!("type into {css}: {e}"))
    }

    pub async fn wait_for(&self, css: &str) -> Result<(), String> {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .map(|_| ())
            .map_err(|e| format!("waiting for {css}: {e}"))
    }

    /// Waits until the page text contains `text`.
    pub async fn wait_text(&self, text: &str) -> Result<(), String> {
        for _ in 0..100 {
            if self.source().await?.contains(text) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(format!("the page never showed {text:?}"))
    }

    pub async fn source(&self) -> Result<String, String> {
        self.client
            .source()
            .await
            .map_err(|e| format!("page source: {e}"))
    }

    /// Text of the visible body.
    pub async fn text(&self, css: &str) -> Result<String, String> {
        self.client
            .find(Locator::Css(css))
            .await
            .map_err(|e| format!("find {css}: {e}"))?
            .text()
            .await
            .map_err(|e| format!("text of {css}: {e}"))
    }

    pub async fn screenshot(&self, name: &str) -> Result<(), String> {
        let png = self
            .client
            .screenshot()
            .await
            .map_err(|e| format!("screenshot: {e}"))?;
        std::fs::write(screenshot_dir().join(format!("{name}.png")), png).map_err(|e| e.to_string())
    }
}

pub fn screenshot_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/browser-screenshots")
}
