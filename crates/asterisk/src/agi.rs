//! The FastAGI protocol, server side: what Asterisk's `AGI(agi://...)`
//! sends (its `agi_*` environment, one `name: value` line each, ended by a
//! blank line) and the commands a server answers with.
//!
//! Reading is bounded: at most [`MAX_LINES`] lines of [`MAX_LINE`] bytes,
//! so a peer that is not Asterisk cannot make the server hold more.

use std::collections::BTreeMap;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt};

/// The most environment lines a request may have (Asterisk sends ~30).
pub const MAX_LINES: usize = 128;

/// The longest environment line, in bytes.
pub const MAX_LINE: usize = 2048;

/// One AGI request: its environment and its arguments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgiRequest {
    /// `agi_*` variables without the prefix (`channel`, `uniqueid`, ...).
    pub env: BTreeMap<String, String>,
    /// `agi_arg_1`, `agi_arg_2`, ... in order.
    pub args: Vec<String>,
}

/// Why a request could not be read.
#[derive(Debug, thiserror::Error)]
pub enum AgiError {
    #[error("the connection ended before the request did")]
    Truncated,
    #[error("a request line is longer than {MAX_LINE} bytes")]
    LineTooLong,
    #[error("a request has more than {MAX_LINES} lines")]
    TooManyLines,
    #[error("not an AGI environment line: {0:?}")]
    NotAgi(String),
    #[error("the answer to a command was {0:?}")]
    Refused(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl AgiRequest {
    /// The script the dialplan asked for: the path of `agi://host:port/<script>`.
    pub fn script(&self) -> &str {
        self.env
            .get("network_script")
            .map_or("", |s| s.trim_start_matches('/'))
    }

    /// An environment variable (without `agi_`), empty when absent.
    pub fn var(&self, name: &str) -> &str {
        self.env.get(name).map_or("", String::as_str)
    }

    /// Argument `n` (1-based), empty when absent.
    pub fn arg(&self, n: usize) -> &str {
        n.checked_sub(1)
            .and_then(|i| self.args.get(i))
            .map_or("", String::as_str)
    }
}

/// Reads one line of at most [`MAX_LINE`] bytes, without its line end.
async fn bounded_line<R: AsyncBufRead + Unpin>(reader: &mut R) -> Result<String, AgiError> {
    let mut line = Vec::new();
    let read = reader
        .take(MAX_LINE as u64 + 1)
        .read_until(b'\n', &mut line)
        .await?;
    if read == 0 {
        return Err(AgiError::Truncated);
    }
    if line.last() != Some(&b'\n') {
        return Err(if line.len() > MAX_LINE {
            AgiError::LineTooLong
        } else {
            AgiError::Truncated
        });
    }
    while matches!(line.last(), Some(b'\n' | b'\r')) {
        line.pop();
    }
    Ok(String::from_utf8_lossy(&line).into_owned())
}

/// Reads the environment Asterisk sends first.
pub async fn read_request<R: AsyncBufRead + Unpin>(reader: &mut R) -> Result<AgiRequest, AgiError> {
    let mut request = AgiRequest::default();
    let mut args = BTreeMap::new();
    for _ in 0..MAX_LINES {
        let line = bounded_line(reader).await?;
        if line.is_empty() {
            request.args = args.into_values().collect();
            return Ok(request);
        }
        let Some((name, value)) = line.split_once(": ").or_else(|| line.split_once(':')) else {
            return Err(AgiError::NotAgi(line));
        };
        let Some(name) = name.strip_prefix("agi_") else {
            return Err(AgiError::NotAgi(line));
        };
        match name.strip_prefix("arg_").map(str::parse::<usize>) {
            Some(Ok(n)) => {
                args.insert(n, value.to_owned());
            }
            _ => {
                request.env.insert(name.to_owned(), value.to_owned());
            }
        }
    }
    Err(AgiError::TooManyLines)
}

/// `SET VARIABLE <name> "<value>"`; `None` unless the name and the value
/// are plain (letters, digits, `_`, `-`, `.`), so nothing a value holds can
/// end the command or the quoted string.
pub fn set_variable(name: &str, value: &str) -> Option<String> {
    let plain = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b))
    };
    (!name.is_empty() && plain(name) && plain(value))
        .then(|| format!("SET VARIABLE {name} \"{value}\"\n"))
}

/// Reads the answer to a command: `200 result=...` is success; a `HANGUP`
/// line (the channel hung up) is skipped.
pub async fn read_answer<R: AsyncBufRead + Unpin>(reader: &mut R) -> Result<(), AgiError> {
    loop {
        let line = bounded_line(reader).await?;
        if line == "HANGUP" {
            continue;
        }
        return if line.starts_with("200 ") {
            Ok(())
        } else {
            Err(AgiError::Refused(line))
        };
    }
}

/// Drains what is left of a connection (bounded), for a polite close.
pub async fn drain<R: AsyncRead + Unpin>(reader: &mut R) {
    let mut sink = [0u8; 512];
    let _ = reader.read(&mut sink).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_request_gives_its_script_environment_and_arguments_in_order() {
        let text = "agi_network: yes\nagi_network_script: call-control\n\
                    agi_channel: PJSIP/100-ACME-00000001\nagi_uniqueid: 1700000000.7\n\
                    agi_arg_2: 100\nagi_arg_1: ACME\nagi_arg_3: 02079460000\n\n";
        let mut reader = text.as_bytes();
        let request = read_request(&mut reader).await.unwrap();
        assert_eq!(request.script(), "call-control");
        assert_eq!(request.var("channel"), "PJSIP/100-ACME-00000001");
        assert_eq!(request.args, ["ACME", "100", "02079460000"]);
        assert_eq!(request.arg(3), "02079460000");
        assert_eq!(request.arg(4), "");
        assert_eq!(request.arg(0), "");
    }

    #[tokio::test]
    async fn a_long_line_or_endless_request_is_refused_without_reading_it_all() {
        let long = format!("agi_x: {}\n\n", "a".repeat(10 * MAX_LINE));
        assert!(matches!(
            read_request(&mut long.as_bytes()).await,
            Err(AgiError::LineTooLong)
        ));
        let endless = "agi_x: y\n".repeat(MAX_LINES + 1);
        assert!(matches!(
            read_request(&mut endless.as_bytes()).await,
            Err(AgiError::TooManyLines)
        ));
        assert!(matches!(
            read_request(&mut "GET / HTTP/1.1\n\n".as_bytes()).await,
            Err(AgiError::NotAgi(_))
        ));
        assert!(matches!(
            read_request(&mut "agi_x: y\n".as_bytes()).await,
            Err(AgiError::Truncated)
        ));
    }

    #[test]
    fn only_plain_values_become_commands() {
        assert_eq!(
            set_variable("PBX_LIMIT", "allow").as_deref(),
            Some("SET VARIABLE PBX_LIMIT \"allow\"\n")
        );
        for bad in ["a\"b", "a b", "a\nEXEC Dial", "x\\"] {
            assert_eq!(set_variable("PBX_LIMIT", bad), None, "{bad:?}");
        }
        assert_eq!(set_variable("", "x"), None);
    }

    #[tokio::test]
    async fn an_answer_is_success_only_with_code_200() {
        assert!(read_answer(&mut "200 result=1\n".as_bytes()).await.is_ok());
        assert!(
            read_answer(&mut "HANGUP\n200 result=1\n".as_bytes())
                .await
                .is_ok()
        );
        assert!(read_answer(&mut "510 Invalid\n".as_bytes()).await.is_err());
    }
}
