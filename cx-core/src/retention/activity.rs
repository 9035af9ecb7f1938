//! Which calendar periods each customer was active in: the shared input of rates, cohorts and
//! lifecycle stages.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::domain::Timestamp;
use crate::error::{CxError, Result, check_len_at_least, check_same_len};
use crate::survey::Period;

/// A period as a consecutive integer: days, ISO weeks or months since the common era.
pub(crate) fn period_index(period: Period, t: &Timestamp) -> i64 {
    let d = period.start_of(t);
    match period {
        Period::Day => i64::from(d.num_days_from_ce()),
        // 0001-01-01 is a Monday with day number 1, so every Monday is 1 modulo 7.
        Period::IsoWeek => (i64::from(d.num_days_from_ce()) - 1).div_euclid(7),
        Period::Month => i64::from(d.year()) * 12 + i64::from(d.month0()),
    }
}

/// First day of the period with index `idx` (inverse of [`period_index`]).
pub(crate) fn period_start(period: Period, idx: i64) -> NaiveDate {
    let day = |n: i64| {
        i32::try_from(n)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
    };
    let d = match period {
        Period::Day => day(idx),
        Period::IsoWeek => day(idx * 7 + 1),
        Period::Month => i32::try_from(idx.div_euclid(12))
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, idx.rem_euclid(12) as u32 + 1, 1)),
    };
    d.unwrap_or(NaiveDate::MIN)
}

/// Longest span of periods accepted (2,700 years of days): per-period tables stay small.
pub(crate) const MAX_PERIODS: i64 = 1_000_000;

/// Sorted distinct active periods of every customer, and the observed period range.
pub(crate) struct Activity {
    /// One sorted, duplicate-free list of period indices per customer.
    pub periods: Vec<Vec<i64>>,
    /// First observed period (any customer).
    pub first: i64,
    /// Last observed period (any customer).
    pub last: i64,
}

impl Activity {
    /// Groups `(customer, timestamp)` rows; customers are compared by their id text.
    pub fn build<S: AsRef<str>>(
        customers: &[S],
        timestamps: &[Timestamp],
        period: Period,
    ) -> Result<Self> {
        check_same_len("customers", customers.len(), "timestamps", timestamps.len())?;
        check_len_at_least("customers", customers.len(), 1)?;
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let mut periods: Vec<Vec<i64>> = Vec::new();
        for (i, (c, t)) in customers.iter().zip(timestamps).enumerate() {
            let c = c.as_ref();
            if c.is_empty() {
                return Err(CxError::invalid_at(
                    "customers",
                    i,
                    "\"\"",
                    "customer id must not be empty",
                ));
            }
            let next = periods.len();
            let k = *ids.entry(c).or_insert(next);
            if k == next {
                periods.push(Vec::new());
            }
            periods[k].push(period_index(period, t));
        }
        let mut first = i64::MAX;
        let mut last = i64::MIN;
        for p in &mut periods {
            p.sort_unstable();
            p.dedup();
            first = first.min(p[0]);
            last = last.max(p[p.len() - 1]);
        }
        if last - first >= MAX_PERIODS {
            return Err(CxError::InvalidInput {
                field: "timestamps".into(),
                index: None,
                value: Some(format!("{} {period} periods", last - first + 1)),
                reason: format!(
                    "activity spans more than {MAX_PERIODS} periods; use a coarser period"
                ),
            });
        }
        Ok(Self {
            periods,
            first,
            last,
        })
    }

    /// First day of the `k`-th period after `first`.
    pub fn start_of_slot(&self, period: Period, k: usize) -> NaiveDate {
        period_start(period, self.first.saturating_add_unsigned(k as u64))
    }

    /// Number of periods from `first` to `last` inclusive.
    pub fn span(&self) -> usize {
        (self.last - self.first + 1) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::parse_timestamp;

    #[test]
    fn indices_round_trip_to_period_starts() {
        for s in ["2024-01-01", "2024-02-29", "1999-12-31", "2021-01-03"] {
            let t = parse_timestamp(s).unwrap();
            for p in [Period::Day, Period::IsoWeek, Period::Month] {
                assert_eq!(
                    period_start(p, period_index(p, &t)),
                    p.start_of(&t),
                    "{s} {p}"
                );
            }
        }
        // 2021-01-03 is a Sunday: its ISO week starts on Monday 2020-12-28.
        let t = parse_timestamp("2021-01-03").unwrap();
        let w = period_index(Period::IsoWeek, &t);
        assert_eq!(
            period_start(Period::IsoWeek, w + 1).to_string(),
            "2021-01-04"
        );
    }
}
