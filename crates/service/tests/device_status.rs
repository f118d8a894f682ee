//! The device-state monitor against a scripted Asterisk manager: the
//! states listed at login, a change pushed later, a lost connection that
//! drops the node's states until the reconnect lists them again; and what
//! the list and `device_states` show of them, per actor.

#[expect(dead_code, reason = "one backend is enough for the monitor")]
mod support;

use std::time::Duration;

use pbx_service::device_status::{
    DeviceStatus, DeviceStatuses, MonitorConfig, spawn_device_monitor,
};
use pbx_service::extensions::ExtensionInput;
use pbx_service::{Actor, Role, Service, Store};
use pbx_store::extensions::ListQuery;
use pbx_testkit::ami::{Action, Answer, ScriptedManager, Session};
use serde_json::json;

fn change(device: &str, state: &str) -> String {
    format!(
        "Event: DeviceStateChange\r\nPrivilege: call,all\r\nDevice: {device}\r\nState: {state}\r\n\r\n"
    )
}

/// The node's manager: any login succeeds, `DeviceStateList` lists two
/// states; later changes and the hang-up come from the test.
fn script(action: &Action, _: &Session) -> Answer {
    match action.name() {
        "DeviceStateList" => {
            let mut out = format!(
                "Response: Success\r\nActionID: {}\r\nEventList: start\r\n\r\n",
                action.id()
            );
            out += &change("PJSIP/100-ACME", "NOT_INUSE");
            out += &change("SIP/101-ACME", "UNAVAILABLE");
            out += "Event: DeviceStateListComplete\r\nEventList: Complete\r\nListItems: 2\r\n\r\n";
            Answer::Text(out)
        }
        _ => Answer::success_with(action, &[]),
    }
}

/// Waits (up to 5 s) until `device` shows `expected`.
async fn until(states: &DeviceStatuses, device: &str, expected: Option<DeviceStatus>) {
    for _ in 0..100 {
        if states.status(device) == expected {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "{device} never became {expected:?}: {:?}",
        states.status(device)
    );
}

fn input(kind: &str, number: &str) -> ExtensionInput {
    support::input(kind, number, &format!("Ext {number}"))
}

#[tokio::test]
async fn device_states_are_followed_shown_per_row_and_dropped_with_the_connection() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}", dir.path().join("d.db").display()))
        .await
        .unwrap();
    let manager = ScriptedManager::start(script).await;
    let port = manager.port();
    let plain = Service::new(store.clone());
    let cli = Actor::cli();
    support::tenant(&plain, "ACME", 10).await;
    for (kind, number) in [("pjsip", "100"), ("sip", "101"), ("virtual", "200")] {
        let mut e = input(kind, number);
        if kind == "virtual" {
            e.settings_json = Some(json!({"information": {"virtual_members": ["100"]}}));
        }
        plain.create_extension(&cli, "ACME", &e).await.unwrap();
    }
    let numbers = ["100", "101", "200", "999"].map(String::from);
    assert_eq!(
        plain.device_states(&cli, "ACME", &numbers).await.unwrap(),
        None,
        "not followed without a monitor"
    );
    plain
        .create_node(
            &cli,
            &json!({"name": "ast1", "output_dir": "/tmp/pbx-devstate", "ami_port": port,
                    "ami_username": "pbx", "ami_secret": "good"}),
        )
        .await
        .unwrap();
    let states = DeviceStatuses::new();
    let config = MonitorConfig {
        reconnect: Duration::from_millis(400),
        rescan: Duration::from_millis(200),
    };
    let monitor = spawn_device_monitor(plain.clone(), states.clone(), config);
    let service = Service::new(store.clone()).with_device_statuses(states.clone());
    until(&states, "PJSIP/100-ACME", Some(DeviceStatus::NotInUse)).await;

    let page = service
        .list_extensions(
            &cli,
            "ACME",
            ListQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let shown: Vec<(String, Option<DeviceStatus>)> = page
        .items
        .iter()
        .map(|i| i.number.clone())
        .zip(page.statuses.unwrap())
        .collect();
    assert_eq!(
        shown,
        [
            ("100".to_string(), Some(DeviceStatus::NotInUse)),
            ("101".to_string(), Some(DeviceStatus::Unavailable)),
            ("200".to_string(), None),
        ]
    );
    manager.push(change("PJSIP/100-ACME", "INUSE"));
    until(&states, "PJSIP/100-ACME", Some(DeviceStatus::InUse)).await;
    assert_eq!(
        service.device_states(&cli, "ACME", &numbers).await.unwrap(),
        Some(vec![
            ("100".to_string(), Some(DeviceStatus::InUse)),
            ("101".to_string(), Some(DeviceStatus::Unavailable)),
            ("200".to_string(), None),
        ]),
        "unknown numbers are left out"
    );

    let desk = support::actor(
        &service,
        "desk",
        Role::RestrictedAdmin,
        &[],
        &[("ACME", "101")],
    )
    .await;
    assert_eq!(
        service
            .device_states(&desk, "ACME", &numbers)
            .await
            .unwrap(),
        Some(vec![("101".to_string(), Some(DeviceStatus::Unavailable))]),
        "a restricted admin sees only their extensions"
    );
    let too_many: Vec<String> = (0..501).map(|n| n.to_string()).collect();
    assert!(
        service
            .device_states(&cli, "ACME", &too_many)
            .await
            .is_err()
    );

    // The node hangs up: its states go, and come back with the reconnect.
    manager.hang_up();
    until(&states, "PJSIP/100-ACME", None).await;
    until(&states, "PJSIP/100-ACME", Some(DeviceStatus::NotInUse)).await;
    monitor.abort();
    let actions = manager.actions();
    let logins: Vec<_> = actions.iter().filter(|a| a.name() == "Login").collect();
    assert!(
        logins.len() >= 2 && logins.iter().all(|l| l.get("Events") == Some("call")),
        "each session logs in for call events: {actions:?}"
    );
    let lists = actions.iter().filter(|a| a.name() == "DeviceStateList");
    assert!(lists.count() >= 2, "the reconnect lists again: {actions:?}");
}
