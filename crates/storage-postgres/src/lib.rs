//! The PostgreSQL backend of the Samverkan store, for servers.

use std::str::FromStr;
use std::time::Duration;

use samverkan_storage::{impl_sql_store, StoreError};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgPool};

/// Migrations compiled into the binary; they belong to this backend alone.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// A store in a PostgreSQL database.
#[derive(Clone, Debug)]
pub struct PostgresStore {
    pool: PgPool,
    /// The same pool: PostgreSQL takes concurrent writers itself.
    writer: PgPool,
}

impl PostgresStore {
    /// Connects to a `postgres://user:password@host:port/database` URL.
    pub async fn connect(url: &str) -> Result<PostgresStore, StoreError> {
        let options = PgConnectOptions::from_str(url).map_err(StoreError::Database)?;
        // One direct connection first: a refused connection or a wrong password then surfaces
        // as itself at once, rather than as a pool timeout after the acquire timeout.
        options.connect().await?.close().await?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        Ok(PostgresStore {
            writer: pool.clone(),
            pool,
        })
    }

    /// Brings the schema up to date.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }
}

impl_sql_store!(PostgresStore, sqlx::Postgres, "postgres", "BEGIN");
