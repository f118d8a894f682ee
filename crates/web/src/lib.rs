//! pbx-web.
