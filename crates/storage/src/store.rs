//! The [`Store`] trait: every read and write the application makes.

use async_trait::async_trait;

use crate::ChangeSignal;
use chrono::{DateTime, NaiveDate, Utc};
use samverkan_domain::{
    Agreement, AgreementExtension, AgreementId, Allocation, ApprovalOutcome, AssignmentFollowUp, Body, BodyId,
    CostShare, CostShareId, Dispatch, Grant, GrantId, Item, ItemId, Meeting, MeetingId, Membership, Numbered,
    Organisation, OrganisationId, Person, PersonId, Protocol, RecommendationResponse, UserId, YearlyParameter,
};

use crate::Result;

/// What a user account may do across the system; per-body and per-meeting rights
/// (secretary of a body, adjuster of a meeting) come from memberships and adjustments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserRole {
    Administrator,
    Secretary,
    Member,
}

impl UserRole {
    pub fn code(self) -> &'static str {
        match self {
            UserRole::Administrator => "administrator",
            UserRole::Secretary => "secretary",
            UserRole::Member => "member",
        }
    }

    /// The role as the interface names it.
    pub fn label_sv(self) -> &'static str {
        match self {
            UserRole::Administrator => "Administratör",
            UserRole::Secretary => "Sekreterare",
            UserRole::Member => "Ledamot",
        }
    }

    pub fn from_code(code: &str) -> Option<UserRole> {
        [UserRole::Administrator, UserRole::Secretary, UserRole::Member]
            .into_iter()
            .find(|r| r.code() == code)
    }
}

/// The kinds of record whose making and last change the store keeps (for OParl).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Body,
    Organisation,
    Person,
    Membership,
    Meeting,
    Item,
}

impl RecordKind {
    /// The table the records live in.
    pub fn table(self) -> &'static str {
        match self {
            RecordKind::Body => "bodies",
            RecordKind::Organisation => "organisations",
            RecordKind::Person => "persons",
            RecordKind::Membership => "memberships",
            RecordKind::Meeting => "meetings",
            RecordKind::Item => "items",
        }
    }

    /// How the deletions log names the kind, for the kinds it keeps.
    pub fn deletion_code(self) -> Option<&'static str> {
        match self {
            RecordKind::Meeting => Some("meeting"),
            RecordKind::Item => Some("item"),
            _ => None,
        }
    }
}

/// A deleted meeting or item, as the deletions log keeps it (for OParl's tombstones).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deletion {
    pub kind: RecordKind,
    pub id: i64,
    /// A meeting's body, an item's meeting.
    pub parent_id: i64,
    pub created: Option<DateTime<Utc>>,
    pub deleted: DateTime<Utc>,
}

/// One thing that changed in a body since a time: a meeting (itself, or one of its items
/// added, changed or deleted), or a meeting deleted.
#[derive(Debug, Clone)]
pub enum Change {
    Changed(Box<Meeting>),
    Deleted(Deletion),
}

/// When a record was made and last changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordTimes {
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
}

/// A meeting as a list of meetings shows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MeetingListing {
    pub id: i64,
    pub body_id: i64,
    pub date: NaiveDate,
    pub start_time: Option<chrono::NaiveTime>,
    pub end_time: Option<chrono::NaiveTime>,
    pub place: Option<String>,
    /// The life-cycle state's code ([`samverkan_domain::MeetingStatus::code`]).
    pub status: String,
    pub content_sha256: Option<String>,
    pub published_on: Option<NaiveDate>,
}

/// A stored rendering of a locked protocol, with what it was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedRendering {
    pub content_sha256: String,
    pub meeting_version: i64,
    pub content: Vec<u8>,
}

/// A user account to create; the password arrives already hashed (argon2, PHC string).
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: UserRole,
    pub person_id: Option<PersonId>,
}

/// Meeting dates from the first (inclusive) to the second (exclusive): a year of an archive.
pub type Between = (NaiveDate, NaiveDate);

/// An old protocol uploaded in the web and not yet stored as history: its source file (in the
/// file store) and what the reviewer has corrected so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingImport {
    pub id: i64,
    pub body_id: BodyId,
    /// Incremented by every save of the corrections; a save with a stale version is refused.
    pub version: i64,
    pub file_name: String,
    /// The source file's SHA-256, under which its bytes are in the file store.
    pub source_sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
    /// The reviewer's corrections as JSON (the importer's `Corrections`).
    pub corrections: String,
}

/// A stored user account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: UserRole,
    pub person_id: Option<PersonId>,
    /// A disabled account can neither log in nor keep a session.
    pub disabled: bool,
}

/// Every read and write of Samverkan's data. Create methods ignore the id (and version) of
/// what they are given and return the stored value with the id the store assigned.
#[async_trait]
pub trait Store: Send + Sync {
    /// Which backend this is ("sqlite", "postgres"), for logs and `--help`.
    fn backend(&self) -> &'static str;

    async fn create_organisation(&self, organisation: &Organisation) -> Result<Organisation>;
    async fn organisation(&self, id: OrganisationId) -> Result<Organisation>;
    async fn organisations(&self) -> Result<Vec<Organisation>>;
    /// The organisations with a member in the body, by name.
    async fn member_organisations(&self, body: BodyId) -> Result<Vec<Organisation>>;

    async fn create_person(&self, person: &Person) -> Result<Person>;
    async fn person(&self, id: PersonId) -> Result<Person>;
    async fn persons(&self) -> Result<Vec<Person>>;
    /// The people who hold or have held a membership in the body, by name: what a body's pages
    /// and forms look members up in, instead of every person of the installation.
    async fn persons_in(&self, body: BodyId) -> Result<Vec<Person>>;

    async fn create_body(&self, body: &Body) -> Result<Body>;
    async fn body(&self, id: BodyId) -> Result<Body>;
    /// Gives a body its logo (a stored file's SHA-256), or takes it away with `None`.
    async fn set_body_logo(&self, body: BodyId, logo_sha256: Option<&str>) -> Result<Body>;
    /// All bodies, sub-groups after their parents, by name.
    async fn bodies(&self) -> Result<Vec<Body>>;
    async fn add_membership(&self, membership: &Membership) -> Result<Membership>;
    async fn memberships(&self, body: BodyId) -> Result<Vec<Membership>>;

    /// Stores a meeting with its attendance, adjusters and publication.
    async fn create_meeting(&self, meeting: &Meeting) -> Result<Meeting>;
    async fn meeting(&self, id: MeetingId) -> Result<Meeting>;
    /// A body's meetings by date, oldest first.
    async fn meetings(&self, body: BodyId) -> Result<Vec<Meeting>>;
    /// Saves a changed meeting if `meeting.version` is still the stored one. Once the stored
    /// meeting is adjusted, only publishing it is accepted.
    async fn update_meeting(&self, meeting: &Meeting) -> Result<Meeting>;

    /// Deletes a meeting with its items, if `version` is still the stored one and the meeting
    /// may be deleted ([`Meeting::ensure_deletable`]); refused while another meeting links to
    /// one of its items.
    async fn delete_meeting(&self, id: MeetingId, version: i64) -> Result<()>;

    /// Adds an item to `item.meeting_id`, unless that protocol is adjusted or its number is
    /// already used in the § series; the meeting's items are then kept in number order.
    async fn add_item(&self, item: &Item) -> Result<Item>;
    async fn item(&self, id: ItemId) -> Result<Item>;
    /// The items numbered in the § series `meeting` belongs to (its year or itself, by the
    /// body's rule), to suggest the next number.
    async fn series(&self, meeting: MeetingId) -> Result<Vec<Numbered>>;
    /// A meeting's items in position order.
    async fn items(&self, meeting: MeetingId) -> Result<Vec<Item>>;
    /// Saves a changed item if `item.version` is still the stored one, the protocol is open and
    /// the number is free in its series; it may move to another open meeting.
    async fn update_item(&self, item: &Item) -> Result<Item>;
    /// Deletes an item if `version` is still the stored one and the protocol is open.
    async fn delete_item(&self, id: ItemId, version: i64) -> Result<()>;
    /// Protocols whose notice is up on `day` (posted on or before it, not yet taken down),
    /// newest posting first, at most `limit`.
    async fn notices_up(&self, day: NaiveDate, limit: i64) -> Result<Vec<Meeting>>;
    /// The first and last meeting date of a body, if it has meetings.
    async fn meeting_date_range(&self, body: BodyId) -> Result<Option<(NaiveDate, NaiveDate)>>;
    /// A body's meetings dated from `from` up to (not including) `until`, by date, skipping
    /// `offset` and returning at most `limit`.
    async fn meetings_between(
        &self,
        body: BodyId,
        from: NaiveDate,
        until: NaiveDate,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<Meeting>>;
    /// The same list as [`Store::meetings_between`] over a body's whole archive, but of each
    /// meeting only what a list shows, in one query: for the API's pages of meetings.
    async fn meeting_listings(&self, body: BodyId, offset: i64, limit: i64) -> Result<Vec<MeetingListing>>;
    /// Changes to what search sees with an id above `after`, oldest first, at most `limit`:
    /// (change id, meeting changed).
    /// A signal that wakes a follower of the change log when another process may have written
    /// to it (PostgreSQL's `NOTIFY`, sent by the change log's triggers); `None` where the
    /// backend has none and followers only poll (SQLite).
    async fn change_signal(&self) -> Result<Option<ChangeSignal>>;
    async fn search_changes(&self, after: i64, limit: i64) -> Result<Vec<(i64, MeetingId)>>;
    /// The id of the latest change to what search sees (0 when there is none).
    async fn last_search_change(&self) -> Result<i64>;
    /// The items of a body's adjusted protocols that carry a recommendation or an assignment,
    /// with their meetings' dates, by meeting date and position; confidential items left out.
    /// With a period (from, to exclusive), only those of meetings in it.
    async fn followed_items(&self, body: BodyId, period: Option<Between>) -> Result<Vec<(NaiveDate, Item)>>;
    /// A person's memberships in every body.
    async fn memberships_of(&self, person: PersonId) -> Result<Vec<Membership>>;
    /// Meetings of these bodies dated `from` or later, not cancelled, by date, at most `limit`.
    async fn coming_meetings(&self, bodies: &[BodyId], from: NaiveDate, limit: i64) -> Result<Vec<Meeting>>;
    /// A body's adjusted protocols, newest meeting first, at most `limit` (for its feed).
    async fn recent_protocols(&self, body: BodyId, limit: i64) -> Result<Vec<Meeting>>;
    /// What may come back on the agenda of the body's meeting on `before`: the items of earlier
    /// meetings that were tabled or carry an assignment (confidential ones left out), with their
    /// meetings, by date; and the latest earlier meeting even without such items, since when
    /// something falls due depends on it.
    async fn returning_items(&self, body: BodyId, before: NaiveDate) -> Result<Vec<(Meeting, Vec<Item>)>>;
    /// The body's meetings after `date` that are still open (neither adjusted nor cancelled),
    /// by date, at most `limit`: where a correction of a locked protocol can be taken up.
    async fn open_meetings_after(&self, body: BodyId, date: NaiveDate, limit: i64) -> Result<Vec<Meeting>>;
    /// Adjusted protocols of these bodies not yet published, by date, at most `limit`.
    async fn unpublished(&self, bodies: &[BodyId], limit: i64) -> Result<Vec<Meeting>>;
    /// Items of adjusted protocols with an assignment not closed in the protocol to `person` or
    /// one of `organisations`, newest first, at most `limit`; confidential items left out.
    async fn assignments_to(
        &self,
        person: PersonId,
        organisations: &[OrganisationId],
        limit: i64,
    ) -> Result<Vec<(Meeting, Item)>>;
    /// Items of adjusted protocols recommending something to `organisation`, newest first, at
    /// most `limit`; confidential items left out.
    async fn recommendations_to(&self, organisation: OrganisationId, limit: i64) -> Result<Vec<(Meeting, Item)>>;
    /// Items of these bodies' adjusted protocols with an assignment due by a date before `today`
    /// and not closed in the protocol, oldest first, at most `limit`.
    async fn overdue_assignments(
        &self,
        bodies: &[BodyId],
        today: NaiveDate,
        limit: i64,
    ) -> Result<Vec<(Meeting, Item)>>;
    /// When each of these records was made and last changed (records without times left out).
    async fn record_times(&self, kind: RecordKind, ids: &[i64]) -> Result<Vec<(i64, RecordTimes)>>;
    /// The deleted meeting or item with this id, if the deletions log has it.
    async fn deletion(&self, kind: RecordKind, id: i64) -> Result<Option<Deletion>>;
    /// What changed in `body` at or after `since`, by id: its meetings that changed (or whose
    /// items did; an item's deletion changes its meeting) and its meetings deleted, `offset` and `limit` over both together.
    async fn changes_since(&self, body: BodyId, since: DateTime<Utc>, offset: i64, limit: i64) -> Result<Vec<Change>>;
    /// How many meetings each body has, counted in the database.
    async fn meeting_counts(&self) -> Result<Vec<(BodyId, i64)>>;
    /// Meetings out for adjustment where `person` holds a place as chair or adjuster, by date.
    async fn meetings_to_adjust(&self, person: PersonId) -> Result<Vec<Meeting>>;
    /// `person`'s approval of the protocol as it stands ([`Protocol::approve`]), read, hashed,
    /// checked and, when it is the last one needed, locked in one transaction: an item save
    /// racing it either lands before (and is in the hash) or is refused as locked.
    async fn approve(
        &self,
        meeting: MeetingId,
        version: i64,
        person: PersonId,
        comment: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<(Meeting, ApprovalOutcome)>;

    /// The whole protocol of a meeting: its body, the meeting and the items.
    async fn protocol(&self, meeting: MeetingId) -> Result<Protocol>;
    /// The protocols of these meetings, in the order given (missing ones left out), read in a
    /// few queries whatever their number: for lists that show whole meetings.
    async fn protocols(&self, meetings: &[MeetingId]) -> Result<Vec<Protocol>>;
    /// Stores a whole protocol (meeting and items) in one transaction, whatever its status:
    /// this is how imported, already adjusted history comes in.
    async fn create_protocol(&self, protocol: &Protocol) -> Result<Protocol>;
    /// Stores an imported protocol with the grants and cost splits found in it, in one
    /// transaction: the body is found by name (or created), each grant and split is tied to the
    /// item at its position, and a file already imported (same SHA-256) is refused.
    async fn create_imported_protocol(
        &self,
        protocol: &Protocol,
        grants: &[(usize, Grant)],
        cost_shares: &[(usize, CostShare)],
    ) -> Result<Protocol>;

    /// Keeps an uploaded protocol for review. Refused as a duplicate when the same file awaits
    /// review or has been imported already.
    async fn add_pending_import(&self, pending: &PendingImport) -> Result<PendingImport>;
    /// A body's uploads awaiting review, oldest first, at most `limit`.
    async fn pending_imports(&self, body: BodyId, limit: i64) -> Result<Vec<PendingImport>>;
    async fn pending_import(&self, id: i64) -> Result<PendingImport>;
    /// Saves the corrections made on `version`; a stale version is a conflict.
    async fn correct_pending_import(&self, id: i64, version: i64, corrections: &str) -> Result<PendingImport>;
    /// Stores the reviewed protocol (as [`Store::create_imported_protocol`]) and removes the
    /// upload, in one transaction; `version` must still be the upload's.
    async fn complete_pending_import(
        &self,
        id: i64,
        version: i64,
        protocol: &Protocol,
        grants: &[(usize, Grant)],
        cost_shares: &[(usize, CostShare)],
    ) -> Result<Protocol>;
    /// Discards an upload (its file stays in the file store, which never deletes).
    async fn discard_pending_import(&self, id: i64) -> Result<()>;

    async fn create_grant(&self, grant: &Grant) -> Result<Grant>;
    async fn grant(&self, id: GrantId) -> Result<Grant>;
    /// Adds one row to a grant's allocation table (rows are only ever added, so two
    /// secretaries adding at once both keep theirs).
    async fn add_allocation(&self, grant: GrantId, allocation: &Allocation) -> Result<Grant>;
    /// Records an extension of an agreement's period.
    async fn extend_agreement(&self, agreement: AgreementId, extension: &AgreementExtension) -> Result<Agreement>;
    /// Records a yearly parameter of an agreement (a price, a volume) with the decision that set it.
    async fn add_agreement_parameter(&self, agreement: AgreementId, parameter: &YearlyParameter) -> Result<Agreement>;
    async fn grants(&self, body: BodyId) -> Result<Vec<Grant>>;

    async fn create_cost_share(&self, cost_share: &CostShare) -> Result<CostShare>;
    async fn cost_share(&self, id: CostShareId) -> Result<CostShare>;
    async fn cost_shares(&self, body: BodyId) -> Result<Vec<CostShare>>;

    async fn create_agreement(&self, agreement: &Agreement) -> Result<Agreement>;
    async fn agreement(&self, id: AgreementId) -> Result<Agreement>;
    async fn agreements(&self, body: BodyId) -> Result<Vec<Agreement>>;

    /// Records that a notice or extract was sent.
    async fn record_dispatch(&self, dispatch: &Dispatch) -> Result<Dispatch>;
    /// Records (or replaces) an organisation's answer to a recommendation.
    async fn record_response(&self, response: &RecommendationResponse) -> Result<RecommendationResponse>;
    /// Every recorded answer to the recommendations of a body's meetings (in the period).
    async fn responses(&self, body: BodyId, period: Option<Between>) -> Result<Vec<RecommendationResponse>>;
    /// Records (or replaces) where an assignment stands.
    async fn record_assignment_follow_up(&self, follow_up: &AssignmentFollowUp) -> Result<AssignmentFollowUp>;
    /// Where the assignments of a body's meetings (in the period) stand, for those followed up.
    async fn assignment_follow_ups(&self, body: BodyId, period: Option<Between>) -> Result<Vec<AssignmentFollowUp>>;
    /// What was sent about a meeting, oldest first.
    async fn dispatches(&self, meeting: MeetingId) -> Result<Vec<Dispatch>>;

    /// Stores a file under its SHA-256 (lowercase hex); storing the same content twice is fine.
    async fn put_file(&self, sha256: &str, media_type: &str, content: &[u8]) -> Result<()>;
    /// A stored file's media type and content.
    async fn file(&self, sha256: &str) -> Result<(String, Vec<u8>)>;
    /// A document rendered earlier from the locked protocol with hash `content_sha256`.
    async fn rendering(&self, meeting: MeetingId, variant: &str, content_sha256: &str) -> Result<Option<Vec<u8>>>;
    /// The meeting whose protocol was imported from the file with this SHA-256, if any.
    async fn meeting_by_source(&self, sha256: &str) -> Result<Option<MeetingId>>;
    /// A rendering of `meeting` while it is locked, kept under `variant:{version}` for the
    /// meeting's version at the time (publication changes the version, not the content), in one
    /// read: what a reader of an adjusted protocol's page needs, without the protocol.
    async fn locked_rendering(&self, meeting: MeetingId, variant: &str) -> Result<Option<LockedRendering>>;
    /// Keeps a rendering of a locked protocol (the first one stored wins; all are the same).
    async fn put_rendering(
        &self,
        meeting: MeetingId,
        variant: &str,
        content_sha256: &str,
        content: &[u8],
    ) -> Result<()>;
    /// Whether `content` is, byte for byte, a document Samverkan rendered of `meeting`'s locked protocol.
    async fn is_rendering(&self, meeting: MeetingId, content: &[u8]) -> Result<bool>;
    /// The SHA-256 of every stored file, in order (for checking a restored database).
    async fn file_hashes(&self) -> Result<Vec<String>>;

    async fn create_user(&self, user: &NewUser) -> Result<User>;
    async fn user_by_username(&self, username: &str) -> Result<Option<User>>;
    /// Every user account, by username.
    async fn users(&self) -> Result<Vec<User>>;
    /// Disables or enables an account; disabling ends every session of the user.
    async fn set_user_disabled(&self, user: UserId, disabled: bool) -> Result<()>;
    /// Replaces a user's password hash and ends every session of the user.
    async fn set_password_hash(&self, user: UserId, password_hash: &str) -> Result<()>;

    /// Claims a form's one-time token. `None` when this is its first submission; otherwise
    /// where the first one led (`Some(None)` while it is still being handled).
    async fn claim_submission(&self, token: &str, now: DateTime<Utc>) -> Result<Option<Option<String>>>;
    /// Records where a claimed submission led, or with `None` releases the token (the
    /// submission was refused, so the same form may be sent again).
    async fn finish_submission(&self, token: &str, location: Option<&str>) -> Result<()>;

    /// The secret of a user's calendar subscription address, made on first use (`fresh` is a
    /// new random one to keep if the user has none yet).
    async fn calendar_token(&self, user: UserId, fresh: &str) -> Result<String>;
    /// The user whose calendar subscription has this secret, unless disabled.
    async fn user_by_calendar_token(&self, token: &str) -> Result<Option<User>>;

    /// Records a session of a logged-in user under the SHA-256 of its secret.
    async fn create_session(&self, token_sha256: &str, user: UserId, expires_at: DateTime<Utc>) -> Result<()>;
    /// The user of a session that has neither ended nor expired, unless the user is disabled.
    async fn session_user(&self, token_sha256: &str, now: DateTime<Utc>) -> Result<Option<User>>;
    /// Ends one session (logout).
    async fn end_session(&self, token_sha256: &str) -> Result<()>;
    /// Ends every session of a user; returns how many there were.
    async fn end_sessions_of(&self, user: UserId) -> Result<u64>;

    /// Counts a failed login under `key` (an account or a client address) and returns the
    /// failures since the count was last reset; a count older than `reset_before` starts anew.
    async fn record_login_failure(&self, key: &str, now: DateTime<Utc>, reset_before: DateTime<Utc>) -> Result<i64>;
    /// The failures counted under `key` and when the last one was, if any.
    async fn login_failures(&self, key: &str) -> Result<Option<(i64, DateTime<Utc>)>>;
    /// Forgets the failures under `key` (after a successful login).
    async fn clear_login_failures(&self, key: &str) -> Result<()>;
}
