//! `kompas generate offers`: a large, realistic, deterministic sociale kaart
//! for load tests and benchmarks. The same seed gives the same offers; the
//! words come from the lists below (written by us, no real organisations).
//!
//! Offers go through `save_offer` in transactions of [`BATCH`] offers, so
//! validation and history are the real path. Ids are `gen-{gemeente}-{seed}-{n}`:
//! running the same command twice changes nothing.

pub mod cases;
mod command;

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

    /// One element; the lists passed are constant and never empty.
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> Option<&'a T> {
        xs.get(self.below(xs.len()))
    }

    fn word(&mut self, xs: &[&'static str]) -> &'static str {
        self.pick(xs).copied().unwrap_or_default()
    }

    /// `k` distinct elements in a random order (fewer when `xs` is shorter).
    fn sample<T: Copy>(&mut self, xs: &[T], k: usize) -> Vec<T> {
        let mut idx: Vec<usize> = (0..xs.len()).collect();
        let mut out = Vec::with_capacity(k.min(xs.len()));
        for _ in 0..k.min(xs.len()) {
            let i = self.below(idx.len());
            let j = idx.swap_remove(i);
            if let Some(x) = xs.get(j) {
                out.push(*x);
            }
        }
        out
    }
}

// ---------------------------------------------------------------- word lists

use AccessRoute as A;
use LifeDomain as D;
use TargetGroup as G;

/// The kind of organisation that runs an offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
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
    const ALL: [Kind; 16] = [
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
    fn code(self) -> &'static str {
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

    /// Name patterns: `{n}` a noun, `{w}` a wijk, `{g}` the municipality.
    fn patterns(self) -> &'static [&'static str] {
        match self {
            Kind::Welfare => &[
                "Stichting Welzijn {g}",
                "Welzijn {w}",
                "Welzijnsorganisatie De {n}",
                "Stichting De {n}",
                "Buurtwerk {w}",
            ],
            Kind::CommunityCentre => &[
                "Buurthuis De {n}",
                "Wijkcentrum {w}",
                "Ontmoetingscentrum De {n}",
                "Huis van de Wijk {w}",
            ],
            Kind::Library => &["Bibliotheek {g}", "Bibliotheek {w}", "Leescentrum De {n}"],
            Kind::Sport => &[
                "Sportvereniging De {n}",
                "Buurtsport {w}",
                "Sportcentrum De {n}",
                "Wandelclub De {n}",
            ],
            Kind::Municipality => &[
                "Sociaal Team {w}",
                "Gemeente {g}, Werk en Inkomen",
                "Gemeente {g}, Wmo-loket",
                "Sociaal Team {g}",
            ],
            Kind::HomeCare => &[
                "Thuiszorg De {n}",
                "Zorggroep {n}",
                "Wijkverpleging {w}",
                "Woonzorg De {n}",
            ],
            Kind::Youth => &[
                "Jeugdhulp De {n}",
                "Centrum voor Jeugd en Gezin {w}",
                "Jongerenwerk {w}",
                "Gezinspraktijk De {n}",
            ],
            Kind::MentalHealth => &[
                "GGZ De {n}",
                "Inloophuis De {n}",
                "Praktijk voor Psychologie De {n}",
                "Herstelcentrum {w}",
            ],
            Kind::Addiction => &[
                "Verslavingszorg De {n}",
                "Herstelgroep De {n}",
                "Stichting Nieuwe Start {w}",
            ],
            Kind::Money => &[
                "Schuldhulpverlening {g}",
                "Stichting Geldzaken De {n}",
                "Formulierenbrigade {w}",
                "Budgetwinkel {w}",
            ],
            Kind::Work => &[
                "Werkplein {g}",
                "Leerwerkbedrijf De {n}",
                "Werkcentrum {w}",
                "Re-integratiebureau De {n}",
            ],
            Kind::Housing => &[
                "Woonstichting De {n}",
                "Huurdersvereniging {w}",
                "Wooncorporatie {n}",
            ],
            Kind::Volunteers => &[
                "Vrijwilligerscentrale {g}",
                "Mantelzorgsteunpunt {g}",
                "Burenhulp {w}",
                "Stichting Maatjes {w}",
            ],
            Kind::Language => &[
                "Taalhuis {w}",
                "Stichting Taalmaatjes De {n}",
                "Volksuniversiteit {g}",
            ],
            Kind::Safety => &[
                "Veilig Thuis regio {g}",
                "Zorg- en Veiligheidshuis {g}",
                "Stichting Herstel en Veiligheid De {n}",
            ],
            Kind::Shelter => &[
                "Stichting Onderdak De {n}",
                "Opvanghuis De {n}",
                "Beschermd Wonen De {n}",
            ],
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Kind::Welfare => "een welzijnsorganisatie",
            Kind::CommunityCentre => "een ontmoetingsplek in de wijk",
            Kind::Library => "de openbare bibliotheek",
            Kind::Sport => "een sport- en beweegorganisatie",
            Kind::Municipality => "een team van de gemeente",
            Kind::HomeCare => "een zorgorganisatie",
            Kind::Youth => "een organisatie voor jeugd en gezin",
            Kind::MentalHealth => "een organisatie voor psychische gezondheid",
            Kind::Addiction => "een organisatie voor verslavingszorg",
            Kind::Money => "een organisatie voor geldzaken en schulden",
            Kind::Work => "een organisatie voor werk en inkomen",
            Kind::Housing => "een organisatie voor wonen",
            Kind::Volunteers => "een vrijwilligersorganisatie",
            Kind::Language => "een organisatie voor taal en basisvaardigheden",
            Kind::Safety => "een organisatie voor veiligheid en bescherming",
            Kind::Shelter => "een organisatie voor opvang en beschermd wonen",
        }
    }
}

/// When an offer is open.
#[derive(Debug, Clone, Copy)]
enum Hours {
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
struct Template {
    names: &'static [&'static str],
    layer: Layer,
    domains: &'static [LifeDomain],
    groups: &'static [TargetGroup],
    ages: (Option<i64>, Option<i64>),
    access: AccessRoute,
    referrer: &'static str,
    /// Empty: free.
    cost: &'static [&'static str],
    kind: Kind,
    hours: Hours,
    keywords: &'static [&'static str],
    what: &'static [&'static str],
}

const FREE: &[&str] = &[];
const WMO: &[&str] = &["Eigen bijdrage volgens de Wmo: maximaal € 21,80 per maand."];
const NONE: (Option<i64>, Option<i64>) = (None, None);

const TEMPLATES: &[Template] = &[
    // ----- layer 1: eigen kracht en netwerk
    Template {
        names: &["Burenhulp", "Burenhulpcentrale", "Buren voor buren"],
        layer: Layer::OwnStrength,
        domains: &[D::SocialNetwork, D::DailyLiving],
        groups: &[G::Elderly, G::Adults],
        ages: NONE,
        access: A::Register,
        referrer: "",
        cost: FREE,
        kind: Kind::Volunteers,
        hours: Hours::Week,
        keywords: &["buren", "boodschappen", "klusje", "lift naar de dokter", "even iemand nodig", "burenhulp", "vervoer"],
        what: &[
            "Buren helpen elkaar met kleine dingen: een boodschap, een lift naar de huisarts of een klusje in huis.",
            "Heeft u even iemand nodig voor een boodschap of een ritje naar het ziekenhuis? Een buurtgenoot helpt u graag.",
        ],
    },
    Template {
        names: &["Mantelzorgcafé", "Ontmoeting voor mantelzorgers", "Mantelzorgkring"],
        layer: Layer::OwnStrength,
        domains: &[D::SocialNetwork, D::MentalHealth],
        groups: &[G::Carers],
        ages: NONE,
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Volunteers,
        hours: Hours::Evening,
        keywords: &["mantelzorg", "zorgen voor mijn partner", "overbelast", "lotgenoten", "even op adem komen", "mantelzorger"],
        what: &[
            "Mantelzorgers ontmoeten elkaar, delen ervaringen en geven elkaar tips.",
            "Zorgt u voor een ziek familielid of een buur? Hier praat u met anderen die hetzelfde meemaken.",
        ],
    },
    Template {
        names: &["Familiegroepsplan", "Netwerkberaad", "Samen een plan met je netwerk"],
        layer: Layer::OwnStrength,
        domains: &[D::DomesticRelations, D::Parenting, D::SocialNetwork],
        groups: &[G::Families],
        ages: NONE,
        access: A::Register,
        referrer: "",
        cost: FREE,
        kind: Kind::Welfare,
        hours: Hours::Appointment,
        keywords: &["familie", "netwerk", "samen een plan maken", "ruzie in de familie", "gezin", "eigen kracht"],
        what: &[
            "U maakt samen met familie, vrienden en buren een plan om de problemen aan te pakken. Een onafhankelijke coördinator helpt bij de voorbereiding.",
        ],
    },
    Template {
        names: &["Maatjesproject", "Maatje voor elkaar", "Wandelmaatje"],
        layer: Layer::OwnStrength,
        domains: &[D::SocialNetwork, D::Participation],
        groups: &[G::Adults, G::Elderly, G::Newcomers],
        ages: (Some(18), None),
        access: A::Register,
        referrer: "",
        cost: FREE,
        kind: Kind::Volunteers,
        hours: Hours::Appointment,
        keywords: &["eenzaam", "alleen", "maatje", "samen wandelen", "praatje", "niemand om mee te praten", "eenzaamheid"],
        what: &[
            "Een vrijwillig maatje komt regelmatig langs voor een praatje, een wandeling of om samen iets leuks te doen.",
            "Voelt u zich alleen? Wij koppelen u aan een maatje met dezelfde interesses.",
        ],
    },
    Template {
        names: &["Oppasnetwerk", "Oppascentrale voor ouders"],
        layer: Layer::OwnStrength,
        domains: &[D::Parenting, D::SocialNetwork],
        groups: &[G::Families],
        ages: NONE,
        access: A::Register,
        referrer: "",
        cost: &["€ 4,00 per uur voor de oppas."],
        kind: Kind::Volunteers,
        hours: Hours::Evening,
        keywords: &["oppas", "kinderen", "even tijd voor mezelf", "alleenstaande ouder", "opvang kinderen"],
        what: &["Ouders in de buurt passen op elkaars kinderen, zodat u even tijd heeft voor uzelf of een afspraak."],
    },
    Template {
        names: &["Buurtpreventie", "Buurtnetwerk veilig wonen"],
        layer: Layer::OwnStrength,
        domains: &[D::JusticeAndSafety, D::SocialNetwork],
        groups: &[G::Adults, G::Volunteers],
        ages: (Some(16), None),
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Volunteers,
        hours: Hours::Evening,
        keywords: &["veilig in de buurt", "buurtpreventie", "inbraak", "buren leren kennen", "buurtapp"],
        what: &["Bewoners lopen samen rondes door de wijk en houden via een buurtapp een oogje in het zeil."],
    },
    Template {
        names: &["Ruilkring", "Geefkring", "Ruilwinkel"],
        layer: Layer::OwnStrength,
        domains: &[D::Finances, D::Participation],
        groups: &[G::Adults, G::Families],
        ages: NONE,
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Volunteers,
        hours: Hours::Week,
        keywords: &["ruilen", "spullen", "weinig geld", "diensten ruilen", "geven en nemen", "besparen"],
        what: &["Buurtgenoten ruilen spullen en diensten zonder geld: u repareert een fiets, een ander helpt met uw tuin."],
    },
    Template {
        names: &["Lotgenotengroep", "Praatgroep", "Gespreksgroep voor lotgenoten"],
        layer: Layer::OwnStrength,
        domains: &[D::MentalHealth, D::PhysicalHealth],
        groups: &[G::Adults, G::Disabled],
        ages: (Some(18), None),
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::MentalHealth,
        hours: Hours::Evening,
        keywords: &["lotgenoten", "ervaringen delen", "chronisch ziek", "rouw", "verlies", "praten met anderen"],
        what: &["Mensen die hetzelfde meemaken, steunen elkaar. U vertelt zoveel of zo weinig als u wilt."],
    },
    Template {
        names: &["Rouwwandeling", "Wandelen bij verlies"],
        layer: Layer::OwnStrength,
        domains: &[D::MentalHealth, D::SocialNetwork],
        groups: &[G::Adults, G::Elderly],
        ages: (Some(18), None),
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Welfare,
        hours: Hours::Week,
        keywords: &["rouw", "verlies", "overleden", "verdriet", "weduwe", "alleen verder"],
        what: &["Samen wandelen en praten over het verlies van een dierbare, onder leiding van een ervaren vrijwilliger."],
    },
    Template {
        names: &["Zelfhulpgroep alcohol", "Zelfhulpgroep verslaving", "Herstelgroep"],
        layer: Layer::OwnStrength,
        domains: &[D::SubstanceUse],
        groups: &[G::Adults, G::YoungAdults],
        ages: (Some(16), None),
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Addiction,
        hours: Hours::Evening,
        keywords: &["drank", "stoppen met drinken", "verslaving", "anoniem", "gokken", "blowen", "herstel"],
        what: &["Een anonieme groep waarin mensen elkaar steunen om te stoppen of te minderen met alcohol, drugs of gokken."],
    },
    // ----- layer 2: sociale basis
    Template {
        names: &["Buurtkamer", "Huiskamer van de wijk", "Inloop in de buurtkamer"],
        layer: Layer::SocialBase,
        domains: &[D::SocialNetwork, D::Participation],
        groups: &[G::Adults, G::Elderly],
        ages: NONE,
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::CommunityCentre,
        hours: Hours::Week,
        keywords: &["koffie", "ontmoeten", "eenzaam", "gezelligheid", "buurthuis", "praatje", "inloop"],
        what: &[
            "Een huiskamer in de wijk waar u binnenloopt voor koffie, een praatje en gezelligheid.",
            "Iedereen uit de buurt is welkom voor een kop koffie, een spelletje of gewoon even ergens anders zijn dan thuis.",
        ],
    },
    Template {
        names: &["Koffieochtend", "Koffie-inloop", "Ochtend met koffie en krant"],
        layer: Layer::SocialBase,
        domains: &[D::SocialNetwork],
        groups: &[G::Elderly, G::Adults],
        ages: NONE,
        access: A::Open,
        referrer: "",
        cost: &["€ 0,50 voor koffie of thee."],
        kind: Kind::CommunityCentre,
        hours: Hours::Week,
        keywords: &["koffie", "praatje", "ouderen", "ontmoeten", "krant lezen", "gezellig"],
        what: &["Elke week koffie, thee en een goed gesprek met buurtgenoten."],
    },
    Template {
        names: &["Samen eten", "Buurtrestaurant", "Eettafel", "Kookclub"],
        layer: Layer::SocialBase,
        domains: &[D::SocialNetwork, D::DailyLiving],
        groups: &[G::Elderly, G::Adults],
        ages: NONE,
        access: A::Register,
        referrer: "",
        cost: &["€ 5,00 per maaltijd.", "€ 4,50 voor een driegangenmaaltijd."],
        kind: Kind::CommunityCentre,
        hours: Hours::Evening,
        keywords: &["samen eten", "warme maaltijd", "niet alleen eten", "koken", "maaltijd", "eten"],
        what: &["Aan een gedekte tafel eet u een verse, warme maaltijd samen met andere buurtbewoners."],
    },
    Template {
        names: &["Taalcafé", "Praatgroep Nederlands", "Taaltafel"],
        layer: Layer::SocialBase,
        domains: &[D::LanguageAndSkills, D::Participation],
        groups: &[G::Newcomers, G::Adults],
        ages: (Some(16), None),
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Language,
        hours: Hours::Week,
        keywords: &["Nederlands leren", "taal oefenen", "praten", "inburgering", "Nederlands spreken", "taal"],
        what: &["Oefen Nederlands spreken in een ontspannen sfeer, met vrijwilligers en andere cursisten."],
    },
    Template {
        names: &["Digitaal spreekuur", "Klik en Tik", "Hulp bij computer en telefoon"],
        layer: Layer::SocialBase,
        domains: &[D::LanguageAndSkills, D::Participation],
        groups: &[G::Elderly, G::Adults],
        ages: NONE,
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Library,
        hours: Hours::Week,
        keywords: &["computer", "DigiD", "telefoon", "internet", "formulieren online", "mail", "tablet", "digitale overheid"],
        what: &["Vrijwilligers helpen u met uw computer, tablet of telefoon, met DigiD en met zaken regelen bij de overheid."],
    },
    Template {
        names: &["Leesclub", "Voorleesuurtje", "Boekenclub"],
        layer: Layer::SocialBase,
        domains: &[D::Participation, D::LanguageAndSkills],
        groups: &[G::Adults, G::Children],
        ages: NONE,
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Library,
        hours: Hours::Week,
        keywords: &["lezen", "boeken", "voorlezen", "samen lezen", "bibliotheek"],
        what: &["Samen lezen en praten over boeken, voor jong en oud."],
    },
    Template {
        names: &["Repair Café", "Reparatiecafé", "Fietsenwerkplaats"],
        layer: Layer::SocialBase,
        domains: &[D::Participation, D::Finances],
        groups: &[G::Adults, G::Volunteers],
        ages: NONE,
        access: A::Open,
        referrer: "",
        cost: &["Een vrijwillige bijdrage."],
        kind: Kind::CommunityCentre,
        hours: Hours::Week,
        keywords: &["repareren", "kapot", "fiets", "spullen maken", "besparen", "naaimachine"],
        what: &["Neem uw kapotte spullen mee: vrijwilligers repareren ze samen met u."],
    },
    Template {
        names: &["Ouderengym", "Bewegen voor ouderen", "Beweegmaatje", "Wandelgroep"],
        layer: Layer::SocialBase,
        domains: &[D::PhysicalHealth, D::SocialNetwork],
        groups: &[G::Elderly],
        ages: (Some(55), None),
        access: A::Register,
        referrer: "",
        cost: &["€ 2,50 per keer.", "€ 20,00 per kwartaal."],
        kind: Kind::Sport,
        hours: Hours::Week,
        keywords: &["bewegen", "sporten", "fit blijven", "gymnastiek", "wandelen", "balans", "vallen voorkomen"],
        what: &["Rustig bewegen op muziek onder leiding van een beweegdocent, aangepast aan wat u kunt."],
    },
    Template {
        names: &["Jeugdsport in de wijk", "Sportinstuif", "Voetbal op het pleintje"],
        layer: Layer::SocialBase,
        domains: &[D::PhysicalHealth, D::Parenting],
        groups: &[G::Children],
        ages: (Some(6), Some(14)),
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Sport,
        hours: Hours::Week,
        keywords: &["sporten", "voetbal", "bewegen", "kinderen", "buiten spelen", "sport"],
        what: &["Kinderen sporten en spelen na schooltijd onder begeleiding van een buurtsportcoach."],
    },
    Template {
        names: &["Peuterochtend", "Speelochtend voor ouders en peuters", "Ouder-kindgroep"],
        layer: Layer::SocialBase,
        domains: &[D::Parenting, D::SocialNetwork],
        groups: &[G::Families, G::Children],
        ages: (Some(0), Some(4)),
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Youth,
        hours: Hours::Week,
        keywords: &["peuter", "spelen", "ouders ontmoeten", "baby", "opvoeding", "kleine kinderen"],
        what: &["Ouders ontmoeten elkaar terwijl hun kinderen spelen; er is altijd iemand om een vraag aan te stellen."],
    },
    Template {
        names: &["Huiswerkklas", "Huiswerkbegeleiding", "Studieplek"],
        layer: Layer::SocialBase,
        domains: &[D::WorkAndEducation, D::Parenting],
        groups: &[G::Children],
        ages: (Some(10), Some(16)),
        access: A::Register,
        referrer: "",
        cost: FREE,
        kind: Kind::Youth,
        hours: Hours::Week,
        keywords: &["huiswerk", "school", "leren", "bijles", "rustige plek", "toetsen"],
        what: &["Een rustige plek om huiswerk te maken, met vrijwilligers die uitleg geven."],
    },
    Template {
        names: &["Kledingbank", "Weggeefwinkel", "Speelgoedbank"],
        layer: Layer::SocialBase,
        domains: &[D::Finances],
        groups: &[G::Families, G::Adults],
        ages: NONE,
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Volunteers,
        hours: Hours::Week,
        keywords: &["kleding", "weinig geld", "gratis spullen", "rondkomen", "kinderkleding", "speelgoed"],
        what: &["Gratis goede kleding en spullen voor wie het krap heeft."],
    },
    Template {
        names: &["Vrijwilligersvacaturebank", "Vrijwilligerswerk zoeken", "Meedoen met vrijwilligerswerk"],
        layer: Layer::SocialBase,
        domains: &[D::Participation, D::DaytimeActivities],
        groups: &[G::Adults, G::Volunteers, G::Newcomers],
        ages: (Some(16), None),
        access: A::Register,
        referrer: "",
        cost: FREE,
        kind: Kind::Volunteers,
        hours: Hours::Office,
        keywords: &["vrijwilligerswerk", "iets doen", "meedoen", "zinvolle dag", "mensen ontmoeten", "vrijwilliger"],
        what: &["Wij helpen u vrijwilligerswerk te vinden dat bij u past."],
    },
    Template {
        names: &["Buurttuin", "Moestuin in de wijk", "Tuinieren met de buurt"],
        layer: Layer::SocialBase,
        domains: &[D::DaytimeActivities, D::Participation, D::PhysicalHealth],
        groups: &[G::Adults, G::Elderly, G::Disabled],
        ages: NONE,
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::CommunityCentre,
        hours: Hours::Week,
        keywords: &["tuinieren", "buiten bezig", "groente", "moestuin", "natuur"],
        what: &["Samen tuinieren in een buurttuin: buiten bezig zijn en groente kweken."],
    },
    Template {
        names: &["Creatieve middag", "Handwerkclub", "Schildersclub"],
        layer: Layer::SocialBase,
        domains: &[D::DaytimeActivities, D::SocialNetwork],
        groups: &[G::Elderly, G::Adults],
        ages: NONE,
        access: A::Open,
        referrer: "",
        cost: &["€ 2,00 per keer, inclusief materiaal."],
        kind: Kind::CommunityCentre,
        hours: Hours::Week,
        keywords: &["knutselen", "schilderen", "handwerken", "creatief", "breien"],
        what: &["Creatief bezig zijn in gezelschap: schilderen, breien of knutselen."],
    },
    Template {
        names: &["Klusjesdienst", "Klussenteam", "Handige buren"],
        layer: Layer::SocialBase,
        domains: &[D::DailyLiving, D::Housing],
        groups: &[G::Elderly, G::Disabled],
        ages: NONE,
        access: A::Register,
        referrer: "",
        cost: &["€ 3,00 per klus plus materiaal."],
        kind: Kind::Welfare,
        hours: Hours::Office,
        keywords: &["klusje", "lamp ophangen", "tuin", "kapotte kraan", "klussen", "gordijnen"],
        what: &["Vrijwilligers doen kleine klussen in en om het huis voor wie dat zelf niet meer kan."],
    },
    Template {
        names: &["Hulpmiddelenuitleen", "Uitleen van hulpmiddelen"],
        layer: Layer::SocialBase,
        domains: &[D::DailyLiving, D::PhysicalHealth],
        groups: &[G::Elderly, G::Disabled],
        ages: NONE,
        access: A::Open,
        referrer: "",
        cost: &["Borg € 25,00; de eerste maand gratis."],
        kind: Kind::HomeCare,
        hours: Hours::Office,
        keywords: &["rolstoel lenen", "rollator", "krukken", "hulpmiddel", "douchestoel", "rolstoel"],
        what: &["Leen tijdelijk een rolstoel, rollator, krukken of ander hulpmiddel."],
    },
    Template {
        names: &["Spreekuur wijkagent", "Wijkagent op de koffie"],
        layer: Layer::SocialBase,
        domains: &[D::JusticeAndSafety],
        groups: &[G::Adults, G::Elderly],
        ages: NONE,
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Safety,
        hours: Hours::Week,
        keywords: &["politie", "overlast", "onveilig", "aangifte", "wijkagent", "oplichting"],
        what: &["De wijkagent luistert naar uw zorgen over veiligheid en overlast in de buurt."],
    },
    Template {
        names: &["Jongerencentrum", "Jongerenplek", "Jongereninloop"],
        layer: Layer::SocialBase,
        domains: &[D::Participation, D::SocialNetwork],
        groups: &[G::YoungAdults, G::Children],
        ages: (Some(12), Some(23)),
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Youth,
        hours: Hours::Evening,
        keywords: &["chillen", "hangplek", "jongeren", "gamen", "muziek", "vrienden"],
        what: &["Een plek voor jongeren om elkaar te ontmoeten, muziek te maken en te gamen, met jongerenwerkers in de buurt."],
    },
    // ----- layer 3: laagdrempelige ondersteuning
    Template {
        names: &["Schuldhulpmaatje", "Maatje voor geldzaken", "Thuisadministratie"],
        layer: Layer::OpenAccess,
        domains: &[D::Finances],
        groups: &[G::Adults, G::Families],
        ages: (Some(18), None),
        access: A::Register,
        referrer: "",
        cost: FREE,
        kind: Kind::Money,
        hours: Hours::Appointment,
        keywords: &["schulden", "geldzorgen", "rekeningen", "post", "aanmaning", "deurwaarder", "rondkomen", "administratie"],
        what: &[
            "Een getrainde vrijwilliger helpt u uw post en rekeningen op orde te brengen en zoekt samen met u een uitweg uit de schulden.",
            "Liggen er stapels ongeopende brieven? Een maatje helpt u overzicht te krijgen in uw geldzaken.",
        ],
    },
    Template {
        names: &["Formulierenbrigade", "Hulp bij formulieren", "Formulierenspreekuur"],
        layer: Layer::OpenAccess,
        domains: &[D::Finances, D::LanguageAndSkills],
        groups: &[G::Adults, G::Elderly, G::Newcomers],
        ages: (Some(18), None),
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Money,
        hours: Hours::Week,
        keywords: &["formulieren", "toeslagen", "belastingaangifte", "brief van de gemeente", "invullen", "huurtoeslag", "zorgtoeslag"],
        what: &["Wij helpen u met het invullen van formulieren, het aanvragen van toeslagen en het begrijpen van brieven."],
    },
    Template {
        names: &["Geldcursus", "Cursus rondkomen", "Budgetcursus"],
        layer: Layer::OpenAccess,
        domains: &[D::Finances, D::LanguageAndSkills],
        groups: &[G::Adults, G::YoungAdults],
        ages: (Some(16), None),
        access: A::Register,
        referrer: "",
        cost: FREE,
        kind: Kind::Money,
        hours: Hours::Evening,
        keywords: &["budget", "huishoudboekje", "sparen", "rondkomen", "geld", "besparen"],
        what: &["In vier avonden leert u een budget maken, besparen en grip houden op uw geld."],
    },
    Template {
        names: &["Voedselbank uitgiftepunt", "Voedselbank"],
        layer: Layer::OpenAccess,
        domains: &[D::Finances, D::DailyLiving],
        groups: &[G::Families, G::Adults],
        ages: NONE,
        access: A::Referral,
        referrer: "het sociaal team of de schuldhulpverlening",
        cost: FREE,
        kind: Kind::Volunteers,
        hours: Hours::Week,
        keywords: &["eten", "boodschappen", "geen geld voor eten", "voedselpakket", "honger", "voedselbank"],
        what: &["Wekelijks een voedselpakket voor huishoudens die tijdelijk niet genoeg geld hebben voor eten."],
    },
    Template {
        names: &["Algemeen maatschappelijk werk", "Maatschappelijk werk", "Spreekuur maatschappelijk werk"],
        layer: Layer::OpenAccess,
        domains: &[D::DomesticRelations, D::MentalHealth, D::Finances],
        groups: &[G::Adults, G::Families],
        ages: (Some(18), None),
        access: A::Register,
        referrer: "",
        cost: FREE,
        kind: Kind::Welfare,
        hours: Hours::Office,
        keywords: &["problemen thuis", "scheiding", "praten", "zorgen", "alles loopt vast", "stress", "persoonlijke problemen"],
        what: &["Een maatschappelijk werker helpt u bij persoonlijke problemen, bijvoorbeeld thuis, met geld of met instanties."],
    },
    Template {
        names: &["Opvoedspreekuur", "Opvoedadvies", "Spreekuur opvoeden en opgroeien"],
        layer: Layer::OpenAccess,
        domains: &[D::Parenting],
        groups: &[G::Families],
        ages: (Some(0), Some(18)),
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Youth,
        hours: Hours::Week,
        keywords: &["opvoeding", "kinderen", "driftbuien", "slapen", "puber", "opvoedvragen", "grenzen stellen"],
        what: &["Met al uw vragen over opvoeden en opgroeien kunt u terecht bij een pedagoog of jeugdverpleegkundige."],
    },
    Template {
        names: &["Jongerenwerk", "Ambulant jongerenwerk", "Jongerencoach"],
        layer: Layer::OpenAccess,
        domains: &[D::Parenting, D::Participation, D::JusticeAndSafety],
        groups: &[G::YoungAdults, G::Children],
        ages: (Some(12), Some(23)),
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Youth,
        hours: Hours::Evening,
        keywords: &["jongeren", "straat", "school", "thuis", "problemen", "hangen", "toekomst"],
        what: &["Jongerenwerkers zijn op straat en in de jongerenplek en helpen jongeren met school, werk en problemen thuis."],
    },
    Template {
        names: &["Schoolmaatschappelijk werk", "Zorg in en om de school"],
        layer: Layer::OpenAccess,
        domains: &[D::Parenting, D::WorkAndEducation],
        groups: &[G::Children, G::Families],
        ages: (Some(4), Some(18)),
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Youth,
        hours: Hours::Office,
        keywords: &["school", "spijbelen", "pesten", "thuis", "leerplicht", "gepest worden"],
        what: &["Op school praat een maatschappelijk werker met leerlingen en ouders als het thuis of op school niet goed gaat."],
    },
    Template {
        names: &["Inloop GGZ", "Inloophuis", "Herstelcafé"],
        layer: Layer::OpenAccess,
        domains: &[D::MentalHealth, D::SocialNetwork],
        groups: &[G::Adults],
        ages: (Some(18), None),
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::MentalHealth,
        hours: Hours::Week,
        keywords: &["somber", "angstig", "eenzaam", "psychische klachten", "niet lekker in mijn vel", "depressie", "stress"],
        what: &["Een vrije inloop voor mensen met psychische klachten: koffie, activiteiten en een luisterend oor van ervaringsdeskundigen."],
    },
    Template {
        names: &["Mantelzorgsteunpunt", "Mantelzorgconsulent", "Steunpunt mantelzorg"],
        layer: Layer::OpenAccess,
        domains: &[D::SocialNetwork, D::MentalHealth, D::DailyLiving],
        groups: &[G::Carers],
        ages: NONE,
        access: A::Register,
        referrer: "",
        cost: FREE,
        kind: Kind::Volunteers,
        hours: Hours::Office,
        keywords: &["mantelzorg", "respijtzorg", "overbelast", "zorgen voor mijn moeder", "mantelzorgwaardering", "vervangende zorg"],
        what: &["Advies en steun voor mantelzorgers: wat kunt u regelen, hoe houdt u het vol en wie kan het zorgen even overnemen?"],
    },
    Template {
        names: &["Cliëntondersteuning", "Onafhankelijke cliëntondersteuner"],
        layer: Layer::OpenAccess,
        domains: &[D::DailyLiving, D::Participation],
        groups: &[G::Adults, G::Elderly, G::Disabled],
        ages: NONE,
        access: A::Register,
        referrer: "",
        cost: FREE,
        kind: Kind::Welfare,
        hours: Hours::Appointment,
        keywords: &["onafhankelijk advies", "keukentafelgesprek", "Wmo aanvragen", "bezwaar", "meedenken", "gesprek met de gemeente"],
        what: &["Een onafhankelijke cliëntondersteuner denkt met u mee en gaat mee naar het gesprek met de gemeente."],
    },
    Template {
        names: &["Ouderenadviseur", "Spreekuur ouderenadvies"],
        layer: Layer::OpenAccess,
        domains: &[D::DailyLiving, D::Housing, D::SocialNetwork],
        groups: &[G::Elderly, G::Carers],
        ages: (Some(60), None),
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Welfare,
        hours: Hours::Week,
        keywords: &["ouder worden", "thuis blijven wonen", "eenzaam", "hulp in huis", "vergeetachtig", "dementie"],
        what: &["De ouderenadviseur komt bij u thuis en kijkt wat u nodig heeft om prettig thuis te blijven wonen."],
    },
    Template {
        names: &["Woonconsulent", "Spreekuur huren", "Huurspreekuur"],
        layer: Layer::OpenAccess,
        domains: &[D::Housing, D::Finances],
        groups: &[G::Adults, G::Families],
        ages: (Some(18), None),
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Housing,
        hours: Hours::Week,
        keywords: &["huurachterstand", "woning zoeken", "huurtoeslag", "verhuizen", "huur", "woning", "huis"],
        what: &["Vragen over uw huurwoning, een huurachterstand of een andere woning zoeken? De woonconsulent helpt u verder."],
    },
    Template {
        names: &["Sociaal raadslieden", "Juridisch spreekuur", "Rechtswinkel"],
        layer: Layer::OpenAccess,
        domains: &[D::JusticeAndSafety, D::Finances],
        groups: &[G::Adults],
        ages: (Some(18), None),
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Welfare,
        hours: Hours::Week,
        keywords: &["juridisch advies", "bezwaar maken", "brief", "boete", "rechten", "advocaat", "ontslag"],
        what: &["Gratis advies over wetten, regels en instanties, en hulp bij een bezwaarschrift."],
    },
    Template {
        names: &["Taalhuis", "Taalmaatje", "Lezen en schrijven"],
        layer: Layer::OpenAccess,
        domains: &[D::LanguageAndSkills],
        groups: &[G::Adults, G::Newcomers],
        ages: (Some(16), None),
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Language,
        hours: Hours::Week,
        keywords: &["lezen", "schrijven", "rekenen", "laaggeletterd", "taal", "moeite met lezen", "taalles"],
        what: &["Beter leren lezen, schrijven, rekenen of omgaan met de computer, met een taalmaatje of in een kleine groep."],
    },
    Template {
        names: &["Werkcoach in de wijk", "Spreekuur werk", "Sollicitatiehulp"],
        layer: Layer::OpenAccess,
        domains: &[D::WorkAndEducation],
        groups: &[G::Adults, G::YoungAdults],
        ages: (Some(18), Some(67)),
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Work,
        hours: Hours::Week,
        keywords: &["werk zoeken", "cv", "sollicitatie", "baan", "uitkering", "solliciteren", "werk"],
        what: &["Hulp bij het zoeken naar werk: uw cv, een sollicitatiebrief en oefenen voor een gesprek."],
    },
    Template {
        names: &["Jongerenloket", "Jongerenpunt werk en school"],
        layer: Layer::OpenAccess,
        domains: &[D::WorkAndEducation, D::Finances],
        groups: &[G::YoungAdults],
        ages: (Some(16), Some(27)),
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Work,
        hours: Hours::Office,
        keywords: &["geen diploma", "stoppen met school", "werk", "studie", "startkwalificatie", "jongeren"],
        what: &["Voor jongeren die zonder diploma van school zijn gegaan of niet weten wat ze willen: samen zoeken naar school of werk."],
    },
    Template {
        names: &["Spreekuur alcohol en drugs", "Preventiespreekuur verslaving"],
        layer: Layer::OpenAccess,
        domains: &[D::SubstanceUse],
        groups: &[G::Adults, G::YoungAdults, G::Families],
        ages: (Some(12), None),
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Addiction,
        hours: Hours::Week,
        keywords: &["drinken", "blowen", "alcohol", "drugs", "gokken", "verslaving", "minderen"],
        what: &["Anoniem advies over alcohol, drugs en gokken, voor uzelf of voor iemand om wie u zich zorgen maakt."],
    },
    Template {
        names: &["Spreekuur relatie en scheiding", "Scheidingsloket"],
        layer: Layer::OpenAccess,
        domains: &[D::DomesticRelations, D::Parenting],
        groups: &[G::Families, G::Adults],
        ages: (Some(18), None),
        access: A::Register,
        referrer: "",
        cost: FREE,
        kind: Kind::Welfare,
        hours: Hours::Appointment,
        keywords: &["scheiding", "ruzie", "relatieproblemen", "omgangsregeling", "uit elkaar", "ouderschapsplan"],
        what: &["Advies bij relatieproblemen en scheiding, met aandacht voor de kinderen."],
    },
    Template {
        names: &["Wijkverpleegkundige", "Spreekuur wijkverpleging"],
        layer: Layer::OpenAccess,
        domains: &[D::PhysicalHealth, D::DailyLiving],
        groups: &[G::Elderly, G::Disabled],
        ages: NONE,
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::HomeCare,
        hours: Hours::Office,
        keywords: &["gezondheid", "wondzorg", "medicijnen", "thuiszorg", "verpleging", "ziek"],
        what: &["De wijkverpleegkundige beantwoordt vragen over gezondheid en zorg thuis en kijkt wat u nodig heeft."],
    },
    Template {
        names: &["Inloopdagbesteding", "Dagactiviteiten in de wijk", "Ontmoetingscentrum"],
        layer: Layer::OpenAccess,
        domains: &[D::DaytimeActivities, D::SocialNetwork],
        groups: &[G::Elderly, G::Disabled],
        ages: NONE,
        access: A::Open,
        referrer: "",
        cost: &["€ 3,00 per dagdeel."],
        kind: Kind::CommunityCentre,
        hours: Hours::Week,
        keywords: &["dagbesteding", "iets te doen", "structuur", "overdag", "dementie", "ontmoeting"],
        what: &["Overdag samen activiteiten doen zonder indicatie: structuur, gezelschap en een zinvolle dag."],
    },
    Template {
        names: &["Spreekuur nieuwkomers", "Steunpunt statushouders"],
        layer: Layer::OpenAccess,
        domains: &[D::LanguageAndSkills, D::Participation, D::Housing],
        groups: &[G::Newcomers],
        ages: (Some(16), None),
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Language,
        hours: Hours::Week,
        keywords: &["inburgering", "statushouder", "brief begrijpen", "nieuw in Nederland", "vluchteling", "gezinshereniging"],
        what: &["Voor nieuwe inwoners: hulp bij brieven, inburgering en de weg vinden in de gemeente."],
    },
    Template {
        names: &["Buurtbemiddeling", "Bemiddeling bij burenruzie"],
        layer: Layer::OpenAccess,
        domains: &[D::JusticeAndSafety, D::Housing],
        groups: &[G::Adults],
        ages: (Some(18), None),
        access: A::Register,
        referrer: "",
        cost: FREE,
        kind: Kind::Welfare,
        hours: Hours::Appointment,
        keywords: &["ruzie met buren", "overlast", "geluidsoverlast", "burenruzie", "bemiddeling", "herrie"],
        what: &["Getrainde vrijwilligers helpen buren om samen een conflict op te lossen."],
    },
    Template {
        names: &["Inloop sociaal team", "Vraagpunt", "Wijkloket"],
        layer: Layer::OpenAccess,
        domains: &[D::DailyLiving, D::Finances, D::Housing],
        groups: &[G::Adults, G::Families, G::Elderly],
        ages: NONE,
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Municipality,
        hours: Hours::Week,
        keywords: &["vraag", "weet niet waar ik moet beginnen", "alles tegelijk", "loket", "advies", "sociaal team"],
        what: &["Met elke vraag over zorg, welzijn, geld of wonen kunt u hier binnenlopen. Wij zoeken samen met u uit wie u verder helpt."],
    },
    // ----- layer 4: gerichte hulp
    Template {
        names: &["Huishoudelijke hulp", "Hulp bij het huishouden", "Huishoudelijke ondersteuning"],
        layer: Layer::Targeted,
        domains: &[D::DailyLiving, D::Housing],
        groups: &[G::Elderly, G::Disabled],
        ages: (Some(18), None),
        access: A::Indication,
        referrer: "Sociaal Team",
        cost: WMO,
        kind: Kind::HomeCare,
        hours: Hours::Appointment,
        keywords: &["schoonmaken", "huishouden", "poetsen", "hulp in huis", "huishoudelijke hulp", "wassen"],
        what: &["Een huishoudelijk medewerker helpt u met schoonmaken en het huishouden, als u dat zelf niet meer kunt."],
    },
    Template {
        names: &["Individuele begeleiding", "Ambulante begeleiding", "Begeleiding thuis"],
        layer: Layer::Targeted,
        domains: &[D::DailyLiving, D::MentalHealth],
        groups: &[G::Adults, G::Disabled],
        ages: (Some(18), None),
        access: A::Indication,
        referrer: "Sociaal Team",
        cost: WMO,
        kind: Kind::HomeCare,
        hours: Hours::Appointment,
        keywords: &["begeleiding", "structuur", "administratie", "dagritme", "zelfstandig wonen", "overzicht"],
        what: &["Een vaste begeleider helpt u thuis met structuur in de dag, administratie en zelfstandig wonen."],
    },
    Template {
        names: &["Dagbesteding", "Dagbesteding voor mensen met dementie", "Zorgboerderij"],
        layer: Layer::Targeted,
        domains: &[D::DaytimeActivities, D::SocialNetwork],
        groups: &[G::Elderly, G::Disabled],
        ages: (Some(18), None),
        access: A::Indication,
        referrer: "Sociaal Team",
        cost: WMO,
        kind: Kind::HomeCare,
        hours: Hours::Office,
        keywords: &["dagbesteding", "dementie", "zinvolle dag", "structuur", "zorgboerderij", "vervoer"],
        what: &["Een zinvolle dag in een kleine groep, met begeleiding en vervoer van en naar huis."],
    },
    Template {
        names: &["Schuldregeling", "Schuldhulpverlening", "Schuldsanering"],
        layer: Layer::Targeted,
        domains: &[D::Finances],
        groups: &[G::Adults, G::Families],
        ages: (Some(18), None),
        access: A::Indication,
        referrer: "de schuldhulpverlening van de gemeente",
        cost: FREE,
        kind: Kind::Money,
        hours: Hours::Office,
        keywords: &["schuldsanering", "schuldregeling", "beslag", "deurwaarder", "schulden", "Wsnp", "betalingsregeling"],
        what: &["Bij problematische schulden zoeken wij met uw schuldeisers naar een regeling, zodat u weer rust krijgt."],
    },
    Template {
        names: &["Beschermingsbewind", "Budgetbeheer", "Inkomensbeheer"],
        layer: Layer::Targeted,
        domains: &[D::Finances],
        groups: &[G::Adults, G::Disabled],
        ages: (Some(18), None),
        access: A::Referral,
        referrer: "de kantonrechter",
        cost: &["Volgens het tarief van de kantonrechter; vaak vergoed via bijzondere bijstand."],
        kind: Kind::Money,
        hours: Hours::Office,
        keywords: &["bewindvoerder", "geld beheren", "beschermingsbewind", "budgetbeheer", "overzicht", "schulden"],
        what: &["Een bewindvoerder beheert uw inkomsten en betaalt de vaste lasten, zodat er geen nieuwe schulden ontstaan."],
    },
    Template {
        names: &["Ambulante jeugdhulp", "Jeugdhulp thuis", "Gezinsbegeleiding"],
        layer: Layer::Targeted,
        domains: &[D::Parenting, D::MentalHealth],
        groups: &[G::Children, G::Families],
        ages: (Some(0), Some(18)),
        access: A::Referral,
        referrer: "de huisarts, de jeugdarts of het sociaal team",
        cost: FREE,
        kind: Kind::Youth,
        hours: Hours::Appointment,
        keywords: &["gedragsproblemen", "ADHD", "opvoeding", "ruzie thuis", "jeugdhulp", "boze buien"],
        what: &["Een jeugdhulpverlener komt bij u thuis en werkt met ouders en kind aan wat er speelt."],
    },
    Template {
        names: &["Jeugd-GGZ", "Behandeling jeugd-GGZ", "Kinder- en jeugdpsycholoog"],
        layer: Layer::Targeted,
        domains: &[D::MentalHealth, D::Parenting],
        groups: &[G::Children, G::YoungAdults],
        ages: (Some(4), Some(18)),
        access: A::Referral,
        referrer: "de huisarts",
        cost: FREE,
        kind: Kind::MentalHealth,
        hours: Hours::Office,
        keywords: &["angst", "depressie", "autisme", "trauma", "psycholoog", "somber kind"],
        what: &["Behandeling voor kinderen en jongeren met psychische klachten, samen met de ouders."],
    },
    Template {
        names: &["Re-integratietraject", "Werkfit-traject", "Participatietraject"],
        layer: Layer::Targeted,
        domains: &[D::WorkAndEducation, D::Participation],
        groups: &[G::Adults],
        ages: (Some(18), Some(67)),
        access: A::Indication,
        referrer: "het Werkplein",
        cost: FREE,
        kind: Kind::Work,
        hours: Hours::Office,
        keywords: &["uitkering", "werk", "re-integratie", "participatiewet", "werkervaring", "stage"],
        what: &["Stap voor stap terug naar werk, met een jobcoach en een werkervaringsplek."],
    },
    Template {
        names: &["Bijstandsuitkering", "Levensonderhoud aanvragen", "Bijzondere bijstand"],
        layer: Layer::Targeted,
        domains: &[D::Finances, D::WorkAndEducation],
        groups: &[G::Adults, G::Families],
        ages: (Some(18), None),
        access: A::Indication,
        referrer: "de gemeente, afdeling Werk en Inkomen",
        cost: FREE,
        kind: Kind::Municipality,
        hours: Hours::Office,
        keywords: &["bijstand", "uitkering", "geen inkomen", "bijzondere bijstand", "toeslag", "inkomen"],
        what: &["Heeft u geen of te weinig inkomen? Dan kunt u een bijstandsuitkering of bijzondere bijstand aanvragen."],
    },
    Template {
        names: &["Woningaanpassing", "Traplift en aanpassingen", "Woonvoorziening"],
        layer: Layer::Targeted,
        domains: &[D::Housing, D::PhysicalHealth],
        groups: &[G::Disabled, G::Elderly],
        ages: NONE,
        access: A::Indication,
        referrer: "Sociaal Team",
        cost: WMO,
        kind: Kind::Municipality,
        hours: Hours::Appointment,
        keywords: &["traplift", "drempels", "aanpassing", "badkamer", "trap", "rolstoel"],
        what: &["Aanpassingen in huis, zoals een traplift of een aangepaste badkamer, zodat u thuis kunt blijven wonen."],
    },
    Template {
        names: &["Regiotaxi", "Vervoersvoorziening", "Wmo-vervoer"],
        layer: Layer::Targeted,
        domains: &[D::Participation, D::PhysicalHealth],
        groups: &[G::Disabled, G::Elderly],
        ages: NONE,
        access: A::Indication,
        referrer: "Sociaal Team",
        cost: &["Eigen bijdrage per rit, gelijk aan het openbaar vervoer."],
        kind: Kind::Municipality,
        hours: Hours::Always,
        keywords: &["vervoer", "taxi", "rolstoel", "boodschappen doen", "op bezoek", "regiotaxi"],
        what: &["Vervoer van deur tot deur voor wie niet met het openbaar vervoer kan reizen."],
    },
    Template {
        names: &["Ambulante verslavingszorg", "Behandeling verslaving"],
        layer: Layer::Targeted,
        domains: &[D::SubstanceUse, D::MentalHealth],
        groups: &[G::Adults, G::YoungAdults],
        ages: (Some(16), None),
        access: A::Referral,
        referrer: "de huisarts",
        cost: &["Via uw zorgverzekering (eigen risico)."],
        kind: Kind::Addiction,
        hours: Hours::Office,
        keywords: &["verslaving", "afkicken", "alcohol", "drugs", "gokken", "behandeling"],
        what: &["Behandeling bij verslaving aan alcohol, drugs, medicijnen of gokken, dicht bij huis."],
    },
    Template {
        names: &["Gezinscoach", "Intensieve gezinsondersteuning"],
        layer: Layer::Targeted,
        domains: &[D::Parenting, D::DomesticRelations, D::Finances],
        groups: &[G::Families],
        ages: NONE,
        access: A::Indication,
        referrer: "Sociaal Team",
        cost: FREE,
        kind: Kind::Youth,
        hours: Hours::Appointment,
        keywords: &["gezin", "opvoeding", "vastlopen", "structuur", "gezinscoach", "alles tegelijk"],
        what: &["Een gezinscoach helpt gezinnen waar veel tegelijk speelt om weer overzicht en rust te krijgen."],
    },
    Template {
        names: &["Basis-GGZ", "Praktijk voor psychologische hulp", "Psycholoog"],
        layer: Layer::Targeted,
        domains: &[D::MentalHealth],
        groups: &[G::Adults],
        ages: (Some(18), None),
        access: A::Referral,
        referrer: "de huisarts",
        cost: &["Via uw zorgverzekering (eigen risico)."],
        kind: Kind::MentalHealth,
        hours: Hours::Office,
        keywords: &["psycholoog", "angst", "depressie", "burn-out", "trauma", "paniek", "somber"],
        what: &["Kortdurende behandeling bij psychische klachten zoals angst, somberheid of een burn-out."],
    },
    Template {
        names: &["Respijtzorg", "Logeeropvang", "Vervangende mantelzorg"],
        layer: Layer::Targeted,
        domains: &[D::SocialNetwork, D::DailyLiving],
        groups: &[G::Carers, G::Elderly, G::Disabled],
        ages: NONE,
        access: A::Indication,
        referrer: "Sociaal Team",
        cost: WMO,
        kind: Kind::HomeCare,
        hours: Hours::Always,
        keywords: &["respijtzorg", "logeren", "mantelzorger ontlasten", "even vrij", "vervangende zorg"],
        what: &["Uw naaste logeert een paar dagen of krijgt zorg van een ander, zodat u als mantelzorger even op adem komt."],
    },
    Template {
        names: &["Leerwerktraject", "Leren en werken", "Werkleerplek"],
        layer: Layer::Targeted,
        domains: &[D::WorkAndEducation, D::DaytimeActivities],
        groups: &[G::YoungAdults],
        ages: (Some(16), Some(27)),
        access: A::Referral,
        referrer: "het Jongerenloket",
        cost: FREE,
        kind: Kind::Work,
        hours: Hours::Office,
        keywords: &["leren en werken", "diploma", "stage", "vakopleiding", "werkervaring"],
        what: &["Jongeren halen een diploma terwijl ze werken in een leerwerkbedrijf."],
    },
    Template {
        names: &["Beschut werk", "Aangepast werk"],
        layer: Layer::Targeted,
        domains: &[D::WorkAndEducation, D::DaytimeActivities],
        groups: &[G::Disabled],
        ages: (Some(18), Some(67)),
        access: A::Indication,
        referrer: "het Werkplein",
        cost: FREE,
        kind: Kind::Work,
        hours: Hours::Office,
        keywords: &["beschut werk", "werken met een beperking", "aangepast werk", "werkplek"],
        what: &["Betaald werk in een beschutte omgeving met begeleiding, voor wie niet zonder kan."],
    },
    Template {
        names: &["Inburgeringstraject", "Taaltraject inburgering"],
        layer: Layer::Targeted,
        domains: &[D::LanguageAndSkills, D::Participation, D::WorkAndEducation],
        groups: &[G::Newcomers],
        ages: (Some(16), None),
        access: A::Indication,
        referrer: "de gemeente (Wet inburgering)",
        cost: FREE,
        kind: Kind::Language,
        hours: Hours::Office,
        keywords: &["inburgering", "taalles", "Nederlands leren", "examen", "statushouder", "participatieverklaring"],
        what: &["Het inburgeringstraject: taalles, kennis van Nederland en begeleiding naar werk of opleiding."],
    },
    Template {
        names: &["Nazorg na detentie", "Begeleiding na detentie"],
        layer: Layer::Targeted,
        domains: &[D::JusticeAndSafety, D::Housing, D::WorkAndEducation],
        groups: &[G::Adults, G::YoungAdults],
        ages: (Some(18), None),
        access: A::Referral,
        referrer: "de reclassering",
        cost: FREE,
        kind: Kind::Safety,
        hours: Hours::Appointment,
        keywords: &["na detentie", "vrijkomen", "nazorg", "opnieuw beginnen", "gevangenis", "reclassering"],
        what: &["Hulp bij wonen, werk, inkomen en identiteitspapieren na vrijlating, zodat u een nieuwe start kunt maken."],
    },
    // ----- layer 5: intensieve hulp
    Template {
        names: &["Veilig Thuis advies en melding", "Advieslijn huiselijk geweld"],
        layer: Layer::Intensive,
        domains: &[D::DomesticRelations, D::JusticeAndSafety],
        groups: &[G::Families, G::Adults, G::Children],
        ages: NONE,
        access: A::Open,
        referrer: "",
        cost: FREE,
        kind: Kind::Safety,
        hours: Hours::Always,
        keywords: &["huiselijk geweld", "kindermishandeling", "onveilig thuis", "ouderenmishandeling", "geweld", "bang thuis"],
        what: &["Advies en meldpunt bij huiselijk geweld en kindermishandeling, dag en nacht bereikbaar, ook anoniem."],
    },
    Template {
        names: &["Crisisdienst GGZ", "Psychiatrische crisisdienst"],
        layer: Layer::Intensive,
        domains: &[D::MentalHealth],
        groups: &[G::Adults, G::YoungAdults],
        ages: NONE,
        access: A::Referral,
        referrer: "de huisarts of de huisartsenpost",
        cost: FREE,
        kind: Kind::MentalHealth,
        hours: Hours::Always,
        keywords: &["crisis", "suïcidaal", "psychose", "acuut", "niet meer willen leven", "verward"],
        what: &["Snelle hulp bij een psychische crisis, dag en nacht, na verwijzing door de huisarts of huisartsenpost."],
    },
    Template {
        names: &["Nachtopvang", "Maatschappelijke opvang", "Daklozenopvang"],
        layer: Layer::Intensive,
        domains: &[D::Housing, D::DailyLiving],
        groups: &[G::Adults],
        ages: (Some(18), None),
        access: A::Referral,
        referrer: "de centrale toegang opvang",
        cost: &["€ 5,00 per nacht; met een uitkering wordt dit ingehouden."],
        kind: Kind::Shelter,
        hours: Hours::Always,
        keywords: &["dakloos", "slapen", "nachtopvang", "geen huis", "op straat", "slaapplek"],
        what: &["Een bed, een douche en een maaltijd voor wie geen dak boven het hoofd heeft, met hulp naar een eigen plek."],
    },
    Template {
        names: &["Vrouwenopvang", "Opvang bij huiselijk geweld", "Blijf-van-mijn-lijfhuis"],
        layer: Layer::Intensive,
        domains: &[D::DomesticRelations, D::Housing, D::JusticeAndSafety],
        groups: &[G::Adults, G::Families],
        ages: (Some(18), None),
        access: A::Referral,
        referrer: "Veilig Thuis",
        cost: FREE,
        kind: Kind::Shelter,
        hours: Hours::Always,
        keywords: &["huiselijk geweld", "onderduiken", "veilig", "opvang", "mishandeling", "weg van huis"],
        what: &["Een veilige, geheime plek voor vrouwen en kinderen die thuis niet veilig zijn."],
    },
    Template {
        names: &["Beschermd wonen", "Begeleid wonen met toezicht"],
        layer: Layer::Intensive,
        domains: &[D::Housing, D::MentalHealth],
        groups: &[G::Adults, G::Disabled],
        ages: (Some(18), None),
        access: A::Indication,
        referrer: "de centrumgemeente",
        cost: &["Eigen bijdrage volgens het CAK."],
        kind: Kind::Shelter,
        hours: Hours::Always,
        keywords: &["beschermd wonen", "psychiatrie", "toezicht", "wonen met begeleiding", "24 uur zorg"],
        what: &["Wonen met dag en nacht begeleiding voor mensen met ernstige psychische problemen."],
    },
    Template {
        names: &["Zorg- en Veiligheidskamer", "Casusoverleg zorg en veiligheid"],
        layer: Layer::Intensive,
        domains: &[D::JusticeAndSafety, D::MentalHealth, D::SubstanceUse],
        groups: &[G::Adults, G::Families],
        ages: NONE,
        access: A::Referral,
        referrer: "ketenpartners (politie, sociaal team, zorg)",
        cost: FREE,
        kind: Kind::Safety,
        hours: Hours::Office,
        keywords: &["multiprobleem", "veiligheid", "overlast", "casusoverleg", "zorgmijder", "radicalisering"],
        what: &["Zorg, gemeente, politie en justitie maken samen één plan voor huishoudens met ernstige problemen en veiligheidsrisico's."],
    },
    Template {
        names: &["Jeugdbescherming", "Gezinsvoogdij"],
        layer: Layer::Intensive,
        domains: &[D::Parenting, D::JusticeAndSafety],
        groups: &[G::Children, G::Families],
        ages: (Some(0), Some(18)),
        access: A::Indication,
        referrer: "de kinderrechter",
        cost: FREE,
        kind: Kind::Youth,
        hours: Hours::Office,
        keywords: &["ondertoezichtstelling", "jeugdbescherming", "uithuisplaatsing", "gezinsvoogd", "kinderrechter"],
        what: &["Een jeugdbeschermer begeleidt het gezin als de kinderrechter een maatregel heeft uitgesproken."],
    },
    Template {
        names: &["Intensieve gezinsbehandeling", "Spoedhulp voor gezinnen"],
        layer: Layer::Intensive,
        domains: &[D::Parenting, D::DomesticRelations, D::MentalHealth],
        groups: &[G::Families, G::Children],
        ages: (Some(0), Some(18)),
        access: A::Indication,
        referrer: "het sociaal team of de gecertificeerde instelling",
        cost: FREE,
        kind: Kind::Youth,
        hours: Hours::Always,
        keywords: &["uithuisplaatsing voorkomen", "crisis thuis", "gezinsbehandeling", "spoedhulp", "escalatie"],
        what: &["Korte, intensieve hulp aan huis, meerdere keren per week, om te voorkomen dat een kind uit huis moet."],
    },
    Template {
        names: &["Klinische verslavingszorg", "Opname verslaving", "Detox"],
        layer: Layer::Intensive,
        domains: &[D::SubstanceUse, D::PhysicalHealth],
        groups: &[G::Adults],
        ages: (Some(18), None),
        access: A::Referral,
        referrer: "de huisarts of de verslavingsarts",
        cost: &["Via uw zorgverzekering (eigen risico)."],
        kind: Kind::Addiction,
        hours: Hours::Always,
        keywords: &["afkicken", "opname", "detox", "ontwenning", "verslaving", "kliniek"],
        what: &["Opname in een kliniek om veilig af te kicken, met behandeling en nazorg."],
    },
    Template {
        names: &["Crisisopvang jongeren", "Time-outhuis jongeren"],
        layer: Layer::Intensive,
        domains: &[D::Housing, D::Parenting],
        groups: &[G::YoungAdults, G::Children],
        ages: (Some(12), Some(23)),
        access: A::Referral,
        referrer: "Veilig Thuis of de crisisdienst jeugd",
        cost: FREE,
        kind: Kind::Shelter,
        hours: Hours::Always,
        keywords: &["weggelopen", "niet naar huis kunnen", "crisis", "jongeren", "slaapplek", "ruzie thuis"],
        what: &["Tijdelijk een veilige plek voor jongeren die niet thuis kunnen blijven."],
    },
    Template {
        names: &["Bemoeizorg", "OGGZ-team", "Vangnet en advies"],
        layer: Layer::Intensive,
        domains: &[D::MentalHealth, D::SubstanceUse, D::Housing],
        groups: &[G::Adults, G::Elderly],
        ages: (Some(18), None),
        access: A::Referral,
        referrer: "het sociaal team, de politie of de woningcorporatie",
        cost: FREE,
        kind: Kind::MentalHealth,
        hours: Hours::Office,
        keywords: &["zorgmijder", "verwaarlozing", "vervuilde woning", "overlast", "verward gedrag", "zorgen om buurman"],
        what: &["Hulpverleners zoeken mensen op die zelf geen hulp vragen maar die wel nodig hebben, bijvoorbeeld bij verwaarlozing."],
    },
    Template {
        names: &["Hulp bij een huisverbod", "Huisverbodteam"],
        layer: Layer::Intensive,
        domains: &[D::DomesticRelations, D::JusticeAndSafety],
        groups: &[G::Families, G::Adults],
        ages: NONE,
        access: A::Indication,
        referrer: "de burgemeester (tijdelijk huisverbod)",
        cost: FREE,
        kind: Kind::Safety,
        hours: Hours::Always,
        keywords: &["huisverbod", "huiselijk geweld", "uithuisgeplaatst", "veiligheid", "politie"],
        what: &["Na een tijdelijk huisverbod krijgen alle gezinsleden snel hulp, zodat het thuis weer veilig wordt."],
    },
];

/// Layer weights: the pyramid (many in 2–3, fewer in 5).
const LAYER_WEIGHTS: [(Layer, u32); 5] = [
    (Layer::OwnStrength, 10),
    (Layer::SocialBase, 32),
    (Layer::OpenAccess, 31),
    (Layer::Targeted, 18),
    (Layer::Intensive, 9),
];

const NOUNS: &[&str] = &[
    "Zonnebloem",
    "Linde",
    "Vlinder",
    "Horizon",
    "Brug",
    "Bron",
    "Kompasroos",
    "Eik",
    "Wilg",
    "Meander",
    "Haven",
    "Klaproos",
    "Zwaluw",
    "Ooievaar",
    "Regenboog",
    "Lichtpunt",
    "Tweesprong",
    "Schakel",
    "Anker",
    "Vuurtoren",
    "Korenbloem",
    "Esdoorn",
    "Beuk",
    "Hoeksteen",
    "Wieken",
    "Molen",
    "Duinroos",
    "Kastanje",
    "Veste",
    "Sleutel",
    "Paraplu",
    "Wending",
    "Kiem",
    "Bloesem",
    "Herberg",
    "Boomgaard",
    "Kring",
    "Vonk",
    "Akker",
    "Sterrenhemel",
    "Walnoot",
    "Waterlelie",
    "Kamperfoelie",
    "Reiger",
    "IJsvogel",
    "Stuw",
    "Steiger",
    "Lantaarn",
    "Pijler",
    "Overkant",
];

const WIJKEN: &[&str] = &[
    "Centrum",
    "Oude Haven",
    "Zuiderpark",
    "Molenkwartier",
    "De Weiden",
    "Bloemenbuurt",
    "Noordhoek",
    "Kerkebuurt",
    "Stationskwartier",
    "Dijkzicht",
    "Vogelwijk",
    "Beekdal",
];

const STREETS: &[&str] = &[
    "Dorpsstraat",
    "Kerkplein",
    "Molenweg",
    "Stationsstraat",
    "Lindelaan",
    "Schoolstraat",
    "Marktplein",
    "Havenkade",
    "Beatrixlaan",
    "Julianastraat",
    "Wilhelminapark",
    "Kastanjelaan",
    "Zuiderweg",
    "Noordsingel",
    "Irenestraat",
    "Vondellaan",
    "Rembrandtplein",
    "Esdoornhof",
    "Brinkstraat",
    "Graaf Florislaan",
    "Spoorlaan",
    "Dijkweg",
    "Meidoornstraat",
    "Vlasakker",
];

const POSTCODE_LETTERS: &[&str] = &[
    "AB", "AC", "AE", "AG", "AK", "AL", "AN", "AP", "AR", "AT", "AV", "AX", "BA", "BC", "BE", "BG",
    "BH", "BK", "BL", "BN", "BP", "BR", "BT", "BV", "CA", "CB", "CD", "CE", "CG", "CH",
];

const OPEN_PHRASES: &[&str] = &[
    "Iedereen is welkom, ook als u niemand kent.",
    "Er staat altijd koffie en thee klaar.",
    "U mag ook een buurman, vriendin of familielid meenemen.",
    "Vrijwilligers uit de buurt organiseren dit samen met bewoners.",
    "U hoeft niets te kunnen of te weten: kom gewoon eens kijken.",
    "Het gebouw is toegankelijk voor rolstoelen en rollators.",
];

const SUPPORT_PHRASES: &[&str] = &[
    "Samen zoeken we naar een oplossing die bij u past.",
    "Gesprekken zijn vertrouwelijk; wij delen niets zonder uw toestemming.",
    "We kijken ook naar wat u zelf en de mensen om u heen kunnen doen.",
    "Als het nodig is, zoeken we samen met u zwaardere hulp.",
    "U kunt een tolk meenemen of wij regelen er een.",
];

const TARGETED_PHRASES: &[&str] = &[
    "Eerst kijkt een consulent in een gesprek met u wat er nodig is.",
    "U krijgt een vaste contactpersoon.",
    "De hulp wordt afgestemd op uw plan en regelmatig samen met u bekeken.",
    "Zodra het beter gaat, bouwen we de hulp samen met u af.",
    "Een cliëntondersteuner kan u gratis helpen bij de aanvraag.",
];

const INTENSIVE_PHRASES: &[&str] = &[
    "Bij acuut gevaar belt u altijd 112.",
    "Wij werken nauw samen met politie, huisarts en sociaal team.",
    "De veiligheid van kinderen en volwassenen gaat altijd voor.",
    "Na de eerste periode zorgen we samen met u voor passende hulp dichtbij huis.",
    "Hulp kan ook starten als er zorgen zijn over iemands veiligheid.",
];

/// A sentence in resident language per life domain, so descriptions use the
/// words residents search with.
fn domain_phrases(d: LifeDomain) -> &'static [&'static str] {
    match d {
        D::Finances => &[
            "Bijvoorbeeld als de rekeningen zich opstapelen of u de post niet meer durft te openen.",
            "Ook als u moeite heeft om rond te komen van uw inkomen.",
        ],
        D::WorkAndEducation => &[
            "Voor wie werk zoekt, een opleiding wil afmaken of weer aan de slag wil na een moeilijke periode.",
            "We kijken naar uw talenten en wat u graag doet.",
        ],
        D::DaytimeActivities => &[
            "Voor wie overdag iets zinvols wil doen en structuur zoekt.",
            "Er zijn activiteiten zoals tuinieren, koken, creatief werk en wandelen.",
        ],
        D::Housing => &[
            "Bijvoorbeeld bij een huurachterstand, problemen met de woning of als u dreigt uw huis kwijt te raken.",
            "Ook als u een andere woning zoekt die beter bij u past.",
        ],
        D::DomesticRelations => &[
            "Als er thuis veel ruzie is of als u op het punt staat uit elkaar te gaan.",
            "We hebben aandacht voor iedereen in het gezin, ook voor de kinderen.",
        ],
        D::Parenting => &[
            "Met vragen over slapen, eten, driftbuien, school of puberteit.",
            "Elke ouder loopt weleens vast: vragen stellen is normaal.",
        ],
        D::MentalHealth => &[
            "Als u zich somber, angstig of gespannen voelt, of niet goed slaapt.",
            "Ervaringsdeskundigen weten hoe het is om psychisch in de knel te zitten.",
        ],
        D::PhysicalHealth => &[
            "Goed voor uw conditie, uw balans en uw humeur.",
            "Ook als u een chronische ziekte of beperking heeft.",
        ],
        D::SubstanceUse => &[
            "Als u zich zorgen maakt over drinken, blowen, drugs of gokken, van uzelf of van iemand anders.",
            "U hoeft niet meteen te stoppen: minderen is ook een doel.",
        ],
        D::DailyLiving => &[
            "Als het huishouden, boodschappen doen of voor uzelf zorgen niet meer lukt.",
            "Zodat u zo lang mogelijk zelfstandig thuis kunt blijven wonen.",
        ],
        D::SocialNetwork => &[
            "Voor wie zich alleen voelt of nieuwe mensen wil leren kennen.",
            "Contact met anderen maakt het leven lichter.",
        ],
        D::Participation => &[
            "Meedoen in de buurt, op uw eigen manier.",
            "Voor iedereen die ergens bij wil horen en iets wil betekenen voor een ander.",
        ],
        D::JusticeAndSafety => &[
            "Als u zich niet veilig voelt, thuis of in de buurt.",
            "Ook bij vragen over politie, justitie of een strafblad.",
        ],
        D::LanguageAndSkills => &[
            "Voor wie moeite heeft met lezen, schrijven, rekenen of de computer.",
            "Ook als Nederlands niet uw eerste taal is.",
        ],
    }
}

const DAYS: &[&str] = &["ma", "di", "wo", "do", "vr", "za"];
const DAY_WINDOWS: &[(&str, &str)] = &[
    ("09:00", "12:00"),
    ("09:30", "12:30"),
    ("10:00", "12:00"),
    ("10:00", "15:00"),
    ("13:00", "16:00"),
    ("13:30", "16:30"),
    ("14:00", "17:00"),
];
const EVENING_WINDOWS: &[(&str, &str)] =
    &[("19:00", "21:00"), ("19:30", "21:30"), ("18:30", "20:30")];

/// A target group in a running sentence ("Voor ouderen en mantelzorgers").
fn plural(g: TargetGroup) -> &'static str {
    match g {
        G::Children => "kinderen",
        G::YoungAdults => "jongeren",
        G::Families => "gezinnen",
        G::Adults => "volwassenen",
        G::Elderly => "ouderen",
        G::Carers => "mantelzorgers",
        G::Newcomers => "nieuwkomers",
        G::Disabled => "mensen met een beperking",
        G::Volunteers => "vrijwilligers",
    }
}

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
    WIJKEN
        .iter()
        .enumerate()
        .map(|(i, name)| GenArea {
            code: format!("WK{d}{:02}", i + 1),
            name: (*name).to_string(),
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
                    .replace("{n}", rng.word(NOUNS))
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
                let street = rng.word(STREETS);
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
                        postcode: Some(format!("{} {}", a.postcode4, rng.word(POSTCODE_LETTERS))),
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
                TEMPLATES
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

    fn template(&mut self, i: usize) -> &'static Template {
        // The first offers cover every life domain and every layer.
        let domains = LifeDomain::ALL.len();
        let choices: Vec<usize> = if let Some(d) = LifeDomain::ALL.get(i) {
            TEMPLATES
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
        TEMPLATES.get(k).unwrap_or(&TEMPLATES[0])
    }
}

/// Weekly hours of the given kind.
fn hours(rng: &mut Rng, kind: Hours) -> OpeningHours {
    let mut h = OpeningHours::default();
    let mut add = |days: &str, w: (&str, &str)| {
        // The windows below are all valid; a refused one is left out.
        let _ = h.add(days, w.0, w.1);
    };
    match kind {
        Hours::Week => {
            // One to three different days, often with the same hours.
            let n = 1 + rng.below(3);
            let same = *rng.pick(DAY_WINDOWS).unwrap_or(&("09:00", "12:00"));
            let one_window = rng.chance(60);
            for day in rng.sample(DAYS, n) {
                let w = if one_window {
                    same
                } else {
                    *rng.pick(DAY_WINDOWS).unwrap_or(&("09:00", "12:00"))
                };
                add(day, w);
            }
        }
        Hours::Evening => {
            let days = rng.word(DAYS);
            let w = *rng.pick(EVENING_WINDOWS).unwrap_or(&("19:00", "21:00"));
            add(days, w);
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
        let t = self.template(i);
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
        let base = rng.word(t.names);
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

        let mut life_domains: Vec<LifeDomain> = t.domains.to_vec();
        if life_domains.len() > 1 && rng.chance(30) {
            life_domains.truncate(1 + rng.below(life_domains.len()));
        }

        // The description: what it is, where and when, and a few plain sentences.
        let mut text: Vec<String> = vec![rng.word(t.what).to_string()];
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
        let pool: &[&str] = match t.layer {
            Layer::OwnStrength | Layer::SocialBase => OPEN_PHRASES,
            Layer::OpenAccess => SUPPORT_PHRASES,
            Layer::Targeted => TARGETED_PHRASES,
            Layer::Intensive => INTENSIVE_PHRASES,
        };
        if t.layer == Layer::OpenAccess && t.access.without_referral() && rng.chance(40) {
            text.push("U hoeft geen verwijzing te hebben.".into());
        }
        let n_general = 1 + rng.below(2);
        for p in rng.sample(pool, n_general) {
            text.push(p.to_string());
        }
        if let Some(d) = rng.pick(&life_domains) {
            text.push(rng.word(domain_phrases(*d)).to_string());
        }
        let description = text.join(" ");

        // Keywords in resident language: a few of the template's, sometimes more.
        let n_kw = 3 + rng.below(4);
        let keywords: Vec<String> = rng
            .sample(t.keywords, n_kw)
            .into_iter()
            .map(String::from)
            .collect();

        let target_groups: Vec<TargetGroup> = t.groups.to_vec();
        let ages = AgeRange::new(t.ages.0, t.ages.1).unwrap_or_default();

        let for_whom = {
            let groups: Vec<&str> = target_groups.iter().map(|g| plural(*g)).collect();
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
            rng.word(t.cost).to_string()
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
    fn word_lists_are_not_empty_and_templates_are_valid() {
        for t in TEMPLATES {
            assert!(!t.names.is_empty() && !t.domains.is_empty() && !t.groups.is_empty());
            assert!(t.keywords.len() >= 3 && !t.what.is_empty(), "{:?}", t.names);
            assert!(AgeRange::new(t.ages.0, t.ages.1).is_ok(), "{:?}", t.names);
            if !t.access.without_referral() {
                assert!(!t.referrer.is_empty(), "{:?} needs a referrer", t.names);
            }
        }
        for k in Kind::ALL {
            assert!(!k.patterns().is_empty());
        }
        for d in LifeDomain::ALL {
            assert!(!domain_phrases(*d).is_empty());
            assert!(TEMPLATES.iter().any(|t| t.domains.contains(d)), "{d:?}");
        }
        for l in Layer::ALL {
            assert!(TEMPLATES.iter().any(|t| t.layer == l), "{l:?}");
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
    fn the_rng_is_stable() {
        let mut r = Rng::new(42);
        let first: Vec<u64> = (0..3).map(|_| r.next_u64()).collect();
        let mut r2 = Rng::new(42);
        assert_eq!(first, (0..3).map(|_| r2.next_u64()).collect::<Vec<_>>());
        assert_ne!(Rng::new(43).next_u64(), first[0]);
    }
}
