//! The call-control service: a FastAGI server in `pbx serve` that the
//! nodes' dialplans ask before each external call (see
//! `pbx_asterisk::dialplan::LIMIT_CHECK`). Arguments: tenant, calling
//! extension, dialled number, node. It answers `PBX_LIMIT` (`allow` or
//! `refuse`) and `PBX_LIMIT_SECONDS`; a request it cannot read or answer in
//! time leaves `PBX_LIMIT` unset, and the tenant's fallback decides.

use std::time::Duration;

use pbx_asterisk::agi::{self, AgiRequest};
use pbx_asterisk::dialplan::{CALL_CONTROL_SCRIPT, MEMBER_SCRIPT};
use tokio::io::{AsyncBufRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

use super::control::{CallCheck, Verdict};
use crate::Service;

/// How long a node has to send its request, and pbx to answer it.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(3);

/// Serves FastAGI requests on `listener` until the task is dropped.
pub fn spawn_call_control(service: Service, listener: TcpListener) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let (stream, peer) = match listener.accept().await {
                Ok(accepted) => accepted,
                Err(e) => {
                    tracing::warn!(error = %e, "call control: accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            };
            let service = service.clone();
            tokio::spawn(async move {
                match tokio::time::timeout(REQUEST_TIMEOUT, answer(&service, stream)).await {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => tracing::warn!(%peer, error = %e, "call control request failed"),
                    Err(_) => tracing::warn!(%peer, "call control request timed out"),
                }
            });
        }
    })
}

/// The verdict's variables, in the order they are set.
fn variables(verdict: &Verdict) -> Vec<(&'static str, String)> {
    match verdict {
        Verdict::Allow { seconds } => vec![
            ("PBX_LIMIT_SECONDS", seconds.unwrap_or(0).to_string()),
            ("PBX_LIMIT", "allow".into()),
        ],
        Verdict::Refuse { .. } => vec![("PBX_LIMIT", "refuse".into())],
    }
}

fn check_of(request: &AgiRequest) -> CallCheck {
    CallCheck {
        tenant: request.arg(1).to_owned(),
        extension: request.arg(2).to_owned(),
        dialled: request.arg(3).to_owned(),
        node: request.arg(4).to_owned(),
        channel: request.var("channel").to_owned(),
        uniqueid: request.var("uniqueid").to_owned(),
    }
}

async fn answer(service: &Service, stream: TcpStream) -> Result<(), agi::AgiError> {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    let request = agi::read_request(&mut reader).await?;
    if request.script() == MEMBER_SCRIPT {
        return membership(service, &request, &mut reader, &mut write).await;
    }
    if request.script() != CALL_CONTROL_SCRIPT {
        tracing::warn!(
            script = request.script(),
            "call control: unknown AGI script"
        );
        return Ok(());
    }
    let check = check_of(&request);
    let verdict = match service.check_outbound_call(&check).await {
        Ok(verdict) => verdict,
        Err(e) => {
            // PBX_LIMIT stays unset: the tenant's fallback decides.
            tracing::warn!(error = %e, "call control: the check failed");
            return Ok(());
        }
    };
    if let Verdict::Refuse { reason } = &verdict {
        tracing::info!(tenant = %check.tenant, extension = %check.extension, %reason, "outbound call refused");
    }
    for (name, value) in variables(&verdict) {
        let Some(command) = agi::set_variable(name, &value) else {
            continue;
        };
        write.write_all(command.as_bytes()).await?;
        agi::read_answer(&mut reader).await?;
    }
    write.shutdown().await?;
    agi::drain(&mut reader).await;
    Ok(())
}

/// A member joining (`join`) or leaving a virtual extension: arguments
/// tenant, virtual extension, member, `join` or `leave`. Answers
/// `PBX_MEMBER=done` (also when nothing had to change).
async fn membership<R, W>(
    service: &Service,
    request: &AgiRequest,
    reader: &mut R,
    write: &mut W,
) -> Result<(), agi::AgiError>
where
    R: AsyncBufRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let (tenant, number, member) = (request.arg(1), request.arg(2), request.arg(3));
    let join = match request.arg(4) {
        "join" => true,
        "leave" => false,
        other => {
            tracing::warn!(change = other, "call control: unknown membership change");
            return Ok(());
        }
    };
    // Boxed: an extension update is a large future.
    match Box::pin(service.change_membership(tenant, number, member, join)).await {
        Ok(changed) => {
            tracing::info!(%tenant, %number, %member, join, changed, "virtual extension membership");
            if let Some(command) = agi::set_variable("PBX_MEMBER", "done") {
                write.write_all(command.as_bytes()).await?;
                agi::read_answer(reader).await?;
            }
        }
        Err(e) => {
            tracing::warn!(%tenant, %number, %member, error = %e, "membership change refused");
        }
    }
    write.shutdown().await?;
    agi::drain(reader).await;
    Ok(())
}
