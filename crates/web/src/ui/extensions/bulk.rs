//! `/tenants/{code}/extensions/bulk`: Bulk SIP peers. The range form shows a
//! preview of the numbers, names and usernames first; Create makes them all
//! in one transaction, or none.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use pbx_domain::tenant::SipStack;
use pbx_service::ServiceError;
use pbx_service::extensions::{BulkCreate, BulkPreviewRow};

use super::actions::{Outcome, ResultPage};
use crate::AppState;
use crate::ui::chrome::Chrome;
use crate::ui::error::{UiError, page};
use crate::ui::session::{PostedForm, Session};

/// Preview rows shown before the list is cut short.
const PREVIEW_ROWS: usize = 200;

#[derive(askama::Template)]
#[template(path = "extensions/bulk.html")]
struct BulkPage {
    chrome: Chrome,
    base: String,
    first: String,
    last: String,
    kind: String,
    name_pattern: String,
    errors: Vec<(String, String)>,
    preview: Vec<BulkPreviewRow>,
    total: usize,
}

impl BulkPage {
    fn error(&self, field: &str) -> String {
        self.errors
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
) -> Result<Response, UiError> {
    let tenant = state.service.get_tenant(&session.actor, &code).await?;
    session.actor.require_bulk_create()?;
    let kind = match tenant.tenant.preferred_stack {
        SipStack::Pjsip => "pjsip",
        SipStack::ChanSip => "sip",
    };
    page(&BulkPage {
        chrome: Chrome::load(&state, &session, Some(&code)).await?,
        base: format!("/tenants/{code}/extensions"),
        first: String::new(),
        last: String::new(),
        kind: kind.into(),
        name_pattern: "Extension {n}".into(),
        errors: vec![],
        preview: vec![],
        total: 0,
    })
}

pub async fn submit(
    State(state): State<AppState>,
    Path(code): Path<String>,
    form: PostedForm,
) -> Result<Response, UiError> {
    let actor = &form.session.actor;
    let field = |k: &str| form.fields.get(k).unwrap_or_default().trim().to_owned();
    let request = BulkCreate {
        first: field("first"),
        last: field("last"),
        kind: field("kind"),
        name_pattern: field("name_pattern"),
    };
    let base = format!("/tenants/{code}/extensions");
    let creating = form.fields.get("step") == Some("create");
    let result = if creating {
        state
            .service
            .bulk_create(actor, &code, &request)
            .await
            .map(|created| (created, vec![]))
    } else {
        state
            .service
            .preview_bulk_create(actor, &code, &request)
            .await
            .map(|rows| (0, rows))
    };
    let (preview, errors, status) = match result {
        Ok((created, _)) if creating => {
            return page(&ResultPage {
                chrome: Chrome::load(&state, &form.session, Some(&code)).await?,
                base,
                title: "Bulk SIP peers".into(),
                outcomes: vec![Outcome {
                    number: String::new(),
                    ok: true,
                    message: format!(
                        "Created {created} extensions, {} to {}.",
                        request.first, request.last
                    ),
                }],
            });
        }
        Ok((_, rows)) => (rows, vec![], StatusCode::OK),
        Err(ServiceError::Invalid(errors)) => (
            vec![],
            errors.0.into_iter().map(|e| (e.field, e.message)).collect(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(other) => return Err(other.into()),
    };
    let total = preview.len();
    let mut response = page(&BulkPage {
        chrome: Chrome::load(&state, &form.session, Some(&code)).await?,
        base,
        first: request.first,
        last: request.last,
        kind: request.kind,
        name_pattern: request.name_pattern,
        errors,
        preview: preview.into_iter().take(PREVIEW_ROWS).collect(),
        total,
    })?;
    *response.status_mut() = status;
    Ok(response)
}
