//! `samverkan bench`: performance measurements that print their figures.

mod archive;
mod import;
mod render;
mod search;
mod soak;

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use samverkan_domain::MeetingStatus;
use samverkan_storage::Store;
use samverkan_storage_sqlite::SqliteStore;
use samverkan_web::AppState;

use crate::cli::BenchCommand;
use crate::database::cause;

pub async fn run(command: BenchCommand) -> Result<()> {
    match command {
        BenchCommand::Web { requests, concurrency } => web(requests, concurrency.max(1)).await,
        BenchCommand::Search { items } => search::run(items),
        BenchCommand::Archive {
            items,
            seconds,
            concurrency,
            database,
        } => {
            archive::run(
                items.min(2_000_000),
                seconds.clamp(1, 600),
                concurrency.clamp(1, 256),
                database,
            )
            .await
        }
        BenchCommand::Render { runs } => render::run(runs.max(1)),
        BenchCommand::Import { seeds, runs } => import::run(&seeds, runs.max(1)),
        BenchCommand::Soak {
            seconds,
            writers,
            readers,
            logins,
            hostile,
        } => {
            soak::run(soak::Load {
                seconds: seconds.clamp(1, 3600),
                writers: writers.min(1000),
                readers: readers.min(1000),
                logins: logins.min(100),
                hostile: hostile.min(100),
            })
            .await
        }
    }
}

/// Serves the demo and requests one published protocol page from `concurrency` clients.
async fn web(requests: usize, concurrency: usize) -> Result<()> {
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_temporary().await.map_err(cause)?);
    crate::demo::seed(store.as_ref()).await?;
    let meeting = published_meeting(store.as_ref()).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let app = AppState::new(store).into_service();
    tokio::spawn(async move { axum::serve(listener, app).await });

    let url = format!("http://{address}/moten/{meeting}");
    let client = reqwest::Client::new();
    // Warm-up: the first requests open connections and fill caches.
    for _ in 0..concurrency {
        client.get(&url).send().await?.error_for_status()?;
    }
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..concurrency {
        let (client, url) = (client.clone(), url.clone());
        let share = requests / concurrency + usize::from(worker < requests % concurrency);
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(share);
            for _ in 0..share {
                let start = Instant::now();
                let response = client.get(&url).send().await?.error_for_status()?;
                response.bytes().await?;
                latencies.push(start.elapsed());
            }
            Ok::<_, reqwest::Error>(latencies)
        }));
    }
    let mut latencies: Vec<Duration> = Vec::with_capacity(requests);
    for task in tasks {
        latencies.extend(task.await.context("a load client failed")??);
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let percentile = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!("GET /moten/{meeting} (published protocol page), {requests} requests, {concurrency} clients");
    println!(
        "  throughput: {:.0} requests/s",
        requests as f64 / elapsed.as_secs_f64()
    );
    println!(
        "  latency: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms",
        percentile(0.50).as_secs_f64() * 1e3,
        percentile(0.95).as_secs_f64() * 1e3,
        percentile(0.99).as_secs_f64() * 1e3
    );
    Ok(())
}

pub(crate) async fn published_meeting(store: &dyn Store) -> Result<i64> {
    for body in store.bodies().await.map_err(cause)? {
        for meeting in store.meetings(body.id).await.map_err(cause)? {
            if meeting.status == MeetingStatus::Published {
                return Ok(meeting.id.0);
            }
        }
    }
    anyhow::bail!("the demo data has no published meeting")
}
