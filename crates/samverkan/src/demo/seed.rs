//! Writes the demo data into a store, using the domain's own rules: § numbers from the body's
//! numbering rule, the meeting life cycle, adjustment with a content hash, exact cost splits.

use anyhow::{Context, Result};
use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use samverkan_domain::*;
use samverkan_storage::{NewUser, Store, UserRole};

use super::content::{Topic, TopicKind, FIRST_NAMES, LAST_NAMES, TOPICS};
use super::registers::{agreement, cost_share, grant};
use crate::database::cause;
use samverkan_reference::{kommun_organisation as kommun, region_organisation as region};

/// The password of every demo account; the demo is for trying Samverkan out, never for real data.
pub const DEMO_PASSWORD: &str = "samverkan-demo";

/// The demo accounts in RSK and what they may do there.
pub const DEMO_USERS: [(&str, &str); 4] = [
    ("admin", "administratör"),
    ("sekreterare", "sekreterare i RSK"),
    ("ordforande", "ordförande i RSK"),
    ("ledamot", "ledamot i RSK och justerare"),
];

/// What the demo created.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub bodies: usize,
    pub meetings: usize,
    pub items: usize,
}

/// A county's member organisations: the region first, then its municipalities.
pub(super) struct Members {
    pub region: Organisation,
    pub kommuner: Vec<Organisation>,
}

/// The people of one body: chair, one ledamot per kommun, secretary.
struct People {
    chair: Person,
    members: Vec<(Person, Organisation)>,
    secretary: Person,
}

/// One meeting of the demo year: its date, how far it got, and which topics it took up.
struct MeetingPlan {
    date: &'static str,
    status: MeetingStatus,
    topics: &'static [usize],
    confidential_item: bool,
    tabled_item: bool,
}

const fn plan(date: &'static str, status: MeetingStatus, topics: &'static [usize]) -> MeetingPlan {
    MeetingPlan {
        date,
        status,
        topics,
        confidential_item: false,
        tabled_item: false,
    }
}

use MeetingStatus::*;

const KRONOBERG_YEAR: [MeetingPlan; 8] = [
    plan("2026-01-23", Published, &[0, 5]),
    MeetingPlan {
        confidential_item: true,
        ..plan("2026-03-20", Published, &[1])
    },
    plan("2026-05-22", Published, &[2, 3]),
    MeetingPlan {
        tabled_item: true,
        ..plan("2026-09-18", Adjusted, &[6])
    },
    plan("2026-10-23", SentForAdjustment, &[7]),
    plan("2026-11-20", MinutesDrafted, &[4, 7]),
    plan("2026-12-11", NoticeSent, &[7, 5]),
    plan("2027-01-29", Planned, &[0]),
];

const CHILDREN_GROUP_YEAR: [MeetingPlan; 3] = [
    plan("2026-04-15", Published, &[5]),
    plan("2026-09-09", Cancelled, &[]),
    plan("2026-11-04", Held, &[0]),
];

const VASTMANLAND_YEAR: [MeetingPlan; 5] = [
    plan("2026-02-12", Published, &[1, 0]),
    plan("2026-06-11", Published, &[3, 2]),
    MeetingPlan {
        confidential_item: true,
        ..plan("2026-10-08", Adjusted, &[4])
    },
    plan("2026-11-26", NoticeSent, &[6]),
    plan("2026-12-17", Planned, &[7]),
];

/// Creates every demo record.
pub async fn seed(store: &dyn Store) -> Result<Summary> {
    let mut seeder = Seeder {
        store,
        summary: Summary::default(),
        names_used: 0,
    };
    let kronoberg = seeder.members("07").await?;
    let vastmanland = seeder.members("19").await?;

    let rsk = seeder
        .body(Body {
            id: BodyId::NEW,
            name: "Regional samverkansgrupp för vård och omsorg i Kronoberg".into(),
            short_name: "RSK".into(),
            parent_id: None,
            county_code: Some("07".into()),
            numbering: NumberingRule::PerYear,
            description: Some(
                "Region Kronoberg och länets åtta kommuner samordnar här frågor om hälsa, vård och omsorg. \
                 Detta är ett påhittat organ i demodata."
                    .into(),
            ),
            notice_days: DEFAULT_NOTICE_DAYS,
            logo_sha256: None,
        })
        .await?;
    let people = seeder.people(&rsk, &kronoberg, kronoberg.kommuner.len()).await?;
    seeder.year(&rsk, &kronoberg, &people, &KRONOBERG_YEAR).await?;
    seeder.answers(&rsk, &kronoberg).await?;
    seeder.users(&people).await?;

    let bbu = seeder
        .body(Body {
            id: BodyId::NEW,
            name: "Beredningsgruppen för barn och unga i Kronoberg".into(),
            short_name: "BBU".into(),
            parent_id: Some(rsk.id),
            county_code: Some("07".into()),
            numbering: NumberingRule::PerMeeting,
            description: Some("Bereder frågor om barn och unga åt RSK. Påhittat organ i demodata.".into()),
            notice_days: DEFAULT_NOTICE_DAYS,
            logo_sha256: None,
        })
        .await?;
    let people = seeder.people(&bbu, &kronoberg, 3).await?;
    seeder.year(&bbu, &kronoberg, &people, &CHILDREN_GROUP_YEAR).await?;

    let lhv = seeder
        .body(Body {
            id: BodyId::NEW,
            name: "Ledningsrådet för hälsa och välfärd i Västmanland".into(),
            short_name: "LHV".into(),
            parent_id: None,
            county_code: Some("19".into()),
            numbering: NumberingRule::PerMeeting,
            description: Some(
                "Region Västmanland och länets kommuner i ett gemensamt ledningsråd. Påhittat organ i demodata.".into(),
            ),
            notice_days: DEFAULT_NOTICE_DAYS,
            logo_sha256: None,
        })
        .await?;
    let people = seeder.people(&lhv, &vastmanland, vastmanland.kommuner.len()).await?;
    seeder.year(&lhv, &vastmanland, &people, &VASTMANLAND_YEAR).await?;

    Ok(seeder.summary)
}

struct Seeder<'a> {
    store: &'a dyn Store,
    summary: Summary,
    names_used: usize,
}

impl Seeder<'_> {
    async fn members(&mut self, county_code: &str) -> Result<Members> {
        let region = self
            .store
            .create_organisation(&region(county_code)?)
            .await
            .map_err(cause)?;
        let mut kommuner = Vec::new();
        for municipality in samverkan_reference::municipalities_in_county(county_code) {
            let organisation = kommun(&municipality.code)?;
            kommuner.push(self.store.create_organisation(&organisation).await.map_err(cause)?);
        }
        Ok(Members { region, kommuner })
    }

    /// The demo accounts, tied to RSK's people so that their rights follow from memberships.
    async fn users(&mut self, people: &People) -> Result<()> {
        let persons = [
            (UserRole::Administrator, None),
            (UserRole::Secretary, Some(&people.secretary)),
            (UserRole::Member, Some(&people.chair)),
            (UserRole::Member, Some(&people.members[0].0)),
        ];
        for ((username, _), (role, person)) in DEMO_USERS.iter().zip(persons) {
            let user = NewUser {
                username: username.to_string(),
                display_name: person.map(|p| p.name.clone()).unwrap_or_else(|| "Administratör".into()),
                password_hash: crate::admin::hash_password(DEMO_PASSWORD)?,
                role,
                person_id: person.map(|p| p.id),
            };
            self.store.create_user(&user).await.map_err(cause)?;
        }
        Ok(())
    }

    async fn body(&mut self, body: Body) -> Result<Body> {
        self.summary.bodies += 1;
        self.store
            .create_body(&body)
            .await
            .map_err(cause)
            .context("could not create a demo body")
    }

    async fn person(&mut self, title: &str) -> Result<Person> {
        let n = self.names_used;
        self.names_used += 1;
        let name = format!(
            "{} {}",
            FIRST_NAMES[n % FIRST_NAMES.len()],
            LAST_NAMES[(n * 7 + n / FIRST_NAMES.len()) % LAST_NAMES.len()]
        );
        let person = Person {
            id: PersonId::NEW,
            email: Some(
                format!("{}@demo.invalid", name.to_lowercase().replace(' ', "."))
                    .replace(['å', 'ä'], "a")
                    .replace('ö', "o"),
            ),
            name,
            title: Some(title.to_string()),
        };
        self.store.create_person(&person).await.map_err(cause)
    }

    /// Creates the chair (from the region), one ledamot for each of the first `kommuner`
    /// municipalities, and the secretary, with memberships from the start of 2026.
    async fn people(&mut self, body: &Body, members: &Members, kommuner: usize) -> Result<People> {
        let period = Period::new(date("2026-01-01"), None)?;
        let chair = self.person("hälso- och sjukvårdsdirektör").await?;
        self.membership(body, &chair, Some(&members.region), Role::Ordforande, period)
            .await?;
        let mut ledamoter = Vec::new();
        for organisation in members.kommuner.iter().take(kommuner) {
            let person = self.person("socialchef").await?;
            self.membership(body, &person, Some(organisation), Role::Ledamot, period)
                .await?;
            ledamoter.push((person, organisation.clone()));
        }
        let secretary = self.person("samordnare").await?;
        self.membership(body, &secretary, None, Role::Sekreterare, period)
            .await?;
        Ok(People {
            chair,
            members: ledamoter,
            secretary,
        })
    }

    async fn membership(
        &mut self,
        body: &Body,
        person: &Person,
        organisation: Option<&Organisation>,
        role: Role,
        period: Period,
    ) -> Result<()> {
        let membership = Membership {
            id: MembershipId::NEW,
            body_id: body.id,
            person_id: person.id,
            organisation_id: organisation.map(|o| o.id),
            role,
            period,
        };
        self.store.add_membership(&membership).await.map_err(cause)?;
        Ok(())
    }

    /// Creates a body's meetings in date order, numbering their items by the body's rule.
    async fn year(&mut self, body: &Body, members: &Members, people: &People, plans: &[MeetingPlan]) -> Result<()> {
        let mut earlier: Vec<(NaiveDate, u32)> = Vec::new();
        let dates: Vec<NaiveDate> = plans.iter().map(|p| date(p.date)).collect();
        for (index, plan) in plans.iter().enumerate() {
            let meeting_date = dates[index];
            let first = first_paragraph_number(body.numbering, meeting_date, &earlier);
            let mut meeting = Meeting::plan(
                body.id,
                meeting_date,
                Some(time(9, 0)),
                Some(time(12, 0)),
                Some(format!("Regionhuset, sammanträdesrum {}", body.short_name)),
            )?;
            meeting.video_link = Some(format!(
                "https://mote.example.invalid/{}",
                body.short_name.to_lowercase()
            ));
            meeting.secretary = Some(people.secretary.name.clone());
            meeting.next_meetings = dates[index + 1..].iter().take(2).copied().collect();
            let held = plan.status >= Held && plan.status != Cancelled;
            let previous = index.checked_sub(1).map(|i| dates[i]);
            // A meeting called off has its agenda taken up at the next one.
            let items = match plan.status {
                Cancelled => Vec::new(),
                _ => items(body, members, people, plan, first, previous, held),
            };
            if held {
                meeting.attendance = attendance(people, first);
                meeting.adjustment = Adjustment {
                    place: Some("Digital justering".into()),
                    date: Some(meeting_date + Days::new(7)),
                    adjusters: vec![
                        adjuster(&people.chair, AdjusterRole::Chair),
                        adjuster(&people.members[0].0, AdjusterRole::Adjuster),
                    ],
                    content_sha256: None,
                    locked_at: None,
                };
            }
            let protocol = advance(body, meeting, items, plan.status)?;
            let highest = protocol
                .items
                .iter()
                .map(|i| i.number.leading_number())
                .max()
                .unwrap_or(first);
            earlier.push((meeting_date, highest));
            let stored = self
                .store
                .create_protocol(&protocol)
                .await
                .map_err(cause)
                .with_context(|| format!("could not store the demo meeting of {}", plan.date))?;
            self.summary.meetings += 1;
            self.summary.items += stored.items.len();
            if held {
                self.registers(body, members, &stored).await?;
            }
        }
        Ok(())
    }

    /// Answers from some member organisations to the body's first adjusted recommendation, so
    /// that the follow-up shows both decided and pending organisations.
    async fn answers(&mut self, body: &Body, members: &Members) -> Result<()> {
        for meeting in self.store.meetings(body.id).await.map_err(cause)? {
            if !meeting.status.is_locked() {
                continue;
            }
            let items = self.store.items(meeting.id).await.map_err(cause)?;
            let Some(item) = items.iter().find(|i| !i.recommendations.is_empty()) else {
                continue;
            };
            let answering = std::iter::once((&members.region, "Regionstyrelsen", ResponseStatus::Adopted)).chain(
                members
                    .kommuner
                    .iter()
                    .take(4)
                    .zip([
                        ResponseStatus::Adopted,
                        ResponseStatus::Rejected,
                        ResponseStatus::Adopted,
                        ResponseStatus::Pending,
                    ])
                    .map(|(o, status)| (o, "Kommunstyrelsen", status)),
            );
            for (n, (organisation, board, status)) in answering.enumerate() {
                let decided = status != ResponseStatus::Pending;
                let response = RecommendationResponse {
                    item_id: item.id,
                    position: 0,
                    organisation_id: organisation.id,
                    status,
                    board: decided.then(|| board.to_string()),
                    decided_on: decided.then(|| meeting.date + Days::new(21 + 7 * n as u64)),
                    reference: decided.then(|| format!("Dnr 2026/{}", 110 + n)),
                    recorded_at: Utc::now(),
                };
                self.store.record_response(&response).await.map_err(cause)?;
            }
            return Ok(());
        }
        Ok(())
    }

    /// The grant, cost split and agreement that a meeting's decisions create.
    async fn registers(&mut self, body: &Body, members: &Members, protocol: &Protocol) -> Result<()> {
        for item in &protocol.items {
            let Some(topic) = TOPICS.iter().find(|t| t.title == item.title) else {
                continue;
            };
            match topic.kind {
                TopicKind::Plain => {}
                TopicKind::Grant => {
                    self.store
                        .create_grant(&grant(body, members, protocol, item)?)
                        .await
                        .map_err(cause)?;
                }
                TopicKind::CostShare => {
                    self.store
                        .create_cost_share(&cost_share(body, members, item)?)
                        .await
                        .map_err(cause)?;
                }
                TopicKind::Agreement => {
                    self.store
                        .create_agreement(&agreement(body, members, protocol, item))
                        .await
                        .map_err(cause)?;
                }
            }
        }
        Ok(())
    }
}

/// The items of one meeting. Meetings not yet held have an agenda only: titles and presenters.
fn items(
    body: &Body,
    members: &Members,
    people: &People,
    plan: &MeetingPlan,
    first: u32,
    previous: Option<NaiveDate>,
    held: bool,
) -> Vec<Item> {
    let mut items = Vec::new();
    let mut push = |mut item: Item| {
        item.number = ItemNumber::paragraph(first + items.len() as u32);
        item.position = items.len() as i32;
        if !held {
            item.notes.clear();
            item.decision = None;
            item.recommendations.clear();
            item.assignments.clear();
            item.outcome = None;
            item.distribution.clear();
        }
        items.push(item);
    };
    let adjuster = &people.members[0].0.name;
    push(decided(
        "Sammanträdets öppnande och val av justerare",
        body,
        &[&format!(
            "att utse {adjuster} att jämte ordföranden justera protokollet"
        )],
    ));
    push(decided(
        "Godkännande av dagordningen",
        body,
        &["att godkänna dagordningen"],
    ));
    if let Some(previous) = previous {
        let mut item = Item::new(ItemNumber::paragraph(0), "Föregående protokoll");
        item.notes = vec![format!("Protokollet från sammanträdet den {previous} gicks igenom.")];
        item.outcome = Some(ItemOutcome::Noted);
        push(item);
    }
    for &index in plan.topics {
        push(topic_item(&TOPICS[index], body, members, people, index));
    }
    if plan.confidential_item {
        let mut item = Item::new(
            ItemNumber::paragraph(0),
            "Samordning kring en enskild person med omfattande behov",
        );
        item.notes = vec!["Gruppen diskuterade hur insatserna för den enskilde ska samordnas.".into()];
        item.decision = Some(Decision {
            preamble: Some(body.decision_preamble()),
            clauses: vec![clause(
                "att uppdra åt berörda verksamheter att upprätta en samordnad plan",
            )],
        });
        item.outcome = Some(ItemOutcome::Decided);
        item.confidential = true;
        push(item);
    }
    if plan.tabled_item {
        let mut item = Item::new(
            ItemNumber::paragraph(0),
            "Revidering av rutin för läkemedelsgenomgångar",
        );
        item.notes = vec!["Underlaget behöver kompletteras med kommunernas synpunkter.".into()];
        item.outcome = Some(ItemOutcome::Tabled {
            until: Some(Due::NextMeeting),
        });
        push(item);
    }
    let mut information = Item::new(ItemNumber::paragraph(0), "Information från huvudmännen");
    information.notes = vec![format!(
        "{} och kommunerna informerade om aktuella frågor i sina verksamheter.",
        members.region.name
    )];
    information.outcome = Some(ItemOutcome::Noted);
    push(information);
    items
}

fn decided(title: &str, body: &Body, clauses: &[&str]) -> Item {
    let mut item = Item::new(ItemNumber::paragraph(0), title);
    item.decision = Some(Decision {
        preamble: Some(body.decision_preamble()),
        clauses: clauses.iter().map(|c| clause(c)).collect(),
    });
    item.outcome = Some(ItemOutcome::Decided);
    item
}

fn clause(text: &str) -> Clause {
    Clause {
        label: None,
        text: text.to_string(),
    }
}

fn topic_item(topic: &Topic, body: &Body, members: &Members, people: &People, index: usize) -> Item {
    let mut item = if topic.clauses.is_empty() {
        let mut item = Item::new(ItemNumber::paragraph(0), topic.title);
        item.outcome = Some(if topic.title.starts_with("Verksamhetsplan") {
            ItemOutcome::Discussed {
                returns: Some(Due::NextMeeting),
            }
        } else {
            ItemOutcome::Noted
        });
        item
    } else {
        decided(topic.title, body, topic.clauses)
    };
    let presenter = &people.members[index % people.members.len()].0;
    item.presenters = vec![Presenter {
        person_id: Some(presenter.id),
        name: presenter.name.clone(),
        description: Some(topic.presenter_title.to_string()),
    }];
    item.notes = topic.notes.iter().map(|n| n.to_string()).collect();
    if let Some(text) = topic.recommendation {
        let mut addressees = vec![Addressee::Organisation {
            organisation_id: members.region.id,
            name: members.region.name.clone(),
        }];
        addressees.extend(members.kommuner.iter().map(|k| Addressee::Organisation {
            organisation_id: k.id,
            name: k.name.clone(),
        }));
        item.recommendations = vec![Recommendation {
            text: text.to_string(),
            addressees,
        }];
    }
    if let Some((assignee, task, due)) = &topic.assignment {
        item.assignments = vec![Assignment {
            assignee: assignee.to_string(),
            assignee_person_id: None,
            assignee_organisation_id: (*assignee == "Regionen").then_some(members.region.id),
            task: task.to_string(),
            due: Some(due.clone()),
            status: AssignmentStatus::Open,
        }];
    }
    if topic.kind != TopicKind::Plain {
        item.attachments = vec![Attachment {
            label: "Bilaga 1".into(),
            title: format!("Underlag: {}", topic.title),
            file_sha256: None,
            file_name: None,
            media_type: None,
        }];
    }
    item.distribution = std::iter::once(members.region.name.clone())
        .chain(members.kommuner.iter().map(|k| k.name.clone()))
        .collect();
    item
}

/// Everyone present but one ledamot with apologies and one who came for a single item.
fn attendance(people: &People, first: u32) -> Vec<Attendance> {
    let line = |person: &Person, organisation: Option<&Organisation>, role: Role| Attendance {
        person_id: Some(person.id),
        organisation_id: organisation.map(|o| o.id),
        organisation: None,
        name: Some(person.name.clone()),
        title: person.title.clone(),
        role: Some(role),
        voting: role.is_voting(),
        status: AttendanceStatus::Present,
        presence: Presence::Whole,
    };
    let mut list = vec![line(&people.chair, None, Role::Ordforande)];
    for (index, (person, organisation)) in people.members.iter().enumerate() {
        let mut entry = line(person, Some(organisation), Role::Ledamot);
        if index == 1 {
            entry.status = AttendanceStatus::Apologies;
        }
        if index == 2 {
            entry.presence = Presence::OnlyItems {
                items: vec![format!("§ {}", first + 3)],
            };
        }
        list.push(entry);
    }
    list.push(line(&people.secretary, None, Role::Sekreterare));
    list
}

fn adjuster(person: &Person, role: AdjusterRole) -> Adjuster {
    Adjuster {
        person_id: Some(person.id),
        name: person.name.clone(),
        role,
        approved_at: None,
        approved_sha256: None,
        comment: None,
    }
}

/// Moves a new meeting through the life cycle to `target`, signing and locking on the way with
/// the domain's own approval command.
fn advance(body: &Body, meeting: Meeting, items: Vec<Item>, target: MeetingStatus) -> Result<Protocol> {
    let path: &[MeetingStatus] = if target == Cancelled {
        // Called off after the notice went out.
        &[NoticeSent, Cancelled]
    } else {
        &[NoticeSent, Held, MinutesDrafted, SentForAdjustment, Adjusted, Published]
    };
    let adjusted_on = meeting.adjustment.date.unwrap_or(meeting.date);
    let at = at_ten(adjusted_on);
    let mut protocol = Protocol {
        body: body.clone(),
        meeting,
        items,
    };
    for &step in path.iter().take_while(|s| **s <= target) {
        if step == Adjusted {
            let approvers: Vec<_> = protocol
                .meeting
                .adjustment
                .adjusters
                .iter()
                .filter(|a| a.approves())
                .filter_map(|a| a.person_id)
                .collect();
            for person in approvers {
                protocol.approve(person, None, at)?;
            }
            anyhow::ensure!(protocol.meeting.status == Adjusted, "a demo protocol did not lock");
            continue;
        }
        if step == Published {
            let posted_on = adjusted_on + Days::new(1);
            protocol.meeting.publication = Some(Publication {
                posted_on,
                taken_down_on: Some(posted_on + Days::new(21)),
            });
        }
        protocol.meeting.transition(step, None, at)?;
    }
    Ok(protocol)
}

pub(super) fn date(text: &str) -> NaiveDate {
    text.parse().expect("demo dates are valid")
}

fn time(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).expect("demo times are valid")
}

fn at_ten(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(time(10, 0)).and_utc()
}
