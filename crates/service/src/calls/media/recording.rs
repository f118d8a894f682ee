//! What happens to a finished recording: the extension that owns it (the
//! callee of an inbound recording, the caller of an outbound one) decides
//! whether it is sent to the tenant's speech service and to whom it is
//! mailed (attached up to [`MAX_ATTACHMENT_BYTES`], linked above; not
//! mailed under the minimum size).

use std::path::Path;

use pbx_domain::settings::Settings;
use pbx_store::calls::NewCallRecord;

use crate::mail::Recipient;

/// Whether a recording file is of the callee's side of the call (the
/// inbound flow names its files `<uniqueid>-in.wav`).
pub(super) fn is_inbound(file: &str) -> bool {
    file.ends_with("-in.wav")
}

/// The extension whose settings decide about `record`'s recording `file`.
pub(super) fn owner<'a>(record: &'a NewCallRecord, file: &str) -> &'a str {
    if is_inbound(file) && record.direction == "internal" {
        &record.callee
    } else {
        &record.extension
    }
}

/// What the owner's settings ask for a recording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RecordingPlan {
    /// Where it is mailed, if anywhere.
    pub mail_to: Option<Recipient>,
    /// Recordings smaller than this are not mailed.
    pub min_bytes: u64,
    pub transcript: bool,
    pub summary: bool,
    pub sentiment: bool,
}

impl RecordingPlan {
    /// Outbound recordings go to the Email recording to address; inbound
    /// ones only with Email inbound recordings, to that address or else
    /// the user's email.
    pub fn of(settings: &Settings, inbound: bool) -> RecordingPlan {
        let out = &settings.outbound_recording;
        let address = if !inbound {
            out.recording_email.as_str()
        } else if !settings.inbound_recording.inbound_recording_email {
            ""
        } else if out.recording_email.is_empty() {
            settings.web_user.user_email.as_str()
        } else {
            out.recording_email.as_str()
        };
        RecordingPlan {
            mail_to: (!address.is_empty())
                .then(|| Recipient::parse(address).ok())
                .flatten(),
            min_bytes: out.recording_min_size_kb.get().unsigned_abs() * 1024,
            transcript: out.transcript,
            summary: out.summary,
            sentiment: out.sentiment,
        }
    }

    /// Whether the recording goes to the speech service.
    pub fn analyse(&self) -> bool {
        self.transcript || self.summary || self.sentiment
    }

    /// Whether anything is to be done with the recording at all.
    pub fn is_empty(&self) -> bool {
        self.mail_to.is_none() && !self.analyse()
    }

    /// Whether a recording of `size` bytes is mailed.
    pub fn mails(&self, size: u64) -> bool {
        self.mail_to.is_some() && size >= self.min_bytes
    }
}

/// Whether the file at `path` is still being written (changed within the
/// last two seconds): MixMonitor closes it just after the call's CDR.
pub(super) fn still_written(path: &Path) -> bool {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() < 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(patch: serde_json::Value) -> Settings {
        let mut s = Settings::default();
        let mut errors = pbx_domain::ValidationErrors::default();
        s.apply_json(&patch, None, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        s
    }

    #[test]
    fn outbound_recordings_are_mailed_to_the_recording_address_only() {
        let none = RecordingPlan::of(&Settings::default(), false);
        assert!(none.is_empty());
        let to = settings(serde_json::json!({"recording_email": "rec@example.com",
            "recording_min_size_kb": 8, "user_email": "ann@example.com"}));
        let plan = RecordingPlan::of(&to, false);
        assert_eq!(
            plan.mail_to.as_ref().map(ToString::to_string),
            Some("rec@example.com".into())
        );
        assert_eq!(plan.min_bytes, 8 * 1024);
        assert!(!plan.analyse());
    }

    #[test]
    fn inbound_recordings_need_their_flag_and_fall_back_to_the_user_email() {
        let user = settings(serde_json::json!({"user_email": "ann@example.com"}));
        assert_eq!(RecordingPlan::of(&user, true).mail_to, None);
        let flagged = settings(serde_json::json!({"user_email": "ann@example.com",
            "inbound_recording_email": true}));
        assert_eq!(
            RecordingPlan::of(&flagged, true)
                .mail_to
                .map(|r| r.to_string()),
            Some("ann@example.com".into())
        );
        let both = settings(serde_json::json!({"user_email": "ann@example.com",
            "inbound_recording_email": true, "recording_email": "rec@example.com"}));
        assert_eq!(
            RecordingPlan::of(&both, true)
                .mail_to
                .map(|r| r.to_string()),
            Some("rec@example.com".into())
        );
    }

    #[test]
    fn the_minimum_size_holds_back_small_recordings_and_analysis_needs_a_flag() {
        let plan = RecordingPlan::of(
            &settings(serde_json::json!({"recording_email": "rec@example.com",
                "recording_min_size_kb": 1, "sentiment": true})),
            false,
        );
        assert!(!plan.mails(1023));
        assert!(plan.mails(1024));
        assert!(plan.analyse() && !plan.transcript && plan.sentiment);
    }

    #[test]
    fn the_callee_owns_the_inbound_recording_of_an_internal_call() {
        let record = NewCallRecord {
            tenant_id: 1,
            extension: "100".into(),
            direction: "internal".into(),
            caller: "100".into(),
            callee: "101".into(),
            started_at: 0,
            answered_at: None,
            ended_at: 0,
            duration: 0,
            billsec: 0,
            disposition: "ANSWERED".into(),
            node: "ast1".into(),
            uniqueid: "1.1".into(),
            linkedid: "1.1".into(),
            recording: None,
            rate_prefix: None,
            amount: None,
        };
        assert_eq!(owner(&record, "1.1-in.wav"), "101");
        assert_eq!(owner(&record, "1.1-out.wav"), "100");
        let inbound = NewCallRecord {
            direction: "inbound".into(),
            extension: "101".into(),
            ..record
        };
        assert_eq!(owner(&inbound, "1.1-in.wav"), "101");
    }
}
