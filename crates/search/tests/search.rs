//! The search index over hand-made protocols: stemming, facets, filters and visibility.

use samverkan_domain::*;
use samverkan_search::{Filters, Kind, SearchError, SearchIndex, SearchRequest, Visibility};

fn body(id: i64, short: &str) -> Body {
    Body {
        id: BodyId(id),
        name: format!("Organet {short}"),
        short_name: short.into(),
        parent_id: None,
        county_code: None,
        numbering: NumberingRule::PerYear,
        description: None,
        notice_days: 21,
        logo_sha256: None,
    }
}

fn item(id: i64, number: u32, title: &str, notes: &str) -> Item {
    let mut item = Item::new(ItemNumber::paragraph(number), title);
    item.id = ItemId(id);
    item.notes = vec![notes.to_string()];
    item
}

fn protocol(body: &Body, meeting: i64, date: &str, status: MeetingStatus, items: Vec<Item>) -> Protocol {
    let mut m = Meeting::plan(body.id, date.parse().unwrap(), None, None, None).unwrap();
    m.id = MeetingId(meeting);
    m.status = status;
    Protocol {
        body: body.clone(),
        meeting: m,
        items,
    }
}

/// Two bodies, three meetings: adjusted 2012 and 2023 protocols, and a 2023 draft.
fn archive() -> SearchIndex {
    let lsg = body(1, "LSG");
    let svom = body(2, "SVOM");
    let mut decided = item(
        10,
        5,
        "Hemsjukvård – överföring",
        "Arbetsgruppen redovisade läget för hemsjukvården.",
    );
    decided.decision = Some(Decision {
        preamble: Some("LSG beslutar".into()),
        clauses: vec![Clause {
            label: None,
            text: "att kommunerna tar över hemsjukvården".into(),
        }],
    });
    decided.outcome = Some(ItemOutcome::Decided);
    decided.presenters = vec![Presenter {
        person_id: None,
        name: "Britt Exempel".into(),
        description: None,
    }];
    let mut recommended = item(11, 6, "Rutin för läkemedel", "Gruppen beslutade att gå vidare.");
    recommended.recommendations = vec![Recommendation {
        text: "Huvudmännen rekommenderas att anta rutinen".into(),
        addressees: vec![Addressee::Organisation {
            organisation_id: OrganisationId(7),
            name: "Karlskrona kommun".into(),
        }],
    }];
    recommended.assignments = vec![Assignment {
        assignee: "Karlskrona kommun".into(),
        assignee_person_id: None,
        assignee_organisation_id: Some(OrganisationId(7)),
        task: "Återrapportera införandet av rutinen".into(),
        due: None,
        status: AssignmentStatus::Open,
    }];
    let mut secret = item(
        12,
        7,
        "Enskilt ärende om hemsjukvård",
        "Namngiven person med hemsjukvård.",
    );
    secret.confidential = true;
    let mut tabled = item(20, 44, "Kostnadsfördelning för Prator", "Underlaget saknas.");
    tabled.outcome = Some(ItemOutcome::Tabled { until: None });

    let index = SearchIndex::in_memory().unwrap();
    index
        .rebuild([
            protocol(&lsg, 1, "2012-01-12", MeetingStatus::Published, vec![decided, secret]),
            protocol(
                &svom,
                2,
                "2023-10-20",
                MeetingStatus::Adjusted,
                vec![recommended, tabled],
            ),
            protocol(
                &lsg,
                3,
                "2023-11-17",
                MeetingStatus::MinutesDrafted,
                vec![item(30, 1, "Utkast om hemsjukvård", "Ej justerat.")],
            ),
        ])
        .unwrap();
    index
}

fn ids(index: &SearchIndex, request: &SearchRequest) -> Vec<i64> {
    let mut ids: Vec<i64> = index
        .search(request)
        .unwrap()
        .hits
        .iter()
        .map(|h| h.item_id.0)
        .collect();
    ids.sort();
    ids
}

#[test]
fn swedish_stemming_finds_inflected_forms() {
    let index = archive();
    assert_eq!(ids(&index, &SearchRequest::public("hemsjukvården")), vec![10]);
    assert_eq!(ids(&index, &SearchRequest::public("hemsjukvård")), vec![10]);
    assert_eq!(ids(&index, &SearchRequest::public("beslut")), vec![10, 11]);
    assert_eq!(ids(&index, &SearchRequest::public("prator")), vec![20]);
    assert_eq!(ids(&index, &SearchRequest::public("kostnadsfördelningen")), vec![20]);
}

#[test]
fn the_public_never_finds_drafts_or_confidential_items_not_even_in_counts() {
    let index = archive();
    let results = index.search(&SearchRequest::public("hemsjukvård")).unwrap();
    assert_eq!(results.total, 1);
    assert_eq!(results.facets.bodies, vec![(BodyId(1), 1)]);
    assert!(results.hits.iter().all(|h| !h.title.contains("Enskilt")));
    assert!(ids(&index, &SearchRequest::public("namngiven")).is_empty());

    let member = SearchRequest {
        visibility: Visibility::Member {
            bodies: vec![BodyId(1)],
        },
        ..SearchRequest::public("hemsjukvård")
    };
    assert_eq!(ids(&index, &member), vec![10, 12, 30]);
    let other_member = SearchRequest {
        visibility: Visibility::Member {
            bodies: vec![BodyId(2)],
        },
        ..SearchRequest::public("hemsjukvård")
    };
    assert_eq!(ids(&index, &other_member), vec![10]);
}

#[test]
fn facets_count_and_filters_narrow() {
    let index = archive();
    let everything = |filters: Filters| SearchRequest {
        visibility: Visibility::Everything,
        filters,
        ..SearchRequest::public("hemsjukvård OR rutinen OR prator")
    };
    let all = index.search(&everything(Filters::default())).unwrap();
    assert_eq!(all.total, 5);
    assert!(all.facets.years.contains(&(2023, 3)));
    assert!(all.facets.kinds.contains(&("decision".to_string(), 1)));
    let cases = [
        (
            Filters {
                body: Some(BodyId(2)),
                ..Default::default()
            },
            vec![11, 20],
        ),
        (
            Filters {
                year: Some(2012),
                ..Default::default()
            },
            vec![10, 12],
        ),
        (
            Filters {
                kind: Some(Kind::Tabled),
                ..Default::default()
            },
            vec![20],
        ),
        (
            Filters {
                kind: Some(Kind::Recommendation),
                ..Default::default()
            },
            vec![11],
        ),
        (
            Filters {
                organisation: Some(OrganisationId(7)),
                ..Default::default()
            },
            vec![11],
        ),
        (
            Filters {
                person: Some("Britt Exempel".into()),
                ..Default::default()
            },
            vec![10],
        ),
        (
            Filters {
                open_assignments: Some(true),
                ..Default::default()
            },
            vec![11],
        ),
        (
            Filters {
                open_assignments: Some(false),
                ..Default::default()
            },
            vec![],
        ),
        (
            Filters {
                from: Some("2023-01-01".parse().unwrap()),
                to: Some("2023-10-31".parse().unwrap()),
                ..Default::default()
            },
            vec![11, 20],
        ),
    ];
    for (filters, expected) in cases {
        assert_eq!(ids(&index, &everything(filters.clone())), expected, "{filters:?}");
    }
}

#[test]
fn snippets_highlight_the_matching_words() {
    let index = archive();
    let hit = index
        .search(&SearchRequest::public("hemsjukvården"))
        .unwrap()
        .hits
        .remove(0);
    assert!(hit
        .snippet
        .iter()
        .any(|s| s.highlighted && s.text.to_lowercase().starts_with("hemsjukvård")));
    assert_eq!(hit.number, "5");
    assert_eq!(hit.date.to_string(), "2012-01-12");
}

#[test]
fn bad_queries_get_a_sentence_or_a_best_effort_never_a_panic() {
    let index = archive();
    assert!(matches!(
        index.search(&SearchRequest::public("  ")),
        Err(SearchError::EmptyQuery)
    ));
    let long = "hemsjukvård ".repeat(1000);
    let error = index.search(&SearchRequest::public(&long)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "Sökfrågan är för lång. Den får vara högst 500 tecken."
    );
    for query in ["AND OR (", "\"hemsjukvård", "title:", "((((", "-", "*", ":::"] {
        index.search(&SearchRequest::public(query)).unwrap();
    }
}

#[test]
fn reindexing_a_meeting_replaces_what_it_said() {
    let index = archive();
    let lsg = body(1, "LSG");
    index
        .index_protocol(&protocol(
            &lsg,
            1,
            "2012-01-12",
            MeetingStatus::Published,
            vec![item(10, 5, "Ny rubrik om tandvård", "Inget om det gamla.")],
        ))
        .unwrap();
    assert!(ids(&index, &SearchRequest::public("hemsjukvård")).is_empty());
    assert_eq!(ids(&index, &SearchRequest::public("tandvård")), vec![10]);
}

#[test]
fn the_same_protocol_indexed_twice_stays_found_and_any_change_or_removal_is_written() {
    let index = SearchIndex::in_memory().unwrap();
    let lsg = body(1, "LSG");
    let first = protocol(
        &lsg,
        5,
        "2014-02-13",
        MeetingStatus::Published,
        vec![item(50, 1, "Tandvård", "Om tandvård.")],
    );
    index.index_protocol(&first).unwrap();
    index.index_protocol(&first).unwrap();
    assert_eq!(ids(&index, &SearchRequest::public("tandvård")), vec![50]);
    let mut changed = first.clone();
    changed.items[0].title = "Hörselvård".into();
    changed.items[0].notes = vec!["Om hörselvård.".into()];
    index.index_protocol(&changed).unwrap();
    assert!(ids(&index, &SearchRequest::public("tandvård")).is_empty());
    assert_eq!(ids(&index, &SearchRequest::public("hörselvård")), vec![50]);
    // Removed, then the same protocol again: written again, not skipped as already there.
    index.remove_meeting(changed.meeting.id).unwrap();
    assert!(ids(&index, &SearchRequest::public("hörselvård")).is_empty());
    index.index_protocol(&changed).unwrap();
    assert_eq!(ids(&index, &SearchRequest::public("hörselvård")), vec![50]);
    // After a rebuild without it, it is written again too.
    index.rebuild([]).unwrap();
    index.index_protocol(&changed).unwrap();
    assert_eq!(ids(&index, &SearchRequest::public("hörselvård")), vec![50]);
}

#[test]
fn a_rebuild_given_up_half_way_leaves_the_index_as_it_was_and_updates_go_on() {
    let index = archive();
    let before = ids(&index, &SearchRequest::public("hemsjukvård"));
    assert!(!before.is_empty());
    let lsg = body(1, "LSG");
    {
        let mut rebuild = index.start_rebuild().unwrap();
        rebuild
            .add(&protocol(
                &lsg,
                1,
                "2012-01-12",
                MeetingStatus::Published,
                vec![item(10, 5, "Annat", "Annat.")],
            ))
            .unwrap();
        // Dropped here without its commit, as when reading the protocols fails.
    }
    // An update after it commits only itself, not an emptied and half filled index.
    index
        .index_protocol(&protocol(
            &lsg,
            77,
            "2013-01-12",
            MeetingStatus::Published,
            vec![item(770, 1, "Tandvård", "Om tandvård.")],
        ))
        .unwrap();
    assert_eq!(ids(&index, &SearchRequest::public("hemsjukvård")), before);
    assert_eq!(ids(&index, &SearchRequest::public("tandvård")), vec![770]);
    // And a whole rebuild still works after it.
    assert_eq!(index.rebuild([]).unwrap(), 0);
    assert!(ids(&index, &SearchRequest::public("hemsjukvård")).is_empty());
}

#[test]
fn a_corrupt_index_directory_is_recreated_for_a_rebuild() {
    let directory = std::env::temp_dir().join(format!("samverkan-index-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&directory);
    let (_, fresh) = SearchIndex::open_or_create(&directory).unwrap();
    assert!(fresh, "a missing index needs a rebuild");
    let (_, again) = SearchIndex::open_or_create(&directory).unwrap();
    assert!(!again, "an intact index is reused");
    std::fs::write(directory.join("meta.json"), b"{ not json").unwrap();
    let (index, rebuilt) = SearchIndex::open_or_create(&directory).unwrap();
    assert!(rebuilt);
    assert_eq!(index.rebuild([]).unwrap(), 0);
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn any_query_text(query in "\\PC{0,80}") {
            let index = SearchIndex::in_memory().unwrap();
            let _ = index.search(&SearchRequest::public(&query));
        }
    }
}

#[test]
fn pages_of_a_broad_search_hold_every_visible_hit_once_best_first() {
    // 40 meetings indexed one by one (a segment each), 10 items each: the word in most of
    // them, more often in some, and every seventh item confidential.
    let index = SearchIndex::in_memory().unwrap();
    let lsg = body(1, "LSG");
    let mut visible = Vec::new();
    for meeting in 0..40 {
        let items = (0..10)
            .map(|n| {
                let id = meeting * 10 + n;
                let repeats = (id % 5) as usize;
                let notes = format!("{} övrigt", "hemsjukvård ".repeat(repeats));
                let mut item = item(id, n as u32 + 1, "Ärende", &notes);
                item.confidential = id % 7 == 0;
                if repeats > 0 && !item.confidential {
                    visible.push(id);
                }
                item
            })
            .collect();
        let date = format!("20{:02}-03-01", 10 + meeting % 15);
        index
            .index_protocol(&protocol(&lsg, meeting + 1, &date, MeetingStatus::Adjusted, items))
            .unwrap();
    }
    let mut seen = Vec::new();
    let mut scores = Vec::new();
    for page in 0..20 {
        let results = index
            .search(&SearchRequest {
                limit: 25,
                offset: page * 25,
                ..SearchRequest::public("hemsjukvård")
            })
            .unwrap();
        assert_eq!(
            results.total,
            visible.len(),
            "the total counts only what the public may see"
        );
        seen.extend(results.hits.iter().map(|h| h.item_id.0));
        scores.extend(results.hits.iter().map(|h| h.score));
    }
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "best first across pages: {scores:?}"
    );
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), seen.len(), "no hit on two pages");
    visible.sort();
    assert_eq!(sorted, visible, "every visible hit on some page, no confidential one");
    let counted: u64 = index
        .search(&SearchRequest::public("hemsjukvård"))
        .unwrap()
        .facets
        .years
        .iter()
        .map(|(_, n)| n)
        .sum();
    assert_eq!(counted as usize, visible.len());
}
