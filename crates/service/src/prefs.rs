//! Per-user preferences of the web pages (selected tenant, display mode,
//! hidden grid columns): stored in the database, so they follow the user
//! across browsers and `pbx serve` instances.

use pbx_store::prefs;

use crate::{Actor, Service, ServiceError};

/// The longest preference value kept.
const MAX_VALUE: usize = 1000;

impl Service {
    /// The actor's preference `name`, if set.
    pub async fn pref(&self, actor: &Actor, name: &str) -> Result<Option<String>, ServiceError> {
        let mut conn = self.store().conn().await?;
        Ok(prefs::get(&mut conn, actor.user_id, name).await?)
    }

    /// Remembers the actor's preference `name`.
    pub async fn set_pref(
        &self,
        actor: &Actor,
        name: &str,
        value: &str,
    ) -> Result<(), ServiceError> {
        if value.len() > MAX_VALUE {
            return Err(ServiceError::invalid(name, "is too long"));
        }
        let mut conn = self.store().conn().await?;
        Ok(prefs::set(&mut conn, actor.user_id, name, value).await?)
    }
}
