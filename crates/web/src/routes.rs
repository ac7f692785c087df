//! The route table: every route is declared once with its methods, so that the router and the
//! list of routes the tests walk (`route_table`) are the same thing and no route can be left
//! out of the authorisation test.

use axum::routing::MethodRouter;
use axum::Router;

use crate::AppState;

/// One method on one path, as declared (`{id}` and the like still in it).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Route {
    pub method: &'static str,
    pub path: String,
}

/// A router together with the routes it serves.
pub struct Routes {
    router: Router<AppState>,
    table: Vec<Route>,
}

impl Routes {
    pub fn new() -> Routes {
        Routes {
            router: Router::new(),
            table: Vec::new(),
        }
    }

    /// Serves `path` with `handler`, which answers exactly `methods`.
    pub fn route(mut self, path: &'static str, methods: &[&'static str], handler: MethodRouter<AppState>) -> Routes {
        self.router = self.router.route(path, handler);
        self.table.extend(methods.iter().map(|method| Route {
            method,
            path: path.to_string(),
        }));
        self
    }

    pub fn merge(mut self, other: Routes) -> Routes {
        self.router = self.router.merge(other.router);
        self.table.extend(other.table);
        self
    }

    pub fn nest(mut self, prefix: &'static str, other: Routes) -> Routes {
        self.router = self.router.nest(prefix, other.router);
        self.table.extend(other.table.into_iter().map(|route| Route {
            path: format!("{prefix}{}", route.path),
            ..route
        }));
        self
    }

    /// Applies something to the router that adds no route (a fallback, a layer).
    pub fn with_router(mut self, change: impl FnOnce(Router<AppState>) -> Router<AppState>) -> Routes {
        self.router = change(self.router);
        self
    }

    pub fn into_parts(self) -> (Router<AppState>, Vec<Route>) {
        (self.router, self.table)
    }
}
