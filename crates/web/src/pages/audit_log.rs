//! The audit log for the privacy officer (the admin's `/beheer/audit`):
//! filters on household, worker, organisation, action and period, applied in
//! SQL within the admin's municipalities and paged; Dutch local times and
//! Dutch words; the same rows as CSV, and that export is itself audited.

use crate::auth::{audit_entry, Viewer};
use crate::error::{AppError, AppResult};
use crate::monitor::dashboard::csv_response;
use crate::pages::pager::{offset, page_number, Pager};
use crate::pages::{html, render, url_encode, Chrome};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Duration, NaiveDate};
use kompas_domain::audit::{object_label_nl, StoredAuditEntry};
use kompas_domain::dutch_time::{parse_date, short_date_time, utc_of_local};
use kompas_domain::{AuditAction, MunicipalityScope, Role};
use kompas_store::audit::{self, AuditFilter};
use kompas_store::{tenancy, users};
use serde::Deserialize;
use std::collections::HashMap;

/// Rows per page.
const PAGE: i64 = 100;
/// The most rows one CSV export holds (the newest that match).
const EXPORT_MAX: i64 = 100_000;

/// The filter form, as the query string carries it.
#[derive(Debug, Deserialize, Default, Clone)]
pub struct AuditForm {
    #[serde(default)]
    pub huishouden: String,
    #[serde(default)]
    pub medewerker: String,
    #[serde(default)]
    pub organisatie: String,
    #[serde(default)]
    pub handeling: String,
    #[serde(default)]
    pub van: String,
    #[serde(default)]
    pub tot: String,
    #[serde(default)]
    pub pagina: Option<i64>,
}

fn number(raw: &str, field: &str, errors: &mut Vec<String>) -> Option<i64> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    match t.parse::<i64>() {
        Ok(n) if n > 0 => Some(n),
        _ => {
            errors.push(format!("{field}: vul een nummer in, bijvoorbeeld 301."));
            None
        }
    }
}

fn day(raw: &str, field: &str, errors: &mut Vec<String>) -> Option<NaiveDate> {
    parse_date(raw).unwrap_or_else(|()| {
        errors.push(format!(
            "{field}: vul een datum in als 1-3-2026 (dag-maand-jaar)."
        ));
        None
    })
}

impl AuditForm {
    /// The filter, or what is wrong with the form (in Dutch, per field).
    /// The period is in local days: from the start of `van` to the end of `tot`.
    pub fn filter(&self) -> Result<AuditFilter, Vec<String>> {
        let mut errors = Vec::new();
        let household_id = number(&self.huishouden, "Huishouden", &mut errors);
        let actor_user_id = number(&self.medewerker, "Medewerker", &mut errors);
        let organization_id = number(&self.organisatie, "Organisatie", &mut errors);
        let action = match self.handeling.trim() {
            "" => None,
            code => match code.parse::<AuditAction>() {
                Ok(a) => Some(a),
                Err(_) => {
                    errors.push("Handeling: kies een handeling uit de lijst.".into());
                    None
                }
            },
        };
        let from = day(&self.van, "Van", &mut errors);
        let to = day(&self.tot, "Tot en met", &mut errors);
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                errors.push("Tot en met: kies een datum op of na de datum bij Van.".into());
            }
        }
        let midnight = |d: NaiveDate| utc_of_local(d.and_hms_opt(0, 0, 0).unwrap_or_default());
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(AuditFilter {
            household_id,
            actor_user_id,
            organization_id,
            action,
            from: from.map(midnight),
            until: to.map(|d| midnight(d + Duration::days(1))),
        })
    }

    /// The filled-in fields as a query string ending in `&` (or empty), for
    /// the page links and the CSV link.
    pub fn query(&self) -> String {
        [
            ("huishouden", &self.huishouden),
            ("medewerker", &self.medewerker),
            ("organisatie", &self.organisatie),
            ("handeling", &self.handeling),
            ("van", &self.van),
            ("tot", &self.tot),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}&", url_encode(v.trim())))
        .collect()
    }
}

/// One row as the officer reads it.
pub struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub username: String,
    pub role: String,
    pub organization: String,
    pub action: String,
    pub object_kind: String,
    pub object_id: String,
    pub subject: String,
    pub purpose: String,
    pub legal_ground: String,
    pub outcome: String,
    pub detail: String,
}

impl AuditRow {
    fn new(s: StoredAuditEntry, organizations: &HashMap<i64, String>) -> AuditRow {
        let e = s.entry;
        AuditRow {
            seq: s.seq,
            at: kompas_store::time::from_db(&e.at)
                .map(short_date_time)
                .unwrap_or(e.at),
            username: e.actor_username.unwrap_or_else(|| "onbekend".into()),
            role: e
                .actor_role
                .map(|r| {
                    r.parse::<Role>()
                        .map(|r| r.label_nl().to_string())
                        .unwrap_or(r)
                })
                .unwrap_or_default(),
            organization: e
                .actor_organization_id
                .map(|o| {
                    organizations
                        .get(&o)
                        .cloned()
                        .unwrap_or_else(|| format!("organisatie {o}"))
                })
                .unwrap_or_default(),
            action: e.action.label_nl().to_string(),
            object_kind: object_label_nl(&e.object_type),
            object_id: e.object_id.unwrap_or_default(),
            subject: e.subject.map(|s| s.replace(':', " ")).unwrap_or_default(),
            purpose: e.purpose.unwrap_or_default(),
            legal_ground: e.legal_ground.unwrap_or_default(),
            outcome: e.outcome.label_nl().to_string(),
            detail: e.detail.unwrap_or_default(),
        }
    }

    /// "bekeken: hulpvraag 396"
    pub fn what(&self) -> String {
        match self.object_id.is_empty() {
            true => self.object_kind.clone(),
            false => format!("{} {}", self.object_kind, self.object_id),
        }
    }

    /// "consulent (Consulent, Buurtteam Noord)"
    pub fn who(&self) -> String {
        let about: Vec<&str> = [self.role.as_str(), self.organization.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        match about.is_empty() {
            true => self.username.clone(),
            false => format!("{} ({})", self.username, about.join(", ")),
        }
    }

    fn cells(self) -> Vec<String> {
        vec![
            self.seq.to_string(),
            self.at,
            self.username,
            self.role,
            self.organization,
            self.action,
            self.object_kind,
            self.object_id,
            self.subject,
            self.purpose,
            self.legal_ground,
            self.outcome,
            self.detail,
        ]
    }
}

const CSV_HEADERS: &[&str] = &[
    "Nummer",
    "Tijd",
    "Gebruiker",
    "Rol",
    "Organisatie",
    "Handeling",
    "Soort gegeven",
    "Kenmerk",
    "Over",
    "Doel",
    "Grondslag",
    "Uitkomst",
    "Toelichting",
];

/// The organisations of the admin's municipalities by id, by name.
async fn organizations(
    state: &AppState,
    scope: &MunicipalityScope,
) -> AppResult<Vec<(i64, String)>> {
    let mut out = Vec::new();
    for m in tenancy::municipalities_of(&state.db, scope).await? {
        for o in tenancy::organizations(&state.db, m.id).await? {
            out.push((o.id, o.name));
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

#[derive(Template)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    chrome: Chrome,
    form: AuditForm,
    errors: Vec<String>,
    rows: Vec<AuditRow>,
    pager: Pager,
    csv: String,
    /// (id, "username – name") of the admin's accounts.
    workers: Vec<(String, String)>,
    organizations: Vec<(String, String)>,
    actions: Vec<(String, String)>,
    caption: String,
}

fn admin(viewer: &Viewer) -> AppResult<(&kompas_store::users::User, &MunicipalityScope)> {
    viewer.scoped().ok_or(AppError::Unauthorized)
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(form): Query<AuditForm>,
) -> AppResult<Response> {
    let (_, scope) = admin(&viewer)?;
    let orgs = organizations(&state, scope).await?;
    let names: HashMap<i64, String> = orgs.iter().cloned().collect();
    let page = page_number(form.pagina);
    let query = form.query();
    let (rows, total, errors) = match form.filter() {
        Ok(f) => {
            let (rows, total) =
                audit::search(&state.db, scope, &f, offset(page, PAGE), PAGE).await?;
            let rows = rows.into_iter().map(|r| AuditRow::new(r, &names)).collect();
            (rows, total, Vec::new())
        }
        Err(errors) => (Vec::new(), 0, errors),
    };
    let workers = users::list(&state.db, scope)
        .await?
        .into_iter()
        .map(|u| {
            (
                u.id.to_string(),
                format!("{} – {}", u.username, u.display_name),
            )
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let pager = Pager::new(&format!("/beheer/audit?{query}"), page, PAGE, total);
    let body = render(&AuditPage {
        chrome: Chrome::new(&state, &viewer, "Auditlog"),
        csv: format!("/beheer/audit/export.csv?{query}"),
        form,
        errors,
        rows,
        workers,
        organizations: orgs
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect(),
        actions: AuditAction::ALL
            .iter()
            .map(|a| (a.as_str().to_string(), a.label_nl().to_string()))
            .collect(),
        caption: format!("Auditregels, {}", pager.summary),
        pager,
    })?;
    Ok((status, html(body)).into_response())
}

/// The filtered rows as CSV (`;`, Dutch headers, formula-safe cells). The
/// export writes its own audit row, with the filter and the number of rows.
pub async fn export(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(form): Query<AuditForm>,
) -> AppResult<Response> {
    let (me, scope) = admin(&viewer)?;
    let filter = form
        .filter()
        .map_err(|e| AppError::BadRequest(e.join(" ")))?;
    let names: HashMap<i64, String> = organizations(&state, scope).await?.into_iter().collect();
    let (rows, total) = audit::search(&state.db, scope, &filter, 0, EXPORT_MAX).await?;
    let count = rows.len();
    let cells: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| AuditRow::new(r, &names).cells())
        .collect();
    let mut e = audit_entry(
        state.clock.now(),
        Some(me),
        AuditAction::Export,
        "auditlog",
        None,
    );
    e.purpose = Some("verantwoording (AVG)".into());
    e.detail = Some(format!(
        "{count} van {total} regels; filter: {}",
        match form.query().trim_end_matches('&') {
            "" => "geen",
            q => q,
        }
    ));
    audit::record(&state.db, &e).await?;
    Ok(csv_response(
        "auditlog",
        kompas_interop::monitor::write_csv(CSV_HEADERS, &cells),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_is_whole_local_days_and_bad_fields_are_named() {
        let f = AuditForm {
            van: "1-7-2026".into(),
            tot: "2026-07-01".into(),
            handeling: "read".into(),
            huishouden: " 301 ".into(),
            ..AuditForm::default()
        };
        let filter = f.filter().unwrap();
        assert_eq!(
            kompas_store::time::to_db(filter.from.unwrap()),
            "2026-06-30T22:00:00.000000Z"
        );
        assert_eq!(
            kompas_store::time::to_db(filter.until.unwrap()),
            "2026-07-01T22:00:00.000000Z"
        );
        assert_eq!(filter.action, Some(AuditAction::Read));
        assert_eq!(filter.household_id, Some(301));
        assert_eq!(
            f.query(),
            "huishouden=301&handeling=read&van=1-7-2026&tot=2026-07-01&"
        );
        let bad = AuditForm {
            van: "gisteren".into(),
            medewerker: "x".into(),
            handeling: "drop".into(),
            ..AuditForm::default()
        };
        let errors = bad.filter().unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].starts_with("Medewerker"));
    }
}
