//! What the page frame shows of the viewer: their name and the logout form's CSRF token.

use crate::auth::Viewer;

#[derive(Debug, Clone, Default)]
pub struct Nav {
    pub user_name: Option<String>,
    pub csrf: String,
    /// Whether to show the administration link.
    pub admin: bool,
}

impl Nav {
    /// A new one-time token for one form that creates something ([`crate::once`]); made only
    /// where a page has such a form, a fresh one for each.
    pub fn once(&self) -> String {
        crate::once::new_token()
    }

    pub fn of(viewer: &Viewer) -> Nav {
        Nav {
            user_name: viewer.user.as_ref().map(|u| u.display_name.clone()),
            csrf: viewer.csrf.clone(),
            admin: viewer
                .user
                .as_ref()
                .is_some_and(|u| u.role == samverkan_storage::UserRole::Administrator),
        }
    }
}
