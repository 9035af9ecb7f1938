//! Model comparison: information criteria (AIC, BIC) of every fitted CLV model and the
//! likelihood-ratio test between nested models.
//!
//! AIC = 2k − 2 ln L (Akaike 1974), BIC = k ln n − 2 ln L (Schwarz 1978), with `k` free
//! parameters and `n` customers (the total weight of the fit). The likelihood-ratio statistic
//! `2 (ln L_full − ln L_restricted)` is asymptotically χ² with `df` = the number of restrictions
//! (Wilks 1938); when the restriction puts a parameter on the boundary of its space (for example
//! the Gamma-Gompertz/NBD's `b → 0`, which gives the Pareto/NBD) the χ² p-value is conservative.

use crate::math;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF};

use crate::clv::{BgBb, BgNbd, GammaGamma, GgNbd, MbgNbd, ParetoNbd, ParetoNbdCor};
use crate::error::{CxError, Result};

/// What model comparison needs from a fitted model: its maximized log-likelihood, its number
/// of free parameters and the number of customers it was fitted on.
pub trait FittedLikelihood {
    /// Maximized log-likelihood (0 for a model built from known parameters).
    fn log_likelihood(&self) -> f64;
    /// Number of free parameters `k`.
    fn n_params(&self) -> usize;
    /// Number of customers (total weight) `n` the model was fitted on; 0 when not fitted.
    fn n_observations(&self) -> f64;
    /// Akaike's information criterion `2k − 2 ln L` (smaller is better).
    fn aic(&self) -> f64 {
        aic(self.log_likelihood(), self.n_params())
    }
    /// Schwarz's Bayesian information criterion `k ln n − 2 ln L` (smaller is better); NaN
    /// when the model was not fitted (`n = 0`).
    fn bic(&self) -> f64 {
        bic(
            self.log_likelihood(),
            self.n_params(),
            self.n_observations(),
        )
    }
}

macro_rules! fitted_likelihood {
    ($($model:ty => $k:expr),+ $(,)?) => {
        $(impl FittedLikelihood for $model {
            fn log_likelihood(&self) -> f64 {
                self.log_likelihood
            }
            fn n_params(&self) -> usize {
                $k
            }
            fn n_observations(&self) -> f64 {
                self.n_customers
            }
        })+
    };
}

fitted_likelihood!(
    BgNbd => 4,
    MbgNbd => 4,
    ParetoNbd => 4,
    BgBb => 4,
    GammaGamma => 3,
    GgNbd => 5,
    ParetoNbdCor => 5,
);

/// `2k − 2 ln L`.
pub fn aic(log_likelihood: f64, n_params: usize) -> f64 {
    2.0 * n_params as f64 - 2.0 * log_likelihood
}

/// `k ln n − 2 ln L`; NaN for `n ≤ 0`.
pub fn bic(log_likelihood: f64, n_params: usize, n: f64) -> f64 {
    if n > 0.0 {
        n_params as f64 * math::ln(n) - 2.0 * log_likelihood
    } else {
        f64::NAN
    }
}

/// Result of [`lr_test`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LrTest {
    /// `2 (ln L_full − ln L_restricted)`, ≥ 0.
    pub statistic: f64,
    /// Degrees of freedom (number of restrictions).
    pub df: u32,
    /// Upper-tail χ²(df) probability of the statistic.
    pub p_value: f64,
}

/// Likelihood-ratio test of a restricted model against the full model it is nested in:
/// statistic `2 (ln L_full − ln L_restricted)`, p-value from χ²(`df`).
///
/// A full model whose log-likelihood is below the restricted one's by more than a rounding
/// margin (1e-6 relative) is an error: either the models are not nested or the full fit did
/// not reach its maximum. Within the margin the statistic is 0 (p-value 1).
///
/// ```
/// use cx_core::clv::lr_test;
/// let t = lr_test(-9594.98, -9592.0, 1)?;
/// assert!((t.statistic - 5.96).abs() < 1e-9 && t.p_value < 0.05);
/// # Ok::<(), cx_core::CxError>(())
/// ```
///
/// # Errors
/// [`CxError::InvalidInput`] naming `restricted` or `full` (log-likelihood not finite, or the
/// full model fitting worse) or `df` (0).
pub fn lr_test(ll_restricted: f64, ll_full: f64, df: u32) -> Result<LrTest> {
    for (field, v) in [("restricted", ll_restricted), ("full", ll_full)] {
        if !v.is_finite() {
            return Err(CxError::invalid_at(
                field,
                0,
                v,
                "the model's log-likelihood must be finite (is it fitted?)",
            ));
        }
    }
    if df == 0 {
        return Err(CxError::invalid(
            "df",
            "the full model must have more free parameters than the restricted one (df >= 1)",
        ));
    }
    let diff = ll_full - ll_restricted;
    if diff < -1e-6 * (1.0 + ll_full.abs()) {
        return Err(CxError::invalid(
            "full",
            format!(
                "the full model's log-likelihood ({ll_full}) is below the restricted model's \
                 ({ll_restricted}): the models are not nested or the full fit did not converge"
            ),
        ));
    }
    let statistic = 2.0 * diff.max(0.0);
    let chi = ChiSquared::new(f64::from(df))
        .map_err(|e| CxError::Internal(format!("chi-squared({df}): {e}")))?;
    Ok(LrTest {
        statistic,
        df,
        p_value: chi.sf(statistic),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::{ParetoNbdParams, PurchaseModel};
    use approx::assert_relative_eq;

    #[test]
    fn chi_squared_tail_matches_tables() {
        // χ²(1) upper 5% point 3.841459 (scipy.stats.chi2.ppf(0.95, 1)); χ²(2): e^{−x/2}.
        let t = lr_test(-100.0, -100.0 + 3.841_458_820_694_124 / 2.0, 1).unwrap();
        assert_relative_eq!(t.p_value, 0.05, max_relative = 1e-9);
        let t = lr_test(-50.0, -47.0, 2).unwrap();
        assert_relative_eq!(t.statistic, 6.0);
        assert_relative_eq!(t.p_value, math::exp(-3.0_f64), max_relative = 1e-12);
        assert_eq!(lr_test(-5.0, -5.0, 3).unwrap().p_value, 1.0);
    }

    #[test]
    fn bad_comparisons_are_named() {
        assert_eq!(lr_test(-10.0, -20.0, 1).unwrap_err().field(), Some("full"));
        assert_eq!(
            lr_test(f64::NAN, -20.0, 1).unwrap_err().field(),
            Some("restricted")
        );
        assert_eq!(lr_test(-10.0, -9.0, 0).unwrap_err().field(), Some("df"));
    }

    #[test]
    fn information_criteria_of_a_model() {
        let mut m = ParetoNbd::from_params(ParetoNbdParams {
            r: 0.55,
            alpha: 10.58,
            s: 0.61,
            beta: 11.67,
        })
        .unwrap();
        assert!(m.p_alive(0.0, 0.0, 1.0).is_ok());
        m.log_likelihood = -9594.98;
        m.n_customers = 2357.0;
        assert_relative_eq!(m.aic(), 8.0 + 2.0 * 9594.98);
        assert_relative_eq!(m.bic(), 4.0 * math::ln(2357_f64) + 2.0 * 9594.98);
        m.n_customers = 0.0;
        assert!(m.bic().is_nan());
    }
}
