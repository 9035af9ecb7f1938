//! Response-time SLAs: first-reply times with unanswered requests treated as censored,
//! percentiles from a product-limit (Kaplan-Meier) estimator, the share answered within a
//! target (one hour by default) and within the same calendar day, optionally counted in
//! business hours of a weekly schedule, overall and by channel.
//!
//! The product-limit estimator here is local to the SLA code (Kaplan & Meier 1958, "Nonparametric
//! estimation from incomplete observations", JASA 53(282)); it can later point at the retention
//! module's Kaplan-Meier.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{CxError, Result, check_len_at_least, check_same_len};

const DAY: i64 = 86_400;
/// Timestamps within about ±31,700 years of 1970 keep every difference and week count in range.
const LIMIT: i64 = 1_000_000_000_000;
const WEEK: i64 = 7 * DAY;

/// Opening hours for each day of the week, in local time at a fixed UTC offset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklySchedule {
    /// Local offset from UTC in minutes (e.g. 60 for UTC+01:00, −300 for UTC−05:00).
    pub utc_offset_minutes: i32,
    /// Monday first: `Some((open, close))` in minutes after local midnight, `open < close <=
    /// 1440`, or `None` when closed.
    pub days: [Option<(u32, u32)>; 7],
}

impl WeeklySchedule {
    /// A validated schedule; fails on an offset beyond ±18 h, an interval outside the day or
    /// with `open >= close` (naming the weekday index, Monday = 0), or no open hour at all.
    pub fn new(days: [Option<(u32, u32)>; 7], utc_offset_minutes: i32) -> Result<Self> {
        if utc_offset_minutes.abs() > 18 * 60 {
            return Err(CxError::InvalidInput {
                field: "utc_offset_minutes".into(),
                index: None,
                value: Some(utc_offset_minutes.to_string()),
                reason: "offset must be within ±18 hours".into(),
            });
        }
        for (d, slot) in days.iter().enumerate() {
            if let Some((open, close)) = *slot
                && (open >= close || close > 1_440)
            {
                return Err(CxError::invalid_at(
                    "schedule",
                    d,
                    format!("{open}-{close}"),
                    "opening minutes must satisfy open < close <= 1440",
                ));
            }
        }
        if days.iter().all(Option::is_none) {
            return Err(CxError::invalid(
                "schedule",
                "the schedule has no open hour",
            ));
        }
        Ok(Self {
            utc_offset_minutes,
            days,
        })
    }

    /// Monday to Friday from `open_hour` to `close_hour` (local), closed at weekends.
    pub fn weekdays(open_hour: u32, close_hour: u32, utc_offset_minutes: i32) -> Result<Self> {
        let d = Some((open_hour * 60, close_hour * 60));
        Self::new([d, d, d, d, d, None, None], utc_offset_minutes)
    }

    fn open_seconds(&self, day: usize) -> (i64, i64) {
        self.days[day].map_or((0, 0), |(o, c)| (i64::from(o) * 60, i64::from(c) * 60))
    }

    /// Business seconds from the local Monday 1969-12-29 00:00 to `t` (Unix seconds).
    fn cumulative(&self, t: i64) -> i64 {
        // The Unix epoch is a Thursday: three days after a Monday.
        let u = t + i64::from(self.utc_offset_minutes) * 60 + 3 * DAY;
        let week = u.div_euclid(WEEK);
        let rem = u.rem_euclid(WEEK);
        let day = (rem / DAY) as usize;
        let sec = rem % DAY;
        let mut total = 0;
        let mut before = 0;
        for d in 0..7 {
            let (o, c) = self.open_seconds(d);
            total += c - o;
            if d < day {
                before += c - o;
            }
        }
        let (o, c) = self.open_seconds(day);
        week * total + before + (sec - o).clamp(0, c - o)
    }

    /// Open seconds between two instants (Unix seconds, `from <= to`).
    pub fn business_seconds(&self, from: i64, to: i64) -> i64 {
        self.cumulative(to) - self.cumulative(from)
    }
}

/// Options of [`response_times`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlaOptions {
    /// End of observation (Unix seconds): unanswered requests are censored there. Default: the
    /// latest time in the data.
    pub as_of: Option<i64>,
    /// Percentiles to report, as fractions in (0, 1).
    pub percentiles: Vec<f64>,
    /// Target reply time in seconds (business seconds with a schedule); default one hour.
    pub target_seconds: i64,
    /// Count elapsed time only in these business hours.
    pub schedule: Option<WeeklySchedule>,
    /// Local offset from UTC in minutes for "same calendar day" (a schedule's offset wins).
    pub utc_offset_minutes: i32,
}

impl Default for SlaOptions {
    fn default() -> Self {
        Self {
            as_of: None,
            percentiles: vec![0.5, 0.9, 0.95],
            target_seconds: 3_600,
            schedule: None,
            utc_offset_minutes: 0,
        }
    }
}

/// A percentile of the reply-time distribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Percentile {
    /// The fraction, e.g. 0.9.
    pub p: f64,
    /// Seconds by which a share `p` of requests is answered (`None` when the estimate never
    /// reaches `p` because too many requests are still unanswered).
    pub seconds: Option<f64>,
}

/// Reply-time summary of a group of requests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseTimes {
    /// Channel, or `"all"` for the overall summary.
    pub channel: String,
    /// Requests.
    pub requests: u64,
    /// Requests with a first reply.
    pub answered: u64,
    /// Requests without a first reply (censored at `as_of`).
    pub unanswered: u64,
    /// Kaplan-Meier median first-reply time in seconds.
    pub median_seconds: Option<f64>,
    /// Kaplan-Meier percentiles of the first-reply time.
    pub percentiles: Vec<Percentile>,
    /// Mean first-reply time of answered requests (ignores the unanswered).
    pub mean_answered_seconds: Option<f64>,
    /// Share answered within the target, among requests whose outcome is known (answered, or
    /// still unanswered after the target elapsed).
    pub within_target_share: Option<f64>,
    /// Share answered on the calendar day they were opened, among requests whose outcome is
    /// known (answered, or unanswered at the end of that day).
    pub same_day_share: Option<f64>,
    /// Requests resolved.
    pub resolved: u64,
    /// Kaplan-Meier median time to resolution in seconds (unresolved censored).
    pub median_resolution_seconds: Option<f64>,
}

/// Overall and per-channel reply-time summaries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlaReport {
    /// All requests.
    pub overall: ResponseTimes,
    /// One row per channel, sorted by channel name.
    pub by_channel: Vec<ResponseTimes>,
}

/// Product-limit estimate of the time by which a share `p` has had the event: the smallest
/// event time `t` with `1 − S(t) >= p`. `obs` holds `(time, event)`; at tied times events are
/// counted before censorings, as usual.
pub fn product_limit_quantile(obs: &[(f64, bool)], p: f64) -> Option<f64> {
    let mut v = obs.to_vec();
    v.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut at_risk = v.len() as f64;
    let mut survival = 1.0f64;
    let mut i = 0;
    while i < v.len() {
        let t = v[i].0;
        let (mut d, mut c) = (0.0, 0.0);
        while i < v.len() && v[i].0 == t {
            if v[i].1 {
                d += 1.0;
            } else {
                c += 1.0;
            }
            i += 1;
        }
        if d > 0.0 {
            survival *= 1.0 - d / at_risk;
            // A small tolerance so that exact shares such as 1/2 are not missed by rounding.
            if 1.0 - survival >= p - 1e-12 {
                return Some(t);
            }
        }
        at_risk -= d + c;
    }
    None
}

struct Request {
    channel: usize,
    reply: Option<f64>,
    censor: f64,
    within_target: Option<bool>,
    same_day: Option<bool>,
    resolution: (f64, bool),
}

fn check_requests<S>(
    channels: &[S],
    opened: &[i64],
    first_reply: &[Option<i64>],
    resolved: &[Option<i64>],
    options: &SlaOptions,
) -> Result<()> {
    let n = channels.len();
    check_len_at_least("opened", opened.len(), 1)?;
    check_same_len("channels", n, "opened", opened.len())?;
    check_same_len("channels", n, "first_reply", first_reply.len())?;
    check_same_len("channels", n, "resolved", resolved.len())?;
    for (i, &p) in options.percentiles.iter().enumerate() {
        if !(p > 0.0 && p < 1.0) {
            return Err(CxError::invalid_at(
                "percentiles",
                i,
                p,
                "percentiles are fractions strictly between 0 and 1",
            ));
        }
    }
    if options.target_seconds < 0 {
        return Err(CxError::InvalidInput {
            field: "target_seconds".into(),
            index: None,
            value: Some(options.target_seconds.to_string()),
            reason: "the target must be >= 0 seconds".into(),
        });
    }
    let far = |t: i64| !(-LIMIT..=LIMIT).contains(&t);
    if let Some(i) = opened.iter().position(|&t| far(t)) {
        return Err(CxError::invalid_at(
            "opened",
            i,
            opened[i],
            "timestamp out of range",
        ));
    }
    if let Some(t) = options.as_of.filter(|&t| far(t)) {
        return Err(CxError::InvalidInput {
            field: "as_of".into(),
            index: None,
            value: Some(t.to_string()),
            reason: "timestamp out of range".into(),
        });
    }
    for (field, col) in [("first_reply", first_reply), ("resolved", resolved)] {
        if let Some(i) = col.iter().position(|t| t.is_some_and(far)) {
            return Err(CxError::invalid_at(
                field,
                i,
                col[i].unwrap_or(0),
                "timestamp out of range",
            ));
        }
    }
    for (field, col) in [("first_reply", first_reply), ("resolved", resolved)] {
        for (i, (t, &o)) in col.iter().zip(opened).enumerate() {
            if let Some(t) = *t
                && t < o
            {
                return Err(CxError::invalid_at(
                    field,
                    i,
                    t,
                    format!("is before the request was opened at {o}"),
                ));
            }
        }
    }
    Ok(())
}

/// First-reply SLAs of support requests.
///
/// `opened`, `first_reply` and `resolved` are Unix seconds, aligned with `channels`; a missing
/// reply or resolution is `None`. Fails on empty input, mismatched lengths, a reply or
/// resolution before its request was opened, a request opened after `as_of`, or percentiles
/// outside (0, 1) (each naming the field and index).
///
/// ```
/// use cx_core::journey::{response_times, SlaOptions};
///
/// let channels = ["chat", "chat", "email"];
/// let opened = [0, 100, 0];
/// let reply = [Some(600), Some(4_000), None];
/// let r = response_times(&channels, &opened, &reply, &[None, None, None], &SlaOptions {
///     as_of: Some(86_400),
///     ..SlaOptions::default()
/// })?;
/// assert_eq!(r.overall.unanswered, 1);
/// assert_eq!(r.by_channel[0].within_target_share, Some(0.5));
/// # Ok::<(), cx_core::CxError>(())
/// ```
pub fn response_times<S: AsRef<str>>(
    channels: &[S],
    opened: &[i64],
    first_reply: &[Option<i64>],
    resolved: &[Option<i64>],
    options: &SlaOptions,
) -> Result<SlaReport> {
    let n = channels.len();
    check_requests(channels, opened, first_reply, resolved, options)?;
    let latest = opened
        .iter()
        .chain(first_reply.iter().flatten())
        .chain(resolved.iter().flatten())
        .copied()
        .max()
        .unwrap_or(0);
    let as_of = options.as_of.unwrap_or(latest);
    if let Some(i) = opened.iter().position(|&o| o > as_of) {
        return Err(CxError::invalid_at(
            "opened",
            i,
            opened[i],
            format!("is after the end of observation as_of = {as_of}"),
        ));
    }
    let schedule = options.schedule.as_ref();
    let offset = i64::from(schedule.map_or(options.utc_offset_minutes, |s| s.utc_offset_minutes));
    let elapsed = |from: i64, to: i64| -> f64 {
        schedule.map_or(to - from, |s| s.business_seconds(from, to)) as f64
    };
    let local_day = |t: i64| (t + offset * 60).div_euclid(DAY);
    let (channel_ids, names) = super::funnel::intern_sorted(channels);
    let target = options.target_seconds as f64;
    let requests: Vec<Request> = (0..n)
        .map(|i| {
            let o = opened[i];
            let reply = first_reply[i].map(|r| elapsed(o, r));
            let censor = elapsed(o, as_of);
            let within_target = match reply {
                Some(r) => Some(r <= target),
                None => (censor >= target).then_some(false),
            };
            let same_day = match first_reply[i] {
                Some(r) => Some(local_day(r) == local_day(o)),
                None => (local_day(as_of) > local_day(o)).then_some(false),
            };
            let resolution = match resolved[i] {
                Some(r) => (elapsed(o, r), true),
                None => (censor, false),
            };
            Request {
                channel: channel_ids[i] as usize,
                reply,
                censor,
                within_target,
                same_day,
                resolution,
            }
        })
        .collect();
    let all: Vec<&Request> = requests.iter().collect();
    let overall = summarize("all", &all, &options.percentiles);
    let mut groups: BTreeMap<usize, Vec<&Request>> = BTreeMap::new();
    for r in &requests {
        groups.entry(r.channel).or_default().push(r);
    }
    let by_channel = groups
        .into_iter()
        .map(|(c, rs)| summarize(&names[c], &rs, &options.percentiles))
        .collect();
    Ok(SlaReport {
        overall,
        by_channel,
    })
}

fn share(flags: impl Iterator<Item = Option<bool>>) -> Option<f64> {
    let (mut yes, mut known) = (0u64, 0u64);
    for f in flags.flatten() {
        known += 1;
        yes += u64::from(f);
    }
    (known > 0).then(|| yes as f64 / known as f64)
}

fn summarize(channel: &str, requests: &[&Request], percentiles: &[f64]) -> ResponseTimes {
    let requests = requests.iter().copied();
    let replies: Vec<(f64, bool)> = requests
        .clone()
        .map(|r| r.reply.map_or((r.censor, false), |t| (t, true)))
        .collect();
    let answered: Vec<f64> = requests.clone().filter_map(|r| r.reply).collect();
    let resolutions: Vec<(f64, bool)> = requests.clone().map(|r| r.resolution).collect();
    let n = replies.len() as u64;
    ResponseTimes {
        channel: channel.to_string(),
        requests: n,
        answered: answered.len() as u64,
        unanswered: n - answered.len() as u64,
        median_seconds: product_limit_quantile(&replies, 0.5),
        percentiles: percentiles
            .iter()
            .map(|&p| Percentile {
                p,
                seconds: product_limit_quantile(&replies, p),
            })
            .collect(),
        mean_answered_seconds: (!answered.is_empty())
            .then(|| answered.iter().sum::<f64>() / answered.len() as f64),
        within_target_share: share(requests.clone().map(|r| r.within_target)),
        same_day_share: share(requests.clone().map(|r| r.same_day)),
        resolved: resolutions.iter().filter(|r| r.1).count() as u64,
        median_resolution_seconds: product_limit_quantile(&resolutions, 0.5),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_limit_handles_censoring() {
        // Times 1, 2+, 3, 4: S(1) = 3/4, S(3) = 3/4 · 1/2 = 3/8 → median 3.
        let obs = [(1.0, true), (2.0, false), (3.0, true), (4.0, true)];
        assert_eq!(product_limit_quantile(&obs, 0.5), Some(3.0));
        assert_eq!(product_limit_quantile(&obs, 0.25), Some(1.0));
        assert_eq!(product_limit_quantile(&[(5.0, false)], 0.5), None);
    }

    #[test]
    fn business_hours_skip_nights_and_weekends() {
        // Mon-Fri 9-17 UTC. 2024-01-05 is a Friday; 16:00 Fri → 10:00 Mon = 1 h + 1 h.
        let s = WeeklySchedule::weekdays(9, 17, 0).unwrap();
        let fri_16 = 1_704_412_800 + 16 * 3_600;
        let mon_10 = 1_704_412_800 + 3 * DAY + 10 * 3_600;
        assert_eq!(s.business_seconds(fri_16, mon_10), 2 * 3_600);
        // Same instants at UTC+01:00: Fri 17:00 local → Mon 11:00 local = 0 h + 2 h.
        let s = WeeklySchedule::weekdays(9, 17, 60).unwrap();
        assert_eq!(s.business_seconds(fri_16, mon_10), 2 * 3_600);
        assert!(WeeklySchedule::new([None; 7], 0).is_err());
        assert!(WeeklySchedule::weekdays(17, 9, 0).is_err());
    }
}
