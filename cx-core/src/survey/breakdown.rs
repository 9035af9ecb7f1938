//! Any survey metric broken down by segment or by calendar period.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::nps::{NpsOptions, NpsResult, nps};
use crate::domain::Timestamp;
use crate::error::{CxError, Result, check_same_len};

/// A calendar period for trends; periods are labelled by their first day (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Calendar day.
    Day,
    /// ISO 8601 week, starting on Monday.
    IsoWeek,
    /// Calendar month.
    Month,
}

impl Period {
    /// First day of the period that contains `t`.
    pub fn start_of(self, t: &Timestamp) -> NaiveDate {
        let d = t.date_naive();
        match self {
            Self::Day => d,
            Self::IsoWeek => d
                .checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday())))
                .unwrap_or(d),
            Self::Month => d.with_day(1).unwrap_or(d),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Day => "day",
            Self::IsoWeek => "iso_week",
            Self::Month => "month",
        })
    }
}

impl FromStr for Period {
    type Err = CxError;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "d" | "day" | "daily" => Ok(Self::Day),
            "w" | "week" | "iso_week" | "isoweek" | "weekly" => Ok(Self::IsoWeek),
            "m" | "ms" | "month" | "monthly" => Ok(Self::Month),
            _ => Err(CxError::InvalidInput {
                field: "freq".into(),
                index: None,
                value: Some(s.to_string()),
                reason: "period must be day (D), week (W) or month (M)".into(),
            }),
        }
    }
}

/// A metric for one segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segmented<R> {
    /// Segment label.
    pub segment: String,
    /// The metric for the responses in that segment.
    pub result: R,
}

/// A metric for one calendar period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Periodic<R> {
    /// First day of the period.
    pub period_start: NaiveDate,
    /// The metric for the responses in that period.
    pub result: R,
}

/// Applies `metric` to the scores (and weights) of each group, in key order. An error from
/// `metric` is reported with the index in the original input, not in the group.
fn grouped<K: Ord, R>(
    scores: &[f64],
    weights: Option<&[f64]>,
    keys: impl Iterator<Item = K>,
    metric: impl Fn(&[f64], Option<&[f64]>) -> Result<R>,
) -> Result<Vec<(K, R)>> {
    let mut groups: BTreeMap<K, Vec<usize>> = BTreeMap::new();
    for (i, k) in keys.enumerate() {
        groups.entry(k).or_default().push(i);
    }
    let mut out = Vec::with_capacity(groups.len());
    let (mut s, mut w) = (Vec::new(), Vec::new());
    for (k, idx) in groups {
        s.clear();
        s.extend(idx.iter().map(|&i| scores[i]));
        if let Some(ws) = weights {
            w.clear();
            w.extend(idx.iter().map(|&i| ws[i]));
        }
        let r = metric(&s, weights.map(|_| w.as_slice())).map_err(|e| match e {
            CxError::InvalidInput {
                field,
                index: Some(j),
                value,
                reason,
            } => CxError::InvalidInput {
                field,
                index: idx.get(j).copied(),
                value,
                reason,
            },
            other => other,
        })?;
        out.push((k, r));
    }
    Ok(out)
}

/// `metric` for each segment label, sorted by label.
///
/// `metric` receives the group's scores and, when given, its weights; for example
/// `|s, _| csat(s, CsatOptions::default())`.
pub fn by_segment<S: AsRef<str>, R>(
    scores: &[f64],
    weights: Option<&[f64]>,
    segments: &[S],
    metric: impl Fn(&[f64], Option<&[f64]>) -> Result<R>,
) -> Result<Vec<Segmented<R>>> {
    check_same_len("scores", scores.len(), "segments", segments.len())?;
    if let Some(w) = weights {
        check_same_len("scores", scores.len(), "weights", w.len())?;
    }
    Ok(
        grouped(scores, weights, segments.iter().map(AsRef::as_ref), metric)?
            .into_iter()
            .map(|(k, result)| Segmented {
                segment: k.to_string(),
                result,
            })
            .collect(),
    )
}

/// `metric` for each calendar period that has responses, in time order.
pub fn by_period<R>(
    scores: &[f64],
    weights: Option<&[f64]>,
    timestamps: &[Timestamp],
    period: Period,
    metric: impl Fn(&[f64], Option<&[f64]>) -> Result<R>,
) -> Result<Vec<Periodic<R>>> {
    check_same_len("scores", scores.len(), "timestamps", timestamps.len())?;
    if let Some(w) = weights {
        check_same_len("scores", scores.len(), "weights", w.len())?;
    }
    Ok(grouped(
        scores,
        weights,
        timestamps.iter().map(|t| period.start_of(t)),
        metric,
    )?
    .into_iter()
    .map(|(period_start, result)| Periodic {
        period_start,
        result,
    })
    .collect())
}

/// NPS per segment label, sorted by label.
pub fn nps_by_segment<S: AsRef<str>>(
    scores: &[f64],
    weights: Option<&[f64]>,
    segments: &[S],
    options: NpsOptions,
) -> Result<Vec<Segmented<NpsResult>>> {
    by_segment(scores, weights, segments, |s, w| nps(s, w, options))
}

/// NPS per calendar period, in time order.
pub fn nps_trend(
    scores: &[f64],
    weights: Option<&[f64]>,
    timestamps: &[Timestamp],
    period: Period,
    options: NpsOptions,
) -> Result<Vec<Periodic<NpsResult>>> {
    by_period(scores, weights, timestamps, period, |s, w| {
        nps(s, w, options)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn ts(y: i32, m: u32, d: u32) -> Timestamp {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    #[test]
    fn period_starts() {
        // 2024-01-03 is a Wednesday; ISO week starts Monday 2024-01-01.
        let t = ts(2024, 1, 3);
        assert_eq!(
            Period::IsoWeek.start_of(&t),
            NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
        );
        assert_eq!(
            Period::Month.start_of(&ts(2024, 2, 29)),
            NaiveDate::from_ymd_opt(2024, 2, 1).unwrap()
        );
        assert_eq!(
            Period::Day.start_of(&t),
            NaiveDate::from_ymd_opt(2024, 1, 3).unwrap()
        );
        assert_eq!("M".parse::<Period>().unwrap(), Period::Month);
        assert!("quarter".parse::<Period>().is_err());
    }

    #[test]
    fn errors_keep_original_index() {
        let scores = [9.0, 10.0, 3.0, 12.0];
        let segs = ["b", "a", "b", "b"];
        let e = nps_by_segment(&scores, None, &segs, NpsOptions::default()).unwrap_err();
        assert!(
            matches!(e, CxError::InvalidInput { index: Some(3), .. }),
            "{e}"
        );
        let e = nps_by_segment(&scores[..3], None, &segs, NpsOptions::default()).unwrap_err();
        assert!(matches!(e, CxError::LengthMismatch { .. }));
    }

    #[test]
    fn segments_and_trend() {
        let scores = [9.0, 10.0, 3.0, 8.0];
        let segs = ["b", "a", "b", "b"];
        let r = nps_by_segment(&scores, None, &segs, NpsOptions::default()).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].segment, "a");
        assert_eq!(r[0].result.score, 100.0);
        assert_eq!(r[1].result.n, 3);
        let t = [
            ts(2024, 2, 1),
            ts(2024, 1, 5),
            ts(2024, 1, 31),
            ts(2024, 2, 9),
        ];
        let tr = nps_trend(&scores, None, &t, Period::Month, NpsOptions::default()).unwrap();
        assert_eq!(tr.len(), 2);
        assert_eq!(
            tr[0].period_start,
            NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
        );
        assert_eq!(tr[0].result.score, 0.0);
        assert_eq!(tr[1].result.score, 50.0);
    }
}
