//! The Tenants pages: every administrator lists the tenants they reach;
//! only super administrators create and change them, with field errors
//! that keep what was typed; names are escaped.

use pbx_service::{Actor, Permission};

use crate::support::*;

#[tokio::test]
async fn a_super_admin_creates_and_changes_tenants_with_field_errors() {
    let app = app().await;
    let boss = app.super_admin().await;
    let (status, html) = app.get(Some(&boss), "/tenants").await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"new-tenant\"") && html.contains("data-code=\"CANISTRACCI\""));
    assert!(
        html.contains("pbx.canistracci.example"),
        "the SIP domain is shown"
    );

    let (status, response) = app
        .post(
            &boss,
            "/tenants/new",
            &[
                ("code", "acme"),
                ("name", "Acme"),
                ("preferred_stack", "pjsip"),
                ("extension_limit", "20"),
                ("sip_domain", "not a host"),
            ],
            true,
        )
        .await;
    assert_eq!(status, 422);
    let html = body(response).await;
    assert!(html.contains("code: must be"), "{html}");
    assert!(html.contains("sip_domain: must be a host name"), "{html}");
    assert!(
        html.contains("value=\"not a host\""),
        "what was typed is kept"
    );

    let (status, response) = app
        .post(
            &boss,
            "/tenants/new",
            &[
                ("code", "ACME"),
                ("name", HOSTILE),
                ("preferred_stack", "chan_sip"),
                ("extension_limit", "20"),
                ("allow_custom_usernames", "yes"),
                ("sip_domain", "sip.acme.example"),
            ],
            true,
        )
        .await;
    assert_eq!(status, 303, "{}", body(response).await);
    let stored = app.service.get_tenant(&Actor::cli(), "ACME").await.unwrap();
    assert_eq!(stored.tenant.extension_limit, 20);
    assert!(stored.tenant.allow_custom_usernames);
    assert_eq!(
        stored.tenant.sip_domain.as_deref(),
        Some("sip.acme.example")
    );
    let (_, html) = app.get(Some(&boss), "/tenants").await;
    assert_escaped(&html);

    let (status, _) = app
        .post(
            &boss,
            "/tenants/ACME/settings",
            &[
                ("name", "Acme Ltd"),
                ("preferred_stack", "pjsip"),
                ("extension_limit", "many"),
                ("sip_domain", ""),
            ],
            true,
        )
        .await;
    assert_eq!(status, 422, "a limit that is not a number");
    let (status, _) = app
        .post(
            &boss,
            "/tenants/ACME/settings",
            &[
                ("name", "Acme Ltd"),
                ("preferred_stack", "pjsip"),
                ("extension_limit", "30"),
                ("sip_domain", ""),
            ],
            true,
        )
        .await;
    assert_eq!(status, 303);
    let stored = app.service.get_tenant(&Actor::cli(), "ACME").await.unwrap();
    assert_eq!(stored.tenant.name.as_str(), "Acme Ltd");
    assert_eq!(stored.tenant.extension_limit, 30);
    assert_eq!(stored.tenant.sip_domain, None, "emptied");
    assert!(!stored.tenant.allow_custom_usernames, "unchecked");
}

#[tokio::test]
async fn a_tenant_admin_lists_only_their_tenants_and_changes_none() {
    let app = app().await;
    let admin = app.user("ana", &Permission::ALL).await;
    let (status, html) = app.get(Some(&admin), "/tenants").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-code=\"CANISTRACCI\""));
    assert!(
        !html.contains("data-code=\"OTHER\""),
        "another tenant is not listed"
    );
    assert!(!html.contains("id=\"new-tenant\"") && !html.contains("/settings\""));
    let (status, _) = app.get(Some(&admin), "/tenants/new").await;
    assert_eq!(status, 403);
    let (status, _) = app.get(Some(&admin), "/tenants/CANISTRACCI/settings").await;
    assert_eq!(status, 403);
    let (status, _) = app.get(Some(&admin), "/tenants/OTHER/settings").await;
    assert_eq!(status, 404);
    let (status, _) = app
        .post(
            &admin,
            "/tenants/CANISTRACCI/settings",
            &[("name", "Taken over"), ("extension_limit", "999")],
            true,
        )
        .await;
    assert_eq!(status, 403);
    let stored = app
        .service
        .get_tenant(&Actor::cli(), "CANISTRACCI")
        .await
        .unwrap();
    assert_eq!(stored.tenant.name.as_str(), "Canistracci Oil");
}
