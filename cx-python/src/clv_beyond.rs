//! The native side of `cx.lr_test` and `cx.tracking` (model comparison and the FHL 2005
//! tracking table) and `cx.ParetoNbdCor` (correlated Pareto/NBD). Every number comes from `cx_core::clv`.

use cx_core::CxError;
use cx_core::clv::{
    self, FitConfig, FittedLikelihood, ParetoNbdCor as CoreCor, ParetoNbdCorParams, RepeatData,
    TimeUnit,
};
use pyo3::prelude::*;

use crate::clv::{col, config, not_fitted, opt_col, output, params_from, with_purchase_model};
use crate::errors::{CxResult, IntoPyResult, detached};
use crate::input::{float_arg, str_arg, uint_arg};
use crate::journey::{Labels, to_object};

/// Backs `cx.lr_test`: `{statistic, df, p_value}` of the likelihood-ratio test.
#[pyfunction]
#[pyo3(name = "_lr_test", signature = (ll_restricted, ll_full, df))]
pub fn lr_test(
    py: Python<'_>,
    ll_restricted: &Bound<'_, PyAny>,
    ll_full: &Bound<'_, PyAny>,
    df: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let r = float_arg(ll_restricted, "restricted")?;
        let f = float_arg(ll_full, "full")?;
        let d = uint_arg(df, "df", u64::from(u32::MAX))?;
        clv::lr_test(r, f, u32::try_from(d).unwrap_or(u32::MAX))
    };
    let t = run().py_err(py)?;
    to_object(py, &t)
}

/// Backs `cx.tracking`: one dict per period (see `cx_core::clv::tracking`).
#[pyfunction]
#[pyo3(
    name = "_tracking",
    signature = (model, customers, times, unit, holdout_start, start, end)
)]
#[allow(clippy::too_many_arguments)]
pub fn tracking(
    py: Python<'_>,
    model: &Bound<'_, PyAny>,
    customers: &Bound<'_, PyAny>,
    times: &Bound<'_, PyAny>,
    unit: &Bound<'_, PyAny>,
    holdout_start: &Bound<'_, PyAny>,
    start: &Bound<'_, PyAny>,
    end: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let c = Labels::read(customers, "customers")?;
        let t = crate::retention::timestamps(times, "timestamps")?;
        let unit: TimeUnit = str_arg(unit, "unit")?.parse()?;
        let hold = crate::retention::timestamps(holdout_start, "holdout_start")?;
        let start = crate::retention::timestamps(start, "start")?;
        let end = crate::retention::timestamps(end, "end")?;
        let Some(&hold) = hold.first() else {
            return Err(CxError::invalid(
                "holdout_start",
                "holdout_start is required",
            ));
        };
        let strs = c.strs();
        with_purchase_model(model, |pm| {
            detached(py, || {
                clv::tracking(
                    pm,
                    &strs,
                    &t,
                    unit,
                    hold,
                    start.first().copied(),
                    end.first().copied(),
                )
            })
        })
    };
    let rows = run().py_err(py)?;
    to_object(py, &rows)
}

/// Correlated Pareto/NBD (Sarmanov mixing of the purchase and dropout rates, Glady, Lemmens
/// and Croux 2015): params `r, alpha, s, beta, rho`.
#[pyclass(module = "cx", name = "ParetoNbdCor")]
pub struct ParetoNbdCor {
    config: FitConfig<ParetoNbdCorParams>,
    model: Option<CoreCor>,
}

impl ParetoNbdCor {
    fn fitted(&self) -> CxResult<&CoreCor> {
        self.model
            .as_ref()
            .ok_or_else(|| not_fitted("ParetoNbdCor"))
    }
}

#[pymethods]
impl ParetoNbdCor {
    #[new]
    #[pyo3(signature = (tolerance=None, max_iterations=None, allow_unconverged=false))]
    fn new(
        py: Python<'_>,
        tolerance: Option<&Bound<'_, PyAny>>,
        max_iterations: Option<&Bound<'_, PyAny>>,
        allow_unconverged: bool,
    ) -> PyResult<Self> {
        Ok(Self {
            config: config(
                tolerance,
                max_iterations,
                allow_unconverged,
                CoreCor::params(),
            )
            .py_err(py)?,
            model: None,
        })
    }

    /// A model with known parameters (a dict with `r, alpha, s, beta, rho`).
    #[staticmethod]
    fn from_params(py: Python<'_>, params: &Bound<'_, PyAny>) -> PyResult<Self> {
        let p: ParetoNbdCorParams = params_from(params, "r, alpha, s, beta, rho").py_err(py)?;
        Ok(Self {
            config: CoreCor::params(),
            model: Some(CoreCor::from_params(p).py_err(py)?),
        })
    }

    /// Fits by maximum likelihood on `frequency`, `recency`, `T` (one time unit; `weights`
    /// counts identical customers), starting from the Pareto/NBD fit. Returns self.
    #[pyo3(signature = (frequency, recency, T, weights=None))]
    #[allow(non_snake_case)]
    fn fit<'py>(
        slf: Bound<'py, Self>,
        frequency: &Bound<'py, PyAny>,
        recency: &Bound<'py, PyAny>,
        T: &Bound<'py, PyAny>,
        weights: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, Self>> {
        let py = slf.py();
        let run = || -> CxResult<_> {
            let (f, r, t) = (
                col(frequency, "frequency")?,
                col(recency, "recency")?,
                col(T, "T")?,
            );
            let w = opt_col(weights, "weights")?;
            let cfg = slf.borrow().config.clone();
            detached(py, || {
                let data = RepeatData::new(&f, &r, &t, w.as_deref())?;
                cfg.fit(&data)
            })
        };
        let m = run().py_err(py)?;
        slf.borrow_mut().model = Some(m);
        Ok(slf)
    }

    /// The fitted parameters as a dict (`rho` = correlation of purchase and dropout rates).
    #[getter]
    fn params(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_object(py, &self.fitted().py_err(py)?.params)
    }
    /// Standard errors (a dict, `rho` included), or `None` when the observed information is
    /// not positive definite (e.g. ρ at the edge of its range).
    #[getter]
    fn standard_errors(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_object(py, &self.fitted().py_err(py)?.standard_errors)
    }
    /// Correlation of the purchase and dropout rates.
    #[getter]
    fn correlation(&self, py: Python<'_>) -> PyResult<f64> {
        Ok(self.fitted().py_err(py)?.params.rho)
    }
    /// The correlations the Sarmanov distribution can reach with these marginals, `(low, high)`.
    #[getter]
    fn correlation_range(&self, py: Python<'_>) -> PyResult<(f64, f64)> {
        Ok(self.fitted().py_err(py)?.params.rho_range())
    }
    /// Maximized log-likelihood.
    #[getter]
    fn log_likelihood(&self, py: Python<'_>) -> PyResult<f64> {
        Ok(self.fitted().py_err(py)?.log_likelihood)
    }
    /// Whether the optimizer met its tolerance.
    #[getter]
    fn converged(&self, py: Python<'_>) -> PyResult<bool> {
        Ok(self.fitted().py_err(py)?.converged)
    }
    /// Optimizer iterations.
    #[getter]
    fn iterations(&self, py: Python<'_>) -> PyResult<u64> {
        Ok(self.fitted().py_err(py)?.iterations)
    }
    /// Number of free parameters (5).
    #[getter]
    fn n_params(&self, py: Python<'_>) -> PyResult<usize> {
        Ok(self.fitted().py_err(py)?.n_params())
    }
    /// Akaike's information criterion `2k − 2 ln L`.
    #[getter]
    fn aic(&self, py: Python<'_>) -> PyResult<f64> {
        Ok(self.fitted().py_err(py)?.aic())
    }
    /// Schwarz's Bayesian information criterion `k ln n − 2 ln L`.
    #[getter]
    fn bic(&self, py: Python<'_>) -> PyResult<f64> {
        Ok(self.fitted().py_err(py)?.bic())
    }
    /// P(alive) at the end of observation for each customer.
    #[allow(non_snake_case)]
    fn p_alive<'py>(
        &self,
        py: Python<'py>,
        frequency: &Bound<'py, PyAny>,
        recency: &Bound<'py, PyAny>,
        T: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let m = self.fitted().py_err(py)?;
        let run = || -> CxResult<Vec<f64>> {
            let (f, r, t) = (
                col(frequency, "frequency")?,
                col(recency, "recency")?,
                col(T, "T")?,
            );
            for (name, len) in [("recency", r.len()), ("T", t.len())] {
                if len != f.len() {
                    return Err(CxError::LengthMismatch {
                        left: "frequency".into(),
                        left_len: f.len(),
                        right: name.into(),
                        right_len: len,
                    });
                }
            }
            detached(py, || {
                (0..f.len())
                    .map(|i| {
                        m.p_alive(f[i], r[i], t[i]).map_err(|e| match e {
                            CxError::InvalidInput {
                                field,
                                value,
                                reason,
                                ..
                            } => CxError::InvalidInput {
                                field,
                                index: Some(i),
                                value,
                                reason,
                            },
                            other => other,
                        })
                    })
                    .collect()
            })
        };
        output(py, run().py_err(py)?, frequency)
    }
    /// Everything fitted, as a dict.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_object(py, self.fitted().py_err(py)?)
    }
    fn __repr__(&self) -> String {
        match &self.model {
            Some(m) => format!(
                "ParetoNbdCor(r={:.6}, alpha={:.6}, s={:.6}, beta={:.6}, rho={:.6}, log_likelihood={:.4})",
                m.params.r,
                m.params.alpha,
                m.params.s,
                m.params.beta,
                m.params.rho,
                m.log_likelihood
            ),
            None => "ParetoNbdCor(not fitted)".into(),
        }
    }
}
