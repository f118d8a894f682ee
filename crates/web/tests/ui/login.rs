//! Sign-in, sign-out, the session cookie and CSRF.

use axum::body::Body;
use axum::http::{Request, header};

use crate::support::*;

#[tokio::test]
async fn pages_redirect_to_login_without_a_session() {
    let app = app().await;
    for uri in [
        "/",
        "/tenants/CANISTRACCI/extensions",
        "/tenants/CANISTRACCI/extensions/100",
        "/tenants/CANISTRACCI/extensions/new?kind=sip",
        "/tenants/CANISTRACCI/extensions/bulk",
        "/tenants/CANISTRACCI/extensions/101/pjsip/endpoint",
        "/tenants/CANISTRACCI/extensions/101/pjsip/aor",
        "/tenants/CANISTRACCI/extensions/export.csv",
    ] {
        let (status, response) = app
            .send(Request::get(uri).body(Body::empty()).unwrap())
            .await;
        assert_eq!(status, 303, "{uri}");
        assert!(location(&response).starts_with("/login"), "{uri}");
    }
}

#[tokio::test]
async fn signing_in_sets_an_http_only_lax_session_cookie_secure_behind_tls() {
    let app = app().await;
    app.admin().await;
    let (_, response) = app
        .send(Request::get("/login").body(Body::empty()).unwrap())
        .await;
    let login_cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    let token = login_cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("pbx_login=")
        .to_owned();
    let form = format!(
        "csrf={token}&username=boss&password={}&next=%2F",
        enc(PASSWORD)
    );
    let (status, response) = app
        .send(
            Request::post("/login")
                .header(header::COOKIE, format!("pbx_login={token}"))
                .header("x-forwarded-proto", "https")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form))
                .unwrap(),
        )
        .await;
    assert_eq!(status, 303);
    let cookies: Vec<String> = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let session = cookies
        .iter()
        .find(|c| c.starts_with("pbx_session="))
        .unwrap();
    for attribute in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(session.contains(attribute), "{session} lacks {attribute}");
    }
}

#[tokio::test]
async fn a_login_without_the_form_token_is_refused() {
    let app = app().await;
    app.admin().await;
    let (status, _) = app
        .send(
            Request::post("/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!(
                    "username=boss&password={}",
                    enc(PASSWORD)
                )))
                .unwrap(),
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn state_changing_forms_without_the_csrf_token_are_forbidden() {
    let app = app().await;
    let admin = app.admin().await;
    for (uri, fields) in [
        ("/tenant", vec![("tenant", "CANISTRACCI")]),
        ("/logout", vec![]),
        (
            "/tenants/CANISTRACCI/extensions/prefs",
            vec![("mode", "grid")],
        ),
        (
            "/tenants/CANISTRACCI/extensions/actions",
            vec![("action", "to_sip"), ("numbers", "101")],
        ),
        (
            "/tenants/CANISTRACCI/extensions/delete",
            vec![("numbers", "100")],
        ),
        (
            "/tenants/CANISTRACCI/extensions/new",
            vec![("kind", "sip"), ("number", "300")],
        ),
        ("/tenants/CANISTRACCI/extensions/100", vec![("name", "x")]),
        ("/tenants/CANISTRACCI/extensions/101/pjsip/aor", vec![]),
        (
            "/tenants/CANISTRACCI/extensions/bulk",
            vec![("first", "1"), ("last", "2")],
        ),
    ] {
        let (status, _) = app.post(&admin, uri, &fields, false).await;
        assert_eq!(status, 403, "{uri}");
        let mut wrong = fields.clone();
        wrong.push(("csrf", "0000"));
        let (status, _) = app.post(&admin, uri, &wrong, false).await;
        assert_eq!(status, 403, "{uri} with a wrong token");
    }
    // Nothing changed: 100 still exists, 101 is still PJSIP.
    let (_, html) = app
        .get(Some(&admin), "/tenants/CANISTRACCI/extensions")
        .await;
    assert!(html.contains(">Alex Reed<"));
    assert!(html.contains("tech-pjsip\" data-field=\"tech\">PJSIP"));
}

#[tokio::test]
async fn the_api_accepts_the_session_cookie_but_changes_need_the_csrf_header() {
    let app = app().await;
    let admin = app.admin().await;
    let (status, _) = app
        .get(Some(&admin), "/api/v1/tenants/CANISTRACCI/extensions")
        .await;
    assert_eq!(status, 200);
    let delete = |csrf: Option<&str>| {
        let mut r = Request::delete("/api/v1/tenants/CANISTRACCI/extensions/109")
            .header(header::COOKIE, &admin.cookie);
        if let Some(c) = csrf {
            r = r.header("x-csrf-token", c);
        }
        r.body(Body::empty()).unwrap()
    };
    assert_eq!(app.send(delete(None)).await.0, 403);
    assert_eq!(app.send(delete(Some(&admin.csrf))).await.0, 204);
}

#[tokio::test]
async fn signing_out_revokes_the_session() {
    let app = app().await;
    let admin = app.admin().await;
    let (status, response) = app.post(&admin, "/logout", &[], true).await;
    assert_eq!((status, location(&response).as_str()), (303, "/login"));
    let (status, _) = app
        .get(Some(&admin), "/tenants/CANISTRACCI/extensions")
        .await;
    assert_eq!(status, 303);
}

#[tokio::test]
async fn the_tenant_selector_is_remembered_and_root_redirects_to_it() {
    let app = app().await;
    let admin = app.user("super", &[]).await;
    // A tenant admin of CANISTRACCI only: OTHER is not reachable.
    let (status, _) = app
        .post(&admin, "/tenant", &[("tenant", "OTHER")], true)
        .await;
    assert_eq!(status, 404);
    let (status, response) = app
        .post(&admin, "/tenant", &[("tenant", "CANISTRACCI")], true)
        .await;
    assert_eq!(status, 303);
    assert_eq!(location(&response), "/tenants/CANISTRACCI/extensions");
    let (status, response) = app
        .send(
            Request::get("/")
                .header(header::COOKIE, &admin.cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(location(&response), "/tenants/CANISTRACCI/extensions");
}

/// Signs `boss` in with `next` (already percent-encoded for the form).
async fn sign_in_with_next(app: &App, next: &str) -> (u16, String) {
    let (_, response) = app
        .send(Request::get("/login").body(Body::empty()).unwrap())
        .await;
    let token = response.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("pbx_login=")
        .to_owned();
    let form = format!(
        "csrf={token}&username=boss&password={}&next={next}",
        enc(PASSWORD)
    );
    let (status, response) = app
        .send(
            Request::post("/login")
                .header(header::COOKIE, format!("pbx_login={token}"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form))
                .unwrap(),
        )
        .await;
    let location = response
        .headers()
        .get(header::LOCATION)
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location)
}

#[tokio::test]
async fn after_sign_in_only_a_path_of_this_site_is_followed() {
    let app = app().await;
    app.admin().await;
    for (next, expected) in [
        (
            "%2Ftenants%2FACME%2Fextensions%3Fpage%3D2",
            "/tenants/ACME/extensions?page=2",
        ),
        ("%2F%2Fevil.example", "/"),
        ("%2F%5Cevil.example", "/"),
        ("%5C%5Cevil.example", "/"),
        ("https%3A%2F%2Fevil.example%2F", "/"),
        ("evil.example", "/"),
        ("%2F%E2%82%AC%20x", "/%E2%82%AC%20x"),
    ] {
        let (status, location) = sign_in_with_next(&app, next).await;
        assert_eq!((status, location.as_str()), (303, expected), "next={next}");
    }
}

#[tokio::test]
async fn a_control_character_in_next_is_a_400_not_a_redirect() {
    let app = app().await;
    app.admin().await;
    for next in [
        "%2F%09%2Fevil.example",
        "%2F%0A%2Fevil.example",
        "%2F%0D%0ASet-Cookie%3Ax%3D1",
    ] {
        let (status, location) = sign_in_with_next(&app, next).await;
        assert_eq!((status, location.as_str()), (400, ""), "next={next}");
        let (status, _) = app
            .send(
                Request::get(format!("/login?next={next}"))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(status, 400, "GET /login?next={next}");
    }
}
