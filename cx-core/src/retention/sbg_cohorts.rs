//! The shifted-beta-geometric model with cohort-level covariates, fitted jointly to several
//! cohorts' survivor counts.
//!
//! Parameterisation: cohort `c` with covariates `x_c` (a vector of `k` numbers: acquisition
//! channel dummies, price paid, season) has its own `Beta(α_c, β_c)` mixing distribution of the
//! churn probability θ, with
//! `α_c = α·exp(γ_αᵀ x_c)` and `β_c = β·exp(γ_βᵀ x_c)`,
//! and otherwise follows the sBG of Fader and Hardie (2007), "How to project customer
//! retention", J. Interactive Marketing 21(1), eq. 6–8, at `(α_c, β_c)`. The log-likelihood is
//! the sum over cohorts of the sBG log-likelihood of each cohort's survivor counts at its own
//! `(α_c, β_c)`; with `γ_α = γ_β = 0` it is the sum of the plain sBG log-likelihoods at (α, β)
//! (exactly: exp(0) = 1). A positive `γ_α` raises `α_c` and with it the mean churn probability
//! `α_c/(α_c + β_c)`; a positive `γ_β` lowers it.
//!
//! With `l2 > 0` the fit maximizes `LL − l2·(‖γ_α‖² + ‖γ_β‖²)` (the ridge penalty of the CLV
//! covariate models, [`crate::clv::CovariateConfig`]); α and β are not penalized, and the
//! reported `log_likelihood` is without the penalty.
//!
//! The fit is a damped Newton method on `(ln α, ln β, γ_α, γ_β)` with the exact Hessian: each
//! cohort's `(ln α_c, ln β_c)` is linear in these, so its gradient and Hessian in them are the
//! plain sBG's on the log scale carried through that linear map. Standard errors come from the
//! inverse of the (penalized) observed information, α's and β's by the delta method.

use serde::{Deserialize, Serialize};

use crate::error::{CxError, Result};
use crate::fit::invert_spd;
use crate::math;
use crate::retention::ShiftedBetaGeometric;

use super::sbg::{Likelihood, validate};

/// Settings of the joint cohort fit: `SbgCohorts::params().l2(0.1).fit(..)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SbgCohortParams {
    /// Ridge penalty `l2·‖γ‖²` on the covariate coefficients (0: plain maximum likelihood).
    pub l2: f64,
    /// Stop when every gradient component is below this times the number of customers.
    pub tolerance: f64,
    /// Newton iterations allowed.
    pub max_iterations: u64,
}

impl Default for SbgCohortParams {
    fn default() -> Self {
        Self {
            l2: 0.0,
            tolerance: 1e-10,
            max_iterations: 200,
        }
    }
}

/// Standard errors of an [`SbgCohorts`] fit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SbgCohortErrors {
    /// Standard error of α (delta method from ln α).
    pub alpha: f64,
    /// Standard error of β.
    pub beta: f64,
    /// Standard errors of `γ_α`, one per covariate.
    pub gamma_alpha: Vec<f64>,
    /// Standard errors of `γ_β`, one per covariate.
    pub gamma_beta: Vec<f64>,
}

/// A fitted sBG with cohort covariates (see the module notes); serializable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SbgCohorts {
    /// α at zero covariates.
    pub alpha: f64,
    /// β at zero covariates.
    pub beta: f64,
    /// The covariate names, in the order of the coefficients.
    pub names: Vec<String>,
    /// `γ_α`: `α_c = α·exp(γ_αᵀ x_c)`.
    pub gamma_alpha: Vec<f64>,
    /// `γ_β`: `β_c = β·exp(γ_βᵀ x_c)`.
    pub gamma_beta: Vec<f64>,
    /// The ridge penalty the fit used.
    pub l2: f64,
    /// Log-likelihood at the estimate, without the penalty.
    pub log_likelihood: f64,
    /// Standard errors, `None` when the observed information is not positive definite.
    pub standard_errors: Option<SbgCohortErrors>,
    /// Whether the convergence criterion was met.
    pub converged: bool,
    /// Newton iterations used.
    pub iterations: u64,
    /// Cohorts fitted on.
    pub n_cohorts: usize,
}

/// Checks the cohorts and their covariates.
fn check_cohorts(survivors: &[Vec<f64>], covariates: &[Vec<f64>], names: &[String]) -> Result<()> {
    if survivors.is_empty() {
        return Err(CxError::Empty {
            field: "survivors".into(),
            needed: 1,
            got: 0,
        });
    }
    if covariates.len() != survivors.len() {
        return Err(CxError::LengthMismatch {
            left: "survivors".into(),
            left_len: survivors.len(),
            right: "covariates".into(),
            right_len: covariates.len(),
        });
    }
    for (c, s) in survivors.iter().enumerate() {
        validate(s).map_err(|e| match e {
            CxError::InvalidInput {
                field,
                index,
                value,
                reason,
            } => CxError::InvalidInput {
                field,
                index,
                value,
                reason: format!("cohort {c}: {reason}"),
            },
            other => other,
        })?;
    }
    for (c, x) in covariates.iter().enumerate() {
        if x.len() != names.len() {
            return Err(CxError::InvalidInput {
                field: "covariates".into(),
                index: Some(c),
                value: Some(x.len().to_string()),
                reason: format!(
                    "cohort {c} has {} covariate values for {} names",
                    x.len(),
                    names.len()
                ),
            });
        }
        if let Some((j, v)) = x.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(CxError::InvalidInput {
                field: "covariates".into(),
                index: Some(c),
                value: Some(v.to_string()),
                reason: format!(
                    "covariate '{}' of cohort {c} is not a finite number",
                    names[j]
                ),
            });
        }
    }
    Ok(())
}

/// `(ln α_c, ln β_c)` of cohort covariates `x` at `θ = (ln α, ln β, γ_α, γ_β)`.
fn log_rates(theta: &[f64], x: &[f64]) -> (f64, f64) {
    let k = x.len();
    let dot = |g: &[f64]| g.iter().zip(x).map(|(a, b)| a * b).sum::<f64>();
    (
        theta[0] + dot(&theta[2..2 + k]),
        theta[1] + dot(&theta[2 + k..]),
    )
}

/// Penalized log-likelihood, its gradient and Hessian in θ, and the unpenalized value.
fn objective(
    liks: &[Likelihood],
    covariates: &[Vec<f64>],
    theta: &[f64],
    l2: f64,
) -> (f64, Vec<f64>, Vec<Vec<f64>>, f64) {
    let n = theta.len();
    let k = (n - 2) / 2;
    let (mut ll, mut g, mut h) = (0.0, vec![0.0; n], vec![vec![0.0; n]; n]);
    for (lik, x) in liks.iter().zip(covariates) {
        let (u, v) = log_rates(theta, x);
        let (a, b) = (math::exp(u), math::exp(v));
        ll += lik.value(a, b);
        let (ga, ha) = lik.derivatives(a, b);
        // Chain rule to (ln α_c, ln β_c), as in the plain fit.
        let gl = [ga[0] * a, ga[1] * b];
        let hl = [
            [ha[0][0] * a * a + gl[0], ha[0][1] * a * b],
            [ha[0][1] * a * b, ha[1][1] * b * b + gl[1]],
        ];
        // d(ln α_c)/dθ and d(ln β_c)/dθ: sparse rows (index, coefficient).
        let mut rows: [Vec<(usize, f64)>; 2] = [vec![(0, 1.0)], vec![(1, 1.0)]];
        for (j, &xj) in x.iter().enumerate() {
            rows[0].push((2 + j, xj));
            rows[1].push((2 + k + j, xj));
        }
        for p in 0..2 {
            for &(i, ci) in &rows[p] {
                g[i] += gl[p] * ci;
                for q in 0..2 {
                    for &(j, cj) in &rows[q] {
                        h[i][j] += hl[p][q] * ci * cj;
                    }
                }
            }
        }
    }
    let mut pen = ll;
    for i in 2..n {
        pen -= l2 * theta[i] * theta[i];
        g[i] -= 2.0 * l2 * theta[i];
        h[i][i] -= 2.0 * l2;
    }
    (pen, g, h, ll)
}

/// Solves the SPD system `m δ = g` through [`invert_spd`].
fn solve(m: &[Vec<f64>], g: &[f64]) -> Option<Vec<f64>> {
    let inv = invert_spd(m)?;
    Some(
        inv.iter()
            .map(|row| row.iter().zip(g).map(|(a, b)| a * b).sum())
            .collect(),
    )
}

impl SbgCohortParams {
    /// Sets the ridge penalty on the coefficients.
    #[must_use]
    pub fn l2(mut self, l2: f64) -> Self {
        self.l2 = l2;
        self
    }

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

    /// Fits (α, β, `γ_α`, `γ_β`) jointly to the cohorts' `survivors` (each as for
    /// [`crate::retention::SbgParams::fit`]: customers at the start, then still active after
    /// each period, non-increasing; cohorts may be observed for different numbers of periods)
    /// with one row of `covariates` per cohort, columns named by `names`.
    ///
    /// # Errors
    /// [`CxError::Empty`] without cohorts; [`CxError::LengthMismatch`] when `covariates` has
    /// another number of rows; [`CxError::InvalidInput`] naming `survivors` (bad or increasing
    /// counts, with the period's index and the cohort in the reason), `covariates` (a row of
    /// the wrong length or a value that is not finite, with the cohort's index), `l2` or
    /// `tolerance`; [`CxError::NotConverged`] when the likelihood has no interior maximum
    /// (e.g. nobody churned anywhere, or a covariate separates the cohorts perfectly and no
    /// `l2` holds its coefficient back).
    pub fn fit(
        &self,
        survivors: &[Vec<f64>],
        covariates: &[Vec<f64>],
        names: &[String],
    ) -> Result<SbgCohorts> {
        for (field, v, ok) in [
            ("l2", self.l2, self.l2.is_finite() && self.l2 >= 0.0),
            (
                "tolerance",
                self.tolerance,
                self.tolerance.is_finite() && self.tolerance > 0.0,
            ),
        ] {
            if !ok {
                return Err(CxError::InvalidInput {
                    field: field.into(),
                    index: None,
                    value: Some(v.to_string()),
                    reason: "must be a finite number (l2 >= 0, tolerance > 0)".into(),
                });
            }
        }
        check_cohorts(survivors, covariates, names)?;
        let liks: Vec<Likelihood> = survivors.iter().map(|s| Likelihood::new(s)).collect();
        if liks.iter().all(|l| l.a == 0.0) {
            return Err(CxError::NotConverged {
                iterations: 0,
                reason: "nobody churned in any cohort: the likelihood grows without bound as \
                         alpha -> 0"
                    .into(),
            });
        }
        let total: f64 = survivors.iter().map(|s| s[0]).sum();
        let n = 2 + 2 * names.len();
        let mut theta = vec![0.0; n];
        let (mut f, mut g, mut h, _) = objective(&liks, covariates, &theta, self.l2);
        let mut lambda = 0.0_f64;
        for it in 0..self.max_iterations {
            if g.iter().all(|v| v.abs() < self.tolerance * total.max(1.0)) {
                return Ok(self.finish(&liks, covariates, names, &theta, it, true));
            }
            let mut improved = false;
            for _ in 0..60 {
                let m: Vec<Vec<f64>> = (0..n)
                    .map(|i| {
                        (0..n)
                            .map(|j| -h[i][j] + if i == j { lambda } else { 0.0 })
                            .collect()
                    })
                    .collect();
                if let Some(d) = solve(&m, &g) {
                    let big = d.iter().fold(0.0_f64, |a, v| a.max(v.abs()));
                    let scale = (3.0 / big).min(1.0);
                    let y: Vec<f64> = theta.iter().zip(&d).map(|(t, d)| t + scale * d).collect();
                    let (fy, gy, hy, _) = objective(&liks, covariates, &y, self.l2);
                    if fy.is_finite() && fy >= f {
                        (theta, f, g, h) = (y, fy, gy, hy);
                        lambda *= 0.1;
                        improved = true;
                        break;
                    }
                }
                lambda = if lambda == 0.0 { 1e-6 } else { lambda * 10.0 };
            }
            if !improved || theta.iter().any(|v| !v.is_finite() || v.abs() > 30.0) {
                return Err(CxError::NotConverged {
                    iterations: it + 1,
                    reason: "no interior maximum of the cohort sBG likelihood (a coefficient \
                             or ln alpha/ln beta beyond ±30; try l2 > 0)"
                        .into(),
                });
            }
        }
        Err(CxError::NotConverged {
            iterations: self.max_iterations,
            reason: "iteration limit reached".into(),
        })
    }

    fn finish(
        &self,
        liks: &[Likelihood],
        covariates: &[Vec<f64>],
        names: &[String],
        theta: &[f64],
        iterations: u64,
        converged: bool,
    ) -> SbgCohorts {
        let (_, _, h, ll) = objective(liks, covariates, theta, self.l2);
        let k = names.len();
        let info: Vec<Vec<f64>> = h.iter().map(|r| r.iter().map(|v| -v).collect()).collect();
        let (a, b) = (math::exp(theta[0]), math::exp(theta[1]));
        let standard_errors = invert_spd(&info).and_then(|cov| {
            let se: Vec<f64> = (0..theta.len()).map(|i| cov[i][i].sqrt()).collect();
            se.iter().all(|v| v.is_finite()).then(|| SbgCohortErrors {
                alpha: a * se[0],
                beta: b * se[1],
                gamma_alpha: se[2..2 + k].to_vec(),
                gamma_beta: se[2 + k..].to_vec(),
            })
        });
        SbgCohorts {
            alpha: a,
            beta: b,
            names: names.to_vec(),
            gamma_alpha: theta[2..2 + k].to_vec(),
            gamma_beta: theta[2 + k..].to_vec(),
            l2: self.l2,
            log_likelihood: ll,
            standard_errors,
            converged,
            iterations,
            n_cohorts: liks.len(),
        }
    }
}

impl SbgCohorts {
    /// Default fit settings (no penalty, tolerance 1e-10, 200 iterations).
    pub fn params() -> SbgCohortParams {
        SbgCohortParams::default()
    }

    /// The joint log-likelihood (without penalty) of the cohorts at given parameters: the sum
    /// over cohorts of the sBG log-likelihood (Fader and Hardie 2007 eq. 6) at
    /// `α_c = α·exp(γ_αᵀx_c)`, `β_c = β·exp(γ_βᵀx_c)`.
    ///
    /// # Errors
    /// As [`SbgCohortParams::fit`] for the data; [`CxError::InvalidInput`] naming
    /// `gamma_alpha`/`gamma_beta` when their lengths differ from the covariates', and
    /// `alpha`/`beta` when not positive.
    pub fn log_likelihood_of(
        alpha: f64,
        beta: f64,
        gamma_alpha: &[f64],
        gamma_beta: &[f64],
        survivors: &[Vec<f64>],
        covariates: &[Vec<f64>],
    ) -> Result<f64> {
        ShiftedBetaGeometric::from_params(alpha, beta)?;
        let names: Vec<String> = (0..gamma_alpha.len()).map(|j| format!("x{j}")).collect();
        if gamma_beta.len() != gamma_alpha.len() {
            return Err(CxError::LengthMismatch {
                left: "gamma_alpha".into(),
                left_len: gamma_alpha.len(),
                right: "gamma_beta".into(),
                right_len: gamma_beta.len(),
            });
        }
        check_cohorts(survivors, covariates, &names)?;
        let mut theta = vec![math::ln(alpha), math::ln(beta)];
        theta.extend_from_slice(gamma_alpha);
        theta.extend_from_slice(gamma_beta);
        Ok(survivors
            .iter()
            .zip(covariates)
            .map(|(s, x)| {
                let (u, v) = log_rates(&theta, x);
                Likelihood::new(s).value(math::exp(u), math::exp(v))
            })
            .sum())
    }

    /// `(α_c, β_c)` of a cohort with covariates `x` (in the order of [`SbgCohorts::names`]).
    ///
    /// # Errors
    /// [`CxError::InvalidInput`] naming `covariates` for a wrong length or a value that is
    /// not finite.
    pub fn cohort_params(&self, x: &[f64]) -> Result<(f64, f64)> {
        check_cohorts(&[vec![1.0, 1.0]], &[x.to_vec()], &self.names)?;
        let mut theta = vec![math::ln(self.alpha), math::ln(self.beta)];
        theta.extend_from_slice(&self.gamma_alpha);
        theta.extend_from_slice(&self.gamma_beta);
        let (u, v) = log_rates(&theta, x);
        Ok((math::exp(u), math::exp(v)))
    }

    /// The plain sBG of a cohort with covariates `x`, for its survival, retention rates,
    /// expected lifetime and residual value.
    ///
    /// # Errors
    /// As [`SbgCohorts::cohort_params`]; [`CxError::InvalidInput`] when `α_c` or `β_c` leaves the
    /// range an sBG accepts.
    pub fn cohort(&self, x: &[f64]) -> Result<ShiftedBetaGeometric> {
        let (a, b) = self.cohort_params(x)?;
        ShiftedBetaGeometric::from_params(a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    /// Fader and Hardie (2007) Table 1: the "regular" and "high end" survivor counts.
    const REGULAR: [f64; 8] = [1000.0, 631.0, 468.0, 382.0, 326.0, 289.0, 262.0, 241.0];
    const HIGH_END: [f64; 8] = [1000.0, 869.0, 743.0, 653.0, 593.0, 551.0, 517.0, 491.0];

    fn names(k: usize) -> Vec<String> {
        (0..k).map(|j| format!("x{j}")).collect()
    }

    #[test]
    fn zero_coefficients_are_the_plain_sbg_likelihood() {
        let s = vec![REGULAR.to_vec(), HIGH_END.to_vec(), REGULAR[..5].to_vec()];
        let x = vec![vec![0.3, -1.0], vec![1.0, 2.0], vec![-0.5, 0.0]];
        let (a, b) = (0.704, 1.182);
        let joint = SbgCohorts::log_likelihood_of(a, b, &[0.0; 2], &[0.0; 2], &s, &x).unwrap();
        let plain: f64 = s.iter().map(|c| Likelihood::new(c).value(a, b)).sum();
        assert_relative_eq!(joint, plain, max_relative = 1e-12);
        // And the plain fit's reported likelihood (Fader and Hardie 2007: −1680.27 regular).
        let m = ShiftedBetaGeometric::params().fit(&REGULAR).unwrap();
        let one = SbgCohorts::log_likelihood_of(
            m.alpha,
            m.beta,
            &[0.0],
            &[0.0],
            &[REGULAR.to_vec()],
            &[vec![4.2]],
        )
        .unwrap();
        assert_relative_eq!(one, m.log_likelihood.unwrap(), max_relative = 1e-12);
    }

    /// Two cohorts with a 0/1 "high end" covariate: the joint fit is exactly the two separate
    /// plain fits (two parameters per cohort, four in all), so it reproduces Fader and
    /// Hardie's published estimates for both segments.
    #[test]
    fn a_dummy_covariate_reproduces_the_separate_fits() {
        let s = vec![REGULAR.to_vec(), HIGH_END.to_vec()];
        let x = vec![vec![0.0], vec![1.0]];
        let m = SbgCohorts::params().fit(&s, &x, &names(1)).unwrap();
        assert!(m.converged);
        let reg = ShiftedBetaGeometric::params().fit(&REGULAR).unwrap();
        let high = ShiftedBetaGeometric::params().fit(&HIGH_END).unwrap();
        assert_relative_eq!(m.alpha, reg.alpha, max_relative = 1e-7);
        assert_relative_eq!(m.beta, reg.beta, max_relative = 1e-7);
        let (ah, bh) = m.cohort_params(&[1.0]).unwrap();
        assert_relative_eq!(ah, high.alpha, max_relative = 1e-7);
        assert_relative_eq!(bh, high.beta, max_relative = 1e-7);
        // Published (Fader and Hardie 2007, section 4): regular α = 0.704, β = 1.182; high
        // end α = 0.668, β = 3.806.
        assert_relative_eq!(m.alpha, 0.704, epsilon = 5e-4);
        assert_relative_eq!(m.beta, 1.182, epsilon = 5e-4);
        assert_relative_eq!(ah, 0.668, epsilon = 5e-4);
        assert_relative_eq!(bh, 3.806, epsilon = 5e-4);
        assert_relative_eq!(
            m.log_likelihood,
            reg.log_likelihood.unwrap() + high.log_likelihood.unwrap(),
            max_relative = 1e-10
        );
        let se = m.standard_errors.as_ref().unwrap();
        // The intercepts' errors are the regular segment's own.
        let reg_se = reg.standard_errors.unwrap();
        assert_relative_eq!(se.alpha, reg_se.0, max_relative = 1e-5);
        assert_relative_eq!(se.beta, reg_se.1, max_relative = 1e-5);
        // Cohort curves: the high-end cohort retains better.
        let (r, h) = (m.cohort(&[0.0]).unwrap(), m.cohort(&[1.0]).unwrap());
        assert!(h.survival(7) > r.survival(7));
    }

    /// Simulated cohorts: each customer's θ drawn from the cohort's `Beta(α_c`, `β_c`), churn
    /// geometric; the fit recovers the parameters within 3 standard errors.
    #[test]
    fn recovers_simulated_parameters() {
        let (alpha, beta, ga, gb) = (0.8, 2.0, [0.5, -0.3], [-0.4, 0.6]);
        let mut rng = crate::clv::simulate::Rng::new(11);
        let (mut s, mut x) = (Vec::new(), Vec::new());
        for c in 0..40_u32 {
            let xc = vec![f64::from(c % 2), f64::from(c % 5) / 4.0 - 0.5];
            let ac = alpha * math::exp(ga[0] * xc[0] + ga[1] * xc[1]);
            let bc = beta * math::exp(gb[0] * xc[0] + gb[1] * xc[1]);
            let periods = 6 + (c % 5) as usize;
            let mut counts = vec![0.0; periods + 1];
            for _ in 0..800 {
                let theta = rng.beta(ac, bc);
                let mut t = 0;
                counts[0] += 1.0;
                while t < periods && rng.uniform() >= theta {
                    t += 1;
                    counts[t] += 1.0;
                }
            }
            s.push(counts);
            x.push(xc);
        }
        let m = SbgCohorts::params().fit(&s, &x, &names(2)).unwrap();
        let se = m.standard_errors.clone().unwrap();
        let near = |est: f64, truth: f64, se: f64, what: &str| {
            assert!(
                (est - truth).abs() < 3.0 * se,
                "{what}: {est} vs {truth} (se {se})"
            );
        };
        near(m.alpha, alpha, se.alpha, "alpha");
        near(m.beta, beta, se.beta, "beta");
        for j in 0..2 {
            near(m.gamma_alpha[j], ga[j], se.gamma_alpha[j], "gamma_alpha");
            near(m.gamma_beta[j], gb[j], se.gamma_beta[j], "gamma_beta");
        }
        // A ridge penalty shrinks the coefficients towards 0.
        let r = SbgCohorts::params().l2(1e4).fit(&s, &x, &names(2)).unwrap();
        let norm = |m: &SbgCohorts| {
            m.gamma_alpha
                .iter()
                .chain(&m.gamma_beta)
                .map(|v| v * v)
                .sum::<f64>()
        };
        assert!(norm(&r) < 0.5 * norm(&m));
        assert!(r.log_likelihood < m.log_likelihood);
    }

    fn index(e: &CxError) -> Option<usize> {
        match e {
            CxError::InvalidInput { index, .. } => *index,
            _ => None,
        }
    }

    #[test]
    fn bad_cohorts_are_refused_by_field() {
        let s = vec![REGULAR.to_vec(), HIGH_END.to_vec()];
        let e = SbgCohorts::params()
            .fit(&s, &[vec![0.0]], &names(1))
            .unwrap_err();
        assert!(matches!(e, CxError::LengthMismatch { .. }), "{e}");
        let e = SbgCohorts::params()
            .fit(&s, &[vec![0.0], vec![f64::NAN]], &names(1))
            .unwrap_err();
        assert_eq!((e.field(), index(&e)), (Some("covariates"), Some(1)), "{e}");
        let e = SbgCohorts::params()
            .fit(&s, &[vec![0.0], vec![1.0, 2.0]], &names(1))
            .unwrap_err();
        assert_eq!((e.field(), index(&e)), (Some("covariates"), Some(1)), "{e}");
        let mut up = HIGH_END.to_vec();
        up[3] = 900.0;
        let e = SbgCohorts::params()
            .fit(&[REGULAR.to_vec(), up], &[vec![0.0], vec![1.0]], &names(1))
            .unwrap_err();
        assert_eq!((e.field(), index(&e)), (Some("survivors"), Some(3)), "{e}");
        assert!(e.to_string().contains("cohort 1"), "{e}");
        let e = SbgCohorts::params()
            .l2(-1.0)
            .fit(&s, &[vec![0.0], vec![1.0]], &names(1));
        assert_eq!(e.unwrap_err().field(), Some("l2"));
        assert!(matches!(
            SbgCohorts::params().fit(&[], &[], &names(0)),
            Err(CxError::Empty { .. })
        ));
    }
}
