//! The native side of `cx.lr_test` and `cx.tracking` (model comparison and the FHL 2005
//! tracking table). Every number comes from `cx_core::clv`.

use cx_core::clv::{self, TimeUnit};
use pyo3::prelude::*;

use crate::clv::with_purchase_model;
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
            return Err(cx_core::CxError::invalid(
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
