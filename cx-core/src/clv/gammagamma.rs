//! Gamma-Gamma model of spend per transaction: Fader, Hardie and Lee (2005), "RFM and CLV:
//! Using Iso-Value Curves for Customer Base Analysis", Journal of Marketing Research 42(4), and
//! Fader and Hardie (2013), "The Gamma-Gamma Model of Monetary Value" (note).
//!
//! A customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, v) across customers
//! (rate parameters); spend is assumed independent of the purchase process. Money in the
//! caller's currency unit.

use crate::math;
use crate::math::ln_gamma;
use serde::{Deserialize, Serialize};

use crate::clv::PurchaseModel;
use crate::clv::data::{FitConfig, check_positive, fitted_model, weighted_sum4};
use crate::clv::value::{TimeUnit, discounted_clv};
use crate::error::{CxError, Result, check_len_at_least, check_same_len};
use crate::fit::{Derivatives, digamma, maximize_positive_newton, trigamma};

/// Gamma-Gamma parameters `p`, `q`, `v` (Fader and Hardie 2013 note).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GammaGammaParams {
    /// Shape of the per-transaction gamma distribution.
    pub p: f64,
    /// Shape of the gamma heterogeneity of the per-customer rate ν.
    pub q: f64,
    /// Rate of the gamma heterogeneity of ν (in currency units).
    pub v: f64,
}

impl GammaGammaParams {
    const NAMES: [&'static str; 3] = ["p", "q", "v"];

    /// Fails unless every parameter is finite and > 0.
    pub fn check(&self) -> Result<()> {
        check_positive(&Self::NAMES, &[self.p, self.q, self.v])
    }

    fn from_slice(p: &[f64]) -> Self {
        Self {
            p: p[0],
            q: p[1],
            v: p[2],
        }
    }
}

/// The repeat customers' (frequency, mean spend) columns, validated. Customers with frequency 0
/// carry no spend information and are skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct SpendData {
    frequency: Vec<f64>,
    monetary_value: Vec<f64>,
    weights: Vec<f64>,
    /// ln of each mean spend, and the distinct frequencies with each row's index into them
    /// (rows sorted by frequency), so the log-gamma terms are computed once per frequency.
    ln_m: Vec<f64>,
    x_levels: Vec<f64>,
    x_idx: Vec<u32>,
}

impl SpendData {
    /// Validates `frequency` (whole number ≥ 0) and `monetary_value` (mean value of the repeat
    /// transactions; finite and > 0 when frequency > 0), drops frequency-0 rows.
    ///
    /// # Errors
    /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) naming the field and index of the first bad value,
    /// [`CxError::LengthMismatch`](crate::CxError::LengthMismatch), and [`CxError::Empty`](crate::CxError::Empty) when no customer has frequency > 0.
    pub fn new(frequency: &[f64], monetary_value: &[f64], weights: Option<&[f64]>) -> Result<Self> {
        check_len_at_least("frequency", frequency.len(), 1)?;
        check_same_len(
            "frequency",
            frequency.len(),
            "monetary_value",
            monetary_value.len(),
        )?;
        crate::clv::data::check_weights(frequency.len(), weights)?;
        let mut keep = Vec::new();
        for (i, (&x, &m)) in frequency.iter().zip(monetary_value).enumerate() {
            check_spend(i, x, m)?;
            if x > 0.0 {
                keep.push(i);
            }
        }
        check_len_at_least("frequency", keep.len(), 1)?;
        keep.sort_by(|&i, &j| frequency[i].total_cmp(&frequency[j]));
        let mut out = Self {
            frequency: Vec::with_capacity(keep.len()),
            monetary_value: Vec::with_capacity(keep.len()),
            weights: Vec::with_capacity(keep.len()),
            ln_m: Vec::with_capacity(keep.len()),
            x_levels: Vec::new(),
            x_idx: Vec::with_capacity(keep.len()),
        };
        for i in keep {
            let x = frequency[i];
            out.frequency.push(x);
            out.monetary_value.push(monetary_value[i]);
            out.ln_m.push(math::ln(monetary_value[i]));
            out.weights.push(weights.map_or(1.0, |w| w[i]));
            if out.x_levels.last() != Some(&x) {
                out.x_levels.push(x);
            }
            out.x_idx.push((out.x_levels.len() - 1) as u32);
        }
        Ok(out)
    }

    /// Number of repeat customers kept.
    pub fn len(&self) -> usize {
        self.frequency.len()
    }

    /// Whether no customer was kept (never true for a constructed value).
    pub fn is_empty(&self) -> bool {
        self.frequency.is_empty()
    }
}

fn check_spend(i: usize, x: f64, m: f64) -> Result<()> {
    if !x.is_finite() || x < 0.0 || x.fract() != 0.0 {
        return Err(CxError::invalid_at(
            "frequency",
            i,
            x,
            "frequency must be a whole number >= 0",
        ));
    }
    if x > 0.0 && !(m.is_finite() && m > 0.0) {
        return Err(CxError::invalid_at(
            "monetary_value",
            i,
            m,
            "mean spend of a repeat customer must be finite and > 0",
        ));
    }
    if !m.is_finite() {
        return Err(CxError::invalid_at(
            "monetary_value",
            i,
            m,
            "monetary_value must be finite",
        ));
    }
    Ok(())
}

/// A fitted Gamma-Gamma spend model. Serializes to JSON and back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GammaGamma {
    /// The parameters.
    pub params: GammaGammaParams,
    /// Maximized log-likelihood of the observed mean spends; 0 when not fitted.
    pub log_likelihood: f64,
    /// Whether the optimizer met its tolerance.
    pub converged: bool,
    /// Optimizer iterations.
    pub iterations: u64,
    /// Standard errors from the observed information, when available.
    pub standard_errors: Option<GammaGammaParams>,
    /// Number of repeat customers (total weight) fitted on.
    pub n_customers: f64,
}

impl GammaGamma {
    /// The fit configuration: `GammaGamma::params().fit(&spend_data)`.
    pub fn params() -> FitConfig<GammaGammaParams> {
        FitConfig::default()
    }

    /// A model with known parameters, not fitted.
    ///
    /// # Errors
    /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) naming a parameter that is not finite and > 0.
    pub fn from_params(params: GammaGammaParams) -> Result<Self> {
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

    /// Log-likelihood of the mean spends `m_x` of `x` transactions (Fader and Hardie 2013,
    /// density of the sample mean): Γ(px+q)/(Γ(px)Γ(q)) · v^q m^{px−1} x^{px} / (v + x m)^{px+q}.
    pub fn log_likelihood_of(params: &GammaGammaParams, data: &SpendData) -> f64 {
        let GammaGammaParams { p, q, v } = *params;
        let (lq, lv) = (ln_gamma(q), math::ln(v));
        let per_x: Vec<f64> = data
            .x_levels
            .iter()
            .map(|&x| {
                let px = p * x;
                ln_gamma(px + q) - ln_gamma(px) - lq + q * lv + px * math::ln(x)
            })
            .collect();
        let idx: Vec<f64> = data.x_idx.iter().map(|&k| f64::from(k)).collect();
        weighted_sum4(
            &data.frequency,
            &data.monetary_value,
            &data.ln_m,
            &data.weights,
            |x, m, ln_m| {
                let px = p * x;
                (px - 1.0) * ln_m - (px + q) * math::ln(v + x * m)
            },
        ) + weighted_sum4(&idx, &idx, &idx, &data.weights, |k, _, _| per_x[k as usize])
    }

    /// [`GammaGamma::log_likelihood_of`] at `(p, q, v)` with its gradient and Hessian, for the
    /// Newton fit. With `L = ln(v + x m)`, each customer contributes
    /// `∂p = x[ψ(px+q) − ψ(px) + ln x + ln m − L]`, `∂q = ψ(px+q) − ψ(q) + ln v − L`,
    /// `∂v = q/v − (px+q)/(v + x m)` and the corresponding second derivatives.
    fn derivatives(theta: &[f64], data: &SpendData) -> Derivatives {
        let (p, q, v) = (theta[0], theta[1], theta[2]);
        let (lq, lv, ps_q, tg_q) = (ln_gamma(q), math::ln(v), digamma(q), trigamma(q));
        // Per frequency level: value terms, ψ(px+q) − ψ(px) + ln x, ψ(px+q), ψ′(px+q), ψ′(px).
        let per_x: Vec<[f64; 5]> = data
            .x_levels
            .iter()
            .map(|&x| {
                let px = p * x;
                [
                    ln_gamma(px + q) - ln_gamma(px) - lq + q * lv + px * math::ln(x),
                    digamma(px + q) - digamma(px) + math::ln(x),
                    digamma(px + q),
                    trigamma(px + q),
                    trigamma(px),
                ]
            })
            .collect();
        let mut s = [0.0; 10];
        for i in 0..data.frequency.len() {
            let (x, m, ln_m, w) = (
                data.frequency[i],
                data.monetary_value[i],
                data.ln_m[i],
                data.weights[i],
            );
            let c = &per_x[data.x_idx[i] as usize];
            let px = p * x;
            let big_l = math::ln(v + x * m);
            let iv = 1.0 / (v + x * m);
            let terms = [
                c[0] + (px - 1.0) * ln_m - (px + q) * big_l,
                x * (c[1] + ln_m - big_l),
                c[2] - ps_q + lv - big_l,
                q / v - (px + q) * iv,
                x * x * (c[3] - c[4]),
                x * c[3],
                -x * iv,
                c[3] - tg_q,
                1.0 / v - iv,
                -q / (v * v) + (px + q) * iv * iv,
            ];
            for (a, t) in s.iter_mut().zip(terms) {
                *a += w * t;
            }
        }
        Derivatives {
            value: s[0],
            gradient: vec![s[1], s[2], s[3]],
            hessian: vec![
                vec![s[4], s[5], s[6]],
                vec![s[5], s[7], s[8]],
                vec![s[6], s[8], s[9]],
            ],
        }
    }

    /// Expected mean spend per transaction of a customer with `frequency` repeat purchases of
    /// mean value `monetary_value` (Fader and Hardie 2013 eq. 5):
    /// `p (v + x m) / (p x + q − 1)`; for frequency 0 the population mean `p v/(q − 1)`.
    /// Requires `q > 1` for a finite mean (returns +∞ otherwise).
    ///
    /// # Errors
    /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) for a bad frequency or spend.
    pub fn expected_spend(&self, frequency: f64, monetary_value: f64) -> Result<f64> {
        check_spend(0, frequency, monetary_value)?;
        Ok(self.expected_spend_unchecked(frequency, monetary_value))
    }

    fn expected_spend_unchecked(&self, x: f64, m: f64) -> f64 {
        let GammaGammaParams { p, q, v } = self.params;
        let den = p * x + q - 1.0;
        if den <= 0.0 {
            return f64::INFINITY;
        }
        let direct = p * (v + x * m) / den;
        if direct.is_finite() {
            direct
        } else {
            // x·m or p·x overflowed (x or m near f64::MAX): the same mean as p·v/den plus a
            // weight px/(px + q − 1) = 1/(1 + (q − 1)/px) ≤ 1 on m, which stays finite.
            p * v / den + m / (1.0 + (q - 1.0) / (p * x))
        }
    }

    /// [`GammaGamma::expected_spend`] for many customers.
    ///
    /// # Errors
    /// As [`SpendData::new`] (field and index of the first bad value).
    pub fn expected_spend_many(
        &self,
        frequency: &[f64],
        monetary_value: &[f64],
    ) -> Result<Vec<f64>> {
        check_same_len(
            "frequency",
            frequency.len(),
            "monetary_value",
            monetary_value.len(),
        )?;
        frequency
            .iter()
            .zip(monetary_value)
            .enumerate()
            .map(|(i, (&x, &m))| {
                check_spend(i, x, m)?;
                Ok(self.expected_spend_unchecked(x, m))
            })
            .collect()
    }

    /// Discounted customer lifetime value of each customer over `months` months with a monthly
    /// discount rate, combining this spend model with a purchase model; see
    /// [`discounted_clv`] for the formula (Fader, Hardie and Lee 2005, "RFM and CLV").
    ///
    /// # Errors
    /// Field-and-index errors for bad customer inputs; bad `months`, `discount_rate`.
    #[allow(clippy::too_many_arguments)]
    pub fn clv<M: PurchaseModel + ?Sized>(
        &self,
        model: &M,
        frequency: &[f64],
        recency: &[f64],
        t: &[f64],
        monetary_value: &[f64],
        months: u32,
        discount_rate: f64,
        unit: TimeUnit,
    ) -> Result<Vec<f64>> {
        let spend = self.expected_spend_many(frequency, monetary_value)?;
        discounted_clv(
            model,
            frequency,
            recency,
            t,
            &spend,
            months,
            discount_rate,
            unit,
        )
    }
}

impl FitConfig<GammaGammaParams> {
    /// Fits the Gamma-Gamma model by maximum likelihood on the repeat customers.
    /// Starts from `p = q = v = 1` unless [`FitConfig::initial`] is set.
    ///
    /// # Errors
    /// Bad options or start; [`CxError::NotConverged`](crate::CxError::NotConverged) when the likelihood is not finite.
    pub fn fit(&self, data: &SpendData) -> Result<GammaGamma> {
        let start = match self.initial {
            Some(p) => {
                p.check()?;
                vec![p.p, p.q, p.v]
            }
            None => vec![1.0, 1.0, 1.0],
        };
        let f = |p: &[f64]| GammaGamma::derivatives(p, data);
        let est = maximize_positive_newton(&f, &start, &self.options)?;
        Ok(fitted_model!(
            GammaGamma,
            GammaGammaParams,
            est,
            data.weights.iter().sum()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analytic_derivatives_match_the_likelihood() {
        let freq: Vec<f64> = (0..500).map(|i| f64::from(1 + i % 9)).collect();
        let spend = crate::clv::simulate::gammagamma(6.25, 3.74, 15.44, &freq, 3);
        let data = SpendData::new(&freq, &spend, None).unwrap();
        let p = [5.0, 3.0, 12.0];
        let value =
            |q: &[f64]| GammaGamma::log_likelihood_of(&GammaGammaParams::from_slice(q), &data);
        crate::fit::assert_derivatives(value, |q| GammaGamma::derivatives(q, &data), &p);
    }

    #[test]
    fn recovers_simulated_parameters() {
        let truth = GammaGammaParams {
            p: 6.25,
            q: 3.74,
            v: 15.44,
        };
        let freq: Vec<f64> = (0..20_000).map(|i| f64::from(1 + i % 12)).collect();
        let spend = crate::clv::simulate::gammagamma(truth.p, truth.q, truth.v, &freq, 21);
        let m = GammaGamma::params()
            .fit(&SpendData::new(&freq, &spend, None).unwrap())
            .unwrap();
        assert!(m.converged);
        let se = m.standard_errors.unwrap();
        crate::clv::data::assert_within_3_se(
            &["p", "q", "v"],
            &[m.params.p, m.params.q, m.params.v],
            &[se.p, se.q, se.v],
            &[truth.p, truth.q, truth.v],
        );
    }

    #[test]
    fn expected_spend_does_not_overflow() {
        // Found by the clv_fit fuzz target: x·m beyond f64::MAX gave +∞ for a finite mean.
        let g = GammaGamma::from_params(GammaGammaParams {
            p: 0.000_995_459_829_109_874,
            q: 1_835_399_237_206.397,
            v: 3.093_279_102_673_463_6e-16,
        })
        .unwrap();
        let e = g.expected_spend(f64::MAX, 9.0).unwrap();
        // p·x dwarfs q − 1, so the mean is m to within p·x/(p·x + q − 1) ≈ 1 − 1e-293.
        assert!((e - 9.0).abs() < 1e-12, "{e}");
        let g = GammaGamma::from_params(GammaGammaParams {
            p: 0.000_244_724_957_281_074_9,
            q: 0.007_018_781_470_674_303,
            v: 388.673_402_592_293_54,
        })
        .unwrap();
        let e = g.expected_spend(1e300, 1e300).unwrap();
        assert!((e / 1e300 - 1.0).abs() < 1e-12, "{e}");
        // p·x itself beyond f64::MAX (the fuzzer again): the weight on m is 1.
        let g = GammaGamma::from_params(GammaGammaParams {
            p: 18.717,
            q: 2.0,
            v: 8.0,
        })
        .unwrap();
        assert_eq!(g.expected_spend(f64::MAX, 28.0).unwrap(), 28.0);
    }
}
