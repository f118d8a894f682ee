//! `GET /tenants/{code}/rates`: the rate tables with their sizes and a form
//! to create one; `POST` creates it (errors beside the fields).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pbx_domain::values::ObjectKind;
use pbx_service::ServiceError;
use pbx_service::rating::RateTableSummary;

use super::{Problem, problems};
use crate::AppState;
use crate::ui::chrome::Chrome;
use crate::ui::error::{UiError, page};
use crate::ui::session::{PostedForm, Session};

#[derive(askama::Template)]
#[template(path = "rates/list.html")]
struct ListPage {
    chrome: Chrome,
    code: String,
    tables: Vec<RateTableSummary>,
    name: String,
    note: String,
    problems: Vec<Problem>,
}

impl ListPage {
    fn error_of(&self, field: &str) -> String {
        self.problems
            .iter()
            .filter(|p| p.field == field)
            .map(|p| p.message.clone())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

async fn render(
    state: &AppState,
    session: &Session,
    code: &str,
    (name, note, problems): (String, String, Vec<Problem>),
) -> Result<Response, UiError> {
    let tables = state.service.list_rate_tables(&session.actor, code).await?;
    page(&ListPage {
        chrome: Chrome::load(state, session, Some(code)).await?,
        code: code.to_owned(),
        tables,
        name,
        note,
        problems,
    })
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
) -> Result<Response, UiError> {
    render(&state, &session, &code, Default::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    Path(code): Path<String>,
    form: PostedForm,
) -> Result<Response, UiError> {
    let name = form.fields.get("name").unwrap_or_default().to_owned();
    let note = form.fields.get("note").unwrap_or_default().to_owned();
    let created = state
        .service
        .create_object(
            &form.session.actor,
            &code,
            ObjectKind::RateTable,
            &name,
            &note,
        )
        .await;
    match created {
        Ok(table) => {
            Ok(Redirect::to(&format!("/tenants/{code}/rates/{}", table.id)).into_response())
        }
        Err(ServiceError::Invalid(errors)) => {
            let mut response = render(
                &state,
                &form.session,
                &code,
                (name, note, problems(&errors)),
            )
            .await?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}
