//! The pbx domain: tenants, the four extension kinds, the settings catalogue
//! (one description per setting) and the rules that keep them valid.
//!
//! Nothing here performs I/O: storage, web and Asterisk projection build on
//! these types. A value of any type in this crate is valid by construction.
#![warn(missing_docs)]

#[macro_use]
pub mod catalogue;
pub mod calendar;
#[expect(
    missing_docs,
    reason = "the call-flow model is being reworked for issue 10; document it there"
)]
pub mod callflow;
pub mod error;
pub mod extension;
pub mod node;
pub mod objects;
pub mod rating;
pub mod settings;
pub mod tenant;
pub mod values;
pub mod voicemail;

pub use error::{FieldError, ValidationErrors};
pub use extension::{Extension, ExtensionKind, ExtensionNumber, Secret, SipUsername};
pub use settings::Settings;
pub use tenant::{SipStack, Tenant, TenantCode};
