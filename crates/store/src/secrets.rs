//! Secrets at rest: SIP secrets and TOTP seeds are sealed with
//! ChaCha20-Poly1305 under one 256-bit key and stored as
//! `enc:v1:<base64(nonce || ciphertext)>`. Untagged values (rows written
//! before a key existed, or by raw SQL) still read as plaintext and are
//! sealed by [`crate::Store::connect_with_key`].
//!
//! The key is process configuration: one `pbx` process serves one database
//! with one key, so it is installed once here rather than threaded through
//! every row function and their callers. Installing a different key in the
//! same process is refused.

use std::sync::{Arc, RwLock};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

use crate::StoreError;

/// The tag that marks a sealed value (version 1: ChaCha20-Poly1305).
pub const SEALED_PREFIX: &str = "enc:v1:";

/// A 256-bit secret key. Its `Debug` never shows the bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey([u8; 32]);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey([redacted])")
    }
}

impl SecretKey {
    /// A fresh random key.
    pub fn generate() -> SecretKey {
        let mut bytes = [0u8; 32];
        rand::fill(&mut bytes);
        SecretKey(bytes)
    }

    /// A key from its base64 text (32 bytes).
    pub fn from_base64(text: &str) -> Result<SecretKey, String> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| "the secret key is not valid base64".to_owned())?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| "the secret key must be 32 bytes (44 base64 characters)".to_owned())?;
        Ok(SecretKey(bytes))
    }

    /// The base64 text of the key (for the key file only; never log it).
    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0)
    }
}

static KEY: RwLock<Option<Arc<SecretKey>>> = RwLock::new(None);

pub(crate) fn installed() -> Option<Arc<SecretKey>> {
    KEY.read().ok().and_then(|k| k.clone())
}

/// Makes `key` the process's sealing key; a different key than the one
/// already installed is refused.
pub(crate) fn install(key: &SecretKey) -> Result<(), StoreError> {
    let mut slot = KEY
        .write()
        .map_err(|_| StoreError::Corrupt("secret key lock poisoned".into()))?;
    match slot.as_deref() {
        Some(existing) if existing != key => Err(StoreError::Corrupt(
            "a different secret key is already in use by this process".into(),
        )),
        Some(_) => Ok(()),
        None => {
            *slot = Some(Arc::new(key.clone()));
            Ok(())
        }
    }
}

/// True when a key is installed (values are sealed when written).
pub fn sealing() -> bool {
    installed().is_some()
}

/// True when `stored` carries the sealed tag.
pub fn is_sealed(stored: &str) -> bool {
    stored.starts_with(SEALED_PREFIX)
}

/// Seals `plain` under `key`.
pub fn seal_with(key: &SecretKey, plain: &str) -> String {
    let cipher = ChaCha20Poly1305::new(&Key::from(key.0));
    let mut nonce = [0u8; 12];
    rand::fill(&mut nonce);
    let sealed = cipher
        .encrypt(&Nonce::from(nonce), plain.as_bytes())
        .unwrap_or_default();
    let mut bytes = nonce.to_vec();
    bytes.extend_from_slice(&sealed);
    format!("{SEALED_PREFIX}{}", STANDARD.encode(bytes))
}

/// Opens a value sealed under `key`; untagged values come back as they are.
pub fn open_with(key: Option<&SecretKey>, stored: &str) -> Result<String, StoreError> {
    let Some(encoded) = stored.strip_prefix(SEALED_PREFIX) else {
        return Ok(stored.to_owned());
    };
    let corrupt = |what: &str| StoreError::Corrupt(format!("sealed secret: {what}"));
    let key = key.ok_or_else(|| corrupt("no secret key is configured"))?;
    let bytes = STANDARD
        .decode(encoded)
        .map_err(|_| corrupt("not base64"))?;
    if bytes.len() < 12 {
        return Err(corrupt("too short"));
    }
    let (nonce, sealed) = bytes.split_at(12);
    let nonce: [u8; 12] = nonce.try_into().map_err(|_| corrupt("too short"))?;
    let cipher = ChaCha20Poly1305::new(&Key::from(key.0));
    let plain = cipher
        .decrypt(&Nonce::from(nonce), sealed)
        .map_err(|_| corrupt("wrong key or altered value"))?;
    String::from_utf8(plain).map_err(|_| corrupt("not UTF-8"))
}

/// Seals bytes under `key`: the nonce, then the ciphertext.
pub(crate) fn seal_bytes_with(key: &SecretKey, plain: &[u8]) -> Vec<u8> {
    let cipher = ChaCha20Poly1305::new(&Key::from(key.0));
    let mut nonce = [0u8; 12];
    rand::fill(&mut nonce);
    let sealed = cipher
        .encrypt(&Nonce::from(nonce), plain)
        .unwrap_or_default();
    let mut bytes = nonce.to_vec();
    bytes.extend_from_slice(&sealed);
    bytes
}

/// Opens bytes sealed by [`seal_bytes_with`].
pub(crate) fn open_bytes_with(key: &SecretKey, sealed: &[u8]) -> Result<Vec<u8>, StoreError> {
    if sealed.len() < 12 {
        return Err(StoreError::Corrupt("sealed data: too short".into()));
    }
    let (nonce, data) = sealed.split_at(12);
    let nonce: [u8; 12] = nonce
        .try_into()
        .map_err(|_| StoreError::Corrupt("sealed data: too short".into()))?;
    ChaCha20Poly1305::new(&Key::from(key.0))
        .decrypt(&Nonce::from(nonce), data)
        .map_err(|_| StoreError::Corrupt("sealed data: wrong key or altered".into()))
}

/// Seals `plain` with the installed key (as is when no key is installed).
pub fn seal(plain: &str) -> String {
    match installed() {
        Some(key) => seal_with(&key, plain),
        None => plain.to_owned(),
    }
}

/// Opens a stored value with the installed key.
pub fn open(stored: &str) -> Result<String, StoreError> {
    open_with(installed().as_deref(), stored)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_with_its_key_only() {
        let key = SecretKey::generate();
        let sealed = seal_with(&key, "Fx9-kq2!Lm7vZ");
        assert!(sealed.starts_with(SEALED_PREFIX));
        assert!(!sealed.contains("Fx9"));
        assert_eq!(open_with(Some(&key), &sealed).unwrap(), "Fx9-kq2!Lm7vZ");
        assert!(open_with(Some(&SecretKey::generate()), &sealed).is_err());
        assert!(open_with(None, &sealed).is_err());
    }

    #[test]
    fn sealing_twice_gives_different_texts_and_plaintext_reads_as_is() {
        let key = SecretKey::generate();
        assert_ne!(seal_with(&key, "a"), seal_with(&key, "a"));
        assert_eq!(
            open_with(Some(&key), "legacy-plain").unwrap(),
            "legacy-plain"
        );
    }

    #[test]
    fn keys_round_trip_through_base64_and_never_show_in_debug() {
        let key = SecretKey::generate();
        assert_eq!(SecretKey::from_base64(&key.to_base64()).unwrap(), key);
        assert!(SecretKey::from_base64("c2hvcnQ=").is_err());
        assert_eq!(format!("{key:?}"), "SecretKey([redacted])");
    }
}
