//! The JSON API through the real router, one module per route group
//! (mirroring `src/api/`): authentication, validation as problem+json,
//! optimistic versions, tenant isolation, the OpenAPI document.

mod auth;
mod extensions;
mod health;
mod imports;
mod nodes;
mod openapi;
mod rating;
mod support;
mod tenants;
