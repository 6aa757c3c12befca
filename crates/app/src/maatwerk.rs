//! Sending a maatwerk decision, the same for the consultant's page and the
//! demo: final from then on, its letter written as a PDF and stored with it,
//! its granted products in the household's plan — in the caller's
//! transaction, so all of it happens or none.

use chrono::{DateTime, NaiveDate, Utc};
use kompas_domain::MunicipalityScope;
use kompas_store::maatwerk as mw;
use kompas_store::{Result, StoreError};
use sqlx::AnyConnection;

/// The media type of the stored letter.
pub const LETTER_MEDIA_TYPE: &str = "application/pdf";

/// Sends decision `id` on `on`; returns the case whose plan now holds its
/// support, if the household has an open case.
pub async fn send_decision(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
    on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    mw::send_decision(conn, scope, id, on).await?;
    let sent = mw::decision_by_id(conn, scope, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("besluit {id}")))?;
    let letter = mw::letter_of(conn, scope, &sent).await?;
    let pdf = kompas_interop::letter_pdf::write(&letter, now);
    mw::store_document(conn, scope, id, LETTER_MEDIA_TYPE, &pdf, now).await?;
    mw::decision_into_plan(conn, scope, id, now).await
}
