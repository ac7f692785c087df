//! Server-rendered pages: the list of bodies, one body with its meetings, one meeting's protocol.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use chrono::{Datelike, NaiveDate};
use samverkan_domain::{
    Addressee, AttendanceStatus, Body, BodyId, Dispatch, Due, Item, Meeting, MeetingId, Membership, Organisation,
    Person, PersonId, Presence,
};

use crate::auth::{Action, Viewer};
use crate::error::parse_id;
use crate::immutable;
use crate::nav::Nav;
use crate::routes::Routes;
use crate::views::{public_protocol, time_span};
use crate::{AppError, AppState};

pub fn routes() -> Routes {
    Routes::new()
        .route("/", &["GET"], get(index))
        .route("/organ/{id}", &["GET"], get(body_page))
        .route("/moten/{id}", &["GET"], get(meeting_page))
}

type Page = Result<Html<String>, AppError>;

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage {
    nav: Nav,
    bodies: Vec<BodyRow>,
    /// Protocols waiting for the viewer's approval, with the body's short name and whether an
    /// earlier approval was made void by a change.
    to_adjust: Vec<(Meeting, String, bool)>,
}

struct BodyRow {
    body: Body,
    parent: Option<String>,
    meeting_count: i64,
}

async fn index(State(state): State<AppState>, viewer: Viewer) -> Page {
    let bodies = state.store.bodies().await?;
    // Counted in the database: the start page costs what it shows, not the archive's size.
    let counts = state.store.meeting_counts().await?;
    let mut rows = Vec::with_capacity(bodies.len());
    for body in &bodies {
        let parent = body
            .parent_id
            .and_then(|id| bodies.iter().find(|b| b.id == id))
            .map(|b| b.short_name.clone());
        let meeting_count = counts
            .iter()
            .find(|(id, _)| *id == body.id)
            .map_or(0, |(_, count)| *count);
        rows.push(BodyRow {
            body: body.clone(),
            parent,
            meeting_count,
        });
    }
    Ok(Html(
        IndexPage {
            nav: Nav::of(&viewer),
            bodies: rows,
            to_adjust: to_adjust(&state, &viewer).await?,
        }
        .render()?,
    ))
}

/// "Att justera": protocols out for adjustment that wait for the viewer's approval of the
/// text as it now stands (never approved, or approved before a change).
pub(crate) async fn to_adjust(state: &AppState, viewer: &Viewer) -> Result<Vec<(Meeting, String, bool)>, AppError> {
    let Some(person) = viewer.user.as_ref().and_then(|u| u.person_id) else {
        return Ok(Vec::new());
    };
    let mut waiting = Vec::new();
    for meeting in state.store.meetings_to_adjust(person).await? {
        let protocol = state.store.protocol(meeting.id).await?;
        let hash = protocol.content_sha256();
        let mine = protocol
            .meeting
            .adjustment
            .adjusters
            .iter()
            .find(|a| a.person_id == Some(person) && a.approves());
        if let Some(mine) = mine.filter(|a| !a.has_approved(&hash)) {
            let void = mine.approval_is_void(&hash);
            waiting.push((protocol.meeting, protocol.body.short_name, void));
        }
    }
    Ok(waiting)
}

#[derive(Template)]
#[template(path = "body.html")]
struct BodyPage {
    nav: Nav,
    may_manage: bool,
    body: Body,
    /// The year of the archive shown, and every year it has (latest first).
    year: i32,
    years: Vec<i32>,
    meetings: Vec<MeetingRow>,
    members: Vec<MemberRow>,
}

struct MeetingRow {
    meeting: Meeting,
    time: Option<String>,
}

struct MemberRow {
    name: String,
    role: &'static str,
    organisation: Option<String>,
    period: String,
}

/// The query string of a body's page: which year of its archive to show.
#[derive(serde::Deserialize)]
struct ArchiveYear {
    ar: Option<String>,
}

/// The most years listed in a body's year navigation (the latest ones).
const MAX_YEARS_LISTED: i32 = 100;
/// The most meetings one year of a body's archive shows.
const MAX_MEETINGS_PER_YEAR: i64 = 500;
/// The later meetings offered for taking up a correction of a locked protocol.
const LATER_MEETINGS_LISTED: i64 = 24;

/// The year an archive view shows: the one asked for (`ar`), else the body's latest year with
/// meetings; and the years to offer, latest first (at most [`MAX_YEARS_LISTED`]).
pub(crate) async fn archive_year(
    state: &AppState,
    body: BodyId,
    asked: Option<&str>,
) -> Result<(i32, Vec<i32>), AppError> {
    let range = state.store.meeting_date_range(body).await?;
    let year = match asked.map(str::trim).filter(|y| !y.is_empty()) {
        None => range.map_or_else(|| chrono::Utc::now().year(), |(_, last)| last.year()),
        Some(text) => text
            .parse::<i32>()
            .ok()
            .filter(|y| (1000..=9999).contains(y))
            .ok_or_else(|| AppError::BadInput("Ange året med fyra siffror, till exempel 2026.".into()))?,
    };
    let years = match range {
        Some((first, last)) => (first.year().max(last.year() - MAX_YEARS_LISTED + 1)..=last.year())
            .rev()
            .collect(),
        None => Vec::new(),
    };
    Ok((year, years))
}

async fn body_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(query): Query<ArchiveYear>,
) -> Page {
    let body = state.store.body(BodyId(parse_id(&id)?)).await?;
    let may_manage = viewer.may(&state, Action::ManageBody(body.id)).await?;
    // The archive a year at a time: the page costs one year's meetings, not the archive's.
    let (year, years) = archive_year(&state, body.id, query.ar.as_deref()).await?;
    let start = NaiveDate::from_ymd_opt(year, 1, 1).ok_or(AppError::PageNotFound)?;
    let end = NaiveDate::from_ymd_opt(year + 1, 1, 1).ok_or(AppError::PageNotFound)?;
    let meetings = state
        .store
        .meetings_between(body.id, start, end, 0, MAX_MEETINGS_PER_YEAR)
        .await?
        .into_iter()
        .map(|meeting| MeetingRow {
            time: time_span(&meeting),
            meeting,
        })
        .collect();
    let persons = state.store.persons_in(body.id).await?;
    let organisations = state.store.organisations().await?;
    let members = state
        .store
        .memberships(body.id)
        .await?
        .iter()
        .map(|m| member_row(m, &persons, &organisations))
        .collect();
    Ok(Html(
        BodyPage {
            nav: Nav::of(&viewer),
            may_manage,
            body,
            meetings,
            members,
            year,
            years,
        }
        .render()?,
    ))
}

fn member_row(membership: &Membership, persons: &[Person], organisations: &[Organisation]) -> MemberRow {
    MemberRow {
        name: persons
            .iter()
            .find(|p| p.id == membership.person_id)
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        role: membership.role.label_sv(),
        organisation: membership
            .organisation_id
            .and_then(|id| organisations.iter().find(|o| o.id == id))
            .map(|o| o.name.clone()),
        period: match membership.period.end {
            Some(end) => format!("{} – {}", membership.period.start, end),
            None => format!("från {}", membership.period.start),
        },
    }
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage {
    nav: Nav,
    /// The viewer sees the whole draft (member of the body, or the protocol is adjusted).
    full: bool,
    may_manage: bool,
    may_approve: bool,
    body: Body,
    meeting: Meeting,
    time: Option<String>,
    present: Vec<AttendanceRow>,
    absent: Vec<AttendanceRow>,
    items: Vec<ItemView>,
    /// People the secretary may pick as adjusters: (person id, name).
    members: Vec<(PersonId, String)>,
    /// Notices and extracts sent, for members of the body.
    dispatches: Vec<Dispatch>,
    /// Later open meetings of the body, where a correction of this protocol can be taken up.
    later_meetings: Vec<Meeting>,
    signatures: Vec<SignatureRow>,
    /// Places to sign may still be removed (the minutes are not yet out for adjustment).
    signers_open: bool,
}

/// An item as the page shows it, with its follow-ups put in words.
struct ItemView {
    item: Item,
    recommendations: Vec<(String, String)>,
    assignments: Vec<AssignmentRow>,
}

struct AssignmentRow {
    assignee: String,
    task: String,
    due: Option<String>,
}

impl ItemView {
    fn new(item: Item) -> ItemView {
        ItemView {
            recommendations: item
                .recommendations
                .iter()
                .map(|r| (r.text.clone(), addressees(&r.addressees)))
                .collect(),
            assignments: item
                .assignments
                .iter()
                .map(|a| AssignmentRow {
                    assignee: a.assignee.clone(),
                    task: a.task.clone(),
                    due: a.due.as_ref().map(due_text),
                })
                .collect(),
            item,
        }
    }
}

struct AttendanceRow {
    name: String,
    detail: String,
}

/// One place to sign, as the meeting page shows it.
struct SignatureRow {
    role: &'static str,
    name: String,
    /// "godkänt", "väntar", or that the approval was of an earlier version.
    state: &'static str,
    void: bool,
    /// The adjuster's comment: for members of the body only, never for the public.
    comment: Option<String>,
}

/// Under what an adjusted protocol's page for readers who are not logged in is kept (with the
/// meeting's version after it): a new version of Samverkan may lay the page out differently.
const PUBLIC_PAGE: &str = concat!("page-public:", env!("CARGO_PKG_VERSION"));

/// A meeting's page. An adjusted protocol's page is the same for everyone not logged in, so
/// for them it is rendered once, kept beside the protocol (every server shares the copy) and
/// served as the immutable document it is: one read, an `ETag`, `304` to a reader who has it.
async fn meeting_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    request: HeaderMap,
) -> Result<Response, AppError> {
    let id = MeetingId(parse_id(&id)?);
    let anonymous = viewer.user.is_none();
    let missing = match anonymous {
        true => match immutable::kept(&state, id, PUBLIC_PAGE).await? {
            Ok(copy) => return Ok(public_page(&request, &copy.hash, copy.version, copy.content)),
            Err(missing) => Some(missing),
        },
        false => None,
    };
    let protocol = state.store.protocol(id).await?;
    let locked = immutable::Locked::of(&protocol.meeting);
    let html = render_meeting_page(&state, &viewer, protocol).await?;
    match (locked, missing) {
        (Some(locked), Some(missing)) => {
            let page = Bytes::from(html);
            immutable::keep(&state, missing, &locked, PUBLIC_PAGE, page.clone()).await;
            Ok(public_page(&request, &locked.hash, locked.version, page))
        }
        _ => Ok(Html(html).into_response()),
    }
}

fn public_page(request: &HeaderMap, hash: &str, version: i64, page: Bytes) -> Response {
    let etag = immutable::etag_of(hash, &format!("page-{version}"));
    immutable::not_modified(request, Some(&etag))
        .unwrap_or_else(|| immutable::tagged(Html(page).into_response(), Some(&etag), true))
}

async fn render_meeting_page(
    state: &AppState,
    viewer: &Viewer,
    protocol: samverkan_domain::Protocol,
) -> Result<String, AppError> {
    let member = viewer.may(state, Action::ViewDrafts(protocol.body.id)).await?;
    let may_manage = viewer.may(state, Action::ManageBody(protocol.body.id)).await?;
    let may_approve = viewer.may(state, Action::Approve(&protocol.meeting)).await?;
    // Approvals are judged against the content as it stands. A locked protocol's content is
    // what its hash was made from (the verification page checks that), so it is not hashed
    // again on the most read page; nor is one without anyone to sign.
    let meeting = &protocol.meeting;
    let hash = match &meeting.adjustment.content_sha256 {
        Some(locked) if meeting.status.is_locked() => locked.clone(),
        _ if meeting.adjustment.adjusters.is_empty() => String::new(),
        _ => protocol.content_sha256(),
    };
    // Everyone but members sees the public view, the same as every other public output.
    let protocol = if member { protocol } else { public_protocol(protocol) };
    let signatures = protocol
        .meeting
        .adjustment
        .adjusters
        .iter()
        .map(|a| SignatureRow {
            role: a.role.label_sv(),
            name: a.name.clone(),
            state: if !a.approves() {
                ""
            } else if a.has_approved(&hash) {
                "godkänt"
            } else if a.approval_is_void(&hash) {
                "godkände en tidigare version; protokollet har ändrats sedan och behöver godkännas igen"
            } else {
                "väntar"
            },
            void: a.approval_is_void(&hash),
            comment: a.comment.clone().filter(|_| member),
        })
        .collect();
    let meeting = protocol.meeting;
    let full = member || meeting.status.is_locked();
    let signers_open = may_manage
        && !meeting.status.is_locked()
        && meeting.status != samverkan_domain::MeetingStatus::SentForAdjustment;
    let dispatches = match member {
        true => state.store.dispatches(meeting.id).await?,
        false => Vec::new(),
    };
    let mut later_meetings = Vec::new();
    if may_manage && meeting.status.is_locked() {
        later_meetings = state
            .store
            .open_meetings_after(meeting.body_id, meeting.date, LATER_MEETINGS_LISTED)
            .await?;
    }
    let mut members = Vec::new();
    if may_manage {
        let persons = state.store.persons_in(meeting.body_id).await?;
        for m in state.store.memberships(meeting.body_id).await? {
            if let Some(p) = persons.iter().find(|p| p.id == m.person_id) {
                members.push((p.id, format!("{} ({})", p.name, m.role.label_sv())));
            }
        }
    }

    let (mut present, mut absent) = (Vec::new(), Vec::new());
    for a in meeting.attendance.iter().filter(|_| full) {
        let mut detail: Vec<String> = Vec::new();
        if let Some(role) = a.role {
            detail.push(role.label_sv().to_string());
        }
        detail.extend(a.title.iter().chain(&a.organisation).cloned());
        if a.status == AttendanceStatus::Apologies {
            detail.push("anmält förhinder".into());
        }
        match &a.presence {
            Presence::Whole => {}
            Presence::OnlyItems { items } => detail.push(format!("endast {}", items.join(", "))),
            Presence::ExceptItems { items } => detail.push(format!("ej {}", items.join(", "))),
            Presence::PartOfMeeting { note } => detail.push(note.clone().unwrap_or_else(|| "del av mötet".into())),
        }
        let row = AttendanceRow {
            name: a.name.clone().unwrap_or_else(|| "–".into()),
            detail: detail.join(", "),
        };
        match a.status {
            AttendanceStatus::Present => present.push(row),
            AttendanceStatus::Absent | AttendanceStatus::Apologies => absent.push(row),
        }
    }
    Ok(MeetingPage {
        nav: Nav::of(viewer),
        full,
        may_manage,
        may_approve,
        body: protocol.body,
        time: time_span(&meeting),
        meeting,
        present,
        absent,
        items: protocol.items.iter().cloned().map(ItemView::new).collect(),
        members,
        dispatches,
        later_meetings,
        signers_open,
        signatures,
    }
    .render()?)
}

/// "Region Kronoberg, Växjö kommun".
fn addressees(list: &[Addressee]) -> String {
    list.iter().map(Addressee::name).collect::<Vec<_>>().join(", ")
}

/// "2026-12-11", "april 2026", "nästa sammanträde".
pub(crate) fn due_text(due: &Due) -> String {
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ];
    match due {
        Due::Date { date } => date.to_string(),
        Due::Month { year, month } => format!(
            "{} {year}",
            MONTHS.get((*month as usize).wrapping_sub(1)).unwrap_or(&"?")
        ),
        Due::Meeting { .. } => "ett senare sammanträde".to_string(),
        Due::NextMeeting => "nästa sammanträde".to_string(),
    }
}
