//! Small numbers (DESIGN.md §7, as CBS does it): a cell based on fewer than
//! `min_households` households is hidden; counts below municipal level are
//! rounded to multiples of `rounding`; percentages are computed from the
//! rounded counts; and where a hidden cell could be found back by
//! subtraction — a total minus its other parts — another part (or the total)
//! is hidden too. The thresholds can be changed, never switched off.

use super::engine::{Cell, CellKey, Cube, Grid, Slot, Stat};
use super::{Granularity, Period};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The rules for small numbers. Cannot be made weaker than a threshold of 5
/// households and rounding to 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuppressionPolicy {
    min_households: u32,
    rounding: u32,
}

impl Default for SuppressionPolicy {
    /// What CBS does: fewer than 10 households hidden, rounded to 5.
    fn default() -> Self {
        SuppressionPolicy {
            min_households: 10,
            rounding: 5,
        }
    }
}

impl SuppressionPolicy {
    pub const LOWEST_THRESHOLD: u32 = 5;

    pub fn new(min_households: u32, rounding: u32) -> Result<SuppressionPolicy, String> {
        if !(Self::LOWEST_THRESHOLD..=1000).contains(&min_households) {
            return Err(format!(
                "de drempel voor kleine aantallen moet tussen {} en 1000 huishoudens liggen (nu {min_households}); de bescherming kan niet uit",
                Self::LOWEST_THRESHOLD
            ));
        }
        if !(2..=100).contains(&rounding) {
            return Err(format!(
                "afronden moet op veelvouden van 2 tot en met 100 (nu {rounding}); de bescherming kan niet uit"
            ));
        }
        Ok(SuppressionPolicy {
            min_households,
            rounding,
        })
    }

    pub fn min_households(self) -> u32 {
        self.min_households
    }
    pub fn rounding(self) -> u32 {
        self.rounding
    }

    /// Rounds to the nearest multiple of `rounding` (halves up).
    pub fn round(self, n: i64) -> i64 {
        let r = i64::from(self.rounding);
        (n + r / 2).div_euclid(r) * r
    }
}

/// A cell as the protection sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProtCell {
    pub households: u32,
    /// How much the cell weighs: the smallest visible part is hidden first.
    pub size: i64,
}

/// An additive group: `total = sum(parts)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub total: usize,
    pub parts: Vec<usize>,
}

/// Which cells to hide. Primary: fewer households than the threshold.
/// Complementary: in every group the number of hidden cells (total
/// included) must not be exactly one, or that one follows from the others by
/// adding or subtracting; the smallest visible part (else the total) is
/// hidden as well, until every group is safe.
pub fn protect(policy: SuppressionPolicy, cells: &[ProtCell], groups: &[Group]) -> Vec<bool> {
    let mut hidden: Vec<bool> = cells
        .iter()
        .map(|c| c.households < policy.min_households)
        .collect();
    let mut of_cell: Vec<Vec<u32>> = vec![Vec::new(); cells.len()];
    for (g, group) in groups.iter().enumerate() {
        of_cell[group.total].push(g as u32);
        for p in &group.parts {
            of_cell[*p].push(g as u32);
        }
    }
    let mut queued = vec![true; groups.len()];
    let mut work: Vec<u32> = (0..groups.len() as u32).rev().collect();
    while let Some(g) = work.pop() {
        queued[g as usize] = false;
        let group = &groups[g as usize];
        if group.parts.is_empty() {
            continue;
        }
        let hidden_count =
            group.parts.iter().filter(|p| hidden[**p]).count() + usize::from(hidden[group.total]);
        if hidden_count != 1 {
            continue;
        }
        let extra = group
            .parts
            .iter()
            .copied()
            .filter(|p| !hidden[*p])
            .min_by_key(|p| (cells[*p].size, *p))
            .unwrap_or(group.total);
        hidden[extra] = true;
        for other in &of_cell[extra] {
            if !queued[*other as usize] {
                queued[*other as usize] = true;
                work.push(*other);
            }
        }
    }
    hidden
}

/// A published figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Shown {
    /// Too few households, or hidden so another cell cannot be found back.
    Hidden,
    Figure(Figure),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The count or numerator (rounded below municipal level).
    pub num: i64,
    /// The denominator (rounded below municipal level); equals `num` for counts.
    pub den: i64,
    /// What the dashboard shows: the count, the percentage, the median days or
    /// the mean change.
    pub value: f64,
    /// The 90th percentile (days measures).
    pub p90: Option<f64>,
    pub rounded: bool,
}

/// The cube after protection: what may be shown.
pub type Published = Grid<Shown>;

fn figure(policy: SuppressionPolicy, stat: Stat, cell: &Cell, below_municipality: bool) -> Shown {
    let r = |n: i64| {
        if below_municipality {
            policy.round(n)
        } else {
            n
        }
    };
    let (num, den) = (r(cell.num), r(cell.den));
    let value = match stat {
        Stat::Count => num as f64,
        Stat::Share => {
            if den == 0 {
                return Shown::Hidden;
            }
            100.0 * num as f64 / den as f64
        }
        Stat::Days => cell.median.unwrap_or(0.0),
        Stat::MeanChange => cell.mean.unwrap_or(0.0),
    };
    Shown::Figure(Figure {
        num,
        den,
        value,
        p90: cell.p90,
        rounded: below_municipality,
    })
}

/// Applies the rules to every cell of the cube. Groups: a total and its
/// categories; a municipality and its wijken; a quarter and its months, a year
/// and its quarters (for measures that add up over time). Days measures are
/// medians, not sums, and only get the primary rule.
pub fn publish(cube: &Cube, policy: SuppressionPolicy) -> Published {
    let keys: Vec<CellKey> = {
        let mut k: Vec<CellKey> = cube.cells.keys().copied().collect();
        k.sort();
        k
    };
    let index: HashMap<CellKey, usize> = keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    let cells: Vec<ProtCell> = keys
        .iter()
        .map(|k| {
            let c = &cube.cells[k];
            ProtCell {
                households: c.households,
                size: c.den,
            }
        })
        .collect();
    let mut wijken_of: HashMap<i64, Vec<u32>> = HashMap::new();
    for (i, s) in cube.slots.iter().enumerate() {
        if let Slot::Wijk { municipality, .. } = s {
            wijken_of.entry(*municipality).or_default().push(i as u32);
        }
    }
    let mut groups = Vec::new();
    let mut push = |total: usize, parts: Vec<CellKey>| {
        let parts: Vec<usize> = parts.iter().filter_map(|k| index.get(k).copied()).collect();
        if !parts.is_empty() {
            groups.push(Group { total, parts });
        }
    };
    for (i, k) in keys.iter().enumerate() {
        let def = k.measure.def();
        if def.stat == Stat::Days {
            continue;
        }
        let with = |category: u8, period: Period, slot: u32| CellKey {
            measure: k.measure,
            category,
            period,
            slot,
        };
        if k.category == 0 {
            let n = def.breakdown.categories().len() as u8;
            if n > 0 {
                push(i, (1..=n).map(|c| with(c, k.period, k.slot)).collect());
            }
        }
        if let Some(Slot::Municipality(m)) = cube.slots.get(k.slot as usize) {
            if let Some(w) = wijken_of.get(m) {
                push(
                    i,
                    w.iter().map(|s| with(k.category, k.period, *s)).collect(),
                );
            }
        }
        if def.time_additive {
            let finer = match k.period.granularity() {
                Granularity::Month => None,
                Granularity::Quarter => Some(Granularity::Month),
                Granularity::Year => Some(Granularity::Quarter),
            };
            if let Some(g) = finer {
                let mut parts = Vec::new();
                let mut p = Period::containing(g, k.period.first_month());
                while k.period.contains_month(p.first_month()) {
                    parts.push(with(k.category, p, k.slot));
                    p = p.next();
                }
                push(i, parts);
            }
        }
    }
    let hidden = protect(policy, &cells, &groups);
    let out = keys
        .iter()
        .zip(hidden)
        .map(|(k, h)| {
            let below = !matches!(cube.slots.get(k.slot as usize), Some(Slot::Municipality(_)));
            let shown = if h {
                Shown::Hidden
            } else {
                figure(policy, k.measure.def().stat, &cube.cells[k], below)
            };
            (*k, shown)
        })
        .collect();
    Published {
        cells: out,
        slots: cube.slots.clone(),
    }
}

#[cfg(test)]
mod tests;
