//! The five real protocols in `../shared/seeds/` imported: concrete facts from each, fidelity,
//! and a reviewed snapshot of each structured result. The seeds are read, never copied.

use std::path::PathBuf;

use samverkan_domain::{
    AdjusterRole, AttendanceStatus, DomainError, Due, Item, ItemOutcome, MeetingStatus, Money, Presence, Role,
};
use samverkan_import::furniture::FurnitureKind;
use samverkan_import::{Imported, Layout};

fn seeds_dir() -> PathBuf {
    crate::shared("seeds")
}

fn seed(prefix: &str) -> Imported {
    crate::imported("seeds", prefix)
}

fn numbers(imported: &Imported) -> Vec<&str> {
    imported.protocol.items.iter().map(|i| i.number.as_str()).collect()
}

use crate::item;

fn clauses(item: &Item) -> Vec<&str> {
    item.decision
        .iter()
        .flat_map(|d| d.clauses.iter().map(|c| c.text.as_str()))
        .collect()
}

/// The structured result in reviewable text: the canonical protocol, then money and the report.
fn snapshot_text(imported: &Imported) -> String {
    let mut out = imported.protocol.canonical_text();
    for (position, grant) in &imported.grants {
        out.push_str(&format!(
            "Bidrag vid ärende {position}: {} ({})\n",
            grant.name, grant.year
        ));
        for a in &grant.allocations {
            out.push_str(&format!(
                "  {} | {} | {} | {} | {} | {} | överfört {}\n",
                a.decided_on.map(|d| d.to_string()).unwrap_or_default(),
                a.purpose.as_deref().unwrap_or(""),
                a.amount,
                a.activity_code.as_deref().unwrap_or(""),
                a.recipient.as_deref().unwrap_or(""),
                a.comment.as_deref().unwrap_or(""),
                a.carry_over.map(|m| m.to_string()).unwrap_or_default(),
            ));
        }
    }
    for (position, share) in &imported.cost_shares {
        out.push_str(&format!(
            "Kostnadsfördelning vid ärende {position}: {} {}\n",
            share.title, share.total
        ));
        for p in &share.parts {
            out.push_str(&format!(
                "  {} {} {}\n",
                p.payer,
                p.amount,
                p.basis.as_deref().unwrap_or("")
            ));
        }
    }
    for key in &imported.percent_keys {
        out.push_str(&format!("Procentnyckel § {}: {:?}\n", key.item, key.parts));
    }
    for (position, p) in &imported.yearly_parameters {
        out.push_str(&format!(
            "Årlig parameter vid ärende {position}: {} = {} {:?} ({})\n",
            p.name, p.value, p.unit, p.year
        ));
    }
    let report = &imported.report;
    out.push_str(&format!("Layout: {:?}\n", report.layout));
    for w in &report.warnings {
        out.push_str(&format!("Obs: {w}\n"));
    }
    out.push_str(&format!("Sidlayout: {} rader\n", report.furniture.len()));
    for r in &report.left_over {
        out.push_str(&format!("Kvar: rad {}: {}\n", r.line, r.text));
    }
    out
}

#[test]
fn every_seed_keeps_at_least_99_percent_of_its_text() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let imported = seed(prefix);
        let report = &imported.report;
        assert!(
            report.fidelity >= 0.99,
            "{prefix}: fidelity {:.4}; left over: {:?}",
            report.fidelity,
            report.left_over
        );
        assert!(report.source_chars > 1000, "{prefix}: the source was read");
        insta::assert_snapshot!(format!("seed_{prefix}"), snapshot_text(&imported));
    }
}

#[test]
fn seed_000_three_column_table() {
    let s = seed("000");
    assert_eq!(s.report.layout, Layout::Table);
    assert_eq!(s.protocol.body.short_name, "LSG");
    let m = &s.protocol.meeting;
    assert_eq!(m.date.to_string(), "2012-01-12");
    assert_eq!(m.start_time.unwrap().format("%H.%M").to_string(), "09.30");
    assert_eq!(m.place.as_deref(), Some("Norsjörummet Landstinget"));
    assert_eq!(m.attendance.len(), 9);
    assert_eq!(m.attendance[0].name.as_deref(), Some("Sofie Edberg"));
    assert_eq!(m.attendance[0].role, Some(Role::Ordforande));
    assert_eq!(m.attendance[4].organisation.as_deref(), Some("Skellefteå kommun"));
    assert_eq!(m.secretary.as_deref(), Some("Yngve Sundin"));
    assert_eq!(numbers(&s), ["1", "2", "3", "4"]);
    // A recommendation to another group, and an assignment to it.
    let first = item(&s, "1");
    assert_eq!(first.recommendations[0].addressees[0].name(), "verksamhetsgruppen");
    assert!(first.recommendations[0].text.starts_with("LSG är överens"));
    assert_eq!(first.assignments[0].assignee, "verksamhetsgruppen");
    assert_eq!(first.presenters.len(), 2);
    // The matter returns at the ordinary meeting on 10 February.
    assert_eq!(
        item(&s, "2").outcome,
        Some(ItemOutcome::Discussed {
            returns: Some(Due::Date {
                date: "2012-02-10".parse().unwrap()
            })
        })
    );
    // An item with no decision at all.
    assert_eq!(item(&s, "4").decision, None);
    assert_eq!(item(&s, "4").outcome, None);
    assert!(
        item(&s, "1")
            .notes
            .iter()
            .any(|n| n.contains("ställningstagande kan ske")),
        "a cell continued on the next page is joined"
    );
}

#[test]
fn seed_001_paragraph_protocol() {
    let s = seed("001");
    assert_eq!(s.report.layout, Layout::Paragraphs);
    assert_eq!(
        (s.protocol.body.name.as_str(), s.protocol.body.short_name.as_str()),
        ("Sociala vård- och omsorgsgruppen", "SVOM")
    );
    let m = &s.protocol.meeting;
    assert_eq!(m.date.to_string(), "2012-11-30");
    assert_eq!(m.place.as_deref(), Some("Landstingshuset, Styrelserummet"));
    // §§ 44–61 in the table of contents; the body numbers § 58 twice and both are kept.
    let n = numbers(&s);
    assert_eq!(n.len(), 18);
    assert_eq!(n.first(), Some(&"44"));
    assert_eq!(n.iter().filter(|x| **x == "58").count(), 2);
    assert!(s.report.warnings.iter().any(|w| w.contains("numrerar olika")));
    // Voting members and other participants, some present only for given §§.
    assert_eq!(m.attendance.iter().filter(|a| a.voting).count(), 15);
    assert_eq!(m.attendance.iter().filter(|a| !a.voting).count(), 11);
    let jan = m
        .attendance
        .iter()
        .find(|a| a.name.as_deref() == Some("Jan Persson"))
        .unwrap();
    assert_eq!(
        jan.presence,
        Presence::OnlyItems {
            items: vec!["§§ 50-53".into()]
        }
    );
    assert_eq!(jan.organisation.as_deref(), Some("Regionförbundet"));
    // The appointed adjuster, and place and date of adjustment.
    let adj = &m.adjustment;
    assert!(adj
        .adjusters
        .iter()
        .any(|a| a.name == "Cristine Persson" && a.role == AdjusterRole::Adjuster));
    assert!(adj
        .adjusters
        .iter()
        .any(|a| a.name == "Harriet Jorderud" && a.role == AdjusterRole::Chair));
    assert_eq!(adj.date.map(|d| d.to_string()).as_deref(), Some("2012-12-21"));
    assert_eq!(adj.place.as_deref(), Some("Landstingshuset"));
    assert_eq!(m.secretary.as_deref(), Some("Sandra Hedman"));
    // Attachments tied to their §§.
    assert_eq!(item(&s, "52").attachments[0].label, "Bilaga 5");
    let avtal: Vec<_> = item(&s, "56").attachments.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(avtal, ["Bilaga 10", "Bilaga 11"]);
    // Numbered decision lists.
    let meddix = item(&s, "49").decision.as_ref().unwrap();
    assert_eq!(
        meddix.preamble.as_deref(),
        Some("Sociala vård- och omsorgsgruppens beslut")
    );
    assert_eq!(meddix.clauses.iter().filter(|c| c.label.is_some()).count(), 4);
    // Recommendations to "huvudmännen" and "kommunerna och landstinget".
    assert_eq!(item(&s, "52").recommendations[0].addressees[0].name(), "huvudmännen");
    assert_eq!(
        item(&s, "51").recommendations[0].addressees[0].name(),
        "kommunerna och Jämtlands läns landsting"
    );
    // "ger L-IFO i uppdrag att utreda".
    let model = s.protocol.items.iter().find(|i| i.title.starts_with("Modell")).unwrap();
    assert_eq!(model.assignments[0].assignee, "L-IFO");
    // 70 % / 30 %; 389 000 kr of which the municipalities pay 207 467 kr.
    assert_eq!(
        s.percent_keys[0].parts,
        vec![("kommuner".to_string(), 70), ("landsting".to_string(), 30)]
    );
    let (_, share) = &s.cost_shares[0];
    assert_eq!(share.total, Money::from_kronor(389_000));
    assert_eq!(share.parts[0].payer, "Kommunerna");
    assert_eq!(share.parts[0].amount, Money::from_kronor(207_467));
    assert_eq!(share.parts[1].amount, Money::from_kronor(181_533));
    // Page footers are layout, not content.
    assert!(s
        .report
        .furniture
        .iter()
        .any(|(k, _)| *k == FurnitureKind::SignatureFooter));
    assert!(!s.protocol.canonical_text().contains("Justerandes sign"));
    assert!(!s.protocol.canonical_text().contains("Utdragsbestyrkande"));
    // A paragraph broken by a page break is whole again.
    assert!(item(&s, "52")
        .notes
        .iter()
        .any(|n| n.contains("Kommunerna står för 207 467 kronor")));
}

#[test]
fn seed_002_lettered_sub_items_grants_and_parameters() {
    let s = seed("002");
    assert_eq!(s.protocol.body.short_name, "LSVO");
    let m = &s.protocol.meeting;
    assert_eq!(m.date.to_string(), "2023-10-20");
    assert_eq!(m.place.as_deref(), Some("via Teams"));
    let n = numbers(&s);
    for label in [
        "97", "98", "99", "105", "106", "106 a", "106 b", "106 c", "106 d", "107", "107 a",
    ] {
        assert!(n.contains(&label), "{label} in {n:?}");
    }
    assert_eq!(
        item(&s, "106 d").title,
        "Prator/LINK: Ökad omfattning för länsgemensam resurs"
    );
    // Members with title and organisation, some "del av mötet"; absentees.
    let cecilia = m
        .attendance
        .iter()
        .find(|a| a.name.as_deref() == Some("Cecilia Grefve-Lang"))
        .unwrap();
    assert_eq!(cecilia.organisation.as_deref(), Some("Karlskrona kommun"));
    assert_eq!(cecilia.title.as_deref(), Some("förvaltningschef Socialförvaltningen"));
    assert!(matches!(cecilia.presence, Presence::PartOfMeeting { .. }));
    assert_eq!(
        m.attendance
            .iter()
            .filter(|a| a.status == AttendanceStatus::Absent)
            .count(),
        7
    );
    let torill = m
        .attendance
        .iter()
        .find(|a| a.name.as_deref() == Some("Torill Skaar Magnusson"))
        .unwrap();
    assert_eq!(
        torill.organisation.as_deref(),
        Some("Karlshamns kommun"),
        "a wrapped line is joined"
    );
    assert_eq!(m.attendance[0].role, Some(Role::Ordforande));
    // Presenters per §, "LSVO beslutar" and its "att" clauses, distribution lists.
    let p100 = item(&s, "100");
    assert_eq!(p100.presenters[0].name, "Bodil Sundlöf");
    let d = p100.decision.as_ref().unwrap();
    assert_eq!(d.preamble.as_deref(), Some("LSVO beslutar"));
    assert_eq!(d.clauses.len(), 2);
    assert!(d.clauses.iter().all(|c| c.text.starts_with("att ")));
    assert_eq!(p100.distribution, ["Karin Norgren"]);
    assert_eq!(
        item(&s, "103").distribution,
        ["Interkommunala forumet", "Hälso- och sjukvårdens ledningsgrupp"]
    );
    assert_eq!(item(&s, "107 a").distribution.len(), 5);
    // The grant table: 15 rows with activity codes; 776 000 kr + 500 000 kr from 2022 = 1 276 000 kr.
    let (at, grant) = &s.grants[0];
    assert_eq!(s.protocol.items[*at].number.as_str(), "99");
    assert_eq!(grant.year, 2023);
    assert_eq!(grant.allocations.len(), 18);
    let sip = &grant.allocations[0];
    assert_eq!(sip.activity_code.as_deref(), Some("787"));
    assert_eq!(sip.amount + sip.carry_over.unwrap(), Money::from_kronor(1_276_000));
    assert_eq!(sip.carry_over_from_year, Some(2022));
    assert_eq!(
        grant.allocations[4].purpose, None,
        "a continuation row belongs to the group above"
    );
    assert_eq!(grant.allocations[4].decided_on, grant.allocations[3].decided_on);
    assert_eq!(
        grant.allocations[17].recipient.as_deref(),
        Some("Ej klart, återkommer.")
    );
    // A yearly parameter set by decision, and a later meeting referred to by date.
    let (_, parameter) = &s.yearly_parameters[0];
    assert_eq!(
        (parameter.year, parameter.value.as_str(), parameter.unit.as_deref()),
        (2024, "3,0", Some("kalenderdagar"))
    );
    assert!(m.next_meetings.contains(&"2023-11-17".parse().unwrap()));
    // Follow-ups of earlier §§ stay notes of § 98.
    assert!(item(&s, "98").notes.iter().any(|n| n.starts_with("§86 Logopediska")));
    // The electronic-signature footer with its verification address.
    assert!(m
        .remarks
        .iter()
        .any(|r| r.contains("https://sign.regionblekinge.se/validate")));
    assert!(s
        .report
        .furniture
        .iter()
        .any(|(k, r)| *k == FurnitureKind::Logo && r.text == "KARLSKRONA"));
}

#[test]
fn seed_003_interleaved_table() {
    let s = seed("003");
    assert_eq!(s.report.layout, Layout::InterleavedTable);
    let m = &s.protocol.meeting;
    assert_eq!(m.date.to_string(), "2011-02-22");
    assert_eq!(m.place.as_deref(), Some("Kaptenen Stadshuset Umeå kommun"));
    let n = numbers(&s);
    assert_eq!(n.len(), 18);
    assert!(n.contains(&"2 b"));
    assert_eq!(
        n.iter().filter(|x| **x == "12.").count(),
        2,
        "the duplicated 12. is kept twice"
    );
    // Guests present for given items.
    let marie = m
        .attendance
        .iter()
        .find(|a| a.name.as_deref() == Some("Marie Ernestad"))
        .unwrap();
    assert_eq!(
        marie.presence,
        Presence::OnlyItems {
            items: vec!["ärende 3-9".into()]
        }
    );
    // Tabled items, "taken up at the next meeting", a month as a deadline, next meeting dates.
    assert!(
        item(&s, "10.").notes.iter().any(|n| n.starts_with("Bordlagt ärende"))
            || item(&s, "10.").title.contains("Bordlagt")
    );
    assert!(item(&s, "5.").notes.iter().any(|n| n.starts_with("Bordlagt ärende")));
    let returns = s
        .protocol
        .items
        .iter()
        .filter(|i| {
            i.outcome
                == Some(ItemOutcome::Discussed {
                    returns: Some(Due::NextMeeting),
                })
        })
        .count();
    assert_eq!(returns, 2);
    let april = &item(&s, "4.").assignments[0];
    assert_eq!(april.assignee, "Marie Ernestad");
    assert_eq!(april.due, Some(Due::Month { year: 2011, month: 4 }));
    let dates: Vec<String> = m.next_meetings.iter().map(|d| d.to_string()).collect();
    assert_eq!(dates, ["2011-04-19", "2011-06-14"]);
    assert_eq!(
        item(&s, "9.").recommendations[0].addressees[0].name(),
        "kommuner och landsting"
    );
    assert_eq!(item(&s, "7.").presenters.len(), 2);
    assert!(m
        .adjustment
        .adjusters
        .iter()
        .any(|a| a.name == "Lotta Svärd" && a.role == AdjusterRole::Chair));
}

#[test]
fn seed_004_numbered_headings() {
    let s = seed("004");
    assert_eq!(s.report.layout, Layout::NumberedHeadings);
    let m = &s.protocol.meeting;
    assert_eq!(m.date.to_string(), "2016-10-14");
    assert_eq!(m.place.as_deref(), Some("Falkenbergs stadshus, Rörbeckska rummet"));
    let n = numbers(&s);
    for label in ["1", "2", "2.1", "2.2", "4.1", "6.1", "7.2"] {
        assert!(n.contains(&label), "{label} in {n:?}");
    }
    // "Varberg: -", "ej punkten 6", "har anmält förhinder".
    let varberg = m
        .attendance
        .iter()
        .find(|a| a.organisation.as_deref() == Some("Varberg"))
        .unwrap();
    assert_eq!(
        (varberg.name.as_deref(), varberg.status),
        (None, AttendanceStatus::Absent)
    );
    let goran = m
        .attendance
        .iter()
        .find(|a| a.name.as_deref() == Some("Goran Delic"))
        .unwrap();
    assert_eq!(
        goran.presence,
        Presence::ExceptItems {
            items: vec!["6".into()]
        }
    );
    assert_eq!(
        m.attendance
            .iter()
            .filter(|a| a.status == AttendanceStatus::Apologies)
            .count(),
        6
    );
    // "Föredragande:", "Beslut 2016-10-14:", "Beslut 1:", "Beslut 2:".
    assert_eq!(item(&s, "2.2").presenters[0].name, "Maria Mangfors Hallberg");
    assert_eq!(
        item(&s, "1").decision.as_ref().unwrap().preamble.as_deref(),
        Some("Beslut 2016-10-14:")
    );
    let vision = item(&s, "6.1").decision.as_ref().unwrap();
    let labels: Vec<_> = vision.clauses.iter().filter_map(|c| c.label.as_deref()).collect();
    assert_eq!(labels, ["Beslut 1: 2016-10-14:", "Beslut 2: 2016-10-14:"]);
    assert!(clauses(item(&s, "6.1"))
        .iter()
        .any(|c| c.starts_with("Skapa beslutsstöd")));
    // Attachments numbered "3.1", "4.1.1".
    assert!(item(&s, "3").attachments.iter().any(|a| a.label == "Bilaga 3.1"));
    assert!(item(&s, "4.1").attachments.iter().any(|a| a.label == "Bilaga 4.1.1"));
    // Signed "på uppdrag av"; the logos are layout.
    assert!(m.remarks.iter().any(|r| r.starts_with("På uppdrag av")));
    assert!(m.adjustment.adjusters.iter().any(|a| a.name == "Kjell Ivarsson"));
    assert!(s
        .report
        .furniture
        .iter()
        .any(|(k, r)| *k == FurnitureKind::Logo && r.text == "FALKENBERG"));
    assert!(!s.protocol.canonical_text().contains("BÄSTA LIVSPLATSEN"));
}

#[test]
fn imported_protocols_are_locked_history_with_the_source_hash() {
    let s = seed("002");
    let m = &s.protocol.meeting;
    assert_eq!(m.status, MeetingStatus::Adjusted);
    assert_eq!(m.ensure_editable(), Err(DomainError::ProtocolAdjusted));
    assert_eq!(m.source.as_ref().unwrap().sha256, s.report.sha256);
    assert_eq!(
        m.adjustment.content_sha256.as_deref(),
        Some(s.protocol.content_sha256().as_str())
    );
}

#[test]
fn seed_002_grant_table_is_reproduced_from_the_model_with_its_balances() {
    let s = seed("002");
    let (_, grant) = &s.grants[0];
    let text = std::fs::read_to_string(
        std::fs::read_dir(seeds_dir())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("002"))
            .unwrap(),
    )
    .unwrap();
    let seed_rows: Vec<Vec<&str>> = text
        .lines()
        .skip_while(|l| !l.contains("Belopp\tAktivitet"))
        .skip(1)
        .take_while(|l| l.contains('\t'))
        .map(|l| l.split('\t').map(str::trim).collect())
        .collect();
    let model_rows = grant.table_rows();
    assert_eq!(model_rows.len(), seed_rows.len());
    for (model, seed) in model_rows.iter().zip(&seed_rows) {
        let cell = |i: usize| seed.get(i).copied().unwrap_or("");
        assert_eq!(model[0], cell(0), "date");
        assert_eq!(model[1], cell(1), "purpose");
        assert_eq!(
            Money::parse_swedish(&model[2]).unwrap(),
            Money::parse_swedish(cell(2)).unwrap(),
            "amount"
        );
        assert_eq!(
            (model[3].as_str(), model[4].as_str(), model[5].as_str()),
            (cell(3), cell(4), cell(5))
        );
    }
    let balance: Vec<(String, Money, Money)> = grant
        .balance_by_activity()
        .into_iter()
        .map(|b| (b.activity_code, b.allocated, b.carried_over))
        .collect();
    let kr = Money::from_kronor;
    assert_eq!(
        balance,
        vec![
            ("787".to_string(), kr(6_285_437), kr(601_682)),
            ("964".to_string(), kr(2_768_180), Money::ZERO),
            ("265".to_string(), kr(850_000), Money::ZERO),
            ("786".to_string(), kr(2_168_699), kr(271_982)),
        ]
    );
    assert_eq!(grant.allocated_total(), kr(12_072_316));
}
