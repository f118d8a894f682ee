//! The web pages: server-rendered HTML (askama templates, escaping on) with a
//! little JavaScript as progressive enhancement. Every page route is listed
//! in [`UI_ROUTES`]; every state-changing form carries the session's CSRF
//! token, checked by [`session::PostedForm`].

mod account;
pub(crate) mod assets;
pub(crate) mod audit;
mod calls;
mod chrome;
mod error;
pub(crate) mod extensions;
mod home;
pub(crate) mod imports;
mod login;
mod mail;
mod rates;
pub mod routes;
pub(crate) mod session;
mod tenants;
mod users;

pub use session::SESSION_COOKIE;
