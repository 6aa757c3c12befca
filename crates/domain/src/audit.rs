//! The audit log: one entry for every access to personal data, login and admin
//! action (NEN 7513 in spirit). Entries form a SHA-256 chain: each entry's hash
//! covers the previous entry's hash and its own content, so changing, removing or
//! inserting a row anywhere breaks every hash after it.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Read,
    Create,
    Update,
    Delete,
    Export,
    Login,
    Logout,
    FailedLogin,
}

impl AuditAction {
    pub const ALL: [AuditAction; 8] = [
        AuditAction::Read,
        AuditAction::Create,
        AuditAction::Update,
        AuditAction::Delete,
        AuditAction::Export,
        AuditAction::Login,
        AuditAction::Logout,
        AuditAction::FailedLogin,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Read => "read",
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Delete => "delete",
            AuditAction::Export => "export",
            AuditAction::Login => "login",
            AuditAction::Logout => "logout",
            AuditAction::FailedLogin => "failed_login",
        }
    }
    pub fn label_nl(self) -> &'static str {
        match self {
            AuditAction::Read => "bekeken",
            AuditAction::Create => "aangemaakt",
            AuditAction::Update => "gewijzigd",
            AuditAction::Delete => "verwijderd",
            AuditAction::Export => "geëxporteerd",
            AuditAction::Login => "ingelogd",
            AuditAction::Logout => "uitgelogd",
            AuditAction::FailedLogin => "mislukte inlogpoging",
        }
    }
}

impl FromStr for AuditAction {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AuditAction::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| format!("onbekende auditactie '{s}'"))
    }
}

/// The kinds of record the audit log names (`object_type`), with the words
/// the privacy officer reads. Codes written before they were Dutch (`user`)
/// are here too, so old rows read alike.
pub const OBJECT_LABELS: &[(&str, &str)] = &[
    ("user", "account"),
    ("organization", "organisatie"),
    ("municipality", "gemeente"),
    ("household", "huishouden"),
    ("huishouden", "huishouden"),
    ("gezinslid", "gezinslid"),
    ("persoon", "persoon"),
    ("inwoner", "inwoner"),
    ("vraag", "hulpvraag"),
    ("signaal", "signaal"),
    ("weging", "weging"),
    ("traject", "traject"),
    ("verwijzing", "verwijzing"),
    ("toestemming", "toestemming"),
    ("toestemmingen", "toestemmingen"),
    ("netwerkcontact", "netwerkcontact"),
    ("inloglink", "inloglink"),
    ("inzage", "inzage"),
    ("correctieverzoek", "correctieverzoek"),
    ("maatwerktraject", "maatwerktraject"),
    ("maatwerkbesluit", "maatwerkbesluit"),
    ("bezwaar", "bezwaar"),
    ("toewijzing", "toewijzing"),
    ("toewijzen", "toewijzing"),
    ("bericht", "bericht"),
    ("berichten", "berichten"),
    ("maatwerk-catalogus", "maatwerkcatalogus"),
    ("maatwerk-aanbieder", "zorgaanbieder"),
    ("maatwerk-product", "product"),
    ("maatwerk-contract", "contract"),
    ("begroting_maatwerk", "begroting maatwerk"),
    ("taakvelden_maatwerk", "taakvelden maatwerk"),
    ("geheimen", "versleutelde gegevens"),
    ("backup", "back-up"),
    ("auditlog", "auditlog"),
    ("demo", "demo"),
];

/// The Dutch name of a record kind; an unknown code as written, with spaces
/// for its dashes and underscores.
pub fn object_label_nl(code: &str) -> String {
    OBJECT_LABELS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, label)| (*label).to_string())
        .unwrap_or_else(|| code.replace(['-', '_'], " "))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditOutcome {
    Success,
    Denied,
    Failure,
}

impl AuditOutcome {
    pub fn label_nl(self) -> &'static str {
        match self {
            AuditOutcome::Success => "gelukt",
            AuditOutcome::Denied => "geweigerd",
            AuditOutcome::Failure => "mislukt",
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            AuditOutcome::Success => "success",
            AuditOutcome::Denied => "denied",
            AuditOutcome::Failure => "failure",
        }
    }
}

impl FromStr for AuditOutcome {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "success" => Ok(AuditOutcome::Success),
            "denied" => Ok(AuditOutcome::Denied),
            "failure" => Ok(AuditOutcome::Failure),
            _ => Err(format!("onbekende uitkomst '{s}'")),
        }
    }
}

/// What an audit entry says, before it has a place in the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// UTC, `YYYY-MM-DDTHH:MM:SS.ffffffZ`: stored as text so both databases hash the same bytes.
    pub at: String,
    pub actor_user_id: Option<i64>,
    pub actor_username: Option<String>,
    pub actor_role: Option<String>,
    pub actor_organization_id: Option<i64>,
    pub municipality_id: Option<i64>,
    pub action: AuditAction,
    pub object_type: String,
    pub object_id: Option<String>,
    /// The person or household the data is about, as an id (never a name or BSN).
    pub subject: Option<String>,
    pub purpose: Option<String>,
    /// Legal ground or consent used for the access.
    pub legal_ground: Option<String>,
    pub outcome: AuditOutcome,
    pub detail: Option<String>,
}

/// A 32-byte SHA-256 value, shown as 64 hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChainHash(pub [u8; 32]);

impl ChainHash {
    /// The `previous hash` of the very first entry.
    pub const GENESIS: ChainHash = ChainHash([0; 32]);

    pub fn to_hex(self) -> String {
        hex::encode(self.0)
    }
    pub fn from_hex(s: &str) -> Option<ChainHash> {
        let bytes = hex::decode(s).ok()?;
        Some(ChainHash(bytes.try_into().ok()?))
    }
}

impl fmt::Debug for ChainHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ChainHash({})", self.to_hex())
    }
}

impl AuditEntry {
    /// The bytes that are hashed: the sequence number and every field in a fixed
    /// order, as a JSON array (unambiguous, and readable when debugging).
    fn canonical(&self, seq: i64) -> String {
        serde_json::json!([
            seq,
            self.at,
            self.actor_user_id,
            self.actor_username,
            self.actor_role,
            self.actor_organization_id,
            self.municipality_id,
            self.action.as_str(),
            self.object_type,
            self.object_id,
            self.subject,
            self.purpose,
            self.legal_ground,
            self.outcome.as_str(),
            self.detail,
        ])
        .to_string()
    }

    /// The hash of this entry at position `seq`, following `prev`.
    pub fn chain_hash(&self, seq: i64, prev: ChainHash) -> ChainHash {
        let mut h = Sha256::new();
        h.update(prev.to_hex().as_bytes());
        h.update(b"\n");
        h.update(self.canonical(seq).as_bytes());
        ChainHash(h.finalize().into())
    }
}

/// An entry as stored: its place in the chain and the two hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAuditEntry {
    pub seq: i64,
    pub entry: AuditEntry,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("auditregel {seq} is niet in orde: {reason}")]
pub struct ChainBreak {
    pub seq: i64,
    pub reason: String,
}

/// Walks the chain in order and checks every link. Feed it the whole log in
/// sequence order; it names the first row that does not fit.
#[derive(Debug)]
pub struct ChainVerifier {
    expected_seq: i64,
    prev: ChainHash,
    checked: u64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier {
            expected_seq: 1,
            prev: ChainHash::GENESIS,
            checked: 0,
        }
    }
}

impl ChainVerifier {
    pub fn check(&mut self, row: &StoredAuditEntry) -> Result<(), ChainBreak> {
        let fail = |reason: &str| ChainBreak {
            seq: row.seq,
            reason: reason.to_string(),
        };
        if row.seq != self.expected_seq {
            return Err(ChainBreak {
                seq: self.expected_seq,
                reason: format!(
                    "regel ontbreekt of staat verkeerd (gevonden: regel {})",
                    row.seq
                ),
            });
        }
        if row.prev_hash != self.prev.to_hex() {
            return Err(fail(
                "de vorige hash klopt niet; een eerdere regel is gewijzigd of verwijderd",
            ));
        }
        let computed = row.entry.chain_hash(row.seq, self.prev);
        if row.hash != computed.to_hex() {
            return Err(fail(
                "de inhoud past niet bij de hash; deze regel is gewijzigd",
            ));
        }
        self.prev = computed;
        self.expected_seq += 1;
        self.checked += 1;
        Ok(())
    }

    pub fn checked(&self) -> u64 {
        self.checked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_kinds_read_in_dutch_and_unknown_codes_stay_readable() {
        assert_eq!(object_label_nl("user"), "account");
        assert_eq!(object_label_nl("maatwerk-aanbieder"), "zorgaanbieder");
        assert_eq!(object_label_nl("iets_nieuws-hier"), "iets nieuws hier");
        let codes: std::collections::BTreeSet<_> = OBJECT_LABELS.iter().map(|(c, _)| c).collect();
        assert_eq!(codes.len(), OBJECT_LABELS.len(), "a code twice");
    }

    fn entry(n: i64) -> AuditEntry {
        AuditEntry {
            at: format!("2026-01-01T10:00:{n:02}.000000Z"),
            actor_user_id: Some(1),
            actor_username: Some("admin".into()),
            actor_role: Some("admin".into()),
            actor_organization_id: None,
            municipality_id: Some(1),
            action: AuditAction::Login,
            object_type: "user".into(),
            object_id: Some("1".into()),
            subject: None,
            purpose: None,
            legal_ground: None,
            outcome: AuditOutcome::Success,
            detail: None,
        }
    }

    fn chain(n: i64) -> Vec<StoredAuditEntry> {
        let mut prev = ChainHash::GENESIS;
        (1..=n)
            .map(|seq| {
                let e = entry(seq);
                let h = e.chain_hash(seq, prev);
                let row = StoredAuditEntry {
                    seq,
                    entry: e,
                    prev_hash: prev.to_hex(),
                    hash: h.to_hex(),
                };
                prev = h;
                row
            })
            .collect()
    }

    fn verify(rows: &[StoredAuditEntry]) -> Result<u64, ChainBreak> {
        let mut v = ChainVerifier::default();
        for r in rows {
            v.check(r)?;
        }
        Ok(v.checked())
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert_eq!(verify(&chain(5)), Ok(5));
    }

    #[test]
    fn a_changed_field_names_that_row() {
        let mut rows = chain(5);
        rows[2].entry.purpose = Some("nieuwsgierig".into());
        assert_eq!(verify(&rows).map_err(|b| b.seq), Err(3));
    }

    #[test]
    fn a_removed_row_is_found() {
        let mut rows = chain(5);
        rows.remove(1);
        assert_eq!(verify(&rows).map_err(|b| b.seq), Err(2));
    }

    #[test]
    fn rehashing_one_row_still_breaks_the_next() {
        let mut rows = chain(5);
        rows[1].entry.detail = Some("x".into());
        let prev = ChainHash::from_hex(&rows[1].prev_hash).unwrap_or(ChainHash::GENESIS);
        rows[1].hash = rows[1].entry.chain_hash(2, prev).to_hex();
        assert_eq!(verify(&rows).map_err(|b| b.seq), Err(3));
    }

    #[test]
    fn hex_round_trips() {
        let h = entry(1).chain_hash(1, ChainHash::GENESIS);
        assert_eq!(ChainHash::from_hex(&h.to_hex()), Some(h));
        assert_eq!(ChainHash::from_hex("zz"), None);
    }
}
