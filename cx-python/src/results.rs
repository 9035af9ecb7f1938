//! Result classes: frozen, typed, with a readable `repr`, `to_dict()` and equality.

use cx_core::journey::{ConversionRate as CoreRate, UnitEconomics as CoreUnit};
use cx_core::survey::NpsResult as CoreNps;
use cx_core::survey::{CesResult as CoreCes, CsatResult as CoreCsat, NpsComparison as CoreCmp};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde::Serialize;

use crate::errors::IntoPyResult;

/// Pickle support: `(cx._cx._unpickle_result, (kind, json))`, the core's serde form.
fn reduce<'py, T: Serialize>(
    py: Python<'py>,
    kind: &'static str,
    value: &T,
) -> PyResult<(Bound<'py, PyAny>, (&'static str, String))> {
    let json = serde_json::to_string(value)
        .map_err(|e| cx_core::CxError::Internal(format!("{kind} does not serialize: {e}")))
        .py_err(py)?;
    let f = py.import("cx._cx")?.getattr("_unpickle_result")?;
    Ok((f, (kind, json)))
}

/// Rebuilds a result from its pickled form (see `__reduce__`).
#[pyfunction]
#[pyo3(name = "_unpickle_result")]
pub fn unpickle_result(py: Python<'_>, kind: &str, json: &str) -> PyResult<Py<PyAny>> {
    fn parse<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, cx_core::CxError> {
        serde_json::from_str(json)
            .map_err(|e| cx_core::CxError::invalid("json", format!("not a pickled result: {e}")))
    }
    let obj = match kind {
        "NpsResult" => Py::new(py, NpsResult(parse(json).py_err(py)?))?.into_any(),
        "NpsComparison" => Py::new(py, NpsComparison(parse(json).py_err(py)?))?.into_any(),
        "CsatResult" => Py::new(py, CsatResult(parse(json).py_err(py)?))?.into_any(),
        "CesResult" => Py::new(py, CesResult(parse(json).py_err(py)?))?.into_any(),
        "ConversionRate" => Py::new(py, ConversionRate(parse(json).py_err(py)?))?.into_any(),
        "UnitEconomics" => Py::new(py, UnitEconomics(parse(json).py_err(py)?))?.into_any(),
        _ => {
            return Err(cx_core::CxError::invalid(
                "kind",
                format!("unknown result {kind}"),
            ))
            .py_err(py);
        }
    };
    Ok(obj)
}

/// Shortest text that rounds to `x` at 6 significant digits (`25.0`, `-56.2558`, `1.2e-9`).
fn num(x: f64) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "nan".into()
        } else if x > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    let rounded: f64 = format!("{x:.5e}").parse().unwrap_or(x);
    format!("{rounded:?}")
}

fn pair(ci: (f64, f64)) -> String {
    format!("({}, {})", num(ci.0), num(ci.1))
}

/// Builds a dict from `(key, value)` pairs.
macro_rules! dict {
    ($py:expr, $($k:literal => $v:expr),+ $(,)?) => {{
        let d = PyDict::new($py);
        $( d.set_item($k, $v)?; )+
        Ok(d)
    }};
}

/// Net Promoter Score with its interval, from `cx.nps` or `NpsTally.result`.
///
/// `score`, `std_error` and `ci` are on the −100..100 scale; `promoters`, `passives` and
/// `detractors` are shares (0..1, weighted when weights were given).
#[pyclass(frozen, eq, module = "cx", name = "NpsResult")]
#[derive(Clone, PartialEq)]
pub struct NpsResult(pub CoreNps);

impl NpsResult {
    const KIND: &'static str = "NpsResult";
}

#[pymethods]
impl NpsResult {
    /// NPS, −100..100.
    #[getter]
    fn score(&self) -> f64 {
        self.0.score
    }
    /// Share of promoters (9–10), 0..1.
    #[getter]
    fn promoters(&self) -> f64 {
        self.0.promoters
    }
    /// Share of passives (7–8), 0..1.
    #[getter]
    fn passives(&self) -> f64 {
        self.0.passives
    }
    /// Share of detractors (0–6), 0..1.
    #[getter]
    fn detractors(&self) -> f64 {
        self.0.detractors
    }
    /// Number of responses.
    #[getter]
    fn n(&self) -> u64 {
        self.0.n
    }
    /// Kish effective sample size `(Σw)² / Σw²`; equals `n` without weights.
    #[getter]
    fn effective_n(&self) -> f64 {
        self.0.effective_n
    }
    /// Standard error on the −100..100 scale.
    #[getter]
    fn std_error(&self) -> f64 {
        self.0.std_error
    }
    /// Confidence interval `(low, high)` on −100..100.
    #[getter]
    fn ci(&self) -> (f64, f64) {
        self.0.ci
    }
    /// Confidence level of `ci`.
    #[getter]
    fn level(&self) -> f64 {
        self.0.level
    }
    /// Interval method: `"wald"` or `"adjusted_wald"`.
    #[getter]
    fn method(&self) -> &'static str {
        self.0.method.as_str()
    }

    /// The fields as a plain dict (`ci` as a tuple).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let r = &self.0;
        dict!(py,
            "score" => r.score, "promoters" => r.promoters, "passives" => r.passives,
            "detractors" => r.detractors, "n" => r.n, "effective_n" => r.effective_n,
            "std_error" => r.std_error, "ci" => r.ci, "level" => r.level,
            "method" => r.method.as_str(),
        )
    }

    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, (&'static str, String))> {
        reduce(py, Self::KIND, &self.0)
    }

    fn __repr__(&self) -> String {
        let r = &self.0;
        format!(
            "NpsResult(score={}, ci={}, n={}, promoters={}, passives={}, detractors={}, \
             std_error={}, effective_n={}, level={}, method='{}')",
            num(r.score),
            pair(r.ci),
            r.n,
            num(r.promoters),
            num(r.passives),
            num(r.detractors),
            num(r.std_error),
            num(r.effective_n),
            num(r.level),
            r.method
        )
    }
}

/// Difference between the NPS of two independent groups, from `cx.compare_nps`.
#[pyclass(frozen, eq, module = "cx", name = "NpsComparison")]
#[derive(Clone, PartialEq)]
pub struct NpsComparison(pub CoreCmp);

impl NpsComparison {
    const KIND: &'static str = "NpsComparison";
}

#[pymethods]
impl NpsComparison {
    /// `NPS(a) − NPS(b)`, −200..200.
    #[getter]
    fn difference(&self) -> f64 {
        self.0.difference
    }
    /// Standard error of the difference (NPS points).
    #[getter]
    fn std_error(&self) -> f64 {
        self.0.std_error
    }
    /// z statistic.
    #[getter]
    fn z(&self) -> f64 {
        self.0.z
    }
    /// Two-sided p-value of "both groups have the same NPS".
    #[getter]
    fn p_value(&self) -> f64 {
        self.0.p_value
    }
    /// Confidence interval of the difference `(low, high)`, NPS points.
    #[getter]
    fn ci(&self) -> (f64, f64) {
        self.0.ci
    }
    /// Confidence level of `ci`.
    #[getter]
    fn level(&self) -> f64 {
        self.0.level
    }
    /// Interval method: `"wald"` or `"adjusted_wald"`.
    #[getter]
    fn method(&self) -> &'static str {
        self.0.method.as_str()
    }

    /// The fields as a plain dict (`ci` as a tuple).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let r = &self.0;
        dict!(py,
            "difference" => r.difference, "std_error" => r.std_error, "z" => r.z,
            "p_value" => r.p_value, "ci" => r.ci, "level" => r.level,
            "method" => r.method.as_str(),
        )
    }

    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, (&'static str, String))> {
        reduce(py, Self::KIND, &self.0)
    }

    fn __repr__(&self) -> String {
        let r = &self.0;
        format!(
            "NpsComparison(difference={}, ci={}, p_value={}, z={}, std_error={}, level={}, \
             method='{}')",
            num(r.difference),
            pair(r.ci),
            num(r.p_value),
            num(r.z),
            num(r.std_error),
            num(r.level),
            r.method
        )
    }
}

/// Customer satisfaction score, from `cx.csat`.
#[pyclass(frozen, eq, module = "cx", name = "CsatResult")]
#[derive(Clone, PartialEq)]
pub struct CsatResult(pub CoreCsat);

impl CsatResult {
    const KIND: &'static str = "CsatResult";
}

#[pymethods]
impl CsatResult {
    /// Percent satisfied (top-box answers), 0..100.
    #[getter]
    fn score(&self) -> f64 {
        self.0.score
    }
    /// Number of satisfied answers.
    #[getter]
    fn satisfied(&self) -> u64 {
        self.0.satisfied
    }
    /// Mean answer on the 1..scale scale.
    #[getter]
    fn mean(&self) -> f64 {
        self.0.mean
    }
    /// Number of answers.
    #[getter]
    fn n(&self) -> u64 {
        self.0.n
    }
    /// Wilson interval of the percent satisfied `(low, high)`.
    #[getter]
    fn ci(&self) -> (f64, f64) {
        self.0.ci
    }
    /// Confidence level of `ci`.
    #[getter]
    fn level(&self) -> f64 {
        self.0.level
    }

    /// The fields as a plain dict (`ci` as a tuple).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let r = &self.0;
        dict!(py,
            "score" => r.score, "satisfied" => r.satisfied, "mean" => r.mean, "n" => r.n,
            "ci" => r.ci, "level" => r.level,
        )
    }

    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, (&'static str, String))> {
        reduce(py, Self::KIND, &self.0)
    }

    fn __repr__(&self) -> String {
        let r = &self.0;
        format!(
            "CsatResult(score={}, ci={}, n={}, satisfied={}, mean={}, level={})",
            num(r.score),
            pair(r.ci),
            r.n,
            r.satisfied,
            num(r.mean),
            num(r.level)
        )
    }
}

/// Customer effort score, from `cx.ces`.
#[pyclass(frozen, eq, module = "cx", name = "CesResult")]
#[derive(Clone, PartialEq)]
pub struct CesResult(pub CoreCes);

impl CesResult {
    const KIND: &'static str = "CesResult";
}

#[pymethods]
impl CesResult {
    /// Mean answer on the caller's scale.
    #[getter]
    fn mean(&self) -> f64 {
        self.0.mean
    }
    /// Sample standard deviation.
    #[getter]
    fn std_dev(&self) -> f64 {
        self.0.std_dev
    }
    /// Student-t interval of the mean `(low, high)`.
    #[getter]
    fn ci(&self) -> (f64, f64) {
        self.0.ci
    }
    /// Share (0..1) of answers on the easy side of the midpoint.
    #[getter]
    fn agree_share(&self) -> f64 {
        self.0.agree_share
    }
    /// Number of answers.
    #[getter]
    fn n(&self) -> u64 {
        self.0.n
    }
    /// Confidence level of `ci`.
    #[getter]
    fn level(&self) -> f64 {
        self.0.level
    }

    /// The fields as a plain dict (`ci` as a tuple).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let r = &self.0;
        dict!(py,
            "mean" => r.mean, "std_dev" => r.std_dev, "ci" => r.ci,
            "agree_share" => r.agree_share, "n" => r.n, "level" => r.level,
        )
    }

    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, (&'static str, String))> {
        reduce(py, Self::KIND, &self.0)
    }

    fn __repr__(&self) -> String {
        let r = &self.0;
        format!(
            "CesResult(mean={}, ci={}, n={}, agree_share={}, std_dev={}, level={})",
            num(r.mean),
            pair(r.ci),
            r.n,
            num(r.agree_share),
            num(r.std_dev),
            num(r.level)
        )
    }
}

/// A conversion rate with its Wilson interval, from `cx.conversion_rate`.
#[pyclass(frozen, eq, module = "cx", name = "ConversionRate")]
#[derive(Clone, PartialEq)]
pub struct ConversionRate(pub CoreRate);

impl ConversionRate {
    const KIND: &'static str = "ConversionRate";
}

#[pymethods]
impl ConversionRate {
    /// `conversions ÷ visitors`, 0..1.
    #[getter]
    fn rate(&self) -> f64 {
        self.0.rate
    }
    /// Conversions.
    #[getter]
    fn conversions(&self) -> f64 {
        self.0.conversions
    }
    /// Visitors, recipients or other exposed units.
    #[getter]
    fn visitors(&self) -> f64 {
        self.0.visitors
    }
    /// Wilson score interval of the rate `(low, high)`.
    #[getter]
    fn ci(&self) -> (f64, f64) {
        self.0.ci
    }
    /// Confidence level of `ci`.
    #[getter]
    fn level(&self) -> f64 {
        self.0.level
    }

    /// The fields as a plain dict (`ci` as a tuple).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let r = &self.0;
        dict!(py,
            "rate" => r.rate, "conversions" => r.conversions, "visitors" => r.visitors,
            "ci" => r.ci, "level" => r.level,
        )
    }

    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, (&'static str, String))> {
        reduce(py, Self::KIND, &self.0)
    }

    fn __repr__(&self) -> String {
        let r = &self.0;
        format!(
            "ConversionRate(rate={}, ci={}, conversions={}, visitors={}, level={})",
            num(r.rate),
            pair(r.ci),
            num(r.conversions),
            num(r.visitors),
            num(r.level)
        )
    }
}

/// CLV against CAC, from `cx.unit_economics`.
#[pyclass(frozen, eq, module = "cx", name = "UnitEconomics")]
#[derive(Clone, PartialEq)]
pub struct UnitEconomics(pub CoreUnit);

impl UnitEconomics {
    const KIND: &'static str = "UnitEconomics";
}

#[pymethods]
impl UnitEconomics {
    /// Customer acquisition cost.
    #[getter]
    fn cac(&self) -> f64 {
        self.0.cac
    }
    /// Customer lifetime value.
    #[getter]
    fn clv(&self) -> f64 {
        self.0.clv
    }
    /// `clv ÷ cac`.
    #[getter]
    fn clv_to_cac(&self) -> f64 {
        self.0.clv_to_cac
    }
    /// Periods of margin needed to earn back the CAC, or `None` without a margin.
    #[getter]
    fn payback_periods(&self) -> Option<f64> {
        self.0.payback_periods
    }

    /// The fields as a plain dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let r = &self.0;
        dict!(py,
            "cac" => r.cac, "clv" => r.clv, "clv_to_cac" => r.clv_to_cac,
            "payback_periods" => r.payback_periods,
        )
    }

    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, (&'static str, String))> {
        reduce(py, Self::KIND, &self.0)
    }

    fn __repr__(&self) -> String {
        let r = &self.0;
        format!(
            "UnitEconomics(clv_to_cac={}, payback_periods={}, cac={}, clv={})",
            num(r.clv_to_cac),
            r.payback_periods.map_or_else(|| "None".into(), num),
            num(r.cac),
            num(r.clv)
        )
    }
}
