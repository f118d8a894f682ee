//! Real answers of the API, through the real router, checked against the
//! OpenAPI document the server serves: every status is documented for its
//! route, its content type is one the route declares, and every JSON body
//! (answers and what the test sends) validates against the declared JSON
//! Schema. The walk ends by checking that every API route was seen
//! succeeding, so a new route needs a call here.

mod checked;
mod recording;

use checked::{ADMIN_PASSWORD, Checked, Sent};
use pbx_service::Actor;
use serde_json::json;

const T: &str = "/api/v1/tenants/{code}";
const E: &str = "/api/v1/tenants/{code}/extensions";
const N: &str = "/api/v1/tenants/{code}/extensions/{number}";

#[tokio::test]
async fn every_api_route_answers_what_the_openapi_document_declares() {
    let mut c = Checked::new().await;
    let t = "/api/v1/tenants/CANISTRACCI";
    let e = "/api/v1/tenants/CANISTRACCI/extensions";

    // Meta, tenants, users.
    c.get("/healthz", "/healthz").await;
    c.get("/api/v1/tenants", "/api/v1/tenants").await;
    let (status, _) = c
        .send(
            "POST",
            "/api/v1/tenants",
            "/api/v1/tenants",
            json!({"code": "SCHEMA", "name": "Schema"}),
        )
        .await;
    assert_eq!(status, 201);
    c.get(T, t).await;
    let change = json!({"sip_domain": "sip.example"});
    let (status, _) = c.send("PATCH", T, t, change).await;
    assert_eq!(status, 200);
    c.get("/api/v1/users", "/api/v1/users").await;
    let user = json!({"username": "clerk", "password": "clerk password 1", "role": "restricted_admin",
                      "tenants": ["CANISTRACCI"], "extensions": ["CANISTRACCI:100"]});
    let (status, _) = c.send("POST", "/api/v1/users", "/api/v1/users", user).await;
    assert_eq!(status, 201);
    c.get("/api/v1/users/{username}", "/api/v1/users/clerk")
        .await;
    let (status, _) = c
        .send(
            "PATCH",
            "/api/v1/users/{username}",
            "/api/v1/users/clerk",
            json!({"locked": true}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = c
        .call(
            "DELETE",
            "/api/v1/users/{username}",
            "/api/v1/users/clerk",
            Sent::Nothing,
        )
        .await;
    assert_eq!(status, 204);

    // Extensions: every kind read, created, patched, replaced with what was
    // read, listed; the bodies sent are checked against the request schemas.
    c.get(E, e).await;
    c.get(E, &format!("{e}?secrets=false&per_page=3")).await;
    for number in ["100", "101", "106", "108"] {
        let read = c.get(N, &format!("{e}/{number}")).await;
        let (status, replaced) = c
            .send("PUT", N, &format!("{e}/{number}"), read.clone())
            .await;
        assert_eq!(status, 200, "{replaced}");
    }
    let create = json!({"kind": "pjsip", "number": "150", "name": "Schema", "secret": "a-long-secret-1234",
                        "settings": {"call": {"tx_volume": 2, "in_directory": false}, "dtmf_mode": "rfc4733"}});
    let (status, created) = c.send("POST", E, e, create).await;
    assert_eq!(status, 201, "{created}");
    let patch = json!({"version": created["version"], "name": "Schema 2"});
    let (status, _) = c.send("PATCH", N, &format!("{e}/150"), patch).await;
    assert_eq!(status, 200);
    // Lock, read and unlock 150.
    let lock = "/api/v1/tenants/{code}/extensions/{number}/lock";
    let (status, locked) = c
        .send(
            "PUT",
            lock,
            &format!("{e}/150/lock"),
            json!({"reason": "schema walk"}),
        )
        .await;
    assert_eq!(status, 200, "{locked}");
    assert_eq!(
        c.get(lock, &format!("{e}/150/lock")).await["lock"]["reason"],
        "schema walk"
    );
    let (status, unlocked) = c
        .call("DELETE", lock, &format!("{e}/150/lock"), Sent::Nothing)
        .await;
    assert_eq!((status, unlocked["unlocked"].clone()), (200, json!(true)));
    let (status, invalid) = c
        .call(
            "PATCH",
            N,
            &format!("{e}/150"),
            Sent::Invalid(json!({"version": 1, "name": 5})),
        )
        .await;
    assert!(status == 422 || status == 409, "{invalid}");
    let (status, _) = c.call("GET", N, &format!("{e}/999"), Sent::Nothing).await;
    assert_eq!(status, 404);
    c.get(&format!("{N}/references"), &format!("{e}/100/references"))
        .await;
    c.get(&format!("{N}/secret"), &format!("{e}/101/secret"))
        .await;
    c.get(&format!("{N}/call-flow"), &format!("{e}/100/call-flow"))
        .await;
    c.get(
        &format!("{N}/call-flow"),
        &format!("{e}/100/call-flow?at=2026-11-26T21:00&state=busy"),
    )
    .await;
    c.get(
        &format!("{E}/device-states"),
        &format!("{e}/device-states?numbers=100,101"),
    )
    .await;
    for page in ["endpoint", "aor"] {
        let path = format!("{N}/pjsip/{page}");
        let uri = format!("{e}/101/pjsip/{page}");
        let read = c.get(&path, &uri).await;
        let (status, saved) = c
            .send(
                "PUT",
                &path,
                &uri,
                json!({"version": read["version"], "settings": read["settings"]}),
            )
            .await;
        assert_eq!(status, 200, "{saved}");
    }
    let (status, _) = c
        .call(
            "GET",
            &format!("{E}/export"),
            &format!("{e}/export"),
            Sent::Nothing,
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = c
        .call(
            "GET",
            &format!("{E}/export"),
            &format!("{e}/export?format=xlsx&numbers=100"),
            Sent::Nothing,
        )
        .await;
    assert_eq!(status, 200);

    // Bulk actions.
    let bulk = json!({"first": "160", "last": "161", "kind": "sip", "preview": true});
    let (status, _) = c
        .send(
            "POST",
            &format!("{E}/bulk-create"),
            &format!("{e}/bulk-create"),
            bulk,
        )
        .await;
    assert_eq!(status, 200);
    let bulk = json!({"first": "160", "last": "161", "kind": "sip"});
    let (status, _) = c
        .send(
            "POST",
            &format!("{E}/bulk-create"),
            &format!("{e}/bulk-create"),
            bulk,
        )
        .await;
    assert_eq!(status, 200);
    let stack = json!({"numbers": ["160", "999"], "target": "pjsip"});
    let (status, _) = c
        .send(
            "POST",
            &format!("{E}/bulk-change-stack"),
            &format!("{e}/bulk-change-stack"),
            stack,
        )
        .await;
    assert_eq!(status, 200);
    let delete = json!({"numbers": ["160", "100"], "force": false});
    let (status, _) = c
        .send(
            "POST",
            &format!("{E}/bulk-delete"),
            &format!("{e}/bulk-delete"),
            delete,
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = c
        .call("DELETE", N, &format!("{e}/161?force=true"), Sent::Nothing)
        .await;
    assert_eq!(status, 204);

    // Objects, the audit log, imports.
    c.get(&format!("{T}/objects"), &format!("{t}/objects"))
        .await;
    let object = json!({"kind": "language", "name": "Schema", "value": "en"});
    let (status, created) = c
        .send(
            "POST",
            &format!("{T}/objects"),
            &format!("{t}/objects"),
            object,
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    let change = json!({"name": "Schema 2", "value": "fr"});
    let (status, _) = c
        .send(
            "PATCH",
            &format!("{T}/objects/{{id}}"),
            &format!("{t}/objects/{id}"),
            change,
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = c
        .call(
            "DELETE",
            &format!("{T}/objects/{{id}}"),
            &format!("{t}/objects/{id}"),
            Sent::Nothing,
        )
        .await;
    assert_eq!(status, 204);
    // Rate tables: create, import, rates, export, delete.
    let (status, table) = c
        .send(
            "POST",
            &format!("{T}/rate-tables"),
            &format!("{t}/rate-tables"),
            json!({"name": "Schema rates", "note": "EUR"}),
        )
        .await;
    assert_eq!(status, 201, "{table}");
    let id = table["id"].as_i64().unwrap();
    let csv = "prefix,per_minute,billing\n44,0.0125,60/60\n"
        .as_bytes()
        .to_vec();
    let (status, _) = c
        .call(
            "POST",
            &format!("{T}/rate-tables/{{id}}/import"),
            &format!("{t}/rate-tables/{id}/import"),
            Sent::Raw("text/csv", csv),
        )
        .await;
    assert_eq!(status, 200);
    c.get(&format!("{T}/rate-tables"), &format!("{t}/rate-tables"))
        .await;
    let rates = c
        .get(
            &format!("{T}/rate-tables/{{id}}/rates"),
            &format!("{t}/rate-tables/{id}/rates"),
        )
        .await;
    let (status, _) = c
        .send(
            "PUT",
            &format!("{T}/rate-tables/{{id}}/rates"),
            &format!("{t}/rate-tables/{id}/rates"),
            json!({"rates": rates["rates"]}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = c
        .call(
            "GET",
            &format!("{T}/rate-tables/{{id}}/export"),
            &format!("{t}/rate-tables/{id}/export"),
            Sent::Nothing,
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = c
        .call(
            "DELETE",
            &format!("{T}/rate-tables/{{id}}"),
            &format!("{t}/rate-tables/{id}"),
            Sent::Nothing,
        )
        .await;
    assert_eq!(status, 204);
    c.get(&format!("{T}/audit"), &format!("{t}/audit")).await;
    c.get(&format!("{T}/audit"), &format!("{t}/audit?number=150"))
        .await;
    let (status, _) = c
        .call(
            "GET",
            &format!("{T}/audit"),
            &format!("{t}/audit?format=csv"),
            Sent::Nothing,
        )
        .await;
    assert_eq!(status, 200);
    // Call records and spend (none yet: the shapes are still checked).
    c.get(
        &format!("{T}/calls"),
        &format!("{t}/calls?direction=outbound"),
    )
    .await;
    c.get(
        &format!("{T}/calls/spend"),
        &format!("{t}/calls/spend?days=7"),
    )
    .await;
    let csv = b"kind,number,name\nsip,170,Ann\n".to_vec();
    let (status, preview) = c
        .call(
            "POST",
            &format!("{T}/imports"),
            &format!("{t}/imports"),
            Sent::Raw("text/csv", csv),
        )
        .await;
    assert_eq!(status, 200, "{preview}");
    let id = preview["id"]
        .as_str()
        .map_or_else(|| preview["id"].to_string(), str::to_owned);
    let (status, applied) = c
        .call(
            "POST",
            &format!("{T}/imports/{{id}}/apply"),
            &format!("{t}/imports/{id}/apply"),
            Sent::Nothing,
        )
        .await;
    assert_eq!(status, 200, "{applied}");

    // Nodes.
    c.get("/api/v1/nodes", "/api/v1/nodes").await;
    let node =
        json!({"name": "ast1", "output_dir": "/tmp/pbx-schema-test", "ami_secret": "s3cret-ami"});
    let (status, created) = c.send("POST", "/api/v1/nodes", "/api/v1/nodes", node).await;
    assert_eq!(status, 201, "{created}");
    c.get("/api/v1/nodes/{name}", "/api/v1/nodes/ast1").await;
    let change = json!({"realm": "schema.example", "version": created["version"]});
    let (status, changed) = c
        .send(
            "PATCH",
            "/api/v1/nodes/{name}",
            "/api/v1/nodes/ast1",
            change,
        )
        .await;
    assert_eq!(status, 200, "{changed}");
    let spool = c.app.dir().join("spool");
    let id = recording::seed_recorded_call(&c.app.service, "CANISTRACCI", "ast1", &spool).await;
    let (status, _) = c
        .call(
            "GET",
            &format!("{T}/calls/{{id}}/recording"),
            &format!("{t}/calls/{id}/recording"),
            Sent::Nothing,
        )
        .await;
    assert_eq!(status, 200);
    c.get(
        "/api/v1/nodes/{name}/render",
        "/api/v1/nodes/ast1/render?tenant=CANISTRACCI",
    )
    .await;
    let (status, _) = c
        .call(
            "DELETE",
            "/api/v1/nodes/{name}",
            "/api/v1/nodes/ast1",
            Sent::Nothing,
        )
        .await;
    assert_eq!(status, 204);

    // Mail: a mail that failed (no server yet), the settings, a test mail
    // to a server that is not there, the queue and a retry.
    let failing = pbx_service::mail::MailerConfig {
        max_attempts: 1,
        ..pbx_service::mail::MailerConfig::default()
    };
    for (tenant, base) in [
        (None, "/api/v1/mail".to_owned()),
        (
            Some("CANISTRACCI"),
            "/api/v1/tenants/CANISTRACCI/mail".to_owned(),
        ),
    ] {
        let template = if tenant.is_some() {
            "/api/v1/tenants/{code}/mail"
        } else {
            "/api/v1/mail"
        };
        let to = pbx_service::mail::Recipient::parse("ops@example.com").unwrap();
        let test = pbx_service::mail::TestMail {
            at: "now".into(),
            server: "none".into(),
            scope: "schema".into(),
        };
        let mail = pbx_service::mail::Mail::test(to, &test).unwrap();
        let id = c.app.service.queue_mail(tenant, mail).await.unwrap();
        if tenant.is_none() {
            pbx_service::mail::deliver_due(&c.app.service, &failing)
                .await
                .unwrap();
        }
        c.get(&format!("{template}/settings"), &format!("{base}/settings"))
            .await;
        let port = pbx_testkit::smtp::free_port();
        let settings = json!({"host": "127.0.0.1", "port": port, "security": "none",
            "sender": "pbx@example.com", "username": "u", "password": "smtp-s3cret"});
        let (status, stored) = c
            .send(
                "PUT",
                &format!("{template}/settings"),
                &format!("{base}/settings"),
                settings,
            )
            .await;
        assert_eq!(status, 200, "{stored}");
        assert!(!stored.to_string().contains("smtp-s3cret"));
        let (status, result) = c
            .send(
                "POST",
                &format!("{template}/test"),
                &format!("{base}/test"),
                json!({"to": "ops@example.com"}),
            )
            .await;
        assert_eq!(status, 200, "{result}");
        assert_eq!(result["delivered"], false);
        let queue = c
            .get(&format!("{template}/queue"), &format!("{base}/queue"))
            .await;
        assert!(queue["total"].as_i64().unwrap() >= 1);
        if tenant.is_some() {
            pbx_service::mail::deliver_due(&c.app.service, &failing)
                .await
                .unwrap();
        }
        let (status, retried) = c
            .call(
                "POST",
                &format!("{template}/queue/{{id}}/retry"),
                &format!("{base}/queue/{id}/retry"),
                Sent::Nothing,
            )
            .await;
        assert_eq!(status, 200, "{retried}");
    }
    let (status, _) = c
        .call(
            "DELETE",
            "/api/v1/tenants/{code}/mail/settings",
            "/api/v1/tenants/CANISTRACCI/mail/settings",
            Sent::Nothing,
        )
        .await;
    assert_eq!(status, 200);

    // Provisioning (the link's token is the credential).
    let link = c
        .app
        .service
        .issue_provisioning(&Actor::cli(), "SCHEMA", "100")
        .await;
    let link = match link {
        Ok(link) => link,
        Err(_) => {
            let body = json!({"sip_domain": "sip.example"});
            c.app
                .service
                .update_tenant(&Actor::cli(), "CANISTRACCI", &body)
                .await
                .unwrap();
            c.app
                .service
                .issue_provisioning(&Actor::cli(), "CANISTRACCI", "101")
                .await
                .unwrap()
        }
    };
    let (status, _) = c
        .call(
            "GET",
            "/provision/{token}",
            &format!("/provision/{}", link.token),
            Sent::Nothing,
        )
        .await;
    assert_eq!(status, 200);

    // The caller's own account, last: a password change revokes the token.
    c.get("/api/v1/auth/tokens", "/api/v1/auth/tokens").await;
    let (status, enrolment) = c
        .call(
            "POST",
            "/api/v1/auth/totp",
            "/api/v1/auth/totp",
            Sent::Nothing,
        )
        .await;
    assert_eq!(status, 200, "{enrolment}");
    let (status, _) = c
        .send(
            "POST",
            "/api/v1/auth/totp/confirm",
            "/api/v1/auth/totp/confirm",
            json!({"code": "000000"}),
        )
        .await;
    assert!(status == 422 || status == 403 || status == 401, "{status}");
    let code = pbx_service::totp::current_code(enrolment["secret"].as_str().unwrap()).unwrap();
    let (status, codes) = c
        .send(
            "POST",
            "/api/v1/auth/totp/confirm",
            "/api/v1/auth/totp/confirm",
            json!({"code": code}),
        )
        .await;
    assert_eq!(status, 200, "{codes}");
    let tokens = c.get("/api/v1/auth/tokens", "/api/v1/auth/tokens").await;
    let spare =
        json!({"username": "admin", "password": ADMIN_PASSWORD, "otp": codes["recovery_codes"][0]});
    let (status, _) = c
        .send("POST", "/api/v1/auth/token", "/api/v1/auth/token", spare)
        .await;
    assert_eq!(status, 200);
    let id = tokens["items"][0]["id"].as_i64().unwrap();
    let others: Vec<i64> = c.get("/api/v1/auth/tokens", "/api/v1/auth/tokens").await["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["id"].as_i64())
        .filter(|other| *other != id)
        .collect();
    let (status, _) = c
        .call(
            "DELETE",
            "/api/v1/auth/tokens/{id}",
            &format!("/api/v1/auth/tokens/{}", others[0]),
            Sent::Nothing,
        )
        .await;
    assert_eq!(status, 204);
    let change =
        json!({"current_password": ADMIN_PASSWORD, "new_password": "a new admin password 2"});
    let (status, _) = c
        .send(
            "POST",
            "/api/v1/auth/password",
            "/api/v1/auth/password",
            change,
        )
        .await;
    assert_eq!(status, 204);
    let (status, _) = c
        .call("GET", "/api/v1/tenants", "/api/v1/tenants", Sent::Nothing)
        .await;
    assert_eq!(status, 401, "the token was revoked");

    let missed: Vec<_> = pbx_web::ROUTES
        .iter()
        .filter(|(m, p)| !c.succeeded.contains(&((*m).to_owned(), p.clone())))
        .collect();
    assert!(missed.is_empty(), "never seen succeeding: {missed:?}");
}
