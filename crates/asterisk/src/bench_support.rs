//! Synthetic tenants for the render benchmark (`pbx bench`): a mix of
//! PJSIP, chan_sip, custom and virtual extensions with fixed secrets.

use pbx_domain::objects::TenantObject;
use pbx_domain::values::{DialTarget, SettingValue, ShortText};
use pbx_domain::{
    Extension, ExtensionKind, ExtensionNumber, Secret, Settings, SipStack, SipUsername, Tenant,
    TenantCode,
};

/// One synthetic tenant with its extensions and objects.
#[derive(Debug, Clone)]
pub struct SyntheticTenant {
    pub tenant: Tenant,
    pub extensions: Vec<Extension>,
    pub objects: Vec<TenantObject>,
}

impl SyntheticTenant {
    /// The view the renderers read.
    pub fn view(&self) -> crate::TenantView<'_> {
        crate::TenantView {
            tenant: &self.tenant,
            extensions: &self.extensions,
            objects: &self.objects,
        }
    }
}

/// A tenant code made of letters from `index`: 0 gives `TAAAA`.
fn code_for(index: usize) -> TenantCode {
    let mut code = String::from("T");
    let mut n = index;
    for _ in 0..4 {
        code.push((b'A' + (n % 26) as u8) as char);
        n /= 26;
    }
    TenantCode::parse(&code).expect("letters only")
}

/// `tenants` tenants of `per_tenant` extensions each (numbers from 1000).
pub fn synthetic_tenants(tenants: usize, per_tenant: usize) -> Vec<SyntheticTenant> {
    (0..tenants)
        .map(|t| {
            let code = code_for(t);
            let tenant = Tenant {
                name: ShortText::parse(&format!("Tenant {t}")).expect("short"),
                code: code.clone(),
                preferred_stack: SipStack::Pjsip,
                extension_limit: per_tenant as i64,
                allow_custom_usernames: false,
                sip_domain: None,
                call_control_fallback: pbx_domain::tenant::CallControlFallback::Allow,
                defaults: Settings::default(),
            };
            let extensions = (0..per_tenant)
                .map(|i| synthetic_extension(&code, 1000 + i, i))
                .collect();
            SyntheticTenant {
                tenant,
                extensions,
                objects: Vec::new(),
            }
        })
        .collect()
}

fn synthetic_extension(code: &TenantCode, number: usize, i: usize) -> Extension {
    let kind = match i % 20 {
        0 => ExtensionKind::Virtual,
        1 => ExtensionKind::Custom,
        n if n % 3 == 0 => ExtensionKind::Sip,
        _ => ExtensionKind::Pjsip,
    };
    let number = ExtensionNumber::parse(&number.to_string()).expect("digits");
    let mut settings = Settings::default();
    match kind {
        ExtensionKind::Virtual => {
            let members: Vec<String> = (1..=5).map(|d| (number.value() + d).to_string()).collect();
            settings.information.virtual_members =
                SettingValue::parse_text(&members.join(",")).expect("numbers");
        }
        ExtensionKind::Custom => {
            settings.security.custom_dial_target =
                DialTarget::parse(&format!("PJSIP/+1555{number}@carrier")).expect("target");
        }
        _ => {}
    }
    let phone = kind.is_phone();
    Extension {
        username: phone.then(|| SipUsername::parse(&format!("{number}-{code}")).expect("username")),
        secret: phone.then(|| Secret::from_stored(format!("Bench{number}Secret{i}x"))),
        name: ShortText::parse(&format!("User {number}")).expect("short"),
        description: ShortText::default(),
        number,
        kind,
        settings,
        version: 1,
    }
}
