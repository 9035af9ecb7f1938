//! BG/BB model for discrete transaction opportunities: Fader, Hardie and Shang (2010),
//! "Customer-Base Analysis in a Discrete-Time Noncontractual Setting", Marketing Science 29(6),
//! 1086–1108.
//!
//! At each of `n` opportunities an active customer first becomes inactive for good with
//! probability θ ~ Beta(γ, δ), else transacts with probability p ~ Beta(α, β). A customer is
//! summarized by `frequency` x (transactions after the first opportunity), `recency` tₓ (the
//! opportunity of the last one, 0 if none) and `n_periods` n.

use crate::math;
use serde::{Deserialize, Serialize};

use crate::clv::data::{FitConfig, RepeatData, check_positive, check_weights};
use crate::error::{CxError, Result, check_len_at_least, check_same_len};
use crate::fit::{digamma, ln_beta, log_add_exp, maximize_positive, trigamma};
use crate::math::ln_gamma;

/// BG/BB parameters: `alpha`, `beta` (beta transaction probability), `gamma`, `delta` (beta
/// dropout probability).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BgBbParams {
    /// First beta parameter of the transaction probability p.
    pub alpha: f64,
    /// Second beta parameter of p.
    pub beta: f64,
    /// First beta parameter of the dropout probability θ.
    pub gamma: f64,
    /// Second beta parameter of θ.
    pub delta: f64,
}

impl BgBbParams {
    const NAMES: [&'static str; 4] = ["alpha", "beta", "gamma", "delta"];

    /// Fails unless every parameter is finite and > 0.
    pub fn check(&self) -> Result<()> {
        check_positive(
            &Self::NAMES,
            &[self.alpha, self.beta, self.gamma, self.delta],
        )
    }

    fn from_slice(p: &[f64]) -> Self {
        Self {
            alpha: p[0],
            beta: p[1],
            gamma: p[2],
            delta: p[3],
        }
    }
}

/// Most opportunities a history may have: the likelihood of a history adds one term per
/// opportunity after its last transaction, so without a bound one call could run for hours.
const MAX_OPPORTUNITIES: f64 = 1_000_000.0;

/// Checks one BG/BB history: whole numbers with `0 ≤ x ≤ tₓ ≤ n ≤ 10⁶`, `t_x = 0` iff `x = 0`.
fn check_history(i: usize, x: f64, tx: f64, n: f64) -> Result<()> {
    let whole = |v: f64| v.is_finite() && v >= 0.0 && v.fract() == 0.0;
    if !whole(x) {
        return Err(CxError::invalid_at(
            "frequency",
            i,
            x,
            "frequency must be a whole number >= 0",
        ));
    }
    if !whole(tx) {
        return Err(CxError::invalid_at(
            "recency",
            i,
            tx,
            "recency (opportunity of the last transaction) must be a whole number >= 0",
        ));
    }
    if !whole(n) {
        return Err(CxError::invalid_at(
            "n_periods",
            i,
            n,
            "n_periods must be a whole number >= 0",
        ));
    }
    if n > MAX_OPPORTUNITIES {
        return Err(CxError::invalid_at(
            "n_periods",
            i,
            n,
            format!(
                "n_periods must be at most {MAX_OPPORTUNITIES} (the likelihood sums over them)"
            ),
        ));
    }
    if tx > n {
        return Err(CxError::invalid_at(
            "recency",
            i,
            tx,
            format!("recency must not exceed n_periods ({n})"),
        ));
    }
    if x > tx || (x == 0.0) != (tx == 0.0) {
        return Err(CxError::invalid_at(
            "frequency",
            i,
            x,
            format!("frequency must be between 1 and recency ({tx}), or 0 with recency 0"),
        ));
    }
    Ok(())
}

/// Validated, compressed BG/BB histories (x, tₓ, n) with weights.
#[derive(Debug, Clone, PartialEq)]
pub struct BgBbData(RepeatData);

impl BgBbData {
    /// Validates and compresses the columns; `weights` count identical customers (the usual
    /// form of BG/BB data is the count of each (x, tₓ) pattern).
    ///
    /// # Errors
    /// [`CxError::Empty`](crate::CxError::Empty), [`CxError::LengthMismatch`](crate::CxError::LengthMismatch), and [`CxError::InvalidInput`](crate::CxError::InvalidInput) naming
    /// the field (`frequency`, `recency`, `n_periods`, `weights`) and index.
    pub fn new(
        frequency: &[f64],
        recency: &[f64],
        n_periods: &[f64],
        weights: Option<&[f64]>,
    ) -> Result<Self> {
        check_len_at_least("frequency", frequency.len(), 1)?;
        check_same_len("frequency", frequency.len(), "recency", recency.len())?;
        check_same_len("frequency", frequency.len(), "n_periods", n_periods.len())?;
        check_weights(frequency.len(), weights)?;
        for i in 0..frequency.len() {
            check_history(i, frequency[i], recency[i], n_periods[i])?;
        }
        Ok(Self(RepeatData::new(
            frequency, recency, n_periods, weights,
        )?))
    }

    /// Number of distinct histories.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no histories (never true for a constructed value).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A fitted BG/BB model (or one from [`BgBb::from_params`]); serializable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BgBb {
    /// The parameters.
    pub params: BgBbParams,
    /// Maximized log-likelihood (FHS 2010 eq. 5, weighted); 0 when not fitted.
    pub log_likelihood: f64,
    /// Whether the optimizer met its tolerance.
    pub converged: bool,
    /// Optimizer iterations.
    pub iterations: u64,
    /// Standard errors from the observed information, when available.
    pub standard_errors: Option<BgBbParams>,
    /// Number of customers (total weight) fitted on.
    pub n_customers: f64,
}

impl BgBb {
    /// The fit configuration: `BgBb::params().fit(&data)`.
    pub fn params() -> FitConfig<BgBbParams> {
        FitConfig::default()
    }

    /// A model with known parameters, not fitted.
    ///
    /// # Errors
    /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) naming a bad parameter.
    pub fn from_params(params: BgBbParams) -> Result<Self> {
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

    /// ln L(α, β, γ, δ | x, tₓ, n) (FHS 2010 eq. 5):
    /// B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
    /// + Σ_{i=0}^{n−tₓ−1} B(α+x, β+tₓ−x+i)/B(α,β) · B(γ+1, δ+tₓ+i)/B(γ,δ).
    fn ll_one(p: &BgBbParams, x: f64, tx: f64, n: f64) -> f64 {
        let BgBbParams {
            alpha,
            beta,
            gamma,
            delta,
        } = *p;
        let (lab, lgd) = (ln_beta(alpha, beta), ln_beta(gamma, delta));
        let mut ll = ln_beta(alpha + x, beta + n - x) - lab + ln_beta(gamma, delta + n) - lgd;
        let mut i = 0.0;
        while i < n - tx {
            ll = log_add_exp(
                ll,
                ln_beta(alpha + x, beta + tx - x + i) - lab + ln_beta(gamma + 1.0, delta + tx + i)
                    - lgd,
            );
            i += 1.0;
        }
        ll
    }

    /// Total log-likelihood of `data` (FHS 2010 eq. 5, weighted).
    pub fn log_likelihood_of(params: &BgBbParams, data: &BgBbData) -> f64 {
        data.0
            .weighted_sum(|x, tx, n| Self::ll_one(params, x, tx, n))
    }

    /// Probability that the customer is still active at opportunity n + 1 (FHS 2010 eq. 11).
    ///
    /// # Errors
    /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) for an invalid history.
    pub fn p_alive(&self, frequency: f64, recency: f64, n_periods: f64) -> Result<f64> {
        check_history(0, frequency, recency, n_periods)?;
        let BgBbParams {
            alpha,
            beta,
            gamma,
            delta,
        } = self.params;
        let (x, n) = (frequency, n_periods);
        let num = ln_beta(alpha + x, beta + n - x) - ln_beta(alpha, beta)
            + ln_beta(gamma, delta + n + 1.0)
            - ln_beta(gamma, delta);
        Ok(math::exp(num - Self::ll_one(&self.params, x, recency, n)).min(1.0))
    }

    /// Expected transactions in the next `n_star` opportunities, (n, n + n*], given the history
    /// (FHS 2010 eq. 13).
    ///
    /// # Errors
    /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) for an invalid history.
    pub fn expected_purchases(
        &self,
        n_star: u32,
        frequency: f64,
        recency: f64,
        n_periods: f64,
    ) -> Result<f64> {
        check_history(0, frequency, recency, n_periods)?;
        let BgBbParams {
            alpha,
            beta,
            gamma,
            delta,
        } = self.params;
        let (x, n) = (frequency, n_periods);
        let lead = ln_beta(alpha + x + 1.0, beta + n - x)
            - ln_beta(alpha, beta)
            - Self::ll_one(&self.params, x, recency, n);
        Ok(math::exp(lead) * survival_sum(gamma, delta, n, n + f64::from(n_star)))
    }

    /// Expected transactions of a new customer in the first `n` opportunities (FHS 2010 eq. 9):
    /// α/(α+β) · δ/(γ−1) · [1 − Γ(γ+δ)Γ(1+δ+n)/(Γ(γ+δ+n)Γ(1+δ))].
    pub fn expected_purchases_new(&self, n: u32) -> f64 {
        let BgBbParams {
            alpha,
            beta,
            gamma,
            delta,
        } = self.params;
        alpha / (alpha + beta) * survival_sum(gamma, delta, 0.0, f64::from(n))
    }
}

impl BgBb {
    /// [`BgBb::p_alive`] for many customers.
    ///
    /// # Errors
    /// [`CxError::LengthMismatch`](crate::CxError::LengthMismatch) and the field and index of
    /// the first invalid history.
    pub fn p_alive_many(
        &self,
        frequency: &[f64],
        recency: &[f64],
        n_periods: &[f64],
    ) -> Result<Vec<f64>> {
        check_same_len("frequency", frequency.len(), "recency", recency.len())?;
        check_same_len("frequency", frequency.len(), "n_periods", n_periods.len())?;
        (0..frequency.len())
            .map(|i| {
                check_history(i, frequency[i], recency[i], n_periods[i])?;
                self.p_alive(frequency[i], recency[i], n_periods[i])
            })
            .collect()
    }

    /// [`BgBb::expected_purchases`] for many customers over the same `n_star` opportunities.
    ///
    /// # Errors
    /// As [`BgBb::p_alive_many`].
    pub fn expected_purchases_many(
        &self,
        n_star: u32,
        frequency: &[f64],
        recency: &[f64],
        n_periods: &[f64],
    ) -> Result<Vec<f64>> {
        check_same_len("frequency", frequency.len(), "recency", recency.len())?;
        check_same_len("frequency", frequency.len(), "n_periods", n_periods.len())?;
        (0..frequency.len())
            .map(|i| {
                check_history(i, frequency[i], recency[i], n_periods[i])?;
                self.expected_purchases(n_star, frequency[i], recency[i], n_periods[i])
            })
            .collect()
    }
}

/// Σ_{k=m+1}^{M} B(γ, δ+k)/B(γ, δ) (the probability of being alive at opportunity k, summed):
/// in closed form δ/(γ−1) · Γ(γ+δ)/Γ(1+δ) · [R(m) − R(M)], R(k) = Γ(1+δ+k)/Γ(γ+δ+k)
/// (FHS 2010 eq. 9, 13), with the Γ ratios combined in one exponent (apart they overflow and
/// underflow for large γ, δ: 0 · ∞). When γ is within 1e-6 of 1 (0/0 there) it is summed term
/// by term up to `DIRECT_SUM` terms, and beyond that from the expansion in ε = γ − 1 (see
/// `survival_sum_near_one`), so that the cost never grows with M.
fn survival_sum(gamma: f64, delta: f64, m: f64, big_m: f64) -> f64 {
    if big_m <= m {
        return 0.0;
    }
    if (gamma - 1.0).abs() < 1e-6 {
        if big_m - m > DIRECT_SUM {
            return survival_sum_near_one(gamma - 1.0, delta, m, big_m);
        }
        let lb = ln_beta(gamma, delta);
        let mut s = 0.0;
        let mut k = m + 1.0;
        while k <= big_m {
            s += math::exp(ln_beta(gamma, delta + k) - lb);
            k += 1.0;
        }
        return s;
    }
    let ln_r = |k: f64| ln_gamma(1.0 + delta + k) - ln_gamma(gamma + delta + k);
    let (rm, r_big) = (ln_r(m), ln_r(big_m));
    let lead = ln_gamma(gamma + delta) - ln_gamma(1.0 + delta) + rm;
    delta / (gamma - 1.0) * math::exp(lead) * -math::exp_m1(r_big - rm)
}

/// Most terms [`survival_sum`] adds one by one.
const DIRECT_SUM: f64 = 10_000.0;

/// [`survival_sum`] for γ = 1 + ε with |ε| < 1e-6, without a loop: each
/// ln Γ(x + ε) − ln Γ(x) is ε ψ(x) + ε²/2 ψ′(x) (the next term is below 1e-18), so with
/// ψ-differences D₁ = ψ(1+δ+M) − ψ(1+δ+m), D₂ = ψ′(1+δ+M) − ψ′(1+δ+m) the closed form becomes
/// δ · exp(ε ψ(1+δ) + ε²/2 ψ′(1+δ) − ε ψ(1+δ+m) − ε²/2 ψ′(1+δ+m)) · (−expm1(−ε D₁ − ε²/2 D₂))/ε,
/// and δ · D₁ at ε = 0 (Σ δ/(δ+k)).
fn survival_sum_near_one(eps: f64, delta: f64, m: f64, big_m: f64) -> f64 {
    let (x0, xm, x_big) = (1.0 + delta, 1.0 + delta + m, 1.0 + delta + big_m);
    let d1 = digamma(x_big) - digamma(xm);
    if eps == 0.0 {
        return delta * d1;
    }
    let d2 = trigamma(x_big) - trigamma(xm);
    let shift = |x: f64| eps * digamma(x) + 0.5 * eps * eps * trigamma(x);
    let lead = shift(x0) - shift(xm);
    delta * math::exp(lead) * -math::exp_m1(-eps * d1 - 0.5 * eps * eps * d2) / eps
}

impl FitConfig<BgBbParams> {
    /// Fits the BG/BB model by maximum likelihood (FHS 2010 eq. 5). Starts from all
    /// parameters 1 unless [`FitConfig::initial`] is set.
    ///
    /// # Errors
    /// Bad options or start; [`CxError::NotConverged`](crate::CxError::NotConverged) when the likelihood is not finite.
    /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) naming `frequency` when no
    /// customer has a repeat purchase.
    pub fn fit(&self, data: &BgBbData) -> Result<BgBb> {
        crate::clv::data::check_has_repeats(&data.0)?;
        let start = match self.initial {
            Some(p) => {
                p.check()?;
                vec![p.alpha, p.beta, p.gamma, p.delta]
            }
            None => vec![1.0; 4],
        };
        let ll = |p: &[f64]| BgBb::log_likelihood_of(&BgBbParams::from_slice(p), data);
        let est = maximize_positive(&ll, &start, &self.options)?;
        Ok(BgBb {
            params: BgBbParams::from_slice(&est.params),
            log_likelihood: est.log_likelihood,
            converged: est.converged,
            iterations: est.iterations,
            standard_errors: est.standard_errors.map(|s| BgBbParams::from_slice(&s)),
            n_customers: data.0.total_weight(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::simulate;
    use approx::assert_relative_eq;

    /// The donation data of Fader, Hardie and Shang (2010), Table 1 (11,104 first-time donors of
    /// 1995, six annual opportunities 1996–2001): (x, tₓ, number of donors).
    pub(crate) const DONATIONS: [(f64, f64, f64); 22] = [
        (0.0, 0.0, 3464.0),
        (1.0, 1.0, 1091.0),
        (1.0, 2.0, 277.0),
        (1.0, 3.0, 129.0),
        (1.0, 4.0, 78.0),
        (1.0, 5.0, 119.0),
        (1.0, 6.0, 129.0),
        (2.0, 2.0, 613.0),
        (2.0, 3.0, 255.0),
        (2.0, 4.0, 155.0),
        (2.0, 5.0, 173.0),
        (2.0, 6.0, 234.0),
        (3.0, 3.0, 322.0),
        (3.0, 4.0, 181.0),
        (3.0, 5.0, 225.0),
        (3.0, 6.0, 357.0),
        (4.0, 4.0, 240.0),
        (4.0, 5.0, 284.0),
        (4.0, 6.0, 512.0),
        (5.0, 5.0, 335.0),
        (5.0, 6.0, 728.0),
        (6.0, 6.0, 1203.0),
    ];

    #[test]
    fn reproduces_fader_hardie_shang_2010() {
        let x: Vec<f64> = DONATIONS.iter().map(|d| d.0).collect();
        let tx: Vec<f64> = DONATIONS.iter().map(|d| d.1).collect();
        let w: Vec<f64> = DONATIONS.iter().map(|d| d.2).collect();
        let data = BgBbData::new(&x, &tx, &[6.0; 22], Some(&w)).unwrap();
        let m = BgBb::params().fit(&data).unwrap();
        eprintln!("{m:?}");
        assert!(m.converged);
        assert_eq!(m.n_customers, 11_104.0);
        // FHS 2010, p. 1093: α = 1.204, β = 0.750, γ = 0.657, δ = 2.783, LL = −33,225.6.
        assert!((m.params.alpha - 1.204).abs() < 5e-4);
        assert!((m.params.beta - 0.750).abs() < 5e-4);
        assert!((m.params.gamma - 0.657).abs() < 5e-4);
        assert!((m.params.delta - 2.783).abs() < 5e-4);
        assert!((m.log_likelihood - -33_225.6).abs() < 0.05);
    }

    #[test]
    fn closed_forms_match_sums() {
        for &g in &[0.657, 1.0, 1.0 + 1e-7, 2.5] {
            let direct: f64 = (4..=10)
                .map(|k| math::exp(ln_beta(g, 2.783 + f64::from(k)) - ln_beta(g, 2.783)))
                .sum();
            assert_relative_eq!(
                survival_sum(g, 2.783, 3.0, 10.0),
                direct,
                max_relative = 1e-10
            );
        }
    }

    #[test]
    fn identities_and_recovery() {
        let truth = BgBbParams {
            alpha: 1.2,
            beta: 0.75,
            gamma: 0.66,
            delta: 2.8,
        };
        let m = BgBb::from_params(truth).unwrap();
        // Someone who transacted at every opportunity is more likely alive than someone silent.
        assert!(m.p_alive(6.0, 6.0, 6.0).unwrap() > m.p_alive(1.0, 1.0, 6.0).unwrap());
        // With n = 0 nothing is observed: conditional = unconditional.
        assert_relative_eq!(
            m.expected_purchases(5, 0.0, 0.0, 0.0).unwrap(),
            m.expected_purchases_new(5),
            max_relative = 1e-12
        );
        let mut prev = 0.0;
        for k in 1..=10 {
            let e = m.expected_purchases(k, 3.0, 4.0, 6.0).unwrap();
            assert!(e > prev);
            prev = e;
        }
        assert!(
            m.expected_purchases(10_000, 5_000.0, 9_000.0, 10_000.0)
                .unwrap()
                .is_finite()
        );
        let n = vec![6_u32; 20_000];
        let (x, tx) = simulate::bgbb(truth.alpha, truth.beta, truth.gamma, truth.delta, &n, 3);
        let np: Vec<f64> = n.iter().map(|&v| f64::from(v)).collect();
        let data = BgBbData::new(&x, &tx, &np, None).unwrap();
        assert!(data.len() <= 22);
        let fit = BgBb::params().fit(&data).unwrap();
        let se = fit.standard_errors.unwrap();
        for (est, se, want) in [
            (fit.params.alpha, se.alpha, truth.alpha),
            (fit.params.beta, se.beta, truth.beta),
            (fit.params.gamma, se.gamma, truth.gamma),
            (fit.params.delta, se.delta, truth.delta),
        ] {
            assert!((est - want).abs() < 3.0 * se, "{est} ± {se} vs {want}");
        }
    }

    #[test]
    fn many_versions_name_the_index() {
        let m = BgBb::from_params(BgBbParams {
            alpha: 1.2,
            beta: 0.75,
            gamma: 0.66,
            delta: 2.8,
        })
        .unwrap();
        let p = m
            .p_alive_many(&[0.0, 3.0], &[0.0, 4.0], &[6.0, 6.0])
            .unwrap();
        assert_eq!(p[1], m.p_alive(3.0, 4.0, 6.0).unwrap());
        let e = m
            .expected_purchases_many(5, &[0.0, 3.0], &[0.0, 7.0], &[6.0, 6.0])
            .unwrap_err();
        assert!(
            matches!(e, CxError::InvalidInput { index: Some(1), .. }),
            "{e}"
        );
    }

    #[test]
    fn bad_histories() {
        let e = BgBbData::new(&[2.0], &[1.0], &[6.0], None).unwrap_err();
        assert_eq!(e.field(), Some("frequency"));
        let e = BgBbData::new(&[1.0], &[7.0], &[6.0], None).unwrap_err();
        assert_eq!(e.field(), Some("recency"));
        let e = BgBbData::new(&[1.0, 1.0], &[1.0, 1.0], &[6.0, 2.5], None).unwrap_err();
        assert!(
            matches!(e, CxError::InvalidInput { index: Some(1), .. }),
            "{e}"
        );
    }

    /// Σ B(γ, δ+k)/B(γ, δ) added term by term: the reference for `survival_sum`.
    fn brute_survival_sum(gamma: f64, delta: f64, m: f64, big_m: f64) -> f64 {
        let lb = ln_beta(gamma, delta);
        let mut k = m + 1.0;
        let mut s = 0.0;
        while k <= big_m {
            s += math::exp(ln_beta(gamma, delta + k) - lb);
            k += 1.0;
        }
        s
    }

    /// Fuzzing (`fuzz/regressions/clv_fit/bgbb_expected_purchases_*`): fitted γ, δ in the
    /// thousands made Γ(γ+δ)/Γ(1+δ) overflow while R(m) underflowed, 0 · ∞ = NaN.
    #[test]
    fn survival_sum_is_finite_for_large_gamma_and_delta() {
        // At γ + δ ≈ 5e8 both sides difference ln Γ values near 1e10 (rounding about 2e-6),
        // so the agreement asked for follows the size of the arguments.
        for (g, d, tol) in [
            (2772.28, 167_308.26, 1e-8),
            (94.6, 4815.4, 1e-8),
            (52_297_316.4, 470_962_172.8, 1e-4),
        ] {
            let s = survival_sum(g, d, 6.0, 476.0);
            assert!(s.is_finite(), "{g} {d}: {s}");
            assert_relative_eq!(s, brute_survival_sum(g, d, 6.0, 476.0), max_relative = tol);
        }
        let m = BgBb::from_params(BgBbParams {
            alpha: 0.6445,
            beta: 0.1294,
            gamma: 2772.28,
            delta: 167_308.26,
        })
        .unwrap();
        assert!(
            m.expected_purchases(470, 0.0, 0.0, 6.0)
                .unwrap()
                .is_finite()
        );
    }

    /// Beyond `DIRECT_SUM` terms with γ ≈ 1 the sum comes from the ε-expansion (the loop could
    /// run 2³² times: `expected_purchases_new(u32::MAX)` hung); it matches the terms added up.
    #[test]
    fn survival_sum_near_gamma_one_needs_no_loop() {
        for eps in [0.0, 4e-7, -9e-7] {
            let (g, d) = (1.0 + eps, 2.783);
            let direct = brute_survival_sum(g, d, 3.0, 30_000.0);
            assert_relative_eq!(
                survival_sum(g, d, 3.0, 30_000.0),
                direct,
                max_relative = 1e-9
            );
            assert_relative_eq!(
                survival_sum_near_one(eps, d, 3.0, 30_000.0),
                direct,
                max_relative = 1e-9
            );
        }
        let s = survival_sum(1.0, 2.783, 0.0, f64::from(u32::MAX));
        assert!(s.is_finite() && s > 0.0, "{s}");
    }

    /// Fuzzing (`fuzz/regressions/clv_fit/bgbb_huge_history_*`): the likelihood adds one term
    /// per opportunity, so `p_alive(0, 0, 1e12)` ran for hours and 1e223 gave NaN; histories
    /// are now capped at 10⁶ opportunities, naming `n_periods`.
    #[test]
    fn histories_beyond_a_million_opportunities_are_refused() {
        let m = BgBb::from_params(BgBbParams {
            alpha: 1.0,
            beta: 1.0,
            gamma: 1.0,
            delta: 1.65,
        })
        .unwrap();
        for n in [1e6 + 1.0, 1e12, 8.8e223] {
            let e = m.p_alive(0.0, 0.0, n).unwrap_err();
            assert_eq!(e.field(), Some("n_periods"), "{e}");
            let e = m.expected_purchases(10, 2.0, 2.0, n).unwrap_err();
            assert_eq!(e.field(), Some("n_periods"), "{e}");
        }
        assert!(m.p_alive(0.0, 0.0, 1e3).unwrap().is_finite());
        let e = BgBbData::new(&[0.0], &[0.0], &[2e6], None).unwrap_err();
        assert_eq!(e.field(), Some("n_periods"), "{e}");
    }
}
