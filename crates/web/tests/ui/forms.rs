//! The edit forms: create with tenant defaults, validation errors beside
//! their fields with the typed values kept, stale versions, the username
//! swap without JavaScript, the PJSIP pages and bulk create.

use crate::support::*;

#[tokio::test]
async fn every_kind_gets_a_form_with_only_its_settings() {
    let app = app().await;
    let admin = app.admin().await;
    let (_, sip) = app
        .get(Some(&admin), "/tenants/CANISTRACCI/extensions/new?kind=sip")
        .await;
    assert!(sip.contains("name=\"set.trunk\"") && sip.contains("name=\"set.codecs\""));
    assert!(!sip.contains("name=\"set.virtual_members\""));
    let (_, virt) = app
        .get(
            Some(&admin),
            "/tenants/CANISTRACCI/extensions/new?kind=virtual",
        )
        .await;
    assert!(virt.contains("name=\"set.virtual_members\""));
    assert!(!virt.contains("name=\"set.trunk\"") && !virt.contains("id=\"f-username\""));
    // Sections in the spec's order, trunk options marked for the JS toggle.
    let order: Vec<usize> = [
        "section-information",
        "section-trunk",
        "section-nat",
        "section-call",
        "section-security",
        "section-note",
    ]
    .iter()
    .map(|id| sip.find(id).unwrap_or_else(|| panic!("{id}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(sip.contains("data-trunk-option"));
    // References are selects of the tenant's objects.
    assert!(sip.contains(">Default music<"));
}

#[tokio::test]
async fn a_validation_error_keeps_the_typed_values_beside_the_field() {
    let app = app().await;
    let admin = app.admin().await;
    let (status, response) = app
        .post(
            &admin,
            "/tenants/CANISTRACCI/extensions/new",
            &[
                ("kind", "sip"),
                ("number", "300"),
                ("name", "Typed <name>"),
                ("set.ring_timeout", "9999"),
            ],
            true,
        )
        .await;
    assert_eq!(status, 422);
    let html = body(response).await;
    assert!(
        html.contains("value=\"Typed &#60;name&#62;\"")
            || html.contains("value=\"Typed &lt;name&gt;\""),
        "typed name kept"
    );
    assert!(html.contains("value=\"9999\""), "typed number kept");
    let field = html.find("id=\"f-ring_timeout\"").unwrap();
    let error = html[field..].find("must be between 5 and 600").unwrap();
    assert!(error < 600, "the error sits beside its field");
    assert_eq!(
        app.get(Some(&admin), "/tenants/CANISTRACCI/extensions/300")
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn creating_and_editing_saves_and_a_stale_version_is_a_conflict() {
    let app = app().await;
    let admin = app.admin().await;
    let (status, response) = app
        .post(
            &admin,
            "/tenants/CANISTRACCI/extensions/new",
            &[
                ("kind", "custom"),
                ("number", "301"),
                ("name", "Gate"),
                ("set.custom_dial_target", "PJSIP/301@gate"),
            ],
            true,
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(
        location(&response),
        "/tenants/CANISTRACCI/extensions/301?saved=1"
    );
    let edit = |version: &'static str, name: &'static str| {
        vec![
            ("version", version),
            ("name", name),
            ("set.dnd", "no"),
            ("set.dnd", "yes"),
        ]
    };
    let (status, _) = app
        .post(
            &admin,
            "/tenants/CANISTRACCI/extensions/301",
            &edit("1", "Gate A"),
            true,
        )
        .await;
    assert_eq!(status, 303);
    let (_, html) = app
        .get(Some(&admin), "/tenants/CANISTRACCI/extensions/301")
        .await;
    assert!(
        html.contains("value=\"Gate A\"")
            && html.contains("id=\"f-dnd\" name=\"set.dnd\" value=\"yes\" checked")
    );
    let (status, response) = app
        .post(
            &admin,
            "/tenants/CANISTRACCI/extensions/301",
            &edit("1", "Gate B"),
            true,
        )
        .await;
    assert_eq!(status, 409);
    let html = body(response).await;
    assert!(html.contains("id=\"conflict\"") && html.contains("value=\"Gate B\""));
    let (_, html) = app
        .get(Some(&admin), "/tenants/CANISTRACCI/extensions/301")
        .await;
    assert!(
        html.contains("value=\"Gate A\""),
        "never a silent overwrite"
    );
}

#[tokio::test]
async fn the_swap_button_works_without_javascript() {
    let app = app().await;
    let admin = app.admin().await;
    let (status, response) = app
        .post(
            &admin,
            "/tenants/CANISTRACCI/extensions/100",
            &[
                ("version", "1"),
                ("username", "100-CANISTRACCI"),
                ("swap", "1"),
            ],
            true,
        )
        .await;
    assert_eq!(status, 200);
    assert!(body(response).await.contains("value=\"100_CANISTRACCI\""));
}

#[tokio::test]
async fn the_pjsip_endpoint_page_saves_only_its_fields_and_returns_to_the_extension() {
    let app = app().await;
    let admin = app.admin().await;
    let uri = "/tenants/CANISTRACCI/extensions/101/pjsip/endpoint";
    let (_, html) = app.get(Some(&admin), uri).await;
    for key in [
        "direct_media",
        "rewrite_contact",
        "force_rport",
        "rtp_symmetric",
        "rtcp_mux",
        "media_address",
        "dtls_cert_file",
    ] {
        assert!(html.contains(&format!("name=\"set.{key}\"")), "{key}");
    }
    assert!(!html.contains("name=\"set.max_contacts\""));
    let (status, response) = app
        .post(
            &admin,
            uri,
            &[("version", "1"), ("set.media_address", "203.0.113.9")],
            true,
        )
        .await;
    assert_eq!(
        (status, location(&response).as_str()),
        (303, "/tenants/CANISTRACCI/extensions/101?saved=1")
    );
    let (_, html) = app.get(Some(&admin), uri).await;
    assert!(html.contains("value=\"203.0.113.9\""));
    let (_, aor) = app
        .get(
            Some(&admin),
            "/tenants/CANISTRACCI/extensions/101/pjsip/aor",
        )
        .await;
    assert!(aor.contains("name=\"set.max_contacts\"") && !aor.contains("name=\"set.rtcp_mux\""));
    assert_eq!(
        app.get(
            Some(&admin),
            "/tenants/CANISTRACCI/extensions/100/pjsip/aor"
        )
        .await
        .0,
        404
    );
}

#[tokio::test]
async fn bulk_create_previews_then_creates_the_range() {
    let app = app().await;
    let admin = app.admin().await;
    let fields = [
        ("first", "200"),
        ("last", "219"),
        ("kind", "sip"),
        ("name_pattern", "Room {n}"),
    ];
    let mut preview = fields.to_vec();
    preview.push(("step", "preview"));
    let (_, response) = app
        .post(
            &admin,
            "/tenants/CANISTRACCI/extensions/bulk",
            &preview,
            true,
        )
        .await;
    let html = body(response).await;
    assert!(
        html.contains("Preview: 20 extensions")
            && html.contains("Room 219")
            && html.contains("219-CANISTRACCI")
    );
    assert_eq!(
        app.get(Some(&admin), "/tenants/CANISTRACCI/extensions/200")
            .await
            .0,
        404
    );
    let mut create = fields.to_vec();
    create.push(("step", "create"));
    let (_, response) = app
        .post(
            &admin,
            "/tenants/CANISTRACCI/extensions/bulk",
            &create,
            true,
        )
        .await;
    assert!(body(response).await.contains("Created 20 extensions"));
    assert_eq!(
        app.get(Some(&admin), "/tenants/CANISTRACCI/extensions/219")
            .await
            .0,
        200
    );
}
