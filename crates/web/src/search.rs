//! The search page (`/sok`) and its JSON twin (`/api/v1/search`): what the viewer may see,
//! narrowed by facets.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Json;
use chrono::NaiveDate;
use samverkan_domain::{Body, BodyId, Organisation, OrganisationId};
use samverkan_search::{Filters, Hit, Kind, SearchRequest, SearchResults, Visibility};
use samverkan_storage::UserRole;
use serde::{Deserialize, Serialize};

use crate::auth::Viewer;
use crate::error::ApiError;
use crate::nav::Nav;
use crate::routes::Routes;
use crate::{AppError, AppState};

pub fn routes() -> Routes {
    Routes::new()
        .route("/sok", &["GET"], get(search_page))
        .route("/api/v1/search", &["GET"], get(search_api))
}

/// The query string, with Swedish parameter names on the page and the API alike.
#[derive(Debug, Default, Deserialize, Clone)]
pub struct Params {
    #[serde(default)]
    q: String,
    organ: Option<String>,
    ar: Option<String>,
    typ: Option<String>,
    fran: Option<String>,
    till: Option<String>,
    organisation: Option<String>,
    person: Option<String>,
    uppdrag: Option<String>,
    sida: Option<String>,
}

const PAGE_SIZE: usize = 20;
/// The last page the search will show: the index's deepest offset in pages.
const MAX_PAGE: usize = samverkan_search::MAX_OFFSET / PAGE_SIZE + 1;

/// A value from the query string as an error message may quote it: a few dozen characters.
fn shown(value: &str) -> String {
    const MAX: usize = 40;
    match value.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &value[..end]),
        None => value.to_string(),
    }
}

fn blank(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl Params {
    fn request(&self, visibility: Visibility) -> Result<SearchRequest, AppError> {
        let bad =
            |what: &str, value: &str| AppError::BadInput(format!("Ogiltigt värde för {what}: ”{}”.", shown(value)));
        let number = |what: &str, value: Option<&str>| -> Result<Option<i64>, AppError> {
            value.map(|v| v.parse::<i64>().map_err(|_| bad(what, v))).transpose()
        };
        let date = |what: &str, value: Option<&str>| -> Result<Option<NaiveDate>, AppError> {
            value
                .map(|v| {
                    NaiveDate::parse_from_str(v, "%Y-%m-%d")
                        .map_err(|_| AppError::BadInput(format!("Ogiltigt datum för {what}: ”{v}”. Skriv ÅÅÅÅ-MM-DD.")))
                })
                .transpose()
        };
        let filters = Filters {
            body: number("organ", blank(&self.organ))?.map(BodyId),
            year: number("år", blank(&self.ar))?
                .map(|y| {
                    i32::try_from(y)
                        .ok()
                        .filter(|y| (1000..=9999).contains(y))
                        .ok_or_else(|| bad("år", &y.to_string()))
                })
                .transpose()?,
            from: date("från", blank(&self.fran))?,
            to: date("till", blank(&self.till))?,
            kind: blank(&self.typ)
                .map(|k| Kind::from_code(k).ok_or_else(|| bad("typ", k)))
                .transpose()?,
            organisation: number("organisation", blank(&self.organisation))?.map(OrganisationId),
            person: blank(&self.person).map(str::to_string),
            open_assignments: match blank(&self.uppdrag) {
                None => None,
                Some("oppna") => Some(true),
                Some("stangda") => Some(false),
                Some(other) => return Err(bad("uppdrag", other)),
            },
        };
        // A page number is bounded before it becomes an offset (the index keeps offset + limit
        // hits in memory).
        let page = match blank(&self.sida) {
            None => 1,
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|p| (1..=MAX_PAGE).contains(p))
                .ok_or_else(|| {
                    AppError::BadInput(format!(
                        "Sidan ”{}” finns inte. Ange ett sidnummer från 1 till {MAX_PAGE}.",
                        shown(v)
                    ))
                })?,
        };
        Ok(SearchRequest {
            query: self.q.clone(),
            visibility,
            filters,
            limit: PAGE_SIZE,
            offset: (page - 1) * PAGE_SIZE,
        })
    }

    /// This search's query string with one parameter changed, for facet links.
    fn with(&self, key: &str, value: &str) -> String {
        let mut pairs: Vec<(&str, String)> = vec![("q", self.q.clone())];
        for (k, v) in [
            ("organ", &self.organ),
            ("ar", &self.ar),
            ("typ", &self.typ),
            ("fran", &self.fran),
            ("till", &self.till),
            ("organisation", &self.organisation),
            ("person", &self.person),
            ("uppdrag", &self.uppdrag),
        ] {
            if k != key {
                if let Some(v) = blank(v) {
                    pairs.push((k, v.to_string()));
                }
            }
        }
        if !value.is_empty() {
            pairs.push((key, value.to_string()));
        }
        format!("/sok?{}", serde_urlencoded::to_string(&pairs).unwrap_or_default())
    }
}

/// Runs a search off the async threads: a broad one takes milliseconds of CPU, which would
/// hold up every other request waiting on the same thread.
async fn run_search(state: &AppState, request: SearchRequest) -> Result<SearchResults, AppError> {
    let index = state.search.clone();
    tokio::task::spawn_blocking(move || index.search(&request))
        .await
        .map_err(|error| {
            tracing::error!(?error, "a search task failed");
            AppError::Search(samverkan_search::SearchError::Poisoned)
        })?
        .map_err(AppError::from)
}

/// What the viewer may search: administrators everything, members their bodies' drafts too,
/// everyone else the public record.
async fn visibility(state: &AppState, viewer: &Viewer) -> Result<Visibility, AppError> {
    let Some(user) = &viewer.user else {
        return Ok(Visibility::Public);
    };
    if user.role == UserRole::Administrator {
        return Ok(Visibility::Everything);
    }
    let Some(person) = user.person_id else {
        return Ok(Visibility::Public);
    };
    let today = samverkan_domain::swedish_time::today();
    let bodies = crate::mine::current_bodies(state, person, today).await?;
    Ok(Visibility::Member { bodies })
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    nav: Nav,
    params: Params,
    error: Option<String>,
    results: Option<SearchResults>,
    bodies: Vec<Body>,
    organisations: Vec<Organisation>,
    kinds: Vec<(Kind, String)>,
}

impl SearchPage {
    fn selected(&self, value: &Option<String>, option: &str) -> bool {
        blank(value) == Some(option)
    }

    fn body_name(&self, id: &BodyId) -> String {
        self.bodies
            .iter()
            .find(|b| b.id == *id)
            .map(|b| b.short_name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    fn kind_label(&self, code: &str) -> &'static str {
        Kind::from_code(code).map(Kind::label_sv).unwrap_or("Övrigt")
    }
}

async fn search_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Query<Params>,
) -> Result<Response, AppError> {
    let bodies = state.store.bodies().await?;
    let organisations = state.store.organisations().await?;
    let kinds = Kind::ALL.iter().map(|k| (*k, k.code().to_string())).collect();
    let mut page = SearchPage {
        nav: Nav::of(&viewer),
        params: params.clone(),
        error: None,
        results: None,
        bodies,
        organisations,
        kinds,
    };
    if params.q.trim().is_empty() {
        return Ok(Html(page.render()?).into_response());
    }
    let outcome = match params.request(visibility(&state, &viewer).await?) {
        Ok(request) => run_search(&state, request).await,
        Err(error) => Err(error),
    };
    let status = match outcome {
        Ok(results) => {
            page.results = Some(results);
            StatusCode::OK
        }
        Err(error) if error.status() == StatusCode::UNPROCESSABLE_ENTITY => {
            page.error = Some(error.to_string());
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(error) => return Err(error),
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// One hit in the JSON API; the snippet's highlighted words are marked with `<mark>` after
/// the rest is escaped.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct ApiHit {
    item_id: i64,
    meeting_id: i64,
    body_id: i64,
    date: NaiveDate,
    number: String,
    title: String,
    snippet: String,
    url: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct ApiResults {
    total: usize,
    hits: Vec<ApiHit>,
    facets: ApiFacets,
}

/// Each facet as pairs: [value, number of hits].
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct ApiFacets {
    #[schema(value_type = Vec<Vec<serde_json::Value>>)]
    bodies: Vec<(i64, u64)>,
    #[schema(value_type = Vec<Vec<serde_json::Value>>)]
    years: Vec<(i32, u64)>,
    #[schema(value_type = Vec<Vec<serde_json::Value>>)]
    kinds: Vec<(String, u64)>,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn api_hit(hit: &Hit) -> ApiHit {
    ApiHit {
        item_id: hit.item_id.0,
        meeting_id: hit.meeting_id.0,
        body_id: hit.body_id.0,
        date: hit.date,
        number: hit.number.clone(),
        title: hit.title.clone(),
        snippet: hit
            .snippet
            .iter()
            .map(|s| match s.highlighted {
                true => format!("<mark>{}</mark>", escape(&s.text)),
                false => escape(&s.text),
            })
            .collect(),
        url: format!("/moten/{}#item-{}", hit.meeting_id, hit.item_id),
    }
}

/// Full-text search of what the viewer may see (the public: adjusted protocols without
/// confidential items), twenty hits a page, with facets.
#[utoipa::path(get, path = "/search",
    params(
        ("q" = String, Query, description = "What to look for"),
        ("organ" = Option<i64>, Query, description = "Only this body"),
        ("ar" = Option<i32>, Query, description = "Only this year"),
        ("typ" = Option<String>, Query, description = "Only this kind of part"),
        ("fran" = Option<String>, Query, description = "From this date (ÅÅÅÅ-MM-DD)"),
        ("till" = Option<String>, Query, description = "Up to this date (ÅÅÅÅ-MM-DD)"),
        ("organisation" = Option<i64>, Query, description = "Recommended to this organisation"),
        ("person" = Option<i64>, Query, description = "Concerning this person"),
        ("uppdrag" = Option<String>, Query, description = "Only items with an assignment"),
        ("sida" = Option<i64>, Query, description = "The page, from 1 to 501")
    ),
    responses((status = 200, description = "One page of hits", body = ApiResults),
        (status = 422, description = "An empty, too long or otherwise unusable query", body = crate::api_types::ErrorResponse)))]
pub(crate) async fn search_api(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Query<Params>,
) -> Result<Json<ApiResults>, ApiError> {
    let request = params.request(visibility(&state, &viewer).await?)?;
    let results = run_search(&state, request).await?;
    Ok(Json(ApiResults {
        total: results.total,
        hits: results.hits.iter().map(api_hit).collect(),
        facets: ApiFacets {
            bodies: results.facets.bodies.iter().map(|(b, n)| (b.0, *n)).collect(),
            years: results.facets.years.clone(),
            kinds: results.facets.kinds.clone(),
        },
    }))
}
