//! Sign-in security: throttling with Retry-After, TOTP enrolment and
//! sign-in (replay refused, recovery codes once), password expiry, forced
//! change and lock, token listing and revocation.

use serde_json::{Value, json};

use crate::support::*;

async fn sign_in(w: &World, body: Value) -> (u16, axum::http::HeaderMap, Value) {
    w.call("POST", "/api/v1/auth/token", Auth::None, Some(body))
        .await
}

#[tokio::test]
async fn repeated_failures_throttle_the_account_with_retry_after() {
    let w = world().await;
    for _ in 0..pbx_service::login::FREE_FAILURES_PER_PAIR {
        let (status, _, _) = sign_in(
            &w,
            json!({"username": "tenant", "password": "wrong-password-1"}),
        )
        .await;
        assert_eq!(status, 401);
    }
    // Even the right password waits now.
    let (status, headers, body) =
        sign_in(&w, json!({"username": "tenant", "password": PASSWORD})).await;
    assert_eq!(status, 429, "{body}");
    let retry: i64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=pbx_service::login::FIRST_BLOCK_SECS).contains(&retry));
    // The sign-in form answers the same, since the count is in the database.
    let (status, headers, _) = w
        .post_form(
            "/login",
            None,
            &[("username", "tenant"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(status, 403, "the form needs its double-submit token first");
    assert!(headers.get("retry-after").is_none());
    // Other accounts are not affected.
    let (status, _, _) = sign_in(&w, json!({"username": "admin", "password": PASSWORD})).await;
    assert_eq!(status, 200);
}

#[test]
fn the_backoff_doubles_and_is_capped() {
    use pbx_service::login::block_secs;
    assert_eq!(block_secs(4, 5), 0);
    assert_eq!(block_secs(5, 5), 5);
    assert_eq!(block_secs(6, 5), 10);
    assert_eq!(block_secs(100, 5), 900);
}

#[tokio::test]
async fn totp_enrolment_then_sign_in_needs_a_fresh_code_or_a_recovery_code() {
    let w = world().await;
    let token = w.token("tenant").await;
    let (status, _, enrol) = w
        .call("POST", "/api/v1/auth/totp", Auth::Bearer(&token), None)
        .await;
    assert_eq!(status, 200, "{enrol}");
    assert!(enrol["qr_svg"].as_str().unwrap().contains("<svg"));
    assert!(
        enrol["otpauth_url"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/")
    );
    let secret = enrol["secret"].as_str().unwrap().to_owned();
    let (status, _, _) = w
        .call(
            "POST",
            "/api/v1/auth/totp/confirm",
            Auth::Bearer(&token),
            Some(json!({"code": "000000x"})),
        )
        .await;
    assert_eq!(status, 422);
    let code = pbx_service::totp::current_code(&secret).unwrap();
    let (status, _, confirmed) = w
        .call(
            "POST",
            "/api/v1/auth/totp/confirm",
            Auth::Bearer(&token),
            Some(json!({"code": code})),
        )
        .await;
    assert_eq!(status, 200, "{confirmed}");
    let recovery: Vec<String> =
        serde_json::from_value(confirmed["recovery_codes"].clone()).unwrap();
    assert_eq!(recovery.len(), 10);

    let (status, _, body) = sign_in(&w, json!({"username": "tenant", "password": PASSWORD})).await;
    assert_eq!((status, body["otp_required"].clone()), (401, json!(true)));
    // The code that confirmed the enrolment was used: no replay.
    let (status, _, _) = sign_in(
        &w,
        json!({"username": "tenant", "password": PASSWORD, "otp": code}),
    )
    .await;
    assert_eq!(status, 401);
    let (status, _, _) = sign_in(
        &w,
        json!({"username": "tenant", "password": PASSWORD, "otp": recovery[0]}),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _, _) = sign_in(
        &w,
        json!({"username": "tenant", "password": PASSWORD, "otp": recovery[0]}),
    )
    .await;
    assert_eq!(status, 401, "a recovery code works once");
}

#[tokio::test]
async fn a_forced_change_or_an_expired_password_needs_a_new_one_and_a_lock_stops_everything() {
    let w = world().await;
    let admin = w.token("admin").await;
    let old = w.token("tenant").await;
    let (status, _, _) = w
        .call(
            "PATCH",
            "/api/v1/users/tenant",
            Auth::Bearer(&admin),
            Some(json!({"must_change_password": true})),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _, body) = sign_in(&w, json!({"username": "tenant", "password": PASSWORD})).await;
    assert_eq!(
        (status, body["password_change_required"].clone()),
        (403, json!(true))
    );
    let (status, _, _) = sign_in(
        &w,
        json!({"username": "tenant", "password": PASSWORD, "new_password": "short"}),
    )
    .await;
    assert_eq!(status, 422, "the policy applies");
    let (status, _, _) = sign_in(
        &w,
        json!({"username": "tenant", "password": PASSWORD, "new_password": PASSWORD}),
    )
    .await;
    assert_eq!(status, 422, "the new password must differ");
    let new = "Another-horse-77";
    let (status, _, _) = sign_in(
        &w,
        json!({"username": "tenant", "password": PASSWORD, "new_password": new}),
    )
    .await;
    assert_eq!(status, 200);

    let (status, _, _) = w
        .call(
            "PATCH",
            "/api/v1/users/tenant",
            Auth::Bearer(&admin),
            Some(json!({"password_expires_at": 1})),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _, _) = sign_in(&w, json!({"username": "tenant", "password": new})).await;
    assert_eq!(status, 403, "an expired password must be replaced");

    let (status, _, _) = w
        .call(
            "PATCH",
            "/api/v1/users/tenant",
            Auth::Bearer(&admin),
            Some(json!({"locked": true})),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _, _) = w
        .call("GET", "/api/v1/tenants", Auth::Bearer(&old), None)
        .await;
    assert_eq!(status, 401, "a lock ends live tokens");
    let (status, _, _) = sign_in(
        &w,
        json!({"username": "tenant", "password": new, "new_password": "Third-horse-99"}),
    )
    .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn tokens_are_listed_and_revocable_by_their_owner_only() {
    let w = world().await;
    let first = w.token("tenant").await;
    let second = w.token("tenant").await;
    let (status, _, list) = w
        .call("GET", "/api/v1/auth/tokens", Auth::Bearer(&first), None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(list["total"], 2, "{list}");
    assert!(
        !list.to_string().contains(&second),
        "token values are never shown"
    );
    let id = list["items"][1]["id"].as_i64().unwrap();
    let other = w.token("other").await;
    let uri = format!("/api/v1/auth/tokens/{id}");
    let (status, _, _) = w.call("DELETE", &uri, Auth::Bearer(&other), None).await;
    assert_eq!(status, 404, "someone else's token");
    let (status, _, _) = w.call("DELETE", &uri, Auth::Bearer(&first), None).await;
    assert_eq!(status, 204);
    let (status, _, _) = w
        .call("GET", "/api/v1/tenants", Auth::Bearer(&second), None)
        .await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn super_admins_manage_users_and_tenant_admins_only_their_restricted_admins() {
    let w = world().await;
    let admin = w.token("admin").await;
    let tenant = w.token("tenant").await;
    let body = json!({"username": "desk", "password": PASSWORD, "role": "restricted_admin",
        "extensions": ["CANISTRACCI:102"], "permissions": ["export"]});
    let (status, _, created) = w
        .call("POST", "/api/v1/users", Auth::Bearer(&tenant), Some(body))
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["tenants"], json!(["CANISTRACCI"]));
    assert!(created.get("password").is_none() && !created.to_string().contains("argon2"));
    let (_, _, list) = w
        .call("GET", "/api/v1/users", Auth::Bearer(&tenant), None)
        .await;
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["clerk", "desk"]);
    let (status, _, _) = w
        .call(
            "PATCH",
            "/api/v1/users/desk",
            Auth::Bearer(&tenant),
            Some(json!({"role": "tenant_admin"})),
        )
        .await;
    assert_eq!(status, 403, "no promotion beyond restricted admin");
    let (status, _, _) = w
        .call("GET", "/api/v1/users/admin", Auth::Bearer(&tenant), None)
        .await;
    assert_eq!(status, 404);
    let (status, _, _) = w
        .call("DELETE", "/api/v1/users/desk", Auth::Bearer(&admin), None)
        .await;
    assert_eq!(status, 204);
    let (status, _, _) = w
        .call("DELETE", "/api/v1/users/admin", Auth::Bearer(&admin), None)
        .await;
    assert_eq!(status, 403, "nobody deletes their own account");
}
