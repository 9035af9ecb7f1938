//! Gamma-Gompertz/NBD model: Bemmaor and Glady (2012), "Modeling Purchasing Behavior with
//! Sudden 'Death': A Flexible Customer Lifetime Model", Management Science 58(5), 1012–1021.
//!
//! While active, a customer buys at Poisson rate λ ~ Gamma(r, α) (as in the Pareto/NBD); the
//! lifetime τ has a Gompertz hazard `η b e^{bτ}` with η ~ Gamma(s, β) across customers, so the
//! population survival is the gamma/Gompertz `S(t) = (β / (β + e^{bt} − 1))^s` with density
//! `f(t) = b s β^s e^{bt} (β + e^{bt} − 1)^{−(s+1)}`. As `b → 0` with `β/b` fixed, `S(t) →
//! (β'/(β' + t))^s` (β' = β/b): the Pareto/NBD is the boundary case of this model.
//!
//! Derivations (conditioning on τ, as for the Pareto/NBD; Bemmaor and Glady 2012, section 3):
//! - likelihood of (x, tₓ, T): `Γ(r+x) α^r / Γ(r) · [ (α+T)^{−(r+x)} S(T) +
//!   ∫_{tₓ}^{T} (α+y)^{−(r+x)} f(y) dy ]`; the integral has no closed form and is evaluated by
//!   adaptive Gauss–Kronrod quadrature in scaled log space;
//! - P(alive) = the first term over the bracket;
//! - E[X(t)] of a new customer = (r/α) E[min(τ, t)] = (r/α) ∫₀ᵗ S(u) du;
//! - given the history and alive at T, λ ~ Gamma(r+x, α+T) and η ~ Gamma(s, β + e^{bT} − 1)
//!   (the alive term's η-likelihood is `exp(−η (e^{bT} − 1))`), and the residual lifetime
//!   survives u more with probability `exp(−η e^{bT} (e^{bu} − 1))`, so
//!   `E[X(T, T+t) | x, tₓ, T] = P(alive) (r+x)/(α+T) ∫₀ᵗ (β*/(β* + e^{bT}(e^{bu} − 1)))^s du`,
//!   `β* = β + e^{bT} − 1`.

use crate::math;
use crate::math::ln_gamma;
use serde::{Deserialize, Serialize};

use crate::clv::bgnbd::{logistic, mean_t};
use crate::clv::data::{FitConfig, RepeatData, fitted_model, model_params, purchase_model};
use crate::error::Result;
use crate::fit::{gk15_estimate, integrate, log_add_exp, maximize_positive};

model_params! {
    /// Gamma-Gompertz/NBD parameters: `r`, `alpha` (gamma purchase-rate heterogeneity, α in
    /// time units), `b` (Gompertz scale, per time unit), `s`, `beta` (gamma heterogeneity of
    /// the Gompertz shape η).
    pub struct GgNbdParams {
        /// Shape of the purchase-rate gamma.
        pub r: f64,
        /// Rate of the purchase-rate gamma.
        pub alpha: f64,
        /// Gompertz scale parameter (common to all customers).
        pub b: f64,
        /// Shape of the gamma heterogeneity of η.
        pub s: f64,
        /// Rate of the gamma heterogeneity of η.
        pub beta: f64,
    }
}

/// A fitted Gamma-Gompertz/NBD model (or one built with [`GgNbd::from_params`]); serializable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GgNbd {
    /// The parameters.
    pub params: GgNbdParams,
    /// Maximized log-likelihood; 0 when not fitted.
    pub log_likelihood: f64,
    /// Whether the optimizer met its tolerance.
    pub converged: bool,
    /// Optimizer iterations.
    pub iterations: u64,
    /// Standard errors from the observed information, when available (none when the optimum
    /// is on the Pareto/NBD boundary `b → 0`, where the information is singular).
    pub standard_errors: Option<GgNbdParams>,
    /// Number of customers (total weight) fitted on.
    pub n_customers: f64,
}

/// Relative accuracy of the quadratures.
const QUAD_TOL: f64 = 1e-11;

/// `ln(β + e^{bu} − 1)`, accurate for small `bu`.
fn ln_beta_plus(beta: f64, b: f64, u: f64) -> f64 {
    math::ln(beta + math::exp_m1(b * u))
}

/// ∫ₐᵇ f for an integrand whose features have the given length `scales` (the decay of each
/// factor at `a`), with a fixed rule: Gauss–Kronrod 15-point panels whose widths double away
/// from `a` starting at a quarter of the smallest scale, each panel at most twice the largest
/// scale wide. A fixed rule (no adaptive refinement) keeps the log-likelihood a smooth function
/// of the parameters, which the finite-difference Hessian of the fit needs.
fn graded_quadrature<F: Fn(f64) -> f64>(f: &F, a: f64, b: f64, scales: &[f64]) -> f64 {
    let finite = scales.iter().copied().filter(|v| v.is_finite() && *v > 0.0);
    let small = finite.clone().fold(f64::INFINITY, f64::min);
    let large = finite.fold(0.0_f64, f64::max);
    let width = b - a;
    let mut first = if small.is_finite() {
        0.25 * small
    } else {
        width
    };
    first = first.clamp(width * 1e-12, width);
    let cap = if large > 0.0 {
        (2.0 * large).max(first)
    } else {
        width
    };
    let mut total = 0.0;
    let (mut lo, mut w) = (a, first);
    let mut panels = 0;
    while lo < b && panels < 512 {
        let hi = if panels == 511 { b } else { (lo + w).min(b) };
        total += gk15_estimate(f, lo, hi);
        lo = hi;
        w = (2.0 * w).min(cap);
        panels += 1;
    }
    total
}

impl GgNbd {
    /// The fit configuration: `GgNbd::params().fit(&data)`.
    pub fn params() -> FitConfig<GgNbdParams> {
        FitConfig::default()
    }

    /// A model with known parameters, not fitted.
    ///
    /// # Errors
    /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) naming a bad parameter.
    pub fn from_params(params: GgNbdParams) -> Result<Self> {
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

    /// (ln of the "alive at T" term, ln of the "died in (tₓ, T]" term), both without the
    /// common factor Γ(r+x) α^r / Γ(r).
    fn log_terms(p: &GgNbdParams, x: f64, tx: f64, t: f64) -> (f64, f64) {
        let GgNbdParams {
            r,
            alpha,
            b,
            s,
            beta,
        } = *p;
        let ln_beta = math::ln(beta);
        let alive = -(r + x) * math::ln(alpha + t) + s * (ln_beta - ln_beta_plus(beta, b, t));
        if tx >= t {
            return (alive, f64::NEG_INFINITY);
        }
        // ln of the integrand without b s β^s; scaled by its value at tₓ (where it is largest
        // unless β > 1 gives the lifetime density an interior mode) so that the quadrature
        // works on numbers near 1 however small the terms are.
        let g =
            |y: f64| -(r + x) * math::ln(alpha + y) - (s + 1.0) * ln_beta_plus(beta, b, y) + b * y;
        let scale = g(tx).max(g(t));
        let integral = graded_quadrature(
            &|y: f64| math::exp(g(y) - scale),
            tx,
            t,
            &[
                (alpha + tx) / (r + x),
                (beta + math::exp_m1(b * tx)) / (b * math::exp(b * tx)),
                1.0 / (b * (s + 1.0)),
            ],
        );
        let died = math::ln(b) + math::ln(s) + s * ln_beta + scale + math::ln(integral);
        (alive, died)
    }

    /// Total log-likelihood of `data` (weighted); see the module notes.
    pub fn log_likelihood_of(params: &GgNbdParams, data: &RepeatData) -> f64 {
        let (r, alpha) = (params.r, params.alpha);
        let lg_r = ln_gamma(r);
        let constant = r * math::ln(alpha);
        data.weighted_sum_levels(
            |x| ln_gamma(r + x) - lg_r + constant,
            |v| v,
            |c, &tx, &t, x| {
                let (alive, died) = Self::log_terms(params, x, tx, t);
                c + log_add_exp(alive, died)
            },
        )
    }

    fn p_alive_unchecked(&self, x: f64, tx: f64, t: f64) -> f64 {
        let (alive, died) = Self::log_terms(&self.params, x, tx, t);
        logistic(alive - died)
    }

    /// `∫₀ᵗ (β*/(β* + c (e^{bu} − 1)))^s du`: the expected time alive in the next `t` of a
    /// customer alive now, with η ~ Gamma(s, β*) and `c = e^{b·age}`.
    fn time_alive(&self, t: f64, beta_star: f64, c: f64) -> f64 {
        let GgNbdParams { b, s, .. } = self.params;
        integrate(
            &|u: f64| math::exp(-s * math::ln_1p(c * math::exp_m1(b * u) / beta_star)),
            0.0,
            t,
            QUAD_TOL,
        )
    }

    fn expected_unchecked(&self, t: f64, x: f64, tx: f64, big_t: f64) -> f64 {
        self.p_alive_unchecked(x, tx, big_t) * self.if_alive_unchecked(t, x, big_t)
    }

    /// Expected purchases in `(T, T + t]` of a customer alive at `T`: the posterior purchase
    /// rate `(r + x)/(α + T)` times the expected time alive, which depends on the history only
    /// through `x` and `T`.
    fn if_alive_unchecked(&self, t: f64, x: f64, big_t: f64) -> f64 {
        let GgNbdParams {
            r, alpha, b, beta, ..
        } = self.params;
        let beta_star = beta + math::exp_m1(b * big_t);
        (r + x) / (alpha + big_t) * self.time_alive(t, beta_star, math::exp(b * big_t))
    }

    fn expected_new_unchecked(&self, t: f64) -> f64 {
        let GgNbdParams { r, alpha, beta, .. } = self.params;
        r / alpha * self.time_alive(t, beta, 1.0)
    }
}

purchase_model!(GgNbd);

impl FitConfig<GgNbdParams> {
    /// Fits the Gamma-Gompertz/NBD model by maximum likelihood. Starts from
    /// `r = s = β = 1, α = mean T, b = 1 / mean T` unless [`FitConfig::initial`] is set.
    ///
    /// # Errors
    /// Bad options or start; [`CxError::NotConverged`](crate::CxError::NotConverged) when the
    /// likelihood is not finite; [`CxError::InvalidInput`](crate::CxError::InvalidInput)
    /// naming `frequency` when no customer has a repeat purchase.
    pub fn fit(&self, data: &RepeatData) -> Result<GgNbd> {
        crate::clv::data::check_has_repeats(data)?;
        let start = if let Some(p) = self.initial {
            p.check()?;
            p.to_vec()
        } else {
            let m = mean_t(data);
            vec![1.0, m, 1.0 / m, 1.0, 1.0]
        };
        let f = |p: &[f64]| GgNbd::log_likelihood_of(&GgNbdParams::from_slice(p), data);
        let est = maximize_positive(&f, &start, &self.options)?;
        Ok(fitted_model!(GgNbd, GgNbdParams, est, data.total_weight()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::{ParetoNbd, ParetoNbdParams, PurchaseModel, simulate};
    use approx::assert_relative_eq;

    const PNBD: ParetoNbdParams = ParetoNbdParams {
        r: 0.553,
        alpha: 10.58,
        s: 0.606,
        beta: 11.67,
    };

    /// GG/NBD parameters whose survival is within `b` of the Pareto/NBD's `PNBD`.
    fn near_pareto(b: f64) -> GgNbdParams {
        GgNbdParams {
            r: PNBD.r,
            alpha: PNBD.alpha,
            b,
            s: PNBD.s,
            beta: b * PNBD.beta,
        }
    }

    /// The fixed graded rule of the likelihood against the adaptive quadrature at a tight
    /// tolerance, over frequent buyers, a lifetime density peaked at 0 (β/b small), an interior
    /// mode (β > 1) and fast Gompertz ageing.
    #[test]
    fn graded_rule_matches_adaptive_quadrature() {
        let cases = [
            (near_pareto(0.001), 2.0, 30.43, 38.86),
            (near_pareto(0.001), 250.0, 3.0, 38.86),
            (
                GgNbdParams {
                    b: 2.0,
                    beta: 0.001,
                    ..near_pareto(1.0)
                },
                1.0,
                0.0 + 1e-3,
                52.0,
            ),
            (
                GgNbdParams {
                    b: 0.2,
                    beta: 40.0,
                    ..near_pareto(1.0)
                },
                5.0,
                1.0,
                78.0,
            ),
            (
                GgNbdParams {
                    b: 0.5,
                    beta: 1.0,
                    s: 3.0,
                    ..near_pareto(1.0)
                },
                0.0,
                0.0,
                100.0,
            ),
        ];
        for (p, x, tx, t) in cases {
            let (_, died) = GgNbd::log_terms(&p, x, tx, t);
            let direct = integrate(
                &|y: f64| {
                    math::powf(p.alpha + y, -(p.r + x))
                        * p.b
                        * p.s
                        * math::powf(p.beta, p.s)
                        * math::exp(p.b * y)
                        * math::powf(p.beta + math::exp_m1(p.b * y), -(p.s + 1.0))
                },
                tx,
                t,
                1e-13,
            );
            assert_relative_eq!(died, math::ln(direct), max_relative = 1e-11);
        }
    }

    #[test]
    fn reduces_to_pareto_nbd_as_b_vanishes() {
        let g = GgNbd::from_params(near_pareto(1e-9)).unwrap();
        let p = ParetoNbd::from_params(PNBD).unwrap();
        for &(x, tx, t) in &[(0.0, 0.0, 38.86), (2.0, 30.43, 38.86), (7.0, 5.0, 30.0)] {
            assert_relative_eq!(
                g.p_alive(x, tx, t).unwrap(),
                p.p_alive(x, tx, t).unwrap(),
                max_relative = 1e-6
            );
            assert_relative_eq!(
                g.expected_purchases(39.0, x, tx, t).unwrap(),
                p.expected_purchases(39.0, x, tx, t).unwrap(),
                max_relative = 1e-6
            );
            let data = RepeatData::new(&[x], &[tx], &[t], None).unwrap();
            assert_relative_eq!(
                GgNbd::log_likelihood_of(&g.params, &data),
                ParetoNbd::log_likelihood_of(&PNBD, &data),
                max_relative = 1e-7
            );
        }
        assert_relative_eq!(
            g.expected_purchases_new(52.0).unwrap(),
            p.expected_purchases_new(52.0).unwrap(),
            max_relative = 1e-6
        );
    }

    /// With s = 1 and β = 1 the survival is S(t) = 1/e^{bt}, so E[min(τ, t)] = (1 − e^{−bt})/b.
    #[test]
    fn unconditional_expectation_in_closed_form() {
        let p = GgNbdParams {
            r: 2.0,
            alpha: 4.0,
            b: 0.3,
            s: 1.0,
            beta: 1.0,
        };
        let m = GgNbd::from_params(p).unwrap();
        let t: f64 = 10.0;
        assert_relative_eq!(
            m.expected_purchases_new(t).unwrap(),
            0.5 * (1.0 - math::exp(-0.3 * t)) / 0.3,
            max_relative = 1e-12
        );
        // Alive at T with no purchases: T = 0 gives the unconditional expectation.
        assert_relative_eq!(
            m.expected_purchases(t, 0.0, 0.0, 0.0).unwrap(),
            m.expected_purchases_new(t).unwrap(),
            max_relative = 1e-12
        );
    }

    #[test]
    fn probabilities_stay_in_range_and_recover_parameters() {
        let truth = GgNbdParams {
            r: 0.8,
            alpha: 6.0,
            b: 0.1,
            s: 1.5,
            beta: 3.0,
        };
        let m = GgNbd::from_params(truth).unwrap();
        for &(x, tx, t) in &[(0.0, 0.0, 50.0), (30.0, 2.0, 50.0), (3.0, 49.0, 50.0)] {
            let p = m.p_alive(x, tx, t).unwrap();
            assert!((0.0..=1.0).contains(&p), "{p}");
        }
        // Ageing (b) is identified only over observation windows long against 1/b.
        let t: Vec<f64> = (0..2000).map(|i| 50.0 + f64::from(i % 50)).collect();
        let sim = simulate::ggnbd(truth.r, truth.alpha, truth.b, truth.s, truth.beta, &t, 3);
        let data = RepeatData::new(&sim.frequency, &sim.recency, &sim.t, None).unwrap();
        let fit = GgNbd::params().fit(&data).unwrap();
        assert!(fit.converged);
        let se = fit.standard_errors.expect("interior optimum");
        crate::clv::data::assert_within_3_se(
            GgNbdParams::NAMES,
            &fit.params.to_vec(),
            &se.to_vec(),
            &truth.to_vec(),
        );
    }
}
