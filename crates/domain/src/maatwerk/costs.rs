//! Costs of maatwerk against the budget (issue 13). *Committed* cost is what
//! the current allocations commit: a budget spread over its days, or the
//! volume at the contract tariff in force (`Allocation::committed_cents`).
//! *Realised* cost is what was approved on claim lines (323/325). Both are
//! added up per law, layer, product category and Iv3 taakveld, per month of
//! one year, and set against the budget per taakveld that policy staff enter.
//! Pure: the store reads the facts, this adds them up.
//!
//! Clients are counted as households (the unit of the monitor's small-number
//! rules); a count under the threshold is hidden, and so is the cost per
//! client that would give it away. Euro amounts are shown whole: they are
//! about the municipality, not about a person.

use super::allocation::{Allocation, ChangeReason, Taakveld, TAAKVELDEN};
use super::catalogue::in_force;
use super::codes;
use super::Law;
use crate::directory::Layer;
use crate::monitor::suppression::{protect, Group, ProtCell, SuppressionPolicy};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A contract tariff of the allocation's provider for its product, in force
/// `from..=until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tariff {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    pub cents: i64,
}

/// An allocation as the costs need it.
#[derive(Debug, Clone, PartialEq)]
pub struct AllocationFact {
    pub allocation: Allocation,
    pub household_id: i64,
    /// The provider reported the end of care (307): nothing is committed after it.
    pub care_stopped_on: Option<NaiveDate>,
    /// The provider's contracts for the allocation's product; empty when the
    /// allocation has no product code or no contract (no tariff: a volume
    /// then commits nothing, a budget still does).
    pub tariffs: Vec<Tariff>,
}

impl AllocationFact {
    /// The tariff in force on `day`.
    pub fn tariff_on(&self, day: NaiveDate) -> Option<i64> {
        self.tariffs
            .iter()
            .find(|t| in_force(t.from, t.until, day))
            .map(|t| t.cents)
    }

    /// What the allocation commits within `from..=to`: nothing when it was
    /// removed, nothing after the care stopped, at the tariff in force on the
    /// first day it covers in that period.
    pub fn committed(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if self.allocation.change_reason == Some(ChangeReason::Removed) {
            return 0;
        }
        let to = self.care_stopped_on.map_or(to, |s| s.min(to));
        if to < from || self.allocation.days_within(from, to) == 0 {
            return 0;
        }
        let first = self.allocation.start.max(from);
        self.allocation
            .committed_cents(self.tariff_on(first), from, to)
    }

    fn covers(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.allocation.change_reason != Some(ChangeReason::Removed)
            && self.allocation.days_within(from, to) > 0
            && self
                .care_stopped_on
                .is_none_or(|s| s >= from.max(self.allocation.start))
    }
}

/// An approved claim line (or a credit: negative), booked in the month its
/// period starts in (claims are per month or shorter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovedLine {
    pub law: Law,
    pub category: String,
    pub household_id: Option<i64>,
    pub period_from: NaiveDate,
    pub approved_cents: i64,
}

/// Where the municipality books each product category: its own choices,
/// else `Taakveld::default_for`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaakveldMap {
    overrides: BTreeMap<(Law, String), Taakveld>,
}

impl TaakveldMap {
    pub fn new(overrides: impl IntoIterator<Item = (Law, String, Taakveld)>) -> TaakveldMap {
        TaakveldMap {
            overrides: overrides.into_iter().map(|(l, c, t)| ((l, c), t)).collect(),
        }
    }

    pub fn of(&self, law: Law, category: &str) -> Option<Taakveld> {
        self.overrides
            .get(&(law, category.to_string()))
            .copied()
            .or_else(|| Taakveld::default_for(law, category))
    }

    /// Whether the municipality chose this one itself.
    pub fn is_override(&self, law: Law, category: &str) -> bool {
        self.overrides.contains_key(&(law, category.to_string()))
    }
}

/// The law a taakveld belongs to: 6.71 and 6.81 are the Wmo's, the rest youth's.
pub fn law_of(t: Taakveld) -> Law {
    if t.code().starts_with("6.71") || t.code().starts_with("6.81") {
        Law::Wmo
    } else {
        Law::Jeugdwet
    }
}

/// Committed and realised eurocents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Money {
    pub committed: i64,
    pub realised: i64,
}

impl Money {
    fn add(&mut self, o: Money) {
        self.committed += o.committed;
        self.realised += o.realised;
    }
}

/// A count of clients as it may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// Too few households (or hidden so another count cannot be found back).
    Hidden,
    Shown(u32),
}

/// One product category over the year.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryCost {
    pub law: Law,
    pub code: String,
    pub name: String,
    pub layer: Layer,
    pub taakveld: Option<Taakveld>,
    pub months: [Money; 12],
    pub year: Money,
    pub clients: Count,
    /// Realised cost per client; `None` when the count is hidden or zero.
    pub per_client: Option<i64>,
}

/// Budget against cost for one taakveld (or the categories without one).
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetLine {
    pub taakveld: Option<Taakveld>,
    pub law: Option<Law>,
    pub budget: i64,
    pub year: Money,
    /// Realised in the months of the year that are over (what the forecast
    /// is made from; lines of the running month wait for its end).
    pub realised_to_date: i64,
    pub forecast: Option<i64>,
    /// Budget less the forecast (or less what was realised when there is no
    /// forecast yet): below zero is over budget.
    pub difference: i64,
}

/// Everything the cost pages show for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct CostReport {
    pub year: i32,
    /// Whole months of the year that are over (0 before it, 12 after).
    pub elapsed_months: u32,
    pub categories: Vec<CategoryCost>,
    /// Per taakveld in Iv3 order (those with a budget or a cost), then the
    /// categories without a taakveld.
    pub taakvelden: Vec<BudgetLine>,
    /// Per law: the sum of its taakvelden.
    pub laws: Vec<BudgetLine>,
    pub layers: Vec<(Layer, Money)>,
    pub months: [Money; 12],
    pub total: BudgetLine,
    pub clients: Count,
    pub per_client: Option<Money>,
}

/// The forecast to the end of the year at the current rate: what was realised
/// in the months that are over, divided by their number, times twelve. Claims
/// come in after a month ends, so the running month is not counted. `None`
/// while no month of the year is over.
pub fn forecast(realised: i64, elapsed_months: u32) -> Option<i64> {
    match elapsed_months {
        0 => None,
        m => Some(realised * 12 / i64::from(m.min(12))),
    }
}

fn elapsed(year: i32, today: NaiveDate) -> u32 {
    match today.year().cmp(&year) {
        std::cmp::Ordering::Greater => 12,
        std::cmp::Ordering::Less => 0,
        std::cmp::Ordering::Equal => today.month0(),
    }
}

fn month_bounds(year: i32, month: u32) -> (NaiveDate, NaiveDate) {
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN);
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    (first, next.and_then(|n| n.pred_opt()).unwrap_or(first))
}

fn line(
    taakveld: Option<Taakveld>,
    law: Option<Law>,
    budget: i64,
    (year, realised_to_date): (Money, i64),
    elapsed: u32,
) -> BudgetLine {
    let forecast = forecast(realised_to_date, elapsed);
    BudgetLine {
        taakveld,
        law,
        budget,
        year,
        realised_to_date,
        forecast,
        difference: budget - forecast.unwrap_or(year.realised),
    }
}

/// Adds up the costs of `year` as of `today`.
pub fn compute(
    year: i32,
    today: NaiveDate,
    allocations: &[AllocationFact],
    lines: &[ApprovedLine],
    map: &TaakveldMap,
    budgets: &BTreeMap<Taakveld, i64>,
    policy: SuppressionPolicy,
) -> CostReport {
    let elapsed = elapsed(year, today);
    let months: Vec<(NaiveDate, NaiveDate)> = (1..=12).map(|m| month_bounds(year, m)).collect();
    let (year_from, year_to) = (months[0].0, months[11].1);
    let mut per_cat: BTreeMap<(Law, String), [Money; 12]> = BTreeMap::new();
    let mut clients_of: HashMap<(Law, String), HashSet<i64>> = HashMap::new();
    let mut all_clients: HashSet<i64> = HashSet::new();
    for a in allocations {
        if !a.covers(year_from, year_to) {
            continue;
        }
        let key = (a.allocation.law, a.allocation.category.code.to_string());
        let slot = per_cat.entry(key.clone()).or_default();
        for (i, (from, to)) in months.iter().enumerate() {
            slot[i].committed += a.committed(*from, *to);
        }
        clients_of.entry(key).or_default().insert(a.household_id);
        all_clients.insert(a.household_id);
    }
    for l in lines {
        if l.period_from.year() != year || l.approved_cents == 0 {
            continue;
        }
        let key = (l.law, l.category.clone());
        per_cat.entry(key.clone()).or_default()[l.period_from.month0() as usize].realised +=
            l.approved_cents;
        if let (Some(h), true) = (l.household_id, l.approved_cents > 0) {
            clients_of.entry(key).or_default().insert(h);
            all_clients.insert(h);
        }
    }

    // Client counts: the total and each category, protected together.
    let keys: Vec<(Law, String)> = per_cat.keys().cloned().collect();
    let mut cells = vec![ProtCell {
        households: all_clients.len() as u32,
        size: all_clients.len() as i64,
    }];
    for k in &keys {
        let n = clients_of.get(k).map_or(0, HashSet::len) as u32;
        cells.push(ProtCell {
            households: n,
            size: i64::from(n),
        });
    }
    let group = Group {
        total: 0,
        parts: (1..cells.len()).collect(),
    };
    let hidden = protect(policy, &cells, &[group]);
    let count = |i: usize| {
        if hidden[i] {
            Count::Hidden
        } else {
            Count::Shown(cells[i].households)
        }
    };
    let per = |cents: i64, c: Count| match c {
        Count::Shown(n) if n > 0 => Some(cents / i64::from(n)),
        _ => None,
    };

    let mut categories = Vec::new();
    for (i, (law, code)) in keys.iter().enumerate() {
        let m = per_cat[&(*law, code.clone())];
        let mut year_money = Money::default();
        m.iter().for_each(|x| year_money.add(*x));
        let known = codes::category(*law, code).ok();
        let clients = count(i + 1);
        categories.push(CategoryCost {
            law: *law,
            code: code.clone(),
            name: known.map_or_else(|| format!("Categorie {code}"), |c| c.name.to_string()),
            layer: known.map_or(Layer::Targeted, |c| c.layer()),
            taakveld: map.of(*law, code),
            months: m,
            year: year_money,
            clients,
            per_client: per(year_money.realised, clients),
        });
    }

    let mut by_taakveld: BTreeMap<Option<Taakveld>, (Money, i64)> = BTreeMap::new();
    let mut by_layer: BTreeMap<Layer, Money> = BTreeMap::new();
    let mut month_totals = [Money::default(); 12];
    for c in &categories {
        let slot = by_taakveld.entry(c.taakveld).or_default();
        slot.0.add(c.year);
        slot.1 += c.months[..elapsed as usize]
            .iter()
            .map(|m| m.realised)
            .sum::<i64>();
        by_layer.entry(c.layer).or_default().add(c.year);
        for (t, m) in month_totals.iter_mut().zip(c.months.iter()) {
            t.add(*m);
        }
    }
    let mut taakvelden = Vec::new();
    for (code, _) in TAAKVELDEN {
        let Ok(t) = Taakveld::parse(code) else {
            continue;
        };
        let budget = budgets.get(&t).copied().unwrap_or(0);
        let cost = by_taakveld.get(&Some(t)).copied();
        if budget == 0 && cost.is_none() {
            continue;
        }
        taakvelden.push(line(
            Some(t),
            Some(law_of(t)),
            budget,
            cost.unwrap_or_default(),
            elapsed,
        ));
    }
    if let Some(cost) = by_taakveld.get(&None) {
        taakvelden.push(line(None, None, 0, *cost, elapsed));
    }
    let mut laws = Vec::new();
    for law in [Law::Wmo, Law::Jeugdwet] {
        let mut budget = 0;
        let mut money = Money::default();
        let mut to_date = 0;
        for t in taakvelden.iter().filter(|t| t.law == Some(law)) {
            budget += t.budget;
            money.add(t.year);
            to_date += t.realised_to_date;
        }
        if budget != 0 || money != Money::default() {
            laws.push(line(None, Some(law), budget, (money, to_date), elapsed));
        }
    }
    let mut total_money = Money::default();
    let mut total_budget = 0;
    let mut total_to_date = 0;
    for t in &taakvelden {
        total_money.add(t.year);
        total_budget += t.budget;
        total_to_date += t.realised_to_date;
    }
    let clients = count(0);
    CostReport {
        year,
        elapsed_months: elapsed,
        categories,
        taakvelden,
        laws,
        layers: by_layer.into_iter().collect(),
        months: month_totals,
        total: line(
            None,
            None,
            total_budget,
            (total_money, total_to_date),
            elapsed,
        ),
        clients,
        per_client: match clients {
            Count::Shown(n) if n > 0 => Some(Money {
                committed: total_money.committed / i64::from(n),
                realised: total_money.realised / i64::from(n),
            }),
            _ => None,
        },
    }
}

impl CostReport {
    /// The `n` categories that cost most (realised, then committed).
    pub fn top_categories(&self, n: usize) -> Vec<&CategoryCost> {
        let mut all: Vec<&CategoryCost> = self.categories.iter().collect();
        all.sort_by_key(|c| {
            (
                std::cmp::Reverse((c.year.realised, c.year.committed)),
                c.law,
                c.code.clone(),
            )
        });
        all.truncate(n);
        all
    }

    /// Realised cost added up month by month (the trend against the budget line).
    pub fn cumulative_realised(&self) -> [i64; 12] {
        let mut out = [0; 12];
        let mut sum = 0;
        for (o, m) in out.iter_mut().zip(self.months.iter()) {
            sum += m.realised;
            *o = sum;
        }
        out
    }

    /// Committed cost added up month by month.
    pub fn cumulative_committed(&self) -> [i64; 12] {
        let mut out = [0; 12];
        let mut sum = 0;
        for (o, m) in out.iter_mut().zip(self.months.iter()) {
            sum += m.committed;
            *o = sum;
        }
        out
    }
}

/// A budget in euros as policy staff type it: `1.250.000`, `1250000,50`,
/// `€ 2.500.000,-`. The notation is `Cents::parse`'s (arrears), whose ceiling
/// of one million is too low for a taakveld's budget, so large amounts are
/// split into whole thousands and a remainder it parses. Zero is allowed (no
/// budget); at most one billion euro.
pub fn parse_budget(raw: &str) -> Result<i64, String> {
    use crate::toegang::arrears::Cents;
    let t: String = raw.trim().chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_start_matches('€').trim_start_matches("EUR");
    let problem = || {
        format!(
            "'{}' is geen bedrag. Schrijf het in euro, bijvoorbeeld 1.250.000 of 1250000,50.",
            raw.trim()
        )
    };
    if t.is_empty() {
        return Err("Vul een bedrag in, of 0 als er geen begroting is.".into());
    }
    if t.starts_with('-') {
        return Err("Een begroting kan niet negatief zijn.".into());
    }
    let t = t
        .strip_suffix(",--")
        .or_else(|| t.strip_suffix(",-"))
        .unwrap_or(t);
    let (whole, fraction) = match t.split_once(',') {
        Some((w, f)) => (w, Some(f)),
        None => (t, None),
    };
    // Dots in the whole part are thousands separators (as Cents reads them),
    // except a plain decimal point with one or two digits after it.
    let (whole, fraction) = match (fraction, whole.rsplit_once('.')) {
        (None, Some((w, f))) if (1..=2).contains(&f.len()) && !w.contains('.') => (w, Some(f)),
        _ => (whole, fraction),
    };
    let groups: Vec<&str> = whole.split('.').collect();
    let grouped_ok =
        groups.len() == 1 || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    let digits: String = groups.concat();
    if !grouped_ok || digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(problem());
    }
    if digits.len() > 10 {
        return Err("Een begroting is hoogstens € 1.000.000.000.".into());
    }
    // The last three digits and the fraction go through Cents (which checks
    // the cents); the thousands above them are whole.
    let split = digits.len().saturating_sub(3);
    let thousands: i64 = if split == 0 {
        0
    } else {
        digits[..split].parse().map_err(|_| problem())?
    };
    let rest = &digits[split..];
    let rest_cents = match fraction {
        None if rest.bytes().all(|b| b == b'0') => 0,
        Some(f) if rest.bytes().all(|b| b == b'0') && f.bytes().all(|b| b == b'0') => {
            if f.len() > 2 || !f.bytes().all(|b| b.is_ascii_digit()) {
                return Err(problem());
            }
            0
        }
        None => Cents::parse(rest).map_err(|_| problem())?.cents(),
        Some(f) => Cents::parse(&format!("{rest},{f}"))
            .map_err(|_| problem())?
            .cents(),
    };
    let total = thousands * 100_000 + rest_cents;
    if total > 100_000_000_000 {
        return Err("Een begroting is hoogstens € 1.000.000.000.".into());
    }
    Ok(total)
}

/// `€ 1.234.567` (whole euros, rounded) for tables; negative with a minus.
pub fn euros(cents: i64) -> String {
    crate::money::whole_euros(cents)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::maatwerk::allocation::AllocationNumber;
    use crate::maatwerk::catalogue::Variant;
    use crate::maatwerk::codes::{category, Frequency, Unit};
    use crate::maatwerk::decision::Amount;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn fact(household: i64, law: Law, cat: &str, start: &str, end: &str) -> AllocationFact {
        AllocationFact {
            allocation: Allocation {
                number: AllocationNumber::new(household as u32).unwrap(),
                law,
                category: category(law, cat).unwrap(),
                product: None,
                variant: Variant::Effort,
                start: d(start),
                end: Some(d(end)),
                amount: Amount::Volume {
                    quantity: 7,
                    unit: Unit::Hour,
                    frequency: Frequency::PerWeek,
                },
                change_reason: None,
            },
            household_id: household,
            care_stopped_on: None,
            tariffs: vec![Tariff {
                from: d("2026-01-01"),
                until: None,
                cents: 1000,
            }],
        }
    }

    fn approved(household: i64, cat: &str, from: &str, cents: i64) -> ApprovedLine {
        ApprovedLine {
            law: Law::Wmo,
            category: cat.into(),
            household_id: Some(household),
            period_from: d(from),
            approved_cents: cents,
        }
    }

    fn policy() -> SuppressionPolicy {
        SuppressionPolicy::new(5, 5).unwrap()
    }

    #[test]
    fn committed_and_realised_add_up_per_month_taakveld_and_law() {
        // 7 hours a week at € 10: € 10 a day, March and April.
        let facts: Vec<_> = (1..=6)
            .map(|h| fact(h, Law::Wmo, "02", "2026-03-01", "2026-04-30"))
            .collect();
        let lines = vec![
            approved(1, "02", "2026-03-01", 31_000),
            approved(2, "02", "2026-04-01", 30_000),
            // Rejected: approved 0, not counted.
            approved(3, "02", "2026-04-01", 0),
            // Another year: not counted.
            approved(4, "02", "2025-12-01", 99_999),
        ];
        let mut budgets = BTreeMap::new();
        budgets.insert(Taakveld::parse("6.71b").unwrap(), 1_000_000);
        let r = compute(
            2026,
            d("2026-06-15"),
            &facts,
            &lines,
            &TaakveldMap::default(),
            &budgets,
            policy(),
        );
        assert_eq!(r.elapsed_months, 5);
        assert_eq!(r.months[2].committed, 6 * 31_000);
        assert_eq!(r.months[3].committed, 6 * 30_000);
        assert_eq!(r.months[4].committed, 0);
        assert_eq!(r.months[2].realised, 31_000);
        assert_eq!(r.months[3].realised, 30_000);
        assert_eq!(r.taakvelden.len(), 1);
        let t = &r.taakvelden[0];
        assert_eq!(t.taakveld.unwrap().code(), "6.71b");
        assert_eq!(t.year.committed, 6 * 61_000);
        assert_eq!(t.year.realised, 61_000);
        // € 610 in 5 months: € 1.464 in twelve.
        assert_eq!(t.forecast, Some(61_000 * 12 / 5));
        assert_eq!(t.difference, 1_000_000 - 61_000 * 12 / 5);
        assert_eq!(r.laws.len(), 1);
        assert_eq!(r.laws[0].law, Some(Law::Wmo));
        assert_eq!(r.total.budget, 1_000_000);
        assert_eq!(r.clients, Count::Shown(6));
        assert_eq!(
            r.per_client,
            Some(Money {
                committed: 61_000,
                realised: 61_000 / 6
            })
        );
        assert_eq!(r.layers, vec![(Layer::Targeted, r.total.year)]);
        assert_eq!(r.cumulative_realised()[11], 61_000);
    }

    #[test]
    fn a_mapping_moves_a_category_to_another_taakveld() {
        let facts: Vec<_> = (1..=6)
            .map(|h| fact(h, Law::Wmo, "02", "2026-03-01", "2026-03-31"))
            .collect();
        let map = TaakveldMap::new([(
            Law::Wmo,
            "02".to_string(),
            Taakveld::parse("6.71c").unwrap(),
        )]);
        assert!(map.is_override(Law::Wmo, "02"));
        let r = compute(
            2026,
            d("2027-01-01"),
            &facts,
            &[],
            &map,
            &BTreeMap::new(),
            policy(),
        );
        assert_eq!(r.taakvelden[0].taakveld.unwrap().code(), "6.71c");
        assert_eq!(r.elapsed_months, 12);
        // No budget: the difference is what is forecast, negative.
        assert_eq!(r.taakvelden[0].difference, 0);
        assert_eq!(r.taakvelden[0].year.committed, 6 * 31_000);
    }

    #[test]
    fn small_client_counts_are_hidden_and_their_cost_per_client_too() {
        let mut facts: Vec<_> = (1..=6)
            .map(|h| fact(h, Law::Wmo, "02", "2026-03-01", "2026-03-31"))
            .collect();
        facts.push(fact(7, Law::Wmo, "01", "2026-03-01", "2026-03-31"));
        let r = compute(
            2026,
            d("2026-04-01"),
            &facts,
            &[],
            &TaakveldMap::default(),
            &BTreeMap::new(),
            policy(),
        );
        let one = r.categories.iter().find(|c| c.code == "01").unwrap();
        assert_eq!(one.clients, Count::Hidden);
        assert_eq!(one.per_client, None);
        // Euros stay visible.
        assert_eq!(one.year.committed, 31_000);
        // The other category too, or it would follow from the total.
        let two = r.categories.iter().find(|c| c.code == "02").unwrap();
        assert_eq!(two.clients, Count::Hidden);
        assert_eq!(r.clients, Count::Shown(7));
        let few = compute(
            2026,
            d("2026-04-01"),
            &facts[..2],
            &[],
            &TaakveldMap::default(),
            &BTreeMap::new(),
            policy(),
        );
        assert_eq!(few.clients, Count::Hidden);
        assert_eq!(few.per_client, None);
    }

    #[test]
    fn removed_stopped_and_untariffed_allocations_commit_less() {
        let mut removed = fact(1, Law::Wmo, "02", "2026-03-01", "2026-03-31");
        removed.allocation.change_reason = Some(ChangeReason::Removed);
        assert_eq!(removed.committed(d("2026-03-01"), d("2026-03-31")), 0);
        let mut stopped = fact(1, Law::Wmo, "02", "2026-03-01", "2026-03-31");
        stopped.care_stopped_on = Some(d("2026-03-10"));
        assert_eq!(stopped.committed(d("2026-03-01"), d("2026-03-31")), 10_000);
        let mut none = fact(1, Law::Wmo, "02", "2026-03-01", "2026-03-31");
        none.tariffs.clear();
        assert_eq!(none.committed(d("2026-03-01"), d("2026-03-31")), 0);
        // A new tariff from April.
        let mut two = fact(1, Law::Wmo, "02", "2026-03-01", "2026-04-30");
        two.tariffs = vec![
            Tariff {
                from: d("2026-01-01"),
                until: Some(d("2026-03-31")),
                cents: 1000,
            },
            Tariff {
                from: d("2026-04-01"),
                until: None,
                cents: 2000,
            },
        ];
        assert_eq!(two.committed(d("2026-04-01"), d("2026-04-30")), 60_000);
    }

    #[test]
    fn the_running_month_waits_for_its_end_before_it_counts_in_the_forecast() {
        let facts: Vec<_> = (1..=6)
            .map(|h| fact(h, Law::Wmo, "02", "2026-01-01", "2026-12-31"))
            .collect();
        let lines = vec![
            approved(1, "02", "2026-01-01", 10_000),
            approved(1, "02", "2026-02-01", 10_000),
            // March is still running on 15 March.
            approved(1, "02", "2026-03-01", 50_000),
        ];
        let r = compute(
            2026,
            d("2026-03-15"),
            &facts,
            &lines,
            &TaakveldMap::default(),
            &BTreeMap::new(),
            policy(),
        );
        assert_eq!(r.total.year.realised, 70_000);
        assert_eq!(r.total.realised_to_date, 20_000);
        assert_eq!(r.total.forecast, Some(120_000));
        assert_eq!(r.taakvelden[0].forecast, Some(120_000));
        assert_eq!(r.laws[0].forecast, Some(120_000));
    }

    #[test]
    fn forecast_is_the_rate_of_the_months_that_are_over() {
        assert_eq!(forecast(300, 3), Some(1200));
        assert_eq!(forecast(300, 0), None);
        assert_eq!(forecast(1200, 12), Some(1200));
    }

    #[test]
    fn budgets_parse_in_dutch_notation_above_a_million() {
        assert_eq!(parse_budget("1.250.000"), Ok(125_000_000));
        assert_eq!(parse_budget("€ 2.500.000,-"), Ok(250_000_000));
        assert_eq!(parse_budget("1250000,50"), Ok(125_000_050));
        assert_eq!(parse_budget("1.234,56"), Ok(123_456));
        assert_eq!(parse_budget("12.5"), Ok(1250));
        assert_eq!(parse_budget("0"), Ok(0));
        assert!(parse_budget("").is_err());
        assert!(parse_budget("-5").is_err());
        assert!(parse_budget("1,2,3").is_err());
        assert!(parse_budget("12.34.567").is_err());
        assert!(parse_budget("veel").is_err());
        assert!(parse_budget("99999999999").is_err());
        assert_eq!(euros(12_345_678), "€ 123.457");
        assert_eq!(euros(-150), "-€ 2");
    }
}
