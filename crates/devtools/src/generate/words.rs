//! The words of the offer generator: templates and word lists from
//! `data/generate/*.toml`, parsed once. Written for Kompas; no real
//! organisations or places.

use kompas_domain::directory::{AccessRoute, Layer, LifeDomain, TargetGroup};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::LazyLock;

const TEMPLATES: &str = include_str!("../../data/generate/offers.toml");
const WORDS: &str = include_str!("../../data/generate/words.toml");

/// The kind of organisation that runs an offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Kind {
    Welfare,
    CommunityCentre,
    Library,
    Sport,
    Municipality,
    HomeCare,
    Youth,
    MentalHealth,
    Addiction,
    Money,
    Work,
    Housing,
    Volunteers,
    Language,
    Safety,
    Shelter,
}

impl Kind {
    pub(super) const ALL: [Kind; 16] = [
        Kind::Welfare,
        Kind::CommunityCentre,
        Kind::Library,
        Kind::Sport,
        Kind::Municipality,
        Kind::HomeCare,
        Kind::Youth,
        Kind::MentalHealth,
        Kind::Addiction,
        Kind::Money,
        Kind::Work,
        Kind::Housing,
        Kind::Volunteers,
        Kind::Language,
        Kind::Safety,
        Kind::Shelter,
    ];

    /// The `organizations.kind` column.
    pub(super) fn code(self) -> &'static str {
        match self {
            Kind::Welfare | Kind::CommunityCentre | Kind::Volunteers => "welzijn",
            Kind::Library => "bibliotheek",
            Kind::Sport => "vereniging",
            Kind::Municipality | Kind::Work => "gemeente",
            Kind::Housing => "woningcorporatie",
            Kind::Language => "onderwijs",
            _ => "zorgaanbieder",
        }
    }

    fn words(self) -> Option<&'static KindWords> {
        words().kinds.get(&self)
    }

    /// Name patterns: `{n}` a noun, `{w}` a wijk, `{g}` the municipality.
    pub(super) fn patterns(self) -> &'static [String] {
        self.words().map_or(&[], |k| &k.patterns)
    }

    pub(super) fn describe(self) -> &'static str {
        self.words().map_or("", |k| &k.describe)
    }
}

/// When an offer is open.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Hours {
    /// One to three daytime windows a week.
    Week,
    /// Evenings.
    Evening,
    /// Office hours on working days.
    Office,
    /// Day and night.
    Always,
    /// By appointment: no fixed hours.
    Appointment,
}

/// One kind of offer: names, what it is, who it is for, how to get there.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Template {
    pub names: Vec<String>,
    pub layer: Layer,
    pub domains: Vec<LifeDomain>,
    pub groups: Vec<TargetGroup>,
    pub age_min: Option<i64>,
    pub age_max: Option<i64>,
    pub access: AccessRoute,
    #[serde(default)]
    pub referrer: String,
    /// Empty: free.
    #[serde(default)]
    pub cost: Vec<String>,
    pub kind: Kind,
    pub hours: Hours,
    pub keywords: Vec<String>,
    pub what: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Templates {
    template: Vec<Template>,
}

#[derive(Debug, Deserialize)]
pub(super) struct KindWords {
    describe: String,
    patterns: Vec<String>,
}

/// General sentences of a description, by layer.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Phrases {
    pub open: Vec<String>,
    pub support: Vec<String>,
    pub targeted: Vec<String>,
    pub intensive: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Words {
    pub nouns: Vec<String>,
    pub wijken: Vec<String>,
    pub streets: Vec<String>,
    pub postcode_letters: Vec<String>,
    pub days: Vec<String>,
    pub day_windows: Vec<(String, String)>,
    pub evening_windows: Vec<(String, String)>,
    pub phrases: Phrases,
    /// By life domain code.
    domain_phrases: HashMap<String, Vec<String>>,
    /// By target group code.
    plural: HashMap<String, String>,
    kinds: HashMap<Kind, KindWords>,
}

impl Words {
    /// A sentence in resident language per life domain, so descriptions use
    /// the words residents search with.
    pub(super) fn domain_phrases(&self, d: LifeDomain) -> &[String] {
        self.domain_phrases.get(d.code()).map_or(&[], Vec::as_slice)
    }

    /// A target group in a running sentence ("Voor ouderen en mantelzorgers").
    pub(super) fn plural(&self, g: TargetGroup) -> &str {
        self.plural.get(g.code()).map_or("", String::as_str)
    }
}

type Parsed = Result<(Templates, Words), String>;

static PARSED: LazyLock<Parsed> = LazyLock::new(|| {
    let t = toml::from_str(TEMPLATES).map_err(|e| format!("data/generate/offers.toml: {e}"))?;
    let w = toml::from_str(WORDS).map_err(|e| format!("data/generate/words.toml: {e}"))?;
    Ok((t, w))
});
static EMPTY: LazyLock<(Templates, Words)> = LazyLock::new(Default::default);

/// Why the data files do not parse, if they do not (`run` checks this
/// first; the unit tests check the files themselves).
pub fn check() -> anyhow::Result<()> {
    PARSED.as_ref().map(|_| ()).map_err(anyhow::Error::msg)
}

fn parsed() -> &'static (Templates, Words) {
    PARSED.as_ref().unwrap_or(&EMPTY)
}

pub(super) fn templates() -> &'static [Template] {
    &parsed().0.template
}

pub(super) fn words() -> &'static Words {
    &parsed().1
}

#[cfg(test)]
mod tests {
    use super::*;
    use kompas_domain::directory::AgeRange;

    #[test]
    fn the_data_files_parse_and_every_list_is_filled() {
        check().unwrap();
        let w = words();
        for list in [
            &w.nouns,
            &w.wijken,
            &w.streets,
            &w.postcode_letters,
            &w.days,
        ] {
            assert!(!list.is_empty());
        }
        assert!(!w.day_windows.is_empty() && !w.evening_windows.is_empty());
        let p = &w.phrases;
        for list in [&p.open, &p.support, &p.targeted, &p.intensive] {
            assert!(!list.is_empty());
        }
        for g in TargetGroup::ALL {
            assert!(!w.plural(*g).is_empty(), "{g:?}");
        }
        for k in Kind::ALL {
            assert!(
                !k.patterns().is_empty() && !k.describe().is_empty(),
                "{k:?}"
            );
        }
        for d in LifeDomain::ALL {
            assert!(!w.domain_phrases(*d).is_empty(), "{d:?}");
            assert!(templates().iter().any(|t| t.domains.contains(d)), "{d:?}");
        }
        for l in Layer::ALL {
            assert!(templates().iter().any(|t| t.layer == l), "{l:?}");
        }
    }

    #[test]
    fn templates_are_valid() {
        assert!(templates().len() > 50);
        for t in templates() {
            assert!(!t.names.is_empty() && !t.domains.is_empty() && !t.groups.is_empty());
            assert!(t.keywords.len() >= 3 && !t.what.is_empty(), "{:?}", t.names);
            assert!(AgeRange::new(t.age_min, t.age_max).is_ok(), "{:?}", t.names);
            if !t.access.without_referral() {
                assert!(!t.referrer.is_empty(), "{:?} needs a referrer", t.names);
            }
        }
    }
}
