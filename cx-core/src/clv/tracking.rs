//! Tracking of a purchase model against a cohort's repeat transactions, period by period over
//! the calibration and holdout periods (Fader, Hardie and Lee 2005, "Counting Your Customers
//! the Easy Way", Figures 2 and 3: weekly and cumulative repeat transactions, actual vs
//! expected).
//!
//! The expected cumulative repeat transactions at the end of period k are
//! `Σᵢ E[X(aᵢₖ)]`, the model's unconditional expectation for each customer over their own time
//! since their first purchase, `aᵢₖ = (last day of period k − first purchase day) / unit`
//! (the day convention of the fractional RFM summary, so that at the end of calibration
//! `aᵢₖ = Tᵢ`). Customers share a first-purchase day in practice, so `E[X]` is evaluated once
//! per (first day, period).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::clv::PurchaseModel;
use crate::clv::value::TimeUnit;
use crate::domain::Timestamp;
use crate::error::{CxError, Result, check_len_at_least, check_same_len};

/// One period of [`tracking`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackingRow {
    /// Period number, 1 = the period starting on the first day.
    pub period: u32,
    /// Time from the first day to the end of the period, in the unit.
    pub end: f64,
    /// Whether the period lies in the holdout (starts on or after `holdout_start`).
    pub holdout: bool,
    /// Repeat transactions (purchase days after each customer's first) in the period.
    pub actual: f64,
    /// Repeat transactions from the first day to the end of the period.
    pub actual_cumulative: f64,
    /// Expected repeat transactions in the period (difference of the cumulative values).
    pub expected: f64,
    /// Expected repeat transactions from the first day to the end of the period.
    pub expected_cumulative: f64,
}

/// Days since 1970-01-01 of a timestamp's UTC date.
fn day_number(t: &Timestamp) -> i64 {
    use chrono::Datelike;
    i64::from(t.date_naive().num_days_from_ce()) - 719_163
}

/// Period-by-period tracking of `model` (fitted in `unit`, with times as days ÷ the unit's
/// length in days, as the fractional RFM summary measures them) against the transactions:
/// customer id and timestamp of each purchase, any order, purchases on the same day counting
/// once. The cohort is the customers whose first purchase is before `holdout_start`; periods
/// of `unit` run from `start` (default: the first purchase day) to `end` (default: the last
/// purchase day; the last period may be shorter).
///
/// # Errors
/// [`CxError::Empty`] without transactions, [`CxError::LengthMismatch`],
/// [`CxError::InvalidInput`] naming `customer` (empty id), `start` (after the first cohort
/// purchase or after `end`), `holdout_start` (no customer buys before it), or errors of the
/// model's predictions.
pub fn tracking<S: AsRef<str>, M: PurchaseModel + ?Sized>(
    model: &M,
    customers: &[S],
    timestamps: &[Timestamp],
    unit: TimeUnit,
    holdout_start: Timestamp,
    start: Option<Timestamp>,
    end: Option<Timestamp>,
) -> Result<Vec<TrackingRow>> {
    check_len_at_least("timestamp", timestamps.len(), 1)?;
    check_same_len("customer", customers.len(), "timestamp", timestamps.len())?;
    if let Some(i) = customers.iter().position(|c| c.as_ref().trim().is_empty()) {
        return Err(CxError::invalid_at(
            "customer",
            i,
            "\"\"",
            "customer id is empty",
        ));
    }
    let days: Vec<i64> = timestamps.iter().map(day_number).collect();
    let holdout_day = day_number(&holdout_start);
    let end_day = end
        .as_ref()
        .map_or_else(|| days.iter().copied().max().unwrap_or(0), day_number);
    // Purchase days per customer.
    let mut by_customer: HashMap<&str, HashSet<i64>> = HashMap::new();
    for (c, &d) in customers.iter().zip(&days) {
        if d <= end_day {
            by_customer.entry(c.as_ref()).or_default().insert(d);
        }
    }
    // First day → customers; repeat day → count (cohort only).
    let mut firsts: BTreeMap<i64, f64> = BTreeMap::new();
    let mut repeats: BTreeMap<i64, f64> = BTreeMap::new();
    for purchase_days in by_customer.values() {
        let first = *purchase_days.iter().min().unwrap_or(&0);
        if first >= holdout_day {
            continue;
        }
        *firsts.entry(first).or_default() += 1.0;
        for &d in purchase_days {
            if d > first {
                *repeats.entry(d).or_default() += 1.0;
            }
        }
    }
    let Some((&first_cohort_day, _)) = firsts.iter().next() else {
        return Err(CxError::invalid(
            "holdout_start",
            "no customer makes a first purchase before holdout_start",
        ));
    };
    let start_day = start.as_ref().map_or(first_cohort_day, day_number);
    if start_day > first_cohort_day || start_day > end_day {
        return Err(CxError::invalid(
            "start",
            "start must not be after the first purchase of the cohort or after end",
        ));
    }
    let len = unit.days();
    let len_days = len.round().max(1.0) as i64;
    let n_periods = (end_day - start_day) / len_days + 1;
    let mut rows = Vec::with_capacity(n_periods as usize);
    let (mut act_cum, mut exp_prev) = (0.0, 0.0);
    let mut repeat_iter = repeats.range(start_day..).peekable();
    for k in 1..=n_periods {
        let first_day = start_day + (k - 1) * len_days;
        let last_day = (start_day + k * len_days - 1).min(end_day);
        let mut actual = 0.0;
        while let Some(&(&d, &n)) = repeat_iter.peek() {
            if d > last_day {
                break;
            }
            actual += n;
            repeat_iter.next();
        }
        act_cum += actual;
        let mut expected_cumulative = 0.0;
        for (&f, &n) in firsts.range(..=last_day) {
            expected_cumulative += n * model.expected_purchases_new((last_day - f) as f64 / len)?;
        }
        rows.push(TrackingRow {
            period: u32::try_from(k).unwrap_or(u32::MAX),
            end: (last_day + 1 - start_day) as f64 / len,
            holdout: first_day >= holdout_day,
            actual,
            actual_cumulative: act_cum,
            expected: expected_cumulative - exp_prev,
            expected_cumulative,
        });
        exp_prev = expected_cumulative;
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::{BgNbd, BgNbdParams};
    use chrono::{TimeZone, Utc};

    fn day(d: u32) -> Timestamp {
        Utc.with_ymd_and_hms(2024, 1, d, 12, 0, 0).unwrap()
    }

    /// Hand-checked: weekly periods from Jan 1; customer a buys on days 1, 3 (repeat, week 1)
    /// and 9 (repeat, week 2), twice on day 9; b buys on day 2 only; c first buys on day 15,
    /// in the holdout, and is not in the cohort.
    #[test]
    fn counts_and_expectations_by_hand() {
        let m = BgNbd::from_params(BgNbdParams {
            r: 0.243,
            alpha: 4.414,
            a: 0.793,
            b: 2.426,
        })
        .unwrap();
        let c = ["a", "a", "a", "a", "b", "c", "c"];
        let t = [day(1), day(3), day(9), day(9), day(2), day(15), day(16)];
        let rows = tracking(&m, &c, &t, TimeUnit::Week, day(15), None, None).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows.iter().map(|r| r.actual).collect::<Vec<_>>(),
            [1.0, 1.0, 0.0]
        );
        assert_eq!(rows[2].actual_cumulative, 2.0);
        assert_eq!(
            rows.iter().map(|r| r.holdout).collect::<Vec<_>>(),
            [false, false, true]
        );
        // End of week 1 = day 7: a is 6 days old, b 5 days.
        let e = |days: f64| m.expected_purchases_new(days / 7.0).unwrap();
        assert!((rows[0].expected_cumulative - (e(6.0) + e(5.0))).abs() < 1e-12);
        // Last period ends on the last purchase day (16): a 15 days, b 14 days.
        assert!((rows[2].expected_cumulative - (e(15.0) + e(14.0))).abs() < 1e-12);
        let total: f64 = rows.iter().map(|r| r.expected).sum();
        assert!((total - rows[2].expected_cumulative).abs() < 1e-12);
        assert!((rows[2].end - 16.0 / 7.0).abs() < 1e-12);
    }

    #[test]
    fn bad_inputs_are_named() {
        let m = BgNbd::from_params(BgNbdParams {
            r: 0.2,
            alpha: 4.0,
            a: 0.8,
            b: 2.4,
        })
        .unwrap();
        let e = tracking(&m, &["a"], &[day(5)], TimeUnit::Week, day(2), None, None).unwrap_err();
        assert_eq!(e.field(), Some("holdout_start"));
        let e = tracking(
            &m,
            &["a"],
            &[day(5)],
            TimeUnit::Week,
            day(9),
            Some(day(6)),
            None,
        )
        .unwrap_err();
        assert_eq!(e.field(), Some("start"));
        let e = tracking(&m, &[""], &[day(5)], TimeUnit::Week, day(9), None, None).unwrap_err();
        assert_eq!(e.field(), Some("customer"));
        let e = tracking(
            &m,
            &["a", "b"],
            &[day(5)],
            TimeUnit::Week,
            day(9),
            None,
            None,
        )
        .unwrap_err();
        assert_eq!(e.code(), "CX_LENGTH_MISMATCH");
    }
}
