//! Signing in: password checks (argon2id), API tokens and browser sessions
//! stored as SHA-256 digests, and the first administrator.

use pbx_domain::values::password::hash_argon2id;
use pbx_store::{tokens, users};
use sha2::{Digest, Sha256};

use crate::error::OrMissing;
use crate::{Actor, Permission, Role, Service, ServiceError, Source};

/// How long an API token lives.
pub const TOKEN_LIFETIME_SECS: i64 = 12 * 3600;

/// A token as handed to the client, with its CSRF companion for sessions.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub token: String,
    pub csrf: String,
    pub expires_at: i64,
}

pub(crate) fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::fill(&mut buf[..]);
    hex::encode(buf)
}

/// The digest a token is stored under.
pub fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

impl Service {
    /// Checks a username and password and issues a token of `kind`
    /// (`api` or `session`); see [`Service::sign_in`] for the second factor,
    /// the password policy and throttling.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        kind: &str,
    ) -> Result<IssuedToken, ServiceError> {
        let request = crate::login::LoginRequest {
            username,
            password,
            ..Default::default()
        };
        self.sign_in(request, kind).await
    }

    /// The actor behind a live token.
    pub async fn authenticate(
        &self,
        token: &str,
        source: Source,
    ) -> Result<(Actor, String), ServiceError> {
        let mut conn = self.store().conn().await?;
        let stored = tokens::live(&mut conn, &digest(token))
            .await?
            .ok_or(ServiceError::Unauthenticated)?;
        let user = users::by_id(&mut conn, stored.user_id)
            .await
            .or_missing(|| ServiceError::Unauthenticated)?;
        if user.locked {
            return Err(ServiceError::Unauthenticated);
        }
        let role = Role::parse(&user.role).map_err(ServiceError::unexpected)?;
        Ok((
            Actor {
                user_id: user.id,
                username: user.username,
                role,
                permissions: user
                    .permissions
                    .iter()
                    .filter_map(|p| Permission::parse(p))
                    .collect(),
                tenants: user.tenants,
                extensions: user.extensions,
                source,
            },
            stored.csrf,
        ))
    }

    /// The actor's live API tokens and sessions.
    pub async fn list_tokens(
        &self,
        actor: &Actor,
    ) -> Result<Vec<tokens::StoredToken>, ServiceError> {
        let mut conn = self.store().conn().await?;
        Ok(tokens::all_of_user(&mut conn, actor.user_id).await?)
    }

    /// Revokes one of the actor's tokens or sessions (404 for anyone else's).
    pub async fn revoke_token(&self, actor: &Actor, id: i64) -> Result<(), ServiceError> {
        let mut conn = self.store().conn().await?;
        tokens::revoke(&mut conn, actor.user_id, id)
            .await
            .or_missing(|| ServiceError::not_found(format!("token {id}")))
    }

    /// Revokes a token (logout).
    pub async fn logout(&self, token: &str) -> Result<(), ServiceError> {
        let mut conn = self.store().conn().await?;
        tokens::revoke_digest(&mut conn, &digest(token)).await?;
        Ok(())
    }

    /// Creates the `admin` super administrator when no account exists.
    /// With no password given, a random one is generated and returned so the
    /// caller can print it once.
    pub async fn ensure_admin(
        &self,
        password: Option<&str>,
    ) -> Result<Option<String>, ServiceError> {
        let mut conn = self.store().conn().await?;
        if users::count(&mut conn).await? > 0 {
            return Ok(None);
        }
        let (password, generated) = match password {
            Some(p) => {
                pbx_domain::values::password::check_policy(p)
                    .map_err(|m| ServiceError::invalid("PBX_ADMIN_PASSWORD", m))?;
                (p.to_owned(), false)
            }
            None => (pbx_domain::Secret::generate().expose().to_owned(), true),
        };
        let all: Vec<String> = Permission::ALL
            .iter()
            .map(|p| p.as_str().to_owned())
            .collect();
        users::insert(
            &mut conn,
            "admin",
            &hash_argon2id(&password),
            Role::SuperAdmin.as_str(),
            &all,
        )
        .await?;
        Ok(generated.then_some(password))
    }

    /// Creates an account (used by the CLI and tests until the users API).
    pub async fn create_user(
        &self,
        username: &str,
        password: &str,
        role: Role,
        permissions: &[Permission],
        tenants: &[&str],
        extensions: &[(&str, &str)],
    ) -> Result<i64, ServiceError> {
        pbx_domain::values::password::check_policy(password)
            .map_err(|m| ServiceError::invalid("password", m))?;
        let mut tx = self.store().begin().await?;
        let flags: Vec<String> = permissions.iter().map(|p| p.as_str().to_owned()).collect();
        let id = users::insert(
            &mut tx,
            username,
            &hash_argon2id(password),
            role.as_str(),
            &flags,
        )
        .await?;
        let mut tenant_ids = Vec::new();
        for code in tenants {
            tenant_ids.push(pbx_store::tenants::by_code(&mut tx, code).await?.id);
        }
        let mut assigned = Vec::new();
        for (code, number) in extensions {
            assigned.push((
                pbx_store::tenants::by_code(&mut tx, code).await?.id,
                (*number).to_owned(),
            ));
        }
        users::set_access(&mut tx, id, role.as_str(), &flags, &tenant_ids, &assigned).await?;
        pbx_store::commit(tx).await?;
        Ok(id)
    }
}

/// A valid argon2id hash of a random string, checked for unknown users.
pub(crate) const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Zx3cVd+1qvZP2cJ7WgJkq0Lh0l4rOeX6b4lqS0Qy0ZQ";
