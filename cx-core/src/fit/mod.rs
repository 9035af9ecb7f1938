//! Shared maximum-likelihood machinery for the model fits: log-parameter transforms, the
//! optimizer wrapper (`argmin` Nelder–Mead plus a Newton polish), convergence report,
//! Hessian-based standard errors, and special functions not in `statrs` (the Gauss
//! hypergeometric function ₂F₁, log-gamma with sign).

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
    m + ((a - m).exp() + (b - m).exp()).ln()
}

/// Numerically stable `ln(exp(a) − exp(b))` for `a ≥ b` (−∞ when equal).
pub fn log_sub_exp(a: f64, b: f64) -> f64 {
    if b == f64::NEG_INFINITY {
        return a;
    }
    a + (-(b - a).exp()).ln_1p()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_sum_helpers() {
        assert!((log_add_exp(1000.0, 1000.0) - (1000.0 + 2f64.ln())).abs() < 1e-12);
        assert!((log_sub_exp(3f64.ln(), 1f64.ln()) - 2f64.ln()).abs() < 1e-14);
        assert_eq!(log_sub_exp(1.0, 1.0), f64::NEG_INFINITY);
        assert_eq!(
            log_add_exp(f64::NEG_INFINITY, f64::NEG_INFINITY),
            f64::NEG_INFINITY
        );
    }
}
