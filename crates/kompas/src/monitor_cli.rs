//! The monitor's commands: `kompas import measurements|cbs|doelenboom`,
//! and `kompas export doelenboom`.

use anyhow::Context as _;
use chrono::Utc;
use kompas_app::monitor::{cbs, goal_tree, measurements};
use kompas_interop::monitor::ImportReport;
use kompas_store::monitor::Scope;
use kompas_store::{tenancy, Db};
use std::path::Path;

/// Which goal tree: a municipality's (CBS code; default the first one) or,
/// with `region`, the tree of that municipality's region.
pub async fn scope(db: &Db, municipality: Option<&str>, region: bool) -> anyhow::Result<Scope> {
    let m = municipality_or_first(db, municipality).await?;
    if region {
        let r = m
            .region_id
            .with_context(|| format!("{} hoort niet bij een regio", m.name))?;
        Ok(Scope::Region(r))
    } else {
        Ok(Scope::Municipality(m.id))
    }
}

/// The municipality with this CBS code, or the first one there is.
pub async fn municipality_or_first(
    db: &Db,
    code: Option<&str>,
) -> anyhow::Result<tenancy::Municipality> {
    match code {
        Some(code) => tenancy::municipality_by_code(db, code)
            .await
            .with_context(|| format!("gemeente {code}")),
        None => tenancy::municipalities(db)
            .await?
            .into_iter()
            .min_by_key(|m| m.id)
            .context("er is nog geen gemeente; maak er een met 'kompas municipality'"),
    }
}

/// A file's text (UTF-8), with its name in the error.
pub fn read(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("{} kan niet worden gelezen", path.display()))?;
    String::from_utf8(bytes).with_context(|| format!("{} is geen UTF-8-tekst", path.display()))
}

/// Prints an import report; refused or unconfirmed imports fail the command.
pub fn finish(report: ImportReport, out: &mut impl std::io::Write) -> anyhow::Result<()> {
    write!(out, "{report}")?;
    if !report.errors.is_empty() {
        anyhow::bail!(
            "import geweigerd: {} fout(en); er is niets opgeslagen",
            report.errors.len()
        );
    }
    if !report.to_confirm.is_empty() && !report.stored {
        anyhow::bail!(
            "{} waarde(n) buiten het plausibele bereik; controleer ze en bevestig met --confirm (of --bevestig)",
            report.to_confirm.len()
        );
    }
    Ok(())
}

pub async fn import_measurements(
    db: &Db,
    file: &Path,
    scope: Scope,
    confirmed: bool,
    dry_run: bool,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    let text = read(file)?;
    let report = measurements::import(
        db,
        scope,
        &text,
        confirmed,
        dry_run,
        "kompas import",
        Utc::now(),
    )
    .await?;
    finish(report, out)
}

pub async fn import_cbs(
    db: &Db,
    file: &Path,
    municipality: Option<&str>,
    dry_run: bool,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    let text = read(file)?;
    let report = cbs::import(db, &text, municipality, dry_run, Utc::now()).await?;
    finish(report, out)
}

pub async fn import_goal_tree(
    db: &Db,
    file: &Path,
    scope: Scope,
    dry_run: bool,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    let text = read(file)?;
    let report = goal_tree::import(db, scope, &text, dry_run, Utc::now()).await?;
    finish(report, out)
}

pub async fn export_goal_tree(
    db: &Db,
    scope: Scope,
    file: Option<&Path>,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    let text = goal_tree::export(db, scope).await?;
    match file {
        Some(path) => {
            std::fs::write(path, &text)
                .with_context(|| format!("{} kan niet worden geschreven", path.display()))?;
            writeln!(out, "doelenboom geschreven naar {}", path.display())?;
        }
        None => write!(out, "{text}")?,
    }
    Ok(())
}
