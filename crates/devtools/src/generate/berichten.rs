//! The providers' side of the iWmo/iJw exchange, for the demo and the
//! benchmark: start-of-care (305) and claim (323) messages built with the
//! codec's types, test BSNs that pass the elfproef, and a year of
//! allocations of contracted products for `bench berichten`. Deterministic
//! with the seed.

use super::Rng;
use chrono::{Datelike, Duration, NaiveDate};
use kompas_interop::istandaard::{
    self as std32, Amount, BirthDate, Claim, ClaimBody, ClaimClient, ClaimLine, ClosedPeriod,
    DebitCredit, Header, Message, Product, ProductReference, ShortName, Standard, StartCare,
    StartClient, StartProduct, Surname, XsdVersion,
};

/// The `n`th nine-digit number from `base` (eight digits) on that passes the
/// elfproef: the check digit is the weighted sum modulo 11; prefixes whose
/// check digit would be 10 are skipped. `bsn(99_999_000, 0)` is in the test
/// range 9999….
pub fn bsns(base: u32) -> impl Iterator<Item = String> {
    (base..100_000_000).filter_map(|prefix| {
        let digits = format!("{prefix:08}");
        let sum: u32 = digits
            .bytes()
            .zip((2..=9).rev())
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum();
        let check = sum % 11;
        (check < 10).then(|| format!("{digits}{check}"))
    })
}

/// Who a message is about.
#[derive(Debug, Clone)]
pub struct Client {
    pub bsn: String,
    pub born: NaiveDate,
    /// The name as typed ("Joep Hendriks"): split as the messages want it.
    pub name: String,
}

fn short_name(full: &str) -> ShortName {
    let (given, prefix, surname) = kompas_app::berichten::split_name(full);
    let initials = given.as_deref().map(|g| {
        g.split_whitespace()
            .filter_map(|w| w.chars().next())
            .collect::<String>()
            .to_uppercase()
    });
    ShortName {
        family_name: Surname { surname, prefix },
        given_names: None,
        initials: initials.filter(|i| !i.is_empty()),
    }
}

fn header(agb: &str, municipality: &str, message_id: &str, on: NaiveDate) -> Header {
    Header {
        sender: agb.into(),
        receiver: municipality.into(),
        message_id: message_id.into(),
        date: on,
        xsd_version: XsdVersion::release_3_2(),
    }
}

/// One product whose care started.
#[derive(Debug, Clone)]
pub struct Started {
    pub allocation_number: u32,
    pub category: String,
    pub product: Option<String>,
    pub allocation_start: NaiveDate,
    pub start: NaiveDate,
}

/// A 305 from `agb` to the municipality (four digits) for one client.
pub fn start_care(
    standard: Standard,
    (agb, municipality): (&str, &str),
    message_id: &str,
    on: NaiveDate,
    client: &Client,
    products: &[Started],
) -> String {
    std32::write(&Message::StartCare(StartCare {
        standard,
        header: header(agb, municipality, message_id, on),
        client: StartClient {
            bsn: client.bsn.clone(),
            birth_date: BirthDate {
                date: client.born,
                date_usage: None,
            },
            gender: "0".into(),
            name: short_name(&client.name),
            products: products
                .iter()
                .map(|p| StartProduct {
                    allocation_number: Some(p.allocation_number),
                    product: Some(Product {
                        category: p.category.clone(),
                        code: p.product.clone(),
                    }),
                    allocation_start_date: Some(p.allocation_start),
                    start_date: p.start,
                    delivery_status: "1".into(),
                    return_codes: Vec::new(),
                })
                .collect(),
            return_codes: Vec::new(),
        },
    }))
}

/// One claim line (Prestatie) of a 323.
#[derive(Debug, Clone)]
pub struct Line {
    pub bsn: String,
    pub reference: String,
    pub allocation_number: u32,
    pub category: String,
    pub product: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub volume: u32,
    /// WJ756.
    pub unit: String,
    pub tariff_cents: i64,
}

/// A 323 from `agb` with `lines` (debit, amount = volume × tariff), the
/// lines of one client together in the order they first appear.
pub fn claim(
    standard: Standard,
    (agb, municipality): (&str, &str),
    claim_number: &str,
    on: NaiveDate,
    lines: &[Line],
) -> String {
    let mut clients: Vec<ClaimClient> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for l in lines {
        let i = *index.entry(l.bsn.as_str()).or_insert_with(|| {
            clients.push(ClaimClient {
                bsn: l.bsn.clone(),
                lines: Vec::new(),
                return_codes: Vec::new(),
            });
            clients.len() - 1
        });
        clients[i].lines.push(ClaimLine {
            reference: ProductReference {
                number: l.reference.clone(),
                previous_number: None,
            },
            allocation_number: l.allocation_number,
            product_category: l.category.clone(),
            product_code: l.product.clone(),
            period: ClosedPeriod {
                start: l.from,
                end: l.to,
            },
            volume: l.volume,
            unit: l.unit.clone(),
            rate: Some(l.tariff_cents),
            submitted: Amount {
                cents: i64::from(l.volume) * l.tariff_cents,
                debit_credit: DebitCredit::Debit,
            },
            return_codes: Vec::new(),
        });
    }
    let total: i64 = lines
        .iter()
        .map(|l| i64::from(l.volume) * l.tariff_cents)
        .sum();
    let start = lines.iter().map(|l| l.from).min().unwrap_or(on);
    let end = lines.iter().map(|l| l.to).max().unwrap_or(on);
    std32::write(&Message::Claim(Claim {
        standard,
        header: header(agb, municipality, claim_number, on),
        claim: ClaimBody {
            claim_number: claim_number.into(),
            period: ClosedPeriod { start, end },
            claim_date: on,
            total_submitted: Amount {
                cents: total,
                debit_credit: DebitCredit::Debit,
            },
            clients,
        },
    }))
}

/// The first and last day of the calendar month before the one `today` is in.
pub fn previous_month(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first_this = today.with_day(1).unwrap_or(today);
    let last = first_this - Duration::days(1);
    (last.with_day(1).unwrap_or(last), last)
}

// ---------------------------------------------------------------- allocations

/// A contracted product the generator allocates, with its provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contracted {
    pub law: kompas_domain::maatwerk::Law,
    pub agb: &'static str,
    pub category: &'static str,
    pub product: &'static str,
    /// WJ756 and WMO757 / JZ757 codes, and the usual range of the quantity.
    pub unit: &'static str,
    pub frequency: &'static str,
    pub quantity: (u32, u32),
}

const fn c(
    law: kompas_domain::maatwerk::Law,
    agb: &'static str,
    category: &'static str,
    product: &'static str,
    unit: &'static str,
    frequency: &'static str,
    quantity: (u32, u32),
) -> Contracted {
    Contracted {
        law,
        agb,
        category,
        product,
        unit,
        frequency,
        quantity,
    }
}

use kompas_domain::maatwerk::Law::{Jeugdwet, Wmo};

/// The demo catalogue's contracted products with effort variants (tariff per
/// unit), by weight: household help most under the Wmo (almost all of it at
/// Thuiszorg De Wilgenhoek, whose claim file the benchmark checks), ambulant
/// youth care under the Jeugdwet.
pub const CONTRACTED: &[(usize, Contracted)] = &[
    (40, c(Wmo, "75990011", "01", "01A01", "04", "2", (2, 5))),
    (10, c(Wmo, "75990011", "03", "03A01", "01", "2", (60, 300))),
    (14, c(Wmo, "75990027", "02", "02A01", "04", "2", (1, 4))),
    (2, c(Wmo, "75990027", "04", "04A01", "14", "4", (2, 6))),
    (8, c(Wmo, "75990043", "07", "07A01", "16", "2", (1, 4))),
    (
        18,
        c(Jeugdwet, "41990035", "45", "45A01", "04", "4", (4, 16)),
    ),
    (
        4,
        c(Jeugdwet, "41990035", "44", "44A01", "14", "4", (28, 31)),
    ),
];

/// One generated allocation: the client (an index), the product, its period.
#[derive(Debug, Clone)]
pub struct GenAllocation {
    pub client: usize,
    pub product: Contracted,
    pub quantity: u32,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// `n` allocations over `clients` clients, starting over the year before
/// `today`, each for three months to a year; a client gets at most one
/// allocation per product. The same seed gives the same list.
pub fn allocations(seed: u64, n: usize, clients: usize, today: NaiveDate) -> Vec<GenAllocation> {
    let mut rng = Rng::new(seed ^ 0x0323);
    let mut out = Vec::with_capacity(n);
    let mut taken = std::collections::HashSet::new();
    let clients = clients.max(1);
    while out.len() < n {
        let Some(product) = rng.weighted(CONTRACTED) else {
            break;
        };
        // Clients in order, so most have one allocation and some two.
        let client = if out.len() < clients {
            out.len()
        } else {
            rng.below(clients)
        };
        if !taken.insert((client, product.product)) {
            continue;
        }
        let start = today - Duration::days(rng.between(20, 365));
        let end = start + Duration::days(rng.between(90, 365));
        let (lo, hi) = product.quantity;
        let quantity = rng.between(i64::from(lo), i64::from(hi)) as u32;
        out.push(GenAllocation {
            client,
            product,
            quantity,
            start,
            end,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_bsns_pass_the_elfproef() {
        let some: Vec<String> = bsns(99_999_000).take(50).collect();
        assert_eq!(some[0], "999990007");
        for b in &some {
            assert!(kompas_domain::bsn::Bsn::parse(b).is_ok(), "{b}");
        }
    }

    #[test]
    fn the_previous_month_is_whole() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            previous_month(d(2026, 1, 15)),
            (d(2025, 12, 1), d(2025, 12, 31))
        );
        assert_eq!(
            previous_month(d(2026, 3, 1)),
            (d(2026, 2, 1), d(2026, 2, 28))
        );
    }

    #[test]
    fn allocations_are_deterministic_and_one_per_client_and_product() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let a = allocations(7, 500, 400, today);
        let b = allocations(7, 500, 400, today);
        assert_eq!(a.len(), 500);
        assert!(a
            .iter()
            .zip(&b)
            .all(|(x, y)| x.client == y.client && x.start == y.start));
        let pairs: std::collections::HashSet<_> =
            a.iter().map(|x| (x.client, x.product.product)).collect();
        assert_eq!(pairs.len(), 500);
        assert!(a.iter().all(|x| x.start < today && x.end > x.start));
    }
}
