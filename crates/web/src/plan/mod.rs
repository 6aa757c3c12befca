//! The coordinator's side of the plan: "Mijn trajecten", the case page with
//! the plan and every step a coordinator takes on it, and the plan for the
//! household to print or download.
//!
//! Access: a worker reaches a case only when on its team (or its
//! coordinator), or as a team lead of the same municipality. Every view
//! writes an audit row with its purpose before anything is shown; every
//! change writes its audit row in the change's own transaction.

pub mod agenda;
pub mod case;
pub mod contact;
pub mod list;
pub mod print;
pub mod steps;
pub mod team;

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::toegang::worker_in_scope;
use crate::toegang::{audit, long_date, worker};
use chrono::NaiveDate;
use kompas_domain::directory::Layer;
use kompas_domain::plan::Pyramid;
use kompas_domain::{AuditAction, Role};
use kompas_store::plan::{self as pl, CaseRow};
use kompas_store::users::User;

/// The audit log's name for a case.
pub const OBJECT: &str = "traject";

/// Working days a partner has to answer a referral before it surfaces.
pub const ANSWER_DAYS: u32 = 5;

/// "Evaluatie" or "Nazorg" for a stored moment kind.
pub fn moment_label(kind: &str) -> &'static str {
    if kind == "nazorg" {
        "Nazorgcontact"
    } else {
        "Evaluatie"
    }
}

/// The case, if this worker may see it: another municipality's case does not
/// exist for them (404); in the same municipality they must be on the case
/// or lead a team (403).
pub async fn case_for(state: &AppState, viewer: &Viewer, id: i64) -> AppResult<CaseRow> {
    let (user, scope) = worker_in_scope(viewer)?;
    let case = pl::case_by_id(&state.db, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if user.role == Role::TeamLead || pl::is_on_case(&state.db, id, user.id).await? {
        Ok(case)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The signed-in worker and the case, once the read is in the audit log
/// (with the household as subject and the purpose).
pub async fn read_case<'v>(
    state: &AppState,
    viewer: &'v Viewer,
    id: i64,
    action: AuditAction,
    purpose: &str,
) -> AppResult<(&'v User, CaseRow)> {
    let user = worker(viewer)?;
    let case = case_for(state, viewer, id).await?;
    audit(
        state,
        Some(user),
        action,
        (OBJECT, case.id),
        Some(case.household_id),
        purpose,
    )
    .await?;
    Ok((user, case))
}

/// A stored moment ("2026-03-01T09:30:00Z") as a Dutch date.
pub fn day_of(stored: &str) -> String {
    kompas_store::time::from_db(stored)
        .map(|t| long_date(kompas_domain::dutch_time::local(t).date()))
        .unwrap_or_else(|_| stored.chars().take(10).collect())
}

/// An optional date as a Dutch date, or `none`.
pub fn date_or(d: Option<NaiveDate>, none: &str) -> String {
    d.map_or_else(|| none.to_string(), long_date)
}

/// "laag 2 (Sociale basis)".
/// Commits a change a worker made to their own account (work contact
/// details, agenda link) with its audit row.
pub async fn commit_own_change(
    tx: kompas_store::Tx,
    state: &crate::state::AppState,
    user: &kompas_store::users::User,
    what: &str,
    purpose: &str,
) -> crate::error::AppResult<()> {
    crate::toegang::commit_audited(
        tx,
        state,
        user,
        kompas_domain::AuditAction::Update,
        (what, user.id),
        None,
        purpose,
    )
    .await
}

/// Whom a plan item is about, in words: the members' names or "Hele huishouden".
pub fn about_text(members: &[(i64, String)], about: &kompas_domain::plan::Concerns) -> String {
    if about.is_household() {
        return "Hele huishouden".into();
    }
    about
        .ids()
        .iter()
        .map(|id| {
            members
                .iter()
                .find(|(m, _)| m == id)
                .map_or_else(|| format!("gezinslid {id}"), |(_, n)| n.clone())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn layer_text(l: Layer) -> String {
    format!("laag {} ({})", l.number(), l.label_nl())
}

/// One layer of the pyramid as pages show it.
pub struct PyramidRow {
    pub number: u8,
    pub label: &'static str,
    pub count: usize,
}

/// The pyramid of a plan's current support: its rows light to heavy, a
/// sentence naming the heaviest layer, and a small SVG (heavy on top).
pub struct PyramidView {
    pub rows: Vec<PyramidRow>,
    pub summary: String,
    pub svg: String,
}

impl PyramidView {
    pub fn of(layers: &[Layer]) -> PyramidView {
        let p = Pyramid::of(layers);
        let rows = p
            .rows()
            .iter()
            .map(|(l, n)| PyramidRow {
                number: l.number(),
                label: l.label_nl(),
                count: *n,
            })
            .collect();
        PyramidView {
            rows,
            svg: pyramid_svg(&p),
            summary: summary(&p),
        }
    }
}

/// "3 keer hulp in het plan. De zwaarste hulp zit in laag 4 (Gerichte hulp)."
fn summary(p: &Pyramid) -> String {
    match p.heaviest() {
        None => "Er staat nog geen hulp in het plan.".to_string(),
        Some(l) => format!(
            "{} keer hulp in het plan. De zwaarste hulp zit in {}.",
            p.total(),
            layer_text(l)
        ),
    }
}

/// Five bands, the lightest layer at the bottom and widest. A band with
/// support is filled and says how many in text; the figure is described by
/// its title, and the table next to it carries the same numbers.
fn pyramid_svg(p: &Pyramid) -> String {
    const W: f64 = 320.0;
    const BAND: f64 = 34.0;
    const H: f64 = BAND * 5.0;
    // How far in from each side the pyramid's edge is at height y.
    let inset = |y: f64| W / 2.0 * 0.8 * (1.0 - y / H);
    let mut bands = String::new();
    for (layer, n) in p.rows() {
        // Layer 5 is the top band, layer 1 the bottom one.
        let y = f64::from(5 - layer.number()) * BAND;
        let (top, bottom) = (inset(y), inset(y + BAND));
        let (used, text) = if n > 0 {
            (
                " kompas-pyramid--used",
                format!("Laag {}: {n}", layer.number()),
            )
        } else {
            ("", format!("Laag {}", layer.number()))
        };
        bands.push_str(&format!(
            "<polygon class=\"kompas-pyramid__band{used}\" points=\"{top:.1},{y} {tr:.1},{y} {br:.1},{yb} {bottom:.1},{yb}\"/>\
             <text class=\"kompas-pyramid__label{used}\" x=\"{cx}\" y=\"{ty}\" text-anchor=\"middle\">{text}</text>",
            tr = W - top,
            br = W - bottom,
            yb = y + BAND,
            cx = W / 2.0,
            ty = y + BAND / 2.0 + 5.0,
        ));
    }
    let title = format!("Piramide van de hulp. {}", summary(p));
    format!(
        "<svg class=\"kompas-pyramid\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"piramide-titel\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"piramide-titel\">{title}</title>{bands}</svg>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pyramid_names_its_heaviest_layer_in_text() {
        let v = PyramidView::of(&[Layer::SocialBase, Layer::Targeted, Layer::SocialBase]);
        assert_eq!(
            v.summary,
            "3 keer hulp in het plan. De zwaarste hulp zit in laag 4 (Gerichte hulp)."
        );
        assert_eq!(
            v.rows.iter().map(|r| r.count).collect::<Vec<_>>(),
            [0, 2, 0, 1, 0]
        );
        assert!(v.svg.contains("<title id=\"piramide-titel\">"));
        assert!(
            v.svg.contains("Laag 2: 2"),
            "counts are text, not colour only"
        );
        assert_eq!(
            PyramidView::of(&[]).summary,
            "Er staat nog geen hulp in het plan."
        );
    }
}
