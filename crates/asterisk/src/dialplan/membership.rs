//! Joining and leaving a virtual extension from a member phone: `*45<n>`
//! joins virtual extension `<n>`, `*46<n>` leaves it. The caller types the
//! virtual extension's security PIN first (when it has one); pbx's
//! call-control service (FastAGI, script [`MEMBER_SCRIPT`]) changes the
//! members, which every node's dialplan gets at once. Rendered only for a
//! node with a call-control service, and refused to calls without a
//! calling extension.

use super::model::Exten;
use super::names::Names;
use crate::escape::{UnsafeValue, dial_literal};

/// The feature code prefix that joins a virtual extension.
pub const JOIN: &str = "*45";

/// The feature code prefix that leaves a virtual extension.
pub const LEAVE: &str = "*46";

/// The FastAGI script pbx serves membership changes under.
pub const MEMBER_SCRIPT: &str = "member";

/// The join and leave extens of virtual extension `number` (none without
/// a call-control service).
pub fn member_extens(names: &Names, number: &str, pin: &str) -> Result<Vec<Exten>, UnsafeValue> {
    let Some(service) = &names.call_control else {
        return Ok(Vec::new());
    };
    let pin = dial_literal("virtual extension PIN", pin)?;
    let mut extens = Vec::new();
    for (code, change) in [(JOIN, "join"), (LEAVE, "leave")] {
        let mut e = Exten::new(format!("{code}{number}"));
        e.push("GotoIf", "$[\"${PBX_EXT}\" = \"\"]?refuse");
        if !pin.is_empty() {
            e.push("Authenticate", pin.to_owned());
        }
        e.push("Set", "PBX_MEMBER=unreached");
        e.push(
            "AGI",
            format!(
                "agi://{service}/{MEMBER_SCRIPT},{},{number},${{PBX_EXT}},{change}",
                names.tenant
            ),
        );
        e.push("ExecIf", "$[\"${PBX_MEMBER}\" != \"done\"]?Hangup(21)");
        e.push("Answer", "");
        e.push("Hangup", "16");
        e.push_labelled("refuse", "Hangup", "21");
        extens.push(e);
    }
    Ok(extens)
}
