//! Rendered PDFs read back with pdftotext (Debian's poppler-utils).

use std::io::Write;
use std::process::{Command, Stdio};

use chrono::{DateTime, Utc};
use samverkan_domain::*;
use samverkan_render::{extract_pdf, notice_pdf, protocol_pdf, Audience};

/// The text of a PDF as pdftotext extracts it.
fn pdf_text(pdf: &[u8]) -> String {
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    let mut child = Command::new("pdftotext")
        .args(["-layout", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("pdftotext from Debian's poppler-utils");
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

/// Collapses the whitespace pdftotext uses for layout, so sentences can be searched for.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn adjusted_protocol(items: Vec<Item>) -> Protocol {
    let body = Body {
        id: BodyId(1),
        name: "Länsstyrgruppen för vård och omsorg i Jämtland".into(),
        short_name: "LVO".into(),
        parent_id: None,
        county_code: Some("23".into()),
        numbering: NumberingRule::PerYear,
        description: None,
        notice_days: 21,
        logo_sha256: None,
    };
    let mut meeting = Meeting::plan(
        body.id,
        "2026-11-30".parse().unwrap(),
        chrono::NaiveTime::from_hms_opt(9, 0, 0),
        chrono::NaiveTime::from_hms_opt(12, 0, 0),
        Some("Rådhuset, Östersund".into()),
    )
    .unwrap();
    meeting.secretary = Some("Åsa Öberg".into());
    meeting.attendance = vec![
        Attendance {
            person_id: None,
            organisation_id: None,
            organisation: None,
            name: Some("Märta Ångström".into()),
            title: Some("Region Jämtland Härjedalen".into()),
            role: Some(Role::Ordforande),
            voting: true,
            status: AttendanceStatus::Present,
            presence: Presence::Whole,
        },
        Attendance {
            person_id: None,
            organisation_id: None,
            organisation: None,
            name: Some("Örjan Ek".into()),
            title: Some("Krokoms kommun".into()),
            role: Some(Role::Ledamot),
            voting: true,
            status: AttendanceStatus::Present,
            presence: Presence::OnlyItems {
                items: vec!["§§ 50–53".into()],
            },
        },
    ];
    meeting.adjustment = Adjustment {
        place: Some("Östersund".into()),
        date: Some("2026-12-04".parse().unwrap()),
        adjusters: vec![
            Adjuster {
                person_id: None,
                name: "Märta Ångström".into(),
                role: AdjusterRole::Chair,
                approved_at: Some(at("2026-12-04T10:00:00Z")),
                approved_sha256: None,
                comment: None,
            },
            Adjuster {
                person_id: None,
                name: "Örjan Ek".into(),
                role: AdjusterRole::Adjuster,
                approved_at: Some(at("2026-12-04T11:00:00Z")),
                approved_sha256: None,
                comment: None,
            },
        ],
        content_sha256: None,
        locked_at: None,
    };
    meeting.status = MeetingStatus::SentForAdjustment;
    let mut protocol = Protocol { body, meeting, items };
    let hash = protocol.content_sha256();
    // Both signed this very content.
    for adjuster in &mut protocol.meeting.adjustment.adjusters {
        adjuster.approved_sha256 = Some(hash.clone());
    }
    protocol
        .meeting
        .transition(MeetingStatus::Adjusted, Some(hash), at("2026-12-04T11:00:00Z"))
        .unwrap();
    protocol
}

fn decided(number: u32, title: &str, clause: &str) -> Item {
    let mut item = Item::new(ItemNumber::paragraph(number), title);
    item.id = ItemId(number as i64);
    item.notes = vec![format!("Underlag för {title} redovisades.")];
    item.decision = Some(Decision {
        preamble: Some("LVO beslutar".into()),
        clauses: vec![Clause {
            label: None,
            text: clause.into(),
        }],
    });
    item.outcome = Some(ItemOutcome::Decided);
    item.distribution = vec!["Östersunds kommun".into(), "Region Jämtland Härjedalen".into()];
    item
}

#[test]
fn the_protocol_has_swedish_text_in_protocol_order_and_its_hash() {
    let mut secret = decided(46, "Enskild person – samordning", "att uppdra åt socialtjänsten");
    secret.confidential = true;
    let protocol = adjusted_protocol(vec![
        decided(44, "Hemsjukvård – överföring", "att godkänna överföringen"),
        decided(
            45,
            "Kostnadsfördelning för länsgemensam tjänst",
            "att fördela 389 000 kr med 70 % och 30 %",
        ),
        secret,
        decided(47, "Övriga frågor", "att lägga informationen till handlingarna"),
    ]);
    let pdf = protocol_pdf(
        &protocol,
        Audience::Public,
        Some("https://samverkan.example/moten/1/verifiera"),
        None,
    )
    .unwrap();
    let text = flat(&pdf_text(&pdf));
    for expected in [
        "SAMMANTRÄDESPROTOKOLL",
        "Länsstyrgruppen för vård och omsorg i Jämtland",
        "Rådhuset, Östersund",
        "Beslutande",
        "Örjan Ek, ledamot, Krokoms kommun, §§ 50–53",
        "Utses att justera Örjan Ek",
        "Justeringens plats och tid Östersund, 2026-12-04",
        "Paragrafer 44–47",
        "§ 45 Kostnadsfördelning för länsgemensam tjänst",
        "att fördela 389 000 kr med 70 % och 30 %",
        "Protokollet ska skickas till: Östersunds kommun, Region Jämtland Härjedalen",
        "§ 46 Sekretessbelagt ärende",
        "Justerandes sign",
        "Sida 1 av",
        "Justering och kontrollsumma",
        "Verifiera protokollet på https://samverkan.example/moten/1/verifiera",
    ] {
        assert!(text.contains(expected), "{expected:?} missing in:\n{text}");
    }
    assert!(
        !text.contains("Enskild person"),
        "a confidential title is not in the public PDF"
    );
    let order = [
        "Beslutande",
        "Underskrifter",
        "Innehåll",
        "§ 44 Hemsjukvård",
        "§ 47 Övriga",
        "Justering och kontrollsumma",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|s| text.find(s).unwrap_or_else(|| panic!("{s}")))
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "sections in order: {positions:?}"
    );
    let printed_hash = text
        .split("(SHA-256):")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap();
    assert_eq!(
        Some(printed_hash),
        protocol.meeting.adjustment.content_sha256.as_deref()
    );
}

#[test]
fn notice_and_extract_render_their_parts() {
    let protocol = adjusted_protocol(vec![
        decided(44, "Hemsjukvård – överföring", "att godkänna överföringen"),
        decided(45, "Läkemedel", "att anta rutinen"),
    ]);
    let notice = flat(&pdf_text(&notice_pdf(&protocol, None).unwrap()));
    assert!(notice.contains("KALLELSE"));
    assert!(notice.contains("§ 45 Läkemedel"));
    assert!(
        !notice.contains("att anta rutinen"),
        "the notice has the agenda, not the minutes"
    );
    let extract = flat(&pdf_text(&extract_pdf(&protocol, ItemId(45), None, None).unwrap()));
    assert!(extract.contains("PROTOKOLLSUTDRAG"));
    let secretary = protocol.meeting.secretary.as_deref().unwrap_or("Sekreteraren");
    assert!(extract.contains("Rätt utdraget intygar"), "{extract}");
    assert!(extract.contains(secretary), "certified by the protocol's secretary");
    assert!(extract.contains("att anta rutinen"));
    assert!(!extract.contains("överföringen"), "only the one item");
    assert!(extract_pdf(&protocol, ItemId(99), None, None).is_err());
}

#[test]
fn hard_input_renders_without_panic_and_nothing_is_cut_off() {
    let long_clause = format!(
        "att {} slut på den långa satsen",
        "fördela medel enligt befolkningsandel och ".repeat(120)
    );
    let mut items = vec![
        Item::new(ItemNumber::paragraph(1), ""),
        decided(2, "Mycket lång att-sats", &long_clause),
        decided(
            3,
            "Namn med ovanliga tecken: Áŋŋel Ŋuorra, Ðiđi, Øystein, Zoë, Łukasz, Ǿ",
            "att notera #hash, $dollar, *stjärna*, _under_ och [hakparentes] samt <tagg>",
        ),
    ];
    for n in 4..=300 {
        items.push(decided(n, &format!("Ärende nummer {n}"), "att godkänna"));
    }
    let protocol = adjusted_protocol(items);
    let text = flat(&pdf_text(
        &protocol_pdf(&protocol, Audience::Members, None, None).unwrap(),
    ));
    assert!(text.contains("slut på den långa satsen"));
    assert!(text.contains("Áŋŋel Ŋuorra, Ðiđi, Øystein, Zoë, Łukasz"));
    assert!(
        text.contains("#hash, $dollar, *stjärna*, _under_ och [hakparentes] samt <tagg>"),
        "markup characters are text"
    );
    assert!(text.contains("§ 300 Ärende nummer 300"));
    assert!(text.contains("Paragrafer 1–300"));
}

/// Each of the five real protocols, imported and rendered: the Swedish text comes through, and
/// the sections stand in the order of the original.
#[test]
fn every_imported_seed_renders_in_order_with_its_swedish_text() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    assert_eq!(paths.len(), 5);
    let options = samverkan_import::ImportOptions {
        body_name: None,
        date: None,
        imported_at: at("2026-11-24T12:00:00Z"),
        corrections: Default::default(),
    };
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let source = samverkan_import::read_source(&name, &std::fs::read(&path).unwrap()).unwrap();
        let protocol = samverkan_import::import(&source, &options).unwrap().protocol;
        let pdf = protocol_pdf(
            &protocol,
            Audience::Public,
            Some("https://samverkan.example/moten/1/verifiera"),
            None,
        )
        .unwrap();
        let text = flat(&pdf_text(&pdf));
        assert!(text.contains(&protocol.body.name), "{name}: body name");
        let headings: Vec<String> = protocol
            .items
            .iter()
            .map(|i| flat(&format!("§ {} {}", i.number, i.title)).chars().take(40).collect())
            .collect();
        let mut from = 0;
        // Each § after the one before it, first in the table of contents, then in the body.
        for heading in headings.iter().chain(&headings) {
            let found = text[from..]
                .find(heading.as_str())
                .unwrap_or_else(|| panic!("{name}: {heading:?} in order"));
            from += found + heading.len();
        }
        for word in ["Sammanträdesprotokoll", "Justering och kontrollsumma"] {
            assert!(text.to_lowercase().contains(&word.to_lowercase()), "{name}: {word}");
        }
        assert!(text.chars().any(|c| "åäöÅÄÖ".contains(c)), "{name}: Swedish letters");
    }
}

/// Every field at the longest the domain accepts still gives a PDF: a stored protocol, once
/// adjusted, can never become one that cannot be printed.
#[test]
fn fields_at_their_limits_still_render() {
    use samverkan_domain::limits;
    let mut item = decided(
        1,
        &"Rubrik ".repeat(limits::TITLE / 7),
        &format!("att {}", "besluta ".repeat(limits::TEXT / 8 - 1)),
    );
    item.notes = vec!["anteckning ".repeat(limits::TEXT / 11)];
    // A title far above today's limit, as an older database may hold one.
    let older = decided(2, &"Ä".repeat(33_000), "att godkänna");
    let protocol = adjusted_protocol(vec![item, older]);
    let pdf = protocol_pdf(&protocol, Audience::Members, None, None).expect("a PDF at the limits");
    let text = flat(&pdf_text(&pdf));
    assert!(text.contains("§ 1 Rubrik Rubrik"));
    // pdftotext may drop the space of a heading whose word fills the line.
    assert!(
        text.replace("§ ", "§").contains("§2 ÄÄÄÄÄÄÄÄ"),
        "the overlong heading is printed"
    );
}
