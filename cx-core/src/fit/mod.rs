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
    // ln(e^(a−m) + e^(b−m)) with one of the two powers e⁰ = 1: a single exponential.
    m + math::ln(1.0 + math::exp(-(a - b).abs()))
}

/// `(ln(eᵃ + eᵇ), eᵃ / (eᵃ + eᵇ))` from a single exponential: the log of a sum of two terms
/// known by their logs, and the first term's share of it (a likelihood and a posterior
/// probability, as the Pareto/NBD's "alive" and "dropped out" terms).
pub fn log_add_exp_share(a: f64, b: f64) -> (f64, f64) {
    let m = a.max(b);
    if m == f64::NEG_INFINITY {
        return (m, f64::NAN);
    }
    let e = math::exp(-(a - b).abs());
    // The share as `logistic(a − b)`: 1/(1 + e^(b−a)) when a ≥ b, e^(a−b)/(1 + e^(a−b)) else.
    let share = if a >= b {
        1.0 / (1.0 + e)
    } else {
        e / (1.0 + e)
    };
    (m + math::ln(1.0 + e), share)
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
        assert_eq!(log_add_exp(-3.0, f64::NEG_INFINITY), -3.0);
        assert!(
            (log_add_exp(-2.0, -5.0) - math::ln(math::exp(-2.0) + math::exp(-5.0))).abs() < 1e-15
        );
    }

    #[test]
    fn log_add_exp_share_is_the_log_sum_and_the_logistic_share() {
        // The logistic as the CLV models write it.
        let logistic = |v: f64| {
            if v >= 0.0 {
                1.0 / (1.0 + math::exp(-v))
            } else {
                let e = math::exp(v);
                e / (1.0 + e)
            }
        };
        for (a, b) in [
            (-2.0, -5.0),
            (-5.0, -2.0),
            (3.0, 3.0),
            (-800.0, -1.0),
            (40.0, -700.0),
        ] {
            let (l, share) = log_add_exp_share(a, b);
            // Bit for bit what the separate helpers give.
            assert_eq!(l, log_add_exp(a, b), "ln sum at ({a}, {b})");
            assert_eq!(share, logistic(a - b), "share at ({a}, {b})");
        }
        let (l, share) = log_add_exp_share(-2.0, -5.0);
        let (ea, eb) = (math::exp(-2.0), math::exp(-5.0));
        assert!((l - math::ln(ea + eb)).abs() < 1e-15);
        assert!((share - ea / (ea + eb)).abs() < 1e-15);
        assert_eq!(log_add_exp_share(-1.0, f64::NEG_INFINITY), (-1.0, 1.0));
        assert_eq!(log_add_exp_share(f64::NEG_INFINITY, -1.0), (-1.0, 0.0));
    }
}
