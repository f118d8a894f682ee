//! The live harness: tests run the product against a real Asterisk 20.
//!
//! - [`asterisk`]: an Asterisk process in a throwaway directory with loopback
//!   ports chosen per test, stopped on every exit path, its log scanned for
//!   configuration problems caused by rendered files, and kept on failure.
//! - [`sipp`]: phones, callers and a stand-in carrier played by SIPp.
//! - [`observe`]: what Asterisk did with a call, read from the real AMI.
//! - [`pbx`]: the product itself (store, service, HTTP API, projector).
//! - [`oracle`]: the call-flow simulator's path compared with what Asterisk did.
//! - [`outbound`]: external calls through SIPp carriers, what they received.
//! - [`scene`]: one test's world: the product, a node, SIPp files.
//!
//! Nothing here mocks a part that can run: the tests skip when no Asterisk
//! 20 is installed, and fail instead under `PBX_REQUIRE_ASTERISK=1`.

pub mod asterisk;
pub mod env;
pub mod observe;
pub mod oracle;
pub mod outbound;
pub mod pbx;
pub mod ports;
pub mod scene;
pub mod sipp;
