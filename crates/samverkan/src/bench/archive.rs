//! `samverkan bench archive`: a large region's archive (21 bodies × 30 years × 10 meetings,
//! the items spread over them) stored in a temporary SQLite database, then the pages that must
//! cost what they show, each loaded by concurrent clients for a bounded time: requests/s,
//! latency percentiles and size, plus the index's cold build and warm start, and peak memory.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use samverkan_domain::{BodyId, MeetingId, Protocol};
use samverkan_search::SearchIndex;
use samverkan_storage::Store;
use samverkan_storage_sqlite::SqliteStore;
use samverkan_web::{AppState, Follower};

use super::search::{archive, memory_mib};
use crate::database::cause;

pub async fn run(items: usize, seconds: u64, concurrency: usize) -> Result<()> {
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_temporary().await.map_err(cause)?);
    let started = Instant::now();
    let protocols = archive(items);
    let (mut bodies, mut adjusted) = (HashMap::new(), MeetingId(0));
    let mut stored_items = 0;
    for mut protocol in protocols {
        let body = match bodies.get(&protocol.body.id) {
            Some(body) => *body,
            None => {
                let created = store.create_body(&protocol.body).await.map_err(cause)?;
                bodies.insert(protocol.body.id, created.id);
                created.id
            }
        };
        protocol.meeting.body_id = body;
        protocol.body.id = body;
        protocol.meeting.adjustment.content_sha256 = Some(protocol.content_sha256());
        stored_items += protocol.items.len();
        let has_items = !protocol.items.is_empty();
        let stored: Protocol = store.create_protocol(&protocol).await.map_err(cause)?;
        if has_items {
            // The latest protocol with items is the one whose page is loaded.
            adjusted = stored.meeting.id;
        }
    }
    println!(
        "Archive: {} bodies, {stored_items} items stored in {:.1} s",
        bodies.len(),
        started.elapsed().as_secs_f64()
    );

    // Cold start: a new index is built from the database; warm start: it replays the log.
    let directory = std::env::temp_dir().join(format!("samverkan-bench-index-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&directory);
    let state = index_state(store.clone(), &directory)?;
    let cold = Instant::now();
    state.rebuild_search().await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let cold = cold.elapsed();
    drop(state);
    let warm = Instant::now();
    let state = index_state(store.clone(), &directory)?;
    let replayed = state
        .apply_search_changes()
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let warm = warm.elapsed();
    println!(
        "Search index: cold build {:.1} s; warm start {:.0} ms (replayed {replayed} meetings)",
        cold.as_secs_f64(),
        warm.as_secs_f64() * 1e3
    );

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, state.into_service()).await });
    let first = bodies.values().min().copied().unwrap_or(BodyId(1));
    let pages = [
        "/".to_string(),
        "/anslagstavla".to_string(),
        format!("/organ/{first}"),
        format!("/api/v1/bodies/{first}/meetings"),
        format!("/moten/{adjusted}"),
        format!("/moten/{adjusted}/protokoll.txt"),
        "/sok?q=hemsjukv%C3%A5rd".to_string(),
        format!("/organ/{first}/uppfoljning"),
    ];
    println!("| page | requests/s | p50 ms | p95 ms | p99 ms | bytes |");
    println!("|---|---|---|---|---|---|");
    for page in pages {
        let url = format!("http://{address}{page}");
        load(&url, &page, seconds, concurrency).await?;
    }
    let (rss, peak) = memory_mib();
    println!("Memory: resident {rss:.0} MiB, peak {peak:.0} MiB");
    let _ = std::fs::remove_dir_all(&directory);
    Ok(())
}

fn index_state(store: Arc<dyn Store>, directory: &std::path::Path) -> Result<AppState> {
    let (search, _) = SearchIndex::open_or_create(directory).map_err(|e| anyhow::anyhow!("{e}"))?;
    let (follower, _) = Follower::with_marker(directory.join("samverkan-change-floor"));
    Ok(AppState {
        search: Arc::new(search),
        follower: Arc::new(tokio::sync::Mutex::new(follower)),
        ..AppState::new(store)
    })
}

/// `concurrency` clients on one page for `seconds`.
async fn load(url: &str, page: &str, seconds: u64, concurrency: usize) -> Result<()> {
    let client = reqwest::Client::new();
    let first = client.get(url).send().await?.error_for_status()?.bytes().await?;
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (client, url) = (client.clone(), url.to_string());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let start = Instant::now();
                client.get(&url).send().await?.error_for_status()?.bytes().await?;
                latencies.push(start.elapsed());
            }
            Ok::<_, reqwest::Error>(latencies)
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.context("a load client failed")??);
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let percentile = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1e3)
    };
    println!(
        "| `{page}` | {:.0} | {:.1} | {:.1} | {:.1} | {} |",
        latencies.len() as f64 / elapsed,
        percentile(0.50),
        percentile(0.95),
        percentile(0.99),
        first.len()
    );
    Ok(())
}
