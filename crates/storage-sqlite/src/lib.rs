//! The SQLite backend of the Samverkan store: the embedded default, one file on disk.

use std::path::Path;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use samverkan_storage::{impl_sql_store, StoreError};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

/// Migrations compiled into the binary; they belong to this backend alone.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// A store in one SQLite database file.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// The one connection every write goes through (see `impl_sql_store!`).
    writer: SqlitePool,
}

impl SqliteStore {
    /// Opens (and creates if missing) the database at a `sqlite://path` URL.
    pub async fn connect(url: &str) -> Result<SqliteStore, StoreError> {
        let options = SqliteConnectOptions::from_str(url).map_err(StoreError::Database)?;
        Self::open(options).await
    }

    /// Opens (and creates if missing) the database file at `path`.
    pub async fn connect_file(path: &Path) -> Result<SqliteStore, StoreError> {
        Self::open(SqliteConnectOptions::new().filename(path)).await
    }

    async fn open(options: SqliteConnectOptions) -> Result<SqliteStore, StoreError> {
        let options = options
            .create_if_missing(true)
            .foreign_keys(true)
            // WAL lets readers go on while one writer commits; NORMAL is safe with WAL.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            // Another process (an import, a backup) may hold the write lock for a while.
            .busy_timeout(Duration::from_secs(30));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options.clone())
            .await?;
        // Writers wait their turn for this one connection; a long queue under a burst is
        // still an answer, not an error.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(120))
            .connect_with(options)
            .await?;
        Ok(SqliteStore { pool, writer })
    }

    /// A fresh, migrated database in a new file under the system's temporary directory.
    /// Meant for tests and benchmarks; the file is left for the OS to clean up.
    pub async fn open_temporary() -> Result<SqliteStore, StoreError> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "samverkan-test-{}-{}-{}.db",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
        );
        let store = Self::connect_file(&std::env::temp_dir().join(name)).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// The database file a `sqlite://path` URL names.
    pub fn path_of_url(url: &str) -> Result<std::path::PathBuf, StoreError> {
        let options = SqliteConnectOptions::from_str(url).map_err(StoreError::Database)?;
        Ok(options.get_filename().to_path_buf())
    }

    /// Writes a consistent copy of the whole database to `path` (which must not exist) while
    /// others go on reading and writing: SQLite's `VACUUM INTO` reads one snapshot.
    pub async fn backup_into(&self, path: &Path) -> Result<(), StoreError> {
        let path = path.to_str().ok_or(StoreError::NotFound { what: "Sökvägen" })?;
        sqlx::query("VACUUM INTO $1").bind(path).execute(&self.pool).await?;
        Ok(())
    }

    /// Whether SQLite's own check finds the database file whole.
    pub async fn integrity_ok(&self) -> Result<bool, StoreError> {
        let result: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&self.pool)
            .await?;
        Ok(result == "ok")
    }

    /// Brings the schema up to date.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        MIGRATOR.run(&self.writer).await?;
        Ok(())
    }
}

impl SqliteStore {
    /// SQLite has no notifications: followers of the change log poll.
    async fn change_signal(&self) -> Result<Option<samverkan_storage::ChangeSignal>, StoreError> {
        Ok(None)
    }
}

impl_sql_store!(SqliteStore, sqlx::Sqlite, "sqlite", "BEGIN IMMEDIATE", "", "");
