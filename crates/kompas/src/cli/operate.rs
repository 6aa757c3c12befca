//! Running and keeping the installation: `demo`, `serve`, `migrate`,
//! `secrets`, `backup`, `restore` and `audit`.

use super::open;
use kompas::settings::{ProcessEnv, Settings};
use kompas::{commands, Application};
use kompas_devtools::demo;
use std::path::{Path, PathBuf};

#[derive(clap::Subcommand)]
pub enum SecretsCommand {
    /// Print a new random key (32 bytes, base64) for KOMPAS_SECRET_KEY.
    NewKey,
    /// Re-encrypt every stored secret with KOMPAS_SECRET_KEY, opening those
    /// of older keys with KOMPAS_SECRET_KEY_OLD (comma-separated), in one
    /// transaction. Afterwards the old keys are no longer needed.
    Rotate,
}

#[derive(clap::Subcommand)]
pub enum AuditCommand {
    /// Re-check the hash chain; names the first broken row.
    Verify,
}

pub(crate) fn init_logs(json: bool) {
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

pub async fn demo(
    config: Option<&Path>,
    data_dir: Option<PathBuf>,
    listen: Option<String>,
) -> anyhow::Result<()> {
    init_logs(false);
    if let Some(d) = &data_dir {
        std::env::set_var("KOMPAS_DATA_DIR", d);
    }
    if let Some(l) = &listen {
        std::env::set_var("KOMPAS_LISTEN", l);
    }
    let mut settings = Settings::load(config, &ProcessEnv)?;
    // The demo serves plain HTTP on this machine, with its own key.
    settings.for_local_demo()?;
    let db = kompas::open_database(&settings).await?;
    if demo::load(&db, &settings.keyring()?, chrono::Utc::now()).await? {
        tracing::info!("demo municipality loaded");
    }
    let app = Application::build_default(&settings, db).await?;
    println!(
        "Kompas draait op http://{}  (demo: gebruiker 'beheer' of 'redacteur', wachtwoord '{}')",
        app.addr,
        demo::DEMO_PASSWORD
    );
    app.run_until(kompas::shutdown_signal()).await
}

pub async fn serve(config: Option<&Path>) -> anyhow::Result<()> {
    init_logs(true);
    let (settings, db) = open(config).await?;
    let app = Application::build_default(&settings, db).await?;
    tracing::info!(addr = %app.addr, database = %settings.database_url, "serving");
    app.run_until(kompas::shutdown_signal()).await
}

pub async fn migrate(config: Option<&Path>) -> anyhow::Result<()> {
    let settings = Settings::load(config, &ProcessEnv)?;
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

pub async fn secrets(config: Option<&Path>, action: SecretsCommand) -> anyhow::Result<()> {
    match action {
        SecretsCommand::NewKey => {
            let key = kompas_domain::secret_key::MasterKey::generate(&mut rand::rngs::OsRng);
            println!("{}", secrecy::ExposeSecret::expose_secret(&key));
        }
        SecretsCommand::Rotate => {
            let settings = Settings::load(config, &ProcessEnv)?;
            let keyring = settings.keyring()?;
            let db = kompas::open_database(&settings).await?;
            let r = kompas_store::secrets::rotate(&db, &keyring, chrono::Utc::now()).await?;
            let mut line = format!(
                "geheimen versleuteld met sleutel {}: {} opnieuw versleuteld ({} van een oude sleutel, {} waren onversleuteld), {} al met deze sleutel",
                keyring.current_id(),
                r.changed(),
                r.old_key,
                r.plaintext,
                r.current,
            );
            if r.changed_meanwhile > 0 {
                line += &format!(
                    ", {} intussen gewijzigd (draai het nog eens)",
                    r.changed_meanwhile
                );
            }
            println!("{line}");
        }
    }
    Ok(())
}

pub async fn backup(config: Option<&Path>, file: &Path) -> anyhow::Result<()> {
    let (_, db) = open(config).await?;
    let s = commands::backup_to(&db, file).await?;
    println!(
        "back-up geschreven naar {}: {} regels, schemaversie {}",
        file.display(),
        s.rows,
        s.schema_version
    );
    Ok(())
}

pub async fn restore(config: Option<&Path>, file: &Path) -> anyhow::Result<()> {
    let (_, db) = open(config).await?;
    let s = commands::restore_from(&db, file).await?;
    println!("back-up teruggezet: {} regels", s.rows);
    Ok(())
}

pub async fn audit(config: Option<&Path>, action: AuditCommand) -> anyhow::Result<()> {
    let (_, db) = open(config).await?;
    match action {
        AuditCommand::Verify => commands::audit_verify(&db, &mut std::io::stdout()).await,
    }
}
