//! The sociale kaart as Open Referral HSDS 3.0 under `/api/hsds/`, public and
//! with open CORS (`Access-Control-Allow-Origin: *`, preflight answered).
//!
//! - Lists follow the HSDS page shape (`total_items`, `total_pages`,
//!   `page_number`, `size`, `first_page`, `last_page`, `empty`, `contents`);
//!   `per_page` is at most 100 (default 50); `format=ndjson` gives every
//!   result, one JSON object a line, without pages.
//! - Only active offers are listed, unless `status` asks for another status
//!   (`active`, `inactive`, `defunct`, `temporarily closed`) or `all`.
//!   `search` uses the search index, which holds active offers only.
//! - `service_at_locations?postcode=1234AB` matches locations whose postcode
//!   has the same four digits; with `proximity=N` the four digits may differ by
//!   at most N (we have no postcode coordinates, so this replaces the spec's
//!   metres from the centroid).
//! - Wrong parameters (unknown names, `page=0`, `per_page=abc`, a search of
//!   more than 200 characters, …) give 400 `application/problem+json` with a
//!   Dutch explanation; an unknown id gives 404. Handlers return `AppError`
//!   like every other handler; the error layer renders it as JSON under
//!   `/api/` and keeps the CORS header that [`cors`] adds to every answer.
//!
//! Lists cost a page, not the directory: filters on status, organisation and
//! our own taxonomies are SQL conditions with `LIMIT`/`OFFSET`; a plain
//! `search` pages in the index. Filters SQL can only pre-select
//! (`modified_after`, terms of imported taxonomies) or that combine with
//! `search` are checked on the HSDS objects of the candidates, a chunk at a
//! time; `format=ndjson` streams a chunk at a time.

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use kompas_app::directory::hsds as hx;
use kompas_domain::directory::OfferStatus;
use kompas_domain::language::Language;
use kompas_domain::Postcode;
use kompas_interop::hsds::export::{self as hsds_export, organization_of, Entry};
use kompas_interop::hsds::{profile, to_hsds, vocab};
use kompas_search::SearchQuery;
use kompas_store::directory::{DirectoryOrganization, Offer, OfferQuery, OfferTerm};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::UtoipaMethodRouter;

const MAX_PER_PAGE: u64 = 100;
const DEFAULT_PER_PAGE: u64 = 50;
const MAX_SEARCH: usize = 200;
const MAX_VALUE: usize = 200;

/// Adds the CORS preflight (`OPTIONS`) to an HSDS route, and the CORS
/// header to its every answer, errors included.
pub fn cors(r: UtoipaMethodRouter<AppState>) -> UtoipaMethodRouter<AppState> {
    let (schemas, paths, mr) = r;
    let mr = mr
        .options(preflight)
        .layer(axum::middleware::map_response(add_cors));
    (schemas, paths, mr)
}

async fn add_cors(res: Response) -> Response {
    with_cors(res)
}

async fn preflight() -> Response {
    let mut res = StatusCode::NO_CONTENT.into_response();
    let h = res.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, OPTIONS"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Accept, Accept-Language, Content-Type"),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("86400"),
    );
    res
}

/// An HSDS 3.0 object (service, organization, taxonomy, …) as the HSDS
/// schemas describe it.
#[derive(Serialize, ToSchema)]
#[schema(value_type = Object)]
pub struct HsdsObject(Value);

/// A page of results in the HSDS shape.
#[derive(Serialize, ToSchema)]
pub struct HsdsPage {
    pub total_items: u64,
    pub total_pages: u64,
    pub page_number: u64,
    pub size: u64,
    pub first_page: bool,
    pub last_page: bool,
    pub empty: bool,
    #[schema(value_type = Vec<Object>)]
    pub contents: Vec<Value>,
}

/// The API's description: HSDS version, profile and OpenAPI document.
#[derive(Serialize, ToSchema)]
pub struct HsdsInfo {
    #[schema(example = "3.0")]
    pub version: String,
    pub profile: String,
    pub openapi_url: String,
}

type Outcome = AppResult<Response>;

fn with_cors(mut res: Response) -> Response {
    res.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    res
}

fn json_response(v: &impl Serialize) -> Outcome {
    let body = serde_json::to_string(v).map_err(|e| AppError::Internal(e.into()))?;
    Ok(json_body(body.into()))
}

fn json_body(body: Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

// ---------------------------------------------------------------- parameters

struct Params(HashMap<String, String>);

impl Params {
    fn parse(raw: Option<&str>, allowed: &[&str]) -> AppResult<Params> {
        let mut map = HashMap::new();
        for (k, v) in url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            if !allowed.contains(&k.as_ref()) {
                return Err(AppError::BadRequest(if allowed.is_empty() {
                    format!("Parameter '{k}' is onbekend; dit adres neemt geen parameters.")
                } else {
                    format!(
                        "Parameter '{k}' is onbekend. Toegestaan: {}.",
                        allowed.join(", ")
                    )
                }));
            }
            let limit = if k == "search" { MAX_SEARCH } else { MAX_VALUE };
            if v.chars().count() > limit {
                return Err(AppError::BadRequest(format!(
                    "Parameter '{k}' is te lang: gebruik hoogstens {limit} tekens."
                )));
            }
            if map.insert(k.to_string(), v.to_string()).is_some() {
                return Err(AppError::BadRequest(format!(
                    "Parameter '{k}' staat er meer dan één keer in."
                )));
            }
        }
        Ok(Params(map))
    }

    fn text(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    /// The language of names, descriptions and `application_process`:
    /// `taal`, else `Accept-Language`, else Dutch (issue 15).
    fn language(&self, headers: &HeaderMap) -> AppResult<Language> {
        if let Some(code) = self.text("taal") {
            return Language::parse(code).ok_or_else(|| {
                AppError::BadRequest(format!(
                    "Taal '{code}' kennen we niet. Kies nl, en, ar, tr, pl of uk."
                ))
            });
        }
        Ok(headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Language::from_accept_language)
            .unwrap_or_default())
    }

    fn number(&self, key: &str, default: u64, min: u64, max: u64) -> AppResult<u64> {
        let Some(raw) = self.0.get(key) else {
            return Ok(default);
        };
        match raw.trim().parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(AppError::BadRequest(format!(
                "Parameter '{key}' moet een geheel getal van {min} tot en met {max} zijn, niet '{raw}'."
            ))),
        }
    }

    fn flag(&self, key: &str) -> AppResult<bool> {
        match self
            .0
            .get(key)
            .map(|s| s.trim().to_ascii_lowercase())
            .as_deref()
        {
            None | Some("false") | Some("0") => Ok(false),
            Some("true") | Some("1") | Some("") => Ok(true),
            Some(other) => Err(AppError::BadRequest(format!(
                "Parameter '{key}' is true of false, niet '{other}'."
            ))),
        }
    }

    fn paging(&self) -> AppResult<(u64, u64)> {
        Ok((
            self.number("page", 1, 1, 1_000_000)?,
            self.number("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)?,
        ))
    }

    fn ndjson(&self) -> AppResult<bool> {
        match self.text("format").map(str::to_ascii_lowercase).as_deref() {
            None | Some("json") => Ok(false),
            Some("ndjson") => Ok(true),
            Some(other) => Err(AppError::BadRequest(format!(
                "Parameter 'format' is json of ndjson, niet '{other}'."
            ))),
        }
    }

    fn modified_after(&self) -> AppResult<Option<DateTime<Utc>>> {
        let Some(raw) = self.text("modified_after") else {
            return Ok(None);
        };
        if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
            return Ok(Some(t.with_timezone(&Utc)));
        }
        if let Some(t) = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
        {
            return Ok(Some(t.and_utc()));
        }
        Err(AppError::BadRequest(format!(
            "Parameter 'modified_after' is een datum-tijd zoals 2026-01-31T12:00:00Z (of een datum zoals 2026-01-31), niet '{raw}'."
        )))
    }

    /// Which statuses to list: active by default.
    fn statuses(&self) -> AppResult<Option<Vec<OfferStatus>>> {
        match self.text("status") {
            None => Ok(Some(vec![OfferStatus::Active])),
            Some("all") | Some("alle") => Ok(None),
            Some(s) => OfferStatus::parse(s).map(|x| Some(vec![x])).map_err(|_| {
                AppError::BadRequest(format!(
                    "Parameter 'status' is active, inactive, defunct, temporarily closed of all, niet '{s}'."
                ))
            }),
        }
    }
}

fn page_of(items: Vec<Value>, page: u64, per_page: u64) -> HsdsPage {
    let total = items.len() as u64;
    let start = ((page - 1) * per_page).min(total) as usize;
    let contents: Vec<Value> = items
        .into_iter()
        .skip(start)
        .take(per_page as usize)
        .collect();
    page_with(contents, total, page, per_page)
}

/// The spec's page object for `contents`, page `page` of `total` items.
fn page_with(contents: Vec<Value>, total: u64, page: u64, per_page: u64) -> HsdsPage {
    let total_pages = total.div_ceil(per_page);
    HsdsPage {
        total_items: total,
        total_pages,
        page_number: page,
        size: contents.len() as u64,
        first_page: page == 1,
        last_page: page >= total_pages,
        empty: contents.is_empty(),
        contents,
    }
}

fn list_response(items: Vec<Value>, params: &Params) -> Outcome {
    if params.ndjson()? {
        let mut body = String::new();
        for item in &items {
            body.push_str(&item.to_string());
            body.push('\n');
        }
        return Ok(([(header::CONTENT_TYPE, "application/x-ndjson")], body).into_response());
    }
    let (page, per_page) = params.paging()?;
    json_response(&page_of(items, page, per_page))
}

// ---------------------------------------------------------------- selecting services

fn attributes(v: &Value) -> &[Value] {
    v.get("attributes")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn has_term(service: &Value, term: &str) -> bool {
    attributes(service).iter().any(|a| {
        a.get("taxonomy_term_id").and_then(Value::as_str) == Some(term)
            || a.pointer("/taxonomy_term/id").and_then(Value::as_str) == Some(term)
    })
}

fn term_in_taxonomy(t: &Value, taxonomy: &str) -> bool {
    t.get("taxonomy_id").and_then(Value::as_str) == Some(taxonomy)
        || t.pointer("/taxonomy_detail/id").and_then(Value::as_str) == Some(taxonomy)
        || t.get("taxonomy").and_then(Value::as_str) == Some(taxonomy)
}

fn has_taxonomy(service: &Value, taxonomy: &str) -> bool {
    attributes(service).iter().any(|a| {
        a.get("taxonomy_term")
            .is_some_and(|t| term_in_taxonomy(t, taxonomy))
    })
}

fn modified_since(service: &Value, after: DateTime<Utc>) -> bool {
    to_hsds::last_modified(service)
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .is_some_and(|t| t.with_timezone(&Utc) >= after)
}

/// Offer ids matching `text` in the search index, best first.
/// One page of search hits (active offers of the home municipality's index)
/// and the total number of hits.
async fn search_page(
    state: &AppState,
    text: &str,
    page: u64,
    per_page: u64,
) -> AppResult<(Vec<i64>, u64)> {
    let today = crate::directory::day_number(state.clock.now().date_naive());
    let q = SearchQuery {
        text: text.to_string(),
        // The home municipality's offers and its editors' synonyms.
        municipality_id: state.home_municipality.map(|m| m as u64),
        offset: ((page - 1) * per_page) as usize,
        limit: per_page as usize,
        ..SearchQuery::default()
    };
    let r = crate::directory::search_index(state, q, today).await?;
    Ok((r.hits.iter().map(|h| h.id as i64).collect(), r.total as u64))
}

async fn search_ids(state: &AppState, text: &str) -> AppResult<Vec<i64>> {
    let today = crate::directory::day_number(state.clock.now().date_naive());
    let mut ids = Vec::new();
    let mut offset = 0;
    loop {
        let q = SearchQuery {
            text: text.to_string(),
            municipality_id: state.home_municipality.map(|m| m as u64),
            offset,
            limit: 200,
            ..SearchQuery::default()
        };
        let r = crate::directory::search_index(state, q, today).await?;
        let n = r.hits.len();
        ids.extend(r.hits.iter().map(|h| h.id as i64));
        offset += n;
        if n == 0 || offset >= r.total || offset >= 5_000 {
            break;
        }
    }
    Ok(ids)
}

fn org_matches(org: &DirectoryOrganization, wanted: &str) -> bool {
    org.hsds_id == wanted || vocab::public_id("organization", &org.hsds_id) == wanted
}

/// The organisation an `organization_id` parameter names (our key or its
/// public UUID).
async fn find_organization(
    state: &AppState,
    wanted: &str,
) -> AppResult<Option<DirectoryOrganization>> {
    if let Some(o) = kompas_store::directory::organization_by_hsds(&state.db, wanted).await? {
        return Ok(Some(o));
    }
    if !vocab::is_uuid(wanted) {
        return Ok(None);
    }
    Ok(hx::all_organizations(&state.db)
        .await?
        .into_values()
        .find(|o| org_matches(o, wanted)))
}

/// HSDS objects for `offers`, fetching just the organisations they need;
/// for a `shape` without arrays the services are built without them.
async fn entries_for(state: &AppState, offers: Vec<Offer>, shape: Shape) -> AppResult<Vec<Entry>> {
    let mut ids: Vec<i64> = offers.iter().map(|o| o.organization_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let orgs = kompas_store::directory::organizations_by_ids(&state.db, &ids)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    Ok(match shape {
        Shape::Full => hx::entries(&state.db, offers, &orgs).await?,
        Shape::List | Shape::Minimal => {
            hx::entries_made(&state.db, offers, &orgs, Entry::listed).await?
        }
    })
}

/// How a taxonomy filter translates to SQL.
enum TermPlan {
    /// Exactly this column condition.
    Column(OfferTerm),
    /// Every offer qualifies (each has a layer and an access route).
    Everything,
    /// SQL can only pre-select (or not at all); the services are checked
    /// one by one.
    Check(Option<OfferTerm>),
}

/// `taxonomy_term_id`: one of our terms maps to a column; another
/// taxonomy's term can only be in the kept HSDS original.
fn term_plan(wanted: &str) -> TermPlan {
    for (key, _) in vocab::TAXONOMIES {
        for (code, _, _) in vocab::terms_of(key) {
            if vocab::term_id(key, &code) != wanted {
                continue;
            }
            return match *key {
                vocab::LAYER => code
                    .trim_start_matches("laag-")
                    .parse()
                    .map_or(TermPlan::Check(None), |n| {
                        TermPlan::Column(OfferTerm::Layer(n))
                    }),
                vocab::LIFE_DOMAIN => TermPlan::Column(OfferTerm::LifeDomain(code)),
                vocab::TARGET_GROUP => TermPlan::Column(OfferTerm::TargetGroup(code)),
                vocab::ACCESS => TermPlan::Column(OfferTerm::Access(code)),
                _ => TermPlan::Check(None),
            };
        }
    }
    TermPlan::Check(Some(OfferTerm::ExtraMentions(wanted.to_string())))
}

/// `taxonomy_id` (its id or, for ours, its name).
fn taxonomy_plan(wanted: &str) -> TermPlan {
    match vocab::TAXONOMIES
        .iter()
        .map(|(k, _)| *k)
        .find(|k| vocab::taxonomy_id(k) == wanted || *k == wanted)
    {
        Some(vocab::LAYER) | Some(vocab::ACCESS) => TermPlan::Everything,
        Some(vocab::LIFE_DOMAIN) => TermPlan::Column(OfferTerm::AnyLifeDomain),
        Some(vocab::TARGET_GROUP) => TermPlan::Column(OfferTerm::AnyTargetGroup),
        Some(_) => TermPlan::Check(None),
        None => TermPlan::Check(Some(OfferTerm::ExtraMentions(wanted.to_string()))),
    }
}

/// Where the candidate services come from.
enum Source {
    /// Search hits, best first.
    Hits(Vec<i64>),
    /// The offers table, in id order.
    Table,
}

/// The services a list asks for: the parameters all services lists share
/// (`search`, `status`, `organization_id`, `taxonomy_term_id`,
/// `taxonomy_id`, `modified_after`) as SQL where possible and as checks on
/// the HSDS objects where not.
struct Selection {
    source: Source,
    query: OfferQuery,
    /// The SQL query selects exactly the right offers (no check needed).
    exact: bool,
    statuses: Option<Vec<OfferStatus>>,
    term: Option<String>,
    taxonomy: Option<String>,
    modified_after: Option<DateTime<Utc>>,
}

/// Candidates read per round trip when services must be checked one by one.
const CHUNK: usize = 250;

impl Selection {
    async fn new(state: &AppState, p: &Params) -> AppResult<Selection> {
        let statuses = p.statuses()?;
        let modified_after = p.modified_after()?;
        let mut query = OfferQuery {
            statuses: statuses
                .as_ref()
                .map(|s| s.iter().map(|x| x.hsds().to_string()).collect()),
            // Imported services keep their own (older) stamp while unchanged,
            // so the stored change time only pre-selects.
            updated_since: modified_after,
            ..OfferQuery::default()
        };
        let mut exact = modified_after.is_none();
        if let Some(wanted) = p.text("organization_id") {
            // An unknown organisation matches nothing.
            query.organization_id =
                Some(find_organization(state, wanted).await?.map_or(0, |o| o.id));
        }
        let term = p.text("taxonomy_term_id").map(str::to_string);
        let taxonomy = p.text("taxonomy_id").map(str::to_string);
        let plans = [
            term.as_deref().map(term_plan),
            taxonomy.as_deref().map(taxonomy_plan),
        ];
        for plan in plans.into_iter().flatten() {
            match plan {
                TermPlan::Column(t) => query.terms.push(t),
                TermPlan::Everything => {}
                TermPlan::Check(pre) => {
                    exact = false;
                    query.terms.extend(pre);
                }
            }
        }
        let source = match p.text("search") {
            Some(text) => Source::Hits(search_ids(state, text).await?),
            None => Source::Table,
        };
        Ok(Selection {
            source,
            query,
            exact,
            statuses,
            term,
            taxonomy,
            modified_after,
        })
    }

    fn keep(&self, e: &Entry) -> bool {
        self.statuses
            .as_ref()
            .is_none_or(|s| s.contains(&e.offer.draft.status))
            && self
                .query
                .organization_id
                .is_none_or(|id| e.offer.organization_id == id)
            && self.term.as_deref().is_none_or(|t| has_term(&e.service, t))
            && self
                .taxonomy
                .as_deref()
                .is_none_or(|t| has_taxonomy(&e.service, t))
            && self
                .modified_after
                .is_none_or(|a| modified_since(&e.service, a))
    }

    /// The matching services among the next candidates after position
    /// `pos`, and the position to go on from; `None` when all are read.
    async fn next_chunk(&self, state: &AppState, pos: i64) -> AppResult<Option<(Vec<Entry>, i64)>> {
        let (offers, next) = match &self.source {
            Source::Hits(ids) => {
                let start = usize::try_from(pos).unwrap_or(0).min(ids.len());
                let end = (start + CHUNK).min(ids.len());
                if start == end {
                    return Ok(None);
                }
                let offers =
                    kompas_store::directory::offers_by_ids(&state.db, &ids[start..end]).await?;
                (offers, end as i64)
            }
            Source::Table => {
                let offers = kompas_store::directory::offers_matching_after(
                    &state.db,
                    &self.query,
                    pos,
                    CHUNK as i64,
                )
                .await?;
                let Some(last) = offers.last().map(|o| o.id) else {
                    return Ok(None);
                };
                (offers, last)
            }
        };
        let entries = entries_for(state, offers, Shape::Full).await?;
        Ok(Some((
            entries.into_iter().filter(|e| self.keep(e)).collect(),
            next,
        )))
    }

    /// One page of matching services and the number of all of them.
    async fn page(
        &self,
        state: &AppState,
        page: u64,
        per_page: u64,
    ) -> AppResult<(Vec<Entry>, u64)> {
        let offset = (page - 1) * per_page;
        if self.exact && matches!(self.source, Source::Table) {
            let db = &state.db;
            let total = kompas_store::directory::count_offers(db, &self.query).await?;
            let offers =
                kompas_store::directory::offers_page(db, &self.query, offset, per_page).await?;
            return Ok((entries_for(state, offers, Shape::Full).await?, total));
        }
        let (mut seen, mut contents, mut pos) = (0_u64, Vec::new(), 0_i64);
        while let Some((entries, next)) = self.next_chunk(state, pos).await? {
            for e in entries {
                if seen >= offset && contents.len() < per_page as usize {
                    contents.push(e);
                }
                seen += 1;
            }
            pos = next;
        }
        Ok((contents, seen))
    }
}

/// How much of each service a list shows.
#[derive(Debug, Clone, Copy)]
enum Shape {
    /// `id` and `last_modified`.
    Minimal,
    /// The fully nested service.
    Full,
    /// Direct properties and nested objects, no arrays.
    List,
}

impl Shape {
    fn apply(self, mut e: Entry, lang: Language) -> Value {
        to_hsds::in_language(&mut e.service, &e.offer, lang);
        match self {
            Shape::Minimal => {
                json!({"id": e.service["id"], "last_modified": e.service["last_modified"]})
            }
            Shape::Full => e.service,
            Shape::List => to_hsds::list_form(&e.service),
        }
    }
}

/// Every matching service as one JSON object a line, read and sent a chunk
/// at a time (memory stays flat however large the directory is).
fn ndjson_body(state: AppState, selection: Selection, shape: Shape, lang: Language) -> Response {
    let selection = std::sync::Arc::new(selection);
    let chunks = futures_util::stream::unfold(Some(0_i64), move |pos| {
        let (state, selection) = (state.clone(), selection.clone());
        async move {
            let pos = pos?;
            match selection.next_chunk(&state, pos).await {
                Ok(Some((entries, next))) => {
                    let mut body = String::new();
                    for e in entries {
                        body.push_str(&shape.apply(e, lang).to_string());
                        body.push('\n');
                    }
                    Some((Ok::<_, std::io::Error>(body), Some(next)))
                }
                Ok(None) => None,
                Err(e) => {
                    tracing::error!(error = ?e, "ndjson listing stopped");
                    Some((Err(std::io::Error::other("listing stopped")), None))
                }
            }
        }
    });
    (
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        axum::body::Body::from_stream(chunks),
    )
        .into_response()
}

/// The offer whose public UUID (derived from a key that is not a UUID
/// itself) is `id`: computed over the keys a chunk at a time, without
/// building HSDS.
async fn offer_by_public_id(state: &AppState, id: &str) -> AppResult<Option<Offer>> {
    let all = OfferQuery::default();
    let mut after = 0;
    loop {
        let offers =
            kompas_store::directory::offers_matching_after(&state.db, &all, after, 1_000).await?;
        let Some(last) = offers.last().map(|o| o.id) else {
            return Ok(None);
        };
        after = last;
        if let Some(o) = offers
            .into_iter()
            .find(|o| vocab::public_id("service", &o.draft.hsds_id) == id)
        {
            return Ok(Some(o));
        }
    }
}

fn find_service(entries: Vec<Entry>, id: &str) -> Option<Entry> {
    entries.into_iter().find(|e| {
        e.offer.draft.hsds_id == id || e.service.get("id").and_then(Value::as_str) == Some(id)
    })
}

// ---------------------------------------------------------------- handlers

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct ServicesParams {
    /// Zoektekst (de zoekindex; hoogstens 200 tekens).
    search: Option<String>,
    /// Paginanummer, vanaf 1.
    page: Option<u64>,
    /// Resultaten per pagina, 1 tot en met 100 (standaard 50).
    per_page: Option<u64>,
    /// `json` (standaard) of `ndjson`: alle resultaten, één per regel, zonder pagina's.
    format: Option<String>,
    /// Alleen aanbod met deze taxonomieterm (id).
    taxonomy_term_id: Option<String>,
    /// Alleen aanbod met een term uit deze taxonomie (id of naam, bijvoorbeeld kompas-laag).
    taxonomy_id: Option<String>,
    /// Alleen aanbod van deze organisatie (id).
    organization_id: Option<String>,
    /// Alleen aanbod gewijzigd op of na dit moment (ISO 8601).
    modified_after: Option<String>,
    /// Alleen `id` en `last_modified`.
    minimal: Option<bool>,
    /// Volledig geneste services.
    full: Option<bool>,
    /// Welke status: active (standaard), inactive, defunct, temporarily closed of all.
    status: Option<String>,
    /// Taal van `name`, `description` en `application_process`: nl (standaard), en, ar, tr, pl of uk.
    /// Zonder `taal` telt de kop Accept-Language. Zonder vertaling blijft de Nederlandse tekst;
    /// `languages` noemt de talen waarin het aanbod tekst heeft.
    taal: Option<String>,
}

const SERVICE_PARAMS: &[&str] = &[
    "search",
    "page",
    "per_page",
    "format",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "minimal",
    "full",
    "status",
    "taal",
];

/// The API's description (HSDS `/`).
#[utoipa::path(get, path = "/api/hsds/", tag = "hsds",
    responses((status = 200, body = HsdsInfo)))]
pub async fn root(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Outcome {
    Params::parse(raw.as_deref(), &[])?;
    let base = state.config.public_url.trim_end_matches('/');
    json_response(&HsdsInfo {
        version: "3.0".into(),
        profile: format!("{base}/api/hsds/profile"),
        openapi_url: format!("{base}/api/v1/openapi.json"),
    })
}

/// The Dutch profile: JSON Merge Patches on the HSDS schemas.
#[utoipa::path(get, path = "/api/hsds/profile", tag = "hsds",
    responses((status = 200, body = HsdsObject)))]
pub async fn profile_doc(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Outcome {
    Params::parse(raw.as_deref(), &[])?;
    let base = state.config.public_url.trim_end_matches('/');
    json_response(&profile::profile(&format!("{base}/api/hsds/profile")))
}

/// Services (offers), a page at a time.
#[utoipa::path(get, path = "/api/hsds/services", tag = "hsds", params(ServicesParams),
    responses((status = 200, body = HsdsPage),
        (status = 400, body = crate::api::ProblemDetails, content_type = "application/problem+json")))]
pub async fn services(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Outcome {
    let p = Params::parse(raw.as_deref(), SERVICE_PARAMS)?;
    let lang = p.language(&headers)?;
    let (full, minimal) = (p.flag("full")?, p.flag("minimal")?);
    if full && minimal {
        return Err(AppError::BadRequest(
            "Kies full of minimal, niet allebei.".into(),
        ));
    }
    let shape = match (full, minimal) {
        (true, _) => Shape::Full,
        (_, true) => Shape::Minimal,
        _ => Shape::List,
    };
    let (page, per_page) = p.paging()?;
    let ndjson = p.ndjson()?;
    // The common case, a search for active offers without other filters,
    // asks the index for exactly one page and builds HSDS for those hits
    // only: the cost does not grow with the size of the directory.
    let plain_search = p.text("search").is_some()
        && !ndjson
        && p.statuses()? == Some(vec![OfferStatus::Active])
        && [
            "organization_id",
            "taxonomy_term_id",
            "taxonomy_id",
            "modified_after",
        ]
        .iter()
        .all(|k| p.text(k).is_none());
    if plain_search {
        // The same question gives the same answer until the index changes.
        let today = state.clock.now().date_naive();
        let key = format!("{today} {lang} {}", raw.as_deref().unwrap_or_default());
        crate::directory::catch_up(&state).await;
        let generation = crate::directory::generation(&state);
        if let Some(body) = state.api_cache.get(&key, generation) {
            return Ok(json_body(body));
        }
        let text = p.text("search").unwrap_or_default().to_string();
        let (ids, total) = search_page(&state, &text, page, per_page).await?;
        let offers = kompas_store::directory::offers_by_ids(&state.db, &ids).await?;
        let contents = entries_for(&state, offers, shape)
            .await?
            .into_iter()
            .map(|e| shape.apply(e, lang))
            .collect();
        let body: Bytes = serde_json::to_vec(&page_with(contents, total, page, per_page))
            .map_err(|e| AppError::Internal(e.into()))?
            .into();
        state.api_cache.put(key, generation, body.clone());
        return Ok(json_body(body));
    }
    let selection = Selection::new(&state, &p).await?;
    if ndjson {
        return Ok(ndjson_body(state.clone(), selection, shape, lang));
    }
    let (entries, total) = selection.page(&state, page, per_page).await?;
    let contents = entries.into_iter().map(|e| shape.apply(e, lang)).collect();
    json_response(&page_with(contents, total, page, per_page))
}

/// One service, fully nested. Any status.
#[utoipa::path(get, path = "/api/hsds/services/{id}", tag = "hsds",
    params(("id" = String, Path, description = "HSDS-id van de service"),
        ("taal" = Option<String>, Query, description = "Taal van name, description en application_process: nl (standaard), en, ar, tr, pl of uk; zonder taal telt Accept-Language")),
    responses((status = 200, body = HsdsObject),
        (status = 404, body = crate::api::ProblemDetails, content_type = "application/problem+json")))]
pub async fn service(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Outcome {
    let lang = Params::parse(raw.as_deref(), &["taal"])?.language(&headers)?;
    let found = match kompas_store::directory::offer_by_hsds(&state.db, &id).await? {
        Some(o) => Some(o),
        None if vocab::is_uuid(&id) => offer_by_public_id(&state, &id).await?,
        None => None,
    };
    let entries = entries_for(&state, found.into_iter().collect(), Shape::Full).await?;
    match find_service(entries, &id) {
        Some(mut e) => {
            to_hsds::in_language(&mut e.service, &e.offer, lang);
            json_response(&e.service)
        }
        None => Err(AppError::NoSuch(format!(
            "Er is geen aanbod met id '{id}'."
        ))),
    }
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct OrganizationsParams {
    /// Zoektekst in naam en omschrijving.
    search: Option<String>,
    /// Volledige organisaties (met hun lijsten).
    full: Option<bool>,
    /// Met de volledige services van elke organisatie.
    full_service: Option<bool>,
    page: Option<u64>,
    per_page: Option<u64>,
    format: Option<String>,
}

/// An organisation as HSDS (with its services when `full`), reading its
/// offers from the database.
async fn organization_value(
    state: &AppState,
    org: &DirectoryOrganization,
    full: bool,
    full_service: bool,
) -> AppResult<Value> {
    let offers = kompas_store::directory::offers_of_organization(&state.db, org.id).await?;
    let refs: Vec<&Offer> = offers.iter().collect();
    let mut v = organization_of(org, &refs);
    if !full && !full_service {
        return Ok(to_hsds::list_form(&v));
    }
    let active: Vec<Offer> = offers
        .iter()
        .filter(|o| o.draft.status == OfferStatus::Active)
        .cloned()
        .collect();
    let orgs = HashMap::from([(org.id, org.clone())]);
    let services: Vec<Value> = hx::entries(&state.db, active, &orgs)
        .await?
        .into_iter()
        .map(|e| {
            if full_service {
                e.service
            } else {
                to_hsds::list_form(&e.service)
            }
        })
        .collect();
    if let Some(m) = v.as_object_mut() {
        m.insert("services".into(), Value::Array(services));
    }
    Ok(v)
}

/// Organisations that offer something, a page at a time.
#[utoipa::path(get, path = "/api/hsds/organizations", tag = "hsds", params(OrganizationsParams),
    responses((status = 200, body = HsdsPage),
        (status = 400, body = crate::api::ProblemDetails, content_type = "application/problem+json")))]
pub async fn organizations(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Outcome {
    let p = Params::parse(
        raw.as_deref(),
        &[
            "search",
            "full",
            "full_service",
            "page",
            "per_page",
            "format",
        ],
    )?;
    let (full, full_service) = (p.flag("full")?, p.flag("full_service")?);
    p.paging()?;
    p.ndjson()?;
    let search = p.text("search").map(str::to_lowercase);
    let mut orgs: Vec<DirectoryOrganization> = hx::all_organizations(&state.db)
        .await?
        .into_values()
        .filter(|org| {
            search.as_ref().is_none_or(|s| {
                org.name.to_lowercase().contains(s) || org.description.to_lowercase().contains(s)
            })
        })
        .collect();
    orgs.sort_by_key(|o| o.id);
    // Only the organisations shown are turned into HSDS.
    let (page, per_page) = p.paging()?;
    let total = orgs.len() as u64;
    let shown: Vec<&DirectoryOrganization> = if p.ndjson()? {
        orgs.iter().collect()
    } else {
        orgs.iter()
            .skip(((page - 1) * per_page) as usize)
            .take(per_page as usize)
            .collect()
    };
    let mut items = Vec::with_capacity(shown.len());
    for org in shown {
        items.push(organization_value(&state, org, full, full_service).await?);
    }
    if p.ndjson()? {
        return list_response(items, &p);
    }
    json_response(&page_with(items, total, page, per_page))
}

/// One organisation, with its active services.
#[utoipa::path(get, path = "/api/hsds/organizations/{id}", tag = "hsds",
    params(("id" = String, Path, description = "HSDS-id van de organisatie"),
        ("full_service" = Option<bool>, Query, description = "Met volledige services")),
    responses((status = 200, body = HsdsObject),
        (status = 404, body = crate::api::ProblemDetails, content_type = "application/problem+json")))]
pub async fn organization(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Outcome {
    let p = Params::parse(raw.as_deref(), &["full_service"])?;
    let full_service = p.flag("full_service")?;
    match find_organization(&state, &id).await? {
        Some(org) => json_response(&organization_value(&state, &org, true, full_service).await?),
        None => Err(AppError::NoSuch(format!(
            "Er is geen organisatie met id '{id}'."
        ))),
    }
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct TaxonomiesParams {
    search: Option<String>,
    page: Option<u64>,
    per_page: Option<u64>,
    format: Option<String>,
}

/// The services whose kept HSDS original carries taxonomy terms (only
/// imported ones can have terms of other taxonomies than ours).
async fn entries_with_foreign_terms(state: &AppState) -> AppResult<Vec<Entry>> {
    let query = OfferQuery {
        terms: vec![OfferTerm::ExtraMentions("taxonomy_term".into())],
        ..OfferQuery::default()
    };
    let (mut out, mut after) = (Vec::new(), 0);
    loop {
        let offers =
            kompas_store::directory::offers_matching_after(&state.db, &query, after, CHUNK as i64)
                .await?;
        let Some(last) = offers.last().map(|o| o.id) else {
            return Ok(out);
        };
        after = last;
        out.extend(entries_for(state, offers, Shape::Full).await?);
    }
}

fn text_hit(v: &Value, search: Option<&str>) -> bool {
    let Some(s) = search.map(str::to_lowercase) else {
        return true;
    };
    ["name", "description", "code"].iter().any(|k| {
        v.get(*k)
            .and_then(Value::as_str)
            .is_some_and(|x| x.to_lowercase().contains(&s))
    })
}

/// Taxonomies: the five of Kompas and any used by imported data.
#[utoipa::path(get, path = "/api/hsds/taxonomies", tag = "hsds", params(TaxonomiesParams),
    responses((status = 200, body = HsdsPage),
        (status = 400, body = crate::api::ProblemDetails, content_type = "application/problem+json")))]
pub async fn taxonomies(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Outcome {
    let p = Params::parse(raw.as_deref(), &["search", "page", "per_page", "format"])?;
    p.paging()?;
    p.ndjson()?;
    let entries = entries_with_foreign_terms(&state).await?;
    let items: Vec<Value> = hsds_export::taxonomies(&entries)
        .into_iter()
        .filter(|t| text_hit(t, p.text("search")))
        .collect();
    list_response(items, &p)
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct TermsParams {
    search: Option<String>,
    page: Option<u64>,
    per_page: Option<u64>,
    format: Option<String>,
    /// Alleen termen van deze taxonomie (id of naam).
    taxonomy_id: Option<String>,
    /// Alleen termen zonder ouder.
    top_only: Option<bool>,
    /// Alleen kinderen van deze term.
    parent_id: Option<String>,
}

/// Taxonomy terms: all terms of Kompas's taxonomies and any used by imported data.
#[utoipa::path(get, path = "/api/hsds/taxonomy_terms", tag = "hsds", params(TermsParams),
    responses((status = 200, body = HsdsPage),
        (status = 400, body = crate::api::ProblemDetails, content_type = "application/problem+json")))]
pub async fn taxonomy_terms(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Outcome {
    let p = Params::parse(
        raw.as_deref(),
        &[
            "search",
            "page",
            "per_page",
            "format",
            "taxonomy_id",
            "top_only",
            "parent_id",
        ],
    )?;
    let top_only = p.flag("top_only")?;
    p.paging()?;
    p.ndjson()?;
    let entries = entries_with_foreign_terms(&state).await?;
    let items: Vec<Value> = hsds_export::taxonomy_terms(&entries)
        .into_iter()
        .filter(|t| text_hit(t, p.text("search")))
        .filter(|t| p.text("taxonomy_id").is_none_or(|x| term_in_taxonomy(t, x)))
        .filter(|t| !top_only || t.get("parent_id").is_none_or(Value::is_null))
        .filter(|t| {
            p.text("parent_id")
                .is_none_or(|x| t.get("parent_id").and_then(Value::as_str) == Some(x))
        })
        .collect();
    list_response(items, &p)
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct SalParams {
    search: Option<String>,
    taxonomy_term_id: Option<String>,
    taxonomy_id: Option<String>,
    organization_id: Option<String>,
    modified_after: Option<String>,
    full: Option<bool>,
    page: Option<u64>,
    per_page: Option<u64>,
    format: Option<String>,
    /// Postcode (1234 AB, of alleen de vier cijfers).
    postcode: Option<String>,
    /// Hoeveel de vier cijfers van de postcode mogen afwijken (0–9999); wij hebben geen coördinaten van postcodes.
    proximity: Option<u64>,
    status: Option<String>,
}

fn postcode_digits(raw: &str) -> Option<u64> {
    let t = raw.trim();
    let four = match Postcode::parse(t) {
        Ok(p) => p.digits().to_string(),
        Err(_) if t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()) => t.to_string(),
        Err(_) => return None,
    };
    four.parse().ok()
}

fn near(location: &Value, pc4: u64, proximity: u64) -> bool {
    location
        .get("addresses")
        .and_then(Value::as_array)
        .is_some_and(|list| {
            list.iter().any(|a| {
                a.get("postal_code")
                    .and_then(Value::as_str)
                    .and_then(|p| p.get(..4))
                    .and_then(|d| d.parse::<u64>().ok())
                    .is_some_and(|d| d.abs_diff(pc4) <= proximity)
            })
        })
}

/// Where services are given: each service at each of its locations.
#[utoipa::path(get, path = "/api/hsds/service_at_locations", tag = "hsds", params(SalParams),
    responses((status = 200, body = HsdsPage),
        (status = 400, body = crate::api::ProblemDetails, content_type = "application/problem+json")))]
pub async fn service_at_locations(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Outcome {
    let p = Params::parse(
        raw.as_deref(),
        &[
            "search",
            "taxonomy_term_id",
            "taxonomy_id",
            "organization_id",
            "modified_after",
            "full",
            "page",
            "per_page",
            "format",
            "postcode",
            "proximity",
            "status",
        ],
    )?;
    let full = p.flag("full")?;
    let (page, per_page) = p.paging()?;
    let ndjson = p.ndjson()?;
    let pc4 = match p.text("postcode") {
        None => None,
        Some(raw) => Some(postcode_digits(raw).ok_or_else(|| {
            AppError::BadRequest(format!(
                "Parameter 'postcode' is een Nederlandse postcode zoals 1234 AB (of de vier cijfers), niet '{raw}'."
            ))
        })?),
    };
    if p.text("proximity").is_some() && pc4.is_none() {
        return Err(AppError::BadRequest(
            "Parameter 'proximity' werkt alleen samen met 'postcode'.".into(),
        ));
    }
    let proximity = p.number("proximity", 0, 0, 9_999)?;
    // Walk the services a chunk at a time; keep only the requested page
    // (or everything for ndjson) and count the rest.
    let selection = Selection::new(&state, &p).await?;
    let window = (page - 1) * per_page..page * per_page;
    let (mut items, mut seen, mut pos) = (Vec::new(), 0_u64, 0_i64);
    while let Some((entries, next)) = selection.next_chunk(&state, pos).await? {
        pos = next;
        for e in entries {
            let sid = e.service.get("id").cloned().unwrap_or(Value::Null);
            let sals = e
                .service
                .get("service_at_locations")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for sal in sals {
                let location = sal.get("location").cloned().unwrap_or(Value::Null);
                if pc4.is_some_and(|pc| !near(&location, pc, proximity)) {
                    continue;
                }
                let mut sal = sal;
                if let Some(m) = sal.as_object_mut() {
                    m.insert("service_id".into(), sid.clone());
                    if let Some(lid) = location.get("id") {
                        m.entry("location_id").or_insert(lid.clone());
                    }
                }
                if ndjson || window.contains(&seen) {
                    items.push(if full { sal } else { to_hsds::list_form(&sal) });
                }
                seen += 1;
            }
        }
    }
    if ndjson {
        return list_response(items, &p);
    }
    json_response(&page_with(items, seen, page, per_page))
}
