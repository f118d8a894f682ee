//! List-valued settings: codecs, call/pickup groups, IP networks, numbers.
//! In forms and import cells they are comma-separated; in JSON, arrays.

use std::collections::BTreeSet;
use std::net::IpAddr;

use super::{Codec, SettingValue, ValueKind};
use crate::extension::ExtensionNumber;

/// Implements text and JSON forms for a list type from `parse_item`/`item_text`.
macro_rules! list_serde {
    ($name:ident) => {
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.items_text())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                #[derive(serde::Deserialize)]
                #[serde(untagged)]
                enum Form {
                    List(Vec<serde_json::Value>),
                    Text(String),
                }
                let text = match Form::deserialize(d)? {
                    Form::Text(text) => text,
                    Form::List(items) => items
                        .iter()
                        .map(|v| match v {
                            serde_json::Value::String(s) => s.clone(),
                            other => other.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join(","),
                };
                Self::parse_text(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

fn split(raw: &str) -> impl Iterator<Item = &str> {
    raw.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// Allowed codecs in order of preference, without duplicates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodecList(pub Vec<Codec>);

impl Default for CodecList {
    fn default() -> Self {
        Self(vec![Codec::Ulaw, Codec::Alaw, Codec::G722])
    }
}

impl CodecList {
    fn items_text(&self) -> Vec<String> {
        self.0.iter().map(|c| c.as_str().to_owned()).collect()
    }
}

impl SettingValue for CodecList {
    const KIND: ValueKind = ValueKind::Codecs;
    fn parse_text(raw: &str) -> Result<Self, String> {
        let mut codecs = Vec::new();
        for item in split(raw) {
            let codec: Codec = item
                .parse()
                .map_err(|e| format!("codec '{item}' unknown: {e}"))?;
            if !codecs.contains(&codec) {
                codecs.push(codec);
            }
        }
        if codecs.is_empty() {
            return Err("at least one codec is required".into());
        }
        Ok(Self(codecs))
    }
    fn to_text(&self) -> String {
        self.items_text().join(",")
    }
}
list_serde!(CodecList);

/// Numeric call or pickup groups, 0 to 63 (Asterisk's range).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallGroups(pub BTreeSet<u8>);

impl CallGroups {
    fn items_text(&self) -> Vec<String> {
        self.0.iter().map(u8::to_string).collect()
    }
}

impl SettingValue for CallGroups {
    const KIND: ValueKind = ValueKind::Groups;
    fn parse_text(raw: &str) -> Result<Self, String> {
        let bad = || "groups are numbers 0-63 or ranges such as 1,3-5".to_string();
        let mut groups = BTreeSet::new();
        for item in split(raw) {
            let (from, to) = match item.split_once('-') {
                Some((a, b)) => (a.trim(), b.trim()),
                None => (item, item),
            };
            let from: u8 = from.parse().map_err(|_| bad())?;
            let to: u8 = to.parse().map_err(|_| bad())?;
            if from > to || to > 63 {
                return Err(bad());
            }
            groups.extend(from..=to);
        }
        Ok(Self(groups))
    }
    fn to_text(&self) -> String {
        self.items_text().join(",")
    }
}
list_serde!(CallGroups);

/// An IP network: an address with an optional prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNet {
    pub addr: IpAddr,
    pub prefix: u8,
}

impl std::fmt::Display for IpNet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

impl std::str::FromStr for IpNet {
    type Err = String;
    fn from_str(raw: &str) -> Result<Self, String> {
        let bad = || format!("'{raw}' is not an IP address or network such as 192.0.2.0/24");
        let (addr, prefix) = match raw.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (raw, None),
        };
        let addr: IpAddr = addr.parse().map_err(|_| bad())?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(bad)?,
            None => max,
        };
        Ok(Self { addr, prefix })
    }
}

/// Networks allowed to register or call (empty: any).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IpList(pub Vec<IpNet>);

impl IpList {
    fn items_text(&self) -> Vec<String> {
        self.0.iter().map(IpNet::to_string).collect()
    }
}

impl SettingValue for IpList {
    const KIND: ValueKind = ValueKind::IpList;
    fn parse_text(raw: &str) -> Result<Self, String> {
        let nets = split(raw)
            .map(str::parse)
            .collect::<Result<Vec<IpNet>, _>>()?;
        if nets.len() > 50 {
            return Err("at most 50 networks".into());
        }
        Ok(Self(nets))
    }
    fn to_text(&self) -> String {
        self.items_text().join(",")
    }
}
list_serde!(IpList);

/// Extension numbers of the same tenant (virtual extension members).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NumberList(pub Vec<ExtensionNumber>);

impl NumberList {
    fn items_text(&self) -> Vec<String> {
        self.0.iter().map(|n| n.as_str().to_owned()).collect()
    }
}

impl SettingValue for NumberList {
    const KIND: ValueKind = ValueKind::Numbers;
    fn parse_text(raw: &str) -> Result<Self, String> {
        let mut numbers = Vec::new();
        for item in split(raw) {
            let number = ExtensionNumber::parse(item)?;
            if !numbers.contains(&number) {
                numbers.push(number);
            }
        }
        if numbers.len() > 200 {
            return Err("at most 200 extensions".into());
        }
        Ok(Self(numbers))
    }
    fn to_text(&self) -> String {
        self.items_text().join(",")
    }
}
list_serde!(NumberList);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_ranges_expand_and_print_back_as_numbers() {
        let groups = CallGroups::parse_text("1, 3-5").unwrap();
        assert_eq!(groups.to_text(), "1,3,4,5");
    }

    #[test]
    fn a_group_above_63_is_rejected() {
        assert!(CallGroups::parse_text("64").is_err());
        assert!(CallGroups::parse_text("5-2").is_err());
    }

    #[test]
    fn duplicate_codecs_collapse_and_order_is_kept() {
        let codecs = CodecList::parse_text("alaw,ulaw,alaw").unwrap();
        assert_eq!(codecs.to_text(), "alaw,ulaw");
    }

    #[test]
    fn ip_networks_parse_with_or_without_prefix() {
        let list = IpList::parse_text("192.0.2.0/24, 2001:db8::1").unwrap();
        assert_eq!(list.to_text(), "192.0.2.0/24,2001:db8::1/128");
        assert!(IpList::parse_text("192.0.2.0/33").is_err());
        assert!(IpList::parse_text("example.com").is_err());
    }

    #[test]
    fn lists_deserialize_from_arrays_or_comma_text() {
        let a: CodecList = serde_json::from_str(r#"["ulaw","g722"]"#).unwrap();
        let b: CodecList = serde_json::from_str(r#""ulaw,g722""#).unwrap();
        assert_eq!(a, b);
    }
}
