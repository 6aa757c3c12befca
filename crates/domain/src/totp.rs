//! Time-based one-time passwords (RFC 6238 over RFC 4226, HMAC-SHA1, 6 digits,
//! 30-second steps): the second factor that authenticator apps speak.

use hmac::{Hmac, Mac};
use sha1::Sha1;

pub const STEP_SECONDS: i64 = 30;
pub const DIGITS: u32 = 6;

/// A shared secret of 20 random bytes, written in base32 for people and apps.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSecret(Vec<u8>);

impl Drop for TotpSecret {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(..)")
    }
}

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

impl TotpSecret {
    pub fn from_bytes(bytes: [u8; 20]) -> Self {
        TotpSecret(bytes.to_vec())
    }

    /// Base32 without padding, as authenticator apps expect.
    pub fn to_base32(&self) -> String {
        let mut out = String::new();
        let (mut buf, mut bits) = (0_u32, 0_u32);
        for &b in &self.0 {
            buf = (buf << 8) | u32::from(b);
            bits += 8;
            while bits >= 5 {
                bits -= 5;
                out.push(char::from(ALPHABET[((buf >> bits) & 31) as usize]));
            }
        }
        if bits > 0 {
            out.push(char::from(ALPHABET[((buf << (5 - bits)) & 31) as usize]));
        }
        out
    }

    /// Reads base32, ignoring spaces, case and padding. At least 80 bits.
    pub fn from_base32(s: &str) -> Option<Self> {
        let mut out = Vec::new();
        let (mut buf, mut bits) = (0_u32, 0_u32);
        for c in s.chars().filter(|c| !c.is_whitespace() && *c != '=') {
            let v = ALPHABET
                .iter()
                .position(|&a| char::from(a) == c.to_ascii_uppercase())?;
            buf = (buf << 5) | v as u32;
            bits += 5;
            if bits >= 8 {
                bits -= 8;
                out.push(((buf >> bits) & 0xff) as u8);
            }
        }
        (out.len() >= 10).then_some(TotpSecret(out))
    }

    /// The code for time step `step` (unix seconds / 30).
    pub fn code_at_step(&self, step: i64) -> String {
        let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(&self.0) else {
            return String::new();
        };
        mac.update(&step.to_be_bytes());
        let h = mac.finalize().into_bytes();
        let offset = usize::from(h[19] & 0x0f);
        let bin = u32::from_be_bytes([
            h[offset] & 0x7f,
            h[offset + 1],
            h[offset + 2],
            h[offset + 3],
        ]);
        format!(
            "{:0width$}",
            bin % 10_u32.pow(DIGITS),
            width = DIGITS as usize
        )
    }

    /// The time step whose code matches `code`, allowing one step of clock drift
    /// either way. The caller must refuse a step that was already used.
    pub fn matching_step(&self, code: &str, unix_seconds: i64) -> Option<i64> {
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() != DIGITS as usize || !code.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let now = unix_seconds.div_euclid(STEP_SECONDS);
        [now, now - 1, now + 1]
            .into_iter()
            .find(|&s| constant_time_eq(self.code_at_step(s).as_bytes(), code.as_bytes()))
    }

    /// The `otpauth://` link that authenticator apps read from a QR code.
    pub fn otpauth_uri(&self, issuer: &str, account: &str) -> String {
        let enc = |s: &str| -> String {
            s.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                        char::from(b).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect()
        };
        format!(
            "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
            enc(issuer),
            enc(account),
            self.to_base32(),
            enc(issuer)
        )
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238 appendix B, SHA1 secret "12345678901234567890", truncated to 6 digits.
    fn rfc() -> TotpSecret {
        TotpSecret(b"12345678901234567890".to_vec())
    }

    #[test]
    fn matches_the_rfc_test_vectors() {
        for (t, code) in [
            (59_i64, "287082"),
            (1_111_111_109, "081804"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(rfc().code_at_step(t / 30), code, "t={t}");
        }
    }

    #[test]
    fn base32_round_trips() {
        let s = rfc();
        assert_eq!(s.to_base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(
            TotpSecret::from_base32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"),
            Some(s)
        );
        assert_eq!(TotpSecret::from_base32("1!"), None);
    }

    #[test]
    fn accepts_one_step_of_drift_and_nothing_more() {
        let s = rfc();
        let t = 1_234_567_890;
        assert_eq!(s.matching_step("005924", t), Some(t / 30));
        assert_eq!(s.matching_step("005924", t + 30), Some(t / 30));
        assert_eq!(s.matching_step("005924", t + 90), None);
        assert_eq!(s.matching_step("00592", t), None);
        assert_eq!(s.matching_step("abcdef", t), None);
    }
}
