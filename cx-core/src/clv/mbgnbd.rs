//! MMBG/NBD model: Batislam, Denizel and Filiztekin (2007), "Empirical validation and comparison
//! of models for customer base analysis", International Journal of Research in Marketing 24(3),
//! 201–209.
//!
//! As MBG/NBD (Fader, Hardie and Lee 2005), but the dropout coin is also tossed right after the
//! first purchase, so a customer with no repeat purchase can be inactive. λ ~ Gamma(r, α),
//! p ~ Beta(a, b); times in the unit of the data.

use crate::math;
use crate::math::ln_gamma;
use serde::{Deserialize, Serialize};

use crate::clv::bgnbd::{
    bg_family_derivatives, expected_given_alive, logistic, mean_t, nbd_mixture,
};
use crate::clv::data::{
    FitConfig, RepeatData, check_horizon, fitted_model, model_params, purchase_model,
};
use crate::error::Result;
use crate::fit::{ln_beta, log_add_exp, maximize_positive_newton};

model_params! {
    /// MBG/NBD parameters: `r`, `alpha` (gamma shape and rate of the purchase rate, α in time
    /// units), `a`, `b` (beta dropout probability).
    pub struct MbgNbdParams {
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

/// A MBG/NBD model fitted by maximum likelihood (or built from known parameters with
/// [`MbgNbd::from_params`]). Serializes to JSON and back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MbgNbd {
    /// The parameters.
    pub params: MbgNbdParams,
    /// Maximized log-likelihood (Batislam et al. 2007 eq. 4, summed with weights); 0 when not fitted.
    pub log_likelihood: f64,
    /// Whether the optimizer met its tolerance.
    pub converged: bool,
    /// Optimizer iterations.
    pub iterations: u64,
    /// Asymptotic standard errors from the observed information; `None` when not fitted or the
    /// Hessian is not positive definite.
    pub standard_errors: Option<MbgNbdParams>,
    /// Number of customers (total weight) the model was fitted on.
    pub n_customers: f64,
}

impl MbgNbd {
    /// The fit configuration (linfa style): `MbgNbd::params().fit(&data)`.
    pub fn params() -> FitConfig<MbgNbdParams> {
        FitConfig::default()
    }

    /// A model with known parameters, not fitted (`log_likelihood` 0, no standard errors).
    ///
    /// # Errors
    /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) naming a parameter that is not finite and > 0.
    pub fn from_params(params: MbgNbdParams) -> Result<Self> {
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

    /// Log-likelihood of one customer (Batislam et al. 2007 eq. 4), unchecked:
    /// Γ(r+x)α^r/Γ(r) · [B(a, b+x+1)/B(a,b) (α+T)^{−(r+x)} + B(a+1, b+x)/B(a,b) (α+tₓ)^{−(r+x)}].
    fn ll_one(p: &MbgNbdParams, c: &[f64; 3], l_tx: f64, l_t: f64, x: f64) -> f64 {
        let alive = c[1] - (p.r + x) * l_t;
        let dead = c[2] - (p.r + x) * l_tx;
        c[0] + p.r * math::ln(p.alpha) + log_add_exp(alive, dead)
    }

    /// Total log-likelihood of `data` under `params` (Batislam et al. 2007 eq. 4, weighted).
    pub fn log_likelihood_of(params: &MbgNbdParams, data: &RepeatData) -> f64 {
        let MbgNbdParams { r, a, b, .. } = *params;
        let (lg_r, lb) = (ln_gamma(r), ln_beta(a, b));
        data.weighted_sum_levels(
            |x| {
                [
                    ln_gamma(r + x) - lg_r,
                    ln_beta(a, b + x + 1.0) - lb,
                    ln_beta(a + 1.0, b + x) - lb,
                ]
            },
            |v| math::ln(params.alpha + v),
            |c, l_tx, l_t, x| Self::ll_one(params, c, *l_tx, *l_t, x),
        )
    }

    /// P(X(t) = n): probability of exactly `n` purchases in an interval of length `t` for a
    /// new customer (Batislam et al. 2007): alive after the first purchase and n repeats, or
    /// dropped out right after the n-th purchase (n = 0: right after the first).
    ///
    /// # Errors
    /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) for a negative or non-finite `t`.
    pub fn probability_of_n_purchases(&self, t: f64, n: u32) -> Result<f64> {
        check_horizon(t)?;
        let MbgNbdParams { r, alpha, a, b } = self.params;
        let n = f64::from(n);
        Ok(nbd_mixture(
            r,
            alpha,
            t,
            n,
            (a, b + n + 1.0),
            (a + 1.0, b + n),
            a,
            b,
            true,
        ))
    }
}

purchase_model!(MbgNbd);

impl MbgNbd {
    /// E[X(t)] of a new customer (Batislam et al. 2007).
    fn expected_new_unchecked(&self, t: f64) -> f64 {
        let MbgNbdParams { r, alpha, a, b } = self.params;
        // Alive after the first purchase with probability b/(a+b), then p ~ Beta(a, b+1).
        b / (a + b) * expected_given_alive(r, alpha, a, b + 1.0, t)
    }
}

impl MbgNbd {
    fn p_alive_unchecked(&self, x: f64, tx: f64, t: f64) -> f64 {
        let MbgNbdParams { r, alpha, a, b } = self.params;
        // P(alive) = 1/(1 + a/(b+x) ((α+T)/(α+t_x))^{r+x}) (Batislam et al. 2007 eq. 6), in
        // log space; with x = 0, t_x = 0.
        let lr =
            math::ln(a) - math::ln(b + x) + (r + x) * (math::ln(alpha + t) - math::ln(alpha + tx));
        logistic(-lr)
    }

    fn expected_unchecked(&self, t: f64, x: f64, tx: f64, big_t: f64) -> f64 {
        let MbgNbdParams { r, alpha, a, b } = self.params;
        let p = self.p_alive_unchecked(x, tx, big_t);
        if p == 0.0 {
            return 0.0;
        }
        p * expected_given_alive(r + x, alpha + big_t, a, b + x + 1.0, t)
    }
}

impl FitConfig<MbgNbdParams> {
    /// Fits the MBG/NBD model by maximum likelihood (Batislam et al. 2007 eq. 4) on `data`.
    ///
    /// Starts from `r = 1, α = mean T, a = 1, b = 1` unless [`FitConfig::initial`] is set.
    ///
    /// # Errors
    /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) for bad options or starting values; [`CxError::NotConverged`](crate::CxError::NotConverged)
    /// when the likelihood is not finite.
    /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) naming `frequency` when no
    /// customer has a repeat purchase.
    pub fn fit(&self, data: &RepeatData) -> Result<MbgNbd> {
        crate::clv::data::check_has_repeats(data)?;
        let start = match self.initial {
            Some(p) => {
                p.check()?;
                p.to_vec()
            }
            None => vec![1.0, mean_t(data), 1.0, 1.0],
        };
        let f = |p: &[f64]| bg_family_derivatives(p, data, true);
        let est = maximize_positive_newton(&f, &start, &self.options)?;
        Ok(fitted_model!(
            MbgNbd,
            MbgNbdParams,
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
    use approx::assert_relative_eq;

    const P: MbgNbdParams = MbgNbdParams {
        r: 0.5,
        alpha: 5.0,
        a: 0.8,
        b: 2.5,
    };

    #[test]
    fn identities() {
        let m = MbgNbd::from_params(P).unwrap();
        // A customer with no repeat purchase may have dropped out at time 0:
        // P(alive) = 1/(1 + a/b · ((α+T)/α)^r) < 1.
        let p0 = m.p_alive(0.0, 0.0, 30.0).unwrap();
        assert_relative_eq!(
            p0,
            1.0 / (1.0 + P.a / P.b * math::powf((P.alpha + 30.0) / P.alpha, P.r)),
            max_relative = 1e-14
        );
        assert!(p0 < 1.0);
        // At T = 0 nothing is known yet: P(alive) = P(survive the first toss) = b/(a+b), and the
        // conditional expectation equals the unconditional one.
        assert_relative_eq!(
            m.p_alive(0.0, 0.0, 0.0).unwrap(),
            P.b / (P.a + P.b),
            max_relative = 1e-14
        );
        assert_relative_eq!(
            m.expected_purchases(26.0, 0.0, 0.0, 0.0).unwrap(),
            m.expected_purchases_new(26.0).unwrap(),
            max_relative = 1e-12
        );
        let (mut total, mut mean) = (0.0, 0.0);
        for n in 0..400 {
            let p = m.probability_of_n_purchases(26.0, n).unwrap();
            total += p;
            mean += f64::from(n) * p;
        }
        assert_relative_eq!(total, 1.0, max_relative = 1e-9);
        assert_relative_eq!(
            mean,
            m.expected_purchases_new(26.0).unwrap(),
            max_relative = 1e-6
        );
        let mut prev = 0.0;
        for k in 1..=10 {
            let e = m
                .expected_purchases(f64::from(k) * 4.0, 3.0, 20.0, 30.0)
                .unwrap();
            assert!(e > prev);
            prev = e;
        }
        for &(x, tx, t) in &[(10_000.0, 9_999.0, 10_000.0), (10_000.0, 3.0, 10_000.0)] {
            let p = m.p_alive(x, tx, t).unwrap();
            assert!((0.0..=1.0).contains(&p));
            assert!(
                m.expected_purchases(10_000.0, x, tx, t)
                    .unwrap()
                    .is_finite()
            );
        }
    }

    #[test]
    fn recovers_simulated_parameters() {
        let t: Vec<f64> = (0..4000).map(|i| 30.0 + f64::from(i % 10)).collect();
        let s = simulate::mbgnbd(P.r, P.alpha, P.a, P.b, &t, 5);
        let data = RepeatData::new(&s.frequency, &s.recency, &s.t, None).unwrap();
        let m = MbgNbd::params().fit(&data).unwrap();
        assert!(m.converged);
        let se = m.standard_errors.unwrap();
        crate::clv::data::assert_within_3_se(
            MbgNbdParams::NAMES,
            &m.params.to_vec(),
            &se.to_vec(),
            &P.to_vec(),
        );
    }
}
