//! The one place that decides who may do what. Every handler that shows a draft or changes
//! anything asks [`Viewer::require`] with an [`Action`]; nothing else grants rights.
//!
//! - the public (no login) sees bodies, meeting dates and adjusted protocols, never a
//!   confidential item;
//! - a member of a body also sees its drafts;
//! - a secretary (a user whose person is sekreterare or processtöd of the body) manages the
//!   body's meetings, agendas and minutes;
//! - the chair and adjusters of a meeting approve its minutes;
//! - an administrator may do everything.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use samverkan_domain::{AdjusterRole, BodyId, Meeting, Role};
use samverkan_storage::{User, UserRole};

use super::csrf::token_for;
use super::session::Session;
use crate::{AppError, AppState};

/// Something a viewer may or may not do.
#[derive(Debug, Clone, Copy)]
pub enum Action<'a> {
    /// Read a body's protocols before they are adjusted.
    ViewDrafts(BodyId),
    /// Plan meetings and write agendas and minutes for a body.
    ManageBody(BodyId),
    /// Approve (justera) a meeting's minutes as its chair or an adjuster.
    Approve(&'a Meeting),
    /// Manage users, organisations and bodies.
    Administer,
}

/// Who is asking, with the session's CSRF token for the forms on the page.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user: Option<User>,
    pub session: Session,
    pub csrf: String,
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Viewer, AppError> {
        let session = parts
            .extensions
            .get::<Session>()
            .cloned()
            .unwrap_or_else(Session::anonymous);
        // A signed cookie is not enough: the login must still be recorded in the store, which
        // logout, a password change and disabling the account clear.
        let user = match &session.username {
            Some(username) => state
                .store
                .session_user(&session.token_sha256(), chrono::Utc::now())
                .await?
                .filter(|user| &user.username == username),
            None => None,
        };
        Ok(Viewer {
            csrf: token_for(&session, &state.session_key),
            user,
            session,
        })
    }
}

impl Viewer {
    /// Whether the viewer may do `action`.
    pub async fn may(&self, state: &AppState, action: Action<'_>) -> Result<bool, AppError> {
        let Some(user) = &self.user else {
            return Ok(false);
        };
        if user.role == UserRole::Administrator {
            return Ok(true);
        }
        Ok(match action {
            Action::Administer => false,
            Action::Approve(meeting) => user.person_id.is_some_and(|person| {
                meeting
                    .adjustment
                    .adjusters
                    .iter()
                    .any(|a| a.person_id == Some(person) && a.role != AdjusterRole::Secretary)
            }),
            Action::ViewDrafts(body) => self.roles_in(state, body).await?.next().is_some(),
            Action::ManageBody(body) => {
                user.role == UserRole::Secretary
                    && self
                        .roles_in(state, body)
                        .await?
                        .any(|role| matches!(role, Role::Sekreterare | Role::Processtod))
            }
        })
    }

    /// Refuses with 401 (not logged in) or 403 (logged in, not allowed).
    pub async fn require(&self, state: &AppState, action: Action<'_>) -> Result<(), AppError> {
        if self.may(state, action).await? {
            Ok(())
        } else if self.user.is_none() {
            Err(AppError::Unauthenticated)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The viewer's current roles in a body.
    async fn roles_in(&self, state: &AppState, body: BodyId) -> Result<impl Iterator<Item = Role>, AppError> {
        let person = self.user.as_ref().and_then(|u| u.person_id);
        let today = chrono::Local::now().date_naive();
        let memberships = match person {
            Some(_) => state.store.memberships(body).await?,
            None => Vec::new(),
        };
        Ok(memberships
            .into_iter()
            .filter(move |m| Some(m.person_id) == person && m.period.contains(today))
            .map(|m| m.role))
    }
}
