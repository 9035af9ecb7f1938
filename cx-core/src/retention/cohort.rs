//! Cohort retention tables: customers grouped by the period of their first activity.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::activity::Activity;
use crate::domain::Timestamp;
use crate::error::{CxError, Result};

/// Most cells (cohorts × periods) a cohort table may hold.
const MAX_CELLS: usize = 50_000_000;
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
    let span = act.span();
    // Allocate only the rows of cohorts that exist, and refuse tables too big to hold.
    let mut rows: Vec<Option<Vec<u64>>> = vec![None; span];
    let mut cells = 0usize;
    for ps in &act.periods {
        let k = (ps[0] - act.first) as usize;
        if rows[k].is_none() {
            cells += span - k;
            if cells > MAX_CELLS {
                return Err(CxError::InvalidInput {
                    field: "timestamps".into(),
                    index: None,
                    value: Some(format!("{span} {period} periods")),
                    reason: format!(
                        "the cohort table would exceed {MAX_CELLS} cells; use a coarser period"
                    ),
                });
            }
            rows[k] = Some(vec![0; span - k]);
        }
    }
    for ps in &act.periods {
        let c = ps[0];
        if let Some(row) = rows[(c - act.first) as usize].as_mut() {
            for &p in ps {
                row[(p - c) as usize] += 1;
            }
        }
    }
    let cohorts = rows
        .into_iter()
        .enumerate()
        .filter_map(|(k, row)| {
            let row = row?;
            let size = row[0];
            Some(CohortRow {
                cohort_start: act.start_of_slot(period, k),
                size,
                share: row.iter().map(|&a| a as f64 / size as f64).collect(),
                active: row,
            })
        })
        .collect();
    Ok(CohortTable { period, cohorts })
}
