//! The log-rank test comparing two survival curves.

use serde::{Deserialize, Serialize};

use super::events::aggregate;
use crate::error::Result;
use crate::survey::interval::two_sided_p;

/// Result of a two-group log-rank test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LogRankResult {
    /// χ² statistic with one degree of freedom: `(O_a − E_a)² / V`.
    pub statistic: f64,
    /// P(χ²₁ ≥ statistic).
    pub p_value: f64,
    /// Observed events in group a.
    pub observed_a: f64,
    /// Expected events in group a under equal hazards.
    pub expected_a: f64,
    /// Observed events in group b.
    pub observed_b: f64,
    /// Expected events in group b under equal hazards.
    pub expected_b: f64,
    /// Hypergeometric variance `V` of `O_a − E_a`.
    pub variance: f64,
}

/// Log-rank (Mantel–Cox) test of equal survival in two groups of right-censored durations.
///
/// Mantel, N. (1966). "Evaluation of survival data and two new rank order statistics arising
/// in its consideration". Cancer Chemotherapy Reports 50(3), 163–170. At each distinct event
/// time with `n` at risk (`n_a` in group a) and `d` events, `E_a += d·n_a/n` and
/// `V += d·(n_a/n)·(1 − n_a/n)·(n − d)/(n − 1)`; as `lifelines.statistics.logrank_test`.
/// Arguments are as in [`super::kaplan_meier`]; fields in errors are `durations_a`,
/// `observed_a`, `durations_b`, `observed_b`.
pub fn logrank_test(
    durations_a: &[f64],
    observed_a: Option<&[f64]>,
    durations_b: &[f64],
    observed_b: Option<&[f64]>,
) -> Result<LogRankResult> {
    let a = aggregate(durations_a, observed_a, "durations_a", "observed_a")?;
    let b = aggregate(durations_b, observed_b, "durations_b", "observed_b")?;
    let (mut na, mut nb) = (a.total() as f64, b.total() as f64);
    let (mut i, mut j) = (0, 0);
    let (mut oa, mut ob, mut ea, mut var) = (0.0, 0.0, 0.0, 0.0);
    // Merge the two sorted time lists.
    while i < a.times.len() || j < b.times.len() {
        let ta = a.times.get(i).copied().unwrap_or(f64::INFINITY);
        let tb = b.times.get(j).copied().unwrap_or(f64::INFINITY);
        let t = ta.min(tb);
        let (mut da, mut db, mut ra, mut rb) = (0.0, 0.0, 0.0, 0.0);
        if ta == t {
            da = a.events[i] as f64;
            ra = da + a.censored[i] as f64;
            i += 1;
        }
        if tb == t {
            db = b.events[j] as f64;
            rb = db + b.censored[j] as f64;
            j += 1;
        }
        let (n, d) = (na + nb, da + db);
        if d > 0.0 {
            let share = na / n;
            ea += d * share;
            if n > 1.0 {
                var += d * share * (1.0 - share) * (n - d) / (n - 1.0);
            }
        }
        oa += da;
        ob += db;
        na -= ra;
        nb -= rb;
    }
    let total = oa + ob;
    let statistic = if var > 0.0 {
        (oa - ea).powi(2) / var
    } else {
        0.0
    };
    Ok(LogRankResult {
        statistic,
        // χ²₁ survival function: P(χ²₁ ≥ x) = P(|Z| ≥ √x).
        p_value: two_sided_p(statistic.sqrt()),
        observed_a: oa,
        expected_a: ea,
        observed_b: ob,
        expected_b: total - ea,
        variance: var,
    })
}
