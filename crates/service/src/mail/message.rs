//! A mail as the service queues it: recipients that parsed as addresses,
//! a one-line subject, a text body and an optional attachment. Only these
//! types reach a header, so user text cannot add a header line: addresses
//! are parsed by lettre, and every control character of a subject becomes
//! a space.

use std::path::PathBuf;
use std::str::FromStr;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};

use crate::ServiceError;

/// One recipient: an address lettre parsed (`name <user@host>` or a bare
/// address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient(Mailbox);

impl Recipient {
    /// Parses an address; the message says what is wrong.
    pub fn parse(raw: &str) -> Result<Recipient, String> {
        if raw.chars().any(char::is_control) {
            return Err("must be one line".into());
        }
        Mailbox::from_str(raw.trim())
            .map(Recipient)
            .map_err(|_| "is not a valid email address".into())
    }

    pub fn mailbox(&self) -> &Mailbox {
        &self.0
    }
}

impl std::fmt::Display for Recipient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A subject line: user text with every control character (CR and LF
/// included) replaced by a space, at most 200 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject(String);

impl Subject {
    pub fn new(text: &str) -> Subject {
        let line: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .take(200)
            .collect();
        Subject(line.trim().to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a mail is about (kept with it in the queue).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailKind {
    AccountInfo,
    MissedCall,
    Recording,
    Voicemail,
    LimitWarning,
    Test,
}

impl MailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::AccountInfo => "account_info",
            MailKind::MissedCall => "missed_call",
            MailKind::Recording => "recording",
            MailKind::Voicemail => "voicemail",
            MailKind::LimitWarning => "limit_warning",
            MailKind::Test => "test",
        }
    }
}

/// A mail ready to queue (see [`crate::Service::queue_mail`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub kind: MailKind,
    pub to: Vec<Recipient>,
    pub subject: Subject,
    pub body: String,
    /// A file sent with the mail, read when it is sent.
    pub attachment: Option<PathBuf>,
}

/// Builds the message lettre sends from a queued row's fields: every
/// recipient and the sender parsed again, the subject made one line again
/// (a row written by hand cannot inject a header either).
pub fn build_message(
    sender: &str,
    recipients: &[String],
    subject: &str,
    body: &str,
    attachment: Option<(String, Vec<u8>)>,
) -> Result<lettre::Message, ServiceError> {
    let bad = |field: &str, message: String| ServiceError::invalid(field, message);
    let from = Recipient::parse(sender).map_err(|m| bad("sender", m))?;
    let mut builder = lettre::Message::builder()
        .from(from.0)
        .subject(Subject::new(subject).0);
    for to in recipients {
        builder = builder.to(Recipient::parse(to).map_err(|m| bad("to", m))?.0);
    }
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_owned());
    let built = match attachment {
        None => builder.singlepart(text),
        Some((name, bytes)) => {
            let kind = ContentType::parse("application/octet-stream")
                .map_err(|e| ServiceError::internal("attachment content type", e))?;
            let file = Attachment::new(Subject::new(&name).0).body(bytes, kind);
            builder.multipart(MultiPart::mixed().singlepart(text).singlepart(file))
        }
    };
    built.map_err(|e| bad("to", format!("cannot build the mail: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The header block of a formatted message, unfolded: one entry per
    /// header, with its name.
    fn header_names(message: &lettre::Message) -> Vec<String> {
        let text = String::from_utf8(message.formatted()).unwrap();
        let head = text.split("\r\n\r\n").next().unwrap();
        head.split("\r\n")
            .filter(|line| !line.starts_with([' ', '\t']))
            .map(|line| line.split(':').next().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn addresses_with_line_breaks_or_garbage_are_refused() {
        assert!(Recipient::parse("anna@example.com").is_ok());
        assert!(Recipient::parse("Anna Lee <anna@example.com>").is_ok());
        assert!(Recipient::parse("anna@example.com\r\nBcc: x@evil.test").is_err());
        assert!(Recipient::parse("not an address").is_err());
    }

    proptest! {
        /// Whatever a user types into a subject or a display name, the
        /// headers are exactly the ones pbx writes.
        #[test]
        fn no_line_break_of_user_text_reaches_a_header_line(
            subject in "(\\PC|\r|\n|\r\nBcc: evil@x.test\r\n|\r\n\r\n)*",
            name in "[a-zA-Z \r\n:]*",
        ) {
            let to = format!("{} <anna@example.com>", name.replace(['\r', '\n'], ""));
            let recipients = match Recipient::parse(&to) {
                Ok(r) => vec![r.to_string()],
                Err(_) => vec!["anna@example.com".to_owned()],
            };
            let message = build_message("pbx@example.com", &recipients, &subject, "body\r\nBcc: no", None).unwrap();
            let mut names = header_names(&message);
            names.sort();
            prop_assert_eq!(names, vec!["Content-Transfer-Encoding", "Content-Type", "Date", "From", "MIME-Version", "Subject", "To"]);
        }
    }
}
