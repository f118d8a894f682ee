//! The escaping and validation gate every value passes before it is written:
//! nothing can end its line, open a section, add an option, add a Dial()
//! argument or run an application.

/// A value that cannot be written safely.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnsafeValue {
    /// A control character (line break, NUL...) in a config value.
    #[error("{what} contains a control character")]
    ControlCharacter { what: String },
    /// A character outside the set a dialplan literal may hold.
    #[error("{what} may not be used literally in the dialplan: {value:?}")]
    NotLiteral { what: String, value: String },
}

/// A config-file value: control characters are refused and `;` becomes
/// `\;` (Asterisk's escape), so the value stays one option on one line.
pub fn conf_value(what: &str, raw: &str) -> Result<String, UnsafeValue> {
    if raw.chars().any(char::is_control) {
        return Err(UnsafeValue::ControlCharacter { what: what.into() });
    }
    Ok(raw.trim().replace(';', "\\;"))
}

/// A value spliced literally into a dialplan application argument: only
/// letters, digits and `+ * # . _ @ / : -` are allowed (no `,`, `(`, `)`,
/// `$`, `&`, `|`, `;`, quotes, braces, brackets or spaces).
pub fn dial_literal<'a>(what: &str, raw: &'a str) -> Result<&'a str, UnsafeValue> {
    let ok = raw
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "+*#._@/:-".contains(c));
    if ok {
        Ok(raw)
    } else {
        Err(UnsafeValue::NotLiteral {
            what: what.into(),
            value: raw.into(),
        })
    }
}

/// Free text for the dialplan as `${BASE64_DECODE(...)}`: the line only
/// ever holds base64 characters, and Asterisk does not re-evaluate the
/// decoded text.
pub fn dialplan_text(raw: &str) -> String {
    format!("${{BASE64_DECODE({})}}", base64(raw.as_bytes()))
}

/// A regular expression as the value of a variable that `REGEX("${VAR}" ...)`
/// reads: Asterisk splits that function's arguments with backslash escapes
/// and quotes, so a `\` would be dropped (`\.` became "any character") and
/// a `"` would end the expression. Both are escaped with a backslash.
pub fn regex_argument(regex: &str) -> String {
    let mut out = String::with_capacity(regex.len());
    for c in regex.chars() {
        if c == '\\' || c == '"' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_semicolon_is_escaped_and_a_line_break_is_refused() {
        assert_eq!(conf_value("x", "a;b").unwrap(), "a\\;b");
        assert!(conf_value("x", "a\nb").is_err());
    }

    #[test]
    fn a_dial_literal_refuses_argument_separators() {
        assert!(dial_literal("x", "PJSIP/100@carrier").is_ok());
        for bad in ["1,2", "a&b", "${X}", "a)b", "a|b", "a b"] {
            assert!(dial_literal("x", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_regex_argument_keeps_its_backslashes_and_quotes() {
        assert_eq!(regex_argument(r#"^555\.1"2$"#), r#"^555\\.1\"2$"#);
        assert_eq!(regex_argument("^[0-9]+$"), "^[0-9]+$");
    }

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64("Zoë;".as_bytes()), "Wm/Dqzs=");
    }
}
