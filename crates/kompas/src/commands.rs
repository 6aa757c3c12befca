//! Operator commands. Each change is audited like the same change in the web
//! interface, with the operating-system user as the actor.

use anyhow::{bail, Context};
use kompas_domain::{AuditAction, AuditEntry, AuditOutcome, MunicipalityScope, Role, Username};
use kompas_store::users::NewUser;
use kompas_store::{audit, backup, tenancy, users, Db, Tx};
use std::io::{BufRead, Write};
use std::path::Path;

pub(crate) fn cli_entry(
    action: AuditAction,
    object_type: &str,
    object_id: Option<String>,
    municipality_id: Option<i64>,
    detail: String,
) -> AuditEntry {
    let os_user = std::env::var("USER").unwrap_or_else(|_| "onbekend".into());
    AuditEntry {
        at: kompas_store::time::to_db(chrono::Utc::now()),
        actor_user_id: None,
        actor_username: Some(format!("opdrachtregel:{os_user}")),
        actor_role: Some("admin".into()),
        actor_organization_id: None,
        municipality_id,
        action,
        object_type: object_type.into(),
        object_id,
        subject: None,
        purpose: Some("beheer".into()),
        legal_ground: None,
        outcome: AuditOutcome::Success,
        detail: Some(detail),
    }
}

/// Appends the command's audit row to `tx` and commits: the change and its
/// record are one transaction.
async fn commit_audited(
    mut tx: Tx,
    action: AuditAction,
    object: (&str, Option<i64>),
    municipality_id: Option<i64>,
    detail: String,
) -> anyhow::Result<()> {
    let (object_type, object_id) = object;
    let entry = cli_entry(
        action,
        object_type,
        object_id.map(|id| id.to_string()),
        municipality_id,
        detail,
    );
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}

/// The account with this login name (any case).
async fn existing_user(db: &Db, username: &str) -> anyhow::Result<users::User> {
    users::by_username(db, &username.to_lowercase())
        .await?
        .with_context(|| format!("gebruiker '{username}' bestaat niet"))
}

/// A random password of 16 letters and digits, for accounts made from the command line.
pub fn random_password() -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..16)
        .map(|_| char::from(CHARS[rng.gen_range(0..CHARS.len())]))
        .collect()
}

/// Reads one line from standard input (for `--password-stdin`).
pub fn password_from_stdin() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

pub struct AddUser {
    pub username: String,
    pub name: String,
    pub role: String,
    pub municipality: String,
    pub organisation: Option<String>,
    pub password: String,
}

pub async fn user_add(db: &Db, a: AddUser) -> anyhow::Result<i64> {
    let username =
        Username::parse(&a.username).map_err(|e| anyhow::anyhow!("gebruikersnaam: {e}"))?;
    let role: Role = a.role.parse()?;
    let m = tenancy::municipality_by_code(db, &a.municipality).await?;
    let organization_id = match &a.organisation {
        Some(name) => Some(tenancy::organization_by_name(db, m.id, name).await?.id),
        None => None,
    };
    kompas_web::auth::password::check_strength(&a.password)
        .map_err(|e| anyhow::anyhow!("wachtwoord: {e}"))?;
    let hash = kompas_web::auth::password::hash(a.password).await?;
    let mut tx = db.writer().begin().await?;
    let id = users::create(
        &mut tx,
        &NewUser {
            username: username.clone(),
            display_name: a.name,
            role,
            municipality_id: m.id,
            organization_id,
            password_hash: Some(hash),
        },
        chrono::Utc::now(),
    )
    .await?;
    commit_audited(
        tx,
        AuditAction::Create,
        ("user", Some(id)),
        Some(m.id),
        format!("gebruiker {username} met rol {role}"),
    )
    .await?;
    Ok(id)
}

pub async fn user_list(db: &Db, out: &mut impl Write) -> anyhow::Result<()> {
    writeln!(
        out,
        "{:<24} {:<14} {:<8} {:<10} naam",
        "gebruikersnaam", "rol", "gemeente", "status"
    )?;
    for m in tenancy::municipalities(db).await? {
        for u in users::list(db, &MunicipalityScope::single(m.id)).await? {
            let status = if u.disabled { "geblokkeerd" } else { "actief" };
            writeln!(
                out,
                "{:<24} {:<14} {:<8} {:<10} {}",
                u.username, u.role, m.cbs_code, status, u.display_name
            )?;
        }
    }
    Ok(())
}

pub async fn user_disable(db: &Db, username: &str) -> anyhow::Result<()> {
    let u = existing_user(db, username).await?;
    let mut tx = db.writer().begin().await?;
    users::set_disabled(
        &mut tx,
        &MunicipalityScope::single(u.municipality_id),
        u.id,
        true,
        chrono::Utc::now(),
    )
    .await?;
    commit_audited(
        tx,
        AuditAction::Update,
        ("user", Some(u.id)),
        Some(u.municipality_id),
        format!("gebruiker {} geblokkeerd", u.username),
    )
    .await?;
    Ok(())
}

/// The operator grants a user a municipality besides their own.
pub async fn user_grant(db: &Db, username: &str, municipality: &str) -> anyhow::Result<()> {
    let u = existing_user(db, username).await?;
    let m = tenancy::municipality_by_code(db, municipality).await?;
    if m.id == u.municipality_id {
        bail!("{} is al de eigen gemeente van {}", m.name, u.username);
    }
    let both = MunicipalityScope::with_grants(u.municipality_id, [m.id]);
    let mut tx = db.writer().begin().await?;
    users::grant_municipality(&mut tx, &both, u.id, m.id, None, chrono::Utc::now()).await?;
    commit_audited(
        tx,
        AuditAction::Update,
        ("user", Some(u.id)),
        Some(m.id),
        format!(
            "gebruiker {} werkt nu ook voor {} ({})",
            u.username, m.name, m.cbs_code
        ),
    )
    .await?;
    Ok(())
}

pub async fn user_reset_password(db: &Db, username: &str, password: String) -> anyhow::Result<()> {
    let u = existing_user(db, username).await?;
    kompas_web::auth::password::check_strength(&password)
        .map_err(|e| anyhow::anyhow!("wachtwoord: {e}"))?;
    let hash = kompas_web::auth::password::hash(password).await?;
    let mut tx = db.writer().begin().await?;
    users::set_password_hash(&mut tx, &u.username, &hash, chrono::Utc::now()).await?;
    users::clear_login_attempts(&mut tx, &u.username).await?;
    commit_audited(
        tx,
        AuditAction::Update,
        ("user", Some(u.id)),
        Some(u.municipality_id),
        format!("wachtwoord van {} opnieuw ingesteld", u.username),
    )
    .await?;
    Ok(())
}

pub async fn municipality_add(
    db: &Db,
    code: &str,
    name: &str,
    region: Option<&str>,
) -> anyhow::Result<i64> {
    let mut tx = db.writer().begin().await?;
    let region_id = match region {
        None => None,
        Some(r) => Some(
            match sqlx::query_scalar::<_, i64>("SELECT id FROM regions WHERE name = $1")
                .bind(r)
                .fetch_optional(&mut *tx)
                .await?
            {
                Some(id) => id,
                None => tenancy::create_region(&mut tx, r).await?,
            },
        ),
    };
    let id = tenancy::create_municipality(&mut tx, code, name, region_id).await?;
    commit_audited(
        tx,
        AuditAction::Create,
        ("municipality", Some(id)),
        Some(id),
        format!("gemeente {name} ({code})"),
    )
    .await?;
    Ok(id)
}

pub async fn organisation_add(
    db: &Db,
    municipality: &str,
    name: &str,
    kind: &str,
) -> anyhow::Result<i64> {
    let m = tenancy::municipality_by_code(db, municipality).await?;
    let mut tx = db.writer().begin().await?;
    let id = tenancy::create_organization(&mut tx, m.id, name, kind).await?;
    commit_audited(
        tx,
        AuditAction::Create,
        ("organization", Some(id)),
        Some(m.id),
        format!("organisatie {name}"),
    )
    .await?;
    Ok(id)
}

/// Writes the backup next to `path` first and renames it into place, so a
/// half-written file never carries the final name.
pub async fn backup_to(db: &Db, path: &Path) -> anyhow::Result<backup::BackupSummary> {
    let tmp = path.with_extension("part");
    let file =
        std::fs::File::create(&tmp).with_context(|| format!("kan {} niet maken", tmp.display()))?;
    let mut w = std::io::BufWriter::new(file);
    let summary = backup::backup(db, &mut w).await?;
    let file = w
        .into_inner()
        .map_err(|e| anyhow::anyhow!("schrijven mislukt: {e}"))?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)?;
    commit_audited(
        db.writer().begin().await?,
        AuditAction::Export,
        ("backup", None),
        None,
        format!("back-up van {} regels", summary.rows),
    )
    .await?;
    Ok(summary)
}

pub async fn restore_from(db: &Db, path: &Path) -> anyhow::Result<backup::BackupSummary> {
    let file =
        std::fs::File::open(path).with_context(|| format!("kan {} niet openen", path.display()))?;
    let summary = backup::restore(db, std::io::BufReader::new(file)).await?;
    Ok(summary)
}

/// Prints the outcome; an error when the chain is broken.
pub async fn audit_verify(db: &Db, out: &mut impl Write) -> anyhow::Result<()> {
    match audit::verify(db).await? {
        audit::Verification::Intact { rows } => {
            writeln!(out, "auditlog in orde: {rows} regels gecontroleerd")?;
            Ok(())
        }
        audit::Verification::Broken(b) => bail!("auditlog NIET in orde: {b}"),
    }
}
