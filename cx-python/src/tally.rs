//! `cx.NpsTally`: the mergeable NPS counts, picklable and JSON round-trippable.

use cx_core::CxError;
use cx_core::survey::{self, IntervalMethod};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple, PyType};

use crate::errors::{CxResult, IntoPyResult, WRONG_TYPE, detached};
use crate::input::{Level, Method, column, nps_options, str_arg, uint_arg};
use crate::results::NpsResult;

/// Counts stay exactly representable as floats (and far from `u64` overflow) below 2**53.
const MAX_COUNT: u64 = 1 << 53;

/// Counts of promoters (9–10), passives (7–8) and detractors (0–6): the mergeable
/// sufficient statistic of NPS.
///
/// Count shards apart and `merge` (or `+`) the tallies; the result is exactly the tally of
/// all the data. Pickles, and round-trips through `to_json` / `from_json`.
#[pyclass(eq, module = "cx", name = "NpsTally")]
#[derive(Clone, PartialEq, Default)]
pub struct NpsTally {
    pub tally: survey::NpsTally,
}

fn checked(t: survey::NpsTally) -> CxResult<survey::NpsTally> {
    let total = t
        .promoters
        .checked_add(t.passives)
        .and_then(|s| s.checked_add(t.detractors));
    match total {
        Some(n) if n <= MAX_COUNT => Ok(t),
        _ => Err(CxError::invalid(
            "tally",
            format!("a tally holds at most 2**53 = {MAX_COUNT} responses"),
        )),
    }
}

fn merged(a: survey::NpsTally, b: survey::NpsTally) -> CxResult<survey::NpsTally> {
    checked(a)?;
    checked(b)?;
    // Both totals are at most 2**53, so the sums cannot overflow u64.
    checked(a + b)
}

#[pymethods]
impl NpsTally {
    /// A tally with the given counts (all zero by default).
    #[new]
    #[pyo3(
        signature = (promoters=None, passives=None, detractors=None),
        text_signature = "(promoters=0, passives=0, detractors=0)"
    )]
    fn new(
        py: Python<'_>,
        promoters: Option<&Bound<'_, PyAny>>,
        passives: Option<&Bound<'_, PyAny>>,
        detractors: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let count = |o: Option<&Bound<'_, PyAny>>, field: &str| match o {
            Some(o) => uint_arg(o, field, MAX_COUNT),
            None => Ok(0),
        };
        let run = || -> CxResult<Self> {
            let t = survey::NpsTally::from_counts(
                count(promoters, "promoters")?,
                count(passives, "passives")?,
                count(detractors, "detractors")?,
            );
            Ok(Self { tally: checked(t)? })
        };
        run().py_err(py)
    }

    /// Number of promoters (scores 9–10).
    #[getter]
    fn promoters(&self) -> u64 {
        self.tally.promoters
    }
    /// Number of passives (scores 7–8).
    #[getter]
    fn passives(&self) -> u64 {
        self.tally.passives
    }
    /// Number of detractors (scores 0–6).
    #[getter]
    fn detractors(&self) -> u64 {
        self.tally.detractors
    }
    /// Number of responses counted.
    #[getter]
    fn n(&self) -> u64 {
        self.tally.n()
    }

    /// Counts 0–10 scores (any column type; `uint8` arrays take the fast path). On a bad
    /// score nothing is added and the error names its index.
    fn add(&mut self, py: Python<'_>, scores: &Bound<'_, PyAny>) -> PyResult<()> {
        let run = || -> CxResult<survey::NpsTally> {
            let s = column(scores, "scores")?;
            let mut t = survey::NpsTally::new();
            if let Some(bytes) = s.as_u8()? {
                detached(py, || t.add_u8(bytes))?;
            } else {
                let s = s.as_f64()?;
                detached(py, || t.add_scores(&s))?;
            }
            merged(self.tally, t)
        };
        self.tally = run().py_err(py)?;
        Ok(())
    }

    /// Adds another tally's counts to this one (in place).
    fn merge(&mut self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<()> {
        let o = other_tally(other).ok_or_else(|| CxError::InvalidInput {
            field: "other".into(),
            index: None,
            value: None,
            reason: format!("{WRONG_TYPE}expected an NpsTally"),
        });
        self.tally = o.and_then(|o| merged(self.tally, o)).py_err(py)?;
        Ok(())
    }

    /// A new tally with the counts of both.
    fn __add__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let Some(o) = other_tally(other) else {
            return Ok(py.NotImplemented());
        };
        let t = merged(self.tally, o).py_err(py)?;
        Ok(Py::new(py, Self { tally: t })?.into_any())
    }

    /// NPS of the counted responses with its interval (see `cx.nps`).
    #[pyo3(
        signature = (level=Level(0.95), method=Method(IntervalMethod::Wald)),
        text_signature = "($self, level=0.95, method='wald')"
    )]
    fn result(&self, py: Python<'_>, level: Level, method: Method) -> PyResult<NpsResult> {
        let (tally, options) = (self.tally, nps_options(level, method));
        crate::errors::guard(|| tally.result(options))
            .map(NpsResult)
            .py_err(py)
    }

    /// The counts as a dict: `{"promoters": ..., "passives": ..., "detractors": ...}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("promoters", self.tally.promoters)?;
        d.set_item("passives", self.tally.passives)?;
        d.set_item("detractors", self.tally.detractors)?;
        Ok(d)
    }

    /// The counts as JSON text (the same format as the Rust, Node and WASM tallies).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        serde_json::to_string(&self.tally)
            .map_err(|e| CxError::Internal(format!("tally does not serialize: {e}")))
            .py_err(py)
    }

    /// A tally from `to_json` text.
    #[classmethod]
    fn from_json(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let run = || -> CxResult<Self> {
            let text = str_arg(text, "text")?;
            let t: survey::NpsTally = serde_json::from_str(&text)
                .map_err(|e| CxError::invalid("text", format!("not an NPS tally in JSON: {e}")))?;
            Ok(Self { tally: checked(t)? })
        };
        run().py_err(py)
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let t = slf.borrow().tally;
        let args = PyTuple::new(slf.py(), [t.promoters, t.passives, t.detractors])?;
        Ok((slf.get_type(), args))
    }

    fn __repr__(&self) -> String {
        let t = self.tally;
        format!(
            "NpsTally(promoters={}, passives={}, detractors={})",
            t.promoters, t.passives, t.detractors
        )
    }
}

fn other_tally(other: &Bound<'_, PyAny>) -> Option<survey::NpsTally> {
    other.cast::<NpsTally>().ok().map(|t| t.borrow().tally)
}
