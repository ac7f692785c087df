//! The backend-agnostic storage test suite. Each backend crate runs every test here against a
//! fresh database of its own kind through [`storage_testsuite!`](crate::storage_testsuite).

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use samverkan_domain::*;

use crate::{NewUser, PendingImport, Store, StoreError, UserRole};

/// Expands to one `#[tokio::test]` per suite test; `$fresh` is an async expression that gives
/// a fresh, migrated store implementing [`Store`].
#[macro_export]
macro_rules! storage_testsuite {
    ($fresh:expr) => {
        $crate::storage_testsuite!(@tests $fresh;
            organisations_persons_bodies_and_memberships_round_trip,
            full_protocol_round_trips,
            grant_cost_share_and_agreement_round_trip,
            cost_share_that_does_not_sum_is_refused_and_not_stored,
            adjusted_protocol_refuses_every_change_but_publication,
            stale_item_save_is_a_conflict,
            racing_item_saves_let_exactly_one_win,
            stale_meeting_save_is_a_conflict,
            duplicates_and_missing_rows_are_clear_errors,
            meetings_come_in_date_order_and_sub_groups_after_parents,
            dispatches_are_recorded_per_meeting,
            files_are_stored_by_their_hash,
            imported_protocol_comes_in_whole_or_not_at_all,
            follow_up_answers_and_assignment_status_are_kept_beside_the_locked_protocol,
            sessions_end_at_logout_password_change_and_disabling,
            an_edit_after_an_approval_voids_it_and_a_racing_save_never_escapes_the_hash,
            the_notice_board_holds_a_protocol_for_its_posting_period_and_counts_are_sql,
            login_failures_count_per_key_and_start_anew_after_the_window,
            items_stand_in_number_order_and_a_number_is_used_once_in_its_series,
            a_meeting_is_moved_or_deleted_until_it_goes_out_for_adjustment,
            a_persons_start_page_reads_only_what_concerns_them,
            grants_and_agreements_grow_a_row_at_a_time,
            every_record_knows_when_it_was_made_and_last_changed,
            a_deleted_meeting_or_item_leaves_a_tombstone_and_changes_are_found_since_a_time,
            a_bodys_people_and_open_meetings_are_read_for_the_body_alone,
            an_upload_awaits_review_until_it_is_stored_once_as_history,
            a_change_for_search_wakes_the_followers_where_the_backend_can_signal,
        );
    };
    (@tests $fresh:expr; $($name:ident),* $(,)?) => {$(
        #[tokio::test]
        async fn $name() {
            let store = $fresh.await;
            $crate::testsuite::$name(&store).await;
        }
    )*};
}

fn date(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("test time")
}

/// Whole seconds: PostgreSQL keeps microseconds, so sub-second parts would not round-trip.
fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("test timestamp")
}

async fn kommun(store: &dyn Store, name: &str, code: &str, population: i64) -> Organisation {
    store
        .create_organisation(&Organisation {
            id: OrganisationId::NEW,
            name: name.into(),
            kind: OrganisationKind::Kommun {
                municipality_code: code.into(),
            },
            population: Some(population),
            population_year: Some(2018),
        })
        .await
        .expect("create kommun")
}

async fn person(store: &dyn Store, name: &str) -> Person {
    store
        .create_person(&Person {
            id: PersonId::NEW,
            name: name.into(),
            title: Some("verksamhetschef".into()),
            email: None,
        })
        .await
        .expect("create person")
}

async fn body(store: &dyn Store, name: &str, short_name: &str, parent: Option<BodyId>) -> Body {
    store
        .create_body(&Body {
            id: BodyId::NEW,
            name: name.into(),
            short_name: short_name.into(),
            parent_id: parent,
            county_code: Some("07".into()),
            numbering: NumberingRule::PerYear,
            description: Some("Ett påhittat organ för tester.".into()),
            notice_days: 21,
            logo_sha256: None,
        })
        .await
        .expect("create body")
}

/// An item with every kind of content filled in.
fn rich_item(organisation: &Organisation, presenter: &Person, due_meeting: MeetingId) -> Item {
    let mut item = Item::new(
        ItemNumber::parse("12 b").unwrap(),
        "Gemensam plan för hemsjukvård – uppföljning",
    );
    item.presenters = vec![Presenter {
        person_id: Some(presenter.id),
        name: presenter.name.clone(),
        description: Some("Region Kronoberg".into()),
    }];
    item.notes = vec![
        "Första stycket om läget.".into(),
        "Andra stycket, med å, ä, ö och § 3.".into(),
    ];
    item.decision = Some(Decision {
        preamble: Some("VSK beslutar".into()),
        clauses: vec![
            Clause {
                label: None,
                text: "att godkänna planen".into(),
            },
            Clause {
                label: Some("2".into()),
                text: "att ge arbetsgruppen i uppdrag att återkomma".into(),
            },
        ],
    });
    item.recommendations = vec![Recommendation {
        text: "att anta riktlinjen för trygg hemgång".into(),
        addressees: vec![
            Addressee::Organisation {
                organisation_id: organisation.id,
                name: organisation.name.clone(),
            },
            Addressee::Group {
                name: "huvudmännen".into(),
            },
        ],
    }];
    item.assignments = vec![
        Assignment {
            assignee: "Arbetsgruppen för äldre".into(),
            assignee_person_id: Some(presenter.id),
            assignee_organisation_id: Some(organisation.id),
            task: "Utreda kostnaderna".into(),
            due: Some(Due::Date {
                date: date("2026-06-30"),
            }),
            status: AssignmentStatus::Open,
        },
        Assignment {
            assignee: "Länssamordnaren".into(),
            assignee_person_id: None,
            assignee_organisation_id: None,
            task: "Rapportera i april".into(),
            due: Some(Due::Month { year: 2026, month: 4 }),
            status: AssignmentStatus::Reported,
        },
        Assignment {
            assignee: "Kansliet".into(),
            assignee_person_id: None,
            assignee_organisation_id: None,
            task: "Återkomma".into(),
            due: Some(Due::Meeting {
                meeting_id: due_meeting,
            }),
            status: AssignmentStatus::Closed,
        },
        Assignment {
            assignee: "Ordföranden".into(),
            assignee_person_id: None,
            assignee_organisation_id: None,
            task: "Bjuda in".into(),
            due: Some(Due::NextMeeting),
            status: AssignmentStatus::Open,
        },
        Assignment {
            assignee: "Sekreteraren".into(),
            assignee_person_id: None,
            assignee_organisation_id: None,
            task: "Utan datum".into(),
            due: None,
            status: AssignmentStatus::Open,
        },
    ];
    item.outcome = Some(ItemOutcome::Tabled {
        until: Some(Due::Meeting {
            meeting_id: due_meeting,
        }),
    });
    item.attachments = vec![Attachment {
        label: "Bilaga 3".into(),
        title: "Underlag till planen".into(),
        file_sha256: Some("ab".repeat(32)),
        file_name: Some("underlag.pdf".into()),
        media_type: Some("application/pdf".into()),
    }];
    item.distribution = vec!["Kommunerna".into(), "Region Kronoberg".into()];
    item
}

fn rich_meeting(body: BodyId, organisation: &Organisation, people: &[Person]) -> Meeting {
    let mut meeting = Meeting::plan(
        body,
        date("2026-03-13"),
        Some(time(13, 0)),
        Some(time(16, 0)),
        Some("Regionhuset, sal 2".into()),
    )
    .unwrap();
    meeting.video_link = Some("https://example.invalid/mote".into());
    meeting.status = MeetingStatus::Published;
    meeting.secretary = Some(people[1].name.clone());
    meeting.attendance = vec![
        Attendance {
            person_id: Some(people[0].id),
            organisation_id: Some(organisation.id),
            organisation: Some("Region Kronoberg".into()),
            name: Some(people[0].name.clone()),
            title: Some("förvaltningschef".into()),
            role: Some(Role::Ordforande),
            voting: true,
            status: AttendanceStatus::Present,
            presence: Presence::Whole,
        },
        Attendance {
            person_id: None,
            organisation_id: None,
            organisation: None,
            name: Some("Gäst Gästsson".into()),
            title: None,
            role: Some(Role::Adjungerad),
            voting: false,
            status: AttendanceStatus::Present,
            presence: Presence::OnlyItems {
                items: vec!["50".into(), "51".into(), "52".into(), "53".into()],
            },
        },
        Attendance {
            person_id: Some(people[1].id),
            organisation_id: None,
            organisation: None,
            name: Some(people[1].name.clone()),
            title: None,
            role: Some(Role::Ledamot),
            voting: true,
            status: AttendanceStatus::Present,
            presence: Presence::ExceptItems {
                items: vec!["6".into()],
            },
        },
        Attendance {
            person_id: None,
            organisation_id: Some(organisation.id),
            organisation: None,
            name: None,
            title: None,
            role: None,
            voting: true,
            status: AttendanceStatus::Absent,
            presence: Presence::Whole,
        },
        Attendance {
            person_id: None,
            organisation_id: None,
            organisation: None,
            name: Some("Frånvarande Person".into()),
            title: None,
            role: Some(Role::Ersattare),
            voting: false,
            status: AttendanceStatus::Apologies,
            presence: Presence::PartOfMeeting {
                note: Some("del av mötet".into()),
            },
        },
    ];
    meeting.adjustment = Adjustment {
        place: Some("Regionhuset".into()),
        date: Some(date("2026-03-20")),
        adjusters: vec![
            Adjuster {
                person_id: Some(people[0].id),
                name: people[0].name.clone(),
                role: AdjusterRole::Chair,
                approved_at: Some(at("2026-03-20T09:00:00Z")),
                approved_sha256: None,
                comment: None,
            },
            Adjuster {
                person_id: None,
                name: "Justerare Jansson".into(),
                role: AdjusterRole::Adjuster,
                approved_at: Some(at("2026-03-20T10:30:00Z")),
                approved_sha256: None,
                comment: Some("Godkänt.".into()),
            },
        ],
        content_sha256: Some("cd".repeat(32)),
        locked_at: Some(at("2026-03-20T10:31:00Z")),
    };
    meeting.publication = Some(Publication {
        posted_on: date("2026-03-21"),
        taken_down_on: Some(date("2026-04-12")),
    });
    meeting.source = Some(ImportSource {
        file_name: "protokoll.docx".into(),
        sha256: "ef".repeat(32),
        imported_at: at("2026-05-01T08:00:00Z"),
        date_basis: DateBasis::Text,
    });
    meeting.next_meetings = vec![date("2026-04-17"), date("2026-05-29")];
    meeting.remarks = vec!["Det här protokollet är elektroniskt underskrivet.".to_string()];
    meeting
}

/// Forgets what the store assigns (ids, versions, positions) so content can be compared.
fn content_of(protocol: &Protocol) -> (Meeting, Vec<Item>) {
    let meeting = Meeting {
        id: MeetingId::NEW,
        version: 0,
        ..protocol.meeting.clone()
    };
    let items = protocol
        .items
        .iter()
        .map(|i| Item {
            id: ItemId::NEW,
            meeting_id: MeetingId::NEW,
            version: 0,
            position: 0,
            ..i.clone()
        })
        .collect();
    (meeting, items)
}

pub async fn organisations_persons_bodies_and_memberships_round_trip(store: &dyn Store) {
    let vaxjo = kommun(store, "Växjö kommun", "0780", 92_567).await;
    assert_eq!(store.organisation(vaxjo.id).await.unwrap(), vaxjo);
    assert_eq!(
        vaxjo.kind,
        OrganisationKind::Kommun {
            municipality_code: "0780".into()
        }
    );
    let region = store
        .create_organisation(&Organisation {
            id: OrganisationId::NEW,
            name: "Region Kronoberg".into(),
            kind: OrganisationKind::Region {
                county_code: "07".into(),
            },
            population: None,
            population_year: None,
        })
        .await
        .unwrap();
    let other = store
        .create_organisation(&Organisation {
            id: OrganisationId::NEW,
            name: "Regionförbundet".into(),
            kind: OrganisationKind::Regionforbund,
            population: None,
            population_year: None,
        })
        .await
        .unwrap();
    assert_eq!(
        store.organisations().await.unwrap(),
        vec![region.clone(), other, vaxjo.clone()]
    );

    let anna = person(store, "Anna Andersson").await;
    assert_eq!(store.person(anna.id).await.unwrap(), anna);
    assert_eq!(store.persons().await.unwrap(), vec![anna.clone()]);

    let vsk = body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    assert_eq!(store.body(vsk.id).await.unwrap(), vsk);
    assert_eq!(vsk.decision_preamble(), "VSK beslutar");

    let membership = store
        .add_membership(&Membership {
            id: MembershipId::NEW,
            body_id: vsk.id,
            person_id: anna.id,
            organisation_id: Some(region.id),
            role: Role::Ordforande,
            period: Period::new(date("2026-01-01"), Some(date("2026-12-31"))).unwrap(),
        })
        .await
        .unwrap();
    assert!(!membership.id.is_new());
    assert_eq!(store.memberships(vsk.id).await.unwrap(), vec![membership]);
    assert_eq!(
        store.member_organisations(vsk.id).await.unwrap(),
        vec![region.clone()],
        "only the organisations with a member in the body"
    );

    let backwards = Membership {
        id: MembershipId::NEW,
        body_id: vsk.id,
        person_id: anna.id,
        organisation_id: None,
        role: Role::Ledamot,
        period: Period {
            start: date("2026-05-01"),
            end: Some(date("2026-01-01")),
        },
    };
    assert!(matches!(
        store.add_membership(&backwards).await,
        Err(StoreError::Domain(DomainError::PeriodEndsBeforeStart { .. }))
    ));
    assert_eq!(store.memberships(vsk.id).await.unwrap().len(), 1);
}

pub async fn full_protocol_round_trips(store: &dyn Store) {
    let vaxjo = kommun(store, "Växjö kommun", "0780", 92_567).await;
    let people = [person(store, "Anna Andersson").await, person(store, "Bo Berg").await];
    let vsk = body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    let later = store
        .create_meeting(&Meeting::plan(vsk.id, date("2026-04-17"), None, None, None).unwrap())
        .await
        .unwrap();

    let first = Protocol {
        body: vsk.clone(),
        meeting: rich_meeting(vsk.id, &vaxjo, &people),
        items: vec![
            Item::new(ItemNumber::paragraph(58), "Första § 58"),
            Item {
                confidential: true,
                outcome: Some(ItemOutcome::Noted),
                ..Item::new(ItemNumber::paragraph(58), "Andra § 58, sekretess")
            },
            rich_item(&vaxjo, &people[0], later.id),
        ],
    };
    let stored = store.create_protocol(&first).await.unwrap();
    assert_eq!(
        content_of(&stored),
        content_of(&first),
        "every field survives the store"
    );
    assert_eq!(
        stored.items.iter().map(|i| i.position).collect::<Vec<_>>(),
        vec![0, 1, 2]
    );
    assert_eq!(
        stored.items[0].number, stored.items[1].number,
        "a repeated § number is kept twice"
    );
    assert_eq!(stored.body, vsk);
    assert_eq!(store.protocol(stored.meeting.id).await.unwrap(), stored);
    assert_eq!(
        store.protocol(stored.meeting.id).await.unwrap().content_sha256(),
        first.content_sha256()
    );

    // A later item following up an earlier one, with the other outcomes.
    let mut follow_up = Item::new(ItemNumber::parse("2.1").unwrap(), "Uppföljning");
    follow_up.meeting_id = later.id;
    follow_up.follows_up = Some(stored.items[2].id);
    follow_up.outcome = Some(ItemOutcome::Discussed {
        returns: Some(Due::Month { year: 2026, month: 9 }),
    });
    let added = store.add_item(&follow_up).await.unwrap();
    assert_eq!(added.version, 1);
    assert_eq!(
        Item {
            id: ItemId::NEW,
            version: 0,
            ..added.clone()
        },
        follow_up
    );
    assert_eq!(store.items(later.id).await.unwrap(), vec![added]);
}

pub async fn grant_cost_share_and_agreement_round_trip(store: &dyn Store) {
    let vaxjo = kommun(store, "Växjö kommun", "0780", 92_567).await;
    let ljungby = kommun(store, "Ljungby kommun", "0781", 28_000).await;
    let vsk = body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    let meeting = store
        .create_meeting(&Meeting::plan(vsk.id, date("2026-02-06"), None, None, None).unwrap())
        .await
        .unwrap();
    let item = store
        .add_item(&Item {
            meeting_id: meeting.id,
            ..Item::new(ItemNumber::paragraph(4), "Fördelning")
        })
        .await
        .unwrap();

    let grant = Grant {
        id: GrantId::NEW,
        body_id: vsk.id,
        name: "Statsbidrag psykisk hälsa 2026".into(),
        year: 2026,
        total: Some(Money::from_kronor(5_000_000)),
        allocations: vec![
            Allocation {
                decided_on: Some(date("2026-02-06")),
                decided_at_item: Some(item.id),
                purpose: Some("Suicidprevention".into()),
                amount: Money::from_kronor(950_000),
                activity_code: Some("964".into()),
                recipient: Some("Växjö kommun".into()),
                comment: Some("Plus överskott".into()),
                carry_over: Some(Money::from_kronor(101_682)),
                carry_over_from_year: Some(2025),
                carry_over_activity_code: Some("787".into()),
            },
            Allocation {
                decided_on: None,
                decided_at_item: None,
                purpose: None,
                amount: Money(50_000_050),
                activity_code: Some("787".into()),
                recipient: None,
                comment: None,
                carry_over: None,
                carry_over_from_year: None,
                carry_over_activity_code: None,
            },
        ],
    };
    let stored = store.create_grant(&grant).await.unwrap();
    assert_eq!(
        Grant {
            id: GrantId::NEW,
            ..stored.clone()
        },
        grant
    );
    assert_eq!(store.grants(vsk.id).await.unwrap(), vec![stored.clone()]);
    assert_eq!(
        store.grant(stored.id).await.unwrap().allocated_for("964"),
        Money::from_kronor(950_000)
    );

    let total = Money::from_kronor(389_000);
    let amounts = split_by_weights(total, &[92_567, 28_000]).unwrap();
    let share = CostShare {
        id: CostShareId::NEW,
        body_id: vsk.id,
        decided_at_item: Some(item.id),
        title: "Praktiksamordning".into(),
        total,
        key: CostShareKey::Population { year: 2018 },
        parts: vec![
            CostSharePart {
                organisation_id: Some(vaxjo.id),
                payer: vaxjo.name.clone(),
                basis: Some("92 567 inv.".into()),
                amount: amounts[0],
            },
            CostSharePart {
                organisation_id: Some(ljungby.id),
                payer: ljungby.name.clone(),
                basis: None,
                amount: amounts[1],
            },
        ],
    };
    let stored_share = store.create_cost_share(&share).await.unwrap();
    assert_eq!(
        CostShare {
            id: CostShareId::NEW,
            ..stored_share.clone()
        },
        share
    );
    assert_eq!(store.cost_share(stored_share.id).await.unwrap(), stored_share);
    let hourly = CostShare {
        key: CostShareKey::GuaranteedPlusHourly {
            hourly_rate: Money::from_kronor(850),
        },
        ..share.clone()
    };
    let stored_hourly = store.create_cost_share(&hourly).await.unwrap();
    assert_eq!(
        store.cost_shares(vsk.id).await.unwrap(),
        vec![stored_share, stored_hourly]
    );

    let agreement = Agreement {
        id: AgreementId::NEW,
        body_id: vsk.id,
        title: "Överenskommelse om utskrivning från slutenvård".into(),
        parties: vec![ljungby.id, vaxjo.id],
        period: Period::new(date("2024-01-01"), Some(date("2026-12-31"))).unwrap(),
        extensions: vec![AgreementExtension {
            until: date("2027-12-31"),
            decided_at_item: Some(item.id),
            note: Some("Ett år".into()),
        }],
        parameters: vec![YearlyParameter {
            year: 2027,
            name: "Kalenderdagar".into(),
            value: "3,0".into(),
            unit: Some("dagar".into()),
            decided_at_item: Some(item.id),
        }],
        yearly_duty: Some("Fastställa antalet kalenderdagar".into()),
        yearly_duty_month: Some(11),
    };
    let stored_agreement = store.create_agreement(&agreement).await.unwrap();
    assert_eq!(
        Agreement {
            id: AgreementId::NEW,
            ..stored_agreement.clone()
        },
        agreement
    );
    assert_eq!(store.agreements(vsk.id).await.unwrap(), vec![stored_agreement.clone()]);
    assert_eq!(
        store.agreement(stored_agreement.id).await.unwrap().effective_end(),
        Some(date("2027-12-31"))
    );

    let user = store
        .create_user(&NewUser {
            username: "sekr".into(),
            display_name: "Sekreteraren".into(),
            password_hash: "$argon2id$x".into(),
            role: UserRole::Secretary,
            person_id: None,
        })
        .await
        .unwrap();
    assert_eq!(store.user_by_username("sekr").await.unwrap(), Some(user));
    assert_eq!(store.user_by_username("ingen").await.unwrap(), None);
}

pub async fn cost_share_that_does_not_sum_is_refused_and_not_stored(store: &dyn Store) {
    let vsk = body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    let share = CostShare {
        id: CostShareId::NEW,
        body_id: vsk.id,
        decided_at_item: None,
        title: "Fel summa".into(),
        total: Money::from_kronor(100),
        key: CostShareKey::FixedPercent,
        parts: vec![
            CostSharePart {
                organisation_id: None,
                payer: "Regionen".into(),
                basis: Some("70 %".into()),
                amount: Money::from_kronor(70),
            },
            CostSharePart {
                organisation_id: None,
                payer: "Kommunerna".into(),
                basis: Some("30 %".into()),
                amount: Money::from_kronor(29),
            },
        ],
    };
    let err = store.create_cost_share(&share).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Domain(DomainError::CostShareMismatch { .. })),
        "{err:?}"
    );
    assert!(store.cost_shares(vsk.id).await.unwrap().is_empty());

    let negative = Grant {
        id: GrantId::NEW,
        body_id: vsk.id,
        name: "Negativt".into(),
        year: 2026,
        total: None,
        allocations: vec![Allocation {
            decided_on: None,
            decided_at_item: None,
            purpose: None,
            amount: Money(-1),
            activity_code: None,
            recipient: None,
            comment: None,
            carry_over: None,
            carry_over_from_year: None,
            carry_over_activity_code: None,
        }],
    };
    assert!(matches!(
        store.create_grant(&negative).await,
        Err(StoreError::Domain(DomainError::NegativeAmount(_)))
    ));
    assert!(store.grants(vsk.id).await.unwrap().is_empty());
}

/// A person in the register to sign a protocol.
async fn signer(store: &dyn Store, name: &str, role: AdjusterRole) -> Adjuster {
    let person = store
        .create_person(&Person {
            id: PersonId::NEW,
            name: name.into(),
            title: None,
            email: None,
        })
        .await
        .unwrap();
    Adjuster {
        person_id: Some(person.id),
        name: person.name,
        role,
        approved_at: None,
        approved_sha256: None,
        comment: None,
    }
}

/// A meeting of `body` with one item and a chair and an adjuster, sent for adjustment.
async fn out_for_adjustment(store: &dyn Store, body: BodyId) -> (Meeting, Item, [PersonId; 2]) {
    let mut meeting = Meeting::plan(body, date("2026-03-13"), None, None, None).unwrap();
    let chair = signer(store, "Ordförande", AdjusterRole::Chair).await;
    let adjuster = signer(store, "Justerare", AdjusterRole::Adjuster).await;
    let persons = [chair.person_id.unwrap(), adjuster.person_id.unwrap()];
    meeting.add_adjuster(chair).unwrap();
    meeting.add_adjuster(adjuster).unwrap();
    let meeting = store.create_meeting(&meeting).await.unwrap();
    let item = store
        .add_item(&Item {
            meeting_id: meeting.id,
            ..Item::new(ItemNumber::paragraph(1), "Mötet öppnas")
        })
        .await
        .unwrap();
    let mut current = meeting;
    for status in [
        MeetingStatus::Held,
        MeetingStatus::MinutesDrafted,
        MeetingStatus::SentForAdjustment,
    ] {
        current.transition(status, None, at("2026-03-20T10:00:00Z")).unwrap();
        current = store.update_meeting(&current).await.unwrap();
    }
    (current, item, persons)
}

pub async fn adjusted_protocol_refuses_every_change_but_publication(store: &dyn Store) {
    let vsk = body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    let (current, item, [chair, adjuster]) = out_for_adjustment(store, vsk.id).await;
    let now = at("2026-03-20T10:00:00Z");
    let (current, outcome) = store
        .approve(current.id, current.version, chair, None, now)
        .await
        .unwrap();
    assert_eq!(outcome, ApprovalOutcome::Recorded);
    assert!(matches!(
        store
            .approve(current.id, current.version - 1, adjuster, None, now)
            .await,
        Err(StoreError::Conflict)
    ));
    let (adjusted, outcome) = store
        .approve(current.id, current.version, adjuster, Some("Bra.".into()), now)
        .await
        .unwrap();
    assert_eq!(outcome, ApprovalOutcome::Adjusted);
    let hash = store.protocol(current.id).await.unwrap().content_sha256();
    assert_eq!(adjusted.adjustment.content_sha256.as_deref(), Some(hash.as_str()));
    let before = store.protocol(adjusted.id).await.unwrap();
    // What was rendered of the locked protocol is read with its hash; a copy of other content is not.
    store.put_rendering(adjusted.id, "html", "other", b"old").await.unwrap();
    assert_eq!(store.locked_rendering(adjusted.id, "html").await.unwrap(), None);
    let page = format!("page:{}", adjusted.version);
    store.put_rendering(adjusted.id, &page, &hash, b"<html>").await.unwrap();
    assert_eq!(
        store.locked_rendering(adjusted.id, "page").await.unwrap(),
        Some(crate::LockedRendering {
            content_sha256: hash.clone(),
            meeting_version: adjusted.version,
            content: b"<html>".to_vec()
        })
    );

    let mut edited = item.clone();
    edited.title = "Ändrad titel".into();
    assert!(matches!(
        store.update_item(&edited).await,
        Err(StoreError::Domain(DomainError::ProtocolAdjusted))
    ));
    assert!(matches!(
        store.delete_item(item.id, item.version).await,
        Err(StoreError::Domain(DomainError::ProtocolAdjusted))
    ));
    let extra = Item {
        meeting_id: adjusted.id,
        ..Item::new(ItemNumber::paragraph(2), "Smuggel")
    };
    assert!(matches!(
        store.add_item(&extra).await,
        Err(StoreError::Domain(DomainError::ProtocolAdjusted))
    ));
    let moved = Meeting {
        place: Some("Annan plats".into()),
        ..adjusted.clone()
    };
    assert!(matches!(
        store.update_meeting(&moved).await,
        Err(StoreError::Domain(DomainError::ProtocolAdjusted))
    ));
    let reopened = Meeting {
        status: MeetingStatus::MinutesDrafted,
        ..adjusted.clone()
    };
    assert!(matches!(
        store.update_meeting(&reopened).await,
        Err(StoreError::Domain(DomainError::ProtocolAdjusted))
    ));
    assert_eq!(store.protocol(adjusted.id).await.unwrap(), before, "nothing changed");

    let mut published = adjusted.clone();
    published.transition(MeetingStatus::Published, None, now).unwrap();
    published.publication = Some(Publication {
        posted_on: date("2026-03-21"),
        taken_down_on: Some(date("2026-04-12")),
    });
    let published = store.update_meeting(&published).await.unwrap();
    assert_eq!(published.status, MeetingStatus::Published);
    assert_eq!(
        store.locked_rendering(adjusted.id, "page").await.unwrap(),
        None,
        "the page kept before publication does not show its dates"
    );
    assert_eq!(
        store.protocol(published.id).await.unwrap().content_sha256(),
        hash,
        "publication leaves the content alone"
    );
}

pub async fn stale_item_save_is_a_conflict(store: &dyn Store) {
    let vsk = body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    let meeting = store
        .create_meeting(&Meeting::plan(vsk.id, date("2026-03-13"), None, None, None).unwrap())
        .await
        .unwrap();
    let item = store
        .add_item(&Item {
            meeting_id: meeting.id,
            ..Item::new(ItemNumber::paragraph(1), "Original")
        })
        .await
        .unwrap();

    let first = Item {
        title: "Första sekreteraren".into(),
        ..item.clone()
    };
    let second = Item {
        title: "Andra sekreteraren".into(),
        ..item.clone()
    };
    let saved = store.update_item(&first).await.unwrap();
    assert_eq!(saved.version, item.version + 1);
    let err = store.update_item(&second).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict));
    assert!(err.to_string().contains("Någon annan har sparat"));
    assert_eq!(
        store.item(item.id).await.unwrap().title,
        "Första sekreteraren",
        "the later, stale save changed nothing"
    );
    assert!(matches!(
        store.delete_item(item.id, item.version).await,
        Err(StoreError::Conflict)
    ));
    store.delete_item(item.id, saved.version).await.unwrap();
    assert!(matches!(store.item(item.id).await, Err(StoreError::NotFound { .. })));
}

pub async fn racing_item_saves_let_exactly_one_win(store: &dyn Store) {
    let vsk = body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    let meeting = store
        .create_meeting(&Meeting::plan(vsk.id, date("2026-03-13"), None, None, None).unwrap())
        .await
        .unwrap();
    let item = store
        .add_item(&Item {
            meeting_id: meeting.id,
            ..Item::new(ItemNumber::paragraph(1), "Original")
        })
        .await
        .unwrap();
    let edits: Vec<Item> = (0..6)
        .map(|n| Item {
            title: format!("Version {n}"),
            ..item.clone()
        })
        .collect();
    let results = futures_join_all(store, &edits).await;
    let winners: Vec<&Item> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(winners.len(), 1, "exactly one of the racing saves wins: {results:?}");
    assert!(
        results
            .iter()
            .filter(|r| r.is_err())
            .all(|r| matches!(r, Err(StoreError::Conflict))),
        "every loser is told of the conflict: {results:?}"
    );
    assert_eq!(store.item(item.id).await.unwrap().title, winners[0].title);
}

/// Runs the saves concurrently without pulling in a futures crate.
async fn futures_join_all(store: &dyn Store, edits: &[Item]) -> Vec<crate::Result<Item>> {
    join_all(edits.iter().map(|e| store.update_item(e)).collect()).await
}

type Pending<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// Polls every future until all are done; each store call runs on its own connection.
async fn join_all<T>(mut pending: Vec<Pending<'_, T>>) -> Vec<T> {
    let mut results: Vec<Option<T>> = (0..pending.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        for (i, future) in pending.iter_mut().enumerate() {
            if results[i].is_none() {
                if let std::task::Poll::Ready(result) = future.as_mut().poll(cx) {
                    results[i] = Some(result);
                }
            }
        }
        if results.iter().all(Option::is_some) {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    results.into_iter().map(|r| r.expect("every future finished")).collect()
}

pub async fn an_edit_after_an_approval_voids_it_and_a_racing_save_never_escapes_the_hash(store: &dyn Store) {
    let vsk = body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    let now = at("2026-03-20T10:00:00Z");

    // Approve, edit, approve: the first approval was of other words, so no lock.
    let (meeting, item, [chair, adjuster]) = out_for_adjustment(store, vsk.id).await;
    let waiting = |person| async move {
        let meetings = store.meetings_to_adjust(person).await.unwrap();
        meetings.iter().map(|m| m.id).collect::<Vec<_>>()
    };
    assert_eq!(waiting(chair).await, [meeting.id]);
    // Every new protocol gets its secret for confidential digests, and keeps it.
    let key = meeting.confidential_key.clone().expect("a key for a new meeting");
    let forgetful = store
        .update_meeting(&Meeting {
            confidential_key: None,
            ..meeting.clone()
        })
        .await
        .unwrap();
    assert_eq!(
        forgetful.confidential_key.as_deref(),
        Some(key.as_str()),
        "a save without it keeps it"
    );
    let meeting = forgetful;
    let (meeting, _) = store
        .approve(meeting.id, meeting.version, adjuster, None, now)
        .await
        .unwrap();
    let mut edited = store.item(item.id).await.unwrap();
    edited.notes.push("En sats som justeraren aldrig såg.".into());
    store.update_item(&edited).await.unwrap();
    let (meeting, outcome) = store
        .approve(meeting.id, meeting.version, chair, None, now)
        .await
        .unwrap();
    assert_eq!(outcome, ApprovalOutcome::Recorded, "the adjuster's approval is void");
    assert_eq!(meeting.status, MeetingStatus::SentForAdjustment);
    let protocol = store.protocol(meeting.id).await.unwrap();
    assert_eq!(protocol.void_approvals().len(), 1);
    let (meeting, outcome) = store
        .approve(meeting.id, meeting.version, adjuster, None, now)
        .await
        .unwrap();
    assert_eq!(outcome, ApprovalOutcome::Adjusted);
    let locked = store.protocol(meeting.id).await.unwrap();
    assert_eq!(locked.meeting.adjustment.content_sha256, Some(locked.content_sha256()));
    assert!(locked.items[0].notes.iter().any(|n| n.contains("aldrig såg")));
    assert!(waiting(chair).await.is_empty(), "an adjusted protocol waits for no one");

    // The last approval racing 20 saves of the protocol's item, 100 times: whatever wins, the
    // stored content of a locked protocol is exactly what its hash says.
    let (mut locked_count, mut refused) = (0, 0);
    for trial in 0..100 {
        // A body of its own per trial, as § numbers are used once in a body's year.
        let trial_body = body(store, &format!("Organ {trial}"), "O", None).await;
        let (meeting, item, [chair, adjuster]) = out_for_adjustment(store, trial_body.id).await;
        let (meeting, _) = store
            .approve(meeting.id, meeting.version, chair, None, now)
            .await
            .unwrap();
        let mut edits = Vec::new();
        for k in 0..20 {
            let mut edit = Item::new(ItemNumber::paragraph(2 + k), format!("Tillägg {trial}-{k}"));
            edit.meeting_id = meeting.id;
            edits.push(edit);
        }
        let mut futures: Vec<Pending<'_, Option<crate::Result<()>>>> = vec![Box::pin(async {
            store
                .approve(meeting.id, meeting.version, adjuster, None, now)
                .await
                .unwrap();
            None
        })];
        for edit in &edits {
            futures.push(Box::pin(async { Some(store.add_item(edit).await.map(|_| ())) }));
        }
        let mut update = item.clone();
        update.title = format!("Ändrad under justeringen {trial}");
        futures.push(Box::pin(
            async move { Some(store.update_item(&update).await.map(|_| ())) },
        ));
        for result in join_all(futures).await.into_iter().flatten() {
            match result {
                Ok(()) => {}
                Err(StoreError::Domain(DomainError::ProtocolAdjusted)) => refused += 1,
                Err(other) => panic!("a save failed otherwise: {other:?}"),
            }
        }
        let protocol = store.protocol(meeting.id).await.unwrap();
        if protocol.meeting.status == MeetingStatus::Adjusted {
            locked_count += 1;
            assert_eq!(
                protocol.meeting.adjustment.content_sha256,
                Some(protocol.content_sha256()),
                "trial {trial}: the locked content is what was hashed"
            );
        }
    }
    // The approval was of the content as it stood when it ran; a save that landed first made
    // it void (no lock), one that came after was refused.
    assert!(locked_count + refused > 0, "{locked_count} locked, {refused} refused");
}

pub async fn stale_meeting_save_is_a_conflict(store: &dyn Store) {
    let vsk = body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    let meeting = store
        .create_meeting(&Meeting::plan(vsk.id, date("2026-03-13"), None, None, None).unwrap())
        .await
        .unwrap();
    let moved = store
        .update_meeting(&Meeting {
            place: Some("Sal A".into()),
            ..meeting.clone()
        })
        .await
        .unwrap();
    assert_eq!(moved.version, meeting.version + 1);
    let stale = Meeting {
        place: Some("Sal B".into()),
        ..meeting.clone()
    };
    assert!(matches!(store.update_meeting(&stale).await, Err(StoreError::Conflict)));
    assert_eq!(store.meeting(meeting.id).await.unwrap().place.as_deref(), Some("Sal A"));
    let backwards = Meeting {
        start_time: Some(time(15, 0)),
        end_time: Some(time(9, 0)),
        ..moved.clone()
    };
    assert!(matches!(
        store.update_meeting(&backwards).await,
        Err(StoreError::Domain(DomainError::MeetingEndsBeforeStart { .. }))
    ));
    assert_eq!(store.meeting(meeting.id).await.unwrap(), moved);
}

pub async fn duplicates_and_missing_rows_are_clear_errors(store: &dyn Store) {
    kommun(store, "Växjö kommun", "0780", 92_567).await;
    let twice = store
        .create_organisation(&Organisation {
            id: OrganisationId::NEW,
            name: "Växjö igen".into(),
            kind: OrganisationKind::Kommun {
                municipality_code: "0780".into(),
            },
            population: None,
            population_year: None,
        })
        .await
        .unwrap_err();
    assert_eq!(twice.to_string(), "Organisationen finns redan.");
    body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    let again = store
        .create_body(&Body {
            id: BodyId::NEW,
            name: "Vårdsamverkan Kronoberg".into(),
            short_name: "VSK2".into(),
            parent_id: None,
            county_code: None,
            numbering: NumberingRule::PerMeeting,
            description: None,
            notice_days: 21,
            logo_sha256: None,
        })
        .await
        .unwrap_err();
    assert!(matches!(again, StoreError::Duplicate { .. }));
    assert_eq!(store.bodies().await.unwrap().len(), 1);

    let new_user = NewUser {
        username: "admin".into(),
        display_name: "A".into(),
        password_hash: "h".into(),
        role: UserRole::Administrator,
        person_id: None,
    };
    store.create_user(&new_user).await.unwrap();
    assert!(matches!(
        store.create_user(&new_user).await,
        Err(StoreError::Duplicate { .. })
    ));

    assert_eq!(
        store.meeting(MeetingId(9999)).await.unwrap_err().to_string(),
        "Sammanträdet finns inte."
    );
    assert!(matches!(
        store.protocol(MeetingId(9999)).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.body(BodyId(9999)).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.item(ItemId(9999)).await,
        Err(StoreError::NotFound { .. })
    ));
    let vsk = store.bodies().await.unwrap()[0].clone();
    let unknown_person = store
        .add_membership(&Membership {
            id: MembershipId::NEW,
            body_id: vsk.id,
            person_id: PersonId(9999),
            organisation_id: None,
            role: Role::Ledamot,
            period: Period::new(date("2026-01-01"), None).unwrap(),
        })
        .await;
    assert!(
        matches!(unknown_person, Err(StoreError::MissingReference)),
        "{unknown_person:?}"
    );
    assert!(matches!(
        store.grant(GrantId(9999)).await,
        Err(StoreError::NotFound { .. })
    ));
    let orphan = Item {
        meeting_id: MeetingId(9999),
        ..Item::new(ItemNumber::paragraph(1), "Föräldralös")
    };
    assert!(matches!(
        store.add_item(&orphan).await,
        Err(StoreError::NotFound { .. })
    ));
}

pub async fn meetings_come_in_date_order_and_sub_groups_after_parents(store: &dyn Store) {
    let parent = body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    let child = body(store, "Arbetsgrupp äldre", "AGÄ", Some(parent.id)).await;
    let other = body(store, "Beredningsgruppen Blekinge", "BGB", None).await;
    let names: Vec<String> = store.bodies().await.unwrap().into_iter().map(|b| b.name).collect();
    assert_eq!(names, vec![other.name, parent.name, child.name]);

    for day in ["2026-09-04", "2026-02-06", "2026-05-15"] {
        store
            .create_meeting(&Meeting::plan(parent.id, date(day), None, None, None).unwrap())
            .await
            .unwrap();
    }
    let dates: Vec<NaiveDate> = store
        .meetings(parent.id)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.date)
        .collect();
    assert_eq!(dates, vec![date("2026-02-06"), date("2026-05-15"), date("2026-09-04")]);
    assert!(store.meetings(child.id).await.unwrap().is_empty());
    // A list's page: the second and third meeting, with what a list shows of them.
    let page = store.meeting_listings(parent.id, 1, 2).await.unwrap();
    let listed: Vec<(NaiveDate, &str)> = page.iter().map(|m| (m.date, m.status.as_str())).collect();
    assert_eq!(
        listed,
        vec![(date("2026-05-15"), "planned"), (date("2026-09-04"), "planned")]
    );
    assert!(page
        .iter()
        .all(|m| m.body_id == parent.id.0 && m.content_sha256.is_none()));
}

pub async fn dispatches_are_recorded_per_meeting(store: &dyn Store) {
    let vsk = body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    let meeting = store
        .create_meeting(&Meeting::plan(vsk.id, date("2026-04-17"), None, None, None).unwrap())
        .await
        .unwrap();
    let mut item = Item::new(ItemNumber::paragraph(3), "Ett ärende");
    item.meeting_id = meeting.id;
    let item = store.add_item(&item).await.unwrap();
    let notice = Dispatch {
        id: DispatchId::NEW,
        meeting_id: meeting.id,
        kind: DispatchKind::Notice,
        subject: "Kallelse: VSK 2026-04-17".into(),
        recipients: vec!["a@example.invalid".into(), "b@example.invalid".into()],
        sent_by: Some("sekreterare".into()),
        sent_at: at("2026-04-01T08:00:00Z"),
    };
    let extract = Dispatch {
        kind: DispatchKind::Extract { item_id: item.id },
        subject: "Protokollsutdrag".into(),
        sent_at: at("2026-04-25T08:00:00Z"),
        ..notice.clone()
    };
    let stored = store.record_dispatch(&notice).await.unwrap();
    assert!(!stored.id.is_new());
    store.record_dispatch(&extract).await.unwrap();
    let listed = store.dispatches(meeting.id).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0], stored);
    assert_eq!(listed[1].kind, DispatchKind::Extract { item_id: item.id });
}

pub async fn files_are_stored_by_their_hash(store: &dyn Store) {
    let content = b"%PDF-1.4 en liten bilaga".to_vec();
    store.put_file("ab12", "application/pdf", &content).await.unwrap();
    store.put_file("ab12", "application/pdf", &content).await.unwrap();
    assert_eq!(
        store.file("ab12").await.unwrap(),
        ("application/pdf".to_string(), content)
    );
    assert!(matches!(store.file("cd34").await, Err(StoreError::NotFound { .. })));
    store.put_file("0f", "text/plain", b"x").await.unwrap();
    assert_eq!(store.file_hashes().await.unwrap(), ["0f", "ab12"]);
    let vsk = body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    let meeting = store
        .create_meeting(&Meeting::plan(vsk.id, date("2026-03-13"), None, None, None).unwrap())
        .await
        .unwrap();
    assert_eq!(store.rendering(meeting.id, "public", "h1").await.unwrap(), None);
    store
        .put_rendering(meeting.id, "public", "h1", b"%PDF-1")
        .await
        .unwrap();
    store
        .put_rendering(meeting.id, "public", "h1", b"%PDF-2")
        .await
        .unwrap();
    assert_eq!(
        store.rendering(meeting.id, "public", "h1").await.unwrap().as_deref(),
        Some(&b"%PDF-1"[..])
    );
    assert_eq!(
        store.rendering(meeting.id, "public", "h2").await.unwrap(),
        None,
        "another content"
    );
    assert_eq!(store.rendering(meeting.id, "members", "h1").await.unwrap(), None);
    assert_eq!(
        store.locked_rendering(meeting.id, "public").await.unwrap(),
        None,
        "a rendering of an open meeting is never served as a locked one"
    );
}

pub async fn imported_protocol_comes_in_whole_or_not_at_all(store: &dyn Store) {
    let mut meeting = Meeting::plan(BodyId::NEW, date("2012-11-30"), None, None, None).unwrap();
    meeting.status = MeetingStatus::Adjusted;
    meeting.source = Some(ImportSource {
        file_name: "svom-2012-11-30.txt".into(),
        sha256: "ab".repeat(32),
        imported_at: at("2026-11-24T12:00:00Z"),
        date_basis: DateBasis::Text,
    });
    let imported = Protocol {
        body: Body {
            id: BodyId::NEW,
            name: "Sociala vård- och omsorgsgruppen".into(),
            short_name: "SVOM".into(),
            parent_id: None,
            county_code: None,
            numbering: NumberingRule::PerYear,
            description: None,
            notice_days: 21,
            logo_sha256: None,
        },
        meeting,
        items: vec![
            Item::new(ItemNumber::paragraph(51), "Omcertifiering"),
            Item::new(ItemNumber::paragraph(52), "Praktiksamordning"),
        ],
    };
    let split = CostShare {
        id: CostShareId::NEW,
        body_id: BodyId::NEW,
        decided_at_item: None,
        title: "Praktiksamordning".into(),
        total: Money::from_kronor(389_000),
        key: CostShareKey::AsDecided,
        parts: vec![
            CostSharePart {
                organisation_id: None,
                payer: "Kommunerna".into(),
                basis: None,
                amount: Money::from_kronor(207_467),
            },
            CostSharePart {
                organisation_id: None,
                payer: "Landstinget".into(),
                basis: Some("resterande belopp".into()),
                amount: Money::from_kronor(181_533),
            },
        ],
    };
    let stored = store
        .create_imported_protocol(&imported, &[], &[(1, split.clone())])
        .await
        .unwrap();
    assert_eq!(stored.body.short_name, "SVOM", "the body is created when it is new");
    assert_eq!(
        store.meeting_by_source(&"ab".repeat(32)).await.unwrap(),
        Some(stored.meeting.id),
        "found by its source's hash"
    );
    assert_eq!(store.meeting_by_source(&"cd".repeat(32)).await.unwrap(), None);
    assert!(stored.meeting.status.is_locked());
    let shares = store.cost_shares(stored.body.id).await.unwrap();
    assert_eq!(shares.len(), 1);
    assert_eq!(
        shares[0].decided_at_item,
        Some(stored.items[1].id),
        "tied to the item at its position"
    );

    // The same file again is refused, and nothing more is stored.
    let again = store
        .create_imported_protocol(&imported, &[], &[(1, split.clone())])
        .await;
    assert!(matches!(again, Err(StoreError::Duplicate { .. })), "{again:?}");
    assert_eq!(store.meetings(stored.body.id).await.unwrap().len(), 1);

    // A split that does not sum rolls the whole import back.
    let mut other = imported.clone();
    other.meeting.source.as_mut().unwrap().sha256 = "cd".repeat(32);
    let mut bad = split;
    bad.parts[1].amount = Money::from_kronor(1);
    assert!(store.create_imported_protocol(&other, &[], &[(0, bad)]).await.is_err());
    assert_eq!(store.meetings(stored.body.id).await.unwrap().len(), 1);
    assert_eq!(store.cost_shares(stored.body.id).await.unwrap().len(), 1);
}

pub async fn follow_up_answers_and_assignment_status_are_kept_beside_the_locked_protocol(store: &dyn Store) {
    let orgs = [
        kommun(store, "Växjö kommun", "0780", 92_567).await,
        kommun(store, "Ljungby kommun", "0781", 28_000).await,
        kommun(store, "Alvesta kommun", "0764", 20_000).await,
    ];
    let vsk = body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    let mut meeting = Meeting::plan(vsk.id, date("2026-02-06"), None, None, None).unwrap();
    meeting.status = MeetingStatus::Adjusted;
    let mut item = Item::new(ItemNumber::paragraph(12), "Rekommendation om hemsjukvård");
    item.recommendations = vec![Recommendation {
        text: "att anta riktlinjen".into(),
        addressees: vec![Addressee::Group {
            name: "kommunerna".into(),
        }],
    }];
    item.assignments = vec![Assignment {
        assignee: "Arbetsgruppen".into(),
        assignee_person_id: None,
        assignee_organisation_id: None,
        task: "återkomma med en plan".into(),
        due: Some(Due::Date {
            date: date("2026-04-01"),
        }),
        status: AssignmentStatus::Open,
    }];
    let mut protocol = Protocol {
        body: vsk.clone(),
        meeting,
        items: vec![item],
    };
    protocol.meeting.adjustment.content_sha256 = Some(protocol.content_sha256());
    let stored = store.create_protocol(&protocol).await.unwrap();
    let item_id = stored.items[0].id;
    // What the follow-up page reads: only items of adjusted protocols with something to follow,
    // never a confidential one or a draft's.
    let mut secret = protocol.clone();
    secret.items[0].confidential = true;
    store.create_protocol(&secret).await.unwrap();
    let mut draft = protocol.clone();
    draft.meeting.status = MeetingStatus::MinutesDrafted;
    draft.meeting.adjustment.content_sha256 = None;
    store.create_protocol(&draft).await.unwrap();
    let mut quiet = protocol.clone();
    quiet.items[0].recommendations.clear();
    quiet.items[0].assignments.clear();
    store.create_protocol(&quiet).await.unwrap();
    let followed = store.followed_items(vsk.id, None).await.unwrap();
    assert_eq!(
        followed
            .iter()
            .map(|(date, i)| (*date, i.meeting_id, i.id))
            .collect::<Vec<_>>(),
        [(stored.meeting.date, stored.meeting.id, item_id)]
    );
    // A year of the archive at a time: the meeting's year has it, the year before does not.
    let year = |y: i32| {
        Some((
            NaiveDate::from_ymd_opt(y, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(y + 1, 1, 1).unwrap(),
        ))
    };
    assert_eq!(store.followed_items(vsk.id, year(2026)).await.unwrap().len(), 1);
    assert!(store.followed_items(vsk.id, year(2025)).await.unwrap().is_empty());
    let answer = |org: &Organisation, status: ResponseStatus| RecommendationResponse {
        item_id,
        position: 0,
        organisation_id: org.id,
        status,
        board: Some("Kommunstyrelsen".into()),
        decided_on: Some(date("2026-03-10")),
        reference: Some("KS 2026/41".into()),
        recorded_at: at("2026-03-11T09:00:00Z"),
    };
    store
        .record_response(&answer(&orgs[0], ResponseStatus::Pending))
        .await
        .unwrap();
    store
        .record_response(&answer(&orgs[0], ResponseStatus::Adopted))
        .await
        .unwrap();
    store
        .record_response(&answer(&orgs[1], ResponseStatus::Rejected))
        .await
        .unwrap();
    let responses = store.responses(vsk.id, None).await.unwrap();
    assert_eq!(responses.len(), 2, "a second answer replaces the first");
    assert_eq!(store.responses(vsk.id, year(2026)).await.unwrap(), responses);
    assert!(store.responses(vsk.id, year(2027)).await.unwrap().is_empty());
    assert_eq!(responses[0], answer(&orgs[0], ResponseStatus::Adopted));
    let addressed: Vec<_> = orgs.iter().map(|o| o.id).collect();
    assert_eq!(pending_organisations(&addressed, &responses), vec![orgs[2].id]);

    let follow_up = AssignmentFollowUp {
        item_id,
        position: 0,
        status: AssignmentStatus::Reported,
        note: Some("Redovisad 2026-03-20".into()),
        updated_at: at("2026-03-20T10:00:00Z"),
    };
    store.record_assignment_follow_up(&follow_up).await.unwrap();
    assert_eq!(
        store.assignment_follow_ups(vsk.id, None).await.unwrap(),
        vec![follow_up.clone()]
    );
    assert_eq!(
        store.assignment_follow_ups(vsk.id, year(2026)).await.unwrap(),
        vec![follow_up]
    );
    assert!(store
        .assignment_follow_ups(vsk.id, year(2025))
        .await
        .unwrap()
        .is_empty());
    let after = store.protocol(stored.meeting.id).await.unwrap();
    assert_eq!(
        after.content_sha256(),
        protocol.content_sha256(),
        "following up never changes the signed text"
    );

    let unknown = RecommendationResponse {
        organisation_id: OrganisationId(9_999),
        ..answer(&orgs[0], ResponseStatus::Adopted)
    };
    assert!(
        store.record_response(&unknown).await.is_err(),
        "only real organisations answer"
    );
}

async fn account(store: &dyn Store, username: &str) -> crate::User {
    store
        .create_user(&NewUser {
            username: username.into(),
            display_name: username.into(),
            password_hash: "$argon2id$x".into(),
            role: UserRole::Member,
            person_id: None,
        })
        .await
        .unwrap()
}

pub async fn sessions_end_at_logout_password_change_and_disabling(store: &dyn Store) {
    let anna = account(store, "anna").await;
    let bo = account(store, "bo").await;
    // In the future: creating a session sweeps those expired by the clock.
    let now = at("2099-03-01T10:00:00Z");
    let later = at("2099-03-01T20:00:00Z");
    store.create_session("a1", anna.id, later).await.unwrap();
    store.create_session("a2", anna.id, later).await.unwrap();
    store.create_session("b1", bo.id, later).await.unwrap();
    assert_eq!(store.session_user("a1", now).await.unwrap(), Some(anna.clone()));
    assert_eq!(store.session_user("a1", later).await.unwrap(), None, "expired");
    assert_eq!(store.session_user("okänd", now).await.unwrap(), None);

    store.end_session("a1").await.unwrap();
    assert_eq!(store.session_user("a1", now).await.unwrap(), None, "logged out");
    assert_eq!(
        store.session_user("a2", now).await.unwrap(),
        Some(anna.clone()),
        "the other device stays"
    );

    store.set_password_hash(anna.id, "$argon2id$y").await.unwrap();
    assert_eq!(
        store.session_user("a2", now).await.unwrap(),
        None,
        "a new password ends every session"
    );
    assert_eq!(
        store.user_by_username("anna").await.unwrap().unwrap().password_hash,
        "$argon2id$y"
    );

    store.set_user_disabled(bo.id, true).await.unwrap();
    assert_eq!(store.session_user("b1", now).await.unwrap(), None);
    assert!(store.user_by_username("bo").await.unwrap().unwrap().disabled);
    store.create_session("b2", bo.id, later).await.unwrap();
    assert_eq!(
        store.session_user("b2", now).await.unwrap(),
        None,
        "no session for a disabled user"
    );
    store.set_user_disabled(bo.id, false).await.unwrap();
    assert_eq!(
        store.session_user("b2", now).await.unwrap().map(|u| u.username),
        Some("bo".to_string())
    );
    assert_eq!(store.end_sessions_of(bo.id).await.unwrap(), 1);
    assert_eq!(
        store
            .users()
            .await
            .unwrap()
            .iter()
            .map(|u| u.username.as_str())
            .collect::<Vec<_>>(),
        ["anna", "bo"]
    );
    assert!(matches!(
        store.set_user_disabled(UserId(9999), true).await,
        Err(StoreError::NotFound { .. })
    ));
}

pub async fn login_failures_count_per_key_and_start_anew_after_the_window(store: &dyn Store) {
    let t0 = at("2026-03-01T10:00:00Z");
    let t1 = at("2026-03-01T10:00:30Z");
    let t2 = at("2026-03-01T11:00:00Z");
    let window_start = at("2026-03-01T09:45:00Z");
    assert_eq!(store.login_failures("user:anna").await.unwrap(), None);
    assert_eq!(
        store.record_login_failure("user:anna", t0, window_start).await.unwrap(),
        1
    );
    assert_eq!(
        store.record_login_failure("user:anna", t1, window_start).await.unwrap(),
        2
    );
    assert_eq!(
        store
            .record_login_failure("addr:10.0.0.1", t1, window_start)
            .await
            .unwrap(),
        1
    );
    assert_eq!(store.login_failures("user:anna").await.unwrap(), Some((2, t1)));
    // Long after the last failure the count starts again.
    assert_eq!(
        store
            .record_login_failure("user:anna", t2, at("2026-03-01T10:45:00Z"))
            .await
            .unwrap(),
        1
    );
    store.clear_login_failures("user:anna").await.unwrap();
    assert_eq!(store.login_failures("user:anna").await.unwrap(), None);
    assert_eq!(store.login_failures("addr:10.0.0.1").await.unwrap(), Some((1, t1)));
}

pub async fn the_notice_board_holds_a_protocol_for_its_posting_period_and_counts_are_sql(store: &dyn Store) {
    let vsk = store
        .create_body(&Body {
            id: BodyId::NEW,
            name: "Vårdsamverkan Kronoberg".into(),
            short_name: "VSK".into(),
            parent_id: None,
            county_code: None,
            numbering: NumberingRule::PerYear,
            description: None,
            notice_days: 14,
            logo_sha256: None,
        })
        .await
        .unwrap();
    assert_eq!(
        store.body(vsk.id).await.unwrap().notice_days,
        14,
        "the body's own period"
    );
    let other = body(store, "Ett annat organ", "AAO", None).await;
    let mut posted = Meeting::plan(vsk.id, date("2026-03-13"), None, None, None).unwrap();
    posted.status = MeetingStatus::Published;
    posted.publication = Some(vsk.notice_from(date("2026-03-20")));
    let posted = store.create_meeting(&posted).await.unwrap();
    store
        .create_meeting(&Meeting::plan(vsk.id, date("2026-05-13"), None, None, None).unwrap())
        .await
        .unwrap();
    store
        .create_meeting(&Meeting::plan(other.id, date("2026-05-13"), None, None, None).unwrap())
        .await
        .unwrap();
    let up = |day: &'static str| async move {
        let notices = store.notices_up(date(day), 50).await.unwrap();
        notices.iter().map(|m| m.id).collect::<Vec<_>>()
    };
    assert!(up("2026-03-19").await.is_empty(), "not before it is posted");
    assert_eq!(up("2026-03-20").await, [posted.id]);
    assert_eq!(up("2026-04-03").await, [posted.id], "the last day of 14");
    assert!(up("2026-04-04").await.is_empty(), "then it is in the archive");
    assert_eq!(store.meeting_counts().await.unwrap(), [(vsk.id, 2), (other.id, 1)]);
    assert_eq!(
        store.meeting_date_range(vsk.id).await.unwrap(),
        Some((date("2026-03-13"), date("2026-05-13")))
    );
    let body_without = body(store, "Tomt organ", "TO", None).await;
    assert_eq!(store.meeting_date_range(body_without.id).await.unwrap(), None);
    let between = |from: &'static str, until: &'static str, offset, limit| async move {
        let meetings = store
            .meetings_between(vsk.id, date(from), date(until), offset, limit)
            .await
            .unwrap();
        meetings.iter().map(|m| m.date.to_string()).collect::<Vec<_>>()
    };
    assert_eq!(
        between("2026-01-01", "2027-01-01", 0, 10).await,
        ["2026-03-13", "2026-05-13"]
    );
    assert_eq!(
        between("2026-01-01", "2026-05-13", 0, 10).await,
        ["2026-03-13"],
        "until is exclusive"
    );
    assert_eq!(between("2026-01-01", "2027-01-01", 1, 10).await, ["2026-05-13"]);
    assert_eq!(between("2026-01-01", "2027-01-01", 0, 1).await, ["2026-03-13"]);
    assert!(matches!(
        store
            .create_body(&Body {
                name: "Utan anslagstid".into(),
                short_name: "UA".into(),
                notice_days: 0,
                logo_sha256: None,
                ..vsk.clone()
            })
            .await,
        Err(StoreError::Domain(DomainError::NoticeDays(0)))
    ));
}

pub async fn items_stand_in_number_order_and_a_number_is_used_once_in_its_series(store: &dyn Store) {
    let vsk = body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    let plan = |day: &str| Meeting::plan(vsk.id, date(day), None, None, None).unwrap();
    let february = store.create_meeting(&plan("2026-02-06")).await.unwrap();
    let april = store.create_meeting(&plan("2026-04-10")).await.unwrap();
    let next_year = store.create_meeting(&plan("2027-02-05")).await.unwrap();
    let add = |meeting: MeetingId, number: &str, title: &str| {
        let item = Item {
            meeting_id: meeting,
            position: 99,
            ..Item::new(ItemNumber::parse(number).unwrap(), title)
        };
        async move { store.add_item(&item).await }
    };
    for (number, title) in [("1", "Öppnande"), ("2", "Dagordning"), ("4", "Budget")] {
        add(february.id, number, title).await.unwrap();
    }
    // Added last, § 3 still stands between § 2 and § 4.
    add(february.id, "3", "Hemsjukvård").await.unwrap();
    let numbers = |items: Vec<Item>| items.iter().map(|i| i.number.to_string()).collect::<Vec<_>>();
    assert_eq!(numbers(store.items(february.id).await.unwrap()), ["1", "2", "3", "4"]);

    // The year is one series: April may not use § 2 again, the next year may.
    let refused = add(april.id, "§ 2", "Dubblett").await.unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("§ 2 används redan i protokollet 2026-02-06"),
        "{refused}"
    );
    assert!(store.items(april.id).await.unwrap().is_empty(), "nothing was stored");
    add(next_year.id, "2", "Nytt år").await.unwrap();
    let fifth = add(april.id, "5", "Uppföljning").await.unwrap();

    // Renumbering into a used number is refused too; into a free one moves it in the order.
    let mut moved = store.items(february.id).await.unwrap().remove(3);
    moved.number = ItemNumber::parse("5").unwrap();
    assert!(matches!(
        store.update_item(&moved).await,
        Err(StoreError::Domain(DomainError::NumberTaken { .. }))
    ));
    moved.number = ItemNumber::parse("1 a").unwrap();
    store.update_item(&moved).await.unwrap();
    assert_eq!(numbers(store.items(february.id).await.unwrap()), ["1", "1 a", "2", "3"]);

    // An item moved to another meeting of the series takes its place there by number.
    let mut carried = store.items(february.id).await.unwrap().remove(3);
    carried.meeting_id = april.id;
    carried.number = ItemNumber::parse("6").unwrap();
    store.update_item(&carried).await.unwrap();
    assert_eq!(numbers(store.items(april.id).await.unwrap()), ["5", "6"]);
    assert_eq!(numbers(store.items(february.id).await.unwrap()), ["1", "1 a", "2"]);

    let series = store.series(april.id).await.unwrap();
    assert_eq!(series.len(), 5, "the year's items, not the next year's");
    assert_eq!(suggest_number(april.id, april.date, &series), ItemNumber::paragraph(7));
    assert!(series.iter().any(|n| n.item == fifth.id && n.date == april.date));

    // Two secretaries adding the same number at once: exactly one gets it.
    let racing: Vec<Pending<'_, crate::Result<Item>>> = vec![
        Box::pin(add(april.id, "8", "Först")),
        Box::pin(add(april.id, "8", "Samtidigt")),
    ];
    let results = join_all(racing).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    assert_eq!(store.items(april.id).await.unwrap().len(), 3);
}

pub async fn a_meeting_is_moved_or_deleted_until_it_goes_out_for_adjustment(store: &dyn Store) {
    let vsk = body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    let plan = |day: &str| Meeting::plan(vsk.id, date(day), None, None, None).unwrap();
    let december = store.create_meeting(&plan("2026-12-04")).await.unwrap();
    let january = store.create_meeting(&plan("2027-01-22")).await.unwrap();
    for (meeting, number) in [(december.id, "1"), (january.id, "1")] {
        store
            .add_item(&Item {
                meeting_id: meeting,
                ..Item::new(ItemNumber::parse(number).unwrap(), "Mötet öppnas")
            })
            .await
            .unwrap();
    }
    // Moved into January's year, December's § 1 would be used twice: refused, nothing moved.
    let mut moved = december.clone();
    moved
        .reschedule(date("2027-02-05"), Some(time(13, 0)), None, Some("Rum 2".into()), None)
        .unwrap();
    assert!(matches!(
        store.update_meeting(&moved).await,
        Err(StoreError::Domain(DomainError::NumberTaken { .. }))
    ));
    assert_eq!(store.meeting(december.id).await.unwrap().date, december.date);
    let mut moved = december.clone();
    moved
        .reschedule(date("2026-12-11"), None, None, Some("Rum 2".into()), None)
        .unwrap();
    let moved = store.update_meeting(&moved).await.unwrap();
    assert_eq!(
        (moved.date, moved.place.as_deref()),
        (date("2026-12-11"), Some("Rum 2"))
    );

    // A follow-up in January of December's item keeps December from being deleted.
    let december_item = store.items(december.id).await.unwrap().remove(0);
    let follow_up = store
        .add_item(&Item {
            meeting_id: january.id,
            follows_up: Some(december_item.id),
            ..Item::new(ItemNumber::paragraph(2), "Uppföljning")
        })
        .await
        .unwrap();
    assert!(matches!(
        store.delete_meeting(december.id, moved.version).await,
        Err(StoreError::Domain(DomainError::MeetingReferenced))
    ));
    store.delete_item(follow_up.id, follow_up.version).await.unwrap();
    assert!(matches!(
        store.delete_meeting(december.id, december.version).await,
        Err(StoreError::Conflict)
    ));
    store.delete_meeting(december.id, moved.version).await.unwrap();
    assert!(matches!(
        store.meeting(december.id).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.item(december_item.id).await,
        Err(StoreError::NotFound { .. })
    ));
    let changes = store.search_changes(0, 1000).await.unwrap();
    assert_eq!(changes.last().map(|c| c.1), Some(december.id), "search is told");

    // Once out for adjustment, a meeting stays.
    let mut out = january.clone();
    for status in [
        MeetingStatus::Held,
        MeetingStatus::MinutesDrafted,
        MeetingStatus::SentForAdjustment,
    ] {
        out.transition(status, None, at("2027-01-22T12:00:00Z")).unwrap();
    }
    let out = store.update_meeting(&out).await.unwrap();
    assert!(matches!(
        store.delete_meeting(out.id, out.version).await,
        Err(StoreError::Domain(DomainError::MeetingNotDeletable(
            MeetingStatus::SentForAdjustment
        )))
    ));
    assert!(store.meeting(out.id).await.is_ok());
}

pub async fn a_persons_start_page_reads_only_what_concerns_them(store: &dyn Store) {
    let vsk = body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    let other = body(store, "Ett annat organ", "AAO", None).await;
    let vaxjo = kommun(store, "Växjö kommun", "0780", 97_000).await;
    let alvesta = kommun(store, "Alvesta kommun", "0764", 20_000).await;
    let mia = person(store, "Mia Medlem").await;
    let membership = store
        .add_membership(&Membership {
            id: MembershipId::NEW,
            body_id: vsk.id,
            person_id: mia.id,
            organisation_id: Some(vaxjo.id),
            role: Role::Ledamot,
            period: Period::new(date("2026-01-01"), None).unwrap(),
        })
        .await
        .unwrap();
    assert_eq!(store.memberships_of(mia.id).await.unwrap(), [membership]);

    // An adjusted protocol: an assignment to Mia, one to Alvesta long overdue, a recommendation
    // to Växjö and one to Alvesta only.
    let to = |organisation: &Organisation| Addressee::Organisation {
        organisation_id: organisation.id,
        name: organisation.name.clone(),
    };
    let assignment = |assignee: &str, person: Option<PersonId>, organisation: Option<OrganisationId>| Assignment {
        assignee: assignee.into(),
        assignee_person_id: person,
        assignee_organisation_id: organisation,
        task: format!("Uppdrag till {assignee}"),
        due: Some(Due::Date {
            date: date("2026-04-01"),
        }),
        status: AssignmentStatus::Open,
    };
    let mut first = Item::new(ItemNumber::paragraph(1), "Till Mia och Växjö");
    first.assignments = vec![assignment("Mia Medlem", Some(mia.id), None)];
    first.recommendations = vec![Recommendation {
        text: "att anta rutinen".into(),
        addressees: vec![to(&vaxjo)],
    }];
    let mut second = Item::new(ItemNumber::paragraph(2), "Till Alvesta");
    second.position = 1;
    second.assignments = vec![assignment("Alvesta kommun", None, Some(alvesta.id))];
    second.recommendations = vec![Recommendation {
        text: "att se över avtalet".into(),
        addressees: vec![to(&alvesta)],
    }];
    let mut meeting = Meeting::plan(vsk.id, date("2026-02-06"), None, None, None).unwrap();
    meeting.status = MeetingStatus::Adjusted;
    let mut protocol = Protocol {
        body: vsk.clone(),
        meeting,
        items: vec![first, second],
    };
    protocol.meeting.adjustment.content_sha256 = Some(protocol.content_sha256());
    let adjusted = store.create_protocol(&protocol).await.unwrap();
    let titles = |pairs: Vec<(Meeting, Item)>| pairs.into_iter().map(|(_, i)| i.title).collect::<Vec<_>>();
    assert_eq!(
        titles(store.assignments_to(mia.id, &[], 10).await.unwrap()),
        ["Till Mia och Växjö"]
    );
    assert_eq!(
        titles(store.assignments_to(mia.id, &[alvesta.id], 10).await.unwrap()),
        ["Till Mia och Växjö", "Till Alvesta"]
    );
    assert_eq!(
        titles(store.recommendations_to(vaxjo.id, 10).await.unwrap()),
        ["Till Mia och Växjö"]
    );
    assert_eq!(
        titles(store.recommendations_to(alvesta.id, 10).await.unwrap()),
        ["Till Alvesta"]
    );
    let overdue = store
        .overdue_assignments(&[vsk.id], date("2026-05-01"), 10)
        .await
        .unwrap();
    assert_eq!(overdue.len(), 2);
    assert_eq!(overdue[0].0.id, adjusted.meeting.id);
    assert!(store
        .overdue_assignments(&[vsk.id], date("2026-03-01"), 10)
        .await
        .unwrap()
        .is_empty());
    assert!(store
        .overdue_assignments(&[other.id], date("2026-05-01"), 10)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(store.unpublished(&[vsk.id], 10).await.unwrap().len(), 1);

    // Coming meetings: from the day on, not cancelled, of the person's bodies only.
    let plan = |body: BodyId, day: &str| Meeting::plan(body, date(day), None, None, None).unwrap();
    let coming = store.create_meeting(&plan(vsk.id, "2026-12-11")).await.unwrap();
    let mut called_off = plan(vsk.id, "2026-12-18");
    called_off
        .transition(MeetingStatus::Cancelled, None, at("2026-12-01T10:00:00Z"))
        .unwrap();
    store.create_meeting(&called_off).await.unwrap();
    store.create_meeting(&plan(other.id, "2026-12-12")).await.unwrap();
    let ids: Vec<MeetingId> = store
        .coming_meetings(&[vsk.id], date("2026-12-02"), 10)
        .await
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(ids, [coming.id]);
    assert!(store
        .coming_meetings(&[], date("2026-12-02"), 10)
        .await
        .unwrap()
        .is_empty());
}

pub async fn grants_and_agreements_grow_a_row_at_a_time(store: &dyn Store) {
    let vsk = body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    let vaxjo = kommun(store, "Växjö kommun", "0780", 97_000).await;
    let grant = store
        .create_grant(&Grant {
            id: GrantId::NEW,
            body_id: vsk.id,
            name: "Psykisk hälsa".into(),
            year: 2026,
            total: Some(Money::from_kronor(1_000_000)),
            allocations: vec![],
        })
        .await
        .unwrap();
    let row = |amount: i64, code: &str| Allocation {
        decided_on: Some(date("2026-03-13")),
        decided_at_item: None,
        purpose: Some("Utbildning".into()),
        amount: Money::from_kronor(amount),
        activity_code: Some(code.into()),
        recipient: Some("Växjö kommun".into()),
        comment: None,
        carry_over: None,
        carry_over_from_year: None,
        carry_over_activity_code: None,
    };
    // Two rows added at once both stay.
    let (first, second) = (row(200_000, "A1"), row(50_000, "B2"));
    let racing: Vec<Pending<'_, crate::Result<Grant>>> = vec![
        Box::pin(store.add_allocation(grant.id, &first)),
        Box::pin(store.add_allocation(grant.id, &second)),
    ];
    for result in join_all(racing).await {
        result.unwrap();
    }
    let stored = store.grant(grant.id).await.unwrap();
    assert_eq!(stored.allocations.len(), 2);
    assert_eq!(stored.allocated_total(), Money::from_kronor(250_000));
    let negative = store.add_allocation(grant.id, &row(-1, "A1")).await;
    assert!(matches!(negative, Err(StoreError::Domain(_))), "{negative:?}");
    assert_eq!(
        store.grant(grant.id).await.unwrap().allocations.len(),
        2,
        "nothing stored"
    );

    let agreement = store
        .create_agreement(&Agreement {
            id: AgreementId::NEW,
            body_id: vsk.id,
            title: "Gemensam hjälpmedelsverksamhet".into(),
            parties: vec![vaxjo.id],
            period: Period::new(date("2024-01-01"), Some(date("2026-12-31"))).unwrap(),
            extensions: vec![],
            parameters: vec![],
            yearly_duty: None,
            yearly_duty_month: None,
        })
        .await
        .unwrap();
    let extended = store
        .extend_agreement(
            agreement.id,
            &AgreementExtension {
                until: date("2028-12-31"),
                decided_at_item: None,
                note: Some("Förlängd två år".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(extended.effective_end(), Some(date("2028-12-31")));
    let backwards = store
        .extend_agreement(
            agreement.id,
            &AgreementExtension {
                until: date("2023-01-01"),
                decided_at_item: None,
                note: None,
            },
        )
        .await;
    assert!(matches!(
        backwards,
        Err(StoreError::Domain(DomainError::PeriodEndsBeforeStart { .. }))
    ));
    let priced = store
        .add_agreement_parameter(
            agreement.id,
            &YearlyParameter {
                year: 2027,
                name: "Timpris".into(),
                value: "650".into(),
                unit: Some("kr".into()),
                decided_at_item: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(priced.parameters.len(), 1);
    assert_eq!(priced.extensions.len(), 1);
}

pub async fn every_record_knows_when_it_was_made_and_last_changed(store: &dyn Store) {
    use crate::RecordKind;
    let vsk = body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    let meeting = store
        .create_meeting(&Meeting::plan(vsk.id, date("2026-03-13"), None, None, None).unwrap())
        .await
        .unwrap();
    let item = store
        .add_item(&Item {
            meeting_id: meeting.id,
            ..Item::new(ItemNumber::paragraph(1), "Mötet öppnas")
        })
        .await
        .unwrap();
    let made = store.record_times(RecordKind::Item, &[item.id.0]).await.unwrap();
    assert_eq!(made.len(), 1);
    let (id, times) = made[0];
    assert_eq!(id, item.id.0);
    assert!(times.modified >= times.created);
    let age = Utc::now() - times.created;
    assert!(age.num_seconds().abs() < 3600, "made now, not at some default: {age}");
    store
        .update_item(&Item {
            title: "Sammanträdets öppnande".into(),
            ..item.clone()
        })
        .await
        .unwrap();
    let changed = store.record_times(RecordKind::Item, &[item.id.0]).await.unwrap()[0].1;
    assert_eq!(changed.created, times.created, "the making stays");
    assert!(changed.modified >= times.modified);
    for kind in [RecordKind::Body, RecordKind::Meeting] {
        let id = if kind == RecordKind::Body {
            vsk.id.0
        } else {
            meeting.id.0
        };
        assert_eq!(store.record_times(kind, &[id]).await.unwrap().len(), 1, "{kind:?}");
    }
    assert!(store.record_times(RecordKind::Person, &[]).await.unwrap().is_empty());
}

pub async fn a_deleted_meeting_or_item_leaves_a_tombstone_and_changes_are_found_since_a_time(store: &dyn Store) {
    use crate::{Change, RecordKind};
    let vsk = body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    let other = body(store, "Länsstyrgruppen", "LSG", None).await;
    let plan = |body: BodyId, day: &str| Meeting::plan(body, date(day), None, None, None).unwrap();
    let kept = store.create_meeting(&plan(vsk.id, "2026-03-13")).await.unwrap();
    let dropped = store.create_meeting(&plan(vsk.id, "2026-04-17")).await.unwrap();
    let elsewhere = store.create_meeting(&plan(other.id, "2026-03-13")).await.unwrap();
    let add = |meeting: MeetingId, n: u32, title: &str| {
        let item = Item {
            meeting_id: meeting,
            ..Item::new(ItemNumber::paragraph(n), title)
        };
        async move { store.add_item(&item).await.unwrap() }
    };
    let opening = add(kept.id, 1, "Mötet öppnas").await;
    let dropped_item = add(dropped.id, 2, "Mötet öppnas").await;
    add(elsewhere.id, 1, "Mötet öppnas").await;
    // Times are compared as the database keeps them (SQLite: whole seconds), so the test
    // asks from well before and from after, rather than waiting for a clock.
    let since = Utc::now() - chrono::Duration::minutes(5);
    let later = Utc::now() + chrono::Duration::minutes(5);
    let current = store.meeting(dropped.id).await.unwrap();
    store.delete_meeting(dropped.id, current.version).await.unwrap();
    let fresh = store.item(opening.id).await.unwrap();
    store.delete_item(fresh.id, fresh.version).await.unwrap();

    let gone = store
        .deletion(RecordKind::Meeting, dropped.id.0)
        .await
        .unwrap()
        .expect("a tombstone");
    assert_eq!(gone.parent_id, vsk.id.0);
    assert!(gone.deleted >= since && gone.deleted <= later);
    let item_gone = store
        .deletion(RecordKind::Item, dropped_item.id.0)
        .await
        .unwrap()
        .expect("its item's too");
    assert_eq!(item_gone.parent_id, dropped.id.0);
    assert!(store.deletion(RecordKind::Item, opening.id.0).await.unwrap().is_some());
    assert!(
        store.deletion(RecordKind::Meeting, kept.id.0).await.unwrap().is_none(),
        "not deleted"
    );
    assert!(
        store.deletion(RecordKind::Body, vsk.id.0).await.unwrap().is_none(),
        "not a kind it logs"
    );

    // Since then: the meeting that lost an item, and the deleted meeting, by id; not the other
    // body's; and nothing after now.
    let changes = store.changes_since(vsk.id, since, 0, 100).await.unwrap();
    let seen: Vec<(i64, bool)> = changes
        .iter()
        .map(|c| match c {
            Change::Changed(m) => (m.id.0, false),
            Change::Deleted(d) => (d.id, true),
        })
        .collect();
    assert_eq!(seen, vec![(kept.id.0, false), (dropped.id.0, true)]);
    // Paged over both together.
    let second = store.changes_since(vsk.id, since, 1, 1).await.unwrap();
    assert!(matches!(&second[..], [Change::Deleted(d)] if d.id == dropped.id.0));
    assert_eq!(store.changes_since(other.id, since, 0, 100).await.unwrap().len(), 1);
    assert!(store.changes_since(vsk.id, later, 0, 100).await.unwrap().is_empty());
}

pub async fn a_bodys_people_and_open_meetings_are_read_for_the_body_alone(store: &dyn Store) {
    let vsk = body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    let other = body(store, "Ett annat organ", "AAO", None).await;
    let (bo, ada, cia) = (
        person(store, "Bo Berg").await,
        person(store, "Ada Ask").await,
        person(store, "Cia Ceder").await,
    );
    person(store, "Dan Utan Uppdrag").await;
    for (body, person, start, end) in [
        (vsk.id, &bo, "2026-01-01", None),
        (vsk.id, &ada, "2020-01-01", Some("2022-12-31")),
        (other.id, &cia, "2026-01-01", None),
    ] {
        store
            .add_membership(&Membership {
                id: MembershipId::NEW,
                body_id: body,
                person_id: person.id,
                organisation_id: None,
                role: Role::Ledamot,
                period: Period::new(date(start), end.map(date)).unwrap(),
            })
            .await
            .unwrap();
    }
    // Members past and present, by name; nobody of another body or of none.
    let names: Vec<String> = store
        .persons_in(vsk.id)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["Ada Ask", "Bo Berg"]);

    let plan = |body: BodyId, day: &str| Meeting::plan(body, date(day), None, None, None).unwrap();
    store.create_meeting(&plan(vsk.id, "2026-03-13")).await.unwrap();
    let next = store.create_meeting(&plan(vsk.id, "2026-05-22")).await.unwrap();
    let mut called_off = plan(vsk.id, "2026-06-12");
    called_off
        .transition(MeetingStatus::Cancelled, None, at("2026-06-01T10:00:00Z"))
        .unwrap();
    store.create_meeting(&called_off).await.unwrap();
    let autumn = store.create_meeting(&plan(vsk.id, "2026-09-18")).await.unwrap();
    store.create_meeting(&plan(other.id, "2026-04-17")).await.unwrap();
    let after = |day: &str, limit: i64| {
        let day = date(day);
        async move {
            let found = store.open_meetings_after(vsk.id, day, limit).await.unwrap();
            found.into_iter().map(|m| m.id).collect::<Vec<_>>()
        }
    };
    assert_eq!(
        after("2026-03-13", 10).await,
        [next.id, autumn.id],
        "after the day, open, by date"
    );
    assert_eq!(after("2026-03-13", 1).await, [next.id]);
    assert!(after("2026-09-18", 10).await.is_empty());

    // What may come back on the agenda of the autumn meeting: the tabled item and the one with
    // an assignment, not the decided or the confidential one; and the latest earlier meeting,
    // with nothing of its own.
    let add = |meeting: MeetingId, n: u32, title: &str, tabled: bool, assigned: bool, confidential: bool| {
        let mut item = Item::new(ItemNumber::paragraph(n), title);
        item.meeting_id = meeting;
        item.confidential = confidential;
        item.outcome = Some(if tabled {
            ItemOutcome::Tabled { until: None }
        } else {
            ItemOutcome::Decided
        });
        if assigned {
            item.assignments = vec![Assignment {
                assignee: "Bo Berg".into(),
                assignee_person_id: Some(bo.id),
                assignee_organisation_id: None,
                task: "Återkomma med ett förslag".into(),
                due: Some(Due::NextMeeting),
                status: AssignmentStatus::Open,
            }];
        }
        async move { store.add_item(&item).await.unwrap() }
    };
    let spring = store.meetings(vsk.id).await.unwrap()[0].clone();
    let tabled = add(spring.id, 1, "Bordlagt ärende", true, false, false).await;
    add(spring.id, 2, "Beslutat ärende", false, false, false).await;
    let assigned = add(spring.id, 3, "Ärende med uppdrag", false, true, false).await;
    add(spring.id, 4, "Sekretessbelagt bordlagt", true, false, true).await;
    add(next.id, 5, "Beslutat i maj", false, false, false).await;
    let returning = store.returning_items(vsk.id, date("2026-09-18")).await.unwrap();
    let seen: Vec<(MeetingId, Vec<ItemId>)> = returning
        .iter()
        .map(|(m, items)| (m.id, items.iter().map(|i| i.id).collect()))
        .collect();
    // The cancelled June meeting is the latest earlier one.
    let june = store
        .meetings(vsk.id)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.status == MeetingStatus::Cancelled)
        .unwrap();
    assert_eq!(seen, vec![(spring.id, vec![tabled.id, assigned.id]), (june.id, vec![])]);
    assert!(store
        .returning_items(vsk.id, date("2026-03-13"))
        .await
        .unwrap()
        .is_empty());

    // Whole protocols of several meetings at once, in the order asked, each with its own items.
    let protocols = store
        .protocols(&[next.id, spring.id, MeetingId(999_999)])
        .await
        .unwrap();
    let shape: Vec<(MeetingId, Vec<String>)> = protocols
        .iter()
        .map(|p| (p.meeting.id, p.items.iter().map(|i| i.title.clone()).collect()))
        .collect();
    let spring_titles = [
        "Bordlagt ärende",
        "Beslutat ärende",
        "Ärende med uppdrag",
        "Sekretessbelagt bordlagt",
    ];
    assert_eq!(
        shape,
        vec![
            (next.id, vec!["Beslutat i maj".to_string()]),
            (spring.id, spring_titles.map(String::from).to_vec()),
        ]
    );
    assert_eq!(protocols[1].items, store.protocol(spring.id).await.unwrap().items);
    assert!(protocols.iter().all(|p| p.body.id == vsk.id));
    assert!(store.protocols(&[]).await.unwrap().is_empty());
}

pub async fn an_upload_awaits_review_until_it_is_stored_once_as_history(store: &dyn Store) {
    let vsk = body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    let other = body(store, "Länsstyrgruppen", "LSG", None).await;
    let sha256 = "ef".repeat(32);
    store
        .put_file(&sha256, "text/plain; charset=utf-8", b"Protokoll")
        .await
        .unwrap();
    let upload = PendingImport {
        id: 0,
        body_id: vsk.id,
        version: 0,
        file_name: "protokoll-2009.txt".into(),
        source_sha256: sha256.clone(),
        uploaded_by: "sekreterare".into(),
        uploaded_at: at("2026-12-02T08:00:00Z"),
        corrections: "{}".into(),
    };
    let pending = store.add_pending_import(&upload).await.unwrap();
    assert_eq!(pending.version, 1);
    let again = store.add_pending_import(&upload).await;
    assert!(matches!(again, Err(StoreError::Duplicate { .. })), "{again:?}");
    assert_eq!(
        store.pending_imports(vsk.id, 10).await.unwrap(),
        std::slice::from_ref(&pending)
    );
    assert!(
        store.pending_imports(other.id, 10).await.unwrap().is_empty(),
        "listed per body"
    );

    // Corrections are saved on the version they were made on.
    let corrected = store
        .correct_pending_import(pending.id, 1, r#"{"date":"2009-03-05"}"#)
        .await
        .unwrap();
    assert_eq!(corrected.version, 2);
    let stale = store.correct_pending_import(pending.id, 1, "{}").await;
    assert!(matches!(stale, Err(StoreError::Conflict)), "{stale:?}");

    let mut meeting = Meeting::plan(BodyId::NEW, date("2009-03-05"), None, None, None).unwrap();
    meeting.status = MeetingStatus::Adjusted;
    meeting.source = Some(ImportSource {
        file_name: upload.file_name.clone(),
        sha256: sha256.clone(),
        imported_at: at("2026-12-02T08:10:00Z"),
        date_basis: DateBasis::Given,
    });
    let protocol = Protocol {
        body: vsk.clone(),
        meeting,
        items: vec![Item::new(ItemNumber::paragraph(1), "Mötets öppnande")],
    };
    let stale = store.complete_pending_import(pending.id, 1, &protocol, &[], &[]).await;
    assert!(matches!(stale, Err(StoreError::Conflict)), "{stale:?}");
    let stored = store
        .complete_pending_import(pending.id, 2, &protocol, &[], &[])
        .await
        .unwrap();
    assert_eq!(stored.body.id, vsk.id, "stored in the body it was uploaded to");
    assert!(store.pending_imports(vsk.id, 10).await.unwrap().is_empty());
    let twice = store.complete_pending_import(pending.id, 2, &protocol, &[], &[]).await;
    assert!(matches!(twice, Err(StoreError::NotFound { .. })), "{twice:?}");
    // Once imported, the same file cannot wait for review again.
    let reupload = store.add_pending_import(&upload).await;
    assert!(matches!(reupload, Err(StoreError::Duplicate { .. })), "{reupload:?}");
}

pub async fn a_change_for_search_wakes_the_followers_where_the_backend_can_signal(store: &dyn Store) {
    let Some(mut signal) = store.change_signal().await.unwrap() else {
        assert_eq!(
            store.backend(),
            "sqlite",
            "only SQLite goes without, and its followers poll"
        );
        return;
    };
    let vsk = body(store, "Vårdsamverkan Kronoberg", "VSK", None).await;
    let meeting = store
        .create_meeting(&Meeting::plan(vsk.id, date("2026-05-08"), None, None, None).unwrap())
        .await
        .unwrap();
    let mut item = Item::new(ItemNumber::paragraph(1), "Mötets öppnande");
    item.meeting_id = meeting.id;
    store.add_item(&item).await.unwrap();
    // A deadline, not a pause: the notification arrives as soon as the write commits.
    let woken = tokio::time::timeout(std::time::Duration::from_secs(10), signal.recv()).await;
    assert_eq!(woken, Ok(Some(())), "the write was signalled");
}
