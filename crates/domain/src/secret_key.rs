//! The installation's secret key (`KOMPAS_SECRET_KEY`) and what it protects.
//!
//! A secret stored in the database (today: the TOTP secret of an account) is
//! sealed with XChaCha20-Poly1305 under a key derived for its purpose with
//! HKDF-SHA256 from the master key. The stored text is an envelope that names
//! the format version and the master key it was sealed with:
//!
//! ```text
//! v1.<key id>.<base64url(24-byte nonce || ciphertext || 16-byte tag)>
//! ```
//!
//! The key id is derived from the key itself (8 hex digits), so old keys need
//! no names: a keyring holds the current key and any old ones, opens an
//! envelope of each, and seals only under the current one. The envelope's
//! header, purpose and context (the row it belongs to) are authenticated as
//! associated data, so a sealed value cannot be moved to another account.
//!
//! No I/O here: the caller supplies the random source for nonces and keys.

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use rand_core::CryptoRngCore;
use secrecy::{ExposeSecret, SecretBox, SecretString};
use sha2::Sha256;
use zeroize::Zeroizing;

/// A master key holds at least this many bytes of randomness.
pub const MIN_KEY_BYTES: usize = 32;
/// The envelope format written today.
const VERSION: &str = "v1";
const NONCE_BYTES: usize = 24;
const TAG_BYTES: usize = 16;
/// HKDF salt: fixed, so the same master key gives the same purpose keys.
const SALT: &[u8] = b"kompas secret key v1";

/// How operators make a key; shown in every message about a missing or weak key.
pub const HOW_TO_MAKE_ONE: &str = "Maak er een met / create one with: `kompas secrets new-key` \
     (of/or `openssl rand -base64 32`) en zet die in KOMPAS_SECRET_KEY / and put it in KOMPAS_SECRET_KEY";

/// Why a text is not a usable master key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyProblem {
    #[error("KOMPAS_SECRET_KEY ontbreekt / is missing. {HOW_TO_MAKE_ONE}")]
    Missing,
    #[error(
        "KOMPAS_SECRET_KEY is geen base64 of hex / is neither base64 nor hex. {HOW_TO_MAKE_ONE}"
    )]
    NotEncoded,
    #[error(
        "KOMPAS_SECRET_KEY is te kort / is too short: {0} bytes, minstens / at least 32 willekeurige / random bytes nodig. {HOW_TO_MAKE_ONE}"
    )]
    TooShort(usize),
    #[error(
        "KOMPAS_SECRET_KEY lijkt niet willekeurig / does not look random (te weinig verschillende bytes / too few distinct bytes). {HOW_TO_MAKE_ONE}"
    )]
    NotRandom,
}

/// A master key: its HKDF pseudo-random key (the raw key is not kept) and its id.
pub struct MasterKey {
    prk: SecretBox<[u8; 32]>,
    id: String,
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MasterKey({}, ..)", self.id)
    }
}

fn decode(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    let t = text.trim();
    if t.len() >= 2 * MIN_KEY_BYTES && t.len() & 1 == 0 && t.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return hex::decode(t).ok().map(Zeroizing::new);
    }
    [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(t).ok())
        .map(Zeroizing::new)
}

impl MasterKey {
    /// Reads a key given as hex (64 digits or more) or base64 (standard or
    /// URL-safe, padded or not) of at least 32 random bytes.
    pub fn parse(text: &str) -> Result<MasterKey, KeyProblem> {
        if text.trim().is_empty() {
            return Err(KeyProblem::Missing);
        }
        let bytes = decode(text).ok_or(KeyProblem::NotEncoded)?;
        Self::from_bytes(&bytes)
    }

    /// A key from raw bytes: at least 32, and not visibly patterned. 32 random
    /// bytes have about 30 distinct values; fewer than 16 is a pattern, a
    /// repeated word or a counter, not randomness.
    pub fn from_bytes(bytes: &[u8]) -> Result<MasterKey, KeyProblem> {
        if bytes.len() < MIN_KEY_BYTES {
            return Err(KeyProblem::TooShort(bytes.len()));
        }
        let mut seen = [false; 256];
        for b in bytes {
            seen[usize::from(*b)] = true;
        }
        if seen.iter().filter(|s| **s).count() < 16 {
            return Err(KeyProblem::NotRandom);
        }
        let (prk, hk) = Hkdf::<Sha256>::extract(Some(SALT), bytes);
        let mut id = [0_u8; 4];
        // Four bytes of a 32-byte output: expand cannot fail at these lengths.
        let id = match hk.expand(b"kompas/key-id", &mut id) {
            Ok(()) => hex::encode(id),
            Err(_) => return Err(KeyProblem::NotEncoded),
        };
        let mut raw = [0_u8; 32];
        raw.copy_from_slice(&prk);
        Ok(MasterKey {
            prk: SecretBox::new(Box::new(raw)),
            id,
        })
    }

    /// A fresh key of 32 random bytes, written as standard base64.
    pub fn generate(rng: &mut impl CryptoRngCore) -> SecretString {
        let mut bytes = Zeroizing::new([0_u8; MIN_KEY_BYTES]);
        rng.fill_bytes(bytes.as_mut());
        SecretString::from(STANDARD.encode(bytes.as_ref()))
    }

    /// The id written in envelopes sealed with this key (8 hex digits).
    pub fn id(&self) -> &str {
        &self.id
    }

    fn cipher(&self, purpose: Purpose) -> Option<XChaCha20Poly1305> {
        let hk = Hkdf::<Sha256>::from_prk(self.prk.expose_secret()).ok()?;
        let mut key = Zeroizing::new([0_u8; 32]);
        hk.expand(purpose.info().as_bytes(), key.as_mut()).ok()?;
        XChaCha20Poly1305::new_from_slice(key.as_ref()).ok()
    }
}

/// What a sealed secret is for; each purpose has its own derived key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// `users.totp_secret`; the context is the user's id.
    TotpSecret,
}

impl Purpose {
    fn info(self) -> &'static str {
        match self {
            Purpose::TotpSecret => "kompas/v1/users.totp_secret",
        }
    }
}

/// A stored secret as it is in the database: normally an envelope, or (in a
/// database from before encryption) the plain text, until it is sealed.
#[derive(Clone, PartialEq, Eq)]
pub struct Sealed(String);

impl std::fmt::Debug for Sealed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.key_id() {
            Some(id) => write!(f, "Sealed({VERSION}.{id}..)"),
            None => f.write_str("Sealed(not sealed)"),
        }
    }
}

impl Sealed {
    /// The text read from the database column.
    pub fn from_stored(text: String) -> Sealed {
        Sealed(text)
    }

    /// The text to write to the database column.
    pub fn as_stored(&self) -> &str {
        &self.0
    }

    fn parts(&self) -> Option<(&str, &str)> {
        let rest = self.0.strip_prefix(VERSION)?.strip_prefix('.')?;
        let (id, body) = rest.split_once('.')?;
        (id.len() == 8 && id.bytes().all(|b| b.is_ascii_hexdigit())).then_some((id, body))
    }

    /// The id of the key it was sealed with; `None` for plain text.
    pub fn key_id(&self) -> Option<&str> {
        self.parts().map(|(id, _)| id)
    }

    /// Still the plain text from before encryption.
    pub fn is_plaintext(&self) -> bool {
        self.parts().is_none()
    }
}

/// Why a sealed secret could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error(
        "het geheim is niet versleuteld opgeslagen (start Kompas of draai `kompas secrets rotate`)"
    )]
    Plaintext,
    #[error("het geheim is versleuteld met sleutel {0}, die niet bekend is: geef die mee in KOMPAS_SECRET_KEY_OLD")]
    UnknownKey(String),
    #[error("het versleutelde geheim is beschadigd of hoort niet bij deze rij")]
    Corrupt,
}

/// The current key and the old keys that may still open secrets.
pub struct Keyring {
    current: MasterKey,
    old: Vec<MasterKey>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("current", &self.current.id)
            .field("old", &self.old.iter().map(|k| &k.id).collect::<Vec<_>>())
            .finish()
    }
}

fn aad(key_id: &str, purpose: Purpose, context: &str) -> Vec<u8> {
    format!("{VERSION}.{key_id}|{}|{context}", purpose.info()).into_bytes()
}

impl Keyring {
    /// Old keys equal to the current one (or to each other) are dropped.
    pub fn new(current: MasterKey, old: Vec<MasterKey>) -> Keyring {
        let mut kept: Vec<MasterKey> = Vec::new();
        for k in old {
            if k.id != current.id && kept.iter().all(|o| o.id != k.id) {
                kept.push(k);
            }
        }
        Keyring { current, old: kept }
    }

    pub fn current_id(&self) -> &str {
        &self.current.id
    }

    pub fn old_ids(&self) -> Vec<&str> {
        self.old.iter().map(|k| k.id.as_str()).collect()
    }

    /// Seals `plaintext` for `purpose` and `context` (e.g. the row's id) under the current key.
    pub fn seal(
        &self,
        purpose: Purpose,
        context: &str,
        plaintext: &[u8],
        rng: &mut impl CryptoRngCore,
    ) -> Option<Sealed> {
        let cipher = self.current.cipher(purpose)?;
        let mut nonce = [0_u8; NONCE_BYTES];
        rng.fill_bytes(&mut nonce);
        let nonce = XNonce::from(nonce);
        let aad = aad(&self.current.id, purpose, context);
        let ct = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: &aad,
                },
            )
            .ok()?;
        let mut body = nonce.to_vec();
        body.extend_from_slice(&ct);
        Some(Sealed(format!(
            "{VERSION}.{}.{}",
            self.current.id,
            URL_SAFE_NO_PAD.encode(body)
        )))
    }

    /// Opens a sealed secret with whichever known key sealed it.
    pub fn open(
        &self,
        purpose: Purpose,
        context: &str,
        sealed: &Sealed,
    ) -> Result<SecretBox<Vec<u8>>, OpenError> {
        let (id, body) = sealed.parts().ok_or(OpenError::Plaintext)?;
        let key = std::iter::once(&self.current)
            .chain(&self.old)
            .find(|k| k.id == id)
            .ok_or_else(|| OpenError::UnknownKey(id.to_string()))?;
        let body = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| OpenError::Corrupt)?;
        if body.len() < NONCE_BYTES + TAG_BYTES {
            return Err(OpenError::Corrupt);
        }
        let (nonce, ct) = body.split_at(NONCE_BYTES);
        let nonce = XNonce::try_from(nonce).map_err(|_| OpenError::Corrupt)?;
        let cipher = key.cipher(purpose).ok_or(OpenError::Corrupt)?;
        let aad = aad(id, purpose, context);
        cipher
            .decrypt(&nonce, Payload { msg: ct, aad: &aad })
            .map(|p| SecretBox::new(Box::new(p)))
            .map_err(|_| OpenError::Corrupt)
    }

    /// Opens a secret that is text (e.g. a TOTP secret in base32).
    pub fn open_text(
        &self,
        purpose: Purpose,
        context: &str,
        sealed: &Sealed,
    ) -> Result<SecretString, OpenError> {
        let bytes = self.open(purpose, context, sealed)?;
        let text = std::str::from_utf8(bytes.expose_secret()).map_err(|_| OpenError::Corrupt)?;
        Ok(SecretString::from(text.to_string()))
    }

    /// True when the value is plain text or sealed under another than the current key.
    pub fn needs_reseal(&self, sealed: &Sealed) -> bool {
        sealed.key_id() != Some(self.current.id.as_str())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    /// A deterministic stand-in for the OS random source, for tests only.
    struct Counter(u8);
    impl rand_core::RngCore for Counter {
        fn next_u32(&mut self) -> u32 {
            u32::from(self.next_byte())
        }
        fn next_u64(&mut self) -> u64 {
            u64::from(self.next_byte())
        }
        fn fill_bytes(&mut self, dest: &mut [u8]) {
            for b in dest {
                *b = self.next_byte();
            }
        }
        fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
            self.fill_bytes(dest);
            Ok(())
        }
    }
    impl rand_core::CryptoRng for Counter {}
    impl Counter {
        fn next_byte(&mut self) -> u8 {
            self.0 = self.0.wrapping_mul(29).wrapping_add(71);
            self.0
        }
    }

    fn key(seed: u8) -> MasterKey {
        let bytes: Vec<u8> = (0..32_u8)
            .map(|i| i.wrapping_mul(37).wrapping_add(seed))
            .collect();
        MasterKey::from_bytes(&bytes).unwrap()
    }

    const SECRET: &[u8] = b"KOMPASDEMOKOMPASDEMOKOMPASDEMO23";

    #[test]
    fn a_sealed_secret_opens_again_and_is_not_the_plain_text() {
        let ring = Keyring::new(key(1), vec![]);
        let sealed = ring
            .seal(Purpose::TotpSecret, "7", SECRET, &mut Counter(1))
            .unwrap();
        assert!(sealed
            .as_stored()
            .starts_with(&format!("v1.{}.", ring.current_id())));
        assert!(!sealed.as_stored().contains("KOMPAS"));
        assert!(!sealed.is_plaintext());
        let opened = ring.open(Purpose::TotpSecret, "7", &sealed).unwrap();
        assert_eq!(opened.expose_secret().as_slice(), SECRET);
        let text = ring.open_text(Purpose::TotpSecret, "7", &sealed).unwrap();
        assert_eq!(text.expose_secret().as_bytes(), SECRET);
    }

    #[test]
    fn two_seals_of_the_same_secret_differ() {
        let ring = Keyring::new(key(1), vec![]);
        let mut rng = Counter(3);
        let a = ring
            .seal(Purpose::TotpSecret, "7", SECRET, &mut rng)
            .unwrap();
        let b = ring
            .seal(Purpose::TotpSecret, "7", SECRET, &mut rng)
            .unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn the_wrong_key_does_not_open_it() {
        let sealed = Keyring::new(key(1), vec![])
            .seal(Purpose::TotpSecret, "7", SECRET, &mut Counter(1))
            .unwrap();
        let other = Keyring::new(key(2), vec![]);
        assert!(matches!(
            other.open(Purpose::TotpSecret, "7", &sealed),
            Err(OpenError::UnknownKey(_))
        ));
        // A forged header naming the other key's id still fails authentication.
        let forged = Sealed::from_stored(sealed.as_stored().replacen(
            &key(1).id,
            other.current_id(),
            1,
        ));
        assert_eq!(
            other.open(Purpose::TotpSecret, "7", &forged).err(),
            Some(OpenError::Corrupt)
        );
    }

    #[test]
    fn a_tampered_ciphertext_or_another_row_fails() {
        let ring = Keyring::new(key(1), vec![]);
        let sealed = ring
            .seal(Purpose::TotpSecret, "7", SECRET, &mut Counter(1))
            .unwrap();
        let text = sealed.as_stored();
        let (head, body) = text.rsplit_once('.').unwrap();
        let mut bytes = URL_SAFE_NO_PAD.decode(body).unwrap();
        for i in [0, NONCE_BYTES, bytes.len() - 1] {
            bytes[i] ^= 1;
            let tampered =
                Sealed::from_stored(format!("{head}.{}", URL_SAFE_NO_PAD.encode(&bytes)));
            assert_eq!(
                ring.open(Purpose::TotpSecret, "7", &tampered).err(),
                Some(OpenError::Corrupt),
                "byte {i}"
            );
            bytes[i] ^= 1;
        }
        let cut = Sealed::from_stored(text[..text.len() - 4].to_string());
        assert!(ring.open(Purpose::TotpSecret, "7", &cut).is_err());
        // Copied to another account's row, it does not open.
        assert_eq!(
            ring.open(Purpose::TotpSecret, "8", &sealed).err(),
            Some(OpenError::Corrupt)
        );
    }

    #[test]
    fn an_old_key_opens_until_it_is_dropped() {
        let before = Keyring::new(key(1), vec![]);
        let sealed = before
            .seal(Purpose::TotpSecret, "7", SECRET, &mut Counter(1))
            .unwrap();
        let rotating = Keyring::new(key(2), vec![key(1)]);
        assert!(rotating.needs_reseal(&sealed));
        let plain = rotating.open(Purpose::TotpSecret, "7", &sealed).unwrap();
        let resealed = rotating
            .seal(
                Purpose::TotpSecret,
                "7",
                plain.expose_secret(),
                &mut Counter(5),
            )
            .unwrap();
        assert!(!rotating.needs_reseal(&resealed));
        let after = Keyring::new(key(2), vec![]);
        assert!(after.open(Purpose::TotpSecret, "7", &resealed).is_ok());
        assert!(matches!(
            after.open(Purpose::TotpSecret, "7", &sealed),
            Err(OpenError::UnknownKey(_))
        ));
    }

    #[test]
    fn plain_text_is_recognised_and_not_opened() {
        let ring = Keyring::new(key(1), vec![]);
        let plain = Sealed::from_stored("KOMPASDEMOKOMPASDEMOKOMPASDEMO23".into());
        assert!(plain.is_plaintext());
        assert!(ring.needs_reseal(&plain));
        assert_eq!(
            ring.open(Purpose::TotpSecret, "7", &plain).err(),
            Some(OpenError::Plaintext)
        );
        assert_eq!(format!("{plain:?}"), "Sealed(not sealed)");
    }

    #[test]
    fn keys_are_hex_or_base64_of_32_random_bytes() {
        let generated = MasterKey::generate(&mut Counter(9));
        let k = MasterKey::parse(generated.expose_secret()).unwrap();
        assert_eq!(k.id().len(), 8);
        // The same bytes as hex give the same key.
        let bytes = STANDARD.decode(generated.expose_secret()).unwrap();
        assert_eq!(MasterKey::parse(&hex::encode(&bytes)).unwrap().id(), k.id());
        assert_eq!(
            MasterKey::parse(&URL_SAFE_NO_PAD.encode(&bytes))
                .unwrap()
                .id(),
            k.id()
        );
        assert_eq!(MasterKey::parse("  ").err(), Some(KeyProblem::Missing));
        assert_eq!(
            MasterKey::parse("geheim!").err(),
            Some(KeyProblem::NotEncoded)
        );
        assert_eq!(
            MasterKey::parse("Z2VoZWlt").err(),
            Some(KeyProblem::TooShort(6))
        );
        assert_eq!(
            MasterKey::parse(&"00".repeat(32)).err(),
            Some(KeyProblem::NotRandom)
        );
        assert_eq!(
            MasterKey::parse(&"ab01".repeat(20)).err(),
            Some(KeyProblem::NotRandom)
        );
        let message = KeyProblem::TooShort(6).to_string();
        assert!(message.contains("kompas secrets new-key"), "{message}");
    }

    #[test]
    fn debug_output_shows_no_key_material() {
        let k = key(1);
        let ring = Keyring::new(key(2), vec![key(1)]);
        let shown = format!("{k:?} {ring:?}");
        assert!(shown.contains(k.id()));
        assert!(!shown.contains("prk"));
        let sealed = ring
            .seal(Purpose::TotpSecret, "7", SECRET, &mut Counter(1))
            .unwrap();
        assert_eq!(
            format!("{sealed:?}"),
            format!("Sealed(v1.{}..)", ring.current_id())
        );
    }

    #[test]
    fn an_old_key_equal_to_the_current_one_is_dropped() {
        let ring = Keyring::new(key(1), vec![key(1), key(2), key(2)]);
        assert_eq!(ring.old_ids(), vec![key(2).id().to_string()]);
    }
}
