//! A router that remembers the paths it serves, so tests can hold the route
//! tables (`ROUTES`, `UI_ROUTES`, which the access walk and the OpenAPI
//! document read) to exactly what is served, in both directions.

use axum::Router;
use axum::routing::MethodRouter;

use crate::AppState;

/// A router and the paths given to it.
pub(crate) struct Served {
    pub(crate) router: Router<AppState>,
    pub(crate) paths: Vec<String>,
}

impl Served {
    pub(crate) fn new() -> Served {
        Served {
            router: Router::new(),
            paths: Vec::new(),
        }
    }

    /// `Router::route`, remembering `path`.
    pub(crate) fn route(mut self, path: &str, methods: MethodRouter<AppState>) -> Served {
        self.paths.push(path.to_owned());
        self.router = self.router.route(path, methods);
        self
    }

    pub(crate) fn merge(mut self, other: Served) -> Served {
        self.paths.extend(other.paths);
        self.router = self.router.merge(other.router);
        self
    }
}
