//! Composite data types of the basisschema (`CDT_…`), shared by the messages.

use chrono::NaiveDate;

use super::codes;
use super::xml::{El, R, W};
use super::Standard;

/// `CDT_XsdVersie`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XsdVersion {
    /// `BasisschemaXsdVersie`
    pub basisschema: String,
    /// `BerichtXsdVersie`
    pub message: String,
}

impl XsdVersion {
    /// The versions stated in the release 3.2 schemas themselves (`appinfo`).
    pub fn release_3_2() -> XsdVersion {
        XsdVersion {
            basisschema: "1.0.0".to_string(),
            message: "1.0.0".to_string(),
        }
    }
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = XsdVersion {
            basisschema: c.b("BasisschemaXsdVersie", El::version)?,
            message: c.b("BerichtXsdVersie", El::version)?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.b("BasisschemaXsdVersie", &self.basisschema);
        w.b("BerichtXsdVersie", &self.message);
    }
}

/// `CDT_Geboortedatum`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BirthDate {
    /// `Datum`
    pub date: NaiveDate,
    /// `DatumGebruik` (COD170: 1 = exact, 2 = only year and month, 3 = only year)
    pub date_usage: Option<String>,
}

impl BirthDate {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = BirthDate {
            date: c.b("Datum", El::date)?,
            date_usage: c.ob("DatumGebruik", |e| {
                e.code(codes::DATUM_GEBRUIK, "DatumGebruik")
            })?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.b("Datum", self.date);
        w.ob("DatumGebruik", &self.date_usage);
    }
}

/// `CDT_Achternaam`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Surname {
    /// `Achternaam`
    pub surname: String,
    /// `Voorvoegsel`
    pub prefix: Option<String>,
}

impl Surname {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = Surname {
            surname: c.b("Achternaam", |e| e.text(200))?,
            prefix: c.ob("Voorvoegsel", |e| e.text(10))?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.b("Achternaam", &self.surname);
        w.ob("Voorvoegsel", &self.prefix);
    }
}

/// `CDT_VolledigeNaam`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullName {
    /// `Geslachtsnaam`
    pub family_name: Surname,
    /// `Partnernaam`
    pub partner_name: Option<Surname>,
    /// `Voornamen`
    pub given_names: Option<String>,
    /// `Voorletters`
    pub initials: Option<String>,
    /// `NaamGebruik` (COD700)
    pub name_usage: String,
}

impl FullName {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = FullName {
            family_name: c.b("Geslachtsnaam", Surname::read)?,
            partner_name: c.ob("Partnernaam", Surname::read)?,
            given_names: c.ob("Voornamen", |e| e.text(200))?,
            initials: c.ob("Voorletters", El::initials)?,
            name_usage: c.b("NaamGebruik", |e| {
                e.code(codes::NAAM_GEBRUIK, "NaamGebruik")
            })?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.eb("Geslachtsnaam", |w| self.family_name.write(w));
        if let Some(p) = &self.partner_name {
            w.eb("Partnernaam", |w| p.write(w));
        }
        w.ob("Voornamen", &self.given_names);
        w.ob("Voorletters", &self.initials);
        w.b("NaamGebruik", &self.name_usage);
    }
}

/// `CDT_VerkorteNaam`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortName {
    /// `Geslachtsnaam`
    pub family_name: Surname,
    /// `Voornamen`
    pub given_names: Option<String>,
    /// `Voorletters`
    pub initials: Option<String>,
}

impl ShortName {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = ShortName {
            family_name: c.b("Geslachtsnaam", Surname::read)?,
            given_names: c.ob("Voornamen", |e| e.text(200))?,
            initials: c.ob("Voorletters", El::initials)?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.eb("Geslachtsnaam", |w| self.family_name.write(w));
        w.ob("Voornamen", &self.given_names);
        w.ob("Voorletters", &self.initials);
    }
}

/// `CDT_Communicatie`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Communication {
    /// `Vorm` (COD747)
    pub form: String,
    /// `Taal`
    pub language: Option<String>,
}

impl Communication {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = Communication {
            form: c.b("Vorm", |e| {
                e.code(codes::COMMUNICATIEVORM, "communicatievorm")
            })?,
            language: c.ob("Taal", |e| e.text(25))?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.b("Vorm", &self.form);
        w.ob("Taal", &self.language);
    }
}

/// `CDT_Huis`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct House {
    /// `Huisnummer`
    pub number: u32,
    /// `Huisletter`
    pub letter: Option<String>,
    /// `HuisnummerToevoeging`
    pub addition: Option<String>,
    /// `AanduidingWoonadres` (NUM061)
    pub location_indication: Option<String>,
}

impl House {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = House {
            number: c.b("Huisnummer", |e| e.u32(99_999))?,
            letter: c.ob("Huisletter", |e| e.text(1))?,
            addition: c.ob("HuisnummerToevoeging", |e| e.text(4))?,
            location_indication: c.ob("AanduidingWoonadres", |e| {
                e.code(codes::AANDUIDING_WOONADRES, "AanduidingWoonadres")
            })?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.b("Huisnummer", self.number);
        w.ob("Huisletter", &self.letter);
        w.ob("HuisnummerToevoeging", &self.addition);
        w.ob("AanduidingWoonadres", &self.location_indication);
    }
}

/// `CDT_Adres`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// `Huis`
    pub house: Option<House>,
    /// `Postcode`
    pub postcode: Option<String>,
    /// `Straatnaam`
    pub street: Option<String>,
    /// `Plaatsnaam`
    pub city: Option<String>,
    /// `LandCode` (ISO 3166 alpha-2, COD032)
    pub country_code: Option<String>,
}

impl Address {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = Address {
            house: c.ob("Huis", House::read)?,
            postcode: c.ob("Postcode", |e| e.text(8))?,
            street: c.ob("Straatnaam", |e| e.text(24))?,
            city: c.ob("Plaatsnaam", |e| e.text(80))?,
            country_code: c.ob("LandCode", |e| e.code(codes::LAND_CODE, "LandCode"))?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        if let Some(h) = &self.house {
            w.eb("Huis", |w| h.write(w));
        }
        w.ob("Postcode", &self.postcode);
        w.ob("Straatnaam", &self.street);
        w.ob("Plaatsnaam", &self.city);
        w.ob("LandCode", &self.country_code);
    }
}

/// `CDT_Telefoon`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    /// `Telefoonnummer`
    pub number: String,
    /// `Landnummer`
    pub country_prefix: String,
}

impl Phone {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = Phone {
            number: c.b("Telefoonnummer", El::phone)?,
            country_prefix: c.b("Landnummer", |e| e.text(4))?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.b("Telefoonnummer", &self.number);
        w.b("Landnummer", &self.country_prefix);
    }
}

/// `CDT_Telefoonnummers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phones {
    /// `Telefoon01`
    pub first: Phone,
    /// `Telefoon02`
    pub second: Option<Phone>,
}

impl Phones {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = Phones {
            first: c.b("Telefoon01", Phone::read)?,
            second: c.ob("Telefoon02", Phone::read)?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.eb("Telefoon01", |w| self.first.write(w));
        if let Some(p) = &self.second {
            w.eb("Telefoon02", |w| p.write(w));
        }
    }
}

/// `CDT_OpenPeriode`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenPeriod {
    /// `Begindatum`
    pub start: Option<NaiveDate>,
    /// `Einddatum`
    pub end: Option<NaiveDate>,
}

impl OpenPeriod {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = OpenPeriod {
            start: c.ob("Begindatum", El::date)?,
            end: c.ob("Einddatum", El::date)?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.ob("Begindatum", &self.start);
        w.ob("Einddatum", &self.end);
    }
}

/// `CDT_GeslotenPeriode`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedPeriod {
    /// `Begindatum`
    pub start: NaiveDate,
    /// `Einddatum`
    pub end: NaiveDate,
}

impl ClosedPeriod {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = ClosedPeriod {
            start: c.b("Begindatum", El::date)?,
            end: c.b("Einddatum", El::date)?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.b("Begindatum", self.start);
        w.b("Einddatum", self.end);
    }
}

pub(crate) fn product_category(e: &El) -> R<String> {
    match e.cx.standard {
        Standard::Wmo => e.code(codes::PRODUCT_CATEGORIE_WMO, "productcategorie (WMO020)"),
        Standard::Jeugdwet => e.code(codes::PRODUCT_CATEGORIE_JW, "productcategorie (JZ020)"),
    }
}

pub(crate) fn end_reason(e: &El) -> R<String> {
    match e.cx.standard {
        Standard::Wmo => e.code(codes::REDEN_BEEINDIGING_WMO, "RedenBeeindiging (WMO588)"),
        Standard::Jeugdwet => e.code(codes::REDEN_BEEINDIGING_JW, "RedenBeeindiging (JZ588)"),
    }
}

/// `CDT_Product`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    /// `Categorie` (WMO020 / JZ020)
    pub category: String,
    /// `Code` (product code of the municipality's product list)
    pub code: Option<String>,
}

impl Product {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = Product {
            category: c.b("Categorie", product_category)?,
            code: c.ob("Code", |e| e.text(5))?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.b("Categorie", &self.category);
        w.ob("Code", &self.code);
    }
}

/// `CDT_Omvang`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extent {
    /// `Volume`
    pub volume: u32,
    /// `Eenheid` (WJ756)
    pub unit: String,
    /// `Frequentie` (WMO757 / JZ757)
    pub frequency: String,
}

impl Extent {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = Extent {
            volume: c.b("Volume", |e| e.u32(99_999_999))?,
            unit: c.b("Eenheid", |e| e.code(codes::EENHEID, "eenheid (WJ756)"))?,
            frequency: c.b("Frequentie", |e| e.code(codes::FREQUENTIE, "frequentie"))?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.b("Volume", self.volume);
        w.b("Eenheid", &self.unit);
        w.b("Frequentie", &self.frequency);
    }
}

/// `CDT_Verwijzer`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referrer {
    /// `Type` (COD327)
    pub kind: String,
    /// `Naam`
    pub name: Option<String>,
    /// `ZorgverlenerCode` (AGB, 8 digits)
    pub care_provider_code: Option<String>,
}

impl Referrer {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = Referrer {
            kind: c.b("Type", |e| {
                e.code(codes::TYPE_VERWIJZER, "type verwijzer (COD327)")
            })?,
            name: c.ob("Naam", |e| e.text(64))?,
            care_provider_code: c.ob("ZorgverlenerCode", El::agb)?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.b("Type", &self.kind);
        w.ob("Naam", &self.name);
        w.ob("ZorgverlenerCode", &self.care_provider_code);
    }
}

/// `CDT_Referentie`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductReference {
    /// `ReferentieNummer`
    pub number: String,
    /// `VorigReferentieNummer`
    pub previous_number: Option<String>,
}

impl ProductReference {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = ProductReference {
            number: c.b("ReferentieNummer", |e| e.string(1, 20))?,
            previous_number: c.ob("VorigReferentieNummer", |e| e.string(1, 20))?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.b("ReferentieNummer", &self.number);
        w.ob("VorigReferentieNummer", &self.previous_number);
    }
}

/// `DebetCredit` (COD043).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DebitCredit {
    /// `D`
    Debit,
    /// `C`
    Credit,
}

impl DebitCredit {
    pub fn code(self) -> &'static str {
        match self {
            DebitCredit::Debit => "D",
            DebitCredit::Credit => "C",
        }
    }
    pub(crate) fn read(e: &El) -> R<Self> {
        match e
            .code(codes::DEBET_CREDIT, "DebetCredit (D of C)")?
            .as_str()
        {
            "C" => Ok(DebitCredit::Credit),
            _ => Ok(DebitCredit::Debit),
        }
    }
}

/// `CDT_BedragMetDC` (`Bedrag`) and `CDT_TotaalBedragMetDC` (`TotaalBedrag`):
/// a non-negative amount in eurocents with its debit/credit sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    /// `Bedrag` or `TotaalBedrag`, whole eurocents
    pub cents: i64,
    /// `DebetCredit`
    pub debit_credit: DebitCredit,
}

impl Amount {
    /// The amount as a signed number of cents (credit negative).
    pub fn signed(self) -> i64 {
        match self.debit_credit {
            DebitCredit::Debit => self.cents,
            DebitCredit::Credit => -self.cents,
        }
    }
    /// From a signed number of cents (negative = credit).
    pub fn from_signed(cents: i64) -> Amount {
        Amount {
            cents: cents.abs(),
            debit_credit: if cents < 0 {
                DebitCredit::Credit
            } else {
                DebitCredit::Debit
            },
        }
    }
    pub(crate) fn read_line(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = Amount {
            cents: c.b("Bedrag", |e| e.int(0, 99_999_999))?,
            debit_credit: c.b("DebetCredit", DebitCredit::read)?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn read_total(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = Amount {
            cents: c.b("TotaalBedrag", |e| e.int(0, 999_999_999_999))?,
            debit_credit: c.b("DebetCredit", DebitCredit::read)?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write_line(&self, w: &mut W) {
        w.b("Bedrag", self.cents);
        w.b("DebetCredit", self.debit_credit.code());
    }
    pub(crate) fn write_total(&self, w: &mut W) {
        w.b("TotaalBedrag", self.cents);
        w.b("DebetCredit", self.debit_credit.code());
    }
}
