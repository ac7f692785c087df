//! Follow-up and money per body: answers to recommendations, where assignments stand (and which
//! are overdue), grants with their balance per activity code, cost splits and agreements, as a
//! page, as CSV for finance departments, and as JSON for the API.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Form;
use chrono::{NaiveDate, Utc};
use samverkan_domain::*;
use serde::{Deserialize, Serialize};

use crate::auth::{Action, Viewer};
use crate::download::{content_disposition, csv_cell};
use crate::error::parse_id;
use crate::minutes::forms::{parse_date, Fields};
use crate::nav::Nav;
use crate::routes::Routes;
use crate::{AppError, AppState};

pub fn routes() -> Routes {
    Routes::new()
        .route("/organ/{id}/uppfoljning", &["GET"], get(page))
        .route("/organ/{id}/uppfoljning/svar", &["POST"], post(record_response))
        .route("/organ/{id}/uppfoljning/uppdrag", &["POST"], post(record_assignment))
        .route("/organ/{id}/bidrag.csv", &["GET"], get(grants_csv))
        .route("/organ/{id}/kostnadsfordelningar.csv", &["GET"], get(cost_shares_csv))
        .route("/organ/{id}/kostnadsfordelningar", &["POST"], post(create_cost_share))
}

/// Everything followed up for one body, as the page and the API show it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FollowUp {
    pub recommendations: Vec<RecommendationRow>,
    pub assignments: Vec<AssignmentRow>,
    pub grants: Vec<GrantView>,
    /// Cost splits with their parts, as the domain keeps them.
    #[schema(value_type = Vec<Object>)]
    pub cost_shares: Vec<CostShare>,
    /// Agreements with parties, period, extensions and yearly parameters.
    #[schema(value_type = Vec<Object>)]
    pub agreements: Vec<Agreement>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RecommendationRow {
    #[schema(value_type = i64)]
    pub meeting_id: MeetingId,
    pub date: NaiveDate,
    #[schema(value_type = i64)]
    pub item_id: ItemId,
    pub number: String,
    pub position: i32,
    pub text: String,
    pub addressees: Vec<String>,
    /// One row per organisation the recommendation goes to, answered or not.
    pub answers: Vec<AnswerRow>,
    pub pending: usize,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AnswerRow {
    #[schema(value_type = i64)]
    pub organisation_id: OrganisationId,
    pub organisation: String,
    /// "adopted", "rejected" or "pending".
    #[schema(value_type = String)]
    pub status: ResponseStatus,
    pub status_sv: &'static str,
    pub board: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub reference: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AssignmentRow {
    #[schema(value_type = i64)]
    pub meeting_id: MeetingId,
    pub date: NaiveDate,
    #[schema(value_type = i64)]
    pub item_id: ItemId,
    pub number: String,
    pub position: i32,
    pub assignee: String,
    pub task: String,
    pub due: Option<String>,
    /// "open", "reported" or "closed".
    #[schema(value_type = String)]
    pub status: AssignmentStatus,
    pub status_sv: &'static str,
    pub note: Option<String>,
    pub overdue: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GrantView {
    /// The grant with its allocation rows, as the domain keeps it.
    #[schema(value_type = Object)]
    pub grant: Grant,
    /// The allocation table as printed: date, purpose, amount, activity, recipient, comment.
    #[schema(value_type = Vec<Vec<String>>)]
    pub rows: Vec<[String; 6]>,
    /// Per activity code: allocated, carried over and total.
    #[schema(value_type = Vec<Object>)]
    pub balance: Vec<ActivityBalance>,
}

fn assignment_status_sv(status: AssignmentStatus) -> &'static str {
    match status {
        AssignmentStatus::Open => "öppet",
        AssignmentStatus::Reported => "återrapporterat",
        AssignmentStatus::Closed => "avslutat",
    }
}

fn due_text(due: &Due) -> String {
    match due {
        Due::Date { date } => date.to_string(),
        Due::Month { year, month } => format!("{year}-{month:02}"),
        Due::Meeting { .. } => "ett senare sammanträde".into(),
        Due::NextMeeting => "nästa sammanträde".into(),
    }
}

/// The organisations a recommendation goes to: those it names, or else the body's members.
fn addressed(recommendation: &Recommendation, members: &[Organisation]) -> Vec<(OrganisationId, String)> {
    let named: Vec<(OrganisationId, String)> = recommendation
        .addressees
        .iter()
        .filter_map(|a| match a {
            Addressee::Organisation { organisation_id, name } => Some((*organisation_id, name.clone())),
            Addressee::Group { .. } => None,
        })
        .collect();
    if named.is_empty() {
        members.iter().map(|o| (o.id, o.name.clone())).collect()
    } else {
        named
    }
}

/// Collects the follow-up of a body's adjusted protocols, whose member organisations are
/// `members` ([`samverkan_storage::Store::member_organisations`]). Confidential items are left out.
pub async fn follow_up(
    state: &AppState,
    body: BodyId,
    members: &[Organisation],
    year: i32,
    today: NaiveDate,
) -> Result<FollowUp, AppError> {
    let period = year_period(year)?;
    let store = &state.store;
    // Only what the page shows is read: the items of the year with something to follow up,
    // their answers and statuses, the body's money; each read on its own connection at once.
    let (responses, statuses, items, grants, cost_shares, agreements) = tokio::try_join!(
        store.responses(body, Some(period)),
        store.assignment_follow_ups(body, Some(period)),
        store.followed_items(body, Some(period)),
        store.grants(body),
        store.cost_shares(body),
        store.agreements(body),
    )?;
    // Looked up per recommendation and organisation, per assignment: keyed once here.
    let responses: std::collections::HashMap<(ItemId, i32, OrganisationId), RecommendationResponse> = responses
        .into_iter()
        .map(|r| ((r.item_id, r.position, r.organisation_id), r))
        .collect();
    let statuses: std::collections::HashMap<(ItemId, i32), AssignmentFollowUp> =
        statuses.into_iter().map(|f| ((f.item_id, f.position), f)).collect();
    let mut recommendations = Vec::new();
    let mut assignments = Vec::new();
    for (date, item) in items {
        for (position, r) in item.recommendations.iter().enumerate() {
            let position = position as i32;
            let answers: Vec<AnswerRow> = addressed(r, members)
                .into_iter()
                .map(|(organisation_id, organisation)| {
                    let answer = responses.get(&(item.id, position, organisation_id));
                    let status = answer.map_or(ResponseStatus::Pending, |a| a.status);
                    AnswerRow {
                        organisation_id,
                        organisation,
                        status,
                        status_sv: status.label_sv(),
                        board: answer.and_then(|a| a.board.clone()),
                        decided_on: answer.and_then(|a| a.decided_on),
                        reference: answer.and_then(|a| a.reference.clone()),
                    }
                })
                .collect();
            recommendations.push(RecommendationRow {
                meeting_id: item.meeting_id,
                date,
                item_id: item.id,
                number: item.number.to_string(),
                position,
                text: r.text.clone(),
                addressees: r.addressees.iter().map(|a| a.name().to_string()).collect(),
                pending: answers.iter().filter(|a| a.status == ResponseStatus::Pending).count(),
                answers,
            });
        }
        for (position, a) in item.assignments.iter().enumerate() {
            let position = position as i32;
            // The note as well as the status: the record is read once here.
            let followed = statuses.get(&(item.id, position));
            let status = followed.map_or(a.status, |f| f.status);
            assignments.push(AssignmentRow {
                meeting_id: item.meeting_id,
                date,
                item_id: item.id,
                number: item.number.to_string(),
                position,
                assignee: a.assignee.clone(),
                task: a.task.clone(),
                due: a.due.as_ref().map(due_text),
                status,
                status_sv: assignment_status_sv(status),
                note: followed.and_then(|f| f.note.clone()),
                overdue: is_overdue(a.due.as_ref(), status, today),
            });
        }
    }
    let grants = grants
        .into_iter()
        .map(|grant| GrantView {
            rows: grant.table_rows(),
            balance: grant.balance_by_activity(),
            grant,
        })
        .collect();
    Ok(FollowUp {
        recommendations,
        assignments,
        grants,
        cost_shares,
        agreements,
    })
}

/// The dates of a calendar year, as the store filters meetings by.
fn year_period(year: i32) -> Result<samverkan_storage::Between, AppError> {
    let day = |y| NaiveDate::from_ymd_opt(y, 1, 1).ok_or(AppError::PageNotFound);
    Ok((day(year)?, day(year + 1)?))
}

#[derive(Template)]
#[template(path = "follow_up.html")]
struct FollowUpPage {
    nav: Nav,
    body: Body,
    /// The year whose recommendations and assignments are shown, and the years to choose.
    year: i32,
    years: Vec<i32>,
    data: FollowUp,
    /// The organisation chosen to see what it has not yet decided on.
    organisation: Option<Organisation>,
    organisations: Vec<Organisation>,
    manage: bool,
    error: Option<String>,
    /// The form that was refused (its key), with what was sent, to show both beside it.
    refused_form: Option<(String, Fields)>,
}

impl FollowUpPage {
    /// The refusal for the form with this key, if that is the one that was refused.
    fn refusal(&self, key: &str) -> Option<&str> {
        match &self.refused_form {
            Some((form, _)) if form == key => self.error.as_deref(),
            _ => None,
        }
    }

    /// What was sent in `field` of the refused form with this key, to show it again.
    fn kept(&self, key: &str, field: &str) -> String {
        match &self.refused_form {
            Some((form, fields)) if form == key => fields.value(field),
            _ => String::new(),
        }
    }

    /// Whether the refused form with this key had `value` chosen in `field`.
    fn was_chosen(&self, key: &str, field: &str, value: &str) -> bool {
        match &self.refused_form {
            Some((form, fields)) if form == key => fields.all(field).any(|v| v.trim() == value),
            _ => false,
        }
    }

    /// The key of the form for an item's recommendation or assignment at `position`.
    fn key(&self, kind: &str, item: &ItemId, position: &i32) -> String {
        format!("{kind}-{item}-{position}")
    }
}

/// The key of the follow-up form a submission came from, from its hidden fields.
fn form_key(kind: &str, fields: &Fields) -> String {
    format!("{kind}-{}-{}", fields.value("item_id"), fields.value("position"))
}

#[derive(Deserialize)]
struct Filter {
    organisation: Option<String>,
    ar: Option<String>,
}

async fn render(
    state: &AppState,
    viewer: &Viewer,
    body: Body,
    organisation: Option<OrganisationId>,
    year: Option<&str>,
    error: Option<String>,
) -> Result<FollowUpPage, AppError> {
    let (manage, (year, years), organisations) = tokio::try_join!(
        viewer.may(state, Action::ManageBody(body.id)),
        crate::pages::archive_year(state, body.id, year),
        async { Ok::<_, AppError>(state.store.member_organisations(body.id).await?) },
    )?;
    let mut data = follow_up(state, body.id, &organisations, year, Utc::now().date_naive()).await?;
    let organisation = organisation.and_then(|id| organisations.iter().find(|o| o.id == id).cloned());
    if let Some(chosen) = &organisation {
        // "What has Ronneby not yet decided on?"
        data.recommendations.retain(|r| {
            r.answers
                .iter()
                .any(|a| a.organisation_id == chosen.id && a.status == ResponseStatus::Pending)
        });
    }
    Ok(FollowUpPage {
        nav: Nav::of(viewer),
        body,
        year,
        years,
        data,
        organisation,
        organisations,
        manage,
        error,
        refused_form: None,
    })
}

async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(filter): Query<Filter>,
) -> Result<Html<String>, AppError> {
    let body = state.store.body(BodyId(parse_id(&id)?)).await?;
    let organisation = filter
        .organisation
        .filter(|o| !o.is_empty())
        .map(|o| parse_id(&o).map(OrganisationId))
        .transpose()?;
    Ok(Html(
        render(&state, &viewer, body, organisation, filter.ar.as_deref(), None)
            .await?
            .render()?,
    ))
}

/// Shows the page again with the error, keeping the status the error maps to.
/// The page again with the refusal beside the form that was sent (`form`: its key and
/// fields), what was typed kept; without a key, at the top.
pub(crate) async fn refused(
    state: &AppState,
    viewer: &Viewer,
    body: Body,
    error: AppError,
    form: Option<(String, Fields)>,
) -> Result<Response, AppError> {
    let status = error.status();
    let mut page = render(state, viewer, body, None, None, Some(error.to_string())).await?;
    page.refused_form = form;
    Ok((status, Html(page.render()?)).into_response())
}

pub(crate) fn back(body: BodyId) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, format!("/organ/{body}/uppfoljning"))],
    )
        .into_response()
}

/// The body in the path, when the viewer manages it.
pub(crate) async fn managed_body(state: &AppState, viewer: &Viewer, id: &str) -> Result<Body, AppError> {
    let body = state.store.body(BodyId(parse_id(id)?)).await?;
    viewer.require(state, Action::ManageBody(body.id)).await?;
    Ok(body)
}

/// The item (of this body's adjusted protocols) and position a form names.
async fn followed_item(state: &AppState, body: BodyId, fields: &Fields) -> Result<(Item, i32), AppError> {
    let bad = || AppError::BadInput("Välj ett ärende i listan.".into());
    let item_id = fields.text("item_id").and_then(|i| i.parse().ok()).ok_or_else(bad)?;
    let position: i32 = fields.text("position").and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let item = state.store.item(ItemId(item_id)).await?;
    let meeting = state.store.meeting(item.meeting_id).await?;
    if meeting.body_id != body || !meeting.status.is_locked() || item.confidential {
        return Err(bad());
    }
    Ok((item, position))
}

async fn record_response(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let body = managed_body(&state, &viewer, &id).await?;
    let fields = Fields::from(fields);
    let checked = async {
        let (item, position) = followed_item(&state, body.id, &fields).await?;
        let recommendation = item
            .recommendations
            .get(position as usize)
            .ok_or_else(|| AppError::BadInput("Rekommendationen finns inte i ärendet.".into()))?;
        let organisation_id = fields
            .text("organisation_id")
            .and_then(|o| o.parse().ok())
            .map(OrganisationId)
            .ok_or_else(|| AppError::BadInput("Välj en organisation.".into()))?;
        let members = state.store.member_organisations(body.id).await?;
        if !addressed(recommendation, &members)
            .iter()
            .any(|(id, _)| *id == organisation_id)
        {
            let name = state
                .store
                .organisation(organisation_id)
                .await
                .map(|o| o.name)
                .unwrap_or_default();
            return Err(AppError::BadInput(format!(
                "{name} är inte en av de organisationer som rekommendationen riktar sig till."
            )));
        }
        let status = fields
            .text("status")
            .and_then(|s| ResponseStatus::from_code(&s))
            .ok_or_else(|| AppError::BadInput("Välj vad organisationen beslutade.".into()))?;
        let decided_on = fields
            .text("decided_on")
            .map(|d| parse_date(&d))
            .transpose()
            .map_err(|e| AppError::BadInput(e.to_string()))?;
        let response = RecommendationResponse {
            item_id: item.id,
            position,
            organisation_id,
            status,
            board: fields.text("board"),
            decided_on,
            reference: fields.text("reference"),
            recorded_at: Utc::now(),
        };
        let recommended_on = state.store.meeting(item.meeting_id).await?.date;
        let today = samverkan_domain::swedish_time::today();
        response
            .validate(recommended_on, today)
            .map_err(|e| AppError::Store(e.into()))?;
        Ok::<_, AppError>(response)
    }
    .await;
    match checked {
        Ok(response) => {
            state.store.record_response(&response).await?;
            Ok(back(body.id))
        }
        Err(error) => refused(&state, &viewer, body, error, Some((form_key("svar", &fields), fields))).await,
    }
}

async fn record_assignment(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let body = managed_body(&state, &viewer, &id).await?;
    let fields = Fields::from(fields);
    let checked = async {
        let (item, position) = followed_item(&state, body.id, &fields).await?;
        if item.assignments.get(position as usize).is_none() {
            return Err(AppError::BadInput("Uppdraget finns inte i ärendet.".into()));
        }
        let status = fields
            .text("status")
            .and_then(|s| AssignmentStatus::from_code(&s))
            .ok_or_else(|| AppError::BadInput("Välj var uppdraget står.".into()))?;
        Ok(AssignmentFollowUp {
            item_id: item.id,
            position,
            status,
            note: fields.text("note"),
            updated_at: Utc::now(),
        })
    }
    .await;
    match checked {
        Ok(follow_up) => {
            state.store.record_assignment_follow_up(&follow_up).await?;
            Ok(back(body.id))
        }
        Err(error) => {
            refused(
                &state,
                &viewer,
                body,
                error,
                Some((form_key("uppdrag", &fields), fields)),
            )
            .await
        }
    }
}

/// "70", "33,33", "12.5" → hundredths of a percent.
fn percent_hundredths(text: &str) -> Option<u64> {
    let text = text.trim().trim_end_matches('%').trim().replace(',', ".");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if fraction.len() > 2 || whole.is_empty() || !whole.chars().chain(fraction.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    whole
        .parse::<u64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(format!("{fraction:0<2}").parse::<u64>().ok()?)
}

/// Splits a total between the body's member organisations by the chosen key and stores it;
/// any bad figure shows the page again with a Swedish sentence and stores nothing.
async fn create_cost_share(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let body = managed_body(&state, &viewer, &id).await?;
    let fields = Fields::from(fields);
    let members = state.store.member_organisations(body.id).await?;
    let checked = (|| {
        let bad = |message: String| AppError::BadInput(message);
        let title = fields
            .text("title")
            .ok_or_else(|| bad("Skriv vad kostnaden gäller.".into()))?;
        let money = |name: &str| -> Result<Money, AppError> {
            match fields.text(name) {
                None => Ok(Money::ZERO),
                Some(text) => Money::parse_swedish(&text).map_err(|e| AppError::Store(e.into())),
            }
        };
        let total = money("total")?;
        let key = match fields.value("key").as_str() {
            "population" => CostShareKey::Population {
                year: samverkan_reference::POPULATION_YEAR,
            },
            "fixed_percent" => CostShareKey::FixedPercent,
            "volume" => CostShareKey::Volume,
            "guaranteed_plus_hourly" => CostShareKey::GuaranteedPlusHourly {
                hourly_rate: money("hourly_rate")?,
            },
            _ => return Err(bad("Välj en fördelningsnyckel.".into())),
        };
        let mut parties = Vec::new();
        for o in &members {
            let entered = fields.text(&format!("weight_{}", o.id));
            let weight = match &key {
                CostShareKey::Population { .. } => o
                    .population
                    .map(|p| p.max(0) as u64)
                    .ok_or_else(|| bad(format!("Befolkningssiffra saknas för {}.", o.name)))?,
                CostShareKey::FixedPercent => match entered {
                    None => 0,
                    Some(text) => percent_hundredths(&text)
                        .ok_or_else(|| bad(format!("Ogiltig procentsats för {}: ”{text}”.", o.name)))?,
                },
                _ => match entered {
                    None => 0,
                    Some(text) => text
                        .replace(' ', "")
                        .parse()
                        .map_err(|_| bad(format!("Ogiltigt antal för {}: ”{text}”.", o.name)))?,
                },
            };
            let guaranteed = money(&format!("guaranteed_{}", o.id))?;
            if weight > 0 || guaranteed > Money::ZERO || matches!(key, CostShareKey::Population { .. }) {
                parties.push(SplitParty {
                    organisation_id: Some(o.id),
                    payer: o.name.clone(),
                    weight,
                    guaranteed,
                });
            }
        }
        CostShare::split(body.id, title, total, key, &parties).map_err(|e| AppError::Store(e.into()))
    })();
    match checked {
        Ok(share) => {
            state.store.create_cost_share(&share).await?;
            Ok(back(body.id))
        }
        Err(error) => refused(&state, &viewer, body, error, Some(("fordelning".to_string(), fields))).await,
    }
}

/// A CSV for Swedish spreadsheets: UTF-8 with a byte-order mark, semicolons, decimal commas.
fn csv(file_name: &str, header: &[&str], rows: Vec<Vec<String>>) -> Response {
    let mut out = String::from("\u{feff}");
    for row in std::iter::once(header.iter().map(|h| h.to_string()).collect::<Vec<_>>()).chain(rows) {
        out.push_str(&row.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(";"));
        out.push_str("\r\n");
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                content_disposition("attachment", file_name),
            ),
        ],
        out,
    )
        .into_response()
}

/// "1 276 000 kr" → "1276000,00": a number a spreadsheet reads.
fn kronor(money: Money) -> String {
    let ore = money.ore();
    let sign = if ore < 0 { "-" } else { "" };
    format!("{sign}{},{:02}", ore.abs() / 100, ore.abs() % 100)
}

async fn grants_csv(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, AppError> {
    let body = state.store.body(BodyId(parse_id(&id)?)).await?;
    let mut rows = Vec::new();
    for grant in state.store.grants(body.id).await? {
        for a in &grant.allocations {
            rows.push(vec![
                grant.name.clone(),
                grant.year.to_string(),
                a.decided_on.map(|d| d.to_string()).unwrap_or_default(),
                a.purpose.clone().unwrap_or_default(),
                kronor(a.amount),
                a.activity_code.clone().unwrap_or_default(),
                a.recipient.clone().unwrap_or_default(),
                a.carry_over.map(kronor).unwrap_or_default(),
                a.carry_over_from_year.map(|y| y.to_string()).unwrap_or_default(),
                a.comment.clone().unwrap_or_default(),
            ]);
        }
    }
    Ok(csv(
        &format!("bidrag-{}.csv", body.short_name.to_lowercase()),
        &[
            "Bidrag",
            "År",
            "Beslutsdatum",
            "Till",
            "Belopp (kr)",
            "Aktivitet",
            "Mottagare",
            "Överfört (kr)",
            "Överfört från år",
            "Kommentar",
        ],
        rows,
    ))
}

async fn cost_shares_csv(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, AppError> {
    let body = state.store.body(BodyId(parse_id(&id)?)).await?;
    let mut rows = Vec::new();
    for share in state.store.cost_shares(body.id).await? {
        for part in &share.parts {
            rows.push(vec![
                share.title.clone(),
                kronor(share.total),
                part.payer.clone(),
                part.basis.clone().unwrap_or_default(),
                kronor(part.amount),
            ]);
        }
    }
    Ok(csv(
        &format!("kostnadsfordelningar-{}.csv", body.short_name.to_lowercase()),
        &["Kostnadsfördelning", "Totalt (kr)", "Betalare", "Grund", "Belopp (kr)"],
        rows,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_read_the_swedish_way() {
        assert_eq!(percent_hundredths("70"), Some(7000));
        assert_eq!(percent_hundredths("33,33 %"), Some(3333));
        assert_eq!(percent_hundredths("12.5"), Some(1250));
        assert_eq!(percent_hundredths("7,005"), None);
        assert_eq!(percent_hundredths("-5"), None);
    }

    #[test]
    fn kronor_are_written_for_swedish_spreadsheets() {
        assert_eq!(kronor(Money::from_kronor(1_276_000)), "1276000,00");
        assert_eq!(kronor(Money(-7)), "-0,07");
    }
}
