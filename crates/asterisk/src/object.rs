//! One configuration object (a section and its options), the form every
//! renderer builds before writing text, and the Realtime mapper reads.

use std::fmt::Write;

use crate::escape::{UnsafeValue, conf_value};

/// A section of a config file: `[name]` and its `key=value` options, in
/// order. Values are raw (unescaped); [`write_objects`] escapes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfObject {
    pub name: String,
    pub options: Vec<(&'static str, String)>,
}

impl ConfObject {
    /// A new object with `type=<kind>` as its first option.
    pub fn new(name: impl Into<String>, kind: &str) -> ConfObject {
        ConfObject {
            name: name.into(),
            options: vec![("type", kind.to_owned())],
        }
    }

    /// Adds an option.
    pub fn set(&mut self, key: &'static str, value: impl Into<String>) {
        self.options.push((key, value.into()));
    }

    /// Adds an option unless the value is empty.
    pub fn set_nonempty(&mut self, key: &'static str, value: &str) {
        if !value.is_empty() {
            self.set(key, value);
        }
    }

    /// Adds `yes`/`no` when `value` differs from Asterisk's `default`.
    pub fn set_bool(&mut self, key: &'static str, value: bool, default: bool) {
        if value != default {
            self.set(key, yes_no(value));
        }
    }

    /// The first value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Asterisk's boolean spelling.
pub fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

/// Writes objects as config text, one blank line between sections.
pub fn write_objects(out: &mut String, objects: &[ConfObject]) -> Result<(), UnsafeValue> {
    for object in objects {
        let name = conf_value("section name", &object.name)?;
        if name.is_empty() || name.contains(['[', ']']) {
            return Err(UnsafeValue::NotLiteral {
                what: "section name".into(),
                value: object.name.clone(),
            });
        }
        let _ = writeln!(out, "[{name}]");
        for (key, value) in &object.options {
            let _ = writeln!(out, "{key}={}", conf_value(key, value)?);
        }
        out.push('\n');
    }
    Ok(())
}

/// Call or pickup groups as Asterisk ranges, e.g. `1,3-5`.
pub fn group_ranges(groups: &std::collections::BTreeSet<u8>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut iter = groups.iter().copied().peekable();
    while let Some(start) = iter.next() {
        let mut end = start;
        while iter.peek() == Some(&(end + 1)) {
            end = iter.next().unwrap_or(end);
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
    }
    parts.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_collapse_into_ranges() {
        let groups = [1u8, 3, 4, 5, 9].into_iter().collect();
        assert_eq!(group_ranges(&groups), "1,3-5,9");
    }

    #[test]
    fn an_object_is_written_with_escaped_values() {
        let mut o = ConfObject::new("100-X", "endpoint");
        o.set("callerid", "a;b");
        let mut out = String::new();
        write_objects(&mut out, &[o]).unwrap();
        assert_eq!(out, "[100-X]\ntype=endpoint\ncallerid=a\\;b\n\n");
    }
}
