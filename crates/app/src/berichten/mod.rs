//! The iWmo/iJw 3.2 message exchange with care providers: allocations out
//! (301), the providers' messages in (305, 307, 315, 317, 323 and the return
//! messages of ours), each answered by its return message, and the outbox the
//! municipal hub collects. The codec is `kompas_interop::istandaard`; the
//! rules for claims are the domain's (`maatwerk::allocation`); this module
//! reads what they need and writes the result in the caller's transaction.

mod incoming;
mod outgoing;

pub use incoming::{import, Imported};
pub use outgoing::{
    allocate, announce, answer_request, end_replaced, export, Exported, ANSWERS, REFUSALS,
};

use kompas_domain::maatwerk::Law;
use kompas_interop::istandaard::{Header, Standard, XsdVersion};
use kompas_store::{Result, StoreError};
use sqlx::{AnyConnection, Row};

/// The standard a law's messages follow.
pub fn standard_of(law: Law) -> Result<Standard> {
    match law {
        Law::Wmo => Ok(Standard::Wmo),
        Law::Jeugdwet => Ok(Standard::Jeugdwet),
        Law::Participatiewet => Err(StoreError::Invalid(
            "Voor de Participatiewet bestaan geen iWmo/iJw-berichten.".into(),
        )),
    }
}

pub fn law_of(standard: Standard) -> Law {
    match standard {
        Standard::Wmo => Law::Wmo,
        Standard::Jeugdwet => Law::Jeugdwet,
    }
}

/// The municipality's four-digit code as the messages carry it (GM0384 → 0384).
pub async fn municipality_code(conn: &mut AnyConnection, municipality_id: i64) -> Result<String> {
    let cbs: String = sqlx::query("SELECT cbs_code FROM municipalities WHERE id = $1")
        .bind(municipality_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get("cbs_code")?;
    Ok(cbs.trim_start_matches("GM").to_string())
}

/// The four-digit code of the municipality a message file is for (or, for
/// the return messages of ours, from), read from its header.
pub fn addressed_to(bytes: &[u8]) -> Result<String> {
    let msg = kompas_interop::istandaard::read(bytes)
        .map_err(|e| StoreError::Invalid(format!("Het bestand is geen geldig bericht: {e}")))?;
    let h = msg.header();
    Ok(if msg.kind().sender_is_municipality() {
        h.sender.clone()
    } else {
        h.receiver.clone()
    })
}

/// A header for a message the municipality sends.
fn header(sender: &str, receiver: &str, message_id: String, on: chrono::NaiveDate) -> Header {
    Header {
        sender: sender.to_string(),
        receiver: receiver.to_string(),
        message_id,
        date: on,
        xsd_version: XsdVersion::release_3_2(),
    }
}

/// Splits a name as typed ("Anna de Vries-Bakker") into given names, prefix
/// and surname, as the messages want them: the surname is the last word,
/// with the Dutch prefixes (van, de, der, …) before it.
pub fn split_name(full: &str) -> (Option<String>, Option<String>, String) {
    const PREFIXES: &[&str] = &[
        "van", "de", "der", "den", "het", "ten", "ter", "te", "in", "'t", "op", "la", "le", "du",
        "da", "el", "al",
    ];
    let words: Vec<&str> = full.split_whitespace().collect();
    let Some((last, rest)) = words.split_last() else {
        return (None, None, "Onbekend".into());
    };
    let mut i = rest.len();
    while i > 0 && PREFIXES.contains(&rest[i - 1].to_lowercase().as_str()) && i > 1 {
        i -= 1;
    }
    // A single word before the prefixes is the given name; no given name
    // when the prefixes start the name.
    let (given, prefix) = rest.split_at(i);
    let given = (!given.is_empty()).then(|| given.join(" "));
    let prefix = (!prefix.is_empty()).then(|| prefix.join(" ").to_lowercase());
    (given, prefix, last.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_given_prefix_and_surname() {
        assert_eq!(
            split_name("Anna de Vries"),
            (Some("Anna".into()), Some("de".into()), "Vries".into())
        );
        assert_eq!(
            split_name("Joep van der Berg"),
            (Some("Joep".into()), Some("van der".into()), "Berg".into())
        );
        assert_eq!(split_name("Tromp"), (None, None, "Tromp".into()));
        assert_eq!(
            split_name("Fatima El Amrani"),
            (Some("Fatima".into()), Some("el".into()), "Amrani".into())
        );
        assert_eq!(split_name("  "), (None, None, "Onbekend".into()));
    }
}
