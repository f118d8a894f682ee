//! The JSON Schemas of the extension document, read from the same sources
//! the handlers use: the settings catalogue (every section and setting,
//! with its type, bounds, choices, label and help), `ExtensionKind::ALL`
//! and the fields of `ListFlags`. A derive cannot see the catalogue's
//! value kinds, so each schema is a `json_schema!` type built from them.

use pbx_domain::ExtensionKind;
use pbx_domain::catalogue::{Page, SettingSpec, page_settings, sections};
use pbx_domain::extension::ListFlags;
use pbx_domain::values::ValueKind;
use serde_json::{Map, Value, json};

use crate::api::openapi::json_schema;

/// Which way a document travels: what a client may send differs a little
/// from what the server answers (lists may be sent as text, passwords are
/// never answered).
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Direction {
    Request,
    Response,
}

fn value_schema(spec: &SettingSpec, direction: Direction) -> Value {
    let strings = json!({"type": "array", "items": {"type": "string"}});
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
            match direction {
                Direction::Response => strings,
                Direction::Request => json!({"oneOf": [strings, {
                    "type": "string", "description": "the items separated by commas",
                }]}),
            }
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

/// Answered documents hold every setting but the write-only passwords.
fn answered(spec: &SettingSpec) -> bool {
    !matches!(spec.value, ValueKind::Password)
}

/// The settings document: `{"section": {"key": value}}`; a request may
/// also name settings flat, `{"key": value}`.
pub(crate) fn settings_schema(direction: Direction) -> Value {
    let mut properties = Map::new();
    for section in sections() {
        let fields: Map<String, Value> = section
            .fields
            .iter()
            .filter(|f| direction == Direction::Request || answered(f))
            .map(|f| (f.key.to_owned(), value_schema(f, direction)))
            .collect();
        let mut schema = json!({
            "type": "object",
            "title": section.title,
            "additionalProperties": false,
            "properties": fields,
        });
        if direction == Direction::Response {
            schema["required"] = json!(fields.keys().collect::<Vec<_>>());
        }
        properties.insert(section.key.to_owned(), schema);
    }
    if direction == Direction::Request {
        // A setting named like a section (`trunk`) is only sent sectioned:
        // the section wins, as it does when the document is applied.
        for spec in sections().iter().flat_map(|s| s.fields) {
            properties
                .entry(spec.key)
                .or_insert_with(|| value_schema(spec, direction));
        }
    }
    let mut schema =
        json!({"type": "object", "additionalProperties": false, "properties": properties});
    if direction == Direction::Response {
        schema["required"] = json!(sections().iter().map(|s| s.key).collect::<Vec<_>>());
    }
    schema
}

/// A tenant's defaults as answered: every setting of every section. Unlike
/// an extension's, the write-only passwords are answered as stored (the
/// argon2id hash, or empty when none is set).
pub(crate) fn defaults_schema() -> Value {
    let mut schema = settings_schema(Direction::Response);
    for spec in sections()
        .iter()
        .flat_map(|s| s.fields)
        .filter(|f| !answered(f))
    {
        let section = &mut schema["properties"][spec.section];
        section["properties"][spec.key] =
            json!({"type": "string", "description": "the stored argon2id hash, or empty"});
        section["required"]
            .as_array_mut()
            .expect("a section lists its required settings")
            .push(json!(spec.key));
    }
    schema
}

/// `{"dnd": true, ...}`: the list icons, one boolean per field of `ListFlags`.
pub(crate) fn flags_schema() -> Value {
    let fields: Vec<String> = serde_json::to_value(ListFlags::default())
        .ok()
        .and_then(|v| v.as_object().map(|o| o.keys().cloned().collect()))
        .unwrap_or_default();
    let properties: Map<String, Value> = fields
        .iter()
        .map(|f| (f.clone(), json!({"type": "boolean"})))
        .collect();
    json!({"type": "object", "additionalProperties": false, "required": fields, "properties": properties})
}

/// `"sip"`, `"pjsip"`, ...: every `ExtensionKind`.
pub(crate) fn kind_schema() -> Value {
    let kinds: Vec<&str> = ExtensionKind::ALL.iter().map(|k| k.as_str()).collect();
    json!({"type": "string", "enum": kinds})
}

/// One PJSIP page: `{"number", "version", "settings": {"key": value}}`
/// with the page's settings flat; a change sends `version` and `settings`.
pub(crate) fn page_schema(page: Page, direction: Direction) -> Value {
    let fields: Map<String, Value> = page_settings(page)
        .map(|spec| (spec.key.to_owned(), value_schema(spec, direction)))
        .collect();
    let mut settings =
        json!({"type": "object", "additionalProperties": false, "properties": fields});
    match direction {
        Direction::Response => {
            settings["required"] = json!(fields.keys().collect::<Vec<_>>());
            json!({
                "type": "object",
                "additionalProperties": false,
                "required": ["number", "version", "settings"],
                "properties": {
                    "number": {"type": "string"},
                    "version": {"type": "integer"},
                    "settings": settings,
                },
            })
        }
        Direction::Request => json!({
            "type": "object",
            "required": ["version"],
            "properties": {
                "version": {"type": "integer", "description": "the version loaded"},
                "settings": settings,
            },
        }),
    }
}

/// An extension whose setting names another: `{"kind", "number", "setting"}`.
pub(crate) fn referrer_schema() -> Value {
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["kind", "number", "setting"],
        "properties": {
            "kind": kind_schema(),
            "number": {"type": "string"},
            "setting": {"type": "string", "description": "the key of the setting that names it"},
        },
    })
}

fn document_schema(direction: Direction, required: &[&str]) -> Value {
    let mut properties = json!({
        "kind": kind_schema(),
        "number": {"type": "string", "pattern": "^[0-9]{1,15}$"},
        "name": {"type": "string", "maxLength": 80},
        "description": {"type": "string", "maxLength": 80},
        "username": {"type": ["string", "null"], "pattern": "^[A-Za-z0-9._-]{1,64}$", "description": "null for custom and virtual extensions"},
        "version": {"type": "integer", "description": "the version loaded; required to change an extension"},
        "settings": settings_schema(direction),
        "flags": flags_schema(),
        "web_password_set": {"type": "boolean", "readOnly": true},
    });
    properties["flags"]["readOnly"] = json!(true);
    properties["secret"] = match direction {
        Direction::Request => json!({"type": "string", "minLength": 12, "maxLength": 64}),
        Direction::Response => {
            json!({"type": ["string", "null"], "description": "phones only, for callers who may see passwords"})
        }
    };
    let mut schema = json!({
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "properties": properties,
    });
    if direction == Direction::Request {
        // A null text field is sent as empty; a number may be a JSON number.
        for field in ["kind", "name", "description", "secret"] {
            let typed = &mut schema["properties"][field]["type"];
            *typed = json!([typed.clone(), "null"]);
        }
        schema["properties"]["number"]["type"] = json!(["string", "integer", "null"]);
        schema["properties"]["version"]["type"] = json!(["integer", "null"]);
        schema["description"] = json!(
            "The read-only fields of an answered document (flags, web_password_set) are accepted and ignored, so a document read with GET can be sent back."
        );
    }
    schema
}

json_schema!(
    /// An extension as the API answers it.
    Extension,
    document_schema(Direction::Response, &["kind", "number", "name", "description", "username", "version", "settings", "flags", "web_password_set"])
);
json_schema!(
    /// The body of `POST .../extensions`: what is not sent takes the
    /// tenant's defaults.
    ExtensionCreate,
    document_schema(Direction::Request, &["kind", "number"])
);
json_schema!(
    /// The body of `PATCH .../extensions/{number}`: what is not sent is kept.
    ExtensionUpdate,
    document_schema(Direction::Request, &["version"])
);
json_schema!(
    /// The body of `PUT .../extensions/{number}`: what is not sent returns
    /// to what a new extension gets (the SIP secret and web password are
    /// kept unless sent).
    ExtensionReplace,
    document_schema(Direction::Request, &["version"])
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_of_the_catalogue_is_in_the_request_and_answer_schemas() {
        let request = settings_schema(Direction::Request);
        let answer = settings_schema(Direction::Response);
        for section in sections() {
            for spec in section.fields {
                let sectioned = &request["properties"][section.key]["properties"][spec.key];
                assert!(sectioned.is_object(), "{}", spec.key);
                // A setting named like a section (`trunk`) is sent sectioned.
                if sections().iter().all(|s| s.key != spec.key) {
                    assert_eq!(
                        request["properties"][spec.key],
                        value_schema(spec, Direction::Request)
                    );
                }
                assert_eq!(
                    answer["properties"][section.key]["properties"][spec.key].is_object(),
                    answered(spec),
                    "{}",
                    spec.key
                );
            }
        }
    }

    #[test]
    fn the_schemas_survive_the_openapi_types() {
        let direct = document_schema(Direction::Request, &["version"]);
        let utoipa::openapi::RefOr::T(typed) = <ExtensionUpdate as utoipa::PartialSchema>::schema()
        else {
            panic!("a schema, not a reference");
        };
        assert_eq!(serde_json::to_value(typed).unwrap(), direct);
    }
}
