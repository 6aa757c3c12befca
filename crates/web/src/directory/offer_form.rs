//! The offer edit form (partners and editors): what was typed, kept as text so
//! a form with mistakes comes back as it was, and turned into a checked draft.

use kompas_domain::directory::address::VisitAddress;
use kompas_domain::directory::translation::TRANSLATABLE;
use kompas_domain::directory::{
    AccessRoute, AgeRange, FieldError, Layer, LifeDomain, Location, OfferDraft, OfferStatus,
    OfferTranslation, OpeningHours, TargetGroup,
};
use kompas_domain::language::Language;

/// The visiting address fields of the editors' form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AddressForm {
    pub straat: String,
    pub huisnummer: String,
    pub postcode: String,
    pub plaats: String,
}

impl AddressForm {
    /// The fields as the offer's location holds them now.
    pub fn of_location(l: Option<&Location>) -> AddressForm {
        let (straat, huisnummer) = l
            .and_then(|l| l.address.as_deref())
            .map(VisitAddress::split_line)
            .unwrap_or_default();
        AddressForm {
            straat,
            huisnummer,
            postcode: l.and_then(|l| l.postcode.clone()).unwrap_or_default(),
            plaats: l.and_then(|l| l.city.clone()).unwrap_or_default(),
        }
    }

    pub fn to_address(&self) -> Result<Option<VisitAddress>, Vec<FieldError>> {
        VisitAddress::parse(&self.straat, &self.huisnummer, &self.postcode, &self.plaats)
    }
}

/// One language of the editors' "Vertalingen" section, as typed. Its fields
/// are named `<code>_naam`, `<code>_omschrijving`, `<code>_aanmelden`.
#[derive(Debug, Clone, PartialEq)]
pub struct TranslationForm {
    pub language: Language,
    pub naam: String,
    pub omschrijving: String,
    pub aanmelden: String,
}

impl TranslationForm {
    /// Every translatable language, filled from `stored`.
    pub fn all_of(stored: &[OfferTranslation]) -> Vec<TranslationForm> {
        TRANSLATABLE
            .iter()
            .map(|l| {
                let t = stored.iter().find(|t| t.language == *l);
                let get =
                    |f: fn(&OfferTranslation) -> &String| t.map(f).cloned().unwrap_or_default();
                TranslationForm {
                    language: *l,
                    naam: get(|t| &t.name),
                    omschrijving: get(|t| &t.description),
                    aanmelden: get(|t| &t.how_to_apply),
                }
            })
            .collect()
    }

    pub fn code(&self) -> &'static str {
        self.language.code()
    }

    pub fn to_translation(&self) -> OfferTranslation {
        OfferTranslation {
            language: self.language,
            name: self.naam.clone(),
            description: self.omschrijving.clone(),
            how_to_apply: self.aanmelden.clone(),
        }
    }

    /// Where a typed value goes: `en_naam` → (English, the name).
    fn parse_key(key: &str) -> Option<(Language, &str)> {
        let (code, field) = key.split_once('_')?;
        let l = TRANSLATABLE.into_iter().find(|l| l.code() == code)?;
        ["naam", "omschrijving", "aanmelden"]
            .contains(&field)
            .then_some((l, field))
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfferForm {
    pub naam: String,
    pub omschrijving: String,
    pub voor_wie: String,
    pub aanmelden: String,
    pub laag: String,
    pub leefgebieden: Vec<String>,
    pub doelgroepen: Vec<String>,
    pub leeftijd_min: String,
    pub leeftijd_max: String,
    pub toegang: String,
    pub verwijzer: String,
    pub gratis: bool,
    pub kosten: String,
    pub trefwoorden: String,
    pub werkgebied: Vec<String>,
    /// One line per window: "ma,wo 09:00-12:00".
    pub openingstijden: String,
    pub telefoon: String,
    pub email: String,
    pub website: String,
    pub status: String,
    /// The version the form was opened on (optimistic locking).
    pub versie: Option<i64>,
    /// The visiting address, on the editors' form only (`None`: not shown,
    /// not sent).
    pub adres: Option<AddressForm>,
    /// The translations, on the editors' form only (`None`: not shown, not
    /// sent; the stored ones stay).
    pub vertalingen: Option<Vec<TranslationForm>>,
}

impl OfferForm {
    /// From a form-urlencoded body (repeated keys for the checkbox lists).
    pub fn parse(body: &[u8]) -> OfferForm {
        let mut f = OfferForm::default();
        for (k, v) in url::form_urlencoded::parse(body) {
            let v = v.into_owned();
            match k.as_ref() {
                "naam" => f.naam = v,
                "omschrijving" => f.omschrijving = v,
                "voor_wie" => f.voor_wie = v,
                "aanmelden" => f.aanmelden = v,
                "laag" => f.laag = v,
                "leefgebied" => f.leefgebieden.push(v),
                "doelgroep" => f.doelgroepen.push(v),
                "leeftijd_min" => f.leeftijd_min = v,
                "leeftijd_max" => f.leeftijd_max = v,
                "toegang" => f.toegang = v,
                "verwijzer" => f.verwijzer = v,
                "gratis" => f.gratis = v == "1",
                "kosten" => f.kosten = v,
                "trefwoorden" => f.trefwoorden = v,
                "werkgebied" => f.werkgebied.push(v),
                "openingstijden" => f.openingstijden = v,
                "telefoon" => f.telefoon = v,
                "email" => f.email = v,
                "website" => f.website = v,
                "status" => f.status = v,
                "versie" => f.versie = v.parse().ok(),
                "straat" => f.adres.get_or_insert_default().straat = v,
                "huisnummer" => f.adres.get_or_insert_default().huisnummer = v,
                "postcode" => f.adres.get_or_insert_default().postcode = v,
                "plaats" => f.adres.get_or_insert_default().plaats = v,
                key => {
                    if let Some((l, field)) = TranslationForm::parse_key(key) {
                        let all = f
                            .vertalingen
                            .get_or_insert_with(|| TranslationForm::all_of(&[]));
                        if let Some(t) = all.iter_mut().find(|t| t.language == l) {
                            match field {
                                "naam" => t.naam = v,
                                "omschrijving" => t.omschrijving = v,
                                _ => t.aanmelden = v,
                            }
                        }
                    }
                }
            }
        }
        f
    }

    pub fn from_draft(d: &OfferDraft, version: Option<i64>) -> OfferForm {
        let hours = d
            .hours
            .windows()
            .iter()
            .map(|w| {
                format!(
                    "{} {:02}:{:02}-{:02}:{:02}",
                    w.day.short_nl(),
                    w.opens / 60,
                    w.opens % 60,
                    w.closes / 60,
                    w.closes % 60
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        OfferForm {
            naam: d.name.clone(),
            omschrijving: d.description.clone(),
            voor_wie: d.for_whom.clone(),
            aanmelden: d.application_process.clone(),
            laag: d.layer.number().to_string(),
            leefgebieden: d
                .life_domains
                .iter()
                .map(|x| x.code().to_string())
                .collect(),
            doelgroepen: d
                .target_groups
                .iter()
                .map(|x| x.code().to_string())
                .collect(),
            leeftijd_min: d.ages.min().map(|a| a.to_string()).unwrap_or_default(),
            leeftijd_max: d.ages.max().map(|a| a.to_string()).unwrap_or_default(),
            toegang: d.access.code().to_string(),
            verwijzer: d.referrer.clone().unwrap_or_default(),
            gratis: d.free,
            kosten: d.cost_text.clone(),
            trefwoorden: d.keywords.join(", "),
            werkgebied: d.areas_served.clone(),
            openingstijden: hours,
            telefoon: d.phone.clone().unwrap_or_default(),
            email: d.email.clone().unwrap_or_default(),
            website: d.url.clone().unwrap_or_default(),
            status: d.status.hsds().to_string(),
            versie: version,
            adres: None,
            vertalingen: None,
        }
    }

    /// The typed translations, checked (`None`: the form had none), or every
    /// problem with its field.
    pub fn to_translations(&self) -> Result<Option<Vec<OfferTranslation>>, Vec<FieldError>> {
        let Some(list) = &self.vertalingen else {
            return Ok(None);
        };
        let all: Vec<OfferTranslation> = list.iter().map(TranslationForm::to_translation).collect();
        let problems: Vec<FieldError> = all.iter().flat_map(OfferTranslation::problems).collect();
        if problems.is_empty() {
            Ok(Some(all))
        } else {
            Err(problems)
        }
    }

    /// The checked draft with the given id, or every problem with its field.
    pub fn to_draft(
        &self,
        hsds_id: &str,
        base: Option<&OfferDraft>,
    ) -> Result<OfferDraft, Vec<FieldError>> {
        let mut problems = Vec::new();
        let mut fail =
            |field: &'static str, reason: String| problems.push(FieldError { field, reason });
        let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let layer = self
            .laag
            .parse::<u8>()
            .ok()
            .and_then(|n| Layer::try_from(n).ok());
        if layer.is_none() {
            fail("laag", "kies een laag".into());
        }
        let access = AccessRoute::parse(&self.toegang).ok();
        if access.is_none() {
            fail("toegang", "kies hoe iemand bij dit aanbod komt".into());
        }
        let status = OfferStatus::parse(if self.status.is_empty() {
            "active"
        } else {
            &self.status
        })
        .ok();
        if status.is_none() {
            fail("status", "kies een status".into());
        }
        let domains: Vec<LifeDomain> = self
            .leefgebieden
            .iter()
            .filter_map(|c| LifeDomain::parse(c).ok())
            .collect();
        let groups: Vec<TargetGroup> = self
            .doelgroepen
            .iter()
            .filter_map(|c| TargetGroup::parse(c).ok())
            .collect();
        let age = |s: &str,
                   field: &'static str,
                   fail: &mut dyn FnMut(&'static str, String)|
         -> Option<i64> {
            let s = s.trim();
            if s.is_empty() {
                return None;
            }
            match s.parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    fail(field, format!("'{s}' is geen leeftijd in jaren"));
                    None
                }
            }
        };
        let (min, max) = (
            age(&self.leeftijd_min, "leeftijd", &mut fail),
            age(&self.leeftijd_max, "leeftijd", &mut fail),
        );
        let ages = AgeRange::new(min, max).unwrap_or_else(|e| {
            fail("leeftijd", e);
            AgeRange::default()
        });
        let mut hours = OpeningHours::default();
        for line in self
            .openingstijden
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            let parsed = line
                .split_once(' ')
                .and_then(|(days, times)| times.trim().split_once('-').map(|(a, b)| (days, a, b)))
                .ok_or_else(|| format!("'{line}' is niet als 'ma,wo 09:00-12:00' geschreven"))
                .and_then(|(days, a, b)| hours.add(days, a, b));
            if let Err(e) = parsed {
                fail("openingstijden", e);
            }
        }
        let (Some(layer), Some(access), Some(status)) = (layer, access, status) else {
            return Err(problems);
        };
        let draft = OfferDraft {
            hsds_id: hsds_id.to_string(),
            name: self.naam.trim().to_string(),
            description: self.omschrijving.trim().to_string(),
            for_whom: self.voor_wie.trim().to_string(),
            application_process: self.aanmelden.trim().to_string(),
            status,
            layer,
            access,
            referrer: opt(&self.verwijzer),
            ages,
            free: self.gratis,
            cost_text: if self.gratis {
                String::new()
            } else {
                self.kosten.trim().to_string()
            },
            keywords: self
                .trefwoorden
                .split(',')
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(String::from)
                .collect(),
            life_domains: domains,
            target_groups: groups,
            areas_served: self
                .werkgebied
                .iter()
                .filter(|c| !c.is_empty())
                .cloned()
                .collect(),
            hours,
            phone: opt(&self.telefoon),
            email: opt(&self.email),
            url: opt(&self.website),
            last_checked: base.and_then(|b| b.last_checked),
            checked_by: base.and_then(|b| b.checked_by.clone()),
        };
        let mut draft = draft;
        draft.normalize();
        problems.extend(draft.problems());
        if problems.is_empty() {
            Ok(draft)
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(pairs: &[(&str, &str)]) -> Vec<u8> {
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish()
            .into_bytes()
    }

    #[test]
    fn a_complete_form_becomes_a_draft_and_back() {
        let f = OfferForm::parse(&body(&[
            ("naam", "Taalcafé"),
            ("omschrijving", "Samen Nederlands praten."),
            ("laag", "2"),
            ("leefgebied", "taal-en-basisvaardigheden"),
            ("leefgebied", "sociaal-netwerk"),
            ("toegang", "vrij"),
            ("gratis", "1"),
            ("openingstijden", "di 10:00-11:30\nvr 13:00-14:00"),
            ("trefwoorden", "taal, praten"),
        ]));
        let d = f.to_draft("taalcafe", None).unwrap();
        assert_eq!(d.life_domains.len(), 2);
        assert_eq!(d.hours.windows().len(), 2);
        assert_eq!(d.keywords, vec!["taal", "praten"]);
        let back = OfferForm::from_draft(&d, Some(3));
        assert_eq!(back.to_draft("taalcafe", None).unwrap(), d);
    }

    #[test]
    fn translations_are_read_per_language_and_checked() {
        let long = "x".repeat(5001);
        let f = OfferForm::parse(&body(&[
            ("naam", "Taalcafé"),
            ("en_naam", "Language café"),
            ("en_omschrijving", &long),
            ("ar_naam", "مقهى اللغة"),
            ("nl_naam", "genegeerd"),
            ("xx_naam", "genegeerd"),
        ]));
        let list = f.vertalingen.as_ref().unwrap();
        assert_eq!(list.len(), 5, "every language, filled or not");
        assert_eq!(list[0].naam, "Language café");
        assert_eq!(list[1].naam, "مقهى اللغة");
        let problems = f.to_translations().unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "omschrijving (Engels)");
        // A form without the section leaves the translations alone.
        assert_eq!(
            OfferForm::parse(&body(&[("naam", "x")])).to_translations(),
            Ok(None)
        );
    }

    #[test]
    fn mistakes_are_reported_per_field() {
        let f = OfferForm::parse(&body(&[
            ("laag", "7"),
            ("openingstijden", "maandag ochtend"),
            ("leeftijd_min", "tien"),
        ]));
        let fields: Vec<&str> = f
            .to_draft("x", None)
            .unwrap_err()
            .iter()
            .map(|p| p.field)
            .collect();
        assert!(
            fields.contains(&"laag")
                && fields.contains(&"openingstijden")
                && fields.contains(&"leeftijd"),
            "{fields:?}"
        );
    }
}
