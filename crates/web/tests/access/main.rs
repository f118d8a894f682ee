//! Accounts, permissions, tenant isolation, sign-in security and the audit
//! log, through the real router.

mod support;

mod audit;
mod signin;
mod walk;
mod web_user;
