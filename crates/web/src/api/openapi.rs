//! `GET /api/v1/openapi.json`: the OpenAPI 3 document, built from the route
//! table and the settings catalogue (so the schema can never drift from
//! what validation accepts).

use axum::Json;
use pbx_domain::catalogue::{SettingSpec, sections};
use pbx_domain::values::ValueKind;
use serde_json::{Map, Value, json};

use super::routes::ROUTES;

fn value_schema(spec: &SettingSpec) -> Value {
    let mut schema = match spec.value {
        ValueKind::Bool => json!({"type": "boolean"}),
        ValueKind::Int { min, max } => json!({"type": "integer", "minimum": min, "maximum": max}),
        ValueKind::Choice { options } => {
            json!({"type": "string", "enum": options.iter().map(|(w, _)| *w).collect::<Vec<_>>()})
        }
        ValueKind::Text { max, class } => {
            json!({"type": "string", "maxLength": max, "x-pbx-text-class": class.describe()})
        }
        ValueKind::Password => json!({"type": "string", "format": "password", "writeOnly": true}),
        ValueKind::Codecs | ValueKind::Groups | ValueKind::IpList | ValueKind::Numbers => {
            json!({"type": "array", "items": {"type": "string"}})
        }
        ValueKind::Reference(kind) => {
            json!({"type": ["integer", "null"], "x-pbx-reference": kind.as_str()})
        }
    };
    schema["title"] = json!(spec.label);
    schema["description"] = json!(spec.help);
    schema["x-pbx-kinds"] = json!(spec.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>());
    schema
}

fn settings_schema() -> Value {
    let mut properties = Map::new();
    for section in sections() {
        let fields: Map<String, Value> = section
            .fields
            .iter()
            .map(|f| (f.key.to_owned(), value_schema(f)))
            .collect();
        properties.insert(
            section.key.to_owned(),
            json!({"type": "object", "title": section.title, "additionalProperties": false, "properties": fields}),
        );
    }
    json!({"type": "object", "additionalProperties": false, "properties": properties})
}

fn operation(method: &str, path: &str) -> Value {
    let mut op = json!({
        "summary": format!("{method} {path}"),
        "responses": {
            "200": {"description": "Success"},
            "400": {"description": "Malformed request", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
            "401": {"description": "No or invalid bearer token"},
            "403": {"description": "Not permitted"},
            "404": {"description": "Not found or not visible to the caller"},
            "409": {"description": "Stale version or referenced extension"},
            "422": {"description": "Invalid fields", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
            "429": {"description": "Too many failed sign-ins (Retry-After)"},
        },
    });
    let params: Vec<Value> = path
        .split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
        .collect();
    if !params.is_empty() {
        op["parameters"] = json!(params);
    }
    if path.contains("/extensions")
        && matches!(method, "POST" | "PUT" | "PATCH")
        && !path.contains("bulk")
    {
        op["requestBody"] = json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Extension"}}}});
    }
    if path.ends_with("/imports") {
        let file = json!({"type": "string", "format": "binary"});
        op["requestBody"] = json!({"content": {
            "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {"file": file}}},
            "text/csv": {"schema": file},
            "application/vnd.ms-excel": {"schema": file},
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": file},
        }});
        op["responses"]["413"] = json!({"description": "The file is larger than 50 MB"});
    }
    if path.ends_with("/extensions/export") {
        op["parameters"] = json!([
            {"name": "code", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["csv", "xlsx"]}},
            {"name": "numbers", "in": "query", "schema": {"type": "string"}, "description": "comma-separated selection"},
        ]);
    }
    if path.ends_with("/extensions/device-states") {
        op["parameters"] = json!([
            {"name": "code", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "numbers", "in": "query", "schema": {"type": "string"}, "description": "comma-separated, at most 500"},
        ]);
    }
    if path == "/healthz"
        || path.ends_with("/auth/token")
        || path.ends_with("openapi.json")
        || path.starts_with("/provision/")
    {
        op["security"] = json!([]);
    }
    op
}

/// The document.
pub async fn document() -> Json<Value> {
    let mut paths = Map::new();
    for (method, path) in ROUTES {
        let entry = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        entry[method.to_lowercase()] = operation(method, path);
    }
    Json(json!({
        "openapi": "3.1.0",
        "info": {"title": "pbx API", "version": env!("CARGO_PKG_VERSION")},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Problem": {"type": "object", "properties": {
                    "title": {"type": "string"}, "status": {"type": "integer"},
                    "errors": {"type": "array", "items": {"type": "object", "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}},
                }},
                "Extension": {"type": "object", "additionalProperties": false, "properties": {
                    "kind": {"type": "string", "enum": ["sip", "pjsip", "custom", "virtual"]},
                    "number": {"type": "string", "pattern": "^[0-9]{1,15}$"},
                    "name": {"type": "string", "maxLength": 80},
                    "description": {"type": "string", "maxLength": 80},
                    "username": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,64}$"},
                    "secret": {"type": "string", "minLength": 12, "maxLength": 64},
                    "version": {"type": "integer"},
                    "web_password_set": {"type": "boolean", "readOnly": true},
                    "settings": settings_schema(),
                }},
            },
        },
    }))
}
