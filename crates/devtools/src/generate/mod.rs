//! `kompas generate offers`: a large, realistic, deterministic sociale kaart
//! for load tests and benchmarks. The same seed gives the same offers; the
//! words come from `data/generate/*.toml` (written by us, no real organisations).
//!
//! Offers go through `save_offer` in transactions of [`BATCH`] offers, so
//! validation and history are the real path. Ids are `gen-{gemeente}-{seed}-{n}`:
//! running the same command twice changes nothing.

pub mod berichten;
pub mod cases;
mod command;
pub mod maatwerk;
mod words;

pub use command::GenerateCommand;

use anyhow::Context as _;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use kompas_domain::directory::{
    AccessRoute, AgeRange, Layer, LifeDomain, OfferDraft, OfferStatus, OpeningHours, TargetGroup,
};
use kompas_store::directory::{self as dir, Location, OfferPlace, OrganizationInput, Saved};
use kompas_store::{tenancy, Db, StoreError};
use std::collections::{HashMap, HashSet};

/// Offers per transaction.
pub const BATCH: usize = 1000;
/// The municipality the generator creates when none is given.
pub const DEFAULT_MUNICIPALITY: &str = "GM9990";
const DEFAULT_MUNICIPALITY_NAME: &str = "Generatorstad";

// ---------------------------------------------------------------- a small PRNG

/// SplitMix64: tiny, fast and the same on every platform and version.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x6b6f_6d70_6173_2121)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as usize) as i64
    }

    /// True with `percent` chance.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    /// One of `choices` by weight: a number below the weights' sum walks the
    /// choices (`None` when there are none).
    pub fn weighted<T: Copy>(&mut self, choices: &[(usize, T)]) -> Option<T> {
        let mut r = self.below(choices.iter().map(|c| c.0).sum());
        for &(weight, x) in choices {
            if r < weight {
                return Some(x);
            }
            r -= weight;
        }
        None
    }

    /// One element; the lists passed are constant and never empty.
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> Option<&'a T> {
        xs.get(self.below(xs.len()))
    }

    fn word<S: AsRef<str>>(&mut self, xs: &'static [S]) -> &'static str {
        self.pick(xs).map(AsRef::as_ref).unwrap_or_default()
    }

    /// `k` distinct elements in a random order (fewer when `xs` is shorter).
    fn sample<T: Clone>(&mut self, xs: &[T], k: usize) -> Vec<T> {
        let mut idx: Vec<usize> = (0..xs.len()).collect();
        let mut out = Vec::with_capacity(k.min(xs.len()));
        for _ in 0..k.min(xs.len()) {
            let i = self.below(idx.len());
            let j = idx.swap_remove(i);
            if let Some(x) = xs.get(j) {
                out.push(x.clone());
            }
        }
        out
    }
}

// ---------------------------------------------------------------- words

pub use words::check as check_words;
use words::{templates, words, Hours, Kind, Template};
use AccessRoute as A;

/// Layer weights: the pyramid (many in 2–3, fewer in 5).
const LAYER_WEIGHTS: [(Layer, u32); 5] = [
    (Layer::OwnStrength, 10),
    (Layer::SocialBase, 32),
    (Layer::OpenAccess, 31),
    (Layer::Targeted, 18),
    (Layer::Intensive, 9),
];

// ---------------------------------------------------------------- the plan

/// A wijk the generated offers are spread over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenArea {
    pub code: String,
    pub name: String,
    pub postcode4: String,
}

/// What the generator needs to know of the municipality.
#[derive(Debug, Clone)]
pub struct Town {
    pub municipality_code: String,
    pub municipality_name: String,
    pub areas: Vec<GenArea>,
    pub today: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct GenOrganization {
    pub input: OrganizationInput,
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GenLocation {
    pub location: Location,
    /// Index into the organisations.
    pub organization: usize,
    /// Index into the areas.
    pub area: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GenOffer {
    pub draft: OfferDraft,
    pub organization: usize,
    pub location: Option<usize>,
}

/// The deterministic generator: organisations and locations at once, offers
/// one at a time (so 100 000 of them never sit in memory together).
pub struct Generator {
    ctx: Town,
    seed: u64,
    count: usize,
    rng: Rng,
    next: usize,
    pub organizations: Vec<GenOrganization>,
    pub locations: Vec<GenLocation>,
    by_kind: HashMap<Kind, Vec<usize>>,
    locations_of: Vec<Vec<usize>>,
    by_layer: Vec<Vec<usize>>,
}

/// `GM9990` → `"9990"`.
fn digits(code: &str) -> String {
    code.chars().filter(char::is_ascii_digit).collect()
}

fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.to_lowercase().chars() {
        let c = match c {
            'à' | 'á' | 'â' | 'ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// Twelve wijken for a municipality that has none yet.
pub fn default_areas(municipality_code: &str) -> Vec<GenArea> {
    let d = digits(municipality_code);
    let n: usize = d.parse().unwrap_or(0);
    words()
        .wijken
        .iter()
        .enumerate()
        .map(|(i, name)| GenArea {
            code: format!("WK{d}{:02}", i + 1),
            name: name.clone(),
            postcode4: format!("{}", 1000 + (n % 700) * 12 + i),
        })
        .collect()
}

impl Generator {
    /// Plans organisations (a few hundred for large counts) and their locations.
    pub fn new(seed: u64, count: usize, ctx: Town) -> Generator {
        let mut rng = Rng::new(seed);
        let gm = ctx.municipality_code.to_lowercase();
        let n_orgs = (count / 50).clamp(Kind::ALL.len() * 2, 300);
        let mut organizations = Vec::with_capacity(n_orgs);
        let mut names = HashSet::new();
        let area_name = |rng: &mut Rng, areas: &[GenArea]| {
            rng.pick(areas)
                .map(|a| a.name.clone())
                .unwrap_or_else(|| "Centrum".into())
        };
        for k in 0..n_orgs {
            // Every kind at least twice, then weighted towards welfare and care.
            let kind = match Kind::ALL.get(k % Kind::ALL.len()) {
                Some(kind) if k < Kind::ALL.len() * 2 => *kind,
                _ => *rng
                    .pick(&[
                        Kind::Welfare,
                        Kind::Welfare,
                        Kind::CommunityCentre,
                        Kind::CommunityCentre,
                        Kind::Volunteers,
                        Kind::Volunteers,
                        Kind::HomeCare,
                        Kind::HomeCare,
                        Kind::Youth,
                        Kind::Youth,
                        Kind::MentalHealth,
                        Kind::Sport,
                        Kind::Library,
                        Kind::Money,
                        Kind::Work,
                        Kind::Housing,
                        Kind::Language,
                        Kind::Addiction,
                        Kind::Safety,
                        Kind::Shelter,
                        Kind::Municipality,
                    ])
                    .unwrap_or(&Kind::Welfare),
            };
            let mut name = String::new();
            for attempt in 0..30 {
                let pattern = rng.word(kind.patterns());
                let candidate = pattern
                    .replace("{n}", rng.word(&words().nouns))
                    .replace("{w}", &area_name(&mut rng, &ctx.areas))
                    .replace("{g}", &ctx.municipality_name);
                let candidate = if attempt >= 20 {
                    format!("{candidate} {}", attempt - 18)
                } else {
                    candidate
                };
                if names.insert(candidate.clone()) {
                    name = candidate;
                    break;
                }
            }
            if name.is_empty() {
                name = format!("Organisatie {} {}", ctx.municipality_name, k + 1);
                names.insert(name.clone());
            }
            let s = slug(&name);
            let website = rng.chance(80).then(|| format!("https://{s}.voorbeeld.nl"));
            let email = rng.chance(75).then(|| format!("info@{s}.voorbeeld.nl"));
            let phone = rng
                .chance(85)
                .then(|| format!("088-{:07}", rng.below(10_000_000)));
            organizations.push(GenOrganization {
                input: OrganizationInput {
                    hsds_id: format!("gen-{gm}-org-{:04}", k + 1),
                    name: name.clone(),
                    kind: kind.code().to_string(),
                    description: format!(
                        "{name} is {} in {}.",
                        kind.describe(),
                        ctx.municipality_name
                    ),
                    website,
                    email,
                    phone,
                },
                kind,
            });
        }
        // One to three locations per organisation, each in a wijk.
        let mut locations = Vec::new();
        let mut locations_of = vec![Vec::new(); organizations.len()];
        for (oi, org) in organizations.iter().enumerate() {
            let n = 1 + rng.below(3);
            for _ in 0..n {
                let area = rng.below(ctx.areas.len());
                let Some(a) = ctx.areas.get(area) else {
                    continue;
                };
                let number = 1 + rng.below(180);
                let street = rng.word(&words().streets);
                let name = if locations_of
                    .get(oi)
                    .is_some_and(|l: &Vec<usize>| l.is_empty())
                {
                    org.input.name.clone()
                } else {
                    format!("{}, {}", org.input.name, a.name)
                };
                if let Some(list) = locations_of.get_mut(oi) {
                    list.push(locations.len());
                }
                locations.push(GenLocation {
                    location: Location {
                        id: 0,
                        hsds_id: format!("gen-{gm}-loc-{:05}", locations.len() + 1),
                        organization_id: None,
                        name,
                        address: Some(format!("{street} {number}")),
                        postcode: Some(format!(
                            "{} {}",
                            a.postcode4,
                            rng.word(&words().postcode_letters)
                        )),
                        city: Some(ctx.municipality_name.clone()),
                        area_code: Some(a.code.clone()),
                        latitude: None,
                        longitude: None,
                    },
                    organization: oi,
                    area,
                });
            }
        }
        let mut by_kind: HashMap<Kind, Vec<usize>> = HashMap::new();
        for (i, o) in organizations.iter().enumerate() {
            by_kind.entry(o.kind).or_default().push(i);
        }
        let by_layer = Layer::ALL
            .iter()
            .map(|l| {
                templates()
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.layer == *l)
                    .map(|(i, _)| i)
                    .collect()
            })
            .collect();
        Generator {
            ctx,
            seed,
            count,
            rng,
            next: 0,
            organizations,
            locations,
            by_kind,
            locations_of,
            by_layer,
        }
    }

    pub fn total(&self) -> usize {
        self.count
    }

    fn template(&mut self, i: usize) -> Option<&'static Template> {
        // The first offers cover every life domain and every layer.
        let domains = LifeDomain::ALL.len();
        let choices: Vec<usize> = if let Some(d) = LifeDomain::ALL.get(i) {
            templates()
                .iter()
                .enumerate()
                .filter(|(_, t)| t.domains.contains(d))
                .map(|(k, _)| k)
                .collect()
        } else if let Some(l) = i.checked_sub(domains).and_then(|k| self.by_layer.get(k)) {
            l.clone()
        } else {
            let total: u32 = LAYER_WEIGHTS.iter().map(|(_, w)| w).sum();
            let mut r = self.rng.below(total as usize) as u32;
            let mut layer = 0;
            for (k, (_, w)) in LAYER_WEIGHTS.iter().enumerate() {
                if r < *w {
                    layer = k;
                    break;
                }
                r -= w;
            }
            self.by_layer.get(layer).cloned().unwrap_or_default()
        };
        let k = self.rng.pick(&choices).copied().unwrap_or(0);
        templates().get(k)
    }
}

/// Weekly hours of the given kind.
fn hours(rng: &mut Rng, kind: Hours) -> OpeningHours {
    let mut h = OpeningHours::default();
    let mut add = |days: &str, (from, to): (&str, &str)| {
        // The windows of the data are all valid; a refused one is left out.
        let _ = h.add(days, from, to);
    };
    let w = words();
    let window = |rng: &mut Rng, windows: &'static [(String, String)], default| {
        rng.pick(windows)
            .map_or(default, |(from, to)| (from.as_str(), to.as_str()))
    };
    match kind {
        Hours::Week => {
            // One to three different days, often with the same hours.
            let n = 1 + rng.below(3);
            let same = window(rng, &w.day_windows, ("09:00", "12:00"));
            let one_window = rng.chance(60);
            for day in rng.sample(&w.days, n) {
                let hours = if one_window {
                    same
                } else {
                    window(rng, &w.day_windows, ("09:00", "12:00"))
                };
                add(&day, hours);
            }
        }
        Hours::Evening => {
            let days = rng.word(&w.days);
            let hours = window(rng, &w.evening_windows, ("19:00", "21:00"));
            add(days, hours);
            if rng.chance(30) {
                add("za", ("10:00", "13:00"));
            }
        }
        Hours::Office => {
            let w = *rng
                .pick(&[("09:00", "17:00"), ("08:30", "17:00"), ("08:30", "16:30")])
                .unwrap_or(&("09:00", "17:00"));
            add("ma,di,wo,do,vr", w);
        }
        Hours::Always => add("ma,di,wo,do,vr,za,zo", ("00:00", "24:00")),
        Hours::Appointment => {}
    }
    h
}

impl Generator {
    /// The next offer, or `None` after `count`.
    pub fn next_offer(&mut self) -> Option<GenOffer> {
        if self.next >= self.count {
            return None;
        }
        let i = self.next;
        self.next += 1;
        let t = self.template(i)?;
        let rng = &mut self.rng;
        let orgs = self.by_kind.get(&t.kind).map(Vec::as_slice).unwrap_or(&[]);
        let organization = rng.pick(orgs).copied().unwrap_or(0);
        let org = self.organizations.get(organization);
        let org_name = org.map(|o| o.input.name.clone()).unwrap_or_default();
        // Heavier help is more often at home or by appointment, without a place.
        let with_place = match t.layer {
            Layer::OwnStrength | Layer::SocialBase | Layer::OpenAccess => rng.chance(85),
            _ => rng.chance(50),
        };
        let own = self
            .locations_of
            .get(organization)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let location = if with_place {
            rng.pick(own).copied()
        } else {
            None
        };
        let area_index = location
            .and_then(|l| self.locations.get(l))
            .map(|l| l.area)
            .unwrap_or_else(|| rng.below(self.ctx.areas.len()));
        let area = self.ctx.areas.get(area_index);
        let wijk = area.map(|a| a.name.clone()).unwrap_or_default();
        let base = rng.word(&t.names);
        let name = match rng.below(10) {
            0..=3 => format!("{base} {wijk}"),
            4..=5 => base.to_string(),
            6 if !base.contains(" in ") => format!("{base} in {wijk}"),
            6 => format!("{base} ({wijk})"),
            7 => format!("{base} ({org_name})"),
            _ => format!("{base} – {org_name}"),
        };
        let name: String = name.chars().take(200).collect();

        let hours = hours(rng, t.hours);

        let mut life_domains: Vec<LifeDomain> = t.domains.clone();
        if life_domains.len() > 1 && rng.chance(30) {
            life_domains.truncate(1 + rng.below(life_domains.len()));
        }

        // The description: what it is, where and when, and a few plain sentences.
        let mut text: Vec<String> = vec![rng.word(&t.what).to_string()];
        if let Some(l) = location.and_then(|l| self.locations.get(l)) {
            let address = l.location.address.clone().unwrap_or_default();
            text.push(match rng.below(3) {
                0 => format!("U vindt ons in {}, {address}.", l.location.name),
                1 => format!("Het adres is {address} in {wijk}."),
                _ => format!("We zitten aan de {address}, midden in {wijk}."),
            });
        } else if t.layer >= Layer::Targeted && rng.chance(60) {
            text.push("De hulp vindt meestal bij u thuis plaats.".into());
        }
        if matches!(t.hours, Hours::Always) {
            text.push("Dag en nacht bereikbaar, ook in het weekend.".into());
        } else if let Some(first) = hours.lines_nl().first() {
            if rng.chance(60) {
                text.push(format!("Open: {first}."));
            }
        } else if rng.chance(50) {
            text.push("U maakt een afspraak op een moment dat u past.".into());
        }
        let phrases = &words().phrases;
        let pool = match t.layer {
            Layer::OwnStrength | Layer::SocialBase => &phrases.open,
            Layer::OpenAccess => &phrases.support,
            Layer::Targeted => &phrases.targeted,
            Layer::Intensive => &phrases.intensive,
        };
        if t.layer == Layer::OpenAccess && t.access.without_referral() && rng.chance(40) {
            text.push("U hoeft geen verwijzing te hebben.".into());
        }
        let n_general = 1 + rng.below(2);
        text.extend(rng.sample(pool, n_general));
        if let Some(d) = rng.pick(&life_domains) {
            text.push(rng.word(words().domain_phrases(*d)).to_string());
        }
        let description = text.join(" ");

        // Keywords in resident language: a few of the template's, sometimes more.
        let n_kw = 3 + rng.below(4);
        let keywords: Vec<String> = rng.sample(&t.keywords, n_kw);

        let target_groups: Vec<TargetGroup> = t.groups.clone();
        let ages = AgeRange::new(t.age_min, t.age_max).unwrap_or_default();

        let for_whom = {
            let groups: Vec<&str> = target_groups.iter().map(|g| words().plural(*g)).collect();
            let groups = match groups.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} en {last}", rest.join(", ")),
                _ => groups.concat(),
            };
            let ages_text = if ages == AgeRange::default() {
                String::new()
            } else {
                format!(" ({})", ages.label_nl())
            };
            format!(
                "Voor {groups}{ages_text} in {}.",
                if rng.chance(50) {
                    wijk.clone()
                } else {
                    self.ctx.municipality_name.clone()
                }
            )
        };
        let referrer = match t.access {
            A::Referral | A::Indication => Some(if t.referrer == "Sociaal Team" {
                format!("Sociaal Team {}", self.ctx.municipality_name)
            } else {
                t.referrer.to_string()
            }),
            _ => None,
        };
        let who = referrer.clone().unwrap_or_default();
        let application_process = match t.access {
            A::Open => rng
                .word(&[
                    "Loop gewoon binnen tijdens de openingstijden.",
                    "U hoeft zich niet aan te melden.",
                    "Kom langs of bel ons gerust eerst.",
                ])
                .to_string(),
            A::Register => rng
                .word(&[
                    "Meld u aan per telefoon of e-mail.",
                    "Bel of mail ons; wij nemen binnen een week contact met u op.",
                    "Aanmelden kan via de website of bij de balie.",
                ])
                .to_string(),
            A::Referral => format!("U heeft een verwijzing nodig van {who}."),
            A::Indication => {
                format!("Neem contact op met {who}; samen kijkt u wat nodig is en daarna volgt een beschikking.")
            }
        };
        let free = t.cost.is_empty();
        let cost_text = if free {
            String::new()
        } else {
            rng.word(&t.cost).to_string()
        };
        let areas_served: Vec<String> = {
            let here = area.map(|a| a.code.clone());
            let whole = match t.layer {
                Layer::Targeted | Layer::Intensive => rng.chance(80),
                _ => rng.chance(25),
            };
            if whole {
                Vec::new()
            } else if rng.chance(20) {
                let other = self
                    .ctx
                    .areas
                    .get(rng.below(self.ctx.areas.len()))
                    .map(|a| a.code.clone());
                let mut v: Vec<String> = here.into_iter().chain(other).collect();
                v.sort();
                v.dedup();
                v
            } else {
                here.into_iter().collect()
            }
        };
        let status = match rng.below(100) {
            0..=1 => OfferStatus::TemporarilyClosed,
            2 => OfferStatus::Inactive,
            3 => OfferStatus::Defunct,
            _ => OfferStatus::Active,
        };
        // About 10% stale: 2% never checked, 8% longer than a year ago.
        let today = self.ctx.today;
        let last_checked = match rng.below(100) {
            0..=1 => None,
            2..=9 => Some(today - Duration::days(rng.between(370, 1100))),
            _ => Some(today - Duration::days(rng.between(0, 340))),
        };
        let (phone, email, url) = match org {
            Some(o) => (
                o.input.phone.clone().filter(|_| rng.chance(90)),
                o.input.email.clone().filter(|_| rng.chance(80)),
                o.input
                    .website
                    .as_ref()
                    .filter(|_| rng.chance(70))
                    .map(|w| format!("{w}/aanbod")),
            ),
            None => (None, None, None),
        };
        let mut draft = OfferDraft {
            hsds_id: format!(
                "gen-{}-{}-{:06}",
                self.ctx.municipality_code.to_lowercase(),
                self.seed,
                i + 1
            ),
            name,
            description,
            for_whom,
            application_process,
            status,
            layer: t.layer,
            access: t.access,
            referrer,
            ages,
            free,
            cost_text,
            keywords,
            life_domains,
            target_groups,
            areas_served,
            hours,
            phone,
            email,
            url,
            last_checked,
            checked_by: Some(if rng.chance(70) {
                format!("redactie {}", self.ctx.municipality_name)
            } else {
                org_name
            }),
        };
        // In the order storage keeps lists in, so a stored offer equals its draft.
        draft.normalize();
        Some(GenOffer {
            draft,
            organization,
            location,
        })
    }
}

impl Iterator for Generator {
    type Item = GenOffer;
    fn next(&mut self) -> Option<GenOffer> {
        self.next_offer()
    }
}

// ---------------------------------------------------------------- into the database

#[derive(Debug, Clone)]
pub struct Options {
    pub count: usize,
    pub seed: u64,
    /// CBS code; created (with twelve wijken) when missing.
    pub municipality: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            count: 1000,
            seed: 1,
            municipality: DEFAULT_MUNICIPALITY.into(),
        }
    }
}

/// Where a run stands, for progress lines.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub seconds: f64,
}

impl Progress {
    pub fn rate(&self) -> f64 {
        if self.seconds > 0.0 {
            self.done as f64 / self.seconds
        } else {
            0.0
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub municipality_id: i64,
    pub municipality_code: String,
    pub areas_created: usize,
    pub organizations: usize,
    pub locations: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub seconds: f64,
}

impl Report {
    pub fn rate(&self) -> f64 {
        let n = self.created + self.updated + self.unchanged;
        if self.seconds > 0.0 {
            n as f64 / self.seconds
        } else {
            0.0
        }
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "gemeente {}: {} aanbiedingen nieuw, {} gewijzigd, {} ongewijzigd; {} organisaties, {} locaties{}; {:.1} s ({:.0} aanbiedingen/s)",
            self.municipality_code,
            self.created,
            self.updated,
            self.unchanged,
            self.organizations,
            self.locations,
            if self.areas_created > 0 {
                format!(", {} wijken aangemaakt", self.areas_created)
            } else {
                String::new()
            },
            self.seconds,
            self.rate()
        )
    }
}

/// Name of a municipality the generator creates.
fn generated_name(code: &str) -> String {
    if code == DEFAULT_MUNICIPALITY {
        DEFAULT_MUNICIPALITY_NAME.to_string()
    } else {
        format!("{DEFAULT_MUNICIPALITY_NAME} {}", digits(code))
    }
}

/// Finds or creates the municipality and its wijken; returns its id and the context.
pub async fn prepare(db: &Db, code: &str, today: NaiveDate) -> anyhow::Result<(i64, Town, usize)> {
    let code = code.trim().to_uppercase();
    let (id, name) = match tenancy::municipality_by_code(db, &code).await {
        Ok(m) => (m.id, m.name),
        Err(StoreError::NotFound(_)) => {
            let name = generated_name(&code);
            let mut tx = db.begin().await?;
            let id = tenancy::create_municipality(&mut tx, &code, &name, None).await?;
            tx.commit().await?;
            (id, name)
        }
        Err(e) => return Err(e.into()),
    };
    let existing = dir::areas(db, id).await?;
    let mut created = 0;
    let areas = if existing.is_empty() {
        let planned = default_areas(&code);
        let mut tx = db.begin().await?;
        for a in &planned {
            let area_id = dir::create_area(&mut tx, id, &a.code, &a.name, "wijk")
                .await
                .with_context(|| format!("wijk {} aanmaken", a.code))?;
            dir::add_area_postcode(&mut tx, &a.postcode4, area_id).await?;
        }
        tx.commit().await?;
        created = planned.len();
        planned
    } else {
        let d = digits(&code);
        existing
            .iter()
            .enumerate()
            .map(|(i, a)| GenArea {
                code: a.cbs_code.clone(),
                name: a.name.clone(),
                postcode4: format!(
                    "{}",
                    1000 + (d.parse::<usize>().unwrap_or(0) % 700) * 12 + i
                ),
            })
            .collect()
    };
    Ok((
        id,
        Town {
            municipality_code: code,
            municipality_name: name,
            areas,
            today,
        },
        created,
    ))
}

/// Generates `opts.count` offers into `db` in batches of [`BATCH`], calling
/// `progress` after each batch.
pub async fn run(
    db: &Db,
    opts: &Options,
    now: DateTime<Utc>,
    mut progress: impl FnMut(Progress),
) -> anyhow::Result<Report> {
    words::check()?;
    let started = std::time::Instant::now();
    let (municipality_id, ctx, areas_created) =
        prepare(db, &opts.municipality, now.date_naive()).await?;
    let code = ctx.municipality_code.clone();
    let mut generator = Generator::new(opts.seed, opts.count, ctx);

    // Organisations and locations in one transaction. An organisation of the
    // same name that is not ours (e.g. from the demo) is used as it is.
    let existing: HashMap<String, i64> = tenancy::organizations(db, municipality_id)
        .await?
        .into_iter()
        .map(|o| (o.name, o.id))
        .collect();
    let mut org_ids = Vec::with_capacity(generator.organizations.len());
    let mut loc_ids = Vec::with_capacity(generator.locations.len());
    {
        let mut tx = db.begin().await?;
        for o in &generator.organizations {
            let ours = dir::organization_by_hsds(db, &o.input.hsds_id)
                .await?
                .is_some();
            let id = match existing.get(&o.input.name) {
                Some(id) if !ours => *id,
                _ => dir::upsert_organization(&mut tx, municipality_id, &o.input)
                    .await
                    .with_context(|| format!("organisatie '{}'", o.input.name))?,
            };
            org_ids.push(id);
        }
        for l in &generator.locations {
            let mut loc = l.location.clone();
            loc.organization_id = org_ids.get(l.organization).copied();
            loc_ids.push(dir::upsert_location(&mut tx, &loc).await?);
        }
        tx.commit().await?;
    }

    let mut report = Report {
        municipality_id,
        municipality_code: code,
        areas_created,
        organizations: org_ids.len(),
        locations: loc_ids.len(),
        ..Report::default()
    };
    let reason = format!("gegenereerd (seed {})", opts.seed);
    let total = generator.total();
    let mut done = 0;
    loop {
        let batch: Vec<GenOffer> = generator.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let mut tx = db.begin().await?;
        for o in &batch {
            let place = OfferPlace {
                municipality_id,
                organization_id: org_ids.get(o.organization).copied().unwrap_or_default(),
                location_id: o.location.and_then(|l| loc_ids.get(l).copied()),
            };
            let saved = dir::save_offer(
                &mut tx,
                place,
                &o.draft,
                None,
                None,
                "generator",
                &reason,
                now,
            )
            .await
            .with_context(|| format!("aanbod {}", o.draft.hsds_id))?;
            match saved {
                Saved::Created(_) => report.created += 1,
                Saved::Updated(_) => report.updated += 1,
                Saved::Unchanged(_) => report.unchanged += 1,
            }
        }
        tx.commit().await?;
        done += batch.len();
        progress(Progress {
            done,
            total,
            seconds: started.elapsed().as_secs_f64(),
        });
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Town {
        Town {
            municipality_code: "GM9990".into(),
            municipality_name: "Generatorstad".into(),
            areas: default_areas("GM9990"),
            today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        }
    }

    #[test]
    fn default_areas_are_valid_cbs_codes() {
        let a = default_areas("GM9990");
        assert_eq!(a.len(), 12);
        assert_eq!(a[0].code, "WK999001");
        assert_eq!(a[11].code, "WK999012");
        assert!(a.iter().all(|a| a.postcode4.len() == 4));
    }

    #[test]
    fn hours_are_never_refused() {
        let mut g = Generator::new(3, 10, ctx());
        for kind in [Hours::Week, Hours::Evening, Hours::Office, Hours::Always] {
            for _ in 0..50 {
                assert!(!hours(&mut g.rng, kind).windows().is_empty());
            }
        }
    }

    #[test]
    fn weighted_choices_follow_the_weights_in_order() {
        let (mut a, mut b) = (Rng::new(5), Rng::new(5));
        for _ in 0..1000 {
            let by_match = match b.below(10) {
                0..=4 => 'a',
                5..=7 => 'b',
                _ => 'c',
            };
            assert_eq!(a.weighted(&[(5, 'a'), (3, 'b'), (2, 'c')]), Some(by_match));
        }
        assert_eq!(a.weighted::<char>(&[]), None);
    }

    #[test]
    fn the_rng_is_stable() {
        let mut r = Rng::new(42);
        let first: Vec<u64> = (0..3).map(|_| r.next_u64()).collect();
        let mut r2 = Rng::new(42);
        assert_eq!(first, (0..3).map(|_| r2.next_u64()).collect::<Vec<_>>());
        assert_ne!(Rng::new(43).next_u64(), first[0]);
    }
}
