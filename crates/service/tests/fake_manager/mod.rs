//! The script of the Asterisk node the projector tests apply to, served by
//! `pbx_testkit::ami::ScriptedManager`.

use std::sync::{Arc, Mutex};

use pbx_testkit::ami::{Action, Answer, ScriptedManager};
use tokio::net::TcpListener;

/// Login with `pbx`/`good`; a `Reload` answers `Error` while `refuse`
/// holds; `PJSIPShowEndpoint` lists an endpoint, its auth and its aor
/// (with no options to compare); every other action succeeds.
fn node(action: &Action, refuse: &Mutex<bool>) -> Answer {
    let id = action.id();
    match action.name() {
        "Login" => match Answer::login(action) {
            Answer::Text(t) if t.starts_with("Response: Error") => {
                Answer::error(action, "Could not reload")
            }
            accepted => accepted,
        },
        "Reload" if *refuse.lock().unwrap() => Answer::error(action, "Could not reload"),
        "PJSIPShowEndpoint" => {
            let event = |name: &str| format!("Event: {name}\r\nActionID: {id}\r\n\r\n");
            Answer::Text(format!(
                "Response: Success\r\nActionID: {id}\r\nEventList: start\r\n\r\n{}{}{}Event: EndpointDetailComplete\r\nActionID: {id}\r\nEventList: Complete\r\n\r\n",
                event("EndpointDetail"),
                event("AuthDetail"),
                event("AorDetail")
            ))
        }
        _ => Answer::success(action),
    }
}

/// The node's manager on a free port.
pub async fn fake_manager(refuse: Arc<Mutex<bool>>) -> ScriptedManager {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    fake_manager_on(listener, refuse)
}

/// The same manager on a listener bound by the caller (a port chosen
/// before the manager is up).
pub fn fake_manager_on(listener: TcpListener, refuse: Arc<Mutex<bool>>) -> ScriptedManager {
    ScriptedManager::start_on(listener, move |action, _| node(action, &refuse))
}
