//! Shared maximum-likelihood machinery for the model fits: log-parameter transforms, the
//! optimizer wrapper (`argmin` Nelder–Mead plus a Newton polish), convergence report,
//! Hessian-based standard errors, and special functions not in `statrs` (the Gauss
//! hypergeometric function ₂F₁, log-gamma with sign).

use crate::math;

mod optimize;
mod quadrature;
mod special;

#[cfg(test)]
pub(crate) use optimize::assert_derivatives;
pub(crate) use optimize::invert_spd;
pub use optimize::{
    Derivatives, FitOptions, MlEstimate, Point, maximize_positive, maximize_positive_bfgs,
    maximize_positive_newton,
};
pub(crate) use quadrature::{gk15_estimate, integrate};
pub use special::{digamma, hyp2f1, ln_beta, ln_gamma_sign, trigamma};

/// Numerically stable `ln(exp(a) + exp(b))`.
pub fn log_add_exp(a: f64, b: f64) -> f64 {
    let m = a.max(b);
    if m == f64::NEG_INFINITY {
        return m;
    }
    m + math::ln(math::exp(a - m) + math::exp(b - m))
}

/// Numerically stable `ln(exp(a) − exp(b))` for `a ≥ b` (−∞ when equal).
pub fn log_sub_exp(a: f64, b: f64) -> f64 {
    if b == f64::NEG_INFINITY {
        return a;
    }
    a + math::ln_1p(-math::exp(b - a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_sum_helpers() {
        assert!((log_add_exp(1000.0, 1000.0) - (1000.0 + math::ln(2f64))).abs() < 1e-12);
        assert!((log_sub_exp(math::ln(3f64), math::ln(1f64)) - math::ln(2f64)).abs() < 1e-14);
        assert_eq!(log_sub_exp(1.0, 1.0), f64::NEG_INFINITY);
        assert_eq!(
            log_add_exp(f64::NEG_INFINITY, f64::NEG_INFINITY),
            f64::NEG_INFINITY
        );
    }
}
