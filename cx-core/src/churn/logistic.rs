//! L2-regularized logistic regression fitted by Newton's method (IRLS).

use crate::math;
use serde::{Deserialize, Serialize};

use crate::error::{CxError, Result, check_same_len};

/// Hyperparameters of [`ChurnClassifier`]; `ChurnClassifier::params()` makes one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ChurnClassifierParams {
    /// Penalty `l2` in `Σ log-loss + (l2/2)·‖w‖²` (intercept not penalized); `l2 = 1/C` of
    /// scikit-learn's `LogisticRegression`. Default 1.
    pub l2: f64,
    /// Standardize features (mean 0, population standard deviation 1) before fitting, so
    /// the penalty treats them alike; coefficients are reported on the original scale.
    pub standardize: bool,
    /// Gradient tolerance relative to the number of rows (see
    /// [`ChurnClassifierParams::fit`]). Default 1e-10.
    pub tolerance: f64,
    /// Newton iterations allowed. Default 100.
    pub max_iterations: u64,
    /// Return the last iterate with `converged: false` instead of failing with
    /// [`CxError::NotConverged`]. Default `false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_unconverged: bool,
}

impl Default for ChurnClassifierParams {
    fn default() -> Self {
        Self {
            l2: 1.0,
            standardize: false,
            tolerance: 1e-10,
            max_iterations: 100,
            allow_unconverged: false,
        }
    }
}

/// A fitted churn classifier: `P(churn | x) = 1/(1 + exp(−(intercept + coefficients·x)))`.
///
/// Serializes to JSON with everything needed to score elsewhere (a browser, another
/// language); standardization is already folded into `coefficients` and `intercept`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChurnClassifier {
    /// One weight per feature, on the scale of the features as given.
    pub coefficients: Vec<f64>,
    /// The unpenalized intercept.
    pub intercept: f64,
    /// The settings used for the fit.
    pub params: ChurnClassifierParams,
    /// Feature means used for standardization (empty when off).
    pub feature_means: Vec<f64>,
    /// Feature scales used for standardization (empty when off).
    pub feature_scales: Vec<f64>,
    /// Penalized log-likelihood `−Σ log-loss − (l2/2)·‖w‖²` at the fit (standardized scale
    /// when `standardize`).
    pub objective: f64,
    /// Newton iterations used.
    pub iterations: u64,
    /// Whether the convergence criterion was met.
    pub converged: bool,
}

/// Numerically stable `ln(1 + e^x)`.
fn log1p_exp(x: f64) -> f64 {
    if x > 0.0 {
        x + math::ln_1p(math::exp(-x))
    } else {
        math::ln_1p(math::exp(x))
    }
}

fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + math::exp(-x))
    } else {
        let e = math::exp(x);
        e / (1.0 + e)
    }
}

/// Checks a row-major matrix of `n_features` columns; returns the number of rows.
fn check_matrix(x: &[f64], n_features: usize) -> Result<usize> {
    if n_features == 0 {
        return Err(CxError::invalid("n_features", "need at least one feature"));
    }
    if !x.len().is_multiple_of(n_features) {
        return Err(CxError::InvalidInput {
            field: "x".into(),
            index: None,
            value: Some(x.len().to_string()),
            reason: format!("length is not a multiple of n_features = {n_features}"),
        });
    }
    if let Some(i) = x.iter().position(|v| !v.is_finite()) {
        return Err(CxError::invalid_at("x", i, x[i], "features must be finite"));
    }
    Ok(x.len() / n_features)
}

/// Solves `A z = b` for a symmetric positive-definite `A` (k × k, row-major) by Cholesky.
fn cholesky_solve(a: &[f64], b: &[f64], k: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..=i {
            let s: f64 = (0..j).map(|m| l[i * k + m] * l[j * k + m]).sum();
            if i == j {
                let d = a[i * k + i] - s;
                if d <= 0.0 || !d.is_finite() {
                    return None;
                }
                l[i * k + i] = d.sqrt();
            } else {
                l[i * k + j] = (a[i * k + j] - s) / l[j * k + j];
            }
        }
    }
    let mut y = vec![0.0; k];
    for i in 0..k {
        let s: f64 = (0..i).map(|m| l[i * k + m] * y[m]).sum();
        y[i] = (b[i] - s) / l[i * k + i];
    }
    let mut z = vec![0.0; k];
    for i in (0..k).rev() {
        let s: f64 = (i + 1..k).map(|m| l[m * k + i] * z[m]).sum();
        z[i] = (y[i] - s) / l[i * k + i];
    }
    Some(z)
}

impl ChurnClassifierParams {
    /// Sets the L2 penalty (`1/C` in scikit-learn terms).
    #[must_use]
    pub fn l2(mut self, l2: f64) -> Self {
        self.l2 = l2;
        self
    }

    /// Turns feature standardization on or off.
    #[must_use]
    pub fn standardize(mut self, on: bool) -> Self {
        self.standardize = on;
        self
    }

    /// Sets the convergence tolerance.
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

    fn check(&self) -> Result<()> {
        if !(self.l2.is_finite() && self.l2 >= 0.0) {
            return Err(CxError::InvalidInput {
                field: "l2".into(),
                index: None,
                value: Some(self.l2.to_string()),
                reason: "penalty must be finite and not negative".into(),
            });
        }
        if !(self.tolerance.is_finite() && self.tolerance > 0.0) {
            return Err(CxError::InvalidInput {
                field: "tolerance".into(),
                index: None,
                value: Some(self.tolerance.to_string()),
                reason: "must be a positive number".into(),
            });
        }
        Ok(())
    }

    /// Fits the classifier to the row-major feature matrix `x` (`n` rows × `n_features`)
    /// and labels `y` (1 = churned, 0 = stayed).
    ///
    /// Minimizes `Σ_i log-loss_i + (l2/2)·‖w‖²` (intercept unpenalized) by Newton's method
    /// with step halving (iteratively reweighted least squares; Hastie, Tibshirani and
    /// Friedman 2009, *Elements of Statistical Learning*, §4.4.1), stopping when the largest
    /// gradient component falls below `tolerance · max(1, n)` and the Newton step below
    /// `1e-6 · (1 + ‖θ‖∞)` (near the optimum the step is quadratically smaller). With `l2 = 0` and separable
    /// classes there is no finite optimum and the fit fails with
    /// [`CxError::NotConverged`] (or, with [`ChurnClassifierParams::allow_unconverged`],
    /// returns the last iterate with `converged: false`).
    pub fn fit(&self, x: &[f64], n_features: usize, y: &[f64]) -> Result<ChurnClassifier> {
        self.check()?;
        let n = check_matrix(x, n_features)?;
        check_same_len("x rows", n, "y", y.len())?;
        if n == 0 {
            return Err(CxError::Empty {
                field: "y".into(),
                needed: 1,
                got: 0,
            });
        }
        if let Some(i) = y.iter().position(|&v| v != 0.0 && v != 1.0) {
            return Err(CxError::invalid_at("y", i, y[i], "labels must be 0 or 1"));
        }
        let design = Design::new(x, n_features, n, self.standardize);
        let (theta, f, it, converged) = self.newton(&design, y);
        if !converged && !self.allow_unconverged {
            return Err(CxError::NotConverged {
                iterations: it,
                reason: "Newton's method did not reach the gradient tolerance; with l2 = 0 the \
                         classes may be separable (use l2 > 0)"
                    .into(),
            });
        }
        let (mut intercept, mut coefficients) = (theta[0], theta[1..].to_vec());
        if self.standardize {
            for ((w, m), s) in coefficients
                .iter_mut()
                .zip(&design.means)
                .zip(&design.scales)
            {
                *w /= s;
                intercept -= *w * m;
            }
        }
        Ok(ChurnClassifier {
            coefficients,
            intercept,
            params: *self,
            feature_means: design.means,
            feature_scales: design.scales,
            objective: -f,
            iterations: it,
            converged,
        })
    }

    /// `Σ log-loss + (l2/2)·‖w‖²` at `theta = (intercept, w)`.
    fn objective(&self, d: &Design, y: &[f64], theta: &[f64], buf: &mut [f64]) -> f64 {
        let mut f = 0.0;
        for (i, &yi) in y.iter().enumerate() {
            d.row(i, buf);
            let eta: f64 = buf.iter().zip(theta).map(|(a, b)| a * b).sum();
            // log-loss = ln(1 + e^η) − y·η
            f += log1p_exp(eta) - yi * eta;
        }
        f + 0.5 * self.l2 * theta[1..].iter().map(|w| w * w).sum::<f64>()
    }

    /// Gradient and Hessian (row-major, k × k) of the objective.
    fn derivatives(
        &self,
        d: &Design,
        y: &[f64],
        theta: &[f64],
        buf: &mut [f64],
    ) -> (Vec<f64>, Vec<f64>) {
        let k = theta.len();
        let mut grad = vec![0.0; k];
        let mut hess = vec![0.0; k * k];
        for (i, &yi) in y.iter().enumerate() {
            d.row(i, buf);
            let eta: f64 = buf.iter().zip(theta).map(|(a, b)| a * b).sum();
            let mu = sigmoid(eta);
            let (r, w) = (mu - yi, mu * (1.0 - mu));
            for a in 0..k {
                grad[a] += r * buf[a];
                let wa = w * buf[a];
                for b in 0..=a {
                    hess[a * k + b] += wa * buf[b];
                }
            }
        }
        for a in 1..k {
            grad[a] += self.l2 * theta[a];
            hess[a * k + a] += self.l2;
        }
        for a in 0..k {
            for b in 0..a {
                hess[b * k + a] = hess[a * k + b];
            }
        }
        (grad, hess)
    }

    /// Damped Newton from θ = 0: returns (θ, objective, iterations, converged).
    fn newton(&self, d: &Design, y: &[f64]) -> (Vec<f64>, f64, u64, bool) {
        let k = d.p + 1;
        let mut buf = vec![0.0; k];
        let mut theta = vec![0.0; k];
        let mut f = self.objective(d, y, &theta, &mut buf);
        let n = y.len() as f64;
        let mut it = 0;
        while it < self.max_iterations {
            let (grad, hess) = self.derivatives(d, y, &theta, &mut buf);
            let exact = cholesky_solve(&hess, &grad, k);
            let singular = exact.is_none();
            // A tiny ridge keeps the solve defined when weights underflow (separation).
            let step = exact.or_else(|| {
                let mut h = hess.clone();
                for a in 0..k {
                    h[a * k + a] += 1e-10 * (1.0 + h[a * k + a]);
                }
                cholesky_solve(&h, &grad, k)
            });
            let Some(step) = step else {
                break;
            };
            // Converged when the gradient is small and so is the Newton step: under
            // separation the gradient vanishes while the steps stay large.
            let gmax = grad.iter().fold(0.0_f64, |m, g| m.max(g.abs()));
            let smax = step.iter().fold(0.0_f64, |m, s| m.max(s.abs()));
            let tmax = theta.iter().fold(0.0_f64, |m, s| m.max(s.abs()));
            if !singular && gmax <= self.tolerance * n.max(1.0) && smax <= 1e-6 * (1.0 + tmax) {
                return (theta, f, it, true);
            }
            let mut t = 1.0;
            let mut accepted = false;
            for _ in 0..50 {
                let cand: Vec<f64> = theta.iter().zip(&step).map(|(a, s)| a - t * s).collect();
                let fc = self.objective(d, y, &cand, &mut buf);
                // Near the optimum the decrease falls below the rounding noise of a sum over
                // n rows, so a relative slack accepts the full Newton step there.
                if fc.is_finite() && fc <= f + 1e-12 * (1.0 + f.abs()) {
                    theta = cand;
                    f = fc;
                    accepted = true;
                    break;
                }
                t *= 0.5;
            }
            it += 1;
            if !accepted {
                break;
            }
        }
        (theta, f, it, false)
    }
}

/// The feature matrix with an intercept column, standardized on the fly when asked.
struct Design<'a> {
    x: &'a [f64],
    p: usize,
    standardize: bool,
    means: Vec<f64>,
    scales: Vec<f64>,
}

impl<'a> Design<'a> {
    fn new(x: &'a [f64], p: usize, n: usize, standardize: bool) -> Self {
        let (mut means, mut scales) = (Vec::new(), Vec::new());
        if standardize {
            means = vec![0.0; p];
            scales = vec![0.0; p];
            for row in x.chunks_exact(p) {
                for (m, v) in means.iter_mut().zip(row) {
                    *m += v;
                }
            }
            for m in &mut means {
                *m /= n as f64;
            }
            for row in x.chunks_exact(p) {
                for ((s, v), m) in scales.iter_mut().zip(row).zip(&means) {
                    *s += (v - m).powi(2);
                }
            }
            // A constant feature keeps scale 1, as scikit-learn's StandardScaler.
            for s in &mut scales {
                let sd = (*s / n as f64).sqrt();
                *s = if sd > 0.0 { sd } else { 1.0 };
            }
        }
        Self {
            x,
            p,
            standardize,
            means,
            scales,
        }
    }

    /// Writes `(1, x_i)` (standardized when asked) into `buf`.
    fn row(&self, i: usize, buf: &mut [f64]) {
        buf[0] = 1.0;
        let r = &self.x[i * self.p..(i + 1) * self.p];
        if self.standardize {
            for (((b, v), m), s) in buf[1..]
                .iter_mut()
                .zip(r)
                .zip(&self.means)
                .zip(&self.scales)
            {
                *b = (v - m) / s;
            }
        } else {
            buf[1..].copy_from_slice(r);
        }
    }
}

impl ChurnClassifier {
    /// Checks a classifier read from a document: finite coefficients and intercept, and
    /// standardization vectors empty or one per feature.
    pub(crate) fn check_loaded(&self) -> Result<()> {
        let p = self.coefficients.len();
        for (field, v) in [
            ("coefficients", &self.coefficients),
            ("feature_means", &self.feature_means),
            ("feature_scales", &self.feature_scales),
        ] {
            if let Some(i) = v.iter().position(|x| !x.is_finite()) {
                return Err(CxError::invalid_at(field, i, v[i], "must be finite"));
            }
            if field != "coefficients" && !v.is_empty() && v.len() != p {
                return Err(CxError::LengthMismatch {
                    left: "coefficients".into(),
                    left_len: p,
                    right: field.into(),
                    right_len: v.len(),
                });
            }
        }
        if !self.intercept.is_finite() {
            return Err(CxError::InvalidInput {
                field: "intercept".into(),
                index: None,
                value: Some(self.intercept.to_string()),
                reason: "must be finite".into(),
            });
        }
        Ok(())
    }

    /// Default hyperparameters (`l2 = 1`, no standardization), to chain and `.fit(..)`.
    pub fn params() -> ChurnClassifierParams {
        ChurnClassifierParams::default()
    }

    /// Number of features the model expects.
    pub fn n_features(&self) -> usize {
        self.coefficients.len()
    }

    /// Churn probability for each row of the row-major matrix `x`.
    pub fn predict_proba(&self, x: &[f64]) -> Result<Vec<f64>> {
        let p = self.n_features();
        check_matrix(x, p)?;
        Ok(x.chunks_exact(p)
            .map(|r| {
                let eta = self.intercept
                    + r.iter()
                        .zip(&self.coefficients)
                        .map(|(a, b)| a * b)
                        .sum::<f64>();
                sigmoid(eta)
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    #[test]
    fn one_feature_symmetry_and_round_trip() {
        // Symmetric data: x = ±1 with labels 1/0 mirrored gives intercept 0 exactly.
        let x = [1.0, 1.0, 1.0, -1.0, -1.0, -1.0];
        let y = [1.0, 1.0, 0.0, 0.0, 0.0, 1.0];
        let m = ChurnClassifier::params().l2(0.0).fit(&x, 1, &y).unwrap();
        assert_abs_diff_eq!(m.intercept, 0.0, epsilon = 1e-12);
        // Unpenalized MLE: p(x=1) = 2/3, so w = logit(2/3) = ln 2.
        assert_abs_diff_eq!(m.coefficients[0], math::ln(2.0_f64), epsilon = 1e-10);
        let p = m.predict_proba(&[1.0]).unwrap();
        assert_abs_diff_eq!(p[0], 2.0 / 3.0, epsilon = 1e-10);
        let back: ChurnClassifier =
            serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(back, m);
        // Separable data without a penalty has no optimum.
        let e =
            ChurnClassifier::params()
                .l2(0.0)
                .fit(&[1.0, 2.0, 3.0, 4.0], 1, &[0.0, 0.0, 1.0, 1.0]);
        assert!(matches!(e, Err(CxError::NotConverged { .. })));
        // ... unless the caller keeps the last iterate: finite, flagged, still separating.
        let kept = ChurnClassifier::params()
            .l2(0.0)
            .allow_unconverged(true)
            .fit(&[1.0, 2.0, 3.0, 4.0], 1, &[0.0, 0.0, 1.0, 1.0])
            .unwrap();
        assert!(!kept.converged);
        assert!(kept.coefficients[0].is_finite() && kept.coefficients[0] > 1.0);
        let p = kept.predict_proba(&[1.0, 4.0]).unwrap();
        assert!(p[0] < 0.05 && p[1] > 0.95, "{p:?}");
        // The setting is not written into the model unless used, and reads back either way.
        assert!(
            !serde_json::to_string(&m)
                .unwrap()
                .contains("allow_unconverged")
        );
        let back: ChurnClassifier =
            serde_json::from_str(&serde_json::to_string(&kept).unwrap()).unwrap();
        assert_eq!(back, kept);
    }

    #[test]
    fn many_rows_converge_in_few_iterations() {
        // The objective's rounding noise grows with n; the line search must still accept the
        // last Newton steps (regression: 100k rows once stalled at the iteration limit).
        let n = 20_000;
        let mut s: u64 = 7;
        let mut u = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut x = Vec::with_capacity(2 * n);
        let mut y = Vec::with_capacity(n);
        for _ in 0..n {
            let (a, b) = (4.0 * u() - 2.0, 4.0 * u() - 2.0);
            x.extend([a, b]);
            y.push(if u() < 1.0 / (1.0 + math::exp(-(0.5 + a - b))) {
                1.0
            } else {
                0.0
            });
        }
        let m = ChurnClassifier::params().fit(&x, 2, &y).unwrap();
        assert!(
            m.converged && m.iterations <= 10,
            "{} iterations",
            m.iterations
        );
        assert!((m.coefficients[0] - 1.0).abs() < 0.1 && (m.coefficients[1] + 1.0).abs() < 0.1);
    }
}
