//! The Web User Panel credentials of an extension: the password is stored
//! as an argon2id hash, never returned in plain text, and verifies.

use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn a_web_password_is_hashed_never_shown_and_verifies() {
    let w = world().await;
    let admin = w.token("admin").await;
    let uri = "/api/v1/tenants/CANISTRACCI/extensions/101";
    let (_, _, current) = w.call("GET", uri, Auth::Bearer(&admin), None).await;
    let body = json!({"version": current["version"], "settings": {"web_user": {
        "web_user": "dana", "web_password": "Panel-pass-123", "web_locked": true,
        "web_force_password_change": true, "web_two_factor": true, "web_ip_filter": ["10.0.0.0/8"]}}});
    let (status, _, changed) = w.call("PATCH", uri, Auth::Bearer(&admin), Some(body)).await;
    assert_eq!(status, 200, "{changed}");
    let (_, _, read) = w.call("GET", uri, Auth::Bearer(&admin), None).await;
    assert!(!read.to_string().contains("Panel-pass-123"));
    assert!(
        !read.to_string().contains("$argon2id$"),
        "the hash is not shown"
    );
    assert_eq!(read["web_password_set"], true, "{read}");
    assert_eq!(read["settings"]["web_user"]["web_user"], "dana");
    let (_, _, log) = w
        .call(
            "GET",
            "/api/v1/tenants/CANISTRACCI/audit?number=101",
            Auth::Bearer(&admin),
            None,
        )
        .await;
    assert!(!log.to_string().contains("Panel-pass-123"));
    let (_, stored) = w
        .service
        .get_extension(&pbx_service::Actor::cli(), "CANISTRACCI", "101")
        .await
        .unwrap();
    let web = &stored.extension.settings.web_user;
    assert!(web.web_password.verify("Panel-pass-123"));
    assert!(!web.web_password.verify("Panel-pass-124"));
    assert!(web.web_locked && web.web_force_password_change && web.web_two_factor);
    let (status, _, _) = w
        .call(
            "PATCH",
            uri,
            Auth::Bearer(&admin),
            Some(json!({"version": read["version"],
            "settings": {"web_user": {"web_ip_filter": ["not an address"]}}})),
        )
        .await;
    assert_eq!(status, 422, "the IP filter is validated");
}
