//! The CSV/XLS Upload pages and the import-format export: sign-in, CSRF in
//! a multipart form, the Import and Export permissions, tenant isolation,
//! errors by line and column, and a preview applied.

use axum::body::Body;
use axum::http::{Request, header};
use pbx_service::Permission;

use crate::support::*;

const BOUNDARY: &str = "pbx-test-boundary";

/// A multipart upload of `csv` as `name`, with `csrf` as a field first.
fn upload(browser: Option<&Browser>, csrf: Option<&str>, name: &str, csv: &str) -> Request<Body> {
    let mut body = String::new();
    if let Some(token) = csrf {
        body.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n"
        ));
    }
    body.push_str(&format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{BOUNDARY}--\r\n"
    ));
    let mut request = Request::post("/tenants/CANISTRACCI/imports").header(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={BOUNDARY}"),
    );
    if let Some(b) = browser {
        request = request.header(header::COOKIE, &b.cookie);
    }
    request.body(Body::from(body)).unwrap()
}

/// The preview id of the Apply form in `html`.
fn apply_action(html: &str) -> String {
    let start = html
        .find("/tenants/CANISTRACCI/imports/")
        .expect("apply form");
    let rest = &html[start..];
    rest[..rest.find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn the_upload_page_needs_a_session_and_the_import_permission() {
    let app = app().await;
    let (status, _) = app.get(None, "/tenants/CANISTRACCI/imports").await;
    assert_eq!(status, 303);
    let (status, _) = app.send(upload(None, None, "a.csv", "number\n100\n")).await;
    assert_eq!(status, 303);
    let viewer = app.user("viewer", &[]).await;
    let (status, _) = app.get(Some(&viewer), "/tenants/CANISTRACCI/imports").await;
    assert_eq!(status, 403);
    let (_, html) = app
        .get(Some(&viewer), "/tenants/CANISTRACCI/extensions")
        .await;
    assert!(
        !html.contains("id=\"import\""),
        "no upload button without import"
    );
    assert!(!html.contains("export-xlsx"), "no export without export");
    let (status, _) = app
        .send(upload(
            Some(&viewer),
            Some(&viewer.csrf),
            "a.csv",
            "kind,number\npjsip,150\n",
        ))
        .await;
    assert_eq!(status, 403);
    let admin = app.admin().await;
    let (_, html) = app
        .get(Some(&admin), "/tenants/CANISTRACCI/extensions")
        .await;
    assert!(html.contains("href=\"/tenants/CANISTRACCI/imports\""));
    let (status, html) = app.get(Some(&admin), "/tenants/CANISTRACCI/imports").await;
    assert_eq!(status, 200);
    assert!(html.contains("accept=\".csv,.xls,.xlsx"));
    assert!(html.contains("enctype=\"multipart/form-data\""));
    assert!(
        html.contains("<code>ring_timeout</code>"),
        "the columns are listed"
    );
}

#[tokio::test]
async fn an_upload_without_the_csrf_field_changes_nothing() {
    let app = app().await;
    let admin = app.admin().await;
    let csv = "kind,number,name\npjsip,150,Sneaky\n";
    for csrf in [None, Some("0".repeat(admin.csrf.len()))] {
        let (status, _) = app
            .send(upload(Some(&admin), csrf.as_deref(), "a.csv", csv))
            .await;
        assert_eq!(status, 403);
    }
    let (status, _) = app
        .post(&admin, "/tenants/CANISTRACCI/imports/abc/apply", &[], false)
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .get(Some(&admin), "/tenants/CANISTRACCI/extensions/150")
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn another_tenants_admin_cannot_upload_or_apply_here() {
    let app = app().await;
    let admin = app.admin().await;
    let (_, response) = app
        .send(upload(
            Some(&admin),
            Some(&admin.csrf),
            "a.csv",
            "kind,number\npjsip,150\n",
        ))
        .await;
    let action = apply_action(&body(response).await);
    app.service
        .create_user(
            "stranger",
            PASSWORD,
            pbx_service::Role::TenantAdmin,
            &Permission::ALL,
            &["OTHER"],
            &[],
        )
        .await
        .unwrap();
    let stranger = app.sign_in("stranger").await;
    let (status, _) = app
        .get(Some(&stranger), "/tenants/CANISTRACCI/imports")
        .await;
    assert_eq!(status, 404);
    let (status, _) = app
        .send(upload(
            Some(&stranger),
            Some(&stranger.csrf),
            "a.csv",
            "kind,number\npjsip,151\n",
        ))
        .await;
    assert_eq!(status, 404);
    let (status, _) = app.post(&stranger, &action, &[], true).await;
    assert_eq!(status, 404);
    let other_action = action.replace("CANISTRACCI", "OTHER");
    let (status, _) = app.post(&stranger, &other_action, &[], true).await;
    assert_eq!(status, 404, "a preview belongs to its tenant");
}

#[tokio::test]
async fn an_upload_with_an_error_shows_line_and_column_and_no_apply_button() {
    let app = app().await;
    let admin = app.admin().await;
    let csv = "kind,number,name,ring_timeout\npjsip,150,Good,30\npjsip,151,<b>Bad</b>,9999\n";
    let (status, response) = app
        .send(upload(Some(&admin), Some(&admin.csrf), "bad.csv", csv))
        .await;
    assert_eq!(status, 200);
    let html = body(response).await;
    assert!(html.contains("id=\"import-errors\""), "{html}");
    assert!(html.contains("<td class=\"c-number\">3</td><td><code>ring_timeout</code></td>"));
    assert!(!html.contains("id=\"apply\""), "no Apply with errors");
    assert!(html.contains("id=\"count-errors\">1<"));
    let (status, html) = app
        .send(upload(Some(&admin), Some(&admin.csrf), "empty.csv", ""))
        .await;
    assert_eq!(status, 422);
    assert!(body(html).await.contains("id=\"upload-problem\""));
}

#[tokio::test]
async fn a_good_upload_applied_creates_the_rows() {
    let app = app().await;
    let admin = app.admin().await;
    let csv = "kind,number,name\npjsip,150,Imported One\nsip,151,Imported Two\nsip,100,Alex Reed\n";
    let (status, response) = app
        .send(upload(Some(&admin), Some(&admin.csrf), "good.csv", csv))
        .await;
    assert_eq!(status, 200);
    let html = body(response).await;
    assert!(html.contains("id=\"count-creates\">2<"), "{html}");
    assert!(html.contains("id=\"apply\""), "{html}");
    let action = apply_action(&html);
    assert!(action.ends_with("/apply"), "{action}");
    let (status, response) = app.post(&admin, &action, &[], true).await;
    assert_eq!(status, 200);
    let html = body(response).await;
    assert!(html.contains("id=\"count-created\">2<"), "{html}");
    assert!(html.contains("href=\"/tenants/CANISTRACCI/extensions\""));
    let (_, list) = app
        .get(Some(&admin), "/tenants/CANISTRACCI/extensions")
        .await;
    assert!(list.contains(">Imported One<") && list.contains(">Imported Two<"));
    let (status, _) = app.post(&admin, &action, &[], true).await;
    assert_eq!(status, 404, "an applied preview is gone");
}

#[tokio::test]
async fn the_import_format_export_keeps_the_filters_and_needs_the_export_permission() {
    let app = app().await;
    let admin = app.admin().await;
    let (_, html) = app
        .get(Some(&admin), "/tenants/CANISTRACCI/extensions?search=sales")
        .await;
    assert!(
        html.contains(
            "href=\"/tenants/CANISTRACCI/extensions/export?search=sales&#38;format=xlsx\""
        ),
        "{html}"
    );
    let (status, response) = app
        .send(
            Request::get("/tenants/CANISTRACCI/extensions/export?search=sales&format=csv")
                .header(header::COOKIE, &admin.cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        response.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains(".csv")
    );
    let csv = body(response).await;
    assert!(
        csv.trim_start_matches('\u{feff}')
            .starts_with("kind,number,")
    );
    assert!(
        csv.contains("Bella Stone") && !csv.contains("Alex Reed"),
        "{csv}"
    );
    let (status, response) = app
        .send(
            Request::get("/tenants/CANISTRACCI/extensions/export?format=xlsx")
                .header(header::COOKIE, &admin.cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, 200);
    let content_type = response.headers()[header::CONTENT_TYPE].to_str().unwrap();
    assert!(content_type.contains("spreadsheetml"), "{content_type}");
    let viewer = app.user("viewer", &[]).await;
    let (status, _) = app
        .get(
            Some(&viewer),
            "/tenants/CANISTRACCI/extensions/export?format=csv",
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_restricted_admin_with_import_sees_the_button_and_may_only_update_their_extensions() {
    let app = app().await;
    app.service
        .create_user(
            "desk",
            PASSWORD,
            pbx_service::Role::RestrictedAdmin,
            &[Permission::Import],
            &["CANISTRACCI"],
            &[("CANISTRACCI", "101")],
        )
        .await
        .unwrap();
    let desk = app.sign_in("desk").await;
    let (_, html) = app
        .get(Some(&desk), "/tenants/CANISTRACCI/extensions")
        .await;
    assert!(
        html.contains("id=\"import\""),
        "the upload button is offered"
    );
    let (status, html) = app.get(Some(&desk), "/tenants/CANISTRACCI/imports").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("id=\"updates-only\""),
        "the page says what is allowed"
    );
    let admin = app.admin().await;
    let (_, html) = app.get(Some(&admin), "/tenants/CANISTRACCI/imports").await;
    assert!(!html.contains("id=\"updates-only\""));
    let (_, response) = app
        .send(upload(
            Some(&desk),
            Some(&desk.csrf),
            "a.csv",
            "number,name\n101,Front desk\n102,Not mine\n",
        ))
        .await;
    let html = body(response).await;
    assert!(html.contains("id=\"import-errors\""), "{html}");
    assert!(
        html.contains("restricted administrators may only update their assigned extensions"),
        "{html}"
    );
    let errors = &html[html.find("id=\"import-errors\"").unwrap()..];
    assert!(errors.contains(">3</td>"), "the error is on line 3");
    assert!(
        !errors.contains(">2</td>"),
        "line 2 (extension 101) is fine"
    );
}
