//! HSDS and the database: the catalogue the API and `kompas export hsds`
//! read, and `kompas import hsds` writing a checked file.

use chrono::{DateTime, Utc};
use kompas_domain::directory::{DirectoryOrganization, Offer, OfferPlace, Saved};
use kompas_interop::hsds::export::{write_dir, ExportSummary};
use kompas_interop::hsds::import::{self, location_of, Known, Plan};
use kompas_interop::hsds::{Entry, ImportReport, Problem, Source};
use kompas_store::directory as dir;
use kompas_store::{Db, Tx};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// Every offer, in id order.
pub async fn all_offers(db: &Db) -> kompas_store::Result<Vec<Offer>> {
    let mut all = Vec::new();
    let mut after = 0;
    loop {
        let page = dir::offers_after(db, after, 1_000).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        all.extend(page);
    }
    Ok(all)
}

/// Every organisation that has offers, by database id.
pub async fn all_organizations(
    db: &Db,
) -> kompas_store::Result<HashMap<i64, DirectoryOrganization>> {
    let mut all = HashMap::new();
    let mut after = 0;
    loop {
        let page = dir::organizations_page(db, after, 1_000).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        all.extend(page.into_iter().map(|o| (o.id, o)));
    }
    Ok(all)
}

/// Offers with their organisations and HSDS objects; organisations not in
/// `orgs` are read from the database.
pub async fn entries(
    db: &Db,
    offers: Vec<Offer>,
    orgs: &HashMap<i64, DirectoryOrganization>,
) -> kompas_store::Result<Vec<Entry>> {
    entries_made(db, offers, orgs, Entry::new).await
}

/// [`entries`], each made by `make` (e.g. [`Entry::listed`] for lists).
pub async fn entries_made(
    db: &Db,
    mut offers: Vec<Offer>,
    orgs: &HashMap<i64, DirectoryOrganization>,
    make: fn(Offer, DirectoryOrganization) -> Entry,
) -> kompas_store::Result<Vec<Entry>> {
    // The translations travel as attributes and name the `languages`.
    kompas_store::offer_translations::fill(db, &mut offers).await?;
    let mut out = Vec::with_capacity(offers.len());
    let mut fetched: HashMap<i64, DirectoryOrganization> = HashMap::new();
    for offer in offers {
        let id = offer.organization_id;
        let org = match orgs.get(&id).or_else(|| fetched.get(&id)) {
            Some(o) => o.clone(),
            None => {
                let Some(o) = dir::organization(db, id).await? else {
                    continue;
                };
                fetched.insert(o.id, o.clone());
                o
            }
        };
        out.push(make(offer, org));
    }
    Ok(out)
}

/// The whole directory as HSDS.
pub async fn catalog(db: &Db) -> kompas_store::Result<Vec<Entry>> {
    let orgs = all_organizations(db).await?;
    entries(db, all_offers(db).await?, &orgs).await
}

/// `kompas export hsds DIR`: every offer (all statuses) in both serialisations.
pub async fn export(db: &Db, dir: &Path) -> anyhow::Result<ExportSummary> {
    let services: Vec<Value> = catalog(db).await?.into_iter().map(|e| e.service).collect();
    write_dir(dir, &services)
}

pub struct ImportOptions {
    pub municipality_id: i64,
    pub dry_run: bool,
    /// Who the offer history names, e.g. "import hsds".
    pub changed_by: String,
    pub now: DateTime<Utc>,
}

/// Progress of the writing phase: (records done, records in total).
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

/// What the check of `source` needs to know of the database.
async fn known(
    db: &Db,
    derived: &[Option<kompas_interop::hsds::from_hsds::Derived>],
) -> anyhow::Result<Known> {
    let (offer_ids, org_ids) = import::lookups(derived);
    let mut known = Known::default();
    for id in org_ids {
        if let Some(o) = dir::organization_by_hsds(db, &id).await? {
            known.organizations.insert(id, o.id);
        }
    }
    for id in offer_ids {
        if let Some(mut o) = dir::offer_by_hsds(db, &id).await? {
            o.translations = kompas_store::offer_translations::of_offer(db, o.id).await?;
            if let Some(org) = dir::organization(db, o.organization_id).await? {
                known.offers.insert(id, (o, org));
            }
        }
    }
    Ok(known)
}

/// Checks every record, then (when all are valid) writes them in one
/// transaction. With `dry_run` the transaction is rolled back, so the
/// database's own checks run too but nothing stays. A running server sees
/// the change through the index fingerprint (`sync_index`).
pub async fn import(
    db: &Db,
    source: &Source,
    opts: &ImportOptions,
    progress: Progress<'_>,
) -> anyhow::Result<ImportReport> {
    let derived = import::derive_all(source);
    let known = known(db, &derived).await?;
    let (mut report, plan) = import::check(source, derived, &known, opts.dry_run);
    if !report.ok() {
        return Ok(report);
    }
    let mut tx = db.begin().await?;
    match write(&mut tx, source, &plan, opts, &mut report, progress).await {
        Err(p) => {
            report.errors.push(p);
            tx.rollback().await?;
            report.changed.clear();
        }
        Ok(()) if opts.dry_run => {
            tx.rollback().await?;
            report.changed.clear();
        }
        Ok(()) => {
            tx.commit().await?;
            report.committed = true;
        }
    }
    Ok(report)
}

/// A write that failed, as a problem of `record`.
fn failed(record: &str, field: &str, e: impl std::fmt::Display) -> Problem {
    Problem {
        record: record.to_string(),
        field: field.into(),
        reason: format!("kan niet worden opgeslagen: {e}"),
    }
}

/// Writes the plan in `tx`, counting in `report`; stops at the first failure.
async fn write(
    tx: &mut Tx,
    source: &Source,
    plan: &Plan,
    opts: &ImportOptions,
    report: &mut ImportReport,
    progress: Progress<'_>,
) -> Result<(), Problem> {
    let mut org_ids = plan.known_organizations.clone();
    for o in &plan.organizations {
        let id = dir::upsert_organization(tx, opts.municipality_id, o)
            .await
            .map_err(|e| failed(&o.hsds_id, "organisatie (organization)", e))?;
        org_ids.insert(o.hsds_id.clone(), id);
    }
    let total = plan.offers.len();
    let reason = import::reason(source);
    for (n, c) in plan.offers.iter().enumerate() {
        let Some(org_id) = org_ids.get(&c.organization).copied() else {
            return Err(Problem {
                record: c.record.clone(),
                field: "organisatie (organization_id)".into(),
                reason: "organisatie niet gevonden".into(),
            });
        };
        let location_id = match &c.location {
            None => None,
            Some(l) => Some(
                dir::upsert_location(tx, &location_of(l, org_id))
                    .await
                    .map_err(|e| failed(&c.record, "locatie (service_at_locations)", e))?,
            ),
        };
        let place = OfferPlace {
            municipality_id: opts.municipality_id,
            organization_id: org_id,
            location_id,
        };
        let saved = dir::save_offer(
            tx,
            place,
            &c.draft,
            c.extra.as_deref(),
            None,
            &opts.changed_by,
            &reason,
            opts.now,
        )
        .await
        .map_err(|e| failed(&c.record, "aanbod", e))?;
        let translated = match &c.translations {
            Some(t) => kompas_store::offer_translations::replace(
                tx,
                saved.id(),
                t,
                &opts.changed_by,
                &reason,
                opts.now,
            )
            .await
            .map_err(|e| failed(&c.record, "vertaling (attributes: kompas-vertaling)", e))?,
            None => false,
        };
        let saved = match saved {
            Saved::Unchanged(id) if translated => Saved::Updated(id),
            other => other,
        };
        match saved {
            Saved::Created(id) => {
                report.created += 1;
                report.changed.push(id);
            }
            Saved::Updated(id) => {
                report.updated += 1;
                report.changed.push(id);
            }
            Saved::Unchanged(_) => report.unchanged += 1,
        }
        progress(n + 1, total);
    }
    Ok(())
}
