//! Asterisk's own lists of option names and Realtime columns (Asterisk
//! 20.20.1), read from the repository's `reference/` folder, so tests can
//! check that every option and column written exists.

const PJSIP_OPTIONS: &str = include_str!("../../../reference/pjsip_options.tsv");
const SIP_PEER_OPTIONS: &str = include_str!("../../../reference/sip_peer_options.txt");
const REALTIME_COLUMNS: &str = include_str!("../../../reference/realtime_columns.txt");

/// True when `option` is an option of the PJSIP object type `object`
/// (`endpoint`, `auth`, `aor`...). `type` is accepted for every object.
pub fn pjsip_option_exists(object: &str, option: &str) -> bool {
    option == "type"
        || PJSIP_OPTIONS.lines().any(|line| {
            let mut cols = line.split('\t');
            cols.next() == Some(object) && cols.next() == Some(option)
        })
}

/// True when `option` is a chan_sip peer option.
pub fn sip_peer_option_exists(option: &str) -> bool {
    SIP_PEER_OPTIONS
        .lines()
        .filter(|line| !line.starts_with('#'))
        .flat_map(str::split_whitespace)
        .any(|word| word == option)
}

/// True when `table` has `column` (e.g. `ps_endpoints`, `set_var`).
pub fn realtime_column_exists(table: &str, column: &str) -> bool {
    REALTIME_COLUMNS.lines().any(|line| {
        let mut cols = line.split('\t');
        cols.next() == Some(table) && cols.next() == Some(column)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_lists_know_common_options() {
        assert!(pjsip_option_exists("endpoint", "allow"));
        assert!(!pjsip_option_exists("aor", "allow"));
        assert!(sip_peer_option_exists("qualifyfreq"));
        assert!(realtime_column_exists("ps_auths", "md5_cred"));
        assert!(!realtime_column_exists("ps_auths", "secret"));
    }
}
