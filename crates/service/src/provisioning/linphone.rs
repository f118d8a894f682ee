//! The account a provisioning token sets up, as a Linphone remote
//! provisioning document (`lpconfig` XML: a `proxy_0` and an `auth_info_0`
//! section). Every value is written as escaped XML text, so no name or
//! secret can add an element or an entry.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// The SIP account of one phone extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account<'a> {
    pub display_name: &'a str,
    pub username: &'a str,
    pub password: &'a str,
    /// Where the phone registers: `host` or `host:port`.
    pub server: &'a str,
    /// `udp`, `tcp` or `tls`.
    pub transport: &'a str,
}

/// A SIP display name as a quoted string (RFC 3261 `quoted-string`).
fn quoted(name: &str) -> String {
    let escaped: String = name
        .chars()
        .flat_map(|c| match c {
            '"' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("\"{escaped}\"")
}

/// The provisioning document of `account`.
pub fn config(account: &Account<'_>) -> String {
    let host = account
        .server
        .rsplit_once(':')
        .map_or(account.server, |(host, _)| host);
    let identity = format!("sip:{}@{host}", account.username);
    let identity = if account.display_name.is_empty() {
        identity
    } else {
        format!("{} <{identity}>", quoted(account.display_name))
    };
    let proxy = format!("<sip:{};transport={}>", account.server, account.transport);
    let sections: [(&str, Vec<(&str, &str)>); 2] = [
        (
            "proxy_0",
            vec![
                ("reg_identity", &identity),
                ("reg_proxy", &proxy),
                ("reg_expires", "3600"),
                ("reg_sendregister", "1"),
            ],
        ),
        (
            "auth_info_0",
            vec![
                ("username", account.username),
                ("passwd", account.password),
                ("domain", host),
            ],
        ),
    ];
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    let write = |writer: &mut Writer<Vec<u8>>, event: Event<'_>| {
        writer
            .write_event(event)
            .expect("writing XML into memory cannot fail");
    };
    write(
        &mut writer,
        Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)),
    );
    let mut root = BytesStart::new("config");
    root.push_attribute(("xmlns", "http://www.linphone.org/xsds/lpconfig.xsd"));
    write(&mut writer, Event::Start(root));
    for (name, entries) in sections {
        let mut section = BytesStart::new("section");
        section.push_attribute(("name", name));
        write(&mut writer, Event::Start(section));
        for (key, value) in entries {
            let mut entry = BytesStart::new("entry");
            entry.push_attribute(("name", key));
            write(&mut writer, Event::Start(entry));
            write(&mut writer, Event::Text(BytesText::new(value)));
            write(&mut writer, Event::End(BytesEnd::new("entry")));
        }
        write(&mut writer, Event::End(BytesEnd::new("section")));
    }
    write(&mut writer, Event::End(BytesEnd::new("config")));
    String::from_utf8(writer.into_inner()).expect("quick-xml writes UTF-8")
}

#[cfg(test)]
mod tests {
    use quick_xml::Reader;
    use quick_xml::XmlVersion;
    use quick_xml::escape::resolve_predefined_entity;
    use quick_xml::events::Event;

    use super::*;

    /// `(section, entry, text)` of every entry, read back with an XML parser.
    fn entries(xml: &str) -> Vec<(String, String, String)> {
        let mut reader = Reader::from_str(xml);
        let (mut section, mut entry, mut text) = (String::new(), None::<String>, String::new());
        let mut out = Vec::new();
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) => {
                    let name = e
                        .try_get_attribute("name")
                        .unwrap()
                        .map(|a| {
                            a.normalized_value(XmlVersion::Implicit1_0)
                                .unwrap()
                                .into_owned()
                        })
                        .unwrap_or_default();
                    match e.name().as_ref() {
                        "section" => section = name,
                        "entry" => {
                            entry = Some(name);
                            text.clear();
                        }
                        _ => {}
                    }
                }
                Event::Text(t) if entry.is_some() => {
                    text.push_str(&t.xml_content(XmlVersion::Implicit1_0));
                }
                Event::GeneralRef(r) if entry.is_some() => match r.resolve_char_ref().unwrap() {
                    Some(c) => text.push(c),
                    None => text.push_str(resolve_predefined_entity(&r).unwrap()),
                },
                Event::End(e) if e.name().as_ref() == "entry" => {
                    out.push((section.clone(), entry.take().unwrap(), text.clone()));
                }
                Event::Eof => return out,
                _ => {}
            }
        }
    }

    fn owned(list: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
        list.iter()
            .map(|(s, e, t)| (s.to_string(), e.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn the_account_is_a_proxy_and_an_auth_section() {
        let xml = config(&Account {
            display_name: "Alex Reed",
            username: "100-ACME",
            password: "k3Jd8sPq2mZx7VbN4tRw",
            server: "sip.example.com:5061",
            transport: "tls",
        });
        assert_eq!(
            entries(&xml),
            owned(&[
                (
                    "proxy_0",
                    "reg_identity",
                    "\"Alex Reed\" <sip:100-ACME@sip.example.com>"
                ),
                (
                    "proxy_0",
                    "reg_proxy",
                    "<sip:sip.example.com:5061;transport=tls>"
                ),
                ("proxy_0", "reg_expires", "3600"),
                ("proxy_0", "reg_sendregister", "1"),
                ("auth_info_0", "username", "100-ACME"),
                ("auth_info_0", "passwd", "k3Jd8sPq2mZx7VbN4tRw"),
                ("auth_info_0", "domain", "sip.example.com"),
            ])
        );
    }

    proptest::proptest! {
        #[test]
        fn no_name_or_secret_escapes_its_entry(name in "\\PC{1,40}", password in "\\PC{0,40}") {
            let xml = config(&Account {
                display_name: &name,
                username: "100-ACME",
                password: &password,
                server: "sip.example.com",
                transport: "udp",
            });
            let identity = format!("{} <sip:100-ACME@sip.example.com>", quoted(&name));
            proptest::prop_assert_eq!(
                entries(&xml),
                owned(&[
                    ("proxy_0", "reg_identity", &identity),
                    ("proxy_0", "reg_proxy", "<sip:sip.example.com;transport=udp>"),
                    ("proxy_0", "reg_expires", "3600"),
                    ("proxy_0", "reg_sendregister", "1"),
                    ("auth_info_0", "username", "100-ACME"),
                    ("auth_info_0", "passwd", &password),
                    ("auth_info_0", "domain", "sip.example.com"),
                ]),
                "{}",
                xml
            );
        }
    }
}
