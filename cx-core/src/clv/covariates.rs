//! Time-invariant covariates for the BG/NBD, MBG/NBD and Pareto/NBD models, following Fader and
//! Hardie (2007), "Incorporating time-invariant covariates into the Pareto/NBD and BG/NBD
//! models" (`brucehardie.com` note 019), in the parameterization of `CLVTools` (Meierer, Bachmann
//! et al., R package `CLVTools`, static covariates):
//!
//! - purchase process, every model: `αᵢ = α₀ · exp(−γ₁ᵀx₁ᵢ)`, so E[λᵢ] = r/αᵢ grows with γ₁ᵀx₁ᵢ;
//! - dropout process, BG/NBD and MBG/NBD: `aᵢ = a₀ · exp(γ₂ᵀx₂ᵢ)`, `bᵢ = b₀ · exp(γ₂ᵀx₂ᵢ)`
//!   (one coefficient vector scales both beta parameters);
//! - dropout process, Pareto/NBD: `βᵢ = β₀ · exp(−γ₂ᵀx₂ᵢ)`, so E[μᵢ] = s/βᵢ grows with γ₂ᵀx₂ᵢ.
//!
//! Each customer's likelihood is the plain model's likelihood at that customer's parameters.
//! Options: an L2 penalty `λ Σ γ²` on every coefficient (the maximized objective is
//! `ℓ(θ) − λ Σ γ²`; `log_likelihood` reports ℓ without the penalty) and equality constraints
//! `γ₁ₖ = γ₂ₖ` for covariates named in both processes. Without covariates a fit is the plain
//! model's fit (same estimates, same log-likelihood).
//!
//! The fit is BFGS with the analytic gradient (chain rule through the per-customer parameters)
//! over `(ln r, ln α₀, ln a₀, ln b₀, γ)`, started at the plain model's estimate with γ = 0;
//! standard errors come from the observed information (the Hessian from differences of the
//! analytic gradient).

use serde::{Deserialize, Serialize};

use crate::clv::data::{check_horizon, check_triple, check_weights};
use crate::clv::paretonbd::pair_terms_with_gradient;
use crate::clv::value::{TimeUnit, discounted_clv};
use crate::clv::{
    BgNbd, BgNbdParams, MbgNbd, MbgNbdParams, ParetoNbd, ParetoNbdParams, PurchaseModel, RepeatData,
};
use crate::error::{CxError, Result, check_same_len};
use crate::fit::{FitOptions, digamma, log_add_exp_share, maximize_positive_bfgs};
use crate::math::{exp, ln, ln_1p, ln_gamma};
use std::sync::atomic::AtomicU64;

/// Which purchase model carries the covariates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CovariateKind {
    /// BG/NBD (Fader, Hardie and Lee 2005).
    BgNbd,
    /// MBG/NBD (Batislam, Denizel and Filiztekin 2007).
    MbgNbd,
    /// Pareto/NBD (Schmittlein, Morrison and Colombo 1987).
    ParetoNbd,
}

impl CovariateKind {
    /// The names of the four model parameters, in order (`r, alpha, a, b` or `r, alpha, s, beta`).
    pub fn param_names(self) -> &'static [&'static str] {
        match self {
            Self::BgNbd => BgNbdParams::NAMES,
            Self::MbgNbd => MbgNbdParams::NAMES,
            Self::ParetoNbd => ParetoNbdParams::NAMES,
        }
    }
}

/// A covariate matrix: one row per customer, one named column per covariate, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Covariates {
    names: Vec<String>,
    values: Vec<f64>,
    rows: usize,
}

impl Covariates {
    /// Covariates from column `names` and row-major `values` (`rows × names.len()`).
    ///
    /// # Errors
    /// [`CxError::InvalidInput`] naming `covariates` for a wrong number of values, a duplicate
    /// or empty name, or a non-finite value (with its index in `values`).
    pub fn new(names: Vec<String>, values: Vec<f64>, rows: usize) -> Result<Self> {
        if values.len() != rows * names.len() {
            return Err(CxError::invalid(
                "covariates",
                format!(
                    "expected {rows} rows × {} columns = {} values, got {}",
                    names.len(),
                    rows * names.len(),
                    values.len()
                ),
            ));
        }
        for (i, n) in names.iter().enumerate() {
            if n.is_empty() || names[..i].contains(n) {
                return Err(CxError::invalid(
                    "covariates",
                    format!(
                        "covariate names must be non-empty and distinct (got {n:?} twice or empty)"
                    ),
                ));
            }
        }
        if let Some((i, v)) = values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(CxError::invalid_at(
                "covariates",
                i / names.len().max(1),
                v,
                "covariate values must be finite",
            ));
        }
        Ok(Self {
            names,
            values,
            rows,
        })
    }

    /// No covariates for `rows` customers.
    pub fn none(rows: usize) -> Self {
        Self {
            names: Vec::new(),
            values: Vec::new(),
            rows,
        }
    }

    /// The covariate names.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Number of rows (customers).
    pub fn rows(&self) -> usize {
        self.rows
    }

    pub(crate) fn row(&self, i: usize) -> &[f64] {
        let k = self.names.len();
        &self.values[i * k..(i + 1) * k]
    }

    /// The columns `names` (in that order) of this matrix, for scoring with a fitted model.
    pub(crate) fn select(&self, names: &[String], process: &str) -> Result<Self> {
        let idx = names
            .iter()
            .map(|n| {
                self.names.iter().position(|m| m == n).ok_or_else(|| {
                    CxError::invalid(
                        "covariates",
                        format!(
                            "the {process} covariate {n:?} the model was fitted with is missing"
                        ),
                    )
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut values = Vec::with_capacity(self.rows * idx.len());
        for i in 0..self.rows {
            let row = self.row(i);
            values.extend(idx.iter().map(|&j| row[j]));
        }
        Ok(Self {
            names: names.to_vec(),
            values,
            rows: self.rows,
        })
    }
}

/// The configuration of a covariate fit: model, L2 penalty, constraints and optimizer options.
#[derive(Debug, Clone, PartialEq)]
pub struct CovariateConfig {
    /// The model.
    pub kind: CovariateKind,
    /// L2 penalty λ ≥ 0 on the coefficients (objective `ℓ − λ Σ γ²`); 0 (default) for none.
    pub l2: f64,
    /// Covariates whose purchase and dropout coefficients are constrained equal.
    pub constrain: Vec<String>,
    /// Optimizer options.
    pub options: FitOptions,
}

/// A customer-level (frequency, recency, T) table with optional weights and the covariates of
/// each process, validated: what a covariate fit and its bootstrap read.
#[derive(Debug, Clone, PartialEq)]
pub struct CovariateData {
    frequency: Vec<f64>,
    recency: Vec<f64>,
    t: Vec<f64>,
    weights: Vec<f64>,
    purchase: Covariates,
    dropout: Covariates,
}

impl CovariateData {
    /// Checks the columns as [`RepeatData::new`] does and that both covariate matrices have one
    /// row per customer.
    ///
    /// # Errors
    /// As [`RepeatData::new`]; [`CxError::LengthMismatch`] when a covariate matrix has another
    /// number of rows.
    pub fn new(
        frequency: &[f64],
        recency: &[f64],
        t: &[f64],
        weights: Option<&[f64]>,
        purchase: Covariates,
        dropout: Covariates,
    ) -> Result<Self> {
        crate::error::check_len_at_least("frequency", frequency.len(), 1)?;
        check_same_len("frequency", frequency.len(), "recency", recency.len())?;
        check_same_len("frequency", frequency.len(), "T", t.len())?;
        check_weights(frequency.len(), weights)?;
        check_same_len(
            "frequency",
            frequency.len(),
            "purchase_covariates",
            purchase.rows,
        )?;
        check_same_len(
            "frequency",
            frequency.len(),
            "dropout_covariates",
            dropout.rows,
        )?;
        for i in 0..frequency.len() {
            check_triple(i, frequency[i], recency[i], t[i])?;
        }
        Ok(Self {
            frequency: frequency.to_vec(),
            recency: recency.to_vec(),
            t: t.to_vec(),
            weights: weights.map_or_else(|| vec![1.0; frequency.len()], <[f64]>::to_vec),
            purchase,
            dropout,
        })
    }

    /// Number of customers (rows).
    pub fn rows(&self) -> usize {
        self.frequency.len()
    }

    /// Weight of each customer (1 unless given).
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// The same customers with other weights (a bootstrap resample).
    pub(crate) fn reweighted(&self, weights: Vec<f64>) -> Self {
        Self {
            weights,
            ..self.clone()
        }
    }
}

/// Standard errors of a covariate model's estimates (observed information).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CovariateErrors {
    /// Of the four model parameters (delta method from log space).
    pub params: Vec<f64>,
    /// Of the purchase coefficients γ₁.
    pub purchase: Vec<f64>,
    /// Of the dropout coefficients γ₂.
    pub dropout: Vec<f64>,
}

/// A fitted (or given) covariate model; serializable, scores customers with their covariates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CovariateModel {
    /// The model.
    pub kind: CovariateKind,
    /// The four model parameters at zero covariates, in [`CovariateKind::param_names`] order.
    pub params: Vec<f64>,
    /// Names of the purchase-process covariates.
    pub purchase_names: Vec<String>,
    /// Purchase coefficients γ₁ (`αᵢ = α₀ exp(−γ₁ᵀx)`).
    pub purchase_coefficients: Vec<f64>,
    /// Names of the dropout-process covariates.
    pub dropout_names: Vec<String>,
    /// Dropout coefficients γ₂ (see the module notes for each model).
    pub dropout_coefficients: Vec<f64>,
    /// Covariates constrained to one coefficient in both processes.
    pub constrain: Vec<String>,
    /// The L2 penalty λ of the fit.
    pub l2: f64,
    /// Log-likelihood at the estimate, without the penalty; 0 when not fitted.
    pub log_likelihood: f64,
    /// Whether the optimizer met its tolerance.
    pub converged: bool,
    /// Optimizer iterations.
    pub iterations: u64,
    /// Standard errors, when the information matrix is positive definite.
    pub standard_errors: Option<CovariateErrors>,
    /// Number of customers (total weight) fitted on.
    pub n_customers: f64,
}

/// How the free parameter vector maps onto γ₁ and γ₂: `[4 model params, free γ…]`, where each
/// γ₁ₖ and γ₂ₖ is one free slot (constrained covariates share theirs).
pub(crate) struct Layout {
    pub(crate) purchase_slot: Vec<usize>,
    pub(crate) dropout_slot: Vec<usize>,
    pub(crate) n: usize,
}

impl Layout {
    pub(crate) fn new(
        purchase: &[String],
        dropout: &[String],
        constrain: &[String],
    ) -> Result<Self> {
        for c in constrain {
            if !(purchase.contains(c) && dropout.contains(c)) {
                return Err(CxError::invalid(
                    "constrain",
                    format!(
                        "{c:?} must be both a purchase and a dropout covariate to be constrained"
                    ),
                ));
            }
        }
        let mut n = 4;
        let purchase_slot: Vec<usize> = purchase
            .iter()
            .map(|_| {
                n += 1;
                n - 1
            })
            .collect();
        let dropout_slot = dropout
            .iter()
            .map(|name| {
                if constrain.contains(name) {
                    purchase_slot[purchase.iter().position(|p| p == name).unwrap_or(0)]
                } else {
                    n += 1;
                    n - 1
                }
            })
            .collect();
        Ok(Self {
            purchase_slot,
            dropout_slot,
            n,
        })
    }
}

/// `(ln Γ(c + m) − ln Γ(c), ψ(c + m) − ψ(c))` for a whole number `m ≥ 0`: a product/sum for
/// small m, log-gamma and digamma otherwise.
fn rising(c: f64, m: f64) -> (f64, f64) {
    if m <= 16.0 {
        let (mut lg, mut ps) = (0.0, 0.0);
        let mut j = 0.0;
        while j < m {
            lg += ln(c + j);
            ps += 1.0 / (c + j);
            j += 1.0;
        }
        (lg, ps)
    } else {
        (ln_gamma(c + m) - ln_gamma(c), digamma(c + m) - digamma(c))
    }
}

/// One customer's BG/NBD (`k = 0`) or MBG/NBD (`k = 1`) log-likelihood (FHL 2005 eq. 6;
/// Batislam et al. 2007 eq. 4) and its gradient in `(r, α, a, b)`: `Γ(r+x)α^r/Γ(r) ·
/// [e^A + e^D]`, `A = ln B(a, b+x+k) − ln B(a,b) − (r+x) ln(α+T)`,
/// `D = ln B(a+1, b+x+k−1) − ln B(a,b) − (r+x) ln(α+tₓ)` (no D for BG/NBD at x = 0).
fn bg_one(p: [f64; 4], k: f64, x: f64, tx: f64, t: f64) -> (f64, [f64; 4]) {
    let [r, alpha, a, b] = p;
    let (lg_r, ps_r) = rising(r, x);
    let (lg_b, ps_b) = rising(b, x + k);
    let (lg_ab, ps_ab) = rising(a + b, x + k);
    let (l_t, l_tx) = (ln(alpha + t), ln(alpha + tx));
    let rx = r + x;
    let big_a = lg_b - lg_ab - rx * l_t;
    let ga = [-l_t, -rx / (alpha + t), -ps_ab, ps_b - ps_ab];
    let base = lg_r + r * ln(alpha);
    let gbase = [ps_r + ln(alpha), r / alpha, 0.0, 0.0];
    if k == 0.0 && x == 0.0 {
        let mut g = gbase;
        for (gi, ai) in g.iter_mut().zip(ga) {
            *gi += ai;
        }
        return (base + big_a, g);
    }
    let (lg_b1, ps_b1) = rising(b, x + k - 1.0);
    let big_d = ln(a) + lg_b1 - lg_ab - rx * l_tx;
    let gd = [-l_tx, -rx / (alpha + tx), 1.0 / a - ps_ab, ps_b1 - ps_ab];
    let (ln_l, pi) = log_add_exp_share(big_a, big_d);
    let mut g = gbase;
    for i in 0..4 {
        g[i] += pi * ga[i] + (1.0 - pi) * gd[i];
    }
    (base + ln_l, g)
}

/// One customer's Pareto/NBD log-likelihood and gradient in `(r, α, s, β)`, from the same
/// pieces as [`ParetoNbd`]'s fit (see `paretonbd.rs`).
fn pnbd_one(p: [f64; 4], x: f64, tx: f64, t: f64) -> (f64, [f64; 4]) {
    let params = ParetoNbdParams::from_slice(&p);
    let [r, alpha, s, beta] = p;
    let (lg_r, ps_r) = rising(r, x);
    let c0 = lg_r + r * ln(alpha) + s * ln(beta);
    let base = [ps_r + ln(alpha), r / alpha, ln(beta), s / beta];
    let at_t = pair_terms_with_gradient(&params, x, t, &AtomicU64::new(0));
    let alive = at_t[5];
    let d_alive = [at_t[6], at_t[7], at_t[8], at_t[9]];
    let mut g = [0.0; 4];
    if tx >= t {
        for k in 0..4 {
            g[k] = base[k] + d_alive[k];
        }
        return (c0 + alive, g);
    }
    let at_tx = pair_terms_with_gradient(&params, x, tx, &AtomicU64::new(0));
    // As the plain Pareto/NBD's gradient: the "died" term and the posterior share of
    // "alive" from the exponentials already taken.
    let rho = exp(at_t[0] - at_tx[0]);
    let died = ln(s) + (at_tx[0] + ln_1p(-rho));
    let (ln_l, pi) = log_add_exp_share(alive, died);
    for k in 0..4 {
        let mut d_died = (at_tx[k + 1] - rho * at_t[k + 1]) / (1.0 - rho);
        if k == 2 {
            d_died += 1.0 / s;
        }
        g[k] = base[k] + pi * d_alive[k] + (1.0 - pi) * d_died;
    }
    (c0 + ln_l, g)
}

/// A customer's four parameters from the model parameters and the linear predictors
/// `η₁ = γ₁ᵀx₁`, `η₂ = γ₂ᵀx₂`.
fn customer_params(kind: CovariateKind, p: &[f64], eta1: f64, eta2: f64) -> [f64; 4] {
    let alpha = p[1] * exp(-eta1);
    match kind {
        CovariateKind::BgNbd | CovariateKind::MbgNbd => {
            let e = exp(eta2);
            [p[0], alpha, p[2] * e, p[3] * e]
        }
        CovariateKind::ParetoNbd => [p[0], alpha, p[2], p[3] * exp(-eta2)],
    }
}

/// Chunk size of the fixed-order sums.
const CHUNK: usize = 4096;

/// Σ over rows of `term(i)` (vectors of length `n`) in fixed chunks added in order (chunks
/// in parallel with the `parallel` feature), so results do not depend on the thread count.
pub(crate) fn chunked_vec_sum<F: Fn(usize, &mut [f64]) + Sync>(
    rows: usize,
    n: usize,
    term: F,
) -> Vec<f64> {
    let part = |c: usize| -> Vec<f64> {
        let mut acc = vec![0.0; n];
        for i in c * CHUNK..((c + 1) * CHUNK).min(rows) {
            term(i, &mut acc);
        }
        acc
    };
    let chunks = rows.div_ceil(CHUNK);
    #[cfg(feature = "parallel")]
    let parts: Vec<Vec<f64>> = {
        use rayon::prelude::*;
        (0..chunks).into_par_iter().map(part).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let parts: Vec<Vec<f64>> = (0..chunks).map(part).collect();
    let mut out = vec![0.0; n];
    for p in parts {
        for (o, v) in out.iter_mut().zip(p) {
            *o += v;
        }
    }
    out
}

/// Log-likelihood (without penalty) and its gradient in the free parameters
/// `u = (ln r, ln α₀, ln a₀ | ln s, ln b₀ | ln β₀, γ…)`.
fn ll_and_gradient(
    kind: CovariateKind,
    layout: &Layout,
    data: &CovariateData,
    u: &[f64],
) -> (f64, Vec<f64>) {
    let p: Vec<f64> = u[..4].iter().map(|&v| exp(v)).collect();
    let n = layout.n;
    let sums = chunked_vec_sum(data.rows(), n + 1, |i, acc| {
        let w = data.weights[i];
        if w == 0.0 {
            return;
        }
        let x1 = data.purchase.row(i);
        let x2 = data.dropout.row(i);
        let eta1: f64 = x1
            .iter()
            .zip(&layout.purchase_slot)
            .map(|(x, &s)| x * u[s])
            .sum();
        let eta2: f64 = x2
            .iter()
            .zip(&layout.dropout_slot)
            .map(|(x, &s)| x * u[s])
            .sum();
        let q = customer_params(kind, &p, eta1, eta2);
        let (x, tx, t) = (data.frequency[i], data.recency[i], data.t[i]);
        let (ll, g) = match kind {
            CovariateKind::BgNbd => bg_one(q, 0.0, x, tx, t),
            CovariateKind::MbgNbd => bg_one(q, 1.0, x, tx, t),
            CovariateKind::ParetoNbd => pnbd_one(q, x, tx, t),
        };
        // Gradient in ln of each customer parameter, then through the covariate links.
        let gl = [q[0] * g[0], q[1] * g[1], q[2] * g[2], q[3] * g[3]];
        let g_eta1 = -gl[1];
        let g_eta2 = match kind {
            CovariateKind::ParetoNbd => -gl[3],
            _ => gl[2] + gl[3],
        };
        acc[0] += w * ll;
        for k in 0..4 {
            acc[k + 1] += w * gl[k];
        }
        for (xv, &s) in x1.iter().zip(&layout.purchase_slot) {
            acc[s + 1] += w * g_eta1 * xv;
        }
        for (xv, &s) in x2.iter().zip(&layout.dropout_slot) {
            acc[s + 1] += w * g_eta2 * xv;
        }
    });
    (sums[0], sums[1..].to_vec())
}

/// Fails unless the L2 penalty `l2` of a covariate fit is finite and not negative.
pub(crate) fn check_l2(l2: f64) -> Result<()> {
    if l2.is_finite() && l2 >= 0.0 {
        return Ok(());
    }
    Err(CxError::InvalidInput {
        field: "l2".into(),
        index: None,
        value: Some(l2.to_string()),
        reason: "the L2 penalty must be a finite number >= 0".into(),
    })
}

impl CovariateConfig {
    /// The default configuration of `kind`: no penalty, no constraint, default options.
    pub fn new(kind: CovariateKind) -> Self {
        Self {
            kind,
            l2: 0.0,
            constrain: Vec::new(),
            options: FitOptions::default(),
        }
    }

    /// Sets the L2 penalty λ.
    #[must_use]
    pub fn l2(mut self, l2: f64) -> Self {
        self.l2 = l2;
        self
    }

    /// Constrains the named covariates to one coefficient in both processes.
    #[must_use]
    pub fn constrain(mut self, names: Vec<String>) -> Self {
        self.constrain = names;
        self
    }

    /// Fits the model by (penalized) maximum likelihood.
    ///
    /// # Errors
    /// [`CxError::InvalidInput`] naming `l2` (negative or not finite), `constrain` (a name not
    /// in both processes), `frequency` (no repeat purchase); [`CxError::NotConverged`] when
    /// the likelihood is not finite.
    pub fn fit(&self, data: &CovariateData) -> Result<CovariateModel> {
        check_l2(self.l2)?;
        self.options.check()?;
        let layout = Layout::new(&data.purchase.names, &data.dropout.names, &self.constrain)?;
        // The plain model on the compressed triples: the whole answer without covariates, the
        // starting point with them.
        let repeat = RepeatData::new(&data.frequency, &data.recency, &data.t, Some(&data.weights))?;
        let plain = self.fit_plain(&repeat)?;
        let mut model = CovariateModel {
            kind: self.kind,
            params: plain.0,
            purchase_names: data.purchase.names.clone(),
            purchase_coefficients: vec![0.0; data.purchase.names.len()],
            dropout_names: data.dropout.names.clone(),
            dropout_coefficients: vec![0.0; data.dropout.names.len()],
            constrain: self.constrain.clone(),
            l2: self.l2,
            log_likelihood: plain.1,
            converged: plain.2,
            iterations: plain.3,
            standard_errors: plain.4.map(|se| CovariateErrors {
                params: se,
                purchase: Vec::new(),
                dropout: Vec::new(),
            }),
            n_customers: repeat.total_weight(),
        };
        if layout.n == 4 {
            return Ok(model);
        }
        // Optimizer coordinates: v = (r, α₀, a₀, b₀, e^γ…), all positive, so that the shared
        // BFGS on ln v works on (ln r, …, γ) directly.
        let kind = self.kind;
        let l2 = self.l2;
        let objective = |v: &[f64]| -> (f64, Vec<f64>) {
            let u: Vec<f64> = v.iter().map(|&x| ln(x)).collect();
            let (mut ll, mut g) = ll_and_gradient(kind, &layout, data, &u);
            for k in 4..layout.n {
                ll -= l2 * u[k] * u[k];
                g[k] -= 2.0 * l2 * u[k];
            }
            for k in 0..layout.n {
                g[k] /= v[k];
            }
            (ll, g)
        };
        let mut start = model.params.clone();
        start.resize(layout.n, 1.0);
        let est = maximize_positive_bfgs(&objective, &start, &self.options)?;
        let gamma = |slot: usize| ln(est.params[slot]);
        model.params = est.params[..4].to_vec();
        model.purchase_coefficients = layout.purchase_slot.iter().map(|&s| gamma(s)).collect();
        model.dropout_coefficients = layout.dropout_slot.iter().map(|&s| gamma(s)).collect();
        let penalty: f64 = (4..layout.n).map(|s| l2 * gamma(s) * gamma(s)).sum();
        model.log_likelihood = est.log_likelihood + penalty;
        model.converged = est.converged;
        model.iterations += est.iterations;
        model.standard_errors = est.standard_errors.map(|se| {
            let on_gamma = |slot: usize| se[slot] / est.params[slot];
            CovariateErrors {
                params: se[..4].to_vec(),
                purchase: layout.purchase_slot.iter().map(|&s| on_gamma(s)).collect(),
                dropout: layout.dropout_slot.iter().map(|&s| on_gamma(s)).collect(),
            }
        });
        Ok(model)
    }

    /// The plain model's fit: (params, log-likelihood, converged, iterations, standard errors).
    #[allow(clippy::type_complexity)]
    fn fit_plain(&self, data: &RepeatData) -> Result<(Vec<f64>, f64, bool, u64, Option<Vec<f64>>)> {
        let o = self.options;
        // The same five fields of each plain model's fit.
        macro_rules! plain {
            ($model:ident, $params:ident) => {{
                let mut c = $model::params();
                c.options = o;
                let m = c.fit(data)?;
                (
                    m.params.to_vec(),
                    m.log_likelihood,
                    m.converged,
                    m.iterations,
                    m.standard_errors.map($params::to_vec),
                )
            }};
        }
        Ok(match self.kind {
            CovariateKind::BgNbd => plain!(BgNbd, BgNbdParams),
            CovariateKind::MbgNbd => plain!(MbgNbd, MbgNbdParams),
            CovariateKind::ParetoNbd => plain!(ParetoNbd, ParetoNbdParams),
        })
    }
}

impl CovariateModel {
    /// A model with known parameters and coefficients (not fitted).
    ///
    /// # Errors
    /// [`CxError::InvalidInput`] for a parameter that is not finite and > 0, a coefficient that
    /// is not finite, or names and coefficients of different lengths.
    pub fn from_params(
        kind: CovariateKind,
        params: Vec<f64>,
        purchase: Vec<(String, f64)>,
        dropout: Vec<(String, f64)>,
    ) -> Result<Self> {
        let (purchase_names, purchase_coefficients) = purchase.into_iter().unzip();
        let (dropout_names, dropout_coefficients) = dropout.into_iter().unzip();
        let m = Self {
            kind,
            params,
            purchase_names,
            purchase_coefficients,
            dropout_names,
            dropout_coefficients,
            constrain: Vec::new(),
            l2: 0.0,
            log_likelihood: 0.0,
            converged: false,
            iterations: 0,
            standard_errors: None,
            n_customers: 0.0,
        };
        m.check()?;
        Ok(m)
    }

    /// Checks the parameters, coefficients and names (also after reading a document).
    ///
    /// # Errors
    /// As [`CovariateModel::from_params`].
    pub fn check(&self) -> Result<()> {
        if self.params.len() != 4 {
            return Err(CxError::invalid("params", "expected four model parameters"));
        }
        crate::clv::data::check_positive(self.kind.param_names(), &self.params)?;
        for (names, coefs, field) in [
            (
                &self.purchase_names,
                &self.purchase_coefficients,
                "purchase_coefficients",
            ),
            (
                &self.dropout_names,
                &self.dropout_coefficients,
                "dropout_coefficients",
            ),
        ] {
            check_same_len(field, coefs.len(), "names", names.len())?;
            if let Some((i, v)) = coefs.iter().enumerate().find(|(_, v)| !v.is_finite()) {
                return Err(CxError::invalid_at(
                    field,
                    i,
                    v,
                    "coefficients must be finite",
                ));
            }
        }
        Ok(())
    }

    /// Log-likelihood of `data` under this model (without any penalty).
    ///
    /// # Errors
    /// As [`CovariateModel::check`]; [`CxError::InvalidInput`] naming `covariates` when a
    /// covariate of the model is missing from `data`.
    pub fn log_likelihood_of(&self, data: &CovariateData) -> Result<f64> {
        self.check()?;
        let d = self.align(data)?;
        let layout = Layout::new(&self.purchase_names, &self.dropout_names, &[])?;
        let mut u: Vec<f64> = self.params.iter().map(|&v| ln(v)).collect();
        u.extend(&self.purchase_coefficients);
        u.extend(&self.dropout_coefficients);
        Ok(ll_and_gradient(self.kind, &layout, &d, &u).0)
    }

    /// `data` with its covariate columns in the model's order.
    fn align(&self, data: &CovariateData) -> Result<CovariateData> {
        Ok(CovariateData {
            purchase: data.purchase.select(&self.purchase_names, "purchase")?,
            dropout: data.dropout.select(&self.dropout_names, "dropout")?,
            ..data.clone()
        })
    }

    /// The plain model of customer `i` (its own α, a, b or β).
    fn customer_model(
        &self,
        x1: &[f64],
        x2: &[f64],
    ) -> Result<Box<dyn PurchaseModel + Send + Sync>> {
        let eta1: f64 = x1
            .iter()
            .zip(&self.purchase_coefficients)
            .map(|(x, g)| x * g)
            .sum();
        let eta2: f64 = x2
            .iter()
            .zip(&self.dropout_coefficients)
            .map(|(x, g)| x * g)
            .sum();
        let q = customer_params(self.kind, &self.params, eta1, eta2);
        Ok(match self.kind {
            CovariateKind::BgNbd => Box::new(BgNbd::from_params(BgNbdParams::from_slice(&q))?),
            CovariateKind::MbgNbd => Box::new(MbgNbd::from_params(MbgNbdParams::from_slice(&q))?),
            CovariateKind::ParetoNbd => {
                Box::new(ParetoNbd::from_params(ParetoNbdParams::from_slice(&q))?)
            }
        })
    }

    /// Per-customer parameters `[r, αᵢ, aᵢ, bᵢ]` (or `[r, αᵢ, s, βᵢ]`) of every customer.
    ///
    /// # Errors
    /// [`CxError::InvalidInput`] naming `covariates` for a missing covariate, or a customer
    /// parameter that overflows.
    pub fn customer_params(&self, data: &CovariateData) -> Result<Vec<[f64; 4]>> {
        let d = self.align(data)?;
        (0..d.rows())
            .map(|i| {
                let eta1: f64 = d
                    .purchase
                    .row(i)
                    .iter()
                    .zip(&self.purchase_coefficients)
                    .map(|(x, g)| x * g)
                    .sum();
                let eta2: f64 = d
                    .dropout
                    .row(i)
                    .iter()
                    .zip(&self.dropout_coefficients)
                    .map(|(x, g)| x * g)
                    .sum();
                let q = customer_params(self.kind, &self.params, eta1, eta2);
                crate::clv::data::check_positive(self.kind.param_names(), &q)?;
                Ok(q)
            })
            .collect()
    }

    fn map_customers(
        &self,
        data: &CovariateData,
        f: impl Fn(&dyn PurchaseModel, usize) -> Result<f64>,
    ) -> Result<Vec<f64>> {
        let d = self.align(data)?;
        (0..d.rows())
            .map(|i| {
                let m = self.customer_model(d.purchase.row(i), d.dropout.row(i))?;
                f(m.as_ref(), i)
            })
            .collect()
    }

    /// P(alive) of each customer of `data` (its history and covariates).
    ///
    /// # Errors
    /// A missing covariate (`covariates`), or a customer parameter that overflows.
    pub fn p_alive(&self, data: &CovariateData) -> Result<Vec<f64>> {
        self.map_customers(data, |m, i| {
            m.p_alive(data.frequency[i], data.recency[i], data.t[i])
        })
    }

    /// Expected purchases of each customer in the next `horizon` time units.
    ///
    /// # Errors
    /// As [`CovariateModel::p_alive`], and a bad horizon.
    pub fn expected_purchases(&self, horizon: f64, data: &CovariateData) -> Result<Vec<f64>> {
        check_horizon(horizon)?;
        self.map_customers(data, |m, i| {
            m.expected_purchases(horizon, data.frequency[i], data.recency[i], data.t[i])
        })
    }

    /// Expected repeat purchases in `(0, horizon]` of a new customer with each row's covariates.
    ///
    /// # Errors
    /// As [`CovariateModel::expected_purchases`].
    pub fn expected_purchases_new(&self, horizon: f64, data: &CovariateData) -> Result<Vec<f64>> {
        check_horizon(horizon)?;
        self.map_customers(data, |m, _| m.expected_purchases_new(horizon))
    }

    /// Discounted CLV of each customer (see [`discounted_clv`]) over `months` with the
    /// expected spend per purchase `spend`.
    ///
    /// # Errors
    /// As [`discounted_clv`] and [`CovariateModel::p_alive`].
    pub fn clv(
        &self,
        data: &CovariateData,
        spend: &[f64],
        months: u32,
        discount_rate: f64,
        unit: TimeUnit,
    ) -> Result<Vec<f64>> {
        check_same_len("frequency", data.rows(), "monetary_value", spend.len())?;
        self.map_customers(data, |m, i| {
            let v = discounted_clv(
                m,
                &data.frequency[i..=i],
                &data.recency[i..=i],
                &data.t[i..=i],
                &spend[i..=i],
                months,
                discount_rate,
                unit,
            )
            .map_err(|e| reindex(e, i))?;
            Ok(v[0])
        })
    }
}

/// An error about row 0 of a one-row call, renamed to row `i`.
fn reindex(e: CxError, i: usize) -> CxError {
    match e {
        CxError::InvalidInput {
            field,
            index: Some(0),
            value,
            reason,
        } => CxError::InvalidInput {
            field,
            index: Some(i),
            value,
            reason,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::simulate::Rng;
    use approx::assert_relative_eq;

    /// Customers simulated with covariates: x₁ ~ N(0, 1), x₂ ~ Bernoulli(0.5) in both processes,
    /// each customer drawn from the plain model at its own parameters.
    fn simulate(
        kind: CovariateKind,
        p: [f64; 4],
        g1: [f64; 2],
        g2: [f64; 2],
        n: usize,
        seed: u64,
    ) -> CovariateData {
        let mut rng = Rng::new(seed);
        let (mut f, mut r, mut t, mut cov) = (vec![], vec![], vec![], vec![]);
        for i in 0..n {
            let x = [rng.normal(), if rng.uniform() < 0.5 { 1.0 } else { 0.0 }];
            let eta1 = g1[0] * x[0] + g1[1] * x[1];
            let eta2 = g2[0] * x[0] + g2[1] * x[1];
            let q = customer_params(kind, &p, eta1, eta2);
            let te = [30.0 + (i % 10) as f64];
            let s = match kind {
                CovariateKind::BgNbd => {
                    crate::clv::simulate::bgnbd(q[0], q[1], q[2], q[3], &te, rng.next_u64())
                }
                CovariateKind::MbgNbd => {
                    crate::clv::simulate::mbgnbd(q[0], q[1], q[2], q[3], &te, rng.next_u64())
                }
                CovariateKind::ParetoNbd => {
                    crate::clv::simulate::paretonbd(q[0], q[1], q[2], q[3], &te, rng.next_u64())
                }
            };
            f.push(s.frequency[0]);
            r.push(s.recency[0]);
            t.push(te[0]);
            cov.extend(x);
        }
        let names = vec!["x1".to_string(), "x2".to_string()];
        let c = Covariates::new(names, cov, n).unwrap();
        CovariateData::new(&f, &r, &t, None, c.clone(), c).unwrap()
    }

    #[test]
    fn without_covariates_the_fit_is_the_plain_fit() {
        let sim = crate::clv::simulate::bgnbd(0.5, 5.0, 0.8, 2.5, &vec![35.0; 3000], 3);
        let n = sim.frequency.len();
        let data = CovariateData::new(
            &sim.frequency,
            &sim.recency,
            &sim.t,
            None,
            Covariates::none(n),
            Covariates::none(n),
        )
        .unwrap();
        let repeat = RepeatData::new(&sim.frequency, &sim.recency, &sim.t, None).unwrap();
        let plain = BgNbd::params().fit(&repeat).unwrap();
        let m = CovariateConfig::new(CovariateKind::BgNbd)
            .fit(&data)
            .unwrap();
        assert_eq!(m.params, plain.params.to_vec());
        assert_eq!(m.log_likelihood, plain.log_likelihood);
        let mb = CovariateConfig::new(CovariateKind::MbgNbd)
            .fit(&data)
            .unwrap();
        let plain_mb = MbgNbd::params().fit(&repeat).unwrap();
        assert_eq!(mb.params, plain_mb.params.to_vec());
        assert_eq!(mb.log_likelihood, plain_mb.log_likelihood);
        let pn = CovariateConfig::new(CovariateKind::ParetoNbd)
            .fit(&data)
            .unwrap();
        let plain_pn = ParetoNbd::params().fit(&repeat).unwrap();
        assert_eq!(pn.params, plain_pn.params.to_vec());
        assert_eq!(pn.log_likelihood, plain_pn.log_likelihood);
        // Scoring reduces too.
        let pa = m.p_alive(&data).unwrap();
        let want = plain
            .p_alive_many(&sim.frequency, &sim.recency, &sim.t)
            .unwrap();
        assert_eq!(pa, want);
    }

    #[test]
    fn zero_coefficients_give_the_plain_likelihood() {
        // The per-customer likelihood with γ = 0 equals each plain model's (summed over
        // compressed triples there, over customers here: equal to rounding).
        let sim = crate::clv::simulate::paretonbd(0.6, 8.0, 0.7, 10.0, &vec![39.0; 800], 5);
        let n = sim.frequency.len();
        let c = Covariates::new(
            vec!["z".into()],
            (0..n).map(|i| (i % 7) as f64).collect(),
            n,
        )
        .unwrap();
        let data =
            CovariateData::new(&sim.frequency, &sim.recency, &sim.t, None, c.clone(), c).unwrap();
        let repeat = RepeatData::new(&sim.frequency, &sim.recency, &sim.t, None).unwrap();
        let p = [0.6, 8.0, 0.7, 10.0];
        let cases: [(CovariateKind, f64); 3] = [
            (
                CovariateKind::BgNbd,
                BgNbd::log_likelihood_of(&BgNbdParams::from_slice(&p), &repeat),
            ),
            (
                CovariateKind::MbgNbd,
                MbgNbd::log_likelihood_of(&MbgNbdParams::from_slice(&p), &repeat),
            ),
            (
                CovariateKind::ParetoNbd,
                ParetoNbd::log_likelihood_of(&ParetoNbdParams::from_slice(&p), &repeat),
            ),
        ];
        for (kind, want) in cases {
            let m = CovariateModel::from_params(
                kind,
                p.to_vec(),
                vec![("z".into(), 0.0)],
                vec![("z".into(), 0.0)],
            )
            .unwrap();
            assert_relative_eq!(
                m.log_likelihood_of(&data).unwrap(),
                want,
                max_relative = 1e-12
            );
        }
    }

    #[test]
    fn analytic_gradient_matches_differences() {
        for kind in [
            CovariateKind::BgNbd,
            CovariateKind::MbgNbd,
            CovariateKind::ParetoNbd,
        ] {
            let data = simulate(kind, [0.5, 6.0, 0.8, 3.0], [0.3, -0.2], [0.2, 0.4], 300, 11);
            let layout = Layout::new(&data.purchase.names, &data.dropout.names, &[]).unwrap();
            let u = [
                ln(0.5f64),
                ln(6.0f64),
                ln(0.9f64),
                ln(2.5f64),
                0.2,
                -0.1,
                0.1,
                0.3,
            ];
            let (_, g) = ll_and_gradient(kind, &layout, &data, &u);
            for k in 0..u.len() {
                let h = 1e-6;
                let (mut up, mut down) = (u.to_vec(), u.to_vec());
                up[k] += h;
                down[k] -= h;
                let fd = (ll_and_gradient(kind, &layout, &data, &up).0
                    - ll_and_gradient(kind, &layout, &data, &down).0)
                    / (2.0 * h);
                assert_relative_eq!(g[k], fd, max_relative = 1e-6, epsilon = 1e-5);
            }
        }
    }

    #[test]
    fn recovers_simulated_coefficients() {
        let cases = [
            (
                CovariateKind::BgNbd,
                [0.5, 6.0, 0.8, 3.0],
                [0.5, -0.4],
                [0.3, 0.5],
            ),
            (
                CovariateKind::ParetoNbd,
                [0.6, 8.0, 0.8, 12.0],
                [0.5, -0.4],
                [0.4, -0.6],
            ),
        ];
        for (kind, p, g1, g2) in cases {
            let data = simulate(kind, p, g1, g2, 6000, 21);
            let m = CovariateConfig::new(kind).fit(&data).unwrap();
            assert!(m.converged, "{kind:?}");
            let se = m.standard_errors.clone().unwrap();
            let est: Vec<f64> = m
                .params
                .iter()
                .chain(&m.purchase_coefficients)
                .chain(&m.dropout_coefficients)
                .copied()
                .collect();
            let ses: Vec<f64> = se
                .params
                .iter()
                .chain(&se.purchase)
                .chain(&se.dropout)
                .copied()
                .collect();
            let truth: Vec<f64> = p.iter().chain(&g1).chain(&g2).copied().collect();
            let names = [
                "r", "alpha", "a|s", "b|beta", "g1_x1", "g1_x2", "g2_x1", "g2_x2",
            ];
            crate::clv::data::assert_within_3_se(&names, &est, &ses, &truth);
            // A covariate that matters raises the likelihood over the plain model.
            let plain = CovariateConfig::new(kind)
                .fit(&CovariateData {
                    purchase: Covariates::none(6000),
                    dropout: Covariates::none(6000),
                    ..data.clone()
                })
                .unwrap();
            assert!(m.log_likelihood > plain.log_likelihood + 10.0);
        }
    }

    #[test]
    fn penalty_shrinks_and_constraint_ties() {
        let data = simulate(
            CovariateKind::BgNbd,
            [0.5, 6.0, 0.8, 3.0],
            [0.5, 0.3],
            [0.5, 0.3],
            2000,
            4,
        );
        let free = CovariateConfig::new(CovariateKind::BgNbd)
            .fit(&data)
            .unwrap();
        let shrunk = CovariateConfig::new(CovariateKind::BgNbd)
            .l2(50.0)
            .fit(&data)
            .unwrap();
        let norm = |m: &CovariateModel| {
            m.purchase_coefficients
                .iter()
                .chain(&m.dropout_coefficients)
                .map(|g| g * g)
                .sum::<f64>()
        };
        assert!(norm(&shrunk) < norm(&free));
        assert!(shrunk.log_likelihood <= free.log_likelihood);
        let tied = CovariateConfig::new(CovariateKind::BgNbd)
            .constrain(vec!["x1".into()])
            .fit(&data)
            .unwrap();
        assert_eq!(tied.purchase_coefficients[0], tied.dropout_coefficients[0]);
        assert_ne!(tied.purchase_coefficients[1], tied.dropout_coefficients[1]);
        assert!(tied.log_likelihood <= free.log_likelihood + 1e-9);
        let e = CovariateConfig::new(CovariateKind::BgNbd)
            .constrain(vec!["nope".into()])
            .fit(&data)
            .unwrap_err();
        assert_eq!(e.field(), Some("constrain"));
        let e = CovariateConfig::new(CovariateKind::BgNbd)
            .l2(-1.0)
            .fit(&data)
            .unwrap_err();
        assert_eq!(e.field(), Some("l2"));
    }

    #[test]
    fn scoring_uses_each_customers_parameters() {
        let m = CovariateModel::from_params(
            CovariateKind::BgNbd,
            vec![0.243, 4.414, 0.793, 2.426],
            vec![("x".into(), 0.5)],
            vec![("x".into(), -0.2)],
        )
        .unwrap();
        let c = Covariates::new(vec!["x".into()], vec![0.0, 1.0], 2).unwrap();
        let data = CovariateData::new(
            &[2.0, 2.0],
            &[30.43, 30.43],
            &[38.86, 38.86],
            None,
            c.clone(),
            c,
        )
        .unwrap();
        let pa = m.p_alive(&data).unwrap();
        let plain0 = BgNbd::from_params(BgNbdParams {
            r: 0.243,
            alpha: 4.414,
            a: 0.793,
            b: 2.426,
        })
        .unwrap();
        assert_eq!(pa[0], plain0.p_alive(2.0, 30.43, 38.86).unwrap());
        let e = exp(-0.2f64);
        let plain1 = BgNbd::from_params(BgNbdParams {
            r: 0.243,
            alpha: 4.414 * exp(-0.5f64),
            a: 0.793 * e,
            b: 2.426 * e,
        })
        .unwrap();
        assert_eq!(pa[1], plain1.p_alive(2.0, 30.43, 38.86).unwrap());
        let ep = m.expected_purchases(10.0, &data).unwrap();
        assert_eq!(
            ep[1],
            plain1.expected_purchases(10.0, 2.0, 30.43, 38.86).unwrap()
        );
        // A missing covariate is named.
        let other = Covariates::new(vec!["y".into()], vec![0.0, 1.0], 2).unwrap();
        let bad = CovariateData::new(
            &[2.0, 2.0],
            &[30.43, 30.43],
            &[38.86, 38.86],
            None,
            other.clone(),
            other,
        )
        .unwrap();
        assert_eq!(m.p_alive(&bad).unwrap_err().field(), Some("covariates"));
        // Round trip through JSON.
        let back: CovariateModel =
            serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(back, m);
    }
}
