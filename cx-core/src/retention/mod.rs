//! Retention and churn over time: rates, cohort tables, lifecycle stages, Kaplan–Meier
//! survival curves with the log-rank test, and the shifted-beta-geometric model.
//!
//! Activity-based functions take `(customer, timestamp)` rows and a calendar [`Period`]
//! (day, ISO week, month; UTC); survival functions take durations in any one time unit.

mod activity;
mod cohort;
mod customer_view;
mod events;
mod kaplan_meier;
mod lifecycle;
mod logrank;
mod rates;
mod repeat;
mod sbg;
mod sbg_cohorts;

pub use crate::survey::Period;
pub use cohort::{CohortRow, CohortTable, cohort_table};
pub use customer_view::{
    CustomerView, CustomerViewOptions, LifecycleStage, SurveyColumns, TouchpointColumns,
    TransactionColumns, ViewValue, customer_view, customer_view_of,
};
pub use events::EventFlags;
pub use kaplan_meier::{
    KaplanMeier, KaplanMeierOptions, SurvivalRow, kaplan_meier, kaplan_meier_by_segment,
    kaplan_meier_by_segment_flags, kaplan_meier_flags,
};
pub use lifecycle::{LifecycleCounts, lifecycle};
pub use logrank::{LogRankResult, logrank_test};
pub use rates::{PeriodRates, Rate, churn_rate, period_rates, retention_rate};
pub use repeat::{RepeatDurations, time_to_repeat};
pub use sbg::{SbgParams, ShiftedBetaGeometric};
pub use sbg_cohorts::{SbgCohortErrors, SbgCohortParams, SbgCohorts};
