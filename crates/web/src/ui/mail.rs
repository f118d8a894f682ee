//! `/mail` (the system's SMTP server, super administrators) and
//! `/tenants/{code}/mail` (a tenant's own server, its administrators): the
//! settings form with errors beside their fields, a test mail, and the
//! queue with a Retry button for failed mails. The same use cases and
//! checks as `/api/v1/.../mail`; the password is never shown.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pbx_service::ServiceError;
use pbx_service::mail::Effective;
use pbx_store::mail::outbox::QueuedMail;
use serde_json::{Map, Value, json};

use super::chrome::Chrome;
use super::error::{UiError, page};
use super::session::{Fields, PostedForm, Session};
use crate::AppState;

/// The values the form shows (as typed, after a refused save).
#[derive(Default)]
struct Form {
    host: String,
    port: String,
    security: String,
    username: String,
    sender: String,
    public_url: String,
    password_set: bool,
}

#[derive(askama::Template)]
#[template(path = "mail/settings.html")]
struct MailPage {
    chrome: Chrome,
    /// `/mail` or `/tenants/{code}/mail`.
    base: String,
    /// `the system` or `tenant ACME`.
    scope: String,
    is_tenant: bool,
    source: String,
    form: Form,
    /// `(field, message)` of a refused save or test.
    errors: Vec<(String, String)>,
    /// What the test mail's server answered.
    notice: Option<String>,
    queue: Vec<QueuedMail>,
    securities: [&'static str; 3],
}

impl MailPage {
    /// The error of `field`, if any (shown beside it).
    fn error_of(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

impl Form {
    fn of(effective: &Effective) -> Form {
        match &effective.own {
            None => Form {
                security: "starttls".into(),
                port: "587".into(),
                ..Form::default()
            },
            Some(s) => Form {
                host: s.host.clone(),
                port: s.port.to_string(),
                security: s.security.clone(),
                username: s.username.clone().unwrap_or_default(),
                sender: s.sender.clone(),
                public_url: s.public_url.clone().unwrap_or_default(),
                password_set: s.password.is_some(),
            },
        }
    }

    fn posted(fields: &Fields) -> Form {
        let text = |k: &str| fields.get(k).unwrap_or_default().trim().to_owned();
        Form {
            host: text("host"),
            port: text("port"),
            security: text("security"),
            username: text("username"),
            sender: text("sender"),
            public_url: text("public_url"),
            password_set: false,
        }
    }

    /// The API body: an empty password field keeps the stored one, the
    /// "remove" box removes it.
    fn body(&self, fields: &Fields) -> Result<Value, Vec<(String, String)>> {
        let mut body = Map::new();
        body.insert("host".into(), json!(self.host));
        if !self.port.is_empty() {
            let port: u64 = self.port.parse().map_err(|_| {
                vec![(
                    "port".to_owned(),
                    "must be a port number from 1 to 65535".to_owned(),
                )]
            })?;
            body.insert("port".into(), json!(port));
        }
        body.insert("security".into(), json!(self.security));
        body.insert("username".into(), json!(self.username));
        body.insert("sender".into(), json!(self.sender));
        body.insert("public_url".into(), json!(self.public_url));
        match fields.get("password").unwrap_or_default() {
            _ if fields.get("remove_password") == Some("yes") => {
                body.insert("password".into(), Value::Null);
            }
            "" => {}
            password => {
                body.insert("password".into(), json!(password));
            }
        }
        Ok(Value::Object(body))
    }
}

fn field_errors(error: ServiceError) -> Result<Vec<(String, String)>, UiError> {
    match error {
        ServiceError::Invalid(errors) => {
            Ok(errors.0.into_iter().map(|e| (e.field, e.message)).collect())
        }
        other => Err(other.into()),
    }
}

fn base_of(tenant: Option<&str>) -> String {
    tenant.map_or_else(|| "/mail".to_owned(), |t| format!("/tenants/{t}/mail"))
}

/// The page; with errors, as a 422 keeping what was typed.
async fn render(
    state: &AppState,
    session: &Session,
    tenant: Option<&str>,
    form: Option<Form>,
    errors: Vec<(String, String)>,
    notice: Option<String>,
) -> Result<Response, UiError> {
    let effective = state.service.mail_settings(&session.actor, tenant).await?;
    let queue = state.service.mail_queue(&session.actor, tenant).await?;
    let refused = !errors.is_empty();
    let mut form = form.unwrap_or_else(|| Form::of(&effective));
    form.password_set = effective.own.as_ref().is_some_and(|s| s.password.is_some());
    let mut response = page(&MailPage {
        chrome: Chrome::load(state, session, tenant).await?,
        base: base_of(tenant),
        scope: tenant.map_or_else(|| "the system".to_owned(), |t| format!("tenant {t}")),
        is_tenant: tenant.is_some(),
        source: effective.source.to_owned(),
        form,
        errors,
        notice,
        queue,
        securities: pbx_service::mail::SECURITY,
    })?;
    if refused {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

async fn save(
    state: &AppState,
    form: &PostedForm,
    tenant: Option<&str>,
) -> Result<Response, UiError> {
    let posted = Form::posted(&form.fields);
    let refused = match posted.body(&form.fields) {
        Ok(body) => match state
            .service
            .put_mail_settings(&form.session.actor, tenant, &body)
            .await
        {
            Ok(_) => return Ok(Redirect::to(&base_of(tenant)).into_response()),
            Err(e) => field_errors(e)?,
        },
        Err(errors) => errors,
    };
    render(state, &form.session, tenant, Some(posted), refused, None).await
}

async fn test(
    state: &AppState,
    form: &PostedForm,
    tenant: Option<&str>,
) -> Result<Response, UiError> {
    let to = form.fields.get("to").unwrap_or_default().trim();
    match state
        .service
        .send_test_mail(&form.session.actor, tenant, to)
        .await
    {
        Ok(Ok(())) => {
            let notice = format!("The server accepted the test mail to {to}.");
            render(state, &form.session, tenant, None, Vec::new(), Some(notice)).await
        }
        Ok(Err(refusal)) => {
            let notice = format!("The test mail was not sent: {}", refusal.0);
            render(state, &form.session, tenant, None, Vec::new(), Some(notice)).await
        }
        Err(e) => {
            let errors = field_errors(e)?;
            render(state, &form.session, tenant, None, errors, None).await
        }
    }
}

/// Retries mail `id` (a path segment: not a number is not found, once
/// the session was checked).
async fn retry(
    state: &AppState,
    form: &PostedForm,
    tenant: Option<&str>,
    id: &str,
) -> Result<Response, UiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| UiError::NotFound(format!("mail {id} not found")))?;
    match state
        .service
        .retry_mail(&form.session.actor, tenant, id)
        .await
    {
        Ok(_) => Ok(Redirect::to(&base_of(tenant)).into_response()),
        Err(e) => {
            let errors = field_errors(e)?;
            render(state, &form.session, tenant, None, errors, None).await
        }
    }
}

pub async fn show_system(
    State(state): State<AppState>,
    session: Session,
) -> Result<Response, UiError> {
    render(&state, &session, None, None, Vec::new(), None).await
}

pub async fn save_system(
    State(state): State<AppState>,
    form: PostedForm,
) -> Result<Response, UiError> {
    save(&state, &form, None).await
}

pub async fn test_system(
    State(state): State<AppState>,
    form: PostedForm,
) -> Result<Response, UiError> {
    test(&state, &form, None).await
}

pub async fn retry_system(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PostedForm,
) -> Result<Response, UiError> {
    retry(&state, &form, None, &id).await
}

pub async fn show_tenant(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
) -> Result<Response, UiError> {
    render(&state, &session, Some(&code), None, Vec::new(), None).await
}

pub async fn save_tenant(
    State(state): State<AppState>,
    Path(code): Path<String>,
    form: PostedForm,
) -> Result<Response, UiError> {
    save(&state, &form, Some(&code)).await
}

pub async fn test_tenant(
    State(state): State<AppState>,
    Path(code): Path<String>,
    form: PostedForm,
) -> Result<Response, UiError> {
    test(&state, &form, Some(&code)).await
}

/// "Use the system's server": removes the tenant's own settings.
pub async fn delete_tenant(
    State(state): State<AppState>,
    Path(code): Path<String>,
    form: PostedForm,
) -> Result<Response, UiError> {
    state
        .service
        .delete_mail_settings(&form.session.actor, &code)
        .await?;
    Ok(Redirect::to(&base_of(Some(&code))).into_response())
}

pub async fn retry_tenant(
    State(state): State<AppState>,
    Path((code, id)): Path<(String, String)>,
    form: PostedForm,
) -> Result<Response, UiError> {
    retry(&state, &form, Some(&code), &id).await
}
