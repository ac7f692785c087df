//! Login throttling: after a few failures, a wait that doubles with every further failure,
//! counted per account and per client address in the store, so that every server process
//! sees the same count and a restart does not reset it.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};

use crate::{AppError, AppState};

/// Failures an account may have before each further attempt must wait.
const ACCOUNT_FREE: i64 = 5;
/// Failures one client address may have across all accounts; higher, since an office shares one
/// address.
const ADDRESS_FREE: i64 = 30;
/// The wait after the first failure beyond the free ones; it doubles with every further one.
const FIRST_WAIT_SECONDS: i64 = 30;
const MAX_WAIT_SECONDS: i64 = 15 * 60;
/// A count whose last failure is older than this starts again from one.
const WINDOW: Duration = Duration::hours(1);

/// The counters one login attempt is checked against.
pub struct Throttle {
    keys: Vec<(String, i64)>,
}

impl Throttle {
    pub fn new(username: &str, address: Option<IpAddr>) -> Throttle {
        let mut keys = vec![(format!("konto:{}", username.trim().to_lowercase()), ACCOUNT_FREE)];
        if let Some(address) = address {
            keys.push((format!("adress:{address}"), ADDRESS_FREE));
        }
        Throttle { keys }
    }

    /// Refuses the attempt, before any password is checked, while a wait is running.
    pub async fn check(&self, state: &AppState, now: DateTime<Utc>) -> Result<(), AppError> {
        for (key, free) in &self.keys {
            if let Some((failures, last)) = state.store.login_failures(key).await? {
                if let Some(wait) = wait_after(failures, *free) {
                    let until = last + wait;
                    if now < until && now - last < WINDOW {
                        let seconds = (until - now).num_seconds().max(1) as u64;
                        return Err(AppError::TooManyAttempts { seconds });
                    }
                }
            }
        }
        Ok(())
    }

    pub async fn failed(&self, state: &AppState, now: DateTime<Utc>) -> Result<(), AppError> {
        for (key, _) in &self.keys {
            state.store.record_login_failure(key, now, now - WINDOW).await?;
        }
        Ok(())
    }

    /// A successful login forgets the account's failures (the address's stay counted).
    pub async fn succeeded(&self, state: &AppState) -> Result<(), AppError> {
        state.store.clear_login_failures(&self.keys[0].0).await?;
        Ok(())
    }
}

/// How long the next attempt must wait after `failures` failures, if at all.
fn wait_after(failures: i64, free: i64) -> Option<Duration> {
    let beyond = failures - free;
    (beyond >= 0).then(|| {
        let seconds = FIRST_WAIT_SECONDS.saturating_mul(1i64 << beyond.min(20));
        Duration::seconds(seconds.min(MAX_WAIT_SECONDS))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_starts_after_the_free_failures_doubles_and_is_capped() {
        assert_eq!(wait_after(4, 5), None);
        assert_eq!(wait_after(5, 5), Some(Duration::seconds(30)));
        assert_eq!(wait_after(6, 5), Some(Duration::seconds(60)));
        assert_eq!(wait_after(8, 5), Some(Duration::seconds(240)));
        assert_eq!(wait_after(1_000_000, 5), Some(Duration::seconds(MAX_WAIT_SECONDS)));
    }
}
