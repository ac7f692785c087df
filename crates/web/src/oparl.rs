//! A read-only OParl 1.1 interface at `/oparl/v1/system`, for open-data portals and tools that
//! read council information. It shows only what the public may see (the same public view as
//! every page, PDF and feed); the mapping of Samverkan's terms is written down in
//! `docs/oparl.md`. Lists are paginated with `links.next`; a deleted meeting or agenda item
//! keeps answering at its address with a tombstone (`deleted: true`), and a body's meeting
//! list with `modified_since` gives what changed and what was deleted since.

use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::Json;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use samverkan_domain::swedish_time::swedish_rfc3339;
use samverkan_domain::*;
use samverkan_storage::{Change, Deletion, RecordKind, RecordTimes, StoreError};
use serde_json::{json, Value};

use crate::error::{parse_id, ApiError};
use crate::routes::Routes;
use crate::views::public_protocol;
use crate::{AppError, AppState};

pub fn routes() -> Routes {
    Routes::new()
        .route("/system", &["GET"], get(system))
        .route("/bodies", &["GET"], get(bodies))
        .route("/bodies/{id}", &["GET"], get(body))
        .route("/bodies/{id}/organizations", &["GET"], get(organizations))
        .route("/bodies/{id}/gremium", &["GET"], get(gremium))
        .route("/bodies/{id}/people", &["GET"], get(people))
        .route("/bodies/{id}/memberships", &["GET"], get(memberships))
        .route("/bodies/{id}/memberships/{membership}", &["GET"], get(membership))
        .route("/bodies/{id}/meetings", &["GET"], get(meetings))
        .route("/bodies/{id}/papers", &["GET"], get(papers))
        .route("/organizations/{id}", &["GET"], get(organization))
        .route("/people/{id}", &["GET"], get(person))
        .route("/meetings/{id}", &["GET"], get(meeting))
        .route("/meetings/{id}/files/{file}", &["GET"], get(meeting_file))
        .route("/agendaitems/{id}", &["GET"], get(agenda_item))
        .route("/agendaitems/{id}/files/{index}", &["GET"], get(attachment_file))
        .with_router(|router| router.fallback(|| async { ApiError(AppError::PageNotFound) }))
}

type OparlResult = Result<Json<Value>, ApiError>;

const SCHEMA: &str = "https://schema.oparl.org/1.1/";
/// Objects per page of a list.
const PAGE: i64 = 100;
/// The deepest page a list serves (a bound on the offset, as for search).
const MAX_PAGE: i64 = 1000;

fn kind(name: &str) -> String {
    format!("{SCHEMA}{name}")
}

/// The absolute address of an OParl path.
fn url(state: &AppState, path: &str) -> String {
    format!("{}/oparl/v1{path}", state.public_url.trim_end_matches('/'))
}

/// The absolute address of a page or document of the site.
fn web(state: &AppState, path: &str) -> String {
    format!("{}{path}", state.public_url.trim_end_matches('/'))
}

/// When records were made and last changed, by id, read for what one answer shows.
#[derive(Default)]
struct Stamps(std::collections::HashMap<i64, RecordTimes>);

impl Stamps {
    async fn of(state: &AppState, kind: RecordKind, ids: &[i64]) -> Result<Stamps, AppError> {
        Ok(Stamps(state.store.record_times(kind, ids).await?.into_iter().collect()))
    }

    /// Writes `created` and `modified` into `object` for the record `id`.
    fn put(&self, object: &mut Value, id: i64) {
        if let Some(times) = self.0.get(&id) {
            object["created"] = json!(times.created.to_rfc3339());
            object["modified"] = json!(times.modified.to_rfc3339());
        }
    }

    /// The latest change among these records (a meeting changes when an item of it does).
    fn latest(&self, ids: impl Iterator<Item = i64>) -> Option<RecordTimes> {
        ids.filter_map(|id| self.0.get(&id).copied())
            .reduce(|a, b| RecordTimes {
                created: a.created.min(b.created),
                modified: a.modified.max(b.modified),
            })
    }
}

fn put_times(object: &mut Value, times: Option<RecordTimes>) {
    if let Some(times) = times {
        object["created"] = json!(times.created.to_rfc3339());
        object["modified"] = json!(times.modified.to_rfc3339());
    }
}

#[derive(serde::Deserialize)]
struct PageQuery {
    page: Option<String>,
    /// OParl's filter on the time of the last change; only a body's meeting list has it.
    modified_since: Option<String>,
}

impl PageQuery {
    fn number(&self) -> Result<i64, AppError> {
        match self.page.as_deref() {
            None | Some("") => Ok(1),
            Some(text) => text
                .parse::<i64>()
                .ok()
                .filter(|p| (1..=MAX_PAGE).contains(p))
                .ok_or_else(|| AppError::BadInput(format!("Sidan ska vara ett tal mellan 1 och {MAX_PAGE}."))),
        }
    }

    /// The time asked for, if one was: RFC 3339 with its offset (OParl: ISO 8601 date-time).
    fn since(&self) -> Result<Option<DateTime<Utc>>, AppError> {
        match self.modified_since.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => DateTime::parse_from_rfc3339(text)
                .map(|t| Some(t.with_timezone(&Utc)))
                .map_err(|_| {
                    AppError::BadInput(
                        "modified_since ska vara en tidpunkt med tidszon, till exempel 2026-03-13T10:00:00+01:00."
                            .into(),
                    )
                }),
        }
    }
}

/// What OParl keeps answering at the address of a deleted object: its id and type, when it was
/// made and deleted, and `deleted: true`.
fn tombstone(state: &AppState, deletion: &Deletion) -> Value {
    let (path, type_name) = match deletion.kind {
        RecordKind::Item => (format!("/agendaitems/{}", deletion.id), "AgendaItem"),
        _ => (format!("/meetings/{}", deletion.id), "Meeting"),
    };
    let mut object = json!({ "id": url(state, &path), "type": kind(type_name), "deleted": true });
    put_times(
        &mut object,
        Some(RecordTimes {
            created: deletion.created.unwrap_or(deletion.deleted),
            modified: deletion.deleted,
        }),
    );
    object
}

/// The answer for a record that is not there: its tombstone if it was deleted, else not found.
async fn gone(state: &AppState, kind: RecordKind, id: i64) -> OparlResult {
    match state.store.deletion(kind, id).await? {
        Some(deletion) => Ok(Json(tombstone(state, &deletion))),
        None => Err(AppError::PageNotFound.into()),
    }
}

/// An external list: one page of objects, and the link to the next when there may be more;
/// `filter` ("modified_since=…", or empty) is kept in every link.
fn list(state: &AppState, path: &str, filter: &str, page: i64, data: Vec<Value>, more: bool) -> Json<Value> {
    let at = |page: Option<i64>| {
        let query: Vec<String> = (!filter.is_empty())
            .then(|| filter.to_string())
            .into_iter()
            .chain(page.map(|p| format!("page={p}")))
            .collect();
        match query.is_empty() {
            true => url(state, path),
            false => format!("{}?{}", url(state, path), query.join("&")),
        }
    };
    let mut links = json!({ "first": at(None) });
    if more {
        links["next"] = json!(at(Some(page + 1)));
    }
    if page > 1 {
        links["prev"] = json!(at(Some(page - 1)));
    }
    Json(json!({
        "data": data,
        "pagination": { "elementsPerPage": PAGE, "currentPage": page },
        "links": links,
    }))
}

/// A list held whole in memory (a body's members and people are few): one page of it.
fn paged(state: &AppState, path: &str, query: &PageQuery, all: Vec<Value>) -> OparlResult {
    let page = query.number()?;
    let start = ((page - 1) * PAGE) as usize;
    let more = all.len() > start + PAGE as usize;
    let data = all.into_iter().skip(start).take(PAGE as usize).collect();
    Ok(list(state, path, "", page, data, more))
}

async fn system(State(state): State<AppState>) -> OparlResult {
    let ids: Vec<i64> = state.store.bodies().await?.iter().map(|b| b.id.0).collect();
    let stamps = Stamps::of(&state, RecordKind::Body, &ids).await?;
    let mut object = json!({
        "id": url(&state, "/system"),
        "type": kind("System"),
        "oparlVersion": SCHEMA,
        "name": "Samverkan",
        "body": url(&state, "/bodies"),
        "website": web(&state, "/"),
        "web": web(&state, "/"),
    });
    // The system is as old as its oldest body and changed when any body last did.
    put_times(&mut object, stamps.latest(ids.iter().copied()));
    Ok(Json(object))
}

fn body_object(state: &AppState, body: &Body) -> Value {
    let base = format!("/bodies/{}", body.id);
    json!({
        "id": url(state, &base),
        "type": kind("Body"),
        "system": url(state, "/system"),
        "name": body.name,
        "shortName": body.short_name,
        "organization": url(state, &format!("{base}/organizations")),
        "person": url(state, &format!("{base}/people")),
        "meeting": url(state, &format!("{base}/meetings")),
        "paper": url(state, &format!("{base}/papers")),
        "membership": url(state, &format!("{base}/memberships")),
        // Collaboration bodies sit by agreement, not for an elected term.
        "legislativeTerm": [],
        "mainOrganization": url(state, &format!("{base}/gremium")),
        "classification": "Samverkansorgan",
        "web": web(state, &format!("/organ/{}", body.id)),
    })
}

async fn bodies(State(state): State<AppState>, Query(query): Query<PageQuery>) -> OparlResult {
    let bodies = state.store.bodies().await?;
    let ids: Vec<i64> = bodies.iter().map(|b| b.id.0).collect();
    let stamps = Stamps::of(&state, RecordKind::Body, &ids).await?;
    let all = bodies
        .iter()
        .map(|b| {
            let mut object = body_object(&state, b);
            stamps.put(&mut object, b.id.0);
            object
        })
        .collect();
    paged(&state, "/bodies", &query, all)
}

async fn load_body(state: &AppState, id: &str) -> Result<Body, AppError> {
    Ok(state.store.body(BodyId(parse_id(id)?)).await?)
}

async fn body(State(state): State<AppState>, Path(id): Path<String>) -> OparlResult {
    let body = load_body(&state, &id).await?;
    let mut object = body_object(&state, &body);
    Stamps::of(&state, RecordKind::Body, &[body.id.0])
        .await?
        .put(&mut object, body.id.0);
    Ok(Json(object))
}

/// The body itself as the committee (Gremium) its members sit in.
async fn gremium_object(state: &AppState, body: &Body) -> Result<Value, AppError> {
    let memberships = state.store.memberships(body.id).await?;
    let stamps = Stamps::of(state, RecordKind::Body, &[body.id.0]).await?;
    let mut object = json!({
        "id": url(state, &format!("/bodies/{}/gremium", body.id)),
        "type": kind("Organization"),
        "body": url(state, &format!("/bodies/{}", body.id)),
        "name": body.name,
        "shortName": body.short_name,
        "organizationType": "Gremium",
        "classification": "Samverkansorgan",
        "membership": memberships.iter().map(|m| url(state, &format!("/bodies/{}/memberships/{}", body.id, m.id))).collect::<Vec<_>>(),
        "meeting": url(state, &format!("/bodies/{}/meetings", body.id)),
        "web": web(state, &format!("/organ/{}", body.id)),
    });
    stamps.put(&mut object, body.id.0);
    Ok(object)
}

async fn gremium(State(state): State<AppState>, Path(id): Path<String>) -> OparlResult {
    let body = load_body(&state, &id).await?;
    Ok(Json(gremium_object(&state, &body).await?))
}

/// A member organisation (huvudman: a region or municipality) as an OParl Organization.
fn organisation_object(state: &AppState, organisation: &Organisation, body: Option<BodyId>) -> Value {
    let mut object = json!({
        "id": url(state, &format!("/organizations/{}", organisation.id)),
        "type": kind("Organization"),
        "name": organisation.name,
        "organizationType": "Institution",
        "classification": organisation.kind.label_sv(),
    });
    if let Some(body) = body {
        object["body"] = json!(url(state, &format!("/bodies/{body}")));
    }
    object
}

async fn organizations(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> OparlResult {
    let body = load_body(&state, &id).await?;
    let mut all = vec![gremium_object(&state, &body).await?];
    let members = state.store.member_organisations(body.id).await?;
    let ids: Vec<i64> = members.iter().map(|o| o.id.0).collect();
    let stamps = Stamps::of(&state, RecordKind::Organisation, &ids).await?;
    all.extend(members.iter().map(|o| {
        let mut object = organisation_object(&state, o, Some(body.id));
        stamps.put(&mut object, o.id.0);
        object
    }));
    paged(&state, &format!("/bodies/{}/organizations", body.id), &query, all)
}

async fn organization(State(state): State<AppState>, Path(id): Path<String>) -> OparlResult {
    let organisation = state.store.organisation(OrganisationId(parse_id(&id)?)).await?;
    let mut object = organisation_object(&state, &organisation, None);
    Stamps::of(&state, RecordKind::Organisation, &[organisation.id.0])
        .await?
        .put(&mut object, organisation.id.0);
    Ok(Json(object))
}

fn date(day: NaiveDate) -> String {
    day.to_string()
}

fn membership_object(state: &AppState, m: &Membership, stamps: &Stamps) -> Value {
    let mut object = json!({
        "id": url(state, &format!("/bodies/{}/memberships/{}", m.body_id, m.id)),
        "type": kind("Membership"),
        "person": url(state, &format!("/people/{}", m.person_id)),
        "organization": url(state, &format!("/bodies/{}/gremium", m.body_id)),
        "role": m.role.label_sv(),
        "votingRight": m.role.is_voting(),
        "startDate": date(m.period.start),
    });
    if let Some(end) = m.period.end {
        object["endDate"] = json!(date(end));
    }
    if let Some(organisation) = m.organisation_id {
        object["onBehalfOf"] = json!(url(state, &format!("/organizations/{organisation}")));
    }
    stamps.put(&mut object, m.id.0);
    object
}

async fn membership_stamps(state: &AppState, memberships: &[Membership]) -> Result<Stamps, AppError> {
    let ids: Vec<i64> = memberships.iter().map(|m| m.id.0).collect();
    Stamps::of(state, RecordKind::Membership, &ids).await
}

async fn memberships(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> OparlResult {
    let body = load_body(&state, &id).await?;
    let memberships = state.store.memberships(body.id).await?;
    let stamps = membership_stamps(&state, &memberships).await?;
    let all = memberships
        .iter()
        .map(|m| membership_object(&state, m, &stamps))
        .collect();
    paged(&state, &format!("/bodies/{}/memberships", body.id), &query, all)
}

async fn membership(State(state): State<AppState>, Path((id, membership)): Path<(String, String)>) -> OparlResult {
    let body = load_body(&state, &id).await?;
    let wanted = MembershipId(parse_id(&membership)?);
    let found = state
        .store
        .memberships(body.id)
        .await?
        .into_iter()
        .find(|m| m.id == wanted)
        .ok_or(AppError::PageNotFound)?;
    let stamps = membership_stamps(&state, std::slice::from_ref(&found)).await?;
    Ok(Json(membership_object(&state, &found, &stamps)))
}

/// A person as the public sees them: the name and their memberships (no address or e-mail).
fn person_object(state: &AppState, person: &Person, memberships: &[Membership], stamps: &(Stamps, Stamps)) -> Value {
    let mut object = json!({
        "id": url(state, &format!("/people/{}", person.id)),
        "type": kind("Person"),
        "name": person.name,
        "membership": memberships.iter().map(|m| membership_object(state, m, &stamps.1)).collect::<Vec<_>>(),
    });
    stamps.0.put(&mut object, person.id.0);
    object
}

async fn people(State(state): State<AppState>, Path(id): Path<String>, Query(query): Query<PageQuery>) -> OparlResult {
    let body = load_body(&state, &id).await?;
    let memberships = state.store.memberships(body.id).await?;
    let mut ids: Vec<PersonId> = memberships.iter().map(|m| m.person_id).collect();
    ids.sort_by_key(|p| p.0);
    ids.dedup();
    let persons = state.store.persons_in(body.id).await?;
    let person_ids: Vec<i64> = ids.iter().map(|p| p.0).collect();
    let stamps = (
        Stamps::of(&state, RecordKind::Person, &person_ids).await?,
        membership_stamps(&state, &memberships).await?,
    );
    let all = ids
        .iter()
        .filter_map(|id| persons.iter().find(|p| p.id == *id))
        .map(|p| {
            let own: Vec<Membership> = memberships.iter().filter(|m| m.person_id == p.id).cloned().collect();
            person_object(&state, p, &own, &stamps)
        })
        .collect();
    paged(&state, &format!("/bodies/{}/people", body.id), &query, all)
}

async fn person(State(state): State<AppState>, Path(id): Path<String>) -> OparlResult {
    let person = state.store.person(PersonId(parse_id(&id)?)).await?;
    let memberships = state.store.memberships_of(person.id).await?;
    // Only people who sit in a body are published.
    if memberships.is_empty() {
        return Err(AppError::PageNotFound.into());
    }
    let stamps = (
        Stamps::of(&state, RecordKind::Person, &[person.id.0]).await?,
        membership_stamps(&state, &memberships).await?,
    );
    Ok(Json(person_object(&state, &person, &memberships, &stamps)))
}

/// An empty list: Samverkan keeps no separate papers (Vorlagen); decisions stand in the items.
async fn papers(State(state): State<AppState>, Path(id): Path<String>, Query(query): Query<PageQuery>) -> OparlResult {
    let body = load_body(&state, &id).await?;
    paged(&state, &format!("/bodies/{}/papers", body.id), &query, Vec::new())
}

fn moment(day: NaiveDate, time: Option<NaiveTime>) -> Option<String> {
    time.map(|t| swedish_rfc3339(day.and_time(t)))
}

/// The protocol's PDF (once adjusted) or the notice's, as an OParl File.
/// The times of meetings and of their items, for one answer.
struct MeetingStamps {
    meetings: Stamps,
    items: Stamps,
}

impl MeetingStamps {
    async fn of(state: &AppState, protocols: &[&Protocol]) -> Result<MeetingStamps, AppError> {
        let meetings: Vec<i64> = protocols.iter().map(|p| p.meeting.id.0).collect();
        let items: Vec<i64> = protocols.iter().flat_map(|p| p.items.iter().map(|i| i.id.0)).collect();
        Ok(MeetingStamps {
            meetings: Stamps::of(state, RecordKind::Meeting, &meetings).await?,
            items: Stamps::of(state, RecordKind::Item, &items).await?,
        })
    }

    /// A meeting's times: made with the meeting, changed when it or any of its items last was.
    fn meeting(&self, meeting: MeetingId, items: &[Item]) -> Option<RecordTimes> {
        let own = self.meetings.0.get(&meeting.0).copied();
        let latest_item = self.items.latest(items.iter().map(|i| i.id.0));
        match (own, latest_item) {
            (Some(own), Some(item)) => Some(RecordTimes {
                created: own.created,
                modified: own.modified.max(item.modified),
            }),
            (own, item) => own.or(item),
        }
    }
}

fn meeting_file_object(state: &AppState, meeting: &Meeting, which: &str, times: Option<RecordTimes>) -> Value {
    let (name, path) = match which {
        "protocol" => ("Protokoll", format!("/moten/{}/protokoll.pdf", meeting.id)),
        _ => ("Kallelse", format!("/moten/{}/kallelse.pdf", meeting.id)),
    };
    let mut object = json!({
        "id": url(state, &format!("/meetings/{}/files/{which}", meeting.id)),
        "type": kind("File"),
        "name": format!("{name} {}", meeting.date),
        "mimeType": "application/pdf",
        "accessUrl": web(state, &path),
        "meeting": [url(state, &format!("/meetings/{}", meeting.id))],
    });
    put_times(&mut object, times);
    object
}

fn attachment_object(state: &AppState, meeting: &Meeting, item: &Item, index: usize, stamps: &Stamps) -> Option<Value> {
    let attachment = item.attachments.get(index)?;
    attachment.file_sha256.as_ref()?;
    let mut object = json!({
        "id": url(state, &format!("/agendaitems/{}/files/{index}", item.id)),
        "type": kind("File"),
        "name": format!("{}: {}", attachment.label, attachment.title),
        "accessUrl": web(state, &format!("/moten/{}/arenden/{}/bilagor/{index}", meeting.id, item.id)),
        "agendaItem": [url(state, &format!("/agendaitems/{}", item.id))],
    });
    if let Some(name) = &attachment.file_name {
        object["fileName"] = json!(name);
    }
    if let Some(media) = &attachment.media_type {
        object["mimeType"] = json!(media);
    }
    stamps.put(&mut object, item.id.0);
    Some(object)
}

fn agenda_item_object(state: &AppState, meeting: &Meeting, item: &Item, order: usize, stamps: &Stamps) -> Value {
    let mut object = json!({
        "id": url(state, &format!("/agendaitems/{}", item.id)),
        "type": kind("AgendaItem"),
        "meeting": url(state, &format!("/meetings/{}", meeting.id)),
        "number": item.number.as_str(),
        "order": order,
        "name": item.title,
        "public": !item.confidential,
        "web": web(state, &format!("/moten/{}#item-{}", meeting.id, item.id)),
    });
    if let Some(outcome) = &item.outcome {
        object["result"] = json!(outcome.label_sv());
    }
    if let Some(decision) = &item.decision {
        let clauses: Vec<&str> = decision.clauses.iter().map(|c| c.text.as_str()).collect();
        if !clauses.is_empty() {
            object["resolutionText"] = json!(clauses.join("\n"));
        }
    }
    // The public sees attachments of an adjusted protocol's public items only.
    let files: Vec<Value> = if meeting.status.is_locked() && !item.confidential {
        (0..item.attachments.len())
            .filter_map(|i| attachment_object(state, meeting, item, i, stamps))
            .collect()
    } else {
        Vec::new()
    };
    if !files.is_empty() {
        object["auxiliaryFile"] = json!(files);
    }
    stamps.put(&mut object, item.id.0);
    object
}

fn meeting_object(state: &AppState, protocol: &Protocol, stamps: &MeetingStamps) -> Value {
    let m = &protocol.meeting;
    let times = stamps.meeting(m.id, &protocol.items);
    let mut object = json!({
        "id": url(state, &format!("/meetings/{}", m.id)),
        "type": kind("Meeting"),
        "name": format!("Sammanträde {} {}", protocol.body.short_name, m.date),
        "meetingState": m.status.label_sv(),
        "cancelled": m.status == MeetingStatus::Cancelled,
        "organization": [url(state, &format!("/bodies/{}/gremium", m.body_id))],
        "agendaItem": protocol
            .items
            .iter()
            .enumerate()
            .map(|(order, item)| agenda_item_object(state, m, item, order + 1, &stamps.items))
            .collect::<Vec<_>>(),
        "invitation": meeting_file_object(state, m, "invitation", times),
        "web": web(state, &format!("/moten/{}", m.id)),
    });
    if let Some(start) = moment(m.date, m.start_time) {
        object["start"] = json!(start);
    }
    if let Some(end) = moment(m.date, m.end_time) {
        object["end"] = json!(end);
    }
    if let Some(place) = &m.place {
        object["location"] = json!({
            "id": url(state, &format!("/meetings/{}#plats", m.id)),
            "type": kind("Location"),
            "description": place,
        });
        put_times(&mut object["location"], times);
    }
    if m.status.is_locked() {
        object["resultsProtocol"] = meeting_file_object(state, m, "protocol", times);
    }
    put_times(&mut object, times);
    object
}

async fn public(state: &AppState, meeting: MeetingId) -> Result<Protocol, AppError> {
    Ok(public_protocol(state.store.protocol(meeting).await?))
}

async fn meetings(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> OparlResult {
    let body = load_body(&state, &id).await?;
    let page = query.number()?;
    if let Some(since) = query.since()? {
        return changed_meetings(&state, &body, since, page).await;
    }
    // Every year a protocol can carry (dates are compared as text in SQLite: no extreme years).
    let from = NaiveDate::from_ymd_opt(1000, 1, 1).unwrap_or_default();
    let until = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default();
    // One more than a page tells whether there is a next one.
    let found = state
        .store
        .meetings_between(body.id, from, until, (page - 1) * PAGE, PAGE + 1)
        .await?;
    let more = found.len() as i64 > PAGE;
    let ids: Vec<MeetingId> = found.iter().take(PAGE as usize).map(|m| m.id).collect();
    let (protocols, stamps) = public_protocols(&state, &ids).await?;
    let data = protocols.iter().map(|p| meeting_object(&state, p, &stamps)).collect();
    Ok(list(
        &state,
        &format!("/bodies/{}/meetings", body.id),
        "",
        page,
        data,
        more,
    ))
}

/// The public protocols of these meetings (as many as a list page shows) with their times.
async fn public_protocols(state: &AppState, ids: &[MeetingId]) -> Result<(Vec<Protocol>, MeetingStamps), AppError> {
    let protocols: Vec<Protocol> = state
        .store
        .protocols(ids)
        .await?
        .into_iter()
        .map(public_protocol)
        .collect();
    let stamps = MeetingStamps::of(state, &protocols.iter().collect::<Vec<_>>()).await?;
    Ok((protocols, stamps))
}

/// A body's meetings changed since a time, with the tombstones of those deleted since: what a
/// client that keeps a copy needs to bring it up to date.
async fn changed_meetings(state: &AppState, body: &Body, since: DateTime<Utc>, page: i64) -> OparlResult {
    let found = state
        .store
        .changes_since(body.id, since, (page - 1) * PAGE, PAGE + 1)
        .await?;
    let more = found.len() as i64 > PAGE;
    let found: Vec<Change> = found.into_iter().take(PAGE as usize).collect();
    let changed: Vec<MeetingId> = found
        .iter()
        .filter_map(|c| match c {
            Change::Changed(meeting) => Some(meeting.id),
            Change::Deleted(_) => None,
        })
        .collect();
    let (protocols, stamps) = public_protocols(state, &changed).await?;
    // In the order of the changes; a meeting deleted since it was listed is left out.
    let data = found
        .iter()
        .filter_map(|change| match change {
            Change::Deleted(deletion) => Some(tombstone(state, deletion)),
            Change::Changed(meeting) => protocols
                .iter()
                .find(|p| p.meeting.id == meeting.id)
                .map(|p| meeting_object(state, p, &stamps)),
        })
        .collect();
    let filter = format!(
        "modified_since={}",
        since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    );
    Ok(list(
        state,
        &format!("/bodies/{}/meetings", body.id),
        &filter,
        page,
        data,
        more,
    ))
}

async fn meeting(State(state): State<AppState>, Path(id): Path<String>) -> OparlResult {
    let id = MeetingId(parse_id(&id)?);
    let protocol = match public(&state, id).await {
        Err(AppError::Store(StoreError::NotFound { .. })) => return gone(&state, RecordKind::Meeting, id.0).await,
        found => found?,
    };
    let stamps = MeetingStamps::of(&state, &[&protocol]).await?;
    Ok(Json(meeting_object(&state, &protocol, &stamps)))
}

async fn meeting_file(State(state): State<AppState>, Path((id, file)): Path<(String, String)>) -> OparlResult {
    let protocol = public(&state, MeetingId(parse_id(&id)?)).await?;
    let times = MeetingStamps::of(&state, &[&protocol])
        .await?
        .meeting(protocol.meeting.id, &protocol.items);
    let meeting = &protocol.meeting;
    match file.as_str() {
        "invitation" => Ok(Json(meeting_file_object(&state, meeting, "invitation", times))),
        "protocol" if meeting.status.is_locked() => Ok(Json(meeting_file_object(&state, meeting, "protocol", times))),
        _ => Err(AppError::PageNotFound.into()),
    }
}

/// The item and its public protocol, by the item's id.
async fn public_item(state: &AppState, id: ItemId) -> Result<(Protocol, usize), AppError> {
    let item = state.store.item(id).await?;
    let protocol = public(state, item.meeting_id).await?;
    let index = protocol
        .items
        .iter()
        .position(|i| i.id == item.id)
        .ok_or(AppError::PageNotFound)?;
    Ok((protocol, index))
}

async fn agenda_item(State(state): State<AppState>, Path(id): Path<String>) -> OparlResult {
    let item = ItemId(parse_id(&id)?);
    let (protocol, index) = match public_item(&state, item).await {
        Err(AppError::Store(StoreError::NotFound { .. })) => return gone(&state, RecordKind::Item, item.0).await,
        found => found?,
    };
    let item = &protocol.items[index];
    let stamps = Stamps::of(&state, RecordKind::Item, &[item.id.0]).await?;
    Ok(Json(agenda_item_object(
        &state,
        &protocol.meeting,
        item,
        index + 1,
        &stamps,
    )))
}

async fn attachment_file(State(state): State<AppState>, Path((id, file)): Path<(String, String)>) -> OparlResult {
    let (protocol, index) = public_item(&state, ItemId(parse_id(&id)?)).await?;
    let item = &protocol.items[index];
    let file: usize = file.parse().map_err(|_| AppError::PageNotFound)?;
    if !protocol.meeting.status.is_locked() || item.confidential {
        return Err(AppError::PageNotFound.into());
    }
    let stamps = Stamps::of(&state, RecordKind::Item, &[item.id.0]).await?;
    attachment_object(&state, &protocol.meeting, item, file, &stamps)
        .map(Json)
        .ok_or_else(|| AppError::PageNotFound.into())
}
