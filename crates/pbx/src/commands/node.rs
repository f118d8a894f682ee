//! `pbx node add|list|remove`: the Asterisk nodes pbx projects to.

use anyhow::Context;
use pbx_service::nodes::node_json;
use pbx_service::{Actor, Service};
use serde_json::{Map, Value, json};

use super::DatabaseArg;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand, Debug)]
enum Action {
    /// Add a node.
    Add(Box<AddArgs>),
    /// List the nodes (the AMI secret is never shown).
    List {
        #[command(flatten)]
        database: DatabaseArg,
    },
    /// Remove a node (its files stay where they are).
    Remove {
        #[command(flatten)]
        database: DatabaseArg,
        name: String,
    },
}

#[derive(clap::Args, Debug)]
struct AddArgs {
    #[command(flatten)]
    database: DatabaseArg,
    /// The node's name, e.g. `ast1`.
    name: String,
    /// Directory the node's files are written to (absolute).
    #[arg(long)]
    output_dir: String,
    /// Manager host.
    #[arg(long, default_value = "127.0.0.1")]
    ami_host: String,
    #[arg(long, default_value_t = 5038)]
    ami_port: u16,
    #[arg(long, default_value = "pbx")]
    ami_user: String,
    /// The manager secret (prefer the environment variable: it stays out
    /// of the shell history and process list).
    #[arg(long, env = "PBX_AMI_SECRET", hide_env_values = true)]
    ami_secret: String,
    /// Dialplan context prefix.
    #[arg(long, default_value = "pbx-")]
    context_prefix: String,
    /// PJSIP endpoint of the trunk to the other nodes.
    #[arg(long)]
    inter_node_trunk: Option<String>,
    /// `transport=section`, repeatable, e.g. `udp=transport-udp`
    /// (default: every transport as `transport-<name>`).
    #[arg(long = "transport")]
    transports: Vec<String>,
    /// `files` or `realtime`.
    #[arg(long, default_value = "files")]
    storage: String,
    /// The node's SIP realm (PJSIP `default_realm`, chan_sip `realm`). With
    /// one, Realtime rows hold md5 digests instead of plaintext secrets.
    #[arg(long)]
    realm: Option<String>,
}

async fn service(database: &DatabaseArg) -> anyhow::Result<Service> {
    let store = database.open(false).await?;
    Ok(Service::new(store))
}

fn fail(e: pbx_service::ServiceError) -> anyhow::Error {
    tracing::error!(error = %e.detail(), "node command failed");
    super::refused(e)
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let actor = Actor::cli();
    match args.action {
        Action::Add(add) => {
            let service = service(&add.database).await?;
            let mut body = json!({
                "name": add.name,
                "output_dir": add.output_dir,
                "ami_host": add.ami_host,
                "ami_port": add.ami_port,
                "ami_username": add.ami_user,
                "ami_secret": add.ami_secret,
                "context_prefix": add.context_prefix,
                "inter_node_trunk": add.inter_node_trunk,
                "storage": add.storage,
                "realm": add.realm,
            });
            if !add.transports.is_empty() {
                let mut map = Map::new();
                for pair in &add.transports {
                    let (k, v) = pair
                        .split_once('=')
                        .with_context(|| format!("--transport {pair}: expected name=section"))?;
                    map.insert(k.to_owned(), Value::String(v.to_owned()));
                }
                body["transports"] = Value::Object(map);
            }
            let node = service.create_node(&actor, &body).await.map_err(fail)?;
            println!("added node {}", node.node.name);
        }
        Action::List { database } => {
            let service = service(&database).await?;
            for node in service.list_nodes(&actor).await.map_err(fail)? {
                println!("{}", node_json(&node));
            }
        }
        Action::Remove { database, name } => {
            let service = service(&database).await?;
            service.delete_node(&actor, &name).await.map_err(fail)?;
            println!("removed node {name}");
        }
    }
    Ok(())
}
