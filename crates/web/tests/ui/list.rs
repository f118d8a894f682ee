//! The Extensions list: escaping, permissions, tenant isolation, export,
//! preferences and the toolbar actions.

use pbx_service::Permission;

use crate::support::*;

#[tokio::test]
async fn hostile_names_are_escaped_on_every_page_that_shows_them() {
    let app = app().await;
    hostile_name(&app).await;
    let admin = app.admin().await;
    for uri in [
        "/tenants/CANISTRACCI/extensions",
        "/tenants/CANISTRACCI/extensions?mode=grid",
        "/tenants/CANISTRACCI/extensions/100",
    ] {
        let (status, html) = app.get(Some(&admin), uri).await;
        assert_eq!(status, 200, "{uri}");
        assert_escaped(&html);
    }
    let (_, response) = app
        .post(
            &admin,
            "/tenants/CANISTRACCI/extensions/actions",
            &[("action", "delete"), ("numbers", "100")],
            true,
        )
        .await;
    assert_escaped(&body(response).await);
}

#[tokio::test]
async fn the_table_searches_sorts_and_pages_on_the_server() {
    let app = app().await;
    let admin = app.admin().await;
    let (_, html) = app
        .get(
            Some(&admin),
            "/tenants/CANISTRACCI/extensions?search=sales&sort=name&order=desc",
        )
        .await;
    let bella = html.find(">Bella Stone<").unwrap();
    let carl = html.find(">Carl Hughes<").unwrap();
    assert!(carl < bella, "descending by name");
    assert!(!html.contains(">Alex Reed<"));
    // Page 2 of a one-page list goes to the last page, instead of
    // "Showing 11–10 of 10 · Page 2 of 1".
    let request = axum::http::Request::get("/tenants/CANISTRACCI/extensions?per_page=10&page=2")
        .header("cookie", &admin.cookie)
        .body(axum::body::Body::empty())
        .unwrap();
    let (status, response) = app.send(request).await;
    assert_eq!(status, 303);
    let location = response.headers()["location"].to_str().unwrap();
    assert!(!location.contains("page=2"), "{location}");
    let (_, html) = app.get(Some(&admin), location).await;
    assert!(html.contains("Showing 1–10 of 10"), "{html}");
}

#[tokio::test]
async fn buttons_the_user_may_not_use_are_not_shown() {
    let app = app().await;
    let admin = app.admin().await;
    let (_, html) = app
        .get(Some(&admin), "/tenants/CANISTRACCI/extensions")
        .await;
    for id in [
        "new-preferred",
        "bulk",
        "to-pjsip",
        "delete-selected",
        "c-password",
    ] {
        assert!(html.contains(id), "admin sees {id}");
    }
    assert!(
        html.contains(">New PJSIP peer<"),
        "label follows the preferred stack"
    );
    assert!(html.contains("Extensions 10/50"));
    let viewer = app.user("viewer", &[]).await;
    let (_, html) = app
        .get(Some(&viewer), "/tenants/CANISTRACCI/extensions")
        .await;
    for id in [
        "new-preferred",
        "id=\"bulk\"",
        "to-pjsip",
        "delete-selected",
        "c-password",
        "grid-delete",
    ] {
        assert!(!html.contains(id), "viewer must not see {id}");
    }
    let (_, html) = app
        .get(Some(&viewer), "/tenants/CANISTRACCI/extensions/100")
        .await;
    assert!(!html.contains("id=\"delete\""));
    let (status, _) = app
        .post(
            &viewer,
            "/tenants/CANISTRACCI/extensions/delete",
            &[("numbers", "100")],
            true,
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn create_buttons_hide_when_the_tenant_is_full() {
    let app = app().await;
    app.service
        .update_tenant(
            &pbx_service::Actor::cli(),
            "CANISTRACCI",
            &serde_json::json!({"extension_limit": 10}),
        )
        .await
        .unwrap();
    let admin = app.admin().await;
    let (_, html) = app
        .get(Some(&admin), "/tenants/CANISTRACCI/extensions")
        .await;
    assert!(html.contains("Extensions 10/10"));
    assert!(!html.contains("new-preferred") && !html.contains("new-virtual"));
}

#[tokio::test]
async fn other_tenants_pages_are_not_found() {
    let app = app().await;
    let admin = app.user("local", &Permission::ALL).await;
    for uri in [
        "/tenants/OTHER/extensions",
        "/tenants/OTHER/extensions/new?kind=sip",
        "/tenants/OTHER/extensions/bulk",
        "/tenants/OTHER/extensions/export.csv",
        "/tenants/NOPE/extensions/100",
    ] {
        assert_eq!(app.get(Some(&admin), uri).await.0, 404, "{uri}");
    }
}

#[tokio::test]
async fn the_export_holds_the_current_filter_with_formulas_neutralised() {
    let app = app().await;
    hostile_name(&app).await;
    let admin = app.admin().await;
    let (_, stored) = app
        .service
        .get_extension(&pbx_service::Actor::cli(), "CANISTRACCI", "101")
        .await
        .unwrap();
    app.service
        .update_extension(
            &pbx_service::Actor::cli(),
            "CANISTRACCI",
            "101",
            &pbx_service::extensions::ExtensionInput {
                name: Some("=HYPERLINK(\"x\")".into()),
                version: Some(stored.extension.version),
                ..Default::default()
            },
            pbx_service::extensions::Scope::Extension,
        )
        .await
        .unwrap();
    let (status, csv) = app
        .get(
            Some(&admin),
            "/tenants/CANISTRACCI/extensions/export.csv?description=sales",
        )
        .await;
    assert_eq!(status, 200);
    assert!(csv.starts_with("number,name,description,tech,username,password\r\n"));
    assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""));
    assert!(csv.contains("102,Carl Hughes"));
    assert!(
        !csv.contains("Alex") && !csv.contains("104,"),
        "only the filter's rows"
    );
    let (status, page) = app
        .get(
            Some(&admin),
            "/tenants/CANISTRACCI/extensions/export.csv?sort=colour",
        )
        .await;
    assert_eq!(status, 400);
    assert!(
        page.contains("sort:") && !page.contains("FieldError"),
        "a readable field error: {page}"
    );
    let viewer = app.user("viewer", &[]).await;
    assert_eq!(
        app.get(Some(&viewer), "/tenants/CANISTRACCI/extensions/export.csv")
            .await
            .0,
        403
    );
}

#[tokio::test]
async fn the_list_export_is_exactly_the_filtered_rows_as_guarded_crlf_csv() {
    let app = app().await;
    hostile_name(&app).await;
    let cli = pbx_service::Actor::cli();
    for (number, name, description) in [
        ("101", "=HYPERLINK(\"x\")", "-5, \"quoted\""),
        ("102", "'=already quoted", "+44 Sales desk"),
    ] {
        let (_, stored) = app
            .service
            .get_extension(&cli, "CANISTRACCI", number)
            .await
            .unwrap();
        app.service
            .update_extension(
                &cli,
                "CANISTRACCI",
                number,
                &pbx_service::extensions::ExtensionInput {
                    name: Some(name.into()),
                    description: Some(description.into()),
                    version: Some(stored.extension.version),
                    ..Default::default()
                },
                pbx_service::extensions::Scope::Extension,
            )
            .await
            .unwrap();
    }
    let mut secrets = Vec::new();
    for number in ["100", "101", "102"] {
        let (_, stored) = app
            .service
            .get_extension(&cli, "CANISTRACCI", number)
            .await
            .unwrap();
        let secret = stored.extension.secret.map(|s| s.expose().to_owned());
        secrets.push(secret.unwrap_or_default());
    }
    let admin = app.admin().await;
    let (status, csv) = app
        .get(
            Some(&admin),
            "/tenants/CANISTRACCI/extensions/export.csv?number=10&sort=number",
        )
        .await;
    assert_eq!(status, 200);
    let [s100, s101, s102] = &secrets[..] else {
        unreachable!()
    };
    let expected = format!(
        "number,name,description,tech,username,password\r\n\
         100,\"<script>alert(1)</script>\"\"' {{{{x}}}}\",\"<script>alert(1)</script>\"\"' {{{{x}}}}\",SIP,100-CANISTRACCI,{s100}\r\n\
         101,\"'=HYPERLINK(\"\"x\"\")\",\"'-5, \"\"quoted\"\"\",PJSIP,101-CANISTRACCI,{s101}\r\n\
         102,''=already quoted,'+44 Sales desk,PJSIP,102-CANISTRACCI,{s102}\r\n"
    );
    let head: String = csv.lines().take(4).collect::<Vec<_>>().join("\n");
    assert!(csv.starts_with(&expected), "{head}");
}

#[tokio::test]
async fn display_mode_and_hidden_columns_are_remembered_per_user() {
    let app = app().await;
    let admin = app.admin().await;
    let prefs = "/tenants/CANISTRACCI/extensions/prefs";
    app.post(&admin, prefs, &[("mode", "grid")], true).await;
    app.post(
        &admin,
        prefs,
        &[("columns", "1"), ("show", "name"), ("show", "tech")],
        true,
    )
    .await;
    let (_, html) = app
        .get(Some(&admin), "/tenants/CANISTRACCI/extensions")
        .await;
    assert!(
        html.contains("class=\"filter-row\""),
        "grid mode remembered"
    );
    assert!(html.contains("hide-description") && html.contains("hide-username"));
    assert!(!html.contains("hide-name"));
    let other = app.user("other", &[]).await;
    let (_, html) = app
        .get(Some(&other), "/tenants/CANISTRACCI/extensions")
        .await;
    assert!(
        !html.contains("class=\"filter-row\""),
        "another user keeps table mode"
    );
}

#[tokio::test]
async fn changing_the_stack_shows_a_result_per_row() {
    let app = app().await;
    let admin = app.admin().await;
    let (status, response) = app
        .post(
            &admin,
            "/tenants/CANISTRACCI/extensions/actions",
            &[
                ("action", "to_pjsip"),
                ("numbers", "100"),
                ("numbers", "101"),
                ("numbers", "106"),
            ],
            true,
        )
        .await;
    assert_eq!(status, 200);
    let html = body(response).await;
    assert!(html.contains("<strong>100</strong>: changed to PJSIP"));
    assert!(html.contains("<strong>101</strong>: already PJSIP"));
    assert!(html.contains("<strong>106</strong>: custom extensions have no SIP stack"));
}

#[tokio::test]
async fn delete_selected_confirms_with_the_referrers_then_deletes() {
    let app = app().await;
    let admin = app.admin().await;
    let (_, response) = app
        .post(
            &admin,
            "/tenants/CANISTRACCI/extensions/actions",
            &[("action", "delete"), ("numbers", "101")],
            true,
        )
        .await;
    let html = body(response).await;
    assert!(
        html.contains("extension 108 (virtual_members)"),
        "the referrer is listed"
    );
    assert!(html.contains("name=\"force\" value=\"yes\""));
    let (_, response) = app
        .post(
            &admin,
            "/tenants/CANISTRACCI/extensions/delete",
            &[("numbers", "101"), ("force", "yes")],
            true,
        )
        .await;
    assert!(
        body(response)
            .await
            .contains("<strong>101</strong>: deleted")
    );
    assert_eq!(
        app.get(Some(&admin), "/tenants/CANISTRACCI/extensions/101")
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn followed_device_states_colour_the_rows_and_are_served_for_refreshes() {
    use pbx_service::device_status::{DeviceStatus, DeviceStatuses};
    let states = DeviceStatuses::new();
    states.record("ast1", "PJSIP/101-CANISTRACCI", DeviceStatus::InUse);
    states.record("ast1", "SIP/100-CANISTRACCI", DeviceStatus::Unavailable);
    let app = app_with(|service| service.with_device_statuses(states.clone())).await;
    let admin = app.admin().await;
    let (_, html) = app
        .get(Some(&admin), "/tenants/CANISTRACCI/extensions")
        .await;
    assert!(
        html.contains("data-live-status"),
        "the page refreshes the dots"
    );
    let row = |number: &str| {
        let start = html
            .find(&format!("<tr data-number=\"{number}\">"))
            .unwrap();
        html[start..start + html[start..].find("</tr>").unwrap()].to_owned()
    };
    assert!(row("101").contains("status-in_use") && row("101").contains("In a call"));
    assert!(row("100").contains("status-unavailable") && row("100").contains("Not registered"));
    assert!(
        row("102").contains("status-unknown"),
        "a phone nobody reported"
    );
    assert!(
        !row("108").contains("status-slot status-"),
        "a virtual extension has no device"
    );

    let (status, body) = app
        .get(
            Some(&admin),
            "/api/v1/tenants/CANISTRACCI/extensions/device-states?numbers=100,101,108",
        )
        .await;
    assert_eq!(status, 200);
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"followed": true, "states":
            {"100": "unavailable", "101": "in_use", "108": null}})
    );
    let (_, list) = app
        .get(
            Some(&admin),
            "/api/v1/tenants/CANISTRACCI/extensions?search=bella",
        )
        .await;
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(list["device_states"], true);
    assert_eq!(list["items"][0]["device_state"], "in_use");

    let plain = app_with(|service| service).await;
    let admin = plain.admin().await;
    let (_, html) = plain
        .get(Some(&admin), "/tenants/CANISTRACCI/extensions")
        .await;
    assert!(!html.contains("data-live-status") && !html.contains("status-unknown"));
}

#[tokio::test]
async fn secrets_are_not_in_the_page_and_each_reveal_is_audited() {
    let app = app().await;
    let admin = app.admin().await;
    let (_, html) = app
        .get(Some(&admin), "/tenants/CANISTRACCI/extensions")
        .await;
    let (_, stored) = app
        .service
        .get_extension(&pbx_service::Actor::cli(), "CANISTRACCI", "100")
        .await
        .unwrap();
    let secret = stored.extension.secret.unwrap().expose().to_owned();
    assert!(html.contains("data-secret"), "the eye is offered");
    assert!(!html.contains(&secret), "no secret in the list page");

    let uri = "/api/v1/tenants/CANISTRACCI/extensions/100/secret";
    let (status, body) = app.get(Some(&admin), uri).await;
    assert_eq!(status, 200);
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["secret"], secret.as_str());
    let audit = app
        .service
        .audit_entries(&pbx_service::Actor::cli(), "CANISTRACCI", Some("100"))
        .await
        .unwrap();
    assert_eq!(audit[0].action, "reveal_secret");
    assert_eq!(audit[0].actor, "boss");
    let (_, body) = app
        .get(
            Some(&admin),
            "/api/v1/tenants/CANISTRACCI/extensions/108/secret",
        )
        .await;
    assert_eq!(body, r#"{"secret":null}"#, "a virtual extension has none");

    let viewer = app.user("viewer", &[]).await;
    let (status, _) = app.get(Some(&viewer), uri).await;
    assert_eq!(status, 403);
    let (status, list) = app
        .get(
            Some(&admin),
            "/api/v1/tenants/CANISTRACCI/extensions?secrets=false",
        )
        .await;
    assert_eq!(status, 200, "{list}");
    let items: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(items["items"][0]["username"], "100-CANISTRACCI");
    assert!(
        items["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i.get("secret").is_none()),
        "the grid's request leaves secrets out"
    );
    let (_, list) = app
        .get(Some(&admin), "/api/v1/tenants/CANISTRACCI/extensions")
        .await;
    assert!(
        list.contains(&secret),
        "API clients still get them by default"
    );
}
