//! A small Asterisk Manager Interface client: connect, read the banner, log
//! in, send actions and match their responses by ActionID.

mod action;
mod client;
mod frame;

pub use action::Action;
pub use client::AmiClient;
pub use frame::{Message, read_message};

/// What can go wrong talking to a node's manager interface.
#[derive(Debug, thiserror::Error)]
pub enum AmiError {
    #[error("AMI connection: {0}")]
    Io(#[from] std::io::Error),
    #[error("AMI timed out waiting for {0}")]
    Timeout(String),
    #[error("not an Asterisk manager: banner {0:?}")]
    BadBanner(String),
    #[error("AMI login refused: {0}")]
    LoginRefused(String),
    #[error("AMI action {action} failed: {message}")]
    ActionFailed { action: String, message: String },
    #[error("AMI closed the connection")]
    Closed,
    #[error("AMI header {0:?} holds a line break or is empty")]
    BadHeader(String),
}
