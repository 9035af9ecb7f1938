//! RFM summaries (frequency, recency, T, monetary value) from transactions, with an optional
//! calibration/holdout split, and RFM quintile scores with named segments.
//!
//! Conventions (Fader, Hardie and Lee 2005; the `lifetimes` package): purchases in the same
//! period count once (their amounts add up); `frequency` = number of periods with a purchase
//! after the first one (repeat purchases); `recency` = time from the first to the last
//! purchase; `T` = time from the first purchase to the end of the calibration period;
//! `monetary_value` = mean amount of the repeat periods (0 without repeats).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::clv::value::TimeUnit;
use crate::domain::{Timestamp, Transaction};
use crate::error::{CxError, Result, check_len_at_least, check_same_len};

mod compact;

/// How an RFM summary measures time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RfmOptions {
    /// Unit of `recency`, `T` and the holdout duration.
    pub unit: TimeUnit,
    /// `false` (default): purchases are grouped by calendar period of `unit` (day; ISO week
    /// starting Monday; calendar month) and times are whole periods, as `lifetimes` does.
    /// `true`: purchases are grouped by calendar day and times are days divided by the unit's
    /// length in days (7 for weeks, 30 for months), as in Fader, Hardie and Lee's CDNOW summary
    /// (e.g. recency 30.43 weeks = 213 days).
    pub fractional: bool,
    /// End of observation; default: the date of the last transaction. Purchases after it are
    /// ignored.
    pub observation_end: Option<Timestamp>,
    /// Start of the holdout period: purchases on or after it are counted in the holdout
    /// columns and the calibration period ends the day (period) before. `None`: no holdout.
    pub holdout_start: Option<Timestamp>,
}

impl Default for RfmOptions {
    fn default() -> Self {
        Self {
            unit: TimeUnit::Week,
            fractional: false,
            observation_end: None,
            holdout_start: None,
        }
    }
}

/// Per-customer RFM summary, one entry per customer in every column, customers sorted by id.
pub type RfmSummary = RfmSummaryOf<String>;

impl<C> RfmSummaryOf<C> {
    /// Number of customers.
    pub fn len(&self) -> usize {
        self.customer.len()
    }

    /// Whether the summary has no customer.
    pub fn is_empty(&self) -> bool {
        self.customer.is_empty()
    }
}

/// Days since 1970-01-01 of a timestamp's UTC date.
fn day_number(t: &Timestamp) -> i64 {
    i64::from(t.date_naive().num_days_from_ce()) - i64::from(EPOCH_CE)
}

const EPOCH_CE: i32 = 719_163; // NaiveDate 1970-01-01 .num_days_from_ce()

/// Period index of a day under `options` (day, ISO week from Monday, calendar month).
fn period_of(day: i64, options: &RfmOptions) -> i64 {
    if options.fractional {
        return day;
    }
    match options.unit {
        TimeUnit::Day => day,
        // 1970-01-05 was a Monday (day 4).
        TimeUnit::Week => (day - 4).div_euclid(7),
        TimeUnit::Month => {
            let d = NaiveDate::from_num_days_from_ce_opt((day + i64::from(EPOCH_CE)) as i32)
                .unwrap_or_default();
            i64::from(d.year()) * 12 + i64::from(d.month0())
        }
    }
}

/// Converts a difference of period indexes to `unit`.
fn span(periods: i64, options: &RfmOptions) -> f64 {
    if options.fractional {
        periods as f64 / options.unit.days()
    } else {
        periods as f64
    }
}

/// RFM summary of validated [`Transaction`]s; see [`rfm_summary_columns`].
///
/// # Errors
/// As [`rfm_summary_columns`].
pub fn rfm_summary(transactions: &[Transaction], options: &RfmOptions) -> Result<RfmSummary> {
    let customers: Vec<&str> = transactions.iter().map(|t| t.customer.as_str()).collect();
    let times: Vec<Timestamp> = transactions.iter().map(|t| t.timestamp).collect();
    let amounts: Vec<f64> = transactions.iter().map(|t| t.amount).collect();
    rfm_summary_columns(&customers, &times, Some(&amounts), options)
}

/// Checks that `amounts` (when given) has `n` finite values >= 0.
fn check_amounts(n: usize, amounts: Option<&[f64]>) -> Result<()> {
    if let Some(a) = amounts {
        check_same_len("customer", n, "amount", a.len())?;
        if let Some((i, v)) = a
            .iter()
            .enumerate()
            .find(|(_, v)| !(v.is_finite() && **v >= 0.0))
        {
            return Err(CxError::invalid_at(
                "amount",
                i,
                v,
                "amounts must be finite and >= 0",
            ));
        }
    }
    Ok(())
}

/// Checks the transaction columns of [`rfm_summary_columns`].
fn check_columns<S: AsRef<str>>(
    customers: &[S],
    timestamps: &[Timestamp],
    amounts: Option<&[f64]>,
) -> Result<()> {
    check_len_at_least("timestamp", timestamps.len(), 1)?;
    check_same_len("customer", customers.len(), "timestamp", timestamps.len())?;
    check_amounts(customers.len(), amounts)?;
    if let Some(i) = customers.iter().position(|c| c.as_ref().trim().is_empty()) {
        return Err(CxError::invalid_at(
            "customer",
            i,
            "\"\"",
            "customer id is empty",
        ));
    }
    Ok(())
}

/// RFM summary from columns: customer id, timestamp and (optional) amount of each purchase,
/// in any order. Customers whose first purchase falls after the calibration period are left
/// out (they have no calibration history).
///
/// # Errors
/// [`CxError::Empty`](crate::CxError::Empty) without transactions, [`CxError::LengthMismatch`](crate::CxError::LengthMismatch),
/// [`CxError::InvalidInput`](crate::CxError::InvalidInput) naming `customer` (empty id) or `amount` (negative or not finite)
/// with its index, or `holdout_start` after `observation_end`.
pub fn rfm_summary_columns<S: AsRef<str>>(
    customers: &[S],
    timestamps: &[Timestamp],
    amounts: Option<&[f64]>,
    options: &RfmOptions,
) -> Result<RfmSummary> {
    check_columns(customers, timestamps, amounts)?;
    let days: Vec<i64> = timestamps.iter().map(day_number).collect();
    // Dense codes in order of first appearance, then the customers in id order.
    let mut index: HashMap<&str, u32> = HashMap::new();
    let mut names: Vec<&str> = Vec::new();
    let codes: Vec<u32> = customers
        .iter()
        .map(|c| {
            let c = c.as_ref();
            *index.entry(c).or_insert_with(|| {
                names.push(c);
                (names.len() - 1) as u32
            })
        })
        .collect();
    let mut order: Vec<u32> = (0..names.len() as u32).collect();
    order.sort_unstable_by_key(|&k| names[k as usize]);
    let ends = Ends::new(&days, options)?;
    let (columns, kept) = summarize(&codes, names.len(), &days, amounts, &ends, options);
    Ok(columns.select(&order, &kept, |k| names[k].to_string()))
}

/// RFM summary of integer customer ids (customers sorted by id), from each purchase's UTC
/// day number (days since 1970-01-01); `options.observation_end` and `options.holdout_start`
/// are read as days too. The same conventions and result as [`rfm_summary_columns`] with the
/// ids as text, apart from the order of customers (numeric here) and the id type: the fast
/// path for large transaction tables with numeric customer keys.
///
/// # Errors
/// As [`rfm_summary_columns`] (an empty or mismatched column, a bad amount, `holdout_start`
/// after `observation_end`).
pub fn rfm_summary_ids(
    customers: &[i64],
    days: &[i64],
    amounts: Option<&[f64]>,
    options: &RfmOptions,
) -> Result<RfmSummaryIds> {
    check_len_at_least("timestamp", days.len(), 1)?;
    check_same_len("customer", customers.len(), "timestamp", days.len())?;
    check_amounts(customers.len(), amounts)?;
    let stats = compact::Stats::of(customers, days);
    if let Some(r) = compact::summary(customers, days, 1, amounts, options, stats)? {
        return Ok(r);
    }
    summary_ids(customers, days, amounts, options, stats)
}

/// [`rfm_summary_ids`] by the general path: ids coded (by a hash map unless compact), days
/// bucketed, customers ordered by id.
fn summary_ids(
    customers: &[i64],
    days: &[i64],
    amounts: Option<&[f64]>,
    options: &RfmOptions,
    stats: compact::Stats,
) -> Result<RfmSummaryIds> {
    let (lo, hi) = (stats.lo, stats.hi);
    let range = hi.abs_diff(lo);
    // Compact ids (the usual 0..n or 1..n keys) index an array directly and come out in id
    // order; sparse ones go through a hash map and a sort.
    let (codes, ids): (Vec<u32>, Vec<i64>) = if range < (customers.len() as u64).max(1 << 16) * 4 {
        let codes = customers.iter().map(|&c| c.abs_diff(lo) as u32).collect();
        (
            codes,
            (0..=range)
                .map(|k| lo.wrapping_add(k.cast_signed()))
                .collect(),
        )
    } else {
        let mut index: HashMap<i64, u32> = HashMap::new();
        let mut ids = Vec::new();
        let codes = customers
            .iter()
            .map(|&c| {
                *index.entry(c).or_insert_with(|| {
                    ids.push(c);
                    (ids.len() - 1) as u32
                })
            })
            .collect();
        (codes, ids)
    };
    let mut order: Vec<u32> = (0..ids.len() as u32).collect();
    order.sort_unstable_by_key(|&k| ids[k as usize]);
    let day_options = RfmOptions {
        observation_end: None,
        holdout_start: None,
        ..*options
    };
    let ends = Ends::from_days(
        days,
        options.observation_end.as_ref().map(day_number),
        options.holdout_start.as_ref().map(day_number),
        &day_options,
    )?;
    let (columns, kept) = summarize(&codes, ids.len(), days, amounts, &ends, options);
    Ok(columns.select(&order, &kept, |k| ids[k]))
}

/// [`rfm_summary_ids`] from purchase times counted in ticks since 1970-01-01 UTC,
/// `ticks_per_day` to a day (86 400 for seconds, 86 400 × 10⁹ for nanoseconds, 1 for days):
/// the layout of numpy `datetime64` columns, read without a conversion pass. Each time is
/// floored to its day number (in parallel with the `parallel` feature).
///
/// # Errors
/// As [`rfm_summary_ids`]; also `ticks_per_day` below 1 and a missing time (`i64::MIN`, numpy's
/// `NaT`), naming its index.
pub fn rfm_summary_ticks(
    customers: &[i64],
    ticks: &[i64],
    ticks_per_day: i64,
    amounts: Option<&[f64]>,
    options: &RfmOptions,
) -> Result<RfmSummaryIds> {
    if ticks_per_day < 1 {
        return Err(CxError::invalid(
            "ticks_per_day",
            format!("must be at least 1, got {ticks_per_day}"),
        ));
    }
    check_len_at_least("timestamp", ticks.len(), 1)?;
    check_same_len("customer", customers.len(), "timestamp", ticks.len())?;
    check_amounts(customers.len(), amounts)?;
    let stats = compact::Stats::of(customers, ticks);
    if stats.t_min == i64::MIN
        && let Some(i) = ticks.iter().position(|&t| t == i64::MIN)
    {
        return Err(CxError::invalid_at("timestamps", i, "NaT", "missing time"));
    }
    if let Some(r) = compact::summary(customers, ticks, ticks_per_day, amounts, options, stats)? {
        return Ok(r);
    }
    let mut days = vec![0i64; ticks.len()];
    let floor = |(d, t): (&mut [i64], &[i64])| {
        for (d, t) in d.iter_mut().zip(t) {
            *d = t.div_euclid(ticks_per_day);
        }
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        days.par_chunks_mut(1 << 16)
            .zip(ticks.par_chunks(1 << 16))
            .for_each(floor);
    }
    #[cfg(not(feature = "parallel"))]
    floor((&mut days, ticks));
    let stats = compact::Stats::of(customers, &days);
    summary_ids(customers, &days, amounts, options, stats)
}

/// [`rfm_summary_ids`]' result: an [`RfmSummary`] whose customer ids are integers.
pub type RfmSummaryIds = RfmSummaryOf<i64>;

/// Per-customer RFM columns keyed by customer ids of type `C` ([`RfmSummary`]: text ids).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RfmSummaryOf<C> {
    /// Customer ids, sorted.
    pub customer: Vec<C>,
    /// Repeat purchase periods in the calibration period.
    pub frequency: Vec<f64>,
    /// First to last calibration purchase, in `unit`.
    pub recency: Vec<f64>,
    /// First purchase to the end of calibration, in `unit`.
    #[serde(rename = "T")]
    pub t: Vec<f64>,
    /// Mean amount of the repeat periods (0 without repeats), in the currency of the amounts.
    pub monetary_value: Vec<f64>,
    /// Purchase periods in the holdout period (with a holdout split).
    pub frequency_holdout: Option<Vec<f64>>,
    /// Mean amount of the holdout purchase periods (0 without any).
    pub monetary_value_holdout: Option<Vec<f64>>,
    /// Length of the holdout period, in `unit`.
    pub duration_holdout: Option<f64>,
    /// The unit of the times.
    pub unit: TimeUnit,
}

/// The last calibration day and period, the end period and the holdout's first day.
struct Ends {
    end_day: i64,
    holdout_day: Option<i64>,
    cal_end_period: i64,
    end_period: i64,
}

impl Ends {
    fn new(days: &[i64], options: &RfmOptions) -> Result<Self> {
        Self::from_days(
            days,
            options.observation_end.as_ref().map(day_number),
            options.holdout_start.as_ref().map(day_number),
            options,
        )
    }

    fn from_days(
        days: &[i64],
        end: Option<i64>,
        holdout: Option<i64>,
        options: &RfmOptions,
    ) -> Result<Self> {
        let end_day = end.unwrap_or_else(|| days.iter().copied().max().unwrap_or(0));
        Self::from_end(end_day, holdout, options)
    }

    /// The ends for the last day `end_day` and the holdout's first day.
    fn from_end(end_day: i64, holdout: Option<i64>, options: &RfmOptions) -> Result<Self> {
        if let Some(h) = holdout
            && h > end_day
        {
            return Err(CxError::invalid(
                "holdout_start",
                "holdout_start must not be after observation_end",
            ));
        }
        Ok(Self {
            end_day,
            holdout_day: holdout,
            cal_end_period: period_of(holdout.map_or(end_day, |h| h - 1), options),
            end_period: period_of(end_day, options),
        })
    }
}

/// Holdout purchases sort after every calibration period (periods are far below 2^40).
const HOLD: i64 = 1 << 40;

/// Customer codes per block of the first bucketing pass: a block's counters and output stay
/// in cache.
const BLOCK_BITS: u32 = 12;

/// The purchases up to `ends.end_day` routed to blocks of 2^`BLOCK_BITS` customer codes, in
/// row order: each block's row range (`blocks + 1` offsets) and per row its code, period key
/// (holdout ones + [`HOLD`]) and amount (empty without amounts).
///
/// Two stable counting passes instead of one: rows go to blocks first (a few hundred
/// sequential output streams), then, block by block ([`block_summary`]), to their customer,
/// whose counters and output fit in cache. One direct pass scatters every row to a random
/// place in a large array and stalls on memory.
struct Blocks {
    start: Vec<usize>,
    code: Vec<u32>,
    key: Vec<i64>,
    spent: Vec<f64>,
}

fn to_blocks(
    codes: &[u32],
    k: usize,
    days: &[i64],
    amounts: Option<&[f64]>,
    ends: &Ends,
    options: &RfmOptions,
) -> Blocks {
    let blocks = (k >> BLOCK_BITS) + 1;
    let mut block_start = vec![0usize; blocks + 1];
    for (&c, &d) in codes.iter().zip(days) {
        if d <= ends.end_day {
            block_start[(c >> BLOCK_BITS) as usize + 1] += 1;
        }
    }
    for i in 0..blocks {
        block_start[i + 1] += block_start[i];
    }
    let total = block_start[blocks];
    let with_amounts = amounts.is_some();
    let mut fill = block_start.clone();
    let mut tmp_code = vec![0u32; total];
    let mut tmp_key = vec![0i64; total];
    let mut tmp_spent = vec![0f64; if with_amounts { total } else { 0 }];
    for (i, (&c, &d)) in codes.iter().zip(days).enumerate() {
        if d > ends.end_day {
            continue;
        }
        let at = &mut fill[(c >> BLOCK_BITS) as usize];
        tmp_code[*at] = c;
        let p = period_of(d, options);
        tmp_key[*at] = if ends.holdout_day.is_some_and(|h| d >= h) {
            p + HOLD
        } else {
            p
        };
        if let Some(a) = amounts {
            tmp_spent[*at] = a[i];
        }
        *at += 1;
    }
    Blocks {
        start: block_start,
        code: tmp_code,
        key: tmp_key,
        spent: tmp_spent,
    }
}

/// The RFM columns of customers `0..k` (dense `codes`, one per purchase) in code order, and
/// which codes have a calibration purchase (the others are left out of the summary).
///
/// Purchases are bucketed by customer with a counting sort (rows keep their order within a
/// customer), then each customer's few purchases are sorted by period: linear in the number
/// of purchases, with no per-customer map. Blocks of customers are independent: with the
/// `parallel` feature they run on rayon's pool and are joined in block order, so the result
/// is the serial one.
fn summarize(
    codes: &[u32],
    k: usize,
    days: &[i64],
    amounts: Option<&[f64]>,
    ends: &Ends,
    options: &RfmOptions,
) -> (RfmSummaryOf<usize>, Vec<bool>) {
    let blocks = to_blocks(codes, k, days, amounts, ends, options);
    let n_blocks = blocks.start.len() - 1;
    let one = |blk: usize| block_summary(&blocks, blk, k, amounts.is_some(), ends, options);
    #[cfg(feature = "parallel")]
    let parts: Vec<(RfmSummaryOf<usize>, Vec<bool>)> = {
        use rayon::prelude::*;
        (0..n_blocks).into_par_iter().map(one).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let parts: Vec<(RfmSummaryOf<usize>, Vec<bool>)> = (0..n_blocks).map(one).collect();
    let holdout = ends.holdout_day.is_some();
    let rows: usize = parts.iter().map(|p| p.0.customer.len()).sum();
    let mut out = RfmSummaryOf {
        customer: Vec::with_capacity(rows),
        frequency: Vec::with_capacity(rows),
        recency: Vec::with_capacity(rows),
        t: Vec::with_capacity(rows),
        monetary_value: Vec::with_capacity(rows),
        frequency_holdout: holdout.then(|| Vec::with_capacity(rows)),
        monetary_value_holdout: holdout.then(|| Vec::with_capacity(rows)),
        duration_holdout: holdout.then(|| span(ends.end_period - ends.cal_end_period, options)),
        unit: options.unit,
    };
    let mut kept = Vec::with_capacity(k);
    for (p, kp) in parts {
        out.customer.extend_from_slice(&p.customer);
        out.frequency.extend_from_slice(&p.frequency);
        out.recency.extend_from_slice(&p.recency);
        out.t.extend_from_slice(&p.t);
        out.monetary_value.extend_from_slice(&p.monetary_value);
        if let (Some(o), Some(v)) = (out.frequency_holdout.as_mut(), &p.frequency_holdout) {
            o.extend_from_slice(v);
        }
        if let (Some(o), Some(v)) = (
            out.monetary_value_holdout.as_mut(),
            &p.monetary_value_holdout,
        ) {
            o.extend_from_slice(v);
        }
        kept.extend_from_slice(&kp);
    }
    (out, kept)
}

/// [`summarize`] for the customers of block `blk`: their rows bucketed by customer (a stable
/// counting sort within the block), then one summary row per customer with a calibration
/// purchase, and the block's `kept` flags.
fn block_summary(
    b: &Blocks,
    blk: usize,
    k: usize,
    with_amounts: bool,
    ends: &Ends,
    options: &RfmOptions,
) -> (RfmSummaryOf<usize>, Vec<bool>) {
    let (lo, hi) = (b.start[blk], b.start[blk + 1]);
    let first = blk << BLOCK_BITS;
    let width = (k - first).min(1 << BLOCK_BITS);
    let mut start = vec![0usize; width + 1];
    for &c in &b.code[lo..hi] {
        start[c as usize - first + 1] += 1;
    }
    for j in 0..width {
        start[j + 1] += start[j];
    }
    let mut fill = start.clone();
    let mut keys = vec![0i64; hi - lo];
    let mut spent = vec![0f64; if with_amounts { hi - lo } else { 0 }];
    for r in lo..hi {
        let j = b.code[r] as usize - first;
        let at = fill[j];
        fill[j] += 1;
        keys[at] = b.key[r];
        if with_amounts {
            spent[at] = b.spent[r];
        }
    }
    let holdout = ends.holdout_day.is_some();
    let mut out = RfmSummaryOf {
        customer: Vec::with_capacity(width),
        frequency: Vec::with_capacity(width),
        recency: Vec::with_capacity(width),
        t: Vec::with_capacity(width),
        monetary_value: Vec::with_capacity(width),
        frequency_holdout: holdout.then(|| Vec::with_capacity(width)),
        monetary_value_holdout: holdout.then(|| Vec::with_capacity(width)),
        duration_holdout: None,
        unit: options.unit,
    };
    let mut kept = vec![false; width];
    let mut pairs: Vec<(i64, f64)> = Vec::new();
    for j in 0..width {
        let (a, z) = (start[j], start[j + 1]);
        if keys[a..z].iter().all(|&p| p >= HOLD) {
            continue; // no purchase, or only holdout ones
        }
        // (period, amount) in row order within a period: a stable sort keeps the sums' order.
        pairs.clear();
        if with_amounts {
            pairs.extend(keys[a..z].iter().copied().zip(spent[a..z].iter().copied()));
            pairs.sort_by_key(|p| p.0);
        } else {
            keys[a..z].sort_unstable();
            pairs.extend(keys[a..z].iter().map(|&p| (p, 0.0)));
        }
        // Distinct periods with their summed amounts, calibration then holdout.
        let (mut cal_n, mut cal_first, mut cal_last, mut cal_sum) = (0usize, 0i64, 0i64, 0.0);
        let (mut hold_n, mut hold_sum) = (0usize, 0.0);
        let mut i = 0;
        while i < pairs.len() {
            let p = pairs[i].0;
            let mut amount = 0.0;
            while i < pairs.len() && pairs[i].0 == p {
                amount += pairs[i].1;
                i += 1;
            }
            if p >= HOLD {
                hold_n += 1;
                hold_sum += amount;
            } else {
                if cal_n == 0 {
                    cal_first = p;
                } else {
                    cal_sum += amount;
                }
                cal_n += 1;
                cal_last = p;
            }
        }
        kept[j] = true;
        let repeats = cal_n - 1;
        out.customer.push(first + j);
        out.frequency.push(repeats as f64);
        out.recency.push(span(cal_last - cal_first, options));
        out.t.push(span(ends.cal_end_period - cal_first, options));
        out.monetary_value.push(if repeats == 0 {
            0.0
        } else {
            cal_sum / repeats as f64
        });
        if let (Some(fh), Some(mh)) = (
            out.frequency_holdout.as_mut(),
            out.monetary_value_holdout.as_mut(),
        ) {
            fh.push(hold_n as f64);
            mh.push(if hold_n == 0 {
                0.0
            } else {
                hold_sum / hold_n as f64
            });
        }
    }
    (out, kept)
}

impl RfmSummaryOf<usize> {
    /// The rows of the customers in `order` (codes) that were `kept`, with their ids.
    fn select<C>(self, order: &[u32], kept: &[bool], id: impl Fn(usize) -> C) -> RfmSummaryOf<C> {
        // Row of each kept code in this (code-ordered) summary.
        let mut row = vec![usize::MAX; kept.len()];
        for (r, &c) in self.customer.iter().enumerate() {
            row[c] = r;
        }
        let rows: Vec<usize> = order
            .iter()
            .map(|&c| c as usize)
            .filter(|&c| kept[c])
            .map(|c| row[c])
            .collect();
        let pick = |v: &[f64]| rows.iter().map(|&r| v[r]).collect::<Vec<f64>>();
        RfmSummaryOf {
            customer: rows.iter().map(|&r| id(self.customer[r])).collect(),
            frequency: pick(&self.frequency),
            recency: pick(&self.recency),
            t: pick(&self.t),
            monetary_value: pick(&self.monetary_value),
            frequency_holdout: self.frequency_holdout.as_deref().map(pick),
            monetary_value_holdout: self.monetary_value_holdout.as_deref().map(pick),
            duration_holdout: self.duration_holdout,
            unit: self.unit,
        }
    }
}

/// Named RFM segments on the recency and frequency scores (the widely used 10-cell R×F grid).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RfmSegment {
    /// R 5, F 4–5.
    Champions,
    /// R 3–4, F 4–5.
    LoyalCustomers,
    /// R 4–5, F 2–3.
    PotentialLoyalists,
    /// R 5, F 1.
    NewCustomers,
    /// R 4, F 1.
    Promising,
    /// R 3, F 3.
    NeedAttention,
    /// R 3, F 1–2.
    AboutToSleep,
    /// R 1–2, F 3–4.
    AtRisk,
    /// R 1–2, F 5.
    CantLose,
    /// R 1–2, F 1–2.
    Hibernating,
}

impl RfmSegment {
    /// The segment of recency score `r` and frequency score `f` (each 1–5).
    pub fn from_scores(r: u8, f: u8) -> Self {
        match (r, f) {
            (5, 4..) => Self::Champions,
            (3 | 4, 4..) => Self::LoyalCustomers,
            (4 | 5, 2 | 3) => Self::PotentialLoyalists,
            (5.., _) => Self::NewCustomers,
            (4, _) => Self::Promising,
            (3, 3) => Self::NeedAttention,
            (3, _) => Self::AboutToSleep,
            (_, 5..) => Self::CantLose,
            (_, 3 | 4) => Self::AtRisk,
            _ => Self::Hibernating,
        }
    }

    /// `snake_case` name, e.g. `"champions"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Champions => "champions",
            Self::LoyalCustomers => "loyal_customers",
            Self::PotentialLoyalists => "potential_loyalists",
            Self::NewCustomers => "new_customers",
            Self::Promising => "promising",
            Self::NeedAttention => "need_attention",
            Self::AboutToSleep => "about_to_sleep",
            Self::AtRisk => "at_risk",
            Self::CantLose => "cant_lose",
            Self::Hibernating => "hibernating",
        }
    }
}

/// RFM quintile scores (1–5, 5 best) and segments, one per customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RfmScores {
    /// Recency score: 5 = the fifth of customers whose last purchase is most recent (smallest
    /// `T − recency`).
    pub r: Vec<u8>,
    /// Frequency score: 5 = the fifth with the most repeat purchases.
    pub f: Vec<u8>,
    /// Monetary score: 5 = the fifth with the highest mean spend.
    pub m: Vec<u8>,
    /// Segment from (r, f), see [`RfmSegment::from_scores`].
    pub segment: Vec<RfmSegment>,
}

/// Quintile score of each value: 1 + ⌊5 · (number of strictly smaller values) / n⌋, so tied
/// values share a score.
fn quintiles(values: &[f64]) -> Vec<u8> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    let n = values.len() as f64;
    values
        .iter()
        .map(|v| {
            let below = sorted.partition_point(|s| s < v) as f64;
            (1.0 + (5.0 * below / n).floor()).min(5.0) as u8
        })
        .collect()
}

/// RFM quintile scores and segments from an RFM summary's columns.
///
/// # Errors
/// [`CxError::Empty`](crate::CxError::Empty), [`CxError::LengthMismatch`](crate::CxError::LengthMismatch), [`CxError::InvalidInput`](crate::CxError::InvalidInput) naming a
/// non-finite value with its index.
pub fn rfm_scores(
    frequency: &[f64],
    recency: &[f64],
    t: &[f64],
    monetary_value: &[f64],
) -> Result<RfmScores> {
    check_len_at_least("frequency", frequency.len(), 1)?;
    check_same_len("frequency", frequency.len(), "recency", recency.len())?;
    check_same_len("frequency", frequency.len(), "T", t.len())?;
    check_same_len(
        "frequency",
        frequency.len(),
        "monetary_value",
        monetary_value.len(),
    )?;
    for (name, col) in [
        ("frequency", frequency),
        ("recency", recency),
        ("T", t),
        ("monetary_value", monetary_value),
    ] {
        if let Some((i, v)) = col.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(CxError::invalid_at(name, i, v, "must be finite"));
        }
    }
    let since_last: Vec<f64> = t.iter().zip(recency).map(|(t, r)| -(t - r)).collect();
    let r = quintiles(&since_last);
    let f = quintiles(frequency);
    let m = quintiles(monetary_value);
    let segment = r
        .iter()
        .zip(&f)
        .map(|(&r, &f)| RfmSegment::from_scores(r, f))
        .collect();
    Ok(RfmScores { r, f, m, segment })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono::Utc;

    fn at(y: i32, m: u32, d: u32) -> Timestamp {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    /// Pseudo-random transactions (an LCG): ids, timestamps at noon and amounts.
    fn random_transactions(
        n: usize,
        ids: i64,
        spread: i64,
    ) -> (Vec<i64>, Vec<Timestamp>, Vec<f64>) {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            x >> 33
        };
        let mut c = Vec::new();
        let mut t = Vec::new();
        let mut a = Vec::new();
        for _ in 0..n {
            c.push((next().cast_signed() % ids) * spread - 7);
            t.push(at(2023, 1, 1) + chrono::Duration::days((next() % 500).cast_signed()));
            a.push((next() % 1000) as f64 / 8.0);
        }
        (c, t, a)
    }

    #[test]
    fn integer_ids_give_the_text_ids_summary() {
        for (spread, unit, holdout) in [
            (1, TimeUnit::Day, None),
            (1, TimeUnit::Week, Some(at(2024, 2, 1))),
            (1_000_003, TimeUnit::Month, Some(at(2024, 3, 1))), // sparse ids: the hash path
        ] {
            let (c, t, a) = random_transactions(5_000, 400, spread);
            let o = RfmOptions {
                unit,
                observation_end: Some(at(2024, 4, 30)),
                holdout_start: holdout,
                ..RfmOptions::default()
            };
            let text: Vec<String> = c.iter().map(ToString::to_string).collect();
            let want = rfm_summary_columns(&text, &t, Some(&a), &o).unwrap();
            let days: Vec<i64> = t.iter().map(day_number).collect();
            let got = rfm_summary_ids(&c, &days, Some(&a), &o).unwrap();
            assert_eq!(got.len(), want.len());
            assert!(got.customer.windows(2).all(|w| w[0] < w[1]));
            for (i, id) in got.customer.iter().enumerate() {
                let j = want
                    .customer
                    .iter()
                    .position(|w| *w == id.to_string())
                    .unwrap();
                assert_eq!(got.frequency[i], want.frequency[j]);
                assert_eq!(got.recency[i], want.recency[j]);
                assert_eq!(got.t[i], want.t[j]);
                assert_eq!(got.monetary_value[i], want.monetary_value[j]);
                if let (Some(g), Some(w)) = (&got.frequency_holdout, &want.frequency_holdout) {
                    assert_eq!(g[i], w[j]);
                    let (g, w) = (
                        got.monetary_value_holdout.as_ref().unwrap()[i],
                        want.monetary_value_holdout.as_ref().unwrap()[j],
                    );
                    assert!((g - w).abs() <= 1e-12 * w.abs());
                }
            }
            assert_eq!(got.duration_holdout, want.duration_holdout);
        }
        // Errors name the field as the text path does.
        let e = rfm_summary_ids(&[1, 2], &[1], None, &RfmOptions::default()).unwrap_err();
        assert!(matches!(e, CxError::LengthMismatch { .. }), "{e:?}");
        let e = rfm_summary_ids(&[1], &[1], Some(&[-1.0]), &RfmOptions::default()).unwrap_err();
        assert!(e.to_string().contains("amount"), "{e}");
    }

    #[test]
    fn same_period_purchases_count_once() {
        let c = ["a", "a", "a", "a", "b"];
        let t = [
            at(2024, 1, 1),
            at(2024, 1, 1),
            at(2024, 1, 10),
            at(2024, 2, 1),
            at(2024, 1, 20),
        ];
        let amount = [10.0, 5.0, 20.0, 30.0, 7.0];
        let o = RfmOptions {
            unit: TimeUnit::Day,
            observation_end: Some(at(2024, 2, 10)),
            ..RfmOptions::default()
        };
        let s = rfm_summary_columns(&c, &t, Some(&amount), &o).unwrap();
        assert_eq!(s.customer, ["a", "b"]);
        assert_eq!(s.frequency, [2.0, 0.0]);
        assert_eq!(s.recency, [31.0, 0.0]);
        assert_eq!(s.t, [40.0, 21.0]);
        assert_eq!(s.monetary_value, [25.0, 0.0]);
        // Calendar weeks: Jan 1 2024 is a Monday, so Jan 1 and Jan 10 are different ISO weeks.
        let w = RfmOptions {
            unit: TimeUnit::Week,
            ..o
        };
        let s = rfm_summary_columns(&c, &t, Some(&amount), &w).unwrap();
        assert_eq!(s.frequency, [2.0, 0.0]);
        assert_eq!(s.recency, [4.0, 0.0]);
        let mo = RfmOptions {
            unit: TimeUnit::Month,
            ..o
        };
        let s = rfm_summary_columns(&c, &t, Some(&amount), &mo).unwrap();
        assert_eq!(s.frequency, [1.0, 0.0]);
        assert_eq!(s.monetary_value, [30.0, 0.0]);
        // Holdout split on Jan 15: a's Feb 1 purchase is a holdout purchase; b starts after.
        let h = RfmOptions {
            holdout_start: Some(at(2024, 1, 15)),
            ..o
        };
        let s = rfm_summary_columns(&c, &t, Some(&amount), &h).unwrap();
        assert_eq!(s.customer, ["a"]);
        assert_eq!(s.frequency, [1.0]);
        assert_eq!(s.t, [13.0]);
        assert_eq!(s.frequency_holdout, Some(vec![1.0]));
        assert_eq!(s.duration_holdout, Some(27.0));
    }

    #[test]
    fn errors_and_scores() {
        let t = [at(2024, 1, 1)];
        let e = rfm_summary_columns(&["a"], &t, Some(&[-1.0]), &RfmOptions::default()).unwrap_err();
        assert_eq!(e.field(), Some("amount"));
        let e = rfm_summary_columns(&[" "], &t, None, &RfmOptions::default()).unwrap_err();
        assert_eq!(e.field(), Some("customer"));
        let e = rfm_summary_columns(&["a", "b"], &t, None, &RfmOptions::default()).unwrap_err();
        assert_eq!(e.code(), "CX_LENGTH_MISMATCH");
        let f: Vec<f64> = (0..10).map(f64::from).collect();
        let rec: Vec<f64> = (0..10).map(f64::from).collect();
        let tt = vec![10.0; 10];
        let s = rfm_scores(&f, &rec, &tt, &f).unwrap();
        assert_eq!(s.f, [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
        assert_eq!(s.r, s.f);
        assert_eq!(s.segment[9], RfmSegment::Champions);
        assert_eq!(s.segment[0], RfmSegment::Hibernating);
        assert_eq!(RfmSegment::from_scores(1, 5).as_str(), "cant_lose");
        assert_eq!(RfmSegment::from_scores(5, 1), RfmSegment::NewCustomers);
        assert_eq!(RfmSegment::from_scores(3, 3), RfmSegment::NeedAttention);
    }
}
