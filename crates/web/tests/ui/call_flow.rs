//! The call-flow page: sign-in, visibility like reading the extension,
//! escaping, virtual members, and the simulation highlighting the path.

use pbx_service::{Permission, Role};

use crate::support::*;

const FLOW: &str = "/tenants/CANISTRACCI/extensions/108/call-flow";

#[tokio::test]
async fn the_call_flow_page_needs_a_session_and_is_linked_from_the_list_and_the_edit_page() {
    let app = app().await;
    let (status, _) = app.get(None, FLOW).await;
    assert_eq!(status, 303);
    let admin = app.admin().await;
    for uri in [
        "/tenants/CANISTRACCI/extensions",
        "/tenants/CANISTRACCI/extensions?mode=grid",
        "/tenants/CANISTRACCI/extensions/108",
    ] {
        let (_, html) = app.get(Some(&admin), uri).await;
        assert!(
            html.contains("href=\"/tenants/CANISTRACCI/extensions/108/call-flow\""),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn another_tenant_or_an_unassigned_extension_is_not_found() {
    let app = app().await;
    app.service
        .create_user(
            "stranger",
            PASSWORD,
            Role::TenantAdmin,
            &Permission::ALL,
            &["OTHER"],
            &[],
        )
        .await
        .unwrap();
    app.service
        .create_user(
            "desk",
            PASSWORD,
            Role::RestrictedAdmin,
            &[],
            &["CANISTRACCI"],
            &[("CANISTRACCI", "101")],
        )
        .await
        .unwrap();
    for name in ["stranger", "desk"] {
        let browser = app.sign_in(name).await;
        let (status, _) = app.get(Some(&browser), FLOW).await;
        assert_eq!(status, 404, "{name}");
        let (status, _) = app
            .get(
                Some(&browser),
                "/tenants/CANISTRACCI/extensions/101/call-flow",
            )
            .await;
        assert_eq!(status, if name == "desk" { 200 } else { 404 }, "{name}");
    }
}

#[tokio::test]
async fn a_virtual_extension_shows_its_members_and_hostile_names_are_escaped() {
    let app = app().await;
    hostile_name(&app).await;
    let admin = app.admin().await;
    let (status, html) = app
        .get(
            Some(&admin),
            "/tenants/CANISTRACCI/extensions/100/call-flow",
        )
        .await;
    assert_eq!(status, 200);
    assert_escaped(&html);
    let (status, html) = app.get(Some(&admin), FLOW).await;
    assert_eq!(status, 200);
    for member in ["100", "101", "102", "103", "104", "105"] {
        assert!(
            html.contains(&format!("data-member=\"{member}\"")),
            "member {member}"
        );
    }
    assert!(html.contains("Ring the members"));
    assert!(
        html.contains("Condition: "),
        "the office-hours check is shown"
    );
    assert!(html.contains("data-branch=\"busy\""));
    assert!(
        !html.contains("data-state="),
        "nothing highlighted without a simulation"
    );
}

#[tokio::test]
async fn the_simulation_highlights_the_busy_branch() {
    let app = app().await;
    let admin = app.admin().await;
    // 101 rings, then a busy device sends the call down the busy branch.
    let (status, html) = app
        .get(
            Some(&admin),
            "/tenants/CANISTRACCI/extensions/101/call-flow?at=2026-11-26T10%3A00&state=busy",
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        html.contains("data-branch=\"busy\" data-state=\"taken\""),
        "{html}"
    );
    assert!(html.contains("data-branch=\"no_answer\" data-state=\"unreached\""));
    assert!(html.contains("id=\"simulate-result\""));
    assert!(html.contains("<option value=\"busy\" selected>"));
    let (_, html) = app
        .get(
            Some(&admin),
            "/tenants/CANISTRACCI/extensions/101/call-flow",
        )
        .await;
    assert!(
        html.contains("<option value=\"available\" selected>"),
        "the form starts with the usual call, not Busy"
    );
    let (status, html) = app
        .get(
            Some(&admin),
            "/tenants/CANISTRACCI/extensions/101/call-flow?at=tomorrow&state=asleep",
        )
        .await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"simulate-errors\""));
    assert!(!html.contains("data-state="));
}
