//! `samverkan bench import`: time to import each seed protocol, and a PDF protocol against
//! `pdftotext` alone on the same file.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use samverkan_import::{import, read_source, ImportOptions};
use samverkan_render::Audience;

use super::render::{median, protocol};

fn options() -> ImportOptions {
    ImportOptions {
        body_name: None,
        date: None,
        imported_at: chrono::Utc::now(),
        corrections: Default::default(),
    }
}

fn time_import(name: &str, bytes: &[u8], runs: usize) -> Result<(Duration, f64)> {
    let mut times = Vec::with_capacity(runs);
    let mut fidelity = 0.0;
    for _ in 0..runs {
        let start = Instant::now();
        let source = read_source(name, bytes)?;
        let imported = import(&source, &options())?;
        times.push(start.elapsed());
        fidelity = imported.report.fidelity;
    }
    Ok((median(times), fidelity))
}

pub fn run(seeds: &Path, runs: usize) -> Result<()> {
    let mut paths: Vec<_> = std::fs::read_dir(seeds)
        .with_context(|| format!("could not read the seeds in {}", seeds.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    for path in &paths {
        let bytes = std::fs::read(path)?;
        let name = path.file_name().unwrap_or_default().to_string_lossy().to_string();
        let (time, fidelity) = time_import(&name, &bytes, runs)?;
        println!(
            "{name}: {} KiB, median {:.2} ms over {runs} runs, fidelity {:.2} %",
            bytes.len() / 1024,
            time.as_secs_f64() * 1e3,
            fidelity * 100.0
        );
    }

    // A PDF protocol: the 20-§ protocol of `bench render`, typeset by us.
    let pdf = samverkan_render::protocol_pdf(&protocol(), Audience::Members, None, None)?;
    let (ours, fidelity) = time_import("protokoll.pdf", &pdf, runs)?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let output = Command::new("pdftotext")
            .args(["-layout", "-enc", "UTF-8", "-", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().expect("piped").write_all(&pdf)?;
                child.wait_with_output()
            })
            .context("could not run pdftotext (Debian package poppler-utils)")?;
        anyhow::ensure!(output.status.success(), "pdftotext failed");
        times.push(start.elapsed());
    }
    let pdftotext = median(times);
    println!(
        "20-§ PDF ({} KiB): import median {:.2} ms (fidelity {:.2} %), pdftotext alone {:.2} ms: import takes {:.2}× the time of pdftotext",
        pdf.len() / 1024,
        ours.as_secs_f64() * 1e3,
        fidelity * 100.0,
        pdftotext.as_secs_f64() * 1e3,
        ours.as_secs_f64() / pdftotext.as_secs_f64()
    );
    Ok(())
}
