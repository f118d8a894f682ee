//! Every response carries the security headers: no framing, a Content
//! Security Policy without inline script, nosniff, no referrer, and
//! `no-store` on everything but the versioned static files. (The browser
//! tests run the pages' own scripts under this policy.)

use axum::body::Body;
use axum::http::{Request, Response};
use pbx_testkit::app::TestApp;
use tower::ServiceExt;

async fn get(router: &axum::Router, uri: &str) -> Response<Body> {
    router
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap()
}

fn header<'a>(response: &'a Response<Body>, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .map_or_else(|| panic!("no {name} header"), |v| v.to_str().unwrap())
}

#[tokio::test]
async fn pages_api_answers_and_static_files_carry_the_security_headers() {
    let app = TestApp::builder().build().await;
    let router = app.router.clone();
    let static_file = pbx_web::static_href("app.js");
    for uri in [
        "/login",
        "/healthz",
        "/api/v1/tenants",
        "/no/such/page",
        static_file.as_str(),
    ] {
        let response = get(&router, uri).await;
        let csp = header(&response, "content-security-policy");
        for directive in [
            "script-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
        ] {
            assert!(csp.contains(directive), "{uri}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{uri}: {csp}");
        assert_eq!(header(&response, "x-frame-options"), "DENY", "{uri}");
        assert_eq!(
            header(&response, "x-content-type-options"),
            "nosniff",
            "{uri}"
        );
        assert_eq!(header(&response, "referrer-policy"), "no-referrer", "{uri}");
        let cache = header(&response, "cache-control");
        if uri.starts_with("/static/") {
            assert!(cache.contains("immutable"), "{uri}: {cache}");
        } else {
            assert_eq!(cache, "no-store", "{uri}");
        }
    }
}

#[test]
fn no_template_holds_an_inline_script_style_or_event_handler() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (at, _) in text.match_indices("<script") {
            let tag = &text[at..at + text[at..].find('>').unwrap()];
            assert!(
                tag.contains(" src="),
                "{}: inline script {tag}",
                path.display()
            );
        }
        assert!(
            !text.contains("<style"),
            "{}: a style element",
            path.display()
        );
        assert!(
            !text.contains(" style=\""),
            "{}: a style attribute",
            path.display()
        );
        let handler = regex_free_handler(&text);
        assert!(
            handler.is_none(),
            "{}: event handler {handler:?}",
            path.display()
        );
    }
}

/// An `on…="` attribute (an inline event handler), if any.
fn regex_free_handler(text: &str) -> Option<String> {
    text.match_indices(" on").find_map(|(at, _)| {
        let rest = &text[at + 3..];
        let name: String = rest.chars().take_while(char::is_ascii_lowercase).collect();
        (!name.is_empty() && rest[name.len()..].starts_with("=\"")).then(|| format!("on{name}"))
    })
}
