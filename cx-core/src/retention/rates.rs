//! Churn and retention rates, from counts or from an activity table.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::activity::Activity;
use crate::domain::Timestamp;
use crate::error::{CxError, Result};
use crate::survey::Period;
use crate::survey::interval::{wilson, z_critical};

/// A rate `numerator / denominator` with its Wilson score interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rate {
    /// The rate as a proportion in [0, 1] (multiply by 100 for percent).
    pub rate: f64,
    /// Customers counted in the numerator (lost for churn, retained for retention).
    pub numerator: f64,
    /// Customers at the start of the period.
    pub denominator: f64,
    /// Confidence level of `ci`.
    pub level: f64,
    /// Wilson (1927) score interval for the rate, as proportions.
    pub ci: (f64, f64),
}

fn count(field: &str, v: f64) -> Result<f64> {
    if v.is_finite() && v >= 0.0 {
        Ok(v)
    } else {
        Err(CxError::InvalidInput {
            field: field.into(),
            index: None,
            value: Some(v.to_string()),
            reason: "must be a finite count, zero or more".into(),
        })
    }
}

fn rate(numerator: f64, denominator: f64, level: f64) -> Result<Rate> {
    let z = z_critical(level)?;
    Ok(Rate {
        rate: numerator / denominator,
        numerator,
        denominator,
        level,
        ci: wilson(numerator, denominator, z),
    })
}

/// Churn rate of one period: customers lost during the period ÷ customers at its start.
///
/// Counts may be weighted (non-integer). The interval is Wilson's score interval
/// (Wilson 1927, JASA 22, 209–212) for `lost` out of `customers_at_start`.
pub fn churn_rate(customers_at_start: f64, lost: f64, level: f64) -> Result<Rate> {
    let start = count("customers_at_start", customers_at_start)?;
    let lost = count("lost", lost)?;
    if start == 0.0 {
        return Err(CxError::invalid(
            "customers_at_start",
            "no customers at the start of the period: the rate is undefined",
        ));
    }
    if lost > start {
        return Err(CxError::InvalidInput {
            field: "lost".into(),
            index: None,
            value: Some(lost.to_string()),
            reason: format!("cannot exceed customers_at_start ({start})"),
        });
    }
    rate(lost, start, level)
}

/// Retention rate of one period: (customers at end − new customers) ÷ customers at start.
///
/// This is the usual customer-retention-rate formula (×100 for percent); the interval is
/// Wilson's for the retained count `customers_at_end − new_customers` out of
/// `customers_at_start`.
pub fn retention_rate(
    customers_at_start: f64,
    customers_at_end: f64,
    new_customers: f64,
    level: f64,
) -> Result<Rate> {
    let start = count("customers_at_start", customers_at_start)?;
    let end = count("customers_at_end", customers_at_end)?;
    let new = count("new_customers", new_customers)?;
    if start == 0.0 {
        return Err(CxError::invalid(
            "customers_at_start",
            "no customers at the start of the period: the rate is undefined",
        ));
    }
    if new > end {
        return Err(CxError::InvalidInput {
            field: "new_customers".into(),
            index: None,
            value: Some(new.to_string()),
            reason: format!("cannot exceed customers_at_end ({end})"),
        });
    }
    if end - new > start {
        return Err(CxError::InvalidInput {
            field: "customers_at_end".into(),
            index: None,
            value: Some(end.to_string()),
            reason: format!(
                "customers_at_end - new_customers ({}) cannot exceed customers_at_start ({start})",
                end - new
            ),
        });
    }
    rate(end - new, start, level)
}

/// Churn and retention of one period, computed from activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodRates {
    /// First day of the period.
    pub period_start: NaiveDate,
    /// Customers active in the previous period.
    pub customers_at_start: u64,
    /// Customers active in this period.
    pub customers_at_end: u64,
    /// Customers whose first activity is in this period.
    pub new_customers: u64,
    /// Active in the previous period and in this one.
    pub retained: u64,
    /// Active in the previous period but not in this one.
    pub lost: u64,
    /// Active in this period, not in the previous one, but seen before it.
    pub resurrected: u64,
    /// `lost / customers_at_start`; `None` when nobody was active in the previous period.
    pub churn: Option<Rate>,
    /// `retained / customers_at_start` (equals 1 − churn); `None` likewise.
    pub retention: Option<Rate>,
}

/// Churn and retention per calendar period from an activity table of `(customer, timestamp)`
/// rows (purchases, log-ins, any activity).
///
/// A customer counts as a customer of a period when active in it. For period *p* (every
/// period after the first observed one, empty periods included): customers at start are
/// those active in *p − 1*, lost are those among them not active in *p*, and retained are
/// those active in both, so retention = (end − new − resurrected) ÷ start = 1 − churn; a
/// returning customer who skipped a period is reported as `resurrected`, not retained.
pub fn period_rates<S: AsRef<str>>(
    customers: &[S],
    timestamps: &[Timestamp],
    period: Period,
    level: f64,
) -> Result<Vec<PeriodRates>> {
    z_critical(level)?;
    let act = Activity::build(customers, timestamps, period)?;
    let stages = super::lifecycle::stage_counts(&act);
    let mut out = Vec::with_capacity(act.span().saturating_sub(1));
    for k in 1..act.span() {
        let (prev, cur) = (&stages[k - 1], &stages[k]);
        let start = prev.active();
        let retained = cur.returning;
        let (churn, retention) = if start == 0 {
            (None, None)
        } else {
            (
                Some(rate(cur.dormant as f64, start as f64, level)?),
                Some(rate(retained as f64, start as f64, level)?),
            )
        };
        out.push(PeriodRates {
            period_start: act.start_of_slot(period, k),
            customers_at_start: start,
            customers_at_end: cur.active(),
            new_customers: cur.new,
            retained,
            lost: cur.dormant,
            resurrected: cur.resurrecting,
            churn,
            retention,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    #[test]
    fn retention_formula_by_hand() {
        // 100 at start, 120 at end of which 30 new: (120 − 30) / 100 = 90%.
        let r = retention_rate(100.0, 120.0, 30.0, 0.95).unwrap();
        assert_abs_diff_eq!(r.rate, 0.9, epsilon = 1e-15);
        // Wilson for 90/100 at 95%: (0.8256, 0.9448), Newcombe (1998) method 3 gives the same.
        assert_abs_diff_eq!(r.ci.0, 0.825_64, epsilon = 1e-4);
        assert_abs_diff_eq!(r.ci.1, 0.944_77, epsilon = 1e-4);
        let c = churn_rate(100.0, 10.0, 0.95).unwrap();
        assert_abs_diff_eq!(c.rate, 0.1, epsilon = 1e-15);
        assert!(churn_rate(10.0, 11.0, 0.95).is_err());
        assert!(churn_rate(0.0, 0.0, 0.95).is_err());
        assert!(retention_rate(10.0, 5.0, 6.0, 0.95).is_err());
        assert!(retention_rate(10.0, 25.0, 6.0, 0.95).is_err());
        assert!(churn_rate(f64::NAN, 1.0, 0.95).is_err());
    }
}
