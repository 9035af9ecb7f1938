//! Personalization: the native side of `cx.top_customers`, `cx.value_concentration`,
//! `cx.silhouette`, `cx.personas` and `cx.lookalike`. Every number comes from
//! `cx_core::personalize`; results go back as plain dicts and lists for the pandas layer.

use cx_core::CxError;
use cx_core::personalize::{
    LookalikeMethod, PersonaParams, lookalike as core_lookalike, personas as core_personas,
    silhouette_samples, top_customers as core_top, value_concentration as core_concentration,
};
use pyo3::prelude::*;

use crate::errors::{CxResult, IntoPyResult, detached};
use crate::input::{column, float_arg, str_arg, uint_arg};
use crate::journey::{to_object, wrong_type};
use crate::retention::matrix;

/// Largest whole number taken for `k`, `seed` parts and counts.
const MAX_COUNT: u64 = u32::MAX as u64;

fn count(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<usize> {
    Ok(uint_arg(obj, field, MAX_COUNT)? as usize)
}

fn string_list(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<Vec<String>> {
    let iter = obj
        .try_iter()
        .map_err(|_| wrong_type(field, None, "expected a sequence of ids"))?;
    iter.enumerate()
        .map(|(i, x)| {
            let x = x.map_err(|e| CxError::invalid_at(field, i, "?", e.to_string()))?;
            x.str()
                .map(|s| s.to_string())
                .map_err(|e| CxError::invalid_at(field, i, "?", e.to_string()))
        })
        .collect()
}

/// Backs `cx.value_concentration`: Gini and Lorenz points of non-negative values.
#[pyfunction]
#[pyo3(name = "_value_concentration", signature = (values))]
pub fn value_concentration(py: Python<'_>, values: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let v = column(values, "values")?;
        let v = v.as_f64()?.into_owned();
        detached(py, || core_concentration(&v))
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

/// Backs `cx.top_customers`: ranked rows, shares and the share of value they hold.
#[pyfunction]
#[pyo3(name = "_top_customers", signature = (values, k, share))]
pub fn top_customers(
    py: Python<'_>,
    values: &Bound<'_, PyAny>,
    k: Option<&Bound<'_, PyAny>>,
    share: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let v = column(values, "values")?;
        let v = v.as_f64()?.into_owned();
        let k = k
            .filter(|k| !k.is_none())
            .map(|k| count(k, "k"))
            .transpose()?;
        let share = share
            .filter(|s| !s.is_none())
            .map(|s| float_arg(s, "share"))
            .transpose()?;
        detached(py, || core_top(&v, k, share))
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

/// Backs `cx.silhouette`: the mean silhouette width and the width of each row of `features`
/// under `labels`, as `(mean, widths)`.
#[pyfunction]
#[pyo3(name = "_silhouette", signature = (features, labels))]
pub fn silhouette(
    py: Python<'_>,
    features: &Bound<'_, PyAny>,
    labels: &Bound<'_, PyAny>,
) -> PyResult<(f64, Vec<f64>)> {
    let run = || -> CxResult<_> {
        let (x, p) = matrix(features, "features")?;
        let l = column(labels, "labels")?;
        let l = l.as_f64()?;
        let labels = l
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                if v >= 0.0 && v.fract() == 0.0 && v <= MAX_COUNT as f64 {
                    Ok(v as usize)
                } else {
                    Err(CxError::invalid_at(
                        "labels",
                        i,
                        v,
                        "labels must be whole numbers from 0",
                    ))
                }
            })
            .collect::<CxResult<Vec<_>>>()?;
        detached(py, || {
            // The mean is `cx_core::personalize::silhouette`'s, without a second O(n²) pass.
            let s = silhouette_samples(&x, p, &labels)?;
            Ok((s.iter().sum::<f64>() / s.len() as f64, s))
        })
    };
    run().py_err(py)
}

/// Backs `cx.personas`: k-means personas with profiles.
#[pyfunction]
#[pyo3(
    name = "_personas",
    signature = (features, names, k, k_range, seed, n_init, max_iterations, silhouette_sample)
)]
#[allow(clippy::too_many_arguments)]
pub fn personas(
    py: Python<'_>,
    features: &Bound<'_, PyAny>,
    names: &Bound<'_, PyAny>,
    k: Option<&Bound<'_, PyAny>>,
    k_range: &Bound<'_, PyAny>,
    seed: &Bound<'_, PyAny>,
    n_init: &Bound<'_, PyAny>,
    max_iterations: &Bound<'_, PyAny>,
    silhouette_sample: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let (x, _) = matrix(features, "features")?;
        let names = string_list(names, "feature_names")?;
        let (lo, hi): (Bound<'_, PyAny>, Bound<'_, PyAny>) = k_range
            .extract()
            .map_err(|_| wrong_type("k_range", None, "expected a (low, high) pair"))?;
        let params = PersonaParams {
            k: k.filter(|k| !k.is_none())
                .map(|k| count(k, "k"))
                .transpose()?,
            k_range: (count(&lo, "k_range")?, count(&hi, "k_range")?),
            seed: uint_arg(seed, "seed", u64::MAX)?,
            n_init: count(n_init, "n_init")?,
            max_iterations: count(max_iterations, "max_iterations")?,
            silhouette_sample: count(silhouette_sample, "silhouette_sample")?,
        };
        if params.n_init == 0 {
            return Err(CxError::invalid("n_init", "need at least one seeding"));
        }
        if params.max_iterations == 0 {
            return Err(CxError::invalid(
                "max_iterations",
                "need at least one iteration",
            ));
        }
        detached(py, || core_personas(&x, &names, params))
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

/// Backs `cx.lookalike`: customers outside the seed set, most similar first.
#[pyfunction]
#[pyo3(name = "_lookalike", signature = (features, ids, seed_ids, method))]
pub fn lookalike(
    py: Python<'_>,
    features: &Bound<'_, PyAny>,
    ids: &Bound<'_, PyAny>,
    seed_ids: &Bound<'_, PyAny>,
    method: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let method = LookalikeMethod::parse(&str_arg(method, "method")?)?;
        let (x, p) = matrix(features, "features")?;
        let ids = string_list(ids, "ids")?;
        let seeds = string_list(seed_ids, "seed_ids")?;
        detached(py, || core_lookalike(&ids, &x, p, &seeds, method))
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}
