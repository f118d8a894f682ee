//! HTTP tests of the web pages through the real router (`oneshot`): sign-in
//! redirects, CSRF, escaping of hostile names, permissions, tenant isolation.

mod support;

mod call_flow;
mod calls;
mod forms;
mod imports;
mod list;
mod login;
mod mail;
mod provisioning;
mod rates;
mod routes;
mod tenants;
