//! The JSON API, `/api/v1`.

mod auth;
mod body;
mod extensions;
mod objects;
mod openapi;
pub mod routes;
mod tenants;
