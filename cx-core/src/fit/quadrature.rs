//! Adaptive Gauss–Kronrod (7/15-point) quadrature for the likelihood integrals that have no
//! closed form (the Gamma-Gompertz/NBD's "died in (tₓ, T]" term). Nodes and weights are the
//! standard Kronrod extension of the 7-point Gauss–Legendre rule (Piessens et al. 1983,
//! QUADPACK); the 7-point Gauss estimate on the same nodes gives the error estimate.

/// Kronrod abscissae on [−1, 1] (the positive half; index 7 is the centre).
const XK: [f64; 8] = [
    0.991_455_371_120_812_6,
    0.949_107_912_342_758_5,
    0.864_864_423_359_769_1,
    0.741_531_185_599_394_4,
    0.586_087_235_467_691_1,
    0.405_845_151_377_397_2,
    0.207_784_955_007_898_5,
    0.0,
];
/// Kronrod weights for [`XK`].
const WK: [f64; 8] = [
    0.022_935_322_010_529_22,
    0.063_092_092_629_978_55,
    0.104_790_010_322_250_18,
    0.140_653_259_715_525_92,
    0.169_004_726_639_267_9,
    0.190_350_578_064_785_4,
    0.204_432_940_075_298_9,
    0.209_482_141_084_727_83,
];
/// Gauss weights for the odd-indexed Kronrod nodes (XK[1], XK[3], XK[5], XK[7]).
const WG: [f64; 4] = [
    0.129_484_966_168_869_7,
    0.279_705_391_489_276_7,
    0.381_830_050_505_118_9,
    0.417_959_183_673_469_4,
];

/// (Kronrod estimate, |Kronrod − Gauss|) of ∫ₐᵇ f.
fn gk15<F: Fn(f64) -> f64>(f: &F, a: f64, b: f64) -> (f64, f64) {
    let (c, h) = (0.5 * (a + b), 0.5 * (b - a));
    let fc = f(c);
    let (mut k, mut g) = (WK[7] * fc, WG[3] * fc);
    for i in 0..7 {
        let pair = f(c - h * XK[i]) + f(c + h * XK[i]);
        k += WK[i] * pair;
        if i % 2 == 1 {
            g += WG[i / 2] * pair;
        }
    }
    (k * h, ((k - g) * h).abs())
}

/// The Gauss–Kronrod 15-point estimate of ∫ₐᵇ f (exact for polynomials of degree ≤ 22).
pub(crate) fn gk15_estimate<F: Fn(f64) -> f64>(f: &F, a: f64, b: f64) -> f64 {
    gk15(f, a, b).0
}

/// ∫ₐᵇ f(y) dy for a smooth `f`, by adaptive bisection until each piece's error estimate is
/// below its share of `rel_tol · |integral|` (at most 2¹⁵ pieces). `a ≥ b` gives 0.
pub(crate) fn integrate<F: Fn(f64) -> f64>(f: &F, a: f64, b: f64, rel_tol: f64) -> f64 {
    if b <= a {
        return 0.0;
    }
    let (whole, err) = gk15(f, a, b);
    let tol = rel_tol * whole.abs();
    if err <= tol || !whole.is_finite() {
        return whole;
    }
    refine(f, a, b, whole, tol, 15)
}

fn refine<F: Fn(f64) -> f64>(f: &F, a: f64, b: f64, whole: f64, tol: f64, depth: u32) -> f64 {
    let m = 0.5 * (a + b);
    let (l, el) = gk15(f, a, m);
    let (r, er) = gk15(f, m, b);
    if depth == 0 || el + er <= tol || (l + r - whole).abs() <= 1e-15 * whole.abs() {
        return l + r;
    }
    let half = tol * std::f64::consts::FRAC_1_SQRT_2;
    let left = if el <= half {
        l
    } else {
        refine(f, a, m, l, half, depth - 1)
    };
    let right = if er <= half {
        r
    } else {
        refine(f, m, b, r, half, depth - 1)
    };
    left + right
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn exact_for_polynomials_and_accurate_for_smooth_functions() {
        // GK15 integrates polynomials of degree ≤ 22 exactly: ∫₀¹ x²² = 1/23.
        assert_relative_eq!(
            gk15(&|x: f64| x.powi(22), 0.0, 1.0).0,
            1.0 / 23.0,
            max_relative = 1e-14
        );
        // The Gauss rule alone is exact to degree 13: ∫₋₁¹ x¹² = 2/13, so the error estimate
        // of a degree-12 integrand vanishes.
        assert!(gk15(&|x: f64| x.powi(12), -1.0, 1.0).1 < 1e-15);
        assert_relative_eq!(
            integrate(&crate::math::exp, 0.0, 3.0, 1e-13),
            crate::math::exp(3.0) - 1.0,
            max_relative = 1e-13
        );
        // A sharp peak near 0: ∫₀⁴⁰ 0.01/(0.01 + y)² = 1 − 0.01/40.01.
        assert_relative_eq!(
            integrate(&|y: f64| 0.01 / (0.01 + y).powi(2), 0.0, 40.0, 1e-12),
            1.0 - 0.01 / 40.01,
            max_relative = 1e-11
        );
        assert_eq!(integrate(&crate::math::exp, 2.0, 2.0, 1e-12), 0.0);
    }
}
