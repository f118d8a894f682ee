//! An Asterisk manager (AMI) speaking the wire protocol on 127.0.0.1, for
//! the projector tests.

use std::sync::{Arc, Mutex};

use pbx_asterisk::ami::read_message;
use tokio::io::{AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Actions the fake manager received, as `Action Header=value...` lines.
pub type Log = Arc<Mutex<Vec<String>>>;

/// A manager speaking the AMI wire protocol on 127.0.0.1: any number of
/// connections, login with `pbx`/`good`, every action logged; a `Reload`
/// answers `Error` while `refuse` holds. `PJSIPShowEndpoint` lists an
/// endpoint, its auth and its aor (with no options to compare).
pub async fn fake_manager(refuse: Arc<Mutex<bool>>) -> (u16, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    (port, fake_manager_on(listener, refuse))
}

/// The same manager on a listener bound by the caller (a port chosen
/// before the manager is up).
pub fn fake_manager_on(listener: TcpListener, refuse: Arc<Mutex<bool>>) -> Log {
    let log: Log = Arc::default();
    let seen = log.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let (seen, refuse) = (seen.clone(), refuse.clone());
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut reader = BufReader::new(read);
                write
                    .write_all(b"Asterisk Call Manager/9.0.0\r\n")
                    .await
                    .unwrap();
                while let Ok(Some(message)) = read_message(&mut reader).await {
                    let get = |k: &str| message.get(k).unwrap_or_default().to_owned();
                    let (action, id) = (get("Action"), get("ActionID"));
                    let refused = action == "Reload" && *refuse.lock().unwrap();
                    let ok = match action.as_str() {
                        "Login" => get("Username") == "pbx" && get("Secret") == "good",
                        _ => !refused,
                    };
                    if !["Login", "Logoff"].contains(&action.as_str()) {
                        let detail: Vec<String> = message
                            .headers
                            .iter()
                            .filter(|(k, _)| k != "Action" && k != "ActionID")
                            .map(|(k, v)| format!("{k}={v}"))
                            .collect();
                        seen.lock()
                            .unwrap()
                            .push(format!("{action} {}", detail.join(" ")));
                    }
                    let reply = if ok && action == "PJSIPShowEndpoint" {
                        let event = |name: &str| format!("Event: {name}\r\nActionID: {id}\r\n\r\n");
                        format!(
                            "Response: Success\r\nActionID: {id}\r\nEventList: start\r\n\r\n{}{}{}Event: EndpointDetailComplete\r\nActionID: {id}\r\nEventList: Complete\r\n\r\n",
                            event("EndpointDetail"),
                            event("AuthDetail"),
                            event("AorDetail")
                        )
                    } else if ok {
                        format!("Response: Success\r\nActionID: {id}\r\nMessage: OK\r\n\r\n")
                    } else {
                        format!(
                            "Response: Error\r\nActionID: {id}\r\nMessage: Could not reload\r\n\r\n"
                        )
                    };
                    write.write_all(reply.as_bytes()).await.unwrap();
                }
            });
        }
    });
    log
}
