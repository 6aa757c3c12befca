//! `kompas import …`, `kompas export …` and `kompas privacy …`.

use super::open;
use kompas::{hsds_cli, monitor_cli, privacy_cli, signals_cli};
use std::path::{Path, PathBuf};

#[derive(clap::Subcommand)]
pub enum MaatwerkCommand {
    /// The catalogue (providers, products, contracts) as one CSV file with a
    /// column `soort` (aanbieder, product, contract). All or nothing.
    ImportCatalogus {
        file: PathBuf,
        /// CBS code of the municipality whose catalogue it is.
        #[arg(long)]
        municipality: String,
        /// Check and show what would change, store nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(clap::Subcommand)]
pub enum BerichtenCommand {
    /// Writes every pending outgoing iWmo/iJw message as one XML file in DIR.
    Export {
        #[arg(long)]
        out: PathBuf,
        /// CBS code of one municipality (default: all).
        #[arg(long)]
        municipality: Option<String>,
    },
    /// Reads incoming iWmo/iJw messages, each file all or nothing, and puts
    /// the return messages in the outbox.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

/// `kompas berichten …`.
pub async fn berichten(config: Option<&Path>, what: BerichtenCommand) -> anyhow::Result<()> {
    let (_, db) = open(config).await?;
    let mut out = std::io::stdout();
    match what {
        BerichtenCommand::Export {
            out: dir,
            municipality,
        } => {
            kompas::berichten_cli::export(&db, municipality.as_deref(), &dir, &mut out).await?;
        }
        BerichtenCommand::Import { files } => {
            let refused = kompas::berichten_cli::import(&db, &files, &mut out).await?;
            if refused > 0 {
                anyhow::bail!("{refused} bestand(en) geweigerd");
            }
        }
    }
    Ok(())
}

/// `kompas maatwerk …`.
pub async fn maatwerk(config: Option<&Path>, what: MaatwerkCommand) -> anyhow::Result<()> {
    let (_, db) = open(config).await?;
    match what {
        MaatwerkCommand::ImportCatalogus {
            file,
            municipality,
            dry_run,
        } => {
            let text = monitor_cli::read(&file)?;
            let m = kompas_store::tenancy::municipality_by_code(&db, &municipality).await?;
            let by = kompas_store::maatwerk::ChangedBy {
                user_id: None,
                now: chrono::Utc::now(),
            };
            let scope = kompas_domain::MunicipalityScope::single(m.id);
            let report =
                kompas_app::maatwerk::import(&db, &scope, m.id, &text, dry_run, by).await?;
            monitor_cli::finish(report, &mut std::io::stdout())
        }
    }
}

#[derive(clap::Subcommand)]
pub enum ImportCommand {
    /// Open Referral HSDS 3.0: a JSON file (list, page with `contents`, or one
    /// service) or a tabular package (directory or its datapackage.json).
    /// All or nothing; a running server sees the changes after a restart.
    Hsds {
        path: PathBuf,
        /// Check and report, store nothing.
        #[arg(long)]
        dry_run: bool,
        /// CBS code of the municipality the offers belong to (default: the first).
        #[arg(long)]
        municipality: Option<String>,
    },
    /// Measurements for the monitor: a CSV with periode;gebied;indicator;waarde
    /// (and optionally bron;voorlopig;opmerking). All or nothing.
    Measurements {
        file: PathBuf,
        /// CBS code of the municipality whose goal tree it is (default: the first).
        #[arg(long)]
        municipality: Option<String>,
        /// The goal tree of the municipality's region instead.
        #[arg(long)]
        region: bool,
        /// Store values outside an indicator's plausible range too (after checking them).
        #[arg(long, alias = "bevestig")]
        confirm: bool,
        #[arg(long)]
        dry_run: bool,
    },
    /// A CBS "Kerncijfers wijken en buurten" CSV (codes padded to 10 characters,
    /// edition suffixes, boundary changes). Creates the CBS indicators and areas it needs.
    Cbs {
        file: PathBuf,
        /// CBS code of the municipality to import (default: the one in the file).
        #[arg(long, alias = "gemeente")]
        municipality: Option<String>,
        #[arg(long)]
        dry_run: bool,
    },
    /// Creditors' payment-arrears signals (vroegsignalering) as CSV: soort;
    /// schuldeiser; bedrag; maanden_achterstand; postcode; huisnummer;
    /// toevoeging; naam; geboortedatum; bsn; datum. Matched to households by
    /// BSN or address; a repeat within three months joins the open question.
    /// All or nothing unless --skip-invalid.
    Signals {
        file: PathBuf,
        /// CBS code of the municipality (default: the first).
        #[arg(long, alias = "gemeente")]
        municipality: Option<String>,
        /// Import the good rows and report the rows that were skipped.
        #[arg(long)]
        skip_invalid: bool,
        #[arg(long)]
        dry_run: bool,
    },
    /// A goal tree (doelenboom) as CSV; merged by code into the existing tree.
    Doelenboom {
        file: PathBuf,
        #[arg(long)]
        municipality: Option<String>,
        #[arg(long)]
        region: bool,
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(clap::Subcommand)]
pub enum PrivacyCommand {
    /// Everything Kompas holds about one person, as JSON and a readable HTML
    /// page in DIR (audited as an export).
    Export {
        /// The member's id (as shown to workers), or use --bsn.
        member: Option<i64>,
        #[arg(long)]
        bsn: Option<String>,
        /// Where to write persoon-ID.json and persoon-ID.html.
        #[arg(long, alias = "uit", default_value = ".")]
        out: PathBuf,
    },
    /// Delete the files whose retention period has passed (youth care 20
    /// years, Wmo and the rest 15, after the last change); each deletion is
    /// in the audit log. Run it daily, e.g. from cron.
    Retention {
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(clap::Subcommand)]
pub enum ExportCommand {
    /// Open Referral HSDS 3.0: DIR/services.json and the tabular package
    /// (DIR/datapackage.json with CSV files).
    Hsds { dir: PathBuf },
    /// The goal tree (doelenboom) as CSV, to FILE or standard output.
    Doelenboom {
        file: Option<PathBuf>,
        #[arg(long)]
        municipality: Option<String>,
        #[arg(long)]
        region: bool,
    },
}

pub async fn import(config: Option<&Path>, what: ImportCommand) -> anyhow::Result<()> {
    let (settings, db) = open(config).await?;
    let out = &mut std::io::stdout();
    match what {
        ImportCommand::Hsds {
            path,
            dry_run,
            municipality,
        } => {
            let args = hsds_cli::ImportArgs {
                path,
                dry_run,
                municipality,
            };
            let report = hsds_cli::import(&db, &args, out).await?;
            if !report.ok() {
                anyhow::bail!(
                    "import geweigerd: {} fout(en); er is niets opgeslagen",
                    report.errors.len()
                );
            }
            Ok(())
        }
        ImportCommand::Measurements {
            file,
            municipality,
            region,
            confirm,
            dry_run,
        } => {
            let scope = monitor_cli::scope(&db, municipality.as_deref(), region).await?;
            monitor_cli::import_measurements(&db, &file, scope, confirm, dry_run, out).await
        }
        ImportCommand::Cbs {
            file,
            municipality,
            dry_run,
        } => monitor_cli::import_cbs(&db, &file, municipality.as_deref(), dry_run, out).await,
        ImportCommand::Signals {
            file,
            municipality,
            skip_invalid,
            dry_run,
        } => {
            let args = signals_cli::SignalsImport {
                file: &file,
                municipality: municipality.as_deref(),
                skip_invalid,
                dry_run,
                first_contact_days: settings.first_contact_days,
                holidays: settings.holidays,
            };
            signals_cli::import_signals(&db, &args, out).await
        }
        ImportCommand::Doelenboom {
            file,
            municipality,
            region,
            dry_run,
        } => {
            let scope = monitor_cli::scope(&db, municipality.as_deref(), region).await?;
            monitor_cli::import_goal_tree(&db, &file, scope, dry_run, out).await
        }
    }
}

pub async fn export(config: Option<&Path>, what: ExportCommand) -> anyhow::Result<()> {
    let (_, db) = open(config).await?;
    let out = &mut std::io::stdout();
    match what {
        ExportCommand::Hsds { dir } => hsds_cli::export(&db, &dir, out).await.map(|_| ()),
        ExportCommand::Doelenboom {
            file,
            municipality,
            region,
        } => {
            let scope = monitor_cli::scope(&db, municipality.as_deref(), region).await?;
            monitor_cli::export_goal_tree(&db, scope, file.as_deref(), out).await
        }
    }
}

pub async fn privacy(config: Option<&Path>, what: PrivacyCommand) -> anyhow::Result<()> {
    let (_, db) = open(config).await?;
    let out = &mut std::io::stdout();
    match what {
        PrivacyCommand::Export {
            member,
            bsn,
            out: dir,
        } => {
            let person = match (member, bsn.as_deref()) {
                (Some(id), None) => privacy_cli::Person::Member(id),
                (None, Some(b)) => privacy_cli::Person::Bsn(b),
                _ => anyhow::bail!("geef een persoonsnummer of --bsn, niet allebei"),
            };
            privacy_cli::export(&db, person, &dir, out).await
        }
        PrivacyCommand::Retention { dry_run } => {
            let today = kompas_domain::dutch_time::local(chrono::Utc::now()).date();
            privacy_cli::retention(&db, today, dry_run, out)
                .await
                .map(|_| ())
        }
    }
}
