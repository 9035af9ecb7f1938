//! The shifted-beta-geometric (sBG) model of contractual retention.
//!
//! Fader, P. S. and Hardie, B. G. S. (2007). "How to project customer retention". Journal of
//! Interactive Marketing 21(1), 76–90. Each customer churns at the end of a period with a
//! constant probability θ; θ varies across customers as Beta(α, β). Then
//! `P(T = 1) = α/(α + β)`, `P(T = t) = (β + t − 2)/(α + β + t − 1) · P(T = t − 1)` (eq. 7),
//! `S(t) = S(t − 1) − P(T = t)` and the retention rate `r_t = (β + t − 1)/(α + β + t − 1)`
//! (eq. 8).

use crate::math;
use serde::{Deserialize, Serialize};

use crate::math::ln_gamma;

use crate::error::{CxError, Result, check_len_at_least};

/// Up to this many periods the recursions (exact products) are used; beyond, log-Beta.
const DIRECT_TERMS: u32 = 2000;

/// ln B(a, b), NaN outside a, b > 0 (a deserialized model may hold anything).
fn ln_beta(a: f64, b: f64) -> f64 {
    if a > 0.0 && b > 0.0 {
        crate::fit::ln_beta(a, b)
    } else {
        f64::NAN
    }
}

/// Largest α or β a model accepts: far beyond any fit (α, β → ∞ is the homogeneous limit),
/// and small enough that α + β + t cannot overflow.
const MAX_PARAM: f64 = 1e300;

/// From this α or β on, ln B differences cancel catastrophically (ln Γ(1e7) ≈ 1.5e8, so its
/// rounding error is about 3e-8); [`ln_gamma_ratio`] is used instead.
const LARGE_PARAM: f64 = 1e7;

/// `v` capped at 1, keeping NaN (which `f64::min` would turn into 1): a hand-built model with
/// invalid parameters must still show NaN.
fn at_most_one(v: f64) -> f64 {
    if v > 1.0 { 1.0 } else { v }
}

/// `ln Γ(x + n) − ln Γ(x)` for `x ≥ LARGE_PARAM`, `n ≥ 0`, without the cancellation: Stirling's
/// series (Abramowitz and Stegun 6.1.41) subtracted term by term,
/// `(x − ½)·ln(1 + n/x) + n·ln(x + n) − n − n/(12x(x + n))`; the next term is below 1e-28.
fn ln_gamma_ratio(x: f64, n: f64) -> f64 {
    (x - 0.5) * math::ln_1p(n / x) + n * math::ln(x + n) - n - n / (12.0 * x * (x + n))
}

/// Settings of the sBG maximum-likelihood fit; `ShiftedBetaGeometric::params()` makes one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SbgParams {
    /// Stop when every gradient component on the log-parameter scale is below this.
    pub tolerance: f64,
    /// Newton iterations allowed.
    pub max_iterations: u64,
    /// Return the last iterate with `converged: false` instead of failing with
    /// [`CxError::NotConverged`] when the optimizer stops short (iteration limit, or no
    /// uphill step left because the maximum is on the boundary). Default `false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_unconverged: bool,
}

impl Default for SbgParams {
    fn default() -> Self {
        Self {
            tolerance: 1e-10,
            max_iterations: 200,
            allow_unconverged: false,
        }
    }
}

/// A shifted-beta-geometric model: fitted by [`SbgParams::fit`], or built from known
/// parameters by [`ShiftedBetaGeometric::from_params`] (then not fitted: no log-likelihood,
/// no standard errors). Serializes to JSON and back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShiftedBetaGeometric {
    /// α of the Beta mixing distribution of the churn probability θ.
    pub alpha: f64,
    /// β of the Beta mixing distribution.
    pub beta: f64,
    /// Maximized log-likelihood (eq. 6 of Fader and Hardie 2007); `None` when not fitted.
    #[serde(default)]
    pub log_likelihood: Option<f64>,
    /// Standard errors of (α, β) from the inverse observed information; `None` when not
    /// fitted or when the observed information is not positive definite.
    #[serde(default)]
    pub standard_errors: Option<(f64, f64)>,
    /// Whether the convergence criterion was met (`false` when not fitted).
    pub converged: bool,
    /// Newton iterations used.
    pub iterations: u64,
    /// Periods observed in the fit (survivor counts minus one).
    pub periods: usize,
}

/// Coefficients of `LL = a·ln α + Σ b_i ln(β + i) − Σ c_i ln(α + β + i)`: every term of the
/// sBG likelihood is a ratio of such factors, so the gradient and Hessian are exact.
pub(super) struct Likelihood {
    pub(super) a: f64,
    b: Vec<f64>,
    c: Vec<f64>,
}

impl Likelihood {
    pub(super) fn new(survivors: &[f64]) -> Self {
        // Churned in period t: ln P(T = t) = ln α + Σ_{i<t−1} ln(β + i) − Σ_{i<t} ln(α + β + i);
        // still active after T: ln S(T) = Σ_{i<T} [ln(β + i) − ln(α + β + i)]. Summing over
        // customers, ln(α + β + i) counts everyone active at the start of period i + 1 and
        // ln(β + i) everyone still active at its end: the survivor counts themselves.
        let t_max = survivors.len() - 1;
        Self {
            a: survivors[0] - survivors[t_max],
            b: survivors[1..].to_vec(),
            c: survivors[..t_max].to_vec(),
        }
    }

    pub(super) fn value(&self, alpha: f64, beta: f64) -> f64 {
        let mut ll = if self.a > 0.0 {
            self.a * math::ln(alpha)
        } else {
            0.0
        };
        for (i, (&b, &c)) in self.b.iter().zip(&self.c).enumerate() {
            let i = i as f64;
            if b > 0.0 {
                ll += b * math::ln(beta + i);
            }
            if c > 0.0 {
                ll -= c * math::ln(alpha + beta + i);
            }
        }
        ll
    }

    /// Gradient and Hessian in (α, β).
    pub(super) fn derivatives(&self, alpha: f64, beta: f64) -> ([f64; 2], [[f64; 2]; 2]) {
        let mut g = [self.a / alpha, 0.0];
        let mut h = [[-self.a / (alpha * alpha), 0.0], [0.0, 0.0]];
        for (i, (&b, &c)) in self.b.iter().zip(&self.c).enumerate() {
            let i = i as f64;
            let (xb, xc) = (beta + i, alpha + beta + i);
            g[1] += b / xb - c / xc;
            g[0] -= c / xc;
            let hc = c / (xc * xc);
            h[0][0] += hc;
            h[0][1] += hc;
            h[1][1] += hc - b / (xb * xb);
        }
        h[1][0] = h[0][1];
        (g, h)
    }
}

pub(super) fn validate(survivors: &[f64]) -> Result<()> {
    check_len_at_least("survivors", survivors.len(), 2)?;
    for (i, &s) in survivors.iter().enumerate() {
        if !(s.is_finite() && s >= 0.0) {
            return Err(CxError::invalid_at(
                "survivors",
                i,
                s,
                "survivor counts must be finite and not negative",
            ));
        }
        if i > 0 && s > survivors[i - 1] {
            return Err(CxError::invalid_at(
                "survivors",
                i,
                s,
                format!(
                    "survivors cannot increase (previous period had {})",
                    survivors[i - 1]
                ),
            ));
        }
    }
    if survivors[0] == 0.0 {
        return Err(CxError::invalid_at(
            "survivors",
            0,
            0,
            "the cohort must start with at least one customer",
        ));
    }
    Ok(())
}

impl SbgParams {
    /// Sets the gradient tolerance.
    #[must_use]
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Sets the iteration limit.
    #[must_use]
    pub fn max_iterations(mut self, max_iterations: u64) -> Self {
        self.max_iterations = max_iterations;
        self
    }

    /// Keeps a fit that stops short of the tolerance (`converged: false`) instead of failing.
    #[must_use]
    pub fn allow_unconverged(mut self, allow: bool) -> Self {
        self.allow_unconverged = allow;
        self
    }

    /// Fits (α, β) by maximum likelihood to a cohort's `survivors`: `survivors[0]` customers
    /// at the start, `survivors[t]` still active after period `t` (non-increasing; weighted
    /// counts allowed).
    ///
    /// Damped Newton on (ln α, ln β) with the exact Hessian, from α = β = 1. Fails with
    /// [`CxError::NotConverged`] when the likelihood has no interior maximum (nobody churns,
    /// or everybody churns in the first period: always refused), or when the optimizer stops
    /// short of the tolerance — unless [`SbgParams::allow_unconverged`], which returns the
    /// last iterate with `converged: false`.
    pub fn fit(&self, survivors: &[f64]) -> Result<ShiftedBetaGeometric> {
        if !(self.tolerance.is_finite() && self.tolerance > 0.0) {
            return Err(CxError::InvalidInput {
                field: "tolerance".into(),
                index: None,
                value: Some(self.tolerance.to_string()),
                reason: "must be a positive number".into(),
            });
        }
        validate(survivors)?;
        let lik = Likelihood::new(survivors);
        if lik.a == 0.0 || survivors[1] == 0.0 {
            return Err(CxError::NotConverged {
                iterations: 0,
                reason: if lik.a == 0.0 {
                    "nobody churned: the likelihood grows without bound as alpha -> 0".into()
                } else {
                    "everybody churned in the first period: the likelihood grows as beta -> 0"
                        .into()
                },
            });
        }
        let mut x = [0.0_f64, 0.0_f64]; // (ln α, ln β)
        let mut ll = lik.value(1.0, 1.0);
        let mut lambda = 0.0_f64;
        for it in 0..self.max_iterations {
            let (a, b) = (math::exp(x[0]), math::exp(x[1]));
            let (g, h) = lik.derivatives(a, b);
            // Chain rule to the log scale.
            let gl = [g[0] * a, g[1] * b];
            let hl = [
                [h[0][0] * a * a + gl[0], h[0][1] * a * b],
                [h[0][1] * a * b, h[1][1] * b * b + gl[1]],
            ];
            if gl[0].abs().max(gl[1].abs()) < self.tolerance * survivors[0].max(1.0) {
                return Ok(finish(&lik, a, b, it, true));
            }
            // Solve (−H + λI) δ = g, raising λ until the step is uphill and improves LL.
            let mut improved = false;
            for _ in 0..60 {
                let m = [
                    [-hl[0][0] + lambda, -hl[0][1]],
                    [-hl[1][0], -hl[1][1] + lambda],
                ];
                let det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
                if m[0][0] > 0.0 && det > 0.0 {
                    let d = [
                        (m[1][1] * gl[0] - m[0][1] * gl[1]) / det,
                        (m[0][0] * gl[1] - m[1][0] * gl[0]) / det,
                    ];
                    // Keep a step on the log scale modest to stay finite.
                    let scale = (3.0 / d[0].abs().max(d[1].abs())).min(1.0);
                    let y = [x[0] + scale * d[0], x[1] + scale * d[1]];
                    let ly = lik.value(math::exp(y[0]), math::exp(y[1]));
                    if ly.is_finite() && ly >= ll {
                        x = y;
                        ll = ly;
                        lambda *= 0.1;
                        improved = true;
                        break;
                    }
                }
                lambda = if lambda == 0.0 { 1e-6 } else { lambda * 10.0 };
            }
            if !improved || !x[0].is_finite() || x[0].abs() > 30.0 || x[1].abs() > 30.0 {
                if self.allow_unconverged && x[0].is_finite() && x[1].is_finite() {
                    let (a, b) = (math::exp(x[0]), math::exp(x[1]));
                    return Ok(finish(&lik, a, b, it + 1, false));
                }
                return Err(CxError::NotConverged {
                    iterations: it + 1,
                    reason: format!(
                        "no interior maximum of the sBG likelihood near alpha = {:.3e}, beta = {:.3e}",
                        math::exp(x[0]),
                        math::exp(x[1])
                    ),
                });
            }
        }
        if self.allow_unconverged {
            let (a, b) = (math::exp(x[0]), math::exp(x[1]));
            return Ok(finish(&lik, a, b, self.max_iterations, false));
        }
        Err(CxError::NotConverged {
            iterations: self.max_iterations,
            reason: "iteration limit reached".into(),
        })
    }
}

fn finish(lik: &Likelihood, a: f64, b: f64, it: u64, converged: bool) -> ShiftedBetaGeometric {
    let (_, h) = lik.derivatives(a, b);
    // Inverse of the observed information −H.
    let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
    let se =
        (det > 0.0 && h[0][0] < 0.0).then(|| ((-h[1][1] / det).sqrt(), (-h[0][0] / det).sqrt()));
    ShiftedBetaGeometric {
        alpha: a,
        beta: b,
        log_likelihood: Some(lik.value(a, b)),
        standard_errors: se,
        converged,
        iterations: it,
        periods: lik.b.len(),
    }
}

impl ShiftedBetaGeometric {
    /// Default fit settings (tolerance 1e-10, 200 iterations), to chain and `.fit(..)`.
    pub fn params() -> SbgParams {
        SbgParams::default()
    }

    /// A model with given (α, β), e.g. to project from published parameters; not fitted
    /// (`log_likelihood` and `standard_errors` are `None`, `converged` is `false`).
    ///
    /// # Errors
    /// [`CxError::InvalidInput`] naming `alpha` or `beta` when it is not a number in
    /// (0, 1e300].
    pub fn from_params(alpha: f64, beta: f64) -> Result<Self> {
        for (field, v) in [("alpha", alpha), ("beta", beta)] {
            if !(v.is_finite() && v > 0.0 && v <= MAX_PARAM) {
                return Err(CxError::InvalidInput {
                    field: field.into(),
                    index: None,
                    value: Some(v.to_string()),
                    reason: format!("must be a positive number up to {MAX_PARAM:e}"),
                });
            }
        }
        Ok(Self {
            alpha,
            beta,
            log_likelihood: None,
            standard_errors: None,
            converged: false,
            iterations: 0,
            periods: 0,
        })
    }

    /// `P(T = t)`: probability that a new customer churns in period `t` (t ≥ 1), eq. 7.
    pub fn churn_probability(&self, t: u32) -> f64 {
        if t == 0 {
            return 0.0;
        }
        let (a, b) = (self.alpha, self.beta);
        if t > DIRECT_TERMS {
            // P(T = t) = B(α + 1, β + t − 1)/B(α, β), eq. 5.
            let t = f64::from(t);
            if a.max(b) >= LARGE_PARAM {
                // ln P = ln α + ln Γ(β+t−1) − ln Γ(β) − [ln Γ(α+β+t) − ln Γ(α+β)].
                let r = |x: f64, n: f64| {
                    if x >= LARGE_PARAM {
                        ln_gamma_ratio(x, n)
                    } else {
                        ln_gamma(x + n) - ln_gamma(x)
                    }
                };
                return at_most_one(math::exp(math::ln(a) + r(b, t - 1.0) - r(a + b, t)));
            }
            // Capped: rounding in the ln B difference can land a hair above 1.
            return at_most_one(math::exp(ln_beta(a + 1.0, b + t - 1.0) - ln_beta(a, b)));
        }
        let mut p = a / (a + b);
        for k in 2..=t {
            // The whole-number offsets first: β + (k − 2) keeps a tiny β.
            let (k2, k1) = (f64::from(k - 2), f64::from(k - 1));
            p *= (b + k2) / (a + b + k1);
        }
        p
    }

    /// `S(t)`: probability that a new customer is still active after `t` periods.
    pub fn survival(&self, t: u32) -> f64 {
        let (a, b) = (self.alpha, self.beta);
        if t > DIRECT_TERMS {
            // S(t) = B(α, β + t)/B(α, β), eq. 6.
            let t = f64::from(t);
            if a.max(b) >= LARGE_PARAM {
                // ln S = ln Γ(β+t) − ln Γ(β) − [ln Γ(α+β+t) − ln Γ(α+β)].
                let r = |x: f64| {
                    if x >= LARGE_PARAM {
                        ln_gamma_ratio(x, t)
                    } else {
                        ln_gamma(x + t) - ln_gamma(x)
                    }
                };
                return at_most_one(math::exp(r(b) - r(a + b)));
            }
            // Capped: rounding in the ln B difference can land a hair above 1 (tiny α).
            return at_most_one(math::exp(ln_beta(a, b + t) - ln_beta(a, b)));
        }
        (0..t).fold(1.0, |s, i| {
            let i = f64::from(i);
            s * (b + i) / (a + b + i)
        })
    }

    /// Retention rate of period `t` (t ≥ 1): `S(t)/S(t − 1) = (β + t − 1)/(α + β + t − 1)`,
    /// eq. 8; it rises with `t` as the riskiest customers leave first.
    pub fn retention_rate(&self, t: u32) -> f64 {
        // t − 1 first: (β + t) − 1 would lose a tiny β (and give 0/0).
        let k = f64::from(t.max(1) - 1);
        (self.beta + k) / (self.alpha + self.beta + k)
    }

    /// Expected lifetime of a new customer in periods, `E[T] = (α + β − 1)/(α − 1)`;
    /// +∞ when α ≤ 1 (the mean of 1/θ diverges).
    pub fn expected_lifetime(&self) -> f64 {
        if self.alpha > 1.0 {
            (self.alpha + self.beta - 1.0) / (self.alpha - 1.0)
        } else {
            f64::INFINITY
        }
    }

    /// Discounted expected residual lifetime, in periods, of a customer who has made
    /// `renewals` renewals (is active in period `renewals + 1`) with discount rate `discount`
    /// per period: `Σ_{k≥0} S(n + k)/S(n − 1) · (1 + d)^(−k)` with `n = renewals + 1`, i.e. the
    /// expected number of future renewals, the next one undiscounted (multiply by the margin
    /// per renewal for the residual value). Closed form of Fader, P. S. and Hardie, B. G. S.
    /// (2010), "Customer-base valuation in a contractual setting: the perils of ignoring
    /// heterogeneity", Marketing Science 29(1), 85–93:
    /// `(β + n − 1)/(α + β + n − 1) · ₂F₁(1, β + n; α + β + n; 1/(1 + d))`. With
    /// `discount = 0` it is `(β + n − 1)/(α − 1)`, +∞ when α ≤ 1.
    pub fn discounted_expected_residual_lifetime(
        &self,
        discount: f64,
        renewals: u32,
    ) -> Result<f64> {
        if !(discount.is_finite() && discount >= 0.0) {
            return Err(CxError::InvalidInput {
                field: "discount".into(),
                index: None,
                value: Some(discount.to_string()),
                reason: "discount rate per period must be finite and not negative".into(),
            });
        }
        let n = f64::from(renewals);
        let (a, b) = (self.alpha, self.beta);
        let lead = (b + n) / (a + b + n);
        let (bb, cc) = (b + n + 1.0, a + b + n + 1.0);
        if discount == 0.0 {
            // ₂F₁(1, b; c; 1) = (c − 1)/(c − b − 1), finite when c − b − 1 = α − 1 > 0.
            return Ok(if a > 1.0 {
                lead * (cc - 1.0) / (cc - bb - 1.0)
            } else {
                f64::INFINITY
            });
        }
        let z = 1.0 / (1.0 + discount);
        // ₂F₁(1, b; c; z) = Σ_k (b)_k/(c)_k z^k; terms shrink at least geometrically (z < 1).
        let (mut term, mut sum) = (1.0_f64, 1.0_f64);
        for k in 0..100_000 {
            let k = f64::from(k);
            term *= (bb + k) / (cc + k) * z;
            sum += term;
            if term < 1e-17 * sum {
                break;
            }
        }
        Ok(lead * sum)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::{assert_abs_diff_eq, assert_relative_eq};

    const REGULAR: [f64; 8] = [1000.0, 631.0, 468.0, 382.0, 326.0, 289.0, 262.0, 241.0];
    const HIGH_END: [f64; 8] = [1000.0, 869.0, 743.0, 653.0, 593.0, 551.0, 517.0, 491.0];

    #[test]
    fn fader_hardie_2007_regular_and_high_end() {
        // Fader and Hardie (2007), J. Interactive Marketing 21(1), p. 82: regular segment
        // alpha = 0.704, beta = 1.182, LL = −1680.3; high end alpha = 0.668, beta = 3.806.
        let m = ShiftedBetaGeometric::params().fit(&REGULAR).unwrap();
        assert_abs_diff_eq!(m.alpha, 0.704, epsilon = 5e-4);
        assert_abs_diff_eq!(m.beta, 1.182, epsilon = 5e-4);
        assert_abs_diff_eq!(m.log_likelihood.unwrap(), -1680.3, epsilon = 0.05);
        assert!(m.converged);
        let h = ShiftedBetaGeometric::params().fit(&HIGH_END).unwrap();
        assert_abs_diff_eq!(h.alpha, 0.668, epsilon = 5e-4);
        assert_abs_diff_eq!(h.beta, 3.806, epsilon = 5e-4);
    }

    #[test]
    fn survival_and_derl_agree_with_direct_sums() {
        let m = ShiftedBetaGeometric::from_params(0.704, 1.182).unwrap();
        let mut s = 1.0;
        for t in 1..30 {
            s -= m.churn_probability(t);
            assert_abs_diff_eq!(m.survival(t), s, epsilon = 1e-12);
            assert_abs_diff_eq!(
                m.retention_rate(t),
                m.survival(t) / m.survival(t - 1),
                epsilon = 1e-12
            );
        }
        // DERL by brute force: Σ_k S(n + k)/S(n − 1)/(1 + d)^k, n = renewals + 1.
        for renewals in [0_u32, 3] {
            let n = renewals + 1;
            let (mut brute, mut s, mut disc) = (0.0, 1.0, 1.0);
            for t in n..n + 2000 {
                s *= m.retention_rate(t);
                brute += s * disc;
                disc /= 1.1;
            }
            let derl = m
                .discounted_expected_residual_lifetime(0.1, renewals)
                .unwrap();
            assert_abs_diff_eq!(derl, brute, epsilon = 1e-9);
        }
        let m2 = ShiftedBetaGeometric::from_params(2.5, 3.0).unwrap();
        let (mut brute, mut s) = (0.0, 1.0);
        for t in 1..200_000 {
            s *= m2.retention_rate(t);
            brute += s;
        }
        assert_abs_diff_eq!(
            m2.discounted_expected_residual_lifetime(0.0, 0).unwrap(),
            brute,
            epsilon = 1e-3
        );
        // E[T] = Σ_{t≥0} S(t) = 1 + DERL(0, 0).
        assert_abs_diff_eq!(m2.expected_lifetime(), 1.0 + brute, epsilon = 1e-3);
        assert!(m.discounted_expected_residual_lifetime(-0.1, 0).is_err());
        // Past DIRECT_TERMS the log-Beta forms continue the products.
        let n = DIRECT_TERMS;
        assert_abs_diff_eq!(
            m.survival(n + 1) / (m.survival(n) * m.retention_rate(n + 1)),
            1.0,
            epsilon = 1e-9
        );
        assert_abs_diff_eq!(
            m.churn_probability(n + 1) / (m.survival(n) - m.survival(n + 1)),
            1.0,
            epsilon = 1e-6
        );
        let bad = ShiftedBetaGeometric {
            alpha: -1.0,
            ..m.clone()
        };
        assert!(bad.survival(u32::MAX).is_nan());
    }

    #[test]
    fn standard_errors_match_a_numerical_hessian() {
        // Central second differences of the log-likelihood at the MLE (step 1e-4) give the
        // observed information independently of the analytic Hessian.
        let m = ShiftedBetaGeometric::params().fit(&REGULAR).unwrap();
        let lik = Likelihood::new(&REGULAR);
        let (a, b, h) = (m.alpha, m.beta, 1e-4);
        let f = |x: f64, y: f64| lik.value(x, y);
        let haa = (f(a + h, b) - 2.0 * f(a, b) + f(a - h, b)) / (h * h);
        let hbb = (f(a, b + h) - 2.0 * f(a, b) + f(a, b - h)) / (h * h);
        let hab =
            (f(a + h, b + h) - f(a + h, b - h) - f(a - h, b + h) + f(a - h, b - h)) / (4.0 * h * h);
        let det = haa * hbb - hab * hab;
        let se = m.standard_errors.unwrap();
        assert_abs_diff_eq!(se.0, (-hbb / det).sqrt(), epsilon = 1e-5);
        assert_abs_diff_eq!(se.1, (-haa / det).sqrt(), epsilon = 1e-5);
        // The gradient vanishes at the reported optimum.
        let (g, _) = lik.derivatives(a, b);
        assert!(g[0].abs() < 1e-6 && g[1].abs() < 1e-6, "{g:?}");
    }

    #[test]
    fn from_params_round_trips_through_json() {
        // A model built from parameters has no likelihood: it must still write valid JSON
        // (NaN would become `null`, which does not read back as a number).
        let m = ShiftedBetaGeometric::from_params(0.704, 1.182).unwrap();
        assert_eq!(m.log_likelihood, None);
        assert_eq!(m.standard_errors, None);
        assert!(!m.converged);
        let text = serde_json::to_string(&m).unwrap();
        assert!(text.contains("\"log_likelihood\":null"), "{text}");
        let back: ShiftedBetaGeometric = serde_json::from_str(&text).unwrap();
        assert_eq!(back, m);
        assert_eq!(back.survival(3), m.survival(3));
        // A fitted model keeps its numbers through the same trip.
        let f = ShiftedBetaGeometric::params().fit(&REGULAR).unwrap();
        let back: ShiftedBetaGeometric =
            serde_json::from_str(&serde_json::to_string(&f).unwrap()).unwrap();
        assert_eq!(back, f);
        assert!(back.log_likelihood.is_some() && back.standard_errors.is_some());
    }

    #[test]
    fn allow_unconverged_keeps_a_short_fit() {
        // Two iterations cannot reach 1e-10: refused by default, kept (flagged) on request.
        let short = ShiftedBetaGeometric::params().max_iterations(2);
        assert!(matches!(
            short.fit(&REGULAR),
            Err(CxError::NotConverged { iterations: 2, .. })
        ));
        let kept = short.allow_unconverged(true).fit(&REGULAR).unwrap();
        assert!(!kept.converged);
        assert!(kept.alpha.is_finite() && kept.beta.is_finite());
        let full = ShiftedBetaGeometric::params().fit(&REGULAR).unwrap();
        assert!(kept.log_likelihood.unwrap() <= full.log_likelihood.unwrap());
        // Data with no interior maximum stays refused: there is no iterate worth keeping.
        assert!(matches!(
            ShiftedBetaGeometric::params()
                .allow_unconverged(true)
                .fit(&[100.0, 100.0, 100.0]),
            Err(CxError::NotConverged { .. })
        ));
    }

    #[test]
    fn degenerate_cohorts_fail_cleanly() {
        assert!(matches!(
            ShiftedBetaGeometric::params().fit(&[100.0, 100.0, 100.0]),
            Err(CxError::NotConverged { .. })
        ));
        assert!(
            ShiftedBetaGeometric::params()
                .fit(&[100.0, 0.0, 0.0])
                .is_err()
        );
        assert!(ShiftedBetaGeometric::params().fit(&[100.0, 101.0]).is_err());
        assert!(ShiftedBetaGeometric::params().fit(&[0.0, 0.0]).is_err());
        assert!(ShiftedBetaGeometric::params().fit(&[100.0]).is_err());
    }

    /// Fuzzing (`fuzz/regressions/retention_fit/sbg_*`): extreme but valid parameters gave NaN
    /// or probabilities above 1. Retention rate: (β + t) − 1 lost a subnormal β (0/0).
    #[test]
    fn tiny_parameters_give_probabilities() {
        let m = ShiftedBetaGeometric::from_params(1.06e-311, 2.8e-317).unwrap();
        let r = m.retention_rate(1);
        assert!((0.0..=1.0).contains(&r), "{r}");
        assert_relative_eq!(r, 2.8e-317 / (1.06e-311 + 2.8e-317), max_relative = 1e-3);
        // Tiny α: ln B(α, ·) ≈ −ln α dominates and its rounding pushed S(t) above 1.
        for (a, b, t) in [
            (1e-300, 18.0, 5529),
            (1.5e-47, 234.0, 3877),
            (5.6e-60, 2.0, 7703),
        ] {
            let m = ShiftedBetaGeometric::from_params(a, b).unwrap();
            let s = m.survival(t);
            assert!((0.0..=1.0).contains(&s), "{a} {b} {t}: {s}");
            assert_relative_eq!(s, 1.0, max_relative = 1e-9);
        }
    }

    /// Huge α and β (up to the 1e300 cap): ln Γ cancels catastrophically there, so the
    /// ratios use Stirling differences; they agree with the exact products and stay finite.
    #[test]
    fn huge_parameters_give_accurate_probabilities() {
        for (a, b) in [
            (1e8, 1e8),
            (3e7, 7e9),
            (1e12, 5.0),
            (1e300, 1e300),
            (1e300, 0.5),
        ] {
            let m = ShiftedBetaGeometric::from_params(a, b).unwrap();
            // Past DIRECT_TERMS: the log-space branch, against the product of eq. 7/8 ratios.
            let t = DIRECT_TERMS + 1;
            let mut s = 1.0;
            for i in 0..t {
                let i = f64::from(i);
                s *= 1.0 / (1.0 + a / (b + i));
            }
            let got = m.survival(t);
            assert!((0.0..=1.0).contains(&got), "{a} {b}: {got}");
            if s > 1e-300 {
                assert_relative_eq!(got, s, max_relative = 1e-6);
            } else {
                assert!(got < 1e-290, "{a} {b}: {got}");
            }
            let p = m.churn_probability(t);
            assert!((0.0..=1.0).contains(&p), "{a} {b}: {p}");
        }
        assert_eq!(
            ShiftedBetaGeometric::from_params(f64::MAX, 1.0)
                .unwrap_err()
                .field(),
            Some("alpha")
        );
    }

    #[test]
    fn ln_gamma_ratio_matches_ln_gamma_where_both_are_accurate() {
        for (x, n) in [(1e7, 1.0), (1e7, 2500.0), (3e7, 0.5)] {
            let direct = ln_gamma(x + n) - ln_gamma(x);
            assert_relative_eq!(ln_gamma_ratio(x, n), direct, max_relative = 1e-7);
        }
    }
}
