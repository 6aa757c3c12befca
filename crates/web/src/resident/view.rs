//! `/mijn` and `/mijn/inzage`: what a signed-in member sees, in their
//! language. Privacy as before: each member sees the plan items about them
//! or the whole household (a carer also those about the minor children), and
//! only contact reports shared with the household.

use super::{resident_entry, signed_in};
use crate::auth::Viewer;
use crate::error::AppResult;
use crate::i18n::{text, text_with, Locale};
use crate::pages::{html, render, Chrome};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use fluent_templates::fluent_bundle::FluentValue;
use kompas_domain::language::Language;
use kompas_domain::plan::{member_may_see, Concerns, Reader};
use kompas_domain::toegang::household::MemberRole;
use kompas_domain::{AuditAction, Role};
use kompas_store::plan as store;
use kompas_store::resident::{self, Look, ResidentSession};
use kompas_store::toegang as tg;

/// Rows per page of `/mijn/inzage`.
const LOOKS_PER_PAGE: i64 = 25;
/// The summary on `/mijn` covers this many months.
const SUMMARY_MONTHS: i64 = 12;

/// "7 december 2026" in the resident's language (month names from the
/// Fluent files; the number order is the same in all six).
pub fn date_in(lang: Language, d: NaiveDate) -> String {
    format!(
        "{} {} {}",
        d.day(),
        text(lang, &format!("mijn-month-{}", d.month())),
        d.year()
    )
}

/// A moment in Dutch local time: "7 december 2026, 14:05".
fn moment_in(lang: Language, t: DateTime<Utc>) -> String {
    let local = kompas_domain::dutch_time::local(t);
    format!("{}, {}", date_in(lang, local.date()), local.format("%H:%M"))
}

/// "December 2026": a heading, so the month starts with a capital where the
/// script has them.
fn month_in(lang: Language, year: i32, month: u32) -> String {
    let name = text(lang, &format!("mijn-month-{month}"));
    let mut chars = name.chars();
    let capital: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    format!("{capital} {year}")
}

pub struct Coordinator {
    pub name: String,
    pub phone: Option<String>,
    /// The phone number for a `tel:` link: digits and a leading +.
    pub phone_href: String,
    pub email: Option<String>,
}

pub struct GoalView {
    /// As the worker wrote it (Dutch).
    pub text: String,
    pub due: String,
    pub who: String,
    pub status: String,
    pub actions: Vec<(String, bool)>,
}

pub struct ProductView {
    /// The category's name in the standard (Dutch).
    pub name: String,
    pub outcome: String,
    pub period: String,
}

pub struct DecisionView {
    pub id: i64,
    pub reference: String,
    pub kind: String,
    pub sent_on: String,
    pub products: Vec<ProductView>,
}

pub struct QuestionView {
    pub received: String,
    pub status: String,
    pub body: String,
}

/// One line of the summary: who, and how often they looked or changed something.
pub struct SummaryLine {
    pub who: String,
    pub counts: String,
}

pub struct SummaryMonth {
    pub month: String,
    pub lines: Vec<SummaryLine>,
}

pub struct LookView {
    pub when: String,
    pub who: String,
    pub what: String,
    pub why: String,
}

#[derive(Template)]
#[template(path = "resident/login.html")]
struct LoginPage {
    chrome: Chrome,
    /// DigiD buttons: address and text.
    digid: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "resident/home.html")]
struct HomePage {
    chrome: Chrome,
    message: String,
    /// What the resident typed in the correction form, kept after an error.
    typed: String,
    name: String,
    /// The parent acting for this member (DigiD Machtigen).
    acting: Option<String>,
    status: Option<String>,
    agreed: Option<String>,
    coordinator: Option<Coordinator>,
    /// The next evaluation or aftercare moment: what and when.
    next: Option<(String, String)>,
    goals: Vec<GoalView>,
    support: Vec<(String, String)>,
    referrals: Vec<(String, String)>,
    /// Contact reports shared with the household: "Huisbezoek, 3 mei 2026" and the report.
    reports: Vec<(String, String)>,
    decisions: Vec<DecisionView>,
    questions: Vec<QuestionView>,
    summary: Vec<SummaryMonth>,
    looks_total: i64,
}

#[derive(Template)]
#[template(path = "resident/looks.html")]
struct LooksPage {
    chrome: Chrome,
    looks: Vec<LookView>,
    page: i64,
    /// The row the pages are anchored at (see `LooksQuery::tot`).
    newest: i64,
    pages: i64,
    total: i64,
}

/// The chrome of a resident page; the header names the signed-in member.
fn chrome(
    state: &AppState,
    viewer: &Viewer,
    locale: &Locale,
    title_key: &str,
    name: Option<String>,
) -> Chrome {
    let mut c = Chrome::public(state, viewer, locale, &text(locale.lang, title_key));
    c.resident_name = name;
    c
}

async fn member_name(state: &AppState, household: i64, member: i64) -> AppResult<String> {
    Ok(tg::members(&state.db, household)
        .await?
        .into_iter()
        .find(|m| m.id == member)
        .map(|m| m.name)
        .unwrap_or_default())
}

#[derive(serde::Deserialize, Default)]
pub struct HomeQuery {
    #[serde(default)]
    melding: String,
}

pub async fn home(
    State(state): State<AppState>,
    viewer: Viewer,
    locale: Locale,
    headers: HeaderMap,
    Query(q): Query<HomeQuery>,
) -> AppResult<Response> {
    let Some(who) = signed_in(&state, &headers).await? else {
        return login_choice(&state, &viewer, &locale).await;
    };
    // Only our own notices, by code: never text from the address bar.
    let message = match q.melding.as_str() {
        "ontvangen" => text(locale.lang, "mijn-correction-received"),
        _ => String::new(),
    };
    render_home(&state, &viewer, &locale, &who, message, String::new()).await
}

async fn login_choice(state: &AppState, viewer: &Viewer, locale: &Locale) -> AppResult<Response> {
    let places = kompas_store::tenancy::municipalities(&state.db).await?;
    let brokers = &state.config.digid;
    let digid = brokers
        .iter()
        .map(|d| {
            let href = format!("/mijn/digid/{}", crate::pages::url_encode(&d.municipality));
            let place = places
                .iter()
                .find(|m| m.cbs_code.eq_ignore_ascii_case(&d.municipality))
                .map(|m| m.name.clone())
                .unwrap_or_else(|| d.municipality.clone());
            let label = if brokers.len() == 1 {
                text(locale.lang, "mijn-digid-button")
            } else {
                text_with(
                    locale.lang,
                    "mijn-digid-button-place",
                    &[("place", FluentValue::from(place))],
                )
            };
            (href, label)
        })
        .collect();
    Ok(html(render(&LoginPage {
        chrome: chrome(state, viewer, locale, "mijn-login-title", None),
        digid,
    })?))
}

/// Who did something, for the summary: the organisation (or the
/// municipality), or the household itself.
fn who_summary(lang: Language, l: &Look, orgs: &[(i64, String)]) -> String {
    if l.actor_role.as_deref() == Some("inwoner") {
        return text(lang, "mijn-who-household");
    }
    org_name(lang, l, orgs)
}

fn org_name(lang: Language, l: &Look, orgs: &[(i64, String)]) -> String {
    l.actor_organization_id
        .and_then(|o| orgs.iter().find(|(id, _)| *id == o))
        .map_or_else(|| text(lang, "mijn-who-municipality"), |(_, n)| n.clone())
}

/// Who looked, for the full list: the role and organisation, never a name.
fn who_looked(lang: Language, l: &Look, orgs: &[(i64, String)]) -> String {
    let role = match l.actor_role.as_deref() {
        Some("inwoner") => return text(lang, "mijn-who-household"),
        Some(code) => code
            .parse::<Role>()
            .map_or("mijn-role-other".to_string(), |r| {
                format!("mijn-role-{}", r.as_str())
            }),
        None => "mijn-role-other".into(),
    };
    text_with(
        lang,
        "mijn-who-role-at",
        &[
            ("role", FluentValue::from(text(lang, &role))),
            ("organisation", FluentValue::from(org_name(lang, l, orgs))),
        ],
    )
}

/// What was done, in plain words.
fn what_key(a: AuditAction) -> &'static str {
    match a {
        AuditAction::Read => "mijn-did-read",
        AuditAction::Export => "mijn-did-export",
        AuditAction::Create => "mijn-did-create",
        AuditAction::Update => "mijn-did-update",
        AuditAction::Delete => "mijn-did-delete",
        AuditAction::Login | AuditAction::Logout | AuditAction::FailedLogin => "mijn-did-login",
    }
}

/// Per month (newest first) and per organisation: how often someone looked
/// and how often something was changed.
fn summarise(lang: Language, looks: &[Look], orgs: &[(i64, String)]) -> Vec<SummaryMonth> {
    // (year, month) → who → [looked, changed, logins], in first-seen order.
    type Counts = Vec<(String, [i64; 3])>;
    let mut months: Vec<((i32, u32), Counts)> = Vec::new();
    for l in looks {
        let local = kompas_domain::dutch_time::local(l.at);
        let key = (local.year(), local.month());
        if months.last().map(|(k, _)| *k) != Some(key) {
            months.push((key, Vec::new()));
        }
        let Some((_, lines)) = months.last_mut() else {
            continue;
        };
        let who = who_summary(lang, l, orgs);
        let slot = match lines.iter().position(|(w, _)| *w == who) {
            Some(i) => i,
            None => {
                lines.push((who, [0; 3]));
                lines.len() - 1
            }
        };
        let bucket = match l.action {
            AuditAction::Read | AuditAction::Export => 0,
            AuditAction::Create | AuditAction::Update | AuditAction::Delete => 1,
            _ => 2,
        };
        lines[slot].1[bucket] += 1;
    }
    let count = |key: &str, n: i64| text_with(lang, key, &[("n", FluentValue::from(n))]);
    months
        .into_iter()
        .map(|((y, m), lines)| SummaryMonth {
            month: month_in(lang, y, m),
            lines: lines
                .into_iter()
                .map(|(who, [read, changed, logins])| {
                    let parts: Vec<String> = [
                        ("mijn-summary-read", read),
                        ("mijn-summary-changed", changed),
                        ("mijn-summary-logins", logins),
                    ]
                    .into_iter()
                    .filter(|(_, n)| *n > 0)
                    .map(|(k, n)| count(k, n))
                    .collect();
                    SummaryLine {
                        who,
                        counts: parts.join(", "),
                    }
                })
                .collect(),
        })
        .collect()
}

async fn organisations(state: &AppState, municipality: i64) -> AppResult<Vec<(i64, String)>> {
    Ok(
        kompas_store::tenancy::organizations(&state.db, municipality)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect(),
    )
}

pub(super) async fn render_home(
    state: &AppState,
    viewer: &Viewer,
    locale: &Locale,
    who: &ResidentSession,
    message: String,
    typed: String,
) -> AppResult<Response> {
    let lang = locale.lang;
    let t = |k: &str| text(lang, k);
    // The resident's own read is in the log too (and shows in the summary).
    kompas_store::audit::record(
        &state.db,
        &resident_entry(state, who, AuditAction::Read, "mijn-plan"),
    )
    .await?;
    let (member_id, household) = (who.member_id, who.household_id);
    let now = state.clock.now();
    let today = kompas_domain::dutch_time::local(now).date();
    let members = tg::members(&state.db, household).await?;
    let minors: Vec<i64> = members
        .iter()
        .filter(|m| kompas_domain::plan::is_minor(m.birth_date, today))
        .map(|m| m.id)
        .collect();
    let me = members.iter().find(|m| m.id == member_id);
    let reader = Reader::new(
        member_id,
        me.and_then(|m| MemberRole::parse(&m.role).ok())
            .unwrap_or(MemberRole::Other),
        me.and_then(|m| m.birth_date),
        today,
    );
    let sees = |about: &Concerns| member_may_see(reader, about, &minors);
    let name = me.map(|m| m.name.clone()).unwrap_or_default();
    let acting = who
        .acting_member_id
        .and_then(|a| members.iter().find(|m| m.id == a))
        .map(|m| m.name.clone());
    let mut page = HomePage {
        chrome: chrome(
            state,
            viewer,
            locale,
            "mijn-title",
            Some(acting.clone().unwrap_or_else(|| name.clone())),
        ),
        message,
        typed,
        name,
        acting,
        status: None,
        agreed: None,
        coordinator: None,
        next: None,
        goals: Vec::new(),
        support: Vec::new(),
        referrals: Vec::new(),
        reports: Vec::new(),
        decisions: Vec::new(),
        questions: Vec::new(),
        summary: Vec::new(),
        looks_total: 0,
    };
    if let Some(case) = store::cases_of_household(&state.db, household)
        .await?
        .into_iter()
        .next()
    {
        page.status = Some(t(&format!("mijn-case-{}", case.status.code())));
        page.agreed = case.plan_agreed_on.map(|d| date_in(lang, d));
        page.coordinator = store::coordinator_contact(&state.db, case.id)
            .await?
            .map(|c| Coordinator {
                name: c.name,
                phone_href: c
                    .phone
                    .as_deref()
                    .unwrap_or_default()
                    .chars()
                    .filter(|ch| ch.is_ascii_digit() || *ch == '+')
                    .collect(),
                phone: c.phone.filter(|p| !p.trim().is_empty()),
                email: c.email.filter(|e| !e.trim().is_empty()),
            });
        page.next = store::moments(&state.db, case.id)
            .await?
            .into_iter()
            .filter(|m| m.done_on.is_none())
            .min_by_key(|m| m.due)
            .map(|m| {
                let kind = if m.kind == "nazorg" {
                    "mijn-next-aftercare"
                } else {
                    "mijn-next-evaluation"
                };
                (t(kind), date_in(lang, m.due))
            });
        let actions = store::actions(&state.db, case.id).await?;
        page.goals = store::goals(&state.db, case.id)
            .await?
            .into_iter()
            .filter(|g| sees(&g.concerns))
            .map(|g| GoalView {
                due: g.due.map(|d| date_in(lang, d)).unwrap_or_default(),
                who: t(&format!("mijn-actor-{}", g.actor.code())),
                status: t(&format!("mijn-goal-{}", g.status.code())),
                actions: actions
                    .iter()
                    .filter(|a| a.goal_id == g.id && sees(&a.concerns))
                    .map(|a| (a.text.clone(), a.done_on.is_some()))
                    .collect(),
                text: g.text,
            })
            .collect();
        page.support = store::support_items(&state.db, case.id)
            .await?
            .into_iter()
            .filter(|s| s.ended_on.is_none() && sees(&s.concerns))
            .map(|s| (s.title, date_in(lang, s.added_on)))
            .collect();
        page.reports = store::contacts(&state.db, case.id)
            .await?
            .into_iter()
            .filter(|k| k.shared && sees(&k.concerns))
            .map(|k| {
                (
                    format!(
                        "{}, {}",
                        t(&format!("mijn-contact-{}", k.kind.code())),
                        date_in(lang, k.held_on)
                    ),
                    k.report,
                )
            })
            .collect();
        page.referrals = store::referrals_of_case(&state.db, case.id)
            .await?
            .into_iter()
            .filter(|r| r.status != kompas_domain::plan::ReferralStatus::Draft)
            .map(|r| {
                (
                    r.offer_name.unwrap_or(r.organization_name),
                    t(&format!("mijn-referral-{}", r.status.code())),
                )
            })
            .collect();
    }
    let mut conn = state.db.read_conn().await?;
    page.decisions = kompas_store::maatwerk::sent_decisions_of_household(&mut conn, household)
        .await?
        .into_iter()
        .map(|d| DecisionView {
            id: d.id,
            reference: kompas_domain::maatwerk::letter::reference(d.draft.law, d.id),
            kind: t(&format!("mijn-decision-{}", d.draft.kind.code())),
            sent_on: d.sent_on.map(|s| date_in(lang, s)).unwrap_or_default(),
            products: d
                .draft
                .lines
                .iter()
                .map(|l| ProductView {
                    name: l.category.name.to_string(),
                    outcome: t(&format!("mijn-outcome-{}", l.outcome.code())),
                    period: match (l.start, l.end) {
                        (Some(a), Some(b)) => text_with(
                            lang,
                            "mijn-period",
                            &[
                                ("from", FluentValue::from(date_in(lang, a))),
                                ("until", FluentValue::from(date_in(lang, b))),
                            ],
                        ),
                        (Some(a), None) => text_with(
                            lang,
                            "mijn-period-from",
                            &[("from", FluentValue::from(date_in(lang, a)))],
                        ),
                        _ => String::new(),
                    },
                })
                .collect(),
        })
        .collect();
    drop(conn);
    page.questions = resident::questions_of_member(&state.db, household, member_id, reader.carer)
        .await?
        .into_iter()
        .map(|q| QuestionView {
            received: date_in(lang, kompas_domain::dutch_time::local(q.received_at).date()),
            status: t(&format!("mijn-question-{}", q.status)),
            body: q.body.chars().take(300).collect(),
        })
        .collect();
    let orgs = organisations(state, who.municipality_id).await?;
    let looks = resident::looks_since(
        &state.db,
        household,
        now - Duration::days(31 * SUMMARY_MONTHS),
    )
    .await?;
    page.summary = summarise(lang, &looks, &orgs);
    page.looks_total = resident::looks_page(&state.db, household, None, 0, 0)
        .await?
        .1;
    Ok(html(render(&page)?))
}

#[derive(serde::Deserialize, Default)]
pub struct LooksQuery {
    #[serde(default)]
    pagina: Option<String>,
    /// The newest row of the first page: later pages stay put while the
    /// log grows (this page's own read adds a row, too).
    #[serde(default)]
    tot: Option<String>,
}

/// `/mijn/inzage`: every audit row about the household, newest first, paged.
pub async fn looks(
    State(state): State<AppState>,
    viewer: Viewer,
    locale: Locale,
    headers: HeaderMap,
    Query(q): Query<LooksQuery>,
) -> AppResult<Response> {
    let Some(who) = signed_in(&state, &headers).await? else {
        return login_choice(&state, &viewer, &locale).await;
    };
    let lang = locale.lang;
    kompas_store::audit::record(
        &state.db,
        &resident_entry(&state, &who, AuditAction::Read, "mijn-inzage"),
    )
    .await?;
    let page = q
        .pagina
        .as_deref()
        .and_then(|p| p.trim().parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, 100_000);
    let upto = q.tot.as_deref().and_then(|t| t.trim().parse::<i64>().ok());
    let (rows, total, newest) = resident::looks_page(
        &state.db,
        who.household_id,
        upto,
        LOOKS_PER_PAGE,
        (page - 1) * LOOKS_PER_PAGE,
    )
    .await?;
    let orgs = organisations(&state, who.municipality_id).await?;
    let looks = rows
        .iter()
        .map(|l| LookView {
            when: moment_in(lang, l.at),
            who: who_looked(lang, l, &orgs),
            what: text(lang, what_key(l.action)),
            why: l.purpose.clone().unwrap_or_default(),
        })
        .collect();
    let name = member_name(
        &state,
        who.household_id,
        who.acting_member_id.unwrap_or(who.member_id),
    )
    .await?;
    Ok(html(render(&LooksPage {
        chrome: chrome(&state, &viewer, &locale, "mijn-looks-title", Some(name)),
        looks,
        page,
        newest,
        pages: ((total + LOOKS_PER_PAGE - 1) / LOOKS_PER_PAGE).max(1),
        total,
    })?))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn look(at: &str, role: Option<&str>, org: Option<i64>, action: AuditAction) -> Look {
        Look {
            at: DateTime::parse_from_rfc3339(at)
                .unwrap()
                .with_timezone(&Utc),
            actor_role: role.map(str::to_string),
            actor_organization_id: org,
            action,
            purpose: None,
        }
    }

    #[test]
    fn the_summary_counts_per_month_and_organisation_in_local_time() {
        let orgs = vec![(7, "Buurtteam Noord".to_string())];
        let looks = vec![
            // 1 January 00:30 in the Netherlands is still 31 December in UTC.
            look(
                "2025-12-31T23:30:00Z",
                Some("professional"),
                Some(7),
                AuditAction::Read,
            ),
            look(
                "2025-12-20T10:00:00Z",
                Some("professional"),
                Some(7),
                AuditAction::Read,
            ),
            look(
                "2025-12-19T10:00:00Z",
                Some("coordinator"),
                None,
                AuditAction::Update,
            ),
            look(
                "2025-12-18T10:00:00Z",
                Some("professional"),
                Some(7),
                AuditAction::Read,
            ),
            look(
                "2025-12-17T10:00:00Z",
                Some("inwoner"),
                None,
                AuditAction::Login,
            ),
        ];
        let s = summarise(Language::Nl, &looks, &orgs);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].month, "Januari 2026");
        assert_eq!(s[0].lines[0].who, "Buurtteam Noord");
        assert_eq!(s[0].lines[0].counts, "1 keer bekeken");
        assert_eq!(s[1].month, "December 2025");
        let lines: Vec<(&str, &str)> = s[1]
            .lines
            .iter()
            .map(|l| (l.who.as_str(), l.counts.as_str()))
            .collect();
        assert_eq!(
            lines,
            vec![
                ("Buurtteam Noord", "2 keer bekeken"),
                ("de gemeente", "1 keer iets veranderd"),
                ("u of iemand uit uw huishouden", "1 keer ingelogd"),
            ]
        );
        let en = summarise(Language::En, &looks, &orgs);
        assert_eq!(en[1].month, "December 2025");
        assert_eq!(en[1].lines[0].counts, "looked 2 times");
    }

    #[test]
    fn dates_use_the_language_month_names() {
        let d = NaiveDate::from_ymd_opt(2026, 5, 3).unwrap();
        assert_eq!(date_in(Language::Nl, d), "3 mei 2026");
        assert_eq!(date_in(Language::En, d), "3 May 2026");
        // 22:30 UTC on 3 May is 00:30 on 4 May in the Netherlands (summer time).
        let t = DateTime::parse_from_rfc3339("2026-05-03T22:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(moment_in(Language::Nl, t), "4 mei 2026, 00:30");
    }
}
