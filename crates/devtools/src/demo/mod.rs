//! The demo municipality: fictional places, organisations and one account per
//! role. Everything here is invented for Kompas; no real persons or places.

pub mod berichten;
pub mod directory;
pub mod maatwerk;
pub mod monitor;
pub mod plan;
pub mod toegang;

use kompas_domain::secret_key::Keyring;
use kompas_domain::{AuditAction, AuditEntry, AuditOutcome, Role, Username};
use kompas_store::users::NewUser;
use kompas_store::{audit, tenancy, users, Db};

/// The password of every demo account. Demo only: never use on real data.
pub const DEMO_PASSWORD: &str = "Kompas-demo-2026";
/// The TOTP secret of the demo accounts that need a second factor (base32).
pub const DEMO_TOTP_SECRET: &str = "KOMPASDEMOKOMPASDEMOKOMPASDEMO23";

pub struct DemoAccount {
    pub username: &'static str,
    pub name: &'static str,
    pub role: Role,
    pub municipality: &'static str,
    pub organization: Option<&'static str>,
}

pub const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        username: "beheer",
        name: "Bram Beheerder",
        role: Role::Admin,
        municipality: "GM9901",
        organization: None,
    },
    DemoAccount {
        username: "redacteur",
        name: "Roos de Redacteur",
        role: Role::Editor,
        municipality: "GM9901",
        organization: None,
    },
    DemoAccount {
        username: "partner",
        name: "Pieter van Welzijn",
        role: Role::Partner,
        municipality: "GM9901",
        organization: Some("Stichting Welzijn Wilgendaal"),
    },
    DemoAccount {
        username: "aanbieder",
        name: "Anouk van de Kompasroos",
        role: Role::Partner,
        municipality: "GM9901",
        organization: Some("Jeugdhulp De Kompasroos"),
    },
    DemoAccount {
        username: "consulent",
        name: "Claire Consulent",
        role: Role::Professional,
        municipality: "GM9901",
        organization: None,
    },
    DemoAccount {
        username: "regisseur",
        name: "Ravi Regisseur",
        role: Role::Coordinator,
        municipality: "GM9901",
        organization: None,
    },
    DemoAccount {
        username: "teamleider",
        name: "Tineke Teamleider",
        role: Role::TeamLead,
        municipality: "GM9901",
        organization: None,
    },
    DemoAccount {
        username: "beleid",
        name: "Bas Beleid",
        role: Role::Policy,
        municipality: "GM9901",
        organization: None,
    },
    DemoAccount {
        username: "contractbeheer",
        name: "Carla Contractbeheer",
        role: Role::ContractManager,
        municipality: "GM9901",
        organization: None,
    },
    DemoAccount {
        username: "beheer-beekhuizen",
        name: "Bea Beekhuizen",
        role: Role::Admin,
        municipality: "GM9902",
        organization: None,
    },
];

/// Loads the demo municipality unless the database already has one.
/// Returns false when there was already data.
/// The demo TOTP secret is sealed with `keyring`, like every stored secret.
pub async fn load(
    db: &Db,
    keyring: &Keyring,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<bool> {
    if !tenancy::municipalities(db).await?.is_empty() {
        return Ok(false);
    }
    let mut hashes = Vec::new();
    // One hash per account, computed before the transaction (argon2 is slow on purpose).
    for _ in ACCOUNTS {
        hashes.push(kompas_web::auth::password::hash(DEMO_PASSWORD.to_string()).await?);
    }
    let mut tx = db.writer().begin().await?;
    let region = tenancy::create_region(&mut tx, "Regio Wilgenland").await?;
    let wilgendaal =
        tenancy::create_municipality(&mut tx, "GM9901", "Wilgendaal", Some(region)).await?;
    let beekhuizen =
        tenancy::create_municipality(&mut tx, "GM9902", "Beekhuizen", Some(region)).await?;
    // How residents reach Wilgendaal: the footer of every public page.
    let scope = kompas_domain::MunicipalityScope::single(wilgendaal);
    kompas_store::municipality_contact::save_contact(
        &mut tx,
        &scope,
        wilgendaal,
        &kompas_domain::contact::MunicipalContact {
            phone: "14 0999".into(),
            visiting_address: "Raadhuisplein 1, 9901 AA Wilgendaal".into(),
            postal_address: "Postbus 100, 9900 AC Wilgendaal".into(),
            email: "info@wilgendaal.example".into(),
            opening_hours: "Maandag tot en met vrijdag 8.30 tot 17.00 uur".into(),
            website: "https://www.wilgendaal.example".into(),
            privacy_email: "privacy@wilgendaal.example".into(),
            accessibility: kompas_domain::contact::AccessibilityStatus::Partial,
            accessibility_checked_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 2),
        },
    )
    .await?;
    for (m, name, kind) in [
        (wilgendaal, "Gemeente Wilgendaal", "gemeente"),
        (wilgendaal, "Sociaal Team Wilgendaal", "gemeente"),
        (wilgendaal, "Stichting Welzijn Wilgendaal", "welzijn"),
        (wilgendaal, "Jeugdhulp De Kompasroos", "zorgaanbieder"),
        (wilgendaal, "Basisschool De Vlinderboom", "school"),
        (wilgendaal, "Woonstichting Wilgenhof", "woningcorporatie"),
        (beekhuizen, "Gemeente Beekhuizen", "gemeente"),
    ] {
        tenancy::create_organization(&mut tx, m, name, kind).await?;
    }
    for (a, hash) in ACCOUNTS.iter().zip(hashes) {
        let municipality_id = if a.municipality == "GM9901" {
            wilgendaal
        } else {
            beekhuizen
        };
        let organization_id = match a.organization {
            Some(name) => Some(
                sqlx::query_scalar::<_, i64>(
                    "SELECT id FROM organizations WHERE municipality_id = $1 AND name = $2",
                )
                .bind(municipality_id)
                .bind(name)
                .fetch_one(&mut *tx)
                .await?,
            ),
            None => None,
        };
        let id = users::create(
            &mut tx,
            &NewUser {
                username: Username::parse(a.username).map_err(|e| anyhow::anyhow!("{e}"))?,
                display_name: a.name.to_string(),
                role: a.role,
                municipality_id,
                organization_id,
                password_hash: Some(hash),
            },
            now,
        )
        .await?;
        if a.role.requires_second_factor() {
            let sealed = kompas_store::secrets::seal_totp(keyring, id, DEMO_TOTP_SECRET)?;
            users::set_totp_secret(&mut tx, id, Some(&sealed), now).await?;
        }
    }
    audit::append(
        &mut tx,
        &AuditEntry {
            at: kompas_store::time::to_db(now),
            actor_user_id: None,
            actor_username: Some("kompas demo".into()),
            actor_role: None,
            actor_organization_id: None,
            municipality_id: Some(wilgendaal),
            action: AuditAction::Create,
            object_type: "demo".into(),
            object_id: None,
            subject: None,
            purpose: Some("demonstratie".into()),
            legal_ground: None,
            outcome: AuditOutcome::Success,
            detail: Some(format!(
                "demogemeente geladen met {} accounts",
                ACCOUNTS.len()
            )),
        },
    )
    .await?;
    tx.commit().await?;
    crate::demo::directory::load(db, wilgendaal, &crate::demo::directory::embedded(), now).await?;
    crate::demo::toegang::load(db, now).await?;
    crate::demo::plan::load(db, now).await?;
    crate::demo::monitor::load(db, now).await?;
    crate::demo::maatwerk::load(db, now).await?;
    crate::demo::berichten::load(db, now).await?;
    Ok(true)
}
