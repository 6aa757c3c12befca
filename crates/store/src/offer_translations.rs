//! An offer's texts in residents' languages (issue 15): one row per offer and
//! language in `offer_translations`. Dutch stays in `offers`. A change bumps
//! the offer's version, is written to its history (who, when, which
//! languages) and to the change feed, so the search index and the API's
//! caches see it, all in the caller's transaction.

use crate::directory::{all_by_ids, padded_marks};
use crate::inline::Columns;
use crate::{feed, time, Db, Result, StoreError};
use chrono::{DateTime, Utc};
use kompas_domain::directory::translation::{normalized, OfferTranslation};
use kompas_domain::directory::Offer;
use kompas_domain::language::Language;
use kompas_domain::MunicipalityScope;
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

const SELECT: &str =
    "SELECT offer_id, language, name, description, how_to_apply FROM offer_translations";

fn row<R: Columns>(r: &R) -> Result<(i64, OfferTranslation)> {
    let code: String = r.col("language")?;
    let language = Language::parse(&code)
        .ok_or_else(|| StoreError::Invalid(format!("onbekende taal '{code}'")))?;
    Ok((
        r.col("offer_id")?,
        OfferTranslation {
            language,
            name: r.col("name")?,
            description: r.col("description")?,
            how_to_apply: r.col("how_to_apply")?,
        },
    ))
}

/// The translations of the offers `ids`, per offer, in language order.
/// `language`: only that one.
async fn of_offers(
    db: &Db,
    ids: &[i64],
    language: Option<Language>,
) -> Result<HashMap<i64, Vec<OfferTranslation>>> {
    let mut out: HashMap<i64, Vec<OfferTranslation>> = HashMap::new();
    for chunk in ids.chunks(1000) {
        let only = language.map_or(String::new(), |l| {
            // One of our own language codes, not request text.
            format!(" AND language = '{}'", l.code())
        });
        let sql = format!(
            "{SELECT} WHERE offer_id IN ({}){only}",
            padded_marks(chunk.len())
        );
        for (id, t) in all_by_ids(db, &sql, chunk, |r| row(r), row).await? {
            out.entry(id).or_default().push(t);
        }
    }
    for list in out.values_mut() {
        list.sort_by_key(|t| t.language);
    }
    Ok(out)
}

/// One offer's translations (offers are public).
pub async fn of_offer(db: &Db, offer_id: i64) -> Result<Vec<OfferTranslation>> {
    Ok(of_offers(db, &[offer_id], None)
        .await?
        .remove(&offer_id)
        .unwrap_or_default())
}

/// Each offer's translation into `language`, if it has one (for result cards).
pub async fn in_language(
    db: &Db,
    ids: &[i64],
    language: Language,
) -> Result<HashMap<i64, OfferTranslation>> {
    if ids.is_empty() || language == Language::Nl {
        return Ok(HashMap::new());
    }
    Ok(of_offers(db, ids, Some(language))
        .await?
        .into_iter()
        .filter_map(|(id, mut list)| list.pop().map(|t| (id, t)))
        .collect())
}

/// Fills in `translations` of each offer (the API, exports, the index).
pub async fn fill(db: &Db, offers: &mut [Offer]) -> Result<()> {
    let ids: Vec<i64> = offers.iter().map(|o| o.id).collect();
    let mut found = of_offers(db, &ids, None).await?;
    for o in offers {
        o.translations = found.remove(&o.id).unwrap_or_default();
    }
    Ok(())
}

/// Gives an offer of the caller's municipalities these translations (an
/// empty one removes that language; languages not listed stay as they are).
/// Returns whether anything changed; an offer outside the scope is not found.
pub async fn set_in_scope(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    offer_id: i64,
    translations: &[OfferTranslation],
    changed_by: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let sql = format!(
        "SELECT id FROM offers WHERE id = $1 AND {}",
        crate::in_scope("municipality_id", scope)
    );
    if sqlx::query(&sql)
        .bind(offer_id)
        .fetch_optional(&mut *conn)
        .await?
        .is_none()
    {
        return Err(StoreError::NotFound(format!("aanbod {offer_id}")));
    }
    let current = of_offer_in_tx(conn, offer_id).await?;
    let mut wanted: Vec<OfferTranslation> = current
        .into_iter()
        .filter(|c| !translations.iter().any(|t| t.language == c.language))
        .collect();
    wanted.extend(translations.iter().cloned());
    replace(
        conn,
        offer_id,
        &wanted,
        changed_by,
        "bewerkt door de redactie",
        now,
    )
    .await
}

async fn of_offer_in_tx(conn: &mut AnyConnection, offer_id: i64) -> Result<Vec<OfferTranslation>> {
    let sql = format!("{SELECT} WHERE offer_id = $1");
    let rows = sqlx::query(&sql)
        .bind(offer_id)
        .fetch_all(&mut *conn)
        .await?;
    let mut list = rows
        .iter()
        .map(|r| row(r).map(|(_, t)| t))
        .collect::<Result<Vec<_>>>()?;
    list.sort_by_key(|t| t.language);
    Ok(list)
}

/// Makes `translations` the offer's whole set (an import; the caller found
/// the offer). Checked like the editors' form. Returns whether anything changed.
pub async fn replace(
    conn: &mut AnyConnection,
    offer_id: i64,
    translations: &[OfferTranslation],
    changed_by: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let problems: Vec<String> = translations
        .iter()
        .flat_map(OfferTranslation::problems)
        .map(|p| p.to_string())
        .collect();
    if !problems.is_empty() {
        return Err(StoreError::Invalid(problems.join("; ")));
    }
    let new = normalized(translations);
    let old = of_offer_in_tx(conn, offer_id).await?;
    if old == new {
        return Ok(false);
    }
    let changed: Vec<&str> = kompas_domain::directory::translation::TRANSLATABLE
        .into_iter()
        .filter(|l| {
            let of = |list: &[OfferTranslation]| list.iter().find(|t| t.language == *l).cloned();
            of(&old) != of(&new)
        })
        .map(Language::name_nl)
        .collect();
    let t = time::to_db(now);
    sqlx::query("DELETE FROM offer_translations WHERE offer_id = $1")
        .bind(offer_id)
        .execute(&mut *conn)
        .await?;
    for tr in &new {
        sqlx::query(
            "INSERT INTO offer_translations (offer_id, language, name, description, how_to_apply, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(offer_id)
        .bind(tr.language.code())
        .bind(&tr.name)
        .bind(&tr.description)
        .bind(&tr.how_to_apply)
        .bind(&t)
        .execute(&mut *conn)
        .await?;
    }
    let draft: String = sqlx::query(
        "UPDATE offers SET version = version + 1, updated_at = $1 WHERE id = $2 RETURNING hsds_id",
    )
    .bind(&t)
    .bind(offer_id)
    .fetch_one(&mut *conn)
    .await?
    .try_get("hsds_id")?;
    let offer = crate::directory::offer_in_tx(conn, &draft)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("aanbod {offer_id}")))?;
    // The history keeps drafts: the Dutch text did not change.
    let draft =
        serde_json::to_string(&offer.draft).map_err(|e| StoreError::Invalid(e.to_string()))?;
    sqlx::query(
        "INSERT INTO offer_history (offer_id, changed_by, changed_at, reason, before, after) \
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(offer_id)
    .bind(changed_by)
    .bind(&t)
    .bind(format!(
        "{reason}: vertaling gewijzigd ({})",
        changed.join(", ")
    ))
    .bind(&draft)
    .execute(&mut *conn)
    .await?;
    feed::record(conn, feed::Change::Offer(offer_id)).await?;
    Ok(true)
}
