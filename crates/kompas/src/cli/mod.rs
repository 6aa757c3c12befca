//! The command line: the commands and their arguments, one file per group.
//! Each handler loads the settings, opens the database and calls one
//! function of the library; `demo`, `generate` and `bench` are the tools of
//! `kompas-devtools`.

mod accounts;
mod data;
mod operate;

use kompas::settings::{ProcessEnv, Settings};
use kompas_store::Db;
use std::path::{Path, PathBuf};

#[derive(clap::Parser)]
#[command(
    name = "kompas",
    version,
    about = "Kompas: software voor het sociaal domein van gemeenten"
)]
pub struct Cli {
    /// Settings file (TOML). KOMPAS_* environment variables override it.
    #[arg(long, global = true, env = "KOMPAS_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Start with embedded SQLite and the demo municipality on http://127.0.0.1:8080.
    Demo {
        /// Where the database lives (default ./data).
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// Address to listen on (default 127.0.0.1:8080).
        #[arg(long)]
        listen: Option<String>,
    },
    /// Start the web server with the configured database.
    Serve,
    /// Bring the database schema up to date.
    Migrate,
    /// Exit 0 when the server on this machine (KOMPAS_LISTEN) answers /health;
    /// for a container's health check.
    Healthcheck,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        action: accounts::UserCommand,
    },
    /// Register a municipality (tenant), optionally in a region.
    Municipality {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        region: Option<String>,
    },
    /// Register an organisation of a municipality.
    Organisation {
        #[arg(long)]
        municipality: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "zorgaanbieder")]
        kind: String,
    },
    /// Privacy rights: a person's data, and the retention job.
    Privacy {
        #[command(subcommand)]
        what: data::PrivacyCommand,
    },
    /// Import data into the database.
    Import {
        #[command(subcommand)]
        what: data::ImportCommand,
    },
    /// Export data from the database.
    Export {
        #[command(subcommand)]
        what: data::ExportCommand,
    },
    /// Maatwerk: the catalogue of what the municipality can grant.
    Maatwerk {
        #[command(subcommand)]
        what: data::MaatwerkCommand,
    },
    /// iWmo/iJw messages with care providers, as files for the municipal hub.
    Berichten {
        #[command(subcommand)]
        what: data::BerichtenCommand,
    },
    /// The secret key (KOMPAS_SECRET_KEY) that seals stored secrets.
    Secrets {
        #[command(subcommand)]
        action: operate::SecretsCommand,
    },
    /// Write a consistent backup while the server keeps running.
    Backup { file: PathBuf },
    /// Restore a backup into an empty, migrated database.
    Restore { file: PathBuf },
    /// Audit log tools.
    Audit {
        #[command(subcommand)]
        action: operate::AuditCommand,
    },
    /// Generate realistic test data (deterministic: the same seed gives the same data).
    Generate {
        #[command(subcommand)]
        what: kompas_devtools::generate::GenerateCommand,
    },
    /// Benchmarks (not tests): report figures and ratios.
    Bench {
        #[command(subcommand)]
        what: kompas_devtools::bench::BenchCommand,
    },
}

/// The settings (file and KOMPAS_* environment) and the migrated database.
async fn open(config: Option<&Path>) -> anyhow::Result<(Settings, Db)> {
    let settings = Settings::load(config, &ProcessEnv)?;
    let db = kompas::open_database(&settings).await?;
    Ok((settings, db))
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = cli.config.as_deref();
    match cli.command {
        Command::Demo { data_dir, listen } => operate::demo(config, data_dir, listen).await,
        Command::Serve => operate::serve(config).await,
        Command::Migrate => operate::migrate(config).await,
        Command::Healthcheck => {
            let settings = Settings::load(config, &ProcessEnv)?;
            let addr = kompas::health::target(settings.listen);
            kompas::health::probe(addr, std::time::Duration::from_secs(3))
        }
        Command::User { action } => accounts::user(config, action).await,
        Command::Municipality { code, name, region } => {
            accounts::municipality(config, &code, &name, region.as_deref()).await
        }
        Command::Organisation {
            municipality,
            name,
            kind,
        } => accounts::organisation(config, &municipality, &name, &kind).await,
        Command::Privacy { what } => data::privacy(config, what).await,
        Command::Import { what } => data::import(config, what).await,
        Command::Export { what } => data::export(config, what).await,
        Command::Maatwerk { what } => data::maatwerk(config, what).await,
        Command::Berichten { what } => data::berichten(config, what).await,
        Command::Secrets { action } => operate::secrets(config, action).await,
        Command::Backup { file } => operate::backup(config, &file).await,
        Command::Restore { file } => operate::restore(config, &file).await,
        Command::Audit { action } => operate::audit(config, action).await,
        Command::Generate { what } => {
            let (_, db) = open(config).await?;
            what.run(&db, &mut std::io::stdout()).await
        }
        Command::Bench { what } => {
            // Quiet by default (the report is the output); KOMPAS_LOG=sqlx=debug
            // shows every statement with its time, to find what a page spends.
            if std::env::var_os("KOMPAS_LOG").is_some() {
                operate::init_logs(false);
            }
            what.run(config).await
        }
    }
}
