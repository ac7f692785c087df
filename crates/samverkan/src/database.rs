//! Opens the store a database URL names, and brings its schema up to date.

use std::sync::Arc;

use anyhow::{bail, Context, Result};
use samverkan_storage::{Store, StoreError};
use samverkan_storage_postgres::PostgresStore;
use samverkan_storage_sqlite::SqliteStore;
use secrecy::{ExposeSecret, SecretString};

/// Connects to `sqlite://…` or `postgres://…` and runs the backend's migrations.
pub async fn open(url: &SecretString) -> Result<Arc<dyn Store>> {
    let url = url.expose_secret();
    // Only the scheme is ever echoed: the rest may carry a password.
    let scheme = url.split_once(':').map(|(scheme, _)| scheme).unwrap_or_default();
    let store: Arc<dyn Store> = match scheme {
        "sqlite" => {
            let store = connect_sqlite(url).await?;
            store
                .migrate()
                .await
                .map_err(cause)
                .context("could not migrate the SQLite database")?;
            Arc::new(store)
        }
        "postgres" | "postgresql" => {
            let store = PostgresStore::connect(url)
                .await
                .map_err(cause)
                .context("could not connect to the PostgreSQL database")?;
            store
                .migrate()
                .await
                .map_err(cause)
                .context("could not migrate the PostgreSQL database")?;
            Arc::new(store)
        }
        _ => bail!("the database URL must start with sqlite:// or postgres://, for example sqlite://samverkan.db"),
    };
    Ok(store)
}

/// Opens (without migrating) the SQLite database a `sqlite://` URL names.
pub async fn connect_sqlite(url: &str) -> Result<SqliteStore> {
    SqliteStore::connect(url)
        .await
        .map_err(cause)
        .context("could not open the SQLite database")
}

/// Opens the SQLite file at `path`, creating and migrating it if needed.
pub async fn open_sqlite_file(path: &std::path::Path) -> Result<SqliteStore> {
    let store = SqliteStore::connect_file(path)
        .await
        .map_err(cause)
        .with_context(|| format!("could not open the SQLite database {}", path.display()))?;
    store
        .migrate()
        .await
        .map_err(cause)
        .with_context(|| format!("could not migrate the SQLite database {}", path.display()))?;
    Ok(store)
}

/// The technical cause behind a store error: the error's own text is a Swedish sentence meant
/// for web users, while this command speaks English.
pub fn cause(error: StoreError) -> anyhow::Error {
    use std::error::Error as _;
    match error.source() {
        Some(source) => anyhow::anyhow!("{source}"),
        None => anyhow::anyhow!("{error}"),
    }
}
