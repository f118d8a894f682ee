//! AMI messages: blocks of `Key: value` lines framed by an empty line.

use tokio::io::{AsyncBufRead, AsyncBufReadExt};

/// One message (a response or an event).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message {
    pub headers: Vec<(String, String)>,
}

impl Message {
    /// The first value of `key` (case-insensitive).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `key`, e.g. the `Output` lines of a command.
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Reads the next message; `None` at end of stream. Lines without `:` (the
/// body of a legacy `Response: Follows`) are kept under the key `Output`.
pub async fn read_message<R: AsyncBufRead + Unpin>(
    reader: &mut R,
) -> std::io::Result<Option<Message>> {
    let mut message = Message::default();
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(None);
        }
        let text = line.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if message.headers.is_empty() {
                continue;
            }
            return Ok(Some(message));
        }
        match text.split_once(':') {
            Some((k, v)) if !k.contains(' ') => {
                message.headers.push((k.into(), v.trim_start().into()));
            }
            _ => message.headers.push(("Output".into(), text.into())),
        }
    }
}
