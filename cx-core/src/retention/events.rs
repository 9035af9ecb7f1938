//! Validation of `(duration, observed)` pairs and their aggregation into distinct times.

use crate::error::{CxError, Result, check_len_at_least, check_same_len};

/// Distinct times with the number of events and censorings at each, in increasing order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct EventCounts {
    pub times: Vec<f64>,
    pub events: Vec<u64>,
    pub censored: Vec<u64>,
}

impl EventCounts {
    pub fn total(&self) -> u64 {
        self.events.iter().sum::<u64>() + self.censored.iter().sum::<u64>()
    }
}

/// Integer durations up to this bound (and up to 4·n) are counted into arrays, not sorted.
const COUNTING_MAX: f64 = 16_777_216.0;

/// Checks durations (finite, ≥ 0) and observed flags (0 or 1; all 1 when `None`), then
/// aggregates them. Integer-valued durations (whole days, weeks) take a counting pass
/// instead of a sort.
pub(crate) fn aggregate(
    durations: &[f64],
    observed: Option<&[f64]>,
    durations_field: &str,
    observed_field: &str,
) -> Result<EventCounts> {
    check_len_at_least(durations_field, durations.len(), 1)?;
    if let Some(o) = observed {
        check_same_len(durations_field, durations.len(), observed_field, o.len())?;
        if let Some(i) = o.iter().position(|&e| e != 0.0 && e != 1.0) {
            return Err(CxError::invalid_at(
                observed_field,
                i,
                o[i],
                "event flag must be 1 (event observed) or 0 (censored)",
            ));
        }
    }
    let mut max = 0.0_f64;
    let mut integral = true;
    for (i, &d) in durations.iter().enumerate() {
        if !(d.is_finite() && d >= 0.0) {
            return Err(CxError::invalid_at(
                durations_field,
                i,
                d,
                "duration must be finite and not negative",
            ));
        }
        max = max.max(d);
        integral &= d.fract() == 0.0;
    }
    let n = durations.len() as f64;
    if integral && max <= COUNTING_MAX && max <= 4.0 * n + 1024.0 {
        Ok(counting(durations, observed, max as usize))
    } else {
        Ok(sorting(durations, observed))
    }
}

fn counting(durations: &[f64], observed: Option<&[f64]>, max: usize) -> EventCounts {
    let mut ev = vec![0u64; max + 1];
    let mut ce = vec![0u64; max + 1];
    match observed {
        None => durations.iter().for_each(|&d| ev[d as usize] += 1),
        Some(o) => {
            for (&d, &e) in durations.iter().zip(o) {
                // Branch-free: e is exactly 0.0 or 1.0 here.
                let e = e as u64;
                ev[d as usize] += e;
                ce[d as usize] += 1 - e;
            }
        }
    }
    let mut out = EventCounts::default();
    for (t, (&e, &c)) in ev.iter().zip(&ce).enumerate() {
        if e + c > 0 {
            out.times.push(t as f64);
            out.events.push(e);
            out.censored.push(c);
        }
    }
    out
}

fn sorting(durations: &[f64], observed: Option<&[f64]>) -> EventCounts {
    let mut pairs: Vec<(f64, bool)> = match observed {
        None => durations.iter().map(|&d| (d, true)).collect(),
        Some(o) => durations
            .iter()
            .zip(o)
            .map(|(&d, &e)| (d, e == 1.0))
            .collect(),
    };
    pairs.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = EventCounts::default();
    for (d, e) in pairs {
        // −0.0 and 0.0 are one time.
        if out.times.last() != Some(&d) {
            out.times.push(d);
            out.events.push(0);
            out.censored.push(0);
        }
        let k = out.times.len() - 1;
        if e {
            out.events[k] += 1;
        } else {
            out.censored[k] += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_and_sorting_agree() {
        let d = [3.0, 1.0, 1.0, 0.0, 7.0, 3.0, 3.0];
        let o = [1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0];
        let a = counting(&d, Some(&o), 7);
        let b = sorting(&d, Some(&o));
        assert_eq!(a, b);
        assert_eq!(a.times, vec![0.0, 1.0, 3.0, 7.0]);
        assert_eq!(a.events, vec![1, 1, 2, 0]);
        assert_eq!(a.censored, vec![0, 1, 1, 1]);
        assert_eq!(a.total(), 7);
    }
}
