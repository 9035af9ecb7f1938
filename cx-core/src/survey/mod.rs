//! Experience-survey metrics: NPS, CSAT and CES with intervals, tallies that merge across
//! shards, two-group comparison, weights, segment breakdowns and trends.

mod breakdown;
mod ces;
mod csat;
pub mod interval;
mod nps;
mod scale;

pub use breakdown::{
    Period, Periodic, Segmented, by_period, by_segment, nps_by_segment, nps_trend,
};
pub use ces::{CesOptions, CesResult, ces, ces_from_tally};
pub use csat::{CsatOptions, CsatResult, csat, csat_from_tally};
pub use nps::{
    IntervalMethod, NpsComparison, NpsOptions, NpsResult, NpsSummary, NpsTally, compare_nps, nps,
};
pub use scale::ScoreTally;
