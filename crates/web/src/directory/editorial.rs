//! The editorial workflow: partners propose changes to their own offers,
//! municipal editors review them, keep synonyms, confirm stale offers and
//! handle error reports. Every change to an offer keeps its history.

use super::offer_form::{AddressForm, OfferForm, TranslationForm};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::{html, render, Chrome, NoticeQuery};
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kompas_domain::directory::{FieldError, Layer, LifeDomain, OfferDraft, TargetGroup};
use kompas_domain::MunicipalityScope;
use kompas_store::directory::{self as dir, Offer, OfferPlace, Saved};
use kompas_store::users::User;
use kompas_store::StoreError;
use serde::Deserialize;

fn me(viewer: &Viewer) -> AppResult<&User> {
    viewer.user().ok_or(AppError::Unauthorized)
}

fn today(state: &AppState) -> chrono::NaiveDate {
    kompas_domain::dutch_time::local(state.clock.now()).date()
}

/// The offer if `user` may work on it: a partner only on its organisation's
/// offers, an editor on its municipality's.
async fn offer_for(state: &AppState, user: &User, id: i64) -> AppResult<Offer> {
    let found = match (user.role, user.organization_id) {
        (kompas_domain::Role::Partner, Some(org)) => {
            dir::offer_of_organization(&state.db, org, id).await?
        }
        (kompas_domain::Role::Partner, None) => None,
        // Editors keep the directory of their own municipality.
        _ => {
            dir::offer_in(
                &state.db,
                &MunicipalityScope::single(user.municipality_id),
                id,
            )
            .await?
        }
    };
    found.ok_or(AppError::NotFound)
}

/// Labelled values of a draft, in the order the review shows them.
fn fields(d: &OfferDraft) -> Vec<(&'static str, String)> {
    let mut d = d.clone();
    d.normalize();
    let list = |v: Vec<&str>| v.join(", ");
    vec![
        ("Naam", d.name.clone()),
        ("Omschrijving", d.description.clone()),
        ("Voor wie", d.for_whom.clone()),
        ("Aanmelden", d.application_process.clone()),
        (
            "Laag",
            format!("{} ({})", d.layer.number(), d.layer.label_nl()),
        ),
        (
            "Leefgebieden",
            list(d.life_domains.iter().map(|x| x.label_nl()).collect()),
        ),
        (
            "Doelgroepen",
            list(d.target_groups.iter().map(|x| x.label_nl()).collect()),
        ),
        ("Leeftijd", d.ages.label_nl()),
        (
            "Toegang",
            format!(
                "{}{}",
                d.access.label_nl(),
                d.referrer
                    .as_deref()
                    .map(|r| format!(" (via {r})"))
                    .unwrap_or_default()
            ),
        ),
        (
            "Kosten",
            if d.free {
                "gratis".into()
            } else {
                d.cost_text.clone()
            },
        ),
        ("Trefwoorden", d.keywords.join(", ")),
        (
            "Werkgebied",
            if d.areas_served.is_empty() {
                "hele gemeente".into()
            } else {
                d.areas_served.join(", ")
            },
        ),
        ("Openingstijden", d.hours.lines_nl().join("; ")),
        ("Telefoon", d.phone.clone().unwrap_or_default()),
        ("E-mail", d.email.clone().unwrap_or_default()),
        ("Website", d.url.clone().unwrap_or_default()),
        ("Status", d.status.label_nl().into()),
    ]
}

/// One changed field: label, old value, new value.
pub struct DiffRow {
    pub label: &'static str,
    pub old: String,
    pub new: String,
}

pub fn diff(old: Option<&OfferDraft>, new: &OfferDraft) -> Vec<DiffRow> {
    let before = old.map(fields).unwrap_or_default();
    fields(new)
        .into_iter()
        .filter_map(|(label, value)| {
            let was = before
                .iter()
                .find(|(l, _)| *l == label)
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            (was != value).then_some(DiffRow {
                label,
                old: was,
                new: value,
            })
        })
        .collect()
}

// ------------------------------------------------------------------ the form

#[derive(Template)]
#[template(path = "directory/offer_edit.html")]
struct EditPage {
    chrome: Chrome,
    heading: String,
    action: String,
    submit: &'static str,
    form: OfferForm,
    errors: Vec<FieldError>,
    layers: Vec<(String, &'static str)>,
    domains: Vec<(&'static str, &'static str)>,
    groups: Vec<(&'static str, &'static str)>,
    areas: Vec<(String, String)>,
    accesses: Vec<(&'static str, &'static str)>,
    statuses: Vec<(&'static str, &'static str)>,
}

async fn edit_page(
    state: &AppState,
    viewer: &Viewer,
    heading: String,
    action: String,
    submit: &'static str,
    form: OfferForm,
    errors: Vec<FieldError>,
) -> AppResult<String> {
    let areas = match state.home_municipality {
        Some(m) => dir::areas(&state.db, m)
            .await?
            .into_iter()
            .map(|a| (a.cbs_code, a.name))
            .collect(),
        None => Vec::new(),
    };
    render(&EditPage {
        chrome: Chrome::new(state, viewer, &heading),
        heading,
        action,
        submit,
        form,
        errors,
        layers: Layer::ALL
            .iter()
            .map(|l| (l.number().to_string(), l.label_nl()))
            .collect(),
        domains: LifeDomain::ALL
            .iter()
            .map(|d| (d.code(), d.label_nl()))
            .collect(),
        groups: TargetGroup::ALL
            .iter()
            .map(|g| (g.code(), g.label_nl()))
            .collect(),
        areas,
        accesses: kompas_domain::directory::AccessRoute::ALL
            .iter()
            .map(|a| (a.code(), a.label_nl()))
            .collect(),
        statuses: vec![
            ("active", "actief"),
            ("temporarily closed", "tijdelijk gesloten"),
            ("inactive", "niet actief"),
        ],
    })
}

// ------------------------------------------------------------------ partner

#[derive(Template)]
#[template(path = "directory/partner_offers.html")]
struct PartnerPage {
    chrome: Chrome,
    offers: Vec<(i64, String, String, bool)>,
    changes: Vec<(String, String, &'static str, String)>,
    notice: Option<&'static str>,
}

fn notice(code: &str) -> Option<&'static str> {
    match code {
        "voorgesteld" => {
            Some("Uw wijziging is verstuurd. De redactie van de gemeente kijkt ernaar.")
        }
        "bevestigd" => Some("Dank u. De gekozen aanbiedingen staan nu als gecontroleerd."),
        "opgeslagen" => Some("Opgeslagen. De wijziging is meteen te vinden."),
        "beoordeeld" => Some("Het voorstel is beoordeeld."),
        _ => None,
    }
}

pub async fn partner_offers(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let user = me(&viewer)?;
    let org = user.organization_id.ok_or(AppError::Forbidden)?;
    let today = today(&state);
    let offers = dir::offers_of_organization(&state.db, org)
        .await?
        .into_iter()
        .map(|o| {
            let checked = o
                .draft
                .last_checked
                .map_or_else(|| "nooit".into(), |d| d.format("%-d-%-m-%Y").to_string());
            (o.id, o.draft.name.clone(), checked, o.draft.is_stale(today))
        })
        .collect();
    let changes = dir::changes_of_organization(&state.db, org)
        .await?
        .into_iter()
        .map(|c| {
            let status = match c.status.as_str() {
                "pending" => "wacht op de redactie",
                "approved" => "goedgekeurd",
                _ => "afgewezen",
            };
            (
                c.draft.name,
                local_day(&c.proposed_at),
                status,
                c.note.unwrap_or_default(),
            )
        })
        .collect();
    Ok(html(render(&PartnerPage {
        chrome: Chrome::new(&state, &viewer, "Ons aanbod"),
        offers,
        changes,
        notice: notice(&q.melding),
    })?))
}

pub async fn partner_edit_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let user = me(&viewer)?;
    let o = offer_for(&state, user, id).await?;
    let page = edit_page(
        &state,
        &viewer,
        format!("Wijziging voorstellen: {}", o.draft.name),
        format!("/partner/aanbod/{id}"),
        "Wijziging voorstellen",
        OfferForm::from_draft(&o.draft, Some(o.version)),
        Vec::new(),
    )
    .await?;
    Ok(html(page))
}

pub async fn partner_propose(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let user = me(&viewer)?.clone();
    let o = offer_for(&state, &user, id).await?;
    let form = OfferForm::parse(&body);
    match form.to_draft(&o.draft.hsds_id, Some(&o.draft)) {
        Ok(draft) if diff(Some(&o.draft), &draft).is_empty() => {
            let errors = vec![FieldError {
                field: "voorstel",
                reason: "u heeft niets veranderd".into(),
            }];
            let page = edit_page(
                &state,
                &viewer,
                format!("Wijziging voorstellen: {}", o.draft.name),
                format!("/partner/aanbod/{id}"),
                "Wijziging voorstellen",
                form,
                errors,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(page)).into_response())
        }
        Ok(draft) => {
            let mut tx = state.db.begin().await?;
            dir::propose_change(
                &mut tx,
                Some(o.id),
                user.id,
                &draft,
                form.versie,
                state.clock.now(),
            )
            .await?;
            tx.commit().await.map_err(StoreError::from)?;
            Ok(Redirect::to("/partner/aanbod?melding=voorgesteld").into_response())
        }
        Err(errors) => {
            let page = edit_page(
                &state,
                &viewer,
                format!("Wijziging voorstellen: {}", o.draft.name),
                format!("/partner/aanbod/{id}"),
                "Wijziging voorstellen",
                form,
                errors,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(page)).into_response())
        }
    }
}

/// A fresh public id for a proposed offer: its name as a slug plus a random tail.
fn new_public_id(name: &str) -> String {
    let mut slug: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    while slug.contains("--") {
        slug = slug.replace("--", "-");
    }
    let slug: String = slug.trim_matches('-').chars().take(60).collect();
    let mut tail = [0_u8; 3];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut tail);
    format!(
        "{}-{}",
        if slug.is_empty() { "aanbod" } else { &slug },
        hex::encode(tail)
    )
}

const NEW_HEADING: &str = "Nieuw aanbod voorstellen";

pub async fn partner_new_form(
    State(state): State<AppState>,
    viewer: Viewer,
) -> AppResult<Response> {
    me(&viewer)?.organization_id.ok_or(AppError::Forbidden)?;
    let form = OfferForm {
        toegang: "aanmelden".into(),
        status: "active".into(),
        ..OfferForm::default()
    };
    let page = edit_page(
        &state,
        &viewer,
        NEW_HEADING.into(),
        "/partner/aanbod/nieuw".into(),
        NEW_HEADING,
        form,
        Vec::new(),
    )
    .await?;
    Ok(html(page))
}

pub async fn partner_propose_new(
    State(state): State<AppState>,
    viewer: Viewer,
    body: Bytes,
) -> AppResult<Response> {
    let user = me(&viewer)?.clone();
    user.organization_id.ok_or(AppError::Forbidden)?;
    let form = OfferForm::parse(&body);
    match form.to_draft(&new_public_id(&form.naam), None) {
        Ok(mut draft) => {
            // Checked by the partner who proposes it, today.
            draft.last_checked = Some(today(&state));
            draft.checked_by = Some(user.display_name.clone());
            let mut tx = state.db.begin().await?;
            dir::propose_change(&mut tx, None, user.id, &draft, None, state.clock.now()).await?;
            tx.commit().await.map_err(StoreError::from)?;
            Ok(Redirect::to("/partner/aanbod?melding=voorgesteld").into_response())
        }
        Err(errors) => {
            let page = edit_page(
                &state,
                &viewer,
                NEW_HEADING.into(),
                "/partner/aanbod/nieuw".into(),
                NEW_HEADING,
                form,
                errors,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(page)).into_response())
        }
    }
}

/// "Still correct" for several offers at once: `aanbod=ID` repeated.
fn ids_from(body: &[u8]) -> Vec<i64> {
    url::form_urlencoded::parse(body)
        .filter(|(k, _)| k == "aanbod")
        .filter_map(|(_, v)| v.parse().ok())
        .collect()
}

async fn confirm(state: &AppState, user: &User, ids: Vec<i64>) -> AppResult<usize> {
    let mut allowed = Vec::new();
    for id in ids {
        if offer_for(state, user, id).await.is_ok() {
            allowed.push(id);
        }
    }
    let mut tx = state.db.begin().await?;
    let n = dir::confirm_checked(
        &mut tx,
        &allowed,
        &user.display_name,
        today(state),
        state.clock.now(),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    super::reindex(state, &allowed).await?;
    Ok(n)
}

pub async fn partner_confirm(
    State(state): State<AppState>,
    viewer: Viewer,
    body: Bytes,
) -> AppResult<Response> {
    let user = me(&viewer)?.clone();
    confirm(&state, &user, ids_from(&body)).await?;
    Ok(Redirect::to("/partner/aanbod?melding=bevestigd").into_response())
}

// ------------------------------------------------------------------ editor

#[derive(Template)]
#[template(path = "directory/editor_home.html")]
struct EditorHome {
    chrome: Chrome,
    notice: Option<&'static str>,
    pending: usize,
    reports: usize,
    stale: usize,
}

pub async fn editor_home(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let user = me(&viewer)?;
    let m = user.municipality_id;
    let cutoff = today(&state) - chrono::Duration::days(365);
    Ok(html(render(&EditorHome {
        chrome: Chrome::new(&state, &viewer, "Redactie sociale kaart"),
        notice: notice(&q.melding),
        pending: dir::pending_changes(&state.db, m).await?.len(),
        reports: dir::open_reports(&state.db, m).await?.len(),
        stale: dir::stale_offers(&state.db, m, cutoff).await?.len(),
    })?))
}

pub struct QueueItem {
    pub id: i64,
    pub name: String,
    pub by: String,
    pub at: String,
    pub is_new: bool,
    pub rows: Vec<DiffRow>,
}

#[derive(Template)]
#[template(path = "directory/editor_queue.html")]
struct QueuePage {
    chrome: Chrome,
    items: Vec<QueueItem>,
    notice: Option<&'static str>,
    error: Option<String>,
}

async fn queue_page(
    state: &AppState,
    viewer: &Viewer,
    notice_code: &str,
    error: Option<String>,
) -> AppResult<String> {
    let user = me(viewer)?;
    let mut items = Vec::new();
    for c in dir::pending_changes(&state.db, user.municipality_id).await? {
        let current = match c.offer_id {
            Some(id) => dir::offer_by_id(&state.db, id).await?,
            None => None,
        };
        items.push(QueueItem {
            id: c.id,
            name: c.draft.name.clone(),
            by: c.proposed_by_name.clone(),
            at: local_day(&c.proposed_at),
            is_new: c.offer_id.is_none(),
            rows: diff(current.as_ref().map(|o| &o.draft), &c.draft),
        });
    }
    render(&QueuePage {
        chrome: Chrome::new(state, viewer, "Wijzigingen beoordelen"),
        items,
        notice: notice(notice_code),
        error,
    })
}

pub async fn editor_queue(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    Ok(html(queue_page(&state, &viewer, &q.melding, None).await?))
}

#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    besluit: String,
    #[serde(default)]
    toelichting: String,
}

pub async fn editor_decide(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> AppResult<Response> {
    let user = me(&viewer)?.clone();
    let c = dir::change_by_id(
        &state.db,
        &MunicipalityScope::single(user.municipality_id),
        id,
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let approve = match f.besluit.as_str() {
        "goedkeuren" => true,
        "afwijzen" => false,
        _ => return Err(AppError::BadRequest("Kies goedkeuren of afwijzen.".into())),
    };
    if !approve && f.toelichting.trim().is_empty() {
        let page = queue_page(
            &state,
            &viewer,
            "",
            Some(
                "Schrijf bij een afwijzing kort waarom, zodat de partner het kan verbeteren."
                    .into(),
            ),
        )
        .await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html(page)).into_response());
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let mut reindex = None;
    if approve {
        let offer = match c.offer_id {
            Some(oid) => Some(offer_for(&state, &user, oid).await?),
            None => None,
        };
        let place = match &offer {
            Some(o) => OfferPlace {
                municipality_id: o.municipality_id,
                organization_id: o.organization_id,
                location_id: o.location.as_ref().map(|l| l.id),
            },
            None => OfferPlace {
                municipality_id: user.municipality_id,
                organization_id: c.organization_id.ok_or_else(|| {
                    AppError::BadRequest("Dit voorstel hoort bij geen organisatie.".into())
                })?,
                location_id: None,
            },
        };
        let reason = format!(
            "voorstel van {} goedgekeurd door {}",
            c.proposed_by_name, user.display_name
        );
        let saved = dir::save_offer(
            &mut tx,
            place,
            &c.draft,
            offer.as_ref().and_then(|o| o.hsds_extra.as_deref()),
            c.base_version,
            &user.display_name,
            &reason,
            now,
        )
        .await;
        match saved {
            Ok(s) => reindex = Some(s.id()),
            Err(StoreError::Conflict(msg)) => {
                drop(tx);
                let page = queue_page(&state, &viewer, "", Some(format!("Niet goedgekeurd: {msg}. Wijs dit voorstel af en vraag de partner het opnieuw te doen."))).await?;
                return Ok((StatusCode::CONFLICT, html(page)).into_response());
            }
            Err(e) => return Err(e.into()),
        }
    }
    dir::decide_change(&mut tx, id, user.id, approve, f.toelichting.trim(), now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    if let Some(oid) = reindex {
        super::reindex(&state, &[oid]).await?;
    }
    Ok(Redirect::to("/redactie/wachtrij?melding=beoordeeld").into_response())
}

pub async fn editor_edit_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let user = me(&viewer)?;
    let o = offer_for(&state, user, id).await?;
    let history = dir::offer_history(&state.db, id).await?;
    let mut form = OfferForm::from_draft(&o.draft, Some(o.version));
    form.adres = Some(AddressForm::of_location(o.location.as_ref()));
    form.vertalingen = Some(TranslationForm::all_of(
        &kompas_store::offer_translations::of_offer(&state.db, id).await?,
    ));
    let mut page = edit_page(
        &state,
        &viewer,
        format!("Aanbod bewerken: {}", o.draft.name),
        format!("/redactie/aanbod/{id}"),
        "Opslaan",
        form,
        Vec::new(),
    )
    .await?;
    // The history goes under the form.
    let rows: String = history
        .iter()
        .map(|h| {
            let before: Option<OfferDraft> = h.before.as_deref().and_then(|b| serde_json::from_str(b).ok());
            let after: Option<OfferDraft> = serde_json::from_str(&h.after).ok();
            let changed = after.map(|a| diff(before.as_ref(), &a).iter().map(|r| r.label).collect::<Vec<_>>().join(", ")).unwrap_or_default();
            format!(
                "<tr class=\"utrecht-table__row\"><td class=\"utrecht-table__cell\">{}</td><td class=\"utrecht-table__cell\">{}</td><td class=\"utrecht-table__cell\">{}</td><td class=\"utrecht-table__cell\">{}</td></tr>",
                escape(
                    &kompas_store::time::from_db(&h.changed_at)
                        .map(kompas_domain::dutch_time::short_date_time)
                        .unwrap_or_else(|_| h.changed_at.clone())
                ),
                escape(&h.changed_by),
                escape(&h.reason),
                escape(&changed)
            )
        })
        .collect();
    let table = format!(
        "<h2 class=\"utrecht-heading-2\">Geschiedenis</h2><div class=\"kompas-table-wrap\" role=\"region\" aria-label=\"Geschiedenis\" tabindex=\"0\"><table class=\"utrecht-table\"><caption class=\"utrecht-table__caption\">Wie wat wanneer veranderde</caption><thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" scope=\"col\">Wanneer</th><th class=\"utrecht-table__header-cell\" scope=\"col\">Wie</th><th class=\"utrecht-table__header-cell\" scope=\"col\">Waarom</th><th class=\"utrecht-table__header-cell\" scope=\"col\">Wat veranderde</th></tr></thead><tbody class=\"utrecht-table__body\">{rows}</tbody></table></div>"
    );
    page = page.replace("<!-- history -->", &table);
    Ok(html(page))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

pub async fn editor_save(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let user = me(&viewer)?.clone();
    let o = offer_for(&state, &user, id).await?;
    let form = OfferForm::parse(&body);
    // The address is checked with the rest; a form without its fields
    // leaves the address as it is.
    let address = form.adres.as_ref().map(AddressForm::to_address).transpose();
    let checked = (
        form.to_draft(&o.draft.hsds_id, Some(&o.draft)),
        address,
        form.to_translations(),
    );
    let (draft, address, translations) = match checked {
        (Ok(d), Ok(a), Ok(t)) => (d, a, t),
        (draft, address, translations) => {
            let mut errors = draft.err().unwrap_or_default();
            errors.extend(address.err().unwrap_or_default());
            errors.extend(translations.err().unwrap_or_default());
            let page = edit_page(
                &state,
                &viewer,
                format!("Aanbod bewerken: {}", o.draft.name),
                format!("/redactie/aanbod/{id}"),
                "Opslaan",
                form,
                errors,
            )
            .await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, html(page)).into_response());
        }
    };
    let place = OfferPlace {
        municipality_id: o.municipality_id,
        organization_id: o.organization_id,
        location_id: o.location.as_ref().map(|l| l.id),
    };
    let mut tx = state.db.begin().await?;
    let saved = dir::save_offer(
        &mut tx,
        place,
        &draft,
        o.hsds_extra.as_deref(),
        form.versie,
        &user.display_name,
        "bewerkt door de redactie",
        state.clock.now(),
    )
    .await;
    match saved {
        Ok(Saved::Created(i) | Saved::Updated(i) | Saved::Unchanged(i)) => {
            if let Some(a) = address {
                kompas_store::offer_address::set_offer_address(
                    &mut tx,
                    &o.draft.hsds_id,
                    a.as_ref(),
                    &user.display_name,
                    state.clock.now(),
                )
                .await?;
            }
            if let Some(t) = &translations {
                kompas_store::offer_translations::set_in_scope(
                    &mut tx,
                    &MunicipalityScope::single(user.municipality_id),
                    i,
                    t,
                    &user.display_name,
                    state.clock.now(),
                )
                .await?;
            }
            tx.commit().await.map_err(StoreError::from)?;
            super::reindex(&state, &[i]).await?;
            Ok(Redirect::to("/redactie?melding=opgeslagen").into_response())
        }
        Err(StoreError::Conflict(msg)) => {
            drop(tx);
            // Show the newest version, and keep what this editor typed in view.
            let errors = vec![FieldError { field: "versie", reason: format!("{msg}. Hieronder staat uw versie; de nieuwste versie vindt u door de pagina opnieuw te openen.") }];
            let page = edit_page(
                &state,
                &viewer,
                format!("Aanbod bewerken: {}", o.draft.name),
                format!("/redactie/aanbod/{id}"),
                "Opslaan",
                form,
                errors,
            )
            .await?;
            Ok((StatusCode::CONFLICT, html(page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "directory/editor_stale.html")]
struct StalePage {
    chrome: Chrome,
    months: i64,
    offers: Vec<(i64, String, String, String)>,
}

#[derive(Debug, Deserialize)]
pub struct StaleQuery {
    maanden: Option<i64>,
}

pub async fn editor_stale(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<StaleQuery>,
) -> AppResult<Response> {
    let user = me(&viewer)?;
    let months = q.maanden.unwrap_or(12).clamp(1, 60);
    let cutoff = today(&state) - chrono::Months::new(months as u32);
    let offers = dir::stale_offers(&state.db, user.municipality_id, cutoff)
        .await?
        .into_iter()
        .map(|o| {
            (
                o.id,
                o.draft.name,
                o.organization_name,
                o.draft
                    .last_checked
                    .map_or_else(|| "nooit".into(), |d| d.format("%-d-%-m-%Y").to_string()),
            )
        })
        .collect();
    Ok(html(render(&StalePage {
        chrome: Chrome::new(&state, &viewer, "Verouderd aanbod"),
        months,
        offers,
    })?))
}

pub async fn editor_confirm(
    State(state): State<AppState>,
    viewer: Viewer,
    body: Bytes,
) -> AppResult<Response> {
    let user = me(&viewer)?.clone();
    confirm(&state, &user, ids_from(&body)).await?;
    Ok(Redirect::to("/redactie?melding=bevestigd").into_response())
}

#[derive(Template)]
#[template(path = "directory/editor_synonyms.html")]
struct SynonymsPage {
    chrome: Chrome,
    synonyms: Vec<dir::Synonym>,
    error: Option<String>,
    csv: String,
}

async fn synonyms_page(
    state: &AppState,
    viewer: &Viewer,
    error: Option<String>,
    csv: String,
) -> AppResult<String> {
    let user = me(viewer)?;
    render(&SynonymsPage {
        chrome: Chrome::new(state, viewer, "Synoniemen"),
        synonyms: dir::synonyms(&state.db, user.municipality_id).await?,
        error,
        csv,
    })
}

pub async fn editor_synonyms(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    Ok(html(
        synonyms_page(&state, &viewer, None, String::new()).await?,
    ))
}

#[derive(Debug, Deserialize)]
pub struct SynonymForm {
    #[serde(default)]
    pub(super) woord: String,
    #[serde(default)]
    pub(super) betekent: String,
    /// Pasted CSV, `woord,betekent` per line.
    #[serde(default)]
    csv: String,
}

/// Parses pasted `woord,betekent` lines; a header line is allowed.
pub fn parse_synonym_lines(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || (i == 0 && line.to_lowercase().starts_with("woord")) {
            continue;
        }
        match line.split_once([',', ';']) {
            Some((w, m)) if !w.trim().is_empty() && !m.trim().is_empty() => out.push((
                w.trim().trim_matches('"').to_string(),
                m.trim().trim_matches('"').to_string(),
            )),
            _ => return Err(format!("regel {}: schrijf 'woord,betekent'", i + 1)),
        }
    }
    Ok(out)
}

pub async fn editor_add_synonyms(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(f): Form<SynonymForm>,
) -> AppResult<Response> {
    let user = me(&viewer)?.clone();
    let pairs = if f.csv.trim().is_empty() {
        vec![(f.woord.clone(), f.betekent.clone())]
    } else {
        match parse_synonym_lines(&f.csv) {
            Ok(p) => p,
            Err(e) => {
                let page = synonyms_page(
                    &state,
                    &viewer,
                    Some(format!("Niets toegevoegd. {e}.")),
                    f.csv.clone(),
                )
                .await?;
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, html(page)).into_response());
            }
        }
    };
    let mut tx = state.db.begin().await?;
    if let Err(e) = add_synonym_pairs(&state, &mut tx, user.municipality_id, &pairs).await? {
        drop(tx);
        let page = synonyms_page(&state, &viewer, Some(e), f.csv.clone()).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html(page)).into_response());
    }
    tx.commit().await.map_err(StoreError::from)?;
    super::reload_synonyms(&state).await?;
    Ok(Redirect::to("/redactie/synoniemen").into_response())
}

/// Adds the word pairs the municipality does not have yet, in the caller's
/// transaction (the caller commits, then reloads the synonyms). A refused
/// pair gives the editor's message in Dutch and nothing should be committed.
pub(super) async fn add_synonym_pairs(
    state: &AppState,
    conn: &mut kompas_store::Conn,
    municipality_id: i64,
    pairs: &[(String, String)],
) -> AppResult<Result<(), String>> {
    let existing: Vec<(String, String)> = dir::synonyms(&state.db, municipality_id)
        .await?
        .into_iter()
        .map(|s| (s.word, s.means))
        .collect();
    let mut seen = std::collections::HashSet::new();
    for (w, m) in pairs {
        let key = (w.trim().to_lowercase(), m.trim().to_lowercase());
        if existing.contains(&key) || !seen.insert(key) {
            continue;
        }
        if let Err(e) = dir::add_synonym(conn, municipality_id, w, m, state.clock.now()).await {
            return Ok(Err(format!("Niets toegevoegd: {e}.")));
        }
    }
    Ok(Ok(()))
}

pub async fn editor_delete_synonym(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let user = me(&viewer)?.clone();
    let mut tx = state.db.begin().await?;
    dir::delete_synonym(&mut tx, user.municipality_id, id).await?;
    tx.commit().await.map_err(StoreError::from)?;
    super::reload_synonyms(&state).await?;
    Ok(Redirect::to("/redactie/synoniemen").into_response())
}

#[derive(Template)]
#[template(path = "directory/editor_reports.html")]
struct ReportsPage {
    chrome: Chrome,
    reports: Vec<dir::Report>,
}

pub async fn editor_reports(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    let user = me(&viewer)?;
    Ok(html(render(&ReportsPage {
        chrome: Chrome::new(&state, &viewer, "Meldingen"),
        reports: dir::open_reports(&state.db, user.municipality_id).await?,
    })?))
}

pub async fn editor_close_report(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let user = me(&viewer)?.clone();
    let mut tx = state.db.begin().await?;
    dir::close_report(
        &mut tx,
        &MunicipalityScope::single(user.municipality_id),
        id,
        user.id,
        state.clock.now(),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(Redirect::to("/redactie/meldingen").into_response())
}

/// A stored moment as the Dutch local date an editor reads ("07-12-2026").
fn local_day(stored: &str) -> String {
    kompas_store::time::from_db(stored)
        .map(|t| {
            kompas_domain::dutch_time::local(t)
                .date()
                .format("%d-%m-%Y")
                .to_string()
        })
        .unwrap_or_else(|_| stored.to_string())
}
