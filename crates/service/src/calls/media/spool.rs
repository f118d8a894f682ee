//! A node's Asterisk spool directory as pbx reads it (the node's
//! `spool_dir`): MixMonitor's recordings under `monitor/`, voicemail boxes
//! under `voicemail/<context>/<box>/INBOX`, each message a `msgNNNN.txt`
//! description beside its audio. Names come from CDRs a node wrote, so a
//! name that could leave its directory is refused.

use std::path::{Path, PathBuf};

/// Whether `name` is one plain file or directory name (no separator, no
/// `..`, nothing but letters, digits, `-`, `_`, `.` and `@`).
fn plain(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.@".contains(c))
}

/// Where a recording MixMonitor wrote as `file` lies.
pub fn recording_path(spool: &Path, file: &str) -> Option<PathBuf> {
    plain(file).then(|| spool.join("monitor").join(file))
}

/// One message of a voicemail box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoicemailMessage {
    /// Asterisk's id of the message (`msg_id`), unique per box.
    pub msg_id: String,
    /// Who left it (`callerid`, e.g. `"Ann" <100>`).
    pub caller_id: String,
    /// When it was left (Unix seconds).
    pub left_at: i64,
    /// Its length in seconds.
    pub duration_secs: i64,
    /// The audio file, when one of the known formats is there.
    pub audio: Option<PathBuf>,
}

/// Audio formats voicemail may store, in the order one is attached.
const AUDIO_FORMATS: [&str; 4] = ["wav", "WAV", "gsm", "ulaw"];

/// The value of `key` in a message description (`key=value` lines).
fn field<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim() == key).then(|| v.trim())
    })
}

/// The message a `msgNNNN.txt` describes, its audio beside it.
fn message(description: &Path, text: &str) -> Option<VoicemailMessage> {
    let left_at = field(text, "origtime")?.parse().ok()?;
    let msg_id = field(text, "msg_id")
        .filter(|id| !id.is_empty())
        .map_or_else(|| format!("{left_at}"), str::to_owned);
    let audio = AUDIO_FORMATS
        .iter()
        .map(|ext| description.with_extension(ext))
        .find(|p| p.is_file());
    Some(VoicemailMessage {
        msg_id,
        caller_id: field(text, "callerid").unwrap_or_default().to_owned(),
        left_at,
        duration_secs: field(text, "duration")
            .and_then(|d| d.parse().ok())
            .unwrap_or(0),
        audio,
    })
}

/// The new (unheard) messages of box `mailbox` in voicemail `context`,
/// oldest first; none when the box does not exist.
pub fn new_messages(
    spool: &Path,
    context: &str,
    mailbox: &str,
) -> std::io::Result<Vec<VoicemailMessage>> {
    if !plain(context) || !plain(mailbox) {
        return Ok(Vec::new());
    }
    let inbox = spool
        .join("voicemail")
        .join(context)
        .join(mailbox)
        .join("INBOX");
    let entries = match std::fs::read_dir(&inbox) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut out = Vec::new();
    for entry in entries {
        let path = entry?.path();
        let is_description = path.extension().is_some_and(|e| e == "txt")
            && path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("msg"));
        if !is_description {
            continue;
        }
        // A description over 64 KiB is not one Asterisk wrote.
        if std::fs::metadata(&path)?.len() > 64 * 1024 {
            continue;
        }
        let text = std::fs::read_to_string(&path)?;
        out.extend(message(&path, &text));
    }
    out.sort_by(|a, b| (a.left_at, &a.msg_id).cmp(&(b.left_at, &b.msg_id)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recording_names_cannot_leave_the_monitor_directory() {
        let spool = Path::new("/spool");
        assert_eq!(
            recording_path(spool, "1700000000.12-in.wav"),
            Some(PathBuf::from("/spool/monitor/1700000000.12-in.wav"))
        );
        for bad in ["", "..", "../etc/passwd", "a/b.wav", "x\n.wav", "/abs.wav"] {
            assert_eq!(recording_path(spool, bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_box_lists_its_new_messages_with_their_audio() {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("voicemail/ACME/101/INBOX");
        std::fs::create_dir_all(&inbox).unwrap();
        let description = ";\n; Message Information file\n;\n[message]\norigmailbox=101\n\
            callerid=\"Ann Lee\" <100>\norigtime=1764700000\nmsg_id=1764700000-00000001\n\
            duration=4\n";
        std::fs::write(inbox.join("msg0000.txt"), description).unwrap();
        std::fs::write(inbox.join("msg0000.wav"), b"RIFF").unwrap();
        std::fs::write(inbox.join("msg0001.txt"), "origtime=1764700100\n").unwrap();
        std::fs::write(inbox.join("greeting.txt"), "origtime=1\n").unwrap();
        let messages = new_messages(dir.path(), "ACME", "101").unwrap();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert_eq!(
            messages[0],
            VoicemailMessage {
                msg_id: "1764700000-00000001".into(),
                caller_id: "\"Ann Lee\" <100>".into(),
                left_at: 1_764_700_000,
                duration_secs: 4,
                audio: Some(inbox.join("msg0000.wav")),
            }
        );
        assert_eq!(messages[1].msg_id, "1764700100");
        assert_eq!(messages[1].audio, None);
        assert!(new_messages(dir.path(), "ACME", "102").unwrap().is_empty());
        assert!(new_messages(dir.path(), "..", "101").unwrap().is_empty());
    }
}
