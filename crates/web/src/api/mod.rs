//! The JSON API, `/api/v1`.

mod account;
pub(crate) mod audit;
pub(crate) mod auth;
mod body;
pub(crate) mod calls;
pub(crate) mod extensions;
mod health;
pub(crate) mod imports;
pub(crate) mod locks;
mod mail;
mod nodes;
mod objects;
pub(crate) mod openapi;
mod provisioning;
pub(crate) mod rating;
pub mod routes;
mod tenants;
mod users;
