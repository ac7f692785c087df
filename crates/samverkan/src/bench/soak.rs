//! `samverkan bench soak`: one server under concurrent readers, writers, logins and hostile
//! requests for a bounded time, then the counts of requests by status and a check that every
//! write the server acknowledged is in the database.
//!
//! The server runs in-process on a free port against a temporary SQLite database with the
//! demo data (the embedded default, and the backend with one writer at a time). An error here
//! is a server error (5xx), a refused connection, or an acknowledged write that is missing.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use samverkan_domain::MeetingId;
use samverkan_storage::Store;
use samverkan_storage_sqlite::SqliteStore;
use samverkan_web::AppState;
use tokio::sync::Mutex;

use crate::database::cause;
use crate::demo::DEMO_PASSWORD;

/// How many of each kind of client, and for how long.
pub struct Load {
    pub seconds: u64,
    pub writers: usize,
    pub readers: usize,
    pub logins: usize,
    pub hostile: usize,
}

/// What one kind of client saw.
#[derive(Default)]
struct Tally {
    statuses: BTreeMap<u16, u64>,
    /// Requests that got no HTTP answer at all.
    failed: u64,
    latencies: Vec<Duration>,
}

impl Tally {
    fn record(&mut self, result: &reqwest::Result<u16>, took: Duration) {
        match result {
            Ok(status) => *self.statuses.entry(*status).or_default() += 1,
            Err(_) => self.failed += 1,
        }
        self.latencies.push(took);
    }

    fn requests(&self) -> u64 {
        self.statuses.values().sum::<u64>() + self.failed
    }

    fn server_errors(&self) -> u64 {
        self.statuses
            .iter()
            .filter(|(s, _)| **s >= 500)
            .map(|(_, n)| n)
            .sum::<u64>()
            + self.failed
    }

    fn percentile(&mut self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return 0.0;
        }
        self.latencies.sort();
        let index = ((self.latencies.len() as f64 * p) as usize).min(self.latencies.len() - 1);
        self.latencies[index].as_secs_f64() * 1e3
    }
}

/// A client that keeps the session cookie it was given, like a browser.
struct Client {
    http: reqwest::Client,
    base: String,
    cookie: Option<String>,
}

impl Client {
    fn new(base: &str) -> Client {
        Client {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a plain HTTP client"),
            base: base.to_string(),
            cookie: None,
        }
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> reqwest::Result<(u16, String)> {
        let request = match &self.cookie {
            Some(cookie) => request.header("cookie", cookie),
            None => request,
        };
        let response = request.send().await?;
        if let Some(set) = response.headers().get("set-cookie").and_then(|v| v.to_str().ok()) {
            self.cookie = set.split(';').next().map(str::to_string);
        }
        let status = response.status().as_u16();
        Ok((status, response.text().await?))
    }

    async fn get(&mut self, path: &str) -> reqwest::Result<(u16, String)> {
        let request = self.http.get(format!("{}{path}", self.base));
        self.send(request).await
    }

    async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> reqwest::Result<(u16, String)> {
        let request = self.http.post(format!("{}{path}", self.base)).form(fields);
        self.send(request).await
    }

    /// The CSRF token on a page's forms.
    async fn token(&mut self, path: &str) -> Result<String> {
        let (_, page) = self.get(path).await?;
        let start = page
            .find(r#"name="_csrf" value=""#)
            .context("a form with a CSRF token")?
            + 20;
        Ok(page[start..start + 64].to_string())
    }

    async fn log_in(&mut self, username: &str) -> Result<()> {
        let token = self.token("/logga-in").await?;
        let (status, _) = self
            .post(
                "/logga-in",
                &[("_csrf", &token), ("username", username), ("password", DEMO_PASSWORD)],
            )
            .await?;
        if status != 303 {
            bail!("{username} could not log in (HTTP {status})");
        }
        Ok(())
    }
}

/// Requests no one should be able to hurt the server with; each must get a 4xx.
const HOSTILE: [&str; 10] = [
    "/sok?q=hemsjukv%C3%A5rd&sida=99999999999999",
    "/sok?q=x&sida=9223372036854775807",
    "/api/v1/search?q=x&sida=100000000",
    "/sok?q=x&ar=99999999999999999999",
    "/moten/99999999999999999999999",
    "/moten/-1",
    "/organ/abc/uppfoljning",
    "/api/v1/meetings/0",
    "/moten/1/arenden/%00/bilagor/99999999999999999999",
    "/finns/inte/%0d%0aSet-Cookie:x=y",
];

pub async fn run(load: Load) -> Result<()> {
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_temporary().await.map_err(cause)?);
    crate::demo::seed(store.as_ref()).await?;
    let meeting = open_meeting(store.as_ref()).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let state = AppState::new(store.clone());
    state.rebuild_search().await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    tokio::spawn(async move { axum::serve(listener, state.into_service()).await });

    // Writers log in before the login flood starts throttling this address.
    let mut writers = Vec::new();
    for _ in 0..load.writers {
        let mut client = Client::new(&base);
        client.log_in("sekreterare").await?;
        let form = format!("/moten/{meeting}/arenden/nytt");
        let token = client.token(&form).await?;
        writers.push((client, token));
    }

    let deadline = Instant::now() + Duration::from_secs(load.seconds);
    let range = 98_000 / load.writers.max(1);
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut tasks = Vec::new();
    for (n, (mut client, token)) in writers.into_iter().enumerate() {
        let acknowledged = acknowledged.clone();
        tasks.push(tokio::spawn(async move {
            let mut tally = Tally::default();
            let path = format!("/moten/{meeting}/arenden/nytt");
            let mut k = 0;
            while Instant::now() < deadline {
                k += 1;
                let title = format!("Belastningsprov {n}-{k}");
                // A § number is used once in its series and is at most 99 999: each writer counts
                // in a range of its own, and stops when it is used up.
                if k > range {
                    break;
                }
                let number = (1_000 + n * range + k).to_string();
                let started = Instant::now();
                let result = client
                    .post(&path, &[("_csrf", &token), ("number", &number), ("title", &title)])
                    .await
                    .map(|(status, _)| status);
                tally.record(&result, started.elapsed());
                if matches!(result, Ok(303)) {
                    acknowledged.lock().await.push(title);
                }
            }
            vec![("writers", tally)]
        }));
    }
    let published = crate::bench::published_meeting(store.as_ref()).await?;
    let pages = [
        "/".to_string(),
        format!("/moten/{published}"),
        "/sok?q=hemsjukv%C3%A5rd".to_string(),
        "/anslagstavla".to_string(),
        format!("/moten/{meeting}"),
    ];
    for n in 0..load.readers {
        let (mut client, pages) = (Client::new(&base), pages.clone());
        tasks.push(tokio::spawn(async move {
            let mut tally = Tally::default();
            let mut k = n;
            while Instant::now() < deadline {
                k += 1;
                let started = Instant::now();
                let result = client.get(&pages[k % pages.len()]).await.map(|(s, _)| s);
                tally.record(&result, started.elapsed());
            }
            vec![("readers", tally)]
        }));
    }
    for n in 0..load.logins {
        let mut client = Client::new(&base);
        tasks.push(tokio::spawn(async move {
            let mut tally = Tally::default();
            let Ok(token) = client.token("/logga-in").await else {
                tally.failed += 1;
                return vec![("logins", tally)];
            };
            let mut k = 0;
            while Instant::now() < deadline {
                k += 1;
                // Wrong passwords for a real account and for names that do not exist.
                let username = if k % 2 == 0 {
                    "ledamot".to_string()
                } else {
                    format!("okand{n}-{k}")
                };
                let started = Instant::now();
                let result = client
                    .post(
                        "/logga-in",
                        &[("_csrf", &token), ("username", &username), ("password", "fel")],
                    )
                    .await
                    .map(|(s, _)| s);
                tally.record(&result, started.elapsed());
            }
            vec![("logins", tally)]
        }));
    }
    for n in 0..load.hostile {
        let mut client = Client::new(&base);
        tasks.push(tokio::spawn(async move {
            let (mut tally, mut oversized) = (Tally::default(), Tally::default());
            let mut k = n;
            while Instant::now() < deadline {
                k += 1;
                let started = Instant::now();
                if k % 11 == 0 {
                    // A form body far above every limit, without a CSRF token. The server
                    // answers after the first megabyte and closes the connection, so the
                    // client may see the close before the answer: counted on its own.
                    // Its own connection, so that the close cannot cost the next request.
                    let huge = "x".repeat(3 * 1024 * 1024);
                    let mut once = Client::new(&client.base);
                    let result = once.post("/logga-in", &[("username", &huge)]).await.map(|(s, _)| s);
                    oversized.record(&result, started.elapsed());
                } else {
                    let result = client.get(HOSTILE[k % HOSTILE.len()]).await.map(|(s, _)| s);
                    tally.record(&result, started.elapsed());
                }
            }
            vec![("hostile", tally), ("oversized bodies", oversized)]
        }));
    }
    {
        let mut client = Client::new(&base);
        tasks.push(tokio::spawn(async move {
            let mut tally = Tally::default();
            let mut tick = tokio::time::interval(Duration::from_millis(100));
            while Instant::now() < deadline {
                tick.tick().await;
                let started = Instant::now();
                let result = client.get("/health").await.map(|(s, _)| s);
                tally.record(&result, started.elapsed());
            }
            vec![("health", tally)]
        }));
    }

    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    for task in tasks {
        for (kind, tally) in task.await.context("a load client failed")? {
            let total = tallies.entry(kind).or_default();
            for (status, count) in tally.statuses {
                *total.statuses.entry(status).or_default() += count;
            }
            total.failed += tally.failed;
            total.latencies.extend(tally.latencies);
        }
    }

    let stored: std::collections::HashSet<String> = store
        .items(MeetingId(meeting))
        .await
        .map_err(cause)?
        .into_iter()
        .map(|item| item.title)
        .collect();
    let acknowledged = acknowledged.lock().await;
    let lost = acknowledged.iter().filter(|title| !stored.contains(*title)).count();

    println!(
        "Soak: {} s, {} writers, {} readers, {} login flooders, {} hostile clients, one SQLite server",
        load.seconds, load.writers, load.readers, load.logins, load.hostile
    );
    println!("| clients | requests | by status | no answer | p50 ms | p95 ms |");
    println!("|---|---|---|---|---|---|");
    let mut errors = 0;
    let mut hostile_accepted = 0;
    for (kind, tally) in tallies.iter_mut() {
        errors += if *kind == "oversized bodies" {
            tally.statuses.iter().filter(|(s, _)| **s >= 500).map(|(_, n)| n).sum()
        } else {
            tally.server_errors()
        };
        if kind.starts_with("hostile") || kind.starts_with("oversized") {
            hostile_accepted += tally
                .statuses
                .iter()
                .filter(|(s, _)| **s < 400)
                .map(|(_, n)| n)
                .sum::<u64>();
        }
        let statuses = tally
            .statuses
            .iter()
            .map(|(status, count)| format!("{status}: {count}"))
            .collect::<Vec<_>>()
            .join(", ");
        let (p50, p95) = (tally.percentile(0.50), tally.percentile(0.95));
        println!(
            "| {kind} | {} | {statuses} | {} | {p50:.1} | {p95:.1} |",
            tally.requests(),
            tally.failed
        );
    }
    println!(
        "Acknowledged writes: {}, found in the database: {}, lost: {lost}",
        acknowledged.len(),
        acknowledged.len() - lost
    );
    if errors > 0 || lost > 0 || hostile_accepted > 0 {
        bail!(
            "the soak failed: {errors} server errors, {lost} lost writes, {hostile_accepted} hostile requests accepted"
        );
    }
    // Writers whose every write is refused prove nothing about lost writes.
    if load.writers > 0 && acknowledged.is_empty() {
        bail!("the soak failed: no write was acknowledged, so none could be checked");
    }
    Ok(())
}

/// A meeting of a body the demo secretary manages whose protocol is still open.
async fn open_meeting(store: &dyn Store) -> Result<i64> {
    let secretary = store
        .user_by_username("sekreterare")
        .await
        .map_err(cause)?
        .and_then(|user| user.person_id)
        .context("the demo has no secretary")?;
    for body in store.bodies().await.map_err(cause)? {
        let manages = store
            .memberships(body.id)
            .await
            .map_err(cause)?
            .iter()
            .any(|m| m.person_id == secretary && m.role == samverkan_domain::Role::Sekreterare);
        if manages {
            for meeting in store.meetings(body.id).await.map_err(cause)? {
                if !meeting.status.is_locked() {
                    return Ok(meeting.id.0);
                }
            }
        }
    }
    bail!("the demo data has no open meeting of the secretary's body")
}
