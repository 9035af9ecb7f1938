//! Validation of `(duration, observed)` pairs and their aggregation into distinct times.

use crate::error::{CxError, Result, check_len_at_least, check_same_len};

/// Distinct times with the number of events and censorings at each, in increasing order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct EventCounts {
    pub times: Vec<f64>,
    pub events: Vec<u64>,
    pub censored: Vec<u64>,
}

impl EventCounts {
    pub fn total(&self) -> u64 {
        self.events.iter().sum::<u64>() + self.censored.iter().sum::<u64>()
    }
}

/// Integer durations up to this bound (and up to 4·n) are counted into arrays, not sorted.
const COUNTING_MAX: f64 = 16_777_216.0;

/// Checks durations (finite, ≥ 0) and observed flags (0 or 1; all 1 when `None`), then
/// aggregates them. Integer-valued durations (whole days, weeks) take a counting pass
/// instead of a sort.
// Bitwise `&`/`|` on bools keep the validation scans branch-free so they vectorize.
#[allow(clippy::needless_bitwise_bool, clippy::manual_range_contains)]
pub(crate) fn aggregate(
    durations: &[f64],
    observed: Option<&[f64]>,
    durations_field: &str,
    observed_field: &str,
) -> Result<EventCounts> {
    check_len_at_least(durations_field, durations.len(), 1)?;
    if let Some(o) = observed {
        check_same_len(durations_field, durations.len(), observed_field, o.len())?;
    }
    if let Some(c) = counting(durations, observed) {
        return Ok(c);
    }
    // Not whole small numbers, or something invalid: validate fully, then sort.
    if let Some(o) = observed {
        // Branch-free scan first (vectorizes); locate the culprit only on failure.
        let bad = o
            .iter()
            .fold(false, |acc, &e| acc | ((e != 0.0) & (e != 1.0)));
        if bad {
            let i = o.iter().position(|&e| e != 0.0 && e != 1.0).unwrap_or(0);
            return Err(CxError::invalid_at(
                observed_field,
                i,
                o[i],
                "event flag must be 1 (event observed) or 0 (censored)",
            ));
        }
    }
    // NaN fails `d >= 0.0` and +∞ fails `d <= f64::MAX`.
    let ok = durations
        .iter()
        .fold(true, |ok, &d| ok & (d >= 0.0) & (d <= f64::MAX));
    if !ok {
        let i = durations
            .iter()
            .position(|&d| !(d.is_finite() && d >= 0.0))
            .unwrap_or(0);
        return Err(CxError::invalid_at(
            durations_field,
            i,
            durations[i],
            "duration must be finite and not negative",
        ));
    }
    Ok(sorting(durations, observed))
}

/// Validates and counts in one pass when every duration is a whole number up to
/// `min(COUNTING_MAX, 4n + 1024)` and every flag is 0 or 1; `None` sends the input down the
/// general path, which also finds and reports any invalid element.
fn counting(durations: &[f64], observed: Option<&[f64]>) -> Option<EventCounts> {
    let limit = (4 * durations.len() + 1024).min(COUNTING_MAX as usize);
    let counts = match observed {
        None => count_into(durations, std::iter::repeat(1.0), limit)?,
        Some(o) => count_into(durations, o.iter().copied(), limit)?,
    };
    let mut out = EventCounts::default();
    for (t, c) in counts.chunks_exact(2).enumerate() {
        if c[0] + c[1] > 0 {
            out.times.push(t as f64);
            out.events.push(c[1]);
            out.censored.push(c[0]);
        }
    }
    Some(out)
}

/// `counts[2t + 1]` events and `counts[2t]` censorings at time `t`, grown on demand.
// Bitwise `&`/`|` on bools keep the per-row test free of extra branches.
#[allow(clippy::needless_bitwise_bool)]
fn count_into(
    durations: &[f64],
    flags: impl Iterator<Item = f64>,
    limit: usize,
) -> Option<Vec<u64>> {
    let mut cap = 1024.min(limit + 1);
    let mut counts = vec![0u64; 2 * cap];
    for (&d, e) in durations.iter().zip(flags) {
        // `as i64` saturates (NaN → 0), so the round trip fails for NaN, ±∞, fractions and
        // huge values alike; it is one instruction where `f64::fract` is a library call.
        let i = d as i64;
        let ok = (d >= 0.0) & (i as f64 == d) & ((e == 0.0) | (e == 1.0));
        if !ok {
            return None;
        }
        let t = i as usize;
        if t >= cap {
            if t > limit {
                return None;
            }
            cap = (2 * cap).max(t + 1).min(limit + 1);
            counts.resize(2 * cap, 0);
        }
        counts[2 * t + e as usize] += 1;
    }
    Some(counts)
}

fn sorting(durations: &[f64], observed: Option<&[f64]>) -> EventCounts {
    // A non-negative finite double orders like its bit pattern, whose top bit is 0: shift it
    // left and put the event flag in the freed low bit, then radix-sort plain integers.
    let mut keys: Vec<u64> = match observed {
        None => durations.iter().map(|&d| key(d, true)).collect(),
        Some(o) => durations
            .iter()
            .zip(o)
            .map(|(&d, &e)| key(d, e == 1.0))
            .collect(),
    };
    radix_sort(&mut keys);
    let mut out = EventCounts::default();
    let mut last = u64::MAX;
    for k in keys {
        let bits = k >> 1;
        if bits != last {
            last = bits;
            out.times.push(f64::from_bits(bits));
            out.events.push(0);
            out.censored.push(0);
        }
        let i = out.times.len() - 1;
        if k & 1 == 1 {
            out.events[i] += 1;
        } else {
            out.censored[i] += 1;
        }
    }
    out
}

fn key(d: f64, event: bool) -> u64 {
    // `+ 0.0` turns −0.0 into 0.0 so both sort as zero.
    ((d + 0.0).to_bits() << 1) | u64::from(event)
}

/// Least-significant-digit radix sort in 11-bit digits (six passes), skipping digits that all
/// keys share.
fn radix_sort(keys: &mut Vec<u64>) {
    const BITS: usize = 11;
    const BUCKETS: usize = 1 << BITS;
    const PASSES: usize = 64_usize.div_ceil(BITS);
    if keys.len() < 4096 {
        keys.sort_unstable();
        return;
    }
    let mask = (BUCKETS - 1) as u64;
    let mut counts = vec![[0usize; BUCKETS]; PASSES];
    for &k in keys.iter() {
        for (p, c) in counts.iter_mut().enumerate() {
            c[((k >> (BITS * p)) & mask) as usize] += 1;
        }
    }
    let n = keys.len();
    let mut buf = vec![0u64; n];
    for (p, c) in counts.iter().enumerate() {
        if c.contains(&n) {
            continue;
        }
        let mut offsets = [0usize; BUCKETS];
        let mut sum = 0;
        for (o, &x) in offsets.iter_mut().zip(c.iter()) {
            *o = sum;
            sum += x;
        }
        for &k in keys.iter() {
            let d = ((k >> (BITS * p)) & mask) as usize;
            buf[offsets[d]] = k;
            offsets[d] += 1;
        }
        std::mem::swap(keys, &mut buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_and_sorting_agree() {
        let d = [3.0, 1.0, 1.0, 0.0, 7.0, 3.0, 3.0];
        let o = [1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0];
        let a = counting(&d, Some(&o)).unwrap();
        let b = sorting(&d, Some(&o));
        assert_eq!(a, b);
        assert_eq!(a.times, vec![0.0, 1.0, 3.0, 7.0]);
        assert_eq!(a.events, vec![1, 1, 2, 0]);
        assert_eq!(a.censored, vec![0, 1, 1, 1]);
        assert_eq!(a.total(), 7);
        // Fractions, negatives and NaN leave the counting path.
        assert!(counting(&[1.0, 2.5], None).is_none());
        assert!(counting(&[1.0, -2.0], None).is_none());
        assert!(counting(&[f64::NAN], None).is_none());
        assert!(counting(&[1.0, 2.0], Some(&[1.0, 0.5])).is_none());
        assert!(counting(&[1e12], None).is_none());
        // Radix path (≥ 4096 keys) against a comparison sort.
        let d: Vec<f64> = (0..10_000)
            .map(|i| f64::from((i * 7919) % 1013) / 7.0)
            .collect();
        let o: Vec<f64> = (0..10_000).map(|i| f64::from(i % 3 == 0)).collect();
        let got = sorting(&d, Some(&o));
        let mut pairs: Vec<(f64, f64)> = d.iter().copied().zip(o.iter().copied()).collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut times: Vec<f64> = pairs.iter().map(|p| p.0).collect();
        times.dedup();
        assert_eq!(got.times, times);
        assert_eq!(got.total(), 10_000);
        assert_eq!(got.events.iter().sum::<u64>(), o.iter().sum::<f64>() as u64);
    }
}
