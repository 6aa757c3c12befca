//! The records of each message (client, relation, contact, products,
//! claim lines). Records are shared between a message and its return message:
//! in the return message every record carries its `RetourCodes`, in the
//! outgoing message `return_codes` is empty.

use chrono::{NaiveDate, NaiveTime};

use super::codes;
use super::types::{
    end_reason, product_category, Address, Amount, BirthDate, ClosedPeriod, Communication, Extent,
    FullName, OpenPeriod, Phones, Product, ProductReference, Referrer, ShortName,
};
use super::xml::{El, R, W};
use super::Standard;

fn gender(e: &El) -> R<String> {
    e.code(codes::GESLACHT, "geslacht (COD046)")
}
fn number(e: &El) -> R<u32> {
    e.u32(999_999_999)
}
fn budget(e: &El) -> R<i64> {
    e.int(0, 99_999_999)
}
fn reference(e: &El) -> R<String> {
    e.text(36)
}

// ---------------------------------------------------------------- 301 / 302

/// `Client` of the allocation message (301) and its return message (302).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocationClient {
    /// `Bsn`
    pub bsn: String,
    /// `Geboortedatum`
    pub birth_date: BirthDate,
    /// `Geslacht` (COD046)
    pub gender: String,
    /// `Naam`
    pub name: FullName,
    /// `Communicatie`
    pub communication: Option<Communication>,
    /// `JuridischeStatus` (WJ232)
    pub legal_status: Option<String>,
    /// `WettelijkeVertegenwoordiging` (WJ003)
    pub legal_representation: Option<String>,
    /// `Commentaar`
    pub comment: Option<String>,
    /// `Relaties/Relatie` (empty: no `Relaties`)
    pub relations: Vec<Relation>,
    /// `Contactgegevens/Contact`
    pub contacts: Vec<Contact>,
    /// `ToegewezenProducten/ToegewezenProduct`
    pub products: Vec<AllocatedProduct>,
    /// `RetourCodes/RetourCode` (302 only)
    pub return_codes: Vec<String>,
}

impl AllocationClient {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = AllocationClient {
            bsn: c.m("Bsn", El::bsn)?,
            birth_date: c.m("Geboortedatum", BirthDate::read)?,
            gender: c.m("Geslacht", gender)?,
            name: c.m("Naam", FullName::read)?,
            communication: c.om("Communicatie", Communication::read)?,
            legal_status: c.om("JuridischeStatus", |e| {
                e.code(codes::JURIDISCHE_STATUS, "juridische status (WJ232)")
            })?,
            legal_representation: c.om("WettelijkeVertegenwoordiging", |e| {
                e.code(
                    codes::WETTELIJKE_VERTEGENWOORDIGING,
                    "wettelijke vertegenwoordiging (WJ003)",
                )
            })?,
            comment: c.om("Commentaar", El::comment)?,
            relations: c.olist("Relaties", "Relatie", Relation::read)?,
            contacts: c.list("Contactgegevens", "Contact", Contact::read)?,
            products: c.list(
                "ToegewezenProducten",
                "ToegewezenProduct",
                AllocatedProduct::read,
            )?,
            return_codes: c.rc()?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.m("Bsn", &self.bsn);
        w.em("Geboortedatum", |w| self.birth_date.write(w));
        w.m("Geslacht", &self.gender);
        w.em("Naam", |w| self.name.write(w));
        if let Some(x) = &self.communication {
            w.em("Communicatie", |w| x.write(w));
        }
        w.om("JuridischeStatus", &self.legal_status);
        w.om("WettelijkeVertegenwoordiging", &self.legal_representation);
        w.om("Commentaar", &self.comment);
        w.olist("Relaties", &self.relations, |w, r| {
            w.em("Relatie", |w| r.write(w))
        });
        w.list("Contactgegevens", &self.contacts, |w, r| {
            w.em("Contact", |w| r.write(w))
        });
        w.list("ToegewezenProducten", &self.products, |w, r| {
            w.em("ToegewezenProduct", |w| r.write(w))
        });
        w.rc(&self.return_codes);
    }
}

/// `Relatie` (301/302).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// `Nummer`
    pub number: String,
    /// `Volgorde`
    pub order: Option<u32>,
    /// `Soort` (COD472)
    pub kind: String,
    /// `Geboortedatum`
    pub birth_date: Option<BirthDate>,
    /// `Geslacht` (COD046)
    pub gender: Option<String>,
    /// `Naam`
    pub name: FullName,
    /// `Contact`
    pub contact: Contact,
    /// `RetourCodes/RetourCode` (302 only)
    pub return_codes: Vec<String>,
}

impl Relation {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = Relation {
            number: c.m("Nummer", |e| e.text(20))?,
            order: c.om("Volgorde", |e| e.u32(99))?,
            kind: c.m("Soort", |e| {
                e.code(codes::SOORT_RELATIE, "soort relatie (COD472)")
            })?,
            birth_date: c.om("Geboortedatum", BirthDate::read)?,
            gender: c.om("Geslacht", gender)?,
            name: c.m("Naam", FullName::read)?,
            contact: c.m("Contact", Contact::read)?,
            return_codes: c.rc()?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.m("Nummer", &self.number);
        w.om("Volgorde", &self.order);
        w.m("Soort", &self.kind);
        if let Some(x) = &self.birth_date {
            w.em("Geboortedatum", |w| x.write(w));
        }
        w.om("Geslacht", &self.gender);
        w.em("Naam", |w| self.name.write(w));
        w.em("Contact", |w| self.contact.write(w));
        w.rc(&self.return_codes);
    }
}

/// `Contact` (301/302).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// `Soort` (COD757)
    pub kind: String,
    /// `Adres`
    pub address: Option<Address>,
    /// `Organisatie`
    pub organisation: Option<String>,
    /// `Telefoon`
    pub phone: Option<Phones>,
    /// `Emailadres`
    pub email: Option<String>,
    /// `Periode`
    pub period: Option<OpenPeriod>,
    /// `RetourCodes/RetourCode` (302 only)
    pub return_codes: Vec<String>,
}

impl Contact {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = Contact {
            kind: c.m("Soort", |e| {
                e.code(codes::ADRES_SOORT, "soort adres (COD757)")
            })?,
            address: c.om("Adres", Address::read)?,
            organisation: c.om("Organisatie", |e| e.text(35))?,
            phone: c.om("Telefoon", Phones::read)?,
            email: c.om("Emailadres", |e| e.text(80))?,
            period: c.om("Periode", OpenPeriod::read)?,
            return_codes: c.rc()?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.m("Soort", &self.kind);
        if let Some(x) = &self.address {
            w.em("Adres", |w| x.write(w));
        }
        w.om("Organisatie", &self.organisation);
        if let Some(x) = &self.phone {
            w.em("Telefoon", |w| x.write(w));
        }
        w.om("Emailadres", &self.email);
        if let Some(x) = &self.period {
            w.em("Periode", |w| x.write(w));
        }
        w.rc(&self.return_codes);
    }
}

/// `ToegewezenProduct` (301/302).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocatedProduct {
    /// `ToewijzingNummer`
    pub allocation_number: u32,
    /// `ReferentieAanbieder`
    pub provider_reference: Option<String>,
    /// `Product`
    pub product: Option<Product>,
    /// `Toewijzingsdatum`
    pub allocation_date: NaiveDate,
    /// `Toewijzingstijd`
    pub allocation_time: NaiveTime,
    /// `Ingangsdatum`
    pub start_date: NaiveDate,
    /// `Einddatum`
    pub end_date: Option<NaiveDate>,
    /// `RedenWijziging` (WMO002 / JZ002)
    pub change_reason: Option<String>,
    /// `Omvang`
    pub extent: Option<Extent>,
    /// `Budget` (whole eurocents)
    pub budget: Option<i64>,
    /// `Commentaar`
    pub comment: Option<String>,
    /// `RetourCodes/RetourCode` (302 only)
    pub return_codes: Vec<String>,
}

impl AllocatedProduct {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = AllocatedProduct {
            allocation_number: c.m("ToewijzingNummer", number)?,
            provider_reference: c.om("ReferentieAanbieder", reference)?,
            product: c.om("Product", Product::read)?,
            allocation_date: c.m("Toewijzingsdatum", El::date)?,
            allocation_time: c.m("Toewijzingstijd", El::time)?,
            start_date: c.m("Ingangsdatum", El::date)?,
            end_date: c.om("Einddatum", El::date)?,
            change_reason: c.om("RedenWijziging", |e| {
                e.code(codes::REDEN_WIJZIGING, "reden wijziging")
            })?,
            extent: c.om("Omvang", Extent::read)?,
            budget: c.om("Budget", budget)?,
            comment: c.om("Commentaar", El::comment)?,
            return_codes: c.rc()?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.m("ToewijzingNummer", self.allocation_number);
        w.om("ReferentieAanbieder", &self.provider_reference);
        if let Some(x) = &self.product {
            w.em("Product", |w| x.write(w));
        }
        w.m("Toewijzingsdatum", self.allocation_date);
        w.m("Toewijzingstijd", self.allocation_time);
        w.m("Ingangsdatum", self.start_date);
        w.om("Einddatum", &self.end_date);
        w.om("RedenWijziging", &self.change_reason);
        if let Some(x) = &self.extent {
            w.em("Omvang", |w| x.write(w));
        }
        w.om("Budget", &self.budget);
        w.om("Commentaar", &self.comment);
        w.rc(&self.return_codes);
    }
}

// ---------------------------------------------------------------- 305 / 306

/// `Client` of the start-of-care message (305) and its return message (306).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartClient {
    /// `Bsn`
    pub bsn: String,
    /// `Geboortedatum`
    pub birth_date: BirthDate,
    /// `Geslacht` (COD046)
    pub gender: String,
    /// `Naam`
    pub name: ShortName,
    /// `StartProducten/StartProduct`
    pub products: Vec<StartProduct>,
    /// `RetourCodes/RetourCode` (306 only)
    pub return_codes: Vec<String>,
}

impl StartClient {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = StartClient {
            bsn: c.m("Bsn", El::bsn)?,
            birth_date: c.m("Geboortedatum", BirthDate::read)?,
            gender: c.m("Geslacht", gender)?,
            name: c.m("Naam", ShortName::read)?,
            products: c.list("StartProducten", "StartProduct", StartProduct::read)?,
            return_codes: c.rc()?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.m("Bsn", &self.bsn);
        w.em("Geboortedatum", |w| self.birth_date.write(w));
        w.m("Geslacht", &self.gender);
        w.em("Naam", |w| self.name.write(w));
        w.list("StartProducten", &self.products, |w, r| {
            w.em("StartProduct", |w| r.write(w))
        });
        w.rc(&self.return_codes);
    }
}

/// `StartProduct` (305/306).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartProduct {
    /// `ToewijzingNummer`
    pub allocation_number: Option<u32>,
    /// `Product`
    pub product: Option<Product>,
    /// `ToewijzingIngangsdatum`
    pub allocation_start_date: Option<NaiveDate>,
    /// `Begindatum`
    pub start_date: NaiveDate,
    /// `StatusAanlevering` (COD467)
    pub delivery_status: String,
    /// `RetourCodes/RetourCode` (306 only)
    pub return_codes: Vec<String>,
}

impl StartProduct {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = StartProduct {
            allocation_number: c.om("ToewijzingNummer", number)?,
            product: c.om("Product", Product::read)?,
            allocation_start_date: c.om("ToewijzingIngangsdatum", El::date)?,
            start_date: c.m("Begindatum", El::date)?,
            delivery_status: c.m("StatusAanlevering", status)?,
            return_codes: c.rc()?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.om("ToewijzingNummer", &self.allocation_number);
        if let Some(x) = &self.product {
            w.em("Product", |w| x.write(w));
        }
        w.om("ToewijzingIngangsdatum", &self.allocation_start_date);
        w.m("Begindatum", self.start_date);
        w.m("StatusAanlevering", &self.delivery_status);
        w.rc(&self.return_codes);
    }
}

fn status(e: &El) -> R<String> {
    e.code(codes::STATUS_AANLEVERING, "status aanlevering (COD467)")
}

// ---------------------------------------------------------------- 307 / 308

/// `Client` of the end-of-care message (307) and its return message (308).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopClient {
    /// `Bsn`
    pub bsn: String,
    /// `Geboortedatum`
    pub birth_date: BirthDate,
    /// `Geslacht` (COD046)
    pub gender: String,
    /// `Naam`
    pub name: ShortName,
    /// `StopProducten/StopProduct`
    pub products: Vec<StopProduct>,
    /// `RetourCodes/RetourCode` (308 only)
    pub return_codes: Vec<String>,
}

impl StopClient {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = StopClient {
            bsn: c.m("Bsn", El::bsn)?,
            birth_date: c.m("Geboortedatum", BirthDate::read)?,
            gender: c.m("Geslacht", gender)?,
            name: c.m("Naam", ShortName::read)?,
            products: c.list("StopProducten", "StopProduct", StopProduct::read)?,
            return_codes: c.rc()?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.m("Bsn", &self.bsn);
        w.em("Geboortedatum", |w| self.birth_date.write(w));
        w.m("Geslacht", &self.gender);
        w.em("Naam", |w| self.name.write(w));
        w.list("StopProducten", &self.products, |w, r| {
            w.em("StopProduct", |w| r.write(w))
        });
        w.rc(&self.return_codes);
    }
}

/// `StopProduct` (307/308).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopProduct {
    /// `ToewijzingNummer`
    pub allocation_number: Option<u32>,
    /// `Product`
    pub product: Option<Product>,
    /// `ToewijzingIngangsdatum`
    pub allocation_start_date: Option<NaiveDate>,
    /// `Begindatum`
    pub start_date: NaiveDate,
    /// `RedenBeeindiging` (WMO588 / JZ588)
    pub end_reason: String,
    /// `Einddatum`
    pub end_date: NaiveDate,
    /// `StatusAanlevering` (COD467)
    pub delivery_status: String,
    /// `RetourCodes/RetourCode` (308 only)
    pub return_codes: Vec<String>,
}

impl StopProduct {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = StopProduct {
            allocation_number: c.om("ToewijzingNummer", number)?,
            product: c.om("Product", Product::read)?,
            allocation_start_date: c.om("ToewijzingIngangsdatum", El::date)?,
            start_date: c.m("Begindatum", El::date)?,
            end_reason: c.m("RedenBeeindiging", end_reason)?,
            end_date: c.m("Einddatum", El::date)?,
            delivery_status: c.m("StatusAanlevering", status)?,
            return_codes: c.rc()?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.om("ToewijzingNummer", &self.allocation_number);
        if let Some(x) = &self.product {
            w.em("Product", |w| x.write(w));
        }
        w.om("ToewijzingIngangsdatum", &self.allocation_start_date);
        w.m("Begindatum", self.start_date);
        w.m("RedenBeeindiging", &self.end_reason);
        w.m("Einddatum", self.end_date);
        w.m("StatusAanlevering", &self.delivery_status);
        w.rc(&self.return_codes);
    }
}

// ---------------------------------------------------------------- 315 / 316

/// `Client` of the request for allocation (315) and its return message (316).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestClient {
    /// `Bsn`
    pub bsn: String,
    /// `Geboortedatum`
    pub birth_date: BirthDate,
    /// `Geslacht` (COD046)
    pub gender: String,
    /// `Naam`
    pub name: ShortName,
    /// `GezagsdragerBekend` (COD260; iJw only, always `None` for iWmo)
    pub custodian_known: Option<String>,
    /// `Commentaar`
    pub comment: Option<String>,
    /// `AangevraagdeProducten/AangevraagdProduct`
    pub products: Vec<RequestedProduct>,
    /// `RetourCodes/RetourCode` (316 only)
    pub return_codes: Vec<String>,
}

impl RequestClient {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let jw = c.cx().standard == Standard::Jeugdwet;
        let v = RequestClient {
            bsn: c.m("Bsn", El::bsn)?,
            birth_date: c.m("Geboortedatum", BirthDate::read)?,
            gender: c.m("Geslacht", gender)?,
            name: c.m("Naam", ShortName::read)?,
            custodian_known: if jw {
                c.om("GezagsdragerBekend", |e| {
                    e.code(codes::JA_NEE, "ja/nee (1 of 2)")
                })?
            } else {
                None
            },
            comment: c.om("Commentaar", El::comment)?,
            products: c.list(
                "AangevraagdeProducten",
                "AangevraagdProduct",
                RequestedProduct::read,
            )?,
            return_codes: c.rc()?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W, standard: Standard) {
        w.m("Bsn", &self.bsn);
        w.em("Geboortedatum", |w| self.birth_date.write(w));
        w.m("Geslacht", &self.gender);
        w.em("Naam", |w| self.name.write(w));
        if standard == Standard::Jeugdwet {
            w.om("GezagsdragerBekend", &self.custodian_known);
        }
        w.om("Commentaar", &self.comment);
        w.list("AangevraagdeProducten", &self.products, |w, r| {
            w.em("AangevraagdProduct", |w| r.write(w))
        });
        w.rc(&self.return_codes);
    }
}

/// `AangevraagdProduct` (315/316).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestedProduct {
    /// `ReferentieAanbieder`
    pub provider_reference: String,
    /// `BeschikkingNummer`
    pub decision_number: Option<u32>,
    /// `Product`
    pub product: Option<Product>,
    /// `BeschikkingIngangsdatum`
    pub decision_start_date: Option<NaiveDate>,
    /// `ToewijzingIngangsdatum`
    pub allocation_start_date: NaiveDate,
    /// `ToewijzingEinddatum`
    pub allocation_end_date: Option<NaiveDate>,
    /// `Omvang`
    pub extent: Option<Extent>,
    /// `Budget` (whole eurocents)
    pub budget: Option<i64>,
    /// `Verwijzer`
    pub referrer: Referrer,
    /// `Raamcontract` (COD260)
    pub framework_contract: Option<String>,
    /// `Commentaar`
    pub comment: Option<String>,
    /// `RetourCodes/RetourCode` (316 only)
    pub return_codes: Vec<String>,
}

impl RequestedProduct {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = RequestedProduct {
            provider_reference: c.m("ReferentieAanbieder", reference)?,
            decision_number: c.om("BeschikkingNummer", number)?,
            product: c.om("Product", Product::read)?,
            decision_start_date: c.om("BeschikkingIngangsdatum", El::date)?,
            allocation_start_date: c.m("ToewijzingIngangsdatum", El::date)?,
            allocation_end_date: c.om("ToewijzingEinddatum", El::date)?,
            extent: c.om("Omvang", Extent::read)?,
            budget: c.om("Budget", budget)?,
            referrer: c.m("Verwijzer", Referrer::read)?,
            framework_contract: c
                .om("Raamcontract", |e| e.code(codes::JA_NEE, "ja/nee (1 of 2)"))?,
            comment: c.om("Commentaar", El::comment)?,
            return_codes: c.rc()?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.m("ReferentieAanbieder", &self.provider_reference);
        w.om("BeschikkingNummer", &self.decision_number);
        if let Some(x) = &self.product {
            w.em("Product", |w| x.write(w));
        }
        w.om("BeschikkingIngangsdatum", &self.decision_start_date);
        w.m("ToewijzingIngangsdatum", self.allocation_start_date);
        w.om("ToewijzingEinddatum", &self.allocation_end_date);
        if let Some(x) = &self.extent {
            w.em("Omvang", |w| x.write(w));
        }
        w.om("Budget", &self.budget);
        w.em("Verwijzer", |w| self.referrer.write(w));
        w.om("Raamcontract", &self.framework_contract);
        w.om("Commentaar", &self.comment);
        w.rc(&self.return_codes);
    }
}

// ---------------------------------------------------------------- 317 / 318

/// `Client` of the request for change (317) and its return message (318).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeClient {
    /// `Bsn`
    pub bsn: String,
    /// `Verzoek`
    pub request: ChangeRequestBody,
    /// `RetourCodes/RetourCode` (318 only)
    pub return_codes: Vec<String>,
}

impl ChangeClient {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = ChangeClient {
            bsn: c.m("Bsn", El::bsn)?,
            request: c.m("Verzoek", ChangeRequestBody::read)?,
            return_codes: c.rc()?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.m("Bsn", &self.bsn);
        w.em("Verzoek", |w| self.request.write(w));
        w.rc(&self.return_codes);
    }
}

/// `Verzoek` (317/318).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRequestBody {
    /// `ReferentieAanbieder`
    pub provider_reference: String,
    /// `RedenVerzoek` (WJ758)
    pub reason: String,
    /// `OngewijzigdeProducten/OngewijzigdProduct/ToewijzingNummer`
    pub unchanged: Vec<UnchangedProduct>,
    /// `TeWijzigenProducten/TeWijzigenProduct`
    pub to_change: Vec<ProductChange>,
    /// `NieuweProducten/NieuwProduct`
    pub new_products: Vec<NewProduct>,
    /// `RetourCodes/RetourCode` (318 only)
    pub return_codes: Vec<String>,
}

impl ChangeRequestBody {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = ChangeRequestBody {
            provider_reference: c.m("ReferentieAanbieder", reference)?,
            reason: c.m("RedenVerzoek", |e| {
                e.code(codes::REDEN_VERZOEK, "reden verzoek (WJ758)")
            })?,
            unchanged: c.olist(
                "OngewijzigdeProducten",
                "OngewijzigdProduct",
                UnchangedProduct::read,
            )?,
            to_change: c.olist(
                "TeWijzigenProducten",
                "TeWijzigenProduct",
                ProductChange::read,
            )?,
            new_products: c.olist("NieuweProducten", "NieuwProduct", NewProduct::read)?,
            return_codes: c.rc()?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.m("ReferentieAanbieder", &self.provider_reference);
        w.m("RedenVerzoek", &self.reason);
        w.olist("OngewijzigdeProducten", &self.unchanged, |w, r| {
            w.em("OngewijzigdProduct", |w| r.write(w))
        });
        w.olist("TeWijzigenProducten", &self.to_change, |w, r| {
            w.em("TeWijzigenProduct", |w| r.write(w))
        });
        w.olist("NieuweProducten", &self.new_products, |w, r| {
            w.em("NieuwProduct", |w| r.write(w))
        });
        w.rc(&self.return_codes);
    }
}

/// `OngewijzigdProduct` (317/318).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnchangedProduct {
    /// `ToewijzingNummer`
    pub allocation_number: u32,
    /// `RetourCodes/RetourCode` (318 only)
    pub return_codes: Vec<String>,
}

impl UnchangedProduct {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = UnchangedProduct {
            allocation_number: c.m("ToewijzingNummer", number)?,
            return_codes: c.rc()?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.m("ToewijzingNummer", self.allocation_number);
        w.rc(&self.return_codes);
    }
}

/// `TeWijzigenProduct` (317/318).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductChange {
    /// `ToewijzingNummer`
    pub allocation_number: u32,
    /// `GewensteIngangsdatum`
    pub desired_start_date: NaiveDate,
    /// `Einddatum`
    pub end_date: Option<NaiveDate>,
    /// `Omvang`
    pub extent: Option<Extent>,
    /// `Budget` (whole eurocents)
    pub budget: Option<i64>,
    /// `RetourCodes/RetourCode` (318 only)
    pub return_codes: Vec<String>,
}

impl ProductChange {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = ProductChange {
            allocation_number: c.m("ToewijzingNummer", number)?,
            desired_start_date: c.m("GewensteIngangsdatum", El::date)?,
            end_date: c.om("Einddatum", El::date)?,
            extent: c.om("Omvang", Extent::read)?,
            budget: c.om("Budget", budget)?,
            return_codes: c.rc()?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.m("ToewijzingNummer", self.allocation_number);
        w.m("GewensteIngangsdatum", self.desired_start_date);
        w.om("Einddatum", &self.end_date);
        if let Some(x) = &self.extent {
            w.em("Omvang", |w| x.write(w));
        }
        w.om("Budget", &self.budget);
        w.rc(&self.return_codes);
    }
}

/// `NieuwProduct` (317/318).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProduct {
    /// `Product`
    pub product: Option<Product>,
    /// `GewensteIngangsdatum`
    pub desired_start_date: NaiveDate,
    /// `Einddatum`
    pub end_date: Option<NaiveDate>,
    /// `Omvang`
    pub extent: Option<Extent>,
    /// `Budget` (whole eurocents)
    pub budget: Option<i64>,
    /// `RetourCodes/RetourCode` (318 only)
    pub return_codes: Vec<String>,
}

impl NewProduct {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = NewProduct {
            product: c.om("Product", Product::read)?,
            desired_start_date: c.m("GewensteIngangsdatum", El::date)?,
            end_date: c.om("Einddatum", El::date)?,
            extent: c.om("Omvang", Extent::read)?,
            budget: c.om("Budget", budget)?,
            return_codes: c.rc()?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        if let Some(x) = &self.product {
            w.em("Product", |w| x.write(w));
        }
        w.m("GewensteIngangsdatum", self.desired_start_date);
        w.om("Einddatum", &self.end_date);
        if let Some(x) = &self.extent {
            w.em("Omvang", |w| x.write(w));
        }
        w.om("Budget", &self.budget);
        w.rc(&self.return_codes);
    }
}

// ---------------------------------------------------------------- 319 / 320

/// `Antwoord` of the answer message (319) and its return message (320).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// `ReferentieAanbieder`
    pub provider_reference: String,
    /// `VerzoekAntwoord` (WJ760)
    pub answer: String,
    /// `RedenAfwijzingVerzoek` (WJ759)
    pub rejection_reason: Option<String>,
    /// `Woonplaatsbeginsel` (iJw only, always `None` for iWmo)
    pub residence_principle: Option<ResidencePrinciple>,
    /// `RetourCodes/RetourCode` (320 only)
    pub return_codes: Vec<String>,
}

/// `Woonplaatsbeginsel` (iJw 319/320).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidencePrinciple {
    /// `Gemeente` (4 digits)
    pub municipality: String,
    /// `RetourCodes/RetourCode` (320 only)
    pub return_codes: Vec<String>,
}

impl Answer {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let jw = c.cx().standard == Standard::Jeugdwet;
        let v = Answer {
            provider_reference: c.m("ReferentieAanbieder", reference)?,
            answer: c.m("VerzoekAntwoord", |e| {
                e.code(codes::VERZOEK_ANTWOORD, "verzoek antwoord (WJ760)")
            })?,
            rejection_reason: c.om("RedenAfwijzingVerzoek", |e| {
                e.code(codes::REDEN_AFWIJZING_VERZOEK, "reden afwijzing (WJ759)")
            })?,
            residence_principle: if jw {
                c.om("Woonplaatsbeginsel", |e| {
                    let mut c = e.cur()?;
                    let v = ResidencePrinciple {
                        municipality: c.m("Gemeente", El::municipality)?,
                        return_codes: c.rc()?,
                    };
                    c.end()?;
                    Ok(v)
                })?
            } else {
                None
            },
            return_codes: c.rc()?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W, standard: Standard) {
        w.m("ReferentieAanbieder", &self.provider_reference);
        w.m("VerzoekAntwoord", &self.answer);
        w.om("RedenAfwijzingVerzoek", &self.rejection_reason);
        if standard == Standard::Jeugdwet {
            if let Some(r) = &self.residence_principle {
                w.em("Woonplaatsbeginsel", |w| {
                    w.m("Gemeente", &r.municipality);
                    w.rc(&r.return_codes);
                });
            }
        }
        w.rc(&self.return_codes);
    }
}

// ---------------------------------------------------------------- 323 / 325

/// `Declaratie` (323).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimBody {
    /// `DeclaratieNummer`
    pub claim_number: String,
    /// `DeclaratiePeriode`
    pub period: ClosedPeriod,
    /// `DeclaratieDagtekening`
    pub claim_date: NaiveDate,
    /// `TotaalIngediendBedrag`
    pub total_submitted: Amount,
    /// `Clienten/Client`
    pub clients: Vec<ClaimClient>,
}

impl ClaimBody {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = ClaimBody {
            claim_number: c.m("DeclaratieNummer", |e| e.alnum(12))?,
            period: c.m("DeclaratiePeriode", ClosedPeriod::read)?,
            claim_date: c.m("DeclaratieDagtekening", El::date)?,
            total_submitted: c.m("TotaalIngediendBedrag", Amount::read_total)?,
            clients: c.list("Clienten", "Client", ClaimClient::read)?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.m("DeclaratieNummer", &self.claim_number);
        w.em("DeclaratiePeriode", |w| self.period.write(w));
        w.m("DeclaratieDagtekening", self.claim_date);
        w.em("TotaalIngediendBedrag", |w| {
            self.total_submitted.write_total(w)
        });
        w.list("Clienten", &self.clients, |w, r| {
            w.em("Client", |w| r.write(w))
        });
    }
}

/// `DeclaratieAntwoord` (325).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimAnswerBody {
    /// `DeclaratieNummer`
    pub claim_number: String,
    /// `TotaalIngediendBedrag`
    pub total_submitted: Amount,
    /// `TotaalToegekendBedrag`
    pub total_awarded: Amount,
    /// `Clienten/Client` (the clients with rejected claim lines; empty: no `Clienten`)
    pub clients: Vec<ClaimClient>,
    /// `RetourCodes/RetourCode`
    pub return_codes: Vec<String>,
}

impl ClaimAnswerBody {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = ClaimAnswerBody {
            claim_number: c.m("DeclaratieNummer", |e| e.string(1, 12))?,
            total_submitted: c.m("TotaalIngediendBedrag", Amount::read_total)?,
            total_awarded: c.m("TotaalToegekendBedrag", Amount::read_total)?,
            clients: c.olist("Clienten", "Client", ClaimClient::read)?,
            return_codes: c.rc()?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.m("DeclaratieNummer", &self.claim_number);
        w.em("TotaalIngediendBedrag", |w| {
            self.total_submitted.write_total(w)
        });
        w.em("TotaalToegekendBedrag", |w| {
            self.total_awarded.write_total(w)
        });
        w.olist("Clienten", &self.clients, |w, r| {
            w.em("Client", |w| r.write(w))
        });
        w.rc(&self.return_codes);
    }
}

/// `Client` of the claim (323) and claim answer (325).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimClient {
    /// `Bsn`
    pub bsn: String,
    /// `Prestaties/Prestatie`
    pub lines: Vec<ClaimLine>,
    /// `RetourCodes/RetourCode` (325 only)
    pub return_codes: Vec<String>,
}

impl ClaimClient {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = ClaimClient {
            bsn: c.m("Bsn", El::bsn)?,
            lines: c.list("Prestaties", "Prestatie", ClaimLine::read)?,
            return_codes: c.rc()?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.m("Bsn", &self.bsn);
        w.list("Prestaties", &self.lines, |w, r| {
            w.em("Prestatie", |w| r.write(w))
        });
        w.rc(&self.return_codes);
    }
}

/// `Prestatie` (323/325).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimLine {
    /// `ProductReferentie`
    pub reference: ProductReference,
    /// `ToewijzingNummer`
    pub allocation_number: u32,
    /// `ProductCategorie` (WMO020 / JZ020)
    pub product_category: String,
    /// `ProductCode`
    pub product_code: String,
    /// `ProductPeriode`
    pub period: ClosedPeriod,
    /// `GeleverdVolume`
    pub volume: u32,
    /// `Eenheid` (WJ756)
    pub unit: String,
    /// `ProductTarief` (whole eurocents)
    pub rate: Option<i64>,
    /// `IngediendBedrag`
    pub submitted: Amount,
    /// `RetourCodes/RetourCode` (325 only)
    pub return_codes: Vec<String>,
}

impl ClaimLine {
    pub(crate) fn read(e: &El) -> R<Self> {
        let mut c = e.cur()?;
        let v = ClaimLine {
            reference: c.m("ProductReferentie", ProductReference::read)?,
            allocation_number: c.m("ToewijzingNummer", number)?,
            product_category: c.m("ProductCategorie", product_category)?,
            product_code: c.m("ProductCode", |e| e.text(5))?,
            period: c.m("ProductPeriode", ClosedPeriod::read)?,
            volume: c.m("GeleverdVolume", |e| e.u32(99_999_999))?,
            unit: c.m("Eenheid", |e| e.code(codes::EENHEID, "eenheid (WJ756)"))?,
            rate: c.om("ProductTarief", |e| e.int(0, 99_999_999))?,
            submitted: c.m("IngediendBedrag", Amount::read_line)?,
            return_codes: c.rc()?,
        };
        c.end()?;
        Ok(v)
    }
    pub(crate) fn write(&self, w: &mut W) {
        w.em("ProductReferentie", |w| self.reference.write(w));
        w.m("ToewijzingNummer", self.allocation_number);
        w.m("ProductCategorie", &self.product_category);
        w.m("ProductCode", &self.product_code);
        w.em("ProductPeriode", |w| self.period.write(w));
        w.m("GeleverdVolume", self.volume);
        w.m("Eenheid", &self.unit);
        w.om("ProductTarief", &self.rate);
        w.em("IngediendBedrag", |w| self.submitted.write_line(w));
        w.rc(&self.return_codes);
    }
}
