//! Maatwerk in the application layer. The catalogue between its CSV file
//! (`kompas_interop::catalogue_csv`) and the database: one transaction for
//! the whole file, all or nothing. And sending a decision, the same for the
//! consultant's page and the demo: final from then on, its letter written as
//! a PDF and stored with it, its granted products in the household's plan —
//! in the caller's transaction, so all of it happens or none.

use chrono::{DateTime, NaiveDate, Utc};
use kompas_domain::MunicipalityScope;
use kompas_interop::catalogue_csv::{self, Change, Known, ProductKey};
use kompas_interop::monitor::{ImportReport, RowError};
use kompas_store::maatwerk::{self as mw, ChangedBy};
use kompas_store::{Conn, Db, StoreError};
use std::collections::HashMap;

/// What the municipality's catalogue holds, keyed as the file names it.
async fn known(
    conn: &mut Conn,
    scope: &MunicipalityScope,
    municipality_id: i64,
) -> kompas_store::Result<Known> {
    let mut k = Known::default();
    for p in mw::providers(conn, scope).await? {
        if p.municipality_id == municipality_id {
            k.providers.insert(p.agb.clone(), (p.id, p.provider()));
        }
    }
    for p in mw::products(conn, scope, None, None).await? {
        if p.municipality_id == municipality_id {
            let product = p.product();
            k.products.insert(ProductKey::of(&product), (p.id, product));
        }
    }
    Ok(k)
}

/// A refusal by the store, on its line: a problem with a date (a contract
/// overlapping another, a product shrinking under its contracts) or a
/// conflict; anything else stops the import as an error.
fn refusal(row: usize, column: &str, e: StoreError) -> Result<RowError, StoreError> {
    match e {
        StoreError::Invalid(reason) | StoreError::Conflict(reason) => Ok(RowError {
            row,
            column: column.to_string(),
            reason,
        }),
        other => Err(other),
    }
}

/// Reads `text` and applies it to the catalogue of `municipality_id` on
/// `conn` (a transaction the caller commits only when the report has no
/// errors, and never on a dry run). The report's notes say what changes.
pub async fn apply(
    conn: &mut Conn,
    scope: &MunicipalityScope,
    municipality_id: i64,
    text: &str,
    by: ChangedBy,
) -> kompas_store::Result<ImportReport> {
    let mut report = ImportReport::default();
    let file = match catalogue_csv::parse(text) {
        Ok(f) => f,
        Err(errors) => {
            report.errors = errors;
            return Ok(report);
        }
    };
    report.rows = file.lines.len();
    if !scope.contains(municipality_id) {
        return Err(StoreError::NotFound(format!("gemeente {municipality_id}")));
    }
    let known = known(conn, scope, municipality_id).await?;
    let changes = match catalogue_csv::plan(&file, &known) {
        Ok(c) => c,
        Err(errors) => {
            report.errors = errors;
            return Ok(report);
        }
    };
    let mut provider_ids: HashMap<_, _> = known
        .providers
        .iter()
        .map(|(agb, (id, _))| (agb.clone(), *id))
        .collect();
    let mut product_ids: HashMap<_, _> = known
        .products
        .iter()
        .map(|(k, (id, _))| (k.clone(), *id))
        .collect();
    for (row, change) in &changes {
        let done = match change {
            Change::NewProvider(p) => mw::create_provider(conn, scope, municipality_id, p, by)
                .await
                .map(|id| {
                    provider_ids.insert(p.agb.clone(), id);
                    None
                }),
            Change::ChangedProvider(id, p) => mw::update_provider(conn, scope, *id, p, by)
                .await
                .map(|_| None),
            Change::NewProduct(p) => mw::create_product(conn, scope, municipality_id, p, by)
                .await
                .map(|id| {
                    product_ids.insert(ProductKey::of(p), id);
                    None
                }),
            Change::ChangedProduct(id, p) => mw::update_product(conn, scope, *id, p, by)
                .await
                .map(|_| None),
            Change::NewContract {
                agb,
                product,
                contract,
            } => {
                let (provider, product) = (provider_ids[agb], product_ids[product]);
                // The same contract again (a file read twice) is no change.
                let same = mw::contracts_of_provider(conn, scope, provider)
                    .await?
                    .iter()
                    .any(|c| c.product_id == product && c.contract == *contract);
                if same {
                    continue;
                }
                mw::add_contract(conn, scope, provider, product, contract, by)
                    .await
                    .map(|added| added.ended)
            }
        };
        match done {
            Ok(ended) => {
                report
                    .notes
                    .push(format!("regel {row}: {}", change.describe()));
                if let Some((_, last)) = ended {
                    report.notes.push(format!(
                        "regel {row}: het contract dat er al was, eindigt op {}",
                        last.format("%d-%m-%Y")
                    ));
                }
            }
            Err(e) => {
                let column = match change {
                    Change::NewContract { .. } => "geldig_van",
                    Change::NewProvider(_) | Change::ChangedProvider(..) => "agb",
                    _ => "productcode",
                };
                // The transaction is spoiled (PostgreSQL): stop at the first refusal.
                report.errors.push(refusal(*row, column, e)?);
                return Ok(report);
            }
        }
    }
    if report.notes.is_empty() {
        report
            .notes
            .push("niets veranderd: alles in het bestand staat al zo in de catalogus".into());
    }
    Ok(report)
}

/// Reads and stores a catalogue file in one transaction; `dry_run` only
/// shows what would change.
pub async fn import(
    db: &Db,
    scope: &MunicipalityScope,
    municipality_id: i64,
    text: &str,
    dry_run: bool,
    by: ChangedBy,
) -> kompas_store::Result<ImportReport> {
    let mut tx = db.begin().await?;
    let mut report = apply(&mut tx, scope, municipality_id, text, by).await?;
    if report.ok() && !dry_run {
        tx.commit().await?;
        report.stored = true;
    }
    Ok(report)
}

/// The media type of the stored letter.
pub const LETTER_MEDIA_TYPE: &str = "application/pdf";

/// Sends decision `id` on `on`; returns the case whose plan now holds its
/// support, if the household has an open case.
pub async fn send_decision(
    conn: &mut Conn,
    scope: &MunicipalityScope,
    id: i64,
    on: NaiveDate,
    now: DateTime<Utc>,
) -> kompas_store::Result<Option<i64>> {
    mw::send_decision(conn, scope, id, on).await?;
    let sent = mw::decision_by_id(conn, scope, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("besluit {id}")))?;
    let letter = mw::letter_of(conn, scope, &sent).await?;
    let pdf = kompas_interop::letter_pdf::write(&letter, now);
    mw::store_document(conn, scope, id, LETTER_MEDIA_TYPE, &pdf, now).await?;
    // Allocations of the decision this one replaces end, and their providers hear.
    crate::berichten::end_replaced(conn, scope, id, on, now).await?;
    mw::decision_into_plan(conn, &sent, now).await
}
