//! `pbx tenant add|list|set`: tenants, their extension limit, preferred SIP
//! stack, username policy and SIP domain (the service checks every field
//! as the API does).

use pbx_service::tenants::tenant_json;
use pbx_service::{Actor, Service};
use serde_json::{Map, Value, json};

use super::{DatabaseArg, refused};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand, Debug)]
enum Action {
    /// Add a tenant.
    Add(Box<AddArgs>),
    /// List the tenants, one JSON object per line.
    List {
        #[command(flatten)]
        database: DatabaseArg,
    },
    /// Change a tenant's fields (only those given).
    Set(Box<SetArgs>),
}

/// The fields `add` and `set` share.
#[derive(clap::Args, Debug)]
struct Fields {
    /// Display name.
    #[arg(long)]
    name: Option<String>,
    /// How many extensions the tenant may have.
    #[arg(long)]
    limit: Option<i64>,
    /// `pjsip` or `chan_sip`: what "New ... peer" creates.
    #[arg(long)]
    stack: Option<String>,
    /// Whether usernames may depart from `<number>-<CODE>`.
    #[arg(long)]
    custom_usernames: Option<bool>,
    /// The address phones register to (`host[:port]`; empty to remove):
    /// enables fast provisioning.
    #[arg(long)]
    sip_domain: Option<String>,
}

impl Fields {
    fn body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        let mut put = |key: &str, value: Option<Value>| {
            if let Some(value) = value {
                body.insert(key.to_owned(), value);
            }
        };
        put("name", self.name.clone().map(Value::from));
        put("extension_limit", self.limit.map(Value::from));
        put("preferred_stack", self.stack.clone().map(Value::from));
        put(
            "allow_custom_usernames",
            self.custom_usernames.map(Value::from),
        );
        put("sip_domain", self.sip_domain.clone().map(Value::from));
        body
    }
}

#[derive(clap::Args, Debug)]
struct AddArgs {
    #[command(flatten)]
    database: DatabaseArg,
    /// Upper-case letters, e.g. `CANISTRACCI`.
    code: String,
    #[command(flatten)]
    fields: Fields,
}

#[derive(clap::Args, Debug)]
struct SetArgs {
    #[command(flatten)]
    database: DatabaseArg,
    code: String,
    #[command(flatten)]
    fields: Fields,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let actor = Actor::cli();
    match args.action {
        Action::Add(add) => {
            let service = Service::new(add.database.open(false).await?);
            let mut body = add.fields.body();
            body.insert("code".into(), json!(add.code));
            body.entry("name").or_insert_with(|| json!(add.code));
            let tenant = service
                .create_tenant(&actor, &Value::Object(body))
                .await
                .map_err(refused)?;
            println!("{}", tenant_json(&tenant));
        }
        Action::List { database } => {
            let service = Service::new(database.open(false).await?);
            for tenant in service.list_tenants(&actor).await.map_err(refused)? {
                println!("{}", tenant_json(&tenant));
            }
        }
        Action::Set(set) => {
            let service = Service::new(set.database.open(false).await?);
            let body = set.fields.body();
            anyhow::ensure!(
                !body.is_empty(),
                "nothing to change: give at least one field"
            );
            let tenant = service
                .update_tenant(&actor, &set.code, &Value::Object(body))
                .await
                .map_err(refused)?;
            println!("{}", tenant_json(&tenant));
        }
    }
    Ok(())
}
