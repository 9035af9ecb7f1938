//! Cohort retention tables: customers grouped by the period of their first activity.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::activity::Activity;
use crate::domain::Timestamp;
use crate::error::Result;
use crate::survey::Period;

/// One cohort: customers whose first activity falls in the same period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortRow {
    /// First day of the acquisition period.
    pub cohort_start: NaiveDate,
    /// Customers in the cohort (equals `active[0]`).
    pub size: u64,
    /// `active[k]`: cohort members active `k` periods after acquisition, for every `k` up to
    /// the last observed period (so later cohorts have shorter rows).
    pub active: Vec<u64>,
    /// `active[k] / size`.
    pub share: Vec<f64>,
}

/// A cohort retention table (cohorts × periods since acquisition).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortTable {
    /// Calendar period of cohorts and of the columns.
    pub period: Period,
    /// Cohorts in time order; periods without new customers are left out.
    pub cohorts: Vec<CohortRow>,
}

/// Builds the cohort retention table from `(customer, timestamp)` activity rows.
///
/// A customer belongs to the cohort of the period of their first activity; column `k`
/// counts distinct cohort members with any activity `k` periods later (classic "triangle"
/// retention, not rolling/unbounded retention).
pub fn cohort_table<S: AsRef<str>>(
    customers: &[S],
    timestamps: &[Timestamp],
    period: Period,
) -> Result<CohortTable> {
    let act = Activity::build(customers, timestamps, period)?;
    let mut active: Vec<Vec<u64>> = (0..act.span()).map(|k| vec![0; act.span() - k]).collect();
    for ps in &act.periods {
        let c = ps[0];
        let row = &mut active[(c - act.first) as usize];
        for &p in ps {
            row[(p - c) as usize] += 1;
        }
    }
    let cohorts = active
        .into_iter()
        .enumerate()
        .filter(|(_, row)| row[0] > 0)
        .map(|(k, row)| {
            let size = row[0];
            CohortRow {
                cohort_start: act.start_of_slot(period, k),
                size,
                share: row.iter().map(|&a| a as f64 / size as f64).collect(),
                active: row,
            }
        })
        .collect();
    Ok(CohortTable { period, cohorts })
}
