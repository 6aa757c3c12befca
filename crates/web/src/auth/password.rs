//! Argon2id password hashing, off the async threads.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::OnceLock;

pub const MIN_LENGTH: usize = 10;

/// Checks the password rule; the message is shown to the user.
pub fn check_strength(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_LENGTH {
        return Err(format!("een wachtwoord heeft minstens {MIN_LENGTH} tekens"));
    }
    if password.chars().count() > 200 {
        return Err("een wachtwoord heeft hoogstens 200 tekens".into());
    }
    Ok(())
}

pub fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
}

pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password)).await?
}

/// A hash of a random password, verified against when the account does not
/// exist, so a wrong user name takes as long as a wrong password.
fn fallback_hash() -> &'static str {
    static FALLBACK: OnceLock<String> = OnceLock::new();
    FALLBACK.get_or_init(|| {
        let random = SaltString::generate(&mut OsRng);
        hash_blocking(random.as_str()).unwrap_or_default()
    })
}

/// Verifies `password` against `stored` (or the fallback hash when `None`).
pub async fn verify(password: String, stored: Option<String>) -> bool {
    let known = stored.is_some();
    let ok = tokio::task::spawn_blocking(move || {
        let stored = stored.unwrap_or_else(|| fallback_hash().to_string());
        PasswordHash::new(&stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false);
    ok && known
}
