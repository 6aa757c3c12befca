use super::*;
use crate::monitor::engine::{compute, EventColumns, Measure};
use crate::monitor::event::*;
use crate::monitor::AreaCode;
use chrono::{TimeZone, Utc};

fn cell(households: u32, size: i64) -> ProtCell {
    ProtCell { households, size }
}

/// The attacker: knows every visible value exactly and every group's
/// equation, and solves any equation with one unknown left, again and again.
/// Returns the hidden cells it found back.
fn attack(values: &[i64], hidden: &[bool], groups: &[Group]) -> Vec<usize> {
    let mut known: Vec<Option<i64>> = values
        .iter()
        .zip(hidden)
        .map(|(v, h)| (!h).then_some(*v))
        .collect();
    let mut found = Vec::new();
    loop {
        let mut progress = false;
        for g in groups {
            let unknown: Vec<usize> = std::iter::once(g.total)
                .chain(g.parts.iter().copied())
                .filter(|i| known[*i].is_none())
                .collect();
            if unknown.len() != 1 {
                continue;
            }
            let u = unknown[0];
            let parts_sum: i64 = g
                .parts
                .iter()
                .filter(|p| **p != u)
                .map(|p| known[*p].unwrap_or(0))
                .sum();
            let v = if u == g.total {
                parts_sum
            } else {
                known[g.total].unwrap_or(0) - parts_sum
            };
            assert_eq!(v, values[u], "the attacker's arithmetic is right");
            known[u] = Some(v);
            found.push(u);
            progress = true;
        }
        if !progress {
            return found;
        }
    }
}

#[test]
fn the_policy_cannot_be_switched_off() {
    assert!(SuppressionPolicy::new(4, 5)
        .unwrap_err()
        .contains("kan niet uit"));
    assert!(SuppressionPolicy::new(0, 5).is_err());
    assert!(SuppressionPolicy::new(10, 1)
        .unwrap_err()
        .contains("kan niet uit"));
    let p = SuppressionPolicy::new(20, 10).unwrap();
    assert_eq!((p.min_households(), p.rounding()), (20, 10));
    let cbs = SuppressionPolicy::default();
    assert_eq!((cbs.min_households(), cbs.rounding()), (10, 5));
    assert_eq!(
        [12, 13, 2, 0, 47, 48].map(|n| cbs.round(n)),
        [10, 15, 0, 0, 45, 50]
    );
}

#[test]
fn fewer_than_ten_households_are_hidden() {
    let hidden = protect(
        SuppressionPolicy::default(),
        &[cell(9, 30), cell(10, 10)],
        &[],
    );
    assert_eq!(hidden, vec![true, false]);
}

#[test]
fn a_hidden_wijk_cannot_be_found_back_from_the_municipality() {
    // Municipality 40 = wijk A 20 + wijk B 12 + wijk C 8 (C has 7 households).
    let values = [40, 20, 12, 8];
    let cells = [cell(40, 40), cell(20, 20), cell(12, 12), cell(7, 8)];
    let groups = [Group {
        total: 0,
        parts: vec![1, 2, 3],
    }];
    let policy = SuppressionPolicy::default();
    // Without the complementary rule the attacker finds C = 40 − 20 − 12.
    let primary: Vec<bool> = cells.iter().map(|c| c.households < 10).collect();
    assert_eq!(attack(&values, &primary, &groups), vec![3]);
    // With it, B (the smallest other wijk) is hidden as well and C stays hidden.
    let hidden = protect(policy, &cells, &groups);
    assert_eq!(hidden, vec![false, false, true, true]);
    assert!(attack(&values, &hidden, &groups).is_empty());
}

#[test]
fn a_hidden_total_is_not_the_sum_of_visible_parts() {
    // The only part is hidden: the total equals it, so the total goes too.
    let hidden = protect(
        SuppressionPolicy::default(),
        &[cell(30, 30), cell(5, 5)],
        &[Group {
            total: 0,
            parts: vec![1],
        }],
    );
    assert_eq!(hidden, vec![true, true]);
    // A hidden total with visible parts: one part joins it.
    let hidden = protect(
        SuppressionPolicy::default(),
        &[cell(9, 30), cell(15, 15), cell(15, 15)],
        &[Group {
            total: 0,
            parts: vec![1, 2],
        }],
    );
    assert_eq!(hidden.iter().filter(|h| **h).count(), 2);
}

#[test]
fn chained_groups_are_protected_until_no_cell_follows_from_others() {
    // A small grid: 3 wijken × 2 months, with month totals, quarter-like row
    // totals and a grand total. Cell index = wijk * 3 + column (column 2 is
    // the row total); row 3 holds the municipality.
    //          month1 month2 total
    // wijk A     30     25     55
    // wijk B      4     40     44   (4: three households)
    // wijk C     20      6     26   (6: five households)
    // gemeente   54     71    125
    let values: Vec<i64> = vec![30, 25, 55, 4, 40, 44, 20, 6, 26, 54, 71, 125];
    let small = [3, 7];
    let cells: Vec<ProtCell> = values
        .iter()
        .enumerate()
        .map(|(i, v)| cell(if small.contains(&i) { 4 } else { 50 }, *v))
        .collect();
    let mut groups = Vec::new();
    for row in 0..4 {
        groups.push(Group {
            total: row * 3 + 2,
            parts: vec![row * 3, row * 3 + 1],
        });
    }
    for col in 0..3 {
        groups.push(Group {
            total: 9 + col,
            parts: vec![col, 3 + col, 6 + col],
        });
    }
    let primary: Vec<bool> = cells.iter().map(|c| c.households < 10).collect();
    assert!(
        !attack(&values, &primary, &groups).is_empty(),
        "the unprotected grid leaks"
    );
    let hidden = protect(SuppressionPolicy::default(), &cells, &groups);
    assert!(hidden[3] && hidden[7]);
    assert!(
        attack(&values, &hidden, &groups).is_empty(),
        "hidden: {hidden:?}"
    );
    for g in &groups {
        let n = std::iter::once(g.total)
            .chain(g.parts.iter().copied())
            .filter(|i| hidden[*i])
            .count();
        assert_ne!(n, 1, "no group with exactly one hidden cell");
    }
}

#[test]
fn random_tables_never_leak_by_subtraction() {
    // A deterministic pseudo-random walk over many small two-level tables.
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |m: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % m
    };
    for _ in 0..300 {
        let rows = 2 + next(4) as usize;
        let cols = 2 + next(4) as usize;
        let w = cols + 1;
        let mut values = vec![0_i64; (rows + 1) * w];
        for r in 0..rows {
            for c in 0..cols {
                values[r * w + c] = if next(3) == 0 {
                    1 + next(9) as i64
                } else {
                    10 + next(60) as i64
                };
            }
        }
        for r in 0..rows {
            values[r * w + cols] = (0..cols).map(|c| values[r * w + c]).sum();
        }
        for c in 0..=cols {
            values[rows * w + c] = (0..rows).map(|r| values[r * w + c]).sum();
        }
        let cells: Vec<ProtCell> = values.iter().map(|v| cell(*v as u32, *v)).collect();
        let mut groups = Vec::new();
        for r in 0..=rows {
            groups.push(Group {
                total: r * w + cols,
                parts: (0..cols).map(|c| r * w + c).collect(),
            });
        }
        for c in 0..=cols {
            groups.push(Group {
                total: rows * w + c,
                parts: (0..rows).map(|r| r * w + c).collect(),
            });
        }
        let hidden = protect(SuppressionPolicy::default(), &cells, &groups);
        assert!(
            attack(&values, &hidden, &groups).is_empty(),
            "{values:?} {hidden:?}"
        );
    }
}

fn at(day: i64) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 1, 10, 0, 0).unwrap() + chrono::Duration::days(day)
}

/// Questions in three wijken: `counts` households each with one question.
fn events(counts: &[(&str, i64)]) -> EventColumns {
    let mut cols = EventColumns::new();
    let mut q = 0;
    for (wijk, n) in counts {
        for _ in 0..*n {
            q += 1;
            let kind = EventKind::QuestionReceived {
                question: QuestionId(q),
                channel: if q % 3 == 0 {
                    Channel::PartnerSignal
                } else {
                    Channel::Resident
                },
            };
            let e = CaseEvent::new(
                at(q % 20),
                1,
                Some(AreaCode::parse(wijk).unwrap()),
                Some(HouseholdId(q)),
                None,
                kind,
            )
            .unwrap();
            cols.push(&e);
        }
    }
    cols
}

#[test]
fn published_cells_are_rounded_below_the_municipality_and_protected() {
    let cols = events(&[("WK990101", 23), ("WK990102", 31), ("WK990103", 6)]);
    let policy = SuppressionPolicy::default();
    let cube = compute(&cols, policy.min_households());
    let p = publish(&cube, policy);
    let month = Period::month(2025, 3).unwrap();
    let slot = |code: &str| {
        p.slot_of(&Slot::Wijk {
            municipality: 1,
            code: Some(code.into()),
        })
        .unwrap()
    };
    let gm = p.slot_of(&Slot::Municipality(1)).unwrap();
    let fig = |s: u32| match p.get(Measure::Questions, 0, month, s) {
        Some(Shown::Figure(f)) => Some(f.num),
        _ => None,
    };
    assert_eq!(fig(gm), Some(60), "the municipality is exact");
    assert_eq!(fig(slot("WK990103")), None, "six households: hidden");
    assert_eq!(
        fig(slot("WK990101")),
        None,
        "the smallest other wijk is hidden with it"
    );
    assert_eq!(fig(slot("WK990102")), Some(30), "31 rounded to 30");
    // No single hidden cell in any group of the published cube.
    for w in ["WK990101", "WK990102", "WK990103"] {
        let s = slot(w);
        let cats: Vec<bool> = (0..=4)
            .filter_map(|c| p.get(Measure::Questions, c, month, s))
            .map(|x| matches!(x, Shown::Hidden))
            .collect();
        assert_ne!(cats.iter().filter(|h| **h).count(), 1, "{w}: {cats:?}");
    }
}

#[test]
fn percentages_come_from_the_rounded_counts() {
    let policy = SuppressionPolicy::default();
    let cell = Cell {
        num: 12,
        den: 23,
        households: 23,
        median: None,
        p90: None,
        mean: None,
    };
    let Shown::Figure(f) = figure(policy, Stat::Share, &cell, true) else {
        panic!("shown")
    };
    assert_eq!((f.num, f.den), (10, 25));
    assert!((f.value - 40.0).abs() < 1e-9, "10 of 25, not 12 of 23");
    let Shown::Figure(exact) = figure(policy, Stat::Share, &cell, false) else {
        panic!("shown")
    };
    assert_eq!((exact.num, exact.den), (12, 23));
}
