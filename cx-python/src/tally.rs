//! `cx.NpsTally`: the mergeable NPS counts, picklable and JSON round-trippable.

use cx_core::CxError;
use cx_core::survey::{self, IntervalMethod};
use pyo3::prelude::*;
use std::sync::{Mutex, PoisonError};

use pyo3::types::{PyBool, PyDict, PyTuple, PyType};

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
///
/// The counts sit behind a mutex (taken only to read or write them, never while counting), so
/// a tally can be shared between threads, and `t.merge(t)` or a read during another thread's
/// `add` never fails on a borrow.
#[pyclass(frozen, module = "cx", name = "NpsTally")]
#[derive(Default)]
pub struct NpsTally {
    tally: Mutex<survey::NpsTally>,
}

impl NpsTally {
    fn with(tally: survey::NpsTally) -> Self {
        Self {
            tally: Mutex::new(tally),
        }
    }

    /// A copy of the counts.
    pub fn get(&self) -> survey::NpsTally {
        *self.tally.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Replaces the counts by `f(counts)` unless `f` fails.
    fn update(
        &self,
        f: impl FnOnce(survey::NpsTally) -> CxResult<survey::NpsTally>,
    ) -> CxResult<()> {
        let mut guard = self.tally.lock().unwrap_or_else(PoisonError::into_inner);
        *guard = f(*guard)?;
        Ok(())
    }
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
            Ok(Self::with(checked(t)?))
        };
        run().py_err(py)
    }

    /// Number of promoters (scores 9–10).
    #[getter]
    fn promoters(&self) -> u64 {
        self.get().promoters
    }
    /// Number of passives (scores 7–8).
    #[getter]
    fn passives(&self) -> u64 {
        self.get().passives
    }
    /// Number of detractors (scores 0–6).
    #[getter]
    fn detractors(&self) -> u64 {
        self.get().detractors
    }
    /// Number of responses counted.
    #[getter]
    fn n(&self) -> u64 {
        self.get().n()
    }

    /// Counts 0–10 scores (any column type; `uint8` arrays take the fast path). On a bad
    /// score nothing is added and the error names its index.
    fn add(&self, py: Python<'_>, scores: &Bound<'_, PyAny>) -> PyResult<()> {
        let run = || -> CxResult<()> {
            let s = column(scores, "scores")?;
            let mut t = survey::NpsTally::new();
            if let Some(bytes) = s.as_u8()? {
                detached(py, || t.add_u8(bytes))?;
            } else {
                let s = s.as_f64()?;
                detached(py, || t.add_scores(&s))?;
            }
            self.update(|now| merged(now, t))
        };
        run().py_err(py)
    }

    /// Adds another tally's counts to this one (in place).
    fn merge(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<()> {
        let run = || -> CxResult<()> {
            let o = other_tally(other).ok_or_else(|| CxError::InvalidInput {
                field: "other".into(),
                index: None,
                value: None,
                reason: format!("{WRONG_TYPE}expected an NpsTally"),
            })?;
            self.update(|now| merged(now, o))
        };
        run().py_err(py)
    }

    /// A new tally with the counts of both.
    fn __add__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let Some(o) = other_tally(other) else {
            return Ok(py.NotImplemented());
        };
        let t = merged(self.get(), o).py_err(py)?;
        Ok(Py::new(py, Self::with(t))?.into_any())
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> Py<PyAny> {
        match other_tally(other) {
            Some(o) => PyBool::new(py, self.get() == o)
                .to_owned()
                .into_any()
                .unbind(),
            None => py.NotImplemented(),
        }
    }

    /// NPS of the counted responses with its interval (see `cx.nps`).
    #[pyo3(
        signature = (level=Level(0.95), method=Method(IntervalMethod::Wald)),
        text_signature = "($self, level=0.95, method='wald')"
    )]
    fn result(&self, py: Python<'_>, level: Level, method: Method) -> PyResult<NpsResult> {
        let (tally, options) = (self.get(), nps_options(level, method));
        crate::errors::guard(|| tally.result(options))
            .map(NpsResult)
            .py_err(py)
    }

    /// The counts as a dict: `{"promoters": ..., "passives": ..., "detractors": ...}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("promoters", self.get().promoters)?;
        d.set_item("passives", self.get().passives)?;
        d.set_item("detractors", self.get().detractors)?;
        Ok(d)
    }

    /// The tally's portable document as JSON text (`{"format_version": 1, "model":
    /// "nps_tally", "promoters": ..., "passives": ..., "detractors": ...}`, the same text as
    /// the Rust, Node and WASM tallies; see docs/model-format.md).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        crate::clv::json_of(&self.get()).py_err(py)
    }

    /// A tally from its document (`to_json` text); the plain counts written before
    /// versioning load too. A newer `format_version` or another `model` is refused.
    #[classmethod]
    fn from_json(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let run = || -> CxResult<Self> {
            let text = str_arg(text, "text")?;
            let t: survey::NpsTally = crate::clv::from_json(&text)?;
            Ok(Self::with(checked(t)?))
        };
        run().py_err(py)
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let t = slf.get().get();
        let args = PyTuple::new(slf.py(), [t.promoters, t.passives, t.detractors])?;
        Ok((slf.get_type(), args))
    }

    fn __repr__(&self) -> String {
        let t = self.get();
        format!(
            "NpsTally(promoters={}, passives={}, detractors={})",
            t.promoters, t.passives, t.detractors
        )
    }
}

fn other_tally(other: &Bound<'_, PyAny>) -> Option<survey::NpsTally> {
    other.cast::<NpsTally>().ok().map(|t| t.get().get())
}
