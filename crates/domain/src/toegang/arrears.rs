//! Payment-arrears signals (*vroegsignalering*): a creditor (landlord, energy
//! or water company, health insurer) reports that someone is behind on
//! payments, so the municipality can reach out early. This module parses one
//! signal field by field and decides which open arrears question a new
//! signal joins.

use super::household::age_on;
use super::question::AgeGroup;
use crate::bsn::BsnError;
use crate::directory::LifeDomain;
use crate::postcode::PostcodeError;
use crate::{Bsn, Postcode};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Who reports the arrears.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum CreditorKind {
    Huur,
    Energie,
    Water,
    Zorgverzekering,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("onbekende soort schuldeiser '{0}'; kies huur, energie, water of zorgverzekering")]
pub struct CreditorKindError(pub String);

impl CreditorKind {
    pub const ALL: &'static [CreditorKind] = &[
        CreditorKind::Huur,
        CreditorKind::Energie,
        CreditorKind::Water,
        CreditorKind::Zorgverzekering,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CreditorKind::Huur => "huur",
            CreditorKind::Energie => "energie",
            CreditorKind::Water => "water",
            CreditorKind::Zorgverzekering => "zorgverzekering",
        }
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            CreditorKind::Huur => "Huur",
            CreditorKind::Energie => "Energie",
            CreditorKind::Water => "Drinkwater",
            CreditorKind::Zorgverzekering => "Zorgverzekering",
        }
    }

    /// The code, in any case, with surrounding spaces ignored.
    pub fn parse(raw: &str) -> Result<CreditorKind, CreditorKindError> {
        let t = raw.trim();
        CreditorKind::ALL
            .iter()
            .copied()
            .find(|k| k.code().eq_ignore_ascii_case(t))
            .ok_or_else(|| CreditorKindError(t.to_string()))
    }
}

impl TryFrom<String> for CreditorKind {
    type Error = CreditorKindError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        CreditorKind::parse(&s)
    }
}

impl From<CreditorKind> for String {
    fn from(k: CreditorKind) -> String {
        k.code().to_string()
    }
}

impl fmt::Display for CreditorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_nl())
    }
}

/// An amount owed in euro cents: more than zero, at most one million euro.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cents(i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("vul een bedrag in, bijvoorbeeld 1234,56")]
    Empty,
    #[error(
        "schrijf een bedrag in euro als 1234,56 of 1.234,56, met hoogstens 2 cijfers na de komma"
    )]
    Format,
    #[error("een bedrag moet meer zijn dan € 0")]
    NotPositive,
    #[error("een bedrag is hoogstens € 1.000.000")]
    TooLarge,
}

impl Cents {
    /// One million euro.
    pub const MAX: i64 = 100_000_000;

    pub fn new(cents: i64) -> Result<Cents, AmountError> {
        if cents <= 0 {
            Err(AmountError::NotPositive)
        } else if cents > Cents::MAX {
            Err(AmountError::TooLarge)
        } else {
            Ok(Cents(cents))
        }
    }

    /// Dutch (`1.234,56`, `1234,56`, `80,-`) and plain (`1234.56`, `80`)
    /// notations, with or without a euro sign. A dot followed by exactly three digits is
    /// a thousands separator (`1.234` is € 1.234,00).
    pub fn parse(raw: &str) -> Result<Cents, AmountError> {
        let t: String = raw
            .trim()
            .trim_start_matches('€')
            .trim_start_matches("EUR")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if t.is_empty() {
            return Err(AmountError::Empty);
        }
        let (negative, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest.trim_start_matches('€')),
            None => (false, t.as_str()),
        };
        // `80,-` and `80,--`: whole euros.
        let t = t
            .strip_suffix(",--")
            .or_else(|| t.strip_suffix(",-"))
            .unwrap_or(t);
        let (whole, fraction) = split_amount(t).ok_or(AmountError::Format)?;
        // Only digits are left, so a failure means a number too long for i64.
        let euros: i64 = whole.parse().map_err(|_| AmountError::TooLarge)?;
        let cents: i64 = match fraction.len() {
            0 => 0,
            1 => fraction.parse::<i64>().map_err(|_| AmountError::Format)? * 10,
            _ => fraction.parse().map_err(|_| AmountError::Format)?,
        };
        let total = euros
            .checked_mul(100)
            .and_then(|e| e.checked_add(cents))
            .ok_or(AmountError::TooLarge)?;
        if negative && total > 0 {
            return Err(AmountError::NotPositive);
        }
        Cents::new(total)
    }

    pub fn cents(self) -> i64 {
        self.0
    }
}

/// Splits an unsigned amount into its whole euros (digits only, thousands
/// separators removed) and its fraction (0 to 2 digits).
fn split_amount(t: &str) -> Option<(String, &str)> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (int_part, fraction) = match t.split_once(',') {
        Some((i, f)) => (i, f),
        None => match t.rsplit_once('.') {
            // `1234.56`: a plain decimal point (only one dot).
            Some((i, f)) if (1..=2).contains(&f.len()) && !i.contains('.') => (i, f),
            _ => (t, ""),
        },
    };
    if !fraction.is_empty() && (fraction.len() > 2 || !digits(fraction)) {
        return None;
    }
    if t.ends_with(',') {
        return None;
    }
    let groups: Vec<&str> = int_part.split('.').collect();
    let grouped_ok = groups.len() == 1
        || (digits(groups[0])
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3 && digits(g)));
    if !digits(&groups.concat()) || !grouped_ok {
        return None;
    }
    Some((groups.concat(), fraction))
}

impl fmt::Display for Cents {
    /// `€ 1.234,56`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::money::euros(self.0))
    }
}

/// For how many months payments are behind: 1 to 60.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthsOverdue(u8);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("vul het aantal maanden achterstand in als een heel getal van 1 tot en met 60")]
pub struct MonthsOverdueError;

impl MonthsOverdue {
    pub fn new(n: i64) -> Result<MonthsOverdue, MonthsOverdueError> {
        u8::try_from(n)
            .ok()
            .filter(|n| (1..=60).contains(n))
            .map(MonthsOverdue)
            .ok_or(MonthsOverdueError)
    }

    pub fn parse(raw: &str) -> Result<MonthsOverdue, MonthsOverdueError> {
        raw.trim()
            .parse::<i64>()
            .map_err(|_| MonthsOverdueError)
            .and_then(MonthsOverdue::new)
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

/// The fields of a signal as they were written (a CSV row, a form). Empty
/// strings mean "not given".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RawArrearsSignal<'a> {
    pub creditor_kind: &'a str,
    pub creditor: &'a str,
    pub amount: &'a str,
    pub months_overdue: &'a str,
    pub postcode: &'a str,
    pub house_number: &'a str,
    pub house_number_addition: &'a str,
    pub person_name: &'a str,
    pub birth_date: &'a str,
    pub bsn: &'a str,
    pub signal_date: &'a str,
}

/// Which field of a signal a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignalField {
    CreditorKind,
    Creditor,
    Amount,
    MonthsOverdue,
    Postcode,
    HouseNumber,
    HouseNumberAddition,
    PersonName,
    BirthDate,
    Bsn,
    SignalDate,
}

/// Why a field of a signal was refused. The messages complete the sentence
/// "regel 4, kolom bsn: …".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignalError {
    #[error(transparent)]
    CreditorKind(#[from] CreditorKindError),
    #[error("vul de naam van de schuldeiser in")]
    CreditorMissing,
    #[error(
        "de naam van de schuldeiser is te lang (hoogstens 100 tekens) of bevat vreemde tekens"
    )]
    CreditorInvalid,
    #[error(transparent)]
    Amount(#[from] AmountError),
    #[error(transparent)]
    MonthsOverdue(#[from] MonthsOverdueError),
    #[error(transparent)]
    Postcode(#[from] PostcodeError),
    #[error("een huisnummer bestaat uit cijfers (1 tot en met 99999), bijvoorbeeld 12")]
    HouseNumber,
    #[error("een toevoeging heeft hoogstens 6 letters of cijfers, bijvoorbeeld A of 3")]
    Addition,
    #[error("vul de naam van de persoon in")]
    PersonNameMissing,
    #[error("deze naam is te lang (hoogstens 120 tekens) of bevat vreemde tekens")]
    PersonNameInvalid,
    #[error("schrijf een datum als 23-11-2026 of 2026-11-23")]
    DateFormat,
    #[error("vul de datum van het signaal in, bijvoorbeeld 23-11-2026")]
    SignalDateMissing,
    #[error("de geboortedatum ligt na de datum van het signaal; klopt het jaartal?")]
    BornAfterSignal,
    #[error(
        "de geboortedatum ligt meer dan 120 jaar voor de datum van het signaal; klopt het jaartal?"
    )]
    BornTooLongAgo,
    #[error(transparent)]
    Bsn(#[from] BsnError),
}

/// One payment-arrears signal, every field checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrearsSignal {
    pub creditor_kind: CreditorKind,
    /// The creditor's name: not empty, at most 100 characters.
    pub creditor: String,
    pub amount: Cents,
    pub months_overdue: MonthsOverdue,
    pub postcode: Postcode,
    /// 1 to 99999.
    pub house_number: u32,
    /// At most 6 letters or digits, in capitals (`A`, `3`, `BIS`).
    pub house_number_addition: Option<String>,
    /// Not empty, at most 120 characters.
    pub person_name: String,
    pub birth_date: Option<NaiveDate>,
    pub bsn: Option<Bsn>,
    pub signal_date: NaiveDate,
}

impl ArrearsSignal {
    /// Checks every field and reports every problem, in field order. The
    /// birth date, when given, must lie before the signal date and at most
    /// 120 years before it. A house number like `12A` with an empty addition
    /// is read as number 12, addition `A`.
    pub fn parse(
        raw: &RawArrearsSignal<'_>,
    ) -> Result<ArrearsSignal, Vec<(SignalField, SignalError)>> {
        let mut problems = Vec::new();
        let p = &mut problems;
        let creditor_kind = check(
            p,
            SignalField::CreditorKind,
            CreditorKind::parse(raw.creditor_kind).map_err(Into::into),
        );
        let creditor = check(
            p,
            SignalField::Creditor,
            text(
                raw.creditor,
                100,
                SignalError::CreditorMissing,
                SignalError::CreditorInvalid,
            ),
        );
        let amount = check(
            p,
            SignalField::Amount,
            Cents::parse(raw.amount).map_err(Into::into),
        );
        let months_overdue = check(
            p,
            SignalField::MonthsOverdue,
            MonthsOverdue::parse(raw.months_overdue).map_err(Into::into),
        );
        let postcode = check(
            p,
            SignalField::Postcode,
            Postcode::parse(raw.postcode).map_err(Into::into),
        );
        let (number, addition, addition_field) =
            split_house_number(raw.house_number, raw.house_number_addition);
        let house_number = check(p, SignalField::HouseNumber, parse_house_number(number));
        let house_number_addition = check(p, addition_field, parse_addition(addition));
        let person_name = check(
            p,
            SignalField::PersonName,
            text(
                raw.person_name,
                120,
                SignalError::PersonNameMissing,
                SignalError::PersonNameInvalid,
            ),
        );
        let birth_date = check(
            p,
            SignalField::BirthDate,
            optional(raw.birth_date, |s| {
                parse_date(s).ok_or(SignalError::DateFormat)
            }),
        );
        let bsn = check(
            p,
            SignalField::Bsn,
            optional(raw.bsn, |s| Bsn::parse(s).map_err(Into::into)),
        );
        let signal_date = check(
            p,
            SignalField::SignalDate,
            if raw.signal_date.trim().is_empty() {
                Err(SignalError::SignalDateMissing)
            } else {
                parse_date(raw.signal_date).ok_or(SignalError::DateFormat)
            },
        );
        if let (Some(Some(born)), Some(on)) = (birth_date, signal_date) {
            if born > on {
                problems.push((SignalField::BirthDate, SignalError::BornAfterSignal));
            } else if on.years_since(born).unwrap_or(0) > 120 {
                problems.push((SignalField::BirthDate, SignalError::BornTooLongAgo));
            }
        }
        let (
            Some(creditor_kind),
            Some(creditor),
            Some(amount),
            Some(months_overdue),
            Some(postcode),
            Some(house_number),
            Some(house_number_addition),
            Some(person_name),
            Some(birth_date),
            Some(bsn),
            Some(signal_date),
        ) = (
            creditor_kind,
            creditor,
            amount,
            months_overdue,
            postcode,
            house_number,
            house_number_addition,
            person_name,
            birth_date,
            bsn,
            signal_date,
        )
        else {
            return Err(problems);
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(ArrearsSignal {
            creditor_kind,
            creditor,
            amount,
            months_overdue,
            postcode,
            house_number,
            house_number_addition,
            person_name,
            birth_date,
            bsn,
            signal_date,
        })
    }
}

/// The value, or `None` after noting the problem with its field.
fn check<T>(
    problems: &mut Vec<(SignalField, SignalError)>,
    field: SignalField,
    r: Result<T, SignalError>,
) -> Option<T> {
    r.map_err(|e| problems.push((field, e))).ok()
}

/// Trimmed, not empty, at most `max` characters, no control characters.
fn text(
    raw: &str,
    max: usize,
    missing: SignalError,
    invalid: SignalError,
) -> Result<String, SignalError> {
    let t = raw.trim();
    if t.is_empty() {
        Err(missing)
    } else if t.chars().count() > max || t.chars().any(char::is_control) {
        Err(invalid)
    } else {
        Ok(t.to_string())
    }
}

fn optional<T>(
    raw: &str,
    parse: impl Fn(&str) -> Result<T, SignalError>,
) -> Result<Option<T>, SignalError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse(raw).map(Some)
    }
}

/// The house number, the addition and the field a problem with the addition
/// belongs to. When the addition is empty and the house number starts with
/// digits followed by something else (`12A`, `12-3`), that rest is the
/// addition, written in the house-number field.
fn split_house_number<'a>(number: &'a str, addition: &'a str) -> (&'a str, &'a str, SignalField) {
    let t = number.trim();
    let end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    match t.split_at_checked(end) {
        Some((digits, rest))
            if !digits.is_empty() && !rest.is_empty() && addition.trim().is_empty() =>
        {
            (digits, rest, SignalField::HouseNumber)
        }
        _ => (t, addition, SignalField::HouseNumberAddition),
    }
}

fn parse_house_number(raw: &str) -> Result<u32, SignalError> {
    raw.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=99_999).contains(n))
        .ok_or(SignalError::HouseNumber)
}

/// Empty means none; a leading dash or space is dropped (`12-3`); letters are
/// put in capitals so addresses compare equal.
fn parse_addition(raw: &str) -> Result<Option<String>, SignalError> {
    let a = raw.trim().trim_start_matches('-').trim();
    if a.is_empty() {
        Ok(None)
    } else if a.len() <= 6 && a.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(Some(a.to_uppercase()))
    } else {
        Err(SignalError::Addition)
    }
}

/// `2026-11-23` or `23-11-2026` (day and month may have one digit; the year
/// always has four).
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = raw.trim().split('-').collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (year, month, day) = if a.len() == 4 {
        (number(a, 4..=4)?, number(b, 1..=2)?, number(c, 1..=2)?)
    } else {
        (number(c, 4..=4)?, number(b, 1..=2)?, number(a, 1..=2)?)
    };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

impl ArrearsSignal {
    /// Rent or energy three months or more behind brings eviction or
    /// disconnection near; any debt six months or more behind is urgent too.
    pub fn is_urgent(&self) -> bool {
        let months = self.months_overdue.get();
        months >= 6
            || (months >= 3
                && matches!(
                    self.creditor_kind,
                    CreditorKind::Huur | CreditorKind::Energie
                ))
    }

    /// The life domains a signal is about: always money, and housing for rent.
    pub fn life_domains(&self) -> Vec<LifeDomain> {
        let mut d = vec![LifeDomain::Finances];
        if self.creditor_kind == CreditorKind::Huur {
            d.push(LifeDomain::Housing);
        }
        d
    }

    /// The age group of the person named, when the birth date is known.
    pub fn age_group(&self) -> AgeGroup {
        match self.birth_date.map(|b| age_on(b, self.signal_date)) {
            Some(a) if a < 18 => AgeGroup::Youth,
            Some(a) if a >= 67 => AgeGroup::Senior,
            _ => AgeGroup::Adult,
        }
    }

    /// One plain sentence for the queue, without the person's name.
    pub fn summary_nl(&self) -> String {
        let months = self.months_overdue.get();
        format!(
            "Signaal betalingsachterstand {} bij {}: {} ({} {} achter), gemeld op {}.",
            self.creditor_kind.label_nl().to_lowercase(),
            self.creditor,
            self.amount,
            months,
            if months == 1 { "maand" } else { "maanden" },
            self.signal_date.format("%d-%m-%Y"),
        )
    }
}

/// Duplicates within one file, as (line, field, reason): a line that repeats
/// an earlier one; a BSN that stands for two people (another name or birth
/// date); the same creditor reporting the same person on the same day with
/// another amount or period (which one is right?). `signals` are the good
/// signals of a file with their line numbers, in file order; the field is
/// `None` when the problem is the whole line.
pub fn duplicates(signals: &[(usize, ArrearsSignal)]) -> Vec<(usize, Option<SignalField>, String)> {
    let mut out = Vec::new();
    for (i, (line, s)) in signals.iter().enumerate() {
        let earlier = signals.get(..i).unwrap_or_default();
        if let Some((first, _)) = earlier.iter().find(|(_, e)| e == s) {
            out.push((
                *line,
                None,
                format!("deze regel staat er twee keer in (ook regel {first}); haal er één weg"),
            ));
            continue;
        }
        let other_person = |e: &ArrearsSignal| {
            s.bsn.is_some()
                && e.bsn == s.bsn
                && (e.person_name != s.person_name || e.birth_date != s.birth_date)
        };
        if let Some((first, _)) = earlier.iter().find(|(_, e)| other_person(e)) {
            out.push((
                *line,
                Some(SignalField::Bsn),
                format!(
                    "dit BSN staat ook op regel {first}, maar met een andere naam of geboortedatum; controleer welke klopt"
                ),
            ));
            continue;
        }
        let same_report = |e: &ArrearsSignal| {
            e.creditor_kind == s.creditor_kind
                && e.creditor == s.creditor
                && e.postcode == s.postcode
                && e.house_number == s.house_number
                && e.house_number_addition == s.house_number_addition
                && e.person_name == s.person_name
                && e.signal_date == s.signal_date
        };
        if let Some((first, _)) = earlier.iter().find(|(_, e)| same_report(e)) {
            out.push((
                *line,
                Some(SignalField::Amount),
                format!(
                    "dezelfde schuldeiser meldt deze persoon op dezelfde dag ook op regel {first}, met een ander bedrag of aantal maanden; houd de juiste regel over"
                ),
            ));
        }
    }
    out
}

/// An open arrears question as the merge rule needs to see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenArrears {
    pub id: i64,
    pub household_id: i64,
    pub first_signal: NaiveDate,
    pub last_signal: NaiveDate,
}

/// The open arrears question a new signal for `household_id` dated
/// `signal_date` joins, if any: one of the same household whose signals
/// reach to within three calendar months of the new one. That is: its last
/// signal is at most three months before the new signal (or after it), and
/// its first signal at most three months after it (files can arrive out of
/// order). When several qualify, the one with the most recent last signal
/// wins (then the highest id).
pub fn merge_into(open: &[OpenArrears], household_id: i64, signal_date: NaiveDate) -> Option<i64> {
    let earliest_last = signal_date
        .checked_sub_months(Months::new(3))
        .unwrap_or(NaiveDate::MIN);
    let latest_first = signal_date
        .checked_add_months(Months::new(3))
        .unwrap_or(NaiveDate::MAX);
    open.iter()
        .filter(|o| o.household_id == household_id)
        .filter(|o| o.last_signal >= earliest_last && o.first_signal <= latest_first)
        .max_by_key(|o| (o.last_signal, o.id))
        .map(|o| o.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn good() -> RawArrearsSignal<'static> {
        RawArrearsSignal {
            creditor_kind: "huur",
            creditor: "Woonstichting De Linde",
            amount: "1.234,56",
            months_overdue: "2",
            postcode: "2711ab",
            house_number: "12",
            house_number_addition: "",
            person_name: "J. de Vries",
            birth_date: "03-07-1985",
            bsn: "111222333",
            signal_date: "2026-11-23",
        }
    }

    fn open(id: i64, household_id: i64, first: NaiveDate, last: NaiveDate) -> OpenArrears {
        OpenArrears {
            id,
            household_id,
            first_signal: first,
            last_signal: last,
        }
    }

    #[test]
    fn duplicates_in_one_file_are_named_with_their_lines() {
        let sig = |raw: RawArrearsSignal<'static>| ArrearsSignal::parse(&raw).unwrap();
        let a = sig(good());
        let other_amount = sig(RawArrearsSignal {
            amount: "99,00",
            ..good()
        });
        let other_person = sig(RawArrearsSignal {
            person_name: "K. Jansen",
            postcode: "1234AB",
            ..good()
        });
        let neighbour = sig(RawArrearsSignal {
            house_number: "14",
            person_name: "P. Bakker",
            bsn: "",
            ..good()
        });
        let found = duplicates(&[
            (2, a.clone()),
            (3, neighbour.clone()),
            (4, a.clone()),
            (5, other_amount),
            (6, other_person),
        ]);
        let lines: Vec<(usize, Option<SignalField>)> =
            found.iter().map(|(l, f, _)| (*l, *f)).collect();
        assert_eq!(
            lines,
            vec![
                (4, None),
                (5, Some(SignalField::Amount)),
                (6, Some(SignalField::Bsn))
            ]
        );
        assert!(found[0].2.contains("ook regel 2"), "{}", found[0].2);
        assert!(duplicates(&[(2, a), (3, neighbour)]).is_empty());
    }

    #[test]
    fn rent_three_months_behind_is_urgent_water_only_from_six() {
        let with = |kind: &'static str, months: &'static str| {
            ArrearsSignal::parse(&RawArrearsSignal {
                creditor_kind: kind,
                months_overdue: months,
                ..good()
            })
            .unwrap()
        };
        assert!(!with("huur", "2").is_urgent());
        assert!(with("huur", "3").is_urgent());
        assert!(with("energie", "3").is_urgent());
        assert!(!with("water", "5").is_urgent());
        assert!(with("water", "6").is_urgent());
        assert_eq!(
            with("huur", "1").life_domains(),
            vec![LifeDomain::Finances, LifeDomain::Housing]
        );
        assert_eq!(
            with("water", "1").life_domains(),
            vec![LifeDomain::Finances]
        );
        let s = with("huur", "1").summary_nl();
        assert_eq!(
            s,
            "Signaal betalingsachterstand huur bij Woonstichting De Linde: € 1.234,56 (1 maand achter), gemeld op 23-11-2026."
        );
        assert!(!s.contains("Vries"), "no name in the summary");
        assert_eq!(with("huur", "1").age_group(), AgeGroup::Adult);
    }

    #[test]
    fn creditor_kinds_parse_in_any_case() {
        for k in CreditorKind::ALL {
            assert_eq!(CreditorKind::parse(k.code()), Ok(*k));
        }
        assert_eq!(CreditorKind::parse(" Energie "), Ok(CreditorKind::Energie));
        assert_eq!(
            CreditorKind::parse("ZORGVERZEKERING"),
            Ok(CreditorKind::Zorgverzekering)
        );
        let e = CreditorKind::parse("gas").unwrap_err().to_string();
        assert_eq!(
            e,
            "onbekende soort schuldeiser 'gas'; kies huur, energie, water of zorgverzekering"
        );
        assert_eq!(CreditorKind::Water.label_nl(), "Drinkwater");
        assert_eq!(CreditorKind::ALL.len(), 4);
    }

    #[test]
    fn amounts_in_dutch_and_plain_notation() {
        let c = |s: &str| Cents::parse(s).map(Cents::cents);
        assert_eq!(c("1.234,56"), Ok(123_456));
        assert_eq!(c("1234,56"), Ok(123_456));
        assert_eq!(c("1234.56"), Ok(123_456));
        assert_eq!(c("€ 80"), Ok(8_000));
        assert_eq!(c("€80,-"), Ok(8_000));
        assert_eq!(c("1.250,--"), Ok(125_000));
        assert_eq!(c("80"), Ok(8_000));
        assert_eq!(c("80,5"), Ok(8_050));
        assert_eq!(c("80.5"), Ok(8_050));
        assert_eq!(c("0,01"), Ok(1));
        assert_eq!(c("1.234"), Ok(123_400));
        assert_eq!(c("1.000.000"), Ok(100_000_000));
        assert_eq!(c("1.000.000,00"), Ok(100_000_000));
        assert_eq!(c(" EUR 12,00 "), Ok(1_200));
    }

    #[test]
    fn bad_amounts_are_refused_in_dutch() {
        let c = |s: &str| Cents::parse(s).map(Cents::cents);
        assert_eq!(c(""), Err(AmountError::Empty));
        assert_eq!(c("0"), Err(AmountError::NotPositive));
        assert_eq!(c("0,00"), Err(AmountError::NotPositive));
        assert_eq!(c("-12,50"), Err(AmountError::NotPositive));
        assert_eq!(c("1.000.000,01"), Err(AmountError::TooLarge));
        assert_eq!(c("99999999999999999"), Err(AmountError::TooLarge));
        assert_eq!(c("99999999999999999999999"), Err(AmountError::TooLarge));
        assert_eq!(c("9999999999999999,00"), Err(AmountError::TooLarge));
        for bad in [
            "12,345", "1,234.56", "1.23.45", "12,", ",-", "abc", "12 euro", "1.2345", ",50",
            "1..234",
        ] {
            assert_eq!(c(bad), Err(AmountError::Format), "{bad}");
        }
        assert!(AmountError::TooLarge.to_string().contains("€ 1.000.000"));
        assert_eq!(Cents::new(0), Err(AmountError::NotPositive));
        assert_eq!(Cents::new(Cents::MAX + 1), Err(AmountError::TooLarge));
    }

    #[test]
    fn amounts_display_in_dutch() {
        let show = |n: i64| Cents::new(n).unwrap().to_string();
        assert_eq!(show(123_456), "€ 1.234,56");
        assert_eq!(show(8_000), "€ 80,00");
        assert_eq!(show(5), "€ 0,05");
        assert_eq!(show(100_000_000), "€ 1.000.000,00");
        assert_eq!(show(12_345_678), "€ 123.456,78");
        // Display and parse agree.
        for n in [1, 99, 100, 123_456, 100_000_000] {
            assert_eq!(Cents::parse(&show(n)).map(Cents::cents), Ok(n));
        }
    }

    #[test]
    fn months_overdue_are_one_to_sixty() {
        assert_eq!(MonthsOverdue::parse(" 3 ").map(MonthsOverdue::get), Ok(3));
        assert_eq!(MonthsOverdue::new(60).map(MonthsOverdue::get), Ok(60));
        assert_eq!(MonthsOverdue::new(0), Err(MonthsOverdueError));
        assert_eq!(MonthsOverdue::new(61), Err(MonthsOverdueError));
        assert_eq!(MonthsOverdue::parse("2,5"), Err(MonthsOverdueError));
        assert_eq!(MonthsOverdue::parse(""), Err(MonthsOverdueError));
    }

    #[test]
    fn dates_in_both_notations() {
        assert_eq!(parse_date("2026-11-23"), Some(d(2026, 11, 23)));
        assert_eq!(parse_date(" 23-11-2026 "), Some(d(2026, 11, 23)));
        assert_eq!(parse_date("3-7-1985"), Some(d(1985, 7, 3)));
        for bad in [
            "23-11-26",
            "2026/11/23",
            "31-02-2026",
            "2026-13-01",
            "",
            "23-11-2026x",
            "+2026-11-23",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_good_signal_is_parsed() {
        let s = ArrearsSignal::parse(&good()).unwrap();
        assert_eq!(s.creditor_kind, CreditorKind::Huur);
        assert_eq!(s.creditor, "Woonstichting De Linde");
        assert_eq!(s.amount.cents(), 123_456);
        assert_eq!(s.months_overdue.get(), 2);
        assert_eq!(s.postcode.as_str(), "2711 AB");
        assert_eq!(s.house_number, 12);
        assert_eq!(s.house_number_addition, None);
        assert_eq!(s.person_name, "J. de Vries");
        assert_eq!(s.birth_date, Some(d(1985, 7, 3)));
        assert_eq!(
            s.bsn.map(|b| b.as_str().to_string()),
            Some("111222333".into())
        );
        assert_eq!(s.signal_date, d(2026, 11, 23));
    }

    #[test]
    fn optional_fields_may_be_empty() {
        let s = ArrearsSignal::parse(&RawArrearsSignal {
            birth_date: " ",
            bsn: "",
            ..good()
        })
        .unwrap();
        assert_eq!(s.birth_date, None);
        assert_eq!(s.bsn, None);
    }

    #[test]
    fn house_number_additions() {
        let parse = |n, a| {
            ArrearsSignal::parse(&RawArrearsSignal {
                house_number: n,
                house_number_addition: a,
                ..good()
            })
        };
        let s = parse("12", "-a").unwrap();
        assert_eq!(
            (s.house_number, s.house_number_addition),
            (12, Some("A".into()))
        );
        let s = parse("12a", "").unwrap();
        assert_eq!(
            (s.house_number, s.house_number_addition),
            (12, Some("A".into()))
        );
        let s = parse("12-3", " ").unwrap();
        assert_eq!(
            (s.house_number, s.house_number_addition),
            (12, Some("3".into()))
        );
        let e = parse("12a", "b").unwrap_err();
        assert_eq!(
            e,
            vec![(SignalField::HouseNumber, SignalError::HouseNumber)]
        );
        let e = parse("12", "toolong").unwrap_err();
        assert_eq!(
            e,
            vec![(SignalField::HouseNumberAddition, SignalError::Addition)]
        );
        let e = parse("12 a/b", "").unwrap_err();
        assert_eq!(e, vec![(SignalField::HouseNumber, SignalError::Addition)]);
        for bad in ["0", "100000", "", "a", "-1"] {
            assert_eq!(
                parse(bad, "").unwrap_err(),
                vec![(SignalField::HouseNumber, SignalError::HouseNumber)],
                "{bad}"
            );
        }
    }

    #[test]
    fn every_problem_of_a_signal_is_reported() {
        let e = ArrearsSignal::parse(&RawArrearsSignal {
            creditor_kind: "gas",
            creditor: " ",
            amount: "-5",
            months_overdue: "0",
            postcode: "1234",
            person_name: "",
            bsn: "123456789",
            signal_date: "",
            ..good()
        })
        .unwrap_err();
        let fields: Vec<SignalField> = e.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            vec![
                SignalField::CreditorKind,
                SignalField::Creditor,
                SignalField::Amount,
                SignalField::MonthsOverdue,
                SignalField::Postcode,
                SignalField::PersonName,
                SignalField::Bsn,
                SignalField::SignalDate,
            ]
        );
        assert!(e.contains(&(SignalField::Bsn, SignalError::Bsn(BsnError::Elfproef))));
        assert_eq!(
            SignalError::Bsn(BsnError::Elfproef).to_string(),
            "dit BSN klopt niet (de elfproef faalt); controleer het nummer"
        );
    }

    #[test]
    fn names_are_limited() {
        let e = ArrearsSignal::parse(&RawArrearsSignal {
            creditor: &"x".repeat(101),
            person_name: "a\u{7}b",
            ..good()
        })
        .unwrap_err();
        assert_eq!(
            e,
            vec![
                (SignalField::Creditor, SignalError::CreditorInvalid),
                (SignalField::PersonName, SignalError::PersonNameInvalid),
            ]
        );
        assert!(ArrearsSignal::parse(&RawArrearsSignal {
            creditor: &"x".repeat(100),
            ..good()
        })
        .is_ok());
    }

    #[test]
    fn birth_dates_are_checked_against_the_signal_date() {
        let with = |birth_date| {
            ArrearsSignal::parse(&RawArrearsSignal {
                birth_date,
                ..good()
            })
        };
        assert_eq!(
            with("24-11-2026").unwrap_err(),
            vec![(SignalField::BirthDate, SignalError::BornAfterSignal)]
        );
        assert_eq!(
            with("1900-01-01").unwrap_err(),
            vec![(SignalField::BirthDate, SignalError::BornTooLongAgo)]
        );
        assert_eq!(
            with("31-02-1985").unwrap_err(),
            vec![(SignalField::BirthDate, SignalError::DateFormat)]
        );
        assert!(with("23-11-2026").is_ok());
    }

    #[test]
    fn same_household_two_months_later_merges() {
        let o = [open(7, 1, d(2026, 1, 10), d(2026, 1, 10))];
        assert_eq!(merge_into(&o, 1, d(2026, 3, 10)), Some(7));
        // Exactly three months later still merges.
        assert_eq!(merge_into(&o, 1, d(2026, 4, 10)), Some(7));
        // The same day, too.
        assert_eq!(merge_into(&o, 1, d(2026, 1, 10)), Some(7));
    }

    #[test]
    fn three_months_and_a_day_later_does_not_merge() {
        let o = [open(7, 1, d(2026, 1, 10), d(2026, 1, 10))];
        assert_eq!(merge_into(&o, 1, d(2026, 4, 11)), None);
        // Month ends: 30 November + 3 months is 28 February (2027 is no leap year).
        let o = [open(8, 1, d(2026, 11, 30), d(2026, 11, 30))];
        assert_eq!(merge_into(&o, 1, d(2027, 2, 28)), Some(8));
        assert_eq!(merge_into(&o, 1, d(2027, 3, 1)), None);
    }

    #[test]
    fn another_household_does_not_merge() {
        let o = [open(7, 1, d(2026, 1, 10), d(2026, 1, 10))];
        assert_eq!(merge_into(&o, 2, d(2026, 2, 10)), None);
        assert_eq!(merge_into(&[], 1, d(2026, 2, 10)), None);
    }

    #[test]
    fn a_chain_of_signals_stays_one_question() {
        // January opened it; March merged (last signal now March); May merges
        // because March was within three months, although January was not.
        let mut o = open(7, 1, d(2026, 1, 15), d(2026, 1, 15));
        assert_eq!(merge_into(&[o], 1, d(2026, 3, 15)), Some(7));
        o.last_signal = d(2026, 3, 15);
        assert_eq!(merge_into(&[o], 1, d(2026, 5, 15)), Some(7));
        // Without the March signal, May would not merge.
        let jan_only = open(7, 1, d(2026, 1, 15), d(2026, 1, 15));
        assert_eq!(merge_into(&[jan_only], 1, d(2026, 5, 15)), None);
    }

    #[test]
    fn the_most_recent_open_question_wins() {
        let o = [
            open(3, 1, d(2026, 1, 5), d(2026, 2, 1)),
            open(9, 1, d(2026, 2, 20), d(2026, 3, 1)),
            open(5, 1, d(2026, 1, 1), d(2026, 1, 20)),
            open(11, 2, d(2026, 3, 30), d(2026, 3, 30)),
        ];
        assert_eq!(merge_into(&o, 1, d(2026, 4, 1)), Some(9));
    }

    #[test]
    fn an_out_of_order_signal_still_merges_within_three_months() {
        // A file with older signals arrives after the open question was made.
        let o = [open(7, 1, d(2026, 6, 15), d(2026, 6, 15))];
        assert_eq!(merge_into(&o, 1, d(2026, 4, 1)), Some(7));
        assert_eq!(merge_into(&o, 1, d(2026, 3, 15)), Some(7));
        // More than three months before the first signal: a question of its own.
        assert_eq!(merge_into(&o, 1, d(2026, 3, 14)), None);
        // Between the first and the last signal.
        let o = [open(7, 1, d(2026, 1, 15), d(2026, 8, 1))];
        assert_eq!(merge_into(&o, 1, d(2026, 3, 1)), Some(7));
    }
}
