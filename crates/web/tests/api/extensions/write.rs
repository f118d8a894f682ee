//! Create, show, replace, patch and delete of one extension: validation as
//! problem+json, optimistic versions, references.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::{ADMIN_PASSWORD, ApiCalls, app};

#[tokio::test]
async fn bad_input_is_a_problem_with_one_entry_per_field_and_never_a_500() {
    let app = app().await;
    let token = app.token_with("admin", ADMIN_PASSWORD).await;
    let uri = "/api/v1/tenants/CANISTRACCI/extensions";
    let bodies = [
        ("{not json", "body"),
        ("[]", "body"),
        (r#"{"kind":"pjsip","number":"12a"}"#, "number"),
        (r#"{"kind":"fax","number":"300"}"#, "kind"),
        (
            r#"{"kind":"pjsip","number":"300","colour":"red"}"#,
            "colour",
        ),
        (
            r#"{"kind":"pjsip","number":"300","secret":"short"}"#,
            "secret",
        ),
        (
            r#"{"kind":"pjsip","number":"300","secret":"abcdefgh300xyz"}"#,
            "secret",
        ),
        (
            r#"{"kind":"pjsip","number":"300","settings":{"nat":{"qualify_frequency":0}}}"#,
            "settings.nat.qualify_frequency",
        ),
        (
            r#"{"kind":"sip","number":"300","settings":{"pjsip_aor":{"max_contacts":2}}}"#,
            "settings.pjsip_aor.max_contacts",
        ),
        (
            r#"{"kind":"pjsip","number":"300","name":"line\nbreak"}"#,
            "name",
        ),
        (
            r#"{"kind":"custom","number":"300"}"#,
            "settings.security.custom_dial_target",
        ),
        (
            r#"{"kind":"virtual","number":"300","settings":{"information":{"virtual_members":["999"]}}}"#,
            "settings.information.virtual_members",
        ),
        (r#"{"kind":"pjsip","number":"100"}"#, "number"),
    ];
    for (body, field) in bodies {
        let (status, content_type, problem) =
            app.call(Method::POST, uri, Some(&token), Some(body)).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {problem}"
        );
        assert_eq!(content_type, "application/problem+json");
        let fields: Vec<&str> = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert!(
            fields.contains(&field),
            "{body}: expected {field} in {fields:?}"
        );
    }
    let (_, _, page) = app.call(Method::GET, uri, Some(&token), None).await;
    assert_eq!(page["total"], 10, "nothing was created by bad input");
}

#[tokio::test]
async fn an_update_must_carry_the_current_version() {
    let app = app().await;
    let token = app.token_with("admin", ADMIN_PASSWORD).await;
    let uri = "/api/v1/tenants/CANISTRACCI/extensions/101";
    let (_, _, current) = app.call(Method::GET, uri, Some(&token), None).await;
    let version = current["version"].as_i64().unwrap();
    let body = json!({"name": "Bella S.", "version": version}).to_string();
    let (status, _, updated) = app
        .call(Method::PATCH, uri, Some(&token), Some(&body))
        .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["version"], version + 1);
    let stale = json!({"name": "Someone else", "version": version}).to_string();
    let (status, _, _) = app
        .call(Method::PATCH, uri, Some(&token), Some(&stale))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, _, after) = app.call(Method::GET, uri, Some(&token), None).await;
    assert_eq!(after["name"], "Bella S.");
}

#[tokio::test]
async fn a_put_of_exactly_what_get_returned_is_accepted_and_changes_nothing() {
    let app = app().await;
    let token = app.token_with("admin", ADMIN_PASSWORD).await;
    // A SIP phone, a PJSIP phone with settings, a custom and a virtual
    // extension: each document holds settings of other kinds too.
    for number in ["100", "105", "106", "108"] {
        let uri = format!("/api/v1/tenants/CANISTRACCI/extensions/{number}");
        let (_, _, before) = app.call(Method::GET, &uri, Some(&token), None).await;
        let body = before.to_string();
        let (status, _, saved) = app.call(Method::PUT, &uri, Some(&token), Some(&body)).await;
        assert_eq!(status, StatusCode::OK, "{number}: {saved}");
        let (_, _, after) = app.call(Method::GET, &uri, Some(&token), None).await;
        let mut expected = before.clone();
        expected["version"] = json!(before["version"].as_i64().unwrap() + 1);
        assert_eq!(after, expected, "{number}");
    }
}

#[tokio::test]
async fn a_put_returns_unsent_fields_to_their_defaults_where_a_patch_keeps_them() {
    let app = app().await;
    let token = app.token_with("admin", ADMIN_PASSWORD).await;
    let uri = "/api/v1/tenants/CANISTRACCI/extensions/105";
    let set = json!({"version": 1, "settings": {
        "call_groups": "1,3", "web_password": "A long web password 7"}});
    let (status, _, before) = app
        .call(Method::PATCH, uri, Some(&token), Some(&set.to_string()))
        .await;
    assert_eq!(status, StatusCode::OK, "{before}");
    assert_eq!(before["settings"]["security"]["media_encryption"], "sdes");
    let version = before["version"].as_i64().unwrap();
    let body = json!({"version": version, "name": "Fay C.", "settings": {"dnd": true}}).to_string();
    let (status, _, patched) = app
        .call(Method::PATCH, uri, Some(&token), Some(&body))
        .await;
    assert_eq!(status, StatusCode::OK, "{patched}");
    assert_eq!(
        patched["description"], "Accounts",
        "PATCH keeps what is not sent"
    );
    assert_eq!(patched["settings"]["security"]["media_encryption"], "sdes");
    let body =
        json!({"version": version + 1, "name": "Fay C.", "settings": {"dnd": true}}).to_string();
    let (status, _, replaced) = app.call(Method::PUT, uri, Some(&token), Some(&body)).await;
    assert_eq!(status, StatusCode::OK, "{replaced}");
    assert_eq!(replaced["name"], "Fay C.");
    assert_eq!(
        replaced["description"], "",
        "PUT: an unsent field is back to its default"
    );
    assert_eq!(replaced["settings"]["information"]["dnd"], true);
    assert_eq!(
        replaced["settings"]["information"]["call_groups"],
        json!([])
    );
    assert_eq!(replaced["settings"]["security"]["media_encryption"], "no");
    assert_eq!(replaced["settings"]["security"]["transport"], "udp");
    assert_eq!(
        replaced["settings"]["inbound"]["block_caller_id_number"],
        false
    );
    assert_eq!(replaced["username"], before["username"]);
    assert_eq!(
        replaced["secret"], before["secret"],
        "the SIP secret is write-only: kept"
    );
    assert_eq!(replaced["web_password_set"], true, "so is the web password");
}

#[tokio::test]
async fn deleting_a_referenced_extension_needs_force() {
    let app = app().await;
    let token = app.token_with("admin", ADMIN_PASSWORD).await;
    let uri = "/api/v1/tenants/CANISTRACCI/extensions/101";
    let (status, _, problem) = app.call(Method::DELETE, uri, Some(&token), None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let referrers: Vec<&str> = problem["referrers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_str().unwrap())
        .collect();
    assert!(referrers.contains(&"108"), "{problem}");
    let (status, _, _) = app
        .call(
            Method::DELETE,
            &format!("{uri}?force=true"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _, _) = app.call(Method::GET, uri, Some(&token), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
