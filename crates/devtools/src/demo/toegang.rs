//! The demo households of toegang for Wilgendaal (GM9901): a few hundred
//! invented households with members, addresses in the demo's wijken and
//! kernen, an informal network and the organisations involved, and their
//! questions and signals from every channel — closed ones with information,
//! a referral to a demo offer or a case, and a queue that is open now, with
//! urgent and overdue items. Written through the store's own functions, so
//! every step leaves its case event for the monitor. Names are composed from
//! lists written for Kompas; they are nobody's.
//!
//! Deterministic: a fixed seed gives the same households and histories on
//! every run; dates are relative to the `now` of the load, so the queue is
//! always fresh.

use crate::demo::directory::AREAS;
use crate::generate::Rng;
use anyhow::Context as _;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Timelike, Utc};
use kompas_domain::directory::{Layer, LifeDomain};
use kompas_domain::dutch_time::local;
use kompas_domain::toegang::arrears::CreditorKind;
use kompas_domain::toegang::assessment::HealthDimension;
use kompas_domain::toegang::calendar::{due_date, Urgency, WorkingCalendar};
use kompas_domain::toegang::household::{age_on, MemberRole, NetworkRelation};
use kompas_domain::toegang::question::{AgeGroup, Channel, ContactWay, OutcomeKind, SignalReason};
use kompas_domain::{Bsn, Role};
use kompas_store::toegang::{self as tg, Address, Closing, NewArrears, NewAssessment, NewQuestion};
use kompas_store::{directory as dir, tenancy, users, Db};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// The demo municipality these households live in.
pub const MUNICIPALITY: &str = "GM9901";
/// How many households the demo writes.
pub const HOUSEHOLDS: usize = 300;
const SEED: u64 = 9901;

// ---------------------------------------------------------------- names and places

const WORDS: &str = include_str!("../../data/demo/toegang.toml");

/// The names, places and texts of `data/demo/toegang.toml`.
#[derive(Debug, Default, Deserialize)]
pub struct Words {
    pub adult_names: Vec<String>,
    pub child_names: Vec<String>,
    pub senior_names: Vec<String>,
    pub surname_roots: Vec<String>,
    pub surname_endings: Vec<String>,
    pub surname_prefixes: Vec<String>,
    pub other_surnames: Vec<String>,
    /// Streets per area, in the order of `AREAS`.
    pub streets: Vec<Vec<String>>,
    pub helps_with: Vec<String>,
    /// Organisations of the demo that may already be involved with a household.
    pub involved: Vec<String>,
    pub information_notes: Vec<String>,
    pub no_action_notes: Vec<String>,
    pub score_notes: Vec<String>,
    /// Per creditor kind (its code).
    pub creditors: HashMap<String, Creditor>,
    pub themes: Vec<Theme>,
}

/// An invented creditor with the usual range of arrears in euros.
#[derive(Debug, Deserialize)]
pub struct Creditor {
    pub name: String,
    pub from: i64,
    pub to: i64,
}

static PARSED: LazyLock<Result<Words, String>> =
    LazyLock::new(|| toml::from_str(WORDS).map_err(|e| e.to_string()));
static EMPTY: LazyLock<Words> = LazyLock::new(Words::default);

/// The words, or why `data/demo/toegang.toml` does not parse (`load` checks
/// this first; the unit tests check the file itself).
pub fn check_words() -> anyhow::Result<&'static Words> {
    PARSED
        .as_ref()
        .map_err(|e| anyhow::anyhow!("data/demo/toegang.toml: {e}"))
}

fn words() -> &'static Words {
    check_words().unwrap_or(&EMPTY)
}

/// Areas (indexes into `AREAS`) as often as households live there: the
/// wijken more than the kernen.
pub const AREA_WEIGHTS: &[usize] = &[0, 0, 1, 1, 2, 2, 2, 3, 3, 4, 5];
/// Postcode letters: never starting with A or B (the tests type 99xx AA, AB
/// and BC), never S.
const POSTCODE_FIRST: &[u8] = b"CDEGHJKLMNPRTVWXZ";
const POSTCODE_SECOND: &[u8] = b"ABCDEGHJKLMNPRTVWXZ";

/// A surname: mostly composed, sometimes with a prefix, sometimes another.
pub fn surname(rng: &mut Rng) -> String {
    if rng.chance(15) {
        return pick(rng, &words().other_surnames).to_string();
    }
    let root = pick(rng, &words().surname_roots);
    let ending = pick(rng, &words().surname_endings);
    let prefix = if rng.chance(20) {
        pick(rng, &words().surname_prefixes)
    } else {
        ""
    };
    format!("{prefix}{root}{ending}")
}

fn pick<'a, S: AsRef<str>>(rng: &mut Rng, xs: &'a [S]) -> &'a str {
    rng.pick(xs).map(AsRef::as_ref).unwrap_or_default()
}

/// A nine-digit number that passes the elfproef (checked with `Bsn`), never
/// one of the test numbers the integration tests type in.
pub fn valid_bsn(rng: &mut Rng) -> String {
    loop {
        let mut d = [0_u8; 9];
        d[0] = 1 + rng.below(9) as u8;
        for x in d.iter_mut().take(8).skip(1) {
            *x = rng.below(10) as u8;
        }
        let sum: i64 = (0..8).map(|i| i64::from(d[i]) * (9 - i as i64)).sum();
        let check = sum % 11;
        if check == 10 {
            continue;
        }
        d[8] = check as u8;
        let s: String = d.iter().map(|x| char::from(b'0' + x)).collect();
        if !matches!(s.as_str(), "111222333" | "123456782") && Bsn::parse(&s).is_ok() {
            return s;
        }
    }
}

/// One member as planned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedMember {
    pub name: String,
    pub birth: NaiveDate,
    pub role: MemberRole,
    pub bsn: Option<String>,
}

/// A birth date for someone who is `age` on `today`.
fn born(rng: &mut Rng, today: NaiveDate, age: i64) -> NaiveDate {
    today - Duration::days(age * 365 + age / 4 + 1 + rng.below(360) as i64)
}

/// Whose first names a composition's adults have.
#[derive(Debug, Clone, Copy)]
enum Ages {
    Adult,
    Senior,
}

/// A usual household: how often (out of 100), the first adult's names,
/// ages and role; maybe a second adult (at most this many years older or
/// younger, the ages they may have, the chance in percent of another
/// surname); and whether there are children.
type Composition = (
    usize,
    Ages,
    (i64, i64),
    MemberRole,
    Option<(i64, (i64, i64), u32)>,
    bool,
);

#[rustfmt::skip]
const COMPOSITIONS: &[Composition] = &[
    (25, Ages::Adult, (19, 66), MemberRole::Other, None, false),
    (15, Ages::Adult, (22, 66), MemberRole::Partner, Some((6, (19, 66), 50)), false),
    (20, Ages::Adult, (21, 55), MemberRole::Parent, None, true),
    (25, Ages::Adult, (24, 55), MemberRole::Parent, Some((5, (20, 60), 40)), true),
    (10, Ages::Senior, (67, 94), MemberRole::Other, None, false),
    (5, Ages::Senior, (67, 90), MemberRole::Partner, Some((4, (67, 94), 0)), false),
];

/// A household's people, in one of the usual compositions. Adults get a
/// BSN with `bsn_percent` chance (unique within `bsns`).
pub fn draw_members(
    rng: &mut Rng,
    today: NaiveDate,
    bsn_percent: u32,
    bsns: &mut HashSet<String>,
) -> Vec<PlannedMember> {
    let family = surname(rng);
    let mut out: Vec<PlannedMember> = Vec::new();
    let mut add = |rng: &mut Rng, names: &[String], age: i64, role: MemberRole, own: bool| {
        let last = if own { surname(rng) } else { family.clone() };
        let bsn = if age >= 18 && rng.chance(bsn_percent) {
            let mut b = valid_bsn(rng);
            while !bsns.insert(b.clone()) {
                b = valid_bsn(rng);
            }
            Some(b)
        } else {
            None
        };
        out.push(PlannedMember {
            name: format!("{} {last}", pick(rng, names)),
            birth: born(rng, today, age),
            role,
            bsn,
        });
    };
    let mut roll = rng.below(100);
    let (_, names, ages, role, second, children) = *COMPOSITIONS
        .iter()
        .find(|c| {
            let hit = roll < c.0;
            roll = roll.saturating_sub(c.0);
            hit
        })
        .unwrap_or(&COMPOSITIONS[0]);
    let names = match names {
        Ages::Adult => &words().adult_names,
        Ages::Senior => &words().senior_names,
    };
    let age = rng.between(ages.0, ages.1);
    add(rng, names, age, role, false);
    let mut youngest_parent = age;
    if let Some((spread, (lo, hi), own)) = second {
        let other = (age + rng.between(-spread, spread)).clamp(lo, hi);
        let own = rng.chance(own);
        add(rng, names, other, role, own);
        youngest_parent = youngest_parent.min(other);
    }
    if children {
        let more = rng.chance(20);
        for _ in 0..1 + rng.below(if more { 4 } else { 2 }) {
            let child = rng.between(0, (youngest_parent - 19).clamp(0, 17));
            add(rng, &words().child_names, child, MemberRole::Child, false);
        }
    }
    out
}

/// An address in area `area` (an index into `AREAS`) not yet in `taken`,
/// with a house number up to `numbers` (keep it well above the households
/// per area: there are 323 postcodes an area).
pub fn draw_address(
    rng: &mut Rng,
    area: usize,
    numbers: i64,
    taken: &mut HashSet<(String, i64)>,
) -> Address {
    let (code, name, kind, postcode4) = AREAS[area % AREAS.len()];
    let streets = words()
        .streets
        .get(area % AREAS.len())
        .map_or(&[][..], Vec::as_slice);
    loop {
        let letters = [
            POSTCODE_FIRST[rng.below(POSTCODE_FIRST.len())],
            POSTCODE_SECOND[rng.below(POSTCODE_SECOND.len())],
        ];
        let postcode = format!("{postcode4} {}", String::from_utf8_lossy(&letters));
        let number = rng.between(1, numbers);
        if !taken.insert((postcode.clone(), number)) {
            continue;
        }
        return Address {
            postcode: Some(postcode),
            house_number: Some(number),
            house_number_addition: if rng.chance(8) {
                Some(pick(rng, &["A", "B", "1", "2"]).to_string())
            } else {
                None
            },
            street: pick(rng, streets).to_string(),
            city: if kind == "kern" { name } else { "Wilgendaal" }.to_string(),
            area_code: Some(code.to_string()),
        };
    }
}

/// The informal network: none to three people.
pub fn draw_network(rng: &mut Rng, family: &str) -> Vec<(String, NetworkRelation, String)> {
    let n = match rng.below(100) {
        0..=29 => 0,
        30..=64 => 1,
        65..=89 => 2,
        _ => 3,
    };
    (0..n)
        .map(|_| {
            let relation = *rng
                .pick(&[
                    NetworkRelation::Family,
                    NetworkRelation::Family,
                    NetworkRelation::Neighbour,
                    NetworkRelation::Friend,
                    NetworkRelation::Volunteer,
                ])
                .unwrap_or(&NetworkRelation::Other);
            let last = if relation == NetworkRelation::Family && rng.chance(60) {
                family.to_string()
            } else {
                surname(rng)
            };
            let first = pick(rng, &words().adult_names);
            (
                format!("{first} {last}"),
                relation,
                pick(rng, &words().helps_with).to_string(),
            )
        })
        .collect()
}

// ---------------------------------------------------------------- what questions are about

/// Who a question is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Who {
    Child,
    Adult,
    Senior,
}

impl Who {
    pub fn fits(self, age: u32) -> bool {
        match self {
            Who::Child => age < 18,
            Who::Adult => (18..67).contains(&age),
            Who::Senior => age >= 67,
        }
    }
}

/// The themes that fit a household with members of these ages.
pub fn themes_for(ages: &[u32]) -> Vec<&'static Theme> {
    themes()
        .iter()
        .filter(|t| ages.iter().any(|a| t.who.fits(*a)))
        .collect()
}

/// A channel drawn with `weights`, in the order of `Channel::ALL` (resident,
/// professional, partner, payment arrears).
pub fn draw_channel(rng: &mut Rng, weights: [u32; 4]) -> Channel {
    let total: u32 = weights.iter().sum();
    let mut r = rng.below(total as usize) as u32;
    for (c, w) in Channel::ALL.iter().zip(weights) {
        if r < w {
            return *c;
        }
        r -= w;
    }
    Channel::Resident
}

/// A kind of question, in the words of each channel.
#[derive(Debug, Deserialize)]
pub struct Theme {
    pub domains: Vec<LifeDomain>,
    pub reason: SignalReason,
    pub who: Who,
    /// Extra chance (percent) that it becomes a case.
    pub heavy: u32,
    pub resident: String,
    pub professional: String,
    pub partner: String,
}

impl Theme {
    /// The question in the words of its channel (arrears have their own).
    pub fn words(&self, channel: Channel) -> &str {
        match channel {
            Channel::Resident | Channel::PaymentArrears => &self.resident,
            Channel::Professional => &self.professional,
            Channel::PartnerSignal => &self.partner,
        }
    }
}

/// Every kind of question (never empty once `check_words` passed).
pub fn themes() -> &'static [Theme] {
    &words().themes
}

/// The text of an arrears signal from these creditors.
pub fn arrears_text(kinds: &[CreditorKind]) -> String {
    let labels: Vec<String> = kinds.iter().map(|k| k.label_nl().to_lowercase()).collect();
    format!(
        "Signaal vroegsignalering: betalingsachterstand bij {}.",
        labels.join(" en ")
    )
}

/// An invented creditor of this kind: its name and the usual range of arrears in euros.
fn creditor(kind: CreditorKind) -> (&'static str, i64, i64) {
    words()
        .creditors
        .get(kind.code())
        .map_or(("", 0, 0), |c| (c.name.as_str(), c.from, c.to))
}

// ---------------------------------------------------------------- the plan

/// The people who work on the demo's questions.
#[derive(Debug, Clone, Copy)]
pub struct Staff {
    pub consulent: i64,
    pub regisseur: i64,
    pub partner: i64,
    pub partner_organization: i64,
}

impl Staff {
    fn role_of(&self, user: i64) -> Role {
        if user == self.regisseur {
            Role::Coordinator
        } else {
            Role::Professional
        }
    }

    /// Who picks a question up: mostly the consulent.
    fn worker(&self, rng: &mut Rng) -> i64 {
        if rng.chance(65) {
            self.consulent
        } else {
            self.regisseur
        }
    }
}

/// A demo offer a question can be referred to.
#[derive(Debug, Clone)]
pub struct OfferRef {
    pub id: i64,
    pub layer: Layer,
    pub name: String,
    pub domains: Vec<LifeDomain>,
}

/// What the plan needs from the database.
#[derive(Debug, Clone)]
pub struct Context {
    pub municipality_id: i64,
    pub staff: Staff,
    pub offers: Vec<OfferRef>,
}

#[derive(Debug, Clone)]
pub struct PlannedHousehold {
    pub address: Address,
    pub involved: String,
    pub members: Vec<PlannedMember>,
    pub network: Vec<(String, NetworkRelation, String)>,
    /// When it became known (its first question).
    pub since: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct PlannedClose {
    pub outcome: OutcomeKind,
    pub offer: Option<i64>,
    pub note: String,
    pub at: DateTime<Utc>,
    pub by: i64,
}

#[derive(Debug, Clone)]
pub struct PlannedQuestion {
    /// Index into the plan's households.
    pub household: Option<usize>,
    pub new: NewQuestion,
    pub actor: Option<Role>,
    pub assign: Option<i64>,
    pub arrears: Vec<NewArrears>,
    /// First contact: when and by whom.
    pub contact: Option<(DateTime<Utc>, i64)>,
    pub close: Option<PlannedClose>,
}

#[derive(Debug, Clone)]
pub struct PlannedAssessment {
    pub household: usize,
    pub kind: &'static str,
    pub on: NaiveDate,
    pub at: DateTime<Utc>,
    pub by: i64,
    pub source: &'static str,
    pub scores: Vec<(String, i64, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub households: Vec<PlannedHousehold>,
    pub questions: Vec<PlannedQuestion>,
    pub assessments: Vec<PlannedAssessment>,
}

/// The open queue: how many of each kind, so urgent and overdue items are
/// always there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    /// Urgent, received in the last hours: within its one working day.
    UrgentFresh,
    /// Urgent, received days ago, nobody has called yet.
    UrgentLate,
    /// Received weeks ago, deadline passed, no contact yet.
    Overdue,
    /// Received in the last working days, still within the deadline.
    Fresh,
    /// Received in the last working days, first contact made.
    Contacted,
}

const OPEN_PLAN: &[(Open, usize)] = &[
    (Open::UrgentFresh, 5),
    (Open::UrgentLate, 2),
    (Open::Overdue, 8),
    (Open::Fresh, 14),
    (Open::Contacted, 5),
];
/// Open questions from residents and partners not yet linked to a household.
const UNLINKED: usize = 6;

/// `n` working days before `from`.
fn working_days_back(cal: &WorkingCalendar, from: NaiveDate, n: u32) -> NaiveDate {
    let mut d = from;
    let mut left = n;
    while left > 0 {
        d -= Duration::days(1);
        if cal.is_working_day(d) {
            left -= 1;
        }
    }
    d
}

/// A moment on a Dutch wall-clock date and time.
pub fn at_local(d: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let naive = d.and_hms_opt(hour, minute, 0).unwrap_or_default();
    let guess = Utc.from_utc_datetime(&naive);
    guess - (local(guess) - naive)
}

fn local_day(t: DateTime<Utc>) -> NaiveDate {
    local(t).date()
}

struct Planner<'a> {
    ctx: &'a Context,
    rng: Rng,
    now: DateTime<Utc>,
    today: NaiveDate,
    cal: WorkingCalendar,
    plan: Plan,
    /// Households with a case (one per household, it stays open).
    cased: HashSet<usize>,
}

impl Planner<'_> {
    fn due(&self, received: DateTime<Utc>, urgent: bool) -> NaiveDate {
        let urgency = if urgent {
            Urgency::Urgent
        } else {
            Urgency::Normal
        };
        due_date(
            local_day(received),
            urgency,
            kompas_domain::toegang::calendar::FirstContactDays::default(),
            &self.cal,
        )
    }

    /// A working-hours moment `n` working days after `day` (0: that day if
    /// it is a working day), never before `after` and never after now.
    fn working_moment(&mut self, day: NaiveDate, n: u32, after: DateTime<Utc>) -> DateTime<Utc> {
        let d = self.cal.add_working_days(day, n);
        let h = self.rng.between(9, 16) as u32;
        let m = self.rng.between(0, 59) as u32;
        at_local(d, h, m)
            .max(after + Duration::minutes(20))
            .min(self.now - Duration::minutes(5))
    }

    fn themes_for(&self, household: &PlannedHousehold) -> Vec<&'static Theme> {
        let ages: Vec<u32> = household
            .members
            .iter()
            .map(|m| age_on(m.birth, self.today))
            .collect();
        themes_for(&ages)
    }

    /// The member a question is about, for its age group and contact name.
    fn about(&mut self, h: usize, who: Who) -> (AgeGroup, String, String) {
        let today = self.today;
        let members = &self.plan.households[h].members;
        let fits: Vec<&PlannedMember> = members
            .iter()
            .filter(|m| who.fits(age_on(m.birth, today)))
            .collect();
        let about = self.rng.pick(&fits).map(|m| (*m).clone());
        // The contact is the oldest adult.
        let contact = members
            .iter()
            .filter(|m| age_on(m.birth, today) >= 18)
            .min_by_key(|m| m.birth)
            .map_or_else(String::new, |m| m.name.clone());
        let group = about.map_or(AgeGroup::Unknown, |m| {
            AgeGroup::for_age(age_on(m.birth, today))
        });
        let family = contact
            .split_once(' ')
            .map_or_else(String::new, |(_, s)| s.to_string());
        (group, contact, family)
    }

    fn email(name: &str) -> String {
        let ascii: String = name
            .to_lowercase()
            .chars()
            .map(|c| match c {
                'ö' | 'ó' => 'o',
                'é' | 'ë' => 'e',
                ' ' => '.',
                c => c,
            })
            .filter(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
            .collect();
        format!("{ascii}@example.org")
    }

    /// A question about household `h` (or none), received at `received`.
    fn question(
        &mut self,
        h: Option<usize>,
        channel: Channel,
        urgent: bool,
        received: DateTime<Utc>,
    ) -> PlannedQuestion {
        let themes: Vec<&'static Theme> = match h {
            Some(h) => self.themes_for(&self.plan.households[h]),
            None => themes().iter().filter(|t| t.who == Who::Adult).collect(),
        };
        let theme = self
            .rng
            .pick(&themes)
            .copied()
            .unwrap_or(&words().themes[0]);
        let (age_group, contact, family) = match h {
            Some(h) => self.about(h, theme.who),
            None => {
                let last = surname(&mut self.rng);
                let first = pick(&mut self.rng, &words().adult_names);
                (AgeGroup::Unknown, format!("{first} {last}"), last)
            }
        };
        let area_code = match h {
            Some(h) => self.plan.households[h].address.area_code.clone(),
            None => Some(AREAS[self.rng.below(AREAS.len())].0.to_string()),
        };
        let staff = self.ctx.staff;
        let mut q = NewQuestion {
            municipality_id: self.ctx.municipality_id,
            channel,
            urgent,
            body: theme.words(channel).to_string(),
            life_domains: theme.domains.to_vec(),
            contact_name: None,
            contact_phone: None,
            contact_email: None,
            contact_way: None,
            age_group,
            area_code,
            postcode: None,
            household_id: None,
            submitted_by: None,
            submitter_organization: None,
            reason: None,
            received_at: received,
            due_date: self.due(received, urgent),
        };
        let mut arrears = Vec::new();
        let mut assign = None;
        let actor = match channel {
            Channel::Resident => {
                q.contact_email = Some(Self::email(&contact));
                q.contact_name = Some(contact);
                q.contact_way = Some(if self.rng.chance(30) {
                    ContactWay::Visit
                } else {
                    ContactWay::Email
                });
                None
            }
            Channel::Professional => {
                q.contact_name = Some(contact);
                let by = staff.worker(&mut self.rng);
                q.submitted_by = Some(by);
                // Registered at the desk: assigned to whoever registered it.
                assign = Some(by);
                Some(staff.role_of(by))
            }
            Channel::PartnerSignal => {
                if !family.is_empty() && self.rng.chance(70) {
                    q.contact_name = Some(format!("Familie {family}"));
                }
                q.submitted_by = Some(staff.partner);
                q.submitter_organization = Some(staff.partner_organization);
                q.reason = Some(theme.reason);
                Some(Role::Partner)
            }
            Channel::PaymentArrears => {
                q.life_domains = vec![LifeDomain::Finances, LifeDomain::Housing];
                q.age_group = AgeGroup::Adult;
                let mut kinds: Vec<CreditorKind> = Vec::new();
                for _ in 0..self.rng.between(1, 3) {
                    let k = *self
                        .rng
                        .pick(&[
                            CreditorKind::Huur,
                            CreditorKind::Huur,
                            CreditorKind::Energie,
                            CreditorKind::Zorgverzekering,
                            CreditorKind::Water,
                        ])
                        .unwrap_or(&CreditorKind::Huur);
                    if !kinds.contains(&k) {
                        kinds.push(k);
                    }
                }
                let day = local_day(received);
                for k in &kinds {
                    let (name, lo, hi) = creditor(*k);
                    arrears.push(NewArrears {
                        creditor_kind: k.code().to_string(),
                        creditor: name.to_string(),
                        amount_cents: self.rng.between(lo, hi) * 100 + self.rng.between(0, 99),
                        months_overdue: self.rng.between(1, 4),
                        signal_date: day - Duration::days(self.rng.between(0, 20)),
                        person_name: contact.clone(),
                    });
                }
                q.body = arrears_text(&kinds);
                q.submitted_by = Some(staff.consulent);
                Some(Role::Professional)
            }
        };
        PlannedQuestion {
            household: h,
            new: q,
            actor,
            assign,
            arrears,
            contact: None,
            close: None,
        }
    }

    /// A referral offer for the question's first life domain, lightest layers
    /// most often.
    fn offer_for(&mut self, domain: Option<LifeDomain>) -> Option<OfferRef> {
        let heavy = self.rng.chance(15);
        let fits: Vec<&OfferRef> = self
            .ctx
            .offers
            .iter()
            .filter(|o| domain.is_none_or(|d| o.domains.contains(&d)))
            .filter(|o| {
                if heavy {
                    o.layer == Layer::Targeted
                } else {
                    o.layer <= Layer::OpenAccess
                }
            })
            .collect();
        self.rng.pick(&fits).map(|o| (*o).clone())
    }

    /// Closed history: received `received`, contact, then an outcome.
    fn closed(&mut self, h: usize, received: DateTime<Utc>) -> DateTime<Utc> {
        let channel = draw_channel(&mut self.rng, [40, 25, 20, 15]);
        let urgent = channel == Channel::PartnerSignal && self.rng.chance(20);
        let mut q = self.question(Some(h), channel, urgent, received);
        let by = q
            .assign
            .unwrap_or_else(|| self.ctx.staff.worker(&mut self.rng));
        q.assign = Some(by);
        let days = if urgent {
            1
        } else {
            kompas_domain::toegang::calendar::FirstContactDays::default().get()
        };
        let n = if self.rng.chance(15) {
            days + self.rng.between(1, 4) as u32
        } else {
            self.rng.below(days as usize + 1) as u32
        };
        let contact = self.working_moment(local_day(received), n, received);
        let closed_at = (contact
            + Duration::days(self.rng.between(0, 15))
            + Duration::minutes(self.rng.between(10, 240)))
        .min(self.now - Duration::hours(1));
        let heavy = themes()
            .iter()
            .find(|t| t.domains == q.new.life_domains.as_slice())
            .map_or(10, |t| t.heavy);
        let roll = self.rng.below(100) as u32;
        let case_share = 8 + heavy;
        let outcome = if !self.cased.contains(&h) && roll < case_share {
            OutcomeKind::CaseOpened
        } else if roll < case_share + 40 {
            OutcomeKind::Referral
        } else if roll < case_share + 78 {
            OutcomeKind::Information
        } else {
            OutcomeKind::NoAction
        };
        let offer = if outcome == OutcomeKind::Referral {
            self.offer_for(q.new.life_domains.first().copied())
        } else {
            None
        };
        let (outcome, note) = match (outcome, &offer) {
            (OutcomeKind::Referral, Some(o)) => (outcome, format!("Verwezen naar {}.", o.name)),
            (OutcomeKind::Referral, None) | (OutcomeKind::Information, _) => (
                OutcomeKind::Information,
                pick(&mut self.rng, &words().information_notes).to_string(),
            ),
            (OutcomeKind::CaseOpened, _) => (
                outcome,
                "Traject geopend; de brede uitvraag volgt.".to_string(),
            ),
            (OutcomeKind::NoAction, _) => (
                outcome,
                pick(&mut self.rng, &words().no_action_notes).to_string(),
            ),
        };
        // A quick answer is often given in the first call itself.
        let (contact, closed_at) =
            if matches!(outcome, OutcomeKind::Information) && self.rng.chance(40) {
                (None, contact)
            } else {
                (
                    Some((contact, by)),
                    closed_at.max(contact + Duration::minutes(10)),
                )
            };
        q.contact = contact;
        q.close = Some(PlannedClose {
            outcome,
            offer: offer.map(|o| o.id),
            note,
            at: closed_at,
            by,
        });
        if outcome == OutcomeKind::CaseOpened {
            self.cased.insert(h);
            self.assess(h, by, closed_at, &q.new.life_domains.clone());
        }
        self.plan.questions.push(q);
        closed_at
    }

    /// The broad look after a case opened, and for some a later re-assessment
    /// (and a Positieve Gezondheid), when those dates have passed.
    fn assess(&mut self, h: usize, by: i64, opened: DateTime<Utc>, asked: &[LifeDomain]) {
        let mut domains: Vec<LifeDomain> = asked.to_vec();
        let extra = self.rng.between(1, 3) as usize;
        while domains.len() < asked.len() + extra {
            if let Some(d) = self.rng.pick(LifeDomain::ALL) {
                if !domains.contains(d) {
                    domains.push(*d);
                }
            }
        }
        let first: Vec<i64> = domains
            .iter()
            .enumerate()
            .map(|(i, _)| {
                if i < asked.len() {
                    self.rng.between(1, 2)
                } else {
                    self.rng.between(2, 4)
                }
            })
            .collect();
        let intake = opened + Duration::days(self.rng.between(3, 20));
        if intake >= self.now - Duration::days(1) {
            return;
        }
        let record = |p: &mut Self, at: DateTime<Utc>, scores: &[i64]| {
            let scores = domains
                .iter()
                .zip(scores)
                .map(|(d, s)| {
                    let note = pick(&mut p.rng, &words().score_notes).to_string();
                    (d.code().to_string(), *s, note)
                })
                .collect();
            p.plan.assessments.push(PlannedAssessment {
                household: h,
                kind: "leefgebieden",
                on: local_day(at),
                at,
                by,
                source: "",
                scores,
            });
        };
        record(self, intake, &first);
        if self.rng.chance(40) {
            let values: Vec<(String, i64, String)> = HealthDimension::ALL
                .iter()
                .map(|d| (d.code().to_string(), self.rng.between(2, 8), String::new()))
                .collect();
            let source = if self.rng.chance(50) {
                "tablet"
            } else {
                "papier"
            };
            self.plan.assessments.push(PlannedAssessment {
                household: h,
                kind: "positieve-gezondheid",
                on: local_day(intake),
                at: intake + Duration::minutes(30),
                by,
                source,
                scores: values,
            });
        }
        let again = intake + Duration::days(self.rng.between(56, 150));
        if again < self.now - Duration::days(1) {
            let later: Vec<i64> = first
                .iter()
                .map(|s| {
                    let step = match self.rng.below(100) {
                        0..=9 => -1,
                        10..=34 => 0,
                        35..=79 => 1,
                        _ => 2,
                    };
                    (s + step).clamp(1, 5)
                })
                .collect();
            record(self, again, &later);
        }
    }

    /// A question in the queue now, of kind `kind`, about household `h`.
    fn open(&mut self, h: Option<usize>, kind: Open) {
        let today = self.today;
        let back = |p: &mut Self, lo: u32, hi: u32| {
            let n = p.rng.between(i64::from(lo), i64::from(hi)) as u32;
            let d = working_days_back(&p.cal, today, n);
            let hour = p.rng.between(8, 16) as u32;
            let minute = p.rng.between(0, 59) as u32;
            at_local(d, hour, minute).min(p.now - Duration::minutes(30))
        };
        // In the last hours of this working day, else late on the one before.
        let recent = |p: &mut Self| {
            let t = p.now - Duration::minutes(p.rng.between(20, 360));
            let l = local(t);
            if p.cal.is_working_day(l.date()) && (8..18).contains(&l.hour()) {
                t
            } else {
                back(p, 1, 1)
            }
        };
        // Channel weights in the order of `Channel::ALL`: resident,
        // professional, partner, payment arrears.
        let (received, urgent, weights) = match kind {
            Open::UrgentFresh => (recent(self), true, [0, 2, 3, 0]),
            Open::UrgentLate => (back(self, 3, 5), true, [0, 2, 3, 0]),
            Open::Overdue => (back(self, 10, 25), false, [3, 0, 2, 3]),
            Open::Fresh if self.rng.chance(40) => (recent(self), false, [5, 3, 3, 3]),
            Open::Fresh => (back(self, 1, 3), false, [5, 3, 3, 3]),
            Open::Contacted => (back(self, 1, 3), false, [2, 2, 1, 1]),
        };
        // A resident's own form is never marked urgent.
        let channel = match h {
            None if urgent || self.rng.chance(35) => Channel::PartnerSignal,
            None => Channel::Resident,
            Some(_) => draw_channel(&mut self.rng, weights),
        };
        let mut q = self.question(h, channel, urgent, received);
        let staff = self.ctx.staff;
        let assigned = match kind {
            Open::UrgentFresh => self.rng.chance(40),
            Open::UrgentLate => false,
            Open::Overdue => self.rng.chance(35),
            Open::Fresh => h.is_some() && self.rng.chance(40),
            Open::Contacted => true,
        };
        if q.assign.is_none() && assigned {
            q.assign = Some(if self.rng.chance(70) {
                staff.consulent
            } else {
                staff.regisseur
            });
        }
        if kind == Open::Contacted {
            let by = q.assign.unwrap_or(staff.consulent);
            let n = self.rng.below(2) as u32;
            let at = self.working_moment(local_day(received), n, received);
            q.contact = Some((at, by));
        }
        self.plan.questions.push(q);
    }

    fn run(mut self) -> Plan {
        let mut bsns = HashSet::new();
        let mut taken = HashSet::new();
        let mut involved_pool: Vec<&str> = words().involved.iter().map(String::as_str).collect();
        // Every eighth household has a question in the queue now.
        let linked_open: usize = OPEN_PLAN.iter().map(|(_, n)| n).sum();
        let open_households: Vec<usize> = (0..HOUSEHOLDS)
            .filter(|i| i % 8 == 5)
            .take(linked_open)
            .collect();
        for i in 0..HOUSEHOLDS {
            // Wijken with more households than the kernen.
            let area = *self.rng.pick(AREA_WEIGHTS).unwrap_or(&0);
            let address = draw_address(&mut self.rng, area, 180, &mut taken);
            let members = draw_members(&mut self.rng, self.today, 6, &mut bsns);
            let family = members
                .first()
                .and_then(|m| m.name.split_once(' '))
                .map_or_else(String::new, |(_, s)| s.to_string());
            let network = draw_network(&mut self.rng, &family);
            let involved = if self.rng.chance(35) {
                let n = self.rng.between(1, 2) as usize;
                let mut chosen = Vec::new();
                for _ in 0..n {
                    let k = self.rng.below(involved_pool.len());
                    involved_pool.rotate_left(k);
                    if let Some(o) = involved_pool.first() {
                        if !chosen.contains(o) {
                            chosen.push(*o);
                        }
                    }
                }
                chosen.join("\n")
            } else {
                String::new()
            };
            self.plan.households.push(PlannedHousehold {
                address,
                involved,
                members,
                network,
                since: self.now,
            });
            // Its history: closed questions over the last year and a half.
            let open_here = open_households.contains(&i);
            let closed = match (open_here, self.rng.below(100)) {
                (true, 0..=39) => 0,
                (_, 0..=69) => 1,
                (_, 70..=94) => 2,
                _ => 3,
            };
            let mut starts: Vec<i64> = (0..closed).map(|_| self.rng.between(14, 540)).collect();
            starts.sort_unstable_by(|a, b| b.cmp(a));
            let mut free_from = self.now - Duration::days(600);
            for days_ago in starts {
                let day = self.today - Duration::days(days_ago);
                let hour = self.rng.between(8, 20) as u32;
                let minute = self.rng.between(0, 59) as u32;
                let received = at_local(day, hour, minute).max(free_from);
                if received > self.now - Duration::days(10) {
                    break;
                }
                let ended = self.closed(i, received);
                free_from = ended + Duration::days(7);
            }
        }
        // The queue now: questions about households, and a few not yet linked.
        let mut next = open_households.iter();
        for (kind, n) in OPEN_PLAN {
            for _ in 0..*n {
                let h = next.next().copied();
                self.open(h, *kind);
            }
        }
        for i in 0..UNLINKED {
            let kind = if i % 3 == 0 {
                Open::UrgentFresh
            } else {
                Open::Fresh
            };
            self.open(None, kind);
        }
        // A household is known from its first question on.
        for q in &self.plan.questions {
            if let Some(h) = q.household {
                let since = &mut self.plan.households[h].since;
                *since = (*since).min(q.new.received_at);
            }
        }
        self.plan
            .questions
            .sort_by_key(|q| (q.new.received_at, q.household));
        self.plan.assessments.sort_by_key(|a| a.at);
        self.plan
    }
}

/// The demo's households and questions for `ctx`, as of `now`. Pure and
/// deterministic: the same context and moment give the same plan.
pub fn plan(ctx: &Context, now: DateTime<Utc>) -> Plan {
    Planner {
        ctx,
        rng: Rng::new(SEED),
        now,
        today: local_day(now),
        cal: kompas_domain::toegang::calendar::WorkingCalendar::default(),
        plan: Plan::default(),
        cased: HashSet::new(),
    }
    .run()
}

// ---------------------------------------------------------------- writing

/// The demo municipality's id and the demo accounts that work on questions.
pub async fn staff(db: &Db) -> anyhow::Result<(i64, Staff)> {
    let m = tenancy::municipality_by_code(db, MUNICIPALITY).await?;
    let user = |name: &'static str| async move {
        users::by_username(db, name)
            .await?
            .with_context(|| format!("demo-account {name} ontbreekt"))
    };
    let partner = user("partner").await?;
    let staff = Staff {
        consulent: user("consulent").await?.id,
        regisseur: user("regisseur").await?.id,
        partner: partner.id,
        partner_organization: partner
            .organization_id
            .context("het demo-account partner hoort bij geen organisatie")?,
    };
    Ok((m.id, staff))
}

/// Reads what the plan needs: the municipality, the demo accounts and offers.
async fn context(db: &Db) -> anyhow::Result<Context> {
    let (municipality_id, staff) = staff(db).await?;
    let mut offers = Vec::new();
    let mut after = 0;
    loop {
        let page = dir::offers_after(db, after, 500).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        offers.extend(
            page.iter()
                .filter(|o| o.municipality_id == municipality_id)
                .filter(|o| o.draft.status == kompas_domain::directory::OfferStatus::Active)
                .map(|o| OfferRef {
                    id: o.id,
                    layer: o.draft.layer,
                    name: o.draft.name.clone(),
                    domains: o.draft.life_domains.clone(),
                }),
        );
    }
    Ok(Context {
        municipality_id,
        staff,
        offers,
    })
}

/// Writes the demo households of Wilgendaal, unless it already has
/// households. Returns how many households were written.
pub async fn load(db: &Db, now: DateTime<Utc>) -> anyhow::Result<usize> {
    check_words()?;
    let ctx = context(db).await?;
    let existing: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM households WHERE municipality_id = $1")
            .bind(ctx.municipality_id)
            .fetch_one(db.reader())
            .await?;
    if existing > 0 {
        return Ok(0);
    }
    let plan = plan(&ctx, now);
    let mut tx = db.begin().await?;
    let mut ids = Vec::with_capacity(plan.households.len());
    for h in &plan.households {
        let id = tg::create_household(&mut tx, ctx.municipality_id, &h.address, h.since).await?;
        if !h.involved.is_empty() {
            tg::update_household(&mut tx, id, &h.address, &h.involved, h.since).await?;
        }
        for m in &h.members {
            tg::add_member(
                &mut tx,
                id,
                &m.name,
                Some(m.birth),
                m.role.code(),
                m.bsn.as_deref(),
                h.since,
            )
            .await?;
        }
        for (name, relation, helps) in &h.network {
            tg::add_network_contact(&mut tx, id, name, relation.code(), helps, h.since).await?;
        }
        ids.push(id);
    }
    let staff = ctx.staff;
    for p in &plan.questions {
        let household = p.household.and_then(|h| ids.get(h).copied());
        let new = NewQuestion {
            household_id: household,
            ..p.new.clone()
        };
        let id = tg::create_question(&mut tx, &new, p.actor).await?;
        let mut version = 1;
        if let Some(user) = p.assign {
            tg::assign_question(&mut tx, id, version, Some(user)).await?;
            version += 1;
        }
        if let Some(h) = household {
            for a in &p.arrears {
                tg::add_arrears(&mut tx, id, h, a, new.received_at).await?;
            }
        }
        if let Some((at, by)) = p.contact {
            tg::record_first_contact(&mut tx, id, version, at, Some(staff.role_of(by))).await?;
            version += 1;
        }
        if let Some(c) = &p.close {
            let role = staff.role_of(c.by);
            let case_id = match (c.outcome, household) {
                (OutcomeKind::CaseOpened, Some(h)) => Some(
                    tg::open_case(
                        &mut tx,
                        ctx.municipality_id,
                        h,
                        (c.by, role),
                        c.at,
                        Some(id),
                    )
                    .await?,
                ),
                _ => None,
            };
            tg::close_question(
                &mut tx,
                id,
                version,
                &Closing {
                    outcome: c.outcome,
                    offer_id: c.offer,
                    case_id,
                    note: c.note.clone(),
                    at: c.at,
                },
                Some(role),
            )
            .await?;
        }
    }
    for a in &plan.assessments {
        let Some(h) = ids.get(a.household).copied() else {
            continue;
        };
        // Scores in key order: a backup (which orders by the assessment
        // only) then lists them alike on SQLite and PostgreSQL.
        let mut scores = a.scores.clone();
        scores.sort();
        tg::add_assessment(
            &mut tx,
            &NewAssessment {
                household_id: h,
                kind: a.kind,
                member_id: None,
                assessed_on: a.on,
                assessed_by: Some(a.by),
                source: a.source,
                scores: &scores,
            },
            a.at,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(ids.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> Context {
        let offer = |id: i64, layer: Layer, domains: &[LifeDomain]| OfferRef {
            id,
            layer,
            name: format!("Aanbod {id}"),
            domains: domains.to_vec(),
        };
        Context {
            municipality_id: 1,
            staff: Staff {
                consulent: 10,
                regisseur: 11,
                partner: 12,
                partner_organization: 3,
            },
            offers: LifeDomain::ALL
                .iter()
                .enumerate()
                .flat_map(|(i, d)| {
                    [
                        offer(i as i64 * 2 + 1, Layer::SocialBase, &[*d]),
                        offer(i as i64 * 2 + 2, Layer::Targeted, &[*d]),
                    ]
                })
                .collect(),
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 11, 10, 30, 0).unwrap()
    }

    #[test]
    fn the_words_parse_and_every_list_is_filled() {
        let w = check_words().unwrap();
        for list in [
            &w.adult_names,
            &w.child_names,
            &w.senior_names,
            &w.surname_roots,
            &w.surname_endings,
            &w.surname_prefixes,
            &w.other_surnames,
            &w.helps_with,
            &w.involved,
            &w.information_notes,
            &w.no_action_notes,
            &w.score_notes,
        ] {
            assert!(!list.is_empty());
        }
        assert_eq!(w.streets.len(), AREAS.len(), "streets for every area");
        assert!(w.streets.iter().all(|s| !s.is_empty()));
        for k in [
            CreditorKind::Huur,
            CreditorKind::Energie,
            CreditorKind::Water,
            CreditorKind::Zorgverzekering,
        ] {
            let (name, from, to) = creditor(k);
            assert!(!name.is_empty() && 0 < from && from < to, "{k:?}");
        }
        for who in [Who::Child, Who::Adult, Who::Senior] {
            assert!(themes().iter().any(|t| t.who == who), "{who:?}");
        }
        assert!(themes().iter().all(|t| !t.domains.is_empty()
            && !t.resident.is_empty()
            && !t.professional.is_empty()
            && !t.partner.is_empty()));
    }

    #[test]
    fn the_same_moment_gives_the_same_households_and_questions() {
        let a = plan(&context(), now());
        let b = plan(&context(), now());
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        assert_eq!(a.households.len(), HOUSEHOLDS);
        assert!(a.questions.len() > HOUSEHOLDS, "{}", a.questions.len());
    }

    #[test]
    fn members_bsns_and_addresses_are_valid() {
        let p = plan(&context(), now());
        let bsns: Vec<&String> = p
            .households
            .iter()
            .flat_map(|h| &h.members)
            .filter_map(|m| m.bsn.as_ref())
            .collect();
        assert!(bsns.len() >= 5, "a few members have a BSN: {}", bsns.len());
        assert!(bsns.iter().all(|b| Bsn::parse(b).is_ok()));
        let unique: HashSet<&&String> = bsns.iter().collect();
        assert_eq!(unique.len(), bsns.len());
        for h in &p.households {
            assert!(!h.members.is_empty());
            let pc = h.address.postcode.as_deref().unwrap();
            let parsed = kompas_domain::Postcode::parse(pc).unwrap();
            let area = AREAS.iter().find(|a| a.3 == parsed.digits()).unwrap();
            assert_eq!(h.address.area_code.as_deref(), Some(area.0));
        }
    }

    #[test]
    fn the_queue_has_urgent_and_overdue_items_and_one_case_per_household() {
        let p = plan(&context(), now());
        let today = local_day(now());
        let open: Vec<&PlannedQuestion> =
            p.questions.iter().filter(|q| q.close.is_none()).collect();
        let open_total: usize = OPEN_PLAN.iter().map(|(_, n)| n).sum::<usize>() + UNLINKED;
        assert_eq!(open.len(), open_total);
        // The first page of the queue (50) holds every demo item.
        assert!(open.len() < 50);
        assert!(open.iter().filter(|q| q.new.urgent).count() >= 5);
        let overdue = open
            .iter()
            .filter(|q| q.new.due_date < today && q.contact.is_none())
            .count();
        assert!(overdue >= 8, "{overdue}");
        let mut cases = std::collections::HashMap::new();
        for q in &p.questions {
            if let (Some(h), Some(c)) = (q.household, &q.close) {
                assert!(c.at <= now() && c.at >= q.new.received_at);
                if c.outcome == OutcomeKind::CaseOpened {
                    *cases.entry(h).or_insert(0) += 1;
                }
            }
            assert!(q.new.received_at <= now());
        }
        assert!(cases.len() >= 20, "{}", cases.len());
        assert!(cases.values().all(|n| *n == 1));
        assert!(p
            .assessments
            .iter()
            .any(|a| a.kind == "positieve-gezondheid"));
        let reassessed = p
            .assessments
            .iter()
            .filter(|a| a.kind == "leefgebieden")
            .fold(std::collections::HashMap::new(), |mut m, a| {
                *m.entry(a.household).or_insert(0) += 1;
                m
            });
        assert!(
            reassessed.values().any(|n| *n >= 2),
            "a later re-assessment"
        );
        for channel in Channel::ALL {
            assert!(p.questions.iter().any(|q| q.new.channel == *channel));
        }
    }

    #[test]
    fn local_moments_round_trip() {
        let d = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        assert_eq!(local(at_local(d, 9, 15)).to_string(), "2026-07-01 09:15:00");
        let d = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        assert_eq!(local(at_local(d, 16, 0)).to_string(), "2026-01-05 16:00:00");
    }
}
