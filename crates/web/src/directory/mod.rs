//! The sociale kaart on the web: keeping the search index in step with the
//! database, and the public pages.

pub mod editorial;
pub mod offer_form;
pub mod pages;
pub mod search_form;

use crate::state::AppState;
use chrono::{Datelike, NaiveDate, Timelike};
use kompas_domain::directory::{OfferStatus, OpeningHours, Weekday};
use kompas_search::IndexedOffer;
use kompas_store::directory::{self as dir, Offer};

/// Days since 1970-01-01, the unit the index keeps dates in.
pub fn day_number(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) - 719_163
}

/// What the index needs of a stored offer.
pub fn indexed(o: &Offer) -> IndexedOffer {
    let d = &o.draft;
    let mut labels: Vec<String> = d
        .life_domains
        .iter()
        .map(|x| x.label_nl().to_string())
        .collect();
    labels.extend(d.target_groups.iter().map(|g| g.label_nl().to_string()));
    labels.push(d.layer.label_nl().to_string());
    IndexedOffer {
        id: o.id as u64,
        municipality_id: o.municipality_id as u64,
        name: d.name.clone(),
        description: d.description.clone(),
        for_whom: d.for_whom.clone(),
        organization: o.organization_name.clone(),
        keywords: d.keywords.clone(),
        labels,
        layer: d.layer.number(),
        life_domains: d
            .life_domains
            .iter()
            .map(|x| x.code().to_string())
            .collect(),
        target_groups: d
            .target_groups
            .iter()
            .map(|x| x.code().to_string())
            .collect(),
        areas: d.areas_served.clone(),
        min_age: d.ages.min(),
        max_age: d.ages.max(),
        free: d.free,
        without_referral: d.access.without_referral(),
        active: d.status == OfferStatus::Active,
        checked_day: d.last_checked.map_or(0, day_number),
        open_slots: d.hours.half_hour_slots(),
    }
}

/// Rebuilds the index from the database when it is empty, built by another
/// analyzer, or built from other data than the database holds now.
pub async fn sync_index(state: &AppState) -> anyhow::Result<usize> {
    let fingerprint = dir::offers_fingerprint(&state.db).await?;
    state
        .search
        .set_synonyms(&dir::all_synonyms(&state.db).await?);
    // Up to date: built from exactly this data (and not emptied since).
    let index_has_data = !state.search.is_empty() || fingerprint.starts_with("0/");
    if index_has_data && state.search.built_from() == fingerprint {
        return Ok(0);
    }
    let mut all = Vec::new();
    let mut after = 0;
    loop {
        let page = dir::offers_after(&state.db, after, 2_000).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        all.extend(page.iter().map(indexed));
    }
    let search = state.search.clone();
    let n = tokio::task::spawn_blocking(move || search.rebuild(all, &fingerprint)).await??;
    tracing::info!(offers = n, "search index rebuilt");
    Ok(n)
}

/// Puts changed offers in the index at once (an edit is searchable right away).
pub async fn reindex(state: &AppState, ids: &[i64]) -> anyhow::Result<()> {
    let offers: Vec<IndexedOffer> = dir::offers_by_ids(&state.db, ids)
        .await?
        .iter()
        .map(indexed)
        .collect();
    let fingerprint = dir::offers_fingerprint(&state.db).await?;
    let search = state.search.clone();
    tokio::task::spawn_blocking(move || search.upsert(&offers, &fingerprint)).await??;
    Ok(())
}

/// Reloads the synonyms after an editor changed them.
pub async fn reload_synonyms(state: &AppState) -> anyhow::Result<()> {
    state
        .search
        .set_synonyms(&dir::all_synonyms(&state.db).await?);
    Ok(())
}

/// The half-hour slot of the week for "nu open", in Dutch local time.
pub fn current_slot(now: chrono::DateTime<chrono::Utc>) -> u16 {
    let local = kompas_domain::dutch_time::local(now);
    let day = Weekday::from_chrono(local.weekday());
    let minute = (local.time().num_seconds_from_midnight() / 60) as u16;
    OpeningHours::slot_of(day, minute)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_start_at_the_unix_epoch() {
        assert_eq!(
            day_number(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()),
            0
        );
        assert_eq!(
            day_number(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()),
            20_780
        );
    }
}
