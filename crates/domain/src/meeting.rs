//! Meetings, their life cycle, attendance, adjustment (justering) and publication.
//!
//! The life cycle is: planned → notice sent → held → minutes drafted → sent for adjustment →
//! adjusted → published. Once adjusted, a protocol is locked: [`Meeting::ensure_editable`]
//! refuses every change, and only publication may still be recorded.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{BodyId, DomainError, ItemNumber, MeetingId, OrganisationId, PersonId};

/// Where a meeting is in its life. The order is that of the life cycle, with a cancelled
/// meeting last (it left the cycle).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Planned,
    NoticeSent,
    Held,
    MinutesDrafted,
    SentForAdjustment,
    Adjusted,
    Published,
    /// Called off before it was held (inställt); it may be taken up again.
    Cancelled,
}

impl MeetingStatus {
    pub const ALL: [MeetingStatus; 8] = [
        MeetingStatus::Planned,
        MeetingStatus::NoticeSent,
        MeetingStatus::Held,
        MeetingStatus::MinutesDrafted,
        MeetingStatus::SentForAdjustment,
        MeetingStatus::Adjusted,
        MeetingStatus::Published,
        MeetingStatus::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MeetingStatus::Planned => "planned",
            MeetingStatus::NoticeSent => "notice_sent",
            MeetingStatus::Held => "held",
            MeetingStatus::MinutesDrafted => "minutes_drafted",
            MeetingStatus::SentForAdjustment => "sent_for_adjustment",
            MeetingStatus::Adjusted => "adjusted",
            MeetingStatus::Published => "published",
            MeetingStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<MeetingStatus> {
        MeetingStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The Swedish word for the interface.
    pub fn label_sv(self) -> &'static str {
        match self {
            MeetingStatus::Planned => "planerat",
            MeetingStatus::NoticeSent => "kallelse skickad",
            MeetingStatus::Held => "genomfört",
            MeetingStatus::MinutesDrafted => "protokoll upprättat",
            MeetingStatus::SentForAdjustment => "skickat för justering",
            MeetingStatus::Adjusted => "justerat",
            MeetingStatus::Published => "publicerat",
            MeetingStatus::Cancelled => "inställt",
        }
    }

    /// Whether the protocol is locked: adjusted, and perhaps published.
    pub fn is_locked(self) -> bool {
        matches!(self, MeetingStatus::Adjusted | MeetingStatus::Published)
    }

    /// The moves the life cycle allows. A draft sent for adjustment can come back when an
    /// adjuster asks for changes; nothing leaves the adjusted states except publication.
    pub fn can_move_to(self, to: MeetingStatus) -> bool {
        use MeetingStatus::*;
        matches!(
            (self, to),
            (Planned, NoticeSent)
                | (Planned, Held)
                | (NoticeSent, Held)
                | (Held, MinutesDrafted)
                | (MinutesDrafted, SentForAdjustment)
                | (SentForAdjustment, MinutesDrafted)
                | (SentForAdjustment, Adjusted)
                | (Adjusted, Published)
                | (Planned, Cancelled)
                | (NoticeSent, Cancelled)
                | (Cancelled, Planned)
        )
    }

    /// The steps a secretary may take from here, as buttons name them; adjusting is not one
    /// of them (the adjusters' approvals lock the protocol), nor sending the notice, which is
    /// its own action that mails it.
    pub fn next_steps(self) -> Vec<(MeetingStatus, &'static str)> {
        use MeetingStatus::*;
        [
            (Held, "Mötet har hållits"),
            (MinutesDrafted, "Protokollet är upprättat"),
            (SentForAdjustment, "Skicka för justering"),
            (Published, "Publicera på anslagstavlan"),
            (Cancelled, "Ställ in mötet"),
            (Planned, "Återuppta mötet"),
        ]
        .into_iter()
        .filter(|(to, _)| self.can_move_to(*to))
        .map(|(to, label)| match (self, to) {
            (SentForAdjustment, MinutesDrafted) => (to, "Ta tillbaka protokollet för ändring"),
            _ => (to, label),
        })
        .collect()
    }
}

impl std::fmt::Display for MeetingStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label_sv())
    }
}

/// Whether someone was there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttendanceStatus {
    Present,
    Absent,
    /// "har anmält förhinder".
    Apologies,
}

impl AttendanceStatus {
    pub fn code(self) -> &'static str {
        match self {
            AttendanceStatus::Present => "present",
            AttendanceStatus::Absent => "absent",
            AttendanceStatus::Apologies => "apologies",
        }
    }

    pub fn from_code(code: &str) -> Option<AttendanceStatus> {
        [
            AttendanceStatus::Present,
            AttendanceStatus::Absent,
            AttendanceStatus::Apologies,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

impl Presence {
    /// Partial presence as a secretary chooses it from the meeting's own §§: `kind` is
    /// "whole", "only" (only at the chosen §§), "except" (all but them) or "part" (part of the
    /// meeting, with a note such as "till kl. 11"); each chosen § must be one of `numbers`.
    pub fn choose(
        kind: &str,
        chosen: &[&str],
        note: Option<String>,
        numbers: &[ItemNumber],
    ) -> Result<Presence, DomainError> {
        let items = || -> Result<Vec<String>, DomainError> {
            if chosen.is_empty() {
                return Err(DomainError::PresenceWithoutItems);
            }
            chosen
                .iter()
                .map(|label| {
                    numbers
                        .iter()
                        .find(|n| n.as_str() == label.trim())
                        .map(|n| format!("§ {n}"))
                        .ok_or_else(|| DomainError::PresenceUnknownItem(label.chars().take(40).collect()))
                })
                .collect()
        };
        Ok(match kind {
            "" | "whole" => Presence::Whole,
            "only" => Presence::OnlyItems { items: items()? },
            "except" => Presence::ExceptItems { items: items()? },
            "part" => Presence::PartOfMeeting { note },
            other => return Err(DomainError::PresenceUnknownItem(other.chars().take(40).collect())),
        })
    }

    /// The § numbers a partial presence names ("§ 50" → "50"), to show them chosen again.
    pub fn chosen_numbers(&self) -> Vec<String> {
        match self {
            Presence::OnlyItems { items } | Presence::ExceptItems { items } => items
                .iter()
                .map(|label| label.trim_start_matches('§').trim().to_string())
                .collect(),
            Presence::Whole | Presence::PartOfMeeting { .. } => Vec::new(),
        }
    }

    /// The form's word for the kind of presence.
    pub fn kind(&self) -> &'static str {
        match self {
            Presence::Whole => "whole",
            Presence::OnlyItems { .. } => "only",
            Presence::ExceptItems { .. } => "except",
            Presence::PartOfMeeting { .. } => "part",
        }
    }
}

/// How much of the meeting someone attended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Presence {
    Whole,
    /// Only these items: "§ 49", "§§ 50-53" (kept as labels).
    OnlyItems {
        items: Vec<String>,
    },
    /// All but these items: "ej punkten 6".
    ExceptItems {
        items: Vec<String>,
    },
    /// "del av mötet", with the protocol's own words if it gave any.
    PartOfMeeting {
        note: Option<String>,
    },
}

/// One line of the attendance list. "Varberg: -" is an organisation line with no person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    pub person_id: Option<PersonId>,
    pub organisation_id: Option<OrganisationId>,
    /// The organisation as the protocol writes it ("Jämtlands läns landsting", "Varberg").
    #[serde(default)]
    pub organisation: Option<String>,
    /// The name as written, also kept when the person is in the register.
    pub name: Option<String>,
    pub title: Option<String>,
    pub role: Option<crate::Role>,
    /// Among those who decide (beslutande) rather than other participants.
    pub voting: bool,
    pub status: AttendanceStatus,
    pub presence: Presence,
}

/// Whether an adjuster signs as chair, appointed adjuster or secretary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdjusterRole {
    Chair,
    Adjuster,
    Secretary,
}

impl AdjusterRole {
    pub fn code(self) -> &'static str {
        match self {
            AdjusterRole::Chair => "chair",
            AdjusterRole::Adjuster => "adjuster",
            AdjusterRole::Secretary => "secretary",
        }
    }

    pub fn from_code(code: &str) -> Option<AdjusterRole> {
        [AdjusterRole::Chair, AdjusterRole::Adjuster, AdjusterRole::Secretary]
            .into_iter()
            .find(|r| r.code() == code)
    }

    pub fn label_sv(self) -> &'static str {
        match self {
            AdjusterRole::Chair => "Ordförande",
            AdjusterRole::Adjuster => "Justerande",
            AdjusterRole::Secretary => "Sekreterare",
        }
    }
}

/// One signature on the protocol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjuster {
    pub person_id: Option<PersonId>,
    pub name: String,
    pub role: AdjusterRole,
    /// When they approved; none while pending.
    pub approved_at: Option<DateTime<Utc>>,
    /// The SHA-256 of the content they approved. An approval counts only while the protocol
    /// still has this hash: any change after it leaves it void (kept, and shown as void).
    #[serde(default)]
    pub approved_sha256: Option<String>,
    /// An adjuster's note to the secretary; internal, never in a public output.
    pub comment: Option<String>,
}

impl Adjuster {
    /// Whether this signature is needed for the lock (the secretary's is not).
    pub fn approves(&self) -> bool {
        self.role != AdjusterRole::Secretary
    }

    /// Whether this adjuster has approved exactly the content with hash `content_sha256`.
    pub fn has_approved(&self, content_sha256: &str) -> bool {
        self.approved_at.is_some() && self.approved_sha256.as_deref() == Some(content_sha256)
    }

    /// An approval given to content that has changed since.
    pub fn approval_is_void(&self, content_sha256: &str) -> bool {
        self.approved_at.is_some() && !self.has_approved(content_sha256)
    }
}

impl Adjustment {
    /// Whether the approvals lock content with hash `content_sha256`: a chair and at least one
    /// adjuster, distinct persons, and every one who approves has approved this very content.
    pub fn complete_for(&self, content_sha256: &str) -> bool {
        let approvers: Vec<&Adjuster> = self.adjusters.iter().filter(|a| a.approves()).collect();
        let has = |role| approvers.iter().any(|a| a.role == role);
        has(AdjusterRole::Chair)
            && has(AdjusterRole::Adjuster)
            && distinct_persons(&approvers)
            && approvers.iter().all(|a| a.has_approved(content_sha256))
    }
}

/// No person (by register id, else by name) holds two places.
fn distinct_persons(adjusters: &[&Adjuster]) -> bool {
    let key = |a: &Adjuster| match a.person_id {
        Some(id) => format!("id:{id}"),
        None => format!("namn:{}", a.name.trim().to_lowercase()),
    };
    let mut seen = std::collections::HashSet::new();
    adjusters.iter().all(|a| seen.insert(key(a)))
}

/// The adjustment (justering): who, where and when, and the lock once it is done.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Adjustment {
    pub place: Option<String>,
    pub date: Option<NaiveDate>,
    pub adjusters: Vec<Adjuster>,
    /// SHA-256 of the protocol's canonical text, set when it is locked.
    pub content_sha256: Option<String>,
    pub locked_at: Option<DateTime<Utc>>,
}

/// The adjusted minutes put up on the notice board (anslag).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    pub posted_on: NaiveDate,
    pub taken_down_on: Option<NaiveDate>,
}

impl Publication {
    /// Whether the notice is up on `day`: from the day it was posted to the day it comes down.
    pub fn is_up(&self, day: NaiveDate) -> bool {
        self.posted_on <= day && self.taken_down_on.is_none_or(|down| day <= down)
    }
}

/// Where an imported protocol came from; imported protocols are adjusted history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSource {
    pub file_name: String,
    pub sha256: String,
    pub imported_at: DateTime<Utc>,
    /// Where the meeting date came from; `Unknown` marks an import awaiting review, whose
    /// stored date is only the day it was imported.
    #[serde(default)]
    pub date_basis: DateBasis,
}

/// Where an imported protocol's meeting date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateBasis {
    /// The protocol's own text.
    #[default]
    Text,
    /// Given by whoever imported it.
    Given,
    /// The source's file name.
    FileName,
    /// Not known: the import awaits review.
    Unknown,
}

impl DateBasis {
    pub fn code(self) -> &'static str {
        match self {
            DateBasis::Text => "text",
            DateBasis::Given => "given",
            DateBasis::FileName => "file_name",
            DateBasis::Unknown => "unknown",
        }
    }

    pub fn from_code(code: &str) -> Option<DateBasis> {
        [
            DateBasis::Text,
            DateBasis::Given,
            DateBasis::FileName,
            DateBasis::Unknown,
        ]
        .into_iter()
        .find(|b| b.code() == code)
    }
}

/// One sitting of a body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: MeetingId,
    pub body_id: BodyId,
    /// Incremented by every save; a save with a stale version is refused.
    pub version: i64,
    pub date: NaiveDate,
    pub start_time: Option<NaiveTime>,
    pub end_time: Option<NaiveTime>,
    pub place: Option<String>,
    pub video_link: Option<String>,
    pub status: MeetingStatus,
    pub attendance: Vec<Attendance>,
    /// The secretary as the protocol names them.
    pub secretary: Option<String>,
    pub adjustment: Adjustment,
    pub publication: Option<Publication>,
    pub source: Option<ImportSource>,
    /// Dates of coming meetings announced in the protocol.
    pub next_meetings: Vec<NaiveDate>,
    /// Text of the protocol outside its items, kept verbatim: an imported protocol's signature
    /// statement ("Det här dokumentet är elektroniskt underskrivet …"), "På uppdrag av", and the like.
    #[serde(default)]
    pub remarks: Vec<String>,
    /// A secret of this protocol (hex) that keys the digest of each confidential item in the
    /// canonical text, so the public text cannot confirm a guess of a secret item's content.
    /// Never serialised: it leaves the database in a backup only.
    #[serde(skip_serializing, default)]
    pub confidential_key: Option<String>,
}

impl Meeting {
    /// A planned meeting with nothing recorded yet; refuses an end before the start.
    pub fn plan(
        body_id: BodyId,
        date: NaiveDate,
        start_time: Option<NaiveTime>,
        end_time: Option<NaiveTime>,
        place: Option<String>,
    ) -> Result<Meeting, DomainError> {
        let meeting = Meeting {
            id: MeetingId::NEW,
            body_id,
            version: 0,
            date,
            start_time,
            end_time,
            place,
            video_link: None,
            status: MeetingStatus::Planned,
            attendance: Vec::new(),
            secretary: None,
            adjustment: Adjustment::default(),
            publication: None,
            source: None,
            next_meetings: Vec::new(),
            remarks: Vec::new(),
            confidential_key: None,
        };
        meeting.validate()?;
        Ok(meeting)
    }

    /// Checks the rules that hold for every stored meeting.
    pub fn validate(&self) -> Result<(), DomainError> {
        if let (Some(start), Some(end)) = (self.start_time, self.end_time) {
            if end < start {
                return Err(DomainError::MeetingEndsBeforeStart {
                    start: start.format("%H.%M").to_string(),
                    end: end.format("%H.%M").to_string(),
                });
            }
        }
        self.validate_texts()
    }

    /// Refuses a text longer than its field allows (see [`crate::limits`]).
    fn validate_texts(&self) -> Result<(), DomainError> {
        use crate::limits::{check, check_entries, check_opt, NOTE, TEXT, TITLE};
        check_opt("Plats", self.place.as_deref(), TITLE)?;
        check_opt("Länk till mötet", self.video_link.as_deref(), TITLE)?;
        check_opt("Sekreterare", self.secretary.as_deref(), TITLE)?;
        check_opt("Justeringens plats", self.adjustment.place.as_deref(), TITLE)?;
        check_entries("Närvaro", &self.attendance)?;
        for a in &self.attendance {
            check_opt("Namn", a.name.as_deref(), TITLE)?;
            check_opt("Organisation", a.organisation.as_deref(), TITLE)?;
            check_opt("Titel", a.title.as_deref(), TITLE)?;
            match &a.presence {
                Presence::OnlyItems { items } | Presence::ExceptItems { items } => {
                    check_entries("Närvaro vid paragrafer", items)?;
                    for item in items {
                        check("Närvaro vid paragrafer", item, TITLE)?;
                    }
                }
                Presence::PartOfMeeting { note } => check_opt("Närvaro", note.as_deref(), TITLE)?,
                Presence::Whole => {}
            }
        }
        check_entries("Justerare", &self.adjustment.adjusters)?;
        for adjuster in &self.adjustment.adjusters {
            check("Justerare", &adjuster.name, TITLE)?;
            check_opt("Justerarens kommentar", adjuster.comment.as_deref(), TEXT)?;
        }
        check_entries("Kommande sammanträden", &self.next_meetings)?;
        check_entries("Övrigt i protokollets huvud", &self.remarks)?;
        for remark in &self.remarks {
            check("Övrigt i protokollets huvud", remark, NOTE)?;
        }
        Ok(())
    }

    /// Gives the protocol its secret for confidential digests (32 random bytes from the
    /// caller); a protocol keeps the first it gets, and a locked one gets none, since its hash
    /// was computed without.
    pub fn ensure_confidential_key(&mut self, random: [u8; 32]) {
        if self.confidential_key.is_none() && self.adjustment.content_sha256.is_none() {
            self.confidential_key = Some(hex::encode(random));
        }
    }

    /// A notice (kallelse) calls members to a meeting still to be held: once the protocol is
    /// adjusted, there is nothing to call them to.
    pub fn ensure_notice_may_be_sent(&self) -> Result<(), DomainError> {
        if self.status.is_locked() {
            Err(DomainError::NoticeAfterAdjustment)
        } else {
            Ok(())
        }
    }

    /// A meeting may be deleted (a mistake, or one called off) until its minutes go out for
    /// adjustment; after that, what the adjusters saw stays.
    pub fn ensure_deletable(&self) -> Result<(), DomainError> {
        if self.status.is_locked() || self.status == MeetingStatus::SentForAdjustment {
            Err(DomainError::MeetingNotDeletable(self.status))
        } else {
            Ok(())
        }
    }

    /// Moves the meeting to another day, time or place while the protocol is open; the
    /// change is checked as a new plan would be.
    pub fn reschedule(
        &mut self,
        date: NaiveDate,
        start_time: Option<NaiveTime>,
        end_time: Option<NaiveTime>,
        place: Option<String>,
        video_link: Option<String>,
    ) -> Result<(), DomainError> {
        self.ensure_editable()?;
        let changed = Meeting {
            date,
            start_time,
            end_time,
            place,
            video_link,
            ..self.clone()
        };
        changed.validate()?;
        *self = changed;
        Ok(())
    }

    /// A member's answer to the notice before the meeting: coming, or förhinder (apologies),
    /// recorded on their line of the attendance (`line` is that line as the membership gives
    /// it). Once the meeting is held, the secretary keeps the attendance.
    pub fn answer_notice(&mut self, line: Attendance, coming: bool) -> Result<(), DomainError> {
        if !matches!(self.status, MeetingStatus::Planned | MeetingStatus::NoticeSent) {
            return Err(DomainError::NoticeAnswerClosed);
        }
        let status = if coming {
            AttendanceStatus::Present
        } else {
            AttendanceStatus::Apologies
        };
        match self
            .attendance
            .iter_mut()
            .find(|a| a.person_id.is_some() && a.person_id == line.person_id)
        {
            Some(existing) => existing.status = status,
            None => self.attendance.push(Attendance { status, ..line }),
        }
        Ok(())
    }

    /// The answer a person gave to the notice, if they gave one.
    pub fn answer_of(&self, person: PersonId) -> Option<AttendanceStatus> {
        self.attendance
            .iter()
            .find(|a| a.person_id == Some(person))
            .map(|a| a.status)
    }

    /// Refuses any change to a protocol that has been adjusted.
    pub fn ensure_editable(&self) -> Result<(), DomainError> {
        if self.status.is_locked() {
            Err(DomainError::ProtocolAdjusted)
        } else {
            Ok(())
        }
    }

    /// Moves the meeting along its life cycle. Adjusting needs every signature and locks the
    /// protocol with the given content hash.
    pub fn transition(
        &mut self,
        to: MeetingStatus,
        content_sha256: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<(), DomainError> {
        if !self.status.can_move_to(to) {
            return Err(if self.status.is_locked() && to != MeetingStatus::Published {
                DomainError::ProtocolAdjusted
            } else {
                DomainError::InvalidTransition { from: self.status, to }
            });
        }
        if to == MeetingStatus::Adjusted {
            let hash = content_sha256.ok_or(DomainError::Missing("innehållets kontrollsumma"))?;
            if !self.adjustment.complete_for(&hash) {
                return Err(DomainError::AdjustmentIncomplete);
            }
            self.adjustment.content_sha256 = Some(hash);
            self.adjustment.locked_at = Some(now);
        }
        self.status = to;
        Ok(())
    }

    /// Adds a place to sign (chair, adjuster or secretary) while the minutes are still being
    /// written; one person holds at most one place.
    pub fn add_adjuster(&mut self, adjuster: Adjuster) -> Result<(), DomainError> {
        self.ensure_adjusters_open()?;
        let same = |a: &Adjuster| match (a.person_id, adjuster.person_id) {
            (Some(a), Some(b)) => a == b,
            _ => a.name.trim().eq_ignore_ascii_case(adjuster.name.trim()),
        };
        if self.adjustment.adjusters.iter().any(same) {
            return Err(DomainError::AdjusterTwice(adjuster.name));
        }
        self.adjustment.adjusters.push(Adjuster {
            approved_at: None,
            approved_sha256: None,
            comment: None,
            ..adjuster
        });
        Ok(())
    }

    /// Removes the place at `index` (to replace an adjuster who cannot sign).
    pub fn remove_adjuster(&mut self, index: usize) -> Result<Adjuster, DomainError> {
        self.ensure_adjusters_open()?;
        if index >= self.adjustment.adjusters.len() {
            return Err(DomainError::Missing("justerare"));
        }
        Ok(self.adjustment.adjusters.remove(index))
    }

    /// Who signs is settled when the minutes go out for adjustment.
    fn ensure_adjusters_open(&self) -> Result<(), DomainError> {
        self.ensure_editable()?;
        if self.status == MeetingStatus::SentForAdjustment {
            return Err(DomainError::AdjustersSettled);
        }
        Ok(())
    }
}

/// What became of an approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalOutcome {
    /// Recorded; others have yet to approve this content.
    Recorded,
    /// The last approval needed: the protocol is now adjusted and locked with the hash.
    Adjusted,
}

impl crate::Protocol {
    /// The approval (justering) of the protocol as it stands by `person`, who must hold a place
    /// as chair or adjuster. The approval records the SHA-256 of the content; when the chair and
    /// every adjuster have approved the same content, the protocol is adjusted and locked with
    /// that hash. The adjustment date, if none was planned, is the day of the first approval
    /// (it is part of the content, so it must be fixed before anyone approves).
    pub fn approve(
        &mut self,
        person: crate::PersonId,
        comment: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<ApprovalOutcome, DomainError> {
        let meeting = &self.meeting;
        meeting.ensure_editable()?;
        if meeting.status != MeetingStatus::SentForAdjustment {
            return Err(DomainError::NotSentForAdjustment);
        }
        let index = meeting
            .adjustment
            .adjusters
            .iter()
            .position(|a| a.person_id == Some(person) && a.approves())
            .ok_or(DomainError::NotAnAdjuster)?;
        self.meeting.adjustment.date.get_or_insert(now.date_naive());
        let hash = self.content_sha256();
        let adjuster = &mut self.meeting.adjustment.adjusters[index];
        if adjuster.has_approved(&hash) {
            return Err(DomainError::AlreadyApproved);
        }
        adjuster.approved_at = Some(now);
        adjuster.approved_sha256 = Some(hash.clone());
        if comment.is_some() {
            adjuster.comment = comment;
        }
        if self.meeting.adjustment.complete_for(&hash) {
            self.meeting.transition(MeetingStatus::Adjusted, Some(hash), now)?;
            Ok(ApprovalOutcome::Adjusted)
        } else {
            Ok(ApprovalOutcome::Recorded)
        }
    }

    /// The content's hash as it stands, and which approvals it has made void.
    pub fn void_approvals(&self) -> Vec<&Adjuster> {
        let hash = self.content_sha256();
        self.meeting
            .adjustment
            .adjusters
            .iter()
            .filter(|a| a.approval_is_void(&hash))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PersonId;

    fn now() -> DateTime<Utc> {
        "2023-10-27T10:00:00Z".parse().unwrap()
    }

    fn signer(person: i64, role: AdjusterRole) -> Adjuster {
        Adjuster {
            person_id: Some(crate::PersonId(person)),
            name: format!("Person {person}"),
            role,
            approved_at: None,
            approved_sha256: None,
            comment: None,
        }
    }

    fn protocol_out_for_adjustment(signers: Vec<Adjuster>) -> crate::Protocol {
        let mut meeting = Meeting::plan(BodyId(1), "2023-10-20".parse().unwrap(), None, None, None).unwrap();
        for signer in signers {
            meeting.add_adjuster(signer).unwrap();
        }
        for status in [
            MeetingStatus::Held,
            MeetingStatus::MinutesDrafted,
            MeetingStatus::SentForAdjustment,
        ] {
            meeting.transition(status, None, now()).unwrap();
        }
        let body = crate::Body {
            id: BodyId(1),
            name: "Testorganet".into(),
            short_name: "TO".into(),
            parent_id: None,
            county_code: None,
            numbering: crate::NumberingRule::PerYear,
            description: None,
            notice_days: 21,
            logo_sha256: None,
        };
        let item = crate::Item::new(crate::ItemNumber::paragraph(1), "Ett ärende");
        crate::Protocol {
            body,
            meeting,
            items: vec![item],
        }
    }

    #[test]
    fn the_chair_and_an_adjuster_approving_the_same_content_lock_it() {
        let mut protocol =
            protocol_out_for_adjustment(vec![signer(1, AdjusterRole::Chair), signer(2, AdjusterRole::Adjuster)]);
        assert_eq!(
            protocol.approve(PersonId(1), None, now()),
            Ok(ApprovalOutcome::Recorded)
        );
        assert_eq!(
            protocol.approve(PersonId(1), None, now()),
            Err(DomainError::AlreadyApproved)
        );
        assert_eq!(
            protocol.approve(PersonId(3), None, now()),
            Err(DomainError::NotAnAdjuster)
        );
        assert_eq!(
            protocol.approve(PersonId(2), None, now()),
            Ok(ApprovalOutcome::Adjusted)
        );
        let meeting = &protocol.meeting;
        assert_eq!(meeting.status, MeetingStatus::Adjusted);
        assert_eq!(meeting.adjustment.content_sha256, Some(protocol.content_sha256()));
        assert_eq!(meeting.adjustment.date, Some(now().date_naive()));
        assert_eq!(meeting.ensure_editable(), Err(DomainError::ProtocolAdjusted));
        assert_eq!(
            protocol
                .clone()
                .meeting
                .transition(MeetingStatus::MinutesDrafted, None, now()),
            Err(DomainError::ProtocolAdjusted)
        );
        assert_eq!(
            protocol.approve(PersonId(1), None, now()),
            Err(DomainError::ProtocolAdjusted)
        );
        protocol
            .meeting
            .transition(MeetingStatus::Published, None, now())
            .unwrap();
    }

    #[test]
    fn a_change_after_an_approval_makes_it_void_and_the_lock_waits_for_a_new_one() {
        let mut protocol =
            protocol_out_for_adjustment(vec![signer(1, AdjusterRole::Adjuster), signer(2, AdjusterRole::Chair)]);
        protocol.approve(PersonId(1), None, now()).unwrap();
        protocol.items[0]
            .notes
            .push("En mening som ingen justerare har sett.".into());
        assert_eq!(protocol.void_approvals().len(), 1);
        // The chair approves the new text; the adjuster's approval was of the old one.
        assert_eq!(
            protocol.approve(PersonId(2), None, now()),
            Ok(ApprovalOutcome::Recorded)
        );
        assert_eq!(protocol.meeting.status, MeetingStatus::SentForAdjustment);
        assert_eq!(
            protocol.approve(PersonId(1), None, now()),
            Ok(ApprovalOutcome::Adjusted)
        );
        assert!(protocol.void_approvals().is_empty());
    }

    #[test]
    fn one_person_cannot_sign_alone_or_twice() {
        // A secretary who made themself chair, with no adjuster: no lock.
        let mut alone =
            protocol_out_for_adjustment(vec![signer(9, AdjusterRole::Secretary), signer(1, AdjusterRole::Chair)]);
        assert_eq!(alone.approve(PersonId(9), None, now()), Err(DomainError::NotAnAdjuster));
        assert_eq!(alone.approve(PersonId(1), None, now()), Ok(ApprovalOutcome::Recorded));
        assert_eq!(alone.meeting.status, MeetingStatus::SentForAdjustment);
        let mut meeting = Meeting::plan(BodyId(1), "2023-10-20".parse().unwrap(), None, None, None).unwrap();
        meeting.add_adjuster(signer(1, AdjusterRole::Chair)).unwrap();
        assert_eq!(
            meeting.add_adjuster(signer(1, AdjusterRole::Adjuster)),
            Err(DomainError::AdjusterTwice("Person 1".into()))
        );
        meeting.add_adjuster(signer(2, AdjusterRole::Adjuster)).unwrap();
        assert_eq!(meeting.remove_adjuster(1).unwrap().person_id, Some(PersonId(2)));
        meeting.add_adjuster(signer(3, AdjusterRole::Adjuster)).unwrap();
        for status in [
            MeetingStatus::Held,
            MeetingStatus::MinutesDrafted,
            MeetingStatus::SentForAdjustment,
        ] {
            meeting.transition(status, None, now()).unwrap();
        }
        assert_eq!(meeting.remove_adjuster(0), Err(DomainError::AdjustersSettled));
        assert_eq!(
            meeting.transition(MeetingStatus::Adjusted, Some("ab".into()), now()),
            Err(DomainError::AdjustmentIncomplete)
        );
    }

    #[test]
    fn life_cycle_refuses_skipping_steps() {
        let mut meeting = Meeting::plan(BodyId(1), "2023-10-20".parse().unwrap(), None, None, None).unwrap();
        let err = meeting.transition(MeetingStatus::Published, None, now()).unwrap_err();
        assert!(matches!(err, DomainError::InvalidTransition { .. }));
        assert!(err.to_string().contains("planerat"));
        assert_eq!(meeting.status, MeetingStatus::Planned);
    }

    #[test]
    fn plan_refuses_end_before_start() {
        let err = Meeting::plan(
            BodyId(1),
            "2023-10-20".parse().unwrap(),
            Some(NaiveTime::from_hms_opt(13, 0, 0).unwrap()),
            Some(NaiveTime::from_hms_opt(9, 0, 0).unwrap()),
            None,
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "Mötet slutar (09.00) innan det börjar (13.00).");
    }
}
