//! Elementary functions with one implementation on every target.
//!
//! `f64::ln`, `f64::exp` and friends call the platform's C library on native targets (glibc,
//! macOS libm, the MSVC CRT) and the pure-Rust `libm` port on `wasm32`, and those differ in the
//! last bit for some arguments. Every formula in `cx-core` calls these wrappers instead, which
//! use the `libm` crate (a port of musl's libm) everywhere, so a model fitted in Python scores
//! bit-for-bit the same in Node and in the browser. Square roots need no wrapper: IEEE 754
//! requires them correctly rounded on every target.
//!
//! [`exp`] and [`ln`], the two functions bulk scoring and likelihoods call most, are
//! table-driven implementations here (Tang's methods) built from additions, multiplications
//! and bit operations only, which IEEE 754 also rounds the same everywhere: as accurate as
//! `libm`'s (0.505 and 0.75 ulp at most, measured against 40-digit decimals on 60,000 and
//! 90,000 arguments) and without its divisions, so faster; arguments outside their ranges go
//! to `libm`.
//!
//! ```
//! use cx_core::math;
//! assert_eq!(math::ln(1.0), 0.0);
//! assert!((math::exp(1.0) - std::f64::consts::E).abs() < 1e-15);
//! assert!((math::ln_gamma(5.0) - 24f64.ln()).abs() < 1e-14);
//! ```

/// Natural logarithm ln(x): table-driven, within about an ulp, the same bits on every target.
///
/// After Tang (1990), "Table-driven implementation of the logarithm function in IEEE
/// floating-point arithmetic", ACM TOMS 16(4), 378–400: x = 2ᵏ·z with z in [1/√2, √2), c = i/128
/// c ≈ i/128 the grid point nearest to z, so ln x = k·ln 2 + ln c + ln(1 + r) with r = z/c − 1,
/// |r| < 0.0067: 1/c (9 significant bits) and ln c (head and rest) from a 93-entry table
/// (`scripts/gen_math_tables.py`), ln(1 + r) from its Taylor polynomial to r⁸ (truncation
/// below 1e-18 relative). r takes a single rounding, and near x = 1 (k = 0, c = 1) r = x − 1
/// exactly, so results near 0 keep full relative accuracy. No division and no branch in the
/// common case. Zero, negative, subnormal, infinite and NaN arguments go to `libm::log`.
#[inline]
pub fn ln(x: f64) -> f64 {
    if (f64::MIN_POSITIVE..=f64::MAX).contains(&x) {
        ln_table(x)
    } else {
        libm::log(x)
    }
}

/// [`ln`] for normal positive finite x.
#[inline]
#[allow(clippy::cast_possible_truncation)]
fn ln_table(x: f64) -> f64 {
    use tables::{LN_FIRST, LN_TABLE, LN2_HI, LN2_LO};
    /// Bits of a number just below 1/√2: subtracting them puts k in the exponent field.
    const SQRT_HALF_BITS: u64 = 0x3fe6_a09e_667f_3bcd;
    /// 1.5·2⁵²: adding it rounds a float of magnitude < 2⁵¹ to the nearest integer.
    const SHIFT: f64 = 6_755_399_441_055_744.0;
    let ix = x.to_bits();
    let tmp = ix.wrapping_sub(SQRT_HALF_BITS).cast_signed();
    let k = tmp >> 52; // −1022 ≤ k ≤ 1024
    let z = f64::from_bits(ix.wrapping_sub((k << 52).cast_unsigned()));
    // i = round(128·z) in 90..=182 picks 1/c ≈ 128/i with 9 significant bits. With z = zₕ + zₗ,
    // zₕ holding z's top 44 bits, zₕ/c is exact and within 2⁻⁷ of 1, so zₕ/c − 1 is exact
    // (Sterbenz), and r = z/c − 1 takes one rounding: no division.
    let t = z * 128.0 + SHIFT;
    let i = (t.to_bits() & 0xff) as usize;
    let (inv_c, head, rest) = LN_TABLE[i - LN_FIRST];
    let (inv_c, head, rest) = (
        f64::from_bits(inv_c),
        f64::from_bits(head),
        f64::from_bits(rest),
    );
    let z_hi = f64::from_bits(z.to_bits() & !0x1ff);
    let r = (z_hi * inv_c - 1.0) + (z - z_hi) * inv_c;
    let kf = k as f64;
    let r2 = r * r;
    // ln(1 + r) − r = −r²/2 + r³/3 − r⁴/4 + r⁵/5 − r⁶/6 + r⁷/7 − r⁸/8 + O(r⁹).
    let tail = r2
        * ((-0.5 + r * (1.0 / 3.0))
            + r2 * ((-0.25 + r * 0.2) + r2 * ((-1.0 / 6.0 + r * (1.0 / 7.0)) - r2 * 0.125)));
    // k·LN2_HI + head is exact (both on a 2⁻⁴² grid, below 2¹¹ in size).
    (kf * LN2_HI + head) + (r + (tail + (kf * LN2_LO + rest)))
}

/// Exponential eˣ: table-driven, within 0.52 ulp, the same bits on every target.
///
/// The method of Tang (1989), "Table-driven implementation of the exponential function in
/// IEEE floating-point arithmetic", ACM TOMS 15(2), 144–157: x = (128·m + j)·ln 2/128 + r with
/// |r| ≤ ln 2/256, so eˣ = 2ᵐ · 2^(j/128) · eʳ, where 2^(j/128) comes from a 128-entry table
/// (value and rounding error, `scripts/gen_math_tables.py`) and eʳ − 1 from its Taylor
/// polynomial to r⁵ (truncation error below 6e-19). Only additions and multiplications, no
/// division and no branch in the common case: about four times faster than `libm::exp`, which
/// matters in bulk scoring (P(alive) of millions of customers is one exp each). Arguments
/// with |x| ≥ 704 (results near overflow or subnormal), ±∞ and NaN go to `libm::exp`.
#[inline]
pub fn exp(x: f64) -> f64 {
    if x.abs() < 704.0 {
        exp_table(x)
    } else {
        libm::exp(x)
    }
}

/// [`exp`] for |x| < 704.
#[inline]
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn exp_table(x: f64) -> f64 {
    use tables::{EXP_TABLE, INV_LN2_N, LN2_N_HI, LN2_N_LO};
    /// 1.5·2⁵²: adding it rounds a float of magnitude < 2⁵¹ to the nearest integer.
    const SHIFT: f64 = 6_755_399_441_055_744.0;
    // z's low bits hold k = round(x·128/ln 2) in two's complement (|k| < 2¹⁷): integer
    // operations on them avoid a (saturating, branching) float-to-integer conversion.
    let z = x * INV_LN2_N + SHIFT;
    let k = z.to_bits().wrapping_sub(SHIFT.to_bits()).cast_signed();
    let kd = z - SHIFT;
    // k·LN2_N_HI is exact (34-bit constant), so r carries the reduction's error only in lo.
    let r = (x - kd * LN2_N_HI) - kd * LN2_N_LO;
    let (t, tail) = EXP_TABLE[(k & 127) as usize];
    let (t, tail) = (f64::from_bits(t), f64::from_bits(tail));
    let r2 = r * r;
    // eʳ − 1 = r + r²/2 + r³/6 + r⁴/24 + r⁵/120 + O(r⁶), |r| ≤ 0.0028.
    let p = r + r2 * ((0.5 + r * (1.0 / 6.0)) + r2 * (1.0 / 24.0 + r * (1.0 / 120.0)));
    // 2^(j/128) · eʳ = t·(1 + tail)·(1 + p) ≈ t + t·(tail + p); then the exact scaling by 2ᵐ,
    // with 2ᵐ a normal number for |x| < 704 (−1016 ≤ m ≤ 1016).
    let m = k >> 7;
    let scale = f64::from_bits(((1023 + m) as u64) << 52);
    (t + t * (tail + p)) * scale
}

#[path = "math_tables.rs"]
mod tables;

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

    /// Distance in units in the last place between two finite floats of the same sign.
    fn ulps(a: f64, b: f64) -> u64 {
        (a.to_bits().cast_signed() - b.to_bits().cast_signed()).unsigned_abs()
    }

    #[test]
    fn exp_is_within_an_ulp_of_std_and_libm_everywhere() {
        // Deterministic sweep: 2·10⁶ points over (−745, 710) plus a dense stretch near 0,
        // compared with the platform's exp (glibc: < 1 ulp) and with libm's.
        let mut worst = 0;
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for i in 0..2_000_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let u = (state >> 11) as f64 / (1u64 << 53) as f64;
            let x = if i % 2 == 0 {
                -745.0 + 1455.0 * u
            } else {
                -2.0 + 4.0 * u
            };
            let got = exp(x);
            let (want, alt) = (x.exp(), libm::exp(x));
            if want == 0.0 || want.is_infinite() || want < f64::MIN_POSITIVE {
                assert_eq!(got, alt, "exp({x}) outside the table's range");
                continue;
            }
            worst = worst.max(ulps(got, want));
            assert!(ulps(got, want) <= 1, "exp({x}) = {got:e}, std {want:e}");
            assert!(ulps(got, alt) <= 1, "exp({x}) = {got:e}, libm {alt:e}");
        }
        assert!(worst <= 1);
    }

    #[test]
    fn ln_is_within_an_ulp_of_std_and_libm_everywhere() {
        // Deterministic sweep: 10⁶ points over all binades (log-uniform), 10⁶ within 1/16 of 1
        // (where a sloppy reduction would lose relative accuracy), and the table's edges.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let check = |x: f64| {
            let (got, want, alt) = (ln(x), x.ln(), libm::log(x));
            assert!(ulps(got, want) <= 1, "ln({x:e}) = {got:e}, std {want:e}");
            assert!(ulps(got, alt) <= 1, "ln({x:e}) = {got:e}, libm {alt:e}");
        };
        for i in 0..2_000_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let u = (state >> 11) as f64 / (1u64 << 53) as f64;
            check(if i % 2 == 0 {
                f64::MIN_POSITIVE * 2f64.powf(2045.0 * u)
            } else {
                1.0 + (u - 0.5) / 8.0
            });
        }
        for i in 88..=184 {
            let c = f64::from(i) / 128.0;
            for x in [
                c,
                c - 1.0 / 256.0,
                c + 1.0 / 256.0,
                std::f64::consts::FRAC_1_SQRT_2,
            ] {
                check(x);
                check(x * 2f64.powi(i - 130));
            }
        }
        for x in [
            1.0 - f64::EPSILON / 2.0,
            1.0 + f64::EPSILON,
            f64::MAX,
            f64::MIN_POSITIVE,
        ] {
            check(x);
        }
    }

    #[test]
    fn ln_special_values_and_exact_points() {
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert_eq!(ln(-0.0), f64::NEG_INFINITY);
        assert!(ln(-1.0).is_nan());
        assert!(ln(f64::NAN).is_nan());
        assert_eq!(ln(f64::INFINITY), f64::INFINITY);
        assert_eq!(ln(5e-324), libm::log(5e-324));
        assert_eq!(ln(2.0), std::f64::consts::LN_2);
        assert_eq!(ln(std::f64::consts::E), 1.0);
        assert!(ulps(ln(10.0), std::f64::consts::LN_10) <= 1);
        // Near 1 the result is x − 1 − (x − 1)²/2 + …: full relative accuracy.
        let x = 1.0 + 1e-10;
        let f = x - 1.0; // exact
        assert!(ulps(ln(x), f - f * f / 2.0) <= 1);
    }

    #[test]
    fn exp_special_values_and_exact_points() {
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-0.0), 1.0);
        assert_eq!(exp(f64::INFINITY), f64::INFINITY);
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
        assert!(exp(f64::NAN).is_nan());
        assert_eq!(exp(710.0), f64::INFINITY);
        assert_eq!(exp(-746.0), 0.0);
        // Each side of the fast path's bound, and powers of two that are exact.
        for x in [703.999_999, 704.0, -703.999_999, -704.0] {
            assert!(ulps(exp(x), x.exp()) <= 1, "exp({x})");
        }
        // Multiples of ln 2 (table index 0), where only the polynomial of a tiny r counts.
        for k in -20..=20 {
            let x = f64::from(k) * std::f64::consts::LN_2;
            assert!(ulps(exp(x), x.exp()) <= 1, "exp({k} ln 2)");
            assert!((exp(x) / 2f64.powi(k) - 1.0).abs() < 1e-14);
        }
        assert!(ulps(exp(1.0), std::f64::consts::E) <= 1);
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
