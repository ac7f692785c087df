//! `samverkan backup` and `samverkan restore`: a consistent copy of the whole database taken
//! while the server runs, and its return into an empty database, checked afterwards against
//! every recorded hash (each adjusted protocol's content, each stored file's SHA-256).
//!
//! SQLite copies itself (`VACUUM INTO` reads one snapshot); PostgreSQL is copied by its own
//! tools, `pg_dump` and `pg_restore` from the PATH, in the custom archive format. The password
//! of a PostgreSQL URL is handed to them in `PGPASSWORD`, never on their command line.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use samverkan_storage::Store;
use samverkan_storage_postgres::PostgresStore;
use samverkan_storage_sqlite::SqliteStore;
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::database::{self, cause};

/// What a check of a database against its own hashes found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Checked {
    pub protocols: usize,
    pub files: usize,
    /// Adjusted protocols and files whose content no longer has the recorded hash.
    pub mismatches: Vec<String>,
}

/// `samverkan backup FILE`.
pub async fn backup(config: &Config, file: &Path) -> Result<()> {
    if file.exists() {
        bail!("{} already exists; a backup never overwrites a file", file.display());
    }
    let url = config.database_url.expose_secret();
    match scheme(url) {
        "sqlite" => {
            let store = database::connect_sqlite(url).await?;
            store
                .backup_into(file)
                .await
                .map_err(cause)
                .with_context(|| format!("could not write the backup to {}", file.display()))?;
            let copy = SqliteStore::connect_file(file).await.map_err(cause)?;
            if !copy.integrity_ok().await.map_err(cause)? {
                bail!("the backup {} failed SQLite's integrity check", file.display());
            }
        }
        "postgres" | "postgresql" => {
            let mut dump = postgres_tool("pg_dump", url)?;
            dump.args(["--format=custom", "--no-owner", "--file"]).arg(file);
            run(dump, "pg_dump")?;
        }
        _ => bail!("the database URL must start with sqlite:// or postgres://"),
    }
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or_default();
    println!("Backup written to {} ({} kB).", file.display(), size.div_ceil(1024));
    Ok(())
}

/// `samverkan restore FILE`: into an empty database only, then checked.
pub async fn restore(config: &Config, file: &Path) -> Result<()> {
    if !file.is_file() {
        bail!("there is no backup file {}", file.display());
    }
    let url = config.database_url.expose_secret();
    match scheme(url) {
        "sqlite" => {
            let target = SqliteStore::path_of_url(url).map_err(cause)?;
            if target.exists() {
                let existing = database::open(&config.database_url).await?;
                if !is_empty(existing.as_ref()).await? {
                    bail!(
                        "{} already holds data; restore only into a new, empty database",
                        target.display()
                    );
                }
                drop(existing);
                for suffix in ["", "-wal", "-shm"] {
                    let path = format!("{}{suffix}", target.display());
                    let _ = std::fs::remove_file(path);
                }
            }
            let backup = SqliteStore::connect_file(file).await.map_err(cause)?;
            if !backup.integrity_ok().await.map_err(cause)? {
                bail!("the backup {} failed SQLite's integrity check", file.display());
            }
            backup
                .backup_into(&target)
                .await
                .map_err(cause)
                .with_context(|| format!("could not write {}", target.display()))?;
        }
        "postgres" | "postgresql" => {
            let target = PostgresStore::connect(url)
                .await
                .map_err(cause)
                .context("could not connect to PostgreSQL")?;
            if target.table_count().await.map_err(cause)? > 0 {
                bail!("the PostgreSQL database already has tables; restore only into a new, empty database (createdb)");
            }
            let mut restore = postgres_tool("pg_restore", url)?;
            // pg_restore wants the database named; the name is no secret, the rest stays in
            // the environment.
            let database = PostgresStore::tool_environment(url)
                .map_err(cause)?
                .into_iter()
                .find_map(|(key, value)| (key == "PGDATABASE").then_some(value))
                .unwrap_or_default();
            restore
                .args(["--no-owner", "--exit-on-error", "--single-transaction", "--dbname"])
                .arg(database)
                .arg(file);
            run(restore, "pg_restore")?;
        }
        _ => bail!("the database URL must start with sqlite:// or postgres://"),
    }
    // A backup from an earlier version is brought up to this one's schema.
    let store = database::open(&config.database_url).await?;
    let checked = check(store.as_ref()).await?;
    if !checked.mismatches.is_empty() {
        bail!(
            "the restored database does not match its own hashes: {}",
            checked.mismatches.join(", ")
        );
    }
    println!(
        "Restored from {}: {} adjusted protocols and {} files match their recorded hashes.",
        file.display(),
        checked.protocols,
        checked.files
    );
    Ok(())
}

/// Re-hashes every adjusted protocol and every stored file.
pub async fn check(store: &dyn Store) -> Result<Checked> {
    let mut checked = Checked::default();
    for body in store.bodies().await.map_err(cause)? {
        for meeting in store.meetings(body.id).await.map_err(cause)? {
            let Some(recorded) = meeting.adjustment.content_sha256.clone() else {
                continue;
            };
            let protocol = store.protocol(meeting.id).await.map_err(cause)?;
            checked.protocols += 1;
            if protocol.content_sha256() != recorded {
                checked
                    .mismatches
                    .push(format!("the protocol of meeting {}", meeting.id));
            }
        }
    }
    for sha256 in store.file_hashes().await.map_err(cause)? {
        let (_, content) = store.file(&sha256).await.map_err(cause)?;
        checked.files += 1;
        if hex::encode(Sha256::digest(&content)) != sha256 {
            checked.mismatches.push(format!("the file {sha256}"));
        }
    }
    Ok(checked)
}

async fn is_empty(store: &dyn Store) -> Result<bool> {
    Ok(store.bodies().await.map_err(cause)?.is_empty()
        && store.users().await.map_err(cause)?.is_empty()
        && store.organisations().await.map_err(cause)?.is_empty()
        && store.persons().await.map_err(cause)?.is_empty())
}

fn scheme(url: &str) -> &str {
    url.split_once(':').map(|(scheme, _)| scheme).unwrap_or_default()
}

/// A PostgreSQL tool set up for the database the URL names, with the password in the
/// environment.
fn postgres_tool(tool: &str, url: &str) -> Result<Command> {
    let mut command = Command::new(tool);
    command.envs(PostgresStore::tool_environment(url).map_err(cause)?);
    Ok(command)
}

fn run(mut command: Command, tool: &str) -> Result<()> {
    let output = command
        .output()
        .with_context(|| format!("could not run {tool}; install Debian's postgresql-client package"))?;
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr);
        bail!("{tool} failed: {}", message.lines().next().unwrap_or("no message"));
    }
    Ok(())
}
