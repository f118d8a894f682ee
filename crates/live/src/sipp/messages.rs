//! SIPp's message trace (`-trace_msg`) read back into messages: direction,
//! start line and headers, so tests can assert what a phone or carrier
//! received (Request-URI, caller ID headers, auto-answer headers, MWI).

/// One SIP message a SIPp process sent or received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SipMessage {
    /// True for messages SIPp sent, false for those it received.
    pub sent: bool,
    /// `INVITE sip:100@127.0.0.1 SIP/2.0` or `SIP/2.0 200 OK`.
    pub start: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl SipMessage {
    /// The method of a request.
    pub fn method(&self) -> Option<&str> {
        let first = self.start.split_whitespace().next()?;
        (!first.starts_with("SIP/")).then_some(first)
    }

    /// The status code of a response.
    pub fn status(&self) -> Option<u16> {
        let mut parts = self.start.split_whitespace();
        if !parts.next()?.starts_with("SIP/") {
            return None;
        }
        parts.next()?.parse().ok()
    }

    /// The Request-URI of a request.
    pub fn uri(&self) -> Option<&str> {
        self.method()?;
        self.start.split_whitespace().nth(1)
    }

    /// The user part of the Request-URI: `sip:100@host` gives `100`.
    pub fn uri_user(&self) -> Option<&str> {
        let uri = self.uri()?;
        let rest = uri
            .strip_prefix("sip:")
            .or_else(|| uri.strip_prefix("sips:"))?;
        rest.split_once('@').map(|(user, _)| user)
    }

    /// The first value of header `name` (case-insensitive; compact forms
    /// `f`, `t`, `m`, `i` of From, To, Contact, Call-ID too).
    pub fn header(&self, name: &str) -> Option<&str> {
        let compact = match name.to_ascii_lowercase().as_str() {
            "from" => Some("f"),
            "to" => Some("t"),
            "contact" => Some("m"),
            "call-id" => Some("i"),
            _ => None,
        };
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name) || Some(k.as_str()) == compact)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of header `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The display name and user of a `From`-like header value:
    /// `"Ann" <sip:100@host>;tag=x` gives `("Ann", "100")`.
    pub fn identity(value: &str) -> (String, String) {
        let (name, rest) = match value.find('<') {
            Some(i) => (
                value[..i].trim().trim_matches('"').to_owned(),
                &value[i + 1..],
            ),
            None => (String::new(), value),
        };
        let uri = rest.split(['>', ';']).next().unwrap_or("");
        let user = uri
            .trim_start_matches("sips:")
            .trim_start_matches("sip:")
            .split('@')
            .next()
            .unwrap_or("")
            .to_owned();
        (name, user)
    }
}

/// Reads a `-trace_msg` file.
pub fn parse_messages(text: &str) -> Vec<SipMessage> {
    let mut out = Vec::new();
    for block in text.split("----------------------------------------------- ") {
        let mut lines = block.lines();
        let _timestamp = lines.next();
        let Some(kind) = lines.find(|l| !l.trim().is_empty()) else {
            continue;
        };
        let sent = if kind.contains("message sent") {
            true
        } else if kind.contains("message received") {
            false
        } else {
            continue;
        };
        let mut lines = lines.skip_while(|l| l.trim().is_empty());
        let Some(start) = lines.next() else { continue };
        let mut headers = Vec::new();
        let mut body = String::new();
        let mut in_body = false;
        for line in lines {
            if in_body {
                body.push_str(line);
                body.push('\n');
            } else if line.trim().is_empty() {
                in_body = true;
            } else if let Some((k, v)) = line.split_once(':') {
                headers.push((k.trim().to_owned(), v.trim().to_owned()));
            }
        }
        out.push(SipMessage {
            sent,
            start: start.trim().to_owned(),
            headers,
            body,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trace_reads_back_into_requests_and_responses() {
        let trace = "----------------------------------------------- 2026-12-01\t22:26:48.548949\n\
UDP message received [10] bytes :\n\n\
INVITE sip:100@127.0.0.1:5060 SIP/2.0\n\
From: \"Ann\" <sip:101-ACME@127.0.0.1>;tag=1\n\
Alert-Info: info=alert-autoanswer\n\n\
v=0\n\n\
----------------------------------------------- 2026-12-01\t22:26:48.6\n\
UDP message sent (10 bytes):\n\n\
SIP/2.0 486 Busy Here\n\
Content-Length: 0\n\n";
        let messages = parse_messages(trace);
        assert_eq!(messages.len(), 2);
        assert_eq!(messages[0].method(), Some("INVITE"));
        assert!(!messages[0].sent);
        assert_eq!(messages[0].uri_user(), Some("100"));
        assert_eq!(
            messages[0].header("alert-info"),
            Some("info=alert-autoanswer")
        );
        let (name, user) = SipMessage::identity(messages[0].header("From").unwrap());
        assert_eq!((name.as_str(), user.as_str()), ("Ann", "101-ACME"));
        assert_eq!(messages[1].status(), Some(486));
        assert!(messages[1].sent);
    }
}
