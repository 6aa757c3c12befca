//! The demo catalogue of maatwerk (`demo/catalogus.csv`, written for Kompas:
//! invented providers with invented AGB and KvK numbers, Wmo and Jeugdwet
//! products of the standard's categories, contracts with tariffs; one
//! tariff changes on 1 January 2026, so the history shows a contract that
//! ended). Loaded for Wilgendaal through the same import as a contract
//! manager's file.

use kompas_domain::MunicipalityScope;
use kompas_store::maatwerk::ChangedBy;
use kompas_store::{tenancy, Db};

pub const CATALOGUE_CSV: &str = include_str!("../../data/demo/catalogus.csv");

pub async fn load(db: &Db, now: chrono::DateTime<chrono::Utc>) -> anyhow::Result<()> {
    let m = tenancy::municipality_by_code(db, "GM9901").await?;
    let by = ChangedBy { user_id: None, now };
    let scope = MunicipalityScope::single(m.id);
    let report = kompas_app::maatwerk::import(db, &scope, m.id, CATALOGUE_CSV, false, by).await?;
    anyhow::ensure!(report.stored, "demo/catalogus.csv: {report}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kompas_interop::catalogue_csv::{self, Known, Line};

    #[test]
    fn the_demo_catalogue_parses_and_is_filled() {
        let file = catalogue_csv::parse(CATALOGUE_CSV).expect("parses");
        let count = |f: fn(&Line) -> bool| file.lines.iter().filter(|(_, l)| f(l)).count();
        assert!(count(|l| matches!(l, Line::Provider(_))) >= 5);
        assert!(
            count(
                |l| matches!(l, Line::Product(p) if p.law == kompas_domain::maatwerk::Law::Jeugdwet)
            ) >= 3
        );
        assert!(count(|l| matches!(l, Line::Contract { .. })) >= 10);
        assert!(catalogue_csv::plan(&file, &Known::default()).is_ok());
    }
}
