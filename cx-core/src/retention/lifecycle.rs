//! Lifecycle stages per period: new, returning, resurrecting and dormant customers.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::activity::Activity;
use crate::domain::Timestamp;
use crate::error::Result;
use crate::survey::Period;

/// Customer counts by lifecycle stage in one period.
///
/// The stages follow the product-analytics convention (Amplitude's and Mixpanel's
/// "lifecycle" charts): every customer active in a period is exactly one of new, returning
/// or resurrecting; dormant customers are those active in the previous period and not in
/// this one (charts usually draw them below the axis; here they are a positive count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LifecycleCounts {
    /// First day of the period.
    pub period_start: NaiveDate,
    /// First activity ever in this period.
    pub new: u64,
    /// Active in this period and in the previous one.
    pub returning: u64,
    /// Active in this period, not in the previous one, and active some time before it.
    pub resurrecting: u64,
    /// Active in the previous period, not in this one.
    pub dormant: u64,
}

impl LifecycleCounts {
    /// Customers active in the period: new + returning + resurrecting.
    pub fn active(&self) -> u64 {
        self.new + self.returning + self.resurrecting
    }
}

/// Stage counts for every period from `act.first` to `act.last`, in order.
pub(crate) fn stage_counts(act: &Activity) -> Vec<LifecycleCounts> {
    let mut out = vec![LifecycleCounts::default(); act.span()];
    let slot = |p: i64| (p - act.first) as usize;
    for ps in &act.periods {
        for (k, &p) in ps.iter().enumerate() {
            let s = &mut out[slot(p)];
            if k == 0 {
                s.new += 1;
            } else if ps[k - 1] == p - 1 {
                s.returning += 1;
            } else {
                s.resurrecting += 1;
            }
            let gap_follows = ps.get(k + 1).is_none_or(|&q| q != p + 1);
            if gap_follows && p < act.last {
                out[slot(p + 1)].dormant += 1;
            }
        }
    }
    out
}

/// Lifecycle stage counts per calendar period from `(customer, timestamp)` activity rows,
/// for every period from the first to the last observed one (empty periods included).
pub fn lifecycle<S: AsRef<str>>(
    customers: &[S],
    timestamps: &[Timestamp],
    period: Period,
) -> Result<Vec<LifecycleCounts>> {
    let act = Activity::build(customers, timestamps, period)?;
    let mut out = stage_counts(&act);
    for (k, s) in out.iter_mut().enumerate() {
        s.period_start = act.start_of_slot(period, k);
    }
    Ok(out)
}
