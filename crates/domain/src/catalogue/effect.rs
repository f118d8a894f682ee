//! Where a setting takes effect. An Asterisk option is declared once, on
//! the setting it comes from: its object, its name, Asterisk's own default
//! and, where the setting's text is not the value, the function computing
//! it. The renderers and the Realtime rows only iterate these declarations.

use crate::Extension;
use crate::node::Transports;
use crate::objects::TenantObject;
use crate::settings::Settings;
use crate::tenant::TenantCode;

/// Where a setting takes effect.
#[derive(Debug, Clone, Copy)]
pub enum Effect {
    /// Sets an option of an Asterisk object.
    Asterisk(AsteriskOption),
    /// Shapes the generated dialplan (the call-flow model).
    Dialplan,
    /// Sets the extension's mailbox in the tenant's voicemail file.
    Voicemail,
    /// Used by the web user panel, switchboard or notifications, not Asterisk.
    Panel,
    /// Administrative metadata kept for reports and search.
    Record,
}

/// The Asterisk objects an extension becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AsteriskObject {
    /// The PJSIP `endpoint` (Realtime `ps_endpoints`).
    Endpoint,
    /// The PJSIP `aor` (Realtime `ps_aors`).
    Aor,
    /// The PJSIP `auth` (Realtime `ps_auths`).
    Auth,
    /// The chan_sip peer (Realtime `sippeers`).
    Peer,
}

impl AsteriskObject {
    /// Every object, in the order the renderers write them.
    pub const ALL: [AsteriskObject; 4] = [
        AsteriskObject::Endpoint,
        AsteriskObject::Auth,
        AsteriskObject::Aor,
        AsteriskObject::Peer,
    ];

    /// The object type's name: `endpoint`, `aor`, `auth` or `peer`.
    pub fn name(self) -> &'static str {
        match self {
            AsteriskObject::Endpoint => "endpoint",
            AsteriskObject::Aor => "aor",
            AsteriskObject::Auth => "auth",
            AsteriskObject::Peer => "peer",
        }
    }
}

/// What an option's value is computed from: one extension, the tenant it
/// belongs to, the tenant's objects (music-on-hold classes, languages...)
/// and the PJSIP transports of the node it is rendered for.
#[derive(Debug, Clone, Copy)]
pub struct OptionInput<'a> {
    /// The extension the object is rendered for.
    pub extension: &'a Extension,
    /// The extension's tenant.
    pub tenant: &'a TenantCode,
    /// The tenant's objects that settings refer to by id.
    pub objects: &'a [TenantObject],
    /// The node's PJSIP transport sections.
    pub transports: &'a Transports,
}

impl OptionInput<'_> {
    /// The extension's settings.
    pub fn settings(&self) -> &Settings {
        &self.extension.settings
    }
}

/// Computes an option's value; `None` leaves the option out.
pub type ValueFn = fn(&OptionInput<'_>) -> Option<String>;

/// One option of one Asterisk object, as a setting declares it.
#[derive(Debug, Clone, Copy)]
pub struct AsteriskOption {
    /// The object the option belongs to.
    pub object: AsteriskObject,
    /// Asterisk's option name (also its Realtime column).
    pub name: &'static str,
    /// Asterisk's own default, spelled as the option is written: a value
    /// equal to it is left out (so is an empty value).
    pub default: &'static str,
    /// Computes the value; `None`: the setting's own text is the value.
    pub value: Option<ValueFn>,
}

impl AsteriskOption {
    /// The option's value for `input`, or `None` when it is left out
    /// (empty, or equal to Asterisk's default). `setting` is the setting
    /// that declares the option; its text is the value unless a function
    /// computes it.
    pub fn value_for(&self, setting: &super::SettingSpec, input: &OptionInput) -> Option<String> {
        let value = match self.value {
            Some(compute) => compute(input)?,
            None => (setting.text)(input.settings()),
        };
        (!value.is_empty() && value != self.default).then_some(value)
    }
}

impl Effect {
    const fn option(object: AsteriskObject, name: &'static str) -> Effect {
        Effect::Asterisk(AsteriskOption {
            object,
            name,
            default: "",
            value: None,
        })
    }

    /// An option of the PJSIP `endpoint`.
    pub const fn endpoint(name: &'static str) -> Effect {
        Effect::option(AsteriskObject::Endpoint, name)
    }

    /// An option of the PJSIP `aor`.
    pub const fn aor(name: &'static str) -> Effect {
        Effect::option(AsteriskObject::Aor, name)
    }

    /// An option of the PJSIP `auth`.
    pub const fn auth(name: &'static str) -> Effect {
        Effect::option(AsteriskObject::Auth, name)
    }

    /// An option of the chan_sip peer.
    pub const fn peer(name: &'static str) -> Effect {
        Effect::option(AsteriskObject::Peer, name)
    }

    /// Asterisk's own default of the option (left out when the value
    /// equals it). Without one, only an empty value is left out.
    pub const fn default(self, default: &'static str) -> Effect {
        match self {
            Effect::Asterisk(option) => Effect::Asterisk(AsteriskOption { default, ..option }),
            _ => panic!("only an Asterisk option has an Asterisk default"),
        }
    }

    /// Computes the option's value instead of taking the setting's text.
    pub const fn value(self, value: ValueFn) -> Effect {
        match self {
            Effect::Asterisk(option) => Effect::Asterisk(AsteriskOption {
                value: Some(value),
                ..option
            }),
            _ => panic!("only an Asterisk option has a value function"),
        }
    }

    /// The Asterisk option, if this effect is one.
    pub fn asterisk(&self) -> Option<&AsteriskOption> {
        match self {
            Effect::Asterisk(option) => Some(option),
            _ => None,
        }
    }
}
