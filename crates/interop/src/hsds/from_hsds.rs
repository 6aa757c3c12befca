//! HSDS service JSON → what Kompas models: an [`OfferDraft`], its
//! organisation and its (first) location. The mapping is a pure function of
//! the service object, so the exporter can ask "would this stored original
//! still map to the current offer?" and, if so, hand out the original
//! unchanged (that is how a round trip keeps every field).
//!
//! Foreign data without our attributes gets defaults, each reported as a
//! warning: layer 3 (`OpenAccess`), access route `aanmelden`, life domains
//! guessed from the text (default `maatschappelijke-deelname`), and
//! "kosten onbekend" when no cost is given.

use super::vocab::{self, recognise};
use chrono::NaiveDate;
use kompas_domain::directory::{
    AccessRoute, AgeRange, Layer, LifeDomain, OfferDraft, OfferStatus, OpeningHours, TargetGroup,
    TextField,
};
use kompas_domain::Postcode;
use serde_json::Value;

/// Cost text used when a service says nothing about costs.
pub const UNKNOWN_COST: &str = "Kosten onbekend; vraag het de aanbieder.";
/// The life domain assumed when the text gives no clue.
pub const DEFAULT_DOMAIN: LifeDomain = LifeDomain::Participation;

/// One thing to report about a record: the field (Dutch, with the HSDS name)
/// and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub field: String,
    pub reason: String,
}

impl Issue {
    pub fn new(field: &str, reason: impl Into<String>) -> Issue {
        Issue {
            field: field.to_string(),
            reason: reason.into(),
        }
    }
}

/// The organisation as Kompas models it (the kind stays empty).
pub use kompas_domain::directory::OrganizationInput as OrgFacet;

/// Where the organisation of a service comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum OrgSource {
    /// Given in full (nested, or joined from `organizations.csv`).
    Nested(OrgFacet),
    /// Only `organization_id`: it must exist already (or elsewhere in the file).
    Reference(String),
    Missing,
}

/// The location as Kompas models it (one per offer: the first
/// `service_at_locations[].location`), without database ids.
pub use kompas_domain::directory::Location as LocFacet;

#[derive(Debug, Clone, PartialEq)]
pub struct Mapped {
    pub draft: OfferDraft,
    pub organization: OrgSource,
    pub location: Option<LocFacet>,
    /// The `kompas-vertaling` attributes (`None`: there were none; the
    /// stored translations then stay as they are).
    pub translations: Option<Vec<kompas_domain::directory::OfferTranslation>>,
}

/// The mapping with everything found wrong (errors refuse the record) and
/// every assumption made (warnings).
#[derive(Debug, Clone)]
pub struct Derived {
    pub mapped: Mapped,
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
}

/// A trimmed, non-empty string (numbers are accepted and written out).
pub fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The same, but the text as given (not trimmed), for values we compare.
fn raw_text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn number(v: &Value, key: &str) -> Result<Option<f64>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => Ok(n.as_f64()),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => s
            .trim()
            .parse::<f64>()
            .map(Some)
            .map_err(|_| format!("'{s}' is geen getal")),
        Some(other) => Err(format!("{other} is geen getal")),
    }
}

pub fn array<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The id Kompas uses for an HSDS object: its `kompas-kenmerk/kompas-id`
/// attribute when present (our own key, for records that were not UUIDs),
/// otherwise its HSDS `id`.
pub fn internal_id(v: &Value) -> Option<String> {
    array(v, "attributes")
        .iter()
        .find_map(|a| match recognise(a) {
            Some((vocab::FEATURE, code, Some(value))) if code == vocab::KOMPAS_ID => {
                Some(value.trim().to_string()).filter(|s| !s.is_empty())
            }
            _ => None,
        })
        .or_else(|| text(v, "id"))
}

/// Is this a CBS area code the directory accepts (`GM0000`, `WK000000`, `BU000000`)?
pub fn is_cbs_code(code: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    (code.len() == 8
        && (code.starts_with("WK") || code.starts_with("BU") || code.starts_with("GM"))
        && digits(&code[2..]))
        || (code.len() == 6 && code.starts_with("GM") && digits(&code[2..]))
}

/// Words that point to a life domain (lower case, matched as parts of words),
/// Dutch and English.
const DOMAIN_HINTS: &[(LifeDomain, &[&str])] = &[
    (
        LifeDomain::Finances,
        &[
            "schuld",
            "geldzorg",
            "financ",
            "budget",
            "uitkering",
            "bijstand",
            "toeslag",
            "debt",
            "money",
            "benefit",
        ],
    ),
    (
        LifeDomain::WorkAndEducation,
        &[
            "werkloos",
            "sollicit",
            "opleiding",
            "re-integratie",
            "reintegratie",
            "employment",
            "job seek",
            "career",
        ],
    ),
    (
        LifeDomain::DaytimeActivities,
        &["dagbesteding", "day care", "daycare"],
    ),
    (
        LifeDomain::Housing,
        &[
            "huisvesting",
            "woning",
            "dakloos",
            "daklozen",
            "housing",
            "homeless",
            "shelter",
        ],
    ),
    (
        LifeDomain::DomesticRelations,
        &[
            "relatie",
            "scheiding",
            "huiselijk geweld",
            "domestic",
            "relationship",
            "divorce",
        ],
    ),
    (
        LifeDomain::Parenting,
        &["opvoed", "opgroei", "parenting", "parents", "ouders"],
    ),
    (
        LifeDomain::MentalHealth,
        &[
            "psych",
            "ggz",
            "depress",
            "angst",
            "mental",
            "counsel",
            "anxiety",
            "eating disorder",
        ],
    ),
    (
        LifeDomain::PhysicalHealth,
        &[
            "lichamelijk",
            "medisch",
            "huisarts",
            "fysio",
            "physical health",
            "medical",
            "illness",
        ],
    ),
    (
        LifeDomain::SubstanceUse,
        &["verslav", "alcohol", "drugs", "addict", "substance"],
    ),
    (
        LifeDomain::DailyLiving,
        &[
            "huishoudelijk",
            "boodschappen",
            "persoonlijke verzorging",
            "household",
            "personal care",
        ],
    ),
    (
        LifeDomain::SocialNetwork,
        &["eenzaam", "ontmoet", "lonel", "befriend"],
    ),
    (
        LifeDomain::Participation,
        &["vrijwillig", "meedoen", "volunteer", "participat"],
    ),
    (
        LifeDomain::JusticeAndSafety,
        &[
            "veiligheid",
            "justitie",
            "reclassering",
            "juridisch",
            "safety",
            "police",
            "legal aid",
        ],
    ),
    (
        LifeDomain::LanguageAndSkills,
        &[
            "taalles",
            "taalcafé",
            "laaggeletterd",
            "inburger",
            "literacy",
            "language class",
            "digital skills",
        ],
    ),
];

/// Life domains guessed from a text; empty when nothing matches.
pub fn infer_domains(text: &str) -> Vec<LifeDomain> {
    let t = text.to_lowercase();
    DOMAIN_HINTS
        .iter()
        .filter(|(_, words)| words.iter().any(|w| t.contains(w)))
        .map(|(d, _)| *d)
        .collect()
}

fn time_of(s: &str) -> Option<String> {
    let s = s.trim();
    let mut parts = s.split(':');
    let h = parts.next()?;
    let m = parts.next()?;
    (h.len() <= 2 && m.len() == 2).then(|| format!("{h}:{m}"))
}

/// Weekly opening hours from HSDS schedules: every `WEEKLY` schedule with
/// `byday`, `opens_at` and `closes_at`. Anything else is reported and kept
/// (for export) but does not become opening hours.
pub fn hours_from(schedules: &[Value], warnings: &mut Vec<Issue>) -> OpeningHours {
    let mut hours = OpeningHours::default();
    for s in schedules {
        let id = text(s, "id").unwrap_or_default();
        let freq = text(s, "freq").unwrap_or_default().to_uppercase();
        let (byday, opens, closes) = (text(s, "byday"), text(s, "opens_at"), text(s, "closes_at"));
        let skip = |why: &str, warnings: &mut Vec<Issue>| {
            warnings.push(Issue::new(
                "openingstijden (schedules)",
                format!("schema {id} {why}; het blijft bewaard maar telt niet als openingstijd"),
            ))
        };
        if freq != "WEEKLY" {
            skip("is niet wekelijks (freq WEEKLY)", warnings);
            continue;
        }
        let (Some(byday), Some(opens), Some(closes)) = (byday, opens, closes) else {
            skip(
                "noemt geen dagen (byday) met opens_at en closes_at",
                warnings,
            );
            continue;
        };
        let (Some(o), Some(c)) = (time_of(&opens), time_of(&closes)) else {
            skip("heeft een onleesbare tijd", warnings);
            continue;
        };
        let mut attempt = hours.clone();
        match attempt.add(&byday, &o, &c) {
            Ok(()) => hours = attempt,
            Err(e) => skip(&format!("is niet te lezen: {e}"), warnings),
        }
    }
    hours
}

fn schedules_of(service: &Value) -> &[Value] {
    let own = array(service, "schedules");
    if !own.is_empty() {
        return own;
    }
    let Some(sal) = array(service, "service_at_locations").first() else {
        return &[];
    };
    let at = array(sal, "schedules");
    if !at.is_empty() {
        return at;
    }
    sal.get("location")
        .map_or(&[] as &[Value], |l| array(l, "schedules"))
}

/// `(free, cost text)` from `cost_options` and `fees_description`.
pub fn cost_from(service: &Value, warnings: &mut Vec<Issue>) -> (bool, String) {
    let options = array(service, "cost_options");
    let fees = raw_text(service, "fees_description");
    let amount = |o: &Value| number(o, "amount").ok().flatten();
    let free = !options.is_empty() && options.iter().all(|o| amount(o) == Some(0.0));
    let text = match fees {
        Some(f) => f,
        None if free => String::new(),
        None if options.is_empty() => {
            warnings.push(Issue::new(
                "kosten (cost_options)",
                format!("geen kosten opgegeven; aangenomen: '{UNKNOWN_COST}'"),
            ));
            UNKNOWN_COST.to_string()
        }
        None => options
            .iter()
            .map(|o| {
                let mut parts = Vec::new();
                if let Some(opt) = text(o, "option") {
                    parts.push(format!("{opt}:"));
                }
                if let Some(a) = amount(o) {
                    parts.push(a.to_string());
                }
                if let Some(c) = text(o, "currency") {
                    parts.push(c.to_uppercase());
                }
                if let Some(d) = text(o, "amount_description") {
                    parts.push(d);
                }
                parts.join(" ")
            })
            .collect::<Vec<_>>()
            .join("; "),
    };
    (free, text)
}

/// CBS codes from `service_areas[].extent`; other areas are reported and kept.
pub fn areas_from(service: &Value, warnings: &mut Vec<Issue>) -> Vec<String> {
    let mut out = Vec::new();
    for a in array(service, "service_areas") {
        match text(a, "extent") {
            Some(code) if is_cbs_code(&code) => {
                if !out.contains(&code) {
                    out.push(code)
                }
            }
            other => warnings.push(Issue::new(
                "werkgebied (service_areas)",
                format!(
                    "gebied {} heeft geen CBS-code als extent ({}); het blijft bewaard maar telt niet bij zoeken op wijk",
                    text(a, "id").unwrap_or_default(),
                    other.unwrap_or_else(|| "leeg".into())
                ),
            )),
        }
    }
    out
}

/// The organisation of a nested `organization` object.
pub fn org_from(o: &Value, errors: &mut Vec<Issue>) -> OrgFacet {
    let hsds_id = internal_id(o).unwrap_or_default();
    if !kompas_domain::directory::draft::valid_public_id(&hsds_id) {
        errors.push(Issue::new(
            "organisatie-id (organization.id)",
            "gebruik 1 tot 100 letters, cijfers, - _ of .",
        ));
    }
    let name = text(o, "name").unwrap_or_default();
    if name.is_empty() {
        errors.push(Issue::new(
            "organisatienaam (organization.name)",
            "de organisatie heeft geen naam",
        ));
    }
    OrgFacet {
        hsds_id,
        name,
        description: raw_text(o, "description").unwrap_or_default(),
        website: text(o, "website"),
        email: text(o, "email"),
        phone: array(o, "phones")
            .first()
            .and_then(|p| raw_text(p, "number")),
        kind: String::new(),
    }
}

/// The first location of a service, if any.
pub fn location_from(service: &Value, warnings: &mut Vec<Issue>) -> Option<LocFacet> {
    let sal = array(service, "service_at_locations").first()?;
    let Some(l) = sal.get("location").filter(|l| l.is_object()) else {
        warnings.push(Issue::new(
            "locatie (service_at_locations)",
            "de eerste locatie staat er niet volledig in (alleen location_id); geen locatie overgenomen",
        ));
        return None;
    };
    let hsds_id = internal_id(l).unwrap_or_default();
    if hsds_id.is_empty() {
        warnings.push(Issue::new(
            "locatie (location.id)",
            "de locatie heeft geen id; geen locatie overgenomen",
        ));
        return None;
    }
    let addresses = array(l, "addresses");
    let address = addresses
        .iter()
        .find(|a| text(a, "address_type").as_deref() == Some("physical"))
        .or_else(|| addresses.first());
    let postcode = address.and_then(|a| text(a, "postal_code")).map(|p| {
        match Postcode::parse(&p) {
            Ok(pc) => pc.to_string(),
            Err(_) => {
                warnings.push(Issue::new(
                    "postcode (addresses.postal_code)",
                    format!("'{p}' is geen Nederlandse postcode zoals 1234 AB; overgenomen zoals gegeven"),
                ));
                p
            }
        }
    });
    let area_code = match (
        text(l, "external_identifier_type"),
        text(l, "external_identifier"),
    ) {
        (Some(t), Some(code)) if t.eq_ignore_ascii_case("cbs") && is_cbs_code(&code) => Some(code),
        _ => None,
    };
    let coordinate = |key: &str, warnings: &mut Vec<Issue>| match number(l, key) {
        Ok(v) => v,
        Err(e) => {
            warnings.push(Issue::new(&format!("locatie ({key})"), e));
            None
        }
    };
    let name = text(l, "name")
        .or_else(|| address.and_then(|a| text(a, "address_1")))
        .unwrap_or_else(|| "Locatie".into());
    Some(LocFacet {
        hsds_id,
        name,
        address: address.and_then(|a| text(a, "address_1")),
        postcode,
        city: address.and_then(|a| text(a, "city")),
        area_code,
        latitude: coordinate("latitude", warnings),
        longitude: coordinate("longitude", warnings),
        id: 0,
        organization_id: None,
    })
}

/// HSDS field names for the fields `OfferDraft::problems` reports.
fn hsds_field(field: &str) -> String {
    let hsds = match field {
        "id" => "id",
        "naam" => "name",
        "omschrijving" => "description",
        "leefgebieden" => "attributes: kompas-leefgebied",
        "verwijzer" => "attributes: kompas-toegang, value",
        "kosten" => "fees_description, cost_options",
        "werkgebied" => "service_areas.extent",
        "e-mail" => "email",
        "website" => "url",
        other => other,
    };
    format!("{field} ({hsds})")
}

/// HSDS members that hold a link (JSON Schema format `uri`); Kompas shows
/// them as links, so only http(s), mailto and tel are taken in.
const LINK_KEYS: &[&str] = &["url", "website", "logo", "uri", "schedule_link", "term_uri"];

/// `path.key`, or `key` at the top: where a member sits in a record.
pub fn member_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Every string in a record, nested ones too: no control characters (tab and
/// line breaks aside: PostgreSQL cannot even store a NUL) and links with a
/// safe scheme. The service's own `url` is the draft's website, checked there.
fn check_strings(v: &Value, path: &str, errors: &mut Vec<Issue>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let here = member_path(path, k);
                if let Value::String(link) = x {
                    let own_url = here == "url";
                    if LINK_KEYS.contains(&k.as_str()) && !own_url && !link.trim().is_empty() {
                        if let Err(e) = kompas_domain::input::check_link(link) {
                            errors.push(Issue::new(&format!("link ({here})"), e));
                            continue;
                        }
                    }
                }
                check_strings(x, &here, errors);
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                check_strings(x, &format!("{path}[{i}]"), errors);
            }
        }
        Value::String(text) => {
            let rule = kompas_domain::input::LONG;
            if let Some(c) = text
                .chars()
                .find(|c| kompas_domain::input::refused_char(*c, rule))
            {
                errors.push(Issue::new(
                    &format!("tekst ({path})"),
                    format!(
                        "bevat een onzichtbaar stuurteken (U+{:04X}); haal het weg",
                        u32::from(c)
                    ),
                ));
            }
        }
        _ => {}
    }
}

/// Maps one HSDS service object.
pub fn derive(service: &Value) -> Derived {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let hsds_id = internal_id(service).unwrap_or_default();
    let name = match service.get("name") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(_) => {
            errors.push(Issue::new("naam (name)", "de naam moet tekst zijn"));
            String::new()
        }
    };
    let description = match raw_text(service, "description") {
        Some(d) => d,
        None => {
            if !name.trim().is_empty() {
                warnings.push(Issue::new(
                    "omschrijving (description)",
                    "geen omschrijving; de naam is als omschrijving gebruikt",
                ));
            }
            name.clone()
        }
    };
    let status = match text(service, "status") {
        None => {
            errors.push(Issue::new(
                "status (status)",
                "ontbreekt; gebruik active, inactive, defunct of temporarily closed",
            ));
            OfferStatus::Active
        }
        Some(s) => OfferStatus::parse(&s).unwrap_or_else(|e| {
            errors.push(Issue::new(
                "status (status)",
                format!("{e}; gebruik active, inactive, defunct of temporarily closed"),
            ));
            OfferStatus::Active
        }),
    };

    // Our attributes.
    let mut layers = Vec::new();
    let mut domains = Vec::new();
    let mut groups = Vec::new();
    let mut access = Vec::new();
    let mut keywords = Vec::new();
    let mut checked_by_note = None;
    let mut translations: Option<Vec<kompas_domain::directory::OfferTranslation>> = None;
    for a in array(service, "attributes") {
        let Some((key, code, value)) = recognise(a) else {
            continue;
        };
        match key {
            vocab::LAYER => {
                match code
                    .strip_prefix("laag-")
                    .and_then(|n| n.parse::<i64>().ok())
                    .and_then(Layer::from_number)
                {
                    Some(l) => layers.push(l),
                    None => errors.push(Issue::new(
                        "laag (attributes: kompas-laag)",
                        format!("term '{code}' bestaat niet; gebruik laag-1 tot en met laag-5"),
                    )),
                }
            }
            vocab::LIFE_DOMAIN => match LifeDomain::parse(&code) {
                Ok(d) if !domains.contains(&d) => domains.push(d),
                Ok(_) => {}
                Err(e) => errors.push(Issue::new("leefgebied (attributes: kompas-leefgebied)", e)),
            },
            vocab::TARGET_GROUP => match TargetGroup::parse(&code) {
                Ok(g) if !groups.contains(&g) => groups.push(g),
                Ok(_) => {}
                Err(e) => errors.push(Issue::new("doelgroep (attributes: kompas-doelgroep)", e)),
            },
            vocab::ACCESS => match AccessRoute::parse(&code) {
                Ok(r) => access.push((r, value)),
                Err(e) => errors.push(Issue::new("toegang (attributes: kompas-toegang)", e)),
            },
            vocab::FEATURE => match code.as_str() {
                vocab::KEYWORD => keywords.extend(value.filter(|v| !v.trim().is_empty())),
                vocab::CHECKED_BY => checked_by_note = value.filter(|v| !v.trim().is_empty()),
                vocab::KOMPAS_ID => {}
                other => warnings.push(Issue::new(
                    "kenmerk (attributes: kompas-kenmerk)",
                    format!("onbekend kenmerk '{other}' genegeerd"),
                )),
            },
            vocab::TRANSLATION => {
                let list = translations.get_or_insert_with(Vec::new);
                match vocab::parse_translation_code(&code) {
                    Some((language, field)) => {
                        let i = match list.iter().position(|t| t.language == language) {
                            Some(i) => i,
                            None => {
                                list.push(kompas_domain::directory::OfferTranslation {
                                    language,
                                    name: String::new(),
                                    description: String::new(),
                                    how_to_apply: String::new(),
                                });
                                list.len() - 1
                            }
                        };
                        let text = value.unwrap_or_default();
                        let t = &mut list[i];
                        match field {
                            TextField::Name => t.name = text,
                            TextField::Description => t.description = text,
                            TextField::HowToApply => t.how_to_apply = text,
                        }
                    }
                    None => errors.push(Issue::new(
                        "vertaling (attributes: kompas-vertaling)",
                        format!("term '{code}' bestaat niet; gebruik taal-veld, zoals en-naam of ar-omschrijving"),
                    )),
                }
            }
            _ => {}
        }
    }
    if layers.len() > 1 {
        errors.push(Issue::new(
            "laag (attributes: kompas-laag)",
            "een aanbod heeft precies één laag; er staan er meer",
        ));
    }
    let layer = layers.first().copied().unwrap_or_else(|| {
        warnings.push(Issue::new(
            "laag (attributes: kompas-laag)",
            "geen laag opgegeven; aangenomen: laag 3, laagdrempelige ondersteuning",
        ));
        Layer::OpenAccess
    });
    if access.len() > 1 {
        errors.push(Issue::new(
            "toegang (attributes: kompas-toegang)",
            "een aanbod heeft precies één toegang; er staan er meer",
        ));
    }
    let (access, referrer) = access.into_iter().next().unwrap_or_else(|| {
        warnings.push(Issue::new(
            "toegang (attributes: kompas-toegang)",
            "geen toegang opgegeven; aangenomen: zelf aanmelden",
        ));
        (AccessRoute::Register, None)
    });
    let for_whom = raw_text(service, "eligibility_description").unwrap_or_default();
    if domains.is_empty() {
        let guessed = infer_domains(&format!("{name} {description} {for_whom}"));
        if guessed.is_empty() {
            warnings.push(Issue::new(
                "leefgebieden (attributes: kompas-leefgebied)",
                format!(
                    "geen leefgebied opgegeven en niet af te leiden; aangenomen: {}",
                    DEFAULT_DOMAIN.label_nl().to_lowercase()
                ),
            ));
            domains.push(DEFAULT_DOMAIN);
        } else {
            let labels: Vec<String> = guessed
                .iter()
                .map(|d| d.label_nl().to_lowercase())
                .collect();
            warnings.push(Issue::new(
                "leefgebieden (attributes: kompas-leefgebied)",
                format!(
                    "geen leefgebied opgegeven; afgeleid uit de tekst: {} (controleer dit)",
                    labels.join(", ")
                ),
            ));
            domains = guessed;
        }
    }

    let age = |key: &str, errors: &mut Vec<Issue>| -> Option<i64> {
        match number(service, key) {
            Ok(None) => None,
            Ok(Some(n)) if n.fract() == 0.0 => Some(n as i64),
            Ok(Some(n)) => {
                errors.push(Issue::new(
                    &format!("leeftijd ({key})"),
                    format!("{n} is geen geheel aantal jaren"),
                ));
                None
            }
            Err(e) => {
                errors.push(Issue::new(&format!("leeftijd ({key})"), e));
                None
            }
        }
    };
    let (min, max) = (
        age("minimum_age", &mut errors),
        age("maximum_age", &mut errors),
    );
    let ages = AgeRange::new(min, max).unwrap_or_else(|e| {
        errors.push(Issue::new("leeftijd (minimum_age, maximum_age)", e));
        AgeRange::default()
    });
    let (free, cost_text) = cost_from(service, &mut warnings);
    let areas_served = areas_from(service, &mut warnings);
    let hours = hours_from(schedules_of(service), &mut warnings);
    let last_checked = text(service, "assured_date").and_then(|d| {
        let day = d.get(..10).unwrap_or(&d);
        match NaiveDate::parse_from_str(day, "%Y-%m-%d") {
            Ok(day) => Some(day),
            Err(_) => {
                warnings.push(Issue::new(
                    "controledatum (assured_date)",
                    format!("'{d}' is geen datum zoals 2026-01-31; genegeerd"),
                ));
                None
            }
        }
    });
    let checked_by = text(service, "assurer_email").or(checked_by_note);

    let draft = OfferDraft {
        hsds_id,
        name,
        description,
        for_whom,
        application_process: raw_text(service, "application_process").unwrap_or_default(),
        status,
        layer,
        access,
        referrer,
        ages,
        free,
        cost_text,
        keywords,
        life_domains: domains,
        target_groups: groups,
        areas_served,
        hours,
        phone: array(service, "phones")
            .first()
            .and_then(|p| raw_text(p, "number")),
        email: text(service, "email"),
        url: text(service, "url"),
        last_checked,
        checked_by,
    };
    for p in draft.problems() {
        errors.push(Issue::new(&hsds_field(p.field), p.reason));
    }
    for p in translations.iter().flatten().flat_map(|t| t.problems()) {
        errors.push(Issue::new(
            &format!("{} (attributes: kompas-vertaling)", p.field),
            p.reason,
        ));
    }
    check_strings(service, "", &mut errors);

    let organization = match service.get("organization").filter(|o| o.is_object()) {
        Some(o) => OrgSource::Nested(org_from(o, &mut errors)),
        None => match text(service, "organization_id") {
            Some(id) => OrgSource::Reference(id),
            None => OrgSource::Missing,
        },
    };
    let location = location_from(service, &mut warnings);
    Derived {
        mapped: Mapped {
            draft,
            organization,
            location,
            translations,
        },
        errors,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_foreign_service_gets_documented_defaults_with_warnings() {
        let s = json!({
            "id": "ac148810-d857-441c-9679-408f346de14b",
            "name": "Community Counselling",
            "description": "Counselling for people with anxiety or depression.",
            "status": "active",
            "minimum_age": 12,
            "schedules": [{"id": "s", "freq": "WEEKLY", "byday": "TH,FR", "opens_at": "10:00:00", "closes_at": "18:00:00"}],
            "organization": {"id": "o", "name": "Example", "description": "d"}
        });
        let d = derive(&s);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let draft = &d.mapped.draft;
        assert_eq!(draft.layer, Layer::OpenAccess);
        assert_eq!(draft.access, AccessRoute::Register);
        assert_eq!(draft.life_domains, vec![LifeDomain::MentalHealth]);
        assert_eq!(
            draft.hours.lines_nl(),
            vec!["donderdag en vrijdag: 10:00 – 18:00"]
        );
        assert_eq!(draft.cost_text, UNKNOWN_COST);
        let fields: Vec<&str> = d.warnings.iter().map(|w| w.field.as_str()).collect();
        assert!(fields.iter().any(|f| f.starts_with("laag")));
        assert!(fields.iter().any(|f| f.starts_with("toegang")));
        assert!(fields.iter().any(|f| f.starts_with("leefgebieden")));
    }

    #[test]
    fn bad_values_are_errors_with_their_field() {
        let s = json!({
            "id": "x",
            "status": "open",
            "minimum_age": 30, "maximum_age": 20,
            "attributes": [{"id": "a", "taxonomy_term": {"taxonomy": "kompas-laag", "code": "laag-9"}}]
        });
        let d = derive(&s);
        let fields: Vec<&str> = d.errors.iter().map(|w| w.field.as_str()).collect();
        assert!(fields.contains(&"status (status)"), "{fields:?}");
        assert!(fields.contains(&"laag (attributes: kompas-laag)"));
        assert!(fields.contains(&"leeftijd (minimum_age, maximum_age)"));
        assert!(fields.contains(&"naam (name)"));
        assert!(d.errors.iter().any(|e| e.reason.contains("laag-9")));
    }

    #[test]
    fn cbs_codes_are_recognised() {
        assert!(is_cbs_code("WK990101"));
        assert!(is_cbs_code("GM9901"));
        assert!(!is_cbs_code("extent"));
        assert!(!is_cbs_code("WK99"));
    }
}
