//! The JSON API, `/api/v1`.

pub(crate) mod auth;
mod body;
pub(crate) mod extensions;
mod imports;
mod objects;
mod openapi;
pub mod routes;
mod tenants;
