//! A strict, independent reader of Asterisk config files, used by the tests
//! to check what the renderers wrote: sections `[name](options)`,
//! `key=value` and `key => value`, `;` comments with `\;` escapes and
//! `#include`. Anything else is an error with its line number.

use crate::dialplan::{Context, Exten, Line};

/// A malformed line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}: {text:?}")]
pub struct ParseError {
    pub line: usize,
    pub message: String,
    pub text: String,
}

/// One item of a config file, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Include(String),
    Section(Section),
}

/// A section and its options (values unescaped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub name: String,
    /// The text between the parentheses of `[name](...)`, if any.
    pub templates: Option<String>,
    pub options: Vec<(String, String)>,
}

impl Section {
    /// The first value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses a config file.
pub fn parse_config(text: &str) -> Result<Vec<Item>, ParseError> {
    let mut items = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let fail = |message: &str| ParseError {
            line: index + 1,
            message: message.into(),
            text: raw.into(),
        };
        let line = strip_comment(raw);
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(path) = line.strip_prefix("#include") {
            let path = path.trim().trim_matches('"');
            if path.is_empty() || !raw.starts_with('#') {
                return Err(fail("malformed #include"));
            }
            items.push(Item::Include(path.into()));
        } else if line.starts_with('#') {
            return Err(fail("unknown directive"));
        } else if let Some(rest) = line.strip_prefix('[') {
            let (name, after) = rest
                .split_once(']')
                .ok_or_else(|| fail("unclosed section"))?;
            if name.is_empty() || name.contains('[') {
                return Err(fail("bad section name"));
            }
            let templates = match after {
                "" => None,
                t if t.starts_with('(') && t.ends_with(')') => Some(t[1..t.len() - 1].to_owned()),
                _ => return Err(fail("text after section header")),
            };
            items.push(Item::Section(Section {
                name: name.into(),
                templates,
                options: Vec::new(),
            }));
        } else {
            let (key, value) = match line.split_once("=>") {
                Some((k, v)) if !k.contains('=') => (k, v),
                _ => line.split_once('=').ok_or_else(|| fail("not key=value"))?,
            };
            let key = key.trim();
            let key_ok = !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
            if !key_ok {
                return Err(fail("bad option name"));
            }
            let Some(Item::Section(section)) = items.last_mut() else {
                return Err(fail("option outside a section"));
            };
            section
                .options
                .push((key.into(), value.trim().replace("\\;", ";")));
        }
    }
    Ok(items)
}

/// The line without its comment; `\;` is kept (unescaped later).
fn strip_comment(raw: &str) -> &str {
    let bytes = raw.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b';' && (i == 0 || bytes[i - 1] != b'\\') {
            return &raw[..i];
        }
    }
    raw
}

/// The sections of a parsed file (includes dropped).
pub fn sections(items: &[Item]) -> impl Iterator<Item = &Section> {
    items.iter().filter_map(|i| match i {
        Item::Section(s) => Some(s),
        Item::Include(_) => None,
    })
}

/// Parses a dialplan file into contexts: `exten => name,1,App(args)`,
/// `exten => name,hint,device`, `same => n(label),App(args)` and
/// `include => context`. Application names are letters only and arguments
/// must have balanced parentheses.
pub fn parse_dialplan(text: &str) -> Result<Vec<Context>, ParseError> {
    let items = parse_config(text)?;
    let fail = |message: &str, text: &str| ParseError {
        line: 0,
        message: message.into(),
        text: text.into(),
    };
    let mut contexts = Vec::new();
    for section in sections(&items) {
        let mut context = Context::new(&section.name);
        for (key, value) in &section.options {
            match key.as_str() {
                "include" => context.includes.push(value.clone()),
                "exten" => {
                    let (name, rest) = value.split_once(',').ok_or_else(|| fail("exten", value))?;
                    let (priority, call) =
                        rest.split_once(',').ok_or_else(|| fail("exten", value))?;
                    if priority == "hint" {
                        let mut e = Exten::new(name);
                        e.hint = Some(call.into());
                        context.extens.push(e);
                        continue;
                    }
                    let (number, label) =
                        split_label(priority).ok_or_else(|| fail("priority", value))?;
                    if number != "1" {
                        return Err(fail("first priority must be 1", value));
                    }
                    let line =
                        app_call(label, call).ok_or_else(|| fail("application call", value))?;
                    match context.extens.last_mut() {
                        Some(e) if e.name == name && e.lines.is_empty() => e.lines.push(line),
                        _ => {
                            let mut e = Exten::new(name);
                            e.lines.push(line);
                            context.extens.push(e);
                        }
                    }
                }
                "same" => {
                    let (priority, call) =
                        value.split_once(',').ok_or_else(|| fail("same", value))?;
                    let (number, label) =
                        split_label(priority).ok_or_else(|| fail("priority", value))?;
                    if number != "n" {
                        return Err(fail("same needs priority n", value));
                    }
                    let line =
                        app_call(label, call).ok_or_else(|| fail("application call", value))?;
                    let e = context
                        .extens
                        .last_mut()
                        .filter(|e| !e.lines.is_empty())
                        .ok_or_else(|| fail("same without exten", value))?;
                    e.lines.push(line);
                }
                _ => return Err(fail("not a dialplan statement", key)),
            }
        }
        contexts.push(context);
    }
    Ok(contexts)
}

fn split_label(priority: &str) -> Option<(&str, Option<String>)> {
    match priority.split_once('(') {
        None => Some((priority, None)),
        Some((n, rest)) => {
            let label = rest.strip_suffix(')')?;
            let ok =
                !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            ok.then(|| (n, Some(label.to_owned())))
        }
    }
}

fn app_call(label: Option<String>, call: &str) -> Option<Line> {
    let (app, rest) = call.split_once('(')?;
    let args = rest.strip_suffix(')')?;
    if app.is_empty() || !app.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut depth = 0i32;
    for c in args.chars() {
        depth += match c {
            '(' => 1,
            ')' => -1,
            _ => 0,
        };
        if depth < 0 {
            return None;
        }
    }
    (depth == 0).then(|| Line {
        label,
        app: app.into(),
        args: args.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_options_comments_and_escapes_are_read() {
        let items =
            parse_config("; head\n[a](!)\nx = 1 ; note\ny=>a\\;b\n#include /x.conf\n").unwrap();
        let Item::Section(s) = &items[0] else {
            panic!()
        };
        assert_eq!(s.templates.as_deref(), Some("!"));
        assert_eq!(s.get("x"), Some("1"));
        assert_eq!(s.get("y"), Some("a;b"));
        assert_eq!(items[1], Item::Include("/x.conf".into()));
    }

    #[test]
    fn malformed_lines_are_rejected() {
        for bad in [
            "x=1",
            "[a]\nnot an option",
            "[a\n",
            "[a]b",
            "[a]\n#exec rm",
            "[a]\nk y=1",
        ] {
            assert!(parse_config(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn dialplan_lines_become_contexts_with_their_calls() {
        let text = "[c]\ninclude => d\nexten => 1,hint,PJSIP/a\nexten => 1,1,NoOp(x)\n same => n(done),Dial(PJSIP/a,30,)\n";
        let contexts = parse_dialplan(text).unwrap();
        assert_eq!(contexts[0].includes, vec!["d".to_string()]);
        let e = &contexts[0].extens[0];
        assert_eq!(e.hint.as_deref(), Some("PJSIP/a"));
        assert_eq!(e.lines[1].app, "Dial");
        assert_eq!(e.lines[1].label.as_deref(), Some("done"));
    }

    #[test]
    fn unbalanced_application_arguments_are_rejected() {
        assert!(parse_dialplan("[c]\nexten => 1,1,NoOp(a))\n").is_err());
        assert!(parse_dialplan("[c]\nexten => 1,1,NoOp(a\n").is_err());
    }
}
