//! Net Promoter Score: tallies, intervals and two-group comparison.
//!
//! NPS = % promoters (9–10) − % detractors (0–6) on a 0–10 "likelihood to recommend" scale,
//! reported on −100..100 (Reichheld 2003, "The one number you need to grow", HBR).

use std::fmt;
use std::ops::{Add, AddAssign};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::interval::{two_sided_p, z_critical};
use crate::error::{CxError, Result, check_len_at_least, check_same_len};

/// How an NPS interval is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntervalMethod {
    /// Normal approximation with variance `[p + d − (p − d)²] / n`.
    #[default]
    Wald,
    /// Rocks (2016): add 0.75 promoters, 1.5 passives and 0.75 detractors (n + 3), then Wald.
    /// Better coverage for small samples and extreme scores.
    AdjustedWald,
}

impl IntervalMethod {
    /// `"wald"` or `"adjusted_wald"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Wald => "wald",
            Self::AdjustedWald => "adjusted_wald",
        }
    }
}

impl fmt::Display for IntervalMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for IntervalMethod {
    type Err = CxError;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "wald" => Ok(Self::Wald),
            "adjusted_wald" | "adjustedwald" => Ok(Self::AdjustedWald),
            _ => Err(CxError::InvalidInput {
                field: "method".into(),
                index: None,
                value: Some(s.to_string()),
                reason: "interval method must be \"wald\" or \"adjusted_wald\"".into(),
            }),
        }
    }
}

/// Options of an NPS interval: confidence level and method.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NpsOptions {
    /// Confidence level in (0, 1); default 0.95.
    pub level: f64,
    /// Interval method; default Wald.
    pub method: IntervalMethod,
}

impl Default for NpsOptions {
    fn default() -> Self {
        Self {
            level: 0.95,
            method: IntervalMethod::Wald,
        }
    }
}

/// Counts of promoters, passives and detractors: the mergeable sufficient statistic of NPS.
///
/// Tallies from many shards add up exactly (`merge` is associative and commutative), so a
/// cluster can count per partition and combine the counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NpsTally {
    /// Scores of 9 or 10.
    pub promoters: u64,
    /// Scores of 7 or 8.
    pub passives: u64,
    /// Scores of 0 to 6.
    pub detractors: u64,
}

const LANES: usize = 32;

impl NpsTally {
    /// An empty tally.
    pub fn new() -> Self {
        Self::default()
    }

    /// A tally from known counts.
    pub fn from_counts(promoters: u64, passives: u64, detractors: u64) -> Self {
        Self {
            promoters,
            passives,
            detractors,
        }
    }

    /// Number of responses counted (saturating at `u64::MAX`; [`NpsTally::summary`] refuses
    /// counts whose total does not fit).
    pub fn n(&self) -> u64 {
        self.promoters
            .saturating_add(self.passives)
            .saturating_add(self.detractors)
    }

    /// The total count, or an error naming the tally when it does not fit in a `u64` (only a
    /// forged document or a merge of such tallies gets there).
    fn checked_n(&self) -> Result<u64> {
        self.promoters
            .checked_add(self.passives)
            .and_then(|s| s.checked_add(self.detractors))
            .ok_or_else(|| {
                CxError::invalid(
                    "tally",
                    "promoters + passives + detractors exceeds 2^64 - 1 responses",
                )
            })
    }

    /// Checks a tally read from a document: its total count fits in a `u64`.
    pub(crate) fn check_loaded(&self) -> Result<()> {
        self.checked_n().map(drop)
    }

    /// Counts whole-number scores 0–10 given as floats. On a bad score nothing is added and
    /// the error names its index and value.
    pub fn add_scores(&mut self, scores: &[f64]) -> Result<()> {
        let (mut ge7, mut ge9) = (0u64, 0u64);
        for (i, &s) in scores.iter().enumerate() {
            // A saturating cast that round-trips exactly is a whole number (NaN casts to 0
            // and fails the comparison); branch-free counting keeps the loop fast.
            let k = s as u8;
            if f64::from(k) != s || k > 10 {
                return Err(bad_nps_score(i, s));
            }
            ge7 += u64::from(k >= 7);
            ge9 += u64::from(k >= 9);
        }
        self.merge(&Self {
            promoters: ge9,
            passives: ge7 - ge9,
            detractors: scores.len() as u64 - ge7,
        });
        Ok(())
    }

    /// Counts scores 0–10 given as bytes: the fast path (several GB/s on one core).
    /// On a score above 10 nothing is added and the error names its index and value.
    pub fn add_u8(&mut self, scores: &[u8]) -> Result<()> {
        let (mut ge7, mut ge9) = (0u64, 0u64);
        let mut max = 0u8;
        // Lane-wise u8 counters let the compiler use SIMD compares; a block of 255 rows per
        // lane cannot overflow a u8.
        for block in scores.chunks(LANES * 255) {
            let mut c7 = [0u8; LANES];
            let mut c9 = [0u8; LANES];
            let mut mx = [0u8; LANES];
            let mut rows = block.chunks_exact(LANES);
            for row in &mut rows {
                for l in 0..LANES {
                    let x = row[l];
                    c7[l] += u8::from(x >= 7);
                    c9[l] += u8::from(x >= 9);
                    mx[l] = mx[l].max(x);
                }
            }
            for &x in rows.remainder() {
                ge7 += u64::from(x >= 7);
                ge9 += u64::from(x >= 9);
                max = max.max(x);
            }
            ge7 += c7.iter().map(|&c| u64::from(c)).sum::<u64>();
            ge9 += c9.iter().map(|&c| u64::from(c)).sum::<u64>();
            max = max.max(mx.iter().copied().max().unwrap_or(0));
        }
        if max > 10 {
            let (i, &s) = scores
                .iter()
                .enumerate()
                .find(|&(_, &s)| s > 10)
                .ok_or_else(|| CxError::Internal("NPS byte scan lost its bad score".into()))?;
            return Err(bad_nps_score(i, f64::from(s)));
        }
        self.merge(&Self {
            promoters: ge9,
            passives: ge7 - ge9,
            detractors: scores.len() as u64 - ge7,
        });
        Ok(())
    }

    /// Adds another tally's counts to this one. Counts saturate at `u64::MAX` rather than
    /// wrap (unreachable with real responses), and [`NpsTally::summary`] then refuses them.
    pub fn merge(&mut self, other: &Self) {
        self.promoters = self.promoters.saturating_add(other.promoters);
        self.passives = self.passives.saturating_add(other.passives);
        self.detractors = self.detractors.saturating_add(other.detractors);
    }

    /// Shares and effective sample size; fails on an empty tally and on counts whose total
    /// exceeds `u64::MAX`.
    pub fn summary(&self) -> Result<NpsSummary> {
        let n = self.checked_n()?;
        check_len_at_least("scores", n as usize, 1)?;
        let nf = n as f64;
        Ok(NpsSummary {
            promoters: self.promoters as f64 / nf,
            passives: self.passives as f64 / nf,
            detractors: self.detractors as f64 / nf,
            n,
            effective_n: nf,
        })
    }

    /// NPS with its interval; fails on an empty tally.
    pub fn result(&self, options: NpsOptions) -> Result<NpsResult> {
        self.summary()?.result(options)
    }
}

impl Add for NpsTally {
    type Output = Self;
    fn add(mut self, rhs: Self) -> Self {
        self.merge(&rhs);
        self
    }
}

impl AddAssign for NpsTally {
    fn add_assign(&mut self, rhs: Self) {
        self.merge(&rhs);
    }
}

impl std::iter::Sum for NpsTally {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::new(), Add::add)
    }
}

enum Category {
    Promoter,
    Passive,
    Detractor,
}

fn nps_category(s: f64) -> Option<Category> {
    if !(0.0..=10.0).contains(&s) || s.fract() != 0.0 {
        return None; // NaN fails `contains` too
    }
    Some(if s >= 9.0 {
        Category::Promoter
    } else if s >= 7.0 {
        Category::Passive
    } else {
        Category::Detractor
    })
}

fn bad_nps_score(index: usize, value: f64) -> CxError {
    CxError::invalid_at(
        "scores",
        index,
        value,
        "an NPS score must be a whole number from 0 to 10",
    )
}

/// Shares of promoters, passives and detractors with the (effective) sample size.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NpsSummary {
    /// Share of promoters, 0..1 (weighted when weights were given).
    pub promoters: f64,
    /// Share of passives, 0..1.
    pub passives: f64,
    /// Share of detractors, 0..1.
    pub detractors: f64,
    /// Number of responses.
    pub n: u64,
    /// Kish effective sample size `(Σw)² / Σw²`; equals `n` without weights.
    pub effective_n: f64,
}

impl NpsSummary {
    /// Summary of raw scores (whole numbers 0–10), with optional non-negative weights.
    ///
    /// With weights, shares are weighted and the interval uses the Kish (1965) effective
    /// sample size `(Σw)² / Σw²` in place of `n`.
    pub fn from_scores(scores: &[f64], weights: Option<&[f64]>) -> Result<Self> {
        check_len_at_least("scores", scores.len(), 1)?;
        let Some(w) = weights else {
            let mut t = NpsTally::new();
            t.add_scores(scores)?;
            return t.summary();
        };
        check_same_len("scores", scores.len(), "weights", w.len())?;
        let (mut wp, mut wq, mut wd, mut w_max) = (0.0, 0.0, 0.0, 0.0_f64);
        for (i, (&s, &wi)) in scores.iter().zip(w).enumerate() {
            check_weight(i, wi)?;
            match nps_category(s) {
                Some(Category::Promoter) => wp += wi,
                Some(Category::Passive) => wq += wi,
                Some(Category::Detractor) => wd += wi,
                None => return Err(bad_nps_score(i, s)),
            }
            w_max = w_max.max(wi);
        }
        let total = wp + wq + wd;
        if total <= 0.0 || !total.is_finite() {
            return Err(CxError::invalid(
                "weights",
                format!("weights must have a positive finite sum, got {total}"),
            ));
        }
        // Kish's (Σw)²/Σw² is scale-free: computed on w / max(w) so that tiny weights (whose
        // squares underflow to 0) and huge ones (whose squares overflow) give a number.
        let w2: f64 = w.iter().map(|&wi| (wi / w_max) * (wi / w_max)).sum();
        let total_scaled = total / w_max;
        Ok(Self {
            promoters: wp / total,
            passives: wq / total,
            detractors: wd / total,
            n: scores.len() as u64,
            effective_n: total_scaled * total_scaled / w2,
        })
    }

    /// The NPS, −100..100.
    pub fn score(&self) -> f64 {
        100.0 * (self.promoters - self.detractors)
    }

    /// Centre and variance (on the −1..1 scale) used by `method`.
    fn estimate(&self, method: IntervalMethod) -> (f64, f64) {
        let (p, d, n) = match method {
            IntervalMethod::Wald => (self.promoters, self.detractors, self.effective_n),
            IntervalMethod::AdjustedWald => {
                let n = self.effective_n + 3.0;
                (
                    (self.promoters * self.effective_n + 0.75) / n,
                    (self.detractors * self.effective_n + 0.75) / n,
                    n,
                )
            }
        };
        let centre = p - d;
        let var = ((p + d - centre * centre) / n).max(0.0);
        (centre, var)
    }

    /// NPS with standard error and interval by `options.method` at `options.level`.
    pub fn result(&self, options: NpsOptions) -> Result<NpsResult> {
        let z = z_critical(options.level)?;
        let (centre, var) = self.estimate(options.method);
        let se = var.sqrt();
        Ok(NpsResult {
            score: self.score(),
            promoters: self.promoters,
            passives: self.passives,
            detractors: self.detractors,
            n: self.n,
            effective_n: self.effective_n,
            std_error: 100.0 * se,
            ci: clamp_nps(100.0 * (centre - z * se), 100.0 * (centre + z * se)),
            level: options.level,
            method: options.method,
        })
    }
}

fn clamp_nps(lo: f64, hi: f64) -> (f64, f64) {
    (lo.clamp(-100.0, 100.0), hi.clamp(-100.0, 100.0))
}

pub(crate) fn check_weight(index: usize, w: f64) -> Result<()> {
    if w.is_finite() && w >= 0.0 {
        Ok(())
    } else {
        Err(CxError::invalid_at(
            "weights",
            index,
            w,
            "a weight must be a finite number >= 0",
        ))
    }
}

/// An NPS with its interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NpsResult {
    /// NPS on −100..100.
    pub score: f64,
    /// Share of promoters, 0..1.
    pub promoters: f64,
    /// Share of passives, 0..1.
    pub passives: f64,
    /// Share of detractors, 0..1.
    pub detractors: f64,
    /// Number of responses.
    pub n: u64,
    /// Kish effective sample size (equals `n` without weights).
    pub effective_n: f64,
    /// Standard error on the −100..100 scale (of the adjusted estimate for `AdjustedWald`).
    pub std_error: f64,
    /// Interval `(low, high)` on −100..100, clamped to that range.
    pub ci: (f64, f64),
    /// Confidence level of `ci`.
    pub level: f64,
    /// Method of `ci`.
    pub method: IntervalMethod,
}

/// NPS of raw 0–10 scores with optional weights.
///
/// ```
/// use cx_core::survey::{nps, NpsOptions};
/// let r = nps(&[10.0, 9.0, 8.0, 3.0], None, NpsOptions::default())?;
/// assert_eq!(r.score, 25.0);
/// # Ok::<(), cx_core::CxError>(())
/// ```
pub fn nps(scores: &[f64], weights: Option<&[f64]>, options: NpsOptions) -> Result<NpsResult> {
    NpsSummary::from_scores(scores, weights)?.result(options)
}

/// Difference between two NPS values with its test and interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NpsComparison {
    /// `NPS(a) − NPS(b)` on −200..200.
    pub difference: f64,
    /// Standard error of the difference (of the adjusted estimates for `AdjustedWald`).
    pub std_error: f64,
    /// Test statistic: the method's estimated difference divided by `std_error`.
    pub z: f64,
    /// Two-sided p-value of H0: equal NPS.
    pub p_value: f64,
    /// Interval for the difference `(low, high)`.
    pub ci: (f64, f64),
    /// Confidence level of `ci`.
    pub level: f64,
    /// Method of the test and interval.
    pub method: IntervalMethod,
}

/// Compares the NPS of two independent groups.
///
/// The variance of the difference is the sum of the two groups' variances (independent
/// samples). With `AdjustedWald` each group is first adjusted as in Rocks (2016), and the
/// interval is centred on the difference of the adjusted estimates; `difference` always
/// reports the raw difference. When both variances are zero, `z` is 0 for equal scores
/// (p = 1) and ±∞ otherwise (p = 0).
pub fn compare_nps(a: &NpsSummary, b: &NpsSummary, options: NpsOptions) -> Result<NpsComparison> {
    let zc = z_critical(options.level)?;
    let (ca, va) = a.estimate(options.method);
    let (cb, vb) = b.estimate(options.method);
    let centre = ca - cb;
    let se = (va + vb).sqrt();
    let z = if se > 0.0 {
        centre / se
    } else if centre == 0.0 {
        0.0
    } else {
        f64::INFINITY.copysign(centre)
    };
    Ok(NpsComparison {
        difference: a.score() - b.score(),
        std_error: 100.0 * se,
        z,
        p_value: if z.is_infinite() { 0.0 } else { two_sided_p(z) },
        ci: (100.0 * (centre - zc * se), 100.0 * (centre + zc * se)),
        level: options.level,
        method: options.method,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::{assert_abs_diff_eq, assert_relative_eq};

    #[test]
    fn byte_and_float_paths_agree() {
        let bytes: Vec<u8> = (0..10_007u32).map(|i| (i * 7 % 11) as u8).collect();
        let floats: Vec<f64> = bytes.iter().map(|&b| f64::from(b)).collect();
        let mut a = NpsTally::new();
        a.add_u8(&bytes).unwrap();
        let mut b = NpsTally::new();
        b.add_scores(&floats).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.n(), 10_007);
    }

    #[test]
    fn bad_bytes_leave_tally_untouched() {
        let mut t = NpsTally::from_counts(1, 2, 3);
        let mut bytes = vec![5u8; 20_000];
        bytes[12_345] = 11;
        let e = t.add_u8(&bytes).unwrap_err();
        assert!(
            matches!(
                e,
                CxError::InvalidInput {
                    index: Some(12_345),
                    ..
                }
            ),
            "{e}"
        );
        assert_eq!(t, NpsTally::from_counts(1, 2, 3));
    }

    #[test]
    fn rejects_bad_scores_and_weights() {
        let o = NpsOptions::default();
        for (bad, idx) in [
            (f64::NAN, 1),
            (255.0, 1),
            (300.0, 1),
            (1e300, 1),
            (-0.5, 1),
            (11.0, 1),
            (-1.0, 1),
            (7.5, 1),
            (f64::INFINITY, 1),
        ] {
            let e = nps(&[9.0, bad], None, o).unwrap_err();
            assert!(
                matches!(&e, CxError::InvalidInput { field, index: Some(i), .. } if field == "scores" && *i == idx),
                "{e}"
            );
        }
        assert!(matches!(nps(&[], None, o), Err(CxError::Empty { .. })));
        let e = nps(&[9.0, 3.0], Some(&[1.0, -2.0]), o).unwrap_err();
        assert_eq!(e.field(), Some("weights"));
        assert!(nps(&[9.0], Some(&[0.0]), o).is_err());
        assert!(matches!(
            nps(&[9.0], Some(&[1.0, 1.0]), o),
            Err(CxError::LengthMismatch { .. })
        ));
        assert!(nps(&[9.0], None, NpsOptions { level: 0.0, ..o }).is_err());
    }

    #[test]
    fn equal_weights_change_nothing() {
        let s = [10.0, 9.0, 8.0, 3.0, 6.0, 10.0];
        let a = nps(&s, None, NpsOptions::default()).unwrap();
        let b = nps(&s, Some(&[2.5; 6]), NpsOptions::default()).unwrap();
        assert_abs_diff_eq!(a.score, b.score, epsilon = 1e-12);
        assert_abs_diff_eq!(a.std_error, b.std_error, epsilon = 1e-12);
        assert_abs_diff_eq!(b.effective_n, 6.0, epsilon = 1e-12);
    }

    #[test]
    fn method_parses() {
        assert_eq!(
            "Adjusted-Wald".parse::<IntervalMethod>().unwrap(),
            IntervalMethod::AdjustedWald
        );
        assert!("bootstrap".parse::<IntervalMethod>().is_err());
    }

    /// Fuzzing (`fuzz/regressions/survey/nps_tally_*`): counts whose total exceeds u64 panicked
    /// in `n` (debug) or wrapped (release); merge saturates and the summary refuses them.
    #[test]
    fn overflowing_tallies_are_refused_not_wrapped() {
        let big = NpsTally::from_counts(u64::MAX - 1, 2, 0);
        assert_eq!(big.n(), u64::MAX);
        assert_eq!(big.summary().unwrap_err().field(), Some("tally"));
        let mut t = NpsTally::from_counts(u64::MAX, 0, 1);
        t.merge(&NpsTally::from_counts(1, 0, 0));
        assert_eq!(t.promoters, u64::MAX);
        assert!(t.result(NpsOptions::default()).is_err());
        let doc = format!(
            r#"{{"promoters":{},"passives":1,"detractors":0}}"#,
            u64::MAX
        );
        let e = crate::portable::from_document::<NpsTally>(&doc).unwrap_err();
        assert_eq!(e.field(), Some("tally"));
    }

    /// Fuzzing (`fuzz/regressions/survey/nps_weighted_tiny_weights_nan_ci`): Σw² underflowed
    /// to 0 for tiny weights (overflowed for huge ones), so the Kish effective n was 0/0.
    /// It is scale-free: equal weights of any size give n.
    #[test]
    fn effective_n_is_scale_free() {
        let scores = [10.0, 7.0, 3.0, 9.0];
        for w in [1e-300, 5e-324, 1.0, 1e200] {
            let s = NpsSummary::from_scores(&scores, Some(&[w; 4])).unwrap();
            assert_eq!(s.effective_n, 4.0, "weight {w}");
            let r = s.result(NpsOptions::default()).unwrap();
            assert!(r.ci.0.is_finite() && r.ci.1.is_finite(), "{r:?}");
        }
        let s = NpsSummary::from_scores(&scores, Some(&[1e-300, 2e-300, 1e-300, 0.0])).unwrap();
        assert_relative_eq!(s.effective_n, 16.0 / 6.0, max_relative = 1e-15);
    }
}
