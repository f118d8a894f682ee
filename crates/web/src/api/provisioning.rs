//! `GET /provision/{token}`: the account a fast-provisioning QR code
//! grants, as a Linphone remote-provisioning document. No session: the
//! token is the credential; unknown and expired tokens are 404.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::{ApiError, AppState};

#[utoipa::path(
    get,
    path = "/provision/{token}",
    tag = "provisioning",
    security(()),
    responses((status = 200, description = "The Linphone remote-provisioning document", body = String, content_type = "application/xml"))
)]
pub async fn document(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, ApiError> {
    let xml = state.service.provisioning_document(&token).await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/xml; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        xml,
    )
        .into_response())
}
