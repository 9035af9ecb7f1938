//! The native side of `cx.lr_test` and `cx.tracking` (model comparison and the FHL 2005
//! tracking table) and `cx.ParetoNbdCor` (correlated Pareto/NBD). Every number comes from `cx_core::clv`.

use cx_core::CxError;
use cx_core::clv::{
    self, FitConfig, ParetoNbdCor as CoreCor, ParetoNbdCorParams, PurchaseModel, RepeatData,
    TimeUnit,
};
use pyo3::prelude::*;

use crate::clv::{
    col, fitted_class, opt_col, output, params_from, per_horizon, with_purchase_model,
};
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

fitted_class!(
    /// Correlated Pareto/NBD (Sarmanov mixing of the purchase and dropout rates, Glady,
    /// Lemmens and Croux 2015): params `r, alpha, s, beta, rho`.
    ParetoNbdCor, "ParetoNbdCor", CoreCor, ParetoNbdCorParams, "r, alpha, s, beta, rho", {
        /// Fits by maximum likelihood on `frequency`, `recency`, `T` (one time unit;
        /// `weights` counts identical customers), starting from the Pareto/NBD fit. Returns
        /// self.
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
                let (f, r, t) = (col(frequency, "frequency")?, col(recency, "recency")?, col(T, "T")?);
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
        /// Correlation of the purchase and dropout rates.
        #[getter]
        fn correlation(&self, py: Python<'_>) -> PyResult<f64> {
            Ok(self.fitted().py_err(py)?.params.rho)
        }
        /// The correlations the Sarmanov distribution can reach with these marginals,
        /// `(low, high)`.
        #[getter]
        fn correlation_range(&self, py: Python<'_>) -> PyResult<(f64, f64)> {
            Ok(self.fitted().py_err(py)?.params.rho_range())
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
            let run = || -> CxResult<_> {
                let (f, r, t) = (col(frequency, "frequency")?, col(recency, "recency")?, col(T, "T")?);
                detached(py, || m.p_alive_many(&f, &r, &t))
            };
            output(py, run().py_err(py)?, frequency)
        }
        /// Expected purchases in the next `t` time units for each customer (the posterior
        /// mean under the correlated mixing).
        #[allow(non_snake_case)]
        fn expected_purchases<'py>(
            &self,
            py: Python<'py>,
            t: &Bound<'py, PyAny>,
            frequency: &Bound<'py, PyAny>,
            recency: &Bound<'py, PyAny>,
            T: &Bound<'py, PyAny>,
        ) -> PyResult<Bound<'py, PyAny>> {
            let m = self.fitted().py_err(py)?;
            let run = || -> CxResult<_> {
                let h = float_arg(t, "t")?;
                let (f, r, tt) = (col(frequency, "frequency")?, col(recency, "recency")?, col(T, "T")?);
                detached(py, || m.expected_purchases_many(h, &f, &r, &tt))
            };
            output(py, run().py_err(py)?, frequency)
        }
        /// Expected repeat purchases of a new customer in `(0, t]` (a number or a column).
        fn expected_purchases_new<'py>(
            &self,
            py: Python<'py>,
            t: &Bound<'py, PyAny>,
        ) -> PyResult<Bound<'py, PyAny>> {
            let m = self.fitted().py_err(py)?;
            per_horizon(py, t, |x| m.expected_purchases_new(x))
        }
        /// Log-likelihood of known parameters (a dict) on customers' `frequency`, `recency`
        /// and `T` (`weights` counts identical customers), without fitting.
        #[staticmethod]
        #[pyo3(signature = (params, frequency, recency, T, weights=None))]
        #[allow(non_snake_case)]
        fn log_likelihood_of(
            py: Python<'_>,
            params: &Bound<'_, PyAny>,
            frequency: &Bound<'_, PyAny>,
            recency: &Bound<'_, PyAny>,
            T: &Bound<'_, PyAny>,
            weights: Option<&Bound<'_, PyAny>>,
        ) -> PyResult<f64> {
            let run = || -> CxResult<f64> {
                let p: ParetoNbdCorParams = params_from(params, "r, alpha, s, beta, rho")?;
                p.check()?;
                let (f, r, t) = (col(frequency, "frequency")?, col(recency, "recency")?, col(T, "T")?);
                let w = opt_col(weights, "weights")?;
                detached(py, || {
                    let data = RepeatData::new(&f, &r, &t, w.as_deref())?;
                    Ok(CoreCor::log_likelihood_of(&p, &data))
                })
            };
            run().py_err(py)
        }
    }
);
