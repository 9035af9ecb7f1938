//! The RFM summary of compact integer customer ids (a range at most 4 × the rows wide) from
//! purchase times in ticks, without intermediate day or code columns.
//!
//! Three passes over the rows, each over chunks of rows (on rayon's pool with the `parallel`
//! feature): one for the id and time ranges ([`Stats`]), one counting each chunk's rows per
//! block of 2^[`BLOCK_BITS`] customers, and one writing every row, as one `u64` (customer
//! within its block, holdout flag, period), to its block's region, chunk after chunk, rows in
//! order: a stable counting sort whose regions are disjoint slices, so the threads write
//! without sharing. Blocks are then summarized independently ([`block`]) and joined in block
//! order, which is customer order. Every number is the one of the general path: the same
//! periods, the same order of amounts within a period.

use crate::clv::value::TimeUnit;
use crate::error::Result;

use super::{BLOCK_BITS, Ends, RfmOptions, RfmSummaryIds, RfmSummaryOf, period_of, span};

/// Rows per chunk of the row passes (small in tests, to cover many chunks).
#[cfg(not(test))]
const CHUNK: usize = 1 << 17;
#[cfg(test)]
const CHUNK: usize = 1000;

/// Bits of a packed row: customer within the block, holdout flag, period − the first period.
const CODE_SHIFT: u32 = 52;
const HOLD_BIT: u64 = 1 << 51;
const PERIOD_MASK: u64 = HOLD_BIT - 1;

/// Up to this many periods, a block orders its rows by period with a counting sort rather
/// than sorting each customer's.
const MAX_COUNTED_PERIODS: usize = 1 << 15;

/// Days (and so ticks ÷ ticks per day) handled here: far beyond any calendar, and small
/// enough for the packed periods and the float division in [`DayOf`].
const DAY_LIMIT: u64 = 1 << 40;

/// Ranges of the customer ids and of the times.
#[derive(Debug, Clone, Copy)]
pub(super) struct Stats {
    pub lo: i64,
    pub hi: i64,
    pub t_min: i64,
    pub t_max: i64,
}

impl Stats {
    const EMPTY: Self = Self {
        lo: i64::MAX,
        hi: i64::MIN,
        t_min: i64::MAX,
        t_max: i64::MIN,
    };

    fn merge(self, o: Self) -> Self {
        Self {
            lo: self.lo.min(o.lo),
            hi: self.hi.max(o.hi),
            t_min: self.t_min.min(o.t_min),
            t_max: self.t_max.max(o.t_max),
        }
    }

    /// The ranges of `customers` and `ticks` (same length).
    pub fn of(customers: &[i64], ticks: &[i64]) -> Self {
        let one = |k: usize| {
            let r = k * CHUNK..(k * CHUNK + CHUNK).min(customers.len());
            let (lo, hi) = customers[r.clone()]
                .iter()
                .fold((i64::MAX, i64::MIN), |(lo, hi), &c| (lo.min(c), hi.max(c)));
            let (t_min, t_max) = ticks[r]
                .iter()
                .fold((i64::MAX, i64::MIN), |(lo, hi), &t| (lo.min(t), hi.max(t)));
            Self {
                lo,
                hi,
                t_min,
                t_max,
            }
        };
        map_chunks(customers.len().div_ceil(CHUNK), one)
            .into_iter()
            .fold(Self::EMPTY, Self::merge)
    }

    /// Whether the ids are compact enough to index customers directly.
    pub fn compact(&self, rows: usize) -> bool {
        self.hi.abs_diff(self.lo) < (rows as u64).max(1 << 16) * 4
    }
}

/// `f(k)` for every chunk `k`, in chunk order.
fn map_chunks<R: Send>(chunks: usize, f: impl Fn(usize) -> R + Sync + Send) -> Vec<R> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        (0..chunks).into_par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        (0..chunks).map(f).collect()
    }
}

/// `f(scratch, k)` for every chunk `k`, in chunk order, with scratch space made by `init`
/// and reused from chunk to chunk (per rayon job with the `parallel` feature).
fn map_chunks_with<S, R: Send>(
    chunks: usize,
    init: impl Fn() -> S + Sync + Send,
    f: impl Fn(&mut S, usize) -> R + Sync + Send,
) -> Vec<R> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        (0..chunks).into_par_iter().map_init(init, f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        let mut scratch = init();
        (0..chunks).map(|k| f(&mut scratch, k)).collect()
    }
}

/// `f(k, item)` for every item, consuming them.
fn each<T: Send>(items: Vec<T>, f: impl Fn(usize, T) + Sync + Send) {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.into_par_iter().enumerate().for_each(|(k, t)| f(k, t));
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.into_iter().enumerate().for_each(|(k, t)| f(k, t));
    }
}

/// `floor(t / ticks_per_day)` by a float multiply and an exact integer correction (an
/// integer division per row costs more than the rest of the pass): for `|t / tpd| < 2⁴⁰`
/// (checked by the caller) the float quotient is within 2⁻¹⁰ of the true one, so its
/// truncation is within 1 of the floor, and the remainder check fixes that.
#[derive(Clone, Copy)]
struct DayOf {
    tpd: i64,
    inv: f64,
}

impl DayOf {
    fn new(tpd: i64) -> Self {
        Self {
            tpd,
            inv: 1.0 / tpd as f64,
        }
    }

    #[inline]
    fn day(self, t: i64) -> i64 {
        if self.tpd == 1 {
            return t;
        }
        // Truncation: within 1 of the floor (the float error is far below 1 here).
        let q = (t as f64 * self.inv) as i64;
        let r = t.wrapping_sub(q.wrapping_mul(self.tpd));
        q + i64::from(r >= self.tpd) - i64::from(r < 0)
    }
}

/// The summary, or `None` when the ids are not compact or a time lies beyond ±2⁴⁰ days (the
/// general path takes those).
pub(super) fn summary(
    customers: &[i64],
    ticks: &[i64],
    ticks_per_day: i64,
    amounts: Option<&[f64]>,
    options: &RfmOptions,
    stats: Stats,
) -> Result<Option<RfmSummaryIds>> {
    let day_of = DayOf::new(ticks_per_day);
    let in_range = |t: i64| (t / ticks_per_day).unsigned_abs() < DAY_LIMIT;
    if customers.is_empty() || !stats.compact(customers.len()) {
        return Ok(None);
    }
    if !(in_range(stats.t_min) && in_range(stats.t_max)) {
        return Ok(None);
    }
    let end = options.observation_end.as_ref().map(super::day_number);
    let hold = options.holdout_start.as_ref().map(super::day_number);
    if [end, hold]
        .iter()
        .flatten()
        .any(|d| d.unsigned_abs() >= DAY_LIMIT)
    {
        return Ok(None);
    }
    let day_options = RfmOptions {
        observation_end: None,
        holdout_start: None,
        ..*options
    };
    let ends = Ends::from_end(end.unwrap_or(day_of.day(stats.t_max)), hold, &day_options)?;
    Ok(Some(match (options.fractional, options.unit) {
        (true, _) | (false, TimeUnit::Day) => run(
            customers,
            ticks,
            day_of,
            amounts,
            options,
            &ends,
            stats,
            |d| d,
        ),
        // As `period_of`: ISO weeks from Monday 1970-01-05 (day 4).
        (false, TimeUnit::Week) => run(
            customers,
            ticks,
            day_of,
            amounts,
            options,
            &ends,
            stats,
            |d| (d - 4).div_euclid(7),
        ),
        (false, TimeUnit::Month) => run(
            customers,
            ticks,
            day_of,
            amounts,
            options,
            &ends,
            stats,
            |d| period_of(d, &day_options),
        ),
    }))
}

/// [`summary`] with the period of a day given by `period` (as [`period_of`]).
#[allow(clippy::too_many_arguments)]
fn run(
    customers: &[i64],
    ticks: &[i64],
    day_of: DayOf,
    amounts: Option<&[f64]>,
    options: &RfmOptions,
    ends: &Ends,
    stats: Stats,
    period: impl Fn(i64) -> i64 + Sync + Send,
) -> RfmSummaryIds {
    let lo = stats.lo;
    let k = stats.hi.abs_diff(lo) as usize + 1;
    let blocks = (k >> BLOCK_BITS) + 1;
    // Purchases after the end are left out: day(t) ≤ end ⇔ t < (end + 1) · ticks per day.
    let last_tick = ((i128::from(ends.end_day) + 1) * i128::from(day_of.tpd) - 1)
        .clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
    let first_period = period(day_of.day(stats.t_min));

    let rows = Rows {
        customers,
        ticks,
        amounts,
        day_of,
        lo,
        blocks,
        last_tick,
        hold_day: ends.holdout_day.unwrap_or(i64::MAX),
        first_period,
        period: &period,
    };
    let counts = rows.count(stats.t_max <= last_tick);
    let mut start = vec![0usize; blocks + 1];
    for b in 0..blocks {
        start[b + 1] = start[b] + counts.iter().map(|c| c[b]).sum::<usize>();
    }
    let (packed, spent) = rows.scatter(&counts, start[blocks]);

    // Periods from the first one to the end's: when few, blocks order their rows by counting.
    let periods = usize::try_from(period(ends.end_day) - first_period + 1)
        .ok()
        .filter(|&np| np <= MAX_COUNTED_PERIODS);
    // Blocks of customers, summarized independently and joined in order.
    let with_amounts = amounts.is_some();
    let parts = map_chunks_with(blocks, Scratch::default, |scratch, b| {
        let r = start[b]..start[b + 1];
        let first = b << BLOCK_BITS;
        let width = (k - first).min(1 << BLOCK_BITS);
        let money = if with_amounts {
            &spent[r.clone()]
        } else {
            &[][..]
        };
        let rows = (&packed[r], money);
        block(
            scratch,
            rows,
            with_amounts,
            periods,
            width,
            first_period,
            ends,
            options,
        )
    });
    join(parts, lo, with_amounts, ends, options)
}

/// The blocks' rows in block order, which is customer order.
fn join(
    parts: Vec<Part>,
    lo: i64,
    with_amounts: bool,
    ends: &Ends,
    options: &RfmOptions,
) -> RfmSummaryIds {
    let holdout = ends.holdout_day.is_some();
    let rows: usize = parts.iter().map(|p| p.code.len()).sum();
    let mut out = RfmSummaryOf {
        customer: Vec::with_capacity(rows),
        frequency: Vec::with_capacity(rows),
        recency: Vec::with_capacity(rows),
        t: Vec::with_capacity(rows),
        monetary_value: if with_amounts {
            Vec::with_capacity(rows)
        } else {
            vec![0.0; rows]
        },
        frequency_holdout: holdout.then(|| Vec::with_capacity(rows)),
        monetary_value_holdout: holdout.then(|| {
            if with_amounts {
                Vec::with_capacity(rows)
            } else {
                vec![0.0; rows]
            }
        }),
        duration_holdout: holdout.then(|| span(ends.end_period - ends.cal_end_period, options)),
        unit: options.unit,
    };
    for (b, p) in parts.into_iter().enumerate() {
        let first = (b << BLOCK_BITS) as u64;
        out.customer.extend(
            p.code
                .iter()
                .map(|&j| lo.wrapping_add((first + u64::from(j)).cast_signed())),
        );
        out.frequency.extend_from_slice(&p.frequency);
        out.recency.extend_from_slice(&p.recency);
        out.t.extend_from_slice(&p.t);
        if with_amounts {
            out.monetary_value.extend_from_slice(&p.monetary_value);
        }
        if let Some(o) = out.frequency_holdout.as_mut() {
            o.extend_from_slice(&p.frequency_holdout);
        }
        if with_amounts && let Some(o) = out.monetary_value_holdout.as_mut() {
            o.extend_from_slice(&p.monetary_value_holdout);
        }
    }
    out
}

/// The row passes' inputs and settings.
struct Rows<'a, P> {
    customers: &'a [i64],
    ticks: &'a [i64],
    amounts: Option<&'a [f64]>,
    day_of: DayOf,
    lo: i64,
    blocks: usize,
    /// Rows after this tick (after the end day) are left out.
    last_tick: i64,
    hold_day: i64,
    first_period: i64,
    period: &'a P,
}

/// Per chunk, one block's slices of the packed rows and of their amounts.
type Regions<'a> = (Vec<&'a mut [u64]>, Vec<&'a mut [f64]>);

impl<P: Fn(i64) -> i64 + Sync> Rows<'_, P> {
    fn chunk(&self, j: usize) -> std::ops::Range<usize> {
        j * CHUNK..(j * CHUNK + CHUNK).min(self.customers.len())
    }

    fn chunks(&self) -> usize {
        self.customers.len().div_ceil(CHUNK)
    }

    /// Pass 1: kept rows per (chunk, block); `all_kept` skips reading the times.
    fn count(&self, all_kept: bool) -> Vec<Vec<usize>> {
        let block_of = |c: i64| (c.abs_diff(self.lo) >> BLOCK_BITS) as usize;
        map_chunks(self.chunks(), |j| {
            let r = self.chunk(j);
            let mut c = vec![0usize; self.blocks];
            if all_kept {
                for &cu in &self.customers[r] {
                    c[block_of(cu)] += 1;
                }
            } else {
                for (&cu, &t) in self.customers[r.clone()].iter().zip(&self.ticks[r]) {
                    c[block_of(cu)] += usize::from(t <= self.last_tick);
                }
            }
            c
        })
    }

    /// Pass 2: each chunk writes its rows of block b, packed, to its own slice of block b's
    /// region (and their amounts alike).
    fn scatter(&self, counts: &[Vec<usize>], total: usize) -> (Vec<u64>, Vec<f64>) {
        let mut packed = vec![0u64; total];
        let mut spent = vec![0f64; if self.amounts.is_some() { total } else { 0 }];
        let mut dst: Vec<Regions<'_>> = (0..counts.len())
            .map(|_| {
                (
                    Vec::with_capacity(self.blocks),
                    Vec::with_capacity(self.blocks),
                )
            })
            .collect();
        let (mut rest, mut rest_a) = (packed.as_mut_slice(), spent.as_mut_slice());
        for b in 0..self.blocks {
            for (j, c) in counts.iter().enumerate() {
                let (head, tail) = std::mem::take(&mut rest).split_at_mut(c[b]);
                dst[j].0.push(head);
                rest = tail;
                if self.amounts.is_some() {
                    let (head, tail) = std::mem::take(&mut rest_a).split_at_mut(c[b]);
                    dst[j].1.push(head);
                    rest_a = tail;
                }
            }
        }
        each(dst, |j, (mut keys, mut money)| {
            let r = self.chunk(j);
            let mut at = vec![0usize; self.blocks];
            let rows = self.customers[r.clone()].iter().zip(&self.ticks[r]);
            for (i, (&cu, &t)) in rows.enumerate() {
                if t > self.last_tick {
                    continue;
                }
                let code = cu.abs_diff(self.lo);
                let b = (code >> BLOCK_BITS) as usize;
                let d = self.day_of.day(t);
                let key = ((code & ((1 << BLOCK_BITS) - 1)) << CODE_SHIFT)
                    | if d >= self.hold_day { HOLD_BIT } else { 0 }
                    | ((self.period)(d) - self.first_period).cast_unsigned();
                keys[b][at[b]] = key;
                if let Some(a) = self.amounts {
                    money[b][at[b]] = a[j * CHUNK + i];
                }
                at[b] += 1;
            }
        });
        (packed, spent)
    }
}

/// One block's summary rows: customer within the block and the columns.
#[derive(Default)]
struct Part {
    code: Vec<u32>,
    frequency: Vec<f64>,
    recency: Vec<f64>,
    t: Vec<f64>,
    monetary_value: Vec<f64>,
    frequency_holdout: Vec<f64>,
    monetary_value_holdout: Vec<f64>,
}

/// Buffers of [`block`], reused from block to block: fresh ones would cost page faults.
#[derive(Default)]
struct Scratch {
    by_period: Vec<u64>,
    by_period_money: Vec<f64>,
    sorted: Vec<u64>,
    amounts: Vec<f64>,
    pairs: Vec<(u64, f64)>,
    /// Per (holdout, period): the mark of the last customer seen with it.
    stamps: Vec<u32>,
    mark: u32,
}

/// `v` with `n` elements (their values are overwritten by the caller).
fn sized<T: Copy + Default>(v: &mut Vec<T>, n: usize) -> &mut [T] {
    v.clear();
    v.resize(n, T::default());
    v
}

/// The summary rows of one block's packed rows (in row order; `money` empty without
/// amounts): rows bucketed by customer (a stable counting sort), each customer's sorted by
/// period, then the distinct periods counted, calibration before holdout.
#[allow(clippy::too_many_arguments)]
fn block(
    scratch: &mut Scratch,
    (keys, money): (&[u64], &[f64]),
    with_amounts: bool,
    periods: Option<usize>,
    width: usize,
    first_period: i64,
    ends: &Ends,
    options: &RfmOptions,
) -> Part {
    // With few periods, the rows are first ordered by (holdout, period), a stable counting
    // sort; the stable bucketing by customer then leaves each customer's rows sorted.
    let Scratch {
        by_period,
        by_period_money,
        sorted,
        amounts,
        pairs,
        stamps,
        mark,
    } = scratch;
    // Without amounts, distinct periods are counted with stamps instead (no order needed).
    let stamped = periods.filter(|_| !with_amounts);
    if let Some(np) = stamped
        && stamps.len() != 2 * np
    {
        stamps.clear();
        stamps.resize(2 * np, 0);
        *mark = 0;
    }
    let (keys, money) = if let Some(np) = periods.filter(|_| with_amounts) {
        order_by_period((keys, money), np, with_amounts, by_period, by_period_money);
        (&by_period[..], &by_period_money[..])
    } else {
        (keys, money)
    };
    let mut start = vec![0u32; width + 1];
    for &key in keys {
        start[(key >> CODE_SHIFT) as usize + 1] += 1;
    }
    for j in 0..width {
        start[j + 1] += start[j];
    }
    let mut fill = start.clone();
    let sorted = sized(sorted, keys.len());
    let amounts = sized(amounts, if with_amounts { keys.len() } else { 0 });
    for (i, &key) in keys.iter().enumerate() {
        let j = (key >> CODE_SHIFT) as usize;
        let at = fill[j] as usize;
        fill[j] += 1;
        sorted[at] = key & (HOLD_BIT | PERIOD_MASK);
        if with_amounts {
            amounts[at] = money[i];
        }
    }
    let holdout = ends.holdout_day.is_some();
    let mut p = Part::default();
    for j in 0..width {
        let (a, z) = (start[j] as usize, start[j + 1] as usize);
        let s = &mut sorted[a..z];
        let counted = if let Some(np) = stamped {
            *mark = mark.wrapping_add(1);
            if *mark == 0 {
                stamps.fill(0);
                *mark = 1;
            }
            count_stamped(s, np, stamps, *mark)
        } else {
            // In row order, an amount's period: a stable sort keeps the sums' order.
            if with_amounts {
                pairs.clear();
                pairs.extend(s.iter().copied().zip(amounts[a..z].iter().copied()));
                if periods.is_none() {
                    pairs.sort_by_key(|q| q.0);
                    for (x, q) in s.iter_mut().zip(pairs.iter()) {
                        *x = q.0;
                    }
                }
            } else if periods.is_none() {
                s.sort_unstable();
            }
            count_sorted(s)
        };
        let Some((cal_n, hold_n, first, last)) = counted else {
            continue; // no purchase, or only holdout ones
        };
        let cal_first = first_period + first.cast_signed();
        let cal_last = first_period + last.cast_signed();
        let repeats = cal_n - 1;
        p.code.push(j as u32);
        p.frequency.push(repeats as f64);
        p.recency.push(span(cal_last - cal_first, options));
        p.t.push(span(ends.cal_end_period - cal_first, options));
        if holdout {
            p.frequency_holdout.push(hold_n as f64);
        }
        if with_amounts {
            let (cal_sum, hold_sum) = period_sums(pairs);
            p.monetary_value.push(if repeats == 0 {
                0.0
            } else {
                cal_sum / repeats as f64
            });
            if holdout {
                p.monetary_value_holdout.push(if hold_n == 0 {
                    0.0
                } else {
                    hold_sum / hold_n as f64
                });
            }
        }
    }
    p
}

/// Distinct calibration and holdout periods of one customer's rows sorted by (holdout,
/// period), with the first and last calibration period; `None` without a calibration row.
fn count_sorted(s: &[u64]) -> Option<(usize, usize, u64, u64)> {
    if s.first().is_none_or(|&x| x & HOLD_BIT != 0) {
        return None;
    }
    let cal = s.partition_point(|&x| x & HOLD_BIT == 0);
    let distinct = |v: &[u64]| 1 + v.windows(2).filter(|w| w[0] != w[1]).count();
    let hold_n = if cal < s.len() {
        distinct(&s[cal..])
    } else {
        0
    };
    Some((distinct(&s[..cal]), hold_n, s[0], s[cal - 1]))
}

/// [`count_sorted`] for rows in any order: a (holdout, period) is new for this customer when
/// its stamp is not `mark` yet.
fn count_stamped(
    s: &[u64],
    np: usize,
    stamps: &mut [u32],
    mark: u32,
) -> Option<(usize, usize, u64, u64)> {
    let (mut cal_n, mut hold_n) = (0usize, 0usize);
    let (mut first, mut last) = (u64::MAX, 0u64);
    for &x in s {
        let period = x & PERIOD_MASK;
        let hold = x & HOLD_BIT != 0;
        let slot = &mut stamps[period as usize + if hold { np } else { 0 }];
        if *slot != mark {
            *slot = mark;
            if hold {
                hold_n += 1;
            } else {
                cal_n += 1;
                first = first.min(period);
                last = last.max(period);
            }
        }
    }
    (cal_n > 0).then_some((cal_n, hold_n, first, last))
}

/// The rows ordered by (holdout, period) into `k2` and `m2` (a stable counting sort over the
/// `np` periods, twice for the holdout flag).
fn order_by_period(
    (keys, money): (&[u64], &[f64]),
    np: usize,
    with_amounts: bool,
    k2: &mut Vec<u64>,
    m2: &mut Vec<f64>,
) {
    let slot = |key: u64| (key & PERIOD_MASK) as usize + if key & HOLD_BIT == 0 { 0 } else { np };
    let mut at = vec![0u32; 2 * np + 1];
    for &key in keys {
        at[slot(key) + 1] += 1;
    }
    for i in 0..2 * np {
        at[i + 1] += at[i];
    }
    let k2 = sized(k2, keys.len());
    let m2 = sized(m2, money.len());
    for (i, &key) in keys.iter().enumerate() {
        let s = &mut at[slot(key)];
        k2[*s as usize] = key;
        if with_amounts {
            m2[*s as usize] = money[i];
        }
        *s += 1;
    }
}

/// Sums of the amounts of each distinct period, in row order within a period, as the general
/// path adds them: the calibration periods after the first one, and the holdout periods.
fn period_sums(pairs: &[(u64, f64)]) -> (f64, f64) {
    let (mut cal_sum, mut hold_sum) = (0.0, 0.0);
    let mut i = 0;
    let mut seen = 0usize;
    while i < pairs.len() {
        let key = pairs[i].0;
        let mut amount = 0.0;
        while i < pairs.len() && pairs[i].0 == key {
            amount += pairs[i].1;
            i += 1;
        }
        if key & HOLD_BIT != 0 {
            hold_sum += amount;
        } else {
            if seen > 0 {
                cal_sum += amount;
            }
            seen += 1;
        }
    }
    (cal_sum, hold_sum)
}

#[cfg(test)]
mod tests {
    use super::super::{CxError, RfmSummaryIds, rfm_summary_ticks, summary_ids};
    use super::*;
    use chrono::DateTime;

    /// An LCG stream.
    fn stream(seed: u64) -> impl FnMut() -> u64 {
        let mut x = seed;
        move || {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            x >> 33
        }
    }

    /// The general path's summary of the same rows.
    fn general(
        c: &[i64],
        ticks: &[i64],
        tpd: i64,
        a: Option<&[f64]>,
        o: &RfmOptions,
    ) -> RfmSummaryIds {
        let days: Vec<i64> = ticks.iter().map(|t| t.div_euclid(tpd)).collect();
        summary_ids(c, &days, a, o, Stats::of(c, &days)).unwrap()
    }

    #[test]
    fn compact_path_equals_the_general_path() {
        // Several blocks of customers and many chunks of rows; times before and after 1970
        // (the float division's correction both ways), at day starts, ends and in between;
        // rows after the end; holdout splits mid-week and mid-month; few periods (counted)
        // and many (sorted per customer). Every column must be identical, bit for bit.
        let n = 9_000;
        let mut next = stream(0x5EED);
        for (spread, tpd) in [
            (800, 1),
            (800, 86_400),
            (900, 86_400_000_000_000),
            (90_000, 1),
        ] {
            let lo = -3_000;
            let c: Vec<i64> = (0..n)
                .map(|_| lo + (next() % 9_000).cast_signed())
                .collect();
            let ticks: Vec<i64> = (0..n)
                .map(|i| {
                    let day = (next() % spread).cast_signed() - 300;
                    let within = match i % 3 {
                        0 => 0,
                        1 => tpd - 1,
                        _ => next().cast_signed() % tpd,
                    };
                    day * tpd + within
                })
                .collect();
            let a: Vec<f64> = (0..n).map(|_| (next() % 1000) as f64 / 7.0).collect();
            let day = |d: i64| Some(DateTime::from_timestamp(d * 86_400 + 3_600, 0).unwrap());
            for unit in [TimeUnit::Day, TimeUnit::Week, TimeUnit::Month] {
                for fractional in [false, true] {
                    for (end, hold) in [(None, None), (day(400), day(250)), (day(300), None)] {
                        let o = RfmOptions {
                            unit,
                            fractional,
                            observation_end: end,
                            holdout_start: hold,
                        };
                        for amounts in [None, Some(&a[..])] {
                            let stats = Stats::of(&c, &ticks);
                            let got = summary(&c, &ticks, tpd, amounts, &o, stats)
                                .unwrap()
                                .expect("compact ids");
                            let want = general(&c, &ticks, tpd, amounts, &o);
                            assert!(got == want, "{spread} {tpd} {unit:?} {fractional} {o:?}");
                            assert_eq!(
                                rfm_summary_ticks(&c, &ticks, tpd, amounts, &o).unwrap(),
                                want
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn other_inputs_take_the_general_path() {
        let o = RfmOptions::default();
        // Sparse ids, times beyond ±2⁴⁰ days: not here.
        let c = [1, 1_000_000_000, 5];
        let t = [10, 20, 30];
        assert!(
            summary(&c, &t, 1, None, &o, Stats::of(&c, &t))
                .unwrap()
                .is_none()
        );
        let far = [10, i64::MAX / 2, 30];
        let ids = [1, 2, 3];
        assert!(
            summary(&ids, &far, 1, None, &o, Stats::of(&ids, &far))
                .unwrap()
                .is_none()
        );
        assert_eq!(
            rfm_summary_ticks(&c, &t, 1, None, &o).unwrap(),
            general(&c, &t, 1, None, &o)
        );
        // Errors: a missing time (NaT) with its index, a holdout after the end.
        let e = rfm_summary_ticks(&ids, &[5, i64::MIN, 7], 1, None, &o).unwrap_err();
        assert_eq!(
            e,
            CxError::invalid_at("timestamps", 1, "NaT", "missing time")
        );
        let bad = RfmOptions {
            observation_end: DateTime::from_timestamp(86_400, 0),
            holdout_start: DateTime::from_timestamp(10 * 86_400, 0),
            ..o
        };
        let e = rfm_summary_ticks(&ids, &[0, 1, 1], 86_400, None, &bad).unwrap_err();
        assert!(e.to_string().contains("holdout_start"), "{e}");
    }
}
