//! Public pages of the sociale kaart: start, search, print, offer,
//! organisation, "meld een fout" and the vraagwijzer. No login, no JavaScript.

use super::crisis::CrisisHelp;
use super::offer_text::summary;
use super::search_form::{SearchForm, PER_PAGE};
use crate::auth::{ClientIp, Viewer};
use crate::error::{AppError, AppResult};
use crate::i18n::{text, text_with, Locale};
use crate::limits::client::budget_key;
use crate::pages::{html, render, Chrome};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form;
use fluent_templates::fluent_bundle::FluentValue;
use kompas_domain::directory::{
    AccessRoute, AgeRange, Layer, LifeDomain, OfferStatus, OpeningHours,
};
use kompas_domain::language::Language;
use kompas_search::{Results, SearchQuery};
use kompas_store::directory::{self as dir, Area, Offer};
use serde::Deserialize;

/// One result in a list.
pub struct OfferCard {
    pub id: i64,
    pub name: String,
    pub organization: String,
    pub layer: u8,
    /// The layer in residents' words (a key in `directory.ftl`).
    pub layer_key: &'static str,
    pub summary: String,
    pub stale: bool,
    pub free: bool,
    pub access_key: &'static str,
    pub place: String,
    /// The name's and summary's language (`offer_text::for_cards`).
    pub name_mark: super::offer_text::Mark,
    pub summary_mark: super::offer_text::Mark,
}

impl super::offer_text::Card for OfferCard {
    fn parts(&mut self) -> super::offer_text::CardParts<'_> {
        (
            self.id,
            &mut self.name,
            &mut self.summary,
            &mut self.name_mark,
            &mut self.summary_mark,
        )
    }
}

fn card(o: &Offer, stale: bool) -> OfferCard {
    let d = &o.draft;
    OfferCard {
        id: o.id,
        name: d.name.clone(),
        organization: o.organization_name.clone(),
        layer: d.layer.number(),
        layer_key: d.layer.resident_key(),
        summary: summary(&d.description, 180),
        stale,
        free: d.free,
        access_key: d.access.resident_key(),
        place: o
            .location
            .as_ref()
            .map(|l| match &l.address {
                Some(a) => format!("{}, {a}", l.name),
                None => l.name.clone(),
            })
            .unwrap_or_default(),
        name_mark: Default::default(),
        summary_mark: Default::default(),
    }
}

/// A filter option with its count and the link that switches it.
pub struct FilterOption {
    pub code: String,
    pub label_key: &'static str,
    pub count: u64,
    pub selected: bool,
    pub link: String,
}

fn municipality_id(state: &AppState) -> Option<u64> {
    state.home_municipality.map(|m| m as u64)
}

async fn run_search(
    state: &AppState,
    form: &SearchForm,
    limit: usize,
) -> AppResult<(Results, Vec<OfferCard>)> {
    let now = state.clock.now();
    let q = SearchQuery {
        text: form.q.clone(),
        municipality_id: municipality_id(state),
        life_domains: form.domains.iter().map(|d| d.code().to_string()).collect(),
        layers: form.layers.iter().map(|l| l.number()).collect(),
        area: form.area.clone(),
        age: form.age,
        free_only: form.free,
        without_referral: form.without_referral,
        open_slot: form.open_now.then(|| super::current_slot(now)),
        target_groups: Vec::new(),
        offset: (form.page - 1) * limit,
        limit,
    };
    let today = super::day_number(now.date_naive());
    super::catch_up(state).await;
    let results = super::search_index(state, q, today).await?;
    let ids: Vec<i64> = results.hits.iter().map(|h| h.id as i64).collect();
    let offers = dir::offers_by_ids(&state.db, &ids).await?;
    let cards = offers
        .iter()
        .map(|o| {
            card(
                o,
                results.hits.iter().any(|h| h.id == o.id as u64 && h.stale),
            )
        })
        .collect();
    Ok((results, cards))
}

async fn areas(state: &AppState) -> AppResult<Vec<Area>> {
    match state.home_municipality {
        Some(m) => Ok(dir::areas(&state.db, m).await?),
        None => Ok(Vec::new()),
    }
}

#[derive(Template)]
#[template(path = "directory/start.html")]
struct StartPage {
    chrome: Chrome,
    /// (code, key of the resident's label)
    domains: Vec<(&'static str, &'static str)>,
    layers: Vec<(u8, &'static str, &'static str)>,
}

/// The five layers with the keys of their resident label and explanation.
fn layer_keys() -> Vec<(u8, &'static str, &'static str)> {
    Layer::ALL
        .iter()
        .map(|l| (l.number(), l.resident_key(), l.resident_explanation_key()))
        .collect()
}

pub async fn start(
    State(state): State<AppState>,
    viewer: Viewer,
    locale: Locale,
) -> AppResult<Response> {
    Ok(html(render(&StartPage {
        chrome: Chrome::public(&state, &viewer, &locale, &text(locale.lang, "start-title")),
        domains: LifeDomain::ALL
            .iter()
            .map(|d| (d.code(), d.resident_key()))
            .collect(),
        layers: layer_keys(),
    })?))
}

#[derive(Template)]
#[template(path = "directory/search.html")]
struct SearchPage {
    chrome: Chrome,
    form: SearchForm,
    error: Option<String>,
    total: usize,
    cards: Vec<OfferCard>,
    domain_options: Vec<FilterOption>,
    layer_options: Vec<FilterOption>,
    areas: Vec<(String, String)>,
    previous: Option<String>,
    next: Option<String>,
    page: usize,
    pages: usize,
    print_link: String,
    /// Filters chosen, shown on the folded filters' button.
    chosen: usize,
    understood: Vec<UnderstoodPart>,
    unknown: Vec<String>,
    crisis: Option<CrisisHelp>,
    /// Little found: the question form is offered.
    few: bool,
}

/// One thing the search was read as: "U zocht op: schulden (u typte: scholden)".
pub struct UnderstoodPart {
    pub label: String,
    pub typed: Option<String>,
}

/// What the words were read as, for the page.
pub fn understood_parts(u: &kompas_search::Understanding) -> Vec<UnderstoodPart> {
    u.units
        .iter()
        .map(|unit| UnderstoodPart {
            label: unit.label.clone(),
            typed: match &unit.source {
                kompas_search::Source::Corrected { typed } => Some(typed.clone()),
                _ => None,
            },
        })
        .collect()
}

/// Fewer results than this, and the page offers the question form.
const FEW: usize = 3;

pub async fn search(
    State(state): State<AppState>,
    viewer: Viewer,
    locale: Locale,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let chrome = Chrome::public(&state, &viewer, &locale, &text(locale.lang, "search-title"));
    let (form, error) = match SearchForm::parse(raw.as_deref().unwrap_or_default()) {
        Ok(f) => (f, None),
        Err(e) => (
            SearchForm {
                page: 1,
                ..SearchForm::default()
            },
            Some(e.message(locale.lang)),
        ),
    };
    // The area list and the search do not wait for each other.
    let found = async {
        if error.is_none() {
            run_search(&state, &form, PER_PAGE).await
        } else {
            Ok((Results::default(), Vec::new()))
        }
    };
    let (areas, (results, mut cards)) = tokio::try_join!(areas(&state), found)?;
    if error.is_none() {
        super::search_misses::note(&state, &form.q, form.page, results.total);
    }
    let areas: Vec<(String, String)> = areas.into_iter().map(|a| (a.cbs_code, a.name)).collect();
    super::offer_text::for_cards(&state, locale.lang, &mut cards).await?;
    let count_of = |list: &[(String, u64)], code: &str| {
        list.iter().find(|(c, _)| c == code).map_or(0, |(_, n)| *n)
    };
    let domain_options = LifeDomain::ALL
        .iter()
        .map(|d| FilterOption {
            code: d.code().into(),
            label_key: d.resident_key(),
            count: count_of(&results.facets.life_domains, d.code()),
            selected: form.domains.contains(d),
            link: format!("/zoeken?{}", form.toggle_domain(*d).to_query()),
        })
        .collect();
    let layer_options = Layer::ALL
        .iter()
        .map(|l| FilterOption {
            code: l.number().to_string(),
            label_key: l.resident_key(),
            count: results
                .facets
                .layers
                .iter()
                .find(|(n, _)| *n == l.number())
                .map_or(0, |(_, c)| *c),
            selected: form.layers.contains(l),
            link: format!("/zoeken?{}", form.toggle_layer(*l).to_query()),
        })
        .collect();
    let pages = results.total.div_ceil(PER_PAGE).max(1);
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let crisis = CrisisHelp::for_search(
        &results.understood.crisis,
        cards
            .iter()
            .filter(|c| c.layer == Layer::Intensive.number())
            .map(|c| (c.id, c.name.clone()))
            .collect(),
    );
    let page = SearchPage {
        chrome,
        understood: understood_parts(&results.understood),
        unknown: results.understood.unknown.clone(),
        crisis,
        // Little found for some words, or nothing at all: the question form
        // and the vraagwijzer are offered.
        few: error.is_none()
            && (!form.q.trim().is_empty() || results.total == 0)
            && results.total < FEW,
        chosen: form.chosen(),
        previous: (form.page > 1)
            .then(|| format!("/zoeken?{}", form.with_page(form.page - 1).to_query())),
        next: (form.page < pages)
            .then(|| format!("/zoeken?{}", form.with_page(form.page + 1).to_query())),
        page: form.page,
        pages,
        print_link: format!("/zoeken/afdrukken?{}", form.with_page(1).to_query()),
        form,
        error,
        total: results.total,
        cards,
        domain_options,
        layer_options,
        areas,
    };
    Ok((status, html(render(&page)?)).into_response())
}

#[derive(Template)]
#[template(path = "directory/print.html")]
struct PrintPage {
    chrome: Chrome,
    description: String,
    total: usize,
    offers: Vec<Offer>,
    printed_on: String,
}

pub async fn print(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let form = SearchForm::parse(raw.as_deref().unwrap_or_default())
        .map_err(|e| AppError::BadRequest(e.message(Language::Nl)))?;
    let (results, cards) = run_search(&state, &form, 50).await?;
    let ids: Vec<i64> = cards.iter().map(|c| c.id).collect();
    let offers = dir::offers_by_ids(&state.db, &ids).await?;
    let mut parts = Vec::new();
    if !form.q.is_empty() {
        parts.push(format!("zoekwoorden '{}'", form.q));
    }
    if !form.domains.is_empty() {
        parts.push(kompas_domain::directory::LifeDomain::list_nl(&form.domains));
    }
    Ok(html(render(&PrintPage {
        chrome: Chrome::new(&state, &viewer, "Hulp op een rij"),
        description: if parts.is_empty() {
            "alle hulp".into()
        } else {
            parts.join("; ")
        },
        total: results.total,
        offers,
        printed_on: kompas_domain::dutch_time::local(state.clock.now())
            .format("%-d-%-m-%Y")
            .to_string(),
    })?))
}

/// How an offer page shows an offer, in the resident's language (the
/// `&'static str`s are keys in `directory.ftl`).
pub struct OfferView {
    pub offer: Offer,
    pub ages: String,
    pub hours: Vec<String>,
    pub checked: String,
    pub stale: bool,
    pub layer: u8,
    pub layer_key: &'static str,
    pub layer_explanation_key: &'static str,
    pub access_key: &'static str,
    /// How to get the referral or decision this offer needs.
    pub access_how: Option<&'static str>,
    pub domains: Vec<&'static str>,
    pub groups: Vec<&'static str>,
    pub areas: Vec<String>,
    pub status_note: Option<&'static str>,
    /// The phone number without spaces, for a `tel:` link.
    pub phone_link: String,
    /// Name, description and how-to-apply in the resident's language.
    pub texts: super::offer_text::OfferTexts,
}

#[derive(Template)]
#[template(path = "directory/offer.html")]
struct OfferPage {
    chrome: Chrome,
    v: OfferView,
    reported: bool,
    /// A key in `directory.ftl`.
    report_error: Option<&'static str>,
    report_text: String,
}

/// "12 tot en met 18 jaar" in `lang`.
fn ages_in(lang: Language, ages: AgeRange) -> String {
    let n = |v: u8| FluentValue::from(i64::from(v));
    match (ages.min(), ages.max()) {
        (None, None) => text(lang, "ages-all"),
        (Some(a), None) => text_with(lang, "ages-from", &[("min", n(a))]),
        (None, Some(b)) => text_with(lang, "ages-to", &[("max", n(b))]),
        (Some(a), Some(b)) => text_with(lang, "ages-between", &[("min", n(a)), ("max", n(b))]),
    }
}

/// "maandag en woensdag: 09:00 – 12:00" in `lang`.
fn hours_in(lang: Language, hours: &OpeningHours) -> Vec<String> {
    let and = text(lang, "list-and");
    hours
        .groups()
        .into_iter()
        .map(|(days, times)| {
            let names: Vec<String> = days
                .iter()
                .map(|d| text(lang, &format!("weekday-{}", d.index() + 1)))
                .collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            format!(
                "{}: {times}",
                kompas_domain::directory::hours::join_list(&names, &and)
            )
        })
        .collect()
}

/// What a resident must do first for an offer with this access route.
fn access_how(access: AccessRoute) -> Option<&'static str> {
    match access {
        AccessRoute::Referral => Some("access-referral-how"),
        AccessRoute::Indication => Some("access-indication-how"),
        AccessRoute::Open | AccessRoute::Register => None,
    }
}

async fn offer_view(state: &AppState, id: i64, lang: Language) -> AppResult<OfferView> {
    let offer = dir::offer_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let texts = super::offer_text::of_offer(state, &offer, lang).await?;
    let today = state.clock.now().date_naive();
    let d = &offer.draft;
    let area_names = areas(state).await?;
    Ok(OfferView {
        ages: ages_in(lang, d.ages),
        hours: hours_in(lang, &d.hours),
        checked: d.last_checked.map_or_else(
            || text(lang, "offer-never-checked"),
            |c| c.format("%-d-%-m-%Y").to_string(),
        ),
        stale: d.is_stale(today),
        layer: d.layer.number(),
        layer_key: d.layer.resident_key(),
        layer_explanation_key: d.layer.resident_explanation_key(),
        access_key: d.access.resident_key(),
        access_how: access_how(d.access),
        domains: d.life_domains.iter().map(|x| x.resident_key()).collect(),
        groups: d.target_groups.iter().map(|x| x.resident_key()).collect(),
        areas: if d.areas_served.is_empty() {
            vec![text(lang, "offer-whole-municipality")]
        } else {
            d.areas_served
                .iter()
                .map(|c| {
                    area_names
                        .iter()
                        .find(|a| &a.cbs_code == c)
                        .map_or(c.clone(), |a| a.name.clone())
                })
                .collect()
        },
        phone_link: d
            .phone
            .as_deref()
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect(),
        status_note: match d.status {
            OfferStatus::Active => None,
            OfferStatus::TemporarilyClosed => Some("offer-closed"),
            OfferStatus::Inactive | OfferStatus::Defunct => Some("offer-gone"),
        },
        texts,
        offer,
    })
}

pub async fn offer(
    State(state): State<AppState>,
    viewer: Viewer,
    locale: Locale,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let v = offer_view(&state, id, locale.lang).await?;
    Ok(html(render(&OfferPage {
        chrome: Chrome::public(&state, &viewer, &locale, &v.texts.name.text.clone()),
        v,
        reported: false,
        report_error: None,
        report_text: String::new(),
    })?))
}

#[derive(Debug, Deserialize)]
pub struct ReportForm {
    #[serde(default)]
    melding: String,
    #[serde(default)]
    contact: String,
    /// A field people do not see; bots fill it in.
    #[serde(default)]
    website: String,
}

pub async fn report(
    State(state): State<AppState>,
    viewer: Viewer,
    locale: Locale,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(form): Form<ReportForm>,
) -> AppResult<Response> {
    let v = offer_view(&state, id, locale.lang).await?;
    let text = form.melding.trim().to_string();
    let now = state.clock.now();
    let error = if text.chars().count() < 5 {
        Some("report-too-short")
    } else if text.chars().count() > 2000 {
        Some("report-too-long")
    } else if state.limits.reports.check(&budget_key(ip)).is_err() {
        Some("report-too-many")
    } else {
        None
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    if error.is_none() && form.website.is_empty() {
        let contact = Some(form.contact.trim()).filter(|c| !c.is_empty());
        let mut tx = state.db.begin().await?;
        dir::add_report(&mut tx, id, &text, contact, now).await?;
        tx.commit().await.map_err(kompas_store::StoreError::from)?;
    }
    let page = OfferPage {
        chrome: Chrome::public(&state, &viewer, &locale, &v.texts.name.text.clone()),
        v,
        reported: error.is_none(),
        report_text: if error.is_some() { text } else { String::new() },
        report_error: error,
    };
    Ok((status, html(render(&page)?)).into_response())
}

#[derive(Template)]
#[template(path = "directory/organization.html")]
struct OrganizationPage {
    chrome: Chrome,
    org: dir::DirectoryOrganization,
    cards: Vec<OfferCard>,
}

pub async fn organization(
    State(state): State<AppState>,
    viewer: Viewer,
    locale: Locale,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let org = dir::organization(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = state.clock.now().date_naive();
    let offers = dir::offers_of_organization(&state.db, id).await?;
    let mut cards: Vec<OfferCard> = offers
        .iter()
        .filter(|o| o.draft.status == OfferStatus::Active)
        .map(|o| card(o, o.draft.is_stale(today)))
        .collect();
    super::offer_text::for_cards(&state, locale.lang, &mut cards).await?;
    Ok(html(render(&OrganizationPage {
        chrome: Chrome::public(&state, &viewer, &locale, &org.name.clone()),
        org,
        cards,
    })?))
}

/// Who the vraagwijzer's question is for: (code, key in `directory.ftl`).
const FOR_WHOM: &[(&str, &str)] = &[
    ("mijzelf", "guide-for-self"),
    ("kind", "guide-for-child"),
    ("ouder", "guide-for-parent"),
    ("ander", "guide-for-other"),
];

#[derive(Template)]
#[template(path = "directory/vraagwijzer.html")]
struct GuidePage {
    chrome: Chrome,
    voor: String,
    for_whom: Vec<(&'static str, &'static str)>,
    domains: Vec<(&'static str, &'static str, bool)>,
    areas: Vec<(String, String)>,
    wijk: String,
    postcode: String,
    error: Option<String>,
    answered: bool,
    area_name: Option<String>,
    cards: Vec<OfferCard>,
    layers: Vec<(u8, &'static str, &'static str)>,
    more_link: String,
}

pub async fn guide(
    State(state): State<AppState>,
    viewer: Viewer,
    locale: Locale,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let lang = locale.lang;
    let problem = |key: &str, value: &str| {
        text_with(
            lang,
            key,
            &[("value", FluentValue::from(value.to_string()))],
        )
    };
    let raw = raw.unwrap_or_default();
    let mut voor = String::new();
    let mut chosen: Vec<LifeDomain> = Vec::new();
    let (mut wijk, mut postcode) = (String::new(), String::new());
    let mut errors = Vec::new();
    for (k, v) in url::form_urlencoded::parse(raw.as_bytes()) {
        match k.as_ref() {
            "voor" if FOR_WHOM.iter().any(|(c, _)| *c == v) => voor = v.to_string(),
            "over" => match LifeDomain::parse(&v) {
                Ok(d) if !chosen.contains(&d) => chosen.push(d),
                Ok(_) => {}
                Err(_) => errors.push(problem("guide-error-topic", &v)),
            },
            "wijk" => wijk = v.trim().to_uppercase(),
            "postcode" => postcode = v.trim().chars().take(10).collect(),
            _ => {}
        }
    }
    let area_list = areas(&state).await?;
    let mut area = area_list.iter().find(|a| a.cbs_code == wijk).cloned();
    if area.is_none() && !postcode.is_empty() {
        match kompas_domain::Postcode::parse(&postcode) {
            Ok(p) => match dir::area_for_postcode(&state.db, p.digits()).await? {
                Some(a) => area = Some(a),
                None => errors.push(problem("guide-error-elsewhere", &p.to_string())),
            },
            Err(_) => errors.push(problem("guide-error-postcode", &postcode)),
        }
    }
    let answered = !raw.is_empty() && errors.is_empty();
    let mut cards = Vec::new();
    if answered {
        let form = SearchForm {
            domains: chosen.clone(),
            area: area.as_ref().map(|a| a.cbs_code.clone()),
            page: 1,
            ..SearchForm::default()
        };
        let groups: Vec<String> = match voor.as_str() {
            "kind" => vec!["jeugd".into(), "gezinnen".into(), "jongeren".into()],
            "ouder" => vec!["ouderen".into(), "mantelzorgers".into()],
            _ => Vec::new(),
        };
        cards = guide_results(&state, &form, &groups).await?;
        if cards.is_empty() && !groups.is_empty() {
            cards = guide_results(&state, &form, &[]).await?;
        }
        super::offer_text::for_cards(&state, locale.lang, &mut cards).await?;
    }
    let more = SearchForm {
        domains: chosen.clone(),
        area: area.as_ref().map(|a| a.cbs_code.clone()),
        page: 1,
        ..SearchForm::default()
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let page = GuidePage {
        chrome: Chrome::public(&state, &viewer, &locale, &text(lang, "guide-title")),
        voor,
        for_whom: FOR_WHOM.to_vec(),
        domains: LifeDomain::ALL
            .iter()
            .map(|d| (d.code(), d.resident_key(), chosen.contains(d)))
            .collect(),
        areas: area_list
            .iter()
            .map(|a| (a.cbs_code.clone(), a.name.clone()))
            .collect(),
        wijk: area.as_ref().map(|a| a.cbs_code.clone()).unwrap_or(wijk),
        postcode,
        error: (!errors.is_empty()).then(|| {
            text_with(
                lang,
                "guide-error",
                &[("reasons", FluentValue::from(errors.join("; ")))],
            )
        }),
        answered,
        area_name: area.map(|a| a.name),
        cards,
        layers: layer_keys(),
        more_link: format!("/zoeken?{}", more.to_query()),
    };
    Ok((status, html(render(&page)?)).into_response())
}

/// The lightest fitting offers, lightest first, at most eight.
async fn guide_results(
    state: &AppState,
    form: &SearchForm,
    groups: &[String],
) -> AppResult<Vec<OfferCard>> {
    let now = state.clock.now();
    let q = SearchQuery {
        municipality_id: municipality_id(state),
        life_domains: form.domains.iter().map(|d| d.code().to_string()).collect(),
        area: form.area.clone(),
        target_groups: groups.to_vec(),
        limit: 8,
        ..SearchQuery::default()
    };
    let today = super::day_number(now.date_naive());
    let results = super::search_index(state, q, today).await?;
    let ids: Vec<i64> = results.hits.iter().map(|h| h.id as i64).collect();
    let mut offers = dir::offers_by_ids(&state.db, &ids).await?;
    offers.sort_by_key(|o| o.draft.layer);
    Ok(offers
        .iter()
        .map(|o| {
            card(
                o,
                results.hits.iter().any(|h| h.id == o.id as u64 && h.stale),
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kompas_domain::directory::TargetGroup;

    /// Keys that templates take from a value, not a literal (the i18n test
    /// only sees literals): every one has a text in every language.
    #[test]
    fn every_key_a_page_takes_from_a_value_has_a_text_in_every_language() {
        let mut keys: Vec<String> = Vec::new();
        keys.extend(LifeDomain::ALL.iter().map(|d| d.resident_key().to_string()));
        keys.extend(
            TargetGroup::ALL
                .iter()
                .map(|g| g.resident_key().to_string()),
        );
        for (_, label, explained) in layer_keys() {
            keys.extend([label.to_string(), explained.to_string()]);
        }
        for a in AccessRoute::ALL {
            keys.push(a.resident_key().to_string());
            keys.extend(access_how(*a).map(str::to_string));
        }
        keys.extend(FOR_WHOM.iter().map(|(_, k)| k.to_string()));
        keys.extend((1..=7).map(|n| format!("weekday-{n}")));
        keys.extend(
            [
                "offer-closed",
                "offer-gone",
                "report-too-short",
                "report-too-long",
                "report-too-many",
            ]
            .map(str::to_string),
        );
        let all_kinds = [
            kompas_search::CrisisKind::Zelfdoding,
            kompas_search::CrisisKind::HuiselijkGeweld,
            kompas_search::CrisisKind::Dakloos,
            kompas_search::CrisisKind::AcuutGevaar,
        ];
        for line in CrisisHelp::for_search(&all_kinds, Vec::new())
            .map(|h| h.lines)
            .unwrap_or_default()
        {
            keys.extend([line.question.to_string(), line.advice.to_string()]);
        }
        for lang in Language::ALL {
            for key in &keys {
                assert_ne!(&text(lang, key), key, "{} lacks {key}", lang.code());
            }
        }
    }

    #[test]
    fn residents_read_plain_words_not_the_professional_terms() {
        assert_eq!(
            text(Language::Nl, LifeDomain::DailyLiving.resident_key()),
            "Hulp in en om het huis"
        );
        let open = text(Language::Nl, Layer::OpenAccess.resident_key());
        assert!(!open.contains("Laagdrempelig"), "{open}");
        assert_eq!(
            ages_in(Language::En, AgeRange::new(Some(12), Some(18)).unwrap()),
            "12 to 18 years"
        );
        let mut hours = OpeningHours::default();
        hours.add("ma,wo,vr", "09:00", "12:00").unwrap();
        assert_eq!(
            hours_in(Language::En, &hours),
            vec!["Monday, Wednesday and Friday: 09:00 – 12:00"]
        );
        assert_eq!(hours_in(Language::Nl, &hours), hours.lines_nl());
    }
}
