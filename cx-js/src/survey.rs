//! Survey breakdowns for JS: `npsBySegment` and `npsTrend` (the per-answer metrics `nps`,
//! `csat`, `ces` and `NpsTally` are exported by each build directly, on their fast paths).

use cx_core::survey::{self, IntervalMethod, NpsOptions, Period};

use crate::arg;
use crate::args::{Options, Result, numbers, strings, timestamps};
use crate::val::{Val, to_val};

/// Options shared by both breakdowns: `weights`, `level`, `method`.
fn nps_options(o: &Options<'_>) -> Result<NpsOptions> {
    let mut n = NpsOptions {
        level: o.level()?,
        ..NpsOptions::default()
    };
    if let Some(m) = o.string("method")? {
        n.method = m.parse::<IntervalMethod>()?;
    }
    Ok(n)
}

/// `npsBySegment(scores, segments, {weights, level, method})`: `[{segment, result}]` sorted
/// by segment label.
pub fn nps_by_segment(args: &[Val]) -> Result<Val> {
    let o = Options::read(arg(args, 2), &["weights", "level", "method"])?;
    let scores = numbers("scores", arg(args, 0))?;
    let segments = strings("segments", arg(args, 1))?;
    let weights = o.numbers("weights")?;
    let r = survey::nps_by_segment(&scores, weights.as_deref(), &segments, nps_options(&o)?)?;
    to_val(&r)
}

/// `npsTrend(scores, timestamps, {freq, weights, level, method})`: `[{periodStart, result}]`
/// in time order, one entry per period with answers.
pub fn nps_trend(args: &[Val]) -> Result<Val> {
    let o = Options::read(arg(args, 2), &["freq", "weights", "level", "method"])?;
    let scores = numbers("scores", arg(args, 0))?;
    let times = timestamps("timestamps", arg(args, 1))?;
    let period = o.period("freq")?.unwrap_or(Period::Month);
    let weights = o.numbers("weights")?;
    let r = survey::nps_trend(
        &scores,
        weights.as_deref(),
        &times,
        period,
        nps_options(&o)?,
    )?;
    to_val(&r)
}
