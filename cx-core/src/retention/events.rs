//! Validation of `(duration, observed)` pairs and their aggregation into distinct times.

use std::fmt::Display;

use crate::error::{CxError, Result, check_len_at_least, check_same_len};

/// The `observed` flags of a survival input, read in place: `f64` (0.0/1.0) or bytes (0/1;
/// numpy `bool` and `uint8` arrays). Any other value is an error naming its index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EventFlags<'a> {
    /// Flags as floats, 1.0 (event observed) or 0.0 (censored).
    F64(&'a [f64]),
    /// Flags as bytes, 1 (event observed) or 0 (censored).
    U8(&'a [u8]),
}

impl EventFlags<'_> {
    /// Number of flags.
    pub fn len(&self) -> usize {
        match self {
            Self::F64(o) => o.len(),
            Self::U8(o) => o.len(),
        }
    }

    /// Whether there is no flag.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<'a> From<&'a [f64]> for EventFlags<'a> {
    fn from(o: &'a [f64]) -> Self {
        Self::F64(o)
    }
}

impl<'a> From<&'a [u8]> for EventFlags<'a> {
    fn from(o: &'a [u8]) -> Self {
        Self::U8(o)
    }
}

/// One event flag as stored by the caller: checked and counted where it lies, no conversion.
pub(crate) trait Flag: Copy + Display + Send + Sync {
    /// 1 (event) or 0 (censored) as stored in this type.
    const EVENT: Self;
    /// Whether the flag is 0 or 1.
    fn valid(self) -> bool;
    /// Whether the flag is 1.
    fn event(self) -> bool;
    /// [`block_indices`]: writes `2t + e` per row and returns whether every `t` is whole in
    /// `0..=max` and every `e` is 0 or 1, branch-free so the loop vectorizes.
    fn block_indices(d: &[f64], o: &[Self], max: f64, idx: &mut [u32]) -> bool;
}

impl Flag for f64 {
    const EVENT: Self = 1.0;
    fn valid(self) -> bool {
        self == 0.0 || self == 1.0
    }
    fn event(self) -> bool {
        self == 1.0
    }
    fn block_indices(d: &[f64], o: &[Self], max: f64, idx: &mut [u32]) -> bool {
        block_indices(d, o, max, idx)
    }
}

impl Flag for u8 {
    const EVENT: Self = 1;
    fn valid(self) -> bool {
        self <= 1
    }
    fn event(self) -> bool {
        self == 1
    }
    fn block_indices(d: &[f64], o: &[Self], max: f64, idx: &mut [u32]) -> bool {
        block_indices_bytes(d, o, max, idx)
    }
}

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
pub(crate) fn aggregate<F: Flag>(
    durations: &[f64],
    observed: Option<&[F]>,
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
        let ok = o.iter().fold(true, |acc, &e| acc & e.valid());
        if !ok {
            let i = o.iter().position(|&e| !e.valid()).unwrap_or(0);
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

/// Validates and counts when every duration is a whole number up to
/// `min(COUNTING_MAX, 4n + 1024)` and every flag is 0 or 1; `None` sends the input down the
/// general path, which also finds and reports any invalid element.
fn counting<F: Flag>(durations: &[f64], observed: Option<&[F]>) -> Option<EventCounts> {
    let limit = (4 * durations.len() + 1024).min(COUNTING_MAX as usize);
    let counts = count_into(durations, observed, limit)?;
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

/// Rows per block of the counting pass: the block's indices stay in L1.
const BLOCK: usize = 2048;

/// 2⁵²: for a whole number `0 ≤ d < 2⁵²`, `d + 2⁵²` holds `d` in its low mantissa bits, so
/// the float-to-integer conversion is an add and a mask (both vectorize, unlike `as`).
const SHIFT: f64 = 4_503_599_627_370_496.0;

/// Rows per part of the counting pass. Parts are counted into `u32` tallies (fewer than 2³²
/// rows each: half the cache footprint of `u64`), which are then added, in part order, to
/// the `u64` totals. With the `parallel` feature the parts are smaller and counted on rayon's
/// pool; the totals are sums of integers, so they are the serial ones exactly.
#[cfg(feature = "parallel")]
const PART: usize = 1 << 20;
#[cfg(not(feature = "parallel"))]
const PART: usize = u32::MAX as usize;

/// `counts[2t + 1]` events and `counts[2t]` censorings at time `t`, grown on demand.
fn count_into<F: Flag>(
    durations: &[f64],
    observed: Option<&[F]>,
    limit: usize,
) -> Option<Vec<u64>> {
    count_parts(durations, observed, limit, PART)
}

/// [`count_into`] in parts of `part` rows (`part < 2³²`).
fn count_parts<F: Flag>(
    durations: &[f64],
    observed: Option<&[F]>,
    limit: usize,
    part: usize,
) -> Option<Vec<u64>> {
    let one = |(k, d): (usize, &[f64])| {
        let o = observed.map(|o| &o[k * part..k * part + d.len()]);
        count_part(d, o, limit)
    };
    #[cfg(feature = "parallel")]
    let parts: Option<Vec<Vec<u32>>> = if durations.len() > part {
        use rayon::prelude::*;
        durations.par_chunks(part).enumerate().map(one).collect()
    } else {
        durations.chunks(part).enumerate().map(one).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let parts: Option<Vec<Vec<u32>>> = durations.chunks(part).enumerate().map(one).collect();
    let mut totals: Vec<u64> = Vec::new();
    for part in parts? {
        if totals.len() < part.len() {
            totals.resize(part.len(), 0);
        }
        for (t, &c) in totals.iter_mut().zip(&part) {
            *t += u64::from(c);
        }
    }
    Some(totals)
}

/// [`count_into`] for fewer than 2³² rows.
///
/// Each block of rows first goes through a branch-free, vectorized check-and-index pass that
/// accepts it when every duration is a whole number in `0..cap` and every flag is 0 or 1;
/// the tallies then take one increment per row, into a power-of-two table so the index mask
/// replaces the bounds check. A block that fails (a time beyond the table so far, or something
/// invalid) is redone row by row, growing the table or giving up.
fn count_part<F: Flag>(
    durations: &[f64],
    observed: Option<&[F]>,
    limit: usize,
) -> Option<Vec<u32>> {
    let mut cap = 1024.min(limit + 1);
    let mut counts = vec![0u32; (2 * cap).next_power_of_two()];
    let mut idx = [0u32; BLOCK];
    for (k, d) in durations.chunks(BLOCK).enumerate() {
        let o = observed.map(|o| &o[k * BLOCK..k * BLOCK + d.len()]);
        let idx = &mut idx[..d.len()];
        let fast = match o {
            Some(o) => F::block_indices(d, o, (cap - 1) as f64, idx),
            None => block_indices_all_events(d, (cap - 1) as f64, idx),
        };
        if fast {
            let mask = counts.len() - 1;
            let table = &mut counts[..=mask];
            for &i in idx.iter() {
                table[i as usize & mask] += 1;
            }
        } else {
            for (j, &t) in d.iter().enumerate() {
                let e = o.map_or(F::EVENT, |o| o[j]);
                let i = row_index(t, e, limit)?;
                if i >= 2 * cap {
                    cap = (2 * cap).max(i / 2 + 1).min(limit + 1);
                    counts.resize((2 * cap).next_power_of_two(), 0);
                }
                counts[i] += 1;
            }
        }
    }
    counts.truncate(2 * cap);
    Some(counts)
}

/// `2t + e` for a whole duration `t ≤ limit` and a flag `e` of 0 or 1; `None` otherwise.
fn row_index<F: Flag>(d: f64, e: F, limit: usize) -> Option<usize> {
    // `as i64` saturates (NaN → 0), so the round trip fails for NaN, ±∞, fractions and
    // huge values alike.
    let i = d as i64;
    if d >= 0.0 && i as f64 == d && e.valid() && (i as usize) <= limit {
        Some(2 * i as usize + usize::from(e.event()))
    } else {
        None
    }
}

/// Writes `2t + e` for every row and returns whether every `t` is whole in `0..=max` and every
/// `e` is 0 or 1 (`max < 2³⁰`). No branch per row: the loop vectorizes.
// Bitwise `&`/`|` on bools keep the loop free of branches; the casts keep low bits on purpose.
#[allow(
    clippy::needless_bitwise_bool,
    clippy::cast_possible_truncation,
    clippy::float_cmp
)]
fn block_indices(d: &[f64], o: &[f64], max: f64, idx: &mut [u32]) -> bool {
    let mut ok = true;
    for ((&t, &e), slot) in d.iter().zip(o).zip(idx.iter_mut()) {
        let x = t + SHIFT;
        let y = e + SHIFT;
        // NaN fails every comparison; −0.0 passes as 0.
        ok &= (t >= 0.0) & (t <= max) & (x - SHIFT == t) & ((e == 0.0) | (e == 1.0));
        *slot = ((x.to_bits() as u32) << 1) | (y.to_bits() as u32 & 1);
    }
    ok
}

/// [`block_indices`] for flags stored as bytes.
#[allow(
    clippy::needless_bitwise_bool,
    clippy::cast_possible_truncation,
    clippy::float_cmp
)]
fn block_indices_bytes(d: &[f64], o: &[u8], max: f64, idx: &mut [u32]) -> bool {
    let mut ok = true;
    for ((&t, &e), slot) in d.iter().zip(o).zip(idx.iter_mut()) {
        let x = t + SHIFT;
        ok &= (t >= 0.0) & (t <= max) & (x - SHIFT == t) & (e <= 1);
        *slot = ((x.to_bits() as u32) << 1) | u32::from(e & 1);
    }
    ok
}

/// [`block_indices`] when every event is observed.
#[allow(
    clippy::needless_bitwise_bool,
    clippy::cast_possible_truncation,
    clippy::float_cmp
)]
fn block_indices_all_events(d: &[f64], max: f64, idx: &mut [u32]) -> bool {
    let mut ok = true;
    for (&t, slot) in d.iter().zip(idx.iter_mut()) {
        let x = t + SHIFT;
        ok &= (t >= 0.0) & (t <= max) & (x - SHIFT == t);
        *slot = ((x.to_bits() as u32) << 1) | 1;
    }
    ok
}

fn sorting<F: Flag>(durations: &[f64], observed: Option<&[F]>) -> EventCounts {
    // A non-negative finite double orders like its bit pattern, whose top bit is 0: shift it
    // left and put the event flag in the freed low bit, then radix-sort plain integers.
    let mut keys: Vec<u64> = match observed {
        None => durations.iter().map(|&d| key(d, true)).collect(),
        Some(o) => durations
            .iter()
            .zip(o)
            .map(|(&d, &e)| key(d, e.event()))
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
        let a = counting::<f64>(&d, Some(&o)).unwrap();
        let b = sorting::<f64>(&d, Some(&o));
        assert_eq!(a, b);
        assert_eq!(a.times, vec![0.0, 1.0, 3.0, 7.0]);
        assert_eq!(a.events, vec![1, 1, 2, 0]);
        assert_eq!(a.censored, vec![0, 1, 1, 1]);
        assert_eq!(a.total(), 7);
        // Fractions, negatives and NaN leave the counting path.
        assert!(counting::<f64>(&[1.0, 2.5], None).is_none());
        assert!(counting::<f64>(&[1.0, -2.0], None).is_none());
        assert!(counting::<f64>(&[f64::NAN], None).is_none());
        assert!(counting::<f64>(&[1.0, 2.0], Some(&[1.0, 0.5])).is_none());
        assert!(counting::<f64>(&[1e12], None).is_none());
        // Radix path (≥ 4096 keys) against a comparison sort.
        let d: Vec<f64> = (0..10_000)
            .map(|i| f64::from((i * 7919) % 1013) / 7.0)
            .collect();
        let o: Vec<f64> = (0..10_000).map(|i| f64::from(i % 3 == 0)).collect();
        let got = sorting::<f64>(&d, Some(&o));
        let mut pairs: Vec<(f64, f64)> = d.iter().copied().zip(o.iter().copied()).collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut times: Vec<f64> = pairs.iter().map(|p| p.0).collect();
        times.dedup();
        assert_eq!(got.times, times);
        assert_eq!(got.total(), 10_000);
        assert_eq!(got.events.iter().sum::<u64>(), o.iter().sum::<f64>() as u64);
    }

    #[test]
    fn block_counting_matches_sorting_across_blocks() {
        // Several blocks, times growing past the first table size mid-way (the slow path
        // grows it), −0.0 counted as 0, and the all-events variant.
        let n = 5 * BLOCK + 17;
        let d: Vec<f64> = (0..n)
            .map(|i| {
                if i == 3 {
                    -0.0
                } else {
                    f64::from(u32::try_from((i * 7919) % (1 + i / 3)).unwrap())
                }
            })
            .collect();
        let o: Vec<f64> = (0..n).map(|i| f64::from(i % 3 != 0)).collect();
        let a = counting::<f64>(&d, Some(&o)).unwrap();
        assert_eq!(a, sorting::<f64>(&d, Some(&o)));
        assert!(*a.times.last().unwrap() > 1024.0);
        assert_eq!(a.total(), n as u64);
        let all = counting::<f64>(&d, None).unwrap();
        assert_eq!(all, sorting::<f64>(&d, None));
        assert!(all.censored.iter().all(|&c| c == 0));
        // An invalid value in a late block is still caught, whatever its kind.
        for bad in [f64::NAN, 2.5, -1.0, f64::INFINITY] {
            let mut d2 = d.clone();
            d2[4 * BLOCK + 5] = bad;
            assert!(counting::<f64>(&d2, Some(&o)).is_none(), "{bad}");
            assert!(counting::<f64>(&d2, None).is_none(), "{bad}");
        }
        let mut o2 = o.clone();
        o2[3 * BLOCK + 1] = 0.5;
        assert!(counting::<f64>(&d, Some(&o2)).is_none());
        // Past the 4n + 1024 limit the sort takes over.
        let mut d3 = d.clone();
        d3[BLOCK] = (4 * n + 1025) as f64;
        assert!(counting::<f64>(&d3, None).is_none());
    }

    #[test]
    fn byte_flags_count_as_float_flags() {
        // The same rows with flags as f64 and as bytes: identical counts on both paths
        // (counting for whole durations, the sort for fractional ones).
        let n = 3 * BLOCK + 5;
        let d: Vec<f64> = (0..n).map(|i| f64::from((i as u32 * 31) % 700)).collect();
        let o8: Vec<u8> = (0..n).map(|i| u8::from(i % 5 != 0)).collect();
        let of: Vec<f64> = o8.iter().map(|&e| f64::from(e)).collect();
        let a = aggregate(&d, Some(&o8), "durations", "observed").unwrap();
        assert_eq!(
            a,
            aggregate(&d, Some(&of), "durations", "observed").unwrap()
        );
        assert_eq!(a, sorting(&d, Some(&o8)));
        assert_eq!(
            a.events.iter().sum::<u64>(),
            o8.iter().map(|&e| u64::from(e)).sum::<u64>()
        );
        let frac: Vec<f64> = d.iter().map(|t| t + 0.25).collect();
        assert_eq!(
            aggregate(&frac, Some(&o8), "durations", "observed").unwrap(),
            aggregate(&frac, Some(&of), "durations", "observed").unwrap()
        );
    }

    #[test]
    fn bad_byte_flag_and_bad_durations_are_named() {
        let n = 2 * BLOCK + 9;
        let d: Vec<f64> = (0..n).map(|i| f64::from(i as u32 % 50)).collect();
        let mut o: Vec<u8> = vec![1; n];
        o[BLOCK + 3] = 2;
        let e = aggregate(&d, Some(&o), "durations", "observed").unwrap_err();
        assert_eq!(
            e,
            CxError::invalid_at(
                "observed",
                BLOCK + 3,
                2,
                "event flag must be 1 (event observed) or 0 (censored)"
            )
        );
        assert!(e.to_string().contains("(value 2)"), "{e}");
        o[BLOCK + 3] = 0;
        for bad in [f64::NAN, -1.0, f64::INFINITY] {
            let mut d2 = d.clone();
            d2[2 * BLOCK + 1] = bad;
            let e = aggregate(&d2, Some(&o), "durations", "observed").unwrap_err();
            assert_eq!(
                e,
                CxError::invalid_at(
                    "durations",
                    2 * BLOCK + 1,
                    bad,
                    "duration must be finite and not negative"
                )
            );
        }
    }

    #[test]
    fn counting_in_parts_equals_one_part() {
        // Parts (on rayon's pool with the `parallel` feature) give exactly the one-part
        // counts, times growing from part to part included; a bad row in any part fails.
        let n = 7 * BLOCK + 123;
        let d: Vec<f64> = (0..n)
            .map(|i| f64::from(u32::try_from((i * 7919) % (1 + i / 2)).unwrap()))
            .collect();
        let of: Vec<f64> = (0..n).map(|i| f64::from(i % 3 != 0)).collect();
        let o8: Vec<u8> = of.iter().map(|&e| u8::from(e == 1.0)).collect();
        let limit = 4 * n + 1024;
        // Tables end where their part's last time does: compare them without trailing zeros.
        let run = |o: Option<&[f64]>, b: Option<&[u8]>, part: usize| {
            let mut t = match b {
                Some(b) => count_parts(&d, Some(b), limit, part),
                None => count_parts(&d, o, limit, part),
            }
            .unwrap();
            while t.last() == Some(&0) {
                t.pop();
            }
            t
        };
        let whole = run(Some(&of), None, usize::MAX);
        assert_eq!(whole.iter().sum::<u64>(), n as u64);
        for part in [1, 1000, BLOCK, 3 * BLOCK + 7] {
            assert!(
                run(Some(&of), None, part) == whole,
                "f64 flags, part {part}"
            );
            assert!(
                run(None, Some(&o8), part) == whole,
                "byte flags, part {part}"
            );
            assert!(
                run(None, None, part) == run(None, None, usize::MAX),
                "no flags, part {part}"
            );
        }
        let mut o2 = o8.clone();
        o2[6 * BLOCK] = 7;
        assert!(count_parts(&d, Some(&o2), limit, 1000).is_none());
    }
}
