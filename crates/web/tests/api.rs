//! The JSON API through the real router: authentication, validation as
//! problem+json, optimistic versions, tenant isolation, the OpenAPI document.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use pbx_service::{Permission, Role, Service, Store};
use serde_json::{Value, json};
use tower::ServiceExt;

struct App {
    router: axum::Router,
    service: Service,
    _dir: tempfile::TempDir,
}

const ADMIN_PASSWORD: &str = "admin password 1";

async fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}", dir.path().join("api.db").display()))
        .await
        .unwrap();
    let service = Service::new(store);
    service.ensure_admin(Some(ADMIN_PASSWORD)).await.unwrap();
    service.load_demo().await.unwrap();
    App {
        router: pbx_web::router(service.clone()),
        service,
        _dir: dir,
    }
}

impl App {
    async fn call(
        &self,
        method: Method,
        uri: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> (StatusCode, String, Value) {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        if body.is_some() {
            request = request.header("content-type", "application/json");
        }
        let request = request
            .body(Body::from(body.unwrap_or_default().to_owned()))
            .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        (status, content_type, value)
    }

    async fn token(&self, username: &str, password: &str) -> String {
        let body = json!({"username": username, "password": password}).to_string();
        let (status, _, value) = self
            .call(Method::POST, "/api/v1/auth/token", None, Some(&body))
            .await;
        assert_eq!(status, StatusCode::OK, "{value}");
        value["token"].as_str().unwrap().to_owned()
    }
}

#[tokio::test]
async fn health_answers_without_a_token() {
    let app = app().await;
    let (status, _, _) = app.call(Method::GET, "/healthz", None, None).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn every_api_route_but_the_token_and_documents_needs_a_bearer_token() {
    let app = app().await;
    for (method, path) in pbx_web::ROUTES.iter() {
        if [
            "/healthz",
            "/api/v1/auth/token",
            "/api/v1/openapi.json",
            "/provision/{token}",
        ]
        .contains(&path.as_str())
        {
            continue;
        }
        let uri = path
            .replace("{code}", "CANISTRACCI")
            .replace("{number}", "100")
            .replace("{id}", "1");
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let (status, content_type, _) = app.call(method.clone(), &uri, None, Some("{}")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {uri}");
        assert_eq!(content_type, "application/problem+json", "{method} {uri}");
        let (status, _, _) = app
            .call(method.clone(), &uri, Some("not-a-token"), Some("{}"))
            .await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{method} {uri} with a bad token"
        );
    }
}

#[tokio::test]
async fn a_wrong_password_gets_no_token() {
    let app = app().await;
    let body = json!({"username": "admin", "password": "wrong password 1"}).to_string();
    let (status, _, _) = app
        .call(Method::POST, "/api/v1/auth/token", None, Some(&body))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_demo_tenant_lists_ten_extensions_with_tenant_usernames() {
    let app = app().await;
    let token = app.token("admin", ADMIN_PASSWORD).await;
    let (status, _, page) = app
        .call(
            Method::GET,
            "/api/v1/tenants/CANISTRACCI/extensions?per_page=50",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["total"], 10);
    let items = page["items"].as_array().unwrap();
    assert_eq!(items[0]["username"], "100-CANISTRACCI");
    assert_eq!(items[0]["kind"], "sip");
    assert_eq!(items[1]["kind"], "pjsip");
    assert_eq!(items[6]["kind"], "custom");
    assert_eq!(items[8]["kind"], "virtual");
    assert!(
        items[0]["secret"].as_str().unwrap().len() >= 16,
        "admins see secrets"
    );
    assert!(items.iter().all(|i| i.get("version").is_some()));
}

#[tokio::test]
async fn sorting_searching_and_paging_work_through_the_query_string() {
    let app = app().await;
    let token = app.token("admin", ADMIN_PASSWORD).await;
    let uri = "/api/v1/tenants/CANISTRACCI/extensions?sort=name&order=desc&per_page=3&page=2";
    let (_, _, page) = app.call(Method::GET, uri, Some(&token), None).await;
    let names: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Gia Parker", "Fay Collins", "Eli Turner"]);
    let (_, _, found) = app
        .call(
            Method::GET,
            "/api/v1/tenants/CANISTRACCI/extensions?search=stone",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(found["total"], 1);
    let (status, _, problem) = app
        .call(
            Method::GET,
            "/api/v1/tenants/CANISTRACCI/extensions?sort=secret",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "sort");
}

#[tokio::test]
async fn bad_input_is_a_problem_with_one_entry_per_field_and_never_a_500() {
    let app = app().await;
    let token = app.token("admin", ADMIN_PASSWORD).await;
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
    let token = app.token("admin", ADMIN_PASSWORD).await;
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
    let token = app.token("admin", ADMIN_PASSWORD).await;
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
    let token = app.token("admin", ADMIN_PASSWORD).await;
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
async fn the_pjsip_endpoint_page_saves_only_its_own_fields() {
    let app = app().await;
    let token = app.token("admin", ADMIN_PASSWORD).await;
    let uri = "/api/v1/tenants/CANISTRACCI/extensions/101/pjsip/endpoint";
    let (status, _, page) = app.call(Method::GET, uri, Some(&token), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["settings"]["direct_media"], true);
    let version = page["version"].as_i64().unwrap();
    let body = json!({"version": version, "settings": {"rtcp_mux": true, "direct_media": false}})
        .to_string();
    let (status, _, saved) = app.call(Method::PUT, uri, Some(&token), Some(&body)).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["settings"]["rtcp_mux"], true);
    let outside = json!({"version": version + 1, "settings": {"dnd": true}}).to_string();
    let (status, _, problem) = app
        .call(Method::PUT, uri, Some(&token), Some(&outside))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "settings.information.dnd");
    let (status, _, _) = app
        .call(
            Method::GET,
            "/api/v1/tenants/CANISTRACCI/extensions/100/pjsip/aor",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a chan_sip extension has no AOR page"
    );
}

#[tokio::test]
async fn bulk_create_previews_then_creates_and_bulk_change_stack_answers_per_row() {
    let app = app().await;
    let token = app.token("admin", ADMIN_PASSWORD).await;
    let base = "/api/v1/tenants/CANISTRACCI/extensions";
    let preview = json!({"first": "200", "last": "219", "kind": "sip", "name_pattern": "Room {n}", "preview": true}).to_string();
    let (_, _, shown) = app
        .call(
            Method::POST,
            &format!("{base}/bulk-create"),
            Some(&token),
            Some(&preview),
        )
        .await;
    assert_eq!(shown["count"], 20);
    assert_eq!(
        shown["preview"][0],
        json!({"number": "200", "name": "Room 200", "username": "200-CANISTRACCI"})
    );
    let (_, _, page) = app.call(Method::GET, base, Some(&token), None).await;
    assert_eq!(page["total"], 10, "a preview creates nothing");
    let create = json!({"first": "200", "last": "219", "kind": "sip", "name_pattern": "Room {n}"})
        .to_string();
    let (status, _, created) = app
        .call(
            Method::POST,
            &format!("{base}/bulk-create"),
            Some(&token),
            Some(&create),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    assert_eq!(created["created"], 20);
    let change = json!({"numbers": ["200", "201", "106"], "target": "pjsip"}).to_string();
    let (_, _, results) = app
        .call(
            Method::POST,
            &format!("{base}/bulk-change-stack"),
            Some(&token),
            Some(&change),
        )
        .await;
    let rows = results["results"].as_array().unwrap();
    assert_eq!(rows[0]["changed"], true);
    assert_eq!(rows[2]["changed"], false, "a custom extension has no stack");
}

#[tokio::test]
async fn deleting_a_referenced_extension_needs_force() {
    let app = app().await;
    let token = app.token("admin", ADMIN_PASSWORD).await;
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

#[tokio::test]
async fn another_tenants_admin_cannot_see_or_change_this_tenant() {
    let app = app().await;
    let admin = app.token("admin", ADMIN_PASSWORD).await;
    let body = json!({"code": "RIVAL", "name": "Rival Inc"}).to_string();
    let (status, _, _) = app
        .call(Method::POST, "/api/v1/tenants", Some(&admin), Some(&body))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    app.service
        .create_user(
            "rival",
            "rival password 1",
            Role::TenantAdmin,
            &Permission::ALL,
            &["RIVAL"],
            &[],
        )
        .await
        .unwrap();
    let rival = app.token("rival", "rival password 1").await;
    let (_, _, tenants) = app
        .call(Method::GET, "/api/v1/tenants", Some(&rival), None)
        .await;
    assert_eq!(tenants["total"], 1);
    for (method, uri) in [
        (Method::GET, "/api/v1/tenants/CANISTRACCI"),
        (Method::GET, "/api/v1/tenants/CANISTRACCI/extensions"),
        (Method::GET, "/api/v1/tenants/CANISTRACCI/extensions/100"),
        (Method::DELETE, "/api/v1/tenants/CANISTRACCI/extensions/100"),
        (Method::GET, "/api/v1/tenants/CANISTRACCI/objects"),
    ] {
        let (status, _, _) = app.call(method.clone(), uri, Some(&rival), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {uri}");
    }
    let (_, _, page) = app
        .call(
            Method::GET,
            "/api/v1/tenants/CANISTRACCI/extensions",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(page["total"], 10, "nothing changed");
}

#[tokio::test]
async fn the_openapi_document_lists_every_route_and_the_catalogue_settings() {
    let app = app().await;
    let (status, _, doc) = app
        .call(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["openapi"], "3.1.0");
    for (method, path) in pbx_web::ROUTES.iter() {
        assert!(
            doc["paths"][path][method.to_lowercase()].is_object(),
            "{method} {path}"
        );
    }
    // The bodies of create, replace and update are schemas of every core
    // field and every setting of the catalogue, sectioned or flat.
    let extension = "/api/v1/tenants/{code}/extensions";
    let number = "/api/v1/tenants/{code}/extensions/{number}";
    for (path, method) in [(extension, "post"), (number, "put"), (number, "patch")] {
        let body = &doc["paths"][path][method]["requestBody"];
        let reference = body["content"]["application/json"]["schema"]["$ref"]
            .as_str()
            .unwrap_or_else(|| panic!("{method} {path}: {body}"));
        let name = reference.strip_prefix("#/components/schemas/").unwrap();
        let schema = &doc["components"]["schemas"][name];
        for field in [
            "kind",
            "number",
            "name",
            "description",
            "username",
            "secret",
            "version",
        ] {
            assert!(schema["properties"][field].is_object(), "{name}.{field}");
        }
        let settings = &schema["properties"]["settings"]["properties"];
        for spec in pbx_domain::catalogue::settings() {
            assert!(
                settings[spec.section]["properties"][spec.key].is_object(),
                "{name}: {}",
                spec.key
            );
            assert!(settings[spec.key].is_object(), "{name}: {}", spec.key);
        }
    }
    let answered = &doc["components"]["schemas"]["Extension"]["properties"]["settings"];
    for spec in pbx_domain::catalogue::settings() {
        let password = matches!(spec.value, pbx_domain::values::ValueKind::Password);
        assert_eq!(
            answered["properties"][spec.section]["properties"][spec.key].is_object(),
            !password,
            "{}",
            spec.key
        );
    }
}
