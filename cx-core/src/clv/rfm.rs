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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RfmSummary {
    /// Customer ids.
    pub customer: Vec<String>,
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
    /// Length of the holdout period, in `unit` (the same for every customer).
    pub duration_holdout: Option<f64>,
    /// The unit of the times.
    pub unit: TimeUnit,
}

impl RfmSummary {
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

/// Checks the transaction columns of [`rfm_summary_columns`].
fn check_columns<S: AsRef<str>>(
    customers: &[S],
    timestamps: &[Timestamp],
    amounts: Option<&[f64]>,
) -> Result<()> {
    check_len_at_least("timestamp", timestamps.len(), 1)?;
    check_same_len("customer", customers.len(), "timestamp", timestamps.len())?;
    if let Some(a) = amounts {
        check_same_len("customer", customers.len(), "amount", a.len())?;
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
    let last_day = days.iter().copied().max().unwrap_or(0);
    let end_day = options
        .observation_end
        .as_ref()
        .map_or(last_day, day_number);
    let holdout_day = options.holdout_start.as_ref().map(day_number);
    if let Some(h) = holdout_day
        && h > end_day
    {
        return Err(CxError::invalid(
            "holdout_start",
            "holdout_start must not be after observation_end",
        ));
    }
    let cal_end_period = period_of(holdout_day.map_or(end_day, |h| h - 1), options);
    let end_period = period_of(end_day, options);

    // customer → (period → amount), calibration and holdout.
    let mut cal: HashMap<&str, HashMap<i64, f64>> = HashMap::new();
    let mut hold: HashMap<&str, HashMap<i64, f64>> = HashMap::new();
    for (i, c) in customers.iter().enumerate() {
        let day = days[i];
        if day > end_day {
            continue;
        }
        let amount = amounts.map_or(0.0, |a| a[i]);
        let p = period_of(day, options);
        let book = if holdout_day.is_some_and(|h| day >= h) {
            &mut hold
        } else {
            &mut cal
        };
        *book.entry(c.as_ref()).or_default().entry(p).or_insert(0.0) += amount;
    }
    let mut ids: Vec<&str> = cal.keys().copied().collect();
    ids.sort_unstable();
    let mut out = RfmSummary {
        customer: Vec::with_capacity(ids.len()),
        frequency: Vec::with_capacity(ids.len()),
        recency: Vec::with_capacity(ids.len()),
        t: Vec::with_capacity(ids.len()),
        monetary_value: Vec::with_capacity(ids.len()),
        frequency_holdout: holdout_day.map(|_| Vec::new()),
        monetary_value_holdout: holdout_day.map(|_| Vec::new()),
        duration_holdout: holdout_day.map(|_| span(end_period - cal_end_period, options)),
        unit: options.unit,
    };
    for id in ids {
        let mut periods: Vec<(i64, f64)> = cal[id].iter().map(|(p, a)| (*p, *a)).collect();
        periods.sort_unstable_by_key(|p| p.0);
        let first = periods[0].0;
        let last = periods[periods.len() - 1].0;
        let repeats = &periods[1..];
        out.customer.push(id.to_string());
        out.frequency.push(repeats.len() as f64);
        out.recency.push(span(last - first, options));
        out.t.push(span(cal_end_period - first, options));
        out.monetary_value.push(if repeats.is_empty() {
            0.0
        } else {
            repeats.iter().map(|p| p.1).sum::<f64>() / repeats.len() as f64
        });
        if let (Some(fh), Some(mh)) = (
            out.frequency_holdout.as_mut(),
            out.monetary_value_holdout.as_mut(),
        ) {
            let h = hold.get(id);
            let n = h.map_or(0, HashMap::len);
            fh.push(n as f64);
            mh.push(h.map_or(0.0, |h| {
                if n == 0 {
                    0.0
                } else {
                    h.values().sum::<f64>() / n as f64
                }
            }));
        }
    }
    Ok(out)
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
