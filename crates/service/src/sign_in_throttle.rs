//! Who a failed sign-in slows down. Failures are counted in the database
//! (every instance sees them) under three keys:
//! - the account and address pair: [`FREE_FAILURES_PER_PAIR`] free an hour,
//!   then a block doubling from 5 s to 15 min, for that address only;
//! - the address: [`FREE_FAILURES_PER_ADDRESS`] free, then the same block
//!   for every account from it;
//! - the account from anywhere: [`FREE_FAILURES_PER_ACCOUNT`] free, then a
//!   slowdown doubling from 1 s to at most [`MAX_SLOWDOWN_SECS`], which
//!   an address the account signed in from before (within
//!   [`KNOWN_ADDRESS_SECS`]) passes, and so does a sign-in that carries a
//!   second factor for an account that has one.
//!
//! So guessing from many addresses is slowed without locking the real user
//! out, and a name that is not an account (another letter case of a real
//! one included) is counted under itself, never under the account.

use std::net::IpAddr;

use pbx_store::{Connection, StoreError, throttle, users::StoredUser};

/// Failures of one account from one address before it blocks.
pub const FREE_FAILURES_PER_PAIR: i64 = 5;
/// Failures from one address (any names) before it blocks.
pub const FREE_FAILURES_PER_ADDRESS: i64 = 20;
/// Failures of one account from all addresses before it slows down.
pub const FREE_FAILURES_PER_ACCOUNT: i64 = 20;
/// The first block lasts this long; each further failure doubles it.
pub const FIRST_BLOCK_SECS: i64 = 5;
/// No block lasts longer.
pub const MAX_BLOCK_SECS: i64 = 15 * 60;
/// The account slowdown never lasts longer.
pub const MAX_SLOWDOWN_SECS: i64 = 60;
/// Failures older than this are forgotten.
pub const FAILURE_WINDOW_SECS: i64 = 3600;
/// How long an address an account signed in from stays known.
pub const KNOWN_ADDRESS_SECS: i64 = 90 * 24 * 3600;

/// How long `failures` failures block a key (0 below the free count).
pub fn block_secs(failures: i64, free: i64) -> i64 {
    backoff(failures, free, FIRST_BLOCK_SECS, MAX_BLOCK_SECS)
}

fn backoff(failures: i64, free: i64, first: i64, max: i64) -> i64 {
    if failures < free {
        return 0;
    }
    let doublings = u32::try_from(failures - free).unwrap_or(u32::MAX).min(16);
    (first << doublings).min(max)
}

/// The keys of one sign-in attempt.
pub struct Keys {
    pair: String,
    address: Option<String>,
    account: String,
    known: Option<String>,
}

impl Keys {
    /// The keys for `username` (the account when it exists) from `client`.
    pub fn new(user: Option<&StoredUser>, username: &str, client: Option<IpAddr>) -> Keys {
        let account = match user {
            Some(user) => format!("user:{}", user.id),
            None => format!("name:{username}"),
        };
        let at = client.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string());
        Keys {
            pair: format!("pair:{account}|{at}"),
            address: client.map(|ip| format!("ip:{ip}")),
            known: user
                .zip(client)
                .map(|(u, ip)| format!("known:{}|{ip}", u.id)),
            account,
        }
    }

    /// Seconds to wait before this attempt may be checked (0: go ahead).
    /// `second_factor` says the attempt carries one for an account that
    /// has two-factor sign-in.
    pub async fn wait(
        &self,
        conn: &mut Connection,
        second_factor: bool,
    ) -> Result<i64, StoreError> {
        let now = pbx_store::now();
        let mut until = throttle::blocked_until(conn, &self.pair).await?;
        if let Some(address) = &self.address {
            until = until.max(throttle::blocked_until(conn, address).await?);
        }
        if until <= now {
            let slowed = throttle::blocked_until(conn, &self.account).await?;
            if slowed > now && !second_factor && !self.is_known_address(conn).await? {
                until = slowed;
            }
        }
        Ok((until - now).max(0))
    }

    async fn is_known_address(&self, conn: &mut Connection) -> Result<bool, StoreError> {
        let Some(known) = &self.known else {
            return Ok(false);
        };
        let seen = throttle::last_update(conn, known).await?;
        Ok(seen.is_some_and(|at| at > pbx_store::now() - KNOWN_ADDRESS_SECS))
    }

    /// Counts a failure on every key and blocks those past their free count.
    pub async fn failed(&self, conn: &mut Connection) -> Result<(), StoreError> {
        let now = pbx_store::now();
        let mut counted = vec![(
            self.pair.as_str(),
            FREE_FAILURES_PER_PAIR,
            FIRST_BLOCK_SECS,
            MAX_BLOCK_SECS,
        )];
        if let Some(address) = &self.address {
            counted.push((
                address,
                FREE_FAILURES_PER_ADDRESS,
                FIRST_BLOCK_SECS,
                MAX_BLOCK_SECS,
            ));
        }
        counted.push((
            &self.account,
            FREE_FAILURES_PER_ACCOUNT,
            1,
            MAX_SLOWDOWN_SECS,
        ));
        for (key, free, first, max) in counted {
            let failures =
                throttle::record_failure(conn, key, now, now - FAILURE_WINDOW_SECS).await?;
            let secs = backoff(failures, free, first, max);
            if secs > 0 {
                throttle::block(conn, key, now + secs).await?;
            }
        }
        Ok(())
    }

    /// After a correct sign-in: the pair starts afresh and the address is
    /// known from now on. The account's count is left to age, so that one
    /// success does not reset a guessing campaign.
    pub async fn succeeded(&self, conn: &mut Connection) -> Result<(), StoreError> {
        throttle::clear(conn, &self.pair).await?;
        if let Some(known) = &self.known {
            throttle::remember(conn, known, pbx_store::now()).await?;
        }
        Ok(())
    }
}

/// The key of wrong current passwords on a password change.
pub fn password_change_key(user_id: i64) -> String {
    format!("change:{user_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_double_and_are_capped_and_the_slowdown_stays_short() {
        assert_eq!(block_secs(4, 5), 0);
        assert_eq!(block_secs(5, 5), 5);
        assert_eq!(block_secs(6, 5), 10);
        assert_eq!(block_secs(100, 5), 900);
        assert_eq!(backoff(20, 20, 1, MAX_SLOWDOWN_SECS), 1);
        assert_eq!(backoff(1000, 20, 1, MAX_SLOWDOWN_SECS), 60);
    }
}
