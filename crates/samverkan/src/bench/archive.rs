//! `samverkan bench archive`: a large region's archive (21 bodies × 30 years × 10 meetings,
//! the items spread over them) stored in an empty database (a temporary SQLite file, or the
//! PostgreSQL database given), then served by `samverkan serve` in a process of its own, as in
//! production: its cold start (index built) and warm start (index kept), each page that must
//! cost what it shows loaded by concurrent clients for a bounded time (requests/s, latency
//! percentiles, size), the server's memory, and the adjusted protocol's bytes served by
//! Debian's nginx in the same run for comparison.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use samverkan_domain::{BodyId, MeetingId, Protocol};
use samverkan_storage::Store;
use secrecy::SecretString;

use super::search::archive;
use crate::database::cause;

/// How long a server may take to answer `/health` after it starts.
const START_DEADLINE: Duration = Duration::from_secs(600);

pub async fn run(items: usize, seconds: u64, concurrency: usize, database: Option<String>) -> Result<()> {
    let work = std::env::temp_dir().join(format!("samverkan-bench-archive-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    let result = measure(items, seconds, concurrency, database, &work).await;
    let _ = std::fs::remove_dir_all(&work);
    result
}

async fn measure(items: usize, seconds: u64, concurrency: usize, database: Option<String>, work: &Path) -> Result<()> {
    let url = database.unwrap_or_else(|| format!("sqlite://{}", work.join("archive.db").display()));
    let backend = url.split(':').next().unwrap_or_default().to_string();
    let (first, adjusted) = {
        let store = crate::database::open(&SecretString::from(url.clone())).await?;
        if !store.bodies().await.map_err(cause)?.is_empty() {
            bail!("the benchmark stores its own archive: give it an empty database");
        }
        store_archive(store, items).await?
    };

    let index = work.join("index");
    let cold = Server::start(&url, &index)?;
    let cold_start = cold.ready().await?;
    let cold_memory = cold.memory();
    cold.stop()?;
    let server = Server::start(&url, &index)?;
    let warm_start = server.ready().await?;
    println!(
        "Server ({backend}): cold start {:.1} s (search index built from the database), warm start {:.0} ms (index kept, change log replayed)",
        cold_start.as_secs_f64(),
        warm_start.as_secs_f64() * 1e3
    );
    println!("  memory after the cold start: {cold_memory}");

    let protocol = format!("/moten/{adjusted}");
    let pages = [
        "/".to_string(),
        "/anslagstavla".to_string(),
        format!("/organ/{first}"),
        format!("/api/v1/bodies/{first}/meetings"),
        protocol.clone(),
        format!("{protocol}/protokoll.txt"),
        "/sok?q=hemsjukv%C3%A5rd".to_string(),
        "/sok?q=rehabilitering+OR+hj%C3%A4lpmedel&ar=2010".to_string(),
        format!("/organ/{first}/uppfoljning"),
    ];
    println!("| page | requests/s | p50 ms | p95 ms | p99 ms | bytes |");
    println!("|---|---|---|---|---|---|");
    let mut protocol_page = None;
    for page in &pages {
        let load = load(&format!("{}{page}", server.base), page, seconds, concurrency).await?;
        if page == &protocol {
            protocol_page = Some(load);
        }
    }
    println!("Memory of the server after the load: {}", server.memory());
    server.stop()?;

    if let Some((served, bytes)) = protocol_page {
        match nginx(work, &bytes, seconds, concurrency).await? {
            Some(static_rate) => println!(
                "The adjusted protocol page: {served:.0} req/s from Samverkan, {static_rate:.0} req/s for the same bytes from nginx: {:.2} of nginx's",
                served / static_rate
            ),
            None => println!("nginx is not installed (Debian package nginx): no comparison"),
        }
    }
    Ok(())
}

/// Stores the generated archive; returns the first body and the latest protocol with items.
async fn store_archive(store: Arc<dyn Store>, items: usize) -> Result<(BodyId, MeetingId)> {
    let started = Instant::now();
    let (mut bodies, mut adjusted) = (HashMap::new(), MeetingId(0));
    let mut stored_items = 0;
    for mut protocol in archive(items) {
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
            adjusted = stored.meeting.id;
        }
    }
    println!(
        "Archive: {} bodies, {stored_items} items stored in {:.1} s",
        bodies.len(),
        started.elapsed().as_secs_f64()
    );
    Ok((bodies.values().min().copied().unwrap_or(BodyId(1)), adjusted))
}

/// `samverkan serve` in a child process on a free port.
struct Server {
    child: Child,
    base: String,
    started: Instant,
}

impl Server {
    fn start(database: &str, index: &Path) -> Result<Server> {
        let port = free_port()?;
        let child = Command::new(std::env::current_exe()?)
            .arg("serve")
            .env("SAMVERKAN_DATABASE_URL", database)
            .env("SAMVERKAN_INDEX_PATH", index)
            .env("SAMVERKAN_LISTEN_ADDRESS", "127.0.0.1")
            .env("SAMVERKAN_PORT", port.to_string())
            .env("SAMVERKAN_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .context("could not start samverkan serve")?;
        Ok(Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
            started: Instant::now(),
        })
    }

    /// Waits until the server answers `/health`; returns how long it took from the start.
    async fn ready(&self) -> Result<Duration> {
        let client = reqwest::Client::new();
        let health = format!("{}/health", self.base);
        let mut wait = Duration::from_millis(1);
        loop {
            if let Ok(response) = client.get(&health).send().await {
                if response.status().is_success() {
                    return Ok(self.started.elapsed());
                }
            }
            if self.started.elapsed() > START_DEADLINE {
                bail!("the server did not answer within {} s", START_DEADLINE.as_secs());
            }
            // Polling with a growing pause: the start-up time is read to within a few ms.
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(Duration::from_millis(20));
        }
    }

    /// The server's resident and peak memory, from /proc.
    fn memory(&self) -> String {
        let (resident, peak) = super::search::memory_of(&self.child.id().to_string());
        format!("resident {resident:.0} MiB, peak {peak:.0} MiB")
    }

    /// Stops the server as Ctrl-C does, so that it keeps its place in the change log.
    fn stop(mut self) -> Result<()> {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.child.try_wait()?.is_some() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        Ok(())
    }
}

impl Drop for Server {
    /// A server not stopped in time, or left by a failed load, does not outlive the benchmark.
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The same bytes from nginx, loaded as the page was; `None` when nginx is not installed.
async fn nginx(work: &Path, bytes: &[u8], seconds: u64, concurrency: usize) -> Result<Option<f64>> {
    let program = ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists());
    let Some(program) = program else {
        return Ok(None);
    };
    let root = work.join("nginx");
    std::fs::create_dir_all(root.join("html"))?;
    std::fs::write(root.join("html/protokoll.html"), bytes)?;
    let port = free_port()?;
    // As Debian's default: a worker per core; without logging, which the server does not do either.
    let config = format!(
        "worker_processes auto;\ndaemon off;\npid {root}/nginx.pid;\nerror_log {root}/error.log;\n\
         events {{ worker_connections 1024; }}\n\
         http {{ access_log off; client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp; \
         fastcgi_temp_path {root}/tmp; uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp; \
         server {{ listen 127.0.0.1:{port}; root {root}/html; default_type text/html; }} }}\n",
        root = root.display()
    );
    std::fs::write(root.join("nginx.conf"), config)?;
    let mut child = Command::new(program)
        .arg("-c")
        .arg(root.join("nginx.conf"))
        .arg("-p")
        .arg(&root)
        .stderr(Stdio::null())
        .spawn()
        .context("could not start nginx")?;
    let url = format!("http://127.0.0.1:{port}/protokoll.html");
    let client = reqwest::Client::new();
    let started = Instant::now();
    while client.get(&url).send().await.is_err() {
        if started.elapsed() > Duration::from_secs(10) {
            let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
            let _ = child.wait();
            bail!("nginx did not start");
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let result = load(&url, "the same bytes from nginx", seconds, concurrency).await;
    // TERM to the master stops its workers too (a KILL would leave them running).
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let _ = child.wait();
    Ok(Some(result?.0))
}

/// `concurrency` clients on one page for `seconds`; prints a table row and returns the rate
/// and the page's bytes.
async fn load(url: &str, page: &str, seconds: u64, concurrency: usize) -> Result<(f64, Vec<u8>)> {
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
    let rate = latencies.len() as f64 / elapsed;
    println!(
        "| `{page}` | {rate:.0} | {:.1} | {:.1} | {:.1} | {} |",
        percentile(0.50),
        percentile(0.95),
        percentile(0.99),
        first.len()
    );
    Ok((rate, first.to_vec()))
}
