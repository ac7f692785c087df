//! `samverkan bench render`: typesetting a 20-§ protocol, against LibreOffice converting a
//! DOCX of the same protocol to PDF.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use chrono::{NaiveTime, Utc};
use samverkan_domain::*;
use samverkan_render::Audience;

/// An adjusted protocol of 20 items, each with notes, a decision and a distribution list.
pub(super) fn protocol() -> Protocol {
    let body = Body {
        id: BodyId(1),
        name: "Länsgruppen för vård och omsorg".into(),
        short_name: "LVO".into(),
        parent_id: None,
        county_code: None,
        numbering: NumberingRule::PerYear,
        description: None,
        notice_days: samverkan_domain::DEFAULT_NOTICE_DAYS,
        logo_sha256: None,
    };
    let mut meeting = Meeting::plan(
        body.id,
        "2026-11-30".parse().expect("date"),
        NaiveTime::from_hms_opt(9, 0, 0),
        NaiveTime::from_hms_opt(15, 0, 0),
        Some("Regionens hus, sal Storsjön".into()),
    )
    .expect("meeting");
    meeting.secretary = Some("Sekreterare Exempel".into());
    let items = (0..20)
        .map(|n| {
            let mut item = Item::new(ItemNumber::paragraph(44 + n), format!("Ärende {} om samverkan i länet", n + 1));
            item.id = ItemId(i64::from(n) + 1);
            item.notes = vec![
                "Arbetsgruppen redovisade läget i arbetet och de synpunkter som kommit in från kommunerna och regionen. \
                 Gruppen diskuterade hur arbetet ska följas upp och vilka resurser som behövs under nästa år."
                    .into();
                3
            ];
            item.decision = Some(Decision {
                preamble: Some("LVO beslutar".into()),
                clauses: vec![
                    Clause { label: None, text: "att godkänna redovisningen".into() },
                    Clause { label: None, text: "att ge arbetsgruppen i uppdrag att återkomma med ett förslag".into() },
                ],
            });
            item.outcome = Some(ItemOutcome::Decided);
            item.distribution = vec!["Kommunerna i länet".into(), "Regionen".into()];
            item
        })
        .collect();
    let mut protocol = Protocol { body, meeting, items };
    let hash = protocol.content_sha256();
    protocol.meeting.adjustment.content_sha256 = Some(hash);
    protocol.meeting.adjustment.locked_at = Some(Utc::now());
    protocol.meeting.status = MeetingStatus::Adjusted;
    protocol
}

pub(super) fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The same protocol as a simple HTML page, which LibreOffice turns into the DOCX it converts.
fn html(protocol: &Protocol) -> String {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let mut html = String::from("<html><head><meta charset=\"utf-8\"></head><body>");
    for (n, line) in protocol.canonical_text().lines().enumerate() {
        if n == 0 || line.starts_with('§') {
            html.push_str(&format!("<h2>{}</h2>", escape(line)));
        } else {
            html.push_str(&format!("<p>{}</p>", escape(line.trim())));
        }
    }
    html + "</body></html>"
}

fn soffice(profile: &Path, args: &[&str], dir: &Path) -> Result<()> {
    let status = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--norestore"])
        .args(args)
        .current_dir(dir)
        .output()
        .context("could not run soffice")?
        .status;
    anyhow::ensure!(status.success(), "soffice failed");
    Ok(())
}

pub fn run(runs: usize) -> Result<()> {
    let protocol = protocol();
    samverkan_render::protocol_pdf(&protocol, Audience::Members, None, None)?;
    let mut times = Vec::with_capacity(runs);
    let mut size = 0;
    for _ in 0..runs {
        let start = Instant::now();
        size = samverkan_render::protocol_pdf(&protocol, Audience::Members, None, None)?.len();
        times.push(start.elapsed());
    }
    let typst = median(times);
    println!(
        "typst, 20-§ protocol: median {:.1} ms over {runs} runs ({} KiB)",
        typst.as_secs_f64() * 1e3,
        size / 1024
    );

    if Command::new("soffice").arg("--version").output().is_err() {
        println!("LibreOffice (soffice) is not installed: no comparison");
        return Ok(());
    }
    let dir = std::env::temp_dir().join(format!("samverkan-bench-render-{}", std::process::id()));
    let profile = dir.join("profile");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("protokoll.html"), html(&protocol))?;
    // Untimed: make the DOCX, and let LibreOffice create its profile.
    soffice(
        &profile,
        &["--convert-to", "docx:MS Word 2007 XML", "protokoll.html"],
        &dir,
    )?;
    let mut times = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        soffice(&profile, &["--convert-to", "pdf", "protokoll.docx"], &dir)?;
        times.push(start.elapsed());
    }
    let libreoffice = median(times);
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "LibreOffice --convert-to pdf of the DOCX: median {:.0} ms over 3 runs",
        libreoffice.as_secs_f64() * 1e3
    );
    println!(
        "typst is {:.0}× faster",
        libreoffice.as_secs_f64() / typst.as_secs_f64()
    );
    Ok(())
}
