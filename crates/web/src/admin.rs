//! Administration on the web: bodies and sub-groups, member organisations from the reference
//! data, user accounts (administrators), and a body's memberships (its secretary too).

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::Argon2;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Form;
use samverkan_domain::*;
use samverkan_reference::{County, Municipality};
use samverkan_storage::{NewUser, User, UserRole};

use crate::auth::{Action, Viewer, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};
use crate::error::parse_id;
use crate::minutes::forms::{parse_date, Fields};
use crate::nav::Nav;
use crate::routes::Routes;
use crate::{AppError, AppState};

pub fn routes() -> Routes {
    Routes::new()
        .route("/admin", &["GET"], get(overview))
        .route("/admin/organ", &["POST"], post(create_body))
        .route("/admin/organisationer", &["POST"], post(add_organisation))
        .route("/admin/anvandare", &["POST"], post(create_user))
        .route("/admin/anvandare/{id}/avstangning", &["POST"], post(set_disabled))
        .route("/admin/anvandare/{id}/losenord", &["POST"], post(reset_password))
        .route(
            "/organ/{id}/medlemmar",
            &["GET", "POST"],
            get(members_page).post(add_membership),
        )
}

type Result<T, E = AppError> = std::result::Result<T, E>;

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    nav: Nav,
    bodies: Vec<Body>,
    organisations: Vec<Organisation>,
    persons: Vec<Person>,
    users: Vec<User>,
    municipalities: &'static [Municipality],
    counties: &'static [County],
    message: Option<String>,
}

async fn admin_page(state: &AppState, viewer: &Viewer, message: Option<String>) -> Result<AdminPage> {
    Ok(AdminPage {
        nav: Nav::of(viewer),
        bodies: state.store.bodies().await?,
        organisations: state.store.organisations().await?,
        persons: state.store.persons().await?,
        users: state.store.users().await?,
        municipalities: samverkan_reference::municipalities(),
        counties: samverkan_reference::counties(),
        message,
    })
}

async fn overview(State(state): State<AppState>, viewer: Viewer) -> Result<Html<String>> {
    viewer.require(&state, Action::Administer).await?;
    Ok(Html(admin_page(&state, &viewer, None).await?.render()?))
}

/// Shows the admin page again with a Swedish sentence about what was wrong.
async fn refuse(state: &AppState, viewer: &Viewer, error: AppError) -> Result<Response> {
    let page = admin_page(state, viewer, Some(error.user_message())).await?;
    Ok((error.status(), Html(page.render()?)).into_response())
}

async fn create_body(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    viewer.require(&state, Action::Administer).await?;
    let fields = Fields::from(fields);
    let (Some(name), Some(short_name)) = (fields.text("name"), fields.text("short_name")) else {
        return refuse(
            &state,
            &viewer,
            AppError::BadInput("Organet behöver namn och förkortning.".into()),
        )
        .await;
    };
    let county_code = fields.text("county_code");
    if let Some(code) = &county_code {
        if samverkan_reference::county(code).is_err() {
            return refuse(&state, &viewer, AppError::BadInput(format!("Okänd länskod: ”{code}”."))).await;
        }
    }
    let notice_days = match fields.text("notice_days") {
        None => DEFAULT_NOTICE_DAYS,
        Some(days) => match days.parse::<u32>() {
            Ok(days) => days,
            Err(_) => {
                let error = AppError::BadInput(format!("Ange anslagstiden i dagar, inte ”{days}”."));
                return refuse(&state, &viewer, error).await;
            }
        },
    };
    let body = Body {
        id: BodyId::NEW,
        name,
        short_name,
        parent_id: fields.text("parent_id").and_then(|p| p.parse().ok()).map(BodyId),
        county_code,
        numbering: match fields.text("numbering").as_deref() {
            Some("per_meeting") => NumberingRule::PerMeeting,
            _ => NumberingRule::PerYear,
        },
        description: fields.text("description"),
        notice_days,
        logo_sha256: None,
    };
    match state.store.create_body(&body).await {
        Ok(body) => Ok(Redirect::to(&format!("/organ/{}", body.id)).into_response()),
        Err(error) => refuse(&state, &viewer, error.into()).await,
    }
}

async fn add_organisation(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    viewer.require(&state, Action::Administer).await?;
    let fields = Fields::from(fields);
    let organisation = match (
        fields.text("municipality_code"),
        fields.text("county_code"),
        fields.text("name"),
    ) {
        (Some(code), _, _) => samverkan_reference::kommun_organisation(&code)
            .map_err(|_| AppError::BadInput(format!("Okänd kommunkod: ”{code}”."))),
        (None, Some(code), _) => samverkan_reference::region_organisation(&code)
            .map_err(|_| AppError::BadInput(format!("Okänd länskod: ”{code}”."))),
        (None, None, Some(name)) => Ok(Organisation {
            id: OrganisationId::NEW,
            name,
            kind: match fields.text("kind").as_deref() {
                Some("regionforbund") => OrganisationKind::Regionforbund,
                _ => OrganisationKind::Other,
            },
            population: None,
            population_year: None,
        }),
        _ => Err(AppError::BadInput(
            "Välj en kommun eller region, eller skriv ett namn.".into(),
        )),
    };
    let result = match organisation {
        Ok(organisation) => state
            .store
            .create_organisation(&organisation)
            .await
            .map_err(AppError::from),
        Err(error) => Err(error),
    };
    match result {
        Ok(_) => Ok(Redirect::to("/admin#organisationer").into_response()),
        Err(error) => refuse(&state, &viewer, error).await,
    }
}

async fn create_user(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    viewer.require(&state, Action::Administer).await?;
    let fields = Fields::from(fields);
    let password = fields.value("password");
    let (Some(username), Some(display_name)) = (fields.text("username"), fields.text("display_name")) else {
        return refuse(
            &state,
            &viewer,
            AppError::BadInput("Användarnamn och namn måste fyllas i.".into()),
        )
        .await;
    };
    let password_hash = match hash_password(password).await {
        Ok(hash) => hash,
        Err(error) => return refuse(&state, &viewer, error).await,
    };
    let user = NewUser {
        username,
        display_name,
        password_hash,
        role: fields
            .text("role")
            .and_then(|r| UserRole::from_code(&r))
            .unwrap_or(UserRole::Member),
        person_id: fields.text("person_id").and_then(|p| p.parse().ok()).map(PersonId),
    };
    match state.store.create_user(&user).await {
        Ok(_) => Ok(Redirect::to("/admin#anvandare").into_response()),
        Err(error) => refuse(&state, &viewer, error.into()).await,
    }
}

/// An argon2 hash of a new password of 8 to 1 024 characters, made on the blocking pool.
async fn hash_password(password: String) -> Result<String> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        return Err(AppError::BadInput("Lösenordet måste ha minst 8 tecken.".into()));
    }
    if length > MAX_PASSWORD_CHARS {
        return Err(AppError::BadInput("Lösenordet får ha högst 1 024 tecken.".into()));
    }
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes(), &SaltString::generate(&mut rand_core::OsRng))
            .map(|hash| hash.to_string())
    })
    .await
    .ok()
    .and_then(|hash| hash.ok())
    .ok_or_else(|| AppError::BadInput("Lösenordet kunde inte sparas.".into()))
}

/// Disables (`avstangd=1`) or enables an account; disabling ends its sessions at once.
async fn set_disabled(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    viewer.require(&state, Action::Administer).await?;
    let id = UserId(parse_id(&id)?);
    let disabled = Fields::from(fields).text("avstangd").as_deref() == Some("1");
    if disabled && viewer.user.as_ref().is_some_and(|me| me.id == id) {
        let error = AppError::BadInput("Du kan inte stänga av ditt eget konto.".into());
        return refuse(&state, &viewer, error).await;
    }
    let result = state.store.set_user_disabled(id, disabled).await;
    back_to_accounts(&state, &viewer, result).await
}

/// Sets a new password for an account, which ends every session of it.
async fn reset_password(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    viewer.require(&state, Action::Administer).await?;
    let id = UserId(parse_id(&id)?);
    let password_hash = match hash_password(Fields::from(fields).value("password")).await {
        Ok(hash) => hash,
        Err(error) => return refuse(&state, &viewer, error).await,
    };
    let result = state.store.set_password_hash(id, &password_hash).await;
    back_to_accounts(&state, &viewer, result).await
}

/// After a change to an account: back to the list of accounts, or the page with why not.
async fn back_to_accounts(
    state: &AppState,
    viewer: &Viewer,
    result: Result<(), samverkan_storage::StoreError>,
) -> Result<Response> {
    match result {
        Ok(()) => Ok(Redirect::to("/admin#anvandare").into_response()),
        Err(error) => refuse(state, viewer, error.into()).await,
    }
}

#[derive(Template)]
#[template(path = "members.html")]
struct MembersPage {
    nav: Nav,
    body: Body,
    rows: Vec<(String, &'static str, String, String)>,
    persons: Vec<Person>,
    organisations: Vec<Organisation>,
    roles: Vec<(&'static str, &'static str)>,
    fields: Fields,
    error: Option<String>,
}

async fn members(
    state: &AppState,
    viewer: &Viewer,
    body: Body,
    fields: Fields,
    error: Option<String>,
) -> Result<MembersPage> {
    let persons = state.store.persons().await?;
    let organisations = state.store.organisations().await?;
    let rows = state
        .store
        .memberships(body.id)
        .await?
        .iter()
        .map(|m| {
            let person = persons.iter().find(|p| p.id == m.person_id).map(|p| p.name.clone());
            let organisation = m
                .organisation_id
                .and_then(|id| organisations.iter().find(|o| o.id == id))
                .map(|o| o.name.clone());
            let period = match m.period.end {
                Some(end) => format!("{} – {end}", m.period.start),
                None => format!("från {}", m.period.start),
            };
            (
                person.unwrap_or_default(),
                m.role.label_sv(),
                organisation.unwrap_or_default(),
                period,
            )
        })
        .collect();
    Ok(MembersPage {
        nav: Nav::of(viewer),
        body,
        rows,
        persons,
        organisations,
        roles: Role::ALL.iter().map(|r| (r.code(), r.label_sv())).collect(),
        fields,
        error,
    })
}

async fn members_page(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> Result<Html<String>> {
    let body = state.store.body(BodyId(parse_id(&id)?)).await?;
    viewer.require(&state, Action::ManageBody(body.id)).await?;
    Ok(Html(
        members(&state, &viewer, body, Fields::default(), None)
            .await?
            .render()?,
    ))
}

/// Adds a membership, creating the person first when a new name is given.
async fn add_membership(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let body = state.store.body(BodyId(parse_id(&id)?)).await?;
    viewer.require(&state, Action::ManageBody(body.id)).await?;
    let fields = Fields::from(fields);
    let checked = (|| -> Result<(Period, Role), AppError> {
        let bad = |e: crate::minutes::forms::FormError| AppError::BadInput(e.to_string());
        let start = parse_date(&fields.value("start")).map_err(bad)?;
        let end = fields.text("end").map(|e| parse_date(&e)).transpose().map_err(bad)?;
        let period = Period::new(start, end).map_err(|e| AppError::BadInput(e.to_string()))?;
        let role = fields
            .text("role")
            .and_then(|r| Role::from_code(&r))
            .ok_or_else(|| AppError::BadInput("Välj en roll.".into()))?;
        if fields.text("person_id").is_none() && fields.text("new_name").is_none() {
            return Err(AppError::BadInput("Välj en person eller skriv namnet på en ny.".into()));
        }
        Ok((period, role))
    })();
    let (period, role) = match checked {
        Ok(checked) => checked,
        Err(error) => {
            let status = error.status();
            let page = members(&state, &viewer, body, fields, Some(error.to_string())).await?;
            return Ok((status, Html(page.render()?)).into_response());
        }
    };
    let person_id = match fields.text("person_id").and_then(|p| p.parse().ok()) {
        Some(id) => PersonId(id),
        None => {
            let person = Person {
                id: PersonId::NEW,
                name: fields.value("new_name"),
                title: fields.text("new_title"),
                email: fields.text("new_email"),
            };
            state.store.create_person(&person).await?.id
        }
    };
    let membership = Membership {
        id: MembershipId::NEW,
        body_id: body.id,
        person_id,
        organisation_id: fields
            .text("organisation_id")
            .and_then(|o| o.parse().ok())
            .map(OrganisationId),
        role,
        period,
    };
    state.store.add_membership(&membership).await?;
    Ok((
        StatusCode::SEE_OTHER,
        [(axum::http::header::LOCATION, format!("/organ/{}/medlemmar", body.id))],
    )
        .into_response())
}
