//! One configuration object (a section and its options), the form every
//! renderer builds before writing text, and the Realtime mapper reads.

use std::fmt::Write;

use pbx_domain::catalogue::{AsteriskObject, OptionInput, asterisk_options};

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

    /// Adds options in order, one value per name.
    pub fn set_all<const N: usize>(&mut self, names: [&'static str; N], values: [String; N]) {
        self.options.extend(names.into_iter().zip(values));
    }

    /// Adds every option the settings catalogue declares for `object`,
    /// with its value for `input`, except those left out (empty, or at
    /// Asterisk's default).
    pub fn set_declared(&mut self, object: AsteriskObject, input: &OptionInput) {
        for (setting, option) in asterisk_options(object) {
            if let Some(value) = option.value_for(setting, input) {
                self.options.push((option.name, value));
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_object_is_written_with_escaped_values() {
        let mut o = ConfObject::new("100-X", "endpoint");
        o.set("callerid", "a;b");
        let mut out = String::new();
        write_objects(&mut out, &[o]).unwrap();
        assert_eq!(out, "[100-X]\ntype=endpoint\ncallerid=a\\;b\n\n");
    }
}
