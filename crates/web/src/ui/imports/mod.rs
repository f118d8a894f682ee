//! The CSV/XLS Upload pages of a tenant: the upload form with the format's
//! columns, the preview of an uploaded file (counts, every error by line and
//! column, unmapped FreePBX columns) and the apply of a clean preview.

pub mod apply;
pub(crate) mod multipart;
pub mod upload;
mod view;
