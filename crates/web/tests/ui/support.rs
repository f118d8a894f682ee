//! The page suite on `TestApp`: the demo tenant and OTHER, users with
//! chosen permissions, and requests carrying their session cookie and CSRF
//! token.

use axum::body::Body;
use axum::http::{Request, Response, header};
use http_body_util::BodyExt;
use pbx_service::{Permission, Service};
use pbx_testkit::app::TestApp;
use pbx_testkit::data::{TestTenant, TestUser};
use tower::ServiceExt;

pub use pbx_testkit::app::Browser;
pub use pbx_testkit::app::enc;
pub use pbx_testkit::data::PASSWORD;

/// [`TestApp`] with the page suite's requests (responses unread, forms
/// with the CSRF field).
pub struct App(TestApp);

impl std::ops::Deref for App {
    type Target = TestApp;

    fn deref(&self) -> &TestApp {
        &self.0
    }
}

pub async fn app() -> App {
    app_with(|service| service).await
}

/// [`app`] with the service changed by `configure` before the router is
/// built (e.g. to follow device states).
pub async fn app_with(configure: impl FnOnce(Service) -> Service) -> App {
    let app = TestApp::builder()
        .demo()
        .tenant(TestTenant::new("OTHER").named("Other Ltd"))
        .build_with(configure)
        .await;
    App(app)
}

impl App {
    /// A tenant admin of CANISTRACCI with `permissions`, signed in.
    pub async fn user(&self, name: &str, permissions: &[Permission]) -> Browser {
        TestUser::tenant_admin(name, &["CANISTRACCI"])
            .permissions(permissions)
            .create(&self.service)
            .await;
        self.sign_in(name).await
    }

    /// Signs in the existing account `name` (password [`PASSWORD`]).
    pub async fn sign_in(&self, name: &str) -> Browser {
        self.browser(name).await
    }

    /// A super administrator, signed in.
    pub async fn super_admin(&self) -> Browser {
        TestUser::super_admin("root").create(&self.service).await;
        self.sign_in("root").await
    }

    pub async fn admin(&self) -> Browser {
        self.user("boss", &Permission::ALL).await
    }

    pub async fn send(&self, request: Request<Body>) -> (u16, Response<Body>) {
        let response = self.router.clone().oneshot(request).await.unwrap();
        (response.status().as_u16(), response)
    }

    pub async fn get(&self, browser: Option<&Browser>, uri: &str) -> (u16, String) {
        let mut request = Request::get(uri);
        if let Some(b) = browser {
            request = request.header(header::COOKIE, &b.cookie);
        }
        let (status, response) = self.send(request.body(Body::empty()).unwrap()).await;
        (status, body(response).await)
    }

    /// Posts a form; `csrf` adds the browser's token.
    pub async fn post(
        &self,
        browser: &Browser,
        uri: &str,
        fields: &[(&str, &str)],
        csrf: bool,
    ) -> (u16, Response<Body>) {
        let mut pairs: Vec<(&str, &str)> = fields.to_vec();
        if csrf {
            pairs.push(("csrf", &browser.csrf));
        }
        let encoded = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.send(
            Request::post(uri)
                .header(header::COOKIE, &browser.cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(encoded))
                .unwrap(),
        )
        .await
    }
}

pub async fn body(response: Response<Body>) -> String {
    String::from_utf8(
        response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
    .unwrap()
}

pub fn location(response: &Response<Body>) -> String {
    response
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// A name that breaks out of HTML, attributes and template syntax if unescaped.
pub const HOSTILE: &str = "<script>alert(1)</script>\"' {{x}}";

/// Renames extension 100 to [`HOSTILE`].
pub async fn hostile_name(app: &App) {
    let (_, stored) = app
        .service
        .get_extension(&pbx_service::Actor::cli(), "CANISTRACCI", "100")
        .await
        .unwrap();
    let input = pbx_service::extensions::ExtensionInput {
        name: Some(HOSTILE.into()),
        description: Some(HOSTILE.into()),
        version: Some(stored.extension.version),
        ..Default::default()
    };
    app.service
        .update_extension(
            &pbx_service::Actor::cli(),
            "CANISTRACCI",
            "100",
            &input,
            pbx_service::extensions::Scope::Extension,
        )
        .await
        .unwrap();
}

/// Asserts `html` holds the hostile text only escaped.
pub fn assert_escaped(html: &str) {
    assert!(!html.contains("<script>alert(1)"), "unescaped script tag");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
            || html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "escaped name missing"
    );
    assert!(!html.contains("\"' {{x}}"), "unescaped quotes");
}
