//! `GET /tenants/{code}/rates/{id}`: one rate table's rates (the first
//! [`SHOWN`]), editable as CSV text; `POST` saves the text, `POST .../upload`
//! takes a CSV file (multipart with the CSRF field), `GET .../export.csv`
//! downloads it, `POST .../delete` deletes the table.

use axum::extract::{FromRequestParts, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pbx_domain::rating::Rate;
use pbx_service::ServiceError;

use super::{Problem, problems};
use crate::AppState;
use crate::csv_download::csv_attachment;
use crate::ui::chrome::Chrome;
use crate::ui::error::{UiError, page};
use crate::ui::imports::multipart;
use crate::ui::session::{PostedForm, Session};

/// The rates listed on the page; the download has them all.
const SHOWN: usize = 500;

/// A table small enough to be edited as text on the page.
const EDITABLE: usize = 2_000;

/// The table id of a path (extracted as text, so a signed-out request is
/// sent to sign in before the path is judged).
fn table_id(raw: &str) -> Result<i64, UiError> {
    raw.parse()
        .map_err(|_| UiError::NotFound(format!("rate table {raw}")))
}

/// One rate as the page shows it.
pub struct RateRow {
    pub prefix: String,
    pub description: String,
    pub per_minute: String,
    pub connection_fee: String,
    pub billing: String,
}

impl From<&Rate> for RateRow {
    fn from(rate: &Rate) -> RateRow {
        RateRow {
            prefix: rate.prefix.to_string(),
            description: rate.description.clone(),
            per_minute: rate.per_minute.to_string(),
            connection_fee: rate.connection_fee.to_string(),
            billing: rate.billing.to_string(),
        }
    }
}

#[derive(askama::Template)]
#[template(path = "rates/table.html")]
struct TablePage {
    chrome: Chrome,
    code: String,
    id: i64,
    name: String,
    note: String,
    total: usize,
    rows: Vec<RateRow>,
    /// The CSV text in the editor (`None`: too many rates to edit here).
    text: Option<String>,
    problems: Vec<Problem>,
}

async fn render(
    state: &AppState,
    session: &Session,
    code: &str,
    id: i64,
    text: Option<String>,
    problems: Vec<Problem>,
) -> Result<Response, UiError> {
    let (table, rates) = state.service.rate_table(&session.actor, code, id).await?;
    let refused = !problems.is_empty();
    let text = match text {
        Some(text) => Some(text),
        None if rates.len() <= EDITABLE => {
            let csv = pbx_interchange::rates::write_rates_csv(&rates)
                .map_err(|e| UiError::Internal(ServiceError::unexpected(e.to_string())))?;
            Some(
                String::from_utf8_lossy(&csv)
                    .trim_start_matches('\u{feff}')
                    .to_owned(),
            )
        }
        None => None,
    };
    let mut response = page(&TablePage {
        chrome: Chrome::load(state, session, Some(code)).await?,
        code: code.to_owned(),
        id,
        name: table.name.as_str().to_owned(),
        note: table.value.clone(),
        total: rates.len(),
        rows: rates.iter().take(SHOWN).map(RateRow::from).collect(),
        text,
        problems,
    })?;
    if refused {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// The answer to a save: back to the page, or the page with the problems.
async fn after_save(
    state: &AppState,
    session: &Session,
    code: &str,
    id: i64,
    outcome: Result<Vec<Rate>, ServiceError>,
    text: Option<String>,
) -> Result<Response, UiError> {
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/tenants/{code}/rates/{id}")).into_response()),
        Err(ServiceError::Invalid(errors)) => {
            render(
                state,
                session,
                code,
                id,
                Some(text.unwrap_or_default()),
                problems(&errors),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, UiError> {
    let id = table_id(&id)?;
    render(&state, &session, &code, id, None, Vec::new()).await
}

pub async fn save(
    State(state): State<AppState>,
    Path((code, id)): Path<(String, String)>,
    form: PostedForm,
) -> Result<Response, UiError> {
    let id = table_id(&id)?;
    let text = form.fields.get("rates").unwrap_or_default().to_owned();
    let outcome = state
        .service
        .import_rates_csv(&form.session.actor, &code, id, text.as_bytes())
        .await;
    after_save(&state, &form.session, &code, id, outcome, Some(text)).await
}

pub async fn upload(
    State(state): State<AppState>,
    Path((code, id)): Path<(String, String)>,
    request: Request,
) -> Result<Response, Response> {
    let (mut parts, body) = request.into_parts();
    let session = Session::from_request_parts(&mut parts, &state).await?;
    let id = table_id(&id).map_err(IntoResponse::into_response)?;
    state
        .service
        .authorize_rate_writes(&session.actor, &code)
        .await
        .map_err(|e| UiError::from(e).into_response())?;
    let file = multipart::read(&state, &session, Request::from_parts(parts, body)).await?;
    let outcome = match &file {
        Some(file) => {
            state
                .service
                .import_rates_csv(&session.actor, &code, id, &file.bytes)
                .await
        }
        None => Err(ServiceError::invalid("file", "choose a CSV file to upload")),
    };
    after_save(&state, &session, &code, id, outcome, None)
        .await
        .map_err(IntoResponse::into_response)
}

pub async fn export(
    State(state): State<AppState>,
    session: Session,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, UiError> {
    let id = table_id(&id)?;
    let (name, bytes) = state
        .service
        .export_rates_csv(&session.actor, &code, id)
        .await?;
    Ok(csv_attachment(bytes, &name))
}

pub async fn delete(
    State(state): State<AppState>,
    Path((code, id)): Path<(String, String)>,
    form: PostedForm,
) -> Result<Response, UiError> {
    let id = table_id(&id)?;
    state
        .service
        .rate_table(&form.session.actor, &code, id)
        .await?;
    match state
        .service
        .delete_object(&form.session.actor, &code, id)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/tenants/{code}/rates")).into_response()),
        Err(ServiceError::Invalid(errors)) => {
            render(&state, &form.session, &code, id, None, problems(&errors)).await
        }
        Err(other) => Err(other.into()),
    }
}
