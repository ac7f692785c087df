//! The secretary's forms for a body's grants (a grant, then the rows of its allocation table
//! with activity codes and carry-over) and agreements (parties among the members, period,
//! extensions, yearly parameters), each tied to the decision that made it when its meeting
//! date and § are given. A refused form comes back beside itself on the follow-up page.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use axum::Form;
use chrono::NaiveDate;
use samverkan_domain::*;
use samverkan_storage::StoreError;

use crate::auth::Viewer;
use crate::error::parse_id;
use crate::follow_up::{back, managed_body, refused};
use crate::minutes::forms::{parse_date, Fields};
use crate::routes::Routes;
use crate::{AppError, AppState};

pub fn routes() -> Routes {
    Routes::new()
        .route("/organ/{id}/bidrag", &["POST"], post(create_grant))
        .route("/organ/{id}/bidrag/{grant}/rader", &["POST"], post(add_allocation))
        .route("/organ/{id}/overenskommelser", &["POST"], post(create_agreement))
        .route(
            "/organ/{id}/overenskommelser/{agreement}/forlangning",
            &["POST"],
            post(extend_agreement),
        )
        .route(
            "/organ/{id}/overenskommelser/{agreement}/varden",
            &["POST"],
            post(add_parameter),
        )
}

type Result<T, E = AppError> = std::result::Result<T, E>;

fn bad(message: impl Into<String>) -> AppError {
    AppError::BadInput(message.into())
}

fn date(fields: &Fields, name: &str) -> Result<Option<NaiveDate>> {
    fields
        .text(name)
        .map(|d| parse_date(&d))
        .transpose()
        .map_err(|e| bad(e.to_string()))
}

fn money(fields: &Fields, name: &str) -> Result<Option<Money>> {
    fields
        .text(name)
        .map(|m| Money::parse_swedish(&m).map_err(|e| AppError::Store(e.into())))
        .transpose()
}

fn year(fields: &Fields, name: &str) -> Result<Option<i32>> {
    fields
        .text(name)
        .map(|y| {
            y.parse::<i32>()
                .ok()
                .filter(|y| (1900..=2200).contains(y))
                .ok_or_else(|| bad(format!("Ogiltigt år: ”{}”. Skriv året med fyra siffror.", short(&y))))
        })
        .transpose()
}

/// At most 40 characters of what the user wrote, to quote it back.
fn short(text: &str) -> String {
    text.chars().take(40).collect()
}

/// The item a decision was made at: the body's meeting on the date in `date_field` and its
/// § `decision_number`; none when either is left out.
async fn decision(state: &AppState, body: BodyId, fields: &Fields, date_field: &str) -> Result<Option<ItemId>> {
    let (Some(day), Some(number)) = (date(fields, date_field)?, fields.text("decision_number")) else {
        return Ok(None);
    };
    let number = ItemNumber::parse(&number).map_err(StoreError::from)?;
    let next_day = day.succ_opt().unwrap_or(day);
    for meeting in state.store.meetings_between(body, day, next_day, 0, 10).await? {
        if let Some(item) = state
            .store
            .items(meeting.id)
            .await?
            .into_iter()
            .find(|i| i.number == number)
        {
            return Ok(Some(item.id));
        }
    }
    Err(bad(format!("Det finns ingen § {number} i protokollet {day}.")))
}

/// Back to the follow-up page when the form's work was done; otherwise the page again with the
/// refusal beside the form `key`, and what was typed in it.
async fn settle<T>(
    state: &AppState,
    viewer: &Viewer,
    body: Body,
    key: String,
    fields: Fields,
    done: Result<T>,
) -> Result<Response> {
    match done {
        Ok(_) => Ok(back(body.id)),
        Err(error) => refused(state, viewer, body, error, Some((key, fields))).await,
    }
}

async fn create_grant(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let body = managed_body(&state, &viewer, &id).await?;
    let fields = Fields::from(fields);
    let checked = async {
        let grant = Grant {
            id: GrantId::NEW,
            body_id: body.id,
            name: fields.text("name").ok_or_else(|| bad("Skriv vad bidraget heter."))?,
            year: year(&fields, "year")?.ok_or_else(|| bad("Skriv vilket år bidraget gäller."))?,
            total: money(&fields, "total")?,
            allocations: Vec::new(),
        };
        Ok::<_, AppError>(state.store.create_grant(&grant).await?)
    }
    .await;
    settle(&state, &viewer, body, "bidrag".to_string(), fields, checked).await
}

async fn add_allocation(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, grant)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let body = managed_body(&state, &viewer, &id).await?;
    let grant = state.store.grant(GrantId(parse_id(&grant)?)).await?;
    if grant.body_id != body.id {
        return Err(AppError::PageNotFound);
    }
    let fields = Fields::from(fields);
    let checked = async {
        let allocation = Allocation {
            decided_on: date(&fields, "decided_on")?,
            decided_at_item: decision(&state, body.id, &fields, "decided_on").await?,
            purpose: fields.text("purpose"),
            amount: money(&fields, "amount")?.ok_or_else(|| bad("Skriv beloppet."))?,
            activity_code: fields.text("activity_code"),
            recipient: fields.text("recipient"),
            comment: fields.text("comment"),
            carry_over: money(&fields, "carry_over")?,
            carry_over_from_year: year(&fields, "carry_over_from_year")?,
            carry_over_activity_code: None,
        };
        if allocation.carry_over.is_some() && allocation.carry_over_from_year.is_none() {
            return Err(bad("Skriv från vilket år de överförda medlen kommer."));
        }
        Ok::<_, AppError>(state.store.add_allocation(grant.id, &allocation).await?)
    }
    .await;
    settle(&state, &viewer, body, format!("rad-{}", grant.id), fields, checked).await
}

async fn create_agreement(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let body = managed_body(&state, &viewer, &id).await?;
    let fields = Fields::from(fields);
    let checked = async {
        let members = state.store.member_organisations(body.id).await?;
        let parties: Vec<OrganisationId> = fields
            .all("parties")
            .filter_map(|p| p.parse().ok())
            .map(OrganisationId)
            .collect();
        if parties.is_empty() {
            return Err(bad("Välj parterna i överenskommelsen."));
        }
        let start = date(&fields, "start")?.ok_or_else(|| bad("Skriv när överenskommelsen börjar gälla."))?;
        let agreement = Agreement {
            id: AgreementId::NEW,
            body_id: body.id,
            title: fields
                .text("title")
                .ok_or_else(|| bad("Skriv vad överenskommelsen gäller."))?,
            parties,
            period: Period::new(start, date(&fields, "end")?).map_err(StoreError::from)?,
            extensions: Vec::new(),
            parameters: Vec::new(),
            yearly_duty: fields.text("yearly_duty"),
            yearly_duty_month: fields
                .text("yearly_duty_month")
                .map(|m| {
                    m.parse::<u32>()
                        .map_err(|_| bad(format!("Ogiltig månad: ”{}”.", short(&m))))
                })
                .transpose()?,
        };
        agreement.validate_parties(&members).map_err(StoreError::from)?;
        Ok::<_, AppError>(state.store.create_agreement(&agreement).await?)
    }
    .await;
    settle(&state, &viewer, body, "overenskommelse".to_string(), fields, checked).await
}

/// The agreement in the path, when it is one of the body's.
async fn body_agreement(state: &AppState, body: BodyId, id: &str) -> Result<Agreement> {
    let agreement = state.store.agreement(AgreementId(parse_id(id)?)).await?;
    if agreement.body_id != body {
        return Err(AppError::PageNotFound);
    }
    Ok(agreement)
}

async fn extend_agreement(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, agreement)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let body = managed_body(&state, &viewer, &id).await?;
    let agreement = body_agreement(&state, body.id, &agreement).await?;
    let fields = Fields::from(fields);
    let checked = async {
        let extension = AgreementExtension {
            until: date(&fields, "until")?.ok_or_else(|| bad("Skriv till när överenskommelsen förlängs."))?,
            decided_at_item: decision(&state, body.id, &fields, "decision_date").await?,
            note: fields.text("note"),
        };
        Ok::<_, AppError>(state.store.extend_agreement(agreement.id, &extension).await?)
    }
    .await;
    settle(
        &state,
        &viewer,
        body,
        format!("forlangning-{}", agreement.id),
        fields,
        checked,
    )
    .await
}

async fn add_parameter(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, agreement)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let body = managed_body(&state, &viewer, &id).await?;
    let agreement = body_agreement(&state, body.id, &agreement).await?;
    let fields = Fields::from(fields);
    let checked = async {
        let parameter = YearlyParameter {
            year: year(&fields, "year")?.ok_or_else(|| bad("Skriv vilket år värdet gäller."))?,
            name: fields
                .text("name")
                .ok_or_else(|| bad("Skriv vad värdet är, till exempel Timpris."))?,
            value: fields.text("value").ok_or_else(|| bad("Skriv värdet."))?,
            unit: fields.text("unit"),
            decided_at_item: decision(&state, body.id, &fields, "decision_date").await?,
        };
        Ok::<_, AppError>(state.store.add_agreement_parameter(agreement.id, &parameter).await?)
    }
    .await;
    settle(
        &state,
        &viewer,
        body,
        format!("varde-{}", agreement.id),
        fields,
        checked,
    )
    .await
}
