//! The `kompas` command line.

use anyhow::Context;
use clap::{Parser, Subcommand};
use kompas::settings::{ProcessEnv, Settings};
use kompas::{commands, demo, monitor_cli, Application};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "kompas",
    version,
    about = "Kompas: software voor het sociaal domein van gemeenten"
)]
struct Cli {
    /// Settings file (TOML). KOMPAS_* environment variables override it.
    #[arg(long, global = true, env = "KOMPAS_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
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
    /// Manage accounts.
    User {
        #[command(subcommand)]
        action: UserCommand,
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
        what: PrivacyCommand,
    },
    /// Import data into the database.
    Import {
        #[command(subcommand)]
        what: ImportCommand,
    },
    /// Export data from the database.
    Export {
        #[command(subcommand)]
        what: ExportCommand,
    },
    /// The secret key (KOMPAS_SECRET_KEY) that seals stored secrets.
    Secrets {
        #[command(subcommand)]
        action: SecretsCommand,
    },
    /// Write a consistent backup while the server keeps running.
    Backup { file: PathBuf },
    /// Restore a backup into an empty, migrated database.
    Restore { file: PathBuf },
    /// Audit log tools.
    Audit {
        #[command(subcommand)]
        action: AuditCommand,
    },
    /// Generate realistic test data (deterministic: the same seed gives the same data).
    Generate {
        #[command(subcommand)]
        what: GenerateCommand,
    },
    /// Benchmarks (not tests): report figures and ratios.
    Bench {
        #[command(subcommand)]
        what: BenchCommand,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add an account. Without --password-stdin a random password is printed.
    Add {
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
        /// editor, partner, professional, coordinator, team_lead, policy or admin
        #[arg(long)]
        role: String,
        /// CBS code, e.g. GM9901
        #[arg(long)]
        municipality: String,
        #[arg(long)]
        organisation: Option<String>,
        #[arg(long)]
        password_stdin: bool,
    },
    List,
    Disable {
        username: String,
    },
    /// Let a user act for one more municipality as well (a shared access team,
    /// a region-wide admin). Each municipality is granted on its own; audited.
    Grant {
        username: String,
        /// CBS code, e.g. GM9902
        #[arg(long)]
        municipality: String,
    },
    ResetPassword {
        username: String,
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Subcommand)]
enum SecretsCommand {
    /// Print a new random key (32 bytes, base64) for KOMPAS_SECRET_KEY.
    NewKey,
    /// Re-encrypt every stored secret with KOMPAS_SECRET_KEY, opening those
    /// of older keys with KOMPAS_SECRET_KEY_OLD (comma-separated), in one
    /// transaction. Afterwards the old keys are no longer needed.
    Rotate,
}

#[derive(Subcommand)]
enum ImportCommand {
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

#[derive(Subcommand)]
enum PrivacyCommand {
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

#[derive(Subcommand)]
enum ExportCommand {
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

#[derive(Subcommand)]
enum AuditCommand {
    /// Re-check the hash chain; names the first broken row.
    Verify,
}

#[derive(Subcommand)]
enum GenerateCommand {
    /// Offers over all layers and life domains, with organisations, locations and
    /// wijken, saved through the normal path (validation and history).
    Offers {
        #[arg(long)]
        count: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// CBS code; created with twelve wijken when missing.
        #[arg(long, default_value = kompas::generate::DEFAULT_MUNICIPALITY)]
        municipality: String,
    },
    /// Case histories (questions, cases, referrals, assessments) as case events
    /// for the monitor, spread over the last years.
    Cases {
        #[arg(long)]
        households: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// CBS code of an existing municipality; its wijken are used.
        #[arg(long, default_value = "GM9901")]
        municipality: String,
        #[arg(long, default_value_t = 3)]
        years: i64,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Every monitor indicator over N generated case events: the in-memory
    /// engine against the same indicators as SQL GROUP BY on PostgreSQL.
    Monitor {
        #[arg(long, default_value_t = 1_000_000)]
        events: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// A PostgreSQL server (URL) where a scratch database may be created for the baseline.
        #[arg(long)]
        postgres: Option<String>,
        /// Measured rounds of each side (the best counts).
        #[arg(long, default_value_t = 3)]
        rounds: usize,
        /// work_mem for the SQL session, e.g. 256MB (default: the server's setting).
        #[arg(long)]
        work_mem: Option<String>,
    },
    /// Requests per second and p50/p99 of GET /health on loopback.
    Http {
        #[arg(long, default_value_t = 32)]
        connections: usize,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Benchmark a running server instead of starting one.
        #[arg(long)]
        addr: Option<std::net::SocketAddr>,
        #[arg(long, default_value = "/health")]
        path: String,
    },
    /// Search latency (server-side p50/p99) over a fixed query set on N generated
    /// offers, against PostgreSQL full-text search and the /health floor.
    Search {
        #[arg(long, default_value_t = 100_000)]
        offers: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// A PostgreSQL server (URL) where a scratch database may be created for the baseline.
        #[arg(long)]
        postgres: Option<String>,
        /// Query file (default: the committed crates/kompas/bench/queries.txt).
        #[arg(long)]
        queries: Option<PathBuf>,
        /// Measured rounds over the query set.
        #[arg(long, default_value_t = 20)]
        rounds: usize,
        /// Seconds per HTTP measurement.
        #[arg(long, default_value_t = 5)]
        http_seconds: u64,
        #[arg(long, default_value_t = 32)]
        connections: usize,
        /// Keep the generated database here and reuse it next time (default: a temporary directory).
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// Write each query's total and first ten offer ids to this file.
        #[arg(long)]
        dump: Option<PathBuf>,
    },
    /// The professionals' pages at scale: server-side p50/p99 and throughput of
    /// the queue and household pages over N generated households and M open
    /// questions, against the /health floor (SQLite, and PostgreSQL with --postgres).
    Toegang(kompas::bench_toegang::Options),
    /// The case page at scale: server-side p50/p99 and throughput of
    /// /werk/trajecten/{id} and "Mijn trajecten" over N generated households,
    /// cases with plans and case events, against the /health floor (SQLite,
    /// and PostgreSQL with --postgres).
    Plan(kompas::bench_plan::Options),
    /// The whole site under mixed load with the abuse limits on: residents,
    /// search, signed-in workers and scrapers hammering the HSDS API, each
    /// client with its own address behind a trusted proxy; requests, refusals,
    /// errors and server-side p50/p99 per kind against the /health floor.
    Load(kompas::bench_load::Options),
}

/// Prints a benchmark's summary, or says which benchmark failed.
fn report(summary: anyhow::Result<impl std::fmt::Display>, what: &str) -> anyhow::Result<()> {
    println!("{}", summary.with_context(|| format!("{what} mislukt"))?);
    Ok(())
}

fn init_logs(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("KOMPAS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.compact().init();
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("kompas: kan niet starten: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One clear line: what failed and why.
            eprintln!("kompas: {}", format!("{e:#}").replace('\n', " "));
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let env = ProcessEnv;
    match cli.command {
        Command::Demo { data_dir, listen } => {
            init_logs(false);
            if let Some(d) = &data_dir {
                std::env::set_var("KOMPAS_DATA_DIR", d);
            }
            if let Some(l) = &listen {
                std::env::set_var("KOMPAS_LISTEN", l);
            }
            let mut settings = Settings::load(cli.config.as_deref(), &env)?;
            // The demo serves plain HTTP on this machine, with its own key.
            settings.for_local_demo()?;
            let db = kompas::open_database(&settings).await?;
            if demo::load(&db, &settings.keyring()?, chrono::Utc::now()).await? {
                tracing::info!("demo municipality loaded");
            }
            let app = Application::build_default(&settings, db).await?;
            println!("Kompas draait op http://{}  (demo: gebruiker 'beheer' of 'redacteur', wachtwoord '{}')", app.addr, demo::DEMO_PASSWORD);
            app.run_until(kompas::shutdown_signal()).await
        }
        Command::Serve => {
            init_logs(true);
            let settings = Settings::load(cli.config.as_deref(), &env)?;
            let db = kompas::open_database(&settings).await?;
            let app = Application::build_default(&settings, db).await?;
            tracing::info!(addr = %app.addr, database = %settings.database_url, "serving");
            app.run_until(kompas::shutdown_signal()).await
        }
        Command::Migrate => {
            let settings = Settings::load(cli.config.as_deref(), &env)?;
            let db = kompas_store::Db::connect(&settings.database_url)
                .await
                .map_err(|e| {
                    anyhow::anyhow!("database {} is niet bereikbaar: {e}", settings.database_url)
                })?;
            let done = kompas_store::migrate::run(&db).await?;
            let now = kompas_store::migrate::current_version(&db).await?;
            println!(
                "database op versie {now} ({} migraties uitgevoerd)",
                done.len()
            );
            Ok(())
        }
        Command::User { action } => {
            let settings = Settings::load(cli.config.as_deref(), &env)?;
            let db = kompas::open_database(&settings).await?;
            match action {
                UserCommand::Add {
                    username,
                    name,
                    role,
                    municipality,
                    organisation,
                    password_stdin,
                } => {
                    let (password, show) = if password_stdin {
                        (commands::password_from_stdin()?, false)
                    } else {
                        (commands::random_password(), true)
                    };
                    commands::user_add(
                        &db,
                        commands::AddUser {
                            username: username.clone(),
                            name,
                            role,
                            municipality,
                            organisation,
                            password: password.clone(),
                        },
                    )
                    .await?;
                    println!("gebruiker {username} aangemaakt");
                    if show {
                        println!("eerste wachtwoord: {password}");
                    }
                }
                UserCommand::List => commands::user_list(&db, &mut std::io::stdout()).await?,
                UserCommand::Disable { username } => {
                    commands::user_disable(&db, &username).await?;
                    println!("gebruiker {username} geblokkeerd; zijn sessies zijn beëindigd");
                }
                UserCommand::Grant {
                    username,
                    municipality,
                } => {
                    commands::user_grant(&db, &username, &municipality).await?;
                    println!("gebruiker {username} werkt nu ook voor {municipality}");
                }
                UserCommand::ResetPassword {
                    username,
                    password_stdin,
                } => {
                    let password = if password_stdin {
                        commands::password_from_stdin()?
                    } else {
                        commands::random_password()
                    };
                    commands::user_reset_password(&db, &username, password.clone()).await?;
                    println!("wachtwoord van {username} opnieuw ingesteld");
                    if !password_stdin {
                        println!("nieuw wachtwoord: {password}");
                    }
                }
            }
            Ok(())
        }
        Command::Municipality { code, name, region } => {
            let settings = Settings::load(cli.config.as_deref(), &env)?;
            let db = kompas::open_database(&settings).await?;
            commands::municipality_add(&db, &code, &name, region.as_deref()).await?;
            println!("gemeente {name} ({code}) toegevoegd");
            Ok(())
        }
        Command::Organisation {
            municipality,
            name,
            kind,
        } => {
            let settings = Settings::load(cli.config.as_deref(), &env)?;
            let db = kompas::open_database(&settings).await?;
            commands::organisation_add(&db, &municipality, &name, &kind).await?;
            println!("organisatie {name} toegevoegd");
            Ok(())
        }
        Command::Import {
            what:
                ImportCommand::Hsds {
                    path,
                    dry_run,
                    municipality,
                },
        } => {
            let settings = Settings::load(cli.config.as_deref(), &env)?;
            let db = kompas::open_database(&settings).await?;
            let args = kompas::hsds_cli::ImportArgs {
                path,
                dry_run,
                municipality,
            };
            let report = kompas::hsds_cli::import(&db, &args, &mut std::io::stdout()).await?;
            if !report.ok() {
                anyhow::bail!(
                    "import geweigerd: {} fout(en); er is niets opgeslagen",
                    report.errors.len()
                );
            }
            Ok(())
        }
        Command::Import {
            what:
                ImportCommand::Measurements {
                    file,
                    municipality,
                    region,
                    confirm,
                    dry_run,
                },
        } => {
            let settings = Settings::load(cli.config.as_deref(), &env)?;
            let db = kompas::open_database(&settings).await?;
            let scope = monitor_cli::scope(&db, municipality.as_deref(), region).await?;
            monitor_cli::import_measurements(
                &db,
                &file,
                scope,
                confirm,
                dry_run,
                &mut std::io::stdout(),
            )
            .await
        }
        Command::Privacy { what } => {
            let settings = Settings::load(cli.config.as_deref(), &env)?;
            let db = kompas::open_database(&settings).await?;
            let mut out = std::io::stdout();
            match what {
                PrivacyCommand::Export {
                    member,
                    bsn,
                    out: dir,
                } => {
                    let person = match (member, bsn.as_deref()) {
                        (Some(id), None) => kompas::privacy_cli::Person::Member(id),
                        (None, Some(b)) => kompas::privacy_cli::Person::Bsn(b),
                        _ => anyhow::bail!("geef een persoonsnummer of --bsn, niet allebei"),
                    };
                    kompas::privacy_cli::export(&db, person, &dir, &mut out).await
                }
                PrivacyCommand::Retention { dry_run } => {
                    let today = kompas_domain::dutch_time::local(chrono::Utc::now()).date();
                    kompas::privacy_cli::retention(&db, today, dry_run, &mut out)
                        .await
                        .map(|_| ())
                }
            }
        }
        Command::Import {
            what:
                ImportCommand::Signals {
                    file,
                    municipality,
                    skip_invalid,
                    dry_run,
                },
        } => {
            let settings = Settings::load(cli.config.as_deref(), &env)?;
            let db = kompas::open_database(&settings).await?;
            kompas::signals_cli::import_signals(
                &db,
                &kompas::signals_cli::SignalsImport {
                    file: &file,
                    municipality: municipality.as_deref(),
                    skip_invalid,
                    dry_run,
                    first_contact_days: settings.first_contact_days,
                    holidays: settings.holidays,
                },
                &mut std::io::stdout(),
            )
            .await
        }
        Command::Import {
            what:
                ImportCommand::Cbs {
                    file,
                    municipality,
                    dry_run,
                },
        } => {
            let settings = Settings::load(cli.config.as_deref(), &env)?;
            let db = kompas::open_database(&settings).await?;
            monitor_cli::import_cbs(
                &db,
                &file,
                municipality.as_deref(),
                dry_run,
                &mut std::io::stdout(),
            )
            .await
        }
        Command::Import {
            what:
                ImportCommand::Doelenboom {
                    file,
                    municipality,
                    region,
                    dry_run,
                },
        } => {
            let settings = Settings::load(cli.config.as_deref(), &env)?;
            let db = kompas::open_database(&settings).await?;
            let scope = monitor_cli::scope(&db, municipality.as_deref(), region).await?;
            monitor_cli::import_goal_tree(&db, &file, scope, dry_run, &mut std::io::stdout()).await
        }
        Command::Export {
            what:
                ExportCommand::Doelenboom {
                    file,
                    municipality,
                    region,
                },
        } => {
            let settings = Settings::load(cli.config.as_deref(), &env)?;
            let db = kompas::open_database(&settings).await?;
            let scope = monitor_cli::scope(&db, municipality.as_deref(), region).await?;
            monitor_cli::export_goal_tree(&db, scope, file.as_deref(), &mut std::io::stdout()).await
        }
        Command::Generate {
            what:
                GenerateCommand::Cases {
                    households,
                    seed,
                    municipality,
                    years,
                },
        } => {
            let settings = Settings::load(cli.config.as_deref(), &env)?;
            let db = kompas::open_database(&settings).await?;
            monitor_cli::generate_cases(
                &db,
                &municipality,
                households,
                seed,
                years,
                &mut std::io::stdout(),
            )
            .await
        }
        Command::Bench {
            what:
                BenchCommand::Monitor {
                    events,
                    seed,
                    postgres,
                    rounds,
                    work_mem,
                },
        } => {
            println!("kompas bench monitor: {events} gebeurtenissen (seed {seed})");
            let summary = kompas::bench_monitor::run(&kompas::bench_monitor::Options {
                events,
                seed,
                postgres,
                rounds,
                work_mem,
            })
            .await
            .context("monitorbenchmark mislukt")?;
            println!("{summary}");
            summary.check()
        }
        Command::Export {
            what: ExportCommand::Hsds { dir },
        } => {
            let settings = Settings::load(cli.config.as_deref(), &env)?;
            let db = kompas::open_database(&settings).await?;
            kompas::hsds_cli::export(&db, &dir, &mut std::io::stdout()).await?;
            Ok(())
        }
        Command::Secrets {
            action: SecretsCommand::NewKey,
        } => {
            let key = kompas_domain::secret_key::MasterKey::generate(&mut rand::rngs::OsRng);
            println!("{}", secrecy::ExposeSecret::expose_secret(&key));
            Ok(())
        }
        Command::Secrets {
            action: SecretsCommand::Rotate,
        } => {
            let settings = Settings::load(cli.config.as_deref(), &env)?;
            let keyring = settings.keyring()?;
            let db = kompas::open_database(&settings).await?;
            let r = kompas_store::secrets::rotate(&db, &keyring, chrono::Utc::now()).await?;
            println!(
                "geheimen versleuteld met sleutel {}: {} opnieuw versleuteld ({} van een oude sleutel, {} waren onversleuteld), {} al met deze sleutel{}",
                keyring.current_id(),
                r.changed(),
                r.old_key,
                r.plaintext,
                r.current,
                if r.changed_meanwhile > 0 {
                    format!(", {} intussen gewijzigd (draai het nog eens)", r.changed_meanwhile)
                } else {
                    String::new()
                }
            );
            Ok(())
        }
        Command::Backup { file } => {
            let settings = Settings::load(cli.config.as_deref(), &env)?;
            let db = kompas::open_database(&settings).await?;
            let s = commands::backup_to(&db, &file).await?;
            println!(
                "back-up geschreven naar {}: {} regels, schemaversie {}",
                file.display(),
                s.rows,
                s.schema_version
            );
            Ok(())
        }
        Command::Restore { file } => {
            let settings = Settings::load(cli.config.as_deref(), &env)?;
            let db = kompas::open_database(&settings).await?;
            let s = commands::restore_from(&db, &file).await?;
            println!("back-up teruggezet: {} regels", s.rows);
            Ok(())
        }
        Command::Audit {
            action: AuditCommand::Verify,
        } => {
            let settings = Settings::load(cli.config.as_deref(), &env)?;
            let db = kompas::open_database(&settings).await?;
            commands::audit_verify(&db, &mut std::io::stdout()).await
        }
        Command::Generate {
            what:
                GenerateCommand::Offers {
                    count,
                    seed,
                    municipality,
                },
        } => {
            let settings = Settings::load(cli.config.as_deref(), &env)?;
            let db = kompas::open_database(&settings).await?;
            println!("{count} aanbiedingen genereren in {municipality} (seed {seed})");
            let mut last = usize::MAX;
            let report = kompas::generate::run(
                &db,
                &kompas::generate::Options {
                    count,
                    seed,
                    municipality,
                },
                chrono::Utc::now(),
                |p| {
                    let tenth = (p.done * 10).checked_div(p.total).unwrap_or(10);
                    if tenth != last || p.done == p.total {
                        last = tenth;
                        println!(
                            "  {:>7} / {}  {:.0} aanbiedingen/s",
                            p.done,
                            p.total,
                            p.rate()
                        );
                    }
                },
            )
            .await?;
            println!("{report}");
            Ok(())
        }
        Command::Bench {
            what:
                BenchCommand::Search {
                    offers,
                    seed,
                    postgres,
                    queries,
                    rounds,
                    http_seconds,
                    connections,
                    data_dir,
                    dump,
                },
        } => {
            let summary = kompas::bench_search::run(&kompas::bench_search::Options {
                offers,
                seed,
                postgres,
                queries,
                rounds,
                http_seconds,
                connections,
                data_dir,
                dump,
            })
            .await
            .context("zoekbenchmark mislukt")?;
            println!("{summary}");
            Ok(())
        }
        Command::Bench {
            what: BenchCommand::Toegang(options),
        } => report(
            kompas::bench_toegang::run(&options).await,
            "toegangbenchmark",
        ),
        Command::Bench {
            what: BenchCommand::Plan(options),
        } => report(kompas::bench_plan::run(&options).await, "planbenchmark"),
        Command::Bench {
            what: BenchCommand::Load(options),
        } => report(kompas::bench_load::run(&options).await, "lastbenchmark"),
        Command::Bench {
            what:
                BenchCommand::Http {
                    connections,
                    seconds,
                    addr,
                    path,
                },
        } => {
            let duration = std::time::Duration::from_secs(seconds.clamp(1, 300));
            let target = match addr {
                Some(a) => a,
                None => {
                    // A throw-away server on a temporary SQLite database.
                    let dir =
                        std::env::temp_dir().join(format!("kompas-bench-{}", std::process::id()));
                    std::env::set_var("KOMPAS_DATA_DIR", &dir);
                    std::env::set_var(
                        "KOMPAS_DATABASE_URL",
                        format!("sqlite://{}", dir.join("bench.db").display()),
                    );
                    std::env::set_var("KOMPAS_LISTEN", "127.0.0.1:0");
                    let mut settings = Settings::load(cli.config.as_deref(), &env)?;
                    settings.for_local_demo()?;
                    let db = kompas::open_database(&settings).await?;
                    demo::load(&db, &settings.keyring()?, chrono::Utc::now()).await?;
                    let app = Application::build_default(&settings, db).await?;
                    let a = app.addr;
                    tokio::spawn(app.run_until(std::future::pending()));
                    a
                }
            };
            let r = kompas::bench::run(target, &path, connections, duration)
                .await
                .context("benchmark mislukt")?;
            let caches =
                "die van de server zoals ingesteld (antwoordcache standaard aan, alleen /api/hsds)";
            println!("{}\n{r}", kompas::bench::header(caches));
            Ok(())
        }
    }
}
