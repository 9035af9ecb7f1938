//! The native side of `cx.SbgCohorts` (the shifted-beta-geometric model with cohort-level
//! covariates, `cx_core::retention::SbgCohorts`). The friendly layer
//! (`python/cx/_sbg_cohorts.py`) matches cohorts by label and builds the frames; every number
//! comes from the core.

use cx_core::CxError;
use cx_core::retention::SbgCohorts;
use pyo3::prelude::*;

use crate::errors::{CxResult, IntoPyResult, detached};
use crate::journey::to_object;

fn rows(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<Vec<Vec<f64>>> {
    obj.extract()
        .map_err(|_| CxError::invalid(field, "expected one list of numbers per cohort"))
}

fn floats(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<Vec<f64>> {
    obj.extract()
        .map_err(|_| CxError::invalid(field, "expected a list of numbers"))
}

/// Backs `cx.SbgCohorts.fit`: the fitted model as a dict, plus `cohort_params`, the
/// `[alpha_c, beta_c]` of each cohort.
#[pyfunction]
#[pyo3(
    name = "_sbg_cohorts_fit",
    signature = (survivors, covariates, names, l2, tolerance=None, max_iterations=None)
)]
pub fn fit(
    py: Python<'_>,
    survivors: &Bound<'_, PyAny>,
    covariates: &Bound<'_, PyAny>,
    names: &Bound<'_, PyAny>,
    l2: f64,
    tolerance: Option<f64>,
    max_iterations: Option<u64>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let (s, x) = (
            rows(survivors, "survivors")?,
            rows(covariates, "covariates")?,
        );
        let names: Vec<String> = names
            .extract()
            .map_err(|_| CxError::invalid("names", "expected a list of covariate names"))?;
        let mut cfg = SbgCohorts::params().l2(l2);
        if let Some(t) = tolerance {
            cfg = cfg.tolerance(t);
        }
        if let Some(m) = max_iterations {
            cfg = cfg.max_iterations(m);
        }
        detached(py, || {
            let m = cfg.fit(&s, &x, &names)?;
            let cohorts = x
                .iter()
                .map(|r| m.cohort_params(r))
                .collect::<CxResult<Vec<_>>>()?;
            let mut doc = serde_json::to_value(&m)
                .map_err(|e| CxError::Internal(format!("model does not serialize: {e}")))?;
            doc["cohort_params"] = serde_json::json!(cohorts);
            Ok(doc)
        })
    };
    let doc = run().py_err(py)?;
    to_object(py, &doc)
}

/// Backs `cx.SbgCohorts.log_likelihood_of`: the joint log-likelihood at given parameters.
#[pyfunction]
#[pyo3(name = "_sbg_cohorts_log_likelihood")]
pub fn log_likelihood(
    py: Python<'_>,
    alpha: f64,
    beta: f64,
    gamma_alpha: &Bound<'_, PyAny>,
    gamma_beta: &Bound<'_, PyAny>,
    survivors: &Bound<'_, PyAny>,
    covariates: &Bound<'_, PyAny>,
) -> PyResult<f64> {
    let run = || -> CxResult<f64> {
        let (s, x) = (
            rows(survivors, "survivors")?,
            rows(covariates, "covariates")?,
        );
        let (ga, gb) = (
            floats(gamma_alpha, "gamma_alpha")?,
            floats(gamma_beta, "gamma_beta")?,
        );
        SbgCohorts::log_likelihood_of(alpha, beta, &ga, &gb, &s, &x)
    };
    run().py_err(py)
}

/// Backs `cx.SbgCohorts.cohort_params`: `[alpha_c, beta_c]` of covariate rows for a fitted
/// model given as its dict's JSON text.
#[pyfunction]
#[pyo3(name = "_sbg_cohort_params")]
pub fn cohort_params(
    py: Python<'_>,
    model: &str,
    covariates: &Bound<'_, PyAny>,
) -> PyResult<Vec<(f64, f64)>> {
    let run = || -> CxResult<_> {
        let m: SbgCohorts = serde_json::from_str(model)
            .map_err(|e| CxError::invalid("model", format!("not an SbgCohorts model: {e}")))?;
        rows(covariates, "covariates")?
            .iter()
            .map(|r| m.cohort_params(r))
            .collect()
    };
    run().py_err(py)
}
