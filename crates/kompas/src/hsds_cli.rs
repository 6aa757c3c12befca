//! `kompas import hsds` and `kompas export hsds`: Open Referral HSDS 3.0 for
//! the sociale kaart (the mapping lives in `kompas-interop`).
//!
//! An import is all-or-nothing: every record is checked first and any error
//! refuses the whole file; then everything is written in one transaction.
//! Importing the same file again changes nothing (offers, organisations and
//! locations are matched by their HSDS id).
//!
//! The search index: a running server keeps its own index and does not see
//! what this command writes until it starts again — at start it compares the
//! database's fingerprint with the index and rebuilds when they differ. So
//! import while no server runs, or restart it afterwards.

use anyhow::Context;
use kompas_app::directory::hsds::{self as app_hsds, ImportOptions};
use kompas_interop::hsds::{self, export::ExportSummary, import::SourceKind, ImportReport};
use kompas_store::{tenancy, Db};
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct ImportArgs {
    pub path: PathBuf,
    pub dry_run: bool,
    /// CBS code of the municipality the offers belong to; default the first one.
    pub municipality: Option<String>,
}

/// The municipality to import into: the one named, else the first one. An
/// installation without any gets one first (the named code, or GM0000), so a
/// fresh database can take a directory straight away.
async fn municipality_id(
    db: &Db,
    code: Option<&str>,
    dry_run: bool,
    out: &mut dyn Write,
) -> anyhow::Result<i64> {
    let existing = tenancy::municipalities(db).await?;
    // A dry run writes nothing, so it cannot make one: it then says what to do.
    if existing.is_empty() && !dry_run {
        let code = code.unwrap_or("GM0000");
        let name = if code == "GM0000" { "Gemeente" } else { code };
        let id = crate::commands::municipality_add(db, code, name, None).await?;
        writeln!(
            out,
            "let op: er was nog geen gemeente; gemeente {code} ('{name}') is aangemaakt"
        )?;
        return Ok(id);
    }
    match code {
        Some(c) => Ok(tenancy::municipality_by_code(db, c)
            .await
            .with_context(|| format!("gemeente {c} bestaat niet"))?
            .id),
        None => existing
            .into_iter()
            .map(|m| m.id)
            .min()
            .context("er is nog geen gemeente; maak er eerst een met 'kompas municipality'"),
    }
}

/// Reads, checks and (unless `dry_run`) stores; writes progress and the
/// report to `out`. A refused import is `Ok` with errors in the report.
pub async fn import(
    db: &Db,
    args: &ImportArgs,
    out: &mut dyn Write,
) -> anyhow::Result<ImportReport> {
    let municipality_id =
        municipality_id(db, args.municipality.as_deref(), args.dry_run, out).await?;
    writeln!(out, "HSDS lezen uit {} …", args.path.display())?;
    let source = hsds::read_source(&args.path)?;
    writeln!(
        out,
        "{} aanbod gevonden ({})",
        source.services.len(),
        match source.kind {
            SourceKind::Nested => "JSON",
            SourceKind::Tabular => "tabelpakket",
        }
    )?;
    let opts = ImportOptions {
        municipality_id,
        dry_run: args.dry_run,
        changed_by: "import hsds".into(),
        now: chrono::Utc::now(),
    };
    let report = app_hsds::import(db, &source, &opts, &mut |done, total| {
        if done % 50 == 0 || done == total {
            let _ = writeln!(out, "  {done}/{total} verwerkt");
        }
    })
    .await?;
    print_report(&report, out)?;
    Ok(report)
}

pub fn print_report(report: &ImportReport, out: &mut dyn Write) -> std::io::Result<()> {
    for e in &report.errors {
        writeln!(out, "FOUT     {}  {}: {}", e.record, e.field, e.reason)?;
    }
    for w in &report.warnings {
        writeln!(out, "let op   {}  {}: {}", w.record, w.field, w.reason)?;
    }
    let counts = format!(
        "{} nieuw, {} bijgewerkt, {} ongewijzigd",
        report.created, report.updated, report.unchanged
    );
    if !report.ok() {
        writeln!(
            out,
            "Import geweigerd: {} fout(en). Er is niets opgeslagen.",
            report.errors.len()
        )?;
    } else if report.dry_run {
        writeln!(
            out,
            "Proefimport (--dry-run) in orde: {counts}, {} waarschuwing(en). Er is niets opgeslagen.",
            report.warnings.len()
        )?;
    } else {
        writeln!(
            out,
            "Import klaar: {counts}, {} waarschuwing(en). Een draaiende server neemt het binnen enkele seconden op in de zoekindex.",
            report.warnings.len()
        )?;
    }
    Ok(())
}

/// Writes `DIR/services.json` and the tabular package into `dir`.
pub async fn export(db: &Db, dir: &Path, out: &mut dyn Write) -> anyhow::Result<ExportSummary> {
    let summary = app_hsds::export(db, dir).await?;
    for (file, rows) in &summary.files {
        writeln!(out, "  {file}: {rows}")?;
    }
    writeln!(
        out,
        "{} aanbod geëxporteerd naar {} (services.json en datapackage.json met CSV-bestanden)",
        summary.services,
        dir.display()
    )?;
    Ok(summary)
}
