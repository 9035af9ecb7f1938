//! Covariate models and uncertainty: the native side of `cx.BgNbd(purchase_covariates=...)`
//! (Python class `cx._uncertainty.CovariateModel`), `model.bootstrap(...)` and Wald intervals.
//! Every number comes from `cx_core::clv`; covariates arrive as names plus a row-major float
//! array (the Python layer flattens `DataFrame`s and 2-D arrays).

use cx_core::CxError;
use cx_core::clv::{
    Bootstrap, BootstrapConfig, ClvSpec, CovariateConfig, CovariateData, CovariateKind,
    CovariateModel, Covariates, Refit, TimeUnit, bootstrap_covariate_model,
    bootstrap_purchase_model, wald_intervals,
};
use numpy::PyArray1;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::clv::{from_json, json_of};
use crate::errors::{CxResult, IntoPyResult, detached};
use crate::input::{column, float_arg, str_arg, uint_arg};

fn col(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<Vec<f64>> {
    Ok(column(obj, field)?.as_f64()?.into_owned())
}

fn kind_of(kind: &str) -> CxResult<CovariateKind> {
    match kind {
        "bg_nbd" => Ok(CovariateKind::BgNbd),
        "mbg_nbd" => Ok(CovariateKind::MbgNbd),
        "pareto_nbd" => Ok(CovariateKind::ParetoNbd),
        other => Err(CxError::invalid(
            "kind",
            format!("expected bg_nbd, mbg_nbd or pareto_nbd, got {other:?}"),
        )),
    }
}

/// The customers `(frequency, recency, T, weights)` with their covariates `(names, values)`.
struct Customers<'a, 'py> {
    frequency: &'a Bound<'py, PyAny>,
    recency: &'a Bound<'py, PyAny>,
    t: &'a Bound<'py, PyAny>,
    weights: Option<&'a Bound<'py, PyAny>>,
    purchase: (Vec<String>, &'a Bound<'py, PyAny>),
    dropout: (Vec<String>, &'a Bound<'py, PyAny>),
}

impl Customers<'_, '_> {
    fn read(&self) -> CxResult<CovariateData> {
        let f = col(self.frequency, "frequency")?;
        let n = f.len();
        let matrix = |(names, values): &(Vec<String>, &Bound<'_, PyAny>), field: &str| {
            let v = if names.is_empty() {
                Vec::new()
            } else {
                col(values, field)?
            };
            if v.len() != n * names.len() {
                return Err(CxError::invalid(
                    field,
                    format!(
                        "expected {n} rows × {} columns, got {} values",
                        names.len(),
                        v.len()
                    ),
                ));
            }
            Covariates::new(names.clone(), v, n)
        };
        let w = match self.weights {
            Some(w) if !w.is_none() => Some(col(w, "weights")?),
            _ => None,
        };
        CovariateData::new(
            &f,
            &col(self.recency, "recency")?,
            &col(self.t, "T")?,
            w.as_deref(),
            matrix(&self.purchase, "purchase_covariates")?,
            matrix(&self.dropout, "dropout_covariates")?,
        )
    }
}

/// Fits a covariate model; returns its portable JSON document.
#[pyfunction]
#[pyo3(name = "_covariate_fit")]
#[allow(clippy::too_many_arguments, non_snake_case)]
pub fn covariate_fit<'py>(
    py: Python<'py>,
    kind: &str,
    frequency: &Bound<'py, PyAny>,
    recency: &Bound<'py, PyAny>,
    T: &Bound<'py, PyAny>,
    weights: &Bound<'py, PyAny>,
    purchase_names: Vec<String>,
    purchase_values: &Bound<'py, PyAny>,
    dropout_names: Vec<String>,
    dropout_values: &Bound<'py, PyAny>,
    l2: f64,
    constrain: Vec<String>,
    tolerance: Option<f64>,
    max_iterations: Option<&Bound<'py, PyAny>>,
) -> PyResult<String> {
    let run = || -> CxResult<String> {
        let mut cfg = CovariateConfig::new(kind_of(kind)?)
            .l2(l2)
            .constrain(constrain);
        if let Some(t) = tolerance {
            cfg.options.tolerance = t;
        }
        if let Some(m) = max_iterations {
            cfg.options.max_iterations = uint_arg(m, "max_iterations", 1 << 32)?;
        }
        let data = Customers {
            frequency,
            recency,
            t: T,
            weights: Some(weights),
            purchase: (purchase_names, purchase_values),
            dropout: (dropout_names, dropout_values),
        }
        .read()?;
        let m = detached(py, || cfg.fit(&data))?;
        json_of(&m)
    };
    run().py_err(py)
}

/// Scores customers with a covariate model: `what` is `p_alive`, `expected_purchases`,
/// `expected_purchases_new` or `clv`.
#[pyfunction]
#[pyo3(name = "_covariate_score")]
#[allow(clippy::too_many_arguments, non_snake_case)]
pub fn covariate_score<'py>(
    py: Python<'py>,
    model: &str,
    what: &str,
    horizon: f64,
    frequency: &Bound<'py, PyAny>,
    recency: &Bound<'py, PyAny>,
    T: &Bound<'py, PyAny>,
    purchase_values: &Bound<'py, PyAny>,
    dropout_values: &Bound<'py, PyAny>,
    monetary_value: &Bound<'py, PyAny>,
    months: u32,
    discount_rate: f64,
    unit: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let run = || -> CxResult<Vec<f64>> {
        let m: CovariateModel = from_json(model)?;
        m.check()?;
        let data = Customers {
            frequency,
            recency,
            t: T,
            weights: None,
            purchase: (m.purchase_names.clone(), purchase_values),
            dropout: (m.dropout_names.clone(), dropout_values),
        }
        .read()?;
        let spend = if what == "clv" {
            col(monetary_value, "monetary_value")?
        } else {
            Vec::new()
        };
        let u: TimeUnit = unit.parse()?;
        detached(py, || match what {
            "p_alive" => m.p_alive(&data),
            "expected_purchases" => m.expected_purchases(horizon, &data),
            "expected_purchases_new" => m.expected_purchases_new(horizon, &data),
            "clv" => m.clv(&data, &spend, months, discount_rate, u),
            "log_likelihood" => m.log_likelihood_of(&data).map(|v| vec![v]),
            other => Err(CxError::invalid("what", format!("unknown score {other:?}"))),
        })
    };
    Ok(PyArray1::from_vec(py, run().py_err(py)?).into_any())
}

/// Bootstrap settings from the Python arguments.
#[allow(clippy::too_many_arguments)]
fn boot_config(
    n: &Bound<'_, PyAny>,
    seed: &Bound<'_, PyAny>,
    level: f64,
    horizon: f64,
    spend: Option<Vec<f64>>,
    months: u32,
    discount_rate: f64,
    unit: &str,
) -> CxResult<BootstrapConfig> {
    let unit: TimeUnit = unit.parse()?;
    Ok(BootstrapConfig {
        replicates: usize::try_from(uint_arg(n, "n", 1 << 32)?).unwrap_or(usize::MAX),
        seed: uint_arg(seed, "seed", u64::MAX)?,
        level,
        horizon,
        clv: spend.map(|spend| ClvSpec {
            spend,
            months,
            discount_rate,
            unit,
        }),
    })
}

/// The intervals as a dict of numpy arrays (`p_alive_low`, ...).
fn intervals_dict<'py>(py: Python<'py>, b: &Bootstrap) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let put = |name: &str, v: &[(f64, f64)]| -> PyResult<()> {
        d.set_item(
            format!("{name}_low"),
            PyArray1::from_iter(py, v.iter().map(|p| p.0)),
        )?;
        d.set_item(
            format!("{name}_high"),
            PyArray1::from_iter(py, v.iter().map(|p| p.1)),
        )
    };
    put("p_alive", &b.p_alive)?;
    put("expected_purchases", &b.expected_purchases)?;
    if let Some(c) = &b.clv {
        put("clv", c)?;
    }
    d.set_item("replicates", b.replicates)?;
    d.set_item("failed", b.failed)?;
    d.set_item("level", b.level)?;
    d.set_item("params", b.params.clone())?;
    Ok(d)
}

/// A progress callback that calls the Python callable `(done, total)` with the GIL.
fn progress_of(cb: Option<Py<PyAny>>) -> Option<impl Fn(usize, usize) + Sync> {
    cb.map(|cb| {
        move |done: usize, total: usize| {
            Python::attach(|py| {
                // A failing callback must not abort the run: it only reports progress.
                let _ = cb.call1(py, (done, total));
            });
        }
    })
}

/// The scored customers: frequency, recency, T, purchase and dropout covariate values.
type Scored<'py> = (
    Bound<'py, PyAny>,
    Bound<'py, PyAny>,
    Bound<'py, PyAny>,
    Bound<'py, PyAny>,
    Bound<'py, PyAny>,
);

/// Bootstrap of a covariate model (JSON document) fitted on the given customers.
#[pyfunction]
#[pyo3(name = "_covariate_bootstrap")]
#[allow(
    clippy::too_many_arguments,
    clippy::needless_pass_by_value,
    non_snake_case
)]
pub fn covariate_bootstrap<'py>(
    py: Python<'py>,
    model: &str,
    frequency: &Bound<'py, PyAny>,
    recency: &Bound<'py, PyAny>,
    T: &Bound<'py, PyAny>,
    weights: &Bound<'py, PyAny>,
    purchase_values: &Bound<'py, PyAny>,
    dropout_values: &Bound<'py, PyAny>,
    score: Scored<'py>,
    n: &Bound<'py, PyAny>,
    seed: &Bound<'py, PyAny>,
    level: f64,
    horizon: f64,
    monetary_value: Option<&Bound<'py, PyAny>>,
    months: u32,
    discount_rate: f64,
    unit: &str,
    tolerance: Option<f64>,
    progress: Option<Py<PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let run = || -> CxResult<Bootstrap> {
        let m: CovariateModel = from_json(model)?;
        m.check()?;
        let names = (m.purchase_names.clone(), m.dropout_names.clone());
        let fitted_on = Customers {
            frequency,
            recency,
            t: T,
            weights: Some(weights),
            purchase: (names.0.clone(), purchase_values),
            dropout: (names.1.clone(), dropout_values),
        }
        .read()?;
        let scored = Customers {
            frequency: &score.0,
            recency: &score.1,
            t: &score.2,
            weights: None,
            purchase: (names.0, &score.3),
            dropout: (names.1, &score.4),
        }
        .read()?;
        let spend = monetary_value
            .map(|v| col(v, "monetary_value"))
            .transpose()?;
        let config = boot_config(n, seed, level, horizon, spend, months, discount_rate, unit)?;
        let mut fit = CovariateConfig::new(m.kind)
            .l2(m.l2)
            .constrain(m.constrain.clone());
        if let Some(t) = tolerance {
            fit.options.tolerance = t;
        }
        let cb = progress_of(progress);
        detached(py, || {
            bootstrap_covariate_model(
                &fit,
                &fitted_on,
                &scored,
                &config,
                cb.as_ref().map(|f| f as &(dyn Fn(usize, usize) + Sync)),
            )
        })
    };
    let b = run().py_err(py)?;
    intervals_dict(py, &b)
}

/// The columns a plain model was fitted on, kept for `bootstrap`.
#[derive(Clone)]
pub(crate) struct FittedOn {
    pub frequency: Vec<f64>,
    pub recency: Vec<f64>,
    pub t: Vec<f64>,
    pub weights: Option<Vec<f64>>,
}

/// `model.bootstrap(...)` of a plain BG/NBD, MBG/NBD or Pareto/NBD model.
#[allow(clippy::too_many_arguments, non_snake_case)]
pub(crate) fn plain_bootstrap<'py, M: Refit>(
    py: Python<'py>,
    model: &M,
    fitted_on: Option<&FittedOn>,
    n: &Bound<'py, PyAny>,
    seed: &Bound<'py, PyAny>,
    progress: Option<&Bound<'py, PyAny>>,
    level: Option<&Bound<'py, PyAny>>,
    t: Option<&Bound<'py, PyAny>>,
    frequency: Option<&Bound<'py, PyAny>>,
    recency: Option<&Bound<'py, PyAny>>,
    T: Option<&Bound<'py, PyAny>>,
    monetary_value: Option<&Bound<'py, PyAny>>,
    months: Option<&Bound<'py, PyAny>>,
    discount_rate: Option<&Bound<'py, PyAny>>,
    unit: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let helpers = py.import("cx._uncertainty")?;
    let callback: Option<Py<PyAny>> = match progress {
        Some(p) if !p.is_none() => {
            let cb = helpers.call_method1("_progress_callback", (p,))?;
            (!cb.is_none()).then(|| cb.unbind())
        }
        _ => None,
    };
    let run = || -> CxResult<Bootstrap> {
        let data = fitted_on.ok_or_else(|| {
            CxError::invalid(
                "model",
                "bootstrap needs the customers the model was fitted on: call fit() first",
            )
        })?;
        let score = match (frequency, recency, T) {
            (Some(f), Some(r), Some(tt)) => {
                (col(f, "frequency")?, col(r, "recency")?, col(tt, "T")?)
            }
            (None, None, None) => (data.frequency.clone(), data.recency.clone(), data.t.clone()),
            _ => {
                return Err(CxError::invalid(
                    "frequency",
                    "give frequency, recency and T of the customers to score together (or none)",
                ));
            }
        };
        let spend = monetary_value
            .map(|v| col(v, "monetary_value"))
            .transpose()?;
        let months = months.map_or(Ok(12), |m| {
            uint_arg(m, "months", u64::from(u32::MAX)).map(|v| u32::try_from(v).unwrap_or(u32::MAX))
        })?;
        let d = discount_rate.map_or(Ok(0.01), |d| float_arg(d, "discount_rate"))?;
        let unit = unit.map_or(Ok("W".to_string()), |u| str_arg(u, "unit"))?;
        let level = level.map_or(Ok(0.95), |l| float_arg(l, "level"))?;
        let horizon = t.map_or(Ok(1.0), |h| float_arg(h, "t"))?;
        let config = boot_config(n, seed, level, horizon, spend, months, d, &unit)?;
        let cb = progress_of(callback);
        detached(py, || {
            bootstrap_purchase_model(
                model,
                (&data.frequency, &data.recency, &data.t),
                data.weights.as_deref(),
                (&score.0, &score.1, &score.2),
                &config,
                cb.as_ref().map(|f| f as &(dyn Fn(usize, usize) + Sync)),
            )
        })
    };
    let b = run().py_err(py)?;
    let d = intervals_dict(py, &b)?;
    helpers.call_method1("_intervals_frame", (d, frequency))
}

/// Wald intervals `estimate ± z·se` at `level`.
#[pyfunction]
#[pyo3(name = "_wald_intervals")]
#[allow(clippy::needless_pass_by_value)] // extracted from Python lists
pub fn wald(
    py: Python<'_>,
    estimates: Vec<f64>,
    se: Vec<f64>,
    level: f64,
) -> PyResult<Vec<(f64, f64)>> {
    wald_intervals(&estimates, &se, level).py_err(py)
}
