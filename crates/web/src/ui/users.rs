//! `/users`: the Administrators pages (list, create, edit, delete), backed
//! by the same service use cases and checks as `/api/v1/users`.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use pbx_service::users::{UserInput, parse_assignment};
use pbx_service::{Permission, Role, ServiceError};
use pbx_store::users::StoredUser;

use super::chrome::Chrome;
use super::error::{UiError, page};
use super::session::{Fields, PostedForm, Session};
use crate::AppState;

/// One permission checkbox.
pub struct Flag {
    pub name: &'static str,
    pub checked: bool,
}

#[derive(askama::Template)]
#[template(path = "users/list.html")]
struct ListPage {
    chrome: Chrome,
    users: Vec<StoredUser>,
}

#[derive(askama::Template)]
#[template(path = "users/edit.html")]
struct EditPage {
    chrome: Chrome,
    is_new: bool,
    username: String,
    role: String,
    tenants: String,
    extensions: String,
    flags: Vec<Flag>,
    locked: bool,
    must_change_password: bool,
    totp_enabled: bool,
    errors: Vec<String>,
}

fn edit_page(chrome: Chrome, user: Option<&StoredUser>, errors: Vec<String>) -> EditPage {
    let has = |p: Permission| user.is_some_and(|u| u.permissions.iter().any(|n| n == p.as_str()));
    EditPage {
        chrome,
        is_new: user.is_none(),
        username: user.map(|u| u.username.clone()).unwrap_or_default(),
        role: user.map_or_else(|| "restricted_admin".to_owned(), |u| u.role.clone()),
        tenants: user.map(|u| u.tenants.join(", ")).unwrap_or_default(),
        extensions: user
            .map(|u| {
                u.extensions
                    .iter()
                    .map(|(t, n)| format!("{t}:{n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default(),
        flags: Permission::ALL
            .iter()
            .map(|p| Flag {
                name: p.as_str(),
                checked: has(*p),
            })
            .collect(),
        locked: user.is_some_and(|u| u.locked),
        must_change_password: user.is_some_and(|u| u.must_change_password),
        totp_enabled: user.is_some_and(|u| !u.totp_secret.is_empty()),
        errors,
    }
}

fn list_of(raw: &str) -> Vec<String> {
    raw.split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The posted form as a [`UserInput`] (unparseable parts as messages).
fn input_of(fields: &Fields, is_new: bool) -> Result<UserInput, Vec<String>> {
    let mut errors = Vec::new();
    let role = Role::parse(fields.get("role").unwrap_or_default())
        .map_err(|e| errors.push(format!("Role {e}")));
    let extensions: Vec<(String, String)> = list_of(fields.get("extensions").unwrap_or_default())
        .iter()
        .filter_map(|s| parse_assignment(s).map_err(|e| errors.push(e)).ok())
        .collect();
    let password = fields
        .get("password")
        .filter(|p| !p.is_empty())
        .map(str::to_owned);
    if !errors.is_empty() {
        return Err(errors);
    }
    let checked = |name: &str| fields.get(name) == Some("yes");
    Ok(UserInput {
        username: is_new.then(|| fields.get("username").unwrap_or_default().trim().to_owned()),
        password,
        role: role.ok(),
        tenants: Some(list_of(fields.get("tenants").unwrap_or_default())),
        extensions: Some(extensions),
        permissions: Some(
            Permission::ALL
                .into_iter()
                .filter(|p| fields.all("permission").iter().any(|n| n == p.as_str()))
                .collect(),
        ),
        locked: Some(checked("locked")),
        must_change_password: Some(checked("must_change_password")),
        password_expires_at: None,
    })
}

fn messages(error: ServiceError) -> Result<Vec<String>, UiError> {
    match error {
        ServiceError::Invalid(errors) => Ok(errors.messages()),
        other => Err(other.into()),
    }
}

pub async fn list(State(state): State<AppState>, session: Session) -> Result<Response, UiError> {
    let users = state.service.list_users(&session.actor).await?;
    page(&ListPage {
        chrome: Chrome::load(&state, &session, None).await?,
        users,
    })
}

pub async fn new(State(state): State<AppState>, session: Session) -> Result<Response, UiError> {
    state.service.list_users(&session.actor).await?;
    page(&edit_page(
        Chrome::load(&state, &session, None).await?,
        None,
        Vec::new(),
    ))
}

pub async fn create(State(state): State<AppState>, form: PostedForm) -> Result<Response, UiError> {
    let session = &form.session;
    let result = match input_of(&form.fields, true) {
        Ok(input) => match state.service.add_user(&session.actor, &input).await {
            Ok(_) => return Ok(Redirect::to("/users").into_response()),
            Err(e) => messages(e)?,
        },
        Err(errors) => errors,
    };
    let chrome = Chrome::load(&state, session, None).await?;
    let mut view = edit_page(chrome, None, result);
    view.username = form.fields.get("username").unwrap_or_default().to_owned();
    let mut response = page(&view)?;
    *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(username): Path<String>,
) -> Result<Response, UiError> {
    let user = state.service.get_user(&session.actor, &username).await?;
    page(&edit_page(
        Chrome::load(&state, &session, None).await?,
        Some(&user),
        Vec::new(),
    ))
}

pub async fn update(
    State(state): State<AppState>,
    Path(username): Path<String>,
    form: PostedForm,
) -> Result<Response, UiError> {
    let session = &form.session;
    let user = state.service.get_user(&session.actor, &username).await?;
    let errors = match input_of(&form.fields, false) {
        Ok(input) => match state
            .service
            .update_user(&session.actor, &username, &input)
            .await
        {
            Ok(_) => {
                if form.fields.get("reset_totp") == Some("yes") {
                    state.service.reset_totp(&session.actor, &username).await?;
                }
                return Ok(Redirect::to("/users").into_response());
            }
            Err(e) => messages(e)?,
        },
        Err(errors) => errors,
    };
    let chrome = Chrome::load(&state, session, None).await?;
    let mut response = page(&edit_page(chrome, Some(&user), errors))?;
    *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}

pub async fn delete(
    State(state): State<AppState>,
    Path(username): Path<String>,
    form: PostedForm,
) -> Result<Response, UiError> {
    state
        .service
        .delete_user(&form.session.actor, &username)
        .await?;
    Ok(Redirect::to("/users").into_response())
}
