//! Retention and churn: the native side of `cx.churn_rate`, `cx.retention_rate`,
//! `cx.period_rates`, `cx.cohort_table`, `cx.lifecycle`, `cx.time_to_repeat`,
//! `cx.kaplan_meier`, `cx.logrank_test`, `cx.ShiftedBetaGeometric`, `cx.ChurnClassifier` and
//! `cx.churn_metrics`. Every number comes from `cx_core::retention` and `cx_core::churn`.

use chrono::DateTime;
use cx_core::CxError;
use cx_core::churn::{self, ChurnClassifier as CoreClassifier, ChurnClassifierParams};
use cx_core::domain::{SurveyKind, Timestamp, parse_timestamp};
use cx_core::retention::{
    self, EventFlags, KaplanMeier as CoreKm, KaplanMeierOptions, Period, SbgParams,
    ShiftedBetaGeometric as CoreSbg,
};
use numpy::{PyArray1, PyArrayDescrMethods, PyArrayMethods, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::errors::{CxResult, IntoPyResult, detached, guard};
use crate::input::{Freq, Level, bool_arg, column, float_arg, optional_column, str_arg, uint_arg};
use crate::journey::{Labels, to_object, wrong_type};

/// Timestamps: `int64` nanoseconds since the epoch (UTC; from the pandas layer) or text the
/// core reads (`2024-03-01`, RFC 3339, ...), each failing with its index.
pub(crate) fn timestamps(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<Vec<Timestamp>> {
    if let Ok(a) = obj.cast::<PyArray1<i64>>() {
        let v = a
            .to_vec()
            .map_err(|e| CxError::Internal(format!("`{field}` not readable: {e}")))?;
        return Ok(v.into_iter().map(DateTime::from_timestamp_nanos).collect());
    }
    let iter = obj
        .try_iter()
        .map_err(|_| wrong_type(field, None, "expected a column of times"))?;
    iter.enumerate()
        .map(|(i, x)| {
            let x = x.map_err(|e| CxError::invalid_at(field, i, "?", e.to_string()))?;
            let s = x
                .cast::<PyString>()
                .map_err(|_| wrong_type(field, Some(i), "expected a time"))?;
            parse_timestamp(&s.to_string()).map_err(|e| match e {
                CxError::InvalidInput { value, reason, .. } => CxError::InvalidInput {
                    field: field.into(),
                    index: Some(i),
                    value,
                    reason,
                },
                other => other,
            })
        })
        .collect()
}

/// Backs `cx.churn_rate`: lost ÷ customers at the start, with a Wilson interval.
#[pyfunction]
#[pyo3(name = "_churn_rate", signature = (customers_at_start, lost, level))]
pub fn churn_rate(
    py: Python<'_>,
    customers_at_start: &Bound<'_, PyAny>,
    lost: &Bound<'_, PyAny>,
    level: Level,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let s = float_arg(customers_at_start, "customers_at_start")?;
        let l = float_arg(lost, "lost")?;
        guard(|| retention::churn_rate(s, l, level.0))
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

/// Backs `cx.retention_rate`: (end − new) ÷ start, with a Wilson interval.
#[pyfunction]
#[pyo3(name = "_retention_rate", signature = (customers_at_start, customers_at_end, new_customers, level))]
pub fn retention_rate(
    py: Python<'_>,
    customers_at_start: &Bound<'_, PyAny>,
    customers_at_end: &Bound<'_, PyAny>,
    new_customers: &Bound<'_, PyAny>,
    level: Level,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let s = float_arg(customers_at_start, "customers_at_start")?;
        let e = float_arg(customers_at_end, "customers_at_end")?;
        let n = float_arg(new_customers, "new_customers")?;
        guard(|| retention::retention_rate(s, e, n, level.0))
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

/// Backs the activity-table functions: `kind` is `lifecycle`, `cohort_table` or
/// `period_rates`.
#[pyfunction]
#[pyo3(name = "_activity", signature = (kind, customers, times, freq, level))]
pub fn activity(
    py: Python<'_>,
    kind: &str,
    customers: &Bound<'_, PyAny>,
    times: &Bound<'_, PyAny>,
    freq: Freq,
    level: Level,
) -> PyResult<Py<PyAny>> {
    let c = Labels::read(customers, "customers").py_err(py)?;
    let t = timestamps(times, "timestamps").py_err(py)?;
    let p: Period = freq.0;
    let cs = c.strs();
    match kind {
        "lifecycle" => {
            let r = detached(py, || retention::lifecycle(&cs, &t, p)).py_err(py)?;
            to_object(py, &r)
        }
        "cohort_table" => {
            let r = detached(py, || retention::cohort_table(&cs, &t, p)).py_err(py)?;
            to_object(py, &r)
        }
        "period_rates" => {
            let r = detached(py, || retention::period_rates(&cs, &t, p, level.0)).py_err(py)?;
            to_object(py, &r)
        }
        other => Err(CxError::Internal(format!(
            "unknown activity function {other}"
        )))
        .py_err(py),
    }
}

/// Backs `cx.time_to_repeat`.
#[pyfunction]
#[pyo3(name = "_time_to_repeat", signature = (customers, times, observation_end))]
pub fn time_to_repeat(
    py: Python<'_>,
    customers: &Bound<'_, PyAny>,
    times: &Bound<'_, PyAny>,
    observation_end: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let c = Labels::read(customers, "customers")?;
        let t = timestamps(times, "timestamps")?;
        let end = timestamps(observation_end, "observation_end")?;
        let end = *end
            .first()
            .ok_or_else(|| CxError::invalid("observation_end", "missing"))?;
        detached(py, || retention::time_to_repeat(&c.strs(), &t, end))
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

/// A fitted Kaplan–Meier curve (the core's result); `cx.KaplanMeier` wraps it with pandas.
#[pyclass(frozen, module = "cx._cx", name = "KaplanMeierFit")]
pub struct KaplanMeierFit(CoreKm);

#[pymethods]
impl KaplanMeierFit {
    /// Ŝ(t) at each `t` (a step function; 1 before the first time).
    fn survival_at(&self, py: Python<'_>, t: &Bound<'_, PyAny>) -> PyResult<Vec<f64>> {
        let t = column(t, "t").py_err(py)?;
        let t = t.as_f64().py_err(py)?;
        Ok(t.iter().map(|&x| self.0.survival_at(x)).collect())
    }
    /// Interval of Ŝ(t) at each `t`.
    fn ci_at(&self, py: Python<'_>, t: &Bound<'_, PyAny>) -> PyResult<Vec<(f64, f64)>> {
        let t = column(t, "t").py_err(py)?;
        let t = t.as_f64().py_err(py)?;
        Ok(t.iter().map(|&x| self.0.ci_at(x)).collect())
    }
    /// The core's form; infinite medians as `float('inf')`.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let d = to_object(py, &self.0)?;
        let b = d.bind(py);
        b.set_item("median", self.0.median)?;
        b.set_item("median_ci", self.0.median_ci)?;
        Ok(d)
    }
    /// The curve's portable document (JSON text).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        crate::clv::json_of(&self.0).py_err(py)
    }
    /// A curve from `to_json` text.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        crate::clv::from_json(text).map(Self).py_err(py)
    }
    fn __reduce__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        crate::clv::reduce(slf.as_any(), Some(&slf.get().0))
    }
}

/// `observed` flags as the core reads them: bytes in place (numpy `bool` viewed as `uint8`
/// by the Python layer, `uint8`, small integers narrowed to bytes), else floats.
enum Flags<'a> {
    Bytes(&'a [u8]),
    Floats(std::borrow::Cow<'a, [f64]>),
}

impl<'a> Flags<'a> {
    fn read(c: &'a crate::input::Column<'_>) -> CxResult<Self> {
        Ok(match c.as_u8()? {
            Some(b) => Self::Bytes(b),
            None => Self::Floats(c.as_f64()?),
        })
    }

    fn get(&self) -> EventFlags<'_> {
        match self {
            Self::Bytes(b) => EventFlags::U8(b),
            Self::Floats(f) => EventFlags::F64(f),
        }
    }
}

fn km_options(level: Level) -> KaplanMeierOptions {
    KaplanMeierOptions { level: level.0 }
}

/// Backs `cx.kaplan_meier`.
#[pyfunction]
#[pyo3(name = "_kaplan_meier", signature = (durations, observed, level))]
pub fn kaplan_meier(
    py: Python<'_>,
    durations: &Bound<'_, PyAny>,
    observed: Option<&Bound<'_, PyAny>>,
    level: Level,
) -> PyResult<KaplanMeierFit> {
    let run = || -> CxResult<_> {
        let d = column(durations, "durations")?;
        let o = optional_column(observed, "observed")?;
        let d = d.as_f64()?;
        let o = o.as_ref().map(Flags::read).transpose()?;
        detached(py, || {
            retention::kaplan_meier_flags(&d, o.as_ref().map(Flags::get), km_options(level))
        })
    };
    run().py_err(py).map(KaplanMeierFit)
}

/// Backs `cx.kaplan_meier_by_segment`: `[(label, fit), ...]` in label order.
#[pyfunction]
#[pyo3(name = "_kaplan_meier_by_segment", signature = (durations, observed, segments, level))]
pub fn kaplan_meier_by_segment(
    py: Python<'_>,
    durations: &Bound<'_, PyAny>,
    observed: Option<&Bound<'_, PyAny>>,
    segments: &Bound<'_, PyAny>,
    level: Level,
) -> PyResult<Vec<(String, KaplanMeierFit)>> {
    let run = || -> CxResult<_> {
        let d = column(durations, "durations")?;
        let o = optional_column(observed, "observed")?;
        let s = Labels::read(segments, "segments")?;
        let d = d.as_f64()?;
        let o = o.as_ref().map(Flags::read).transpose()?;
        detached(py, || {
            retention::kaplan_meier_by_segment_flags(
                &d,
                o.as_ref().map(Flags::get),
                &s.strs(),
                km_options(level),
            )
        })
    };
    Ok(run()
        .py_err(py)?
        .into_iter()
        .map(|c| (c.segment, KaplanMeierFit(c.result)))
        .collect())
}

/// Backs `cx.logrank_test`.
#[pyfunction]
#[pyo3(name = "_logrank_test", signature = (durations_a, observed_a, durations_b, observed_b))]
pub fn logrank_test(
    py: Python<'_>,
    durations_a: &Bound<'_, PyAny>,
    observed_a: Option<&Bound<'_, PyAny>>,
    durations_b: &Bound<'_, PyAny>,
    observed_b: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let da = column(durations_a, "durations_a")?;
        let oa = optional_column(observed_a, "observed_a")?;
        let db = column(durations_b, "durations_b")?;
        let ob = optional_column(observed_b, "observed_b")?;
        let (da, db) = (da.as_f64()?, db.as_f64()?);
        let oa = oa.as_ref().map(crate::input::Column::as_f64).transpose()?;
        let ob = ob.as_ref().map(crate::input::Column::as_f64).transpose()?;
        detached(py, || {
            retention::logrank_test(&da, oa.as_deref(), &db, ob.as_deref())
        })
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

fn not_fitted(what: &str) -> CxError {
    CxError::invalid(
        "model",
        format!("{what} is not fitted yet: call fit() first"),
    )
}

/// Periods `t` (whole numbers >= 0) from a number or a column.
fn periods(obj: &Bound<'_, PyAny>) -> CxResult<(Vec<u32>, bool)> {
    let scalar = !obj.is_instance_of::<pyo3::types::PyList>()
        && !obj.is_instance_of::<pyo3::types::PyTuple>()
        && obj.cast::<PyUntypedArray>().map_or(true, |a| a.ndim() == 0)
        && !obj.hasattr("__len__").unwrap_or(false);
    let values = if scalar {
        vec![float_arg(obj, "t")?]
    } else {
        column(obj, "t")?.as_f64()?.into_owned()
    };
    let mut out = Vec::with_capacity(values.len());
    for (i, &v) in values.iter().enumerate() {
        if !(v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&v)) {
            return Err(CxError::invalid_at(
                "t",
                i,
                v,
                "a period must be a whole number >= 0",
            ));
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        out.push(v as u32);
    }
    Ok((out, scalar))
}

fn per_period(py: Python<'_>, t: &Bound<'_, PyAny>, f: impl Fn(u32) -> f64) -> PyResult<Py<PyAny>> {
    let (ts, scalar) = periods(t).py_err(py)?;
    let values: Vec<f64> = ts.into_iter().map(f).collect();
    if scalar {
        Ok(values[0].into_pyobject(py)?.into_any().unbind())
    } else {
        Ok(PyArray1::from_vec(py, values).into_any().unbind())
    }
}

/// Shifted-beta-geometric contract-churn model (Fader and Hardie 2007, "How to project
/// customer retention", J. Interactive Marketing 21(1)).
///
/// `ShiftedBetaGeometric().fit(survivors)` fits (alpha, beta) by maximum likelihood on a
/// cohort's survivors per period (`survivors[0]` at the start, non-increasing) and returns
/// the model; `ShiftedBetaGeometric.from_params(alpha, beta)` projects from known values.
#[pyclass(module = "cx", name = "ShiftedBetaGeometric")]
pub struct ShiftedBetaGeometric {
    params: SbgParams,
    model: Option<CoreSbg>,
}

impl ShiftedBetaGeometric {
    fn fitted(&self) -> CxResult<&CoreSbg> {
        self.model
            .as_ref()
            .ok_or_else(|| not_fitted("ShiftedBetaGeometric"))
    }
}

#[pymethods]
impl ShiftedBetaGeometric {
    #[new]
    #[pyo3(signature = (tolerance=None, max_iterations=None, allow_unconverged=false))]
    fn new(
        py: Python<'_>,
        tolerance: Option<&Bound<'_, PyAny>>,
        max_iterations: Option<&Bound<'_, PyAny>>,
        allow_unconverged: bool,
    ) -> PyResult<Self> {
        let mut params = CoreSbg::params().allow_unconverged(allow_unconverged);
        if let Some(t) = tolerance {
            params = params.tolerance(float_arg(t, "tolerance").py_err(py)?);
        }
        if let Some(m) = max_iterations {
            params = params.max_iterations(uint_arg(m, "max_iterations", 1 << 32).py_err(py)?);
        }
        Ok(Self {
            params,
            model: None,
        })
    }

    /// Several cohorts at once, with cohort covariates moving alpha and beta: the same as
    /// `cx.SbgCohorts(l2, tolerance, max_iterations).fit(survivors, covariates)`.
    #[staticmethod]
    #[pyo3(signature = (survivors, covariates, l2=None, tolerance=None, max_iterations=None))]
    fn fit_cohorts<'py>(
        py: Python<'py>,
        survivors: &Bound<'py, PyAny>,
        covariates: &Bound<'py, PyAny>,
        l2: Option<&Bound<'py, PyAny>>,
        tolerance: Option<&Bound<'py, PyAny>>,
        max_iterations: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let zero = 0.0_f64.into_pyobject(py)?.into_any();
        py.import("cx._sbg_cohorts")?
            .getattr("SbgCohorts")?
            .call1((l2.unwrap_or(&zero), tolerance, max_iterations))?
            .call_method1("fit", (survivors, covariates))
    }

    /// A model with known (alpha, beta), e.g. published values.
    #[staticmethod]
    fn from_params(
        py: Python<'_>,
        alpha: &Bound<'_, PyAny>,
        beta: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let a = float_arg(alpha, "alpha").py_err(py)?;
        let b = float_arg(beta, "beta").py_err(py)?;
        let m = CoreSbg::from_params(a, b).py_err(py)?;
        Ok(Self {
            params: CoreSbg::params(),
            model: Some(m),
        })
    }

    /// Fits on `survivors` (active customers at the start of each period) and returns self.
    fn fit<'py>(
        slf: Bound<'py, Self>,
        survivors: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, Self>> {
        let py = slf.py();
        let s = column(survivors, "survivors").py_err(py)?;
        let s = s.as_f64().py_err(py)?;
        let params = slf.borrow().params;
        let m = detached(py, || params.fit(&s)).py_err(py)?;
        slf.borrow_mut().model = Some(m);
        Ok(slf)
    }

    /// `{"alpha": ..., "beta": ...}`.
    #[getter]
    fn params(&self, py: Python<'_>) -> PyResult<std::collections::BTreeMap<&'static str, f64>> {
        let m = self.fitted().py_err(py)?;
        Ok([("alpha", m.alpha), ("beta", m.beta)].into_iter().collect())
    }
    /// Maximized log-likelihood (`None` for `from_params`: not fitted).
    #[getter]
    fn log_likelihood(&self, py: Python<'_>) -> PyResult<Option<f64>> {
        Ok(self.fitted().py_err(py)?.log_likelihood)
    }
    /// Standard errors of (alpha, beta) (`None` for `from_params` or a singular information).
    #[getter]
    fn standard_errors(&self, py: Python<'_>) -> PyResult<Option<(f64, f64)>> {
        Ok(self.fitted().py_err(py)?.standard_errors)
    }
    /// Whether the fit met its tolerance.
    #[getter]
    fn converged(&self, py: Python<'_>) -> PyResult<bool> {
        Ok(self.fitted().py_err(py)?.converged)
    }
    /// Iterations the fit used.
    #[getter]
    fn iterations(&self, py: Python<'_>) -> PyResult<u64> {
        Ok(self.fitted().py_err(py)?.iterations)
    }
    /// S(t): share still active after `t` periods (a number, or an array for a column).
    fn survival(&self, py: Python<'_>, t: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let m = self.fitted().py_err(py)?;
        per_period(py, t, |k| m.survival(k))
    }
    /// r(t) = S(t) / S(t − 1): retention rate in period `t`.
    fn retention_rate(&self, py: Python<'_>, t: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let m = self.fitted().py_err(py)?;
        per_period(py, t, |k| m.retention_rate(k))
    }
    /// P(T = t): probability of churning in period `t`.
    fn churn_probability(&self, py: Python<'_>, t: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let m = self.fitted().py_err(py)?;
        per_period(py, t, |k| m.churn_probability(k))
    }
    /// Expected lifetime in periods (infinite when alpha <= 1).
    fn expected_lifetime(&self, py: Python<'_>) -> PyResult<f64> {
        Ok(self.fitted().py_err(py)?.expected_lifetime())
    }
    /// Discounted expected residual lifetime of a customer who has renewed `renewals` times
    /// (Fader and Hardie 2010), at discount rate `discount` per period.
    #[pyo3(signature = (discount, renewals=None))]
    fn discounted_expected_residual_lifetime(
        &self,
        py: Python<'_>,
        discount: &Bound<'_, PyAny>,
        renewals: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<f64> {
        let m = self.fitted().py_err(py)?;
        let d = float_arg(discount, "discount").py_err(py)?;
        let n = match renewals {
            Some(r) => uint_arg(r, "renewals", u64::from(u32::MAX)).py_err(py)?,
            None => 0,
        };
        m.discounted_expected_residual_lifetime(d, u32::try_from(n).unwrap_or(u32::MAX))
            .py_err(py)
    }
    /// The fitted model as JSON (portable to the Node and browser packages).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        crate::clv::json_of(self.fitted().py_err(py)?).py_err(py)
    }
    fn __reduce__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        crate::clv::reduce(slf.as_any(), slf.borrow().model.as_ref())
    }
    /// A model from [`to_json`](Self::to_json) text.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        let m: CoreSbg = crate::clv::from_json(text).py_err(py)?;
        Ok(Self {
            params: CoreSbg::params(),
            model: Some(m),
        })
    }
    /// The fitted fields as a dict.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let m = self.fitted().py_err(py)?;
        to_object(py, m)
    }
    fn __repr__(&self) -> String {
        match &self.model {
            Some(m) => match m.log_likelihood {
                Some(ll) => format!(
                    "ShiftedBetaGeometric(alpha={:.6}, beta={:.6}, log_likelihood={ll:.6})",
                    m.alpha, m.beta
                ),
                None => format!(
                    "ShiftedBetaGeometric(alpha={:.6}, beta={:.6}, not fitted)",
                    m.alpha, m.beta
                ),
            },
            None => "ShiftedBetaGeometric(not fitted)".into(),
        }
    }
}

/// A 2-D feature matrix as row-major `float64` and its number of columns.
pub(crate) fn matrix(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<(Vec<f64>, usize)> {
    let py = obj.py();
    let np = py
        .import("numpy")
        .map_err(|e| CxError::Internal(format!("numpy import failed: {e}")))?;
    let arr = np.call_method1("asarray", (obj,)).map_err(|e| {
        wrong_type(
            field,
            None,
            &format!("expected a 2-D array of numbers: {e}"),
        )
    })?;
    let a = arr
        .cast::<PyUntypedArray>()
        .map_err(|_| wrong_type(field, None, "expected a 2-D array of numbers"))?;
    let kind = a.dtype().kind();
    if !matches!(kind, b'f' | b'i' | b'u' | b'b') {
        return Err(wrong_type(
            field,
            None,
            "expected a 2-D array of numbers (int or float dtype)",
        ));
    }
    if a.ndim() != 2 {
        return Err(CxError::invalid(
            field,
            format!(
                "expected a 2-D array (rows x features), got {} dimensions",
                a.ndim()
            ),
        ));
    }
    let cols = a.shape()[1];
    let flat = np
        .call_method1("ascontiguousarray", (a, "float64"))
        .and_then(|f| f.call_method1("reshape", (-1,)))
        .map_err(|e| CxError::Internal(format!("cannot read `{field}`: {e}")))?;
    let v = column(&flat, field)?.as_f64()?.into_owned();
    Ok((v, cols))
}

/// Churn-probability classifier: L2-regularized logistic regression minimizing
/// `Σ log-loss + (l2 / 2)·‖w‖²` (intercept not penalized; `l2 = 1/C` of scikit-learn),
/// fitted by Newton's method; `standardize` scales features first (coefficients are
/// reported on the original scale).
#[pyclass(module = "cx", name = "ChurnClassifier")]
pub struct ChurnClassifier {
    params: ChurnClassifierParams,
    model: Option<CoreClassifier>,
}

impl ChurnClassifier {
    fn fitted(&self) -> CxResult<&CoreClassifier> {
        self.model
            .as_ref()
            .ok_or_else(|| not_fitted("ChurnClassifier"))
    }
}

#[pymethods]
impl ChurnClassifier {
    #[new]
    #[pyo3(
        signature = (l2=None, standardize=None, tolerance=None, max_iterations=None, allow_unconverged=false),
        text_signature = "(l2=1.0, standardize=False, tolerance=None, max_iterations=None, allow_unconverged=False)"
    )]
    fn new(
        py: Python<'_>,
        l2: Option<&Bound<'_, PyAny>>,
        standardize: Option<&Bound<'_, PyAny>>,
        tolerance: Option<&Bound<'_, PyAny>>,
        max_iterations: Option<&Bound<'_, PyAny>>,
        allow_unconverged: bool,
    ) -> PyResult<Self> {
        let mut p = CoreClassifier::params().allow_unconverged(allow_unconverged);
        if let Some(v) = l2 {
            p = p.l2(float_arg(v, "l2").py_err(py)?);
        }
        if let Some(v) = standardize {
            p = p.standardize(bool_arg(v, "standardize").py_err(py)?);
        }
        if let Some(v) = tolerance {
            p = p.tolerance(float_arg(v, "tolerance").py_err(py)?);
        }
        if let Some(v) = max_iterations {
            p = p.max_iterations(uint_arg(v, "max_iterations", 1 << 32).py_err(py)?);
        }
        Ok(Self {
            params: p,
            model: None,
        })
    }

    /// Fits on `X` (rows × features: a 2-D array or `DataFrame`) and `y` (1 = churned, 0 =
    /// stayed); returns self. Element errors in `X` give the row-major (flat) index.
    #[allow(non_snake_case)]
    fn fit<'py>(
        slf: Bound<'py, Self>,
        X: &Bound<'py, PyAny>,
        y: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, Self>> {
        let py = slf.py();
        let (x, p) = matrix(X, "x").py_err(py)?;
        let y = column(y, "y").py_err(py)?;
        let y = y.as_f64().py_err(py)?;
        let params = slf.borrow().params;
        let m = detached(py, || params.fit(&x, p, &y)).py_err(py)?;
        slf.borrow_mut().model = Some(m);
        Ok(slf)
    }

    /// Churn probability per row of `X`, as a numpy array.
    #[allow(non_snake_case)]
    fn predict_proba<'py>(
        &self,
        py: Python<'py>,
        X: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let m = self.fitted().py_err(py)?;
        let (x, _) = matrix(X, "x").py_err(py)?;
        let p = detached(py, || m.predict_proba(&x)).py_err(py)?;
        Ok(PyArray1::from_vec(py, p))
    }

    /// Coefficients per feature (original scale).
    #[getter]
    fn coefficients<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let m = self.fitted().py_err(py)?;
        Ok(PyArray1::from_vec(py, m.coefficients.clone()))
    }
    /// Intercept (original scale).
    #[getter]
    fn intercept(&self, py: Python<'_>) -> PyResult<f64> {
        Ok(self.fitted().py_err(py)?.intercept)
    }
    /// Whether Newton's method met its tolerance.
    #[getter]
    fn converged(&self, py: Python<'_>) -> PyResult<bool> {
        Ok(self.fitted().py_err(py)?.converged)
    }
    /// Newton iterations used.
    #[getter]
    fn iterations(&self, py: Python<'_>) -> PyResult<u64> {
        Ok(self.fitted().py_err(py)?.iterations)
    }
    /// The fitted model as JSON: a browser (`cxkit-wasm`) or Node can score with it.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        crate::clv::json_of(self.fitted().py_err(py)?).py_err(py)
    }
    fn __reduce__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        crate::clv::reduce(slf.as_any(), slf.borrow().model.as_ref())
    }
    /// A model from `to_json` text.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        let m: CoreClassifier = crate::clv::from_json(text).py_err(py)?;
        Ok(Self {
            params: m.params,
            model: Some(m),
        })
    }
    /// The fitted fields as a dict.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let m = self.fitted().py_err(py)?;
        to_object(py, m)
    }
    fn __repr__(&self) -> String {
        match &self.model {
            Some(m) => format!(
                "ChurnClassifier(l2={}, n_features={}, intercept={:.6})",
                self.params.l2,
                m.n_features(),
                m.intercept
            ),
            None => format!("ChurnClassifier(l2={}, not fitted)", self.params.l2),
        }
    }
}

/// Backs `cx.churn_metrics`.
#[pyfunction]
#[pyo3(name = "_churn_metrics", signature = (y_true, p))]
pub fn churn_metrics(
    py: Python<'_>,
    y_true: &Bound<'_, PyAny>,
    p: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let y = column(y_true, "y_true")?;
        let q = column(p, "p")?;
        let (y, q) = (y.as_f64()?, q.as_f64()?);
        detached(py, || churn::churn_metrics(&y, &q))
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

/// Item `i` of a table tuple `(customers, times, ...)` from the pandas layer.
fn part<'py>(table: &Bound<'py, PyAny>, i: usize, field: &str) -> CxResult<Bound<'py, PyAny>> {
    table
        .get_item(i)
        .map_err(|_| wrong_type(field, None, "missing column"))
}

/// Survey kinds (`nps`, `csat`, `ces`), each failing with its index.
fn survey_kinds(obj: &Bound<'_, PyAny>) -> CxResult<Vec<SurveyKind>> {
    let labels = Labels::read(obj, "surveys.kind")?;
    labels
        .strs()
        .iter()
        .enumerate()
        .map(|(i, s)| {
            s.parse::<SurveyKind>()
                .map_err(|_| CxError::invalid_at("surveys.kind", i, s, "expected nps, csat or ces"))
        })
        .collect()
}

/// `(customers, times, channels)` of the touchpoint table.
type TouchpointTable = (Labels, Vec<Timestamp>, Labels);
/// `(customers, times, scores, kinds)` of the survey table.
type SurveyTable = (Labels, Vec<Timestamp>, Vec<f64>, Option<Vec<SurveyKind>>);

fn read_touchpoints(t: &Bound<'_, PyAny>) -> CxResult<TouchpointTable> {
    Ok((
        Labels::read(&part(t, 0, "touchpoints")?, "touchpoints.customer")?,
        timestamps(&part(t, 1, "touchpoints")?, "touchpoints.timestamp")?,
        Labels::read(&part(t, 2, "touchpoints")?, "touchpoints.channel")?,
    ))
}

fn read_surveys(s: &Bound<'_, PyAny>) -> CxResult<SurveyTable> {
    let k = part(s, 3, "surveys")?;
    Ok((
        Labels::read(&part(s, 0, "surveys")?, "surveys.customer")?,
        timestamps(&part(s, 1, "surveys")?, "surveys.timestamp")?,
        column(&part(s, 2, "surveys")?, "surveys.score")?
            .as_f64()?
            .into_owned(),
        if k.is_none() {
            None
        } else {
            Some(survey_kinds(&k)?)
        },
    ))
}

/// Settings of `_customer_view` beyond the three tables, a dict from the pandas layer.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub struct ViewArgs<'py> {
    /// A one-element time column, or empty for the default end.
    observation_end: Bound<'py, PyAny>,
    unit: Bound<'py, PyAny>,
    freq: Freq,
    fractional: Bound<'py, PyAny>,
    /// A fitted `cx.BgNbd` / `cx.MbgNbd` / `cx.ParetoNbd`, or `None`.
    model: Bound<'py, PyAny>,
    /// A fitted `cx.GammaGamma`, or `None`.
    spend_model: Bound<'py, PyAny>,
    months: Bound<'py, PyAny>,
    discount_rate: Bound<'py, PyAny>,
}

/// Backs `cx.customer_view`: `transactions` is `(customers, times, amounts)`, `touchpoints`
/// `(customers, times, channels)` or `None`, `surveys` `(customers, times, scores, kinds)`
/// (kinds `None`: all NPS) or `None`. Times come back as `int64` UTC nanoseconds.
#[pyfunction]
#[pyo3(name = "_customer_view", signature = (transactions, touchpoints, surveys, args))]
#[allow(clippy::needless_pass_by_value)] // pyo3 extracts the settings by value
pub fn customer_view(
    py: Python<'_>,
    transactions: &Bound<'_, PyAny>,
    touchpoints: Option<&Bound<'_, PyAny>>,
    surveys: Option<&Bound<'_, PyAny>>,
    args: ViewArgs<'_>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let tx_ids = Labels::read(
            &part(transactions, 0, "transactions")?,
            "transactions.customer",
        )?;
        let tx_times = timestamps(
            &part(transactions, 1, "transactions")?,
            "transactions.timestamp",
        )?;
        let amounts = column(
            &part(transactions, 2, "transactions")?,
            "transactions.amount",
        )?
        .as_f64()?
        .into_owned();
        let tp = touchpoints.map(read_touchpoints).transpose()?;
        let sv = surveys.map(read_surveys).transpose()?;
        let end = timestamps(&args.observation_end, "observation_end")?;
        let options = retention::CustomerViewOptions {
            observation_end: end.first().copied(),
            unit: str_arg(&args.unit, "unit")?.parse()?,
            fractional: bool_arg(&args.fractional, "fractional")?,
            period: args.freq.0,
        };
        let spend = if args.spend_model.is_none() {
            None
        } else {
            Some(crate::clv::spend_model(&args.spend_model, "spend_model")?)
        };
        let months = uint_arg(&args.months, "months", u64::from(u32::MAX))?;
        let discount_rate = float_arg(&args.discount_rate, "discount_rate")?;
        let tx_ids = tx_ids.strs();
        let (tp_ids, tp_channels) = tp
            .as_ref()
            .map_or_else(Default::default, |t| (t.0.strs(), t.2.strs()));
        let sv_ids = sv.as_ref().map_or_else(Vec::new, |s| s.0.strs());
        let no_times: &[Timestamp] = &[];
        let txc = retention::TransactionColumns {
            customers: &tx_ids,
            timestamps: &tx_times,
            amounts: &amounts,
        };
        let tpc = retention::TouchpointColumns {
            customers: &tp_ids,
            timestamps: tp.as_ref().map_or(no_times, |t| &t.1),
            channels: &tp_channels,
        };
        let svc = retention::SurveyColumns {
            customers: &sv_ids,
            timestamps: sv.as_ref().map_or(no_times, |s| &s.1),
            scores: sv.as_ref().map_or(&[][..], |s| &s.2),
            kinds: sv.as_ref().and_then(|s| s.3.as_deref()),
        };
        if args.model.is_none() {
            if spend.is_some() {
                return Err(CxError::invalid(
                    "spend_model",
                    "a spend model needs a purchase model (`model`) for the CLV",
                ));
            }
            return detached(py, || {
                retention::customer_view(&txc, Some(&tpc), Some(&svc), &options, None)
            });
        }
        crate::clv::with_purchase_model(&args.model, |m| {
            let value = retention::ViewValue {
                model: m,
                spend: spend.as_ref(),
                months: u32::try_from(months).unwrap_or(u32::MAX),
                discount_rate,
            };
            guard(|| retention::customer_view(&txc, Some(&tpc), Some(&svc), &options, Some(&value)))
        })
    };
    let v = run().py_err(py)?;
    let d = to_object(py, &v)?;
    let b = d.bind(py);
    let nanos = |ts: &[Timestamp]| -> Vec<i64> {
        ts.iter()
            .map(|t| t.timestamp_nanos_opt().unwrap_or(i64::MIN))
            .collect()
    };
    b.set_item(
        "first_activity",
        PyArray1::from_vec(py, nanos(&v.first_activity)),
    )?;
    b.set_item(
        "last_activity",
        PyArray1::from_vec(py, nanos(&v.last_activity)),
    )?;
    Ok(d)
}
