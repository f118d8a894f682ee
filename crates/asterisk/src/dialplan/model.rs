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
