//! `pbx serve`: the web server and JSON API.

use anyhow::Context;
use pbx_service::Service;

use super::DatabaseArg;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, env = "PBX_LISTEN", default_value = "127.0.0.1:8080")]
    listen: String,
    #[command(flatten)]
    database: DatabaseArg,
    #[command(flatten)]
    key: super::key::KeyArg,
    /// Load the Canistracci Oil demo tenant (extensions 100-109) if absent.
    #[arg(long)]
    demo: bool,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let store = super::key::open_store(&args.database.url, &args.key, true).await?;
    let service = Service::new(store);
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
