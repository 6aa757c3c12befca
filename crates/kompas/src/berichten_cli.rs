//! `kompas berichten export|import`: the iWmo/iJw messages as files, the way
//! the municipal hub (GGk) delivers and collects them.

use crate::commands::cli_entry;
use anyhow::Context;
use kompas_domain::{AuditAction, MunicipalityScope};
use kompas_store::{audit, tenancy, Db};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The municipalities a command works for: one by CBS code, or all.
async fn scope_of(db: &Db, municipality: Option<&str>) -> anyhow::Result<MunicipalityScope> {
    let ids: Vec<i64> = match municipality {
        Some(code) => vec![tenancy::municipality_by_code(db, code).await?.id],
        None => tenancy::municipalities(db)
            .await?
            .into_iter()
            .map(|m| m.id)
            .collect(),
    };
    MunicipalityScope::new(ids).context("geen gemeente in de database")
}

/// Writes every pending outgoing message as one XML file in `out`; they
/// count as collected only once all files are written.
pub async fn export(
    db: &Db,
    municipality: Option<&str>,
    out: &Path,
    w: &mut impl Write,
) -> anyhow::Result<usize> {
    let scope = scope_of(db, municipality).await?;
    std::fs::create_dir_all(out).with_context(|| format!("map {} maken", out.display()))?;
    let mut tx = db.begin().await?;
    let files = kompas_app::berichten::export(&mut tx, &scope, None, chrono::Utc::now()).await?;
    for f in &files {
        let path = out.join(&f.file_name);
        std::fs::write(&path, &f.xml).with_context(|| format!("{} schrijven", path.display()))?;
        writeln!(w, "{}", path.display())?;
    }
    let ids: Vec<String> = files.iter().map(|f| f.id.to_string()).collect();
    let entry = cli_entry(
        AuditAction::Export,
        "berichten",
        None,
        scope
            .ids()
            .first()
            .copied()
            .filter(|_| scope.ids().len() == 1),
        format!("{} bericht(en) opgehaald: {}", files.len(), ids.join(", ")),
    );
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    writeln!(
        w,
        "{} bericht(en) geschreven naar {}",
        files.len(),
        out.display()
    )?;
    Ok(files.len())
}

/// Reads each file as one incoming message, all or nothing per file, and
/// puts the return messages in the outbox. Returns how many were refused.
pub async fn import(db: &Db, files: &[PathBuf], w: &mut impl Write) -> anyhow::Result<usize> {
    let mut refused = 0;
    for file in files {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
        match import_one(db, file, name.as_deref()).await {
            Ok(done) => {
                writeln!(w, "{}: {}", file.display(), done.summary)?;
                for p in &done.problems {
                    writeln!(w, "  - {p}")?;
                }
                if done.reply_id.is_some() {
                    writeln!(w, "  retourbericht klaargezet")?;
                }
            }
            Err(e) => {
                refused += 1;
                writeln!(
                    w,
                    "{}: geweigerd, er is niets opgeslagen: {e:#}",
                    file.display()
                )?;
            }
        }
    }
    Ok(refused)
}

async fn import_one(
    db: &Db,
    file: &Path,
    name: Option<&str>,
) -> anyhow::Result<kompas_app::berichten::Imported> {
    let bytes = std::fs::read(file).with_context(|| format!("{} lezen", file.display()))?;
    let code = kompas_app::berichten::addressed_to(&bytes)?;
    let m = tenancy::municipality_by_code(db, &format!("GM{code}"))
        .await
        .with_context(|| format!("gemeente {code} staat niet in deze installatie"))?;
    let scope = MunicipalityScope::single(m.id);
    let mut tx = db.begin().await?;
    let done =
        kompas_app::berichten::import(&mut tx, &scope, m.id, name, &bytes, chrono::Utc::now())
            .await?;
    let entry = cli_entry(
        AuditAction::Create,
        "bericht",
        Some(done.message_id.to_string()),
        Some(m.id),
        done.summary.clone(),
    );
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(done)
}
