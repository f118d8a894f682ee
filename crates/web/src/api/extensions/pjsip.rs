//! `GET/PUT .../extensions/{number}/pjsip/endpoint` and `.../pjsip/aor`:
//! the settings of the Edit PJSIP Endpoint and Edit PJSIP AOR pages.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use pbx_domain::catalogue::Page;
use pbx_service::extensions::{ExtensionInput, Scope};
use pbx_store::extensions::StoredExtension;
use serde_json::{Map, Value, json};

use crate::api::auth::ApiActor;
use crate::api::body::json_object;
use crate::api::extensions::schema::{Direction, page_schema};
use crate::api::openapi::json_schema;
use crate::{ApiError, AppState};

/// The page's settings as a flat `{"key": value}` object plus the version.
fn page_json(stored: &StoredExtension, page: Page) -> Result<Value, ApiError> {
    if stored.extension.kind != pbx_domain::ExtensionKind::Pjsip {
        return Err(ApiError(pbx_service::ServiceError::not_found(format!(
            "PJSIP settings of extension {}",
            stored.extension.number
        ))));
    }
    let full = serde_json::to_value(&stored.extension.settings).unwrap_or_default();
    let mut fields = Map::new();
    for spec in pbx_domain::catalogue::page_settings(page) {
        fields.insert(spec.key.to_owned(), full[spec.section][spec.key].clone());
    }
    Ok(
        json!({"number": stored.extension.number, "version": stored.extension.version, "settings": fields}),
    )
}

async fn show(
    state: AppState,
    actor: pbx_service::Actor,
    code: String,
    number: String,
    page: Page,
) -> Result<Json<Value>, ApiError> {
    let (_, stored) = state.service.get_extension(&actor, &code, &number).await?;
    Ok(Json(page_json(&stored, page)?))
}

async fn update(
    state: AppState,
    actor: pbx_service::Actor,
    code: String,
    number: String,
    body: Bytes,
    page: Page,
) -> Result<Json<Value>, ApiError> {
    let input = ExtensionInput::from_json(&json_object(&body)?)?;
    let stored = state
        .service
        .update_extension(&actor, &code, &number, &input, Scope::PjsipPage(page))
        .await?;
    Ok(Json(page_json(&stored, page)?))
}

json_schema!(
    /// The settings of the Edit PJSIP Endpoint page, flat, and the version.
    PjsipEndpointPage,
    page_schema(Page::PjsipEndpoint, Direction::Response)
);

json_schema!(
    /// A change of the Edit PJSIP Endpoint page's settings.
    PjsipEndpointChange,
    page_schema(Page::PjsipEndpoint, Direction::Request)
);

json_schema!(
    /// The settings of the Edit PJSIP AOR page, flat, and the version.
    PjsipAorPage,
    page_schema(Page::PjsipAor, Direction::Response)
);

json_schema!(
    /// A change of the Edit PJSIP AOR page's settings.
    PjsipAorChange,
    page_schema(Page::PjsipAor, Direction::Request)
);

#[utoipa::path(
    get,
    path = "/api/v1/tenants/{code}/extensions/{number}/pjsip/endpoint",
    tag = "extensions",
    responses((status = 200, description = "The page's settings", body = PjsipEndpointPage))
)]
pub async fn show_endpoint(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    Path((c, n)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    show(s, a, c, n, Page::PjsipEndpoint).await
}

#[utoipa::path(
    put,
    path = "/api/v1/tenants/{code}/extensions/{number}/pjsip/endpoint",
    tag = "extensions",
    request_body = PjsipEndpointChange,
    responses((status = 200, description = "The page's settings as saved", body = PjsipEndpointPage))
)]
pub async fn update_endpoint(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    Path((c, n)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    update(s, a, c, n, body, Page::PjsipEndpoint).await
}

#[utoipa::path(
    get,
    path = "/api/v1/tenants/{code}/extensions/{number}/pjsip/aor",
    tag = "extensions",
    responses((status = 200, description = "The page's settings", body = PjsipAorPage))
)]
pub async fn show_aor(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    Path((c, n)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    show(s, a, c, n, Page::PjsipAor).await
}

#[utoipa::path(
    put,
    path = "/api/v1/tenants/{code}/extensions/{number}/pjsip/aor",
    tag = "extensions",
    request_body = PjsipAorChange,
    responses((status = 200, description = "The page's settings as saved", body = PjsipAorPage))
)]
pub async fn update_aor(
    State(s): State<AppState>,
    ApiActor(a): ApiActor,
    Path((c, n)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    update(s, a, c, n, body, Page::PjsipAor).await
}
