//! Fast provisioning: the QR link of the Action column appears only for
//! phones of a tenant with a SIP domain and only to who may see secrets;
//! the issued link serves the account once scanned, is audited, and stops
//! working when it expires.

use axum::body::Body;
use axum::http::{Request, header};
use pbx_service::{Actor, Permission};
use serde_json::json;

use crate::support::*;

const PAGE: &str = "/tenants/CANISTRACCI/extensions/101/provisioning";

/// Issues a link as `browser` through the page; returns the link.
async fn issue(app: &App, browser: &Browser) -> String {
    let request = Request::post(PAGE)
        .header(header::COOKIE, &browser.cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "pbx.example.com")
        .header("x-forwarded-proto", "https")
        .body(Body::from(format!("csrf={}", enc(&browser.csrf))))
        .unwrap();
    let (status, response) = app.send(request).await;
    let html = body(response).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("<svg"), "the QR code is on the page");
    let start = html
        .find("https://pbx.example.com/provision/")
        .expect("the link");
    html[start..start + html[start..].find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn a_phone_is_set_up_from_a_short_lived_audited_link() {
    let app = app().await;
    let admin = app.admin().await;
    let (_, html) = app
        .get(Some(&admin), "/tenants/CANISTRACCI/extensions")
        .await;
    assert!(
        html.contains("data-provision"),
        "the demo tenant has a SIP domain"
    );
    let (_, form) = app
        .get(Some(&admin), "/tenants/CANISTRACCI/extensions/101")
        .await;
    assert!(
        form.contains("id=\"provisioning-page-link\""),
        "and the edit page links it"
    );
    let (_, form) = app
        .get(Some(&admin), "/tenants/CANISTRACCI/extensions/108")
        .await;
    assert!(
        !form.contains("id=\"provisioning-page-link\""),
        "not for a virtual extension"
    );
    app.service
        .update_tenant(&Actor::cli(), "CANISTRACCI", &json!({"sip_domain": null}))
        .await
        .unwrap();
    let (_, html) = app
        .get(Some(&admin), "/tenants/CANISTRACCI/extensions")
        .await;
    assert!(
        !html.contains("data-provision"),
        "no SIP domain, no QR link"
    );
    let (_, html) = app.get(Some(&admin), PAGE).await;
    assert!(html.contains("id=\"no-sip-domain\"") && !html.contains("id=\"issue-qr\""));
    let (status, response) = app.post(&admin, PAGE, &[], true).await;
    assert_eq!(status, 400, "the tenant needs a SIP domain first");
    assert!(body(response).await.contains("no SIP domain"));

    app.service
        .update_tenant(
            &Actor::cli(),
            "CANISTRACCI",
            &json!({"sip_domain": "sip.canistracci.example:5061"}),
        )
        .await
        .unwrap();
    let (_, html) = app
        .get(Some(&admin), "/tenants/CANISTRACCI/extensions")
        .await;
    let row = |number: &str| {
        let start = html
            .find(&format!("<tr data-number=\"{number}\">"))
            .unwrap();
        html[start..start + html[start..].find("</tr>").unwrap()].to_owned()
    };
    assert!(row("100").contains("data-provision") && row("101").contains("data-provision"));
    assert!(
        !row("108").contains("data-provision"),
        "a virtual extension has no phone"
    );
    let viewer = app.user("viewer", &[]).await;
    let (_, html) = app
        .get(Some(&viewer), "/tenants/CANISTRACCI/extensions")
        .await;
    assert!(
        !html.contains("data-provision"),
        "only for who may see secrets"
    );
    let (status, _) = app.get(Some(&viewer), PAGE).await;
    assert_eq!(status, 403);
    let (status, _) = app.post(&admin, PAGE, &[], false).await;
    assert_eq!(status, 403, "issuing needs the CSRF token");

    let link = issue(&app, &admin).await;
    let path = link.trim_start_matches("https://pbx.example.com");
    let (status, response) = app
        .send(Request::get(path).body(Body::empty()).unwrap())
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "no-store",
        "never cached on the way"
    );
    let xml = body(response).await;
    let (_, stored) = app
        .service
        .get_extension(&Actor::cli(), "CANISTRACCI", "101")
        .await
        .unwrap();
    let secret = stored.extension.secret.unwrap().expose().to_owned();
    assert!(
        xml.contains(&format!("<entry name=\"passwd\">{secret}</entry>")),
        "{xml}"
    );
    assert!(xml.contains("<entry name=\"username\">101-CANISTRACCI</entry>"));
    assert!(xml.contains("&lt;sip:sip.canistracci.example:5061;transport=udp&gt;"));
    let actions: Vec<String> = app
        .service
        .audit_entries(&Actor::cli(), "CANISTRACCI", Some("101"))
        .await
        .unwrap()
        .into_iter()
        .map(|e| format!("{} {} {}", e.action, e.actor, e.source))
        .collect();
    assert!(
        actions.contains(&"provisioning_link boss web".to_string()),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"provisioned boss provisioning".to_string()),
        "{actions:?}"
    );

    let (status, _) = app
        .send(
            Request::get("/provision/0123456789abcdef")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, 404, "an unknown token");
    sqlx::query("UPDATE provisioning_tokens SET expires_at = 1")
        .execute(&mut *app.service.store().conn().await.unwrap())
        .await
        .unwrap();
    let (status, body) = app
        .send(Request::get(path).body(Body::empty()).unwrap())
        .await;
    assert_eq!(status, 404, "an expired link");
    assert!(!crate::support::body(body).await.contains(&secret));
}

#[tokio::test]
async fn a_permission_without_show_passwords_cannot_issue_even_through_the_service() {
    let app = app().await;
    app.service
        .update_tenant(
            &Actor::cli(),
            "CANISTRACCI",
            &json!({"sip_domain": "sip.example"}),
        )
        .await
        .unwrap();
    let _ = app.user("editor", &[Permission::DeleteExtensions]).await;
    let token = app.service.login("editor", PASSWORD, "api").await.unwrap();
    let editor = app
        .service
        .authenticate(&token.token, pbx_service::Source::Api)
        .await
        .unwrap()
        .0;
    let refused = app
        .service
        .issue_provisioning(&editor, "CANISTRACCI", "101")
        .await
        .unwrap_err();
    assert!(
        matches!(refused, pbx_service::ServiceError::Forbidden(_)),
        "{refused:?}"
    );
    let other = app
        .service
        .issue_provisioning(&Actor::cli(), "CANISTRACCI", "108")
        .await
        .unwrap_err();
    assert!(
        matches!(other, pbx_service::ServiceError::Invalid(_)),
        "a virtual extension"
    );
}
