//! Toegang on the web: the resident's question form, partners' signals, the
//! professionals' triage queue, the household with its broad look over life
//! domains, and the upload of payment-arrears signals.
//!
//! Privacy: the queue shows no personal data; opening a question, a household
//! or an assessment writes an audit row with its purpose before anything is
//! shown. Partners only ever see the status of their own signals.

pub mod charts;
pub mod find;
pub mod household;
pub mod partner;
pub mod resident;
pub mod signals_import;
pub mod work;

use crate::auth::{audit_entry, Viewer};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use chrono::NaiveDate;
use kompas_domain::toegang::calendar::{
    due_date, state, FirstContactDays, Urgency, WorkingCalendar,
};
use kompas_domain::MunicipalityScope;
use kompas_domain::{AuditAction, Role};
use kompas_store::users::User;

/// The working-day calendar of the installation (Dutch public holidays).
pub fn calendar(state: &AppState) -> WorkingCalendar {
    WorkingCalendar::new(state.config.holidays)
}

/// Days for first contact with a non-urgent question.
pub fn first_contact_days(state: &AppState) -> FirstContactDays {
    state.config.first_contact_days
}

pub fn today(state: &AppState) -> NaiveDate {
    kompas_domain::dutch_time::local(state.clock.now()).date()
}

/// The deadline of a question received now.
pub fn deadline_for(state: &AppState, urgent: bool) -> NaiveDate {
    let urgency = if urgent {
        Urgency::Urgent
    } else {
        Urgency::Normal
    };
    due_date(
        today(state),
        urgency,
        first_contact_days(state),
        &calendar(state),
    )
}

/// "Nog 3 werkdagen", "Vandaag", "2 werkdagen te laat", and whether it is late.
pub fn deadline_text(cal: &WorkingCalendar, due: NaiveDate, today: NaiveDate) -> (String, bool) {
    let st = state(due, today, cal);
    (st.label_nl(), st.is_overdue())
}

pub use kompas_domain::dutch_time::long_date;

/// The signed-in worker (professional, coordinator, team lead).
pub fn worker(viewer: &Viewer) -> AppResult<&User> {
    let u = viewer.user().ok_or(AppError::Unauthorized)?;
    if u.role.works_on_households() {
        Ok(u)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The signed-in worker with the municipalities they act for.
pub fn worker_in_scope(viewer: &Viewer) -> AppResult<(&User, &MunicipalityScope)> {
    let (u, scope) = viewer.scoped().ok_or(AppError::Unauthorized)?;
    if u.role.works_on_households() {
        Ok((u, scope))
    } else {
        Err(AppError::Forbidden)
    }
}

/// Writes one audit row about personal data (in its own transaction, before
/// the data is shown or after the change it records was committed with it).
pub async fn audit(
    state: &AppState,
    user: Option<&User>,
    action: AuditAction,
    object: (&str, i64),
    household: Option<i64>,
    purpose: &str,
) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    audit_in(&mut tx, state, user, action, object, household, purpose).await?;
    tx.commit().await.map_err(kompas_store::StoreError::from)?;
    Ok(())
}

/// Writes the audit row of a change into the change's transaction and
/// commits both.
pub async fn commit_audited(
    mut tx: kompas_store::Tx,
    state: &AppState,
    user: &User,
    action: AuditAction,
    object: (&str, i64),
    household: Option<i64>,
    purpose: &str,
) -> AppResult<()> {
    audit_in(
        &mut tx,
        state,
        Some(user),
        action,
        object,
        household,
        purpose,
    )
    .await?;
    tx.commit().await.map_err(kompas_store::StoreError::from)?;
    Ok(())
}

/// As `audit`, inside the caller's transaction.
pub async fn audit_in(
    conn: &mut kompas_store::Conn,
    state: &AppState,
    user: Option<&User>,
    action: AuditAction,
    object: (&str, i64),
    household: Option<i64>,
    purpose: &str,
) -> AppResult<()> {
    let rows = audit_rows(
        state,
        user,
        action,
        purpose,
        &[(object.0, object.1, household)],
    );
    kompas_store::audit::append_many(conn, &rows).await?;
    Ok(())
}

/// The audit rows of `action` on each (object type, id, household) for one
/// purpose: one row per line of a list that shows personal data, appended
/// together with `kompas_store::audit::append_many`.
pub fn audit_rows(
    state: &AppState,
    user: Option<&User>,
    action: AuditAction,
    purpose: &str,
    objects: &[(&str, i64, Option<i64>)],
) -> Vec<kompas_domain::AuditEntry> {
    let legal_ground = match user.map(|u| u.role) {
        None => "verzoek van de bewoner",
        Some(Role::Partner) => "signaal van een ketenpartner",
        _ => "taak gemeente (Wmo 2015, Jeugdwet, Participatiewet)",
    };
    objects
        .iter()
        .map(|(kind, id, household)| {
            let mut e = audit_entry(state.clock.now(), user, action, kind, Some(id.to_string()));
            e.subject = household.map(|h| format!("huishouden:{h}"));
            e.purpose = Some(purpose.to_string());
            e.legal_ground = Some(legal_ground.to_string());
            if user.is_none() {
                e.municipality_id = state.home_municipality;
            }
            e
        })
        .collect()
}

/// The area (wijk or kern) of a postcode in this municipality, if known.
pub async fn area_of(state: &AppState, postcode: Option<&str>) -> AppResult<Option<String>> {
    let Some(pc) = postcode else { return Ok(None) };
    let digits: String = pc.chars().filter(char::is_ascii_digit).take(4).collect();
    Ok(
        kompas_store::directory::area_for_postcode(&state.db, &digits)
            .await?
            .map(|a| a.cbs_code),
    )
}

/// Why this worker looks at household `id`: the reason given now (then
/// remembered for the rest of the session), else the one given earlier in
/// this session; `None` when the page must ask. Every read is still logged
/// with it.
pub async fn access_reason(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    given: &str,
) -> AppResult<Option<String>> {
    let given: String = given.trim().chars().take(200).collect();
    let Some(session) = viewer.session() else {
        return Ok(None);
    };
    if given.chars().count() >= 3 {
        kompas_store::sessions::remember_reason(
            &state.db,
            &session.session_hash,
            id,
            &given,
            state.clock.now(),
        )
        .await?;
        return Ok(Some(given));
    }
    Ok(kompas_store::sessions::reason_for(&state.db, &session.session_hash, id).await?)
}
