//! Errors of rendering.

pub use crate::escape::UnsafeValue;

/// Why a tenant could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// A value could not be written safely (domain validation should have
    /// refused it first).
    #[error("tenant {tenant}, extension {extension}: {source}")]
    Unsafe {
        tenant: String,
        extension: String,
        #[source]
        source: UnsafeValue,
    },
    /// A node setting (context prefix, trunk or transport name) is unsafe.
    #[error("node setting: {0}")]
    Node(UnsafeValue),
}
