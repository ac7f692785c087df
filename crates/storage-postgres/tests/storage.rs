//! The shared storage test suite against PostgreSQL, one fresh database per test.
//!
//! `SAMVERKAN_TEST_POSTGRES_URL` names a server and a database to connect to as a user that
//! may create databases; `scripts/test` starts a throwaway server and sets it.

use std::sync::atomic::{AtomicU32, Ordering};

use samverkan_storage_postgres::PostgresStore;
use sqlx::{Connection, Executor, PgConnection};

async fn fresh() -> PostgresStore {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let admin_url = std::env::var("SAMVERKAN_TEST_POSTGRES_URL")
        .expect("SAMVERKAN_TEST_POSTGRES_URL must name a PostgreSQL server for the tests; run scripts/test");
    let name = format!(
        "samverkan_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        chrono::Utc::now().timestamp_micros()
    );
    let mut admin = PgConnection::connect(&admin_url)
        .await
        .expect("connect to the test server");
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create a test database");
    let (base, _) = admin_url.rsplit_once('/').expect("a URL with a database path");
    let store = PostgresStore::connect(&format!("{base}/{name}"))
        .await
        .expect("connect to the test database");
    store.migrate().await.expect("migrate the test database");
    store
}

samverkan_storage::storage_testsuite!(fresh());
