//! The native side of `cx.ParetoNbdDynamic` (Pareto/NBD with time-varying covariates,
//! `cx_core::clv::DynamicModel`). The Python layer turns the long tables (transactions and
//! one covariate row per customer and period) into customer codes, times in the model's unit
//! and row-major covariate arrays; every number comes from `cx_core::clv`.

use cx_core::CxError;
use cx_core::clv::{Covariates, DynamicConfig, DynamicData, DynamicModel, dynamic_data_from_long};
use numpy::PyArray1;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::clv::{from_json, json_of};
use crate::errors::{CxResult, IntoPyResult, detached};
use crate::input::{column, uint_arg};

fn col(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<Vec<f64>> {
    Ok(column(obj, field)?.as_f64()?.into_owned())
}

/// Customer codes (whole numbers ≥ 0 sent as floats).
fn codes(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<Vec<usize>> {
    col(obj, field)?
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v < 9.0e15 {
                // A whole number below 2^53: the cast is exact.
                Ok(v as usize)
            } else {
                Err(CxError::invalid_at(field, i, v, "expected a customer code"))
            }
        })
        .collect()
}

/// The long tables of one call.
struct Long<'a, 'py> {
    n_customers: usize,
    tx_customer: &'a Bound<'py, PyAny>,
    tx_time: &'a Bound<'py, PyAny>,
    cov_customer: &'a Bound<'py, PyAny>,
    cov_start: &'a Bound<'py, PyAny>,
    purchase: (Vec<String>, &'a Bound<'py, PyAny>),
    dropout: (Vec<String>, &'a Bound<'py, PyAny>),
    observation_end: f64,
    period_length: f64,
}

impl Long<'_, '_> {
    fn read(&self) -> CxResult<(DynamicData, Vec<usize>)> {
        let start = col(self.cov_start, "period_start")?;
        let rows = start.len();
        let matrix = |(names, values): &(Vec<String>, &Bound<'_, PyAny>), field: &str| {
            let v = if names.is_empty() {
                Vec::new()
            } else {
                col(values, field)?
            };
            if v.len() != rows * names.len() {
                return Err(CxError::invalid(
                    field,
                    format!(
                        "expected {rows} rows × {} columns, got {} values",
                        names.len(),
                        v.len()
                    ),
                ));
            }
            Covariates::new(names.clone(), v, rows)
        };
        dynamic_data_from_long(
            self.n_customers,
            &codes(self.tx_customer, "customer")?,
            &col(self.tx_time, "time")?,
            &codes(self.cov_customer, "customer")?,
            &start,
            &matrix(&self.purchase, "purchase_covariates")?,
            &matrix(&self.dropout, "dropout_covariates")?,
            self.observation_end,
            self.period_length,
        )
    }
}

/// The customers' (frequency, recency, T) and codes as a dict of numpy arrays.
fn customers_dict<'py>(
    py: Python<'py>,
    data: &DynamicData,
    codes: Vec<usize>,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("code", PyArray1::from_vec(py, codes))?;
    d.set_item("frequency", PyArray1::from_slice(py, data.frequency()))?;
    d.set_item("recency", PyArray1::from_slice(py, data.recency()))?;
    d.set_item("T", PyArray1::from_slice(py, data.t()))?;
    Ok(d)
}

/// Fits the model; returns `(document, customers)`.
#[pyfunction]
#[pyo3(name = "_dynamic_fit")]
#[allow(clippy::too_many_arguments)]
pub fn dynamic_fit<'py>(
    py: Python<'py>,
    n_customers: usize,
    tx_customer: &Bound<'py, PyAny>,
    tx_time: &Bound<'py, PyAny>,
    cov_customer: &Bound<'py, PyAny>,
    cov_start: &Bound<'py, PyAny>,
    purchase_names: Vec<String>,
    purchase_values: &Bound<'py, PyAny>,
    dropout_names: Vec<String>,
    dropout_values: &Bound<'py, PyAny>,
    observation_end: f64,
    period_length: f64,
    l2: f64,
    constrain: Vec<String>,
    tolerance: Option<f64>,
    max_iterations: Option<&Bound<'py, PyAny>>,
) -> PyResult<(String, Bound<'py, PyDict>)> {
    let run = || -> CxResult<_> {
        let mut cfg = DynamicConfig::new().l2(l2).constrain(constrain);
        if let Some(t) = tolerance {
            cfg.options.tolerance = t;
        }
        if let Some(m) = max_iterations {
            cfg.options.max_iterations = uint_arg(m, "max_iterations", 1 << 32)?;
        }
        let (data, codes) = Long {
            n_customers,
            tx_customer,
            tx_time,
            cov_customer,
            cov_start,
            purchase: (purchase_names, purchase_values),
            dropout: (dropout_names, dropout_values),
            observation_end,
            period_length,
        }
        .read()?;
        let m = detached(py, || cfg.fit(&data))?;
        Ok((json_of(&m)?, data, codes))
    };
    let (doc, data, codes) = run().py_err(py)?;
    Ok((doc, customers_dict(py, &data, codes)?))
}

/// Scores customers: `what` is `p_alive`, `expected_purchases` (over `horizon`) or
/// `log_likelihood` (each customer's); returns the customers with a `value` array.
#[pyfunction]
#[pyo3(name = "_dynamic_score")]
#[allow(clippy::too_many_arguments)]
pub fn dynamic_score<'py>(
    py: Python<'py>,
    model: &str,
    what: &str,
    horizon: f64,
    n_customers: usize,
    tx_customer: &Bound<'py, PyAny>,
    tx_time: &Bound<'py, PyAny>,
    cov_customer: &Bound<'py, PyAny>,
    cov_start: &Bound<'py, PyAny>,
    purchase_values: &Bound<'py, PyAny>,
    dropout_values: &Bound<'py, PyAny>,
    observation_end: f64,
    period_length: f64,
) -> PyResult<Bound<'py, PyDict>> {
    let run = || -> CxResult<_> {
        let m: DynamicModel = from_json(model)?;
        m.check()?;
        let (data, codes) = Long {
            n_customers,
            tx_customer,
            tx_time,
            cov_customer,
            cov_start,
            purchase: (m.purchase_names.clone(), purchase_values),
            dropout: (m.dropout_names.clone(), dropout_values),
            observation_end,
            period_length,
        }
        .read()?;
        let values = detached(py, || match what {
            "p_alive" => m.p_alive(&data),
            "expected_purchases" => m.expected_purchases(horizon, &data),
            "log_likelihood" => m.log_likelihoods(&data),
            other => Err(CxError::invalid("what", format!("unknown score {other:?}"))),
        })?;
        Ok((data, codes, values))
    };
    let (data, codes, values) = run().py_err(py)?;
    let d = customers_dict(py, &data, codes)?;
    d.set_item("value", PyArray1::from_vec(py, values))?;
    Ok(d)
}

/// A model document from known parameters and coefficients (checked).
#[pyfunction]
#[pyo3(name = "_dynamic_from_params")]
pub fn dynamic_from_params(
    py: Python<'_>,
    params: Vec<f64>,
    purchase: Vec<(String, f64)>,
    dropout: Vec<(String, f64)>,
) -> PyResult<String> {
    let run =
        || -> CxResult<String> { json_of(&DynamicModel::from_params(params, purchase, dropout)?) };
    run().py_err(py)
}

/// Checks a model document (`cx.ParetoNbdDynamic.from_json`); returns it normalized.
#[pyfunction]
#[pyo3(name = "_dynamic_check")]
pub fn dynamic_check(py: Python<'_>, text: &str) -> PyResult<String> {
    let run = || -> CxResult<String> {
        let m: DynamicModel = from_json(text)?;
        json_of(&m)
    };
    run().py_err(py)
}
