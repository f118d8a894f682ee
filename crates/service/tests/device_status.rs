//! The device-state monitor against a scripted Asterisk manager: the
//! states listed at login, a change pushed later, a lost connection that
//! drops the node's states until the reconnect lists them again; and what
//! the list and `device_states` show of them, per actor.

#[expect(dead_code, reason = "one backend is enough for the monitor")]
mod support;

use std::time::Duration;

use pbx_asterisk::ami::{Message, read_message};
use pbx_service::device_status::{
    DeviceStatus, DeviceStatuses, MonitorConfig, spawn_device_monitor,
};
use pbx_service::extensions::ExtensionInput;
use pbx_service::{Actor, Role, Service, Store};
use pbx_store::extensions::ListQuery;
use serde_json::json;
use tokio::io::{AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

fn change(device: &str, state: &str) -> String {
    format!(
        "Event: DeviceStateChange\r\nPrivilege: call,all\r\nDevice: {device}\r\nState: {state}\r\n\r\n"
    )
}

/// One manager session: login (which must ask for `call` events), the
/// list of states, then whatever the test sends; the session ends when the
/// test sends an empty string.
async fn session(stream: TcpStream, script: &mut mpsc::UnboundedReceiver<String>) {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    write
        .write_all(b"Asterisk Call Manager/9.0.0\r\n")
        .await
        .unwrap();
    let mut action = async || read_message(&mut reader).await.unwrap().unwrap();
    let login = action().await;
    assert_eq!(login.get("Events"), Some("call"), "{login:?}");
    let id = |message: &Message| message.get("ActionID").unwrap().to_owned();
    let reply = format!("Response: Success\r\nActionID: {}\r\n\r\n", id(&login));
    write.write_all(reply.as_bytes()).await.unwrap();
    let list = action().await;
    assert_eq!(list.get("Action"), Some("DeviceStateList"));
    let mut out = format!(
        "Response: Success\r\nActionID: {}\r\nEventList: start\r\n\r\n",
        id(&list)
    );
    out += &change("PJSIP/100-ACME", "NOT_INUSE");
    out += &change("SIP/101-ACME", "UNAVAILABLE");
    out += "Event: DeviceStateListComplete\r\nEventList: Complete\r\nListItems: 2\r\n\r\n";
    write.write_all(out.as_bytes()).await.unwrap();
    while let Some(text) = script.recv().await {
        if text.is_empty() {
            return;
        }
        write.write_all(text.as_bytes()).await.unwrap();
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
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (script, mut scripted) = mpsc::unbounded_channel::<String>();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            session(stream, &mut scripted).await;
        }
    });
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
    script.send(change("PJSIP/100-ACME", "INUSE")).unwrap();
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
    script.send(String::new()).unwrap();
    until(&states, "PJSIP/100-ACME", None).await;
    until(&states, "PJSIP/100-ACME", Some(DeviceStatus::NotInUse)).await;
    monitor.abort();
}
