//! `kompas user …`, `kompas municipality` and `kompas organisation`.

use super::open;
use kompas::commands;
use std::path::Path;

#[derive(clap::Subcommand)]
pub enum UserCommand {
    /// Add an account. Without --password-stdin a random password is printed.
    Add {
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
        /// editor, partner, professional, coordinator, team_lead, policy, contract_manager or admin
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

/// The password from standard input, or a random one (to be shown).
fn password(from_stdin: bool) -> anyhow::Result<String> {
    if from_stdin {
        commands::password_from_stdin()
    } else {
        Ok(commands::random_password())
    }
}

pub async fn user(config: Option<&Path>, action: UserCommand) -> anyhow::Result<()> {
    let (_, db) = open(config).await?;
    match action {
        UserCommand::Add {
            username,
            name,
            role,
            municipality,
            organisation,
            password_stdin,
        } => {
            let password = password(password_stdin)?;
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
            if !password_stdin {
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
            let password = password(password_stdin)?;
            commands::user_reset_password(&db, &username, password.clone()).await?;
            println!("wachtwoord van {username} opnieuw ingesteld");
            if !password_stdin {
                println!("nieuw wachtwoord: {password}");
            }
        }
    }
    Ok(())
}

pub async fn municipality(
    config: Option<&Path>,
    code: &str,
    name: &str,
    region: Option<&str>,
) -> anyhow::Result<()> {
    let (_, db) = open(config).await?;
    commands::municipality_add(&db, code, name, region).await?;
    println!("gemeente {name} ({code}) toegevoegd");
    Ok(())
}

pub async fn organisation(
    config: Option<&Path>,
    municipality: &str,
    name: &str,
    kind: &str,
) -> anyhow::Result<()> {
    let (_, db) = open(config).await?;
    commands::organisation_add(&db, municipality, name, kind).await?;
    println!("organisatie {name} toegevoegd");
    Ok(())
}
