//! One askama text template per kind of mail (`templates/mail/*.txt`) and
//! the constructors the rest of pbx calls: each takes the facts of its
//! mail, renders the body and builds a one-line subject. Text templates
//! are not escaped (they are not HTML); user text reaches only the body
//! and, made one line, the subject.

use std::path::PathBuf;

use askama::Template;

use super::message::{Mail, MailKind, Recipient, Subject};
use crate::ServiceError;

/// Recordings up to this size are attached; larger ones are linked.
pub const MAX_ATTACHMENT_BYTES: u64 = 10 * 1024 * 1024;

fn render(template: &impl Template) -> Result<String, ServiceError> {
    template
        .render()
        .map_err(|e| ServiceError::internal("rendering a mail template", e))
}

/// `2026-12-02 13:05 UTC` for a Unix time.
pub fn utc_text(unix: i64) -> String {
    let (year, month, day) = pbx_domain::calendar::civil_from_days(unix.div_euclid(86_400));
    let secs = unix.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60
    )
}

/// The phone and panel credentials of an extension.
#[derive(Template)]
#[template(path = "mail/account_info.txt")]
pub struct AccountInfo {
    pub tenant: String,
    pub number: String,
    pub name: String,
    /// Where the phone registers (`host[:port]`).
    pub server: String,
    pub sip_username: String,
    pub sip_secret: String,
    /// The user-panel login name, when the panel is on.
    pub web_login: Option<String>,
    /// A fast-provisioning link, when the tenant offers them.
    pub provisioning_link: Option<String>,
}

/// A call the extension did not answer.
#[derive(Template)]
#[template(path = "mail/missed_call.txt")]
pub struct MissedCall {
    pub tenant: String,
    /// Caller ID as Asterisk gave it.
    pub caller: String,
    /// The extension that was called.
    pub callee: String,
    /// When the call came (`utc_text`).
    pub at: String,
}

/// A finished recording.
#[derive(Template)]
#[template(path = "mail/recording.txt")]
pub struct Recording {
    pub tenant: String,
    pub extension: String,
    pub caller: String,
    pub callee: String,
    pub at: String,
    pub duration_secs: i64,
    pub file_name: String,
    pub size_bytes: u64,
    /// Set when the file is too large to attach: where to download it.
    pub link: Option<String>,
    /// What the tenant's speech service made of it (when asked).
    pub transcript: Option<String>,
    pub summary: Option<String>,
    pub sentiment: Option<String>,
    /// Why the speech service gave no answer.
    pub analysis_error: Option<String>,
}

impl Recording {
    /// A recording of a call `caller` placed to `callee`, of `extension`.
    pub fn new(
        tenant: &str,
        extension: &str,
        caller: &str,
        callee: &str,
        at: String,
        duration_secs: i64,
    ) -> Recording {
        Recording {
            tenant: tenant.to_owned(),
            extension: extension.to_owned(),
            caller: caller.to_owned(),
            callee: callee.to_owned(),
            at,
            duration_secs,
            file_name: String::new(),
            size_bytes: 0,
            link: None,
            transcript: None,
            summary: None,
            sentiment: None,
            analysis_error: None,
        }
    }

    /// Adds what the speech service answered.
    pub fn analysed(&mut self, analysis: &pbx_store::call_analyses::CallAnalysis) {
        self.transcript.clone_from(&analysis.transcript);
        self.summary.clone_from(&analysis.summary);
        self.sentiment.clone_from(&analysis.sentiment);
        self.analysis_error.clone_from(&analysis.error);
    }
}

/// A voicemail message a caller left.
#[derive(Template)]
#[template(path = "mail/voicemail.txt")]
pub struct Voicemail {
    pub tenant: String,
    /// The box (the extension number).
    pub mailbox: String,
    /// Caller ID as Asterisk recorded it.
    pub caller: String,
    pub at: String,
    pub duration_secs: i64,
    /// The attached audio file's name; empty when the audio is missing.
    pub file_name: String,
}

/// An abuse rule or a cost limit that fired.
#[derive(Template)]
#[template(path = "mail/limit_warning.txt")]
pub struct LimitWarning {
    pub tenant: String,
    pub extension: String,
    /// The rule, e.g. `The daily cost limit`.
    pub rule: String,
    /// What was measured, e.g. `Spent 51.20 of 50.00 today`.
    pub detail: String,
    /// `none (warning only)`, `outbound calls locked`, ...
    pub action: String,
    pub at: String,
}

/// A mail that proves the server settings work.
#[derive(Template)]
#[template(path = "mail/test.txt")]
pub struct TestMail {
    pub at: String,
    pub server: String,
    pub scope: String,
}

impl Mail {
    fn of(
        kind: MailKind,
        to: Vec<Recipient>,
        subject: &str,
        body: String,
        attachment: Option<PathBuf>,
    ) -> Mail {
        Mail {
            kind,
            to,
            subject: Subject::new(subject),
            body,
            attachment,
        }
    }

    pub fn account_info(to: Recipient, info: &AccountInfo) -> Result<Mail, ServiceError> {
        let subject = format!(
            "Your phone account: extension {} of {}",
            info.number, info.tenant
        );
        Ok(Mail::of(
            MailKind::AccountInfo,
            vec![to],
            &subject,
            render(info)?,
            None,
        ))
    }

    pub fn missed_call(to: Recipient, call: &MissedCall) -> Result<Mail, ServiceError> {
        let subject = format!("Missed call from {} on {}", call.caller, call.callee);
        Ok(Mail::of(
            MailKind::MissedCall,
            vec![to],
            &subject,
            render(call)?,
            None,
        ))
    }

    /// The recording `file` attached when it is at most
    /// [`MAX_ATTACHMENT_BYTES`]; otherwise `link` (required then) in the
    /// body.
    pub fn recording(
        to: Recipient,
        mut recording: Recording,
        file: PathBuf,
        link: Option<String>,
    ) -> Result<Mail, ServiceError> {
        let size = std::fs::metadata(&file)
            .map_err(|e| ServiceError::internal(format!("reading {}", file.display()), e))?
            .len();
        recording.size_bytes = size;
        recording.file_name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let attach = size <= MAX_ATTACHMENT_BYTES;
        if !attach {
            let Some(link) = link else {
                return Err(ServiceError::invalid(
                    "link",
                    "a recording too large to attach needs a download link",
                ));
            };
            recording.link = Some(link);
        }
        let subject = format!(
            "Recording of a call from {} to {}",
            recording.caller, recording.callee
        );
        Ok(Mail::of(
            MailKind::Recording,
            vec![to],
            &subject,
            render(&recording)?,
            attach.then_some(file),
        ))
    }

    /// The message's `audio` attached (read when the mail is sent).
    pub fn voicemail(
        to: Recipient,
        mut message: Voicemail,
        audio: Option<PathBuf>,
    ) -> Result<Mail, ServiceError> {
        message.file_name = audio
            .as_ref()
            .and_then(|a| a.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let subject = format!(
            "New voicemail from {} for {}",
            message.caller, message.mailbox
        );
        Ok(Mail::of(
            MailKind::Voicemail,
            vec![to],
            &subject,
            render(&message)?,
            audio,
        ))
    }

    pub fn limit_warning(to: Vec<Recipient>, warning: &LimitWarning) -> Result<Mail, ServiceError> {
        let subject = format!(
            "Warning: {} on extension {} of {}",
            warning.rule, warning.extension, warning.tenant
        );
        Ok(Mail::of(
            MailKind::LimitWarning,
            to,
            &subject,
            render(warning)?,
            None,
        ))
    }

    pub fn test(to: Recipient, test: &TestMail) -> Result<Mail, ServiceError> {
        Ok(Mail::of(
            MailKind::Test,
            vec![to],
            "pbx test mail",
            render(test)?,
            None,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to() -> Recipient {
        Recipient::parse("anna@example.com").unwrap()
    }

    #[test]
    fn unix_times_read_as_utc_dates() {
        assert_eq!(utc_text(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_text(1_796_216_700), "2026-12-02 13:05 UTC");
    }

    #[test]
    fn a_missed_call_mail_names_caller_callee_time_and_tenant() {
        let call = MissedCall {
            tenant: "Canistracci Oil".into(),
            caller: "\"Bob\" <5551234>\r\nBcc: x@evil.test".into(),
            callee: "101".into(),
            at: utc_text(0),
        };
        let mail = Mail::missed_call(to(), &call).unwrap();
        assert!(!mail.subject.as_str().contains(['\r', '\n']));
        assert!(
            mail.subject
                .as_str()
                .starts_with("Missed call from \"Bob\" <5551234>")
        );
        assert!(mail.body.contains("extension 101 of Canistracci Oil"));
        assert!(mail.body.contains("1970-01-01 00:00 UTC"));
    }

    #[test]
    fn a_small_recording_is_attached_and_a_large_one_linked() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("call.wav");
        std::fs::write(&small, b"RIFF").unwrap();
        let facts = || Recording::new("ACME", "100", "100", "5550100", utc_text(0), 42);
        let mail = Mail::recording(to(), facts(), small.clone(), None).unwrap();
        assert_eq!(mail.attachment.as_deref(), Some(small.as_path()));
        assert!(mail.body.contains("attached (call.wav)"));
        let large = dir.path().join("long.wav");
        let file = std::fs::File::create(&large).unwrap();
        file.set_len(MAX_ATTACHMENT_BYTES + 1).unwrap();
        assert!(Mail::recording(to(), facts(), large.clone(), None).is_err());
        let link = Some("https://pbx.example.com/r/1".to_owned());
        let mail = Mail::recording(to(), facts(), large, link).unwrap();
        assert_eq!(mail.attachment, None);
        assert!(mail.body.contains("https://pbx.example.com/r/1"));
    }

    #[test]
    fn a_recording_mail_carries_what_the_speech_service_made_of_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("call.wav");
        std::fs::write(&file, b"RIFF").unwrap();
        let mut facts = Recording::new("ACME", "100", "100", "5550100", utc_text(0), 42);
        facts.analysed(&pbx_store::call_analyses::CallAnalysis {
            transcript: Some("Hello, I would like to order.".into()),
            summary: Some("A customer orders.".into()),
            sentiment: Some("positive".into()),
            error: None,
        });
        let body = Mail::recording(to(), facts, file.clone(), None)
            .unwrap()
            .body;
        assert!(body.contains("Summary:\nA customer orders."), "{body}");
        assert!(body.contains("Sentiment: positive"), "{body}");
        assert!(
            body.contains("Transcript:\nHello, I would like to order."),
            "{body}"
        );
        let mut failed = Recording::new("ACME", "100", "100", "5550100", utc_text(0), 42);
        failed.analysed(&pbx_store::call_analyses::CallAnalysis {
            error: Some("the service answered 401".into()),
            ..Default::default()
        });
        let body = Mail::recording(to(), failed, file, None).unwrap().body;
        assert!(!body.contains("Transcript:"), "{body}");
        assert!(body.contains("could not analyse the recording: the service answered 401"));
    }

    #[test]
    fn a_voicemail_mail_attaches_the_message_or_says_where_it_is() {
        let message = || Voicemail {
            tenant: "ACME".into(),
            mailbox: "101".into(),
            caller: "\"Ann\" <100>\r\nBcc: x@evil.test".into(),
            at: utc_text(0),
            duration_secs: 4,
            file_name: String::new(),
        };
        let audio = PathBuf::from("/spool/msg0000.wav");
        let mail = Mail::voicemail(to(), message(), Some(audio.clone())).unwrap();
        assert_eq!(mail.kind, MailKind::Voicemail);
        assert_eq!(mail.attachment.as_ref(), Some(&audio));
        assert!(!mail.subject.as_str().contains(['\r', '\n']));
        assert!(
            mail.subject
                .as_str()
                .starts_with("New voicemail from \"Ann\" <100>")
        );
        assert!(
            mail.body.contains("attached (msg0000.wav)"),
            "{}",
            mail.body
        );
        let bare = Mail::voicemail(to(), message(), None).unwrap();
        assert_eq!(bare.attachment, None);
        assert!(bare.body.contains("not found on the node"), "{}", bare.body);
    }

    #[test]
    fn a_limit_warning_goes_to_every_recipient() {
        let warning = LimitWarning {
            tenant: "ACME".into(),
            extension: "100".into(),
            rule: "The daily cost limit".into(),
            detail: "Spent 51.20 of 50.00 today".into(),
            action: "outbound calls locked".into(),
            at: utc_text(0),
        };
        let admins = vec![to(), Recipient::parse("boss@example.com").unwrap()];
        let mail = Mail::limit_warning(admins, &warning).unwrap();
        assert_eq!(mail.to.len(), 2);
        assert!(mail.body.contains("Action taken: outbound calls locked."));
    }
}
