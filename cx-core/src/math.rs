//! Elementary functions with one implementation on every target.
//!
//! `f64::ln`, `f64::exp` and friends call the platform's C library on native targets (glibc,
//! macOS libm, the MSVC CRT) and the pure-Rust `libm` port on `wasm32`, and those differ in the
//! last bit for some arguments. Every formula in `cx-core` calls these wrappers instead, which
//! use the `libm` crate (a port of musl's libm) everywhere, so a model fitted in Python scores
//! bit-for-bit the same in Node and in the browser. Square roots need no wrapper: IEEE 754
//! requires them correctly rounded on every target.
//!
//! ```
//! use cx_core::math;
//! assert_eq!(math::ln(1.0), 0.0);
//! assert!((math::exp(1.0) - std::f64::consts::E).abs() < 1e-15);
//! assert!((math::ln_gamma(5.0) - 24f64.ln()).abs() < 1e-14);
//! ```

/// Natural logarithm ln(x).
#[inline]
pub fn ln(x: f64) -> f64 {
    libm::log(x)
}

/// Exponential eˣ.
#[inline]
pub fn exp(x: f64) -> f64 {
    libm::exp(x)
}

/// ln(1 + x), accurate for small `x`.
#[inline]
pub fn ln_1p(x: f64) -> f64 {
    libm::log1p(x)
}

/// eˣ − 1, accurate for small `x`.
#[inline]
pub fn exp_m1(x: f64) -> f64 {
    libm::expm1(x)
}

/// xʸ.
#[inline]
pub fn powf(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

/// sin(x).
#[inline]
pub fn sin(x: f64) -> f64 {
    libm::sin(x)
}

/// cos(x).
#[inline]
pub fn cos(x: f64) -> f64 {
    libm::cos(x)
}

/// ln Γ(x) for `x > 0` (for other arguments, ln |Γ(x)|; `+∞` at the poles).
#[inline]
pub fn ln_gamma(x: f64) -> f64 {
    libm::lgamma_r(x).0
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // compares the wrappers with std
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_matches_factorials_and_half_integers() {
        let mut fact = 1.0_f64;
        for n in 1..30 {
            // Γ(n) = (n − 1)!
            assert!((ln_gamma(n as f64) - fact.ln()).abs() <= 1e-13 * fact.ln().abs().max(1.0));
            fact *= n as f64;
        }
        // Γ(1/2) = √π
        assert!((ln_gamma(0.5) - 0.5 * std::f64::consts::PI.ln()).abs() < 1e-15);
        assert_eq!(ln_gamma(0.0), f64::INFINITY);
    }

    #[test]
    fn wrappers_agree_with_std_to_an_ulp() {
        for &x in &[1e-300, 1e-8, 0.1, 0.5, 1.0, 2.5, 10.0, 700.0, 1e300] {
            let close = |a: f64, b: f64| a == b || ((a - b) / b).abs() < 4.0 * f64::EPSILON;
            assert!(close(ln(x), x.ln()));
            assert!(close(ln_1p(x), x.ln_1p()));
            if x < 700.0 {
                assert!(close(exp(x), x.exp()));
                assert!(close(exp_m1(x), x.exp_m1()));
                assert!(close(powf(x, 1.7), x.powf(1.7)));
            }
        }
    }
}
