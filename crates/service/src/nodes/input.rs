//! Reading a node from JSON: every field checked, errors per field.

use std::collections::BTreeMap;
use std::path::PathBuf;

use pbx_domain::ValidationErrors;
use pbx_store::nodes::NodeRecord;
use serde_json::{Map, Value};

/// The fields a node body may hold (the API documents each).
pub const FIELDS: [&str; 14] = [
    "name",
    "transports",
    "context_prefix",
    "inter_node_trunk",
    "output_dir",
    "ami_host",
    "ami_port",
    "ami_username",
    "ami_secret",
    "storage",
    "realm",
    "call_control",
    "spool_dir",
    "version",
];

/// The transports a node may name.
pub const TRANSPORTS: [&str; 5] = ["udp", "tcp", "tls", "ws", "wss"];

/// Letters, digits and `-_.`, 1 to `max` characters.
fn plain(raw: &str, max: usize, empty_ok: bool) -> Result<String, String> {
    if raw.is_empty() && !empty_ok {
        return Err("is required".into());
    }
    if raw.len() > max
        || !raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Err(format!(
            "must be at most {max} letters, digits, '-', '_' or '.'"
        ));
    }
    Ok(raw.to_owned())
}

/// `host:port` of a service the node connects to (a host name or IPv4
/// address, a port from 1 to 65535).
fn host_and_port(raw: &str) -> Result<String, String> {
    let message = || "must be host:port, e.g. 10.0.0.5:4573".to_string();
    let (host, port) = raw.rsplit_once(':').ok_or_else(message)?;
    let port_ok = port.parse::<u16>().is_ok_and(|p| p > 0);
    if !port_ok || host.is_empty() || plain(host, 253, false).is_err() {
        return Err(message());
    }
    Ok(raw.to_owned())
}

/// One line of printable text without spaces at the ends.
fn line(raw: &str) -> Result<String, String> {
    if raw.trim().is_empty() {
        return Err("is required".into());
    }
    if raw.chars().any(char::is_control) || raw.contains(';') || raw.trim() != raw {
        return Err("must be one line without ';' or surrounding spaces".into());
    }
    Ok(raw.to_owned())
}

/// One line naming an absolute path.
fn absolute_path(raw: &str) -> Result<String, String> {
    let path = line(raw)?;
    if PathBuf::from(&path).is_absolute() {
        Ok(path)
    } else {
        Err("must be an absolute path".into())
    }
}

/// Reads node fields from a JSON object onto `node`, collecting errors.
pub(super) fn apply_fields(
    node: &mut NodeRecord,
    body: &Value,
    creating: bool,
    errors: &mut ValidationErrors,
) {
    let empty = Map::new();
    let object = body.as_object().unwrap_or(&empty);
    errors.reject_unknown(object, &FIELDS);
    let text = |key: &str| {
        object
            .get(key)
            .map(|v| v.as_str().ok_or_else(|| "must be a string".to_string()))
    };
    if let Some(name) = text("name") {
        if !creating {
            errors.push("name", "cannot be changed");
        } else if let Some(name) = errors.check("name", name.and_then(|n| plain(n, 40, false))) {
            node.name = name;
        }
    }
    if let Some(prefix) = text("context_prefix")
        && let Some(prefix) =
            errors.check("context_prefix", prefix.and_then(|p| plain(p, 20, true)))
    {
        node.context_prefix = prefix;
    }
    match object.get("inter_node_trunk") {
        Some(Value::Null) => node.inter_node_trunk = None,
        Some(Value::String(t)) if t.is_empty() => node.inter_node_trunk = None,
        Some(Value::String(t)) => {
            if let Some(t) = errors.check("inter_node_trunk", plain(t, 80, false)) {
                node.inter_node_trunk = Some(t);
            }
        }
        Some(_) => errors.push("inter_node_trunk", "must be a string or null"),
        None => {}
    }
    match object.get("realm") {
        Some(Value::Null) => node.realm = None,
        Some(Value::String(r)) if r.is_empty() => node.realm = None,
        Some(Value::String(r)) => {
            if let Some(r) = errors.check("realm", plain(r, 80, false)) {
                node.realm = Some(r);
            }
        }
        Some(_) => errors.push("realm", "must be a string or null"),
        None => {}
    }
    match object.get("call_control") {
        Some(Value::Null) => node.call_control = None,
        Some(Value::String(a)) if a.is_empty() => node.call_control = None,
        Some(Value::String(a)) => {
            if let Some(a) = errors.check("call_control", host_and_port(a)) {
                node.call_control = Some(a);
            }
        }
        Some(_) => errors.push(
            "call_control",
            "must be a string such as 10.0.0.5:4573, or null",
        ),
        None => {}
    }
    match object.get("spool_dir") {
        Some(Value::Null) => node.spool_dir = None,
        Some(Value::String(d)) if d.is_empty() => node.spool_dir = None,
        Some(Value::String(d)) => {
            if let Some(d) = errors.check("spool_dir", absolute_path(d)) {
                node.spool_dir = Some(d);
            }
        }
        Some(_) => errors.push(
            "spool_dir",
            "must be a string such as /mnt/ast1/spool/asterisk, or null",
        ),
        None => {}
    }
    if let Some(dir) = text("output_dir")
        && let Some(dir) = errors.check("output_dir", dir.and_then(absolute_path))
    {
        node.output_dir = dir;
    }
    if let Some(host) = text("ami_host")
        && let Some(host) = errors.check("ami_host", host.and_then(|h| plain(h, 253, false)))
    {
        node.ami_host = host;
    }
    if let Some(port) = object.get("ami_port") {
        let port = port
            .as_u64()
            .and_then(|p| u16::try_from(p).ok())
            .filter(|p| *p > 0)
            .ok_or_else(|| "must be a port number between 1 and 65535".to_string());
        if let Some(port) = errors.check("ami_port", port) {
            node.ami_port = port;
        }
    }
    if let Some(user) = text("ami_username")
        && let Some(user) = errors.check("ami_username", user.and_then(|u| plain(u, 80, false)))
    {
        node.ami_username = user;
    }
    if let Some(secret) = text("ami_secret")
        && let Some(secret) = errors.check("ami_secret", secret.and_then(line))
    {
        node.ami_secret = secret;
    }
    if let Some(storage) = text("storage") {
        let storage = storage.and_then(|s| match s {
            "files" | "realtime" => Ok(s.to_owned()),
            _ => Err("must be files or realtime".to_string()),
        });
        if let Some(storage) = errors.check("storage", storage) {
            node.storage = storage;
        }
    }
    match object.get("transports") {
        None => {}
        Some(Value::Object(map)) => {
            let mut transports = BTreeMap::new();
            for (key, value) in map {
                let field = format!("transports.{key}");
                if !TRANSPORTS.contains(&key.as_str()) {
                    errors.push(field, "must be one of udp, tcp, tls, ws, wss");
                    continue;
                }
                let section = value
                    .as_str()
                    .ok_or_else(|| "must be a string".to_string())
                    .and_then(|s| plain(s, 80, false));
                if let Some(section) = errors.check(&field, section) {
                    transports.insert(key.clone(), section);
                }
            }
            node.transports = transports;
        }
        Some(_) => errors.push(
            "transports",
            "must be an object such as {\"udp\": \"transport-udp\"}",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nodes::{blank, node_json};
    use pbx_store::nodes::StoredNode;
    use serde_json::json;

    #[test]
    fn a_node_with_bad_fields_reports_each_field() {
        let mut node = blank();
        let mut errors = ValidationErrors::new();
        let body = json!({"name": "a b", "output_dir": "relative", "ami_port": 70000,
            "storage": "ldap", "transports": {"sctp": "x"}, "colour": 1});
        apply_fields(&mut node, &body, true, &mut errors);
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "name",
            "output_dir",
            "ami_port",
            "storage",
            "transports.sctp",
            "colour",
        ] {
            assert!(fields.contains(&f), "{f} missing from {fields:?}");
        }
    }

    #[test]
    fn the_secret_never_appears_in_debug_output_or_json() {
        let mut node = blank();
        node.ami_secret = "hunter2-secret".into();
        assert!(!format!("{node:?}").contains("hunter2"));
        let stored = StoredNode {
            id: 1,
            version: 1,
            projected_through: 0,
            node,
        };
        assert!(!node_json(&stored).to_string().contains("hunter2"));
    }
}
