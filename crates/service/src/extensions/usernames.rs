//! Which SIP usernames an extension may take. A username becomes a section
//! name in the rendered files (PJSIP endpoint and AOR `[<username>]`, auth
//! `[<username>-auth]`; chan_sip peer `[<username>]`, which chan_sip finds
//! ignoring case) and a Realtime row id, so it must not equal:
//! - another tenant's default space `<number>-<CODE>` / `<number>_<CODE>`
//!   (every tenant's, existing or future: the shape is reserved to the
//!   default of the extension's own number and tenant);
//! - a structural section (`general`, `authentication` of sip.conf;
//!   `global`, `system` of pjsip.conf), a node's transport or inter-node
//!   trunk section, or a tenant code;
//! - anything ending in `-auth`, which another extension's auth section
//!   may be called;
//! - another extension's username in any letter case.
//!
//! Refusals never say whether a name is used outside the caller's tenant.

use std::collections::HashSet;

use pbx_domain::{ExtensionNumber, SipUsername, TenantCode};
use pbx_store::{Connection, extensions, nodes, tenants};

use crate::ServiceError;

/// Section names of the rendered files that are not extensions.
const STRUCTURAL: &[&str] = &["general", "authentication", "global", "system"];
/// The suffix of PJSIP auth sections.
const AUTH_SUFFIX: &str = "-auth";
/// What a name reserved for configuration is told.
pub const RESERVED: &str = "is reserved for the Asterisk configuration; choose another username";
/// What a name used elsewhere is told (the same whoever uses it).
pub const NOT_AVAILABLE: &str = "is not available; choose another username";

/// The problem with `username` for extension `number` of tenant `code`
/// that needs no database: the reserved default shape, structural names
/// and the auth suffix. Its own defaults are always fine.
pub fn shape_problem(
    username: &SipUsername,
    number: &ExtensionNumber,
    code: &TenantCode,
) -> Option<String> {
    if username.follows_pattern(number, code) {
        return None;
    }
    let name = username.as_str();
    let lower = name.to_ascii_lowercase();
    if looks_like_a_default(name) {
        return Some(format!(
            "is reserved: <number>-<TENANT> and <number>_<TENANT> are the default usernames of each tenant's extensions (this one's are {number}-{code} and {number}_{code})"
        ));
    }
    if STRUCTURAL.contains(&lower.as_str()) || lower.ends_with(AUTH_SUFFIX) {
        return Some(RESERVED.to_owned());
    }
    None
}

/// `<digits>-<letters>` or `<digits>_<letters>` with 2 to 32 letters: the
/// shape of every tenant's default usernames.
fn looks_like_a_default(name: &str) -> bool {
    let Some(at) = name.find(['-', '_']) else {
        return false;
    };
    let (digits, letters) = (&name[..at], &name[at + 1..]);
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (2..=32).contains(&letters.len())
        && letters.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Every name reserved by the stored configuration, folded to lower case:
/// the nodes' transport and trunk sections (and the standard transports
/// of a default node) and the tenant codes.
async fn configured_names(conn: &mut Connection) -> Result<HashSet<String>, ServiceError> {
    let mut names: HashSet<String> = ["udp", "tcp", "tls", "ws", "wss"]
        .iter()
        .map(|t| format!("transport-{t}"))
        .collect();
    for node in nodes::list(conn).await? {
        names.extend(node.node.transports.values().map(|n| n.to_lowercase()));
        if let Some(trunk) = &node.node.inter_node_trunk {
            names.insert(trunk.to_lowercase());
        }
    }
    for tenant in tenants::list(conn).await? {
        names.insert(tenant.tenant.code.as_str().to_lowercase());
    }
    Ok(names)
}

/// The problem, if any, with each wanted username: `(username, number)`
/// of tenant `tenant_id` (code `code`), in the order given. Names that
/// follow their own default pattern are only checked against other
/// extensions.
pub async fn problems(
    conn: &mut Connection,
    tenant_id: i64,
    code: &TenantCode,
    wanted: &[(SipUsername, ExtensionNumber)],
) -> Result<Vec<Option<String>>, ServiceError> {
    let custom = wanted.iter().any(|(u, n)| !u.follows_pattern(n, code));
    let reserved = if custom {
        configured_names(conn).await?
    } else {
        HashSet::new()
    };
    let names: Vec<String> = wanted.iter().map(|(u, _)| u.as_str().to_owned()).collect();
    let owners = extensions::owners_of_usernames_folded(conn, &names).await?;
    Ok(wanted
        .iter()
        .map(|(username, number)| {
            if let Some(problem) = shape_problem(username, number, code) {
                return Some(problem);
            }
            let folded = username.as_str().to_lowercase();
            if !username.follows_pattern(number, code) && reserved.contains(&folded) {
                return Some(RESERVED.to_owned());
            }
            let holder = owners.iter().find(|(u, tenant, n)| {
                u.to_lowercase() == folded && (*tenant != tenant_id || n != number.as_str())
            });
            holder.map(|(_, tenant, n)| {
                if *tenant == tenant_id {
                    format!("is used by extension {n}")
                } else {
                    NOT_AVAILABLE.to_owned()
                }
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(username: &str) -> Option<String> {
        shape_problem(
            &SipUsername::parse(username).unwrap(),
            &ExtensionNumber::parse("150").unwrap(),
            &TenantCode::parse("ACME").unwrap(),
        )
    }

    #[test]
    fn the_default_shape_is_reserved_to_the_extensions_own_defaults() {
        assert_eq!(problem("150-ACME"), None);
        assert_eq!(problem("150_ACME"), None);
        for taken in [
            "150-CANISTRACCI",
            "151-ACME",
            "150_acme",
            "7_ZZ",
            "150-Acme",
        ] {
            assert!(
                problem(taken).unwrap().starts_with("is reserved"),
                "{taken}"
            );
        }
        assert_eq!(problem("150-ACME-desk"), None);
        assert_eq!(problem("reception"), None);
    }

    #[test]
    fn structural_names_and_the_auth_suffix_are_reserved_in_any_case() {
        for name in [
            "general",
            "GENERAL",
            "Authentication",
            "global",
            "system",
            "alice-auth",
            "x-AUTH",
        ] {
            assert_eq!(problem(name).as_deref(), Some(RESERVED), "{name}");
        }
        assert_eq!(problem("authors"), None);
    }
}
