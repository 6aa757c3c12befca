//! The sociale kaart on the web: keeping the search index in step with the
//! database, and the public pages.

pub mod crisis;
pub mod editorial;
pub mod follower;
pub mod offer_form;
pub mod offer_text;
pub mod pages;
pub mod search_form;
pub mod search_misses;

use crate::state::AppState;
use chrono::{Datelike, NaiveDate, Timelike};
use kompas_domain::directory::{OfferStatus, OpeningHours, Weekday};
use kompas_search::IndexedOffer;
use kompas_store::directory::{self as dir, Offer};
use kompas_store::feed;
use std::sync::atomic::Ordering;

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

/// More changes than this are cheaper to apply by rebuilding the index.
const MAX_CHANGES: i64 = 20_000;
/// A search first catches up with the change feed unless that was checked
/// this recently (the poll covers the rest).
const CATCH_UP_EVERY: std::time::Duration = std::time::Duration::from_millis(100);

/// Answers made from the index are valid for this generation only: the
/// shared feed number the index reflects, so an edit on any instance moves it
/// here once this instance has applied the edit. The index records the number
/// right after its new state became searchable, so an answer cached under a
/// number never comes from an older index.
pub fn generation(state: &AppState) -> u64 {
    state.search.built_from().parse().unwrap_or_default()
}

/// Brings the index up to the database: applies only the offers changed since
/// the feed number it reflects (and reloads the synonyms when they changed).
/// Rebuilds it completely when it does not know its number (new, or made by
/// another analyzer version), is empty while the database has offers, or the
/// feed cannot say what changed (pruned past it, a restore, too much).
/// Returns how many offers were written to the index.
pub async fn sync_index(state: &AppState) -> anyhow::Result<usize> {
    let follower = &state.index_feed;
    let _one_at_a_time = follower.running.lock().await;
    if let Ok(mut t) = follower.last_check.lock() {
        *t = Some(std::time::Instant::now());
    }
    let position = state.search.built_from().parse::<i64>().ok();
    let mut pending = match position {
        Some(p) => feed::since(&state.db, p, MAX_CHANGES).await?,
        None => feed::Pending {
            rebuild: true,
            ..feed::Pending::default()
        },
    };
    if !pending.rebuild && state.search.is_empty() {
        pending.rebuild = !dir::offers_after(&state.db, 0, 1).await?.is_empty();
    }
    if pending.synonyms || !follower.synonyms_loaded.load(Ordering::SeqCst) {
        state
            .search
            .set_synonyms(&dir::all_synonyms(&state.db).await?);
        follower.synonyms_loaded.store(true, Ordering::SeqCst);
    }
    let written = if pending.rebuild {
        follower.rebuilds.fetch_add(1, Ordering::SeqCst);
        rebuild_index(state).await?
    } else if pending.offers.is_empty() {
        // Only synonyms (or nothing): the index reflects the head already.
        if pending.synonyms {
            let search = state.search.clone();
            let at = pending.head.to_string();
            tokio::task::spawn_blocking(move || search.apply(&[], &[], &at)).await??;
        }
        0
    } else {
        apply_changes(state, &pending).await?
    };
    Ok(written)
}

async fn rebuild_index(state: &AppState) -> anyhow::Result<usize> {
    // The feed number before reading: changes after it are applied next time.
    let position = dir::offers_fingerprint(&state.db).await?;
    let mut all = Vec::new();
    let mut after = 0;
    loop {
        let page = dir::offers_after(&state.db, after, 2_000).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        all.extend(page.iter().map(indexed));
    }
    let search = state.search.clone();
    let n = tokio::task::spawn_blocking(move || search.rebuild(all, &position)).await??;
    tracing::info!(offers = n, "search index rebuilt");
    Ok(n)
}

async fn apply_changes(state: &AppState, pending: &feed::Pending) -> anyhow::Result<usize> {
    let ids: Vec<i64> = pending.offers.iter().copied().collect();
    let mut found = Vec::new();
    for chunk in ids.chunks(500) {
        found.extend(dir::offers_by_ids(&state.db, chunk).await?);
    }
    // An offer the database no longer has leaves the index.
    let gone: Vec<u64> = ids
        .iter()
        .filter(|id| !found.iter().any(|o| o.id == **id))
        .map(|id| *id as u64)
        .collect();
    let offers: Vec<IndexedOffer> = found.iter().map(indexed).collect();
    let n = offers.len();
    let search = state.search.clone();
    let at = pending.head.to_string();
    tokio::task::spawn_blocking(move || search.apply(&offers, &gone, &at)).await??;
    tracing::debug!(
        offers = n,
        feed = pending.head,
        "search index followed the database"
    );
    Ok(n)
}

/// Catches up with the feed before a search, when that is cheap: not when
/// another catch-up is running or one just ran (the poll covers the rest).
/// A failure only means a slightly older answer, so it is logged.
pub async fn catch_up(state: &AppState) {
    let recent = state
        .index_feed
        .last_check
        .lock()
        .ok()
        .and_then(|t| *t)
        .is_some_and(|t| t.elapsed() < CATCH_UP_EVERY);
    if recent || state.index_feed.running.try_lock().is_err() {
        return;
    }
    if let Err(e) = sync_index(state).await {
        tracing::warn!(error = %e, "following the directory's changes failed");
    }
}

/// Makes offers just saved here searchable at once: the save recorded them in
/// the feed, so this applies them (and whatever else changed meanwhile).
pub async fn reindex(state: &AppState, _ids: &[i64]) -> anyhow::Result<()> {
    sync_index(state).await.map(|_| ())
}

/// Applies synonyms an editor just changed here (they are in the feed too).
pub async fn reload_synonyms(state: &AppState) -> anyhow::Result<()> {
    sync_index(state).await.map(|_| ())
}

/// Asks the search index. A question of everyday length is answered on the
/// request's own thread: it takes well under a millisecond, and handing it to
/// the blocking pool cost two thread wake-ups per search, an eighth of the
/// search API's throughput (`kompas bench search`). A long text goes to the
/// blocking pool, so it cannot hold up the other requests on this thread.
pub async fn search_index(
    state: &AppState,
    q: kompas_search::SearchQuery,
    today: i64,
) -> crate::error::AppResult<kompas_search::Results> {
    // Bytes of question text; the HSDS API allows 200 characters.
    const ON_THIS_THREAD: usize = 400;
    let failed = |e: kompas_search::SearchError| crate::error::AppError::Internal(e.into());
    if q.text.len() <= ON_THIS_THREAD {
        return state.search.search(&q, today).map_err(failed);
    }
    let search = state.search.clone();
    tokio::task::spawn_blocking(move || search.search(&q, today))
        .await
        .map_err(|e| crate::error::AppError::Internal(e.into()))?
        .map_err(failed)
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
