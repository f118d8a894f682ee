//! pbx-asterisk.
