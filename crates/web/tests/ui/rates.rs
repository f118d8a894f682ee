//! The Rate tables pages: create a table, edit its rates as text with
//! errors by row and column, upload a CSV file (multipart with CSRF),
//! download it, delete; another tenant's administrator gets 404.

use axum::body::Body;
use axum::http::{Request, header};
use pbx_domain::values::ObjectKind;
use pbx_service::Actor;

use crate::support::*;

const BOUNDARY: &str = "pbx-rates-boundary";

fn upload(browser: &Browser, uri: &str, csv: &str) -> Request<Body> {
    let body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"rates.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{BOUNDARY}--\r\n",
        browser.csrf
    );
    Request::post(uri)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::COOKIE, &browser.cookie)
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn an_admin_creates_a_table_edits_uploads_and_downloads_its_rates() {
    let app = app().await;
    let admin = app.admin().await;
    let (status, response) = app
        .post(
            &admin,
            "/tenants/CANISTRACCI/rates",
            &[("name", "Retail"), ("note", "EUR")],
            true,
        )
        .await;
    assert_eq!(status, 303);
    let page = location(&response);
    assert!(page.starts_with("/tenants/CANISTRACCI/rates/"), "{page}");

    let (status, response) = app
        .post(
            &admin,
            &page,
            &[(
                "rates",
                "prefix,per_minute,billing\n44,0.0125,60/60\n4x,1,1\n",
            )],
            true,
        )
        .await;
    assert_eq!(status, 422);
    let html = body(response).await;
    assert!(html.contains("rows[3].prefix"), "{html}");
    assert!(html.contains("4x,1,1"), "the text is kept for correction");

    let (status, _) = app
        .post(
            &admin,
            &page,
            &[("rates", "prefix,per_minute,billing\n44,0.0125,60/60\n")],
            true,
        )
        .await;
    assert_eq!(status, 303);
    let (status, html) = app.get(Some(&admin), &page).await;
    assert_eq!(status, 200);
    assert!(html.contains("0.0125") && html.contains("60/60"), "{html}");

    let (status, _) = app
        .send(upload(
            &admin,
            &format!("{page}/upload"),
            "prefix,description,per_minute\n33,<France>,0.02\n1,US,0.01\n",
        ))
        .await;
    assert_eq!(status, 303);
    let (_, html) = app.get(Some(&admin), &page).await;
    assert!(!html.contains("<France>"), "escaped");
    assert!(
        html.contains("&lt;France&gt;") || html.contains("&#60;France&#62;"),
        "{html}"
    );
    let (status, csv) = app.get(Some(&admin), &format!("{page}/export.csv")).await;
    assert_eq!(status, 200);
    assert!(csv.contains("33,<France>,0.02,0.00,1/1"), "{csv}");

    let (status, html) = app.get(Some(&admin), "/tenants/CANISTRACCI/rates").await;
    assert_eq!(status, 200);
    assert!(html.contains("Retail"));
    let (status, _) = app.post(&admin, &format!("{page}/delete"), &[], true).await;
    assert_eq!(status, 303);
}

#[tokio::test]
async fn a_form_without_the_csrf_token_changes_nothing() {
    let app = app().await;
    let admin = app.admin().await;
    let (status, _) = app
        .post(
            &admin,
            "/tenants/CANISTRACCI/rates",
            &[("name", "Retail")],
            false,
        )
        .await;
    assert_eq!(status, 403);
    let tables = app
        .service
        .list_rate_tables(&Actor::cli(), "CANISTRACCI")
        .await
        .unwrap();
    assert!(tables.is_empty());
}

#[tokio::test]
async fn a_taken_name_is_reported_beside_the_field() {
    let app = app().await;
    let admin = app.admin().await;
    for expected in [303, 422] {
        let (status, response) = app
            .post(
                &admin,
                "/tenants/CANISTRACCI/rates",
                &[("name", "Retail")],
                true,
            )
            .await;
        assert_eq!(status, expected);
        if expected == 422 {
            let html = body(response).await;
            assert!(html.contains("id=\"error-name\""), "{html}");
        }
    }
}

#[tokio::test]
async fn another_tenants_admin_gets_404_for_the_pages_of_a_table() {
    let app = app().await;
    let table = app
        .service
        .create_object(
            &Actor::cli(),
            "CANISTRACCI",
            ObjectKind::RateTable,
            "Retail",
            "",
        )
        .await
        .unwrap();
    pbx_testkit::data::TestUser::tenant_admin("olga", &["OTHER"])
        .create(&app.service)
        .await;
    let olga = app.sign_in("olga").await;
    let page = format!("/tenants/CANISTRACCI/rates/{}", table.id);
    for uri in [
        "/tenants/CANISTRACCI/rates".to_owned(),
        page.clone(),
        format!("{page}/export.csv"),
    ] {
        let (status, _) = app.get(Some(&olga), &uri).await;
        assert_eq!(status, 404, "{uri}");
    }
    let (status, _) = app
        .post(&olga, &page, &[("rates", "prefix,per_minute\n1,1\n")], true)
        .await;
    assert_eq!(status, 404);
    let (status, _) = app
        .post(
            &olga,
            &format!("/tenants/OTHER/rates/{}", table.id),
            &[("rates", "prefix,per_minute\n1,1\n")],
            true,
        )
        .await;
    assert_eq!(status, 404, "the id is not OTHER's");
}
