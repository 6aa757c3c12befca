//! The case page: where the case stands, the plan (goals per life domain
//! with their actions, support from the sociale kaart and where it sits in
//! the pyramid), referrals, scaling, case tables, evaluation and aftercare
//! moments and notes; with a form for every step the coordinator takes.

use super::{about_text, date_or, day_of, layer_text, read_case, PyramidView};
use super::{moment_label, ANSWER_DAYS};
use crate::auth::Viewer;
use crate::error::AppResult;
use crate::pages::{html, render, Chrome};
use crate::state::AppState;
use crate::toegang::{calendar, long_date, today};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use kompas_domain::directory::{Layer, LifeDomain};
use kompas_domain::monitor::GoalOutcome;
use kompas_domain::plan::{
    awaiting_answer, reminder_state, Actor, CaseStatus, CaseTable, ContactKind, Frequency,
    GoalStatus, ReferralStatus, TableReason,
};
use kompas_domain::toegang::calendar::WorkingCalendar;
use kompas_domain::{AuditAction, Role};
use kompas_store::plan::{self as pl, CaseRow};
use serde::Deserialize;
use std::collections::BTreeSet;

/// How many offers a search or a suggestion shows.
const RESULTS: usize = 10;
const SUGGESTIONS: usize = 5;

#[derive(Debug, Default, Deserialize)]
pub struct CaseQuery {
    #[serde(default)]
    zoek: String,
    #[serde(default)]
    melding: String,
    #[serde(default)]
    fout: String,
}

pub struct ActionView {
    pub id: i64,
    pub text: String,
    pub actor: &'static str,
    pub due: String,
    pub done: Option<String>,
}

pub struct GoalView {
    pub id: i64,
    pub text: String,
    pub due: String,
    pub overdue: bool,
    pub actor: &'static str,
    pub status: &'static str,
    pub status_code: &'static str,
    pub running: bool,
    /// Whom the goal is about.
    pub about: String,
    pub actions: Vec<ActionView>,
}

pub struct DomainGoals {
    pub domain: &'static str,
    pub goals: Vec<GoalView>,
}

pub struct SupportView {
    pub id: i64,
    pub title: String,
    pub layer: u8,
    pub layer_label: &'static str,
    pub goal: String,
    pub added: String,
    pub ended: Option<String>,
    pub about: String,
    /// Network support: "Kees (elke dinsdag)".
    pub network: Option<String>,
}

pub struct ReferralView {
    pub id: i64,
    pub version: i64,
    pub target: String,
    pub organization: String,
    pub layer: String,
    pub status: &'static str,
    pub sent: String,
    pub updated: String,
    pub late: bool,
    pub can_send: bool,
    pub can_cancel: bool,
    pub note: String,
    pub answer: String,
    /// Some member's consent for the receiving organisation is in force.
    pub consent: bool,
}

pub struct MomentView {
    pub id: i64,
    pub kind: &'static str,
    pub due: String,
    pub state: String,
    pub overdue: bool,
    pub done: bool,
    pub note: String,
}

/// An offer found by a search or suggested for a life domain.
pub struct OfferHit {
    pub id: i64,
    pub name: String,
    pub organization: String,
    pub layer: u8,
    pub layer_label: &'static str,
    pub in_plan: bool,
}

pub struct Suggestion {
    pub domain: &'static str,
    /// The first running goal of this life domain: support added here is linked to it.
    pub goal_id: i64,
    pub offers: Vec<OfferHit>,
}

/// The household's story as it came in: the question that opened the case
/// and the latest life-domain scores, so nobody has to ask again.
pub struct Story {
    pub question_id: i64,
    pub received: String,
    pub channel: &'static str,
    pub words: String,
    pub domains: String,
    pub postcode: Option<String>,
}

pub struct ContactView {
    pub kind: &'static str,
    pub on: String,
    pub report: String,
    pub author: String,
    pub about: String,
    pub shared: bool,
}

pub struct NoteView {
    pub domain: &'static str,
    pub about: String,
    pub note: String,
    pub author: String,
    pub at: String,
}

#[derive(Template)]
#[template(path = "plan/case.html")]
struct CasePage {
    chrome: Chrome,
    c: CaseRow,
    status: &'static str,
    message: Option<String>,
    error: Option<String>,
    area: String,
    opened: String,
    agreed: Option<String>,
    closed: Option<String>,
    outcome: Option<&'static str>,
    team: Vec<(String, &'static str)>,
    handovers: Vec<(String, String, String, String)>,
    groups: Vec<DomainGoals>,
    open_goals: Vec<(i64, String)>,
    all_goals: Vec<(i64, String)>,
    support: Vec<SupportView>,
    pyramid: PyramidView,
    referrals: Vec<ReferralView>,
    scalings: Vec<(String, String, String, String)>,
    tables: Vec<(&'static str, String, String, String)>,
    moments: Vec<MomentView>,
    notes: Vec<NoteView>,
    query: String,
    results: Vec<OfferHit>,
    suggestions: Vec<Suggestion>,
    /// Search results belong to no goal.
    no_goal: Option<i64>,
    /// Offers for a referral: in the plan, found or suggested (id, name, layer).
    referral_offers: Vec<(i64, String, u8)>,
    organizations: Vec<(i64, String)>,
    colleagues: Vec<(i64, String)>,
    heaviest: u8,
    today: String,
    can_change: bool,
    can_agree: bool,
    in_aftercare: bool,
    may_coordinate: bool,
    domains: Vec<(&'static str, &'static str)>,
    actors: Vec<(&'static str, &'static str)>,
    goal_statuses: Vec<(&'static str, &'static str)>,
    outcomes: Vec<(&'static str, &'static str)>,
    layers: Vec<(u8, &'static str)>,
    case_tables: Vec<(&'static str, &'static str)>,
    table_reasons: Vec<(&'static str, &'static str)>,
    frequencies: Vec<(&'static str, &'static str)>,
    story: Option<Story>,
    /// The latest score per life domain (label, score 1–5, date).
    scores: Vec<(&'static str, i64, String)>,
    contacts: Vec<ContactView>,
    contact_kinds: Vec<(&'static str, &'static str)>,
    /// The household's members (id, name) for "Voor wie?".
    members: Vec<(i64, String)>,
    /// The household's network (id, "name (relation)") for network support.
    network: Vec<(i64, String)>,
}

fn codes<T: Copy>(
    all: &[T],
    f: impl Fn(T) -> (&'static str, &'static str),
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|x| f(*x)).collect()
}

/// Offers from the search index in its order (the lighter first only among
/// comparably relevant ones), as hits with their organisation.
async fn find_offers(
    state: &AppState,
    query: kompas_search::SearchQuery,
    in_plan: &BTreeSet<i64>,
) -> AppResult<Vec<OfferHit>> {
    let day = crate::directory::day_number(today(state));
    let hits = crate::directory::search_index(state, query, day).await?;
    let ids: Vec<i64> = hits.hits.iter().map(|h| h.id as i64).collect();
    let offers = kompas_store::directory::offers_by_ids(&state.db, &ids).await?;
    let mut out: Vec<(usize, OfferHit)> = offers
        .into_iter()
        .map(|o| {
            let rank = ids.iter().position(|i| *i == o.id).unwrap_or(usize::MAX);
            (
                rank,
                OfferHit {
                    id: o.id,
                    in_plan: in_plan.contains(&o.id),
                    name: o.draft.name,
                    organization: o.organization_name,
                    layer: o.draft.layer.number(),
                    layer_label: o.draft.layer.label_nl(),
                },
            )
        })
        .collect();
    // The index's order: relevance first, lighter only among comparable ones.
    out.sort_by_key(|(rank, _)| *rank);
    Ok(out.into_iter().map(|(_, h)| h).collect())
}

pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<CaseQuery>,
) -> AppResult<Response> {
    let (user, c) = read_case(
        &state,
        &viewer,
        id,
        AuditAction::Read,
        "regie: traject en plan bekijken",
    )
    .await?;
    let now = today(&state);
    let cal = calendar(&state);
    let db = &state.db;

    let members: Vec<(i64, String)> = kompas_store::toegang::members(db, c.household_id)
        .await?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect();
    let network = kompas_store::toegang::network(db, c.household_id)
        .await?
        .into_iter()
        .map(|n| {
            let relation = kompas_domain::toegang::household::NetworkRelation::parse(&n.relation)
                .map_or(n.relation.as_str(), |r| r.label_nl());
            (n.id, format!("{} ({relation})", n.name))
        })
        .collect();
    let goals = pl::goals(db, id).await?;
    let actions = pl::actions(db, id).await?;
    let groups = goal_groups(&goals, &actions, &members, now);
    let items = pl::support_items(db, id).await?;
    let current: Vec<Layer> = items
        .iter()
        .filter(|s| s.ended_on.is_none())
        .map(|s| s.layer)
        .collect();
    let pyramid = PyramidView::of(&current);
    let heaviest = current.iter().max().map_or(1, |l| l.number());
    let in_plan: BTreeSet<i64> = items
        .iter()
        .filter(|s| s.ended_on.is_none())
        .filter_map(|s| s.offer_id)
        .collect();
    let support = support_views(&items, &goals, &members);
    let may_coordinate = c.coordinator_id == Some(user.id) || user.role == Role::TeamLead;
    let instant = state.clock.now();
    let consenting: BTreeSet<i64> = pl::consents_of_household(db, c.household_id)
        .await?
        .iter()
        .filter(|x| x.grant.in_force(instant, now))
        .map(|x| x.organization_id)
        .collect();
    let referrals = referral_views(
        pl::referrals_of_case(db, id).await?,
        &c,
        (now, &cal),
        &consenting,
    );
    let moments = moment_views(pl::moments(db, id).await?, now);
    let areas = kompas_store::directory::areas(db, c.municipality_id).await?;
    let area = c
        .area_code
        .as_ref()
        .and_then(|code| areas.iter().find(|a| &a.cbs_code == code))
        .map_or_else(|| "onbekend".to_string(), |a| a.name.clone());

    let Found {
        query,
        results,
        suggestions,
        referral_offers,
    } = found(&state, &c, &q.zoek, &goals, &items, &in_plan).await?;
    let h = history(db, &c, &members).await?;
    let (story, scores) = story(&state, &viewer, &c).await?;
    let contacts = pl::contacts(db, id)
        .await?
        .into_iter()
        .map(|k| ContactView {
            kind: k.kind.label_nl(),
            on: long_date(k.held_on),
            report: k.report,
            author: k.author.unwrap_or_default(),
            about: about_text(&members, &k.concerns),
            shared: k.shared,
        })
        .collect();
    let goal_line = |g: &pl::GoalRow| (g.id, format!("Doel {}: {}", g.id, g.text));

    let page = CasePage {
        chrome: Chrome::new(&state, &viewer, &format!("Traject {id}")),
        status: c.status.label_nl(),
        message: Some(q.melding).filter(|m| !m.is_empty()),
        error: Some(q.fout).filter(|m| !m.is_empty()),
        area,
        opened: day_of(&c.opened_at),
        agreed: c.plan_agreed_on.map(|d| {
            format!(
                "{} met {}",
                long_date(d),
                c.plan_agreed_with.clone().unwrap_or_default()
            )
        }),
        closed: c.closed_at.as_deref().map(day_of),
        outcome: c.outcome.map(GoalOutcome::label_nl),
        team: h.team,
        handovers: h.handovers,
        open_goals: goals
            .iter()
            .filter(|g| g.status == GoalStatus::Running)
            .map(goal_line)
            .collect(),
        all_goals: goals.iter().map(goal_line).collect(),
        groups,
        support,
        pyramid,
        referrals,
        scalings: h.scalings,
        tables: h.tables,
        moments,
        notes: h.notes,
        query,
        results,
        suggestions,
        no_goal: None,
        referral_offers,
        organizations: h.organizations,
        colleagues: h.colleagues,
        heaviest,
        today: now.to_string(),
        can_change: !c.status.is_closed(),
        can_agree: matches!(c.status, CaseStatus::Open | CaseStatus::Running),
        in_aftercare: c.status == CaseStatus::Aftercare,
        may_coordinate,
        domains: codes(LifeDomain::ALL, |d| (d.code(), d.label_nl())),
        actors: codes(Actor::ALL, |a| (a.code(), a.label_nl())),
        goal_statuses: codes(GoalStatus::ALL, |s| (s.code(), s.label_nl())),
        outcomes: codes(GoalOutcome::ALL, |o| (o.code(), o.label_nl())),
        layers: Layer::ALL
            .iter()
            .map(|l| (l.number(), l.label_nl()))
            .collect(),
        case_tables: codes(CaseTable::ALL, |t| (t.code(), t.label_nl())),
        table_reasons: codes(TableReason::ALL, |r| (r.code(), r.label_nl())),
        frequencies: codes(Frequency::ALL, |f| (f.code(), f.label_nl())),
        story,
        scores,
        contacts,
        contact_kinds: codes(ContactKind::ALL, |k| (k.code(), k.label_nl())),
        members,
        network,
        c,
    };
    Ok(html(render(&page)?))
}

/// The running and finished goals per life domain, with their actions.
fn goal_groups(
    goals: &[pl::GoalRow],
    actions: &[pl::ActionRow],
    members: &[(i64, String)],
    now: NaiveDate,
) -> Vec<DomainGoals> {
    let mut groups: Vec<DomainGoals> = Vec::new();
    for d in LifeDomain::ALL {
        let of_domain: Vec<GoalView> = goals
            .iter()
            .filter(|g| g.domain == *d)
            .map(|g| GoalView {
                id: g.id,
                text: g.text.clone(),
                due: date_or(g.due, "geen datum"),
                overdue: g.status == GoalStatus::Running && g.due.is_some_and(|x| x < now),
                actor: g.actor.label_nl(),
                status: g.status.label_nl(),
                status_code: g.status.code(),
                running: g.status == GoalStatus::Running,
                about: about_text(members, &g.concerns),
                actions: actions
                    .iter()
                    .filter(|a| a.goal_id == g.id)
                    .map(|a| ActionView {
                        id: a.id,
                        text: a.text.clone(),
                        actor: a.actor.label_nl(),
                        due: date_or(a.due, "geen datum"),
                        done: a.done_on.map(long_date),
                    })
                    .collect(),
            })
            .collect();
        if !of_domain.is_empty() {
            groups.push(DomainGoals {
                domain: d.label_nl(),
                goals: of_domain,
            });
        }
    }

    groups
}

/// The support in the plan, with the goal each serves.
fn support_views(
    items: &[pl::SupportRow],
    goals: &[pl::GoalRow],
    members: &[(i64, String)],
) -> Vec<SupportView> {
    let goal_name = |gid: Option<i64>| {
        gid.and_then(|g| goals.iter().find(|x| x.id == g))
            .map_or_else(String::new, |g| g.text.clone())
    };
    items
        .iter()
        .map(|s| SupportView {
            id: s.id,
            title: s.title.clone(),
            layer: s.layer.number(),
            layer_label: s.layer.label_nl(),
            goal: goal_name(s.goal_id),
            added: long_date(s.added_on),
            ended: s.ended_on.map(long_date),
            about: about_text(members, &s.concerns),
            network: s
                .network
                .as_ref()
                .map(|n| format!("{} ({})", n.name, n.how_often)),
        })
        .collect()
}

/// The case's referrals; late when the partner has not answered in time.
fn referral_views(
    list: Vec<pl::ReferralRow>,
    c: &CaseRow,
    (now, cal): (NaiveDate, &WorkingCalendar),
    consenting: &BTreeSet<i64>,
) -> Vec<ReferralView> {
    list.into_iter()
        .map(|r| ReferralView {
            id: r.id,
            version: r.version,
            target: r
                .offer_name
                .clone()
                .unwrap_or_else(|| r.organization_name.clone()),
            organization: r.organization_name,
            layer: layer_text(r.layer),
            status: r.status.label_nl(),
            sent: date_or(r.sent_on, "nog niet"),
            updated: day_of(&r.updated_at),
            late: r
                .sent_on
                .is_some_and(|s| awaiting_answer(r.status, s, now, ANSWER_DAYS, cal)),
            can_send: r.status == ReferralStatus::Draft && !c.status.is_closed(),
            can_cancel: !r.status.is_final(),
            consent: consenting.contains(&r.organization_id),
            note: r.handover_note,
            answer: r.answer_note.unwrap_or_default(),
        })
        .collect()
}

/// Evaluation and aftercare moments with their reminder state.
fn moment_views(list: Vec<pl::MomentRow>, now: NaiveDate) -> Vec<MomentView> {
    list.into_iter()
        .map(|m| {
            let st = reminder_state(m.due, m.done_on.is_some(), now);
            MomentView {
                id: m.id,
                kind: moment_label(&m.kind),
                due: long_date(m.due),
                state: match m.done_on {
                    Some(d) => format!("Gedaan op {}", long_date(d)),
                    None => st.label_nl(),
                },
                overdue: st.is_overdue(),
                done: m.done_on.is_some(),
                note: m.note,
            }
        })
        .collect()
}

/// What the plan's search shows: hits for the query, or (without one, on an
/// open case) suggestions per life domain of the running goals.
struct Found {
    query: String,
    results: Vec<OfferHit>,
    suggestions: Vec<Suggestion>,
    /// Offers for a referral: in the plan, found or suggested (id, name, layer).
    referral_offers: Vec<(i64, String, u8)>,
}

async fn found(
    state: &AppState,
    c: &CaseRow,
    zoek: &str,
    goals: &[pl::GoalRow],
    items: &[pl::SupportRow],
    in_plan: &BTreeSet<i64>,
) -> AppResult<Found> {
    let area_code = c.area_code.clone();
    // Search inside the plan, or suggestions per life domain of the running goals.
    let query = zoek.trim().chars().take(200).collect::<String>();
    let base = kompas_search::SearchQuery {
        municipality_id: Some(c.municipality_id as u64),
        ..kompas_search::SearchQuery::default()
    };
    let mut results = Vec::new();
    let mut suggestions = Vec::new();
    if !query.is_empty() {
        let sq = kompas_search::SearchQuery {
            text: query.clone(),
            limit: RESULTS,
            ..base.clone()
        };
        results = find_offers(state, sq, in_plan).await?;
    } else if !c.status.is_closed() {
        let mut seen = BTreeSet::new();
        for g in goals.iter().filter(|g| g.status == GoalStatus::Running) {
            if !seen.insert(g.domain) {
                continue;
            }
            let sq = kompas_search::SearchQuery {
                life_domains: vec![g.domain.code().to_string()],
                area: area_code.clone(),
                limit: SUGGESTIONS,
                ..base.clone()
            };
            suggestions.push(Suggestion {
                domain: g.domain.label_nl(),
                goal_id: g.id,
                offers: find_offers(state, sq, in_plan).await?,
            });
        }
    }
    let mut referral_offers: Vec<(i64, String, u8)> = Vec::new();
    let mut add_offer = |id: i64, name: &str, layer: u8| {
        if !referral_offers.iter().any(|(o, _, _)| *o == id) {
            referral_offers.push((id, name.to_string(), layer));
        }
    };
    for s in items.iter().filter(|s| s.ended_on.is_none()) {
        if let Some(o) = s.offer_id {
            add_offer(o, &s.title, s.layer.number());
        }
    }
    for h in results
        .iter()
        .chain(suggestions.iter().flat_map(|s| s.offers.iter()))
    {
        add_offer(h.id, &h.name, h.layer);
    }

    Ok(Found {
        query,
        results,
        suggestions,
        referral_offers,
    })
}

/// The case's history and who may work on it.
struct History {
    colleagues: Vec<(i64, String)>,
    team: Vec<(String, &'static str)>,
    handovers: Vec<(String, String, String, String)>,
    scalings: Vec<(String, String, String, String)>,
    tables: Vec<(&'static str, String, String, String)>,
    notes: Vec<NoteView>,
    organizations: Vec<(i64, String)>,
}

async fn history(
    db: &kompas_store::Db,
    c: &CaseRow,
    members: &[(i64, String)],
) -> AppResult<History> {
    let id = c.id;
    let colleagues = kompas_store::users::acting_for(db, c.municipality_id)
        .await?
        .into_iter()
        .filter(|u| {
            matches!(u.role, Role::Professional | Role::Coordinator)
                && !u.disabled
                && Some(u.id) != c.coordinator_id
        })
        .map(|u| (u.id, format!("{} ({})", u.display_name, u.role.label_nl())))
        .collect();
    let team = pl::team(db, id)
        .await?
        .into_iter()
        .map(|(_, name, role)| {
            (
                name,
                role.parse::<Role>()
                    .map_or("Onbekende rol", |r| r.label_nl()),
            )
        })
        .collect();
    let handovers = pl::handovers(db, id)
        .await?
        .into_iter()
        .map(|h| {
            (
                day_of(&h.at),
                h.from_name.unwrap_or_else(|| "onbekend".into()),
                h.to_name,
                h.note,
            )
        })
        .collect();
    let scalings = pl::scalings(db, id)
        .await?
        .into_iter()
        .map(|s| {
            let label = match pl::layer_change(s.from, s.to) {
                Ok(ch) if ch.is_up() => "Opgeschaald",
                _ => "Afgeschaald",
            };
            (
                format!(
                    "{label} van {} naar {}",
                    layer_text(s.from),
                    layer_text(s.to)
                ),
                s.reason,
                day_of(&s.at),
                s.by_name.unwrap_or_default(),
            )
        })
        .collect();
    let tables = pl::case_tables(db, id)
        .await?
        .into_iter()
        .map(|(table, reasons, note, at)| {
            let reasons = reasons
                .split_whitespace()
                .map(|r| TableReason::parse(r).map_or(r, |x| x.label_nl()))
                .collect::<Vec<_>>()
                .join(", ");
            (
                CaseTable::parse(&table).map_or("Onbekende tafel", |t| t.label_nl()),
                reasons,
                note,
                day_of(&at),
            )
        })
        .collect();
    let notes = pl::domain_notes(db, id)
        .await?
        .into_iter()
        .map(|n| NoteView {
            domain: n.domain.label_nl(),
            about: about_text(members, &n.concerns),
            note: n.note,
            author: n.author.unwrap_or_default(),
            at: day_of(&n.at),
        })
        .collect();
    let organizations = kompas_store::tenancy::organizations(db, c.municipality_id)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    Ok(History {
        colleagues,
        team,
        handovers,
        scalings,
        tables,
        notes,
        organizations,
    })
}

/// The question that opened the case (within the worker's municipalities)
/// and the newest score per life domain from the household's assessments.
async fn story(
    state: &AppState,
    viewer: &Viewer,
    c: &CaseRow,
) -> AppResult<(Option<Story>, Vec<(&'static str, i64, String)>)> {
    let db = &state.db;
    let mut story = None;
    if let (Some(qid), Some((_, scope))) = (c.question_id, viewer.scoped()) {
        if let Some(q) = kompas_store::toegang::question_by_id(db, scope, qid).await? {
            story = Some(Story {
                question_id: q.id,
                received: day_of(&q.received_at),
                channel: q.channel.label_nl(),
                domains: kompas_domain::directory::LifeDomain::list_nl(&q.life_domains),
                words: q.body,
                postcode: q.postcode,
            });
        }
    }
    let mut scores: Vec<(&'static str, i64, String)> = Vec::new();
    let assessments = kompas_store::toegang::assessments(db, c.household_id).await?;
    for d in LifeDomain::ALL {
        let newest = assessments
            .iter()
            .filter(|a| a.kind == "leefgebieden")
            .filter_map(|a| {
                a.scores
                    .iter()
                    .find(|s| s.0 == d.code())
                    .map(|s| (a.assessed_on, s.1))
            })
            .max_by_key(|(on, _)| *on);
        if let Some((on, score)) = newest {
            scores.push((d.label_nl(), score, long_date(on)));
        }
    }
    Ok((story, scores))
}
