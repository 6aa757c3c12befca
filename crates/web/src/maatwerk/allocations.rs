//! Allocating a sent decision's products to contracted providers, on the
//! decision page: which products still wait for a provider, who is
//! contracted for each, and the allocations made (with their status from
//! the providers' start and stop messages).

use super::reach::{reachable_decision, to_decision};
use super::{commit_logged, fixable};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::FormFields;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::NaiveDate;
use kompas_domain::maatwerk::decision::{Delivery, Outcome};
use kompas_domain::AuditAction;
use kompas_store::maatwerk::{self as mw, AllocationFilter, AllocationRow, DecisionRow};
use kompas_store::ReadConn;

/// An allocation as the decision page and the provider's pages list it.
pub struct AllocationView {
    pub id: i64,
    pub number: String,
    pub provider: String,
    pub product: String,
    pub period: String,
    pub amount: String,
    pub status: &'static str,
    pub change: String,
}

impl AllocationView {
    pub fn of(a: &AllocationRow, today: NaiveDate) -> AllocationView {
        let al = &a.allocation;
        AllocationView {
            id: a.id,
            number: al.number.to_string(),
            provider: a.provider_name.clone(),
            product: match &al.product {
                Some(p) => format!("{} {} ({})", al.category.code, al.category.name, p.as_str()),
                None => format!("{} {}", al.category.code, al.category.name),
            },
            period: match al.end {
                Some(e) => format!(
                    "{} t/m {}",
                    al.start.format("%d-%m-%Y"),
                    e.format("%d-%m-%Y")
                ),
                None => format!("vanaf {}", al.start.format("%d-%m-%Y")),
            },
            amount: al.amount.to_string(),
            status: a.status_nl(today),
            change: al
                .change_reason
                .map(|r| r.label_nl().to_string())
                .unwrap_or_default(),
        }
    }
}

/// A granted in-kind product without a provider yet, and who may get it.
pub struct ToAllocate {
    pub position: i64,
    pub product: String,
    /// (provider id, name with tariff)
    pub providers: Vec<(i64, String)>,
}

/// The allocations of a sent decision and its products still to allocate.
pub(crate) async fn of_decision(
    conn: &mut ReadConn,
    scope: &kompas_domain::MunicipalityScope,
    d: &DecisionRow,
    today: NaiveDate,
) -> AppResult<(Vec<AllocationView>, Vec<ToAllocate>)> {
    if d.sent_on.is_none() {
        return Ok((Vec::new(), Vec::new()));
    }
    let filter = AllocationFilter {
        decision_id: Some(d.id),
        ..Default::default()
    };
    let made = mw::allocations(conn, scope, filter).await?;
    let views = made.iter().map(|a| AllocationView::of(a, today)).collect();
    let mut open = Vec::new();
    let catalogue = mw::products(conn, scope, Some(d.draft.law), None).await?;
    let all_providers = mw::providers(conn, scope).await?;
    for (position, l) in (1_i64..).zip(&d.draft.lines) {
        if l.outcome != Outcome::Granted
            || l.delivery != Delivery::InKind
            || l.amount.is_none()
            || made.iter().any(|a| a.line_position == position)
        {
            continue;
        }
        let product = l.product.as_ref().and_then(|code| {
            catalogue
                .iter()
                .find(|p| &p.code == code && p.category.code == l.category.code)
        });
        let on = l.start.unwrap_or(today);
        let providers = match product {
            Some(p) => mw::contracts_of_product(conn, scope, p.id)
                .await?
                .into_iter()
                .filter(|c| c.contract.in_force(on))
                .map(|c| {
                    let tariff =
                        kompas_domain::toegang::arrears::Cents::new(c.contract.tariff_cents)
                            .map(|t| format!(", {t} per {}", p.unit.label_nl()))
                            .unwrap_or_default();
                    (c.provider_id, format!("{}{tariff}", c.provider_name))
                })
                .collect(),
            None => all_providers
                .iter()
                .map(|p| (p.id, p.name.clone()))
                .collect(),
        };
        open.push(ToAllocate {
            position,
            product: match &l.product {
                Some(p) => format!("{} {} ({})", l.category.code, l.category.name, p.as_str()),
                None => format!("{} {}", l.category.code, l.category.name),
            },
            providers,
        });
    }
    Ok((views, open))
}

/// Allocates one product of a sent decision to the chosen provider and puts
/// the allocation message (301) in the outbox, in one transaction.
pub async fn allocate(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    viewer: Viewer,
    body: Bytes,
) -> AppResult<Response> {
    let (_, p, user, scope) = reachable_decision(&state, &viewer, id).await?;
    let form = FormFields::parse(&body);
    let position: i64 = form
        .get("product")
        .trim()
        .parse()
        .map_err(|_| AppError::NotFound)?;
    let Ok(provider) = form.get("aanbieder").trim().parse::<i64>() else {
        return Ok(to_decision(id, "Kies een aanbieder."));
    };
    let mut tx = state.db.begin().await?;
    let now = state.clock.now();
    let allocation = match fixable(
        kompas_app::berichten::allocate(&mut tx, scope, id, position, provider, now).await,
    )? {
        Ok(a) => a,
        Err(m) => return Ok(to_decision(id, &m)),
    };
    commit_logged(
        tx,
        &state,
        user,
        AuditAction::Create,
        ("toewijzing", allocation),
        p.household_id,
    )
    .await?;
    Ok(to_decision(
        id,
        "Het product is toegewezen. Het toewijzingsbericht staat klaar voor de aanbieder.",
    ))
}
