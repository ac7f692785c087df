//! A reviewer's corrections override what the reader found: the date, the attendance and where
//! items begin.

use samverkan_domain::{AttendanceStatus, DateBasis, Role};
use samverkan_import::corrections::Corrections;
use samverkan_import::{import, read_source, ImportOptions, Layout};

const NOTES: &str = "Anteckningar från träffen\n\nNärvarande: några av oss\n\nVårdplatser i länet\nVi talade om vårdplatser och om hemsjukvård.\n\nBudgeten\nGruppen beslutar att godkänna budgeten.\n";

fn options(corrections: Corrections) -> ImportOptions {
    ImportOptions {
        body_name: None,
        date: None,
        imported_at: "2026-12-02T08:00:00Z".parse().unwrap(),
        corrections,
    }
}

#[test]
fn items_begin_where_the_reviewer_says_and_the_date_and_attendance_are_theirs() {
    let source = read_source("anteckningar.txt", NOTES.as_bytes()).unwrap();
    let read = import(&source, &options(Corrections::default())).unwrap();
    assert_eq!(read.report.layout, Layout::Unknown);
    assert_eq!(
        read.protocol.meeting.source.as_ref().unwrap().date_basis,
        DateBasis::Unknown
    );

    let corrected = import(
        &source,
        &options(Corrections {
            date: Some("2019-04-03".parse().unwrap()),
            attendance: Some(vec![
                "Anna Ekström (S), ordförande".into(),
                "Frånvarande: Bo Lind".into(),
            ]),
            // "Vårdplatser i länet" and "Budgeten", by their line numbers.
            item_starts: Some(vec![8, 5, 99]),
        }),
    )
    .unwrap();
    let p = &corrected.protocol;
    assert_eq!(p.meeting.date.to_string(), "2019-04-03");
    assert_eq!(p.meeting.source.as_ref().unwrap().date_basis, DateBasis::Given);
    let titles: Vec<(&str, &str)> = p.items.iter().map(|i| (i.number.as_str(), i.title.as_str())).collect();
    assert_eq!(titles, [("1", "Vårdplatser i länet"), ("2", "Budgeten")]);
    assert!(p.items[0].notes.iter().any(|n| n.contains("hemsjukvård")));
    assert!(p.items[1]
        .decision
        .as_ref()
        .is_some_and(|d| d.clauses.iter().any(|c| c.text.contains("godkänna"))));
    assert_eq!(p.meeting.attendance.len(), 2);
    assert_eq!(p.meeting.attendance[0].role, Some(Role::Ordforande));
    assert_eq!(p.meeting.attendance[1].status, AttendanceStatus::Absent);
    // The report says per part what was placed: the head, then each item from its heading.
    let parts: Vec<&str> = corrected.report.parts.iter().map(|p| p.part.as_str()).collect();
    assert_eq!(parts, ["Huvud", "§ 1 Vårdplatser i länet", "§ 2 Budgeten"]);
    assert_eq!(
        (
            corrected.report.parts[1].first_line,
            corrected.report.parts[1].last_line
        ),
        (5, 7)
    );
    assert!(
        corrected.report.parts[2].placed_share() > 0.9,
        "{:?}",
        corrected.report.parts[2]
    );
    assert!(read.report.parts.is_empty(), "a lump has no parts to speak of");
    // Placed in typed fields now, the text counts as placed.
    assert!(
        corrected.report.fidelity > read.report.fidelity + 0.3,
        "{} vs {}",
        corrected.report.fidelity,
        read.report.fidelity
    );
}
