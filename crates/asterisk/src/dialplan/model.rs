//! The dialplan as data: contexts, extensions and application lines, and
//! how they are written to `extensions.conf` syntax. The strict parser reads
//! the text back into the same shapes.

use std::fmt::Write;

/// One context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    pub name: String,
    pub includes: Vec<String>,
    pub extens: Vec<Exten>,
}

impl Context {
    /// Puts the extensions in the order that loads fastest: Asterisk keeps
    /// a context's extensions in a list sorted by its `ext_cmp` and finds
    /// the place of every line it reads by walking that list from the
    /// start, so a 50,000-extension context written in ascending order
    /// took minutes to load (each line walked to the end). In descending
    /// order each new extension, and each of its lines, belongs at the
    /// head. The order of extensions in a file has no other meaning.
    pub fn in_load_order(mut self) -> Context {
        self.extens.sort_by(|a, b| asterisk_order(&b.name, &a.name));
        self
    }
}

/// Asterisk's order of extension names (`ext_cmp` in `main/pbx.c`): exact
/// names before patterns, byte by byte with `-` ignored. Patterns among
/// themselves are compared by their bytes here (Asterisk ranks them by
/// what they match; there are a handful per context).
pub fn asterisk_order(left: &str, right: &str) -> std::cmp::Ordering {
    let pattern = |name: &str| name.starts_with('_');
    let bytes = |name: &str| name.bytes().filter(|&b| b != b'-').collect::<Vec<u8>>();
    pattern(left)
        .cmp(&pattern(right))
        .then_with(|| bytes(left).cmp(&bytes(right)))
}

/// One extension of a context: an optional hint and its priorities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exten {
    pub name: String,
    pub hint: Option<String>,
    pub lines: Vec<Line>,
}

/// One priority: an application call, optionally labelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub label: Option<String>,
    pub app: String,
    pub args: String,
}

impl Context {
    /// An empty context.
    pub fn new(name: impl Into<String>) -> Context {
        Context {
            name: name.into(),
            includes: Vec::new(),
            extens: Vec::new(),
        }
    }
}

impl Exten {
    /// An extension without lines.
    pub fn new(name: impl Into<String>) -> Exten {
        Exten {
            name: name.into(),
            hint: None,
            lines: Vec::new(),
        }
    }

    /// Adds `App(args)`.
    pub fn push(&mut self, app: &str, args: impl Into<String>) {
        self.lines.push(Line {
            label: None,
            app: app.into(),
            args: args.into(),
        });
    }

    /// Adds `n(label),App(args)`.
    pub fn push_labelled(&mut self, label: &str, app: &str, args: impl Into<String>) {
        self.lines.push(Line {
            label: Some(label.into()),
            app: app.into(),
            args: args.into(),
        });
    }
}

/// Writes contexts in `extensions.conf` syntax.
pub fn write_contexts(out: &mut String, contexts: &[Context]) {
    for context in contexts {
        let _ = writeln!(out, "[{}]", context.name);
        for include in &context.includes {
            let _ = writeln!(out, "include => {include}");
        }
        for exten in &context.extens {
            if let Some(hint) = &exten.hint {
                let _ = writeln!(out, "exten => {},hint,{hint}", exten.name);
            }
            for (i, line) in exten.lines.iter().enumerate() {
                let head = if i == 0 {
                    format!("exten => {},1", exten.name)
                } else {
                    " same => n".to_owned()
                };
                let label = line
                    .label
                    .as_ref()
                    .map(|l| format!("({l})"))
                    .unwrap_or_default();
                let _ = writeln!(out, "{head}{label},{}({})", line.app, line.args);
            }
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts_are_written_in_descending_asterisk_order() {
        let mut context = Context::new("c");
        for name in ["100", "_X.", "nobody", "1000", "*97", "10-1"] {
            context.extens.push(Exten::new(name));
        }
        let names: Vec<String> = context
            .in_load_order()
            .extens
            .into_iter()
            .map(|e| e.name)
            .collect();
        // `10-1` is `101` to Asterisk, which sorts after `1000`.
        assert_eq!(names, ["_X.", "nobody", "10-1", "1000", "100", "*97"]);
    }
}
