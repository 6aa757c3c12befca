//! Layers, life domains, target groups, access routes and age ranges.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The five layers, light to heavy (DESIGN.md §2): *licht waar mogelijk, zwaar waar nodig*.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Layer {
    OwnStrength = 1,
    SocialBase = 2,
    OpenAccess = 3,
    Targeted = 4,
    Intensive = 5,
}

impl Layer {
    pub const ALL: [Layer; 5] = [
        Layer::OwnStrength,
        Layer::SocialBase,
        Layer::OpenAccess,
        Layer::Targeted,
        Layer::Intensive,
    ];

    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn from_number(n: i64) -> Option<Layer> {
        Layer::ALL.into_iter().find(|l| i64::from(l.number()) == n)
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            Layer::OwnStrength => "Eigen kracht en netwerk",
            Layer::SocialBase => "Sociale basis",
            Layer::OpenAccess => "Laagdrempelige ondersteuning",
            Layer::Targeted => "Gerichte hulp",
            Layer::Intensive => "Intensieve hulp",
        }
    }

    /// One plain sentence per layer, for the vraagwijzer's explanation.
    pub fn explanation_nl(self) -> &'static str {
        match self {
            Layer::OwnStrength => "Wat u zelf kunt doen, met hulp van familie, buren en vrienden.",
            Layer::SocialBase => "Activiteiten en plekken in de buurt waar iedereen welkom is, zoals een buurthuis, de bibliotheek of een sportclub.",
            Layer::OpenAccess => "Hulp waarvoor u zich zelf kunt melden, zonder verwijzing of indicatie, zoals welzijnswerk of het opvoedspreekuur.",
            Layer::Targeted => "Hulp op maat waarvoor de gemeente of een verwijzer eerst met u kijkt wat nodig is, zoals huishoudelijke hulp of jeugdhulp.",
            Layer::Intensive => "Zware of dringende hulp bij grote problemen of als het niet veilig is.",
        }
    }
}

impl Layer {
    /// The Fluent key of the layer's name for residents (`directory.ftl`):
    /// what it means for them, not the professional term of `label_nl`.
    pub fn resident_key(self) -> &'static str {
        match self {
            Layer::OwnStrength => "layer-own-strength",
            Layer::SocialBase => "layer-social-base",
            Layer::OpenAccess => "layer-open-access",
            Layer::Targeted => "layer-targeted",
            Layer::Intensive => "layer-intensive",
        }
    }

    /// The Fluent key of the layer's one-sentence explanation for residents.
    pub fn resident_explanation_key(self) -> &'static str {
        match self {
            Layer::OwnStrength => "layer-own-strength-explained",
            Layer::SocialBase => "layer-social-base-explained",
            Layer::OpenAccess => "layer-open-access-explained",
            Layer::Targeted => "layer-targeted-explained",
            Layer::Intensive => "layer-intensive-explained",
        }
    }
}

impl TryFrom<u8> for Layer {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, Self::Error> {
        Layer::from_number(i64::from(n))
            .ok_or_else(|| format!("laag {n} bestaat niet; kies 1 tot en met 5"))
    }
}

impl From<Layer> for u8 {
    fn from(l: Layer) -> u8 {
        l.number()
    }
}

macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident, $err:literal, { $($variant:ident => ($code:literal, $label:literal)),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),* }
            }
            pub fn label_nl(self) -> &'static str {
                match self { $($name::$variant => $label),* }
            }
            pub fn parse(code: &str) -> Result<Self, String> {
                let c = code.trim();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.code() == c)
                    .ok_or_else(|| format!($err, c))
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> {
                $name::parse(&s)
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.code().to_string()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label_nl())
            }
        }
    };
}

pub(crate) use code_enum;

code_enum!(
    /// The default life domains (leefgebieden) of DESIGN.md §2.
    LifeDomain, "onbekend leefgebied '{}'", {
    Finances => ("financien", "Financiën"),
    WorkAndEducation => ("werk-en-opleiding", "Werk en opleiding"),
    DaytimeActivities => ("dagbesteding", "Dagbesteding"),
    Housing => ("huisvesting", "Huisvesting"),
    DomesticRelations => ("huiselijke-relaties", "Huiselijke relaties"),
    Parenting => ("opvoeden-en-opgroeien", "Opvoeden en opgroeien"),
    MentalHealth => ("geestelijke-gezondheid", "Geestelijke gezondheid"),
    PhysicalHealth => ("lichamelijke-gezondheid", "Lichamelijke gezondheid"),
    SubstanceUse => ("middelengebruik", "Middelengebruik"),
    DailyLiving => ("dagelijkse-levensverrichtingen", "Dagelijkse levensverrichtingen"),
    SocialNetwork => ("sociaal-netwerk", "Sociaal netwerk"),
    Participation => ("maatschappelijke-deelname", "Maatschappelijke deelname"),
    JusticeAndSafety => ("justitie-en-veiligheid", "Justitie en veiligheid"),
    LanguageAndSkills => ("taal-en-basisvaardigheden", "Taal en basisvaardigheden"),
});

impl LifeDomain {
    /// The Fluent key of the life domain's name for residents
    /// (`directory.ftl`): "Hulp in en om het huis", not the professional
    /// "Dagelijkse levensverrichtingen" of `label_nl`.
    pub fn resident_key(self) -> &'static str {
        match self {
            LifeDomain::Finances => "domain-finances",
            LifeDomain::WorkAndEducation => "domain-work-and-education",
            LifeDomain::DaytimeActivities => "domain-daytime-activities",
            LifeDomain::Housing => "domain-housing",
            LifeDomain::DomesticRelations => "domain-domestic-relations",
            LifeDomain::Parenting => "domain-parenting",
            LifeDomain::MentalHealth => "domain-mental-health",
            LifeDomain::PhysicalHealth => "domain-physical-health",
            LifeDomain::SubstanceUse => "domain-substance-use",
            LifeDomain::DailyLiving => "domain-daily-living",
            LifeDomain::SocialNetwork => "domain-social-network",
            LifeDomain::Participation => "domain-participation",
            LifeDomain::JusticeAndSafety => "domain-justice-and-safety",
            LifeDomain::LanguageAndSkills => "domain-language-and-skills",
        }
    }

    /// Life domains by their Dutch labels, comma-separated.
    pub fn list_nl<'a>(domains: impl IntoIterator<Item = &'a LifeDomain>) -> String {
        domains
            .into_iter()
            .map(|d| d.label_nl())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

code_enum!(
    /// Who an offer is meant for.
    TargetGroup, "onbekende doelgroep '{}'", {
    Children => ("jeugd", "Kinderen en tieners"),
    YoungAdults => ("jongeren", "Jongeren (16 tot 27 jaar)"),
    Families => ("gezinnen", "Gezinnen"),
    Adults => ("volwassenen", "Volwassenen"),
    Elderly => ("ouderen", "Ouderen"),
    Carers => ("mantelzorgers", "Mantelzorgers"),
    Newcomers => ("statushouders", "Statushouders"),
    Disabled => ("mensen-met-een-beperking", "Mensen met een beperking"),
    Volunteers => ("vrijwilligers", "Vrijwilligers"),
});

code_enum!(
    /// How someone gets to an offer.
    AccessRoute, "onbekende toegang '{}'", {
    Open => ("vrij", "Vrij toegankelijk, zonder aanmelden"),
    Register => ("aanmelden", "Zelf aanmelden"),
    Referral => ("verwijzing", "Met een verwijzing"),
    Indication => ("indicatie", "Met een indicatie of beschikking"),
});

impl TargetGroup {
    /// The Fluent key of the target group's name for residents (`directory.ftl`).
    pub fn resident_key(self) -> &'static str {
        match self {
            TargetGroup::Children => "group-children",
            TargetGroup::YoungAdults => "group-young-adults",
            TargetGroup::Families => "group-families",
            TargetGroup::Adults => "group-adults",
            TargetGroup::Elderly => "group-elderly",
            TargetGroup::Carers => "group-carers",
            TargetGroup::Newcomers => "group-newcomers",
            TargetGroup::Disabled => "group-disabled",
            TargetGroup::Volunteers => "group-volunteers",
        }
    }
}

impl AccessRoute {
    /// The Fluent key of how a resident gets there, in their words
    /// (`directory.ftl`).
    pub fn resident_key(self) -> &'static str {
        match self {
            AccessRoute::Open => "access-open",
            AccessRoute::Register => "access-register",
            AccessRoute::Referral => "access-referral",
            AccessRoute::Indication => "access-indication",
        }
    }

    /// Needs someone else's decision first (a referral or an indication): the
    /// offer page then says how to get one.
    pub fn needs_decision(self) -> bool {
        !self.without_referral()
    }

    /// Can a resident go there without anyone's referral or indication?
    pub fn without_referral(self) -> bool {
        matches!(self, AccessRoute::Open | AccessRoute::Register)
    }
}

/// An age range in whole years, 0–120, `min <= max`; both ends optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AgeRange {
    min: Option<u8>,
    max: Option<u8>,
}

impl AgeRange {
    pub fn new(min: Option<i64>, max: Option<i64>) -> Result<AgeRange, String> {
        let check = |v: Option<i64>, what: &str| -> Result<Option<u8>, String> {
            match v {
                None => Ok(None),
                Some(n) if (0..=120).contains(&n) => Ok(Some(n as u8)),
                Some(n) => Err(format!("{what} {n} ligt niet tussen 0 en 120")),
            }
        };
        let (min, max) = (
            check(min, "minimumleeftijd")?,
            check(max, "maximumleeftijd")?,
        );
        if let (Some(a), Some(b)) = (min, max) {
            if a > b {
                return Err(format!(
                    "minimumleeftijd {a} is hoger dan maximumleeftijd {b}"
                ));
            }
        }
        Ok(AgeRange { min, max })
    }
    pub fn min(self) -> Option<u8> {
        self.min
    }
    pub fn max(self) -> Option<u8> {
        self.max
    }
    pub fn contains(self, age: u8) -> bool {
        self.min.is_none_or(|m| age >= m) && self.max.is_none_or(|m| age <= m)
    }
    /// "Voor 12 tot en met 18 jaar", "vanaf 65 jaar", "tot en met 4 jaar", or "alle leeftijden".
    pub fn label_nl(self) -> String {
        match (self.min, self.max) {
            (None, None) => "alle leeftijden".into(),
            (Some(a), None) => format!("vanaf {a} jaar"),
            (None, Some(b)) => format!("tot en met {b} jaar"),
            (Some(a), Some(b)) => format!("{a} tot en met {b} jaar"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_parse_from_their_number_only() {
        assert_eq!(Layer::try_from(3), Ok(Layer::OpenAccess));
        assert!(Layer::try_from(0).is_err());
        assert!(Layer::try_from(6).is_err());
        assert!(
            Layer::OwnStrength < Layer::Intensive,
            "ordered light to heavy"
        );
    }

    #[test]
    fn codes_round_trip_and_unknown_codes_are_refused() {
        for d in LifeDomain::ALL {
            assert_eq!(LifeDomain::parse(d.code()), Ok(*d));
        }
        assert_eq!(LifeDomain::ALL.len(), 14);
        assert!(LifeDomain::parse("geluk").unwrap_err().contains("geluk"));
        assert!(TargetGroup::parse("ouderen").is_ok());
        assert!(AccessRoute::parse("indicatie").is_ok_and(|a| !a.without_referral()));
    }

    #[test]
    fn every_variant_has_its_own_resident_key() {
        fn distinct(keys: Vec<&'static str>, prefix: &str, len: usize) {
            let set: std::collections::BTreeSet<_> = keys.iter().collect();
            assert_eq!(set.len(), len, "{keys:?}");
            assert!(keys.iter().all(|k| k.starts_with(prefix)), "{keys:?}");
        }
        distinct(
            LifeDomain::ALL.iter().map(|d| d.resident_key()).collect(),
            "domain-",
            LifeDomain::ALL.len(),
        );
        let layers: Vec<_> = Layer::ALL.iter().map(|l| l.resident_key()).collect();
        distinct(layers, "layer-", 5);
        let explained: Vec<_> = Layer::ALL
            .iter()
            .map(|l| l.resident_explanation_key())
            .collect();
        distinct(explained, "layer-", 5);
        distinct(
            AccessRoute::ALL.iter().map(|a| a.resident_key()).collect(),
            "access-",
            AccessRoute::ALL.len(),
        );
        distinct(
            TargetGroup::ALL.iter().map(|g| g.resident_key()).collect(),
            "group-",
            TargetGroup::ALL.len(),
        );
        // The professional words stay for workers.
        assert_eq!(
            LifeDomain::DailyLiving.label_nl(),
            "Dagelijkse levensverrichtingen"
        );
        assert!(AccessRoute::Indication.needs_decision() && !AccessRoute::Open.needs_decision());
    }

    #[test]
    fn age_ranges_cannot_be_upside_down() {
        assert!(AgeRange::new(Some(18), Some(12)).is_err());
        assert!(AgeRange::new(Some(-1), None).is_err());
        let r = AgeRange::new(Some(12), Some(18)).unwrap();
        assert!(r.contains(12) && r.contains(18) && !r.contains(19));
        assert_eq!(r.label_nl(), "12 tot en met 18 jaar");
        assert!(AgeRange::default().contains(99));
    }
}
