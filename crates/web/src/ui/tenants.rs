//! `/tenants`: the tenants an administrator may reach, with their limit,
//! SIP stack and SIP domain; super administrators also create tenants
//! (`/tenants/new`) and change them (`/tenants/{code}/settings`), through
//! the same use cases and checks as `/api/v1/tenants`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pbx_service::{Actor, ServiceError};
use pbx_store::tenants::StoredTenant;
use serde_json::{Map, Value, json};

use super::chrome::Chrome;
use super::error::{UiError, page};
use super::session::{Fields, PostedForm, Session};
use crate::AppState;

#[derive(askama::Template)]
#[template(path = "tenants/list.html")]
struct ListPage {
    chrome: Chrome,
    tenants: Vec<StoredTenant>,
    may_manage: bool,
}

/// The values the form shows (as typed, after a refused save).
#[derive(Default)]
struct Form {
    code: String,
    name: String,
    stack: String,
    limit: String,
    custom_usernames: bool,
    sip_domain: String,
}

#[derive(askama::Template)]
#[template(path = "tenants/edit.html")]
struct EditPage {
    chrome: Chrome,
    is_new: bool,
    form: Form,
    errors: Vec<String>,
}

impl Form {
    fn of(stored: &StoredTenant) -> Form {
        let t = &stored.tenant;
        Form {
            code: t.code.to_string(),
            name: t.name.to_string(),
            stack: t.preferred_stack.as_str().to_owned(),
            limit: t.extension_limit.to_string(),
            custom_usernames: t.allow_custom_usernames,
            sip_domain: t.sip_domain.clone().unwrap_or_default(),
        }
    }

    fn posted(fields: &Fields) -> Form {
        let text = |k: &str| fields.get(k).unwrap_or_default().trim().to_owned();
        Form {
            code: text("code"),
            name: text("name"),
            stack: text("preferred_stack"),
            limit: text("extension_limit"),
            custom_usernames: fields.get("allow_custom_usernames") == Some("yes"),
            sip_domain: text("sip_domain"),
        }
    }

    /// The API body of the form (`code` only when creating); a limit that
    /// is not a number is an error of its own.
    fn body(&self, is_new: bool) -> Result<Value, Vec<String>> {
        let limit: i64 = self
            .limit
            .parse()
            .map_err(|_| vec!["extension_limit: must be a whole number".to_owned()])?;
        let mut body = Map::new();
        if is_new {
            body.insert("code".into(), json!(self.code));
        }
        body.insert("name".into(), json!(self.name));
        body.insert("preferred_stack".into(), json!(self.stack));
        body.insert("extension_limit".into(), json!(limit));
        body.insert(
            "allow_custom_usernames".into(),
            json!(self.custom_usernames),
        );
        body.insert("sip_domain".into(), json!(self.sip_domain));
        Ok(Value::Object(body))
    }
}

fn require_super(actor: &Actor) -> Result<(), UiError> {
    if actor.is_super() {
        Ok(())
    } else {
        Err(UiError::Forbidden(
            "Only super administrators create and change tenants.".into(),
        ))
    }
}

pub async fn list(State(state): State<AppState>, session: Session) -> Result<Response, UiError> {
    page(&ListPage {
        tenants: state.service.list_tenants(&session.actor).await?,
        may_manage: session.actor.is_super(),
        chrome: Chrome::load(&state, &session, None).await?,
    })
}

pub async fn new(State(state): State<AppState>, session: Session) -> Result<Response, UiError> {
    require_super(&session.actor)?;
    let form = Form {
        stack: "pjsip".into(),
        limit: "100".into(),
        ..Form::default()
    };
    edit(&state, &session, true, form, Vec::new()).await
}

pub async fn create(State(state): State<AppState>, form: PostedForm) -> Result<Response, UiError> {
    require_super(&form.session.actor)?;
    let posted = Form::posted(&form.fields);
    let refused = match posted.body(true) {
        Ok(body) => match state
            .service
            .create_tenant(&form.session.actor, &body)
            .await
        {
            Ok(_) => return Ok(Redirect::to("/tenants").into_response()),
            Err(e) => messages(e)?,
        },
        Err(errors) => errors,
    };
    edit(&state, &form.session, true, posted, refused).await
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
) -> Result<Response, UiError> {
    let stored = state.service.get_tenant(&session.actor, &code).await?;
    require_super(&session.actor)?;
    edit(&state, &session, false, Form::of(&stored), Vec::new()).await
}

pub async fn update(
    State(state): State<AppState>,
    Path(code): Path<String>,
    form: PostedForm,
) -> Result<Response, UiError> {
    let actor = &form.session.actor;
    let stored = state.service.get_tenant(actor, &code).await?;
    require_super(actor)?;
    let mut posted = Form::posted(&form.fields);
    posted.code = stored.tenant.code.to_string();
    let refused = match posted.body(false) {
        Ok(body) => match state.service.update_tenant(actor, &code, &body).await {
            Ok(_) => return Ok(Redirect::to("/tenants").into_response()),
            Err(e) => messages(e)?,
        },
        Err(errors) => errors,
    };
    edit(&state, &form.session, false, posted, refused).await
}

fn messages(error: ServiceError) -> Result<Vec<String>, UiError> {
    match error {
        ServiceError::Invalid(errors) => Ok(errors.messages()),
        other => Err(other.into()),
    }
}

/// The form page; with errors, as a 422 keeping what was typed.
async fn edit(
    state: &AppState,
    session: &Session,
    is_new: bool,
    form: Form,
    errors: Vec<String>,
) -> Result<Response, UiError> {
    let refused = !errors.is_empty();
    let mut response = page(&EditPage {
        chrome: Chrome::load(state, session, None).await?,
        is_new,
        form,
        errors,
    })?;
    if refused {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}
