//! Time from a customer's first activity to their next one, as censored durations for
//! Kaplan–Meier ("time to repeat purchase").

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::domain::Timestamp;
use crate::error::{CxError, Result, check_len_at_least, check_same_len};

/// One censored duration per customer, aligned with `customers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepeatDurations {
    /// Customer ids in order of first appearance in the input.
    pub customers: Vec<String>,
    /// Whole days (UTC calendar dates) from the first activity day to the first later
    /// activity day, or to `observation_end` when there is none.
    pub durations: Vec<f64>,
    /// 1 when a repeat was seen, 0 when the duration is censored at `observation_end`.
    pub observed: Vec<f64>,
}

/// Days from each customer's first activity to their first activity on a later UTC day
/// (a repeat purchase, a return visit), censored at `observation_end`.
///
/// Feed `durations` and `observed` to [`super::kaplan_meier`]: its median is the median
/// time to repeat. Same-day activity does not count as a repeat. Every timestamp must be at
/// or before `observation_end`.
pub fn time_to_repeat<S: AsRef<str>>(
    customers: &[S],
    timestamps: &[Timestamp],
    observation_end: Timestamp,
) -> Result<RepeatDurations> {
    check_same_len("customers", customers.len(), "timestamps", timestamps.len())?;
    check_len_at_least("customers", customers.len(), 1)?;
    let end = observation_end.date_naive();
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    // (first day, first later day) per customer.
    let mut days: Vec<(chrono::NaiveDate, Option<chrono::NaiveDate>)> = Vec::new();
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
        if *t > observation_end {
            return Err(CxError::invalid_at(
                "timestamps",
                i,
                t,
                format!("is after observation_end ({observation_end})"),
            ));
        }
        let d = t.date_naive();
        let next = names.len();
        let k = *ids.entry(c).or_insert(next);
        if k == next {
            names.push(c.to_string());
            days.push((d, None));
            continue;
        }
        let (first, second) = &mut days[k];
        if d < *first {
            // The earlier first day makes the old first day a repeat candidate.
            let old = *first;
            *first = d;
            *second = Some(second.map_or(old, |s| s.min(old)));
        } else if d > *first {
            *second = Some(second.map_or(d, |s| s.min(d)));
        }
    }
    let (durations, observed) = days
        .iter()
        .map(|&(first, second)| match second {
            Some(s) => ((s - first).num_days() as f64, 1.0),
            None => ((end - first).num_days() as f64, 0.0),
        })
        .unzip();
    Ok(RepeatDurations {
        customers: names,
        durations,
        observed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::parse_timestamp;

    #[test]
    fn repeat_days_by_hand() {
        let ts = |s: &[&str]| {
            s.iter()
                .map(|x| parse_timestamp(x).unwrap())
                .collect::<Vec<_>>()
        };
        // a: Jan 1, Jan 1 (same day), Jan 11, Jan 5 → repeat after 4 days (Jan 5).
        // b: Jan 20 only → censored at Jan 31: 11 days. c: Jan 9 then Jan 3 → 6 days.
        let r = time_to_repeat(
            &["a", "a", "b", "a", "a", "c", "c"],
            &ts(&[
                "2024-01-01T08:00:00Z",
                "2024-01-01T20:00:00Z",
                "2024-01-20",
                "2024-01-11",
                "2024-01-05",
                "2024-01-09",
                "2024-01-03",
            ]),
            parse_timestamp("2024-01-31").unwrap(),
        )
        .unwrap();
        assert_eq!(r.customers, vec!["a", "b", "c"]);
        assert_eq!(r.durations, vec![4.0, 11.0, 6.0]);
        assert_eq!(r.observed, vec![1.0, 0.0, 1.0]);
        let e = time_to_repeat(
            &["a"],
            &ts(&["2024-02-01"]),
            parse_timestamp("2024-01-31").unwrap(),
        );
        assert!(matches!(
            e,
            Err(CxError::InvalidInput { index: Some(0), .. })
        ));
    }
}
