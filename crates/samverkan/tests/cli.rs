//! The `samverkan` binary as users run it: bad input, administration, and the demo.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use samverkan_domain::{MeetingStatus, Protocol, ResponseStatus};
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

    // Disable, enable and a new password, each ending the account's sessions.
    let store = runtime.block_on(SqliteStore::connect_file(&database)).unwrap();
    let session = || {
        let expires = chrono::Utc::now() + chrono::Duration::hours(1);
        runtime.block_on(store.create_session("s", user.id, expires)).unwrap();
    };
    let live = || {
        runtime
            .block_on(store.session_user("s", chrono::Utc::now()))
            .unwrap()
            .is_some()
    };
    let admin = |args: &[&str], stdin: &str| {
        let mut child = samverkan()
            .args(["--database-url", &url, "user"])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    session();
    let disabled = admin(&["disable", "sekreterare"], "");
    assert!(disabled.status.success(), "{}", stderr(&disabled));
    assert!(!live());
    let list = admin(&["list"], "");
    assert!(String::from_utf8_lossy(&list.stdout).contains("sekreterare\tsecretary\tdisabled"));
    assert!(admin(&["enable", "sekreterare"], "").status.success());
    assert_fails_with(&admin(&["disable", "ingen"], ""), "there is no user named \"ingen\"");

    session();
    let reset = admin(&["reset-password", "sekreterare"], "ett annat långt lösenord\n");
    assert!(reset.status.success(), "{}", stderr(&reset));
    assert!(!live());
    let changed = runtime
        .block_on(store.user_by_username("sekreterare"))
        .unwrap()
        .unwrap();
    assert_ne!(changed.password_hash, user.password_hash);
    assert!(!changed.disabled);
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
    let (page, system) = runtime.block_on(async {
        let page = reqwest::get(&address).await.unwrap().text().await.unwrap();
        let system = reqwest::get(format!("{address}/oparl/v1/system"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        (page, system)
    });
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(page.contains("Regional samverkansgrupp för vård och omsorg i Kronoberg"));
    assert!(page.contains("Ledningsrådet för hälsa och välfärd i Västmanland"));
    // Without public_url configured, links are made with the address it really listens on.
    let system: serde_json::Value = serde_json::from_str(&system).unwrap();
    assert_eq!(system["id"], format!("{address}/oparl/v1/system"));
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
    let answers = store.responses(kronoberg.id, None).await.unwrap();
    assert_eq!(answers.len(), 5, "some members have answered a recommendation");
    assert!(answers
        .iter()
        .all(|a| a.status == ResponseStatus::Pending || a.decided_on.is_some()));

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
    // The PDF reads back in: a protocol from another system arrives the same way.
    let back = samverkan()
        .args(["--database-url", &url, "import", "--dry-run"])
        .arg(&pdf)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&back.stdout);
    assert!(back.status.success(), "{report}{}", stderr(&back));
    assert!(report.contains("Layout: paragrafprotokoll (§)"), "{report}");
    let fidelity: f64 = report
        .split("Återgivning: ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(fidelity >= 99.0, "{report}");
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

fn seed_path(prefix: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the seeds are in {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap()
}

async fn meeting_count(database: &std::path::Path) -> usize {
    let store = SqliteStore::connect_file(database).await.unwrap();
    let mut count = 0;
    for body in store.bodies().await.unwrap() {
        count += store.meetings(body.id).await.unwrap().len();
    }
    count
}

#[tokio::test]
async fn import_stores_the_seeds_searchably_and_verify_confirms_them() {
    let database = temp_path("import.db");
    let index = temp_path("import.index");
    let url = format!("sqlite://{}", database.display());
    let run = |args: &[&std::ffi::OsStr]| {
        samverkan()
            .args(["--database-url", &url])
            .args(args)
            .env("SAMVERKAN_INDEX_PATH", &index)
            .output()
            .unwrap()
    };
    let seeds: Vec<PathBuf> = ["000", "001", "002", "003", "004"]
        .iter()
        .map(|p| seed_path(p))
        .collect();
    let mut args: Vec<&std::ffi::OsStr> = vec!["import".as_ref()];
    args.extend(seeds.iter().map(|p| p.as_os_str()));
    let imported = run(&args);
    assert!(imported.status.success(), "{}", stderr(&imported));
    let report = String::from_utf8_lossy(&imported.stdout);
    assert_eq!(report.matches("Återgivning: ").count(), 5, "{report}");
    assert_eq!(report.matches("Sparat som justerat protokoll").count(), 5);
    assert_eq!(meeting_count(&database).await, 5);

    // A new or imported protocol is searchable at once.
    let found = run(&["search".as_ref(), "Prator".as_ref()]);
    let hits = String::from_utf8_lossy(&found.stdout);
    assert!(hits.contains("LSG 2011-02-22 § 2 b Prator"), "{hits}");
    assert!(hits.contains("LSVO 2023-10-20 § 106 d Prator/LINK"), "{hits}");
    let found = run(&["search".as_ref(), "kostnadsfördelning".as_ref()]);
    assert!(String::from_utf8_lossy(&found.stdout).contains("SVOM 2012-11-30 § 52 Samordnad praktiksamordning"));

    let verified = run(&["verify".as_ref(), seeds[1].as_os_str()]);
    let text = String::from_utf8_lossy(&verified.stdout);
    assert!(verified.status.success(), "{text}{}", stderr(&verified));
    assert!(text.contains("(stämmer)"), "{text}");
    assert!(text.contains("samma innehåll som det lagrade"), "{text}");

    // The same file again is refused and nothing more is stored.
    let again = run(&["import".as_ref(), seeds[2].as_os_str()]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("Ett protokoll importerat från samma fil finns redan."),
        "{}",
        stderr(&again)
    );
    assert_eq!(meeting_count(&database).await, 5);
}

#[tokio::test]
async fn bad_source_files_give_clear_swedish_errors_and_store_nothing() {
    let database = temp_path("bad-import.db");
    let url = format!("sqlite://{}", database.display());
    assert!(samverkan()
        .args(["--database-url", &url, "migrate"])
        .output()
        .unwrap()
        .status
        .success());
    let huge = temp_path("huge.txt");
    // 200 MB on paper, without writing them: the size is refused before anything is read.
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("empty.txt", Vec::new(), "är tom"),
        ("binary.txt", vec![0, 159, 146, 150, 0, 1, 2, 3, 0, 0], "binärfil"),
        ("latin1.txt", b"Protokoll sammantr\xe4de 2023-10-20".to_vec(), "UTF-8"),
        (
            "truncated.pdf",
            b"%PDF-1.4\n1 0 obj << /Type /Catalog".to_vec(),
            "PDF-filen",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = temp_path(name);
        std::fs::write(&path, bytes).unwrap();
        let output = samverkan()
            .args(["--database-url", &url, "import"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{name}");
        assert!(stderr(&output).contains(expected), "{name}: {}", stderr(&output));
    }
    let output = samverkan()
        .args(["--database-url", &url, "import"])
        .arg(&huge)
        .output()
        .unwrap();
    assert!(
        stderr(&output).contains("största tillåtna storlek är 20 MB"),
        "{}",
        stderr(&output)
    );
    assert_eq!(meeting_count(&database).await, 0, "nothing was stored");
}

/// A readable protocol whose text gives no date is kept, never refused: as an import awaiting
/// review (its JSON says the date is unknown), or with the date given by `--date`; a date that
/// is no date is refused in Swedish.
#[test]
fn a_protocol_without_a_date_is_kept_for_review_or_takes_the_given_date() {
    let database = temp_path("no-date.db");
    let url = format!("sqlite://{}", database.display());
    let protocol = "Socialnämnden\n\nBeslutande:\nAnna Berg (S), ordförande\nOla Ek (M), ledamot\n\n§ 4 Val av justerare\n\nNämnden beslutar att utse Ola Ek att justera protokollet.\n";
    let unknown = temp_path("protokoll.txt");
    std::fs::write(&unknown, protocol).unwrap();
    let output = samverkan()
        .args(["--database-url", &url, "import"])
        .arg(&unknown)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let report = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(report.contains("import att granska"), "{report}");
    let json = samverkan()
        .args(["--database-url", &url, "export", "1", "--format", "json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(value["meeting"]["date"].is_null(), "{}", value["meeting"]);
    assert_eq!(value["meeting"]["attendance"].as_array().unwrap().len(), 2);
    assert_eq!(value["items"][0]["title"], "Val av justerare");

    let given = temp_path("annat.txt");
    std::fs::write(&given, protocol.replace("§ 4", "§ 5")).unwrap();
    let bad = samverkan()
        .args(["--database-url", &url, "import", "--date", "15 februari"])
        .arg(&given)
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("är inget datum"), "{}", stderr(&bad));
    let output = samverkan()
        .args(["--database-url", &url, "import", "--date", "2016-02-15"])
        .arg(&given)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let json = samverkan()
        .args(["--database-url", &url, "export", "2", "--format", "json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["meeting"]["date"], "2016-02-15");
}

/// The importer on the corpus of real protocols of other bodies, scored by the shared tool
/// against its hand-made truth (read from `../shared`, never copied): at least 22 of 26 usable
/// and mean attendee and title recall of at least 0.9.
#[test]
fn the_corpus_of_other_bodies_protocols_is_read_usably() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let tool = root.join("../shared/tools/score-import");
    let output = Command::new("python3")
        .arg(&tool)
        .args(["--min-usable", "22"])
        .env("BIN", env!("CARGO_BIN_EXE_samverkan"))
        .current_dir(&root)
        .output()
        .expect("python3 runs the shared scoring tool");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "fewer than 22 of 26 usable:\n{text}{}",
        stderr(&output)
    );
    let last = text.lines().last().unwrap_or("");
    let figure = |label: &str| -> f64 {
        last.split(label)
            .nth(1)
            .and_then(|rest| {
                rest.split(|c: char| c == ',' || c.is_whitespace())
                    .find(|w| !w.is_empty())
            })
            .and_then(|w| w.parse().ok())
            .unwrap_or(0.0)
    };
    assert!(figure("mean attendee recall") >= 0.9, "{last}");
    assert!(figure("mean title recall") >= 0.9, "{last}");
    assert!(
        text.contains("refused: 0/26"),
        "a readable protocol was refused:\n{text}"
    );
    assert!(text.contains("panicked: 0/26"), "{text}");
}

/// A complete municipal protocol of the corpus (read, never copied) with a vote and
/// reservations: imported, its votes and reservations are on the public page and in the PDF.
#[test]
fn an_imported_vote_and_its_reservations_are_on_the_page_and_in_the_pdf() {
    let database = temp_path("votes.db");
    let index = temp_path("votes.index");
    let url = format!("sqlite://{}", database.display());
    let source = std::fs::read_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/protocols"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("01_"))
        .unwrap();
    let imported = samverkan()
        .args(["--database-url", &url, "import"])
        .arg(&source)
        .env("SAMVERKAN_INDEX_PATH", &index)
        .output()
        .unwrap();
    assert!(imported.status.success(), "{}", stderr(&imported));

    let (_server, address) = serve(&url, &index);
    let page = tokio::runtime::Runtime::new().unwrap().block_on(async {
        reqwest::get(format!("{address}/moten/1"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    });
    let item = page
        .split("<section class=\"item")
        .find(|s| s.contains("Omröstning"))
        .expect("an item on the page shows its vote");
    assert!(item.contains("Ja 10, nej 1, avstår 0"), "{item}");
    assert!(item.contains("<h4>Reservationer</h4>"), "{item}");
    assert!(item.contains("Oscar Sedira (SD) reserverar sig mot beslutet"), "{item}");
    assert!(item.contains("<h4>Yrkanden</h4>") && item.contains("<h4>Protokollsanteckningar</h4>"));

    let pdf = temp_path("votes.pdf");
    let exported = samverkan()
        .args(["--database-url", &url, "export", "1", "--output"])
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(exported.status.success(), "{}", stderr(&exported));
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let text = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "Omröstning",
        "Ja 10, nej 1, avstår 0",
        "Reservationer",
        "Oscar Sedira (SD) reserverar sig mot beslutet",
        "Protokollsanteckningar",
    ] {
        assert!(text.contains(expected), "{expected} in the PDF");
    }
}

/// Every meeting's stored protocol and every file, as a restore must bring them back.
async fn everything(store: &dyn Store) -> (Vec<Protocol>, Vec<(String, Vec<u8>)>) {
    let mut protocols = Vec::new();
    for body in store.bodies().await.unwrap() {
        for meeting in store.meetings(body.id).await.unwrap() {
            protocols.push(store.protocol(meeting.id).await.unwrap());
        }
    }
    let mut files = Vec::new();
    for sha256 in store.file_hashes().await.unwrap() {
        files.push((sha256.clone(), store.file(&sha256).await.unwrap().1));
    }
    (protocols, files)
}

/// Seeds the demo and one attachment file, the way a body's archive holds them.
async fn archive(store: &dyn Store) {
    samverkan::demo::seed(store).await.unwrap();
    let content = b"%PDF-1.4 en bilaga".to_vec();
    let sha256 = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&content))
    };
    store.put_file(&sha256, "application/pdf", &content).await.unwrap();
}

fn run_with(url: &str, args: &[&str]) -> Output {
    samverkan().args(["--database-url", url]).args(args).output().unwrap()
}

/// Backup, restore into an empty database, and the same data and hashes after; a restore into
/// a database with data is refused; a tampered backup is caught by the hash check.
fn backup_round_trip(source: &str, target: &str, spare: &str, backup: &std::path::Path, tamper: impl FnOnce()) {
    let taken = run_with(source, &["backup", backup.to_str().unwrap()]);
    assert!(taken.status.success(), "{}", stderr(&taken));
    assert_fails_with(
        &run_with(source, &["backup", backup.to_str().unwrap()]),
        "already exists",
    );

    let restored = run_with(target, &["restore", backup.to_str().unwrap()]);
    assert!(restored.status.success(), "{}", stderr(&restored));
    let said = String::from_utf8_lossy(&restored.stdout);
    assert!(
        said.contains("adjusted protocols and 1 files match their recorded hashes"),
        "{said}"
    );
    assert_fails_with(&run_with(target, &["restore", backup.to_str().unwrap()]), "already");

    tamper();
    let refused = run_with(spare, &["restore", backup.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("does not match its own hashes"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn a_sqlite_backup_restores_every_protocol_and_file_unchanged() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (source, target, spare) = (temp_path("source.db"), temp_path("target.db"), temp_path("spare.db"));
    let backup = temp_path("backup.db");
    let url = |path: &PathBuf| format!("sqlite://{}", path.display());
    let store = runtime.block_on(SqliteStore::connect_file(&source)).unwrap();
    runtime.block_on(store.migrate()).unwrap();
    runtime.block_on(archive(&store));
    let before = runtime.block_on(everything(&store));
    assert!(before.0.iter().any(|p| p.meeting.adjustment.content_sha256.is_some()));

    let tampered = backup.clone();
    backup_round_trip(&url(&source), &url(&target), &url(&spare), &backup, || {
        runtime.block_on(async {
            use sqlx::Connection;
            let mut copy = sqlx::SqliteConnection::connect(&format!("sqlite://{}", tampered.display())).await.unwrap();
            sqlx::query("UPDATE items SET title = title || ' (ändrad)' WHERE meeting_id IN (SELECT id FROM meetings WHERE content_sha256 IS NOT NULL)")
                .execute(&mut copy)
                .await
                .unwrap();
        })
    });
    let restored = runtime.block_on(SqliteStore::connect_file(&target)).unwrap();
    assert_eq!(runtime.block_on(everything(&restored)), before);
}

#[test]
fn a_postgres_backup_restores_every_protocol_and_file_unchanged() {
    let Ok(admin_url) = std::env::var("SAMVERKAN_TEST_POSTGRES_URL") else {
        panic!("SAMVERKAN_TEST_POSTGRES_URL must name a PostgreSQL server for the tests; run scripts/test");
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (base, _) = admin_url.rsplit_once('/').unwrap();
    let names: Vec<String> = ["source", "target", "spare"]
        .iter()
        .map(|n| {
            format!(
                "samverkan_backup_{n}_{}_{}",
                std::process::id(),
                chrono::Utc::now().timestamp_micros()
            )
        })
        .collect();
    runtime.block_on(async {
        use sqlx::{Connection, Executor};
        let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
        for name in &names {
            admin.execute(format!("CREATE DATABASE {name}").as_str()).await.unwrap();
        }
    });
    let url = |name: &str| format!("{base}/{name}");
    let store = runtime
        .block_on(samverkan_storage_postgres::PostgresStore::connect(&url(&names[0])))
        .unwrap();
    runtime.block_on(store.migrate()).unwrap();
    runtime.block_on(archive(&store));
    let before = runtime.block_on(everything(&store));

    let backup = temp_path("backup.pgdump");
    // Tampering with a dump means restoring it, changing it, and dumping it again.
    let tampered = temp_path("tampered.pgdump");
    let source = url(&names[0]);
    backup_round_trip(&url(&names[0]), &url(&names[1]), &url(&names[2]), &backup, || {
        runtime.block_on(async {
            use sqlx::Connection;
            let mut db = sqlx::PgConnection::connect(&source).await.unwrap();
            sqlx::query("UPDATE files SET content = content || '\\x00'::bytea")
                .execute(&mut db)
                .await
                .unwrap();
        });
        assert!(run_with(&source, &["backup", tampered.to_str().unwrap()])
            .status
            .success());
        std::fs::rename(&tampered, &backup).unwrap();
    });
    let restored = runtime
        .block_on(samverkan_storage_postgres::PostgresStore::connect(&url(&names[1])))
        .unwrap();
    assert_eq!(runtime.block_on(everything(&restored)), before);
}

/// A server process that is stopped when the test ends, however it ends.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A `samverkan serve` on `url` with an index of its own; its address once it listens.
fn serve(url: &str, index: &std::path::Path) -> (Server, String) {
    let mut child = samverkan()
        .args(["--database-url", url, "serve", "--port", "0"])
        .env("SAMVERKAN_INDEX_PATH", index)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let address = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map(|line| line.unwrap())
        .find_map(|line| line.strip_prefix("Samverkan listening on ").map(str::to_string))
        .expect("the server prints its address");
    (Server(child), address)
}

/// Hits for `words` in the public search of the server at `address`.
fn hits(address: &str, words: &str) -> u64 {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let url = format!("{address}/api/v1/search?q={words}");
        let text = reqwest::get(url).await.unwrap().text().await.unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        json["total"].as_u64().unwrap()
    })
}

#[test]
fn two_servers_on_one_postgres_find_what_the_other_and_the_cli_stored() {
    let Ok(admin_url) = std::env::var("SAMVERKAN_TEST_POSTGRES_URL") else {
        panic!("SAMVERKAN_TEST_POSTGRES_URL must name a PostgreSQL server for the tests; run scripts/test");
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let name = format!(
        "samverkan_two_servers_{}_{}",
        std::process::id(),
        chrono::Utc::now().timestamp_micros()
    );
    runtime.block_on(async {
        use sqlx::{Connection, Executor};
        let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
        admin.execute(format!("CREATE DATABASE {name}").as_str()).await.unwrap();
    });
    let url = format!("{}/{name}", admin_url.rsplit_once('/').unwrap().0);
    let store = runtime
        .block_on(samverkan_storage_postgres::PostgresStore::connect(&url))
        .unwrap();
    runtime.block_on(store.migrate()).unwrap();
    runtime.block_on(samverkan::demo::seed(&store)).unwrap();
    let (_one, first) = serve(&url, &temp_path("index-one"));
    let (_other, second) = serve(&url, &temp_path("index-two"));

    // A protocol imported by the CLI while both run.
    let file = temp_path("kvallsmottagning.txt");
    std::fs::write(
        &file,
        "PROTOKOLL\nTestnämnden för glesbygdsvård\nSammanträdesdatum 2026-03-13\n\n\
         § 1 Kvällsmottagning i glesbygden\nNämnden beslutar att godkänna försöket med kvällsmottagning.\n",
    )
    .unwrap();
    let imported = samverkan()
        .args(["--database-url", &url, "import"])
        .arg(&file)
        .env("SAMVERKAN_INDEX_PATH", temp_path("index-cli"))
        .output()
        .unwrap();
    assert!(imported.status.success(), "{}", stderr(&imported));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let mut found = [false, false];
    while found != [true, true] {
        assert!(
            std::time::Instant::now() < deadline,
            "both servers find the import: {found:?}"
        );
        for (k, address) in [&first, &second].into_iter().enumerate() {
            found[k] = found[k] || hits(address, "kv%C3%A4llsmottagning") >= 1;
        }
    }
}

#[test]
fn a_bodys_year_is_exported_as_an_information_package_with_every_file_checksummed() {
    let database = temp_path("archive.db");
    let demo = samverkan()
        .arg("demo")
        .arg("--database")
        .arg(&database)
        .arg("--no-serve")
        .output()
        .unwrap();
    assert!(demo.status.success(), "{}", stderr(&demo));
    let url = format!("sqlite://{}", database.display());
    let output = temp_path("package");
    let export = |output: &std::path::Path| {
        let mut command = samverkan();
        command
            .args([
                "--database-url",
                &url,
                "archive",
                "export",
                "--body",
                "1",
                "--year",
                "2026",
                "-o",
            ])
            .arg(output);
        command
    };
    let run = || export(&output).output().unwrap();
    let first = run();
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(String::from_utf8_lossy(&first.stdout).contains("protocols"));
    let package = std::fs::read_dir(&output).unwrap().next().unwrap().unwrap().path();
    let mets = std::fs::read_to_string(package.join("METS.xml")).unwrap();
    assert!(mets.contains("PROFILE=\"https://earksip.dilcis.eu/profile/E-ARK-SIP.xml\""));
    // Every file the METS lists is there, with the size and SHA-256 it states.
    let premis = std::fs::read_to_string(package.join("metadata/preservation/premis.xml")).unwrap();
    let mut listed = 0;
    for part in mets.split("<mets:file ").skip(1) {
        let attribute = |name: &str| {
            let start = part.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            part[start..].split('"').next().unwrap().to_string()
        };
        let bytes = std::fs::read(package.join(attribute("xlink:href"))).unwrap();
        assert_eq!(bytes.len().to_string(), attribute("SIZE"));
        use sha2::Digest;
        assert_eq!(hex::encode(sha2::Sha256::digest(&bytes)), attribute("CHECKSUM"));
        // PREMIS has the fixity of every file too.
        let object = format!("<premis:originalName>{}</premis:originalName>", attribute("xlink:href"));
        let described = premis.split("<premis:object ").find(|o| o.contains(&object)).unwrap();
        assert!(described.contains(&attribute("CHECKSUM")), "{object}");
        listed += 1;
    }
    // PDF, text and JSON of each of the four adjusted protocols, the representation's METS, the
    // description and the schema of the JSON.
    assert_eq!(listed, 4 * 3 + 3, "{mets}");
    for group in ["Documentation", "Schemas", "Representations/rep1"] {
        assert!(mets.contains(&format!("USE=\"{group}\"")), "{group}");
    }
    assert!(mets.contains("MDTYPE=\"PREMIS\""));
    assert!(mets.contains("MDTYPE=\"DC\""));
    let about = std::fs::read_to_string(package.join("documentation/om-paketet.txt")).unwrap();
    assert_eq!(about.matches("representations/rep1/data/2026-").count(), 4, "{about}");
    let representation = std::fs::read_to_string(package.join("representations/rep1/METS.xml")).unwrap();
    assert_eq!(
        representation.matches("xlink:href=\"data/2026-").count(),
        12,
        "{representation}"
    );
    // Nothing confidential leaves in the package's JSON.
    for entry in walk(&package) {
        if entry.extension().is_some_and(|e| e == "json") {
            let json = std::fs::read_to_string(&entry).unwrap();
            assert!(!json.contains("insatserna för den enskilde"), "{}", entry.display());
            assert!(
                !json.contains("en enskild person med omfattande behov"),
                "{}",
                entry.display()
            );
        }
    }
    // The package goes into a new directory; an existing one is left alone.
    assert!(!run().status.success());
    // With the organisation's key configured (here the demo's own), every PDF is signed as the
    // web signs it.
    let signed_output = temp_path("signed-package");
    let signed = export(&signed_output)
        .env("SAMVERKAN_SIGNING_KEY", database.with_extension("signing-key.pem"))
        .env(
            "SAMVERKAN_SIGNING_CERTIFICATE",
            database.with_extension("signing-certificate.pem"),
        )
        .output()
        .unwrap();
    assert!(signed.status.success(), "{}", stderr(&signed));
    let pdfs: Vec<PathBuf> = walk(&signed_output)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(pdfs.len(), 4);
    for pdf in &pdfs {
        let verified = samverkan_sign::verify_pdf(&std::fs::read(pdf).unwrap()).unwrap();
        assert!(
            verified.whole_file && verified.subject.contains("Samverkan demo"),
            "{verified:?}"
        );
    }
    // Unsigned without a key.
    let unsigned = walk(&package)
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    assert!(samverkan_sign::verify_pdf(&std::fs::read(unsigned).unwrap()).is_err());
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}
