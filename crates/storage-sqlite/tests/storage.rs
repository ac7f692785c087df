//! The shared storage test suite against SQLite, one fresh database file per test.

use samverkan_storage_sqlite::SqliteStore;

async fn fresh() -> SqliteStore {
    SqliteStore::open_temporary().await.expect("a fresh SQLite database")
}

samverkan_storage::storage_testsuite!(fresh());
