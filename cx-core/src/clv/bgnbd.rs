//! BG/NBD model: Fader, Hardie and Lee (2005), "Counting Your Customers the Easy Way: An
//! Alternative to the Pareto/NBD Model", Marketing Science 24(2), 275–284.
//!
//! While active, a customer buys at Poisson rate λ ~ Gamma(r, α); after each repeat purchase
//! they become inactive with probability p ~ Beta(a, b). Times are in the unit of the data
//! (weeks in the paper's CDNOW example).

use crate::math;
use crate::math::ln_gamma;
use serde::{Deserialize, Serialize};

use crate::clv::data::{
    FitConfig, RepeatData, check_horizon, fitted_model, model_params, purchase_model,
};
use crate::error::Result;
use crate::fit::{
    Derivatives, digamma, hyp2f1, ln_beta, log_add_exp, maximize_positive_newton, trigamma,
};

model_params! {
    /// BG/NBD parameters: `r`, `alpha` (gamma shape and rate of the purchase rate, α in time
    /// units), `a`, `b` (beta dropout probability).
    pub struct BgNbdParams {
        /// Shape of the gamma purchase-rate heterogeneity.
        pub r: f64,
        /// Rate (scale parameter in time units) of the gamma purchase-rate heterogeneity.
        pub alpha: f64,
        /// First beta parameter of the dropout probability.
        pub a: f64,
        /// Second beta parameter of the dropout probability.
        pub b: f64,
    }
}

/// A BG/NBD model fitted by maximum likelihood (or built from known parameters with
/// [`BgNbd::from_params`]). Serializes to JSON and back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BgNbd {
    /// The parameters.
    pub params: BgNbdParams,
    /// Maximized log-likelihood (FHL 2005 eq. 6, summed with weights); 0 when not fitted.
    pub log_likelihood: f64,
    /// Whether the optimizer met its tolerance.
    pub converged: bool,
    /// Optimizer iterations.
    pub iterations: u64,
    /// Asymptotic standard errors from the observed information; `None` when not fitted or the
    /// Hessian is not positive definite.
    pub standard_errors: Option<BgNbdParams>,
    /// Number of customers (total weight) the model was fitted on.
    pub n_customers: f64,
}

impl BgNbd {
    /// The fit configuration (linfa style): `BgNbd::params().fit(&data)`.
    pub fn params() -> FitConfig<BgNbdParams> {
        FitConfig::default()
    }

    /// A model with known parameters, not fitted (`log_likelihood` 0, no standard errors).
    ///
    /// # Errors
    /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) naming a parameter that is not finite and > 0.
    pub fn from_params(params: BgNbdParams) -> Result<Self> {
        params.check()?;
        Ok(Self {
            params,
            log_likelihood: 0.0,
            converged: false,
            iterations: 0,
            standard_errors: None,
            n_customers: 0.0,
        })
    }

    /// The terms of FHL 2005 eq. 6 that depend on x only: (ln A₁ + ln A₂ without the
    /// r ln α part, ln(a/(b + x − 1))).
    fn per_x(p: &BgNbdParams, lg_r: f64, lb: f64, x: f64) -> (f64, f64) {
        let BgNbdParams { r, a, b, .. } = *p;
        let a12 = ln_gamma(r + x) - lg_r + ln_beta(a, b + x) - lb;
        let a4 = if x > 0.0 {
            math::ln(a) - math::ln(b + x - 1.0)
        } else {
            f64::NEG_INFINITY
        };
        (a12, a4)
    }

    /// Log-likelihood of one customer (FHL 2005 eq. 6) given its per-x terms and
    /// ln(α + tₓ), ln(α + T), unchecked.
    fn ll_one(p: &BgNbdParams, (a12, a4): (f64, f64), l_tx: f64, l_t: f64, x: f64) -> f64 {
        let r_ln_alpha = p.r * math::ln(p.alpha);
        let a3 = -(p.r + x) * l_t;
        if x > 0.0 {
            a12 + r_ln_alpha + log_add_exp(a3, a4 - (p.r + x) * l_tx)
        } else {
            a12 + r_ln_alpha + a3
        }
    }

    /// Total log-likelihood of `data` under `params` (FHL 2005 eq. 6, weighted).
    pub fn log_likelihood_of(params: &BgNbdParams, data: &RepeatData) -> f64 {
        let lg_r = ln_gamma(params.r);
        let lb = ln_beta(params.a, params.b);
        data.weighted_sum_levels(
            |x| Self::per_x(params, lg_r, lb, x),
            |v| math::ln(params.alpha + v),
            |c, l_tx, l_t, x| Self::ll_one(params, *c, *l_tx, *l_t, x),
        )
    }

    /// P(X(t) = n): probability of exactly `n` purchases in an interval of length `t` for a
    /// new customer (FHL 2005 eq. 8).
    ///
    /// # Errors
    /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) for a negative or non-finite `t`.
    pub fn probability_of_n_purchases(&self, t: f64, n: u32) -> Result<f64> {
        check_horizon(t)?;
        let BgNbdParams { r, alpha, a, b } = self.params;
        let n = f64::from(n);
        Ok(nbd_mixture(
            r,
            alpha,
            t,
            n,
            (a, b + n),
            (a + 1.0, b + n - 1.0),
            a,
            b,
            n > 0.0,
        ))
    }
}

/// Shared by BG/NBD (FHL 2005 eq. 8) and MBG/NBD (Batislam et al. 2007 eq. 8):
/// `B(alive)/B(a,b) · NB(n) + δ · B(dead)/B(a,b) · [1 − Σ_{j<n} NB(j)]`, where NB(j) is the
/// NBD probability of j purchases in t.
#[allow(clippy::too_many_arguments)]
pub(crate) fn nbd_mixture(
    r: f64,
    alpha: f64,
    t: f64,
    n: f64,
    alive: (f64, f64),
    dead: (f64, f64),
    a: f64,
    b: f64,
    with_dead: bool,
) -> f64 {
    let lb = ln_beta(a, b);
    let ln_p0 = r * math::ln(alpha / (alpha + t));
    let ln_q = if t > 0.0 {
        math::ln(t / (alpha + t))
    } else {
        f64::NEG_INFINITY
    };
    let ln_nb = |j: f64| {
        if j == 0.0 {
            ln_p0
        } else {
            ln_gamma(r + j) - ln_gamma(r) - ln_gamma(j + 1.0) + ln_p0 + j * ln_q
        }
    };
    let mut p = math::exp(ln_beta(alive.0, alive.1) - lb + ln_nb(n));
    if with_dead {
        let mut below = 0.0;
        let mut j = 0.0;
        while j < n {
            below += math::exp(ln_nb(j));
            j += 1.0;
        }
        p += math::exp(ln_beta(dead.0, dead.1) - lb) * (1.0 - below).max(0.0);
    }
    p.clamp(0.0, 1.0)
}

/// E[purchases in (T, T + t] | alive at T] for the beta-geometric dropout models, where the
/// posterior of λ is Gamma(r', α') and of p is Beta(a, b'): `E[(1 − e^{−λpt})/p]`
/// = ((a + b' − 1)/(a − 1)) [1 − (α'/(α'+t))^{r'} ₂F₁(r', b'; a+b'−1; t/(α'+t))] (FHL 2005
/// eq. 10). Euler's transformation (A&S 15.3.3) rewrites the bracket as
/// `1 − (1 − z)^{a−1} ₂F₁(a + b' − 1 − r', a − 1; a + b' − 1; z)`, whose parameters stay small
/// when r' = r + x is in the thousands; near a = 1 the ratio bracket/(a − 1) is summed as a
/// series in (a − 1) to avoid 0/0.
pub(crate) fn expected_given_alive(r1: f64, alpha1: f64, a: f64, b1: f64, t: f64) -> f64 {
    if t == 0.0 {
        return 0.0;
    }
    let z = t / (alpha1 + t);
    let ln1mz = math::ln(alpha1 / (alpha1 + t));
    let c = a + b1 - 1.0;
    let big_a = c - r1;
    let am1 = a - 1.0;
    if am1.abs() > 1e-4 {
        let h = hyp2f1(big_a, am1, c, z);
        // With a, b' and r' all in the hundreds or more, ₂F₁ overflows while (1 − z)^{a−1}
        // underflows (0 · ∞ = NaN): their product, at most 1 here, is then taken in log space.
        let scaled = if big_a > 0.0 && am1 > 0.0 && !(h.is_finite() && h < 1e200) {
            math::exp(am1 * ln1mz + ln_hyp2f1_positive(big_a, am1, c, z))
        } else {
            math::exp(am1 * ln1mz) * h
        };
        c * (1.0 - scaled) / am1
    } else {
        // [1 − (1−z)^{a−1}(1 + (a−1) S)]/(a−1) with S = Σ_{n≥1} (A)_n (a)_{n−1} zⁿ / ((c)_n n!)
        let mut term = 1.0;
        let mut s = 0.0;
        for k in 0..2_000_000 {
            let k = f64::from(k);
            let up = if k == 0.0 { 1.0 } else { a + k - 1.0 };
            term *= (big_a + k) * up / ((c + k) * (k + 1.0)) * z;
            s += term;
            if term.abs() <= 1e-17 * s.abs() {
                break;
            }
        }
        let first = if am1 == 0.0 {
            -ln1mz
        } else {
            -math::exp_m1(am1 * ln1mz) / am1
        };
        c * (first - math::exp(am1 * ln1mz) * s)
    }
}

/// ln ₂F₁(a, b; c; z) for a, b, c > 0 and 0 ≤ z < 1, where every term of Gauss's series is
/// positive: the series summed with its running total rescaled, so that it may exceed the
/// range of f64. NaN when 2,000,000 terms do not converge (z within about 1e-5 of 1).
fn ln_hyp2f1_positive(a: f64, b: f64, c: f64, z: f64) -> f64 {
    let (mut term, mut sum, mut ln_scale) = (1.0_f64, 1.0_f64, 0.0_f64);
    for k in 0..2_000_000_u32 {
        let k = f64::from(k);
        let ratio = (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
        term *= ratio;
        sum += term;
        if sum > 1e250 {
            ln_scale += math::ln(sum);
            term /= sum;
            sum = 1.0;
        }
        if ratio < 1.0 && term <= 1e-17 * sum {
            return ln_scale + math::ln(sum);
        }
    }
    f64::NAN
}

purchase_model!(BgNbd);

impl BgNbd {
    /// E[X(t)] of a new customer (FHL 2005 eq. 9, through [`expected_given_alive`]).
    fn expected_new_unchecked(&self, t: f64) -> f64 {
        let BgNbdParams { r, alpha, a, b } = self.params;
        expected_given_alive(r, alpha, a, b, t)
    }
}

impl BgNbd {
    fn p_alive_unchecked(&self, x: f64, tx: f64, t: f64) -> f64 {
        // No repeat purchase: alive for sure (the common case; it skips the ln and the exp).
        if x == 0.0 {
            return 1.0;
        }
        let BgNbdParams { r, alpha, a, b } = self.params;
        // P(alive) = 1/(1 + a/(b+x−1) ((α+T)/(α+t_x))^{r+x}) (FHL 2005 eq. 13), written as
        // d/(d + a·power) with d = b+x−1 and the power as exp((r+x)·ln ratio): one ln, one exp
        // and two divisions per customer (P(alive) of 10M customers is a bulk scoring pass).
        // An overflowing power gives d/∞ = 0, an underflowing one d/d = 1.
        let power = math::exp((r + x) * math::ln((alpha + t) / (alpha + tx)));
        let d = b + x - 1.0;
        d / (d + a * power)
    }

    fn expected_unchecked(&self, t: f64, x: f64, tx: f64, big_t: f64) -> f64 {
        let p = self.p_alive_unchecked(x, tx, big_t);
        if p == 0.0 {
            return 0.0;
        }
        p * self.if_alive_unchecked(t, x, big_t)
    }

    /// Expected purchases in `(T, T + t]` given alive (a function of x and T, not `t_x`).
    fn if_alive_unchecked(&self, t: f64, x: f64, big_t: f64) -> f64 {
        let BgNbdParams { r, alpha, a, b } = self.params;
        expected_given_alive(r + x, alpha + big_t, a, b + x, t)
    }
}

/// 1/(1 + e^{−v}) without overflow.
pub(crate) fn logistic(v: f64) -> f64 {
    if v >= 0.0 {
        1.0 / (1.0 + math::exp(-v))
    } else {
        let e = math::exp(v);
        e / (1.0 + e)
    }
}

impl FitConfig<BgNbdParams> {
    /// Fits the BG/NBD model by maximum likelihood (FHL 2005 eq. 6) on `data`.
    ///
    /// Starts from `r = 1, α = mean T, a = 1, b = 1` unless [`FitConfig::initial`] is set.
    ///
    /// # Errors
    /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) for bad options or starting values; [`CxError::NotConverged`](crate::CxError::NotConverged)
    /// when the likelihood is not finite.
    /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) naming `frequency` when no
    /// customer has a repeat purchase.
    pub fn fit(&self, data: &RepeatData) -> Result<BgNbd> {
        crate::clv::data::check_has_repeats(data)?;
        let start = match self.initial {
            Some(p) => {
                p.check()?;
                p.to_vec()
            }
            None => vec![1.0, mean_t(data), 1.0, 1.0],
        };
        let f = |p: &[f64]| bg_family_derivatives(p, data, false);
        let est = maximize_positive_newton(&f, &start, &self.options)?;
        Ok(fitted_model!(BgNbd, BgNbdParams, est, data.total_weight()))
    }
}

/// `ln B(a, c) − ln B(a, b)` (`plus_one = false`) or `ln B(a + 1, c) − ln B(a, b)`
/// (`plus_one = true`), where `c` is `b` plus a constant, with its derivatives in a and b:
/// `[value, ∂a, ∂b, ∂²a, ∂a∂b, ∂²b]`.
fn beta_ratio(a: f64, c: f64, plus_one: bool, common: &BetaCommon) -> [f64; 6] {
    let s = a + c + if plus_one { 1.0 } else { 0.0 };
    let (ps_s, tg_s) = (digamma(s), trigamma(s));
    let value = if plus_one {
        ln_beta(a + 1.0, c)
    } else {
        ln_beta(a, c)
    } - common.lb;
    // ψ(a+1) − ψ(a) = 1/a and ψ′(a+1) − ψ′(a) = −1/a².
    let (extra_a, extra_aa) = if plus_one {
        (1.0 / a, -1.0 / (a * a))
    } else {
        (0.0, 0.0)
    };
    [
        value,
        extra_a + common.ps_ab - ps_s,
        digamma(c) - ps_s - common.ps_b + common.ps_ab,
        extra_aa + common.tg_ab - tg_s,
        common.tg_ab - tg_s,
        trigamma(c) - tg_s - common.tg_b + common.tg_ab,
    ]
}

/// ln B(a, b), ψ(b), ψ(a + b), ψ′(b), ψ′(a + b): shared by every frequency level.
struct BetaCommon {
    lb: f64,
    ps_b: f64,
    ps_ab: f64,
    tg_b: f64,
    tg_ab: f64,
}

/// Per-frequency terms of the beta-geometric/NBD likelihoods: ln Γ(r+x) − ln Γ(r) with its
/// derivatives ψ(r+x) − ψ(r) and ψ′(r+x) − ψ′(r), and the beta ratios of the "alive" and
/// "dropped out" terms (see [`beta_ratio`]); `dead` is `None` when that term is absent
/// (BG/NBD with no repeat purchase).
struct BgFamilyX {
    base: f64,
    d_r: f64,
    d_rr: f64,
    alive: [f64; 6],
    dead: Option<[f64; 6]>,
}

/// The log-likelihood with its gradient and Hessian in `(r, α, a, b)` of the BG/NBD
/// (`modified = false`; Fader, Hardie and Lee 2005 eq. 6) or MBG/NBD (`modified = true`;
/// Batislam et al. 2007 eq. 4) model, summed over `data` with weights. Each customer's
/// likelihood is `Γ(r+x)α^r/Γ(r) · [e^A + e^D]` with
/// `A = ln B(a, b+x+k) − ln B(a,b) − (r+x) ln(α+T)` and
/// `D = ln B(a+1, b+x+k−1) − ln B(a,b) − (r+x) ln(α+tₓ)` (k = 1 for MBG/NBD; for BG/NBD the
/// D term is absent when x = 0). With π = e^A/(e^A + e^D), the gradient of ln(e^A + e^D) is
/// `π∇A + (1−π)∇D` and its Hessian `π∇²A + (1−π)∇²D + π(1−π)(∇A−∇D)(∇A−∇D)ᵀ`.
pub(crate) fn bg_family_derivatives(p: &[f64], data: &RepeatData, modified: bool) -> Derivatives {
    let (r, alpha, a, b) = (p[0], p[1], p[2], p[3]);
    let k = if modified { 1.0 } else { 0.0 };
    let (lg_r, ps_r, tg_r) = (ln_gamma(r), digamma(r), trigamma(r));
    let common = BetaCommon {
        lb: ln_beta(a, b),
        ps_b: digamma(b),
        ps_ab: digamma(a + b),
        tg_b: trigamma(b),
        tg_ab: trigamma(a + b),
    };
    let ln_alpha = math::ln(alpha);
    let per_x = |x: f64| BgFamilyX {
        base: ln_gamma(r + x) - lg_r + r * ln_alpha,
        d_r: digamma(r + x) - ps_r + ln_alpha,
        d_rr: trigamma(r + x) - tg_r,
        alive: beta_ratio(a, b + x + k, false, &common),
        dead: (modified || x > 0.0).then(|| beta_ratio(a, b + x + k - 1.0, true, &common)),
    };
    let per_time = |v: f64| (math::ln(alpha + v), 1.0 / (alpha + v));
    let one = |c: &BgFamilyX, tx: &(f64, f64), t: &(f64, f64), x: f64| -> [f64; 15] {
        let rx = r + x;
        let big_a = c.alive[0] - rx * t.0;
        let ga = [-t.0, -rx * t.1, c.alive[1], c.alive[2]];
        let (lse, pi, gd, dead) = match &c.dead {
            None => (big_a, 1.0, [0.0; 4], [0.0; 6]),
            Some(dead) => {
                let big_d = dead[0] - rx * tx.0;
                let e = math::exp(-(big_a - big_d).abs());
                let pi = if big_a >= big_d {
                    1.0 / (1.0 + e)
                } else {
                    e / (1.0 + e)
                };
                let gd = [-tx.0, -rx * tx.1, dead[1], dead[2]];
                (big_a.max(big_d) + math::ln_1p(e), pi, gd, *dead)
            }
        };
        let q = 1.0 - pi;
        let g = [
            c.d_r + pi * ga[0] + q * gd[0],
            r / alpha + pi * ga[1] + q * gd[1],
            pi * ga[2] + q * gd[2],
            pi * ga[3] + q * gd[3],
        ];
        let pq = pi * q;
        let dl = [ga[0] - gd[0], ga[1] - gd[1], ga[2] - gd[2], ga[3] - gd[3]];
        let mix = |ha: f64, hd: f64| pi * ha + q * hd;
        [
            c.base + lse,
            g[0],
            g[1],
            g[2],
            g[3],
            c.d_rr + pq * dl[0] * dl[0],
            1.0 / alpha + mix(-t.1, -tx.1) + pq * dl[0] * dl[1],
            pq * dl[0] * dl[2],
            pq * dl[0] * dl[3],
            -r / (alpha * alpha) + mix(rx * t.1 * t.1, rx * tx.1 * tx.1) + pq * dl[1] * dl[1],
            pq * dl[1] * dl[2],
            pq * dl[1] * dl[3],
            mix(c.alive[3], dead[3]) + pq * dl[2] * dl[2],
            mix(c.alive[4], dead[4]) + pq * dl[2] * dl[3],
            mix(c.alive[5], dead[5]) + pq * dl[3] * dl[3],
        ]
    };
    let s = data.weighted_sums_levels(per_x, per_time, one);
    let h = [
        [s[5], s[6], s[7], s[8]],
        [s[6], s[9], s[10], s[11]],
        [s[7], s[10], s[12], s[13]],
        [s[8], s[11], s[13], s[14]],
    ];
    Derivatives {
        value: s[0],
        gradient: s[1..5].to_vec(),
        hessian: h.iter().map(|row| row.to_vec()).collect(),
    }
}

/// Weighted mean of T, floored at 1 (a scale-aware start for α and β).
pub(crate) fn mean_t(data: &RepeatData) -> f64 {
    let m = data
        .t()
        .iter()
        .zip(data.weights())
        .map(|(t, w)| t * w)
        .sum::<f64>()
        / data.total_weight();
    if m.is_finite() && m >= 1.0 { m } else { 1.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CxError;
    use crate::clv::PurchaseModel;
    use crate::clv::simulate;
    use approx::assert_relative_eq;

    /// Fader, Hardie and Lee (2005) CDNOW estimates.
    const FHL: BgNbdParams = BgNbdParams {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
    };

    /// E[(1 − e^{−λpt})/p] by brute-force quadrature over p ~ Beta(a, b) (λ integrated in
    /// closed form), an independent check of the ₂F₁ route.
    fn expected_by_quadrature(r: f64, alpha: f64, a: f64, b: f64, t: f64) -> f64 {
        // p = u^(1/a) removes the p^(a−1) singularity: dp p^(a−1) = du/a.
        let n = 200_000;
        let mut s = 0.0;
        for i in 0..n {
            let u = (f64::from(i) + 0.5) / f64::from(n);
            let p = math::powf(u, 1.0 / a);
            let h = (1.0 - math::powf(alpha / (alpha + p * t), r)) / p;
            s += math::powf(1.0 - p, b - 1.0) * h;
        }
        s / f64::from(n) / a / math::exp(ln_beta(a, b))
    }

    #[test]
    fn expectation_matches_quadrature() {
        for &t in &[1.0, 39.0, 78.0, 500.0] {
            let m = BgNbd::from_params(FHL).unwrap();
            let want = expected_by_quadrature(FHL.r, FHL.alpha, FHL.a, FHL.b, t);
            assert_relative_eq!(
                m.expected_purchases_new(t).unwrap(),
                want,
                max_relative = 1e-4
            );
        }
        // Near a = 1 (the series branch) and on both sides of it.
        for &a in &[1.0, 1.00005, 0.99995, 1.5] {
            let want = expected_by_quadrature(0.5, 3.0, a, 2.0, 20.0);
            assert_relative_eq!(
                expected_given_alive(0.5, 3.0, a, 2.0, 20.0),
                want,
                max_relative = 1e-4
            );
        }
    }

    #[test]
    fn identities() {
        let m = BgNbd::from_params(FHL).unwrap();
        // No repeat purchase: the customer cannot have dropped out (FHL 2005 eq. 13).
        assert_eq!(m.p_alive(0.0, 0.0, 38.86).unwrap(), 1.0);
        // Conditional on x = 0, t_x = 0, T = 0 the expectation is the unconditional one.
        assert_relative_eq!(
            m.expected_purchases(39.0, 0.0, 0.0, 0.0).unwrap(),
            m.expected_purchases_new(39.0).unwrap(),
            max_relative = 1e-12
        );
        let mut prev = 0.0;
        for k in 1..=20 {
            let e = m
                .expected_purchases(f64::from(k) * 5.0, 2.0, 30.43, 38.86)
                .unwrap();
            assert!(e > prev);
            prev = e;
        }
        // The PMF sums to one and its mean is the expectation (FHL 2005 eq. 8 vs eq. 9).
        let (mut total, mut mean) = (0.0, 0.0);
        for n in 0..400 {
            let p = m.probability_of_n_purchases(39.0, n).unwrap();
            total += p;
            mean += f64::from(n) * p;
        }
        assert_relative_eq!(total, 1.0, max_relative = 1e-9);
        assert_relative_eq!(
            mean,
            m.expected_purchases_new(39.0).unwrap(),
            max_relative = 1e-6
        );
    }

    #[test]
    fn large_frequency_and_long_t_stay_finite() {
        let m = BgNbd::from_params(FHL).unwrap();
        for &(x, tx, t) in &[
            (10_000.0, 9_999.0, 10_000.0),
            (10_000.0, 10.0, 10_000.0),
            (500.0, 60.0, 78.0),
        ] {
            let p = m.p_alive(x, tx, t).unwrap();
            assert!((0.0..=1.0).contains(&p), "{p}");
            for &h in &[1.0, 52.0, 10_000.0] {
                let e = m.expected_purchases(h, x, tx, t).unwrap();
                assert!(e.is_finite() && e >= 0.0, "{x} {tx} {t} {h}: {e}");
            }
            let data = RepeatData::new(&[x], &[tx], &[t], None).unwrap();
            assert!(BgNbd::log_likelihood_of(&FHL, &data).is_finite());
        }
        assert!(m.expected_purchases_new(10_000.0).unwrap().is_finite());
    }

    #[test]
    fn recovers_simulated_parameters() {
        let truth = BgNbdParams {
            r: 0.5,
            alpha: 5.0,
            a: 0.8,
            b: 2.5,
        };
        let t: Vec<f64> = (0..4000).map(|i| 30.0 + f64::from(i % 10)).collect();
        let s = simulate::bgnbd(truth.r, truth.alpha, truth.a, truth.b, &t, 42);
        let data = RepeatData::new(&s.frequency, &s.recency, &s.t, None).unwrap();
        let m = BgNbd::params().fit(&data).unwrap();
        assert!(m.converged);
        let se = m.standard_errors.unwrap();
        // Within 3 standard errors of the truth (fixed seed; 4,000 customers).
        crate::clv::data::assert_within_3_se(
            BgNbdParams::NAMES,
            &m.params.to_vec(),
            &se.to_vec(),
            &truth.to_vec(),
        );
    }

    #[test]
    fn analytic_derivatives_match_the_likelihood() {
        let t: Vec<f64> = (0..600).map(|i| 20.0 + f64::from(i % 20)).collect();
        let sim = simulate::bgnbd(0.4, 5.0, 0.9, 2.0, &t, 9);
        let data = RepeatData::new(&sim.frequency, &sim.recency, &sim.t, None).unwrap();
        let p = [0.35, 4.2, 0.7, 2.6];
        for modified in [false, true] {
            let value = |q: &[f64]| {
                if modified {
                    crate::clv::MbgNbd::log_likelihood_of(
                        &crate::clv::MbgNbdParams {
                            r: q[0],
                            alpha: q[1],
                            a: q[2],
                            b: q[3],
                        },
                        &data,
                    )
                } else {
                    BgNbd::log_likelihood_of(&BgNbdParams::from_slice(q), &data)
                }
            };
            crate::fit::assert_derivatives(
                value,
                |q| bg_family_derivatives(q, &data, modified),
                &p,
            );
        }
    }

    /// Fuzzing (`fuzz/regressions/clv_fit/mbgnbd_expected_purchases_*`): fitted a and b in the
    /// hundreds of thousands (or α near 0) make the hypergeometric series lose all precision;
    /// the expectation was a silent NaN. It is now a number or a `NotConverged` error, in the
    /// single and the many-customer forms.
    #[test]
    fn extreme_parameters_give_a_number_or_an_error_not_nan() {
        let m = BgNbd::from_params(BgNbdParams {
            r: 1.457_976_882_896_687_5,
            alpha: 1.011_101_640_325_948_3,
            a: 271_324.068_284_741,
            b: 32_534_099.297_802_97,
        })
        .unwrap();
        let ok_or_not_converged = |r: Result<f64>| match r {
            Ok(v) => v.is_finite(),
            Err(CxError::NotConverged { reason, .. }) => reason.contains("expected_purchases"),
            Err(_) => false,
        };
        assert!(ok_or_not_converged(
            m.expected_purchases(2.51, 0.0, 0.0, 10.0)
        ));
        match m.expected_purchases_many(2.51, &[1.0, 0.0], &[5.0, 0.0], &[10.0, 10.0]) {
            Ok(v) => assert!(v.iter().all(|e| e.is_finite()), "{v:?}"),
            Err(e) => assert!(matches!(e, CxError::NotConverged { .. }), "{e}"),
        }
        let m = crate::clv::MbgNbd::from_params(crate::clv::MbgNbdParams {
            r: 0.022_739_049_572_713_974,
            alpha: 1.053_080_286_340_772_4e-20,
            a: 538.739_430_389_276_9,
            b: 13_038.082_843_857_666,
        })
        .unwrap();
        assert!(ok_or_not_converged(m.expected_purchases_new(9.0)));
    }
}
