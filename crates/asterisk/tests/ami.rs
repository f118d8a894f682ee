//! The AMI client against an in-test manager on 127.0.0.1 that speaks the
//! real wire protocol.

use std::time::Duration;

use pbx_asterisk::AmiSettings;
use pbx_asterisk::ami::{Action, AmiClient, AmiError};
use pbx_testkit::ami::{self as scripted, Answer, ScriptedManager, Session};

fn change(device: &str, state: &str) -> String {
    format!(
        "Event: DeviceStateChange\r\nPrivilege: call,all\r\nDevice: {device}\r\nState: {state}\r\n\r\n"
    )
}

/// Login needs user `pbx` / secret `good`; `Reload` of `bad.so` fails;
/// `Command` answers after an unrelated event; `Slow` never answers;
/// `DeviceStateList` lists two devices, and then, if the login asked for
/// `call` events, one device changes state.
fn script(action: &scripted::Action, session: &Session) -> Answer {
    let id = action.id();
    match action.name() {
        "Login" => Answer::login(action),
        "DeviceStateList" => {
            let mut out = format!(
                "Response: Success\r\nActionID: {id}\r\nEventList: start\r\nMessage: Device State Changes will follow\r\n\r\n"
            );
            out += &change("PJSIP/100-ACME", "NOT_INUSE");
            out += &change("SIP/101-ACME", "UNAVAILABLE");
            out += &format!(
                "Event: DeviceStateListComplete\r\nActionID: {id}\r\nEventList: Complete\r\nListItems: 2\r\n\r\n"
            );
            let login = session.login.as_ref();
            if login.and_then(|l| l.get("Events")) == Some("call") {
                out += &change("PJSIP/100-ACME", "INUSE");
            }
            Answer::Text(out)
        }
        "Reload" if action.get("Module") == Some("bad.so") => {
            Answer::error(action, "No such module")
        }
        "Command" => Answer::Text(format!(
            "Event: FullyBooted\r\nPrivilege: system,all\r\n\r\n\
             Response: Success\r\nActionID: other\r\n\r\n\
             Response: Success\r\nActionID: {id}\r\nMessage: Command output follows\r\nOutput: Dialplan reloaded.\r\n\r\n"
        )),
        "Slow" => Answer::Silence,
        _ => Answer::success(action),
    }
}

async fn fake_manager() -> u16 {
    ScriptedManager::start(script).await.port()
}

fn settings(port: u16, secret: &str) -> AmiSettings {
    AmiSettings {
        host: "127.0.0.1".into(),
        port,
        username: "pbx".into(),
        secret: secret.into(),
    }
}

const LIMIT: Duration = Duration::from_secs(2);

#[tokio::test]
async fn a_command_response_is_matched_by_action_id_past_events() {
    let port = fake_manager().await;
    let mut ami = AmiClient::connect(&settings(port, "good"), LIMIT)
        .await
        .unwrap();
    let reply = ami.command("dialplan reload").await.unwrap();
    assert_eq!(reply.all("Output"), vec!["Dialplan reloaded."]);
    ami.expire_object("pbx-endpoint", "101-ACME").await.unwrap();
}

#[tokio::test]
async fn device_states_are_listed_then_followed_as_events() {
    let port = fake_manager().await;
    let mut ami = AmiClient::connect_with_events(&settings(port, "good"), LIMIT, "call")
        .await
        .unwrap();
    ami.start(&Action::new("DeviceStateList")).await.unwrap();
    let mut seen = Vec::new();
    while seen.len() < 4 {
        let event = ami.next_event().await.unwrap();
        seen.push(format!(
            "{} {} {}",
            event.get("Event").unwrap(),
            event.get("Device").unwrap_or("-"),
            event.get("State").unwrap_or("-")
        ));
    }
    assert_eq!(
        seen,
        [
            "DeviceStateChange PJSIP/100-ACME NOT_INUSE",
            "DeviceStateChange SIP/101-ACME UNAVAILABLE",
            "DeviceStateListComplete - -",
            "DeviceStateChange PJSIP/100-ACME INUSE",
        ],
        "the response to the list is not an event"
    );
}

#[tokio::test]
async fn a_refused_login_is_reported_with_asterisks_message() {
    let port = fake_manager().await;
    let err = AmiClient::connect(&settings(port, "wrong"), LIMIT)
        .await
        .err()
        .unwrap();
    assert!(
        matches!(err, AmiError::LoginRefused(ref m) if m == "Authentication failed"),
        "{err}"
    );
}

#[tokio::test]
async fn a_failed_reload_is_an_error_not_swallowed() {
    let port = fake_manager().await;
    let mut ami = AmiClient::connect(&settings(port, "good"), LIMIT)
        .await
        .unwrap();
    let err = ami.reload_module("bad.so").await.unwrap_err();
    assert!(
        matches!(err, AmiError::ActionFailed { ref message, .. } if message == "No such module")
    );
}

#[tokio::test]
async fn an_unanswered_action_times_out() {
    let port = fake_manager().await;
    let mut ami = AmiClient::connect(&settings(port, "good"), Duration::from_millis(200))
        .await
        .unwrap();
    let err = ami.send(&Action::new("Slow")).await.unwrap_err();
    assert!(matches!(err, AmiError::Timeout(_)), "{err}");
}

#[tokio::test]
async fn a_server_that_is_not_asterisk_is_refused() {
    let port = ScriptedManager::impostor("SSH-2.0-OpenSSH").await.port();
    let err = AmiClient::connect(&settings(port, "good"), LIMIT)
        .await
        .err()
        .unwrap();
    assert!(matches!(err, AmiError::BadBanner(_)));
}
