//! Pareto/NBD with correlated purchase and dropout rates: the Sarmanov bivariate mixing
//! distribution of Glady, Lemmens and Croux (2015), "Unveiling the relationship between the
//! transaction timing, spending and dropout behavior of customers", IJRM 32(1) (the
//! `use.cor` option of `CLVTools`).
//!
//! λ ~ Gamma(r, α) and μ ~ Gamma(s, β) marginally, with joint density
//! `g₁(λ) g₂(μ) [1 + ω φ₁(λ) φ₂(μ)]`, `φ₁(λ) = e^{−λ} − c₁`, `c₁ = (α/(α+1))^r` (and likewise
//! φ₂, c₂ with s, β). Since `e^{−λ} g₁(λ; r, α) = c₁ g₁(λ; r, α+1)`, a customer's likelihood is
//! the Pareto/NBD's at shifted rates:
//! `L = L(α, β) + ω c₁ c₂ [L(α+1, β+1) − L(α+1, β) − L(α, β+1) + L(α, β)]`,
//! and the same combination of the "alive" terms gives P(alive). The correlation of λ and μ is
//! `ρ = ω c₁ c₂ √(r s) / ((α+1)(β+1))`; the density stays non-negative for
//! `−1/max(c₁c₂, (1−c₁)(1−c₂)) ≤ ω ≤ 1/max(c₁(1−c₂), (1−c₁)c₂)`. With ρ = 0 the model is the
//! Pareto/NBD exactly. Rates are per unit of time, so ρ's attainable range depends on the unit.
//!
//! # Expectations
//! Expanding the bracket, the Sarmanov density is a signed mixture of four independent
//! gamma–gamma densities with weights summing to 1: with `k = ω c₁ c₂`,
//! `g = (1+k) g₁(α)g₂(β) + k g₁(α+1)g₂(β+1) − k g₁(α+1)g₂(β) − k g₁(α)g₂(β+1)`.
//! Every quantity linear in the mixing density is therefore the same signed combination of
//! the Pareto/NBD's at `(α', β') ∈ {α, α+1} × {β, β+1}`:
//!
//! * unconditional: `E[X(t)] = ∫∫ (λ/μ)(1 − e^{−μt}) g = Σ w E_PNBD(α', β')[X(t)]`, with the
//!   Pareto/NBD's `r β'/(α'(s−1)) [1 − (β'/(β'+t))^{s−1}]` (Schmittlein et al. 1987 eq. 17);
//! * conditional on a history `(x, tₓ, T)`: the posterior of (λ, μ) is `L(λ, μ) g / ∫∫ L g`
//!   and a customer alive at `T` buys `(λ/μ)(1 − e^{−μt})` in `(T, T+t]` in expectation, alive
//!   with probability `λˣ e^{−(λ+μ)T} / L(λ, μ)`. So
//!   `E[Y(t) | x, tₓ, T] = Σ w A'·Ē' / Σ w L'`, where `L'` is the Pareto/NBD likelihood at
//!   `(α', β')`, `A'` its "alive" part `Γ(r+x)/Γ(r) α'^r β'^s / ((α'+T)^{r+x} (β'+T)^s)` and
//!   `Ē' = (r+x)(β'+T)/((α'+T)(s−1)) [1 − ((β'+T)/(β'+T+t))^{s−1}]` the Pareto/NBD's expected
//!   purchases of an active customer (Fader and Hardie 2005 eq. 23 without P(alive)).
//!   As `A'` does not involve `tₓ`, this factors as `P(alive) · Σ w A'Ē' / Σ w A'`: P(alive)
//!   times an "if alive" expectation that depends on `(x, T)` only, like the Pareto/NBD's.
//!
//! At ρ = 0 (k = 0) both reduce to the Pareto/NBD's expressions, and the code then calls them,
//! so the predictions are the Pareto/NBD's bit for bit.

use crate::math;
use crate::math::ln_gamma;
use serde::{Deserialize, Serialize};

use crate::clv::bgnbd::logistic;
use crate::clv::data::{FitConfig, RepeatData, check_has_repeats, check_positive, purchase_model};
use crate::clv::{ParetoNbd, ParetoNbdParams};
use crate::error::{CxError, Result};
use crate::fit::{invert_spd, log_add_exp, maximize_positive};

/// Correlated Pareto/NBD parameters: the Pareto/NBD's `r`, `alpha`, `s`, `beta` and the
/// correlation `rho` of the purchase and dropout rates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ParetoNbdCorParams {
    /// Shape of the purchase-rate gamma.
    pub r: f64,
    /// Rate of the purchase-rate gamma.
    pub alpha: f64,
    /// Shape of the dropout-rate gamma.
    pub s: f64,
    /// Rate of the dropout-rate gamma.
    pub beta: f64,
    /// Correlation of the purchase rate λ and the dropout rate μ.
    pub rho: f64,
}

impl ParetoNbdCorParams {
    /// The parameter names, in field order.
    pub const NAMES: &'static [&'static str] = &["r", "alpha", "s", "beta", "rho"];

    fn marginal(&self, alpha: f64, beta: f64) -> ParetoNbdParams {
        ParetoNbdParams {
            r: self.r,
            alpha,
            s: self.s,
            beta,
        }
    }

    /// `(c₁, c₂)`.
    fn c(&self) -> (f64, f64) {
        (
            math::powf(self.alpha / (self.alpha + 1.0), self.r),
            math::powf(self.beta / (self.beta + 1.0), self.s),
        )
    }

    /// The Sarmanov ω of this correlation.
    pub fn omega(&self) -> f64 {
        let (c1, c2) = self.c();
        self.rho * (self.alpha + 1.0) * (self.beta + 1.0) / (c1 * c2 * (self.r * self.s).sqrt())
    }

    /// The attainable correlation range `(low, high)` for these marginals.
    pub fn rho_range(&self) -> (f64, f64) {
        let (c1, c2) = self.c();
        let k = c1 * c2 * (self.r * self.s).sqrt() / ((self.alpha + 1.0) * (self.beta + 1.0));
        let lo = -1.0 / (c1 * c2).max((1.0 - c1) * (1.0 - c2));
        let hi = 1.0 / (c1 * (1.0 - c2)).max((1.0 - c1) * c2);
        (lo * k, hi * k)
    }

    /// Fails unless `r, alpha, s, beta` are finite and > 0 and `rho` is within
    /// [`ParetoNbdCorParams::rho_range`].
    ///
    /// # Errors
    /// [`CxError::InvalidInput`] naming the bad parameter.
    pub fn check(&self) -> Result<()> {
        check_positive(&Self::NAMES[..4], &[self.r, self.alpha, self.s, self.beta])?;
        let (lo, hi) = self.rho_range();
        if !(self.rho.is_finite() && (lo..=hi).contains(&self.rho)) {
            return Err(CxError::InvalidInput {
                field: "rho".into(),
                index: None,
                value: Some(self.rho.to_string()),
                reason: format!(
                    "the correlation must lie in [{lo:.6}, {hi:.6}], the range the Sarmanov \
                     distribution reaches with these marginals"
                ),
            });
        }
        Ok(())
    }
}

/// A fitted correlated Pareto/NBD model; serializable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParetoNbdCor {
    /// The parameters.
    pub params: ParetoNbdCorParams,
    /// Maximized log-likelihood; 0 when not fitted.
    pub log_likelihood: f64,
    /// Whether the optimizer met its tolerance.
    pub converged: bool,
    /// Optimizer iterations.
    pub iterations: u64,
    /// Standard errors of all five parameters (ρ's included) from the observed information in
    /// `(r, α, s, β, ρ)`, when it is positive definite.
    pub standard_errors: Option<ParetoNbdCorParams>,
    /// Number of customers (total weight) fitted on.
    pub n_customers: f64,
}

/// `(ln L, ln alive-part)` of one customer under the Pareto/NBD with rates `(α', β')`.
fn pnbd_terms(p: &ParetoNbdParams, lg: f64, x: f64, tx: f64, t: f64) -> (f64, f64) {
    let (alive, died) = ParetoNbd::log_terms(p, x, tx, t);
    let common = lg + p.r * math::ln(p.alpha) + p.s * math::ln(p.beta);
    (common + log_add_exp(alive, died), common + alive)
}

impl ParetoNbdCor {
    /// The fit configuration: `ParetoNbdCor::params().fit(&data)`.
    pub fn params() -> FitConfig<ParetoNbdCorParams> {
        FitConfig::default()
    }

    /// A model with known parameters, not fitted.
    ///
    /// # Errors
    /// [`CxError::InvalidInput`] naming a bad parameter.
    pub fn from_params(params: ParetoNbdCorParams) -> Result<Self> {
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

    /// The Pareto/NBD of rates `(alpha, beta)`, as a model to predict with.
    fn marginal_model(&self, alpha: f64, beta: f64) -> ParetoNbd {
        ParetoNbd {
            params: self.params.marginal(alpha, beta),
            log_likelihood: 0.0,
            converged: false,
            iterations: 0,
            standard_errors: None,
            n_customers: 0.0,
        }
    }

    /// The signed mixture of the module notes: `(weight, α', β')` of its four components,
    /// the plain `(α, β)` first.
    fn components(p: &ParetoNbdCorParams, omega: f64) -> [(f64, f64, f64); 4] {
        let (c1, c2) = p.c();
        let k = omega * c1 * c2;
        let (a, b) = (p.alpha, p.beta);
        [
            (1.0 + k, a, b),
            (k, a + 1.0, b + 1.0),
            (-k, a + 1.0, b),
            (-k, a, b + 1.0),
        ]
    }

    /// (ln L, P(alive)) of one customer (see the module notes).
    fn customer(p: &ParetoNbdCorParams, omega: f64, x: f64, tx: f64, t: f64) -> (f64, f64) {
        let lg = ln_gamma(p.r + x) - ln_gamma(p.r);
        let (a, b) = (p.alpha, p.beta);
        let (l00, a00) = pnbd_terms(&p.marginal(a, b), lg, x, tx, t);
        if omega == 0.0 {
            // The Pareto/NBD's own expression, so that ρ = 0 gives its P(alive) bit for bit.
            let (alive, died) = ParetoNbd::log_terms(&p.marginal(a, b), x, tx, t);
            return (l00, logistic(alive - died));
        }
        let (c1, c2) = p.c();
        let k = omega * c1 * c2;
        let (l11, a11) = pnbd_terms(&p.marginal(a + 1.0, b + 1.0), lg, x, tx, t);
        let (l10, a10) = pnbd_terms(&p.marginal(a + 1.0, b), lg, x, tx, t);
        let (l01, a01) = pnbd_terms(&p.marginal(a, b + 1.0), lg, x, tx, t);
        let rel = |v: f64| math::exp(v - l00);
        let factor = 1.0 + k * (rel(l11) - rel(l10) - rel(l01) + 1.0);
        let alive = rel(a00) + k * (rel(a11) - rel(a10) - rel(a01) + rel(a00));
        (l00 + math::ln(factor), (alive / factor).clamp(0.0, 1.0))
    }

    fn p_alive_unchecked(&self, x: f64, tx: f64, t: f64) -> f64 {
        let p = &self.params;
        Self::customer(p, p.omega(), x, tx, t).1
    }

    fn expected_unchecked(&self, t: f64, x: f64, tx: f64, big_t: f64) -> f64 {
        self.p_alive_unchecked(x, tx, big_t) * self.if_alive_unchecked(t, x, big_t)
    }

    /// Expected purchases in `(T, T + t]` of a customer alive at `T`:
    /// `Σ w A'Ē' / Σ w A'` (module notes), the "alive" parts `A'` taken relative to the plain
    /// component's, where the common `Γ(r+x)/Γ(r)` cancels.
    fn if_alive_unchecked(&self, t: f64, x: f64, big_t: f64) -> f64 {
        let p = &self.params;
        let omega = p.omega();
        if omega == 0.0 {
            return self
                .marginal_model(p.alpha, p.beta)
                .if_alive_unchecked(t, x, big_t);
        }
        let ln_alive = |a: f64, b: f64| {
            p.r * math::ln(a) + p.s * math::ln(b)
                - (p.r + x) * math::ln(a + big_t)
                - p.s * math::ln(b + big_t)
        };
        let base = ln_alive(p.alpha, p.beta);
        let (mut num, mut den) = (0.0, 0.0);
        for (w, a, b) in Self::components(p, omega) {
            let rel = w * math::exp(ln_alive(a, b) - base);
            num += rel * self.marginal_model(a, b).if_alive_unchecked(t, x, big_t);
            den += rel;
        }
        num / den
    }

    /// `E[X(t)] = Σ w E_PNBD(α', β')[X(t)]` (module notes).
    fn expected_new_unchecked(&self, t: f64) -> f64 {
        let p = &self.params;
        let omega = p.omega();
        if omega == 0.0 {
            return self
                .marginal_model(p.alpha, p.beta)
                .expected_new_unchecked(t);
        }
        Self::components(p, omega)
            .iter()
            .map(|&(w, a, b)| w * self.marginal_model(a, b).expected_new_unchecked(t))
            .sum()
    }

    /// Total log-likelihood of `data` (weighted). With `rho = 0` it is
    /// [`ParetoNbd::log_likelihood_of`] of the same marginals, bit for bit; outside the
    /// attainable range of ρ it is NaN.
    pub fn log_likelihood_of(params: &ParetoNbdCorParams, data: &RepeatData) -> f64 {
        if params.rho == 0.0 {
            return ParetoNbd::log_likelihood_of(&params.marginal(params.alpha, params.beta), data);
        }
        if params.check().is_err() {
            return f64::NAN;
        }
        let omega = params.omega();
        data.weighted_sum(|x, tx, t| Self::customer(params, omega, x, tx, t).0)
    }
}

purchase_model!(ParetoNbdCor);

/// ω in `[lo, hi]` from `v > 0`: `lo + (hi − lo) v/(1+v)`, and back.
fn omega_bounds(p: &ParetoNbdCorParams) -> (f64, f64) {
    let (c1, c2) = p.c();
    (
        -1.0 / (c1 * c2).max((1.0 - c1) * (1.0 - c2)),
        1.0 / (c1 * (1.0 - c2)).max((1.0 - c1) * c2),
    )
}

/// Parameters from the optimizer's positive vector `(r, α, s, β, v)`.
fn from_search(theta: &[f64]) -> ParetoNbdCorParams {
    let mut p = ParetoNbdCorParams {
        r: theta[0],
        alpha: theta[1],
        s: theta[2],
        beta: theta[3],
        rho: 0.0,
    };
    let (lo, hi) = omega_bounds(&p);
    let q = theta[4] / (1.0 + theta[4]);
    // Stay a hair inside the bounds, where the density touches 0 and ln L may be −∞.
    let omega = (lo + (hi - lo) * q) * (1.0 - 1e-12);
    let (c1, c2) = p.c();
    p.rho = omega * c1 * c2 * (p.r * p.s).sqrt() / ((p.alpha + 1.0) * (p.beta + 1.0));
    p
}

impl FitConfig<ParetoNbdCorParams> {
    /// Fits the correlated Pareto/NBD by maximum likelihood, starting from the Pareto/NBD fit
    /// with ρ = 0 unless [`FitConfig::initial`] is set. Standard errors (ρ's included) come
    /// from the observed information in `(r, α, s, β, ρ)` by central differences.
    ///
    /// # Errors
    /// As [`ParetoNbd`]'s fit; [`CxError::InvalidInput`] naming `rho` for a start outside its
    /// range.
    pub fn fit(&self, data: &RepeatData) -> Result<ParetoNbdCor> {
        check_has_repeats(data)?;
        let start = if let Some(p) = self.initial {
            p.check()?;
            p
        } else {
            let m = ParetoNbd::params().fit(data)?.params;
            ParetoNbdCorParams {
                r: m.r,
                alpha: m.alpha,
                s: m.s,
                beta: m.beta,
                rho: 0.0,
            }
        };
        let (lo, hi) = omega_bounds(&start);
        let q = ((start.omega() - lo) / (hi - lo)).clamp(1e-9, 1.0 - 1e-9);
        let theta0 = [start.r, start.alpha, start.s, start.beta, q / (1.0 - q)];
        let f = |th: &[f64]| ParetoNbdCor::log_likelihood_of(&from_search(th), data);
        let est = maximize_positive(&f, &theta0, &self.options)?;
        let params = from_search(&est.params);
        let ll = |v: &[f64]| {
            ParetoNbdCor::log_likelihood_of(
                &ParetoNbdCorParams {
                    r: v[0],
                    alpha: v[1],
                    s: v[2],
                    beta: v[3],
                    rho: v[4],
                },
                data,
            )
        };
        let at = [params.r, params.alpha, params.s, params.beta, params.rho];
        let standard_errors = observed_information_se(&ll, &at).map(|se| ParetoNbdCorParams {
            r: se[0],
            alpha: se[1],
            s: se[2],
            beta: se[3],
            rho: se[4],
        });
        Ok(ParetoNbdCor {
            params,
            log_likelihood: est.log_likelihood,
            converged: est.converged,
            iterations: est.iterations,
            standard_errors,
            n_customers: data.total_weight(),
        })
    }
}

/// Standard errors from the inverse of the negative Hessian of `ll` at `x` (central
/// differences, steps 1e-4 relative); `None` when it is not positive definite or not finite.
fn observed_information_se<F: Fn(&[f64]) -> f64>(ll: &F, x: &[f64]) -> Option<Vec<f64>> {
    let n = x.len();
    let h: Vec<f64> = x.iter().map(|v| 1e-4 * v.abs().max(1e-3)).collect();
    let at = |d: &[(usize, f64)]| {
        let mut y = x.to_vec();
        for &(i, s) in d {
            y[i] += s * h[i];
        }
        ll(&y)
    };
    let f0 = ll(x);
    let mut neg = vec![vec![0.0; n]; n];
    for i in 0..n {
        neg[i][i] = -(at(&[(i, 1.0)]) - 2.0 * f0 + at(&[(i, -1.0)])) / (h[i] * h[i]);
        for j in 0..i {
            let v = (at(&[(i, 1.0), (j, 1.0)])
                - at(&[(i, 1.0), (j, -1.0)])
                - at(&[(i, -1.0), (j, 1.0)])
                + at(&[(i, -1.0), (j, -1.0)]))
                / (4.0 * h[i] * h[j]);
            neg[i][j] = -v;
            neg[j][i] = -v;
        }
    }
    if neg.iter().flatten().any(|v| !v.is_finite()) {
        return None;
    }
    let cov = invert_spd(&neg)?;
    let se: Vec<f64> = (0..n).map(|i| cov[i][i].sqrt()).collect();
    se.iter().all(|v| v.is_finite()).then_some(se)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::{PurchaseModel, simulate};
    use approx::assert_relative_eq;
    use statrs::distribution::{ContinuousCDF, Gamma};

    fn params(rho: f64) -> ParetoNbdCorParams {
        ParetoNbdCorParams {
            r: 2.0,
            alpha: 8.0,
            s: 1.5,
            beta: 10.0,
            rho,
        }
    }

    #[test]
    fn zero_correlation_is_the_pareto_nbd_exactly() {
        let t: Vec<f64> = (0..500).map(|i| 30.0 + f64::from(i % 10)).collect();
        let sim = simulate::paretonbd(0.6, 9.0, 0.7, 12.0, &t, 5);
        let data = RepeatData::new(&sim.frequency, &sim.recency, &sim.t, None).unwrap();
        let p = params(0.0);
        assert_eq!(
            ParetoNbdCor::log_likelihood_of(&p, &data),
            ParetoNbd::log_likelihood_of(&p.marginal(p.alpha, p.beta), &data)
        );
        let (m, pn) = (
            ParetoNbdCor::from_params(p).unwrap(),
            ParetoNbd::from_params(p.marginal(p.alpha, p.beta)).unwrap(),
        );
        for &(x, tx, t) in &[(2.0, 30.43, 38.86), (0.0, 0.0, 38.86), (9.0, 3.0, 39.0)] {
            assert_eq!(m.p_alive(x, tx, t).unwrap(), pn.p_alive(x, tx, t).unwrap());
            for h in [1.0, 39.0, 520.0] {
                assert_eq!(
                    m.expected_purchases(h, x, tx, t).unwrap(),
                    pn.expected_purchases(h, x, tx, t).unwrap()
                );
                assert_eq!(m.expected_if_alive(h, x, t), pn.expected_if_alive(h, x, t));
            }
        }
        for h in [0.5, 39.0, 520.0] {
            assert_eq!(
                m.expected_purchases_new(h).unwrap(),
                pn.expected_purchases_new(h).unwrap()
            );
        }
        // The signed-mixture route at a vanishing ρ agrees to rounding.
        let tiny = ParetoNbdCor::from_params(params(1e-12)).unwrap();
        assert_relative_eq!(
            tiny.expected_purchases(39.0, 2.0, 30.43, 38.86).unwrap(),
            pn.expected_purchases(39.0, 2.0, 30.43, 38.86).unwrap(),
            max_relative = 1e-10
        );
        assert_relative_eq!(
            tiny.expected_purchases_new(39.0).unwrap(),
            pn.expected_purchases_new(39.0).unwrap(),
            max_relative = 1e-10
        );
        // The ω ≠ 0 route at a vanishing ρ agrees too.
        assert_relative_eq!(
            ParetoNbdCor::log_likelihood_of(&params(1e-12), &data),
            ParetoNbd::log_likelihood_of(&p.marginal(p.alpha, p.beta), &data),
            max_relative = 1e-12
        );
    }

    /// One customer's likelihood by brute-force integration of the individual Pareto/NBD
    /// likelihood over the Sarmanov density (midpoints in the marginal quantiles).
    #[test]
    fn likelihood_matches_integration_over_the_sarmanov_density() {
        let (lo, hi) = params(0.0).rho_range();
        for rho in [0.5 * lo, 0.8 * hi] {
            let p = params(rho);
            let omega = p.omega();
            let (c1, c2) = p.c();
            let g1 = Gamma::new(p.r, p.alpha).unwrap();
            let g2 = Gamma::new(p.s, p.beta).unwrap();
            let n = 1500;
            let q = |g: &Gamma, k: usize| g.inverse_cdf((k as f64 + 0.5) / n as f64);
            let lam: Vec<f64> = (0..n).map(|k| q(&g1, k)).collect();
            let mu: Vec<f64> = (0..n).map(|k| q(&g2, k)).collect();
            for &(x, tx, t) in &[(2.0, 20.0, 39.0), (0.0, 0.0, 39.0), (6.0, 38.0, 39.0)] {
                let mut sum = 0.0;
                for &l in &lam {
                    for &m in &mu {
                        let ind = math::powf(l, x) * math::exp(-(l + m) * t)
                            + math::powf(l, x) * m / (l + m)
                                * (math::exp(-(l + m) * tx) - math::exp(-(l + m) * t));
                        sum += ind * (1.0 + omega * (math::exp(-l) - c1) * (math::exp(-m) - c2));
                    }
                }
                let brute = sum / (n * n) as f64;
                let (ll, _) = ParetoNbdCor::customer(&p, omega, x, tx, t);
                assert_relative_eq!(math::exp(ll), brute, max_relative = 2e-3);
            }
        }
    }

    /// The expectations by brute-force integration over the Sarmanov density (midpoints in
    /// the marginal quantiles), straight from their definitions: a new customer's
    /// `E[X(t)] = E[(λ/μ)(1 − e^{−μt})]`, and a customer's conditional expectation as the
    /// posterior mean of `P(alive | λ, μ, history) (λ/μ)(1 − e^{−μt})`, i.e.
    /// `∫∫ λˣ e^{−(λ+μ)T} (λ/μ)(1 − e^{−μt}) g / ∫∫ L(λ, μ) g`.
    #[test]
    fn expectations_match_integration_over_the_sarmanov_density() {
        let (lo, hi) = params(0.0).rho_range();
        for rho in [0.9 * lo, 0.8 * hi] {
            let p = params(rho);
            let m = ParetoNbdCor::from_params(p).unwrap();
            let omega = p.omega();
            let (c1, c2) = p.c();
            let g1 = Gamma::new(p.r, p.alpha).unwrap();
            let g2 = Gamma::new(p.s, p.beta).unwrap();
            let n = 1200;
            let q = |g: &Gamma, k: usize| g.inverse_cdf((k as f64 + 0.5) / n as f64);
            let lam: Vec<f64> = (0..n).map(|k| q(&g1, k)).collect();
            let mu: Vec<f64> = (0..n).map(|k| q(&g2, k)).collect();
            let h = 26.0;
            let mut new = 0.0;
            for &l in &lam {
                for &u in &mu {
                    let dens = 1.0 + omega * (math::exp(-l) - c1) * (math::exp(-u) - c2);
                    new += l / u * -math::exp_m1(-u * h) * dens;
                }
            }
            new /= (n * n) as f64;
            let got = m.expected_purchases_new(h).unwrap();
            let pe = m
                .marginal_model(p.alpha, p.beta)
                .expected_purchases_new(h)
                .unwrap();
            assert_relative_eq!(got, new, max_relative = 2e-4);
            assert!(
                (got - new).abs() < 0.2 * (got - pe).abs(),
                "{got} {new} {pe}"
            );
            for &(x, tx, t) in &[(2.0, 20.0, 39.0), (0.0, 0.0, 39.0), (6.0, 38.0, 39.0)] {
                let (mut num, mut den) = (0.0, 0.0);
                for &l in &lam {
                    for &u in &mu {
                        let dens = 1.0 + omega * (math::exp(-l) - c1) * (math::exp(-u) - c2);
                        let alive = math::powf(l, x) * math::exp(-(l + u) * t);
                        let died = math::powf(l, x) * u / (l + u)
                            * (math::exp(-(l + u) * tx) - math::exp(-(l + u) * t));
                        num += alive * l / u * -math::exp_m1(-u * h) * dens;
                        den += (alive + died) * dens;
                    }
                }
                let got = m.expected_purchases(h, x, tx, t).unwrap();
                let plain = m.marginal_model(p.alpha, p.beta);
                let pe = plain.expected_purchases(h, x, tx, t).unwrap();
                assert_relative_eq!(got, num / den, max_relative = 2e-4);
                // The check can tell: the correlation moves the prediction (0.2–7 % here)
                // far more than the integration error.
                assert!(
                    (got - num / den).abs() < 0.2 * (got - pe).abs(),
                    "{got} {pe}"
                );
            }
        }
    }

    #[test]
    fn documents_round_trip_and_are_checked_on_load() {
        use crate::portable::{from_document_value, to_document_value};
        let (_, hi) = params(0.0).rho_range();
        let m = ParetoNbdCor::from_params(params(0.5 * hi)).unwrap();
        let doc = to_document_value(&m).unwrap();
        assert_eq!(doc["model"], "pareto_nbd_cor");
        let back: ParetoNbdCor = from_document_value(doc.clone()).unwrap();
        assert_eq!(back, m);
        let mut bad = doc;
        bad["params"]["rho"] = (2.0 * hi).into();
        let e = from_document_value::<ParetoNbdCor>(bad).unwrap_err();
        assert_eq!(e.field(), Some("rho"), "{e}");
    }

    #[test]
    fn correlation_outside_its_range_is_refused() {
        let (_, hi) = params(0.0).rho_range();
        let e = ParetoNbdCor::from_params(params(hi * 1.01)).unwrap_err();
        assert_eq!(e.field(), Some("rho"));
        let m = ParetoNbdCor::from_params(params(0.5 * hi)).unwrap();
        let pa = m.p_alive(2.0, 20.0, 39.0).unwrap();
        assert!((0.0..=1.0).contains(&pa));
    }
}
