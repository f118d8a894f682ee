//! Reading Asterisk's `messages.log` for configuration problems: every
//! warning and error, except the few a correct node prints anyway (chan_sip's
//! deprecation notice at load) and those calls cause because this build has
//! no sound files (a prompt that "does not exist in any format").

use std::path::Path;

/// A position in a log file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogMark(u64);

impl LogMark {
    /// The start of the file.
    pub fn start() -> LogMark {
        LogMark(0)
    }

    /// The current end of `path`.
    pub fn at(path: &Path) -> LogMark {
        LogMark(std::fs::metadata(path).map_or(0, |m| m.len()))
    }

    /// The text of `path` after the mark.
    pub fn read_from(&self, path: &Path) -> String {
        let bytes = std::fs::read(path).unwrap_or_default();
        let from = (self.0 as usize).min(bytes.len());
        String::from_utf8_lossy(&bytes[from..]).into_owned()
    }
}

/// One logged problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: String,
}

/// Lines every correct node logs: chan_sip is deprecated in Asterisk 20.
const BASELINE: &[&str] = &[
    "Module 'chan_sip' has been loaded but was deprecated",
    "chan_sip has no official maintainer",
    "chan_pjsip is recommended",
    "https://wiki.asterisk.org/wiki/display/AST/",
];

/// What a call to a phone that is not registered logs (the call goes on
/// to the offline branch).
const OFFLINE_PHONES: &[&str] = &[
    "Could not create dialog to invalid URI",
    "Failed to create outgoing session to endpoint",
];

/// What calls log because this build has no sound files: the prompt (and
/// the application that wanted it) go on without it.
const NO_SOUNDS: &[&str] = &[
    "does not exist in any format",
    "Unable to open",
    "Playback failed",
    "ast_streamfile",
    "Failed to playback",
    "Couldn't find",
    "play_and_wait",
    "vm_play_folder_name",
    "ast_say_",
    "Unable to find",
];

/// The warnings and errors in `text` that a correct configuration and a
/// build without sound files do not produce.
pub fn problems(text: &str) -> Vec<Problem> {
    text.lines()
        .filter(|l| l.contains(" WARNING[") || l.contains(" ERROR["))
        .filter(|l| !BASELINE.iter().any(|b| l.contains(b)))
        .filter(|l| !NO_SOUNDS.iter().any(|b| l.contains(b)))
        .filter(|l| !OFFLINE_PHONES.iter().any(|b| l.contains(b)))
        .map(|l| Problem { line: l.to_owned() })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejected_option_is_a_problem_and_the_deprecation_notice_is_not() {
        let log = "[2026-12-01 10:00:00.000] WARNING[1] loader.c: Module 'chan_sip' has been loaded but was deprecated in Asterisk version 17\n\
                   [2026-12-01 10:00:00.000] ERROR[1] config_options.c: Could not find option suitable for category '100-A' named 'bogus' at line 5 of\n\
                   [2026-12-01 10:00:00.000] NOTICE[1] res_pjsip/pjsip_distributor.c: Request 'REGISTER' from '<sip:1@x>' failed\n\
                   [2026-12-01 10:00:01.000] WARNING[2] file.c: File custom/pbx-recording-notice does not exist in any format\n";
        let found = problems(log);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].line.contains("bogus"));
    }
}
