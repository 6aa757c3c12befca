//! What surrounds a sent decision: the municipality's letter texts per law,
//! the document the resident received (stored once, never changed), and the
//! granted products as support in the household's plan.

use super::decisions::{decision_by_id, DecisionRow};
use super::scoped_row;
use crate::{in_scope, time, Result, StoreError};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use kompas_domain::maatwerk::decision::{DecisionKind, Outcome};
use kompas_domain::maatwerk::letter::{self, LetterFacts, LetterTexts};
use kompas_domain::maatwerk::Law;
use kompas_domain::MunicipalityScope;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};

/// The letter texts a municipality of the scope uses for `law`: its own, or
/// the standard ones. The flag says whether they are its own.
pub async fn letter_texts(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    municipality_id: i64,
    law: Law,
) -> Result<(LetterTexts, bool)> {
    if !scope.contains(municipality_id) {
        return Err(StoreError::NotFound(format!("gemeente {municipality_id}")));
    }
    let row = sqlx::query(
        "SELECT legal_basis, objection, address FROM maatwerk_letter_texts \
         WHERE municipality_id = $1 AND law = $2",
    )
    .bind(municipality_id)
    .bind(law.code())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        Some(r) => (
            LetterTexts {
                legal_basis: r.try_get("legal_basis")?,
                objection: r.try_get("objection")?,
                address: r.try_get("address")?,
            },
            true,
        ),
        None => (LetterTexts::standard(law), false),
    })
}

/// Saves a municipality's own letter texts for `law`, after checking them.
pub async fn save_letter_texts(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    municipality_id: i64,
    law: Law,
    texts: &LetterTexts,
    by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    if !scope.contains(municipality_id) {
        return Err(StoreError::NotFound(format!("gemeente {municipality_id}")));
    }
    if let Some((field, reason)) = texts.problems().first() {
        return Err(StoreError::Invalid(format!("{field}: {reason}")));
    }
    sqlx::query(
        "INSERT INTO maatwerk_letter_texts (municipality_id, law, legal_basis, objection, \
         address, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, CAST($7 AS BIGINT)) \
         ON CONFLICT (municipality_id, law) DO UPDATE SET legal_basis = excluded.legal_basis, \
         objection = excluded.objection, address = excluded.address, \
         updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(municipality_id)
    .bind(law.code())
    .bind(texts.legal_basis.trim())
    .bind(texts.objection.trim())
    .bind(texts.address.trim())
    .bind(time::to_db(now))
    .bind(by)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The decisions on a path of the scope, oldest first.
pub async fn decisions_of_path(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    path_id: i64,
) -> Result<Vec<DecisionRow>> {
    let ids = sqlx::query(&format!(
        "SELECT id FROM maatwerk_decisions WHERE path_id = $1 AND {} ORDER BY id",
        in_scope("municipality_id", scope)
    ))
    .bind(path_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for r in ids {
        if let Some(d) = decision_by_id(conn, scope, r.try_get("id")?).await? {
            out.push(d);
        }
    }
    Ok(out)
}

/// The sent decisions about a household, newest first: what a resident of
/// that household may read. The scope is the household's own municipality,
/// found here, so a household id alone reaches nothing elsewhere.
pub async fn sent_decisions_of_household(
    conn: &mut AnyConnection,
    household_id: i64,
) -> Result<Vec<DecisionRow>> {
    let ids = sqlx::query(
        "SELECT d.id, d.municipality_id FROM maatwerk_decisions d \
         JOIN maatwerk_paths p ON p.id = d.path_id \
         WHERE p.household_id = $1 AND d.sent_on IS NOT NULL AND d.municipality_id = p.municipality_id \
         ORDER BY d.sent_on DESC, d.id DESC",
    )
    .bind(household_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for r in ids {
        let scope = MunicipalityScope::single(r.try_get("municipality_id")?);
        if let Some(d) = decision_by_id(conn, &scope, r.try_get("id")?).await? {
            out.push(d);
        }
    }
    Ok(out)
}

/// The letter of a decision of the scope: the municipality's texts for its
/// law, its name, and the person the path is about.
pub async fn letter_of(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    d: &DecisionRow,
) -> Result<letter::Letter> {
    let select = "SELECT d.id, d.municipality_id, m.name AS municipality, hm.name AS member \
         FROM maatwerk_decisions d JOIN maatwerk_paths p ON p.id = d.path_id \
         JOIN municipalities m ON m.id = d.municipality_id \
         LEFT JOIN household_members hm ON hm.id = p.member_id WHERE d.id = $1";
    let r = scoped_row(conn, select, "d.municipality_id", scope, d.id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("besluit {}", d.id)))?;
    let (texts, _) = letter_texts(conn, scope, r.try_get("municipality_id")?, d.draft.law).await?;
    let facts = LetterFacts {
        municipality: r.try_get("municipality")?,
        decision_id: d.id,
        recipient: r.try_get("member")?,
        sent_on: d.sent_on,
        replaces: d.draft.replaces,
    };
    Ok(letter::compose(&d.draft, &texts, &facts))
}

/// Stores the document of a sent decision; a decision has one, written once.
pub async fn store_document(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    decision_id: i64,
    media_type: &str,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<()> {
    let d = decision_by_id(conn, scope, decision_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("besluit {decision_id}")))?;
    if d.sent_on.is_none() {
        return Err(StoreError::Invalid(
            "Een concept heeft nog geen document: verstuur het besluit eerst.".into(),
        ));
    }
    sqlx::query(
        "INSERT INTO maatwerk_decision_documents (decision_id, media_type, content_base64, sha256, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(decision_id)
    .bind(media_type)
    .bind(base64::engine::general_purpose::STANDARD.encode(bytes))
    .bind(hex::encode(Sha256::digest(bytes)))
    .bind(time::to_db(now))
    .execute(&mut *conn)
    .await
    .map_err(|e| {
        crate::conflict_on_unique(
            e,
            "Dit besluit heeft al een document; dat verandert niet meer.",
        )
    })?;
    Ok(())
}

/// The stored document of a decision of the scope: media type and bytes,
/// checked against the hash it was stored with.
pub async fn document(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    decision_id: i64,
) -> Result<Option<(String, Vec<u8>)>> {
    let select = "SELECT x.decision_id AS id, x.media_type, x.content_base64, x.sha256 \
         FROM maatwerk_decision_documents x JOIN maatwerk_decisions d ON d.id = x.decision_id \
         WHERE x.decision_id = $1";
    let Some(r) = scoped_row(conn, select, "d.municipality_id", scope, decision_id).await? else {
        return Ok(None);
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(r.try_get::<String, _>("content_base64")?)
        .map_err(|e| StoreError::Invalid(format!("document van besluit {decision_id}: {e}")))?;
    if hex::encode(Sha256::digest(&bytes)) != r.try_get::<String, _>("sha256")? {
        return Err(StoreError::Invalid(format!(
            "het document van besluit {decision_id} is veranderd sinds het werd opgeslagen"
        )));
    }
    Ok(Some((r.try_get("media_type")?, bytes)))
}

/// Puts a sent decision (as read through the caller's scope) into the
/// household's plan: every granted product becomes support in its
/// category's layer (4 or 5), on the household's current case; the support of the decision it replaces ends on the day the
/// new one starts (or, for a revocation or expiry, on its last day). Returns
/// the case changed, if the household has a current case (being prepared,
/// running or in aftercare).
pub async fn decision_into_plan(
    conn: &mut AnyConnection,
    d: &DecisionRow,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    let Some(sent) = d.sent_on else {
        return Err(StoreError::Invalid(
            "Het besluit is nog niet verstuurd.".into(),
        ));
    };
    let Some(case) =
        sqlx::query("SELECT id FROM cases WHERE household_id = $1 AND status <> 'afgesloten' ORDER BY id DESC LIMIT 1")
            .bind(d.household_id)
            .fetch_optional(&mut *conn)
            .await?
    else {
        return Ok(None);
    };
    let case_id: i64 = case.try_get("id")?;
    if let Some(old) = d.draft.replaces {
        let ends = if d.draft.kind.only_ends() {
            d.draft.lines.iter().filter_map(|l| l.end).max()
        } else {
            d.draft.lines.iter().filter_map(|l| l.start).min()
        }
        .unwrap_or(sent);
        sqlx::query(
            "UPDATE support_items SET ended_on = $3 WHERE case_id = $1 AND decision_id = $2 AND ended_on IS NULL",
        )
        .bind(case_id)
        .bind(old)
        .bind(time::day(ends))
        .execute(&mut *conn)
        .await?;
    }
    if !d.draft.kind.only_ends() {
        let reference = letter::reference(d.draft.law, d.id);
        for l in d
            .draft
            .lines
            .iter()
            .filter(|l| l.outcome == Outcome::Granted)
        {
            let mut title = l.category.name.to_string();
            if let Some(a) = l.amount {
                title.push_str(&format!(": {a}"));
            }
            title.push_str(&format!(", {}", l.delivery.label_nl().to_lowercase()));
            if let Some(end) = l.end {
                title.push_str(&format!(", tot en met {}", end.format("%d-%m-%Y")));
            }
            if d.draft.kind == DecisionKind::Temporary {
                title.push_str(" (tijdelijk, spoed)");
            }
            title.push_str(&format!(" — besluit {reference}"));
            sqlx::query(
                "INSERT INTO support_items (case_id, goal_id, offer_id, title, layer, added_on, decision_id) \
                 VALUES ($1, NULL, NULL, $2, $3, $4, $5)",
            )
            .bind(case_id)
            .bind(title)
            .bind(i64::from(l.category.layer().number()))
            .bind(time::day(l.start.unwrap_or(sent)))
            .bind(d.id)
            .execute(&mut *conn)
            .await?;
            let kind = kompas_domain::monitor::EventKind::SupportAdded {
                case: kompas_domain::monitor::CaseId(case_id),
                layer: l.category.layer(),
                network: false,
            };
            crate::case_events::case_event(conn, case_id, None, now, kind).await?;
        }
    }
    sqlx::query("UPDATE cases SET version = version + 1, updated_at = $2 WHERE id = $1")
        .bind(case_id)
        .bind(time::to_db(now))
        .execute(&mut *conn)
        .await?;
    Ok(Some(case_id))
}
