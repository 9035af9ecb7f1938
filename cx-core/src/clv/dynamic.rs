//! Pareto/NBD with time-varying (dynamic) covariates: Bachmann, Meierer and Näf (2021), "The
//! Role of Time-Varying Contextual Factors in Latent Attrition Models for Customer Base
//! Analysis", Marketing Science 40(4), 783–809 (the model of `CLVTools`' `pnbd` with dynamic
//! covariates).
//!
//! Covariates are constant within each period (a calendar week, say) and change between
//! periods. While active, a customer buys at rate `λ·exp(γ₁ᵀx(t))` and drops out at hazard
//! `μ·exp(γ₂ᵀz(t))`, with `λ ~ Gamma(r, α)` and `μ ~ Gamma(s, β)`. With the customer's
//! cumulative exposures `A(t) = ∫₀ᵗ e^{γ₁ᵀx(u)} du` and `B(t) = ∫₀ᵗ e^{γ₂ᵀz(u)} du` (t from the
//! first purchase) the rates integrate out in closed form:
//!
//! `L = ∏ⱼ e^{γ₁ᵀx(tⱼ)} · Γ(r+x)αʳβˢ/Γ(r) · [ (α+A(T))^{−(r+x)} (β+B(T))^{−s}
//!      + s ∫_{tₓ}^{T} e^{γ₂ᵀz(τ)} (α+A(τ))^{−(r+x)} (β+B(τ))^{−(s+1)} dτ ]`,
//!
//! where `t₁..tₓ` are the repeat purchase times. The likelihood reads, per customer, `x`, `tₓ`,
//! `T`, the covariate path and the sum `Σⱼ x(tⱼ)` of the purchase covariates at the repeat
//! purchases (each purchase takes the covariates of the period it falls in).
//!
//! The dropout-time integral is done in closed form, period by period: where A and B are
//! linear (`A = P' + a·v`, `B = Q + b·v` on a piece of length h, `a = e^{γ₁ᵀx}`, `b = e^{γ₂ᵀz}`),
//! the substitution `w = b·v` gives
//! `∫₀ʰ b (P'+av)^{−m} (Q+bv)^{−(s+1)} dv = (b/a)^m [F(0) − F(bh)]`, `m = r + x`, with `F` the
//! plain Pareto/NBD's antiderivative (`paretonbd.rs`, Euler-transformed ₂F₁) at the shifted
//! parameters `α' = P'·b/a`, `β' = Q`. Pieces on which the integrand is smooth (each linear
//! factor changes by at most 25% and its log by at most 1; most pieces of a weekly grid) take
//! the 10-point Gauss–Legendre rule instead, which is exact to rounding there, cheaper, and
//! free of the cancellation in `F(0) − F(bh)` on short pieces (`gauss_matches_closed_form`
//! checks the two routes against each other to 1e-13 at the edge of that region;
//! `died_term_matches_quadrature` checks the sum against adaptive Gauss–Kronrod).
//!
//! Given alive at T, `λ | data ~ Gamma(r+x, α+A(T))` and P(alive until u) =
//! `((β+B(T))/(β+B(u)))^s`, so the expected purchases in `(T, T+t]` are
//! `P(alive) · (r+x)/(α+A(T)) · ∫_T^{T+t} e^{γ₁ᵀx(u)} ((β+B(T))/(β+B(u)))^s du`, again in closed
//! form per period. With covariates that do not change over time all of this is the
//! static-covariate Pareto/NBD ([`CovariateModel`](crate::clv::CovariateModel)) exactly; with
//! γ = 0 it is the plain Pareto/NBD.

use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use crate::clv::bgnbd::logistic;
use crate::clv::covariates::{Layout, check_l2, chunked_vec_sum};
use crate::clv::data::{check_horizon, check_triple, check_weights};
use crate::clv::paretonbd::pair_terms_with_gradient;
use crate::clv::simulate::Rng;
use crate::clv::{CovariateErrors, Covariates, ParetoNbd, ParetoNbdParams, RepeatData};
use crate::error::{CxError, Result, check_same_len};
use crate::fit::{FitOptions, digamma, log_add_exp, log_sub_exp, maximize_positive_bfgs};
use crate::math::{exp, ln, ln_gamma, powf};

/// Customers with time-varying covariates: each customer's (frequency, recency, T), its
/// covariate periods (a regular grid of `period_length`, in customer time, i.e. time units
/// since the customer's first purchase) and the purchase covariates summed over its repeat
/// purchases. Validated: what a dynamic-covariate fit and its scoring read.
#[derive(Debug, Clone, PartialEq)]
pub struct DynamicData {
    frequency: Vec<f64>,
    recency: Vec<f64>,
    t: Vec<f64>,
    weights: Vec<f64>,
    period_length: f64,
    offsets: Vec<usize>,
    starts: Vec<f64>,
    purchase: Covariates,
    dropout: Covariates,
    purchase_sums: Covariates,
    /// The customer code of each row (errors about a customer name it): `0..n` unless read
    /// from long tables.
    codes: Vec<usize>,
}

/// Relative slack when comparing period starts (they come from dates divided by a time unit).
const GRID_SLACK: f64 = 1e-6;

impl DynamicData {
    /// Checks and stores the data.
    ///
    /// - `frequency`, `recency`, `t`, `weights`: as [`RepeatData::new`];
    /// - `period_length` > 0: the length of one covariate period in the data's time unit;
    /// - `offsets` (n + 1 entries, from 0 to the number of periods): customer `i`'s periods
    ///   are rows `offsets[i]..offsets[i+1]` of `starts`, `purchase` and `dropout`;
    /// - `starts`: each period's start in customer time; a customer's first period must
    ///   contain its first purchase (start ≤ 0), the next start one `period_length` later
    ///   each (no gap), and the last period must end at or after `T`;
    /// - `purchase_sums`: one row per customer, the purchase covariates summed over its
    ///   repeat purchases (same names as `purchase`).
    ///
    /// # Errors
    /// As [`RepeatData::new`]; [`CxError::InvalidInput`] naming `period_length`, `offsets`,
    /// `period_start` (first period after the first purchase, a gap or unsorted starts, a
    /// path ending before T; with the customer's index) or `purchase_sums` (other names);
    /// [`CxError::LengthMismatch`] for covariate tables of the wrong size.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        frequency: &[f64],
        recency: &[f64],
        t: &[f64],
        weights: Option<&[f64]>,
        period_length: f64,
        offsets: &[usize],
        starts: &[f64],
        purchase: Covariates,
        dropout: Covariates,
        purchase_sums: Covariates,
    ) -> Result<Self> {
        let n = frequency.len();
        crate::error::check_len_at_least("frequency", n, 1)?;
        check_same_len("frequency", n, "recency", recency.len())?;
        check_same_len("frequency", n, "T", t.len())?;
        check_weights(n, weights)?;
        for i in 0..n {
            check_triple(i, frequency[i], recency[i], t[i])?;
        }
        if !(period_length.is_finite() && period_length > 0.0) {
            return Err(CxError::InvalidInput {
                field: "period_length".into(),
                index: None,
                value: Some(period_length.to_string()),
                reason: "the covariate period length must be a finite number > 0".into(),
            });
        }
        check_same_len("frequency", n + 1, "offsets", offsets.len())?;
        if offsets[0] != 0 || offsets[n] != starts.len() {
            return Err(CxError::invalid(
                "offsets",
                format!(
                    "offsets must run from 0 to the number of periods ({})",
                    starts.len()
                ),
            ));
        }
        check_same_len("period_start", starts.len(), "purchase", purchase.rows())?;
        check_same_len("period_start", starts.len(), "dropout", dropout.rows())?;
        check_same_len("frequency", n, "purchase_sums", purchase_sums.rows())?;
        if purchase_sums.names() != purchase.names() {
            return Err(CxError::invalid(
                "purchase_sums",
                "the purchase sums must have the purchase covariates' names, in order",
            ));
        }
        for i in 0..n {
            let (lo, hi) = (offsets[i], offsets[i + 1]);
            if hi <= lo {
                return Err(CxError::invalid_at(
                    "offsets",
                    i,
                    hi,
                    "every customer needs at least one covariate period",
                ));
            }
            check_path(i, &starts[lo..hi], period_length, t[i])?;
        }
        Ok(Self {
            frequency: frequency.to_vec(),
            recency: recency.to_vec(),
            t: t.to_vec(),
            weights: weights.map_or_else(|| vec![1.0; n], <[f64]>::to_vec),
            period_length,
            offsets: offsets.to_vec(),
            starts: starts.to_vec(),
            purchase,
            dropout,
            purchase_sums,
            codes: (0..n).collect(),
        })
    }

    /// Number of customers.
    pub fn rows(&self) -> usize {
        self.frequency.len()
    }

    /// Repeat purchases of each customer.
    pub fn frequency(&self) -> &[f64] {
        &self.frequency
    }

    /// Time of each customer's last purchase (customer time).
    pub fn recency(&self) -> &[f64] {
        &self.recency
    }

    /// End of each customer's observation (customer time).
    pub fn t(&self) -> &[f64] {
        &self.t
    }

    /// Each customer's purchase covariates summed over its repeat purchases.
    pub fn purchase_sums(&self) -> &Covariates {
        &self.purchase_sums
    }

    /// The covariate path of customer `i` ends at this time (customer time).
    fn path_end(&self, i: usize) -> f64 {
        self.starts[self.offsets[i + 1] - 1] + self.period_length
    }

    /// The same customers with the covariate columns in the order of `purchase` and `dropout`.
    fn select(&self, purchase: &[String], dropout: &[String]) -> Result<Self> {
        Ok(Self {
            purchase: self.purchase.select(purchase, "purchase")?,
            dropout: self.dropout.select(dropout, "dropout")?,
            purchase_sums: self.purchase_sums.select(purchase, "purchase")?,
            ..self.clone()
        })
    }
}

/// Checks customer `i`'s period starts `s`: finite, the first containing customer time 0, one
/// `period_length` apart, and reaching `t`.
fn check_path(i: usize, s: &[f64], period_length: f64, t: f64) -> Result<()> {
    let slack = GRID_SLACK * period_length;
    if let Some(v) = s.iter().find(|v| !v.is_finite()) {
        return Err(CxError::invalid_at(
            "period_start",
            i,
            v,
            "period starts must be finite",
        ));
    }
    if s[0] > slack || s[0] <= -period_length - slack {
        return Err(CxError::invalid_at(
            "period_start",
            i,
            s[0],
            "the customer's first covariate period must contain its first purchase \
             (start in (-period_length, 0])",
        ));
    }
    for k in 1..s.len() {
        let gap = s[k] - s[k - 1];
        if (gap - period_length).abs() > slack {
            return Err(CxError::invalid_at(
                "period_start",
                i,
                s[k],
                if gap <= 0.0 {
                    "period starts must be increasing (sort the covariates by date)"
                } else {
                    "a covariate period is missing (starts must be one period apart)"
                },
            ));
        }
    }
    let end = s[s.len() - 1] + period_length;
    if end < t - slack {
        return Err(CxError::invalid_at(
            "period_start",
            i,
            end,
            format!("the covariate path ends before the end of observation T = {t}"),
        ));
    }
    Ok(())
}

/// [`DynamicData`] from long tables, the layout of `CLVTools`' `SetDynamicCovariates`:
/// transactions `(customer, time)` and one covariate row per customer and period
/// `(customer, period start, covariates…)`, every time in the model's unit on one clock (e.g.
/// days since an epoch ÷ 7 for weeks). Customers are codes `0..n_customers`.
///
/// Per customer: transactions after `observation_end` are ignored and transactions at the same
/// time count once; the first one is the first purchase (customer time 0), `frequency` the
/// number of later distinct times, `recency` the last one, `T = observation_end − first`. The
/// covariate rows may come in any order; a customer's periods (each `period_length` long) must
/// run without gap from the one containing its first purchase to one ending at or after
/// `observation_end` (earlier periods are dropped, later ones kept for prediction). A repeat
/// purchase takes the purchase covariates of the period it falls in (periods are `[start,
/// start + period_length)`), summed into `purchase_sums`.
///
/// Returns the data (one row per customer with a transaction up to `observation_end`) and
/// the code of each row.
///
/// # Errors
/// [`CxError::InvalidInput`] naming `customer` (a code out of range), `time`,
/// `observation_end` or `period_start` (not finite), `period_start` with the customer code
/// (two rows for one period, no covariates for a customer, a missing period, periods ending
/// before `observation_end`), `covariates` (not finite); [`CxError::LengthMismatch`].
#[allow(clippy::too_many_arguments)]
pub fn dynamic_data_from_long(
    n_customers: usize,
    tx_customer: &[usize],
    tx_time: &[f64],
    cov_customer: &[usize],
    cov_start: &[f64],
    purchase: &Covariates,
    dropout: &Covariates,
    observation_end: f64,
    period_length: f64,
) -> Result<(DynamicData, Vec<usize>)> {
    check_same_len("customer", tx_customer.len(), "time", tx_time.len())?;
    check_same_len(
        "covariate customer",
        cov_customer.len(),
        "period_start",
        cov_start.len(),
    )?;
    check_same_len("period_start", cov_start.len(), "purchase", purchase.rows())?;
    check_same_len("period_start", cov_start.len(), "dropout", dropout.rows())?;
    if !observation_end.is_finite() {
        return Err(CxError::invalid("observation_end", "must be finite"));
    }
    if !(period_length.is_finite() && period_length > 0.0) {
        return Err(CxError::invalid(
            "period_length",
            "must be a finite number > 0",
        ));
    }
    let (mut times, mut rows) = group_by_customer(
        n_customers,
        tx_customer,
        tx_time,
        cov_customer,
        cov_start,
        observation_end,
    )?;
    let p1 = purchase.names().len();
    let (mut f, mut rec, mut t, mut codes) = (vec![], vec![], vec![], vec![]);
    let (mut offsets, mut starts, mut xv, mut zv, mut sums) =
        (vec![0], vec![], vec![], vec![], vec![]);
    for c in 0..n_customers {
        let ts = &mut times[c];
        if ts.is_empty() {
            continue;
        }
        ts.sort_by(f64::total_cmp);
        ts.dedup();
        let first = ts[0];
        let (mine, s) = customer_periods(
            c,
            first,
            &mut rows[c],
            cov_start,
            observation_end,
            period_length,
        )?;
        let mut sum = vec![0.0; p1];
        for &u in &ts[1..] {
            let k = s.partition_point(|&v| v <= u - first + 1e-12 * (1.0 + u.abs())) - 1;
            for (a, b) in sum.iter_mut().zip(purchase.row(mine[k])) {
                *a += b;
            }
        }
        f.push((ts.len() - 1) as f64);
        rec.push(ts[ts.len() - 1] - first);
        t.push(observation_end - first);
        codes.push(c);
        sums.extend(sum);
        for &j in &mine {
            xv.extend_from_slice(purchase.row(j));
            zv.extend_from_slice(dropout.row(j));
        }
        starts.extend(s);
        offsets.push(starts.len());
    }
    let n = f.len();
    let np = starts.len();
    let names1 = purchase.names().to_vec();
    let data = DynamicData::new(
        &f,
        &rec,
        &t,
        None,
        period_length,
        &offsets,
        &starts,
        Covariates::new(names1.clone(), xv, np)?,
        Covariates::new(dropout.names().to_vec(), zv, np)?,
        Covariates::new(names1, sums, n)?,
    )?;
    let data = DynamicData {
        codes: codes.clone(),
        ..data
    };
    Ok((data, codes))
}

/// Transaction times (up to `observation_end`) and covariate row indices of each customer.
#[allow(clippy::type_complexity)]
fn group_by_customer(
    n_customers: usize,
    tx_customer: &[usize],
    tx_time: &[f64],
    cov_customer: &[usize],
    cov_start: &[f64],
    observation_end: f64,
) -> Result<(Vec<Vec<f64>>, Vec<Vec<usize>>)> {
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); n_customers];
    for (j, (&c, &t)) in tx_customer.iter().zip(tx_time).enumerate() {
        if c >= n_customers {
            return Err(CxError::invalid_at(
                "customer",
                j,
                c,
                "customer code out of range",
            ));
        }
        if !t.is_finite() {
            return Err(CxError::invalid_at(
                "time",
                j,
                t,
                "transaction times must be finite",
            ));
        }
        if t <= observation_end {
            times[c].push(t);
        }
    }
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); n_customers];
    for (j, (&c, &s)) in cov_customer.iter().zip(cov_start).enumerate() {
        if c >= n_customers {
            return Err(CxError::invalid_at(
                "customer",
                j,
                c,
                "customer code out of range",
            ));
        }
        if !s.is_finite() {
            return Err(CxError::invalid_at(
                "period_start",
                j,
                s,
                "period starts must be finite",
            ));
        }
        rows[c].push(j);
    }
    Ok((times, rows))
}

/// Customer `c`'s covariate rows (indices into the long table, sorted) from the period
/// containing its first purchase at `first`, and their starts in customer time, checked.
fn customer_periods(
    c: usize,
    first: f64,
    r: &mut [usize],
    cov_start: &[f64],
    observation_end: f64,
    period_length: f64,
) -> Result<(Vec<usize>, Vec<f64>)> {
    let slack = GRID_SLACK * period_length;
    if r.is_empty() {
        return Err(CxError::invalid_at(
            "period_start",
            c,
            "none",
            "the customer has no covariate rows",
        ));
    }
    r.sort_by(|&a, &b| cov_start[a].total_cmp(&cov_start[b]));
    for w in r.windows(2) {
        if cov_start[w[1]] - cov_start[w[0]] <= slack {
            return Err(CxError::invalid_at(
                "period_start",
                c,
                cov_start[w[1]],
                "two covariate rows for one customer and period",
            ));
        }
    }
    let contains_first = |j: &usize| {
        cov_start[*j] - first > -period_length - slack && cov_start[*j] - first <= slack
    };
    let Some(k0) = r.iter().position(contains_first) else {
        return Err(CxError::invalid_at(
            "period_start",
            c,
            first,
            "no covariate period contains the customer's first purchase (a period is missing)",
        ));
    };
    let mine = r[k0..].to_vec();
    let s: Vec<f64> = mine.iter().map(|&j| cov_start[j] - first).collect();
    check_path(c, &s, period_length, observation_end - first).map_err(|e| match e {
        CxError::InvalidInput {
            field,
            index,
            value,
            reason,
        } if reason.contains("ends before") => CxError::InvalidInput {
            field,
            index,
            value,
            reason: format!("the covariate path ends before observation_end = {observation_end}"),
        },
        other => other,
    })?;
    Ok((mine, s))
}

/// The configuration of a dynamic-covariate fit: L2 penalty, constraints, optimizer options.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DynamicConfig {
    /// L2 penalty λ ≥ 0 on the coefficients (objective `ℓ − λ Σ γ²`); 0 (default) for none.
    pub l2: f64,
    /// Covariates whose purchase and dropout coefficients are constrained equal.
    pub constrain: Vec<String>,
    /// Optimizer options.
    pub options: FitOptions,
}

/// A fitted (or given) Pareto/NBD with time-varying covariates; serializable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DynamicModel {
    /// `[r, alpha, s, beta]`, the gamma heterogeneity at zero covariates.
    pub params: Vec<f64>,
    /// Names of the purchase-process covariates.
    pub purchase_names: Vec<String>,
    /// Purchase coefficients γ₁ (rate `λ·exp(γ₁ᵀx(t))`).
    pub purchase_coefficients: Vec<f64>,
    /// Names of the dropout-process covariates.
    pub dropout_names: Vec<String>,
    /// Dropout coefficients γ₂ (hazard `μ·exp(γ₂ᵀz(t))`).
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

/// One customer's view of [`DynamicData`], its covariates already multiplied out.
struct Path<'a> {
    x: f64,
    tx: f64,
    t: f64,
    /// Period starts (customer time).
    starts: &'a [f64],
    len: f64,
    /// Purchase and dropout covariate rows of each period.
    xs: Vec<&'a [f64]>,
    zs: Vec<&'a [f64]>,
    /// η₁, η₂ of each period.
    eta1: Vec<f64>,
    eta2: Vec<f64>,
}

impl<'a> Path<'a> {
    fn new(d: &'a DynamicData, i: usize, g1: &[f64], g2: &[f64]) -> Self {
        let (lo, hi) = (d.offsets[i], d.offsets[i + 1]);
        let dot = |row: &[f64], g: &[f64]| row.iter().zip(g).map(|(a, b)| a * b).sum::<f64>();
        let xs: Vec<&[f64]> = (lo..hi).map(|k| d.purchase.row(k)).collect();
        let zs: Vec<&[f64]> = (lo..hi).map(|k| d.dropout.row(k)).collect();
        Self {
            x: d.frequency[i],
            tx: d.recency[i],
            t: d.t[i],
            starts: &d.starts[lo..hi],
            len: d.period_length,
            eta1: xs.iter().map(|r| dot(r, g1)).collect(),
            eta2: zs.iter().map(|r| dot(r, g2)).collect(),
            xs,
            zs,
        }
    }

    /// Pieces `(period k, from, to)` of `[lo, hi]` (customer time ≥ 0), in order; the last
    /// period extends to `hi` if the grid ends a hair before it (rounding of dates).
    fn pieces(&self, lo: f64, hi: f64) -> impl Iterator<Item = (usize, f64, f64)> + '_ {
        let last = self.starts.len() - 1;
        (0..self.starts.len()).filter_map(move |k| {
            let a = self.starts[k].max(lo);
            let b = if k == last {
                hi
            } else {
                (self.starts[k] + self.len).min(hi)
            };
            (b > a).then_some((k, a, b))
        })
    }
}

/// Exposures at a time: `A`, `B` and their gradients in γ₁, γ₂.
#[derive(Clone)]
struct Exposure {
    a: f64,
    b: f64,
    da: Vec<f64>,
    db: Vec<f64>,
}

impl Exposure {
    fn zero(p1: usize, p2: usize) -> Self {
        Self {
            a: 0.0,
            b: 0.0,
            da: vec![0.0; p1],
            db: vec![0.0; p2],
        }
    }

    /// Adds `h` time units of period `k` of `path`.
    fn advance(&mut self, path: &Path<'_>, k: usize, h: f64) {
        let (ea, eb) = (exp(path.eta1[k]) * h, exp(path.eta2[k]) * h);
        self.a += ea;
        self.b += eb;
        for (d, v) in self.da.iter_mut().zip(path.xs[k]) {
            *d += ea * v;
        }
        for (d, v) in self.db.iter_mut().zip(path.zs[k]) {
            *d += eb * v;
        }
    }
}

/// A customer's log-likelihood and its gradient: `(ℓ, ∂ℓ/∂(r, α, s, β), ∂ℓ/∂γ₁, ∂ℓ/∂γ₂)`.
struct CustomerLl {
    ll: f64,
    g: [f64; 4],
    g1: Vec<f64>,
    g2: Vec<f64>,
}

/// One period's piece `[c, c + h]` of the "died" integral (exposures `ex` at `c`): its log
/// value `ln ∫ e^{η₂} (α+A)^{−m} (β+B)^{−(s+1)} dτ` and gradient `[r, α, s, β, γ₁…, γ₂…]`.
struct Segment<'a, 'p> {
    p: [f64; 4],
    m: f64,
    path: &'a Path<'p>,
    k: usize,
    ex: &'a Exposure,
    h: f64,
}

/// Gauss–Legendre 10-point nodes (positive half) and weights on [−1, 1] (Abramowitz and Stegun
/// Table 25.4).
const GL_X: [f64; 5] = [
    0.148_874_338_981_631_2,
    0.433_395_394_129_247_2,
    0.679_409_568_299_024_4,
    0.865_063_366_688_984_5,
    0.973_906_528_517_171_7,
];
/// Weights of [`GL_X`].
const GL_W: [f64; 5] = [
    0.295_524_224_714_752_9,
    0.269_266_719_309_996_3,
    0.219_086_362_515_982,
    0.149_451_349_150_580_6,
    0.066_671_344_308_688_1,
];

impl Segment<'_, '_> {
    fn rates(&self) -> (f64, f64, f64, f64) {
        let (a, b) = (exp(self.path.eta1[self.k]), exp(self.path.eta2[self.k]));
        (a, b, self.p[1] + self.ex.a, self.p[3] + self.ex.b)
    }

    /// Whether the integrand is smooth enough on the piece for the 10-point Gauss–Legendre
    /// rule to be exact to rounding: each linear factor changes by at most 25% and the log of
    /// the integrand by at most 1 (the nearest singularity, at `−P/a` or `−Q/b`, is then at
    /// least 9 half-lengths from the centre, a Bernstein ellipse of ρ ≈ 18, error ≲ 18^−20;
    /// `gauss_matches_closed_form` checks 1e-13 at the boundary of this region).
    fn smooth(&self) -> bool {
        let (a, b, big_p, q) = self.rates();
        let (u, w) = (a * self.h / big_p, b * self.h / q);
        u <= 0.25 && w <= 0.25 && self.m * u + (self.p[2] + 1.0) * w <= 1.0
    }

    /// The piece by the 10-point Gauss–Legendre rule (see [`Segment::smooth`]).
    fn gauss(&self) -> (f64, Vec<f64>) {
        let [_, _, s, _] = self.p;
        let (m, h, k) = (self.m, self.h, self.k);
        let (a, b, big_p, q) = self.rates();
        let (p1, p2) = (self.ex.da.len(), self.ex.db.len());
        // ln f at each node, then the weights π of the log-sum-exp.
        let mut nodes = [(0.0, 0.0, 0.0); 10];
        for (j, (&x, &w)) in GL_X.iter().zip(&GL_W).enumerate() {
            for (slot, sign) in [(2 * j, -1.0), (2 * j + 1, 1.0)] {
                let v = 0.5 * h * (1.0 + sign * x);
                let lf = ln(w) - m * ln(big_p + a * v) - (s + 1.0) * ln(q + b * v);
                nodes[slot] = (lf, v, 0.0);
            }
        }
        let top = nodes.iter().fold(f64::NEG_INFINITY, |t, n| t.max(n.0));
        let total: f64 = nodes.iter().map(|n| exp(n.0 - top)).sum();
        let value = self.path.eta2[k] + ln(0.5 * h) + top + ln(total);
        // Σπ of ln(P+av), 1/(P+av), av/(P+av) and the same for Q, b.
        let (mut lp, mut ip, mut vp, mut lq, mut iq, mut vq) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        for n in &mut nodes {
            n.2 = exp(n.0 - top) / total;
            let (pv, qv) = (big_p + a * n.1, q + b * n.1);
            lp += n.2 * ln(pv);
            ip += n.2 / pv;
            vp += n.2 * a * n.1 / pv;
            lq += n.2 * ln(qv);
            iq += n.2 / qv;
            vq += n.2 * b * n.1 / qv;
        }
        let mut g = vec![0.0; 4 + p1 + p2];
        g[0] = -lp;
        g[1] = -m * ip;
        g[2] = -lq;
        g[3] = -(s + 1.0) * iq;
        for j in 0..p1 {
            g[4 + j] = -m * (self.ex.da[j] * ip + self.path.xs[k][j] * vp);
        }
        for j in 0..p2 {
            let z = self.path.zs[k][j];
            g[4 + p1 + j] = z - (s + 1.0) * (self.ex.db[j] * iq + z * vq);
        }
        (value, g)
    }

    /// The piece in closed form (see the module notes): `(b/a)^m [F(0) − F(bh)]` with the
    /// Pareto/NBD antiderivative at `α' = P b/a`, `β' = Q`; `None` when the piece is too short
    /// to register (F(0) = F(bh) in floating point).
    fn closed(&self, work: &AtomicU64) -> Option<(f64, Vec<f64>)> {
        let [r, _, s, _] = self.p;
        let (m, k, path, ex) = (self.m, self.k, self.path, self.ex);
        let (p1, p2) = (ex.da.len(), ex.db.len());
        let (e1, e2, big_p, q) = self.rates();
        let e = path.eta2[k] - path.eta1[k];
        let ap = big_p * e2 / e1;
        let hh = e2 * self.h;
        let shifted = ParetoNbdParams {
            r,
            alpha: ap,
            s,
            beta: q,
        };
        let f0 = pair_terms_with_gradient(&shifted, path.x, 0.0, work);
        let f1 = pair_terms_with_gradient(&shifted, path.x, hh, work);
        let rho = exp(f1[0] - f0[0]);
        if rho >= 1.0 {
            return None;
        }
        let value = m * e + log_sub_exp(f0[0], f1[0]);
        let one = 1.0 - rho;
        let d = |j: usize| (f0[j] - rho * f1[j]) / one;
        // ∂ ln F(u)/∂u = −integrand(u)/F(u).
        let fu1 = -exp(-m * ln(ap + hh) - (s + 1.0) * ln(q + hh) - f1[0]);
        let (d_r, d_ap, d_s, d_q) = (d(1) + e, d(2), d(3), d(4));
        let d_h = -rho * fu1 / one;
        let mut g = vec![0.0; 4 + p1 + p2];
        g[0] = d_r;
        g[1] = d_ap * e2 / e1;
        g[2] = d_s;
        g[3] = d_q;
        for j in 0..p1 {
            g[4 + j] = d_ap * e2 / e1 * ex.da[j] - (m + d_ap * ap) * path.xs[k][j];
        }
        for j in 0..p2 {
            g[4 + p1 + j] = d_q * ex.db[j] + (m + d_ap * ap + d_h * hh) * path.zs[k][j];
        }
        Some((value, g))
    }
}

/// `(ln alive, ln died, exposure at T)` of a customer with its gradients (see the module
/// notes); the "died" gradient is `[r, α, s, β, γ₁…, γ₂…]`.
#[allow(clippy::type_complexity)]
fn alive_and_died(
    p: [f64; 4],
    path: &Path<'_>,
    work: &AtomicU64,
) -> ((f64, Vec<f64>), (f64, Vec<f64>)) {
    let [r, alpha, s, beta] = p;
    let (p1, p2) = (
        path.xs.first().map_or(0, |v| v.len()),
        path.zs.first().map_or(0, |v| v.len()),
    );
    let n = 4 + p1 + p2;
    let m = r + path.x;
    let mut ex = Exposure::zero(p1, p2);
    // The died pieces: (ln value, gradient), collected for a log-sum-exp.
    let mut pieces: Vec<(f64, Vec<f64>)> = Vec::new();
    for (k, c0, c1) in path.pieces(0.0, path.t) {
        if c1 > path.tx && path.tx < path.t {
            // The part of this period in (tₓ, T].
            let lo = c0.max(path.tx);
            if lo > c0 {
                ex.advance(path, k, lo - c0);
            }
            let h = c1 - lo;
            let seg = Segment {
                p,
                m,
                path,
                k,
                ex: &ex,
                h,
            };
            if let Some(piece) = if seg.smooth() {
                Some(seg.gauss())
            } else {
                seg.closed(work)
            } {
                pieces.push(piece);
            }
            ex.advance(path, k, h);
        } else {
            ex.advance(path, k, c1 - c0);
        }
    }
    // Alive throughout (0, T].
    let (pa, qb) = (alpha + ex.a, beta + ex.b);
    let alive = -m * ln(pa) - s * ln(qb);
    let mut ga = vec![0.0; n];
    ga[0] = -ln(pa);
    ga[1] = -m / pa;
    ga[2] = -ln(qb);
    ga[3] = -s / qb;
    for j in 0..p1 {
        ga[4 + j] = -m / pa * ex.da[j];
    }
    for j in 0..p2 {
        ga[4 + p1 + j] = -s / qb * ex.db[j];
    }
    // Died: ln s + log Σ pieces.
    let top = pieces.iter().fold(f64::NEG_INFINITY, |a, (v, _)| a.max(*v));
    let mut gd = vec![0.0; n];
    let died = if top == f64::NEG_INFINITY {
        f64::NEG_INFINITY
    } else {
        let total: f64 = pieces.iter().map(|(v, _)| exp(v - top)).sum();
        for (v, g) in &pieces {
            let w = exp(v - top) / total;
            for (a, b) in gd.iter_mut().zip(g) {
                *a += w * b;
            }
        }
        gd[2] += 1.0 / s;
        ln(s) + top + ln(total)
    };
    ((alive, ga), (died, gd))
}

/// One customer's log-likelihood and gradient.
fn customer_ll(
    p: [f64; 4],
    path: &Path<'_>,
    psum: &[f64],
    g1: &[f64],
    work: &AtomicU64,
) -> CustomerLl {
    let [r, alpha, s, beta] = p;
    let x = path.x;
    let ((alive, ga), (died, gd)) = alive_and_died(p, path, work);
    let pi = if died == f64::NEG_INFINITY {
        1.0
    } else {
        logistic(alive - died)
    };
    let mix = |k: usize| {
        if pi == 1.0 {
            ga[k]
        } else {
            pi * ga[k] + (1.0 - pi) * gd[k]
        }
    };
    let c = ln_gamma(r + x) - ln_gamma(r) + r * ln(alpha) + s * ln(beta);
    let purchase: f64 = psum.iter().zip(g1).map(|(a, b)| a * b).sum();
    let g = [
        digamma(r + x) - digamma(r) + ln(alpha) + mix(0),
        r / alpha + mix(1),
        ln(beta) + mix(2),
        s / beta + mix(3),
    ];
    let p1 = psum.len();
    let n = ga.len();
    CustomerLl {
        ll: c + purchase + log_add_exp(alive, died),
        g,
        g1: (0..p1).map(|j| psum[j] + mix(4 + j)).collect(),
        g2: (4 + p1..n).map(mix).collect(),
    }
}

/// Slow series terms a fit may sum before it stops (as the plain Pareto/NBD's fit).
const FIT_WORK_BUDGET: f64 = 2e8;

/// Log-likelihood and its gradient in the free parameters `u = (ln r, ln α, ln s, ln β, γ…)`.
fn ll_and_gradient(
    layout: &Layout,
    data: &DynamicData,
    u: &[f64],
    work: &AtomicU64,
) -> (f64, Vec<f64>) {
    let p = [exp(u[0]), exp(u[1]), exp(u[2]), exp(u[3])];
    let g1: Vec<f64> = layout.purchase_slot.iter().map(|&s| u[s]).collect();
    let g2: Vec<f64> = layout.dropout_slot.iter().map(|&s| u[s]).collect();
    let n = layout.n;
    let sums = chunked_vec_sum(data.rows(), n + 1, |i, acc| {
        let w = data.weights[i];
        if w == 0.0 {
            return;
        }
        let path = Path::new(data, i, &g1, &g2);
        let c = customer_ll(p, &path, data.purchase_sums.row(i), &g1, work);
        acc[0] += w * c.ll;
        for k in 0..4 {
            acc[k + 1] += w * p[k] * c.g[k];
        }
        for (v, &s) in c.g1.iter().zip(&layout.purchase_slot) {
            acc[s + 1] += w * v;
        }
        for (v, &s) in c.g2.iter().zip(&layout.dropout_slot) {
            acc[s + 1] += w * v;
        }
    });
    (sums[0], sums[1..].to_vec())
}

impl DynamicConfig {
    /// No penalty, no constraint, default options.
    pub fn new() -> Self {
        Self::default()
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

    /// Fits by (penalized) maximum likelihood: BFGS with the analytic gradient over
    /// `(ln r, ln α, ln s, ln β, γ)`, started at the plain Pareto/NBD estimate with γ = 0;
    /// standard errors from the observed information.
    ///
    /// # Errors
    /// [`CxError::InvalidInput`] naming `l2`, `constrain` or `frequency` (no repeat purchase);
    /// [`CxError::NotConverged`] when the likelihood is not finite or the search runs to the
    /// boundary.
    pub fn fit(&self, data: &DynamicData) -> Result<DynamicModel> {
        check_l2(self.l2)?;
        self.options.check()?;
        let layout = Layout::new(data.purchase.names(), data.dropout.names(), &self.constrain)?;
        let repeat = RepeatData::new(&data.frequency, &data.recency, &data.t, Some(&data.weights))?;
        let mut plain = ParetoNbd::params();
        plain.options = self.options;
        let plain = plain.fit(&repeat)?;
        if layout.n == 4 {
            // No covariate: the plain fit is the whole answer.
            return Ok(DynamicModel {
                params: plain.params.to_vec(),
                purchase_names: Vec::new(),
                purchase_coefficients: Vec::new(),
                dropout_names: Vec::new(),
                dropout_coefficients: Vec::new(),
                constrain: self.constrain.clone(),
                l2: self.l2,
                log_likelihood: plain.log_likelihood,
                converged: plain.converged,
                iterations: plain.iterations,
                standard_errors: plain.standard_errors.map(|se| CovariateErrors {
                    params: se.to_vec(),
                    purchase: Vec::new(),
                    dropout: Vec::new(),
                }),
                n_customers: repeat.total_weight(),
            });
        }
        let mut start = plain.params.to_vec();
        start.resize(layout.n, 1.0);
        let l2 = self.l2;
        let work = AtomicU64::new(0);
        let spent = || work.load(Ordering::Relaxed) as f64;
        let objective = |v: &[f64]| -> (f64, Vec<f64>) {
            if spent() > FIT_WORK_BUDGET {
                return (f64::NAN, vec![f64::NAN; v.len()]);
            }
            let u: Vec<f64> = v.iter().map(|&x| ln(x)).collect();
            let (mut ll, mut g) = ll_and_gradient(&layout, data, &u, &work);
            for k in 4..layout.n {
                ll -= l2 * u[k] * u[k];
                g[k] -= 2.0 * l2 * u[k];
            }
            for k in 0..layout.n {
                g[k] /= v[k];
            }
            (ll, g)
        };
        let est = maximize_positive_bfgs(&objective, &start, &self.options);
        if spent() > FIT_WORK_BUDGET {
            return Err(CxError::NotConverged {
                iterations: est.as_ref().map_or(0, |e| e.iterations),
                reason: "the dynamic-covariate Pareto/NBD likelihood keeps rising toward a \
                         boundary (alpha/beta -> 0 or infinity): too few or degenerate customers"
                    .into(),
            });
        }
        let est = est?;
        let gamma = |slot: usize| ln(est.params[slot]);
        let penalty: f64 = (4..layout.n).map(|s| l2 * gamma(s) * gamma(s)).sum();
        Ok(DynamicModel {
            params: est.params[..4].to_vec(),
            purchase_names: data.purchase.names().to_vec(),
            purchase_coefficients: layout.purchase_slot.iter().map(|&s| gamma(s)).collect(),
            dropout_names: data.dropout.names().to_vec(),
            dropout_coefficients: layout.dropout_slot.iter().map(|&s| gamma(s)).collect(),
            constrain: self.constrain.clone(),
            l2,
            log_likelihood: est.log_likelihood + penalty,
            converged: est.converged,
            iterations: plain.iterations + est.iterations,
            standard_errors: est.standard_errors.map(|se| {
                let on_gamma = |slot: usize| se[slot] / est.params[slot];
                CovariateErrors {
                    params: se[..4].to_vec(),
                    purchase: layout.purchase_slot.iter().map(|&s| on_gamma(s)).collect(),
                    dropout: layout.dropout_slot.iter().map(|&s| on_gamma(s)).collect(),
                }
            }),
            n_customers: repeat.total_weight(),
        })
    }
}

impl DynamicModel {
    /// A model with known parameters and coefficients (not fitted).
    ///
    /// # Errors
    /// [`CxError::InvalidInput`] for a parameter that is not finite and > 0 or a coefficient
    /// that is not finite.
    pub fn from_params(
        params: Vec<f64>,
        purchase: Vec<(String, f64)>,
        dropout: Vec<(String, f64)>,
    ) -> Result<Self> {
        let (purchase_names, purchase_coefficients) = purchase.into_iter().unzip();
        let (dropout_names, dropout_coefficients) = dropout.into_iter().unzip();
        let m = Self {
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
    /// As [`DynamicModel::from_params`].
    pub fn check(&self) -> Result<()> {
        if self.params.len() != 4 {
            return Err(CxError::invalid("params", "expected four model parameters"));
        }
        crate::clv::data::check_positive(ParetoNbdParams::NAMES, &self.params)?;
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

    fn params4(&self) -> [f64; 4] {
        [
            self.params[0],
            self.params[1],
            self.params[2],
            self.params[3],
        ]
    }

    /// Log-likelihood of `data` under this model (without any penalty).
    ///
    /// # Errors
    /// As [`DynamicModel::check`]; [`CxError::InvalidInput`] naming `covariates` when a
    /// covariate of the model is missing from `data`.
    pub fn log_likelihood_of(&self, data: &DynamicData) -> Result<f64> {
        Ok(self
            .log_likelihoods(data)?
            .iter()
            .zip(&data.weights)
            .map(|(l, w)| l * w)
            .sum())
    }

    /// Each customer's log-likelihood (unweighted).
    ///
    /// # Errors
    /// As [`DynamicModel::log_likelihood_of`].
    pub fn log_likelihoods(&self, data: &DynamicData) -> Result<Vec<f64>> {
        self.check()?;
        let d = data.select(&self.purchase_names, &self.dropout_names)?;
        let work = AtomicU64::new(0);
        Ok((0..d.rows())
            .map(|i| {
                let path = Path::new(
                    &d,
                    i,
                    &self.purchase_coefficients,
                    &self.dropout_coefficients,
                );
                customer_ll(
                    self.params4(),
                    &path,
                    d.purchase_sums.row(i),
                    &self.purchase_coefficients,
                    &work,
                )
                .ll
            })
            .collect())
    }

    /// P(alive) at T of each customer of `data` (its history and covariate path).
    ///
    /// # Errors
    /// As [`DynamicModel::log_likelihood_of`].
    pub fn p_alive(&self, data: &DynamicData) -> Result<Vec<f64>> {
        self.check()?;
        let d = data.select(&self.purchase_names, &self.dropout_names)?;
        let work = AtomicU64::new(0);
        Ok((0..d.rows())
            .map(|i| {
                let path = Path::new(
                    &d,
                    i,
                    &self.purchase_coefficients,
                    &self.dropout_coefficients,
                );
                let ((alive, _), (died, _)) = alive_and_died(self.params4(), &path, &work);
                if died == f64::NEG_INFINITY {
                    1.0
                } else {
                    logistic(alive - died)
                }
            })
            .collect())
    }

    /// Expected purchases of each customer in `(T, T + horizon]`, given its covariate path
    /// over that window (the data's periods must reach `T + horizon`).
    ///
    /// # Errors
    /// As [`DynamicModel::p_alive`]; a bad horizon; [`CxError::InvalidInput`] naming
    /// `period_start` (with the customer's code, see [`dynamic_data_from_long`]) when a
    /// covariate path ends before `T + horizon`.
    pub fn expected_purchases(&self, horizon: f64, data: &DynamicData) -> Result<Vec<f64>> {
        check_horizon(horizon)?;
        let alive = self.p_alive(data)?;
        let d = data.select(&self.purchase_names, &self.dropout_names)?;
        let [r, alpha, s, beta] = self.params4();
        (0..d.rows())
            .map(|i| {
                let end = d.t[i] + horizon;
                if d.path_end(i) < end - GRID_SLACK * d.period_length {
                    return Err(CxError::invalid_at(
                        "period_start",
                        d.codes[i],
                        d.path_end(i),
                        format!("the covariate path ends before T + horizon = {end}: pass the future periods' covariates"),
                    ));
                }
                let path = Path::new(&d, i, &self.purchase_coefficients, &self.dropout_coefficients);
                let mut ex = Exposure::zero(0, 0);
                for (k, c0, c1) in path.pieces(0.0, path.t) {
                    ex.advance(&path, k, c1 - c0);
                }
                let q_t = beta + ex.b;
                let mut q = q_t;
                let mut sum = 0.0;
                for (k, c0, c1) in path.pieces(path.t, end) {
                    let (a, b) = (exp(path.eta1[k]), exp(path.eta2[k]));
                    let h = c1 - c0;
                    sum += a * powf(q_t / q, s) * q / b * growth(s - 1.0, b * h / q);
                    q += b * h;
                }
                Ok(alive[i] * (r + path.x) / (alpha + ex.a) * sum)
            })
            .collect()
    }
}

/// `[1 − (1+u)^{−k}]/k = ∫₀ᵘ (1+w)^{−(k+1)} dw`, continuous at `k = 0` where it is `ln(1+u)`.
fn growth(k: f64, u: f64) -> f64 {
    let l = crate::math::ln_1p(u);
    if k.abs() < 1e-12 {
        l
    } else {
        -crate::math::exp_m1(-k * l) / k
    }
}

/// Customers simulated from the dynamic-covariate Pareto/NBD, with the [`DynamicData`] that
/// describes them.
#[derive(Debug, Clone)]
pub struct SimulatedDynamic {
    /// The customers (ready to fit).
    pub data: DynamicData,
    /// Each customer's true dropout time (customer time; may exceed T).
    pub dropout_time: Vec<f64>,
}

/// Simulates customers from the dynamic-covariate Pareto/NBD: customer `i` is observed for
/// `t[i]`, its first purchase falls at a uniform point of its first period (length
/// `period_length`), and `covariate(i, k)` gives the `(purchase, dropout)` covariate rows of
/// its period `k` (periods cover `T + extra`). λ ~ Gamma(r, α), μ ~ Gamma(s, β); purchases
/// are a Poisson process of intensity `λ e^{γ₁ᵀx(t)}` until the dropout time, whose cumulative
/// hazard `μ B(τ)` is a standard exponential draw. Each customer draws from its own generator
/// (seeded from `seed`), so the same seed with a later `t` (and `extra` shortened to match)
/// extends the same histories.
///
/// # Errors
/// As [`DynamicData::new`] (bad `t`, covariates of varying width or not finite).
#[allow(clippy::too_many_arguments)]
pub fn simulate_dynamic(
    params: [f64; 4],
    purchase: (&[String], &[f64]),
    dropout: (&[String], &[f64]),
    t: &[f64],
    period_length: f64,
    extra: f64,
    covariate: impl Fn(usize, usize, &mut Rng) -> (Vec<f64>, Vec<f64>),
    seed: u64,
) -> Result<SimulatedDynamic> {
    let [r, alpha, s, beta] = params;
    // One generator per customer, seeded from a master stream: a customer's draws do not
    // depend on how many the others used (so a longer horizon extends the same histories).
    let mut master = Rng::new(seed);
    let (names1, g1) = purchase;
    let (names2, g2) = dropout;
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    let (mut f, mut rec, mut offsets, mut starts) = (vec![], vec![], vec![0], vec![]);
    let (mut xv, mut zv, mut sums, mut drop) = (vec![], vec![], vec![], vec![]);
    for (i, &ti) in t.iter().enumerate() {
        let mut rng = Rng::new(master.next_u64());
        let lam = rng.gamma(r, alpha);
        let mu = rng.gamma(s, beta);
        let first = -rng.uniform() * period_length;
        let mut k = 0;
        let mut rows = vec![];
        while first + k as f64 * period_length < ti + extra || k == 0 {
            let (x, z) = covariate(i, k, &mut rng);
            starts.push(first + k as f64 * period_length);
            rows.push((x, z));
            k += 1;
        }
        // Dropout time: μ B(τ) = E.
        let mut left = rng.exponential() / mu;
        let mut tau = f64::INFINITY;
        for (k, (_, z)) in rows.iter().enumerate() {
            let lo = (first + k as f64 * period_length).max(0.0);
            let hi = first + (k + 1) as f64 * period_length;
            let b = exp(dot(z, g2));
            if b * (hi - lo) >= left {
                tau = lo + left / b;
                break;
            }
            left -= b * (hi - lo);
        }
        // Purchases: unit-rate exponential gaps in the exposure λ A(t), up to min(τ, T).
        let stop = tau.min(ti);
        let (mut count, mut last) = (0.0, 0.0);
        let mut sum = vec![0.0; names1.len()];
        let mut gap = rng.exponential() / lam;
        for (k, (x, _)) in rows.iter().enumerate() {
            let mut lo = (first + k as f64 * period_length).max(0.0);
            let hi = (first + (k + 1) as f64 * period_length).min(stop);
            let a = exp(dot(x, g1));
            while lo < hi && a * (hi - lo) >= gap {
                lo += gap / a;
                count += 1.0;
                last = lo;
                for (s, v) in sum.iter_mut().zip(x) {
                    *s += v;
                }
                gap = rng.exponential() / lam;
            }
            if lo < hi {
                gap -= a * (hi - lo);
            }
        }
        f.push(count);
        rec.push(last);
        drop.push(tau);
        sums.extend(sum);
        for (x, z) in rows {
            xv.extend(x);
            zv.extend(z);
        }
        offsets.push(starts.len());
    }
    let np = starts.len();
    let data = DynamicData::new(
        &f,
        &rec,
        t,
        None,
        period_length,
        &offsets,
        &starts,
        Covariates::new(names1.to_vec(), xv, np)?,
        Covariates::new(names2.to_vec(), zv, np)?,
        Covariates::new(names1.to_vec(), sums, t.len())?,
    )?;
    Ok(SimulatedDynamic {
        data,
        dropout_time: drop,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::{CovariateData, CovariateKind, CovariateModel, PurchaseModel};
    use approx::assert_relative_eq;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_string()).collect()
    }

    /// Customers whose covariates stay constant: x = u in (−1, 1), z = 1 − x, per customer.
    fn constant_covariates(
        p: [f64; 4],
        g1: f64,
        g2: f64,
        n: usize,
        seed: u64,
    ) -> (DynamicData, Vec<f64>, Vec<f64>) {
        let level = |i: usize| ((i * 37) % 19) as f64 / 9.0 - 1.0;
        let t: Vec<f64> = (0..n).map(|i| 20.0 + (i % 13) as f64 * 1.7).collect();
        let sim = simulate_dynamic(
            p,
            (&names(&["x"]), &[g1]),
            (&names(&["z"]), &[g2]),
            &t,
            1.0,
            10.0,
            |i, _, _| (vec![level(i)], vec![1.0 - level(i)]),
            seed,
        )
        .unwrap();
        let x: Vec<f64> = (0..n).map(level).collect();
        let z: Vec<f64> = x.iter().map(|v| 1.0 - v).collect();
        (sim.data, x, z)
    }

    fn static_data(d: &DynamicData, x: Vec<f64>, z: Vec<f64>) -> CovariateData {
        let n = d.rows();
        CovariateData::new(
            &d.frequency,
            &d.recency,
            &d.t,
            None,
            Covariates::new(names(&["x"]), x, n).unwrap(),
            Covariates::new(names(&["z"]), z, n).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn constant_covariates_are_the_static_model() {
        let (d, x, z) = constant_covariates([0.6, 8.0, 0.7, 10.0], 0.5, -0.4, 400, 3);
        let st = static_data(&d, x, z);
        for (p, g1, g2) in [
            ([0.6, 8.0, 0.7, 10.0], 0.5, -0.4),
            ([1.7, 3.0, 0.3, 40.0], -1.2, 0.9),
            ([0.2, 25.0, 2.5, 1.5], 0.1, 1.3),
        ] {
            let dm = DynamicModel::from_params(
                p.to_vec(),
                vec![("x".into(), g1)],
                vec![("z".into(), g2)],
            )
            .unwrap();
            let sm = CovariateModel::from_params(
                CovariateKind::ParetoNbd,
                p.to_vec(),
                vec![("x".into(), g1)],
                vec![("z".into(), g2)],
            )
            .unwrap();
            assert_relative_eq!(
                dm.log_likelihood_of(&d).unwrap(),
                sm.log_likelihood_of(&st).unwrap(),
                max_relative = 1e-10
            );
            let (pa, want) = (dm.p_alive(&d).unwrap(), sm.p_alive(&st).unwrap());
            for (a, b) in pa.iter().zip(&want) {
                assert_relative_eq!(a, b, max_relative = 1e-10, epsilon = 1e-14);
            }
            let (e, want) = (
                dm.expected_purchases(7.5, &d).unwrap(),
                sm.expected_purchases(7.5, &st).unwrap(),
            );
            for (a, b) in e.iter().zip(&want) {
                assert_relative_eq!(a, b, max_relative = 1e-10, epsilon = 1e-14);
            }
        }
    }

    #[test]
    fn zero_coefficients_are_the_plain_model() {
        let (d, _, _) = constant_covariates([0.6, 8.0, 0.7, 10.0], 0.0, 0.0, 500, 9);
        let p = ParetoNbdParams::from_slice(&[0.55, 10.6, 0.61, 11.7]);
        let plain = ParetoNbd::from_params(p).unwrap();
        let dm =
            DynamicModel::from_params(p.to_vec(), vec![("x".into(), 0.0)], vec![("z".into(), 0.0)])
                .unwrap();
        let ll = dm.log_likelihoods(&d).unwrap();
        let pa = dm.p_alive(&d).unwrap();
        let ep = dm.expected_purchases(10.0, &d).unwrap();
        for i in 0..d.rows() {
            let (x, tx, t) = (d.frequency[i], d.recency[i], d.t[i]);
            let one = RepeatData::new(&[x], &[tx], &[t], None).unwrap();
            assert_relative_eq!(
                ll[i],
                ParetoNbd::log_likelihood_of(&p, &one),
                max_relative = 1e-12
            );
            assert_relative_eq!(
                pa[i],
                plain.p_alive(x, tx, t).unwrap(),
                max_relative = 1e-12
            );
            assert_relative_eq!(
                ep[i],
                plain.expected_purchases(10.0, x, tx, t).unwrap(),
                max_relative = 1e-12
            );
        }
        // Without covariates the fit is the plain fit, exactly.
        let none = DynamicData {
            purchase: Covariates::none(d.starts.len()),
            dropout: Covariates::none(d.starts.len()),
            purchase_sums: Covariates::none(d.rows()),
            ..d.clone()
        };
        let m = DynamicConfig::new().fit(&none).unwrap();
        let repeat = RepeatData::new(&d.frequency, &d.recency, &d.t, None).unwrap();
        let pf = ParetoNbd::params().fit(&repeat).unwrap();
        assert_eq!(m.params, pf.params.to_vec());
        assert_eq!(m.log_likelihood, pf.log_likelihood);
    }

    /// Time-varying covariates: x a customer-specific seasonal wave plus noise, z switching
    /// between 0 and 1 every four periods (phase by customer).
    fn varying(p: [f64; 4], g1: f64, g2: f64, n: usize, seed: u64) -> SimulatedDynamic {
        let t: Vec<f64> = (0..n).map(|i| 30.0 + (i % 9) as f64 * 2.0).collect();
        simulate_dynamic(
            p,
            (&names(&["x"]), &[g1]),
            (&names(&["z"]), &[g2]),
            &t,
            1.0,
            12.0,
            |i, k, rng| {
                let wave = crate::math::sin(k as f64 / 4.0 + i as f64);
                (
                    vec![wave + 0.5 * rng.normal()],
                    vec![((k / 4 + i) % 2) as f64],
                )
            },
            seed,
        )
        .unwrap()
    }

    #[test]
    fn died_term_matches_quadrature() {
        let sim = varying([0.6, 8.0, 0.7, 10.0], 0.6, 0.8, 40, 5);
        let d = &sim.data;
        let (p, g1, g2) = ([0.8, 5.0, 0.9, 7.0], [0.6], [0.8]);
        let work = AtomicU64::new(0);
        for i in 0..d.rows() {
            let path = Path::new(d, i, &g1, &g2);
            let ((alive, _), (died, _)) = alive_and_died(p, &path, &work);
            // A(τ), B(τ) and the integrand by brute force, then adaptive Gauss–Kronrod over
            // each period (the integrand has kinks at period boundaries).
            let ab = |tau: f64| {
                let (mut a, mut b) = (0.0, 0.0);
                for (k, c0, c1) in path.pieces(0.0, tau) {
                    a += exp(path.eta1[k]) * (c1 - c0);
                    b += exp(path.eta2[k]) * (c1 - c0);
                }
                (a, b)
            };
            let m = p[0] + path.x;
            let (at, bt) = ab(path.t);
            assert_relative_eq!(
                alive,
                -m * ln(p[1] + at) - p[2] * ln(p[3] + bt),
                max_relative = 1e-13
            );
            let mut total = 0.0;
            for (k, c0, c1) in path.pieces(path.tx, path.t) {
                let f = |tau: f64| {
                    let (a, b) = ab(tau);
                    exp(path.eta2[k]) * powf(p[1] + a, -m) * powf(p[3] + b, -(p[2] + 1.0))
                };
                total += crate::fit::integrate(&f, c0, c1, 1e-13);
            }
            if total > 0.0 {
                assert_relative_eq!(died, ln(p[2] * total), max_relative = 1e-11);
            } else {
                assert_eq!(died, f64::NEG_INFINITY);
            }
        }
    }

    /// The Gauss–Legendre route of smooth pieces against the closed form, at the edge of the
    /// region where it is used (and for several parameter sets and frequencies).
    #[test]
    fn gauss_matches_closed_form() {
        let sim = varying([0.6, 8.0, 0.7, 10.0], 0.6, 0.8, 30, 5);
        let d = &sim.data;
        let work = AtomicU64::new(0);
        let mut checked = 0;
        for (p, g1, g2) in [
            ([0.8, 5.0, 0.9, 7.0], [0.6], [0.8]),
            ([0.1, 0.5, 3.0, 0.2], [-1.5], [2.0]),
            ([4.0, 60.0, 0.05, 90.0], [0.2], [-0.7]),
        ] {
            for i in 0..d.rows() {
                let path = Path::new(d, i, &g1, &g2);
                let m = p[0] + path.x;
                for k in 0..path.starts.len() {
                    let mut ex = Exposure::zero(1, 1);
                    ex.advance(&path, k, 0.37 * k as f64);
                    let (a, b) = (exp(path.eta1[k]), exp(path.eta2[k]));
                    let (big_p, q) = (p[1] + ex.a, p[3] + ex.b);
                    let h = (0.25 * big_p / a)
                        .min(0.25 * q / b)
                        .min(1.0 / (m * a / big_p + (p[2] + 1.0) * b / q))
                        * (1.0 - 1e-12);
                    let seg = Segment {
                        p,
                        m,
                        path: &path,
                        k,
                        ex: &ex,
                        h,
                    };
                    assert!(seg.smooth());
                    let (v, g) = seg.gauss();
                    let (w, gw) = seg.closed(&work).unwrap();
                    assert_relative_eq!(v, w, max_relative = 1e-13);
                    for (x, y) in g.iter().zip(&gw) {
                        assert_relative_eq!(x, y, max_relative = 1e-9, epsilon = 1e-11);
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000);
    }

    #[test]
    fn analytic_gradient_matches_differences() {
        let sim = varying([0.6, 8.0, 0.7, 10.0], 0.6, 0.8, 150, 7);
        let mut d = sim.data;
        // A second covariate in each process, one shared (constrained) with the other side.
        let np = d.starts.len();
        let two = |c: &Covariates, rows: usize, other: &str| {
            let mut v = vec![];
            for k in 0..rows {
                v.push(c.row(k)[0]);
                v.push(((k * 13) % 7) as f64 / 3.0 - 1.0);
            }
            Covariates::new(vec![c.names()[0].clone(), other.into()], v, rows).unwrap()
        };
        d.purchase = two(&d.purchase, np, "w");
        d.dropout = two(&d.dropout, np, "w");
        let mut sums = vec![];
        for i in 0..d.rows() {
            sums.push(d.purchase_sums.row(i)[0]);
            sums.push(d.frequency[i] * 0.25);
        }
        d.purchase_sums = Covariates::new(names(&["x", "w"]), sums, d.rows()).unwrap();
        let layout = Layout::new(d.purchase.names(), d.dropout.names(), &names(&["w"])).unwrap();
        assert_eq!(layout.n, 7);
        let u = [
            ln(0.8f64),
            ln(5.0f64),
            ln(0.9f64),
            ln(7.0f64),
            0.5,
            -0.3,
            0.7,
        ];
        let work = AtomicU64::new(0);
        let (_, g) = ll_and_gradient(&layout, &d, &u, &work);
        for k in 0..u.len() {
            let h = 1e-6;
            let (mut up, mut down) = (u.to_vec(), u.to_vec());
            up[k] += h;
            down[k] -= h;
            let fd = (ll_and_gradient(&layout, &d, &up, &work).0
                - ll_and_gradient(&layout, &d, &down, &work).0)
                / (2.0 * h);
            assert_relative_eq!(g[k], fd, max_relative = 1e-6, epsilon = 1e-5);
        }
    }

    #[test]
    fn recovers_simulated_parameters() {
        let (p, g1, g2) = ([0.7, 6.0, 0.8, 12.0], 0.7, 0.9);
        let sim = varying(p, g1, g2, 3000, 21);
        let m = DynamicConfig::new().fit(&sim.data).unwrap();
        assert!(m.converged);
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
        let truth = [p[0], p[1], p[2], p[3], g1, g2];
        crate::clv::data::assert_within_3_se(
            &["r", "alpha", "s", "beta", "g1_x", "g2_z"],
            &est,
            &ses,
            &truth,
        );
        // The time-varying covariates matter: the likelihood beats the plain model's.
        let repeat =
            RepeatData::new(&sim.data.frequency, &sim.data.recency, &sim.data.t, None).unwrap();
        let plain = ParetoNbd::params().fit(&repeat).unwrap();
        assert!(m.log_likelihood > plain.log_likelihood + 10.0);
        // The L2 penalty shrinks, the reported likelihood stays unpenalized and lower.
        let shrunk = DynamicConfig::new().l2(100.0).fit(&sim.data).unwrap();
        assert!(shrunk.purchase_coefficients[0].abs() < m.purchase_coefficients[0].abs());
        assert!(shrunk.log_likelihood <= m.log_likelihood);
        assert_relative_eq!(
            DynamicModel::from_params(
                m.params.clone(),
                vec![("x".into(), m.purchase_coefficients[0])],
                vec![("z".into(), m.dropout_coefficients[0])],
            )
            .unwrap()
            .log_likelihood_of(&sim.data)
            .unwrap(),
            m.log_likelihood,
            max_relative = 1e-12
        );
        // Round trip through JSON.
        let back: DynamicModel = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(back, m);
    }

    /// P(alive) and the conditional expectation against the simulated truth: the same
    /// customers simulated to T and to T + h (one random stream: the first run's purchases are
    /// the second's up to T) give the actual dropouts and future purchases.
    #[test]
    fn predictions_match_the_simulated_future() {
        let (p, g1, g2, h) = ([0.7, 6.0, 0.8, 12.0], [0.7], [0.9], 8.0);
        let n = 20_000;
        let t: Vec<f64> = (0..n).map(|i| 30.0 + (i % 9) as f64 * 2.0).collect();
        let later: Vec<f64> = t.iter().map(|v| v + h).collect();
        let cov = |i: usize, k: usize, rng: &mut Rng| {
            let wave = crate::math::sin(k as f64 / 4.0 + i as f64);
            (
                vec![wave + 0.5 * rng.normal()],
                vec![((k / 4 + i) % 2) as f64],
            )
        };
        let (x1, z1) = (names(&["x"]), names(&["z"]));
        let now = simulate_dynamic(p, (&x1, &g1), (&z1, &g2), &t, 1.0, 12.0, cov, 8).unwrap();
        let then =
            simulate_dynamic(p, (&x1, &g1), (&z1, &g2), &later, 1.0, 12.0 - h, cov, 8).unwrap();
        let m = DynamicModel::from_params(
            p.to_vec(),
            vec![("x".into(), g1[0])],
            vec![("z".into(), g2[0])],
        )
        .unwrap();
        let pa = m.p_alive(&now.data).unwrap();
        let ep = m.expected_purchases(h, &now.data).unwrap();
        let (mut d_alive, mut v_alive, mut d_future, mut v_future) = (0.0, 0.0, 0.0, 0.0);
        for i in 0..n {
            assert!(then.data.frequency[i] >= now.data.frequency[i]);
            let alive = if now.dropout_time[i] > t[i] { 1.0 } else { 0.0 };
            d_alive += alive - pa[i];
            v_alive += pa[i] * (1.0 - pa[i]);
            let future = then.data.frequency[i] - now.data.frequency[i];
            d_future += future - ep[i];
            v_future += (future - ep[i]) * (future - ep[i]);
        }
        assert!(
            d_alive.abs() < 4.0 * v_alive.sqrt(),
            "{d_alive} vs sd {}",
            v_alive.sqrt()
        );
        assert!(
            d_future.abs() < 4.0 * v_future.sqrt(),
            "{d_future} vs sd {}",
            v_future.sqrt()
        );
    }

    #[test]
    fn long_tables_give_the_customer_paths() {
        // Customer 0 buys at weeks 10.3, 11.0 (twice) and 12.5; customer 1 only after the end;
        // customer 2 once at 11.5. Weekly periods start at whole weeks; the rows come shuffled.
        let cov_customer = [0, 0, 0, 0, 0, 0, 2, 2, 2, 2];
        let cov_start = [12.0, 10.0, 11.0, 13.0, 14.0, 9.0, 11.0, 12.0, 13.0, 14.0];
        let px: Vec<f64> = cov_start.iter().map(|s| s * 10.0).collect();
        let dz: Vec<f64> = cov_start.iter().map(|s| -s).collect();
        let (d, codes) = dynamic_data_from_long(
            3,
            &[0, 0, 0, 0, 1, 2],
            &[11.0, 10.3, 12.5, 11.0, 20.0, 11.5],
            &cov_customer,
            &cov_start,
            &Covariates::new(names(&["x"]), px.clone(), 10).unwrap(),
            &Covariates::new(names(&["z"]), dz, 10).unwrap(),
            14.2,
            1.0,
        )
        .unwrap();
        assert_eq!(codes, vec![0, 2]);
        assert_eq!(d.frequency(), &[2.0, 0.0]);
        assert_relative_eq!(d.recency()[0], 2.2, max_relative = 1e-12);
        assert_relative_eq!(d.t()[0], 3.9, max_relative = 1e-12);
        assert_relative_eq!(d.t()[1], 2.7, max_relative = 1e-12);
        // Purchases at 11.0 (period 11, exactly at its start) and 12.5 (period 12).
        assert_eq!(d.purchase_sums().row(0), &[110.0 + 120.0]);
        assert_eq!(d.purchase_sums().row(1), &[0.0]);
        // Customer 0's periods from week 10 on (week 9 dropped), in order.
        assert_eq!(d.offsets, vec![0, 5, 9]);
        assert_relative_eq!(d.starts[0], -0.3, max_relative = 1e-12);
        assert_eq!(d.purchase.row(4), &[140.0]);
        let err = |cc: &[usize], cs: &[f64], end: f64| {
            let rows = cs.len();
            dynamic_data_from_long(
                1,
                &[0, 0],
                &[10.3, 11.5],
                cc,
                cs,
                &Covariates::new(names(&["x"]), vec![0.0; rows], rows).unwrap(),
                &Covariates::new(names(&["z"]), vec![0.0; rows], rows).unwrap(),
                end,
                1.0,
            )
            .unwrap_err()
            .to_string()
        };
        assert!(err(&[0, 0, 0], &[10.0, 12.0, 13.0], 13.5).contains("missing"));
        assert!(err(&[0, 0, 0], &[11.0, 12.0, 13.0], 13.5).contains("first purchase"));
        assert!(err(&[0, 0, 0], &[10.0, 11.0, 11.0], 11.5).contains("two covariate rows"));
        assert!(err(&[0, 0], &[10.0, 11.0], 13.5).contains("observation_end"));
        assert!(err(&[], &[], 13.5).contains("no covariate rows"));
    }

    #[test]
    fn bad_paths_are_named() {
        let cov = |rows: usize| Covariates::new(names(&["x"]), vec![0.0; rows], rows).unwrap();
        let build = |starts: &[f64], t: f64, len: f64| {
            DynamicData::new(
                &[1.0],
                &[2.0],
                &[t],
                None,
                len,
                &[0, starts.len()],
                starts,
                cov(starts.len()),
                cov(starts.len()),
                cov(1),
            )
        };
        assert!(build(&[-0.5, 0.5, 1.5, 2.5], 3.0, 1.0).is_ok());
        let reason = |e: CxError| match e {
            CxError::InvalidInput {
                field,
                index,
                reason,
                ..
            } => (field, index, reason),
            other => panic!("{other:?}"),
        };
        let (f, i, r) = reason(build(&[-0.5, 0.5, 2.5, 3.5], 3.0, 1.0).unwrap_err());
        assert_eq!((f.as_str(), i), ("period_start", Some(0)));
        assert!(r.contains("missing"), "{r}");
        let (_, _, r) = reason(build(&[-0.5, 1.5, 0.5, 2.5], 3.0, 1.0).unwrap_err());
        assert!(r.contains("missing") || r.contains("increasing"), "{r}");
        let (_, _, r) = reason(build(&[-0.5, -1.5, 0.5], 3.0, 1.0).unwrap_err());
        assert!(
            r.contains("first purchase") || r.contains("increasing"),
            "{r}"
        );
        let (_, _, r) = reason(build(&[0.5, 1.5, 2.5], 3.0, 1.0).unwrap_err());
        assert!(r.contains("first purchase"), "{r}");
        let (_, _, r) = reason(build(&[-0.5, 0.5, 1.5], 3.0, 1.0).unwrap_err());
        assert!(r.contains("ends before"), "{r}");
        let (f, _, _) = reason(build(&[-0.5, 0.5], 3.0, 0.0).unwrap_err());
        assert_eq!(f, "period_length");
        // A horizon past the path is named.
        let d = build(&[-0.5, 0.5, 1.5, 2.5], 3.0, 1.0).unwrap();
        let m = DynamicModel::from_params(
            vec![1.0, 2.0, 1.0, 2.0],
            vec![("x".into(), 0.1)],
            vec![("x".into(), 0.1)],
        )
        .unwrap();
        assert!(m.expected_purchases(0.5, &d).is_ok());
        let (f, _, r) = reason(m.expected_purchases(2.0, &d).unwrap_err());
        assert_eq!(f, "period_start");
        assert!(r.contains("T + horizon"), "{r}");
        // A covariate the model needs is named.
        let other =
            DynamicModel::from_params(vec![1.0, 2.0, 1.0, 2.0], vec![("y".into(), 0.1)], vec![])
                .unwrap();
        assert_eq!(other.p_alive(&d).unwrap_err().field(), Some("covariates"));
        let bad = Covariates::new(names(&["x"]), vec![f64::NAN], 1).unwrap_err();
        assert_eq!(bad.field(), Some("covariates"));
    }
}
