//! The node's data directory: the install's own (documentation, keys,
//! phoneprov, ...) linked in, and a `sounds/en` of short silent prompts.
//!
//! The shared build has no sound files, and some applications give up
//! when a prompt is missing: `VoiceMail` hangs up on a missing
//! `vm-theperson` before it records anything, `Authenticate` (the lock
//! PIN) on a missing `agent-pass` before it reads a digit, and `Dial`'s
//! announcement option logs an error. Each prompt voicemail and
//! `Authenticate` play, and the recording notice pbx's dialplan plays, is
//! here as 100 ms of silence in raw mu-law (`format_pcm`), so calls take
//! the path a node with real sounds takes, only quieter.

use std::io;
use std::path::Path;

/// The prompts `app_voicemail` plays (every `vm-*` it names), the beep
/// before recording and the digits it says box numbers with.
const VOICEMAIL_PROMPTS: &str = "\
    beep vm-INBOX vm-Old vm-Urgent vm-Work vm-Family vm-Friends vm-advopts vm-and \
    vm-calldiffnum vm-changeto vm-delete vm-deleted vm-dialout vm-duration \
    vm-enter-num-to-call vm-extension vm-first vm-for vm-forward vm-forwardoptions vm-from \
    vm-from-extension vm-from-phonenumber vm-goodbye vm-have vm-haveno vm-helpexit \
    vm-incorrect vm-incorrect-mailbox vm-intro vm-invalid-password vm-isonphone vm-isunavail \
    vm-last vm-leavemsg vm-listen vm-login vm-mailboxfull vm-message vm-messages vm-minutes \
    vm-mismatch vm-msgforwarded vm-msgsaved vm-new vm-newpassword vm-newuser vm-next vm-no \
    vm-nobox vm-nomessages vm-nomore vm-nonewmessages vm-nonumber vm-nothingrecorded \
    vm-number vm-old vm-onefor vm-onefor-full vm-options vm-opts vm-opts-full vm-passchanged \
    vm-password vm-pls-try-again vm-press vm-prev vm-reachoper vm-rec-busy vm-rec-name \
    vm-rec-temp vm-rec-unv vm-reenterpassword vm-repeat vm-review vm-saved vm-savedto \
    vm-savefolder vm-savemessage vm-sorry vm-star-cancel vm-starmain vm-tempgreetactive \
    vm-tempgreeting vm-tempremoved vm-then-pound vm-theperson vm-tmpexists vm-tocallback \
    vm-tocallnum vm-tocancel vm-tocancelmsg vm-toenternumber vm-toforward vm-tohearenv \
    vm-tomakecall vm-tooshort vm-toreply vm-torerecord vm-undelete vm-undeleted \
    vm-unknown-caller vm-whichbox vm-you vm-youhave vm-youhaveno digits/0 digits/1 digits/2 \
    digits/3 digits/4 digits/5 digits/6 digits/7 digits/8 digits/9";

/// The prompts `app_authenticate` plays (the lock PIN).
const AUTHENTICATE_PROMPTS: &str = "agent-pass auth-incorrect auth-thankyou vm-goodbye";

/// The sounds an operator adds for pbx's dialplan (see docs/asterisk.md).
const PBX_PROMPTS: &str = "custom/pbx-recording-notice";

/// Writes `data` (the node's `astdatadir`): every entry of the install's
/// `install_data` but `sounds` as a symlink, and the silent prompts.
pub fn data_dir(install_data: &Path, data: &Path) -> io::Result<()> {
    std::fs::create_dir_all(data)?;
    for entry in std::fs::read_dir(install_data)? {
        let entry = entry?;
        if entry.file_name() != "sounds" {
            std::os::unix::fs::symlink(entry.path(), data.join(entry.file_name()))?;
        }
    }
    let sounds = data.join("sounds/en");
    std::fs::create_dir_all(sounds.join("digits"))?;
    std::fs::create_dir_all(sounds.join("custom"))?;
    // 100 ms at 8 kHz; 0xFF is silence in mu-law.
    let silence = vec![0xFF_u8; 800];
    let prompts = VOICEMAIL_PROMPTS
        .split_whitespace()
        .chain(AUTHENTICATE_PROMPTS.split_whitespace())
        .chain(PBX_PROMPTS.split_whitespace());
    for prompt in prompts {
        std::fs::write(sounds.join(format!("{prompt}.ulaw")), &silence)?;
    }
    Ok(())
}

/// A mono 8 kHz 16-bit WAV of `seconds` of silence.
pub fn silence_wav(seconds: u32) -> Vec<u8> {
    let samples = 8000 * seconds;
    let data = samples * 2;
    let mut out = Vec::with_capacity(44 + data as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&8000u32.to_le_bytes());
    out.extend_from_slice(&16000u32.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data.to_le_bytes());
    out.resize(44 + data as usize, 0);
    out
}
