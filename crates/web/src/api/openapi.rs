//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 document, derived from the
//! route list (`routes.rs`) and the `#[utoipa::path]` declaration beside
//! each handler. What every operation shares is added here once: the path
//! parameters its path names, and the error answers every route may give.

use std::sync::LazyLock;

use axum::Json;
use serde_json::{Value, json};
use utoipa::openapi::OpenApi;

use super::routes;

/// The methods an OpenAPI path item may hold, as the router names them.
const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// Declares a unit type whose OpenAPI schema is the JSON Schema `$schema`
/// (an expression), for bodies whose shape comes from a table rather than
/// a Rust type: `request_body = Name` or `body = Name` then refers to it.
macro_rules! json_schema {
    ($(#[$doc:meta])* $name:ident, $schema:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
                let json: serde_json::Value = $schema;
                let typed: utoipa::openapi::Schema = serde_json::from_value(json.clone())
                    .expect("a JSON Schema the OpenAPI types hold");
                // utoipa's types drop keywords they do not know (`const`,
                // `{}`): refuse a schema that would not be served as written.
                assert_eq!(
                    serde_json::to_value(&typed).ok().as_ref(),
                    Some(&json),
                    "{} loses keywords in utoipa's types",
                    stringify!($name)
                );
                utoipa::openapi::RefOr::T(typed)
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
        }
    };
}
pub(crate) use json_schema;

json_schema!(
    /// An error answer (`application/problem+json`), with one `{field,
    /// message}` per bad field.
    Problem,
    json!({"type": "object", "required": ["title", "status"], "properties": {
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "errors": {"type": "array", "items": {"type": "object", "properties": {
            "field": {"type": "string"}, "message": {"type": "string"},
        }}},
    }})
);

/// The JSON Schema of a `json_schema!` (or any utoipa) type.
pub(crate) fn schema_of<T: utoipa::PartialSchema>() -> Value {
    serde_json::to_value(T::schema()).expect("a schema serializes")
}

/// Any JSON value (utoipa's types cannot hold the empty schema `{}`).
pub(crate) fn any() -> Value {
    json!({"type": ["object", "array", "string", "integer", "number", "boolean", "null"]})
}

/// `{"items": [T], "total": n}`, the shape of every list answer.
pub(crate) fn list_of<T: utoipa::PartialSchema>() -> Value {
    json!({
        "type": "object",
        "required": ["items", "total"],
        "additionalProperties": false,
        "properties": {
            "items": {"type": "array", "items": schema_of::<T>()},
            "total": {"type": "integer", "minimum": 0},
        },
    })
}

/// An object of exactly these `(field, schema)` pairs, all required.
pub(crate) fn object(fields: &[(&str, Value)]) -> Value {
    let properties: serde_json::Map<String, Value> = fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": fields.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        "properties": properties,
    })
}

/// A request body of the fields a service accepts (`fields`, all
/// optional), each typed by `schema`; a field `schema` does not know
/// panics, so a field added to the service must be documented.
pub(crate) fn body_of(fields: &[&str], schema: impl Fn(&str) -> Option<Value>) -> Value {
    let properties: serde_json::Map<String, Value> = fields
        .iter()
        .map(|f| {
            let typed = schema(f).unwrap_or_else(|| panic!("the field {f} has no schema"));
            ((*f).to_owned(), typed)
        })
        .collect();
    json!({"type": "object", "additionalProperties": false, "properties": properties})
}

/// What the document starts from before the routes add their paths.
pub(crate) fn base() -> OpenApi {
    let base = json!({
        "openapi": "3.1.0",
        "info": {"title": "pbx API", "version": env!("CARGO_PKG_VERSION")},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": {},
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Problem": serde_json::to_value(<Problem as utoipa::PartialSchema>::schema())
                    .expect("the problem schema serializes"),
            },
        },
    });
    serde_json::from_value(base).expect("the base document is an OpenAPI document")
}

/// The document, built once.
pub(crate) static DOCUMENT: LazyLock<Value> =
    LazyLock::new(|| finish(routes::api().into_openapi()));

/// This document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    security(()),
    responses((status = 200, description = "The OpenAPI 3.1 document", body = Object))
)]
pub async fn document() -> Json<Value> {
    Json(DOCUMENT.clone())
}

/// `(method, path)` of every operation of `document`.
pub(crate) fn operations(document: &Value) -> Vec<(&'static str, String)> {
    let mut operations = Vec::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            if item.get(method.to_lowercase()).is_some() {
                operations.push((method, path.clone()));
            }
        }
    }
    operations
}

/// The answers any route may give besides its own.
fn common_responses() -> Value {
    let problem =
        json!({"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}});
    json!({
        "400": {"description": "Malformed request", "content": problem},
        "401": {"description": "No or invalid bearer token", "content": problem},
        "403": {"description": "Not permitted", "content": problem},
        "404": {"description": "Not found or not visible to the caller", "content": problem},
        "409": {"description": "Stale version or referenced extension", "content": problem},
        "422": {"description": "Invalid fields", "content": problem},
        "429": {"description": "Too many failed sign-ins (Retry-After)", "content": problem},
    })
}

/// Adds what every operation shares to the document the routes produced.
fn finish(openapi: OpenApi) -> Value {
    let mut document = serde_json::to_value(openapi).expect("the document serializes");
    let paths = document["paths"].as_object_mut().expect("paths");
    for (path, item) in paths.iter_mut() {
        let names: Vec<&str> = path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .collect();
        for method in METHODS {
            let Some(operation) = item.get_mut(method.to_lowercase()) else {
                continue;
            };
            let parameters = operation["parameters"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let mut all: Vec<Value> = names
                .iter()
                .filter(|name| {
                    !parameters
                        .iter()
                        .any(|p| p["name"] == **name && p["in"] == "path")
                })
                .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
                .collect();
            all.extend(parameters);
            if !all.is_empty() {
                operation["parameters"] = Value::Array(all);
            }
            let tag = operation["tags"][0].as_str().unwrap_or("api").to_owned();
            let id = operation["operationId"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            operation["operationId"] = json!(format!("{tag}_{id}"));
            let public = operation["security"] == json!([{}]);
            let responses = operation["responses"]
                .as_object_mut()
                .expect("an operation has responses");
            if let Value::Object(common) = common_responses() {
                for (status, response) in common {
                    if public && (status == "401" || status == "403") {
                        continue;
                    }
                    responses.entry(status).or_insert(response);
                }
            }
        }
    }
    document
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_operation_has_its_own_id_and_a_success_answer() {
        let mut ids = BTreeSet::new();
        for (method, path) in operations(&DOCUMENT) {
            let operation = &DOCUMENT["paths"][&path][method.to_lowercase()];
            let id = operation["operationId"].as_str().unwrap().to_owned();
            assert!(ids.insert(id.clone()), "{id} twice ({method} {path})");
            let responses = operation["responses"].as_object().unwrap();
            assert!(
                responses.keys().any(|status| status.starts_with('2')),
                "{method} {path} declares no success answer"
            );
        }
    }

    #[test]
    fn every_path_parameter_is_declared_and_public_routes_need_no_token() {
        for (method, path) in operations(&DOCUMENT) {
            let operation = &DOCUMENT["paths"][&path][method.to_lowercase()];
            for name in path.split('/').filter_map(|s| s.strip_prefix('{')) {
                let name = name.trim_end_matches('}');
                let declared = operation["parameters"].as_array().unwrap();
                assert!(
                    declared
                        .iter()
                        .any(|p| p["name"] == name && p["in"] == "path"),
                    "{method} {path}: {name}"
                );
            }
        }
        let token = &DOCUMENT["paths"]["/api/v1/auth/token"]["post"];
        assert_eq!(token["security"], json!([{}]));
        assert!(token["responses"]["401"].is_null());
    }
}
