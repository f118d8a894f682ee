//! Conversions of FreePBX cell values to this system's spelling. Each
//! takes the cells of its source columns and returns the cell text to
//! import (empty: keep the default).

/// The first non-empty cell, trimmed.
pub fn first(cells: &[&str]) -> String {
    cells
        .iter()
        .map(|c| c.trim())
        .find(|c| !c.is_empty())
        .unwrap_or("")
        .to_owned()
}

/// `"Alex Reed" <+15551234>` or `Alex Reed <5551234>` or `5551234`:
/// the name and the number.
fn split_caller_id(raw: &str) -> (String, String) {
    let raw = raw.trim();
    match (raw.rfind('<'), raw.rfind('>')) {
        (Some(open), Some(close)) if open < close => {
            let name = raw[..open].trim().trim_matches('"').trim();
            let number = raw[open + 1..close].trim();
            (name.to_owned(), number.to_owned())
        }
        _ if raw.chars().all(|c| c.is_ascii_digit() || "+*#".contains(c)) => {
            (String::new(), raw.to_owned())
        }
        _ => (raw.trim_matches('"').to_owned(), String::new()),
    }
}

/// The name part of an `outboundcid`.
pub fn caller_id_name(cells: &[&str]) -> String {
    split_caller_id(&first(cells)).0
}

/// The number part of an `outboundcid`.
pub fn caller_id_number(cells: &[&str]) -> String {
    split_caller_id(&first(cells)).1
}

/// `tech`: `pjsip`, `sip`, `custom`, `virtual` (others are kept and
/// rejected by the kind check).
pub fn kind(cells: &[&str]) -> String {
    first(cells).to_ascii_lowercase()
}

/// `ringtimer`: 0 means the system default.
pub fn ring_timer(cells: &[&str]) -> String {
    let value = first(cells);
    if value == "0" { String::new() } else { value }
}

/// `callwaiting_enable`: `ENABLED` or empty/`disabled`.
pub fn call_waiting(cells: &[&str]) -> String {
    match first(cells).to_ascii_lowercase().as_str() {
        "" => String::new(),
        "enabled" | "yes" | "on" | "1" => "enabled".into(),
        "disabled" | "no" | "off" | "0" => "disabled".into(),
        other => other.to_owned(),
    }
}

/// `dtmfmode`: chan_sip's `rfc2833` is RFC 4733.
pub fn dtmf_mode(cells: &[&str]) -> String {
    match first(cells).to_ascii_lowercase().as_str() {
        "rfc2833" => "rfc4733".into(),
        "shortinfo" => "info".into(),
        other => other.to_owned(),
    }
}

/// `allow`: `ulaw&alaw` (or with commas) to `ulaw,alaw`.
pub fn codecs(cells: &[&str]) -> String {
    cells
        .first()
        .copied()
        .unwrap_or("")
        .split(['&', ',', '|', ';'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join(",")
}

/// `yes`/`no` spellings, including FreePBX's `CHECKED`.
pub fn yes_no(cells: &[&str]) -> String {
    match first(cells).to_ascii_lowercase().as_str() {
        "checked" | "enabled" => "yes".into(),
        "disabled" => "no".into(),
        other => other.to_owned(),
    }
}

/// `canreinvite`/`direct_media`: anything but `no` allows direct media.
pub fn direct_media(cells: &[&str]) -> String {
    match first(cells).to_ascii_lowercase().as_str() {
        "" => String::new(),
        "no" | "false" | "0" => "no".into(),
        _ => "yes".into(),
    }
}

/// chan_sip `qualify` may be a number of milliseconds.
pub fn qualify(cells: &[&str]) -> String {
    let value = first(cells).to_ascii_lowercase();
    if value.parse::<u32>().is_ok_and(|ms| ms > 0) {
        "yes".into()
    } else if value == "0" {
        "no".into()
    } else {
        value
    }
}

/// chan_sip `nat` spellings to this system's choices.
pub fn nat(cells: &[&str]) -> String {
    let value = first(cells).to_ascii_lowercase();
    let rport = value.contains("force_rport") || value == "yes" || value == "route";
    let comedia = value.contains("comedia") || value == "yes";
    match (rport, comedia) {
        _ if value.is_empty() => String::new(),
        (true, true) => "force_rport,comedia".into(),
        (true, false) => "force_rport".into(),
        (false, true) => "comedia".into(),
        (false, false) if value == "no" || value == "never" => "no".into(),
        _ => value,
    }
}

/// `transport`: the first transport listed (`udp,tcp,tls` or a PJSIP
/// transport name such as `0.0.0.0-udp`).
pub fn transport(cells: &[&str]) -> String {
    let value = first(cells).to_ascii_lowercase();
    let item = value.split(',').next().unwrap_or("").trim();
    ["wss", "ws", "tls", "tcp", "udp"]
        .into_iter()
        .find(|t| item.ends_with(t) || item.starts_with(t))
        .map_or_else(|| item.to_owned(), str::to_owned)
}

/// `media_encryption` (`no`/`sdes`/`dtls`) or chan_sip `encryption` (yes/no).
pub fn media_encryption(cells: &[&str]) -> String {
    match first(cells).to_ascii_lowercase().as_str() {
        "yes" => "sdes".into(),
        other => other.to_owned(),
    }
}

/// `permit`: `192.0.2.0/255.255.255.0&...` to `192.0.2.0/24,...`;
/// `0.0.0.0/0.0.0.0` (anyone) is no filter.
pub fn permit(cells: &[&str]) -> String {
    first(cells)
        .split(['&', ','])
        .map(str::trim)
        .filter(|net| !net.is_empty() && *net != "0.0.0.0/0.0.0.0" && *net != "0.0.0.0/0")
        .map(|net| match net.split_once('/') {
            Some((addr, mask)) => match mask.parse::<std::net::Ipv4Addr>() {
                Ok(mask) => format!("{addr}/{}", u32::from(mask).count_ones()),
                Err(_) => net.to_owned(),
            },
            None => net.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// `findmefollow_grplist`: the first external number (`0917...#`).
pub fn follow_me_number(cells: &[&str]) -> String {
    first(cells)
        .split(['-', ','])
        .find_map(|item| item.trim().strip_suffix('#'))
        .unwrap_or("")
        .to_owned()
}

/// `findmefollow_strategy`: `ringall*` rings together, hunts ring in turn.
pub fn follow_me_strategy(cells: &[&str]) -> String {
    let value = first(cells).to_ascii_lowercase();
    if value.is_empty() {
        String::new()
    } else if value.starts_with("ringall") {
        "simultaneous".into()
    } else {
        "sequential".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outbound_caller_id_splits_into_name_and_number() {
        let cid = ["\"Alex Reed\" <+15551234>"];
        assert_eq!(caller_id_name(&cid), "Alex Reed");
        assert_eq!(caller_id_number(&cid), "+15551234");
        assert_eq!(caller_id_number(&["5551234"]), "5551234");
        assert_eq!(caller_id_name(&["5551234"]), "");
    }

    #[test]
    fn freepbx_codec_lists_and_dtmf_spellings_are_translated() {
        assert_eq!(codecs(&["ulaw&alaw&G722"]), "ulaw,alaw,g722");
        assert_eq!(dtmf_mode(&["rfc2833"]), "rfc4733");
    }

    #[test]
    fn a_permit_mask_becomes_a_prefix_length_and_anyone_means_no_filter() {
        assert_eq!(permit(&["192.0.2.0/255.255.255.0"]), "192.0.2.0/24");
        assert_eq!(permit(&["0.0.0.0/0.0.0.0"]), "");
    }

    #[test]
    fn the_first_external_follow_me_number_is_taken() {
        assert_eq!(follow_me_number(&["146-818-09171234567#"]), "09171234567");
        assert_eq!(follow_me_number(&["818"]), "");
    }

    #[test]
    fn nat_and_transport_spellings_are_translated() {
        assert_eq!(nat(&["yes"]), "force_rport,comedia");
        assert_eq!(nat(&["never"]), "no");
        assert_eq!(transport(&["udp,tcp,tls"]), "udp");
        assert_eq!(transport(&["0.0.0.0-tls"]), "tls");
    }
}
