//! CSV-shaped inputs: known, unknown, repeated and huge headers; rows of up
//! to 1,100 cells; quotes left open; every delimiter; BOMs and UTF-16;
//! NUL and control bytes; formula characters; cells that fail parsing.

use super::rng::Rng;

const HEADERS: &[&str] = &[
    "number",
    "kind",
    "name",
    "username",
    "secret",
    "ring_timeout",
    "codecs",
    "outbound_proxy",
    "aor_mailboxes",
    "max_contacts",
    "virtual_members",
    "extension",
    "tech",
    "description",
    "dnd",
    "x-unknown",
    "",
];
const CELLS: &[&str] = &[
    "100",
    "0100",
    "pjsip",
    "sip",
    "virtual",
    "custom",
    "x",
    "=cmd|' /C calc'!A0",
    "+1",
    "-5",
    "\"quoted, with comma\"",
    "\"open quote",
    "yes",
    "no",
    "9999999999999999999",
    "ulaw,alaw",
    "100@ACME",
    "sip:proxy",
    "é€漢",
    "\u{0}",
    "\t",
    "",
    " ",
    "a\nb",
];

pub fn generate(rng: &mut Rng) -> Vec<u8> {
    let delimiter = *rng.pick(&[",", ";", "\t", "|"]);
    let mut text = String::new();
    let width = 1 + rng.size(1100) as usize;
    let headers: Vec<String> = (0..width)
        .map(|_| {
            if rng.one_in(200) {
                "h".repeat(rng.size(200_000) as usize)
            } else {
                (*rng.pick(HEADERS)).to_owned()
            }
        })
        .collect();
    text.push_str(&headers.join(delimiter));
    text.push('\n');
    let rows = rng.size(300_000 / width as u64);
    for _ in 0..rows {
        let cells = rng.size(width as u64 + 50) as usize;
        for c in 0..cells {
            if c > 0 {
                text.push_str(delimiter);
            }
            if rng.one_in(500) {
                text.push_str(&"v".repeat(rng.size(100_000) as usize));
            } else {
                let cell: &&str = rng.pick(CELLS);
                text.push_str(cell);
            }
        }
        text.push_str(if rng.one_in(3) { "\r\n" } else { "\n" });
    }
    let mut bytes = match rng.below(6) {
        0 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        1 => {
            let mut out = vec![0xFF, 0xFE];
            out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            if rng.one_in(2) {
                out.pop();
            }
            out
        }
        _ => text.into_bytes(),
    };
    if rng.one_in(4) {
        let count = rng.size(32) as usize;
        rng.flip(&mut bytes, 0, count);
    }
    if rng.one_in(5) {
        let cut = rng.below(bytes.len() as u64 + 1) as usize;
        bytes.truncate(cut);
    }
    bytes
}
