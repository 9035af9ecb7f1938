//! Special functions the CLV models need and `statrs` lacks: the log-gamma function with its
//! sign for negative arguments, and the Gauss hypergeometric function ₂F₁.

use crate::math;
use std::f64::consts::PI;

use crate::math::ln_gamma as ln_gamma_pos;

/// `(ln|Γ(x)|, sign Γ(x))` for any real `x` that is not a pole (0, −1, −2, ...).
///
/// Positive arguments use `statrs`' Lanczos approximation; negative ones the reflection formula
/// Γ(x) Γ(1 − x) = π / sin(πx) (Abramowitz and Stegun 6.1.17). At a pole it returns
/// `(+∞, 0.0)`, so that `1/Γ` evaluates to zero there.
pub fn ln_gamma_sign(x: f64) -> (f64, f64) {
    if x > 0.0 {
        return (ln_gamma_pos(x), 1.0);
    }
    if x == x.floor() {
        return (f64::INFINITY, 0.0);
    }
    // sin(πx) with the argument reduced first, so that large |x| keeps its accuracy.
    let s = sin_pi(x);
    (
        math::ln(PI) - math::ln(s.abs()) - ln_gamma_pos(1.0 - x),
        s.signum(),
    )
}

/// sin(πx) with exact zeros at the integers.
fn sin_pi(x: f64) -> f64 {
    let r = x.rem_euclid(2.0);
    if r == 0.0 || r == 1.0 {
        return 0.0;
    }
    if r < 0.5 {
        math::sin(PI * r)
    } else if r < 1.5 {
        math::sin(PI * (1.0 - r))
    } else {
        math::sin(PI * (r - 2.0))
    }
}

/// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b) for `a, b > 0`.
pub fn ln_beta(a: f64, b: f64) -> f64 {
    ln_gamma_pos(a) + ln_gamma_pos(b) - ln_gamma_pos(a + b)
}

/// Digamma function ψ(x) = d ln Γ(x)/dx for `x > 0` (`statrs`).
pub fn digamma(x: f64) -> f64 {
    statrs::function::gamma::digamma(x)
}

/// Trigamma function ψ′(x) = d² ln Γ(x)/dx² for `x > 0`: the recurrence
/// ψ′(x) = ψ′(x + 1) + 1/x² up to `x ≥ 10`, then the asymptotic series (Abramowitz and Stegun
/// 6.4.12) to about 1e-15 relative.
pub fn trigamma(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    let mut x = x;
    let mut acc = 0.0;
    while x < 10.0 {
        acc += 1.0 / (x * x);
        x += 1.0;
    }
    let z = 1.0 / (x * x);
    // 1/x + 1/(2x²) + Σ B₂ₖ / x^{2k+1}: B₂ = 1/6, B₄ = −1/30, B₆ = 1/42, B₈ = −1/30, B₁₀ = 5/66.
    let series =
        z * (1.0 / 6.0 + z * (-1.0 / 30.0 + z * (1.0 / 42.0 + z * (-1.0 / 30.0 + z * 5.0 / 66.0))));
    acc + (1.0 + 0.5 / x + series) / x
}

/// Largest number of series terms summed before giving up (returns the partial sum).
const MAX_TERMS: usize = 2_000_000;
/// Distance from an integer below which `c − a − b` takes the integer-case path.
const INTEGER_GAP: f64 = 1e-5;

/// Gauss hypergeometric function ₂F₁(a, b; c; z) for real parameters and real `z < 1`
/// (and `z = 1` when `c − a − b > 0`, by Gauss's theorem).
///
/// Method (Abramowitz and Stegun, ch. 15):
/// - `z < 0`: Pfaff's transformation 15.3.5 maps to `z/(z − 1)` in `(0, 1)`.
/// - `0 ≤ z ≤ 0.5`, `c ≥ 2(|a| + |b|) + 10`, or a terminating series (a or b a non-positive
///   integer): the defining series 15.1.1, summed to relative precision 1e-17.
/// - `0.5 < z < 1`: first Euler's transformation 15.3.3 when `c − a − b < 0`, so that the
///   remaining function has `c − a − b ≥ 0`; then the series up to `z = 0.9`, and beyond it the
///   `1 − z` connection formula 15.3.6 with log-gamma prefactors. When
///   `c − a − b` is within 1e-5 of an integer (where 15.3.6 has removable poles), the series is
///   summed directly for `z ≤ 0.99` (a few thousand terms), and beyond that the value is
///   extrapolated from symmetric means of the function at `c ± 1e-4` and `c ± 2e-4`
///   (Richardson), accurate to about 1e-9 relative for moderate parameters (worse, ~1e-7, when
///   |a|, |b| are in the tens).
///
/// Returns NaN for `z > 1`, for `c` a non-positive integer, and for NaN inputs.
///
/// ```
/// use cx_core::fit::hyp2f1;
/// // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z
/// let z = 0.75_f64;
/// assert!((hyp2f1(1.0, 1.0, 2.0, z) + (1.0 - z).ln() / z).abs() < 1e-14);
/// ```
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> f64 {
    if [a, b, c, z].iter().any(|v| v.is_nan()) || z > 1.0 {
        return f64::NAN;
    }
    if c <= 0.0 && c == c.floor() {
        return f64::NAN;
    }
    if z == 0.0 || a == 0.0 || b == 0.0 {
        return 1.0;
    }
    let terminating = |p: f64| p < 0.0 && p == p.floor();
    if terminating(a) || terminating(b) {
        return series(a, b, c, z);
    }
    if z == 1.0 {
        return gauss_at_one(a, b, c);
    }
    if z < 0.0 {
        // Pfaff: ₂F₁(a, b; c; z) = (1 − z)^(−a) ₂F₁(a, c − b; c; z/(z − 1)); choose the
        // parameter that keeps the new series short.
        let w = z / (z - 1.0);
        let (p, q) = if (c - b).abs() <= (c - a).abs() {
            (a, c - b)
        } else {
            (b, c - a)
        };
        return math::exp(-p * math::ln_1p(-z)) * hyp2f1(p, q, c, w);
    }
    // The series also converges fast for any z < 1 when c dominates a and b (the terms shrink
    // like (ab/c)^k/k! at first), where 15.3.6 would cancel catastrophically.
    if z <= 0.5 || c >= 2.0 * (a.abs() + b.abs()) + 10.0 {
        return series(a, b, c, z);
    }
    let m = c - a - b;
    if m < 0.0 {
        // Euler 15.3.3: ₂F₁(a,b;c;z) = (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z), whose c − a − b > 0.
        return math::exp(m * math::ln_1p(-z)) * near_one(c - a, c - b, c, z);
    }
    near_one(a, b, c, z)
}

/// ₂F₁ for `0.5 < z < 1` and `c − a − b ≥ 0`: the series (slowly but safely convergent) up to
/// z = 0.9, the `1 − z` connection formula beyond.
fn near_one(a: f64, b: f64, c: f64, z: f64) -> f64 {
    let m = c - a - b;
    if z <= 0.9 {
        return series(a, b, c, z);
    }
    if (m - m.round()).abs() > INTEGER_GAP {
        return one_minus_z(a, b, c, z);
    }
    if z <= 0.99 {
        return series(a, b, c, z);
    }
    // Symmetric means at c ± h and c ± 2h, Richardson-extrapolated: error O(h⁴) plus the
    // cancellation noise of 15.3.6 near its poles (about 1e-16/h relative).
    let h = 1e-4;
    let mean = |d: f64| 0.5 * (one_minus_z(a, b, c + d, z) + one_minus_z(a, b, c - d, z));
    (4.0 * mean(h) - mean(2.0 * h)) / 3.0
}

/// The defining series Σ (a)ₙ (b)ₙ / ((c)ₙ n!) zⁿ.
fn series(a: f64, b: f64, c: f64, z: f64) -> f64 {
    let mut term = 1.0;
    let mut sum = 1.0;
    for n in 0..MAX_TERMS {
        let k = n as f64;
        term *= (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
        sum += term;
        if term == 0.0 || (term.abs() <= 1e-17 * sum.abs() && k > (a.abs() + b.abs()) * z) {
            break;
        }
    }
    sum
}

/// Gauss's theorem 15.1.20: ₂F₁(a, b; c; 1) = Γ(c) Γ(c − a − b) / (Γ(c − a) Γ(c − b)).
fn gauss_at_one(a: f64, b: f64, c: f64) -> f64 {
    if c - a - b <= 0.0 {
        return f64::INFINITY;
    }
    gamma_ratio(&[c, c - a - b], &[c - a, c - b])
}

/// Π Γ(num) / Π Γ(den), computed in log space; zero when a denominator argument is a pole.
fn gamma_ratio(num: &[f64], den: &[f64]) -> f64 {
    let mut ln = 0.0;
    let mut sign = 1.0;
    for &x in num {
        let (l, s) = ln_gamma_sign(x);
        ln += l;
        sign *= s;
    }
    for &x in den {
        let (l, s) = ln_gamma_sign(x);
        if s == 0.0 {
            return 0.0;
        }
        ln -= l;
        sign *= s;
    }
    sign * math::exp(ln)
}

/// A&S 15.3.6 for non-integer `c − a − b`:
/// ₂F₁(a,b;c;z) = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) ₂F₁(a, b; a+b−c+1; 1−z)
///              + (1−z)^(c−a−b) Γ(c)Γ(a+b−c)/(Γ(a)Γ(b)) ₂F₁(c−a, c−b; c−a−b+1; 1−z).
fn one_minus_z(a: f64, b: f64, c: f64, z: f64) -> f64 {
    let w = 1.0 - z;
    let m = c - a - b;
    let t1 = gamma_ratio(&[c, m], &[c - a, c - b]);
    let t1 = if t1 == 0.0 {
        0.0
    } else {
        t1 * series(a, b, 1.0 - m, w)
    };
    let t2 = gamma_ratio(&[c, -m], &[a, b]);
    let t2 = if t2 == 0.0 {
        0.0
    } else {
        t2 * math::exp(m * math::ln(w)) * series(c - a, c - b, m + 1.0, w)
    };
    t1 + t2
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    /// Reference values from mpmath 1.3.0 `hyp2f1` at 30 significant digits
    /// (`mp.dps = 30`), rounded to 17.
    #[allow(clippy::excessive_precision)]
    const MPMATH: &[(f64, f64, f64, f64, f64)] = &[
        (0.5, 0.5, 1.5, 0.25, 1.047_197_551_196_597_7),
        (1.0, 1.0, 2.0, 0.9, 2.558_427_881_104_495_4),
        (0.243, 2.426, 2.219, 0.8, 1.572_116_540_914_996_7),
        (0.243, 2.426, 2.219, 0.99, 4.375_261_367_408_537_2),
        (2.5, 1.5, 1.0, 0.7, 55.570_049_582_089_462),
        (1.5, 2.5, 3.0, -3.0, 0.164_318_527_664_948_11),
        (0.3, 0.7, 1.0, 0.95, 1.700_856_268_995_448),
        (3.0, 2.0, 6.0, 0.999, 9.723_550_823_741_704),
        (10.0, 5.0, 8.0, 0.3, 9.592_698_863_325_897),
        (-3.0, 2.0, 1.5, 0.7, -0.075_2),
        (0.793, -0.45, 1.5, 0.9999, 0.654_144_547_350_434_95),
        (1.2, 0.8, 40.0, 0.6, 1.014_836_115_955_788_7),
        (50.0, 2.0, 51.0, 0.95, 246.536_441_320_820_39),
        (10.1, 10.09, 1295.0, 0.99, 1.081_711_166_077_974_7),
        (
            32.658_690_538_347_6,
            15.689_565_567_389_433,
            36.274_960_174_698_116,
            0.558_004_521_825_836_9,
            78_530.764_101_490_81,
        ),
        (0.5, 1.0, 1.2, -50.0, 0.168_338_204_591_885_2),
    ];

    #[test]
    fn matches_mpmath() {
        for &(a, b, c, z, want) in MPMATH {
            let got = hyp2f1(a, b, c, z);
            assert_relative_eq!(got, want, max_relative = 1e-9);
        }
    }

    #[test]
    fn closed_forms() {
        // ₂F₁(a, b; b; z) = (1 − z)^(−a)
        for &z in &[-5.0, -0.5, 0.3, 0.7, 0.99] {
            assert_relative_eq!(
                hyp2f1(1.7, 0.4, 0.4, z),
                math::powf(1.0_f64 - z, -1.7),
                max_relative = 1e-12
            );
        }
        // ₂F₁(1/2, 1/2; 3/2; z²) = arcsin(z)/z
        for &x in &[0.1_f64, 0.6, 0.95] {
            assert_relative_eq!(
                hyp2f1(0.5, 0.5, 1.5, x * x),
                x.asin() / x,
                max_relative = 1e-12
            );
        }
        // Gauss at z = 1 and the integer-gap fallback (c − a − b = 1 exactly).
        assert_relative_eq!(hyp2f1(1.0, 1.0, 3.0, 1.0), 2.0, max_relative = 1e-12);
        assert_relative_eq!(
            hyp2f1(1.0, 1.0, 3.0, 0.97),
            // ₂F₁(1,1;3;z) = 2[z + (1 − z) ln(1 − z)]/z²
            2.0 * (0.97 + 0.03 * math::ln(0.03_f64)) / (0.97 * 0.97),
            max_relative = 1e-8
        );
        assert!(hyp2f1(1.0, 1.0, -2.0, 0.5).is_nan());
        assert!(hyp2f1(1.0, 1.0, 2.0, 1.5).is_nan());
    }

    #[test]
    fn gamma_sign_reflection() {
        let (l, s) = ln_gamma_sign(-0.5);
        // Γ(−1/2) = −2√π
        assert_relative_eq!(s * math::exp(l), -2.0 * PI.sqrt(), max_relative = 1e-13);
        assert_eq!(ln_gamma_sign(-2.0).1, 0.0);
        assert_relative_eq!(ln_beta(2.0, 3.0), math::ln(1.0_f64 / 12.0), epsilon = 1e-14);
    }

    #[test]
    fn trigamma_matches_known_values() {
        let pi2 = PI * PI;
        for (x, want) in [
            (1.0, pi2 / 6.0),
            (0.5, pi2 / 2.0),
            (2.0, pi2 / 6.0 - 1.0),
            (0.25, pi2 + 8.0 * 0.915_965_594_177_219),
        ] {
            assert!(
                (trigamma(x) - want).abs() <= 1e-13 * want,
                "{x}: {}",
                trigamma(x)
            );
        }
        // Large argument: ψ′(x) ≈ 1/x + 1/(2x²).
        let x = 1e6;
        assert!((trigamma(x) - (1.0 / x + 0.5 / (x * x))).abs() < 1e-18);
        assert!(trigamma(0.0).is_nan() && trigamma(-1.0).is_nan());
        // ψ′ is the derivative of ψ.
        let h = 1e-5;
        for x in [0.3, 1.7, 12.5] {
            let d = (digamma(x + h) - digamma(x - h)) / (2.0 * h);
            assert!((trigamma(x) - d).abs() < 1e-7 * trigamma(x));
        }
    }
}
