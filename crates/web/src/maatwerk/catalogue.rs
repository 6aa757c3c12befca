//! The maatwerk catalogue for admins and contract managers: providers with
//! their contracts, products per law, the history of each entry, and the CSV
//! import with a dry run. Every read and change is audited; changes are
//! written with their audit row in one transaction. The rules are the
//! domain's (`maatwerk::catalogue`), the scope is the store's.

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::{html, render, url_encode, Chrome, FormFields, NoticeQuery};
use crate::state::AppState;
use crate::toegang::{audit, commit_audited, today};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use kompas_domain::directory::FieldError;
use kompas_domain::dutch_time::parse_date;
use kompas_domain::maatwerk::catalogue::{
    euros, ContractDraft, Product, ProductDraft, Provider, ProviderDraft, Variant,
};
use kompas_domain::maatwerk::codes::{self, Frequency, Unit};
use kompas_domain::maatwerk::Law;
use kompas_domain::{AuditAction, MunicipalityScope, Role};
use kompas_interop::catalogue_csv;
use kompas_interop::monitor::ImportReport;
use kompas_store::maatwerk::{self as mw, ChangeRow, ChangedBy, ContractRow, Entity, ProductRow};
use kompas_store::users::User;
use kompas_store::StoreError;
use serde_json::Value;

use super::{reader, PURPOSE};

/// The user and scope of someone who keeps the catalogue.
fn keeper(viewer: &Viewer) -> AppResult<(&User, &MunicipalityScope)> {
    let (u, scope) = viewer.scoped().ok_or(AppError::Unauthorized)?;
    if matches!(u.role, Role::Admin | Role::ContractManager) {
        Ok((u, scope))
    } else {
        Err(AppError::Forbidden)
    }
}

fn by(state: &AppState, user: &User) -> ChangedBy {
    ChangedBy {
        user_id: Some(user.id),
        now: state.clock.now(),
    }
}

fn day(d: chrono::NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// The Dutch label of a form field, for the list of problems.
fn label(field: &str) -> &'static str {
    match field {
        "naam" => "Naam",
        "agb" => "AGB-code",
        "kvk" => "KvK-nummer",
        "wet" => "Wet",
        "categorie" => "Productcategorie",
        "productcode" => "Productcode",
        "variant" => "Uitvoeringsvariant",
        "eenheid" => "Eenheid",
        "frequentie" => "Frequentie",
        "tarief" => "Tarief",
        "product" => "Product",
        "geldig_van" => "Geldig vanaf",
        "geldig_tot" => "Geldig tot en met",
        _ => "Formulier",
    }
}

fn labelled(errors: Vec<FieldError>) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|e| FieldError {
            field: label(e.field),
            reason: e.reason,
        })
        .collect()
}

/// A store refusal as a problem on the form, or the error it is.
fn refused(e: StoreError, field: &'static str) -> AppResult<Vec<FieldError>> {
    match e {
        StoreError::Invalid(reason) | StoreError::Conflict(reason) => Ok(vec![FieldError {
            field: label(field),
            reason,
        }]),
        other => Err(other.into()),
    }
}

/// How a form's change ends: its audit row and the record's page.
struct Save {
    action: AuditAction,
    object: &'static str,
    /// The records' pages, without the id: `/beheer/maatwerk/aanbieders`.
    page: &'static str,
    message: &'static str,
    /// The form field a refusal by the store is about.
    field: &'static str,
}

impl Save {
    fn new(
        action: AuditAction,
        object: &'static str,
        page: &'static str,
        message: &'static str,
        field: &'static str,
    ) -> Save {
        Save {
            action,
            object,
            page,
            message,
            field,
        }
    }
}

/// Writes a checked form with `write` (which returns the record's id and
/// whether anything changed), commits it with its audit row and goes to the
/// record's page. The form's problems, or a refusal by the store, come back
/// to be shown on the form.
async fn save<T>(
    state: &AppState,
    user: &User,
    checked: Result<T, Vec<FieldError>>,
    s: Save,
    write: impl AsyncFnOnce(&mut kompas_store::Conn, T) -> Result<(i64, bool), StoreError>,
) -> AppResult<Result<Response, Vec<FieldError>>> {
    let value = match checked {
        Ok(v) => v,
        Err(errors) => return Ok(Err(labelled(errors))),
    };
    let mut tx = state.db.begin().await?;
    let (id, changed) = match write(&mut tx, value).await {
        Ok(d) => d,
        Err(e) => return Ok(Err(refused(e, s.field)?)),
    };
    let to = format!("{}/{id}", s.page);
    if !changed {
        return Ok(Ok(saved(&to, "Er was niets veranderd.")));
    }
    commit_audited(tx, state, user, s.action, (s.object, id), None, PURPOSE).await?;
    Ok(Ok(saved(&to, s.message)))
}

const PROVIDERS: &str = "/beheer/maatwerk/aanbieders";
const PRODUCTS: &str = "/beheer/maatwerk/producten";

/// The audit row of a read of the catalogue (no personal data, still logged).
async fn read(state: &AppState, user: &User, object: &str, id: i64) -> AppResult<()> {
    let what = AuditAction::Read;
    audit(state, Some(user), what, (object, id), None, PURPOSE).await
}

fn saved(to: &str, message: &str) -> Response {
    Redirect::to(&format!("{to}?melding={}", url_encode(message))).into_response()
}

fn refuse(page: String) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, html(page)).into_response()
}

// ---------------------------------------------------------------- entries

/// A form as a page shows it: what was typed (on an entry's page None: the
/// entry as it is), its problems, and the notice above the page.
pub(crate) struct Shown<D> {
    draft: D,
    errors: Vec<FieldError>,
    notice: String,
}

impl<D> Shown<D> {
    fn new(draft: D, notice: String) -> Shown<D> {
        Shown {
            draft,
            errors: Vec::new(),
            notice,
        }
    }

    fn refused(draft: D, errors: Vec<FieldError>) -> Shown<D> {
        Shown {
            draft,
            errors,
            notice: String::new(),
        }
    }
}

/// What providers and products share: a list with the form for a new one,
/// a page with the form that changes one, and how the store keeps them.
pub(crate) trait Entry {
    /// As the form holds it.
    type Draft;
    /// As checked, to store.
    type Checked: mw::CatalogueEntry;
    /// As the store reads it.
    type Row;
    /// The audit object.
    const OBJECT: &'static str;
    /// The entries' pages, without the id.
    const PAGE: &'static str;
    /// The notice after adding one.
    const ADDED: &'static str;
    /// The form field a refusal by the store is about.
    const FIELD: &'static str;
    /// The form as typed, and checked.
    fn form(f: &FormFields) -> (Self::Draft, Result<Self::Checked, Vec<FieldError>>);
    /// An entry of the viewer's municipalities, or 404.
    async fn row(state: &AppState, scope: &MunicipalityScope, id: i64) -> AppResult<Self::Row>;
    /// The list, and the form for a new one.
    async fn list(state: &AppState, viewer: &Viewer, form: Shown<Self::Draft>)
        -> AppResult<String>;
    /// An entry's page.
    async fn page(
        state: &AppState,
        viewer: &Viewer,
        row: &Self::Row,
        form: Shown<Option<Self::Draft>>,
    ) -> AppResult<String>;
}

/// Adds a provider or product from the list's form.
pub(crate) async fn create_entry<E: Entry>(
    State(state): State<AppState>,
    viewer: Viewer,
    body: Bytes,
) -> AppResult<Response> {
    let (user, scope) = keeper(&viewer)?;
    let (draft, checked) = E::form(&FormFields::parse(&body));
    let save_as = Save::new(AuditAction::Create, E::OBJECT, E::PAGE, E::ADDED, E::FIELD);
    let by = by(&state, user);
    let write = async |tx: &mut kompas_store::Conn, p| {
        mw::create_entry(tx, scope, user.municipality_id, &p, by)
            .await
            .map(|id| (id, true))
    };
    let errors = match save(&state, user, checked, save_as, write).await? {
        Ok(done) => return Ok(done),
        Err(errors) => errors,
    };
    let page = E::list(&state, &viewer, Shown::refused(draft, errors)).await?;
    Ok(refuse(page))
}

/// A provider's page (its details, contracts and history) or a product's
/// (its details, who delivers it at what tariff, its history).
pub(crate) async fn entry<E: Entry>(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    viewer: Viewer,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let (_, scope) = keeper(&viewer)?;
    let row = E::row(&state, scope, id).await?;
    let page = E::page(&state, &viewer, &row, Shown::new(None, q.melding)).await?;
    Ok(html(page))
}

/// Changes a provider or product from its page's form.
pub(crate) async fn update_entry<E: Entry>(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    viewer: Viewer,
    body: Bytes,
) -> AppResult<Response> {
    let (user, scope) = keeper(&viewer)?;
    let current = E::row(&state, scope, id).await?;
    let (draft, checked) = E::form(&FormFields::parse(&body));
    let save_as = Save::new(
        AuditAction::Update,
        E::OBJECT,
        E::PAGE,
        "Opgeslagen.",
        E::FIELD,
    );
    let by = by(&state, user);
    let write = async |tx: &mut kompas_store::Conn, p| {
        mw::update_entry(tx, scope, id, &p, by)
            .await
            .map(|changed| (id, changed))
    };
    let errors = match save(&state, user, checked, save_as, write).await? {
        Ok(done) => return Ok(done),
        Err(errors) => errors,
    };
    let shown = Shown::refused(Some(draft), errors);
    let page = E::page(&state, &viewer, &current, shown).await?;
    Ok(refuse(page))
}

// ---------------------------------------------------------------- history

pub struct HistoryLine {
    pub when: String,
    pub who: String,
    pub what: String,
    pub details: String,
}

fn shown(key: &str, v: &Value) -> String {
    match (key, v) {
        (_, Value::Null) => "leeg".into(),
        ("tarief_cent", Value::Number(n)) => n.as_i64().map(euros).unwrap_or_default(),
        ("geldig_van" | "geldig_tot", Value::String(s)) => match parse_date(s) {
            Ok(Some(d)) => day(d),
            _ => s.clone(),
        },
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

fn key_label(key: &str) -> &str {
    match key {
        "productnaam" => "product",
        "tarief_cent" => "tarief",
        "geldig_van" => "geldig vanaf",
        "geldig_tot" => "geldig tot en met",
        other => other,
    }
}

fn history_line(c: &ChangeRow) -> HistoryLine {
    let entry = match c.entity {
        Entity::Provider => "Aanbieder".to_string(),
        Entity::Product => "Product".to_string(),
        Entity::Contract => format!("Contract {}", c.entity_id),
    };
    let action = match c.action.as_str() {
        "created" => "toegevoegd",
        "ended" => "beëindigd",
        _ => "gewijzigd",
    };
    let empty = serde_json::Map::new();
    let after = c.after.as_object().unwrap_or(&empty);
    let before = c.before.as_ref().and_then(Value::as_object);
    let details: Vec<String> = after
        .iter()
        // Ids mean nothing to a reader; the product's name is kept beside them.
        .filter(|(k, _)| !matches!(k.as_str(), "aanbieder" | "product"))
        .filter_map(|(k, v)| match before {
            None => Some(format!("{}: {}", key_label(k), shown(k, v))),
            Some(b) => {
                let old = b.get(k).unwrap_or(&Value::Null);
                (old != v).then(|| format!("{}: {} → {}", key_label(k), shown(k, old), shown(k, v)))
            }
        })
        .collect();
    HistoryLine {
        when: kompas_domain::dutch_time::local(c.changed_at)
            .format("%d-%m-%Y %H:%M")
            .to_string(),
        who: c
            .changed_by
            .clone()
            .unwrap_or_else(|| "systeem (bestand ingelezen)".into()),
        what: format!("{entry} {action}"),
        details: details.join("; "),
    }
}

// ---------------------------------------------------------------- contracts

pub struct ContractLine {
    pub id: i64,
    pub provider_id: i64,
    pub provider: String,
    pub product_id: i64,
    pub product: String,
    pub tariff: String,
    pub from: String,
    pub until: String,
    /// In force today.
    pub current: bool,
    /// Not ended yet (or ending later than today): it can still be ended.
    pub endable: bool,
}

fn contract_line(c: &ContractRow, today: chrono::NaiveDate) -> ContractLine {
    let per = match c.unit {
        Unit::Euros => c.frequency.label_nl().to_string(),
        u => format!("per {} ({})", u.label_nl(), c.frequency.label_nl()),
    };
    ContractLine {
        id: c.id,
        provider_id: c.provider_id,
        provider: c.provider_name.clone(),
        product_id: c.product_id,
        product: format!("{} {}", c.product_code, c.product_name),
        tariff: format!("{} {per}", euros(c.contract.tariff_cents)),
        from: day(c.contract.valid_from),
        until: c.contract.valid_until.map(day).unwrap_or_default(),
        current: c.contract.in_force(today),
        endable: c.contract.valid_until.is_none_or(|u| u > today),
    }
}

// ---------------------------------------------------------------- providers

pub struct ProviderLine {
    pub id: i64,
    pub name: String,
    pub agb: String,
    pub kvk: String,
    pub contracts: i64,
}

fn provider_line(p: &mw::ProviderRow) -> ProviderLine {
    ProviderLine {
        id: p.id,
        name: p.name.clone(),
        agb: p.agb.to_string(),
        kvk: p.kvk.as_ref().map(ToString::to_string).unwrap_or_default(),
        contracts: p.contracts,
    }
}

#[derive(Template)]
#[template(path = "maatwerk/catalogus.html")]
struct OverviewPage {
    chrome: Chrome,
    providers: Vec<ProviderLine>,
    form: ProviderDraft,
    errors: Vec<FieldError>,
    notice: String,
}

/// The providers with their number of contracts, and the form for a new one.
pub async fn overview(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let form = Shown::new(ProviderDraft::default(), q.melding);
    let page = Providers::list(&state, &viewer, form).await?;
    Ok(html(page))
}

pub(crate) struct Providers;

impl Entry for Providers {
    type Draft = ProviderDraft;
    type Checked = Provider;
    type Row = mw::ProviderRow;
    const OBJECT: &'static str = "maatwerk-aanbieder";
    const PAGE: &'static str = PROVIDERS;
    const ADDED: &'static str = "De aanbieder is toegevoegd.";
    const FIELD: &'static str = "agb";

    fn form(f: &FormFields) -> (ProviderDraft, Result<Provider, Vec<FieldError>>) {
        let draft = ProviderDraft {
            name: f.get("naam"),
            agb: f.get("agb"),
            kvk: f.get("kvk"),
        };
        let checked = draft.check();
        (draft, checked)
    }

    async fn row(state: &AppState, scope: &MunicipalityScope, id: i64) -> AppResult<Self::Row> {
        provider_of(state, scope, id).await
    }

    /// The providers with their number of contracts.
    async fn list(
        state: &AppState,
        viewer: &Viewer,
        form: Shown<ProviderDraft>,
    ) -> AppResult<String> {
        let (user, scope) = keeper(viewer)?;
        let providers = mw::providers(&mut *reader(state).await?, scope).await?;
        read(state, user, "maatwerk-catalogus", 0).await?;
        render(&OverviewPage {
            chrome: Chrome::new(state, viewer, "Maatwerkcatalogus: aanbieders"),
            providers: providers.iter().map(provider_line).collect(),
            form: form.draft,
            errors: form.errors,
            notice: form.notice,
        })
    }

    async fn page(
        state: &AppState,
        viewer: &Viewer,
        row: &Self::Row,
        form: Shown<Option<ProviderDraft>>,
    ) -> AppResult<String> {
        let forms = ProviderForms {
            form: form.draft,
            errors: form.errors,
            notice: form.notice,
            ..ProviderForms::default()
        };
        provider_page(state, viewer, row, forms).await
    }
}

#[derive(Template)]
#[template(path = "maatwerk/catalogus_aanbieder.html")]
struct ProviderPage {
    chrome: Chrome,
    p: ProviderLine,
    action: String,
    form: ProviderDraft,
    errors: Vec<FieldError>,
    contracts: Vec<ContractLine>,
    products: Vec<(i64, String)>,
    contract: ContractDraft,
    product_id: i64,
    contract_errors: Vec<FieldError>,
    history: Vec<HistoryLine>,
    notice: String,
    /// Organisations whose partner accounts may act for the provider (id, name, linked).
    organizations: Vec<(i64, String, bool)>,
    linked: bool,
}

/// What a provider's page shows besides the record itself.
#[derive(Default)]
struct ProviderForms {
    form: Option<ProviderDraft>,
    errors: Vec<FieldError>,
    contract: ContractDraft,
    product_id: i64,
    contract_errors: Vec<FieldError>,
    notice: String,
}

/// A provider of the viewer's municipalities, or 404.
async fn provider_of(
    state: &AppState,
    scope: &MunicipalityScope,
    id: i64,
) -> AppResult<mw::ProviderRow> {
    mw::provider_by_id(&mut *reader(state).await?, scope, id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn provider_page(
    state: &AppState,
    viewer: &Viewer,
    p: &mw::ProviderRow,
    forms: ProviderForms,
) -> AppResult<String> {
    let (user, scope) = keeper(viewer)?;
    let mut conn = reader(state).await?;
    let now = today(state);
    let contracts = mw::contracts_of_provider(&mut conn, scope, p.id).await?;
    let products = mw::products(&mut conn, scope, None, None)
        .await?
        .into_iter()
        .filter(|r| r.municipality_id == p.municipality_id)
        .map(|r| {
            (
                r.id,
                format!("{} {} ({})", r.code.as_str(), r.name, r.law.label_nl()),
            )
        })
        .collect();
    let history = mw::history(&mut conn, scope, Entity::Provider, p.id).await?;
    let linked = mw::provider_organization(&mut conn, scope, p.id).await?;
    drop(conn);
    let organizations = kompas_store::tenancy::organizations(&state.db, p.municipality_id)
        .await?
        .into_iter()
        .filter(|o| o.kind != "gemeente")
        .map(|o| (o.id, o.name, Some(o.id) == linked))
        .collect();
    read(state, user, "maatwerk-aanbieder", p.id).await?;
    render(&ProviderPage {
        chrome: Chrome::new(state, viewer, &format!("Aanbieder {}", p.name)),
        p: provider_line(p),
        action: format!("{PROVIDERS}/{}", p.id),
        form: forms.form.unwrap_or_else(|| ProviderDraft {
            name: p.name.clone(),
            agb: p.agb.to_string(),
            kvk: p.kvk.as_ref().map(ToString::to_string).unwrap_or_default(),
        }),
        errors: forms.errors,
        contracts: contracts.iter().map(|c| contract_line(c, now)).collect(),
        products,
        contract: forms.contract,
        product_id: forms.product_id,
        contract_errors: forms.contract_errors,
        history: history.iter().map(history_line).collect(),
        notice: forms.notice,
        organizations,
        linked: linked.is_some(),
    })
}

/// Lets the partner accounts of an organisation act for the provider: they
/// see its allocations and messages (or no organisation).
pub async fn link_organization(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    viewer: Viewer,
    body: Bytes,
) -> AppResult<Response> {
    let (user, scope) = keeper(&viewer)?;
    provider_of(&state, scope, id).await?;
    let org: Option<i64> = FormFields::parse(&body)
        .get("organisatie")
        .trim()
        .parse()
        .ok();
    let mut tx = state.db.begin().await?;
    mw::link_provider_to_organization(&mut tx, scope, id, org).await?;
    commit_audited(
        tx,
        &state,
        user,
        AuditAction::Update,
        ("maatwerk-aanbieder", id),
        None,
        PURPOSE,
    )
    .await?;
    let message = if org.is_some() {
        "De organisatie is gekoppeld: haar partneraccounts zien de toewijzingen en berichten van deze aanbieder."
    } else {
        "Er is geen organisatie meer gekoppeld."
    };
    Ok(saved(&format!("{PROVIDERS}/{id}"), message))
}

/// Gives the provider a contract (a tariff for a product from a day on).
pub async fn add_contract(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    viewer: Viewer,
    body: Bytes,
) -> AppResult<Response> {
    let (user, scope) = keeper(&viewer)?;
    let current = provider_of(&state, scope, id).await?;
    let f = FormFields::parse(&body);
    let draft = ContractDraft {
        tariff: f.get("tarief"),
        valid_from: f.get("geldig_van"),
        valid_until: f.get("geldig_tot"),
    };
    let product_id: i64 = f.get("product").parse().unwrap_or(0);
    let mut errors = Vec::new();
    if product_id == 0 {
        errors.push(FieldError {
            field: "product",
            reason: "Kies een product.".into(),
        });
    }
    let checked = draft.check().map_err(|e| errors.extend(e)).ok();
    let errors = match checked.filter(|_| errors.is_empty()) {
        Some(c) => {
            let mut tx = state.db.begin().await?;
            match mw::add_contract(&mut tx, scope, id, product_id, &c, by(&state, user)).await {
                Ok(added) => {
                    commit_audited(
                        tx,
                        &state,
                        user,
                        AuditAction::Create,
                        ("maatwerk-contract", added.id),
                        None,
                        PURPOSE,
                    )
                    .await?;
                    let message = match added.ended {
                        Some((_, last)) => format!(
                            "Het contract is toegevoegd. Het vorige contract voor dit product eindigt op {}.",
                            day(last)
                        ),
                        None => "Het contract is toegevoegd.".into(),
                    };
                    return Ok(saved(&format!("{PROVIDERS}/{id}"), &message));
                }
                Err(StoreError::NotFound(_)) => vec![FieldError {
                    field: label("product"),
                    reason: "Kies een product uit de lijst.".into(),
                }],
                Err(e) => refused(e, "geldig_van")?,
            }
        }
        None => labelled(errors),
    };
    let forms = ProviderForms {
        contract: draft,
        product_id,
        contract_errors: errors,
        ..ProviderForms::default()
    };
    Ok(refuse(
        provider_page(&state, &viewer, &current, forms).await?,
    ))
}

/// Ends a contract on the day given (its last day).
pub async fn end_contract(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    viewer: Viewer,
    body: Bytes,
) -> AppResult<Response> {
    let (user, scope) = keeper(&viewer)?;
    let c = mw::contract_by_id(&mut *reader(&state).await?, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let back = format!("{PROVIDERS}/{}", c.provider_id);
    let last = match parse_date(&FormFields::parse(&body).get("geldig_tot")) {
        Ok(Some(d)) => d,
        _ => {
            return Ok(saved(
                &back,
                "Niet beëindigd: schrijf de laatste dag als 31-12-2026.",
            ))
        }
    };
    let mut tx = state.db.begin().await?;
    match mw::end_contract(&mut tx, scope, id, last, by(&state, user)).await {
        Ok(()) => {}
        Err(StoreError::Invalid(m)) => return Ok(saved(&back, &format!("Niet beëindigd: {m}"))),
        Err(e) => return Err(e.into()),
    }
    commit_audited(
        tx,
        &state,
        user,
        AuditAction::Update,
        ("maatwerk-contract", id),
        None,
        PURPOSE,
    )
    .await?;
    Ok(saved(
        &back,
        &format!("Het contract eindigt op {}.", day(last)),
    ))
}

// ---------------------------------------------------------------- products

pub struct ProductLine {
    pub id: i64,
    pub category: String,
    pub code: String,
    pub name: String,
    pub variant: &'static str,
    pub amount: String,
    pub period: String,
}

fn product_line(p: &ProductRow) -> ProductLine {
    ProductLine {
        id: p.id,
        category: format!("{} {}", p.category.code, p.category.name),
        code: p.code.as_str().to_string(),
        name: p.name.clone(),
        variant: p.variant.label_nl(),
        amount: format!("{} {}", p.unit.label_nl(), p.frequency.label_nl()),
        period: match p.valid_until {
            Some(u) => format!("{} t/m {}", day(p.valid_from), day(u)),
            None => format!("vanaf {}", day(p.valid_from)),
        },
    }
}

pub struct LawGroup {
    pub law: &'static str,
    pub products: Vec<ProductLine>,
}

/// The choices of the product form.
pub struct ProductChoices {
    pub laws: Vec<(&'static str, &'static str)>,
    pub categories: Vec<(&'static str, Vec<(&'static str, &'static str)>)>,
    pub variants: Vec<(&'static str, &'static str)>,
    pub units: Vec<(&'static str, &'static str)>,
    pub frequencies: Vec<(&'static str, &'static str)>,
}

fn choices() -> ProductChoices {
    let with_codes = [Law::Wmo, Law::Jeugdwet];
    ProductChoices {
        laws: with_codes
            .iter()
            .map(|l| (l.code(), l.label_nl()))
            .collect(),
        categories: with_codes
            .iter()
            .map(|l| {
                (
                    l.label_nl(),
                    codes::categories(*l).map(|c| (c.code, c.name)).collect(),
                )
            })
            .collect(),
        variants: Variant::ALL
            .iter()
            .map(|v| (v.code(), v.label_nl()))
            .collect(),
        units: Unit::ALL.iter().map(|u| (u.code(), u.label_nl())).collect(),
        frequencies: Frequency::ALL
            .iter()
            .map(|f| (f.code(), f.label_nl()))
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "maatwerk/catalogus_producten.html")]
struct ProductsPage {
    chrome: Chrome,
    laws: Vec<LawGroup>,
    form: ProductDraft,
    errors: Vec<FieldError>,
    choices: ProductChoices,
    notice: String,
}

/// The products per law, and the form for a new one.
pub async fn products(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let form = ProductDraft {
        valid_from: day(today(&state)),
        ..ProductDraft::default()
    };
    let page = Products::list(&state, &viewer, Shown::new(form, q.melding)).await?;
    Ok(html(page))
}

pub(crate) struct Products;

impl Entry for Products {
    type Draft = ProductDraft;
    type Checked = Product;
    type Row = ProductRow;
    const OBJECT: &'static str = "maatwerk-product";
    const PAGE: &'static str = PRODUCTS;
    const ADDED: &'static str = "Het product is toegevoegd.";
    const FIELD: &'static str = "productcode";

    fn form(f: &FormFields) -> (ProductDraft, Result<Product, Vec<FieldError>>) {
        let draft = ProductDraft {
            law: f.get("wet"),
            category: f.get("categorie"),
            code: f.get("productcode"),
            name: f.get("naam"),
            variant: f.get("variant"),
            unit: f.get("eenheid"),
            frequency: f.get("frequentie"),
            valid_from: f.get("geldig_van"),
            valid_until: f.get("geldig_tot"),
        };
        let checked = draft.check();
        (draft, checked)
    }

    async fn row(state: &AppState, scope: &MunicipalityScope, id: i64) -> AppResult<ProductRow> {
        mw::product_by_id(&mut *reader(state).await?, scope, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// The products per law.
    async fn list(
        state: &AppState,
        viewer: &Viewer,
        form: Shown<ProductDraft>,
    ) -> AppResult<String> {
        let (user, scope) = keeper(viewer)?;
        let all = mw::products(&mut *reader(state).await?, scope, None, None).await?;
        read(state, user, "maatwerk-producten", 0).await?;
        let laws = Law::ALL
            .iter()
            .map(|l| LawGroup {
                law: l.label_nl(),
                products: all
                    .iter()
                    .filter(|p| p.law == *l)
                    .map(product_line)
                    .collect(),
            })
            .filter(|g| !g.products.is_empty())
            .collect();
        render(&ProductsPage {
            chrome: Chrome::new(state, viewer, "Maatwerkcatalogus: producten"),
            laws,
            form: form.draft,
            errors: form.errors,
            choices: choices(),
            notice: form.notice,
        })
    }

    /// A product's details, who delivers it at what tariff, its history.
    async fn page(
        state: &AppState,
        viewer: &Viewer,
        p: &ProductRow,
        form: Shown<Option<ProductDraft>>,
    ) -> AppResult<String> {
        let (user, scope) = keeper(viewer)?;
        let mut conn = reader(state).await?;
        let contracts = mw::contracts_of_product(&mut conn, scope, p.id).await?;
        let history = mw::history(&mut conn, scope, Entity::Product, p.id).await?;
        drop(conn);
        read(state, user, "maatwerk-product", p.id).await?;
        let now = today(state);
        render(&ProductPage {
            chrome: Chrome::new(
                state,
                viewer,
                &format!("Product {} {}", p.code.as_str(), p.name),
            ),
            p: product_line(p),
            action: format!("{PRODUCTS}/{}", p.id),
            law: p.law.label_nl(),
            form: form.draft.unwrap_or_else(|| ProductDraft {
                law: p.law.code().into(),
                category: p.category.code.into(),
                code: p.code.as_str().into(),
                name: p.name.clone(),
                variant: p.variant.code().into(),
                unit: p.unit.code().into(),
                frequency: p.frequency.code().into(),
                valid_from: day(p.valid_from),
                valid_until: p.valid_until.map(day).unwrap_or_default(),
            }),
            errors: form.errors,
            choices: choices(),
            contracts: contracts.iter().map(|c| contract_line(c, now)).collect(),
            history: history.iter().map(history_line).collect(),
            notice: form.notice,
        })
    }
}

#[derive(Template)]
#[template(path = "maatwerk/catalogus_product.html")]
struct ProductPage {
    chrome: Chrome,
    p: ProductLine,
    action: String,
    law: &'static str,
    form: ProductDraft,
    errors: Vec<FieldError>,
    choices: ProductChoices,
    contracts: Vec<ContractLine>,
    history: Vec<HistoryLine>,
    notice: String,
}

// ---------------------------------------------------------------- import

#[derive(Template)]
#[template(path = "maatwerk/catalogus_import.html")]
struct ImportPage {
    chrome: Chrome,
    text: String,
    columns: String,
    report: Option<ImportReport>,
}

fn import_page(state: &AppState, viewer: &Viewer) -> ImportPage {
    ImportPage {
        chrome: Chrome::new(state, viewer, "Maatwerkcatalogus inlezen"),
        text: String::new(),
        columns: catalogue_csv::HEADERS.join(";"),
        report: None,
    }
}

pub async fn import_form(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    keeper(&viewer)?;
    Ok(html(render(&import_page(&state, &viewer))?))
}

/// A file to start from: the columns and one invented line of each kind.
pub async fn import_example(viewer: Viewer) -> AppResult<Response> {
    keeper(&viewer)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"catalogus-voorbeeld.csv\"",
            ),
        ],
        catalogue_csv::template(),
    )
        .into_response())
}

/// The uploaded file (preferred) or the pasted text, and the dry-run choice.
async fn read_upload(mut form: Multipart) -> AppResult<(String, bool)> {
    let bad = |_| AppError::BadRequest("Het formulier kon niet worden gelezen.".into());
    let (mut file, mut pasted, mut dry_run) = (String::new(), String::new(), false);
    while let Some(field) = form.next_field().await.map_err(bad)? {
        match field.name().unwrap_or_default() {
            "bestand" => {
                file = kompas_interop::arrears_csv::decode_text(&field.bytes().await.map_err(bad)?)
            }
            "csv" => pasted = field.text().await.map_err(bad)?,
            "proef" => dry_run = field.text().await.map_err(bad)? == "ja",
            _ => {}
        }
    }
    Ok((if file.trim().is_empty() { pasted } else { file }, dry_run))
}

/// Reads a catalogue file into the viewer's home municipality: all or
/// nothing, or only a check (dry run) that shows what would change.
pub async fn import(
    State(state): State<AppState>,
    viewer: Viewer,
    form: Multipart,
) -> AppResult<Response> {
    let (user, scope) = keeper(&viewer)?;
    let (text, dry_run) = read_upload(form).await?;
    let mut tx = state.db.begin().await?;
    let mut report = kompas_app::maatwerk::apply(
        &mut tx,
        scope,
        user.municipality_id,
        &text,
        by(&state, user),
    )
    .await?;
    let mut page = import_page(&state, &viewer);
    if report.ok() && !dry_run {
        commit_audited(
            tx,
            &state,
            user,
            AuditAction::Update,
            ("maatwerk-catalogus", 0),
            None,
            PURPOSE,
        )
        .await?;
        report.stored = true;
    } else {
        // A dry run or a refused file: nothing of it stays, but the viewer
        // saw what the catalogue holds against it.
        drop(tx);
        read(&state, user, "maatwerk-catalogus", 0).await?;
        page.text = text;
    }
    let failed = !report.ok();
    page.report = Some(report);
    let body = render(&page)?;
    Ok(if failed { refuse(body) } else { html(body) })
}
