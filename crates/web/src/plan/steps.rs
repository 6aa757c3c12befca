//! Every step a coordinator takes on a case, as a posted form.
//!
//! Each form carries the case's `versie`. A step runs in one transaction with
//! its audit row; when the domain or the store refuses it, the transaction is
//! dropped (nothing changes) and the case page shows why. A step made on an
//! older version of the plan gets a conflict page (409) that keeps what was
//! typed.

use super::{case_for, OBJECT};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::{html, render, Chrome, FormFields};
use crate::state::AppState;
use crate::toegang::{calendar, commit_audited, long_date, today, worker};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use kompas_domain::directory::{Layer, LifeDomain};
use kompas_domain::monitor::GoalOutcome;
use kompas_domain::plan::{
    follow_ups, who_may, ActionText, Actor, CaseTable, CaseTableReferral, Concerns, Contact,
    ContactKind, ContactReport, FollowUpCount, Frequency, Goal, GoalStatus, GoalText, Handover,
    HandoverNote, HowOften, NetworkHelp, Party, ReferralAction, ScaleReason, Scaling, TableNote,
    TableReason,
};
use kompas_domain::{AuditAction, Role};
use kompas_store::plan::{self as pl, By, CaseRow, Closing, MomentKind, NewReferral};
use kompas_store::users::User;
use kompas_store::{Conn, StoreError};

/// The steps, one route each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    AddGoal,
    GoalStatus,
    AddAction,
    ActionDone,
    AddSupport,
    AddNetworkSupport,
    EndSupport,
    AgreePlan,
    HandOver,
    Scale,
    CaseTable,
    Refer,
    ReferralStep,
    PlanEvaluation,
    CompleteMoment,
    Close,
    EndAftercare,
    AddNote,
    AddContact,
}

impl Step {
    /// The purpose written in the audit log.
    fn purpose(self) -> &'static str {
        match self {
            Step::AddGoal => "plan: doel toegevoegd",
            Step::GoalStatus => "plan: status van een doel",
            Step::AddAction => "plan: actie toegevoegd",
            Step::ActionDone => "plan: actie gedaan",
            Step::AddSupport => "plan: hulp uit de sociale kaart toegevoegd",
            Step::AddNetworkSupport => "plan: steun uit het netwerk toegevoegd",
            Step::EndSupport => "plan: hulp gestopt",
            Step::AgreePlan => "plan afgesproken",
            Step::HandOver => "traject overgedragen",
            Step::Scale => "op- of afgeschaald",
            Step::CaseTable => "ingebracht bij een casustafel",
            Step::Refer => "verwijzing gemaakt",
            Step::ReferralStep => "verwijzing verstuurd of geannuleerd",
            Step::PlanEvaluation => "evaluatie gepland",
            Step::CompleteMoment => "evaluatie of nazorgcontact afgerond",
            Step::Close => "traject afgesloten",
            Step::EndAftercare => "nazorg beëindigd",
            Step::AddNote => "notitie bij een leefgebied",
            Step::AddContact => "contactmoment vastgelegd",
        }
    }

    /// Where on the case page the step's result shows.
    fn anchor(self) -> &'static str {
        match self {
            Step::AddGoal | Step::GoalStatus | Step::AddAction | Step::ActionDone => "doelen",
            Step::AddSupport | Step::AddNetworkSupport | Step::EndSupport => "hulp",
            Step::AgreePlan | Step::HandOver | Step::Close | Step::EndAftercare => "stand",
            Step::Scale | Step::CaseTable => "schalen",
            Step::Refer | Step::ReferralStep => "verwijzingen",
            Step::PlanEvaluation | Step::CompleteMoment => "momenten",
            Step::AddNote => "notities",
            Step::AddContact => "contact",
        }
    }
}

/// Why a step did not happen.
enum Refusal {
    /// The domain or the store said no; the message says why.
    Invalid(String),
    /// Someone else changed the plan since the form was loaded.
    Conflict,
    Failed(AppError),
}

impl From<StoreError> for Refusal {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(m) => Refusal::Invalid(m),
            StoreError::NotFound(what) => Refusal::Invalid(format!("{what} bestaat niet (meer)")),
            StoreError::Conflict(_) => Refusal::Conflict,
            e => Refusal::Failed(e.into()),
        }
    }
}

impl From<AppError> for Refusal {
    fn from(e: AppError) -> Self {
        Refusal::Failed(e)
    }
}

type Done = Result<String, Refusal>;

/// A refusal with a message.
fn no<T>(m: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal::Invalid(m.into()))
}

/// Everything a step needs to know.
struct Cx<'a> {
    state: &'a AppState,
    user: &'a User,
    case: &'a CaseRow,
    f: &'a FormFields,
    version: i64,
    by: By,
    today: NaiveDate,
}

impl Cx<'_> {
    fn text(&self, key: &str) -> String {
        self.f.get(key).trim().to_string()
    }

    fn id(&self, key: &str, what: &str) -> Result<i64, Refusal> {
        self.f
            .get(key)
            .trim()
            .parse()
            .or_else(|_| no(format!("Kies {what}.")))
    }

    /// The household members the item is about (`lid`, repeated); none
    /// ticked: the whole household. The store checks they are the household's.
    fn concerns(&self) -> Result<Concerns, Refusal> {
        let mut ids = Vec::new();
        for raw in self.f.all("lid") {
            match raw.trim().parse::<i64>() {
                Ok(id) => ids.push(id),
                Err(_) => return no("Kies alleen leden van dit huishouden."),
            }
        }
        Ok(Concerns::members(ids))
    }

    /// The goal a step belongs to, when one is chosen.
    fn optional_goal(&self) -> Result<Option<i64>, Refusal> {
        match self.text("doel").as_str() {
            "" => Ok(None),
            _ => self.id("doel", "een doel").map(Some),
        }
    }

    fn code<T>(
        &self,
        key: &str,
        parse: impl Fn(&str) -> Result<T, String>,
        what: &str,
    ) -> Result<T, Refusal> {
        parse(&self.f.get(key)).or_else(|_| no(format!("Kies {what}.")))
    }

    fn layer(&self, key: &str, what: &str) -> Result<Layer, Refusal> {
        self.f
            .get(key)
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(Layer::from_number)
            .map_or_else(|| no(format!("Kies {what}.")), Ok)
    }

    fn refuse_when_closed(&self) -> Result<(), Refusal> {
        if self.case.status.is_closed() {
            return no("Dit traject is afgesloten; het plan verandert niet meer.");
        }
        Ok(())
    }
}

/// A date from a date field (`2026-03-01`) or as people type it (`1-3-2026`).
fn parse_date(raw: &str) -> Result<Option<NaiveDate>, Refusal> {
    kompas_domain::dutch_time::parse_date(raw).or_else(|()| {
        no(format!(
            "'{}' is geen datum. Schrijf de datum als dd-mm-jjjj.",
            raw.trim()
        ))
    })
}

/// Refuses an item that is not the case's (`None`) or already finished
/// (`Some(Some(day))`).
fn still_open(
    found: Option<Option<NaiveDate>>,
    not_ours: &str,
    finished: &str,
) -> Result<(), Refusal> {
    match found {
        None => no(not_ours),
        Some(Some(_)) => no(finished),
        Some(None) => Ok(()),
    }
}

fn text<T>(r: Result<T, String>) -> Result<T, Refusal> {
    r.map_err(Refusal::Invalid)
}

/// Starts a sentence with a capital and ends it with a full stop.
fn sentence(m: &str) -> String {
    let m = m.trim();
    let mut chars = m.chars();
    let mut s: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !s.ends_with(['.', '!', '?']) {
        s.push('.');
    }
    s
}

async fn apply(conn: &mut Conn, step: Step, cx: &Cx<'_>) -> Done {
    let (id, v, by) = (cx.case.id, cx.version, cx.by);
    match step {
        Step::AddGoal => {
            let goal = Goal {
                domain: cx.code("leefgebied", LifeDomain::parse, "een leefgebied")?,
                text: text(GoalText::parse(&cx.f.get("tekst")))?,
                due: parse_date(&cx.f.get("datum"))?,
                actor: cx.code("uitvoerder", Actor::parse, "wie het doel oppakt")?,
                status: GoalStatus::Running,
            };
            pl::add_goal(conn, id, v, &goal, &cx.concerns()?, by).await?;
            Ok("Het doel staat in het plan.".into())
        }
        Step::GoalStatus => {
            let goal = cx.id("doel", "een doel")?;
            let status = cx.code("status", GoalStatus::parse, "een status")?;
            if !pl::goals(&cx.state.db, id)
                .await?
                .iter()
                .any(|g| g.id == goal)
            {
                return no("Dit doel hoort niet bij dit traject.");
            }
            pl::set_goal_status(conn, id, v, goal, status, by).await?;
            Ok(format!("Het doel staat nu op: {}.", status.label_nl()))
        }
        Step::AddAction => {
            let goal = cx.id("doel", "een doel")?;
            let action = text(ActionText::parse(&cx.f.get("tekst")))?;
            let actor = cx.code("uitvoerder", Actor::parse, "wie de actie doet")?;
            let due = parse_date(&cx.f.get("datum"))?;
            let about = cx.concerns()?;
            pl::add_action(conn, id, v, goal, &action, actor, due, &about, by).await?;
            Ok("De actie staat in het plan.".into())
        }
        Step::ActionDone => {
            let action = cx.id("actie", "een actie")?;
            let known = pl::actions(&cx.state.db, id).await?;
            still_open(
                known.iter().find(|a| a.id == action).map(|a| a.done_on),
                "Deze actie hoort niet bij dit traject.",
                "Deze actie is al gedaan.",
            )?;
            cx.refuse_when_closed()?;
            pl::mark_action_done(conn, id, v, action, by).await?;
            Ok("De actie is afgevinkt.".into())
        }
        Step::AddSupport => {
            let offer = cx.id("aanbod", "hulp uit de sociale kaart")?;
            let goal = cx.optional_goal()?;
            pl::add_support_item(conn, id, v, goal, offer, by).await?;
            Ok("De hulp staat in het plan.".into())
        }
        Step::AddNetworkSupport => {
            let contact = cx.id("netwerk", "wie uit het netwerk helpt")?;
            let what = text(NetworkHelp::parse(&cx.f.get("wat")))?;
            let how_often = text(HowOften::parse(&cx.f.get("hoe_vaak")))?;
            let goal = cx.optional_goal()?;
            let about = cx.concerns()?;
            pl::add_network_support(conn, id, v, goal, contact, &what, &how_often, &about, by)
                .await?;
            Ok("De steun uit het netwerk staat in het plan, in laag 1.".into())
        }
        Step::EndSupport => {
            let item = cx.id("hulp", "de hulp die stopt")?;
            let items = pl::support_items(&cx.state.db, id).await?;
            still_open(
                items.iter().find(|s| s.id == item).map(|s| s.ended_on),
                "Deze hulp hoort niet bij dit traject.",
                "Deze hulp is al gestopt.",
            )?;
            pl::end_support_item(conn, id, v, item, by).await?;
            Ok("De hulp is gestopt.".into())
        }
        Step::AgreePlan => {
            let on = parse_date(&cx.f.get("datum"))?.unwrap_or(cx.today);
            if on > cx.today {
                return no("Een plan spreekt u af op of vóór vandaag. Kies een andere datum.");
            }
            let with = cx.text("met");
            if with.is_empty() {
                return no("Schrijf op met wie u het plan heeft afgesproken.");
            }
            if with.chars().count() > 200 {
                return no("Schrijf korter op met wie u het plan afsprak: hoogstens 200 tekens.");
            }
            pl::agree_plan(conn, id, v, on, &with, by).await?;
            Ok(format!("Het plan is afgesproken op {}.", long_date(on)))
        }
        Step::HandOver => {
            let to = cx.id("aan", "aan wie u het traject overdraagt")?;
            let target = kompas_store::users::colleague(&cx.state.db, cx.case.municipality_id, to)
                .await?
                .filter(|u| {
                    matches!(u.role, Role::Professional | Role::Coordinator) && !u.disabled
                });
            let Some(target) = target else {
                return no("Kies een regisseur of professional van deze gemeente.");
            };
            let from = cx.case.coordinator_id.unwrap_or(cx.user.id);
            let h = text(Handover::new(from, target.id, &cx.f.get("notitie")))?;
            pl::hand_over(conn, id, v, &h, by).await?;
            Ok(format!(
                "{} is nu de regisseur van dit traject.",
                target.display_name
            ))
        }
        Step::Scale => {
            let from = cx.layer("van_laag", "de laag waar de hulp nu zit")?;
            let to = cx.layer("naar_laag", "de laag waar de hulp naartoe gaat")?;
            let change = pl::layer_change(from, to)?;
            let s = Scaling::new(change, text(ScaleReason::parse(&cx.f.get("reden")))?);
            pl::add_scaling(conn, id, v, &s, by).await?;
            Ok(format!("{}.", s.label_nl()))
        }
        Step::CaseTable => {
            cx.refuse_when_closed()?;
            let table = cx.code("tafel", CaseTable::parse, "een casustafel")?;
            let mut reasons = Vec::new();
            for r in cx.f.all("reden") {
                reasons.push(text(TableReason::parse(&r))?);
            }
            let note = text(TableNote::parse(&cx.f.get("toelichting")))?;
            let t = text(CaseTableReferral::new(table, reasons, note))?;
            pl::bump_version(conn, id, v, by.at).await?;
            pl::add_case_table(conn, id, &t, by).await?;
            Ok(format!("De casus is ingebracht bij: {}.", table.label_nl()))
        }
        Step::Refer => create_referral(conn, cx).await,
        Step::ReferralStep => take_referral_step(conn, cx).await,
        Step::AddNote => {
            cx.refuse_when_closed()?;
            let Ok(domain) = LifeDomain::parse(&cx.f.get("leefgebied")) else {
                return no("Kies het leefgebied waar de notitie over gaat.");
            };
            let note = cx.f.get("notitie");
            let note = note.trim();
            if note.is_empty() || note.chars().count() > 2_000 {
                return no("Schrijf een notitie van hoogstens 2000 tekens.");
            }
            pl::bump_version(conn, id, v, by.at).await?;
            pl::add_domain_note(conn, id, domain, note, &cx.concerns()?, by).await?;
            Ok(format!(
                "De notitie bij {} is opgeslagen. Partners zien haar alleen met toestemming voor dit leefgebied.",
                domain.label_nl()
            ))
        }
        Step::AddContact => {
            let kind = cx.code("soort", ContactKind::parse, "wat voor contact het was")?;
            let on = parse_date(&cx.f.get("datum"))?.unwrap_or(cx.today);
            let report = text(ContactReport::parse(&cx.f.get("verslag")))?;
            let shared = cx.text("delen") == "ja";
            let c = text(Contact::new(kind, on, report, shared, cx.today))?;
            pl::add_contact(conn, id, v, &c, &cx.concerns()?, by).await?;
            Ok(if shared {
                "Het contactmoment is vastgelegd. Het huishouden kan het verslag lezen op de eigen pagina."
            } else {
                "Het contactmoment is vastgelegd."
            }
            .into())
        }
        Step::PlanEvaluation => {
            cx.refuse_when_closed()?;
            let Some(on) = parse_date(&cx.f.get("datum"))? else {
                return no("Kies de datum van de evaluatie.");
            };
            if on < cx.today {
                return no("Deze datum is al voorbij. Kies vandaag of een dag later.");
            }
            pl::bump_version(conn, id, v, by.at).await?;
            pl::add_moment(conn, id, MomentKind::Evaluation, on).await?;
            Ok(format!("De evaluatie is gepland op {}.", long_date(on)))
        }
        Step::CompleteMoment => {
            let moment = cx.id("moment", "het moment")?;
            let note = cx.text("notitie");
            if note.is_empty() {
                return no("Schrijf kort op wat er uit het gesprek kwam.");
            }
            if note.chars().count() > 2_000 {
                return no("Het verslag is te lang: gebruik hoogstens 2000 tekens.");
            }
            pl::bump_version(conn, id, v, by.at).await?;
            pl::complete_moment(conn, id, moment, &note, by).await?;
            Ok("Het moment is afgerond.".into())
        }
        Step::Close => close_case(conn, cx).await,
        Step::EndAftercare => {
            pl::end_aftercare(conn, id, v, by).await?;
            Ok("De nazorg is beëindigd. Het traject is nu helemaal afgesloten.".into())
        }
    }
}

/// A referral in concept, to an offer (`aanbod-12`) or an organisation
/// (`organisatie-3`, with a layer), with a warm-handover note.
async fn create_referral(conn: &mut Conn, cx: &Cx<'_>) -> Done {
    let target = cx.text("naar");
    let (offer_id, organization_id) = match target.split_once('-') {
        Some(("aanbod", n)) => (n.parse().ok(), None),
        Some(("organisatie", n)) => (None, n.parse::<i64>().ok()),
        _ => (None, None),
    };
    if offer_id.is_none() && organization_id.is_none() {
        return no("Kies het aanbod of de organisatie waarnaar u verwijst.");
    }
    if let Some(o) = organization_id {
        let ours = kompas_store::tenancy::organizations(&cx.state.db, cx.case.municipality_id)
            .await?
            .iter()
            .any(|x| x.id == o);
        if !ours {
            return no("Deze organisatie werkt niet in deze gemeente.");
        }
    }
    let layer = match (organization_id, cx.text("laag").as_str()) {
        (Some(_), "") => return no("Kies in welke laag de hulp van deze organisatie zit."),
        (Some(_), _) => Some(cx.layer("laag", "een laag")?),
        (None, _) => None,
    };
    let goal_id = cx.optional_goal()?;
    let note = text(HandoverNote::parse(&cx.f.get("overdracht")))?;
    pl::create_referral(
        conn,
        cx.case.id,
        cx.version,
        &NewReferral {
            goal_id,
            offer_id,
            organization_id,
            layer,
            handover_note: &note,
        },
        cx.by,
    )
    .await?;
    Ok(
        "De verwijzing staat klaar als concept. Verstuur haar als de inwoner het goed vindt."
            .into(),
    )
}

/// The coordinator's steps on a referral: send or cancel. The partner's
/// answers are not taken here.
async fn take_referral_step(conn: &mut Conn, cx: &Cx<'_>) -> Done {
    let rid = cx.id("verwijzing", "een verwijzing")?;
    let action = match cx.text("stap").as_str() {
        "versturen" => ReferralAction::Send,
        "annuleren" => ReferralAction::Cancel,
        _ => return no("Kies versturen of annuleren."),
    };
    if who_may(&action) != Party::Coordinator {
        return no(format!(
            "Deze stap is voor: {}.",
            who_may(&action).label_nl()
        ));
    }
    if cx.case.coordinator_id != Some(cx.user.id) && cx.user.role != Role::TeamLead {
        return no("Alleen de regisseur van dit traject verstuurt of annuleert een verwijzing.");
    }
    let r = pl::referral_of_case(&cx.state.db, cx.case.id, rid).await?;
    let Some(r) = r else {
        return no("Deze verwijzing hoort niet bij dit traject.");
    };
    if action == ReferralAction::Send {
        cx.refuse_when_closed()?;
        // Warn before a referral goes out without anyone's consent: the
        // partner would get it without the warm handover.
        let now = cx.state.clock.now();
        let consented = pl::consents_of_household(&cx.state.db, cx.case.household_id)
            .await?
            .iter()
            .any(|c| c.organization_id == r.organization_id && c.grant.in_force(now, cx.today));
        if !consented && cx.text("zonder_toestemming") != "ja" {
            return no(format!(
                "Niet verstuurd: er is geen toestemming om gegevens met {} te delen. Leg eerst toestemming vast bij het huishouden, of kies 'Toch versturen zonder toestemming'; de partner ziet dan alleen de verwijzing.",
                r.organization_name
            ));
        }
    }
    let referral_version = cx.id("verwijzing_versie", "de versie van de verwijzing")?;
    pl::bump_version(conn, cx.case.id, cx.version, cx.by.at).await?;
    pl::referral_step(conn, r.id, referral_version, &action, "", cx.by).await?;
    Ok(match action {
        ReferralAction::Send => format!("De verwijzing naar {} is verstuurd.", r.organization_name),
        _ => "De verwijzing is geannuleerd.".to_string(),
    })
}

/// Closes the case: an outcome per running goal (or for the whole case when
/// it has no goals), a reason, and aftercare contacts when chosen.
async fn close_case(conn: &mut Conn, cx: &Cx<'_>) -> Done {
    let goals = pl::goals(&cx.state.db, cx.case.id).await?;
    let mut outcomes = Vec::new();
    for g in &goals {
        let raw = cx.text(&format!("resultaat-{}", g.id));
        if !raw.is_empty() {
            let o = GoalOutcome::parse(&raw)
                .or_else(|_| no(format!("Kies het resultaat van doel {}.", g.id)))?;
            outcomes.push((g.id, o));
        }
    }
    let chosen = match cx.text("resultaat").as_str() {
        "" => None,
        raw => {
            Some(GoalOutcome::parse(raw).or_else(|_| no("Kies het resultaat van het traject."))?)
        }
    };
    let aftercare = match cx.text("nazorg").as_str() {
        "" | "geen" => Vec::new(),
        freq => {
            let freq = Frequency::parse(freq).or_else(|_| no("Kies hoe vaak er nazorg is."))?;
            let n: i64 = cx
                .text("aantal")
                .parse()
                .or_else(|_| no("Vul in hoeveel nazorgcontacten er komen."))?;
            let count = text(FollowUpCount::new(n))?;
            follow_ups(cx.today, freq, count, &calendar(cx.state))
        }
    };
    let reason = cx.text("reden");
    let closing = Closing {
        goal_outcomes: &outcomes,
        chosen,
        reason: &reason,
        aftercare: aftercare.clone(),
    };
    let outcome = pl::close_case(conn, cx.case.id, cx.version, &closing, cx.by).await?;
    Ok(match aftercare.first() {
        None => format!("Het traject is afgesloten: {}.", outcome.label_nl()),
        Some(first) => format!(
            "Het traject is afgesloten: {}. Er zijn {} nazorgcontacten gepland; het eerste op {}.",
            outcome.label_nl(),
            aftercare.len(),
            long_date(*first)
        ),
    })
}

fn to_case(id: i64, key: &str, message: &str, anchor: &str) -> Response {
    let m: String = url::form_urlencoded::byte_serialize(message.as_bytes()).collect();
    Redirect::to(&format!("/werk/trajecten/{id}?{key}={m}#{anchor}")).into_response()
}

/// Runs one step for the case in the path.
async fn run(
    state: AppState,
    viewer: Viewer,
    id: i64,
    body: Bytes,
    step: Step,
) -> AppResult<Response> {
    let user = worker(&viewer)?;
    let case = case_for(&state, &viewer, id).await?;
    let f = FormFields::parse(&body);
    let version: i64 = f.get("versie").trim().parse().map_err(|_| {
        AppError::BadRequest("Het formulier mist zijn versie; laad de pagina opnieuw.".into())
    })?;
    let cx = Cx {
        state: &state,
        user,
        case: &case,
        f: &f,
        version,
        by: By {
            user_id: user.id,
            role: user.role,
            at: state.clock.now(),
        },
        today: today(&state),
    };
    let mut tx = state.db.begin().await?;
    match apply(&mut tx, step, &cx).await {
        Ok(message) => {
            commit_audited(
                tx,
                &state,
                user,
                AuditAction::Update,
                (OBJECT, id),
                Some(case.household_id),
                step.purpose(),
            )
            .await?;
            Ok(to_case(id, "melding", &message, step.anchor()))
        }
        Err(Refusal::Invalid(m)) => {
            drop(tx);
            Ok(to_case(id, "fout", &sentence(&m), step.anchor()))
        }
        Err(Refusal::Conflict) => {
            drop(tx);
            conflict_page(&state, &viewer, &case, &f)
        }
        Err(Refusal::Failed(e)) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "plan/conflict.html")]
struct ConflictPage {
    chrome: Chrome,
    id: i64,
    typed: Vec<(String, String)>,
}

/// A code's Dutch label, if the code is known.
type Lookup = fn(&str) -> Option<&'static str>;

/// How to read the code of a `code_enum` type.
macro_rules! label_of {
    ($t:ident) => {
        |v| $t::parse(v).ok().map($t::label_nl)
    };
}

/// Form fields that hold a code: their Dutch name and how to read the code.
const CODED: &[(&str, &str, Lookup)] = &[
    ("leefgebied", "Leefgebied", label_of!(LifeDomain)),
    ("uitvoerder", "Wie het doet", label_of!(Actor)),
    ("status", "Status", label_of!(GoalStatus)),
    ("tafel", "Casustafel", label_of!(CaseTable)),
    ("soort", "Soort contact", label_of!(ContactKind)),
    ("nazorg", "Nazorg", label_of!(Frequency)),
    ("reden", "Reden", label_of!(TableReason)),
    ("resultaat", "Resultaat", label_of!(GoalOutcome)),
    ("van_laag", "Van laag", layer_label),
    ("naar_laag", "Naar laag", layer_label),
    ("laag", "Laag", layer_label),
];

/// Form fields with free text or a number: their Dutch name.
const NAMED: &[(&str, &str)] = &[
    ("tekst", "Tekst"),
    ("datum", "Datum"),
    ("met", "Met wie"),
    ("notitie", "Notitie"),
    ("toelichting", "Toelichting"),
    ("overdracht", "Warme overdracht"),
    ("aantal", "Aantal contacten"),
    ("naar", "Verwijzen naar"),
    ("aan", "Overdragen aan (nummer)"),
    ("doel", "Doel (nummer)"),
    ("aanbod", "Aanbod (nummer)"),
    ("lid", "Voor wie (nummer van het gezinslid)"),
    ("netwerk", "Wie uit het netwerk (nummer)"),
    ("wat", "Wat deze persoon doet"),
    ("hoe_vaak", "Hoe vaak"),
    ("verslag", "Verslag"),
    ("delen", "Delen met het huishouden"),
];

fn layer_label(v: &str) -> Option<&'static str> {
    v.parse::<i64>()
        .ok()
        .and_then(Layer::from_number)
        .map(Layer::label_nl)
}

/// The Dutch name of a form field, and its value as people read it
/// (`resultaat-7` is the result of goal 7).
fn readable(key: &str, value: &str) -> (String, String) {
    let (base, suffix) = match key.split_once('-') {
        Some((b, n)) if n.parse::<i64>().is_ok() => (b, format!(" van doel {n}")),
        _ => (key, String::new()),
    };
    if let Some((_, name, lookup)) = CODED.iter().find(|(k, _, _)| *k == base) {
        let shown = lookup(value).map_or_else(|| value.to_string(), str::to_string);
        return (format!("{name}{suffix}"), shown);
    }
    let name = NAMED
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, n)| *n);
    (name.to_string(), value.to_string())
}

/// 409: someone else changed the plan. Nothing was saved; the page links to
/// the fresh plan and shows what this user typed, so nothing is lost.
fn conflict_page(
    state: &AppState,
    viewer: &Viewer,
    case: &CaseRow,
    f: &FormFields,
) -> AppResult<Response> {
    let typed = f
        .pairs()
        .iter()
        .filter(|(k, v)| {
            !matches!(k.as_str(), "csrf" | "versie" | "verwijzing_versie") && !v.trim().is_empty()
        })
        .map(|(k, v)| readable(k, v))
        .collect();
    let page = ConflictPage {
        chrome: Chrome::new(state, viewer, "Het plan is intussen gewijzigd"),
        id: case.id,
        typed,
    };
    Ok((StatusCode::CONFLICT, html(render(&page)?)).into_response())
}

macro_rules! step_routes {
    ($($name:ident => $step:ident),* $(,)?) => {
        $(
            pub async fn $name(
                State(state): State<AppState>,
                viewer: Viewer,
                Path(id): Path<i64>,
                body: Bytes,
            ) -> AppResult<Response> {
                run(state, viewer, id, body, Step::$step).await
            }
        )*
    };
}

step_routes!(
    add_goal => AddGoal,
    goal_status => GoalStatus,
    add_action => AddAction,
    action_done => ActionDone,
    add_support => AddSupport,
    add_network_support => AddNetworkSupport,
    end_support => EndSupport,
    agree_plan => AgreePlan,
    hand_over => HandOver,
    scale => Scale,
    case_table => CaseTable,
    refer => Refer,
    referral_step => ReferralStep,
    plan_evaluation => PlanEvaluation,
    complete_moment => CompleteMoment,
    close => Close,
    end_aftercare => EndAftercare,
    add_note => AddNote,
    add_contact => AddContact,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_as_sentences() {
        assert_eq!(
            sentence("dit traject is afgesloten; het plan verandert niet meer"),
            "Dit traject is afgesloten; het plan verandert niet meer."
        );
        assert_eq!(sentence("Al goed."), "Al goed.");
        assert_eq!(sentence(""), "");
    }

    #[test]
    fn dates_as_fields_send_them_or_as_people_type_them() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1);
        assert!(matches!(parse_date("2026-03-01"), Ok(x) if x == d));
        assert!(matches!(parse_date("1-3-2026"), Ok(x) if x == d));
        assert!(matches!(parse_date(" "), Ok(None)));
        assert!(
            matches!(parse_date("morgen"), Err(Refusal::Invalid(m)) if m.contains("dd-mm-jjjj"))
        );
    }

    #[test]
    fn typed_fields_are_shown_in_dutch() {
        assert_eq!(
            readable("leefgebied", "financien"),
            ("Leefgebied".into(), "Financiën".into())
        );
        assert_eq!(
            readable("naar_laag", "4"),
            ("Naar laag".into(), "Gerichte hulp".into())
        );
        assert_eq!(
            readable("resultaat-7", "deels"),
            ("Resultaat van doel 7".into(), "Doelen deels bereikt".into())
        );
        assert_eq!(
            readable("reden", "Het gaat goed"),
            ("Reden".into(), "Het gaat goed".into())
        );
        assert_eq!(readable("tekst", "Huur betalen").1, "Huur betalen");
    }
}
