//! `samverkan demo`: a SQLite database with fictional demo data, served at once.
//!
//! The demo data is written for this project: invented bodies and people in two real counties
//! (Kronoberg, 07, and Västmanland, 19), with the real municipalities of those counties as
//! members. It is deterministic, so the same database comes out every time.

mod content;
mod registers;
mod seed;

use std::sync::Arc;

use anyhow::Result;
use samverkan_storage::Store;

use crate::cli::DemoArgs;
use crate::config::Config;
use crate::database::{self, cause};
use crate::server;

pub use seed::{seed, Summary, DEMO_PASSWORD, DEMO_USERS};

/// Creates or reuses the demo database, then serves it unless `--no-serve` was given.
pub async fn run(config: &Config, args: &DemoArgs) -> Result<()> {
    let store: Arc<dyn Store> = Arc::new(database::open_sqlite_file(&args.database).await?);
    if store.bodies().await.map_err(cause)?.is_empty() {
        let summary = seed(store.as_ref()).await?;
        println!(
            "Created demo data in {}: {} bodies, {} meetings, {} items.",
            args.database.display(),
            summary.bodies,
            summary.meetings,
            summary.items
        );
    } else {
        println!("Reusing the demo data in {}.", args.database.display());
    }
    // The demo's index lives beside its database, and so does its own signing certificate
    // (made with the data, so that `archive export` can sign with it too).
    let mut config = Config {
        index_path: args.database.with_extension("index"),
        ..config.clone()
    };
    if config.signing_key.is_none() && config.signing_certificate.is_none() {
        let (key, certificate) = demo_signer(&args.database)?;
        println!(
            "Adjusted protocols are signed with the demo certificate in {} (key beside it).",
            certificate.display()
        );
        config.signing_key = Some(key);
        config.signing_certificate = Some(certificate);
    }
    if args.no_serve {
        return Ok(());
    }
    println!(
        "Demo accounts, all with the password {DEMO_PASSWORD}: {}.",
        DEMO_USERS.map(|(name, _)| name).join(", ")
    );
    server::serve_store(server::app_state(&config, store).await?, config.listen(&args.listen)).await
}

/// The demo's key and self-signed certificate beside its database, made on first use.
fn demo_signer(database: &std::path::Path) -> Result<(std::path::PathBuf, std::path::PathBuf)> {
    let key = database.with_extension("signing-key.pem");
    let certificate = database.with_extension("signing-certificate.pem");
    if !key.is_file() || !certificate.is_file() {
        let signer = samverkan_sign::Signer::demo()?;
        std::fs::write(&key, signer.key_pem())?;
        std::fs::write(&certificate, signer.certificate_pem())?;
    }
    Ok((key, certificate))
}
