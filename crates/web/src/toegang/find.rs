//! Finding a household by name, street, address, date of birth or BSN
//! (issue 16): a worker states why, the search stays within their
//! municipalities, and every household shown is logged as read with that
//! reason (the search value itself is not logged: it may be a BSN).

use super::{audit_rows, today, worker_in_scope};
use crate::auth::Viewer;
use crate::error::AppResult;
use crate::pages::{html, render, url_encode, Chrome};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use kompas_domain::toegang::household::age_on;
use kompas_domain::toegang::search::HouseholdSearch;
use kompas_domain::AuditAction;
use serde::Deserialize;

/// At most this many households per search: narrow the search for more.
const LIMIT: i64 = 25;

#[derive(Debug, Default, Deserialize)]
pub struct FindQuery {
    #[serde(default)]
    zoek: String,
    #[serde(default)]
    reden: String,
}

pub struct Hit {
    pub id: i64,
    pub address: String,
    pub members: Vec<String>,
}

#[derive(Template)]
#[template(path = "toegang/households.html")]
struct FindPage {
    chrome: Chrome,
    query: String,
    reason: String,
    /// The reason, ready for a link to the household page.
    reason_link: String,
    error: Option<String>,
    searched: bool,
    hits: Vec<Hit>,
    more: bool,
}

pub async fn find(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<FindQuery>,
) -> AppResult<Response> {
    let (user, scope) = worker_in_scope(&viewer)?;
    let query: String = q.zoek.trim().chars().take(100).collect();
    let reason: String = q.reden.trim().chars().take(200).collect();
    let mut page = FindPage {
        chrome: Chrome::new(&state, &viewer, "Huishouden zoeken"),
        reason_link: url_encode(&reason),
        query: query.clone(),
        reason: reason.clone(),
        error: None,
        searched: false,
        hits: Vec::new(),
        more: false,
    };
    if query.is_empty() {
        return Ok(html(render(&page)?));
    }
    let search = match HouseholdSearch::parse(&query) {
        Ok(s) => s,
        Err(e) => {
            page.error = Some(e);
            return Ok(html(render(&page)?));
        }
    };
    if reason.chars().count() < 3 {
        page.error = Some("Schrijf op waarom u zoekt; dat komt in het logboek.".into());
        return Ok(html(render(&page)?));
    }
    let mut found =
        kompas_store::toegang::find_households(&state.db, scope, &search, LIMIT + 1).await?;
    page.more = found.len() as i64 > LIMIT;
    found.truncate(LIMIT as usize);
    // Every household shown is a read of personal data, logged with the reason.
    let purpose = format!("gevonden bij zoeken op {}: {reason}", search.label_nl());
    let shown: Vec<_> = found
        .iter()
        .map(|hit| ("huishouden", hit.household.id, Some(hit.household.id)))
        .collect();
    let reads = audit_rows(&state, Some(user), AuditAction::Read, &purpose, &shown);
    let mut tx = state.db.begin().await?;
    kompas_store::audit::append_many(&mut tx, &reads).await?;
    tx.commit().await.map_err(kompas_store::StoreError::from)?;
    let now = today(&state);
    page.searched = true;
    page.hits = found
        .into_iter()
        .map(|hit| {
            let h = hit.household;
            let number = h.house_number.map(|n| n.to_string()).unwrap_or_default();
            let address = format!(
                "{} {} {}, {} {}",
                h.street,
                number,
                h.house_number_addition.unwrap_or_default(),
                h.postcode.unwrap_or_default(),
                h.city
            )
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
            Hit {
                id: h.id,
                address,
                members: hit
                    .members
                    .into_iter()
                    .map(|m| match m.birth_date {
                        Some(b) => format!(
                            "{} (geboren {}, {} jaar)",
                            m.name,
                            b.format("%d-%m-%Y"),
                            age_on(b, now)
                        ),
                        None => m.name,
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(html(render(&page)?))
}
