//! `samverkan import` and `samverkan verify`: old protocols in, with a report, and a check of
//! what was stored against the source.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use samverkan_domain::Protocol;
use samverkan_import::{ImportOptions, Imported, SourceText, MAX_SOURCE_BYTES};
use samverkan_storage::Store;
use samverkan_web::AppState;

use crate::database::cause;

/// Reads a source file, refusing a too large one before reading it.
pub fn read(path: &Path) -> Result<SourceText> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let io = |source| samverkan_import::ImportError::Io {
        file: name.clone(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_SOURCE_BYTES {
        return Err(samverkan_import::ImportError::TooLarge { file: name, size }.into());
    }
    let bytes = std::fs::read(path).map_err(io)?;
    Ok(samverkan_import::read_source(&name, &bytes)?)
}

/// What the person importing says when the protocols do not: the body and the meeting date.
#[derive(Debug, Clone, Copy, Default)]
pub struct Given<'a> {
    pub body: Option<&'a str>,
    pub date: Option<chrono::NaiveDate>,
}

/// Reads and parses one file.
pub fn parse(path: &Path, given: Given<'_>) -> Result<Imported> {
    let source = read(path)?;
    Ok(samverkan_import::import(
        &source,
        &ImportOptions {
            body_name: given.body.map(str::to_string),
            date: given.date,
            imported_at: chrono::Utc::now(),
            corrections: Default::default(),
        },
    )?)
}

/// Imports each file, printing its report; with `dry_run` nothing is stored. Every file is
/// tried; the command fails if any did.
pub async fn import(state: Option<&AppState>, files: &[PathBuf], given: Given<'_>) -> Result<()> {
    let mut failed = 0;
    for path in files {
        match import_one(state, path, given).await {
            Ok(()) => {}
            Err(error) => {
                failed += 1;
                eprintln!("{}: {error:#}", path.display());
            }
        }
    }
    if failed > 0 {
        bail!(
            "{failed} av {} filer kunde inte importeras; ingenting sparades från dem",
            files.len()
        );
    }
    Ok(())
}

async fn import_one(state: Option<&AppState>, path: &Path, given: Given<'_>) -> Result<()> {
    let imported = parse(path, given)?;
    print!("{}", imported.report.to_text());
    let Some(state) = state else {
        println!("Provkörning: ingenting sparades.\n");
        return Ok(());
    };
    let stored = state
        .store
        .create_imported_protocol(&imported.protocol, &imported.grants, &imported.cost_shares)
        .await
        .map_err(cause)?;
    state.reindex(stored.meeting.id).await;
    println!(
        "Sparat som justerat protokoll: {} {} (sammanträde {}, /moten/{}).\n",
        stored.body.short_name, stored.meeting.date, stored.meeting.id, stored.meeting.id
    );
    Ok(())
}

/// Finds the protocol imported from `path`, checks that its stored content still has the hash it
/// was locked with, re-reads the source and compares the two as text.
pub async fn verify(store: &dyn Store, path: &Path) -> Result<bool> {
    let source = read(path)?;
    let stored = find_by_source(store, &source.sha256).await?.with_context(|| {
        format!(
            "{} har inte importerats (ingen källa med SHA-256 {})",
            source.file_name, source.sha256
        )
    })?;
    let reimported = samverkan_import::import(
        &source,
        &ImportOptions {
            body_name: Some(stored.body.name.clone()),
            date: Some(stored.meeting.date),
            imported_at: chrono::Utc::now(),
            corrections: Default::default(),
        },
    )?;
    let locked = stored.meeting.adjustment.content_sha256.clone().unwrap_or_default();
    let intact = locked == stored.content_sha256();
    println!(
        "{}: sammanträde {} ({} {})",
        source.file_name, stored.meeting.id, stored.body.short_name, stored.meeting.date
    );
    println!(
        "Innehållets SHA-256: {} ({})",
        locked,
        if intact {
            "stämmer"
        } else {
            "STÄMMER INTE: innehållet har ändrats"
        }
    );
    let fresh = with_body_of(&reimported.protocol, &stored);
    let differences = line_differences(&stored.canonical_text(), &fresh.canonical_text());
    if differences.is_empty() {
        println!("Källan läst på nytt ger samma innehåll som det lagrade.");
    } else {
        println!(
            "Källan läst på nytt skiljer sig från det lagrade på {} rader:",
            differences.len()
        );
        for line in differences.iter().take(20) {
            println!("  {line}");
        }
    }
    println!(
        "Återgivning av källan: {:.2} % ({} av {} tecken i ord)",
        reimported.report.fidelity * 100.0,
        reimported.report.matched_chars,
        reimported.report.source_chars
    );
    Ok(intact && differences.is_empty())
}

async fn find_by_source(store: &dyn Store, sha256: &str) -> Result<Option<Protocol>> {
    match store.meeting_by_source(sha256).await.map_err(cause)? {
        Some(meeting) => Ok(Some(store.protocol(meeting).await.map_err(cause)?)),
        None => Ok(None),
    }
}

/// The re-read protocol with the stored one's body, so that only content differs.
fn with_body_of(fresh: &Protocol, stored: &Protocol) -> Protocol {
    let mut fresh = fresh.clone();
    fresh.body = stored.body.clone();
    fresh
}

/// Lines in one text and not the other, marked "-" (stored only) and "+" (source only).
fn line_differences(stored: &str, fresh: &str) -> Vec<String> {
    let stored_lines: Vec<&str> = stored.lines().collect();
    let fresh_lines: Vec<&str> = fresh.lines().collect();
    let mut out: Vec<String> = stored_lines
        .iter()
        .filter(|l| !fresh_lines.contains(l))
        .map(|l| format!("- {l}"))
        .collect();
    out.extend(
        fresh_lines
            .iter()
            .filter(|l| !stored_lines.contains(l))
            .map(|l| format!("+ {l}")),
    );
    out
}
