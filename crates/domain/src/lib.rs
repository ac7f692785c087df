//! The domain model of Samverkan and its rules, with no I/O.
//!
//! Identifiers follow the vocabulary in DOMAIN.md: a [`Body`] holds [`Meeting`]s whose
//! minutes are a list of [`Item`]s; an item's [`Decision`] is made of [`Clause`]s, and
//! [`Recommendation`]s, [`Assignment`]s and [`Attachment`]s hang off items. Money is
//! integer öre ([`Money`]). The life cycle of a meeting, and the rule that an adjusted
//! protocol never changes, are enforced here so that every front end gets them for free.

mod agenda;
mod agreement;
mod body;
mod cost_share;
mod dispatch;
mod error;
mod follow_up;
mod grant;
mod ids;
mod item;
pub mod limits;
mod meeting;
mod money;
mod numbering;
mod organisation;
mod proceedings;
mod protocol;
pub mod swedish_time;

pub use agenda::carried_over;
pub use agreement::{Agreement, AgreementExtension, YearlyParameter};
pub use body::{first_paragraph_number, Body, NumberingRule, DEFAULT_NOTICE_DAYS};
pub use cost_share::{split_by_weights, CostShare, CostShareKey, CostSharePart, SplitParty};
pub use dispatch::{Dispatch, DispatchKind};
pub use error::DomainError;
pub use follow_up::{
    assignment_status, is_overdue, pending_organisations, AssignmentFollowUp, RecommendationResponse, ResponseStatus,
};
pub use grant::{ActivityBalance, Allocation, Grant};
pub use ids::*;
pub use item::{
    Addressee, Assignment, AssignmentStatus, Attachment, Clause, Decision, Due, Item, ItemNumber, ItemOutcome,
    Presenter, Recommendation,
};
pub use meeting::{
    Adjuster, AdjusterRole, Adjustment, ApprovalOutcome, Attendance, AttendanceStatus, DateBasis, ImportSource,
    Meeting, MeetingStatus, Presence, Publication,
};
pub use money::Money;
pub use numbering::{ensure_number_free, in_number_order, suggest_number, suggest_numbers, Numbered};
pub use organisation::{Membership, Organisation, OrganisationKind, Period, Person, Role};
pub use proceedings::{Ballot, Choice, Proceedings, Section, Statement, Vote};
pub use protocol::{Protocol, CONFIDENTIAL_TITLE};
