//! Quantiles and interval formulas shared by the survey metrics.

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use crate::error::{CxError, Result, check_level};

/// Two-sided standard-normal critical value for `level`: `Φ⁻¹(1 − (1 − level)/2)`.
pub fn z_critical(level: f64) -> Result<f64> {
    check_level(level)?;
    let n = Normal::standard();
    finite_critical(level, n.inverse_cdf(1.0 - (1.0 - level) / 2.0))
}

/// A critical value, or an error naming `level` when it is so close to 1 that the quantile
/// rounds to ±∞ (an interval of 0 · ∞ = NaN otherwise; found by fuzzing).
fn finite_critical(level: f64, q: f64) -> Result<f64> {
    if q.is_finite() {
        return Ok(q);
    }
    Err(CxError::InvalidInput {
        field: "level".into(),
        index: None,
        value: Some(level.to_string()),
        reason: "too close to 1: the critical value is not finite".into(),
    })
}

/// Two-sided Student-t critical value with `df` degrees of freedom for `level`.
pub fn t_critical(level: f64, df: f64) -> Result<f64> {
    check_level(level)?;
    let t = StudentsT::new(0.0, 1.0, df)
        .map_err(|e| CxError::Internal(format!("t distribution with df = {df}: {e}")))?;
    finite_critical(level, t.inverse_cdf(1.0 - (1.0 - level) / 2.0))
}

/// Two-sided p-value of a standard-normal statistic `z`: `2·(1 − Φ(|z|))`.
pub fn two_sided_p(z: f64) -> f64 {
    if z.is_nan() {
        return 1.0;
    }
    // erfc keeps precision in the far tail where 1 − Φ would round to zero.
    statrs::function::erf::erfc(z.abs() / std::f64::consts::SQRT_2)
}

/// Wilson score interval for `successes` out of `n` (weighted counts allowed), as proportions.
///
/// Wilson, E. B. (1927). "Probable inference, the law of succession, and statistical
/// inference". JASA 22(158), 209–212.
pub fn wilson(successes: f64, n: f64, z: f64) -> (f64, f64) {
    let p = successes / n;
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    #[test]
    fn critical_values_match_tables() {
        // Standard tables: z(0.975) = 1.959964, t(0.975, 9) = 2.262157.
        assert_abs_diff_eq!(
            z_critical(0.95).unwrap(),
            1.959_963_984_540_054,
            epsilon = 1e-9
        );
        assert_abs_diff_eq!(
            z_critical(0.90).unwrap(),
            1.644_853_626_951_472,
            epsilon = 1e-9
        );
        assert_abs_diff_eq!(
            t_critical(0.95, 9.0).unwrap(),
            2.262_157_162_798_205,
            epsilon = 1e-8
        );
        // statrs' erfc is accurate to about 1e-11 relative here.
        assert_abs_diff_eq!(two_sided_p(1.959_963_984_540_054), 0.05, epsilon = 1e-10);
        assert!(z_critical(1.5).is_err());
    }

    #[test]
    fn wilson_matches_newcombe_1998() {
        // Newcombe (1998), Statistics in Medicine 17, 857–872, Table I, method 3 (score, no CC).
        let z = z_critical(0.95).unwrap();
        let (lo, hi) = wilson(81.0, 263.0, z);
        assert_abs_diff_eq!(lo, 0.2553, epsilon = 5e-5);
        assert_abs_diff_eq!(hi, 0.3662, epsilon = 5e-5);
        let (lo, hi) = wilson(0.0, 20.0, z);
        assert_abs_diff_eq!(lo, 0.0, epsilon = 5e-5);
        assert_abs_diff_eq!(hi, 0.1611, epsilon = 5e-5);
    }

    /// Fuzzing (`fuzz/regressions/survey/level_next_to_one_*`): a level of 1 − 2⁻⁵³ passed the
    /// range check but gave an infinite critical value and NaN or infinite intervals.
    #[test]
    fn levels_next_to_one_are_refused_by_name() {
        let level = 1.0 - f64::EPSILON / 2.0;
        assert!(level < 1.0);
        assert_eq!(z_critical(level).unwrap_err().field(), Some("level"));
        assert_eq!(t_critical(level, 3.0).unwrap_err().field(), Some("level"));
        assert!(z_critical(0.999_999).unwrap().is_finite());
    }
}
