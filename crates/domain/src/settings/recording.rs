//! Inbound and Outbound Recording.

use crate::catalogue::{Effect, Kinds};
use crate::values::{Bounded, Email, RecordingPolicy};

define_section! {
    /// Inbound Recording.
    InboundRecording, "inbound_recording", "Inbound Recording", Page::Extension {
        inbound_recording: RecordingPolicy = RecordingPolicy::Never, Kinds::PHONE, "Inbound recording policy",
            "Record inbound calls", "Whether calls received by the extension are recorded.",
            [Effect::Dialplan];
        inbound_recording_privacy: bool = false, Kinds::PHONE, "Inbound recording policy",
            "Recording privacy", "Play a recording announcement to the caller before recording.",
            [Effect::Dialplan];
        inbound_recording_email: bool = false, Kinds::PHONE, "Recording notifications",
            "Email inbound recordings", "Mail each recorded inbound call to Email recording to (or, when that is empty, the user email), with the recording attached. Needs the node's spool directory.",
            [Effect::Panel];
    }
}

define_section! {
    /// Outbound Recording.
    OutboundRecording, "outbound_recording", "Outbound Recording", Page::Extension {
        outbound_recording: RecordingPolicy = RecordingPolicy::Never, Kinds::ALL, "Always record",
            "Record outbound calls", "Whether calls placed by the extension are recorded (tenant-wide settings may force it).",
            [Effect::Dialplan];
        recording_email: Email = Email::default(), Kinds::ALL, "Email recording to",
            "Email recording to", "Where each recorded outbound call is mailed, with the recording attached (a link above 10 MB), and inbound ones with Email inbound recordings; empty: outbound recordings are not mailed. Needs the node's spool directory.",
            [Effect::Panel];
        recording_min_size_kb: Bounded<0, 10000> = Bounded::new(0), Kinds::ALL, "Email recording to",
            "Minimum size (KB)", "Recordings smaller than this are not mailed (they are still analysed).",
            [Effect::Panel];
        transcript: bool = false, Kinds::ALL, "Transcript, summary, sentiment",
            "Transcript", "Transcribe recordings when the tenant supports it.",
            [Effect::Panel];
        summary: bool = false, Kinds::ALL, "Transcript, summary, sentiment",
            "Summary", "Summarise transcribed recordings.",
            [Effect::Panel];
        sentiment: bool = false, Kinds::ALL, "Transcript, summary, sentiment",
            "Sentiment", "Run sentiment analysis on transcribed recordings.",
            [Effect::Panel];
    }
}
