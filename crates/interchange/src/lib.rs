//! pbx-interchange.
