//! A measurement: the value of an indicator for one period and one area.

use super::{parse_decimal, AreaCode, IndicatorCode, IndicatorDraft, Period};
use crate::directory::FieldError;
use serde::{Deserialize, Serialize};

/// A measurement as a CSV row or a form writes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MeasurementInput {
    pub period: String,
    pub area: String,
    pub indicator: String,
    pub value: String,
    pub source: String,
    pub provisional: String,
    pub note: String,
}

/// A checked measurement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasurementDraft {
    pub indicator: IndicatorCode,
    pub period: Period,
    pub area: AreaCode,
    pub value: f64,
    pub source: String,
    pub provisional: bool,
    pub note: String,
    /// The area's boundaries changed since the previous period (CBS), so the
    /// figure does not compare with earlier ones.
    pub series_break: bool,
}

/// Reads yes/no the ways people write it; empty is no.
pub fn parse_flag(s: &str) -> Result<bool, String> {
    match s.trim().to_lowercase().as_str() {
        "" | "nee" | "n" | "0" | "false" | "no" | "definitief" => Ok(false),
        "ja" | "j" | "1" | "true" | "yes" | "voorlopig" => Ok(true),
        other => Err(format!("'{other}' is geen ja of nee")),
    }
}

impl MeasurementInput {
    /// Checks the row against its indicator (`None`: unknown) and the areas the
    /// municipality knows. Returns the measurement and, when the value lies
    /// outside the indicator's plausible range, the reason it needs a
    /// confirmation.
    pub fn validate(
        &self,
        indicator: Option<&IndicatorDraft>,
        area_known: impl Fn(&AreaCode) -> bool,
    ) -> Result<(MeasurementDraft, Option<String>), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail =
            |field: &'static str, reason: String| errors.push(FieldError { field, reason });
        let code = IndicatorCode::parse(&self.indicator);
        let def = match (&code, indicator) {
            (Err(e), _) => {
                fail("indicator", e.clone());
                None
            }
            (Ok(c), None) => {
                fail(
                    "indicator",
                    format!("indicator '{c}' staat niet in de doelenboom"),
                );
                None
            }
            (Ok(_), Some(d)) => Some(d),
        };
        let period = Period::parse(&self.period);
        match (&period, def) {
            (Err(e), _) => fail("periode", e.clone()),
            (Ok(p), Some(d)) if p.granularity() != d.frequency => fail(
                "periode",
                format!(
                    "deze indicator wordt {} gemeten; {} past daar niet bij",
                    d.frequency.label_nl(),
                    p.code()
                ),
            ),
            _ => {}
        }
        let area = AreaCode::parse(&self.area);
        match (&area, def) {
            (Err(e), _) => fail("gebied", e.clone()),
            (Ok(a), _) if !area_known(a) => {
                fail("gebied", format!("gebied {a} is onbekend in deze gemeente"))
            }
            (Ok(a), Some(d)) if a.level() > d.area_level => fail(
                "gebied",
                format!(
                    "deze indicator wordt gemeten op niveau {}; {a} is te fijn",
                    d.area_level.label_nl()
                ),
            ),
            _ => {}
        }
        let value = parse_decimal(&self.value);
        if let Err(e) = &value {
            fail("waarde", e.clone());
        }
        let provisional = parse_flag(&self.provisional);
        if let Err(e) = &provisional {
            fail("voorlopig", e.clone());
        }
        if self.note.chars().count() > 2000 {
            fail(
                "opmerking",
                "de opmerking is te lang (hooguit 2000 tekens)".into(),
            );
        }
        let (Ok(indicator_code), Ok(period), Ok(area), Ok(value), Ok(provisional), Some(def), true) = (
            code,
            period,
            area,
            value,
            provisional,
            def,
            errors.is_empty(),
        ) else {
            return Err(errors);
        };
        let warning = (!def.plausible.contains(value)).then(|| {
            format!(
                "{} ligt buiten het plausibele bereik van deze indicator ({})",
                super::format_decimal(value, 4),
                def.plausible.label_nl()
            )
        });
        let source = if self.source.trim().is_empty() {
            def.source.clone()
        } else {
            self.source.trim().to_string()
        };
        Ok((
            MeasurementDraft {
                indicator: indicator_code,
                period,
                area,
                value,
                source,
                provisional,
                note: self.note.trim().to_string(),
                series_break: false,
            },
            warning,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::IndicatorInput;

    fn indicator() -> IndicatorDraft {
        IndicatorInput {
            code: "wmo-clienten".into(),
            name: "Wmo-cliënten".into(),
            definition: "Inwoners met een maatwerkvoorziening Wmo per 1.000 inwoners".into(),
            unit: "per 1.000".into(),
            direction: "lager".into(),
            source: "CBS".into(),
            area_level: "wijk".into(),
            frequency: "jaar".into(),
            plausible_min: "0".into(),
            plausible_max: "200".into(),
            ..IndicatorInput::default()
        }
        .validate()
        .unwrap()
    }

    fn row(period: &str, area: &str, value: &str) -> MeasurementInput {
        MeasurementInput {
            period: period.into(),
            area: area.into(),
            indicator: "wmo-clienten".into(),
            value: value.into(),
            ..MeasurementInput::default()
        }
    }

    fn known(a: &AreaCode) -> bool {
        ["GM9901", "WK990101", "BU99010101"].contains(&a.as_str())
    }

    #[test]
    fn a_good_row_passes_and_takes_the_indicator_source() {
        let (m, warn) = row("2024", "WK990101", "47,5")
            .validate(Some(&indicator()), known)
            .unwrap();
        assert_eq!(m.value, 47.5);
        assert_eq!(m.source, "CBS");
        assert!(warn.is_none() && !m.provisional);
    }

    #[test]
    fn bad_rows_name_field_and_reason() {
        let def = indicator();
        let fields = |r: MeasurementInput, d: Option<&IndicatorDraft>| -> Vec<(String, String)> {
            r.validate(d, known)
                .unwrap_err()
                .into_iter()
                .map(|e| (e.field.to_string(), e.reason))
                .collect()
        };
        let e = fields(row("2024-03", "WK990101", "4"), Some(&def));
        assert!(e[0].0 == "periode" && e[0].1.contains("per jaar"), "{e:?}");
        let e = fields(row("2024", "WK990199", "4"), Some(&def));
        assert!(e[0].1.contains("onbekend"), "{e:?}");
        let e = fields(row("2024", "BU99010101", "4"), Some(&def));
        assert!(e[0].1.contains("te fijn"), "{e:?}");
        let e = fields(row("2024", "WK990101", "veel"), Some(&def));
        assert_eq!(e[0].0, "waarde");
        let e = fields(row("2024", "WK990101", "4"), None);
        assert!(e[0].1.contains("staat niet in de doelenboom"), "{e:?}");
    }

    #[test]
    fn implausible_values_need_a_confirmation() {
        let (_, warn) = row("2024", "GM9901", "480")
            .validate(Some(&indicator()), known)
            .unwrap();
        assert!(warn.unwrap().contains("buiten het plausibele bereik"));
    }

    #[test]
    fn flags_read_dutch_and_english() {
        assert_eq!(parse_flag("Ja"), Ok(true));
        assert_eq!(parse_flag(""), Ok(false));
        assert!(parse_flag("misschien").is_err());
    }
}
