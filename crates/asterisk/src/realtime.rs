//! Realtime rows: a PJSIP extension as `ps_endpoints`, `ps_auths` and
//! `ps_aors` rows, a SIP extension as a `sippeers` row, each an ordered list
//! of `(column, value)` with Asterisk's column names. The rows carry the
//! same options as the config files, from the same builders, and the
//! tables' columns are derived from the same declarations.

use std::sync::OnceLock;

use md5::{Digest, Md5};
use pbx_domain::catalogue::{AsteriskObject, asterisk_options};
use pbx_domain::objects::TenantObject;
use pbx_domain::{Extension, Tenant};

use crate::chan_sip::{PEER_HEAD, sip_peer};
use crate::node::NodeSettings;
use crate::object::ConfObject;
use crate::pjsip::{AUTH_HEAD, ENDPOINT_HEAD, pjsip_objects};

/// A Realtime table pbx writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RealtimeTable {
    Endpoints,
    Auths,
    Aors,
    SipPeers,
}

impl RealtimeTable {
    /// Every table pbx writes.
    pub const ALL: [RealtimeTable; 4] = [
        RealtimeTable::Endpoints,
        RealtimeTable::Auths,
        RealtimeTable::Aors,
        RealtimeTable::SipPeers,
    ];

    /// Asterisk's table name.
    pub fn name(self) -> &'static str {
        match self {
            RealtimeTable::Endpoints => "ps_endpoints",
            RealtimeTable::Auths => "ps_auths",
            RealtimeTable::Aors => "ps_aors",
            RealtimeTable::SipPeers => "sippeers",
        }
    }

    /// The key column: `id` for PJSIP tables, `name` for `sippeers`.
    pub fn key(self) -> &'static str {
        match self {
            RealtimeTable::SipPeers => "name",
            _ => "id",
        }
    }

    /// Every column a row of this table may have, the key first: the
    /// options every object has, the options the settings catalogue
    /// declares for the object, and the peer's type and the Realtime
    /// credential columns.
    pub fn columns(self) -> &'static [&'static str] {
        static COLUMNS: OnceLock<[Vec<&'static str>; 4]> = OnceLock::new();
        let all = COLUMNS.get_or_init(|| RealtimeTable::ALL.map(RealtimeTable::derive_columns));
        &all[self as usize]
    }

    fn derive_columns(self) -> Vec<&'static str> {
        let (object, head, extra): (_, &[&'static str], &[&'static str]) = match self {
            RealtimeTable::Endpoints => (AsteriskObject::Endpoint, &ENDPOINT_HEAD, &[]),
            RealtimeTable::Auths => (AsteriskObject::Auth, &AUTH_HEAD, &["realm", "md5_cred"]),
            RealtimeTable::Aors => (AsteriskObject::Aor, &[], &[]),
            RealtimeTable::SipPeers => (
                AsteriskObject::Peer,
                &PEER_HEAD,
                &["type", "md5secret", "defaultuser"],
            ),
        };
        let declared = asterisk_options(object).iter().map(|(_, o)| o.name);
        let mut columns = vec![self.key()];
        for column in head
            .iter()
            .copied()
            .chain(declared)
            .chain(extra.iter().copied())
        {
            if !columns.contains(&column) {
                columns.push(column);
            }
        }
        columns
    }
}

/// One row: `(column, value)` in column order of the builder.
pub type Row = Vec<(&'static str, String)>;

/// The Realtime rows of a PJSIP extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PjsipRows {
    pub endpoint: Row,
    pub auth: Row,
    pub aor: Row,
}

/// The `ps_endpoints`, `ps_auths` and `ps_aors` rows of a PJSIP extension.
/// With a `realm`, the auth row holds `auth_type=md5` and
/// `md5_cred = md5(username:realm:secret)` instead of the password.
pub fn pjsip_rows(
    node: &NodeSettings,
    tenant: &Tenant,
    objects: &[TenantObject],
    extension: &Extension,
    realm: Option<&str>,
) -> Option<PjsipRows> {
    let [endpoint, auth, aor] = pjsip_objects(node, tenant, objects, extension)?;
    let mut auth_row = row(&auth);
    let username = auth.get("username").unwrap_or_default().to_owned();
    let password = auth.get("password").unwrap_or_default().to_owned();
    auth_row.retain(|(k, _)| *k != "auth_type" && *k != "password");
    match realm {
        Some(realm) => {
            auth_row.push(("auth_type", "md5".into()));
            auth_row.push(("realm", realm.into()));
            auth_row.push(("md5_cred", md5_cred(&username, realm, &password)));
        }
        None => {
            auth_row.push(("auth_type", "userpass".into()));
            auth_row.push(("password", password));
        }
    }
    Some(PjsipRows {
        endpoint: row(&endpoint),
        auth: auth_row,
        aor: row(&aor),
    })
}

/// The `sippeers` row of a SIP extension. With a `realm` (chan_sip's
/// `[general] realm`), the row holds `md5secret = md5(name:realm:secret)`
/// instead of the secret.
pub fn sippeers_row(
    node: &NodeSettings,
    tenant: &Tenant,
    objects: &[TenantObject],
    extension: &Extension,
    realm: Option<&str>,
) -> Option<Row> {
    let peer = sip_peer(node, tenant, objects, extension)?;
    let mut columns: Row = vec![("name", peer.name.clone())];
    columns.extend(peer.options.iter().cloned());
    if let Some(realm) = realm {
        for (column, value) in &mut columns {
            if *column == "secret" {
                *column = "md5secret";
                *value = md5_cred(&peer.name, realm, value);
            }
        }
    }
    columns.push(("defaultuser", peer.name.clone()));
    Some(columns)
}

/// `id` first, then the object's options without `type`.
fn row(object: &ConfObject) -> Row {
    let mut columns: Row = vec![("id", object.name.clone())];
    columns.extend(object.options.iter().filter(|(k, _)| *k != "type").cloned());
    columns
}

/// `md5(username:realm:secret)` in lower-case hex, as PJSIP's `md5_cred`.
pub fn md5_cred(username: &str, realm: &str, secret: &str) -> String {
    let digest = Md5::digest(format!("{username}:{realm}:{secret}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// PJSIP's sorcery refuses a column that is no option; chan_sip reads
    /// every column of a peer as a peer option, including a few Asterisk's
    /// own schema lacks (`keepalive`, `encryption`...).
    #[test]
    fn every_column_is_known_to_asterisk_and_listed_once() {
        use crate::reference::{realtime_column_exists, sip_peer_option_exists};
        for table in RealtimeTable::ALL {
            let columns = table.columns();
            assert_eq!(columns[0], table.key());
            for column in columns {
                let peer_option =
                    table == RealtimeTable::SipPeers && sip_peer_option_exists(column);
                assert!(
                    realtime_column_exists(table.name(), column) || peer_option,
                    "{}.{column}",
                    table.name()
                );
                assert_eq!(columns.iter().filter(|c| *c == column).count(), 1);
            }
        }
        assert!(RealtimeTable::Endpoints.columns().contains(&"dtls_ca_file"));
        assert!(RealtimeTable::SipPeers.columns().contains(&"dtlsenable"));
    }

    #[test]
    fn md5_cred_is_the_digest_of_username_realm_and_secret() {
        let cred = md5_cred("100-ACME", "asterisk", "Tr0ub4dor-horse");
        assert_eq!(cred, "487f3e6aaa25a2cac198d42edcaa8083");
    }
}
