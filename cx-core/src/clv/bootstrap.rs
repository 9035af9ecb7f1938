//! Uncertainty of the purchase models: Wald intervals for parameters from the observed
//! information, and nonparametric bootstrap prediction intervals (Efron and Tibshirani 1993,
//! ch. 13, percentile intervals): resample the customers with replacement, refit, predict
//! P(alive), expected purchases and CLV for the customers of interest, and report the
//! percentiles of the replicates.
//!
//! Determinism: replicate `b` draws its resample from its own generator seeded by
//! `SplitMix64(seed, b)`, and the fits sum in a fixed order, so the intervals for a seed are the
//! same with or without the `parallel` feature (which runs replicates on `rayon`) and on
//! every platform.

use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use crate::clv::covariates::{CovariateConfig, CovariateData, CovariateModel};
use crate::clv::data::{check_horizon, map_triples};
use crate::clv::simulate::Rng;
use crate::clv::value::{TimeUnit, discounted_clv};
use crate::clv::{BgNbd, GgNbd, MbgNbd, ParetoNbd, PurchaseModel, RepeatData};
use crate::error::{CxError, Result, check_level, check_same_len};
use crate::survey::interval::z_critical;

/// Wald intervals `estimate ± z·se` at `level` (e.g. 0.95) for estimates with standard errors
/// from the observed information (`standard_errors` of a fitted model).
///
/// # Errors
/// [`CxError::InvalidInput`] naming `level` outside (0, 1); [`CxError::LengthMismatch`].
pub fn wald_intervals(
    estimates: &[f64],
    standard_errors: &[f64],
    level: f64,
) -> Result<Vec<(f64, f64)>> {
    check_same_len(
        "estimates",
        estimates.len(),
        "standard_errors",
        standard_errors.len(),
    )?;
    let z = z_critical(level)?;
    Ok(estimates
        .iter()
        .zip(standard_errors)
        .map(|(e, s)| (e - z * s, e + z * s))
        .collect())
}

/// The central `level` percentile interval of `values` (sorted in place), with linear
/// interpolation between order statistics (Hyndman and Fan 1996, type 7); NaN for no values.
pub fn percentile_interval(values: &mut [f64], level: f64) -> (f64, f64) {
    if values.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    values.sort_unstable_by(f64::total_cmp);
    let q = |p: f64| {
        let h = (values.len() - 1) as f64 * p;
        let lo = h.floor() as usize;
        let hi = h.ceil() as usize;
        values[lo] + (h - lo as f64) * (values[hi] - values[lo])
    };
    let tail = (1.0 - level) / 2.0;
    (q(tail), q(1.0 - tail))
}

/// The discounted-CLV part of a bootstrap: spend per purchase of each customer scored, months,
/// monthly discount rate and the time unit of the data (see [`discounted_clv`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ClvSpec {
    /// Expected spend per purchase of each scored customer.
    pub spend: Vec<f64>,
    /// Months of the CLV horizon.
    pub months: u32,
    /// Monthly discount rate.
    pub discount_rate: f64,
    /// Time unit of the data.
    pub unit: TimeUnit,
}

/// Bootstrap settings.
#[derive(Debug, Clone, PartialEq)]
pub struct BootstrapConfig {
    /// Number of resamples (default 200).
    pub replicates: usize,
    /// Seed of the resampling (default 0).
    pub seed: u64,
    /// Interval level (default 0.95).
    pub level: f64,
    /// Horizon of the expected purchases, in the data's time unit (default 1).
    pub horizon: f64,
    /// Discounted CLV intervals too, when set.
    pub clv: Option<ClvSpec>,
}

impl Default for BootstrapConfig {
    fn default() -> Self {
        Self {
            replicates: 200,
            seed: 0,
            level: 0.95,
            horizon: 1.0,
            clv: None,
        }
    }
}

/// Bootstrap prediction intervals, one `(low, high)` per scored customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bootstrap {
    /// Interval level.
    pub level: f64,
    /// Replicates whose refit succeeded (the intervals use these).
    pub replicates: usize,
    /// Replicates whose refit failed (e.g. a resample without repeat purchases).
    pub failed: usize,
    /// P(alive) intervals.
    pub p_alive: Vec<(f64, f64)>,
    /// Expected-purchases intervals over the configured horizon.
    pub expected_purchases: Vec<(f64, f64)>,
    /// Discounted CLV intervals, when a [`ClvSpec`] was given.
    pub clv: Option<Vec<(f64, f64)>>,
    /// The parameter vector of each successful replicate (model parameters, then any
    /// coefficients), in replicate order.
    pub params: Vec<Vec<f64>>,
}

/// A purchase model that can be refitted on a resample (starting from its own estimate).
pub trait Refit: PurchaseModel + Sized + Send + Sync {
    /// The model fitted on `data`, starting from this model's parameters.
    ///
    /// # Errors
    /// As the model's fit.
    fn refit(&self, data: &RepeatData) -> Result<Self>;

    /// The parameters in their documented order.
    fn param_vec(&self) -> Vec<f64>;
}

macro_rules! refit {
    ($model:ty) => {
        impl Refit for $model {
            fn refit(&self, data: &RepeatData) -> Result<Self> {
                <$model>::params().initial(self.params).fit(data)
            }

            fn param_vec(&self) -> Vec<f64> {
                self.params.to_vec()
            }
        }
    };
}
refit!(BgNbd);
refit!(MbgNbd);
refit!(ParetoNbd);
refit!(GgNbd);

/// The seed of replicate `b`: `SplitMix64` of the seed advanced `b + 1` times.
fn replicate_seed(seed: u64, b: usize) -> u64 {
    let mut z = seed.wrapping_add((b as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Resample weights of replicate `b`: how many times each of `rows` customers is drawn in
/// `rows` uniform draws with replacement, times the customer's own weight.
fn resample_weights(rows: usize, base: Option<&[f64]>, seed: u64, b: usize) -> Vec<f64> {
    let mut rng = Rng::new(replicate_seed(seed, b));
    let mut counts = vec![0.0; rows];
    for _ in 0..rows {
        let i = ((rng.uniform() * rows as f64) as usize).min(rows - 1);
        counts[i] += 1.0;
    }
    if let Some(w) = base {
        for (c, w) in counts.iter_mut().zip(w) {
            *c *= w;
        }
    }
    counts
}

/// One replicate's output: parameters, P(alive), expected purchases, CLV.
type Replicate = (Vec<f64>, Vec<f64>, Vec<f64>, Option<Vec<f64>>);

fn check_config(config: &BootstrapConfig, scored: usize) -> Result<()> {
    if config.replicates == 0 {
        return Err(CxError::invalid(
            "n",
            "the number of bootstrap replicates must be at least 1",
        ));
    }
    check_level(config.level)?;
    check_horizon(config.horizon)?;
    if let Some(c) = &config.clv {
        check_same_len("frequency", scored, "monetary_value", c.spend.len())?;
    }
    Ok(())
}

/// Runs the replicates (in parallel when `parallel` and the `parallel` feature is on), calling
/// `progress(done, total)` after each, and summarizes them into percentile intervals.
fn run<F>(
    parallel: bool,
    rows: usize,
    base: Option<&[f64]>,
    config: &BootstrapConfig,
    one: F,
    progress: Option<&(dyn Fn(usize, usize) + Sync)>,
) -> Result<Bootstrap>
where
    F: Fn(Vec<f64>) -> Result<Replicate> + Sync,
{
    let done = AtomicUsize::new(0);
    let total = config.replicates;
    let replicate = |b: usize| -> Option<Replicate> {
        let out = one(resample_weights(rows, base, config.seed, b)).ok();
        let d = done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(p) = progress {
            p(d, total);
        }
        out
    };
    let results: Vec<Option<Replicate>> = if parallel {
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            (0..total).into_par_iter().map(replicate).collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            (0..total).map(replicate).collect()
        }
    } else {
        (0..total).map(replicate).collect()
    };
    let ok: Vec<Replicate> = results.into_iter().flatten().collect();
    if ok.is_empty() {
        return Err(CxError::NotConverged {
            iterations: 0,
            reason: "no bootstrap replicate could be fitted".into(),
        });
    }
    let intervals = |pick: &dyn Fn(&Replicate) -> &[f64]| -> Vec<(f64, f64)> {
        let m = pick(&ok[0]).len();
        (0..m)
            .map(|j| {
                let mut v: Vec<f64> = ok.iter().map(|r| pick(r)[j]).collect();
                percentile_interval(&mut v, config.level)
            })
            .collect()
    };
    Ok(Bootstrap {
        level: config.level,
        replicates: ok.len(),
        failed: total - ok.len(),
        p_alive: intervals(&|r| &r.1),
        expected_purchases: intervals(&|r| &r.2),
        clv: config
            .clv
            .as_ref()
            .map(|_| intervals(&|r| r.3.as_deref().unwrap_or(&[]))),
        params: ok.into_iter().map(|r| r.0).collect(),
    })
}

/// Bootstrap prediction intervals of a fitted BG/NBD, MBG/NBD or Pareto/NBD model: the
/// customers `(frequency, recency, t)` (with optional `weights`) the model was fitted on are
/// resampled `config.replicates` times, the model refitted on each resample (from its own
/// estimate), and P(alive), expected purchases over `config.horizon` and (optionally) CLV
/// predicted for the scored customers `score = (frequency, recency, T)`.
///
/// ```
/// use cx_core::clv::{BgNbd, BootstrapConfig, RepeatData, bootstrap_purchase_model, simulate};
/// let sim = simulate::bgnbd(0.5, 5.0, 0.8, 2.5, &vec![30.0; 500], 1);
/// let data = RepeatData::new(&sim.frequency, &sim.recency, &sim.t, None)?;
/// let model = BgNbd::params().fit(&data)?;
/// let config = BootstrapConfig { replicates: 20, horizon: 10.0, ..Default::default() };
/// let b = bootstrap_purchase_model(
///     &model, (&sim.frequency, &sim.recency, &sim.t), None,
///     (&[2.0], &[20.0], &[30.0]), &config, None,
/// )?;
/// let (lo, hi) = b.p_alive[0];
/// assert!(0.0 <= lo && lo <= hi && hi <= 1.0);
/// # Ok::<(), cx_core::CxError>(())
/// ```
///
/// # Errors
/// Field errors for bad columns or settings (`n`, `level`, `t`, `monetary_value`);
/// [`CxError::NotConverged`] when no replicate could be fitted.
pub fn bootstrap_purchase_model<M: Refit>(
    model: &M,
    fitted_on: (&[f64], &[f64], &[f64]),
    weights: Option<&[f64]>,
    score: (&[f64], &[f64], &[f64]),
    config: &BootstrapConfig,
    progress: Option<&(dyn Fn(usize, usize) + Sync)>,
) -> Result<Bootstrap> {
    let (f, r, t) = fitted_on;
    RepeatData::new(f, r, t, weights)?;
    let (sf, sr, st) = score;
    map_triples(sf, sr, st, |_, _, _| 0.0)?;
    check_config(config, sf.len())?;
    let one = |w: Vec<f64>| -> Result<Replicate> {
        let data = RepeatData::new(f, r, t, Some(&w))?;
        let m = model.refit(&data)?;
        let pa = map_triples(sf, sr, st, |x, tx, tt| {
            m.p_alive(x, tx, tt).unwrap_or(f64::NAN)
        })?;
        let ep = map_triples(sf, sr, st, |x, tx, tt| {
            m.expected_purchases(config.horizon, x, tx, tt)
                .unwrap_or(f64::NAN)
        })?;
        let clv = match &config.clv {
            Some(c) => Some(discounted_clv(
                &m,
                sf,
                sr,
                st,
                &c.spend,
                c.months,
                c.discount_rate,
                c.unit,
            )?),
            None => None,
        };
        Ok((m.param_vec(), pa, ep, clv))
    };
    run(true, f.len(), weights, config, one, progress)
}

/// Bootstrap prediction intervals of a covariate model (see [`bootstrap_purchase_model`]):
/// the customers of `fitted_on` are resampled with their covariates and refitted with `fit`;
/// `score` holds the scored customers with their covariates. Replicate parameters are the
/// four model parameters, then the purchase and the dropout coefficients.
///
/// # Errors
/// As [`bootstrap_purchase_model`], and a covariate of the model missing from `score`.
pub fn bootstrap_covariate_model(
    fit: &CovariateConfig,
    fitted_on: &CovariateData,
    score: &CovariateData,
    config: &BootstrapConfig,
    progress: Option<&(dyn Fn(usize, usize) + Sync)>,
) -> Result<Bootstrap> {
    check_config(config, score.rows())?;
    let one = |w: Vec<f64>| -> Result<Replicate> {
        let m: CovariateModel = fit.fit(&fitted_on.reweighted(w))?;
        let pa = m.p_alive(score)?;
        let ep = m.expected_purchases(config.horizon, score)?;
        let clv = match &config.clv {
            Some(c) => Some(m.clv(score, &c.spend, c.months, c.discount_rate, c.unit)?),
            None => None,
        };
        let params = m
            .params
            .iter()
            .chain(&m.purchase_coefficients)
            .chain(&m.dropout_coefficients)
            .copied()
            .collect();
        Ok((params, pa, ep, clv))
    };
    run(
        true,
        fitted_on.rows(),
        Some(fitted_on.weights()),
        config,
        one,
        progress,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::simulate;
    use crate::clv::{CovariateKind, Covariates};
    use approx::assert_relative_eq;

    #[test]
    fn wald_and_percentiles() {
        let w = wald_intervals(&[1.0, 2.0], &[0.1, 0.5], 0.95).unwrap();
        // z_{0.975} = 1.959963984540054 (standard normal table).
        assert_relative_eq!(w[0].0, 1.0 - 0.195_996_398_454_005_4, max_relative = 1e-12);
        assert_relative_eq!(w[1].1, 2.0 + 0.979_981_992_270_027, max_relative = 1e-12);
        // Type 7 quantiles of 1..=5 at 0.025 and 0.975: 1 + 4·0.025 = 1.1 and 4.9.
        let mut v = vec![5.0, 3.0, 1.0, 2.0, 4.0];
        let (lo, hi) = percentile_interval(&mut v, 0.95);
        assert_relative_eq!(lo, 1.1, max_relative = 1e-12);
        assert_relative_eq!(hi, 4.9, max_relative = 1e-12);
        assert!(wald_intervals(&[1.0], &[0.1], 1.5).is_err());
    }

    #[test]
    fn intervals_cover_the_point_prediction_and_are_reproducible() {
        let sim = simulate::bgnbd(0.5, 5.0, 0.8, 2.5, &vec![30.0; 1500], 8);
        let data = RepeatData::new(&sim.frequency, &sim.recency, &sim.t, None).unwrap();
        let m = BgNbd::params().fit(&data).unwrap();
        let score = (
            &[0.0, 2.0, 6.0][..],
            &[0.0, 25.0, 10.0][..],
            &[30.0, 30.0, 30.0][..],
        );
        let config = BootstrapConfig {
            replicates: 60,
            seed: 3,
            horizon: 10.0,
            clv: Some(ClvSpec {
                spend: vec![20.0, 20.0, 20.0],
                months: 12,
                discount_rate: 0.01,
                unit: TimeUnit::Week,
            }),
            ..Default::default()
        };
        let calls = AtomicUsize::new(0);
        let progress = |_: usize, total: usize| {
            assert_eq!(total, 60);
            calls.fetch_add(1, Ordering::Relaxed);
        };
        let fitted_on = (&sim.frequency[..], &sim.recency[..], &sim.t[..]);
        let b =
            bootstrap_purchase_model(&m, fitted_on, None, score, &config, Some(&progress)).unwrap();
        assert_eq!(calls.load(Ordering::Relaxed), 60);
        assert_eq!(b.replicates + b.failed, 60);
        for j in 0..3 {
            let pa = m.p_alive(score.0[j], score.1[j], score.2[j]).unwrap();
            let ep = m
                .expected_purchases(10.0, score.0[j], score.1[j], score.2[j])
                .unwrap();
            assert!(
                b.p_alive[j].0 <= pa + 1e-12 && pa <= b.p_alive[j].1 + 1e-12,
                "{j}"
            );
            assert!(
                b.expected_purchases[j].0 < ep && ep < b.expected_purchases[j].1,
                "{j}"
            );
            let (lo, hi) = b.clv.as_ref().unwrap()[j];
            assert!(lo < hi);
        }
        // Same seed, same answer; another seed, another answer.
        let again = bootstrap_purchase_model(&m, fitted_on, None, score, &config, None).unwrap();
        assert_eq!(again, b);
        let other = BootstrapConfig {
            seed: 4,
            ..config.clone()
        };
        assert_ne!(
            bootstrap_purchase_model(&m, fitted_on, None, score, &other, None).unwrap(),
            b
        );
        // The replicate parameters spread like the observed-information standard errors.
        let se = m.standard_errors.unwrap().to_vec();
        for k in 0..4 {
            let v: Vec<f64> = b.params.iter().map(|p| p[k]).collect();
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            let sd =
                (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (v.len() - 1) as f64).sqrt();
            assert!(
                sd > 0.5 * se[k] && sd < 2.0 * se[k],
                "{k}: {sd} vs {}",
                se[k]
            );
        }
        let bad = BootstrapConfig {
            replicates: 0,
            ..Default::default()
        };
        let e = bootstrap_purchase_model(&m, fitted_on, None, score, &bad, None).unwrap_err();
        assert_eq!(e.field(), Some("n"));
    }

    #[test]
    fn parallel_and_sequential_replicates_agree_exactly() {
        // Per-replicate seeds and fixed-order sums: the thread schedule cannot change a bit.
        let sim = simulate::bgnbd(0.5, 5.0, 0.8, 2.5, &vec![30.0; 800], 2);
        let one = |w: Vec<f64>| -> Result<Replicate> {
            let data = RepeatData::new(&sim.frequency, &sim.recency, &sim.t, Some(&w))?;
            let m = BgNbd::params().fit(&data)?;
            let pa = vec![m.p_alive(2.0, 20.0, 30.0)?];
            let ep = vec![m.expected_purchases(5.0, 2.0, 20.0, 30.0)?];
            Ok((m.param_vec(), pa, ep, None))
        };
        let config = BootstrapConfig {
            replicates: 16,
            seed: 9,
            ..Default::default()
        };
        let par = run(true, 800, None, &config, one, None).unwrap();
        let seq = run(false, 800, None, &config, one, None).unwrap();
        assert_eq!(par, seq);
    }

    #[test]
    fn covariate_bootstrap_runs_on_resampled_customers() {
        let sim = simulate::paretonbd(0.6, 8.0, 0.7, 10.0, &vec![39.0; 600], 5);
        let n = sim.frequency.len();
        let c = Covariates::new(
            vec!["z".into()],
            (0..n).map(|i| (i % 3) as f64).collect(),
            n,
        )
        .unwrap();
        let data = CovariateData::new(
            &sim.frequency,
            &sim.recency,
            &sim.t,
            None,
            c.clone(),
            Covariates::none(n),
        )
        .unwrap();
        let fit = CovariateConfig::new(CovariateKind::BgNbd);
        let m = fit.fit(&data).unwrap();
        let config = BootstrapConfig {
            replicates: 8,
            seed: 1,
            horizon: 5.0,
            ..Default::default()
        };
        let b = bootstrap_covariate_model(&fit, &data, &data, &config, None).unwrap();
        assert_eq!(b.params.len() + b.failed, 8);
        assert_eq!(b.params[0].len(), 5);
        assert_eq!(b.p_alive.len(), n);
        let pa = m.p_alive(&data).unwrap();
        let inside = (0..n)
            .filter(|&i| b.p_alive[i].0 <= pa[i] + 1e-9 && pa[i] <= b.p_alive[i].1 + 1e-9)
            .count();
        assert!(inside * 10 >= n * 8, "{inside} of {n}");
    }
}
