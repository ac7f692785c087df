//! Rows as both backends store them, and their conversion to and from the domain model.
//!
//! Lists without identity of their own (presenters, notes, clauses, distribution, addressees)
//! are stored as JSON text in a column; everything with a life of its own (recommendations,
//! assignments, attachments, allocations…) has a table.

use std::collections::HashMap;
use std::hash::Hash;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use samverkan_domain::*;
use serde::{de::DeserializeOwned, Serialize};

use crate::{PendingImport, Result, StoreError, User, UserRole};

/// Groups rows by a key, keeping their order within each group.
pub fn group_by<K: Eq + Hash, R>(rows: Vec<R>, key: impl Fn(&R) -> K) -> HashMap<K, Vec<R>> {
    let mut groups: HashMap<K, Vec<R>> = HashMap::new();
    for row in rows {
        groups.entry(key(&row)).or_default().push(row);
    }
    groups
}

pub fn to_json<T: Serialize>(value: &T) -> Result<String> {
    Ok(serde_json::to_string(value)?)
}

pub fn from_json<T: DeserializeOwned>(column: &'static str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt {
        column,
        value: format!("{text} ({e})"),
    })
}

fn decode<T>(column: &'static str, value: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T> {
    parse(value).ok_or_else(|| StoreError::Corrupt {
        column,
        value: value.to_string(),
    })
}

#[derive(sqlx::FromRow)]
pub struct OrganisationRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub reference_code: Option<String>,
    pub population: Option<i64>,
    pub population_year: Option<i64>,
}

impl TryFrom<OrganisationRow> for Organisation {
    type Error = StoreError;
    fn try_from(row: OrganisationRow) -> Result<Self> {
        let kind = OrganisationKind::from_code(&row.kind, row.reference_code.clone()).ok_or(StoreError::Corrupt {
            column: "organisations.kind",
            value: row.kind,
        })?;
        Ok(Organisation {
            id: OrganisationId(row.id),
            name: row.name,
            kind,
            population: row.population,
            population_year: row.population_year.map(|y| y as i32),
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct PersonRow {
    pub id: i64,
    pub name: String,
    pub title: Option<String>,
    pub email: Option<String>,
}

impl From<PersonRow> for Person {
    fn from(row: PersonRow) -> Self {
        Person {
            id: PersonId(row.id),
            name: row.name,
            title: row.title,
            email: row.email,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct BodyRow {
    pub id: i64,
    pub name: String,
    pub short_name: String,
    pub parent_id: Option<i64>,
    pub county_code: Option<String>,
    pub numbering: String,
    pub description: Option<String>,
    pub notice_days: i64,
    pub logo_sha256: Option<String>,
}

impl TryFrom<BodyRow> for Body {
    type Error = StoreError;
    fn try_from(row: BodyRow) -> Result<Self> {
        Ok(Body {
            id: BodyId(row.id),
            name: row.name,
            short_name: row.short_name,
            parent_id: row.parent_id.map(BodyId),
            county_code: row.county_code,
            numbering: decode("bodies.numbering", &row.numbering, NumberingRule::from_code)?,
            description: row.description,
            notice_days: u32::try_from(row.notice_days).map_err(|_| StoreError::Corrupt {
                column: "bodies.notice_days",
                value: row.notice_days.to_string(),
            })?,
            logo_sha256: row.logo_sha256,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct MembershipRow {
    pub id: i64,
    pub body_id: i64,
    pub person_id: i64,
    pub organisation_id: Option<i64>,
    pub role: String,
    pub period_start: NaiveDate,
    pub period_end: Option<NaiveDate>,
}

impl TryFrom<MembershipRow> for Membership {
    type Error = StoreError;
    fn try_from(row: MembershipRow) -> Result<Self> {
        Ok(Membership {
            id: MembershipId(row.id),
            body_id: BodyId(row.body_id),
            person_id: PersonId(row.person_id),
            organisation_id: row.organisation_id.map(OrganisationId),
            role: decode("memberships.role", &row.role, Role::from_code)?,
            period: Period {
                start: row.period_start,
                end: row.period_end,
            },
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct MeetingRow {
    pub id: i64,
    pub body_id: i64,
    pub version: i64,
    pub date: NaiveDate,
    pub start_time: Option<NaiveTime>,
    pub end_time: Option<NaiveTime>,
    pub place: Option<String>,
    pub video_link: Option<String>,
    pub status: String,
    pub secretary: Option<String>,
    pub adjustment_place: Option<String>,
    pub adjustment_date: Option<NaiveDate>,
    pub content_sha256: Option<String>,
    pub locked_at: Option<DateTime<Utc>>,
    pub published_on: Option<NaiveDate>,
    pub taken_down_on: Option<NaiveDate>,
    pub source_file_name: Option<String>,
    pub source_sha256: Option<String>,
    pub imported_at: Option<DateTime<Utc>>,
    pub next_meetings: String,
    pub remarks: String,
    pub source_date_basis: Option<String>,
    pub confidential_key: Option<String>,
}

#[derive(sqlx::FromRow)]
pub struct AttendanceRow {
    pub meeting_id: i64,
    pub person_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub organisation: Option<String>,
    pub name: Option<String>,
    pub title: Option<String>,
    pub role: Option<String>,
    pub voting: bool,
    pub status: String,
    pub presence: String,
}

impl TryFrom<AttendanceRow> for Attendance {
    type Error = StoreError;
    fn try_from(row: AttendanceRow) -> Result<Self> {
        Ok(Attendance {
            person_id: row.person_id.map(PersonId),
            organisation_id: row.organisation_id.map(OrganisationId),
            organisation: row.organisation,
            name: row.name,
            title: row.title,
            role: row
                .role
                .map(|r| decode("attendance.role", &r, Role::from_code))
                .transpose()?,
            voting: row.voting,
            status: decode("attendance.status", &row.status, AttendanceStatus::from_code)?,
            presence: from_json("attendance.presence", &row.presence)?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct AdjusterRow {
    pub meeting_id: i64,
    pub person_id: Option<i64>,
    pub name: String,
    pub role: String,
    pub approved_sha256: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub comment: Option<String>,
}

impl TryFrom<AdjusterRow> for Adjuster {
    type Error = StoreError;
    fn try_from(row: AdjusterRow) -> Result<Self> {
        Ok(Adjuster {
            person_id: row.person_id.map(PersonId),
            name: row.name,
            role: decode("adjusters.role", &row.role, AdjusterRole::from_code)?,
            approved_at: row.approved_at,
            approved_sha256: row.approved_sha256,
            comment: row.comment,
        })
    }
}

/// Builds a meeting from its row and its attendance and adjuster rows.
pub fn meeting_from_rows(
    row: MeetingRow,
    attendance: Vec<AttendanceRow>,
    adjusters: Vec<AdjusterRow>,
) -> Result<Meeting> {
    let source = match (row.source_file_name, row.source_sha256, row.imported_at) {
        (Some(file_name), Some(sha256), Some(imported_at)) => Some(ImportSource {
            file_name,
            sha256,
            imported_at,
            date_basis: row
                .source_date_basis
                .as_deref()
                .and_then(DateBasis::from_code)
                .unwrap_or_default(),
        }),
        _ => None,
    };
    Ok(Meeting {
        id: MeetingId(row.id),
        body_id: BodyId(row.body_id),
        version: row.version,
        date: row.date,
        start_time: row.start_time,
        end_time: row.end_time,
        place: row.place,
        video_link: row.video_link,
        status: decode("meetings.status", &row.status, MeetingStatus::from_code)?,
        attendance: attendance
            .into_iter()
            .map(Attendance::try_from)
            .collect::<Result<_>>()?,
        secretary: row.secretary,
        adjustment: Adjustment {
            place: row.adjustment_place,
            date: row.adjustment_date,
            adjusters: adjusters.into_iter().map(Adjuster::try_from).collect::<Result<_>>()?,
            content_sha256: row.content_sha256,
            locked_at: row.locked_at,
        },
        publication: row.published_on.map(|posted_on| Publication {
            posted_on,
            taken_down_on: row.taken_down_on,
        }),
        source,
        next_meetings: from_json("meetings.next_meetings", &row.next_meetings)?,
        remarks: from_json("meetings.remarks", &row.remarks)?,
        confidential_key: row.confidential_key,
    })
}

#[derive(sqlx::FromRow)]
pub struct ItemRow {
    pub id: i64,
    pub meeting_id: i64,
    pub version: i64,
    pub position: i64,
    pub number: String,
    pub title: String,
    pub presenters: String,
    pub notes: String,
    pub decision: Option<String>,
    pub outcome: Option<String>,
    pub distribution: String,
    pub confidential: bool,
    pub follows_up: Option<i64>,
    pub proceedings: String,
}

#[derive(sqlx::FromRow)]
pub struct RecommendationRow {
    pub item_id: i64,
    pub text: String,
    pub addressees: String,
}

#[derive(sqlx::FromRow)]
pub struct AssignmentRow {
    pub item_id: i64,
    pub assignee: String,
    pub assignee_person_id: Option<i64>,
    pub assignee_organisation_id: Option<i64>,
    pub task: String,
    pub due_kind: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub due_year: Option<i64>,
    pub due_month: Option<i64>,
    pub due_meeting_id: Option<i64>,
    pub status: String,
}

/// The due columns of an assignment: kind, date, year, month, meeting. Stored as columns, not
/// JSON, so that follow-up can ask "what is due at this meeting" in SQL.
pub type DueColumns = (
    Option<&'static str>,
    Option<NaiveDate>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

pub fn due_columns(due: &Option<Due>) -> DueColumns {
    match due {
        None => (None, None, None, None, None),
        Some(Due::Date { date }) => (Some("date"), Some(*date), None, None, None),
        Some(Due::Month { year, month }) => (
            Some("month"),
            None,
            Some(i64::from(*year)),
            Some(i64::from(*month)),
            None,
        ),
        Some(Due::Meeting { meeting_id }) => (Some("meeting"), None, None, None, Some(meeting_id.0)),
        Some(Due::NextMeeting) => (Some("next_meeting"), None, None, None, None),
    }
}

impl TryFrom<AssignmentRow> for Assignment {
    type Error = StoreError;
    fn try_from(row: AssignmentRow) -> Result<Self> {
        let corrupt = |kind: &str| StoreError::Corrupt {
            column: "assignments.due_kind",
            value: kind.to_string(),
        };
        let due = match row.due_kind.as_deref() {
            None => None,
            Some("date") => Some(Due::Date {
                date: row.due_date.ok_or_else(|| corrupt("date"))?,
            }),
            Some("month") => Some(Due::Month {
                year: row.due_year.ok_or_else(|| corrupt("month"))? as i32,
                month: row.due_month.ok_or_else(|| corrupt("month"))? as u32,
            }),
            Some("meeting") => Some(Due::Meeting {
                meeting_id: MeetingId(row.due_meeting_id.ok_or_else(|| corrupt("meeting"))?),
            }),
            Some("next_meeting") => Some(Due::NextMeeting),
            Some(other) => return Err(corrupt(other)),
        };
        Ok(Assignment {
            assignee: row.assignee,
            assignee_person_id: row.assignee_person_id.map(PersonId),
            assignee_organisation_id: row.assignee_organisation_id.map(OrganisationId),
            task: row.task,
            due,
            status: decode("assignments.status", &row.status, AssignmentStatus::from_code)?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct AttachmentRow {
    pub item_id: i64,
    pub label: String,
    pub title: String,
    pub file_sha256: Option<String>,
    pub file_name: Option<String>,
    pub media_type: Option<String>,
}

impl From<AttachmentRow> for Attachment {
    fn from(row: AttachmentRow) -> Self {
        Attachment {
            label: row.label,
            title: row.title,
            file_sha256: row.file_sha256,
            file_name: row.file_name,
            media_type: row.media_type,
        }
    }
}

/// Builds items from their rows and all child rows of the same items.
pub fn items_from_rows(
    rows: Vec<ItemRow>,
    recommendations: Vec<RecommendationRow>,
    assignments: Vec<AssignmentRow>,
    attachments: Vec<AttachmentRow>,
) -> Result<Vec<Item>> {
    let mut recommendations = group_by(recommendations, |r| r.item_id);
    let mut assignments = group_by(assignments, |r| r.item_id);
    let mut attachments = group_by(attachments, |r| r.item_id);
    rows.into_iter()
        .map(|row| {
            Ok(Item {
                id: ItemId(row.id),
                meeting_id: MeetingId(row.meeting_id),
                version: row.version,
                position: row.position as i32,
                number: ItemNumber::parse(&row.number).map_err(|_| StoreError::Corrupt {
                    column: "items.number",
                    value: row.number.clone(),
                })?,
                title: row.title,
                presenters: from_json("items.presenters", &row.presenters)?,
                notes: from_json("items.notes", &row.notes)?,
                proceedings: from_json("items.proceedings", &row.proceedings)?,
                decision: row
                    .decision
                    .as_deref()
                    .map(|d| from_json("items.decision", d))
                    .transpose()?,
                recommendations: recommendations
                    .remove(&row.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|r| {
                        Ok(Recommendation {
                            text: r.text,
                            addressees: from_json("recommendations.addressees", &r.addressees)?,
                        })
                    })
                    .collect::<Result<_>>()?,
                assignments: assignments
                    .remove(&row.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(Assignment::try_from)
                    .collect::<Result<_>>()?,
                outcome: row
                    .outcome
                    .as_deref()
                    .map(|o| from_json("items.outcome", o))
                    .transpose()?,
                attachments: attachments
                    .remove(&row.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(Attachment::from)
                    .collect(),
                distribution: from_json("items.distribution", &row.distribution)?,
                confidential: row.confidential,
                follows_up: row.follows_up.map(ItemId),
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
pub struct GrantRow {
    pub id: i64,
    pub body_id: i64,
    pub name: String,
    pub year: i64,
    pub total: Option<i64>,
}

#[derive(sqlx::FromRow)]
pub struct AllocationRow {
    pub grant_id: i64,
    pub decided_on: Option<NaiveDate>,
    pub decided_at_item: Option<i64>,
    pub purpose: Option<String>,
    pub amount: i64,
    pub activity_code: Option<String>,
    pub recipient: Option<String>,
    pub comment: Option<String>,
    pub carry_over: Option<i64>,
    pub carry_over_from_year: Option<i64>,
    pub carry_over_activity_code: Option<String>,
}

pub fn grants_from_rows(rows: Vec<GrantRow>, allocations: Vec<AllocationRow>) -> Vec<Grant> {
    let mut allocations = group_by(allocations, |a| a.grant_id);
    rows.into_iter()
        .map(|row| Grant {
            id: GrantId(row.id),
            body_id: BodyId(row.body_id),
            name: row.name,
            year: row.year as i32,
            total: row.total.map(Money),
            allocations: allocations
                .remove(&row.id)
                .unwrap_or_default()
                .into_iter()
                .map(|a| Allocation {
                    decided_on: a.decided_on,
                    decided_at_item: a.decided_at_item.map(ItemId),
                    purpose: a.purpose,
                    amount: Money(a.amount),
                    activity_code: a.activity_code,
                    recipient: a.recipient,
                    comment: a.comment,
                    carry_over: a.carry_over.map(Money),
                    carry_over_from_year: a.carry_over_from_year.map(|y| y as i32),
                    carry_over_activity_code: a.carry_over_activity_code,
                })
                .collect(),
        })
        .collect()
}

#[derive(sqlx::FromRow)]
pub struct CostShareRow {
    pub id: i64,
    pub body_id: i64,
    pub decided_at_item: Option<i64>,
    pub title: String,
    pub total: i64,
    pub key_kind: String,
    pub key_year: Option<i64>,
    pub key_hourly_rate: Option<i64>,
}

#[derive(sqlx::FromRow)]
pub struct CostSharePartRow {
    pub cost_share_id: i64,
    pub organisation_id: Option<i64>,
    pub payer: String,
    pub basis: Option<String>,
    pub amount: i64,
}

/// The key columns of a cost share: kind, reference year, hourly rate.
pub fn cost_share_key_columns(key: &CostShareKey) -> (&'static str, Option<i64>, Option<i64>) {
    match key {
        CostShareKey::Population { year } => (key.code(), Some(i64::from(*year)), None),
        CostShareKey::GuaranteedPlusHourly { hourly_rate } => (key.code(), None, Some(hourly_rate.ore())),
        _ => (key.code(), None, None),
    }
}

pub fn cost_shares_from_rows(rows: Vec<CostShareRow>, parts: Vec<CostSharePartRow>) -> Result<Vec<CostShare>> {
    let mut parts = group_by(parts, |p| p.cost_share_id);
    rows.into_iter()
        .map(|row| {
            let corrupt = || StoreError::Corrupt {
                column: "cost_shares.key_kind",
                value: row.key_kind.clone(),
            };
            let key = match row.key_kind.as_str() {
                "population" => CostShareKey::Population {
                    year: row.key_year.ok_or_else(corrupt)? as i32,
                },
                "fixed_percent" => CostShareKey::FixedPercent,
                "volume" => CostShareKey::Volume,
                "guaranteed_plus_hourly" => CostShareKey::GuaranteedPlusHourly {
                    hourly_rate: Money(row.key_hourly_rate.ok_or_else(corrupt)?),
                },
                "as_decided" => CostShareKey::AsDecided,
                _ => return Err(corrupt()),
            };
            Ok(CostShare {
                id: CostShareId(row.id),
                body_id: BodyId(row.body_id),
                decided_at_item: row.decided_at_item.map(ItemId),
                title: row.title,
                total: Money(row.total),
                key,
                parts: parts
                    .remove(&row.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|p| CostSharePart {
                        organisation_id: p.organisation_id.map(OrganisationId),
                        payer: p.payer,
                        basis: p.basis,
                        amount: Money(p.amount),
                    })
                    .collect(),
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
pub struct AgreementRow {
    pub id: i64,
    pub body_id: i64,
    pub title: String,
    pub period_start: NaiveDate,
    pub period_end: Option<NaiveDate>,
    pub yearly_duty: Option<String>,
    pub yearly_duty_month: Option<i64>,
}

#[derive(sqlx::FromRow)]
pub struct AgreementPartyRow {
    pub agreement_id: i64,
    pub organisation_id: i64,
}

#[derive(sqlx::FromRow)]
pub struct AgreementExtensionRow {
    pub agreement_id: i64,
    pub until: NaiveDate,
    pub decided_at_item: Option<i64>,
    pub note: Option<String>,
}

#[derive(sqlx::FromRow)]
pub struct AgreementParameterRow {
    pub agreement_id: i64,
    pub year: i64,
    pub name: String,
    pub value: String,
    pub unit: Option<String>,
    pub decided_at_item: Option<i64>,
}

pub fn agreements_from_rows(
    rows: Vec<AgreementRow>,
    parties: Vec<AgreementPartyRow>,
    extensions: Vec<AgreementExtensionRow>,
    parameters: Vec<AgreementParameterRow>,
) -> Vec<Agreement> {
    let mut parties = group_by(parties, |p| p.agreement_id);
    let mut extensions = group_by(extensions, |e| e.agreement_id);
    let mut parameters = group_by(parameters, |p| p.agreement_id);
    rows.into_iter()
        .map(|row| Agreement {
            id: AgreementId(row.id),
            body_id: BodyId(row.body_id),
            title: row.title,
            parties: parties
                .remove(&row.id)
                .unwrap_or_default()
                .into_iter()
                .map(|p| OrganisationId(p.organisation_id))
                .collect(),
            period: Period {
                start: row.period_start,
                end: row.period_end,
            },
            extensions: extensions
                .remove(&row.id)
                .unwrap_or_default()
                .into_iter()
                .map(|e| AgreementExtension {
                    until: e.until,
                    decided_at_item: e.decided_at_item.map(ItemId),
                    note: e.note,
                })
                .collect(),
            parameters: parameters
                .remove(&row.id)
                .unwrap_or_default()
                .into_iter()
                .map(|p| YearlyParameter {
                    year: p.year as i32,
                    name: p.name,
                    value: p.value,
                    unit: p.unit,
                    decided_at_item: p.decided_at_item.map(ItemId),
                })
                .collect(),
            yearly_duty: row.yearly_duty,
            yearly_duty_month: row.yearly_duty_month.map(|m| m as u32),
        })
        .collect()
}

#[derive(sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub person_id: Option<i64>,
    pub disabled: bool,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(row: UserRow) -> Result<Self> {
        Ok(User {
            id: UserId(row.id),
            username: row.username,
            display_name: row.display_name,
            password_hash: row.password_hash,
            role: decode("users.role", &row.role, UserRole::from_code)?,
            person_id: row.person_id.map(PersonId),
            disabled: row.disabled,
        })
    }
}

/// A row of `dispatches`.
#[derive(sqlx::FromRow)]
pub struct DispatchRow {
    pub id: i64,
    pub meeting_id: i64,
    pub item_id: Option<i64>,
    pub subject: String,
    pub recipients: String,
    pub sent_by: Option<String>,
    pub sent_at: DateTime<Utc>,
}

impl TryFrom<DispatchRow> for Dispatch {
    type Error = StoreError;

    fn try_from(row: DispatchRow) -> Result<Dispatch> {
        Ok(Dispatch {
            id: DispatchId(row.id),
            meeting_id: MeetingId(row.meeting_id),
            kind: match row.item_id {
                None => DispatchKind::Notice,
                Some(item) => DispatchKind::Extract { item_id: ItemId(item) },
            },
            subject: row.subject,
            recipients: from_json("dispatches.recipients", &row.recipients)?,
            sent_by: row.sent_by,
            sent_at: row.sent_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct PendingImportRow {
    pub id: i64,
    pub body_id: i64,
    pub version: i64,
    pub file_name: String,
    pub source_sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
    pub corrections: String,
}

impl From<PendingImportRow> for PendingImport {
    fn from(row: PendingImportRow) -> Self {
        PendingImport {
            id: row.id,
            body_id: BodyId(row.body_id),
            version: row.version,
            file_name: row.file_name,
            source_sha256: row.source_sha256,
            uploaded_by: row.uploaded_by,
            uploaded_at: row.uploaded_at,
            corrections: row.corrections,
        }
    }
}
