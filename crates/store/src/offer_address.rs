//! An offer's visiting address changed by an editor (issue 16). The address
//! lives in the offer's location; a location that other offers share is left
//! as it is and the offer gets a location of its own. The change bumps the
//! offer's version, is written to the offer's history (who, when, from → to)
//! and to the change feed, all in the caller's transaction.

use crate::{feed, time, Result};
use chrono::{DateTime, Utc};
use kompas_domain::directory::address::{address_text, VisitAddress};
use sqlx::{AnyConnection, Row};

/// What a location keeps of an address: the line, postcode and place.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Kept {
    line: Option<String>,
    postcode: Option<String>,
    city: Option<String>,
}

impl Kept {
    fn of(a: Option<&VisitAddress>) -> Kept {
        match a {
            Some(a) => Kept {
                line: Some(a.line()),
                postcode: Some(a.postcode.to_string()),
                city: Some(a.place.clone()),
            },
            None => Kept::default(),
        }
    }

    fn text(&self) -> String {
        address_text(
            self.line.as_deref(),
            self.postcode.as_deref(),
            self.city.as_deref(),
        )
    }
}

/// Gives the offer `hsds_id` the visiting address `new` (`None`: none),
/// with the wijk of its postcode. The caller found the offer in its scope.
/// Returns whether anything changed.
pub async fn set_offer_address(
    conn: &mut AnyConnection,
    hsds_id: &str,
    new: Option<&VisitAddress>,
    changed_by: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let offer = &crate::directory::offer_in_tx(conn, hsds_id)
        .await?
        .ok_or_else(|| crate::StoreError::NotFound(format!("aanbod {hsds_id}")))?;
    let old = offer
        .location
        .as_ref()
        .map(|l| Kept {
            line: l.address.clone(),
            postcode: l.postcode.clone(),
            city: l.city.clone(),
        })
        .unwrap_or_default();
    let kept = Kept::of(new);
    if old == kept {
        return Ok(false);
    }
    let area_code = match new {
        Some(a) => crate::directory::area_for_postcode_in(conn, a.postcode.digits()).await?,
        None => None,
    };
    let shared = match &offer.location {
        Some(l) => {
            sqlx::query("SELECT COUNT(*) AS n FROM offers WHERE location_id = $1 AND id <> $2")
                .bind(l.id)
                .bind(offer.id)
                .fetch_one(&mut *conn)
                .await?
                .try_get::<i64, _>("n")?
                > 0
        }
        None => false,
    };
    let location = match (&offer.location, shared) {
        // Its own location: the address changes there; the old coordinates
        // no longer fit it.
        (Some(l), false) => {
            sqlx::query(
                "UPDATE locations SET address = $1, postcode = $2, city = $3, area_code = $4, \
                 latitude = NULL, longitude = NULL WHERE id = $5",
            )
            .bind(&kept.line)
            .bind(&kept.postcode)
            .bind(&kept.city)
            .bind(&area_code)
            .bind(l.id)
            .execute(&mut *conn)
            .await?;
            Some(l.id)
        }
        // Shared with other offers, or none yet: a location of its own.
        (_, _) if new.is_some() => {
            let name = offer
                .location
                .as_ref()
                .map_or_else(|| offer.draft.name.clone(), |l| l.name.clone());
            let id: i64 = sqlx::query(
                "INSERT INTO locations (hsds_id, organization_id, name, address, postcode, city, area_code) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(format!("{}-adres-{}", offer.draft.hsds_id, offer.version + 1))
            .bind(offer.organization_id)
            .bind(name)
            .bind(&kept.line)
            .bind(&kept.postcode)
            .bind(&kept.city)
            .bind(&area_code)
            .fetch_one(&mut *conn)
            .await?
            .try_get("id")?;
            Some(id)
        }
        // Shared, and the address is cleared: the offer leaves the location.
        _ => None,
    };
    let t = time::to_db(now);
    sqlx::query(
        "UPDATE offers SET location_id = $1, version = version + 1, updated_at = $2 WHERE id = $3",
    )
    .bind(location)
    .bind(&t)
    .bind(offer.id)
    .execute(&mut *conn)
    .await?;
    let draft = serde_json::to_string(&offer.draft)
        .map_err(|e| crate::StoreError::Invalid(e.to_string()))?;
    sqlx::query(
        "INSERT INTO offer_history (offer_id, changed_by, changed_at, reason, before, after) \
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(offer.id)
    .bind(changed_by)
    .bind(&t)
    .bind(format!(
        "adres gewijzigd van {} naar {}",
        old.text(),
        kept.text()
    ))
    .bind(&draft)
    .execute(&mut *conn)
    .await?;
    if let Some(l) = location {
        feed::record(conn, feed::Change::Location(l)).await?;
    }
    feed::record(conn, feed::Change::Offer(offer.id)).await?;
    Ok(true)
}
