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

    /// The libpq environment (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGPASSWORD`) that
    /// points PostgreSQL's own tools (`pg_dump`, `pg_restore`) at the database a URL names,
    /// so the password never stands on a command line.
    pub fn tool_environment(url: &str) -> Result<Vec<(&'static str, String)>, StoreError> {
        let options = PgConnectOptions::from_str(url).map_err(StoreError::Database)?;
        let mut environment = vec![
            ("PGHOST", options.get_host().to_string()),
            ("PGPORT", options.get_port().to_string()),
            ("PGUSER", options.get_username().to_string()),
            (
                "PGDATABASE",
                options.get_database().unwrap_or(options.get_username()).to_string(),
            ),
        ];
        if let Some(password) = password_of(url) {
            environment.push(("PGPASSWORD", password));
        }
        Ok(environment)
    }

    /// How many tables the database has: a restore goes only into one with none.
    pub async fn table_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    /// Brings the schema up to date.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }
}

/// The channel the change log's triggers notify (migration 0014).
const CHANGES_CHANNEL: &str = "samverkan_search_changes";

impl PostgresStore {
    /// Listens for the change log's notifications on a connection of its own and passes each on
    /// (at most one waiting: a follower reads every change since its last round anyway). The
    /// listener reconnects by itself when its connection is lost; polling covers the gap.
    async fn change_signal(&self) -> Result<Option<samverkan_storage::ChangeSignal>, StoreError> {
        let mut listener = sqlx::postgres::PgListener::connect_with(&self.pool).await?;
        listener.listen(CHANGES_CHANNEL).await?;
        let (wake, woken) = tokio::sync::mpsc::channel(1);
        tokio::spawn(async move {
            loop {
                match listener.recv().await {
                    Ok(_) => {
                        if wake.is_closed() {
                            return;
                        }
                        let _ = wake.try_send(());
                    }
                    Err(error) => {
                        if wake.is_closed() {
                            return;
                        }
                        tracing::warn!(?error, "the change notifications were interrupted; reconnecting");
                        // Not in a loop of errors: the next receive reconnects.
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        });
        Ok(Some(woken))
    }
}

impl_sql_store!(
    PostgresStore,
    sqlx::Postgres,
    "postgres",
    "BEGIN",
    " FOR SHARE",
    " FOR UPDATE"
);

/// The percent-decoded password in `postgres://user:password@host/…`, if there is one.
fn password_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?']).next()?;
    let (userinfo, _) = authority.rsplit_once('@')?;
    let (_, password) = userinfo.split_once(':')?;
    let bytes = password.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1..i + 3)) {
            (b'%', Some(hex)) => match u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16) {
                Ok(byte) => {
                    out.push(byte);
                    i += 3;
                    continue;
                }
                Err(_) => out.push(b'%'),
            },
            (byte, _) => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_read_from_the_url_and_decoded() {
        assert_eq!(
            password_of("postgres://anna:hem%40ligt@db:5432/x").as_deref(),
            Some("hem@ligt")
        );
        assert_eq!(password_of("postgres://anna@db/x"), None);
        assert_eq!(password_of("postgres://db/x"), None);
        let environment = PostgresStore::tool_environment("postgres://anna:hemligt@db:5433/arkiv").unwrap();
        assert!(environment.contains(&("PGPORT", "5433".to_string())));
        assert!(environment.contains(&("PGDATABASE", "arkiv".to_string())));
        assert!(environment.contains(&("PGPASSWORD", "hemligt".to_string())));
    }
}
