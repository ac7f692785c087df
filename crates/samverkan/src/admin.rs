//! Administration commands: user accounts and member organisations.

use std::io::BufRead;

use anyhow::{bail, Context, Result};
use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::Argon2;
use rand_core::OsRng;
use samverkan_domain::Organisation;
use samverkan_storage::{NewUser, Store, User, UserRole};

use samverkan_web::auth::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};

use crate::cli::{OrganisationCommand, UserCommand, UserRoleArg};
use crate::config::Config;
use crate::database::{self, cause};

/// `samverkan user …`.
pub async fn user(config: &Config, command: UserCommand) -> Result<()> {
    match command {
        UserCommand::Add { username, name, role } => add_user(config, &username, name, role).await,
        UserCommand::List => {
            let store = database::open(&config.database_url).await?;
            for user in store.users().await.map_err(cause)? {
                let state = if user.disabled { "disabled" } else { "active" };
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    user.id,
                    user.username,
                    user.role.code(),
                    state,
                    user.display_name
                );
            }
            Ok(())
        }
        UserCommand::Disable { username } | UserCommand::Enable { username } if username.trim().is_empty() => {
            bail!("the username must not be empty")
        }
        UserCommand::Disable { username } => set_disabled(config, &username, true).await,
        UserCommand::Enable { username } => set_disabled(config, &username, false).await,
        UserCommand::ResetPassword { username } => {
            let password = read_password()?;
            let store = database::open(&config.database_url).await?;
            let user = existing_user(store.as_ref(), &username).await?;
            store
                .set_password_hash(user.id, &hash_password(&password)?)
                .await
                .map_err(cause)?;
            println!(
                "New password set for {}; every session of the account has ended.",
                user.username
            );
            Ok(())
        }
    }
}

async fn add_user(config: &Config, username: &str, name: String, role: UserRoleArg) -> Result<()> {
    let username = username.trim().to_string();
    if username.is_empty() {
        bail!("the username must not be empty");
    }
    let password = read_password()?;
    let store = database::open(&config.database_url).await?;
    if store.user_by_username(&username).await.map_err(cause)?.is_some() {
        bail!("a user named {username:?} already exists");
    }
    let password_hash = hash_password(&password)?;
    let role = match role {
        UserRoleArg::Administrator => UserRole::Administrator,
        UserRoleArg::Secretary => UserRole::Secretary,
        UserRoleArg::Member => UserRole::Member,
    };
    let user = store
        .create_user(&NewUser {
            username,
            display_name: name,
            password_hash,
            role,
            person_id: None,
        })
        .await
        .map_err(cause)
        .context("could not create the user")?;
    println!("Created user {} ({}) with id {}.", user.username, role.code(), user.id);
    Ok(())
}

async fn set_disabled(config: &Config, username: &str, disabled: bool) -> Result<()> {
    let store = database::open(&config.database_url).await?;
    let user = existing_user(store.as_ref(), username).await?;
    store.set_user_disabled(user.id, disabled).await.map_err(cause)?;
    if disabled {
        println!("Disabled {}; every session of the account has ended.", user.username);
    } else {
        println!("Enabled {}.", user.username);
    }
    Ok(())
}

async fn existing_user(store: &dyn Store, username: &str) -> Result<User> {
    store
        .user_by_username(username.trim())
        .await
        .map_err(cause)?
        .with_context(|| format!("there is no user named {:?}", username.trim()))
}

/// The password from the first line of standard input, at least 8 characters.
fn read_password() -> Result<String> {
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .context("could not read the password from standard input")?;
    let password = password.trim_end_matches(['\r', '\n']);
    if password.chars().count() < MIN_PASSWORD_CHARS {
        bail!("the password must have at least 8 characters (read from the first line of standard input)");
    }
    if password.chars().count() > MAX_PASSWORD_CHARS {
        bail!("the password may have at most 1024 characters");
    }
    Ok(password.to_string())
}

/// An argon2 PHC string for a password, with a random salt.
pub fn hash_password(password: &str) -> Result<String> {
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &SaltString::generate(&mut OsRng))
        .map_err(|error| anyhow::anyhow!("could not hash the password: {error}"))?
        .to_string())
}

/// `samverkan organisation …`.
pub async fn organisation(config: &Config, command: OrganisationCommand) -> Result<()> {
    // Check the code before touching the database, so a typo never creates or migrates anything.
    let organisation = match &command {
        OrganisationCommand::AddKommun { code } => Some(samverkan_reference::kommun_organisation(code)?),
        OrganisationCommand::AddRegion { code } => Some(samverkan_reference::region_organisation(code)?),
        OrganisationCommand::List => None,
    };
    let store = database::open(&config.database_url).await?;
    match organisation {
        Some(organisation) => {
            let created = add_organisation(store.as_ref(), &organisation).await?;
            println!("Created {} with id {}.", created.name, created.id);
        }
        None => {
            for o in store.organisations().await.map_err(cause)? {
                let code = o.kind.reference_code().unwrap_or("-");
                println!("{}\t{}\t{}\t{}", o.id, o.kind.code(), code, o.name);
            }
        }
    }
    Ok(())
}

/// Stores an organisation unless one with the same kind and code is already there.
pub async fn add_organisation(store: &dyn Store, organisation: &Organisation) -> Result<Organisation> {
    let existing = store.organisations().await.map_err(cause)?;
    if existing.iter().any(|o| o.kind == organisation.kind) {
        bail!("{} is already in the database", organisation.name);
    }
    store
        .create_organisation(organisation)
        .await
        .map_err(cause)
        .with_context(|| format!("could not add {}", organisation.name))
}
