//! Kaplan–Meier survival curves with exponential-Greenwood ("log-log") intervals.

use crate::math;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::events::{EventCounts, EventFlags, Flag, aggregate};
use crate::error::{CxError, Result, check_same_len};
use crate::survey::Segmented;
use crate::survey::interval::z_critical;

/// One row of a Kaplan–Meier table: a distinct observed duration.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SurvivalRow {
    /// The duration, in the caller's time unit.
    pub time: f64,
    /// Subjects still under observation just before `time`.
    pub at_risk: u64,
    /// Events (churn, death) at `time`.
    pub events: u64,
    /// Censored durations at `time` (still alive when last seen).
    pub censored: u64,
    /// Kaplan–Meier estimate Ŝ(time), a right-continuous step.
    pub survival: f64,
    /// Lower bound of the log-log interval for Ŝ(time).
    pub ci_low: f64,
    /// Upper bound of the log-log interval for Ŝ(time).
    pub ci_high: f64,
}

/// A fitted Kaplan–Meier curve.
///
/// Kaplan, E. L. and Meier, P. (1958). "Nonparametric estimation from incomplete
/// observations". JASA 53(282), 457–481. The interval is the exponential Greenwood
/// ("log-log") interval, Kalbfleisch and Prentice (2002), *The Statistical Analysis of Failure
/// Time Data*, §1.4: with `V = Σ d/(n(n − d))` (Greenwood 1926),
/// `exp(−exp(log(−log Ŝ) ± z·√V / log Ŝ))`; the same choices as `lifelines`
/// (`KaplanMeierFitter`), including `V`'s term being 0 where `n = d` and bounds of 1 while
/// Ŝ = 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KaplanMeier {
    /// Confidence level of the intervals.
    pub level: f64,
    /// Subjects in the data.
    pub n: u64,
    /// Observed events in the data.
    pub events: u64,
    /// One row per distinct duration, increasing in time.
    pub table: Vec<SurvivalRow>,
    /// Median survival time: the first time Ŝ ≤ 0.5 (in exact arithmetic: a 1e-12 slack
    /// absorbs rounding); +∞ when Ŝ never gets there. `lifelines` compares the rounded Ŝ and
    /// can return the next time when Ŝ is exactly 1/2 (see `tests/vectors/retention.json`,
    /// case `km_by_segment`); R's `survfit` takes the midpoint of such a flat stretch instead.
    /// In JSON an infinite median is the string `"Infinity"`.
    #[serde(with = "crate::serde_float::float")]
    pub median: f64,
    /// Interval for the median: the first times the lower and upper bounds reach ≤ 0.5
    /// (Brookmeyer and Crowley 1982 style, as `lifelines.utils.median_survival_times` on
    /// the confidence bands); +∞ where a bound never reaches 0.5 (`"Infinity"` in JSON).
    #[serde(with = "crate::serde_float::pair")]
    pub median_ci: (f64, f64),
}

/// Options of [`kaplan_meier`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KaplanMeierOptions {
    /// Confidence level of the pointwise intervals and of the median interval (default 0.95).
    pub level: f64,
}

impl Default for KaplanMeierOptions {
    fn default() -> Self {
        Self { level: 0.95 }
    }
}

/// Fits the Kaplan–Meier estimator to right-censored `durations`.
///
/// `durations` are times to the event in any unit (finite, ≥ 0); `observed[i]` is 1 when
/// the event was seen and 0 when duration `i` is censored (`None`: every event observed).
/// Integer durations (days, weeks) are aggregated by counting, in linear time.
pub fn kaplan_meier(
    durations: &[f64],
    observed: Option<&[f64]>,
    options: KaplanMeierOptions,
) -> Result<KaplanMeier> {
    kaplan_meier_flags(durations, observed.map(EventFlags::F64), options)
}

/// [`kaplan_meier`] with the `observed` flags as floats or bytes ([`EventFlags`]), read in
/// place: numpy `bool` and `uint8` columns need no conversion. Same checks and errors (a flag
/// other than 0 or 1 is named with its index).
pub fn kaplan_meier_flags(
    durations: &[f64],
    observed: Option<EventFlags<'_>>,
    options: KaplanMeierOptions,
) -> Result<KaplanMeier> {
    let z = z_critical(options.level)?;
    let counts = match observed {
        None => aggregate::<f64>(durations, None, "durations", "observed")?,
        Some(EventFlags::F64(o)) => aggregate(durations, Some(o), "durations", "observed")?,
        Some(EventFlags::U8(o)) => aggregate(durations, Some(o), "durations", "observed")?,
    };
    Ok(from_counts(&counts, options.level, z))
}

/// `exp(−exp(log(−l) ∓ c))` with `l = log Ŝ`, `c = z·√V / l`, written as `exp(l·e^(∓c))`:
/// the same numbers with two transcendental calls fewer.
fn log_log_bounds(l: f64, v: f64, z: f64) -> (f64, f64) {
    let c = z * v.sqrt() / l;
    let e = math::exp(c);
    let (lo, hi) = (math::exp(l / e), math::exp(l * e));
    // Ŝ = 1 gives 0/0: no uncertainty yet, as lifelines' fillna(1.0).
    (
        if lo.is_nan() { 1.0 } else { lo },
        if hi.is_nan() { 1.0 } else { hi },
    )
}

/// Rounding slack when comparing Ŝ with 1/2 for the median.
const MEDIAN_SLACK: f64 = 1e-12;

pub(crate) fn from_counts(c: &EventCounts, level: f64, z: f64) -> KaplanMeier {
    let n = c.total();
    let mut at_risk = n;
    // Product in log space, as lifelines; rows with censorings only change nothing, so their
    // estimate and bounds are carried over without new transcendental calls.
    let mut log_s = 0.0_f64;
    let mut v = 0.0_f64;
    let mut survival = 1.0_f64;
    let (mut ci_low, mut ci_high) = (1.0_f64, 1.0_f64);
    let mut table = Vec::with_capacity(c.times.len());
    for ((&time, &d), &cens) in c.times.iter().zip(&c.events).zip(&c.censored) {
        if d > 0 {
            let (nf, df) = (at_risk as f64, d as f64);
            log_s += math::ln_1p(-df / nf);
            if at_risk > d {
                v += df / (nf * (nf - df));
            }
            survival = math::exp(log_s);
            (ci_low, ci_high) = log_log_bounds(log_s, v, z);
        }
        table.push(SurvivalRow {
            time,
            at_risk,
            events: d,
            censored: cens,
            survival,
            ci_low,
            ci_high,
        });
        at_risk -= d + cens;
    }
    // Ŝ is a product of ratios, and one that equals 1/2 exactly (e.g. 5/6 · 4/5 · 3/4) can
    // round to 0.5000000000000001; the slack keeps the median where exact arithmetic puts it.
    let first_at_or_below = |f: fn(&SurvivalRow) -> f64| {
        table
            .iter()
            .find(|r| f(r) <= 0.5 + MEDIAN_SLACK)
            .map_or(f64::INFINITY, |r| r.time)
    };
    let median = first_at_or_below(|r| r.survival);
    let median_ci = (
        first_at_or_below(|r| r.ci_low),
        first_at_or_below(|r| r.ci_high),
    );
    KaplanMeier {
        level,
        n,
        events: c.events.iter().sum(),
        median,
        median_ci,
        table,
    }
}

impl KaplanMeier {
    /// Checks a curve read from a document: a level in (0, 1), table times finite, ≥ 0 and
    /// increasing (the lookups bisect them), every Ŝ and bound in [0, 1], medians not NaN.
    pub(crate) fn check_loaded(&self) -> Result<()> {
        if !(self.level > 0.0 && self.level < 1.0) {
            return Err(CxError::InvalidInput {
                field: "level".into(),
                index: None,
                value: Some(self.level.to_string()),
                reason: "must be between 0 and 1".into(),
            });
        }
        let mut last = f64::NEG_INFINITY;
        for (i, r) in self.table.iter().enumerate() {
            if !(r.time.is_finite() && r.time >= 0.0 && r.time > last) {
                return Err(CxError::invalid_at(
                    "table.time",
                    i,
                    r.time,
                    "times must be finite, >= 0 and increasing",
                ));
            }
            last = r.time;
            for (field, v) in [
                ("table.survival", r.survival),
                ("table.ci_low", r.ci_low),
                ("table.ci_high", r.ci_high),
            ] {
                if !(0.0..=1.0).contains(&v) {
                    return Err(CxError::invalid_at(field, i, v, "must be in [0, 1]"));
                }
            }
        }
        for (field, v) in [
            ("median", self.median),
            ("median_ci", self.median_ci.0),
            ("median_ci", self.median_ci.1),
        ] {
            if v.is_nan() {
                return Err(CxError::invalid(field, "must be a number (or Infinity)"));
            }
        }
        Ok(())
    }

    /// Ŝ(t): the estimate at the last table time ≤ `t`; 1 before the first time, NaN for NaN.
    pub fn survival_at(&self, t: f64) -> f64 {
        if t.is_nan() {
            return f64::NAN;
        }
        let k = self.table.partition_point(|r| r.time <= t);
        if k == 0 {
            1.0
        } else {
            self.table[k - 1].survival
        }
    }

    /// The interval for Ŝ(t), stepping like [`KaplanMeier::survival_at`].
    pub fn ci_at(&self, t: f64) -> (f64, f64) {
        if t.is_nan() {
            return (f64::NAN, f64::NAN);
        }
        let k = self.table.partition_point(|r| r.time <= t);
        if k == 0 {
            (1.0, 1.0)
        } else {
            (self.table[k - 1].ci_low, self.table[k - 1].ci_high)
        }
    }
}

/// One Kaplan–Meier curve per segment label, in label order (see [`kaplan_meier`]).
pub fn kaplan_meier_by_segment<S: AsRef<str>>(
    durations: &[f64],
    observed: Option<&[f64]>,
    segments: &[S],
    options: KaplanMeierOptions,
) -> Result<Vec<Segmented<KaplanMeier>>> {
    kaplan_meier_by_segment_flags(durations, observed.map(EventFlags::F64), segments, options)
}

/// [`kaplan_meier_by_segment`] with the `observed` flags as floats or bytes ([`EventFlags`]),
/// read in place.
pub fn kaplan_meier_by_segment_flags<S: AsRef<str>>(
    durations: &[f64],
    observed: Option<EventFlags<'_>>,
    segments: &[S],
    options: KaplanMeierOptions,
) -> Result<Vec<Segmented<KaplanMeier>>> {
    match observed {
        None => by_segment::<f64, S>(durations, None, segments, options),
        Some(EventFlags::F64(o)) => by_segment(durations, Some(o), segments, options),
        Some(EventFlags::U8(o)) => by_segment(durations, Some(o), segments, options),
    }
}

fn by_segment<F: Flag, S: AsRef<str>>(
    durations: &[f64],
    observed: Option<&[F]>,
    segments: &[S],
    options: KaplanMeierOptions,
) -> Result<Vec<Segmented<KaplanMeier>>> {
    check_same_len("durations", durations.len(), "segments", segments.len())?;
    // Validate the whole input first so errors name indices of the caller's arrays.
    aggregate(durations, observed, "durations", "observed")?;
    let z = z_critical(options.level)?;
    let mut groups: BTreeMap<&str, (Vec<f64>, Vec<F>)> = BTreeMap::new();
    for (i, (s, &d)) in segments.iter().zip(durations).enumerate() {
        let g = groups.entry(s.as_ref()).or_default();
        g.0.push(d);
        g.1.push(observed.map_or(F::EVENT, |o| o[i]));
    }
    groups
        .into_iter()
        .map(|(segment, (d, o))| {
            let c = aggregate(&d, Some(&o), "durations", "observed")?;
            Ok(Segmented {
                segment: segment.to_string(),
                result: from_counts(&c, options.level, z),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    #[test]
    fn textbook_example() {
        // Worked by hand: n = 5; at 6 two events and one censoring, Ŝ(6) = 3/5; at 7 two at
        // risk and one event, Ŝ(7) = 3/5 · 1/2 = 3/10; 10 is censored.
        let km = kaplan_meier(
            &[6.0, 6.0, 6.0, 7.0, 10.0],
            Some(&[1.0, 1.0, 0.0, 1.0, 0.0]),
            KaplanMeierOptions::default(),
        )
        .unwrap();
        assert_abs_diff_eq!(km.survival_at(6.5), 0.6, epsilon = 1e-15);
        assert_abs_diff_eq!(km.survival_at(7.0), 0.3, epsilon = 1e-15);
        assert_abs_diff_eq!(km.survival_at(100.0), 0.3, epsilon = 1e-15);
        assert_eq!(km.survival_at(-1.0), 1.0);
        assert_eq!(km.median, 7.0);
        assert_eq!(km.table[1].at_risk, 2);
    }

    #[test]
    fn infinite_median_round_trips_through_json() {
        // Ŝ never reaches 1/2: the median and its interval are +∞, which JSON cannot hold as
        // a number; they travel as "Infinity".
        let km = kaplan_meier(
            &[1.0, 2.0, 3.0, 4.0],
            Some(&[1.0, 0.0, 0.0, 0.0]),
            KaplanMeierOptions::default(),
        )
        .unwrap();
        assert_eq!(km.median, f64::INFINITY);
        let text = serde_json::to_string(&km).unwrap();
        assert!(text.contains("\"median\":\"Infinity\""), "{text}");
        let back: KaplanMeier = serde_json::from_str(&text).unwrap();
        assert_eq!(back, km);
        // Finite medians stay plain numbers; junk strings are refused.
        let finite = kaplan_meier(&[1.0, 2.0], None, KaplanMeierOptions::default()).unwrap();
        let text = serde_json::to_string(&finite).unwrap();
        assert!(text.contains("\"median\":1.0"), "{text}");
        let bad = text.replace("\"median\":1.0", "\"median\":\"soon\"");
        assert!(serde_json::from_str::<KaplanMeier>(&bad).is_err());
    }

    #[test]
    fn byte_flags_fit_as_float_flags() {
        let d = [6.0, 6.0, 6.0, 7.0, 10.0, 2.5, 7.0];
        let o8: [u8; 7] = [1, 1, 0, 1, 0, 1, 0];
        let of = o8.map(f64::from);
        let opts = KaplanMeierOptions::default();
        assert_eq!(
            kaplan_meier_flags(&d, Some(EventFlags::U8(&o8)), opts).unwrap(),
            kaplan_meier(&d, Some(&of), opts).unwrap()
        );
        let segments = ["a", "b", "a", "b", "a", "b", "a"];
        assert_eq!(
            kaplan_meier_by_segment_flags(&d, Some(EventFlags::U8(&o8)), &segments, opts).unwrap(),
            kaplan_meier_by_segment(&d, Some(&of), &segments, opts).unwrap()
        );
        let bad: [u8; 7] = [1, 1, 0, 3, 0, 1, 0];
        let e = kaplan_meier_by_segment_flags(&d, Some(EventFlags::U8(&bad)), &segments, opts)
            .unwrap_err();
        assert!(
            e.to_string().contains("`observed` at index 3 (value 3)"),
            "{e}"
        );
    }
}
