//! Meetings, their life cycle, attendance, adjustment (justering) and publication.
//!
//! The life cycle is: planned → notice sent → held → minutes drafted → sent for adjustment →
//! adjusted → published. Once adjusted, a protocol is locked: [`Meeting::ensure_editable`]
//! refuses every change, and only publication may still be recorded.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{BodyId, DomainError, MeetingId, OrganisationId, PersonId};

/// Where a meeting is in its life.
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
}

impl MeetingStatus {
    pub const ALL: [MeetingStatus; 7] = [
        MeetingStatus::Planned,
        MeetingStatus::NoticeSent,
        MeetingStatus::Held,
        MeetingStatus::MinutesDrafted,
        MeetingStatus::SentForAdjustment,
        MeetingStatus::Adjusted,
        MeetingStatus::Published,
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
        )
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
    pub comment: Option<String>,
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

    /// A notice (kallelse) calls members to a meeting still to be held: once the protocol is
    /// adjusted, there is nothing to call them to.
    pub fn ensure_notice_may_be_sent(&self) -> Result<(), DomainError> {
        if self.status.is_locked() {
            Err(DomainError::NoticeAfterAdjustment)
        } else {
            Ok(())
        }
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
            let signed = !self.adjustment.adjusters.is_empty()
                && self
                    .adjustment
                    .adjusters
                    .iter()
                    .filter(|a| a.role != AdjusterRole::Secretary)
                    .all(|a| a.approved_at.is_some());
            let hash = content_sha256.ok_or(DomainError::Missing("innehållets kontrollsumma"))?;
            if !signed {
                return Err(DomainError::AdjustmentIncomplete);
            }
            self.adjustment.content_sha256 = Some(hash);
            self.adjustment.locked_at = Some(now);
        }
        self.status = to;
        Ok(())
    }

    /// Records an approval by the adjuster at `index`; only while the draft is out for adjustment.
    pub fn approve(&mut self, index: usize, now: DateTime<Utc>) -> Result<(), DomainError> {
        self.ensure_editable()?;
        if self.status != MeetingStatus::SentForAdjustment {
            return Err(DomainError::InvalidTransition {
                from: self.status,
                to: MeetingStatus::Adjusted,
            });
        }
        let adjuster = self
            .adjustment
            .adjusters
            .get_mut(index)
            .ok_or(DomainError::Missing("justerare"))?;
        adjuster.approved_at = Some(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2023-10-27T10:00:00Z".parse().unwrap()
    }

    fn meeting_out_for_adjustment() -> Meeting {
        let mut meeting = Meeting::plan(BodyId(1), "2023-10-20".parse().unwrap(), None, None, None).unwrap();
        meeting.adjustment.adjusters = vec![
            Adjuster {
                person_id: None,
                name: "Ordförande Ett".into(),
                role: AdjusterRole::Chair,
                approved_at: None,
                comment: None,
            },
            Adjuster {
                person_id: None,
                name: "Justerare Två".into(),
                role: AdjusterRole::Adjuster,
                approved_at: None,
                comment: None,
            },
        ];
        for status in [
            MeetingStatus::Held,
            MeetingStatus::MinutesDrafted,
            MeetingStatus::SentForAdjustment,
        ] {
            meeting.transition(status, None, now()).unwrap();
        }
        meeting
    }

    #[test]
    fn adjusting_needs_every_approval_then_locks() {
        let mut meeting = meeting_out_for_adjustment();
        meeting.approve(0, now()).unwrap();
        assert_eq!(
            meeting.transition(MeetingStatus::Adjusted, Some("ab".into()), now()),
            Err(DomainError::AdjustmentIncomplete)
        );
        meeting.approve(1, now()).unwrap();
        meeting
            .transition(MeetingStatus::Adjusted, Some("ab".into()), now())
            .unwrap();
        assert_eq!(meeting.adjustment.content_sha256.as_deref(), Some("ab"));
        assert_eq!(meeting.ensure_editable(), Err(DomainError::ProtocolAdjusted));
        assert_eq!(
            meeting.transition(MeetingStatus::MinutesDrafted, None, now()),
            Err(DomainError::ProtocolAdjusted)
        );
        assert_eq!(meeting.approve(0, now()), Err(DomainError::ProtocolAdjusted));
        meeting.transition(MeetingStatus::Published, None, now()).unwrap();
        assert_eq!(meeting.ensure_editable(), Err(DomainError::ProtocolAdjusted));
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
