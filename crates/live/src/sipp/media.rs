//! What a SIPp caller sends once its call is answered, as scenario XML.
//!
//! DTMF goes as SIP INFO (`application/dtmf-relay`), one request per
//! digit. SIPp's RFC 2833 captures all carry the same RTP timestamp, so
//! Asterisk takes every digit after the first of a call for a duplicate
//! END and drops it: a PIN could never be entered that way.

use std::fmt::Write;
use std::time::Duration;

/// The directory of SIPp's captures (Debian's sip-tester).
const CAPTURES: &str = "/usr/share/sip-tester";

/// The CSeq of the first INFO (the INVITE has 1 or 2, the BYE 999).
const FIRST_INFO_CSEQ: usize = 10;

/// Media the caller plays once answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Media {
    /// Speech-like audio (SIPp's G.711 A-law capture, about 8 s).
    Audio,
    /// DTMF digits, `pause` apart, after `wait`.
    Dtmf {
        digits: String,
        wait: Duration,
        pause: Duration,
    },
}

/// The From and To lines of the caller's INFOs. The placeholders
/// (`@from_user@`, ...) are those of the call scenario.
const CALLER_PARTIES: &str = "From: \"@from_name@\" <sip:@from_user@@[remote_ip]>;tag=[pid]c[call_number]\n\
To:[$dialog_to]";

/// The From and To lines of the called party's INFOs (`answer_dtmf.xml`:
/// the INVITE's To with the tag of its answer, and its From).
const CALLED_PARTIES: &str = "From:[$called];tag=[pid]d[call_number]\nTo:[$caller]";

/// One INFO carrying `digit` between `parties`, and the wait for its answer.
fn info(parties: &str, digit: char, cseq: usize) -> String {
    let body = format!("Signal={digit}\r\nDuration=160\r\n");
    format!(
        "  <send retrans=\"500\"><![CDATA[\n\
INFO [next_url] SIP/2.0\n\
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport\n\
{parties}\n\
[routes]\n\
Call-ID: [call_id]\n\
CSeq: {cseq} INFO\n\
Max-Forwards: 70\n\
Content-Type: application/dtmf-relay\n\
Content-Length: [len]\n\
\n\
{body}]]></send>\n  <recv response=\"200\"/>\n"
    )
}

/// The scenario steps playing `media` in order.
pub fn media_xml(media: &[Media]) -> String {
    let mut out = String::new();
    let mut cseq = FIRST_INFO_CSEQ;
    for item in media {
        match item {
            Media::Audio => {
                let _ = writeln!(
                    out,
                    "  <nop><action><exec play_pcap_audio=\"{CAPTURES}/g711a.pcap\"/></action></nop>"
                );
            }
            Media::Dtmf {
                digits,
                wait,
                pause,
            } => {
                let _ = writeln!(out, "  <pause milliseconds=\"{}\"/>", wait.as_millis());
                for digit in digits.chars() {
                    assert!(
                        digit.is_ascii_digit() || "*#ABCD".contains(digit),
                        "not a DTMF digit: {digit:?}"
                    );
                    out.push_str(&info(CALLER_PARTIES, digit, cseq));
                    cseq += 1;
                    let _ = writeln!(out, "  <pause milliseconds=\"{}\"/>", pause.as_millis());
                }
            }
        }
    }
    assert!(cseq < 999, "too many digits for one call");
    out
}

/// The scenario steps of a called party pressing `digits` (SIP INFO),
/// `pause` apart, `wait` after the answer.
pub fn called_dtmf_xml(digits: &str, wait: Duration, pause: Duration) -> String {
    let mut out = format!("  <pause milliseconds=\"{}\"/>\n", wait.as_millis());
    for (i, digit) in digits.chars().enumerate() {
        assert!(
            digit.is_ascii_digit() || "*#ABCD".contains(digit),
            "not a DTMF digit: {digit:?}"
        );
        // The called party's requests have a CSeq space of their own.
        out.push_str(&info(CALLED_PARTIES, digit, i + 1));
        let _ = writeln!(out, "  <pause milliseconds=\"{}\"/>", pause.as_millis());
    }
    out
}
