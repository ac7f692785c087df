//! The `samverkan` binary's commands: serve, demo, migrate and administration.
//!
//! Error policy: library crates return `thiserror` types; this crate is the top of the binary
//! and collects them in `anyhow` with context that names what was being done, so `main`
//! prints one plain sentence and exits non-zero.

mod admin;
mod archive;
mod backup;
mod bench;
pub mod cli;
pub mod config;
mod database;
pub mod demo;
mod export;
mod import;
mod server;

use anyhow::{Context, Result};

use cli::{Cli, Command};

/// Runs one parsed command line.
pub async fn run(cli: Cli) -> Result<()> {
    let config = config::Config::load(cli.global.config.as_deref(), &cli.global)?;
    server::init_logging(&config.log);
    match cli.command {
        Command::Serve(args) => server::serve(&config, &args).await,
        Command::Demo(args) => demo::run(&config, &args).await,
        Command::Migrate => {
            let store = database::open(&config.database_url).await?;
            println!("The {} database is up to date.", store.backend());
            Ok(())
        }
        Command::User(command) => admin::user(&config, command).await,
        Command::Organisation(command) => admin::organisation(&config, command).await,
        Command::Archive(cli::ArchiveCommand::Export { body, year, output }) => {
            let store = database::open(&config.database_url).await?;
            let signer = server::signer(&config)?;
            let written = archive::export(
                store.as_ref(),
                samverkan_domain::BodyId(body),
                year,
                &output,
                &config.public_url,
                signer.as_ref(),
            )
            .await?;
            println!(
                "Wrote {} protocols and {} files to {}.",
                written.protocols,
                written.files,
                output.display()
            );
            Ok(())
        }
        Command::Bench(command) => bench::run(command).await,
        Command::Export {
            meeting,
            format,
            notice,
            members,
            output,
        } => {
            let store = database::open(&config.database_url).await?;
            let options = export::Options {
                format,
                notice,
                members,
                public_url: config.public_url.clone(),
            };
            let bytes = export::export(store.as_ref(), samverkan_domain::MeetingId(meeting), &options).await?;
            export::write(output.as_deref(), &bytes)
        }
        Command::Import {
            files,
            body,
            date,
            dry_run,
        } => {
            let given = import::Given {
                body: body.as_deref(),
                date,
            };
            if dry_run {
                return import::import(None, &files, given).await;
            }
            let store = database::open(&config.database_url).await?;
            let state = server::app_state(&config, store).await?;
            import::import(Some(&state), &files, given).await
        }
        Command::Verify { file } => {
            let store = database::open(&config.database_url).await?;
            if import::verify(store.as_ref(), &file).await? {
                Ok(())
            } else {
                anyhow::bail!("{} stämmer inte med det lagrade protokollet", file.display())
            }
        }
        Command::Backup { file } => backup::backup(&config, &file).await,
        Command::Restore { file } => backup::restore(&config, &file).await,
        Command::Reindex => {
            let store = database::open(&config.database_url).await?;
            let state = server::app_state(&config, store).await?;
            let count = state
                .rebuild_search()
                .await
                .context("could not rebuild the search index")?;
            println!("Indexed {count} items in {}.", config.index_path.display());
            Ok(())
        }
        Command::Search { query, limit } => {
            let store = database::open(&config.database_url).await?;
            let state = server::app_state(&config, store.clone()).await?;
            let request = samverkan_search::SearchRequest {
                limit,
                ..samverkan_search::SearchRequest::public(&query)
            };
            let results = state.search.search(&request).context("the search failed")?;
            println!("{} hits", results.total);
            for hit in results.hits {
                let body = store.body(hit.body_id).await.map_err(database::cause)?;
                let snippet: String = hit.snippet.iter().map(|s| s.text.as_str()).collect();
                println!(
                    "{} {} § {} {}\n    {}",
                    body.short_name,
                    hit.date,
                    hit.number,
                    hit.title,
                    snippet.trim()
                );
            }
            Ok(())
        }
    }
}
