//! `GET /api/v1/openapi.json`: every route and the catalogue settings.

use axum::http::{Method, StatusCode};

use crate::support::{ApiCalls, acme, app, get, send};

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

#[tokio::test]
async fn every_route_of_the_table_is_in_the_openapi_document() {
    let app = acme().await;
    let (_, doc) = send(&app.router, get(&app.token, "/api/v1/openapi.json")).await;
    for (method, path) in pbx_web::ROUTES.iter() {
        assert!(
            doc["paths"][path][method.to_lowercase()].is_object(),
            "{method} {path}"
        );
    }
}
