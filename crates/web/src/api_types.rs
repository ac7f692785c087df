//! The JSON API's own response types. Handlers map the public view of a protocol into these,
//! so what the API says is decided here and described by the OpenAPI document generated from
//! these types and the handlers (`api::ApiDoc`), never by a domain
//! struct's serialisation: a field added to the domain does not appear in the API by itself.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use samverkan_domain::{Body, Choice, Item, Meeting, Proceedings, Protocol, Statement};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct BodyResponse {
    pub id: i64,
    pub name: String,
    pub short_name: String,
    pub parent_id: Option<i64>,
    pub county_code: Option<String>,
    pub description: Option<String>,
    pub meetings_url: String,
}

impl From<&Body> for BodyResponse {
    fn from(b: &Body) -> Self {
        BodyResponse {
            id: b.id.0,
            name: b.name.clone(),
            short_name: b.short_name.clone(),
            parent_id: b.parent_id.map(|p| p.0),
            county_code: b.county_code.clone(),
            description: b.description.clone(),
            meetings_url: format!("/api/v1/bodies/{}/meetings", b.id),
        }
    }
}

/// One meeting in a body's list: when, where, where it stands, and the hash once adjusted.
#[derive(Serialize, ToSchema)]
pub struct MeetingSummary {
    pub id: i64,
    pub body_id: i64,
    pub date: NaiveDate,
    pub start_time: Option<NaiveTime>,
    pub end_time: Option<NaiveTime>,
    pub place: Option<String>,
    pub status: &'static str,
    pub content_sha256: Option<String>,
    pub published_on: Option<NaiveDate>,
    pub url: String,
}

impl From<&Meeting> for MeetingSummary {
    fn from(m: &Meeting) -> Self {
        MeetingSummary {
            id: m.id.0,
            body_id: m.body_id.0,
            date: m.date,
            start_time: m.start_time,
            end_time: m.end_time,
            place: m.place.clone(),
            status: m.status.code(),
            content_sha256: m.adjustment.content_sha256.clone(),
            published_on: m.publication.as_ref().map(|p| p.posted_on),
            url: format!("/api/v1/meetings/{}", m.id),
        }
    }
}

impl From<&samverkan_storage::MeetingListing> for MeetingSummary {
    fn from(m: &samverkan_storage::MeetingListing) -> Self {
        MeetingSummary {
            id: m.id,
            body_id: m.body_id,
            date: m.date,
            start_time: m.start_time,
            end_time: m.end_time,
            place: m.place.clone(),
            status: samverkan_domain::MeetingStatus::from_code(&m.status).map_or("", |s| s.code()),
            content_sha256: m.content_sha256.clone(),
            published_on: m.published_on,
            url: format!("/api/v1/meetings/{}", m.id),
        }
    }
}

/// One page of a list, with where the next one is.
#[derive(Serialize, ToSchema)]
pub struct MeetingList {
    pub data: Vec<MeetingSummary>,
    pub links: Links,
}

#[derive(Serialize, ToSchema)]
pub struct Links {
    /// The next page; absent on the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// A protocol as the public may read it (pass it through `views::public_protocol` first).
#[derive(Serialize, ToSchema)]
pub struct ProtocolResponse {
    pub body: BodyResponse,
    pub meeting: MeetingResponse,
    pub items: Vec<ItemResponse>,
}

#[derive(Serialize, ToSchema)]
pub struct MeetingResponse {
    #[serde(flatten)]
    pub summary: MeetingSummary,
    pub video_link: Option<String>,
    pub secretary: Option<String>,
    pub attendance: Vec<AttendanceResponse>,
    pub adjustment_place: Option<String>,
    pub adjustment_date: Option<NaiveDate>,
    pub signatures: Vec<SignatureResponse>,
    pub locked_at: Option<DateTime<Utc>>,
    pub taken_down_on: Option<NaiveDate>,
    pub next_meetings: Vec<NaiveDate>,
}

#[derive(Serialize, ToSchema)]
pub struct AttendanceResponse {
    pub name: Option<String>,
    pub title: Option<String>,
    pub organisation: Option<String>,
    pub role: Option<&'static str>,
    pub voting: bool,
    pub status: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct SignatureResponse {
    pub name: String,
    pub role: &'static str,
    pub approved_at: Option<DateTime<Utc>>,
}

#[derive(Serialize, ToSchema)]
pub struct ItemResponse {
    pub number: String,
    pub title: String,
    pub confidential: bool,
    pub presenters: Vec<String>,
    pub notes: Vec<String>,
    pub proceedings: ProceedingsResponse,
    pub decision: Option<DecisionResponse>,
    pub recommendations: Vec<RecommendationResponse>,
    pub assignments: Vec<AssignmentResponse>,
    pub outcome: Option<&'static str>,
    pub attachments: Vec<AttachmentResponse>,
    pub distribution: Vec<String>,
}

/// How the item was decided: beslutsunderlag, jäv, yrkanden, propositionsordning, omröstningar,
/// reservationer and protokollsanteckningar.
#[derive(Serialize, ToSchema)]
pub struct ProceedingsResponse {
    pub basis: Vec<String>,
    pub disqualified: Vec<StatementResponse>,
    pub motions: Vec<StatementResponse>,
    pub procedure: Vec<String>,
    pub votes: Vec<VoteResponse>,
    pub reservations: Vec<StatementResponse>,
    pub protocol_notes: Vec<StatementResponse>,
}

#[derive(Serialize, ToSchema)]
pub struct StatementResponse {
    pub persons: Vec<String>,
    pub text: String,
}

#[derive(Serialize, ToSchema)]
pub struct VoteResponse {
    pub proposition: Option<String>,
    pub yes: u32,
    pub no: u32,
    pub abstained: u32,
    /// The roll call: each member's name and "yes", "no" or "abstain".
    pub ballots: Vec<BallotResponse>,
}

#[derive(Serialize, ToSchema)]
pub struct BallotResponse {
    pub name: String,
    pub choice: &'static str,
}

impl From<&Proceedings> for ProceedingsResponse {
    fn from(p: &Proceedings) -> Self {
        let statements = |list: &[Statement]| {
            list.iter()
                .map(|s| StatementResponse {
                    persons: s.persons.clone(),
                    text: s.text.clone(),
                })
                .collect()
        };
        ProceedingsResponse {
            basis: p.basis.clone(),
            disqualified: statements(&p.disqualified),
            motions: statements(&p.motions),
            procedure: p.procedure.clone(),
            votes: p
                .votes
                .iter()
                .map(|v| VoteResponse {
                    proposition: v.proposition.clone(),
                    yes: v.yes,
                    no: v.no,
                    abstained: v.abstained,
                    ballots: v
                        .ballots
                        .iter()
                        .map(|b| BallotResponse {
                            name: b.name.clone(),
                            choice: match b.choice {
                                Choice::Yes => "yes",
                                Choice::No => "no",
                                Choice::Abstain => "abstain",
                            },
                        })
                        .collect(),
                })
                .collect(),
            reservations: statements(&p.reservations),
            protocol_notes: statements(&p.protocol_notes),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DecisionResponse {
    pub preamble: Option<String>,
    pub clauses: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct RecommendationResponse {
    pub text: String,
    pub addressees: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AssignmentResponse {
    pub assignee: String,
    pub task: String,
    pub status: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct AttachmentResponse {
    pub label: String,
    pub title: String,
    /// Where the file can be downloaded, when one is stored.
    pub url: Option<String>,
}

impl From<&Protocol> for ProtocolResponse {
    fn from(p: &Protocol) -> Self {
        let m = &p.meeting;
        ProtocolResponse {
            body: BodyResponse::from(&p.body),
            meeting: MeetingResponse {
                summary: MeetingSummary::from(m),
                video_link: m.video_link.clone(),
                secretary: m.secretary.clone(),
                attendance: m
                    .attendance
                    .iter()
                    .map(|a| AttendanceResponse {
                        name: a.name.clone(),
                        title: a.title.clone(),
                        organisation: a.organisation.clone(),
                        role: a.role.map(|r| r.label_sv()),
                        voting: a.voting,
                        status: a.status.code(),
                    })
                    .collect(),
                adjustment_place: m.adjustment.place.clone(),
                adjustment_date: m.adjustment.date,
                signatures: m
                    .adjustment
                    .adjusters
                    .iter()
                    .map(|a| SignatureResponse {
                        name: a.name.clone(),
                        role: a.role.code(),
                        approved_at: a.approved_at.filter(|_| m.status.is_locked()),
                    })
                    .collect(),
                locked_at: m.adjustment.locked_at,
                taken_down_on: m.publication.as_ref().and_then(|p| p.taken_down_on),
                next_meetings: m.next_meetings.clone(),
            },
            items: p.items.iter().map(|i| item(m, i)).collect(),
        }
    }
}

fn item(meeting: &Meeting, i: &Item) -> ItemResponse {
    ItemResponse {
        number: i.number.to_string(),
        title: i.title.clone(),
        confidential: i.confidential,
        presenters: i.presenters.iter().map(|p| p.name.clone()).collect(),
        notes: i.notes.clone(),
        proceedings: ProceedingsResponse::from(&i.proceedings),
        decision: i.decision.as_ref().map(|d| DecisionResponse {
            preamble: d.preamble.clone(),
            clauses: d.clauses.iter().map(|c| c.text.clone()).collect(),
        }),
        recommendations: i
            .recommendations
            .iter()
            .map(|r| RecommendationResponse {
                text: r.text.clone(),
                addressees: r.addressees.iter().map(|a| a.name().to_string()).collect(),
            })
            .collect(),
        assignments: i
            .assignments
            .iter()
            .map(|a| AssignmentResponse {
                assignee: a.assignee.clone(),
                task: a.task.clone(),
                status: a.status.code(),
            })
            .collect(),
        outcome: i.outcome.as_ref().map(|o| o.code()),
        attachments: i
            .attachments
            .iter()
            .enumerate()
            .map(|(k, a)| AttachmentResponse {
                label: a.label.clone(),
                title: a.title.clone(),
                url: a
                    .file_sha256
                    .as_ref()
                    .map(|_| format!("/moten/{}/arenden/{}/bilagor/{k}", meeting.id, i.id)),
            })
            .collect(),
        distribution: i.distribution.clone(),
    }
}

/// Why a request failed, as a plain Swedish sentence.
#[derive(Serialize, ToSchema)]
pub struct ErrorResponse {
    pub error: String,
}
