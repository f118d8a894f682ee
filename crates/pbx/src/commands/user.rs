//! `pbx user add|list|passwd|grant`: administrator accounts from the shell,
//! through the same service use cases (and audit) as the API.

use anyhow::Context;
use pbx_service::users::{UserInput, parse_assignment, parse_permissions, user_json};
use pbx_service::{Actor, Role, Service};

use super::DatabaseArg;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    database: DatabaseArg,
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand, Debug)]
enum Action {
    /// Create an account (the password comes from PBX_USER_PASSWORD or stdin).
    Add {
        username: String,
        /// super_admin, tenant_admin or restricted_admin.
        #[arg(long)]
        role: String,
        /// Tenant codes (repeat or separate with commas).
        #[arg(long = "tenant", value_delimiter = ',')]
        tenants: Vec<String>,
        /// Assigned extensions as TENANT:NUMBER (restricted admins).
        #[arg(long = "extension", value_delimiter = ',')]
        extensions: Vec<String>,
        /// Permission flags (e.g. create_extensions,show_passwords).
        #[arg(long = "permission", value_delimiter = ',')]
        permissions: Vec<String>,
        /// The password must be changed at the first sign-in.
        #[arg(long)]
        must_change_password: bool,
    },
    /// List the accounts as JSON lines.
    List,
    /// Set a new password (from PBX_USER_PASSWORD or stdin).
    Passwd {
        username: String,
        /// The password must be changed at the next sign-in.
        #[arg(long)]
        must_change_password: bool,
    },
    /// Replace an account's permission flags (and tenants or extensions when given).
    Grant {
        username: String,
        #[arg(long = "permission", value_delimiter = ',')]
        permissions: Vec<String>,
        #[arg(long = "tenant", value_delimiter = ',')]
        tenants: Option<Vec<String>>,
        #[arg(long = "extension", value_delimiter = ',')]
        extensions: Option<Vec<String>>,
    },
}

fn read_password() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("PBX_USER_PASSWORD")
        && !p.is_empty()
    {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn assignments(raw: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    raw.iter()
        .map(|s| parse_assignment(s).map_err(|e| anyhow::anyhow!(e)))
        .collect()
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let store = args.database.open(false).await?;
    let service = Service::new(store);
    let actor = Actor::cli();
    match args.action {
        Action::Add {
            username,
            role,
            tenants,
            extensions,
            permissions,
            must_change_password,
        } => {
            let input = UserInput {
                username: Some(username.clone()),
                password: Some(read_password()?),
                role: Some(Role::parse(&role).map_err(|e| anyhow::anyhow!("--role {e}"))?),
                tenants: Some(tenants),
                extensions: Some(assignments(&extensions)?),
                permissions: Some(parse_permissions(&permissions).map_err(|e| anyhow::anyhow!(e))?),
                must_change_password: Some(must_change_password),
                ..Default::default()
            };
            service
                .add_user(&actor, &input)
                .await
                .map_err(super::refused)?;
            println!("created {username}");
        }
        Action::List => {
            for user in service.list_users(&actor).await.map_err(super::refused)? {
                println!("{}", user_json(&user));
            }
        }
        Action::Passwd {
            username,
            must_change_password,
        } => {
            let input = UserInput {
                password: Some(read_password()?),
                must_change_password: Some(must_change_password),
                ..Default::default()
            };
            service
                .update_user(&actor, &username, &input)
                .await
                .map_err(super::refused)?;
            println!("password of {username} changed; its sessions and tokens are revoked");
        }
        Action::Grant {
            username,
            permissions,
            tenants,
            extensions,
        } => {
            let input = UserInput {
                permissions: Some(parse_permissions(&permissions).map_err(|e| anyhow::anyhow!(e))?),
                tenants,
                extensions: extensions.as_deref().map(assignments).transpose()?,
                ..Default::default()
            };
            let user = service
                .update_user(&actor, &username, &input)
                .await
                .map_err(super::refused)?;
            println!("{}", user_json(&user));
        }
    }
    Ok(())
}
