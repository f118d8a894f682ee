//! pbx-store.
