//! AMI actions: a name and headers, written as `Key: value` lines ending in
//! an empty line. Values with line breaks are refused (no header injection).

use super::AmiError;

/// One AMI action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub name: String,
    pub headers: Vec<(String, String)>,
}

impl Action {
    /// An action without headers.
    pub fn new(name: &str) -> Action {
        Action {
            name: name.into(),
            headers: Vec::new(),
        }
    }

    /// Adds a header.
    pub fn header(mut self, key: &str, value: &str) -> Action {
        self.headers.push((key.into(), value.into()));
        self
    }

    /// `Action: Command` running a CLI command, e.g. `dialplan reload`.
    pub fn command(cli: &str) -> Action {
        Action::new("Command").header("Command", cli)
    }

    /// `Action: Reload` of one module, e.g. `res_pjsip.so`.
    pub fn reload_module(module: &str) -> Action {
        Action::new("Reload").header("Module", module)
    }

    /// `Action: SorceryMemoryCacheExpireObject` for one cached object.
    pub fn expire_object(cache: &str, object: &str) -> Action {
        Action::new("SorceryMemoryCacheExpireObject")
            .header("Cache", cache)
            .header("Object", object)
    }

    /// `Action: SorceryMemoryCacheExpire`: every object of a cache.
    pub fn expire_cache(cache: &str) -> Action {
        Action::new("SorceryMemoryCacheExpire").header("Cache", cache)
    }

    /// The wire form with `ActionID: id`.
    pub fn to_wire(&self, id: &str) -> Result<String, AmiError> {
        let mut out = String::new();
        let lines = std::iter::once(("Action", self.name.as_str()))
            .chain(self.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .chain(std::iter::once(("ActionID", id)));
        for (key, value) in lines {
            let bad = |s: &str| s.contains(['\r', '\n']);
            if key.is_empty() || bad(key) || bad(value) || key.contains(':') {
                return Err(AmiError::BadHeader(key.into()));
            }
            out.push_str(key);
            out.push_str(": ");
            out.push_str(value);
            out.push_str("\r\n");
        }
        out.push_str("\r\n");
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_action_is_written_as_header_lines_and_a_blank_line() {
        let wire = Action::reload_module("res_pjsip.so").to_wire("7").unwrap();
        assert_eq!(
            wire,
            "Action: Reload\r\nModule: res_pjsip.so\r\nActionID: 7\r\n\r\n"
        );
    }

    #[test]
    fn a_header_value_with_a_line_break_is_refused() {
        let action = Action::command("core show version\r\nAction: Originate");
        assert!(matches!(action.to_wire("1"), Err(AmiError::BadHeader(_))));
    }
}
