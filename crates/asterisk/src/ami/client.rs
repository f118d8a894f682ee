//! The AMI client over tokio TCP.

use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::time::timeout;

use super::frame::read_message;
use super::{Action, AmiError, Message};
use crate::node::AmiSettings;

/// A logged-in manager connection.
pub struct AmiClient {
    reader: BufReader<OwnedReadHalf>,
    writer: OwnedWriteHalf,
    next_id: u64,
    timeout: Duration,
}

impl AmiClient {
    /// Connects, checks the `Asterisk Call Manager/...` banner and logs in
    /// without events. Every wait is bounded by `limit`.
    pub async fn connect(settings: &AmiSettings, limit: Duration) -> Result<AmiClient, AmiError> {
        Self::connect_with_events(settings, limit, "off").await
    }

    /// Like [`AmiClient::connect`], receiving the events of the classes in
    /// `events` (e.g. `call`), read with [`AmiClient::next_event`].
    pub async fn connect_with_events(
        settings: &AmiSettings,
        limit: Duration,
        events: &str,
    ) -> Result<AmiClient, AmiError> {
        let address = (settings.host.as_str(), settings.port);
        let stream = timeout(limit, TcpStream::connect(address))
            .await
            .map_err(|_| AmiError::Timeout("the connection".into()))??;
        let (read, writer) = stream.into_split();
        let mut client = AmiClient {
            reader: BufReader::new(read),
            writer,
            next_id: 1,
            timeout: limit,
        };
        let mut banner = String::new();
        timeout(limit, client.reader.read_line(&mut banner))
            .await
            .map_err(|_| AmiError::Timeout("the banner".into()))??;
        if !banner.starts_with("Asterisk Call Manager/") {
            return Err(AmiError::BadBanner(banner.trim_end().into()));
        }
        let login = Action::new("Login")
            .header("Username", &settings.username)
            .header("Secret", &settings.secret)
            .header("Events", events);
        match client.send(&login).await {
            Ok(_) => Ok(client),
            Err(AmiError::ActionFailed { message, .. }) => Err(AmiError::LoginRefused(message)),
            Err(other) => Err(other),
        }
    }

    /// Sends `action` and waits for its response (matched by ActionID;
    /// events and other responses are skipped). `Response: Error` is an
    /// error carrying Asterisk's `Message:`.
    pub async fn send(&mut self, action: &Action) -> Result<Message, AmiError> {
        let id = self.write(action).await?;
        loop {
            let message = timeout(self.timeout, read_message(&mut self.reader))
                .await
                .map_err(|_| AmiError::Timeout(action.name.clone()))??
                .ok_or(AmiError::Closed)?;
            if message.get("ActionID") != Some(id.as_str()) || message.get("Response").is_none() {
                continue;
            }
            return match message.get("Response") {
                Some(r) if r.eq_ignore_ascii_case("Error") => Err(AmiError::ActionFailed {
                    action: action.name.clone(),
                    message: message.get("Message").unwrap_or("no message").into(),
                }),
                _ => Ok(message),
            };
        }
    }

    /// Sends a list action (`PJSIPShowEndpoints`, `SIPpeers`...) and
    /// returns its events up to the one that completes the list (matched by
    /// ActionID). An `Error` response is an error.
    pub async fn list(&mut self, action: &Action) -> Result<Vec<Message>, AmiError> {
        let id = self.write(action).await?;
        let mut events = Vec::new();
        loop {
            let message = timeout(self.timeout, read_message(&mut self.reader))
                .await
                .map_err(|_| AmiError::Timeout(action.name.clone()))??
                .ok_or(AmiError::Closed)?;
            if message.get("ActionID") != Some(id.as_str()) {
                continue;
            }
            if message
                .get("Response")
                .is_some_and(|r| r.eq_ignore_ascii_case("Error"))
            {
                return Err(AmiError::ActionFailed {
                    action: action.name.clone(),
                    message: message.get("Message").unwrap_or("no message").into(),
                });
            }
            let complete = message.get("Event").is_some()
                && message
                    .get("EventList")
                    .is_some_and(|v| v.eq_ignore_ascii_case("Complete"));
            if message.get("Event").is_some() {
                events.push(message);
            }
            if complete {
                return Ok(events);
            }
        }
    }

    /// Sends `action` without waiting for its response (list actions such
    /// as `DeviceStateList` answer with events read by `next_event`).
    pub async fn start(&mut self, action: &Action) -> Result<(), AmiError> {
        self.write(action).await.map(|_| ())
    }

    /// Writes `action` with a new ActionID; returns the id.
    async fn write(&mut self, action: &Action) -> Result<String, AmiError> {
        let id = format!("pbx-{}", self.next_id);
        self.next_id += 1;
        let wire = action.to_wire(&id)?;
        timeout(self.timeout, self.writer.write_all(wire.as_bytes()))
            .await
            .map_err(|_| AmiError::Timeout(action.name.clone()))??;
        Ok(id)
    }

    /// The next event, waiting as long as it takes (responses are skipped).
    /// `Closed` when the node hangs up.
    pub async fn next_event(&mut self) -> Result<Message, AmiError> {
        loop {
            let message = read_message(&mut self.reader)
                .await?
                .ok_or(AmiError::Closed)?;
            if message.get("Event").is_some() {
                return Ok(message);
            }
        }
    }

    /// The next message of any kind (responses and events), waiting as long
    /// as it takes: list actions answer with a response, then events.
    pub async fn next_message(&mut self) -> Result<Message, AmiError> {
        read_message(&mut self.reader)
            .await?
            .ok_or(AmiError::Closed)
    }

    /// Runs a CLI command, e.g. `dialplan reload`.
    pub async fn command(&mut self, cli: &str) -> Result<Message, AmiError> {
        self.send(&Action::command(cli)).await
    }

    /// Reloads one module, e.g. `res_pjsip.so`.
    pub async fn reload_module(&mut self, module: &str) -> Result<Message, AmiError> {
        self.send(&Action::reload_module(module)).await
    }

    /// Expires one object from a sorcery memory cache.
    pub async fn expire_object(&mut self, cache: &str, object: &str) -> Result<Message, AmiError> {
        self.send(&Action::expire_object(cache, object)).await
    }

    /// Logs off and closes the connection.
    pub async fn logoff(mut self) -> Result<(), AmiError> {
        let result = self.send(&Action::new("Logoff")).await;
        let _ = self.writer.shutdown().await;
        match result {
            Ok(_) | Err(AmiError::Closed) => Ok(()),
            Err(e) => Err(e),
        }
    }
}
