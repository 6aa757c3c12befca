//! Euro amounts as Dutch readers expect them: `€ 1.693,27`. Amounts are kept
//! in whole cents everywhere; these functions are the one way to show them.

/// Digits in groups of three from the right, joined by dots (Dutch digit
/// grouping): 10000 → `10.000`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `€ 1.693,27`; a negative amount as `-€ 1.693,27`.
pub fn euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}€ {},{:02}", thousands(abs / 100), abs % 100)
}

/// Whole euros, rounded half up, for tables of large sums: `€ 1.234.567`;
/// a negative amount as `-€ 1.234.567`.
pub fn whole_euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}€ {}", thousands((cents.unsigned_abs() + 50) / 100))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_are_shown_as_euros_with_dutch_separators() {
        assert_eq!(euros(169_327), "€ 1.693,27");
        assert_eq!(euros(0), "€ 0,00");
        assert_eq!(euros(5), "€ 0,05");
        assert_eq!(euros(100), "€ 1,00");
        assert_eq!(euros(99_999), "€ 999,99");
        assert_eq!(euros(100_000), "€ 1.000,00");
        assert_eq!(euros(12_345_678_901), "€ 123.456.789,01");
        assert_eq!(euros(-169_327), "-€ 1.693,27");
        assert_eq!(euros(i64::MIN), "-€ 92.233.720.368.547.758,08");
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(2_000), "2.000");
        assert_eq!(thousands(1_234_567), "1.234.567");
    }

    #[test]
    fn whole_euros_round_half_up() {
        assert_eq!(whole_euros(123_456_749), "€ 1.234.567");
        assert_eq!(whole_euros(123_456_750), "€ 1.234.568");
        assert_eq!(whole_euros(49), "€ 0");
        assert_eq!(whole_euros(-150), "-€ 2");
    }
}
