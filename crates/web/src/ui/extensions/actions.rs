//! `POST /tenants/{code}/extensions/actions`: the toolbar buttons that work
//! on the selected rows (Edit, Change to chan_sip / PJSIP with a result per
//! row, Delete Selected which first asks for confirmation listing what
//! refers to each extension), and `POST .../delete`, the confirmed delete.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use pbx_service::ServiceError;

use crate::AppState;
use crate::ui::chrome::Chrome;
use crate::ui::error::{UiError, page};
use crate::ui::session::PostedForm;

/// One line of a result page.
pub struct Outcome {
    pub number: String,
    pub ok: bool,
    pub message: String,
}

#[derive(askama::Template)]
#[template(path = "extensions/result.html")]
pub struct ResultPage {
    pub chrome: Chrome,
    pub base: String,
    pub title: String,
    pub outcomes: Vec<Outcome>,
}

/// An extension about to be deleted, with what refers to it.
pub struct Doomed {
    pub number: String,
    pub name: String,
    pub tech: String,
    pub referrers: Vec<String>,
}

#[derive(askama::Template)]
#[template(path = "extensions/confirm_delete.html")]
struct ConfirmPage {
    chrome: Chrome,
    base: String,
    doomed: Vec<Doomed>,
    referred: bool,
}

pub async fn submit(
    State(state): State<AppState>,
    Path(code): Path<String>,
    form: PostedForm,
) -> Result<Response, UiError> {
    let session = &form.session;
    let actor = &session.actor;
    state.service.get_tenant(actor, &code).await?;
    let base = format!("/tenants/{code}/extensions");
    let numbers = form.fields.all("numbers");
    let action = form.fields.get("action").unwrap_or_default();
    let chrome = Chrome::load(&state, session, Some(&code)).await?;
    let message = |title: &str, text: &str| {
        page(&ResultPage {
            chrome: chrome.clone(),
            base: base.clone(),
            title: title.to_owned(),
            outcomes: vec![Outcome {
                number: String::new(),
                ok: false,
                message: text.to_owned(),
            }],
        })
    };
    if numbers.is_empty() {
        return message("Nothing selected", "Select one or more extensions first.");
    }
    match action {
        "edit" | "call_flow" => match numbers.as_slice() {
            [one] => {
                state.service.get_extension(actor, &code, one).await?;
                let suffix = if action == "call_flow" {
                    "/call-flow"
                } else {
                    ""
                };
                Ok(Redirect::to(&format!("{base}/{one}{suffix}")).into_response())
            }
            _ => message("Select one extension", "Select exactly one extension."),
        },
        "to_sip" | "to_pjsip" => {
            let target = if action == "to_sip" { "sip" } else { "pjsip" };
            let results = state
                .service
                .change_stack(actor, &code, &numbers, target)
                .await?;
            let outcomes = results
                .into_iter()
                .map(|r| Outcome {
                    ok: r.changed,
                    message: match (r.changed, r.message) {
                        (false, Some(m)) => m,
                        (false, None) => "not changed".into(),
                        (true, _) if r.not_applicable.is_empty() => {
                            format!("changed to {}", target_label(target))
                        }
                        (true, _) => format!(
                            "changed to {}; kept but not used by it: {}",
                            target_label(target),
                            r.not_applicable.join(", ")
                        ),
                    },
                    number: r.number,
                })
                .collect();
            page(&ResultPage {
                chrome,
                base,
                title: format!("Change to {}", target_label(target)),
                outcomes,
            })
        }
        "delete" => {
            actor.require_unrestricted()?;
            actor.require(pbx_service::Permission::DeleteExtensions)?;
            let mut doomed = Vec::new();
            for number in &numbers {
                let (_, stored) = state.service.get_extension(actor, &code, number).await?;
                let referrers = state
                    .service
                    .extension_referrers(actor, &code, number)
                    .await?
                    .into_iter()
                    .map(|r| format!("extension {} ({})", r.number, r.setting))
                    .collect();
                doomed.push(Doomed {
                    number: number.clone(),
                    name: stored.extension.name.as_str().to_owned(),
                    tech: stored.extension.kind.tech().to_owned(),
                    referrers,
                });
            }
            let referred = doomed.iter().any(|d| !d.referrers.is_empty());
            page(&ConfirmPage {
                chrome,
                base,
                doomed,
                referred,
            })
        }
        _ => Err(UiError::BadRequest("unknown action".into())),
    }
}

fn target_label(target: &str) -> &'static str {
    if target == "sip" { "chan_sip" } else { "PJSIP" }
}

/// The confirmed delete: one result per extension.
pub async fn delete(
    State(state): State<AppState>,
    Path(code): Path<String>,
    form: PostedForm,
) -> Result<Response, UiError> {
    let actor = &form.session.actor;
    let numbers = form.fields.all("numbers");
    let force = form.fields.get("force") == Some("yes");
    let results = state
        .service
        .bulk_delete(actor, &code, &numbers, force)
        .await?;
    let outcomes = results
        .into_iter()
        .map(|(number, result)| Outcome {
            ok: result.is_ok(),
            message: match result {
                Ok(()) => "deleted".into(),
                Err(ServiceError::Referenced { .. }) => {
                    "not deleted: other extensions refer to it".into()
                }
                Err(other) => format!("not deleted: {other}"),
            },
            number,
        })
        .collect();
    page(&ResultPage {
        chrome: Chrome::load(&state, &form.session, Some(&code)).await?,
        base: format!("/tenants/{code}/extensions"),
        title: "Delete extensions".into(),
        outcomes,
    })
}
