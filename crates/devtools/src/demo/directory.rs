//! The demo municipality's sociale kaart: areas, organisations, offers and
//! synonyms, written by us (see `demo/`). The files use a compact Dutch
//! authoring format; this module turns them into validated offers.

use anyhow::{bail, Context};
use chrono::NaiveDate;
use kompas_domain::directory::{
    AccessRoute, AgeRange, Layer, LifeDomain, OfferDraft, OfferStatus, OfferTranslation,
    OpeningHours, TargetGroup,
};
use kompas_domain::language::Language;
use kompas_store::directory::{self as dir, Location, OfferPlace, OrganizationInput};
use kompas_store::Db;
use serde::Deserialize;
use std::collections::HashMap;

/// Wijken and kernen of Wilgendaal with the four postcode digits of each.
pub const AREAS: &[(&str, &str, &str, &str)] = &[
    ("WK990101", "Centrum", "wijk", "9901"),
    ("WK990102", "De Hoven", "wijk", "9902"),
    ("WK990103", "Molenwijk", "wijk", "9903"),
    ("WK990104", "Rietveld", "wijk", "9904"),
    ("WK990105", "Lindehout", "kern", "9905"),
    ("WK990106", "Haverdijk", "kern", "9906"),
];

#[derive(Debug, Deserialize)]
pub struct DemoOrganization {
    pub naam: String,
    #[serde(default)]
    pub soort: String,
    #[serde(default)]
    pub omschrijving: String,
    pub website: Option<String>,
    pub email: Option<String>,
    pub telefoon: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct DemoLocation {
    pub naam: String,
    pub adres: Option<String>,
    pub postcode: Option<String>,
    pub plaats: Option<String>,
    pub wijk: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct DemoHours {
    pub dagen: String,
    pub van: String,
    pub tot: String,
}

#[derive(Debug, Deserialize)]
pub struct DemoOffer {
    pub id: String,
    pub naam: String,
    pub organisatie: String,
    pub laag: u8,
    pub leefgebieden: Vec<String>,
    #[serde(default)]
    pub doelgroepen: Vec<String>,
    pub leeftijd_min: Option<i64>,
    pub leeftijd_max: Option<i64>,
    pub toegang: String,
    pub verwijzer: Option<String>,
    pub kosten: String,
    pub omschrijving: String,
    #[serde(default)]
    pub voor_wie: String,
    #[serde(default)]
    pub aanmelden: String,
    #[serde(default)]
    pub trefwoorden: Vec<String>,
    pub locatie: Option<DemoLocation>,
    #[serde(default)]
    pub werkgebied: Vec<String>,
    #[serde(default)]
    pub open: Vec<DemoHours>,
    pub telefoon: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub gecontroleerd: Option<String>,
    #[serde(default = "active")]
    pub status: String,
}

fn active() -> String {
    "actief".into()
}

impl DemoOffer {
    /// The offer as a validated draft; problems name the offer and field.
    pub fn draft(&self) -> anyhow::Result<OfferDraft> {
        let at = |what: &str, e: String| anyhow::anyhow!("aanbod '{}', {what}: {e}", self.id);
        let mut hours = OpeningHours::default();
        for h in &self.open {
            hours
                .add(&h.dagen, &h.van, &h.tot)
                .map_err(|e| at("open", e))?;
        }
        let free = self.kosten.trim().eq_ignore_ascii_case("gratis");
        let draft = OfferDraft {
            hsds_id: self.id.clone(),
            name: self.naam.clone(),
            description: self.omschrijving.clone(),
            for_whom: self.voor_wie.clone(),
            application_process: self.aanmelden.clone(),
            status: OfferStatus::parse(&self.status).map_err(|e| at("status", e))?,
            layer: Layer::try_from(self.laag).map_err(|e| at("laag", e))?,
            access: AccessRoute::parse(&self.toegang).map_err(|e| at("toegang", e))?,
            referrer: self.verwijzer.clone(),
            ages: AgeRange::new(self.leeftijd_min, self.leeftijd_max)
                .map_err(|e| at("leeftijd", e))?,
            free,
            cost_text: if free {
                String::new()
            } else {
                self.kosten.clone()
            },
            keywords: self.trefwoorden.clone(),
            life_domains: self
                .leefgebieden
                .iter()
                .map(|c| LifeDomain::parse(c))
                .collect::<Result<_, _>>()
                .map_err(|e| at("leefgebieden", e))?,
            target_groups: self
                .doelgroepen
                .iter()
                .map(|c| TargetGroup::parse(c))
                .collect::<Result<_, _>>()
                .map_err(|e| at("doelgroepen", e))?,
            // Serving all six areas is serving the whole municipality.
            areas_served: if self.werkgebied.len() >= AREAS.len() {
                Vec::new()
            } else {
                self.werkgebied.clone()
            },
            hours,
            phone: self.telefoon.clone(),
            email: self.email.clone(),
            url: self.website.clone(),
            last_checked: self
                .gecontroleerd
                .as_deref()
                .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d"))
                .transpose()
                .map_err(|e| at("gecontroleerd", e.to_string()))?,
            checked_by: Some("redactie Wilgendaal".into()),
        };
        draft.validated().map_err(|problems| {
            let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
            at("", list.join("; "))
        })
    }
}

/// The demo files, compiled into the binary.
pub struct DemoFiles<'a> {
    pub organizations: &'a str,
    pub offers: Vec<&'a str>,
    pub synonyms_csv: &'a str,
    /// Some offers in residents' languages (issue 15).
    pub translations: &'a str,
}

/// One offer's text in one language, as the demo file writes it.
#[derive(Debug, Deserialize)]
pub struct DemoTranslation {
    pub aanbod: String,
    pub taal: String,
    pub naam: String,
    #[serde(default)]
    pub omschrijving: String,
    #[serde(default)]
    pub aanmelden: String,
}

impl DemoTranslation {
    /// The checked translation; problems name the offer.
    pub fn translation(&self) -> anyhow::Result<OfferTranslation> {
        let language = Language::parse(&self.taal).ok_or_else(|| {
            anyhow::anyhow!(
                "vertaling van '{}': onbekende taal '{}'",
                self.aanbod,
                self.taal
            )
        })?;
        let t = OfferTranslation {
            language,
            name: self.naam.clone(),
            description: self.omschrijving.clone(),
            how_to_apply: self.aanmelden.clone(),
        };
        let problems: Vec<String> = t.problems().iter().map(ToString::to_string).collect();
        if !problems.is_empty() {
            bail!("vertaling van '{}': {}", self.aanbod, problems.join("; "));
        }
        Ok(t)
    }
}

/// The demo translations per offer id.
fn parse_translations(text: &str) -> anyhow::Result<HashMap<String, Vec<OfferTranslation>>> {
    let list: Vec<DemoTranslation> = serde_json::from_str(text).context("vertalingen.json")?;
    let mut out: HashMap<String, Vec<OfferTranslation>> = HashMap::new();
    for t in &list {
        out.entry(t.aanbod.clone())
            .or_default()
            .push(t.translation()?);
    }
    Ok(out)
}

pub fn embedded() -> DemoFiles<'static> {
    DemoFiles {
        organizations: include_str!("../../data/demo/organisaties.json"),
        offers: vec![
            include_str!("../../data/demo/aanbod/laag1.json"),
            include_str!("../../data/demo/aanbod/laag2.json"),
            include_str!("../../data/demo/aanbod/laag3.json"),
            include_str!("../../data/demo/aanbod/laag4.json"),
            include_str!("../../data/demo/aanbod/laag5.json"),
        ],
        synonyms_csv: include_str!("../../data/demo/synoniemen.csv"),
        translations: include_str!("../../data/demo/vertalingen.json"),
    }
}

/// Parses `woord,betekent` rows (with a header).
pub fn parse_synonyms(csv_text: &str) -> anyhow::Result<Vec<(String, String)>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(csv_text.as_bytes());
    let mut out = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let row = row.with_context(|| format!("synoniemen, regel {}", i + 2))?;
        match (row.get(0), row.get(1)) {
            (Some(w), Some(m)) if !w.is_empty() && !m.is_empty() => {
                out.push((w.to_string(), m.to_string()))
            }
            _ => bail!("synoniemen, regel {}: vul 'woord' en 'betekent' in", i + 2),
        }
    }
    Ok(out)
}

fn slug(name: &str) -> String {
    let mut s: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    while s.contains("--") {
        s = s.replace("--", "-");
    }
    s.trim_matches('-').to_string()
}

/// Loads the sociale kaart of `municipality_id` from `files`, all or nothing.
pub async fn load(
    db: &Db,
    municipality_id: i64,
    files: &DemoFiles<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<usize> {
    let orgs: Vec<DemoOrganization> =
        serde_json::from_str(files.organizations).context("organisaties.json")?;
    let mut offers: Vec<DemoOffer> = Vec::new();
    for (i, text) in files.offers.iter().enumerate() {
        let list: Vec<DemoOffer> =
            serde_json::from_str(text).with_context(|| format!("aanbod/laag{}.json", i + 1))?;
        offers.extend(list);
    }
    let drafts: Vec<OfferDraft> = offers
        .iter()
        .map(DemoOffer::draft)
        .collect::<anyhow::Result<_>>()?;
    let synonyms = parse_synonyms(files.synonyms_csv)?;
    let translations = parse_translations(files.translations)?;

    let mut tx = db.begin().await?;
    for (code, name, kind, postcode4) in AREAS {
        let id = dir::create_area(&mut tx, municipality_id, code, name, kind).await?;
        dir::add_area_postcode(&mut tx, postcode4, id).await?;
    }
    let mut org_ids: HashMap<String, i64> = HashMap::new();
    for o in &orgs {
        let id = dir::upsert_organization(
            &mut tx,
            municipality_id,
            &OrganizationInput {
                hsds_id: slug(&o.naam),
                name: o.naam.clone(),
                kind: o.soort.clone(),
                description: o.omschrijving.clone(),
                website: o.website.clone(),
                email: o.email.clone(),
                phone: o.telefoon.clone(),
            },
        )
        .await?;
        org_ids.insert(o.naam.clone(), id);
    }
    for (offer, draft) in offers.iter().zip(&drafts) {
        let organization_id = match org_ids.get(&offer.organisatie) {
            Some(id) => *id,
            None => {
                // One of the organisations the foundation's demo already has.
                let id = dir::upsert_organization(
                    &mut tx,
                    municipality_id,
                    &OrganizationInput {
                        hsds_id: slug(&offer.organisatie),
                        name: offer.organisatie.clone(),
                        ..OrganizationInput::default()
                    },
                )
                .await?;
                org_ids.insert(offer.organisatie.clone(), id);
                id
            }
        };
        let location_id = match &offer.locatie {
            Some(l) => Some(
                dir::upsert_location(
                    &mut tx,
                    &Location {
                        id: 0,
                        hsds_id: format!(
                            "loc-{}",
                            slug(&format!(
                                "{} {}",
                                l.naam,
                                l.adres.as_deref().unwrap_or_default()
                            ))
                        ),
                        organization_id: Some(organization_id),
                        name: l.naam.clone(),
                        address: l.adres.clone(),
                        postcode: l.postcode.clone(),
                        city: l.plaats.clone(),
                        area_code: l.wijk.clone(),
                        latitude: None,
                        longitude: None,
                    },
                )
                .await?,
            ),
            None => None,
        };
        let place = OfferPlace {
            municipality_id,
            organization_id,
            location_id,
        };
        let saved = dir::save_offer(
            &mut tx,
            place,
            draft,
            None,
            None,
            "demo",
            "demogegevens geladen",
            now,
        )
        .await?;
        if let Some(t) = translations.get(&draft.hsds_id) {
            kompas_store::offer_translations::replace(
                &mut tx,
                saved.id(),
                t,
                "demo",
                "demogegevens geladen",
                now,
            )
            .await?;
        }
    }
    // Duplicates are skipped here: on PostgreSQL a failed insert would abort
    // the whole transaction.
    let mut seen = std::collections::HashSet::new();
    for (word, means) in &synonyms {
        if seen.insert((word.trim().to_lowercase(), means.trim().to_lowercase())) {
            dir::add_synonym(&mut tx, municipality_id, word, means, now).await?;
        }
    }
    tx.commit().await?;
    Ok(drafts.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_files_parse_into_valid_offers_in_every_layer() {
        let files = embedded();
        let orgs: Vec<DemoOrganization> = serde_json::from_str(files.organizations).unwrap();
        assert!(!orgs.is_empty());
        let mut layers = std::collections::BTreeSet::new();
        for text in &files.offers {
            let list: Vec<DemoOffer> = serde_json::from_str(text).unwrap();
            assert!(!list.is_empty());
            for o in &list {
                let d = o.draft().unwrap();
                assert!(d.problems().is_empty(), "{}: {:?}", o.id, d.problems());
                layers.insert(d.layer);
            }
        }
        assert_eq!(layers.len(), 5, "every layer has demo offers");
        assert!(!parse_synonyms(files.synonyms_csv).unwrap().is_empty());
        let translations = parse_translations(files.translations).unwrap();
        let ids: std::collections::BTreeSet<String> = files
            .offers
            .iter()
            .flat_map(|t| serde_json::from_str::<Vec<DemoOffer>>(t).unwrap())
            .map(|o| o.id)
            .collect();
        assert!(
            (5..=10).contains(&translations.len()),
            "5 to 10 translated offers"
        );
        for (id, list) in &translations {
            assert!(ids.contains(id), "vertaling van onbekend aanbod '{id}'");
            assert!(
                list.iter()
                    .all(|t| !t.name.is_empty() && !t.description.is_empty()),
                "{id}"
            );
        }
    }
}
