//! Projection of tenants and extensions to Asterisk: `pjsip.conf`,
//! `sip.conf` and dialplan includes per tenant and node, Realtime rows, a
//! strict config parser (used by the tests), the AMI client, atomic file
//! writing and reload planning.
//!
//! Every value passes the gate in [`escape`] before it is written.

pub mod agi;
pub mod ami;
pub mod apply;
#[cfg(feature = "bench-fixtures")]
pub mod bench_support;
pub mod chan_sip;
pub mod device_status;
pub mod dialplan;
pub mod error;
pub mod escape;
pub mod node;
pub mod object;
pub mod parse;
pub mod pjsip;
pub mod realtime;
pub mod reference;
pub mod render;
pub mod shared;
pub mod voicemail;

pub use error::RenderError;
pub use node::{AmiSettings, NodeSettings};
pub use render::{
    FileKind, RenderedFile, TenantView, render_all, render_index, render_node, render_tenant,
};
