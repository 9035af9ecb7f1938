//! Pareto/NBD model: Schmittlein, Morrison and Colombo (1987), "Counting Your Customers: Who
//! Are They and What Will They Do Next?", Management Science 33(1); likelihood as in Fader,
//! Hardie and Lee (2005), "A Note on Implementing the Pareto/NBD Model in MATLAB", and Fader and
//! Hardie (2005), "A Note on Deriving the Pareto/NBD Model and Related Expressions".
//!
//! While active, a customer buys at Poisson rate λ ~ Gamma(r, α); lifetimes are exponential
//! with rate μ ~ Gamma(s, β). Times in the unit of the data.
//!
//! Numerics: the likelihood is evaluated in log space. Its second term is
//! `s ∫_{tₓ}^{T} (α+τ)^{−(r+x)} (β+τ)^{−(s+1)} dτ = s [F(tₓ) − F(T)]`, with
//! `F(t) = (m+t)^{−(r+s+x)}/(r+s+x) · ₂F₁(r+s+x, b; r+s+x+1; |α−β|/(m+t))`, `m = max(α, β)`
//! and `b = s+1` (α ≥ β) or `r+x` (α < β). Euler's transformation turns that ₂F₁ into
//! `(1−z)^{1−b} Σ (r+s+x+1−b)ₙ/(r+s+x+1)ₙ zⁿ`, a series of positive, decreasing terms, summed
//! in log space, so frequencies in the thousands and long `T` stay finite and accurate.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::math;
use crate::math::ln_gamma;
use serde::{Deserialize, Serialize};

use crate::clv::bgnbd::{logistic, mean_t};
use crate::clv::data::{FitConfig, RepeatData, fitted_model, model_params, purchase_model};
use crate::error::{CxError, Result};
use crate::fit::{digamma, log_add_exp, log_add_exp_share, log_sub_exp, maximize_positive_bfgs};

model_params! {
    /// Pareto/NBD parameters: `r`, `alpha` (gamma purchase-rate heterogeneity, α in time units),
    /// `s`, `beta` (gamma dropout-rate heterogeneity, β in time units).
    pub struct ParetoNbdParams {
        /// Shape of the purchase-rate gamma.
        pub r: f64,
        /// Rate of the purchase-rate gamma.
        pub alpha: f64,
        /// Shape of the dropout-rate gamma.
        pub s: f64,
        /// Rate of the dropout-rate gamma.
        pub beta: f64,
    }
}

/// A fitted Pareto/NBD model (or one built with [`ParetoNbd::from_params`]); serializable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParetoNbd {
    /// The parameters.
    pub params: ParetoNbdParams,
    /// Maximized log-likelihood; 0 when not fitted.
    pub log_likelihood: f64,
    /// Whether the optimizer met its tolerance.
    pub converged: bool,
    /// Optimizer iterations.
    pub iterations: u64,
    /// Standard errors from the observed information, when available.
    pub standard_errors: Option<ParetoNbdParams>,
    /// Number of customers (total weight) fitted on.
    pub n_customers: f64,
}

/// ln ₂F₁(a, b; a+1; z) for `a, b > 0`, `0 ≤ z < 1`, through Euler's transformation
/// (A&S 15.3.3): `(1−z)^{1−b} Σₙ (a+1−b)ₙ/(a+1)ₙ zⁿ`. The series needs about `1/(1−z)` terms,
/// so above `z = 0.9` the value comes from [`ln_hyp2f1_a_a1_near_one`] instead, where it can.
fn ln_hyp2f1_a_a1(a: f64, b: f64, z: f64) -> f64 {
    if z == 0.0 {
        return 0.0;
    }
    if z > 0.9
        && let Some(v) = ln_hyp2f1_a_a1_near_one(a, b, z)
    {
        return v;
    }
    let (p, q) = (a + 1.0 - b, a + 1.0);
    let mut term = 1.0;
    let mut sum = 1.0;
    let tail = z / (1.0 - z);
    for k in 0..50_000_000_u32 {
        let k = f64::from(k);
        term *= (p + k) / (q + k) * z;
        sum += term;
        if term * tail <= 1e-17 * sum {
            break;
        }
    }
    (1.0 - b) * math::ln_1p(-z) + math::ln(sum)
}

/// ln ₂F₁(a, b; a+1; z) near `z = 1` by the connection formula A&S 15.3.6 with `c = a + 1`,
/// where the first hypergeometric function is `₂F₁(a, b; b; 1−z) = z^{−a}`:
///
/// `₂F₁(a, b; a+1; z) = Γ(a+1)Γ(1−b)/Γ(a+1−b) · z^{−a}
///                     + (1−z)^{1−b} · a/(b−1) · Σₙ (a+1−b)ₙ/(2−b)ₙ (1−z)ⁿ`,
///
/// a series in `w = 1 − z` that needs a few dozen terms. `None` when `1 − b` is within 1e-3
/// of an integer (the two parts then nearly cancel; A&S 15.3.10–12 have the limits) or the sum
/// is not a positive finite number, so the caller sums the direct series instead.
fn ln_hyp2f1_a_a1_near_one(a: f64, b: f64, z: f64) -> Option<f64> {
    let c = 1.0 - b;
    if (c - c.round()).abs() < 1e-3 {
        return None;
    }
    let w = 1.0 - z;
    let (p, q) = (a + 1.0 - b, 2.0 - b);
    // Σ (p)ₙ/(q)ₙ wⁿ, rescaled as it goes (the terms first grow like (p w)ⁿ/n! when p is
    // large) so that the sum is `sum · e^{scale}`.
    let (mut term, mut sum, mut scale) = (1.0_f64, 1.0_f64, 0.0_f64);
    for k in 0..100_000_u32 {
        let k = f64::from(k);
        term *= (p + k) / (q + k) * w;
        sum += term;
        if sum.abs() > 1e200 {
            term *= 1e-200;
            sum *= 1e-200;
            scale += 200.0 * std::f64::consts::LN_10;
        }
        if term.abs() * w / (1.0 - w) <= 1e-17 * sum.abs() && k + 1.0 > p * w {
            break;
        }
    }
    let (lg_c, sign_c) = libm::lgamma_r(c);
    let first = (
        math::ln_gamma(a + 1.0) + lg_c - math::ln_gamma(p) - a * math::ln(z),
        f64::from(sign_c),
    );
    let second = (
        c * math::ln(w) + math::ln(a) - math::ln((b - 1.0).abs()) + math::ln(sum.abs()) + scale,
        (b - 1.0).signum() * sum.signum(),
    );
    // ln(s₁e^{l₁} + s₂e^{l₂}) with the larger part factored out.
    let (big, small) = if first.0 >= second.0 {
        (first, second)
    } else {
        (second, first)
    };
    let rest = 1.0 + big.1 * small.1 * math::exp(small.0 - big.0);
    let v = big.0 + math::ln(rest);
    (big.1 > 0.0 && rest > 1e-8 && v.is_finite()).then_some(v)
}

/// Most terms [`euler_series_with_derivatives`] sums (about 2 ms).
const DERIVATIVE_TERMS: u32 = 1_000_000;

/// The Euler series `S = Σₙ (p)ₙ/(q)ₙ zⁿ` of [`ln_hyp2f1_a_a1`] (p = a + 1 − b, q = a + 1) with
/// its partial derivatives: `(ln S, ∂S/∂p ÷ S, ∂S/∂q ÷ S, ∂S/∂z ÷ S)`. Each term's derivatives
/// follow from `∂tₙ/∂p = tₙ Σ_{k<n} 1/(p+k)`, `∂tₙ/∂q = −tₙ Σ_{k<n} 1/(q+k)`, `∂tₙ/∂z = n tₙ/z`.
///
/// Gives NaN when the series has not converged after [`DERIVATIVE_TERMS`] terms (z within
/// about 1e-5 of 1), which the fit's line search steps back from.
fn euler_series_with_derivatives(p: f64, q: f64, z: f64, work: &AtomicU64) -> [f64; 4] {
    let [ln_s, sp, sq, sz, terms] = euler_series_terms(p, q, z);
    if terms > SLOW_SERIES_TERMS {
        // Whole numbers below 2^53: the cast is exact.
        work.fetch_add((terms - SLOW_SERIES_TERMS) as u64, Ordering::Relaxed);
    }
    [ln_s, sp, sq, sz]
}

/// Series terms beyond which one evaluation counts as slow: a healthy fit (z well below 1)
/// needs at most a few hundred per series.
const SLOW_SERIES_TERMS: f64 = 10_000.0;

/// Slow series terms (beyond [`SLOW_SERIES_TERMS`] each) a fit may sum before it stops with
/// [`CxError::NotConverged`](crate::CxError::NotConverged): about 0.1 s of work, reached only
/// when the search heads for α/β → 0 or ∞, where the likelihood has no interior maximum.
const FIT_WORK_BUDGET: f64 = 5e7;

/// [`euler_series_with_derivatives`] plus the number of terms summed.
fn euler_series_terms(p: f64, q: f64, z: f64) -> [f64; 5] {
    if z == 0.0 {
        return [0.0, 0.0, 0.0, p / q, 1.0];
    }
    let tail = z / (1.0 - z);
    let (mut term, mut sum) = (1.0, 1.0);
    let (mut sp, mut sq, mut sz) = (0.0, 0.0, 0.0);
    let (mut hp, mut hq) = (0.0, 0.0);
    for k in 0..DERIVATIVE_TERMS {
        if k + 1 == DERIVATIVE_TERMS {
            // z so close to 1 that the series crawls: only reached far outside any interior
            // maximum (e.g. α/β beyond 1e5), so the fit treats the point as unusable.
            return [
                f64::NAN,
                f64::NAN,
                f64::NAN,
                f64::NAN,
                f64::from(DERIVATIVE_TERMS),
            ];
        }
        let k = f64::from(k);
        hp += 1.0 / (p + k);
        hq += 1.0 / (q + k);
        term *= (p + k) / (q + k) * z;
        sum += term;
        sp += term * hp;
        sq -= term * hq;
        sz += (k + 1.0) * term;
        // Terms fall at least geometrically (ratio ≤ z), so what is left of Σ tₙ is below
        // t·z/(1−z) and what is left of Σ n tₙ below t·z/(1−z)·(n + 1/(1−z)); stop when both
        // are negligible against their sums (the gradient needs far less than 1e-15).
        if term * tail <= 1e-17 * sum && term * tail * (k + 2.0 + 1.0 + tail) <= 1e-15 * sz {
            return [math::ln(sum), sp / sum, sq / sum, sz / (z * sum), k + 1.0];
        }
    }
    [
        math::ln(sum),
        sp / sum,
        sq / sum,
        sz / (z * sum),
        f64::from(DERIVATIVE_TERMS),
    ]
}

/// `F(u)` of the "died" integral (see the module notes) and the "alive" term at `u`, each
/// with its gradient in `(r, α, s, β)`: `[F, ∂F…, alive, ∂alive…]`.
pub(crate) fn pair_terms_with_gradient(
    p: &ParetoNbdParams,
    x: f64,
    u: f64,
    work: &AtomicU64,
) -> [f64; 10] {
    let ParetoNbdParams { r, alpha, s, beta } = *p;
    let a = r + s + x;
    let q = a + 1.0;
    let alive = -(r + x) * math::ln(alpha + u) - s * math::ln(beta + u);
    let d_alive = [
        -math::ln(alpha + u),
        -(r + x) / (alpha + u),
        -math::ln(beta + u),
        -s / (beta + u),
    ];
    let (big_f, d_f) = if alpha >= beta {
        // m = α, b = s + 1, p = r + x.
        let (mu, z) = (alpha + u, (alpha - beta) / (alpha + u));
        let [ln_s, sp, sq, sz] = euler_series_with_derivatives(r + x, q, z, work);
        let ln1mz = math::ln_1p(-z);
        let big_f = -a * math::ln(mu) - math::ln(a) - s * ln1mz + ln_s;
        let dz = s / (1.0 - z) + sz;
        (
            big_f,
            [
                -math::ln(mu) - 1.0 / a + sp + sq,
                -a / mu + dz * (u + beta) / (mu * mu),
                -math::ln(mu) - 1.0 / a - ln1mz + sq,
                -dz / mu,
            ],
        )
    } else {
        // m = β, b = r + x, p = s + 1.
        let (mu, z) = (beta + u, (beta - alpha) / (beta + u));
        let [ln_s, sp, sq, sz] = euler_series_with_derivatives(s + 1.0, q, z, work);
        let ln1mz = math::ln_1p(-z);
        let big_f = -a * math::ln(mu) - math::ln(a) + (1.0 - r - x) * ln1mz + ln_s;
        let dz = (r + x - 1.0) / (1.0 - z) + sz;
        (
            big_f,
            [
                -math::ln(mu) - 1.0 / a - ln1mz + sq,
                -dz / mu,
                -math::ln(mu) - 1.0 / a + sp + sq,
                -a / mu + dz * (u + alpha) / (mu * mu),
            ],
        )
    };
    [
        big_f, d_f[0], d_f[1], d_f[2], d_f[3], alive, d_alive[0], d_alive[1], d_alive[2],
        d_alive[3],
    ]
}

impl ParetoNbd {
    /// [`ParetoNbd::log_likelihood_of`] with its gradient in `(r, α, s, β)`, for the BFGS fit.
    /// The "died" term is `ln s + ln(e^{F(tₓ)} − e^{F(T)})`, whose gradient is
    /// `(∇F(tₓ) − ρ∇F(T))/(1 − ρ)` with `ρ = e^{F(T) − F(tₓ)}` (plus 1/s in s); the customer's
    /// log-likelihood mixes it with the "alive" term through `π = σ(alive − died)`.
    fn log_likelihood_with_gradient(
        theta: &[f64],
        data: &RepeatData,
        work: &AtomicU64,
    ) -> (f64, Vec<f64>) {
        let p = ParetoNbdParams::from_slice(theta);
        let ParetoNbdParams { r, alpha, s, beta } = p;
        let (lg_r, ps_r) = (ln_gamma(r), digamma(r));
        let constant = r * math::ln(alpha) + s * math::ln(beta);
        let ln_s = math::ln(s);
        let sums = data.weighted_sums_pairs(
            |x| {
                [
                    ln_gamma(r + x) - lg_r + constant,
                    digamma(r + x) - ps_r + math::ln(alpha),
                ]
            },
            |_, x, u| pair_terms_with_gradient(&p, x, u, work),
            |c, at_tx, at_t, _, tx, t| {
                let base = [c[1], r / alpha, math::ln(beta), s / beta];
                let alive = at_t[5];
                let d_alive = [at_t[6], at_t[7], at_t[8], at_t[9]];
                if tx >= t {
                    let mut out = [0.0; 5];
                    out[0] = c[0] + alive;
                    for k in 0..4 {
                        out[k + 1] = base[k] + d_alive[k];
                    }
                    return out;
                }
                // ρ = e^(at_t − at_tx) ≤ 1, and the "died" term ln s + ln(e^at_tx − e^at_t)
                // = ln s + at_tx + ln(1 − ρ) (as `log_sub_exp`, sharing the exponential).
                let rho = math::exp(at_t[0] - at_tx[0]);
                let died = ln_s + (at_tx[0] + math::ln_1p(-rho));
                let (ln_l, pi) = log_add_exp_share(alive, died);
                let mut out = [0.0; 5];
                out[0] = c[0] + ln_l;
                for k in 0..4 {
                    let mut d_died = (at_tx[k + 1] - rho * at_t[k + 1]) / (1.0 - rho);
                    if k == 2 {
                        d_died += 1.0 / s;
                    }
                    out[k + 1] = base[k] + pi * d_alive[k] + (1.0 - pi) * d_died;
                }
                out
            },
        );
        (sums[0], sums[1..].to_vec())
    }

    /// The fit configuration: `ParetoNbd::params().fit(&data)`.
    pub fn params() -> FitConfig<ParetoNbdParams> {
        FitConfig::default()
    }

    /// A model with known parameters, not fitted.
    ///
    /// # Errors
    /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) naming a bad parameter.
    pub fn from_params(params: ParetoNbdParams) -> Result<Self> {
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

    /// (ln of the "alive throughout" term, ln of the "died in (tₓ, T]" term), both without
    /// the common factor Γ(r+x) α^r β^s / Γ(r) (FHL 2005 MATLAB note, eq. 1–3).
    pub(crate) fn log_terms(p: &ParetoNbdParams, x: f64, tx: f64, t: f64) -> (f64, f64) {
        let ParetoNbdParams { r, alpha, s, beta } = *p;
        let alive = -(r + x) * math::ln(alpha + t) - s * math::ln(beta + t);
        if tx >= t {
            return (alive, f64::NEG_INFINITY);
        }
        let a = r + s + x;
        let (m, b) = if alpha >= beta {
            (alpha, s + 1.0)
        } else {
            (beta, r + x)
        };
        let d = (alpha - beta).abs();
        let ln_f = |u: f64| -a * math::ln(m + u) - math::ln(a) + ln_hyp2f1_a_a1(a, b, d / (m + u));
        let died = math::ln(s) + log_sub_exp(ln_f(tx), ln_f(t));
        (alive, died)
    }

    /// One customer's log-likelihood from [`Self::log_terms`] (the per-triple route, which
    /// [`Self::log_likelihood_of`] must match).
    #[cfg(test)]
    fn ll_one(p: &ParetoNbdParams, lg_rx: f64, x: f64, tx: f64, t: f64) -> f64 {
        let (alive, died) = Self::log_terms(p, x, tx, t);
        lg_rx + p.r * math::ln(p.alpha) + p.s * math::ln(p.beta) + log_add_exp(alive, died)
    }

    /// Total log-likelihood of `data` (FHL 2005 MATLAB note, eq. 4; weighted). The terms that
    /// depend on x and one time value — `F(u)` of the "died" integral and the "alive" term
    /// at u = T — are computed once per distinct (x, u) pair.
    pub fn log_likelihood_of(params: &ParetoNbdParams, data: &RepeatData) -> f64 {
        let ParetoNbdParams { r, alpha, s, beta } = *params;
        let lg_r = ln_gamma(r);
        let (m, d) = (alpha.max(beta), (alpha - beta).abs());
        let constant = r * math::ln(alpha) + s * math::ln(beta);
        let ln_s = math::ln(s);
        data.weighted_sum_pairs(
            |x| ln_gamma(r + x) - lg_r + constant,
            |_, x, u| {
                let a = r + s + x;
                let b = if alpha >= beta { s + 1.0 } else { r + x };
                let ln_f = -a * math::ln(m + u) - math::ln(a) + ln_hyp2f1_a_a1(a, b, d / (m + u));
                let alive = -(r + x) * math::ln(alpha + u) - s * math::ln(beta + u);
                (ln_f, alive)
            },
            |c, at_tx, at_t, _, tx, t| {
                let died = if tx >= t {
                    f64::NEG_INFINITY
                } else {
                    ln_s + log_sub_exp(at_tx.0, at_t.0)
                };
                c + log_add_exp(at_t.1, died)
            },
        )
    }

    fn p_alive_unchecked(&self, x: f64, tx: f64, t: f64) -> f64 {
        let (alive, died) = Self::log_terms(&self.params, x, tx, t);
        // P(alive) = alive / (alive + died) (Fader and Hardie 2005 derivations note, eq. 18).
        logistic(alive - died)
    }

    fn expected_unchecked(&self, t: f64, x: f64, tx: f64, big_t: f64) -> f64 {
        self.p_alive_unchecked(x, tx, big_t) * self.if_alive_unchecked(t, x, big_t)
    }

    /// Expected purchases in `(T, T + t]` given alive (a function of x and T, not `t_x`):
    /// Schmittlein et al. (1987) eq. 22 / Fader and Hardie (2005) eq. 23 without P(alive).
    pub(crate) fn if_alive_unchecked(&self, t: f64, x: f64, big_t: f64) -> f64 {
        let ParetoNbdParams { r, alpha, s, beta } = self.params;
        (r + x) / (alpha + big_t) * (beta + big_t) * growth(s - 1.0, t / (beta + big_t))
    }
}

/// `[1 − (1+u)^{−k}]/k`, continuous at `k = 0` where it is `ln(1+u)`.
fn growth(k: f64, u: f64) -> f64 {
    let l = math::ln_1p(u);
    if k.abs() < 1e-12 {
        l
    } else {
        -math::exp_m1(-k * l) / k
    }
}

purchase_model!(ParetoNbd);

impl ParetoNbd {
    /// E[X(t)] = rβ/(α(s−1)) [1 − (β/(β+t))^{s−1}] (Schmittlein et al. 1987 eq. 17).
    pub(crate) fn expected_new_unchecked(&self, t: f64) -> f64 {
        let ParetoNbdParams { r, alpha, s, beta } = self.params;
        r / alpha * beta * growth(s - 1.0, t / beta)
    }
}

impl FitConfig<ParetoNbdParams> {
    /// Fits the Pareto/NBD model by maximum likelihood. Starts from
    /// `r = s = 1, α = β = mean T` unless [`FitConfig::initial`] is set.
    ///
    /// # Errors
    /// Bad options or start; [`CxError::NotConverged`](crate::CxError::NotConverged) when the
    /// likelihood is not finite.
    /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) naming `frequency` when no
    /// customer has a repeat purchase.
    pub fn fit(&self, data: &RepeatData) -> Result<ParetoNbd> {
        crate::clv::data::check_has_repeats(data)?;
        let start = if let Some(p) = self.initial {
            p.check()?;
            vec![p.r, p.alpha, p.s, p.beta]
        } else {
            let m = mean_t(data);
            vec![1.0, m, 1.0, m]
        };
        // Slow series terms summed so far: past the budget every evaluation is NaN,
        // which ends the search at once, and the fit fails with the reason below.
        let work = AtomicU64::new(0);
        let spent = || work.load(Ordering::Relaxed) as f64;
        let f = |p: &[f64]| {
            if spent() > FIT_WORK_BUDGET {
                return (f64::NAN, vec![f64::NAN; 4]);
            }
            ParetoNbd::log_likelihood_with_gradient(p, data, &work)
        };
        let est = maximize_positive_bfgs(&f, &start, &self.options);
        if spent() > FIT_WORK_BUDGET {
            return Err(CxError::NotConverged {
                iterations: match &est {
                    Ok(e) => e.iterations,
                    Err(CxError::NotConverged { iterations, .. }) => *iterations,
                    Err(_) => 0,
                },
                reason: "the Pareto/NBD likelihood keeps rising toward alpha/beta -> 0 or infinity \
                         (its maximum lies on the boundary: too few or degenerate customers); \
                         the hypergeometric series there converge too slowly to evaluate. Try BG/NBD, \
                         or more customers"
                    .into(),
            });
        }
        let est = est?;
        Ok(fitted_model!(
            ParetoNbd,
            ParetoNbdParams,
            est,
            data.total_weight()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::PurchaseModel;
    use crate::clv::simulate;
    use crate::fit::hyp2f1;
    use approx::assert_relative_eq;

    const CDNOW: ParetoNbdParams = ParetoNbdParams {
        r: 0.553,
        alpha: 10.58,
        s: 0.606,
        beta: 11.67,
    };

    #[test]
    fn special_series_matches_general_hyp2f1() {
        for &(a, b, z) in &[
            (3.2, 1.6, 0.3),
            (1.2, 0.6, 0.8),
            (50.0, 2.0, 0.95),
            (5.0, 4.5, 0.5),
        ] {
            assert_relative_eq!(
                math::exp(ln_hyp2f1_a_a1(a, b, z)),
                hyp2f1(a, b, a + 1.0, z),
                max_relative = 1e-10
            );
        }
    }

    /// The "died" term by brute-force quadrature of its defining integral.
    #[test]
    fn likelihood_matches_quadrature() {
        for &(p, x, tx, t) in &[
            (CDNOW, 2.0, 30.43, 38.86),
            (
                ParetoNbdParams {
                    alpha: 20.0,
                    ..CDNOW
                },
                5.0,
                10.0,
                38.0,
            ),
            (CDNOW, 0.0, 0.0, 38.86),
        ] {
            let (alive, died) = ParetoNbd::log_terms(&p, x, tx, t);
            let n = 200_000;
            let h = (t - tx) / f64::from(n);
            let integral: f64 = (0..n)
                .map(|i| {
                    let tau = tx + (f64::from(i) + 0.5) * h;
                    math::powf(p.alpha + tau, -(p.r + x)) * math::powf(p.beta + tau, -(p.s + 1.0))
                })
                .sum::<f64>()
                * h;
            assert_relative_eq!(math::exp(died), p.s * integral, max_relative = 1e-7);
            assert_relative_eq!(
                math::exp(alive),
                math::powf(p.alpha + t, -(p.r + x)) * math::powf(p.beta + t, -p.s),
                max_relative = 1e-12
            );
        }
    }

    #[test]
    fn identities_and_extremes() {
        let m = ParetoNbd::from_params(CDNOW).unwrap();
        let mut prev = 0.0;
        for k in 1..=10 {
            let e = m
                .expected_purchases(f64::from(k) * 10.0, 2.0, 30.43, 38.86)
                .unwrap();
            assert!(e > prev);
            prev = e;
        }
        // T = 0: the conditional expectation is the unconditional one.
        assert_relative_eq!(
            m.expected_purchases(39.0, 0.0, 0.0, 0.0).unwrap(),
            m.expected_purchases_new(39.0).unwrap(),
            max_relative = 1e-12
        );
        // s = 1 limit is continuous.
        let m1 = ParetoNbd::from_params(ParetoNbdParams { s: 1.0, ..CDNOW }).unwrap();
        let m2 = ParetoNbd::from_params(ParetoNbdParams {
            s: 1.0 + 1e-9,
            ..CDNOW
        })
        .unwrap();
        assert_relative_eq!(
            m1.expected_purchases_new(52.0).unwrap(),
            m2.expected_purchases_new(52.0).unwrap(),
            max_relative = 1e-7
        );
        for &(x, tx, t) in &[
            (10_000.0, 9_999.0, 10_000.0),
            (10_000.0, 5.0, 10_000.0),
            (300.0, 70.0, 78.0),
            (1.0, 1.0, 10_000.0),
        ] {
            let p = m.p_alive(x, tx, t).unwrap();
            assert!((0.0..=1.0).contains(&p), "{p}");
            let e = m.expected_purchases(52.0, x, tx, t).unwrap();
            assert!(e.is_finite() && e >= 0.0);
            let data = RepeatData::new(&[x], &[tx], &[t], None).unwrap();
            assert!(ParetoNbd::log_likelihood_of(&CDNOW, &data).is_finite());
        }
        // A very frequent buyer who stopped long ago is almost surely gone.
        assert!(m.p_alive(300.0, 10.0, 78.0).unwrap() < 1e-6);
    }

    #[test]
    fn recovers_simulated_parameters() {
        let truth = ParetoNbdParams {
            r: 0.6,
            alpha: 8.0,
            s: 0.8,
            beta: 12.0,
        };
        let t: Vec<f64> = (0..4000).map(|i| 40.0 + f64::from(i % 20)).collect();
        let sim = simulate::paretonbd(truth.r, truth.alpha, truth.s, truth.beta, &t, 11);
        let data = RepeatData::new(&sim.frequency, &sim.recency, &sim.t, None).unwrap();
        let m = ParetoNbd::params().fit(&data).unwrap();
        assert!(m.converged);
        let se = m.standard_errors.unwrap();
        crate::clv::data::assert_within_3_se(
            ParetoNbdParams::NAMES,
            &m.params.to_vec(),
            &se.to_vec(),
            &truth.to_vec(),
        );
    }

    #[test]
    fn pair_cached_likelihood_matches_per_customer_sum() {
        let t: Vec<f64> = (0..3000).map(|i| f64::from(200 + i % 73) / 7.0).collect();
        let mut sim = simulate::paretonbd(0.6, 9.0, 0.7, 12.0, &t, 5);
        for (x, tx) in sim.frequency.iter().zip(&mut sim.recency) {
            if *x > 0.0 {
                *tx = (*tx * 7.0).ceil().max(1.0) / 7.0;
            }
        }
        let tx: Vec<f64> = sim.recency.iter().zip(&t).map(|(a, b)| a.min(*b)).collect();
        let data = RepeatData::new(&sim.frequency, &tx, &t, None).unwrap();
        for p in [
            CDNOW,
            ParetoNbdParams {
                alpha: 14.0,
                ..CDNOW
            },
        ] {
            let lg_r = ln_gamma(p.r);
            let direct: f64 = (0..sim.frequency.len())
                .map(|i| {
                    let x = sim.frequency[i];
                    ParetoNbd::ll_one(&p, ln_gamma(p.r + x) - lg_r, x, tx[i], t[i])
                })
                .sum();
            assert_relative_eq!(
                ParetoNbd::log_likelihood_of(&p, &data),
                direct,
                max_relative = 1e-12
            );
        }
    }

    #[test]
    fn analytic_gradient_matches_the_likelihood() {
        let t: Vec<f64> = (0..2000).map(|i| f64::from(200 + i % 73) / 7.0).collect();
        let sim = simulate::paretonbd(0.6, 9.0, 0.7, 12.0, &t, 8);
        let data = RepeatData::new(&sim.frequency, &sim.recency, &sim.t, None).unwrap();
        // Both branches of the ₂F₁ (α > β and α < β).
        for p in [
            [0.55, 10.6, 0.6, 11.7],
            [0.55, 12.0, 0.6, 9.0],
            [2.0, 5.0, 0.3, 5.5],
        ] {
            let value =
                |q: &[f64]| ParetoNbd::log_likelihood_of(&ParetoNbdParams::from_slice(q), &data);
            let (v, g) = ParetoNbd::log_likelihood_with_gradient(&p, &data, &AtomicU64::new(0));
            assert_relative_eq!(v, value(&p), max_relative = 1e-12);
            for i in 0..4 {
                let h = 1e-6 * p[i];
                let (mut up, mut down) = (p.to_vec(), p.to_vec());
                up[i] += h;
                down[i] -= h;
                let fd = (value(&up) - value(&down)) / (2.0 * h);
                assert_relative_eq!(g[i], fd, max_relative = 1e-6, epsilon = 1e-5);
            }
        }
    }

    #[test]
    fn hyp2f1_near_one_matches_mpmath() {
        // ln ₂F₁(a, b; a+1; z) from mpmath at 40 digits (hyp2f1 at the exact binary values
        // of a, b and z), including z within 2e-12 of 1, where the direct series would need
        // ~1e12 terms.
        let cases = [
            (4.1, 0.05, 1.0 - 4e-11 / 25.0, 0.107_097_607_140_376_08),
            (3.0, 0.5, 0.999_999, 1.161_277_051_046_641_5),
            (3.0, 2.5, 0.999_999, 21.416_410_025_443_77),
            (10.2, 1.7, 0.999_999_9, 13.961_552_659_810_3),
            (1000.5, 3.2, 0.99, 14.478_009_523_208_772),
            (0.3, 0.2, 0.95, 0.077_058_261_158_354_32),
            (5.0, 1.0005, 0.999, 3.191_135_272_141_622),
        ];
        for (a, b, z, want) in cases {
            let got = ln_hyp2f1_a_a1(a, b, z);
            assert!(
                (got - want).abs() <= 1e-12 * want.abs().max(1.0),
                "ln 2F1({a}, {b}; {a}+1; {z}) = {got}, mpmath {want}"
            );
        }
        // Where both routes are usable they agree.
        for (a, b) in [(2.5, 0.3), (7.0, 1.6), (40.0, 3.4), (1.2, 0.9)] {
            for z in [0.91, 0.95, 0.99] {
                let near = ln_hyp2f1_a_a1_near_one(a, b, z).unwrap();
                let (p, q) = (a + 1.0 - b, a + 1.0);
                let (mut term, mut sum) = (1.0, 1.0);
                for k in 0..1_000_000 {
                    let k = f64::from(k);
                    term *= (p + k) / (q + k) * z;
                    sum += term;
                }
                let direct = (1.0 - b) * math::ln_1p(-z) + math::ln(sum);
                assert!(
                    (near - direct).abs() < 1e-12 * direct.abs().max(1.0),
                    "{a} {b} {z}"
                );
            }
        }
    }

    #[test]
    fn p_alive_stays_a_probability_when_alpha_is_tiny() {
        // Found by the clv_fit fuzz target: α ≈ 1e-9 put z = (β−α)/β within 1e-10 of 1, the
        // truncated series made F(0) < F(T) and P(alive) NaN.
        let m = ParetoNbd::from_params(ParetoNbdParams {
            r: 0.049_977_928_164_844_96,
            alpha: 7.389_785_323_352_478e-10,
            s: 1.483_766_798_439_453_4,
            beta: 27.079_218_730_136_155,
        })
        .unwrap();
        for (x, tx, t) in [(0.0, 0.0, 10.0), (2.0, 5.0, 10.0), (0.0, 0.0, 1e4)] {
            let p = m.p_alive(x, tx, t).unwrap();
            assert!((0.0..=1.0).contains(&p), "p_alive({x}, {tx}, {t}) = {p}");
            assert!(m.expected_purchases(10.0, x, tx, t).unwrap().is_finite());
        }
    }
}
