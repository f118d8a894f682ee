//! pbx-service.
