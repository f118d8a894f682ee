//! The voicemail file of a tenant: its context (the tenant code) and one
//! `<box> => <pin>,<name>,<email>` line per mailbox. Fields are split on
//! commas and options on `|`, so neither can appear in a value; PINs are
//! digits and emails are validated, and names lose those characters.
//! When pbx mails the node's voicemail itself (it reads the node's
//! spool), the email field stays empty: the node's own mailer sends
//! nothing.

use std::fmt::Write;

use pbx_domain::voicemail::Mailbox;

use crate::escape::{UnsafeValue, conf_value, dial_literal};

/// A mailbox owner's name as voicemail.conf can hold it.
fn safe_name(name: &str) -> String {
    let kept: String = name
        .chars()
        .map(|c| if ",|;[]".contains(c) { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `[<context>]` section with every box; `mailed_by_pbx` leaves the
/// emails out.
pub fn voicemail_section(
    context: &str,
    boxes: &[Mailbox],
    mailed_by_pbx: bool,
) -> Result<String, UnsafeValue> {
    let context = dial_literal("voicemail context", context)?;
    let mut out = format!("[{context}]\n");
    for b in boxes {
        let number = dial_literal("mailbox", b.number.as_str())?;
        let pin = dial_literal("voicemail PIN", &b.pin)?;
        let email = conf_value("voicemail email", &b.email)?;
        if email.contains([',', '|']) {
            return Err(UnsafeValue::NotLiteral {
                what: "voicemail email".into(),
                value: b.email.clone(),
            });
        }
        let email = if mailed_by_pbx { "" } else { &email };
        let name = conf_value("mailbox name", &safe_name(&b.name))?;
        let options = if email.is_empty() { "" } else { ",,attach=yes" };
        let _ = writeln!(out, "{number} => {pin},{name},{email}{options}");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pbx_domain::ExtensionNumber;

    fn mailbox(number: &str, pin: &str, name: &str, email: &str) -> Mailbox {
        Mailbox {
            number: ExtensionNumber::parse(number).unwrap(),
            pin: pin.into(),
            name: name.into(),
            email: email.into(),
        }
    }

    #[test]
    fn each_box_is_one_line_and_a_name_cannot_add_fields() {
        let text = voicemail_section(
            "ACME",
            &[
                mailbox("100", "1234", "Ann, Sales | x", "ann@example.com"),
                mailbox("101", "", "Bob;", ""),
            ],
            false,
        )
        .unwrap();
        assert_eq!(
            text,
            "[ACME]\n100 => 1234,Ann Sales x,ann@example.com,,attach=yes\n101 => ,Bob,\n"
        );
    }

    #[test]
    fn boxes_pbx_mails_name_no_email_for_the_node() {
        let boxes = [mailbox("100", "1234", "Ann", "ann@example.com")];
        let text = voicemail_section("ACME", &boxes, true).unwrap();
        assert_eq!(text, "[ACME]\n100 => 1234,Ann,\n");
    }
}
