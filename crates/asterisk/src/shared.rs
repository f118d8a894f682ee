//! What every renderer shares: the channel variable naming the calling
//! extension and the order extensions are written in.

use pbx_domain::Extension;

/// The channel variable every phone carries so the dialplan knows which
/// extension placed a call: `PBX_EXT=<number>`.
pub fn caller_var(extension: &Extension) -> String {
    format!("PBX_EXT={}", extension.number)
}

/// Sorts extensions by number (numerically, then as text).
pub fn sorted(extensions: &[Extension]) -> Vec<&Extension> {
    let mut list: Vec<&Extension> = extensions.iter().collect();
    list.sort_by(|a, b| {
        (a.number.as_str().len(), a.number.as_str())
            .cmp(&(b.number.as_str().len(), b.number.as_str()))
    });
    list
}
