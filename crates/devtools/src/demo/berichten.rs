//! The demo's iWmo/iJw exchange: the granted in-kind products of the demo's
//! sent decisions that a provider in the demo catalogue is contracted for
//! are allocated (a 301 each, collected by the hub the same day), each
//! provider starts care (305) and claims the last full month with one line
//! over its allocation (323, rejected by TR321). The return messages (306,
//! 325) wait in the outbox for the contract manager. All through the app's
//! own functions, as a file from a provider would come in.

use crate::generate::berichten::{self as msgs, Client, Line, Started};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use kompas_domain::maatwerk::decision::{Amount, Delivery, Outcome};
use kompas_domain::MunicipalityScope;
use kompas_interop::istandaard::Standard;
use kompas_store::maatwerk::{self as mw, AllocationRow};
use kompas_store::{tenancy, Db, Tx};
use sqlx::Row;
use std::collections::BTreeMap;

/// The organisation in the demo that is also a contracted care provider.
const PROVIDER_ORGANISATION: (&str, &str) = ("Jeugdhulp De Kompasroos", "41990035");

/// Morning of a Dutch working day, as UTC (good enough for the demo's stamps).
fn at(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(NaiveTime::from_hms_opt(8, 30, 0).unwrap_or_default())
        .and_utc()
}

/// The last four digits of an AGB code: message ids are at most 12 characters.
fn short(agb: &str) -> &str {
    agb.get(agb.len().saturating_sub(4)..).unwrap_or(agb)
}

fn local_day(t: DateTime<Utc>) -> NaiveDate {
    kompas_domain::dutch_time::local(t).date()
}

pub async fn load(db: &Db, now: DateTime<Utc>) -> anyhow::Result<()> {
    let m = tenancy::municipality_by_code(db, "GM9901").await?;
    let scope = MunicipalityScope::single(m.id);
    let mut tx = db.begin().await?;
    let already: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM maatwerk_allocations WHERE municipality_id = $1")
            .bind(m.id)
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
    if already > 0 {
        return Ok(());
    }
    let allocated = allocate(&mut tx, &scope, m.id).await?;
    link_organisation(&mut tx, &scope, m.id).await?;
    exchange(&mut tx, &scope, m.id, &allocated, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Allocates every granted in-kind product with a catalogue product code to
/// the first provider (by AGB code) contracted for it on its start, the day
/// after the decision was sent; the hub collects the 301 that day.
async fn allocate(
    tx: &mut Tx,
    scope: &MunicipalityScope,
    municipality: i64,
) -> anyhow::Result<Vec<AllocationRow>> {
    let decisions: Vec<i64> = sqlx::query(
        "SELECT id FROM maatwerk_decisions WHERE municipality_id = $1 AND sent_on IS NOT NULL ORDER BY sent_on, id",
    )
    .bind(municipality)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| r.try_get("id"))
    .collect::<Result<_, _>>()?;
    let mut providers = mw::providers(tx, scope).await?;
    providers.sort_by(|a, b| a.agb.as_str().cmp(b.agb.as_str()));
    let products = mw::products(tx, scope, None, None).await?;
    let mut out = Vec::new();
    for id in decisions {
        let Some(d) = mw::decision_by_id(tx, scope, id).await? else {
            continue;
        };
        let Some(sent) = d.sent_on else {
            continue;
        };
        for (position, line) in (1_i64..).zip(&d.draft.lines) {
            if line.outcome != Outcome::Granted
                || line.delivery != Delivery::InKind
                || !matches!(line.amount, Some(Amount::Volume { .. }))
            {
                continue;
            }
            let (Some(code), Some(start)) = (&line.product, line.start) else {
                continue;
            };
            let Some(product) = products.iter().find(|p| {
                p.law == d.draft.law && p.code == *code && p.category.code == line.category.code
            }) else {
                continue;
            };
            let mut chosen = None;
            for p in &providers {
                if mw::contract_tariff(tx, scope, p.id, product.id, start)
                    .await?
                    .is_some()
                {
                    chosen = Some(p.id);
                    break;
                }
            }
            let Some(provider) = chosen else {
                continue;
            };
            let when = at(sent + Duration::days(1));
            let a =
                kompas_app::berichten::allocate(tx, scope, id, position, provider, when).await?;
            kompas_app::berichten::export(tx, scope, None, when + Duration::hours(2)).await?;
            if let Some(row) = mw::allocation_by_id(tx, scope, a).await? {
                out.push(row);
            }
        }
    }
    Ok(out)
}

/// The demo's care provider organisation acts for its provider in the
/// catalogue. The demo account `partner` belongs to a welfare organisation,
/// which is no provider, so it stays unlinked.
async fn link_organisation(
    tx: &mut Tx,
    scope: &MunicipalityScope,
    municipality: i64,
) -> anyhow::Result<()> {
    let (name, agb) = PROVIDER_ORGANISATION;
    let org: Option<i64> = sqlx::query(
        "SELECT id FROM organizations WHERE municipality_id = $1 AND name = $2 AND kind = 'zorgaanbieder'",
    )
    .bind(municipality)
    .bind(name)
    .fetch_optional(&mut **tx)
    .await?
    .map(|r| r.try_get("id"))
    .transpose()?;
    let provider = mw::provider_with_agb(tx, scope, municipality, agb).await?;
    if let (Some(org), Some((provider, _))) = (org, provider) {
        mw::link_provider_to_organization(tx, scope, provider, Some(org)).await?;
    }
    Ok(())
}

/// Per provider: a 305 per client the day care started, then a 323 for the
/// last full month (or, for care that started later, the days since) with
/// the first allocation's second half-month over its volume.
async fn exchange(
    tx: &mut Tx,
    scope: &MunicipalityScope,
    municipality: i64,
    allocated: &[AllocationRow],
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let code = kompas_app::berichten::municipality_code(tx, municipality).await?;
    let today = local_day(now);
    let mut by_provider: BTreeMap<String, Vec<&AllocationRow>> = BTreeMap::new();
    for a in allocated {
        by_provider.entry(a.agb_code.clone()).or_default().push(a);
    }
    let products = mw::products(tx, scope, None, None).await?;
    for (agb, rows) in &by_provider {
        let standard = kompas_app::berichten::standard_of(rows[0].allocation.law)?;
        let prefix = if standard == Standard::Jeugdwet {
            "JW"
        } else {
            "WMO"
        };
        let mut lines = Vec::new();
        for (n, a) in (1..).zip(rows) {
            let c = mw::client_of(tx, scope, a.household_id, a.member_id)
                .await?
                .ok_or_else(|| anyhow::anyhow!("cliënt van toewijzing {}", a.allocation.number))?;
            let (Some(bsn), Some(born)) = (c.bsn.clone(), c.birth_date) else {
                anyhow::bail!("{} heeft geen BSN of geboortedatum", c.name);
            };
            let client = Client {
                bsn: bsn.clone(),
                born,
                name: c.name.clone(),
            };
            let allocated_on = local_day(a.allocated_at);
            let started = a.allocation.start.max(allocated_on + Duration::days(1));
            if started >= today {
                continue;
            }
            let product = a
                .allocation
                .product
                .as_ref()
                .map(|p| p.as_str().to_string());
            let start = msgs::start_care(
                standard,
                (agb, &code),
                &format!("ST{}N{n}", short(agb)),
                started,
                &client,
                &[Started {
                    allocation_number: a.allocation.number.get(),
                    category: a.allocation.category.code.to_string(),
                    product: product.clone(),
                    allocation_start: a.allocation.start,
                    start: started,
                }],
            );
            kompas_app::berichten::import(
                tx,
                scope,
                municipality,
                Some(&format!("{prefix}305_{agb}_{n}.xml")),
                start.as_bytes(),
                at(started),
            )
            .await?;
            // The claim: the last full month within the allocation, split in halves.
            let (first, last) = msgs::previous_month(today);
            let from = first.max(started);
            let to = last.min(a.allocation.end.unwrap_or(last));
            let (from, to) = if from <= to {
                (from, to)
            } else if a.allocation.end.is_none_or(|e| e >= today) {
                // Care that started this month: the days so far.
                (started, today - Duration::days(1))
            } else {
                // Ended before last month: nothing left to claim.
                continue;
            };
            if from > to {
                continue;
            }
            let (Some(code_str), Amount::Volume { quantity, unit, .. }) =
                (product, a.allocation.amount)
            else {
                continue;
            };
            let Some(p) = products
                .iter()
                .find(|p| p.law == a.allocation.law && p.code.as_str() == code_str)
            else {
                continue;
            };
            let Some(tariff) = mw::contract_tariff(tx, scope, a.provider_id, p.id, from).await?
            else {
                continue;
            };
            let max = a.allocation.max_in_period(from, to).unwrap_or(0);
            let over = lines.is_empty();
            let mid = from + Duration::days((to - from).num_days() / 2);
            let halves = if mid < to {
                vec![(from, mid), (mid + Duration::days(1), to)]
            } else {
                vec![(from, to)]
            };
            let last_half = halves.len() - 1;
            for (i, (f, t)) in halves.into_iter().enumerate() {
                let volume = if over && i == last_half {
                    u32::try_from(a.allocation.max_in_period(f, t).unwrap_or(max)).unwrap_or(0)
                        + quantity.max(2)
                } else {
                    (quantity / 2).max(1)
                };
                lines.push(Line {
                    bsn: bsn.clone(),
                    reference: format!(
                        "{}-{}-{}",
                        short(agb),
                        a.allocation.number,
                        f.format("%Y%m%d")
                    ),
                    allocation_number: a.allocation.number.get(),
                    category: a.allocation.category.code.to_string(),
                    product: code_str.clone(),
                    from: f,
                    to: t,
                    volume,
                    unit: unit.code().to_string(),
                    tariff_cents: tariff,
                });
            }
        }
        if lines.is_empty() {
            continue;
        }
        let number = format!("D{}{}", today.format("%y%m"), short(agb));
        let file = msgs::claim(standard, (agb, &code), &number, today, &lines);
        kompas_app::berichten::import(
            tx,
            scope,
            municipality,
            Some(&format!("{prefix}323_{agb}_{number}.xml")),
            file.as_bytes(),
            now,
        )
        .await?;
    }
    Ok(())
}
