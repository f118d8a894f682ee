//! Hostile import files built in memory: decompression bombs, false size
//! and dimension claims, deep XML, shared-string expansion and looping
//! compound files. The memory tests, the fuzz run and the documentation of
//! the limits use them; nothing in the product does.

pub mod xls;
pub mod xlsx;
pub mod zip;
