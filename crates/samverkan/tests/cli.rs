//! The `samverkan` binary as users run it: bad input, administration, and the demo.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use samverkan_domain::{MeetingStatus, Protocol};
use samverkan_storage::Store;
use samverkan_storage_sqlite::SqliteStore;

fn samverkan() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_samverkan"));
    // Run where no samverkan.toml or environment setting can leak in.
    command.current_dir(std::env::temp_dir());
    command.env_remove("SAMVERKAN_DATABASE_URL").env_remove("RUST_LOG");
    command
}

fn temp_path(name: &str) -> PathBuf {
    let unique = format!(
        "samverkan-cli-{}-{}-{name}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    );
    std::env::temp_dir().join(unique)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A failed run: non-zero exit and exactly one line on standard error.
fn assert_fails_with(output: &Output, expected: &str) {
    assert!(!output.status.success(), "expected failure, got {output:?}");
    let text = stderr(output);
    assert_eq!(text.lines().count(), 1, "one sentence expected: {text}");
    assert!(text.contains(expected), "{text:?} should contain {expected:?}");
}

#[test]
fn malformed_database_url_is_one_clear_sentence() {
    let output = samverkan()
        .args(["--database-url", "mysql//nowhere", "migrate"])
        .output()
        .unwrap();
    assert_fails_with(&output, "the database URL must start with sqlite:// or postgres://");
}

#[test]
fn database_url_password_is_never_printed() {
    let output = samverkan()
        .args(["--database-url", "postgres://user:hemligt@127.0.0.1:1/db", "migrate"])
        .output()
        .unwrap();
    assert_fails_with(&output, "could not connect to the PostgreSQL database");
    assert!(!stderr(&output).contains("hemligt"));
}

#[test]
fn missing_config_file_is_one_clear_sentence() {
    let output = samverkan()
        .args(["--config", "/does/not/exist/samverkan.toml", "migrate"])
        .output()
        .unwrap();
    assert_fails_with(
        &output,
        "configuration file /does/not/exist/samverkan.toml does not exist",
    );
}

#[test]
fn config_file_and_environment_are_layered() {
    let database = temp_path("layered.db");
    let config = temp_path("samverkan.toml");
    std::fs::write(&config, "database_url = \"sqlite:///nonexistent-dir/x.db\"\nport = 9\n").unwrap();
    let url = format!("sqlite://{}", database.display());
    let output = samverkan()
        .arg("--config")
        .arg(&config)
        .arg("migrate")
        .env("SAMVERKAN_DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(database.exists(), "the environment overrides the file");
}

#[test]
fn unknown_municipality_code_is_refused_before_touching_the_database() {
    let database = temp_path("unknown.db");
    let output = samverkan()
        .arg("--database-url")
        .arg(format!("sqlite://{}", database.display()))
        .args(["organisation", "add-kommun", "9999"])
        .output()
        .unwrap();
    assert_fails_with(&output, "unknown municipality code \"9999\"");
    assert!(!database.exists());
}

#[test]
fn kommun_is_created_from_its_code_with_name_and_population() {
    let url = format!("sqlite://{}", temp_path("kommun.db").display());
    let add = samverkan()
        .args(["--database-url", &url, "organisation", "add-kommun", "0780"])
        .output()
        .unwrap();
    assert!(add.status.success(), "{}", stderr(&add));
    assert!(String::from_utf8_lossy(&add.stdout).contains("Created Växjö kommun"));
    let again = samverkan()
        .args(["--database-url", &url, "organisation", "add-kommun", "0780"])
        .output()
        .unwrap();
    assert_fails_with(&again, "Växjö kommun is already in the database");
    let list = samverkan()
        .args(["--database-url", &url, "organisation", "list"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&list.stdout), "1\tkommun\t0780\tVäxjö kommun\n");
}

#[test]
fn user_is_created_with_a_hashed_password_from_stdin() {
    let database = temp_path("user.db");
    let url = format!("sqlite://{}", database.display());
    let run = |password: &str| {
        let mut child = samverkan()
            .args([
                "--database-url",
                &url,
                "user",
                "add",
                "sekreterare",
                "--name",
                "Sara Sekreterare",
            ])
            .args(["--role", "secretary"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(password.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    assert_fails_with(&run("kort\n"), "at least 8 characters");
    let created = run("ett långt lösenord\n");
    assert!(created.status.success(), "{}", stderr(&created));
    assert_fails_with(&run("ett långt lösenord\n"), "already exists");

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let user = runtime.block_on(async {
        let store = SqliteStore::connect_file(&database).await.unwrap();
        store.user_by_username("sekreterare").await.unwrap().unwrap()
    });
    assert!(user.password_hash.starts_with("$argon2"));
    assert!(!user.password_hash.contains("lösenord"));
}

#[test]
fn demo_serves_its_data_on_the_port_it_prints() {
    let database = temp_path("demo.db");
    let mut child = samverkan()
        .arg("demo")
        .arg("--database")
        .arg(&database)
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let address = lines
        .by_ref()
        .map(|line| line.unwrap())
        .find_map(|line| line.strip_prefix("Samverkan listening on ").map(str::to_string))
        .expect("the demo prints its address");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let page = runtime.block_on(async { reqwest::get(&address).await.unwrap().text().await.unwrap() });
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(page.contains("Regional samverkansgrupp för vård och omsorg i Kronoberg"));
    assert!(page.contains("Ledningsrådet för hälsa och välfärd i Västmanland"));
}

#[tokio::test]
async fn demo_data_follows_the_domain_rules() {
    let store = SqliteStore::open_temporary().await.unwrap();
    let summary = samverkan::demo::seed(&store).await.unwrap();
    assert_eq!(summary.bodies, 3);

    let mut statuses = Vec::new();
    let mut adjusted: Option<Protocol> = None;
    for body in store.bodies().await.unwrap() {
        assert!(store.memberships(body.id).await.unwrap().len() >= 3);
        for meeting in store.meetings(body.id).await.unwrap() {
            statuses.push(meeting.status);
            let protocol = store.protocol(meeting.id).await.unwrap();
            if meeting.status.is_locked() {
                assert_eq!(
                    meeting.adjustment.content_sha256.as_deref(),
                    Some(protocol.content_sha256().as_str()),
                    "an adjusted protocol's hash matches its content"
                );
                adjusted = Some(protocol);
            }
        }
    }
    for status in MeetingStatus::ALL {
        assert!(statuses.contains(&status), "the demo has a meeting that is {status}");
    }
    let kronoberg = &store.bodies().await.unwrap()[1];
    assert_eq!(kronoberg.short_name, "RSK");
    assert_eq!(store.grants(kronoberg.id).await.unwrap().len(), 1);
    let shares = store.cost_shares(kronoberg.id).await.unwrap();
    assert_eq!(shares.len(), 1);
    shares[0].validate().unwrap();
    assert_eq!(shares[0].parts.len(), 8, "the eight municipalities of Kronoberg pay");
    assert_eq!(store.agreements(kronoberg.id).await.unwrap().len(), 1);

    let mut item = adjusted.unwrap().items.remove(0);
    item.title.push_str(" (ändrad)");
    let refused = store.update_item(&item).await.unwrap_err();
    assert!(refused.to_string().starts_with("Protokollet är justerat"));
}

#[test]
fn search_finds_inflected_words_in_the_demo_archive_and_reindex_rebuilds() {
    let database = temp_path("search.db");
    let index = temp_path("search.index");
    let demo = samverkan()
        .arg("demo")
        .arg("--database")
        .arg(&database)
        .arg("--no-serve")
        .output()
        .unwrap();
    assert!(demo.status.success(), "{}", stderr(&demo));
    let url = format!("sqlite://{}", database.display());
    let run = |args: &[&str]| {
        samverkan()
            .args(["--database-url", &url])
            .args(args)
            .env("SAMVERKAN_INDEX_PATH", &index)
            .output()
            .unwrap()
    };
    let found = run(&["search", "kostnadsfördelningen"]);
    assert!(found.status.success(), "{}", stderr(&found));
    let text = String::from_utf8_lossy(&found.stdout);
    assert!(text.starts_with("2 hits"), "{text}");
    assert!(text.contains("RSK 2026-05-22 § 16 Samordnare för suicidprevention – kostnadsfördelning"));
    let reindexed = run(&["reindex"]);
    assert_eq!(
        String::from_utf8_lossy(&reindexed.stdout),
        format!("Indexed 81 items in {}.\n", index.display())
    );
    let empty = run(&["search", " "]);
    assert!(!empty.status.success());
}

#[test]
fn export_writes_pdf_text_and_json_of_a_meeting() {
    let database = temp_path("export.db");
    let demo = samverkan()
        .arg("demo")
        .arg("--database")
        .arg(&database)
        .arg("--no-serve")
        .output()
        .unwrap();
    assert!(demo.status.success(), "{}", stderr(&demo));
    let url = format!("sqlite://{}", database.display());
    let pdf = temp_path("export.pdf");
    let out = samverkan()
        .args(["--database-url", &url, "export", "4", "--output"])
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let text = samverkan()
        .args(["--database-url", &url, "export", "4", "--format", "txt"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).starts_with("Organ: Regional samverkansgrupp"));
    let json = samverkan()
        .args(["--database-url", &url, "export", "4", "--format", "json"])
        .output()
        .unwrap();
    let protocol: Protocol = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(protocol.meeting.status, MeetingStatus::Adjusted);
    let missing = samverkan()
        .args(["--database-url", &url, "export", "999"])
        .output()
        .unwrap();
    assert_fails_with(&missing, "there is no meeting with id 999");
}
