//! When to try again: exponential backoff with full jitter, and the
//! target's own `Retry-After`, which is never undercut.

use std::time::{Duration, SystemTime};

/// Exponential backoff with full jitter: after attempt `n` the delay is
/// drawn uniformly from `0 ..= min(cap, base · 2ⁿ⁻¹)`. The jitter spreads
/// the retries of many entries that failed together (a partner's outage)
/// instead of sending them back in step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The ceiling of the first retry's delay.
    pub base: Duration,
    /// The largest ceiling, however many attempts failed.
    pub cap: Duration,
}

impl Default for Backoff {
    /// One second, doubling, up to ten minutes.
    fn default() -> Self {
        Backoff {
            base: Duration::from_secs(1),
            cap: Duration::from_secs(600),
        }
    }
}

impl Backoff {
    /// The ceiling of the delay after `attempt` failed attempts (1-based):
    /// `min(cap, base · 2^(attempt-1))`.
    pub fn ceiling(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(63);
        let factor = 1u32.checked_shl(doublings).unwrap_or(u32::MAX);
        self.base.saturating_mul(factor).min(self.cap)
    }

    /// A delay drawn with full jitter after `attempt` failed attempts.
    pub fn delay(&self, attempt: u32) -> Duration {
        let ceiling = u64::try_from(self.ceiling(attempt).as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(fastrand::u64(0..=ceiling))
    }
}

/// The delay a `Retry-After` value asks for, measured from `now`: either
/// delay-seconds (`120`) or an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`,
/// a date in the past meaning now). `None` when the value is neither.
pub(super) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits to fit is still "a very long time".
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or_default())
}

/// The delay before the next attempt: the jittered backoff, or the
/// target's `Retry-After` if that is longer (clamped to `max_retry_after`,
/// so a broken or hostile header cannot park an entry for years).
pub(super) fn next_delay(
    backoff: &Backoff,
    attempt: u32,
    retry_after: Option<Duration>,
    max_retry_after: Duration,
) -> Duration {
    let jittered = backoff.delay(attempt);
    match retry_after {
        Some(asked) => jittered.max(asked.min(max_retry_after)),
        None => jittered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn ceiling_doubles_from_base_up_to_cap() {
        let backoff = Backoff {
            base: 100 * MS,
            cap: 1000 * MS,
        };
        let ceilings: Vec<_> = (1..=6).map(|n| backoff.ceiling(n).as_millis()).collect();
        assert_eq!(ceilings, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(backoff.ceiling(u32::MAX), 1000 * MS);
    }

    #[test]
    fn full_jitter_stays_within_the_ceiling_and_spreads() {
        let backoff = Backoff {
            base: 100 * MS,
            cap: 1000 * MS,
        };
        let delays: Vec<_> = (0..200).map(|_| backoff.delay(3)).collect();
        assert!(delays.iter().all(|d| *d <= 400 * MS));
        assert!(delays.iter().any(|d| *d < 200 * MS));
        assert!(delays.iter().any(|d| *d > 200 * MS));
    }

    #[test]
    fn retry_after_takes_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_470);
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("", now), None);
    }

    #[test]
    fn retry_after_is_never_undercut_but_is_clamped() {
        let backoff = Backoff {
            base: MS,
            cap: 10 * MS,
        };
        let hour = Duration::from_secs(3600);
        for _ in 0..50 {
            let delay = next_delay(&backoff, 1, Some(Duration::from_secs(2)), hour);
            assert_eq!(delay, Duration::from_secs(2));
        }
        let far = Some(Duration::from_secs(10 * 365 * 24 * 3600));
        assert_eq!(next_delay(&backoff, 1, far, hour), hour);
        assert!(next_delay(&backoff, 1, None, hour) <= 10 * MS);
    }
}
