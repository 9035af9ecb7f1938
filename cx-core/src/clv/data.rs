//! Validated model inputs: the (frequency, recency, T) columns of the buy-till-you-die models,
//! compressed into weighted unique triples, and the shared fit configuration.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::error::{CxError, Result, check_len_at_least, check_same_len};
use crate::fit::FitOptions;

/// One customer's purchase history summary in one time unit (days, weeks, ...), following
/// Fader, Hardie and Lee (2005): `frequency` = repeat purchases `x`, `recency` = time of the
/// last purchase since the first `t_x`, `t` = time since the first purchase to the end of
/// observation `T`.
///
/// Checks (the error names `field` and `index`): all finite; `frequency` a whole number ≥ 0;
/// `0 ≤ recency ≤ T`; `recency > 0` when `frequency > 0`; `recency = 0` when `frequency = 0`.
pub(crate) fn check_triple(index: usize, x: f64, tx: f64, t: f64) -> Result<()> {
    if !x.is_finite() || x < 0.0 {
        return Err(CxError::invalid_at(
            "frequency",
            index,
            x,
            "frequency (repeat purchases) must be a finite number >= 0",
        ));
    }
    if x.fract() != 0.0 {
        return Err(CxError::invalid_at(
            "frequency",
            index,
            x,
            "frequency (repeat purchases) must be a whole number",
        ));
    }
    if !tx.is_finite() || tx < 0.0 {
        return Err(CxError::invalid_at(
            "recency",
            index,
            tx,
            "recency must be a finite number >= 0",
        ));
    }
    if !t.is_finite() || t < 0.0 {
        return Err(CxError::invalid_at(
            "T",
            index,
            t,
            "T (time since first purchase) must be a finite number >= 0",
        ));
    }
    if tx > t {
        return Err(CxError::invalid_at(
            "recency",
            index,
            tx,
            format!("recency must not exceed T ({t})"),
        ));
    }
    if x > 0.0 && tx == 0.0 {
        return Err(CxError::invalid_at(
            "recency",
            index,
            tx,
            "recency must be > 0 for a customer with repeat purchases (frequency > 0)",
        ));
    }
    if x == 0.0 && tx != 0.0 {
        return Err(CxError::invalid_at(
            "recency",
            index,
            tx,
            "recency must be 0 for a customer without repeat purchases (frequency = 0)",
        ));
    }
    Ok(())
}

/// Checks a prediction horizon `t` (same time unit as the fit): finite and ≥ 0.
pub(crate) fn check_horizon(t: f64) -> Result<()> {
    if t.is_finite() && t >= 0.0 {
        Ok(())
    } else {
        Err(CxError::InvalidInput {
            field: "t".into(),
            index: None,
            value: Some(t.to_string()),
            reason: "the horizon t must be a finite number >= 0".into(),
        })
    }
}

/// Checks optional weights: same length as the data, finite and ≥ 0, positive total.
pub(crate) fn check_weights(n: usize, weights: Option<&[f64]>) -> Result<()> {
    if let Some(w) = weights {
        check_same_len("frequency", n, "weights", w.len())?;
        if let Some((i, v)) = w
            .iter()
            .enumerate()
            .find(|(_, v)| !(v.is_finite() && **v >= 0.0))
        {
            return Err(CxError::invalid_at(
                "weights",
                i,
                v,
                "weights must be finite numbers >= 0",
            ));
        }
        if w.iter().sum::<f64>() <= 0.0 {
            return Err(CxError::invalid("weights", "weights sum to zero"));
        }
    }
    Ok(())
}

/// A fast hasher for the bit patterns of (frequency, recency, T) keys: a multiply-rotate
/// combine per word and the `SplitMix64` finalizer, so that low bits of the hash depend on all
/// input bits (float bit patterns of whole numbers end in zeros). Not DoS-resistant, which
/// a grouping of the caller's own data does not need.
#[derive(Default)]
pub(crate) struct TripleHasher(u64);

impl Hasher for TripleHasher {
    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(23) ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// The (frequency, recency, T) columns of many customers, validated and compressed into weighted
/// unique triples: the buy-till-you-die likelihoods depend on a customer only through the triple
/// (Fader, Hardie and Lee 2005), so identical customers are summed once with their total weight.
/// Real data with dates at day resolution compress well (many customers share a triple).
/// (Not serializable on purpose: it holds index caches that only [`RepeatData::new`] builds.)
#[derive(Debug, Clone, PartialEq)]
pub struct RepeatData {
    frequency: Vec<f64>,
    recency: Vec<f64>,
    t: Vec<f64>,
    weights: Vec<f64>,
    rows: usize,
    /// Distinct frequencies, ascending, and each triple's index into them: per-frequency terms
    /// of a likelihood (log-gamma functions) are computed once per level.
    x_levels: Vec<f64>,
    x_idx: Vec<u32>,
    /// Distinct recency and T values (data on a day grid have few) with each triple's indexes,
    /// so per-time terms such as ln(α + T) are computed once per value.
    time_levels: Vec<f64>,
    recency_idx: Vec<u32>,
    t_idx: Vec<u32>,
    /// Distinct (frequency, time) pairs among (x, tₓ) and (x, T), built on first use by
    /// [`RepeatData::weighted_sum_pairs`].
    pairs: OnceLock<PairIndex>,
}

/// Distinct (frequency level, time level) pairs and each triple's pair for its recency and T.
#[derive(Debug, Clone, PartialEq)]
struct PairIndex {
    pairs: Vec<(u32, u32)>,
    recency_pair: Vec<u32>,
    t_pair: Vec<u32>,
}

/// The checks of [`RepeatData::new`] and [`compress`]: lengths, weights, then every row.
fn check_columns(
    frequency: &[f64],
    recency: &[f64],
    t: &[f64],
    weights: Option<&[f64]>,
) -> Result<()> {
    check_len_at_least("frequency", frequency.len(), 1)?;
    check_same_len("frequency", frequency.len(), "recency", recency.len())?;
    check_same_len("frequency", frequency.len(), "T", t.len())?;
    check_weights(frequency.len(), weights)?;
    for i in 0..frequency.len() {
        check_triple(i, frequency[i], recency[i], t[i])?;
    }
    Ok(())
}

/// Triples (as bit patterns) to their slot, sized for `rows` rows.
fn triple_map(rows: usize) -> HashMap<(u64, u64, u64), usize, BuildHasherDefault<TripleHasher>> {
    HashMap::with_capacity_and_hasher(rows.min(1 << 16), BuildHasherDefault::default())
}

impl RepeatData {
    /// Validates the columns (see the field rules on [`RepeatData`]'s methods) and compresses
    /// them. `weights` (optional, default 1 each) count identical customers.
    ///
    /// # Errors
    /// [`CxError::Empty`](crate::CxError::Empty) for no rows, [`CxError::LengthMismatch`](crate::CxError::LengthMismatch) for unequal columns,
    /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) naming the field and index of the first bad value: NaN or
    /// infinite values, negative or fractional `frequency`, `recency > T`, `recency = 0` with
    /// `frequency > 0`, `recency ≠ 0` with `frequency = 0`, negative weights.
    pub fn new(
        frequency: &[f64],
        recency: &[f64],
        t: &[f64],
        weights: Option<&[f64]>,
    ) -> Result<Self> {
        check_columns(frequency, recency, t, weights)?;
        // Group identical triples with a hash map (keys are the bit patterns, −0 folded into
        // +0), then sort the distinct triples: linear in the rows, n log n only in the triples.
        let mut groups = triple_map(frequency.len());
        let mut distinct: Vec<([f64; 3], f64)> = Vec::new();
        for i in 0..frequency.len() {
            let w = weights.map_or(1.0, |w| w[i]);
            if w == 0.0 {
                continue;
            }
            let v = [frequency[i] + 0.0, recency[i] + 0.0, t[i] + 0.0];
            let slot = *groups
                .entry((v[0].to_bits(), v[1].to_bits(), v[2].to_bits()))
                .or_insert_with(|| {
                    distinct.push((v, 0.0));
                    distinct.len() - 1
                });
            distinct[slot].1 += w;
        }
        drop(groups);
        distinct.sort_unstable_by(|(a, _), (b, _)| {
            a[0].total_cmp(&b[0])
                .then(a[1].total_cmp(&b[1]))
                .then(a[2].total_cmp(&b[2]))
        });
        let m = distinct.len();
        let mut out = Self {
            frequency: Vec::with_capacity(m),
            recency: Vec::with_capacity(m),
            t: Vec::with_capacity(m),
            weights: Vec::with_capacity(m),
            rows: frequency.len(),
            x_levels: Vec::new(),
            x_idx: Vec::with_capacity(m),
            time_levels: Vec::new(),
            recency_idx: Vec::new(),
            t_idx: Vec::new(),
            pairs: OnceLock::new(),
        };
        for ([x, tx, tt], w) in distinct {
            out.frequency.push(x);
            out.recency.push(tx);
            out.t.push(tt);
            out.weights.push(w);
            if out.x_levels.last() != Some(&x) {
                out.x_levels.push(x);
            }
            out.x_idx.push((out.x_levels.len() - 1) as u32);
        }
        let mut levels: Vec<f64> = out.recency.iter().chain(&out.t).copied().collect();
        levels.sort_unstable_by(f64::total_cmp);
        levels.dedup();
        let find = |v: &f64| levels.partition_point(|l| l < v) as u32;
        out.recency_idx = out.recency.iter().map(find).collect();
        out.t_idx = out.t.iter().map(find).collect();
        out.time_levels = levels;
        Ok(out)
    }

    /// Number of distinct (frequency, recency, T) triples after compression.
    pub fn len(&self) -> usize {
        self.frequency.len()
    }

    /// Whether there are no triples (never true for a constructed value).
    pub fn is_empty(&self) -> bool {
        self.frequency.is_empty()
    }

    /// Number of input rows before compression.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Total weight (number of customers when unweighted).
    pub fn total_weight(&self) -> f64 {
        self.weights.iter().sum()
    }

    /// Distinct frequencies (repeat purchases), one per triple.
    pub fn frequency(&self) -> &[f64] {
        &self.frequency
    }

    /// Recency of each triple.
    pub fn recency(&self) -> &[f64] {
        &self.recency
    }

    /// `T` of each triple.
    pub fn t(&self) -> &[f64] {
        &self.t
    }

    /// Weight (customer count) of each triple.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// Weighted sum of `f(frequency, recency, T)` over the triples, in a fixed order (so the
    /// result is the same on every run and platform; with the `parallel` feature the sum is
    /// split into fixed chunks whose partial sums are added in order).
    pub(crate) fn weighted_sum<F: Fn(f64, f64, f64) -> f64 + Sync>(&self, f: F) -> f64 {
        weighted_sum4(&self.frequency, &self.recency, &self.t, &self.weights, f)
    }
}

impl RepeatData {
    /// As [`RepeatData::weighted_sum`], with `per_x(frequency)` computed once per distinct
    /// frequency (the first argument of `f`) and `per_time(v)` once per distinct recency or T
    /// value (the second, at recency, and third, at T).
    pub(crate) fn weighted_sum_levels<C, D, G, H, F>(&self, per_x: G, per_time: H, f: F) -> f64
    where
        C: Sync,
        D: Sync,
        G: Fn(f64) -> C,
        H: Fn(f64) -> D,
        F: Fn(&C, &D, &D, f64) -> f64 + Sync,
    {
        let [sum] = self.weighted_sums_levels(per_x, per_time, |c, tx, t, x| [f(c, tx, t, x)]);
        sum
    }
}

impl RepeatData {
    fn pair_index(&self) -> &PairIndex {
        self.pairs.get_or_init(|| {
            let key = |i: usize, time: u32| (u64::from(self.x_idx[i]) << 32) | u64::from(time);
            let mut keys: Vec<u64> = (0..self.frequency.len())
                .flat_map(|i| [key(i, self.recency_idx[i]), key(i, self.t_idx[i])])
                .collect();
            keys.sort_unstable();
            keys.dedup();
            let find = |k: u64| keys.partition_point(|&v| v < k) as u32;
            PairIndex {
                recency_pair: (0..self.frequency.len())
                    .map(|i| find(key(i, self.recency_idx[i])))
                    .collect(),
                t_pair: (0..self.frequency.len())
                    .map(|i| find(key(i, self.t_idx[i])))
                    .collect(),
                pairs: keys
                    .iter()
                    .map(|&k| ((k >> 32) as u32, (k & 0xFFFF_FFFF) as u32))
                    .collect(),
            }
        })
    }

    /// Weighted sum of `f(per-x terms, per-pair terms at (x, recency), per-pair terms at
    /// (x, T), frequency, recency, T)`, where `per_x(x)` is computed once per distinct
    /// frequency and `per_pair(per-x terms, x, v)` once per distinct (frequency, time) pair:
    /// terms such as the Pareto/NBD ₂F₁ that depend on x and one time value are computed once
    /// per pair instead of once per triple. Same fixed order as [`RepeatData::weighted_sum`].
    pub(crate) fn weighted_sum_pairs<C, P, G, H, F>(&self, per_x: G, per_pair: H, f: F) -> f64
    where
        C: Sync,
        P: Sync,
        G: Fn(f64) -> C,
        H: Fn(&C, f64, f64) -> P,
        F: Fn(&C, &P, &P, f64, f64, f64) -> f64 + Sync,
    {
        let [sum] =
            self.weighted_sums_pairs(per_x, per_pair, |c, a, b, x, tx, t| [f(c, a, b, x, tx, t)]);
        sum
    }

    /// As [`RepeatData::weighted_sum_pairs`] for `N` sums at once (a log-likelihood with its
    /// gradient), in the same fixed order as [`RepeatData::weighted_sums_levels`].
    pub(crate) fn weighted_sums_pairs<C, P, G, H, F, const N: usize>(
        &self,
        per_x: G,
        per_pair: H,
        f: F,
    ) -> [f64; N]
    where
        C: Sync,
        P: Sync,
        G: Fn(f64) -> C,
        H: Fn(&C, f64, f64) -> P,
        F: Fn(&C, &P, &P, f64, f64, f64) -> [f64; N] + Sync,
    {
        let index = self.pair_index();
        let cx: Vec<C> = self.x_levels.iter().map(|&x| per_x(x)).collect();
        let cp: Vec<P> = index
            .pairs
            .iter()
            .map(|&(xi, vi)| {
                let xi = xi as usize;
                per_pair(&cx[xi], self.x_levels[xi], self.time_levels[vi as usize])
            })
            .collect();
        chunked_sums(self.frequency.len(), |i| {
            let terms = f(
                &cx[self.x_idx[i] as usize],
                &cp[index.recency_pair[i] as usize],
                &cp[index.t_pair[i] as usize],
                self.frequency[i],
                self.recency[i],
                self.t[i],
            );
            terms.map(|t| self.weights[i] * t)
        })
    }

    /// As [`RepeatData::weighted_sum_levels`] for `N` sums at once (a log-likelihood with its
    /// gradient and Hessian): `f` returns one customer's terms, which are weighted and added
    /// in the same fixed order.
    pub(crate) fn weighted_sums_levels<C, D, G, H, F, const N: usize>(
        &self,
        per_x: G,
        per_time: H,
        f: F,
    ) -> [f64; N]
    where
        C: Sync,
        D: Sync,
        G: Fn(f64) -> C,
        H: Fn(f64) -> D,
        F: Fn(&C, &D, &D, f64) -> [f64; N] + Sync,
    {
        let cx: Vec<C> = self.x_levels.iter().map(|&x| per_x(x)).collect();
        let ct: Vec<D> = self.time_levels.iter().map(|&v| per_time(v)).collect();
        chunked_sums(self.frequency.len(), |i| {
            let terms = f(
                &cx[self.x_idx[i] as usize],
                &ct[self.recency_idx[i] as usize],
                &ct[self.t_idx[i] as usize],
                self.frequency[i],
            );
            terms.map(|t| self.weights[i] * t)
        })
    }
}

/// Chunk size for the (optionally parallel) likelihood sums.
const CHUNK: usize = 4096;

/// Element-wise Σ_{i<n} term(i) of `N` sums in the fixed chunks of [`chunked_sum`].
fn chunked_sums<F: Fn(usize) -> [f64; N] + Sync, const N: usize>(n: usize, term: F) -> [f64; N] {
    let add = |mut a: [f64; N], b: [f64; N]| {
        for (x, y) in a.iter_mut().zip(b) {
            *x += y;
        }
        a
    };
    let part = |k: usize| -> [f64; N] {
        (k * CHUNK..((k + 1) * CHUNK).min(n))
            .map(&term)
            .fold([0.0; N], add)
    };
    let chunks = n.div_ceil(CHUNK);
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        if chunks > 1 {
            let parts: Vec<[f64; N]> = (0..chunks).into_par_iter().map(part).collect();
            return parts.into_iter().fold([0.0; N], add);
        }
    }
    (0..chunks).map(part).fold([0.0; N], add)
}

/// Σ w·f(a, b, c) in a fixed order; see [`RepeatData::weighted_sum`].
pub(crate) fn weighted_sum4<F: Fn(f64, f64, f64) -> f64 + Sync>(
    a: &[f64],
    b: &[f64],
    c: &[f64],
    w: &[f64],
    f: F,
) -> f64 {
    chunked_sum(a.len(), |i| w[i] * f(a[i], b[i], c[i]))
}

/// Σ_{i<n} term(i) in fixed chunks whose partial sums are added in order (in parallel with the
/// `parallel` feature), so the result does not depend on the thread count.
fn chunked_sum<F: Fn(usize) -> f64 + Sync>(n: usize, term: F) -> f64 {
    let part = |k: usize| -> f64 {
        let lo = k * CHUNK;
        let hi = (lo + CHUNK).min(n);
        (lo..hi).map(&term).sum()
    };
    let chunks = n.div_ceil(CHUNK);
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        if chunks > 1 {
            let parts: Vec<f64> = (0..chunks).into_par_iter().map(part).collect();
            return parts.iter().sum();
        }
    }
    (0..chunks).map(part).sum()
}

/// The shared fit configuration of the CLV models (linfa-style parameters → fit → fitted model):
/// optimizer options and optional starting values. Built with `Model::params()`, e.g.
/// [`BgNbd::params`](crate::clv::BgNbd::params).
#[derive(Debug, Clone, PartialEq)]
pub struct FitConfig<P> {
    /// Optimizer tolerance and iteration cap.
    pub options: FitOptions,
    /// Starting values; `None` uses the model's default start.
    pub initial: Option<P>,
}

impl<P> Default for FitConfig<P> {
    fn default() -> Self {
        Self {
            options: FitOptions::default(),
            initial: None,
        }
    }
}

impl<P> FitConfig<P> {
    /// Sets the log-likelihood tolerance (default 1e-10).
    #[must_use]
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.options.tolerance = tolerance;
        self
    }

    /// Sets the Nelder–Mead iteration cap per restart (default 2,000).
    #[must_use]
    pub fn max_iterations(mut self, n: u64) -> Self {
        self.options.max_iterations = n;
        self
    }

    /// Keeps a fit whose optimizer did not converge (`converged: false`) instead of failing
    /// with [`CxError::NotConverged`](crate::CxError::NotConverged) (default `false`).
    #[must_use]
    pub fn allow_unconverged(mut self, allow: bool) -> Self {
        self.options.allow_unconverged = allow;
        self
    }

    /// Sets the starting values.
    #[must_use]
    pub fn initial(mut self, params: P) -> Self {
        self.initial = Some(params);
        self
    }
}

/// Defines a model's parameter struct (all fields `f64`, serializable) with `NAMES`, `check`
/// (every parameter finite and > 0, naming the bad one), `to_vec` and `from_slice` (in field
/// order; missing values become NaN, which `check` rejects). Shared by the four-parameter
/// purchase models so that they cannot drift apart.
macro_rules! model_params {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* pub $field:ident: f64, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
        pub struct $name {
            $( $(#[$field_meta])* pub $field: f64, )+
        }

        impl $name {
            /// The parameter names, in field order (as in error messages and JSON).
            pub const NAMES: &'static [&'static str] = &[$(stringify!($field)),+];

            /// Fails unless every parameter is finite and > 0.
            ///
            /// # Errors
            /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) naming the first bad
            /// parameter.
            pub fn check(&self) -> Result<()> {
                crate::clv::data::check_positive(Self::NAMES, &self.to_vec())
            }

            /// The parameters in field order.
            pub(crate) fn to_vec(self) -> Vec<f64> {
                vec![$(self.$field),+]
            }

            /// Parameters from values in field order.
            pub(crate) fn from_slice(p: &[f64]) -> Self {
                let mut values = p.iter().copied();
                Self { $($field: values.next().unwrap_or(f64::NAN)),+ }
            }
        }
    };
}
pub(crate) use model_params;

/// The fitted model `$model { params, log_likelihood, converged, iterations,
/// standard_errors, n_customers }` from an [`MlEstimate`](crate::fit::MlEstimate) and the total
/// weight of the data, with `$params::from_slice` for the parameter vectors.
macro_rules! fitted_model {
    ($model:ident, $params:ident, $est:expr, $weight:expr) => {{
        let est = $est;
        $model {
            params: $params::from_slice(&est.params),
            log_likelihood: est.log_likelihood,
            converged: est.converged,
            iterations: est.iterations,
            standard_errors: est.standard_errors.as_deref().map($params::from_slice),
            n_customers: $weight,
        }
    }};
}
pub(crate) use fitted_model;

/// Implements [`PurchaseModel`](crate::clv::PurchaseModel) and adds `p_alive_many` and
/// `expected_purchases_many` for a continuous-time purchase model that has
/// `p_alive_unchecked(x, tₓ, T)`, `expected_unchecked(t, x, tₓ, T)` and
/// `expected_new_unchecked(t)`: every entry point checks the horizon and each customer's triple
/// (naming the field and index of the first bad one), then scores.
macro_rules! purchase_model {
    ($model:ty) => {
        impl crate::clv::PurchaseModel for $model {
            fn p_alive(&self, frequency: f64, recency: f64, t: f64) -> Result<f64> {
                crate::clv::data::check_triple(0, frequency, recency, t)?;
                Ok(self.p_alive_unchecked(frequency, recency, t))
            }

            fn expected_purchases(
                &self,
                t: f64,
                frequency: f64,
                recency: f64,
                big_t: f64,
            ) -> Result<f64> {
                crate::clv::data::check_horizon(t)?;
                crate::clv::data::check_triple(0, frequency, recency, big_t)?;
                crate::clv::data::finite_prediction(
                    "expected_purchases",
                    None,
                    self.expected_unchecked(t, frequency, recency, big_t),
                )
            }

            fn expected_purchases_new(&self, t: f64) -> Result<f64> {
                crate::clv::data::check_horizon(t)?;
                crate::clv::data::finite_prediction(
                    "expected_purchases_new",
                    None,
                    self.expected_new_unchecked(t),
                )
            }

            fn expected_if_alive(&self, t: f64, frequency: f64, big_t: f64) -> Option<f64> {
                Some(self.if_alive_unchecked(t, frequency, big_t))
            }
        }

        impl $model {
            /// [`PurchaseModel::p_alive`](crate::clv::PurchaseModel::p_alive) for many customers.
            ///
            /// # Errors
            /// As [`RepeatData::new`], naming the field and index of the first bad value.
            pub fn p_alive_many(
                &self,
                frequency: &[f64],
                recency: &[f64],
                t: &[f64],
            ) -> Result<Vec<f64>> {
                crate::clv::data::map_triples(frequency, recency, t, |x, tx, tt| {
                    self.p_alive_unchecked(x, tx, tt)
                })
            }

            /// [`Self::p_alive_many`] into `out` (one slot per customer).
            ///
            /// # Errors
            /// As [`Self::p_alive_many`], and when `out` has another length.
            pub fn p_alive_into(
                &self,
                frequency: &[f64],
                recency: &[f64],
                t: &[f64],
                out: &mut [f64],
            ) -> Result<()> {
                crate::clv::data::map_triples_into(frequency, recency, t, out, |x, tx, tt| {
                    self.p_alive_unchecked(x, tx, tt)
                })
            }

            /// [`Self::expected_purchases_many`] into `out` (one slot per customer).
            ///
            /// # Errors
            /// As [`Self::expected_purchases_many`], and when `out` has another length.
            pub fn expected_purchases_into(
                &self,
                t: f64,
                frequency: &[f64],
                recency: &[f64],
                big_t: &[f64],
                out: &mut [f64],
            ) -> Result<()> {
                crate::clv::data::check_horizon(t)?;
                crate::clv::data::map_triples_into(frequency, recency, big_t, out, |x, tx, tt| {
                    self.expected_unchecked(t, x, tx, tt)
                })?;
                if let Some(i) = out.iter().position(|e| !e.is_finite()) {
                    crate::clv::data::finite_prediction("expected_purchases", Some(i), out[i])?;
                }
                Ok(())
            }

            /// [`PurchaseModel::expected_purchases`](crate::clv::PurchaseModel::expected_purchases)
            /// for many customers over one horizon `t`.
            ///
            /// # Errors
            /// As [`RepeatData::new`], and for a bad horizon.
            pub fn expected_purchases_many(
                &self,
                t: f64,
                frequency: &[f64],
                recency: &[f64],
                big_t: &[f64],
            ) -> Result<Vec<f64>> {
                crate::error::check_same_len(
                    "frequency",
                    frequency.len(),
                    "recency",
                    recency.len(),
                )?;
                let mut out = vec![0.0; frequency.len()];
                self.expected_purchases_into(t, frequency, recency, big_t, &mut out)?;
                Ok(out)
            }
        }
    };
}
pub(crate) use purchase_model;

/// `v` when finite; otherwise a [`CxError::NotConverged`] naming the prediction (and the
/// customer's index): with extreme fitted parameters (a, b in the hundreds of thousands, α
/// near 0) the hypergeometric series behind the expectations loses all precision, and the
/// caller gets an error instead of a silent NaN.
pub(crate) fn finite_prediction(what: &str, index: Option<usize>, v: f64) -> Result<f64> {
    if v.is_finite() {
        return Ok(v);
    }
    Err(CxError::NotConverged {
        iterations: 0,
        reason: format!(
            "{what}{} is {v}: the hypergeometric series does not converge to a number at \
             these parameters",
            index.map_or(String::new(), |i| format!(" of customer {i}"))
        ),
    })
}

/// Fails unless some customer has a repeat purchase: without one the purchase-rate and
/// dropout parameters have no maximum-likelihood estimate (the likelihood only grows towards
/// "no purchases at all"), and a fit would report meaningless extreme values.
pub(crate) fn check_has_repeats(data: &RepeatData) -> Result<()> {
    if data.frequency().iter().any(|&x| x > 0.0) {
        Ok(())
    } else {
        Err(CxError::invalid(
            "frequency",
            "no customer has a repeat purchase (frequency > 0): the model cannot be fitted",
        ))
    }
}

/// Checks that every named model parameter is finite and > 0.
pub(crate) fn check_positive(names: &[&str], values: &[f64]) -> Result<()> {
    for (name, &v) in names.iter().zip(values) {
        if !(v.is_finite() && v > 0.0) {
            return Err(CxError::InvalidInput {
                field: (*name).into(),
                index: None,
                value: Some(v.to_string()),
                reason: "model parameters must be finite and > 0".into(),
            });
        }
    }
    Ok(())
}

/// [`check_triple`] for every customer: a branch-free pass that vectorizes, then the
/// element-by-element check (which names the culprit) only when something is wrong.
// Bitwise `&`/`|` on bools keep the loop free of branches.
#[allow(
    clippy::needless_bitwise_bool,
    clippy::manual_range_contains,
    clippy::float_cmp
)]
pub(crate) fn check_triples(frequency: &[f64], recency: &[f64], t: &[f64]) -> Result<()> {
    const MAX: f64 = f64::MAX;
    // 2^52: x + 2^52 − 2^52 == x exactly when a finite x in [0, 2^52) is whole.
    const SHIFT: f64 = 4_503_599_627_370_496.0;
    let ok = frequency
        .iter()
        .zip(recency)
        .zip(t)
        .fold(true, |ok, ((&x, &tx), &tt)| {
            let whole = (x >= 0.0) & (x <= MAX) & ((x >= SHIFT) | ((x + SHIFT) - SHIFT == x));
            let times = (tx >= 0.0) & (tt >= 0.0) & (tt <= MAX) & (tx <= tt);
            let shape = ((x > 0.0) & (tx > 0.0)) | ((x == 0.0) & (tx == 0.0));
            ok & whole & times & shape
        });
    if ok {
        return Ok(());
    }
    for i in 0..frequency.len() {
        check_triple(i, frequency[i], recency[i], t[i])?;
    }
    Ok(())
}

/// Scores many customers with a validated per-customer function.
///
/// Chunks of [`CHUNK`] customers are checked, then scored while their inputs are in cache;
/// with the `parallel` feature the chunks run on rayon's pool. Each output element is the
/// same function of the same inputs, so the result is bit-identical to the serial pass.
pub(crate) fn map_triples(
    frequency: &[f64],
    recency: &[f64],
    t: &[f64],
    f: impl Fn(f64, f64, f64) -> f64 + Sync,
) -> Result<Vec<f64>> {
    check_same_len("frequency", frequency.len(), "recency", recency.len())?;
    let mut out = vec![0.0; frequency.len()];
    map_triples_into(frequency, recency, t, &mut out, f)?;
    Ok(out)
}

/// [`map_triples`] into a caller's buffer (e.g. an array the Python binding has numpy
/// allocate: numpy asks the kernel for huge pages, which makes a fresh 80 MB output about
/// five times cheaper to fault in than a plain allocation).
pub(crate) fn map_triples_into(
    frequency: &[f64],
    recency: &[f64],
    t: &[f64],
    out: &mut [f64],
    f: impl Fn(f64, f64, f64) -> f64 + Sync,
) -> Result<()> {
    check_same_len("frequency", frequency.len(), "recency", recency.len())?;
    check_same_len("frequency", frequency.len(), "T", t.len())?;
    check_same_len("frequency", frequency.len(), "out", out.len())?;
    let score = |lo: usize, out: &mut [f64]| {
        let hi = lo + out.len();
        // Validated first, so that this loop has no early exit and stays tight.
        for (o, ((&x, &tx), &tt)) in out.iter_mut().zip(
            frequency[lo..hi]
                .iter()
                .zip(&recency[lo..hi])
                .zip(&t[lo..hi]),
        ) {
            *o = f(x, tx, tt);
        }
    };
    #[cfg(feature = "parallel")]
    if frequency.len() > CHUNK {
        use rayon::prelude::*;
        // Each chunk is checked, then scored while its inputs are in cache.
        let ok = out
            .par_chunks_mut(CHUNK)
            .enumerate()
            .map(|(k, o)| {
                let (lo, hi) = (k * CHUNK, k * CHUNK + o.len());
                let ok = check_triples(&frequency[lo..hi], &recency[lo..hi], &t[lo..hi]).is_ok();
                if ok {
                    score(lo, o);
                }
                ok
            })
            .reduce(|| true, |a, b| a & b);
        if !ok {
            // The serial check names the first bad customer by its index in the whole input.
            check_triples(frequency, recency, t)?;
        }
        return Ok(());
    }
    for (k, o) in out.chunks_mut(CHUNK).enumerate() {
        let (lo, hi) = (k * CHUNK, k * CHUNK + o.len());
        if check_triples(&frequency[lo..hi], &recency[lo..hi], &t[lo..hi]).is_err() {
            // Earlier chunks passed: the whole-input check names this chunk's bad customer.
            check_triples(frequency, recency, t)?;
        }
        score(lo, o);
    }
    Ok(())
}

/// Test helper: every estimate within three standard errors of the value it was simulated
/// from (the parameter-recovery tolerance of every model).
#[cfg(test)]
pub(crate) fn assert_within_3_se(names: &[&str], est: &[f64], se: &[f64], truth: &[f64]) {
    for (((name, est), se), want) in names.iter().zip(est).zip(se).zip(truth) {
        assert!(
            (est - want).abs() < 3.0 * se,
            "{name}: {est} ± {se} vs {want}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compresses_identical_customers() {
        let d = RepeatData::new(
            &[0.0, 2.0, 0.0, 2.0],
            &[0.0, 5.0, 0.0, 5.0],
            &[10.0, 10.0, 10.0, 10.0],
            None,
        )
        .unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d.rows(), 4);
        assert_eq!(d.weights(), &[2.0, 2.0]);
        assert_eq!(d.total_weight(), 4.0);
    }

    #[test]
    fn bad_inputs_name_field_and_index() {
        type Case<'a> = (&'a [f64], &'a [f64], &'a [f64], &'a str, usize);
        let cases: [Case; 7] = [
            (&[1.0, f64::NAN], &[1.0, 1.0], &[2.0, 2.0], "frequency", 1),
            (&[1.0, -1.0], &[1.0, 1.0], &[2.0, 2.0], "frequency", 1),
            (&[1.5], &[1.0], &[2.0], "frequency", 0),
            (&[1.0, 1.0], &[1.0, 3.0], &[2.0, 2.0], "recency", 1),
            (&[0.0, 2.0], &[0.0, 0.0], &[2.0, 2.0], "recency", 1),
            (&[0.0], &[1.0], &[2.0], "recency", 0),
            (&[0.0], &[0.0], &[f64::INFINITY], "T", 0),
        ];
        for (x, tx, t, field, index) in cases {
            let e = RepeatData::new(x, tx, t, None).unwrap_err();
            assert_eq!(e.field(), Some(field), "{e}");
            assert!(
                matches!(e, CxError::InvalidInput { index: Some(i), .. } if i == index),
                "{e}"
            );
        }
        let e = RepeatData::new(&[1.0], &[1.0, 2.0], &[2.0], None).unwrap_err();
        assert_eq!(e.code(), "CX_LENGTH_MISMATCH");
        let e = RepeatData::new(&[], &[], &[], None).unwrap_err();
        assert_eq!(e.code(), "CX_EMPTY");
        let e = RepeatData::new(&[1.0], &[1.0], &[2.0], Some(&[-1.0])).unwrap_err();
        assert_eq!(e.field(), Some("weights"));
    }
}

/// Customers grouped into weighted unique `(frequency, recency, T)` triples, with the way back
/// to the rows: what [`compress`] returns.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Compressed {
    /// Frequency of each unique triple.
    pub frequency: Vec<f64>,
    /// Recency of each unique triple.
    pub recency: Vec<f64>,
    /// `T` of each unique triple.
    pub t: Vec<f64>,
    /// Customers (rows) with the triple.
    pub weights: Vec<f64>,
    /// `inverse[i]`: the triple of row `i`, so `frequency[inverse[i]]` is row `i`'s frequency
    /// and per-triple predictions expand to rows as `p[inverse[i]]`.
    pub inverse: Vec<usize>,
}

/// Groups identical customers into unique `(frequency, recency, T)` triples with weights
/// (their counts) and the inverse index, in the order of the fits (by frequency, recency, T).
///
/// The buy-till-you-die likelihoods depend on a customer only through the triple, so a fit on
/// the compressed table with `weights` gives the same estimates as a fit on every row: the way
/// to fit hundreds of millions of customers after a `groupBy` in Spark, Dask or SQL. Rows
/// are checked as by [`RepeatData::new`].
///
/// ```
/// use cx_core::clv::compress;
/// let c = compress(&[0.0, 2.0, 0.0], &[0.0, 5.0, 0.0], &[10.0, 10.0, 10.0])?;
/// assert_eq!(c.frequency, [0.0, 2.0]);
/// assert_eq!(c.weights, [2.0, 1.0]);
/// assert_eq!(c.inverse, [0, 1, 0]);
/// # Ok::<(), cx_core::CxError>(())
/// ```
pub fn compress(frequency: &[f64], recency: &[f64], t: &[f64]) -> Result<Compressed> {
    check_columns(frequency, recency, t, None)?;
    let mut groups = triple_map(frequency.len());
    let mut distinct: Vec<[f64; 3]> = Vec::new();
    let mut counts: Vec<f64> = Vec::new();
    let mut first_slot = Vec::with_capacity(frequency.len());
    for i in 0..frequency.len() {
        let v = [frequency[i] + 0.0, recency[i] + 0.0, t[i] + 0.0];
        let slot = *groups
            .entry((v[0].to_bits(), v[1].to_bits(), v[2].to_bits()))
            .or_insert_with(|| {
                distinct.push(v);
                counts.push(0.0);
                distinct.len() - 1
            });
        counts[slot] += 1.0;
        first_slot.push(slot);
    }
    drop(groups);
    let mut order: Vec<usize> = (0..distinct.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        let (a, b) = (distinct[a], distinct[b]);
        a[0].total_cmp(&b[0])
            .then(a[1].total_cmp(&b[1]))
            .then(a[2].total_cmp(&b[2]))
    });
    let mut rank = vec![0; distinct.len()];
    for (k, &slot) in order.iter().enumerate() {
        rank[slot] = k;
    }
    Ok(Compressed {
        frequency: order.iter().map(|&s| distinct[s][0]).collect(),
        recency: order.iter().map(|&s| distinct[s][1]).collect(),
        t: order.iter().map(|&s| distinct[s][2]).collect(),
        weights: order.iter().map(|&s| counts[s]).collect(),
        inverse: first_slot.into_iter().map(|s| rank[s]).collect(),
    })
}

#[cfg(test)]
mod compress_tests {
    use super::*;
    use crate::clv::BgNbd;
    use crate::clv::simulate;

    #[test]
    fn a_fit_on_the_compressed_table_equals_the_fit_on_every_row() {
        // Weeks on a grid of whole days, as real data have them: many customers share a triple.
        let sim = simulate::bgnbd(0.25, 4.0, 0.8, 2.5, &vec![39.0; 5_000], 7);
        let (f, t) = (sim.frequency, sim.t);
        let r: Vec<f64> = sim
            .recency
            .iter()
            .zip(&f)
            .map(|(&tx, &x)| {
                if x == 0.0 {
                    0.0
                } else {
                    ((tx * 7.0).floor().max(1.0)) / 7.0
                }
            })
            .collect();
        let c = compress(&f, &r, &t).unwrap();
        assert!(c.frequency.len() < f.len());
        for (i, &k) in c.inverse.iter().enumerate() {
            assert_eq!((c.frequency[k], c.recency[k], c.t[k]), (f[i], r[i], t[i]));
        }
        let all = BgNbd::params()
            .fit(&RepeatData::new(&f, &r, &t, None).unwrap())
            .unwrap();
        let grouped = BgNbd::params()
            .fit(&RepeatData::new(&c.frequency, &c.recency, &c.t, Some(&c.weights)).unwrap())
            .unwrap();
        assert_eq!(all.params, grouped.params);
        assert_eq!(all.log_likelihood, grouped.log_likelihood);
    }

    #[test]
    fn bad_rows_are_named() {
        let e = compress(&[1.0, 2.0], &[1.0, 5.0], &[3.0, 3.0]).unwrap_err();
        assert_eq!(e.field(), Some("recency"));
        assert!(compress(&[], &[], &[]).is_err());
    }
}
