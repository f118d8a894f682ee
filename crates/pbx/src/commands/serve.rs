//! `pbx serve`: the web server and JSON API.

use anyhow::Context;
use std::time::Duration;

use pbx_service::Service;
use pbx_service::calls::server::spawn_call_control;
use pbx_service::calls::{spawn_cdr_ingest, spawn_media_worker};
use pbx_service::device_status::{DeviceStatuses, MonitorConfig, spawn_device_monitor};
use pbx_service::mail::MailerConfig;
use pbx_service::projection::{ProjectorConfig, spawn_projector};

use super::DatabaseArg;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, env = "PBX_LISTEN", default_value = "127.0.0.1:8080")]
    listen: String,
    #[command(flatten)]
    database: DatabaseArg,
    /// Load the Canistracci Oil demo tenant (extensions 100-109) if absent.
    #[arg(long)]
    demo: bool,
    /// Changes within this many milliseconds are applied to the nodes together.
    #[arg(long, env = "PBX_APPLY_DEBOUNCE_MS", default_value_t = 300)]
    debounce_ms: u64,
    /// How often, in milliseconds, changes made by other `pbx serve`
    /// instances sharing the database are looked for.
    #[arg(long, env = "PBX_OUTBOX_POLL_MS", default_value_t = 1000)]
    poll_ms: u64,
    /// The nodes this instance applies changes to, comma-separated (default:
    /// every node). With several instances, name the nodes whose files this
    /// machine holds.
    #[arg(long, env = "PBX_PROJECT_NODES", value_delimiter = ',')]
    project_nodes: Vec<String>,
    /// Do not follow the nodes' device states (the list's status icons
    /// then stay grey).
    #[arg(long)]
    no_device_states: bool,
    /// Where the call-control service (FastAGI) listens, e.g. 0.0.0.0:4573:
    /// nodes with `call_control` set ask it before each external call.
    #[arg(long, env = "PBX_CALL_CONTROL_LISTEN")]
    call_control_listen: Option<String>,
    /// How often, in milliseconds, the nodes' CDRs are turned into call
    /// records (PostgreSQL).
    #[arg(long, env = "PBX_CDR_POLL_MS", default_value_t = 1000)]
    cdr_poll_ms: u64,
    /// Call records older than this many days are deleted.
    #[arg(long, env = "PBX_CALL_RECORD_RETENTION_DAYS", default_value_t = 400)]
    call_record_retention_days: u64,
    /// Do not send queued mail from this instance (another instance sharing
    /// the database sends it).
    #[arg(long)]
    no_mailer: bool,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let store = args.database.open(true).await?;
    let reader = Service::new(store.clone());
    let config = ProjectorConfig {
        window: Duration::from_millis(args.debounce_ms),
        poll: Duration::from_millis(args.poll_ms.max(50)),
        nodes: (!args.project_nodes.is_empty())
            .then(|| args.project_nodes.iter().cloned().collect()),
    };
    let projector = spawn_projector(reader, config);
    let mut service = Service::new(store.clone()).with_change_sink(projector.sink.clone());
    if !args.no_device_states {
        let statuses = DeviceStatuses::new();
        spawn_device_monitor(
            Service::new(store),
            statuses.clone(),
            MonitorConfig::default(),
        );
        service = service.with_device_statuses(statuses);
    }
    let admin_password = std::env::var("PBX_ADMIN_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty());
    if let Some(generated) = service
        .ensure_admin(admin_password.as_deref())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
    {
        // Printed once, to the terminal only: never through the log.
        println!("Created administrator 'admin' with password: {generated}");
        println!("(set PBX_ADMIN_PASSWORD before the first start to choose it)");
    }
    if args.demo
        && service
            .load_demo()
            .await
            .map_err(|e| anyhow::anyhow!("loading demo data: {e}"))?
    {
        println!("Loaded demo tenant CANISTRACCI (extensions 100-109)");
    }
    pbx_service::imports::spawn_upload_purger(service.clone(), Duration::from_mins(1));
    spawn_cdr_ingest(
        service.clone(),
        Duration::from_millis(args.cdr_poll_ms.max(50)),
        Duration::from_hours(24 * args.call_record_retention_days.max(1)),
    );
    // Recordings and voicemail messages of the nodes with a spool directory.
    spawn_media_worker(service.clone(), Duration::from_secs(1));
    if let Some(address) = &args.call_control_listen {
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .with_context(|| format!("call control listening on {address}"))?;
        println!("call control (FastAGI) on {}", listener.local_addr()?);
        spawn_call_control(service.clone(), listener);
    }
    if !args.no_mailer {
        // The same service the web uses: a queued mail wakes this mailer.
        pbx_service::mail::spawn_mailer(service.clone(), MailerConfig::default());
    }
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("listening on {}", args.listen))?;
    println!("pbx listening on http://{}", listener.local_addr()?);
    // The client address feeds the per-address sign-in throttle.
    let app =
        pbx_web::router(service).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
