//! Sending one message through an SMTP server with lettre: plain SMTP,
//! STARTTLS or TLS from the start, optional authentication. Errors name
//! the server, never the password.

use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use pbx_store::mail::settings::MailSettingsRecord;

/// Why a message could not be sent (its text is safe to log and store).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SendError(pub String);

/// How long one SMTP conversation may take.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

fn transport(
    server: &MailSettingsRecord,
    timeout: Duration,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, SendError> {
    let tls = || {
        TlsParameters::new(server.host.clone())
            .map_err(|e| SendError(format!("TLS setup for {}: {e}", server.host)))
    };
    let builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&server.host);
    let builder = match server.security.as_str() {
        "tls" => builder.tls(Tls::Wrapper(tls()?)),
        "starttls" => builder.tls(Tls::Required(tls()?)),
        _ => builder.tls(Tls::None),
    };
    let mut builder = builder.port(server.port).timeout(Some(timeout));
    if let Some(username) = &server.username {
        let password = server.password.clone().unwrap_or_default();
        builder = builder.credentials(Credentials::new(username.clone(), password));
    }
    Ok(builder.build())
}

/// Sends `message` through `server`.
pub async fn send(
    server: &MailSettingsRecord,
    message: lettre::Message,
    timeout: Duration,
) -> Result<(), SendError> {
    let transport = transport(server, timeout)?;
    transport.send(message).await.map(|_| ()).map_err(|e| {
        SendError(format!(
            "{}:{} ({}): {e}",
            server.host, server.port, server.security
        ))
    })
}
