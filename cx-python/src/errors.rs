//! `CxError` → the `cx.CxError` exception tree, and the panic guard around every core call.
//!
//! The exception classes are defined once, in Python (`cx/exceptions.py`), so they carry
//! docstrings, keyword constructors and pickling; Rust looks them up on first use.

use std::panic::{AssertUnwindSafe, catch_unwind};

use cx_core::CxError;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

/// Result of a binding function: the core's error, not yet turned into a Python exception.
pub type CxResult<T> = Result<T, CxError>;

/// The Python exception class for each error code, looked up once.
struct Classes {
    base: Py<PyType>,
    invalid: Py<PyType>,
    invalid_type: Py<PyType>,
    length_mismatch: Py<PyType>,
    empty: Py<PyType>,
    convergence: Py<PyType>,
}

static CLASSES: PyOnceLock<Classes> = PyOnceLock::new();

fn classes(py: Python<'_>) -> PyResult<&Classes> {
    CLASSES.get_or_try_init(py, || {
        let m = py.import("cx.exceptions")?;
        let get = |name: &str| -> PyResult<Py<PyType>> {
            Ok(m.getattr(name)?.cast_into::<PyType>()?.unbind())
        };
        Ok(Classes {
            base: get("CxError")?,
            invalid: get("InvalidInputError")?,
            invalid_type: get("InvalidTypeError")?,
            length_mismatch: get("LengthMismatchError")?,
            empty: get("EmptyInputError")?,
            convergence: get("ConvergenceError")?,
        })
    })
}

/// Marks an [`CxError::InvalidInput`] whose cause is a Python value of the wrong type
/// (a string, `None`, an object), so it maps to `cx.InvalidTypeError`, which is also a
/// `TypeError`.
pub const WRONG_TYPE: &str = "wrong type: ";

/// Converts a core error into the matching `cx` exception with `code`, `field` and `index`.
pub fn to_py(py: Python<'_>, e: &CxError) -> PyErr {
    match build(py, e) {
        Ok(err) => err,
        // The exceptions module is part of the package; failing to import it means a broken
        // install, and a plain ValueError with the same message is the best we can do.
        Err(_) => PyValueError::new_err(format!("[{}] {e}", e.code())),
    }
}

fn build(py: Python<'_>, e: &CxError) -> PyResult<PyErr> {
    let c = classes(py)?;
    let (class, index) = match e {
        CxError::InvalidInput { index, reason, .. } if reason.starts_with(WRONG_TYPE) => {
            (&c.invalid_type, *index)
        }
        CxError::InvalidInput { index, .. } => (&c.invalid, *index),
        CxError::LengthMismatch { .. } => (&c.length_mismatch, None),
        CxError::Empty { .. } => (&c.empty, None),
        CxError::NotConverged { .. } => (&c.convergence, None),
        _ => (&c.base, None),
    };
    let message = e.to_string().replacen(WRONG_TYPE, "", 1);
    let kwargs = PyDict::new(py);
    kwargs.set_item("code", e.code())?;
    kwargs.set_item("field", e.field())?;
    kwargs.set_item("index", index)?;
    let value = class.bind(py).call((message,), Some(&kwargs))?;
    Ok(PyErr::from_value(value))
}

/// Runs `f`, turning a panic into [`CxError::Internal`] so Python never sees a
/// `PanicException` (which derives from `BaseException` and escapes `except Exception`).
pub fn guard<T>(f: impl FnOnce() -> CxResult<T>) -> CxResult<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(ToString::to_string)
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Err(CxError::Internal(what))
    })
}

/// Runs `f` without the GIL (other Python threads keep running) and inside [`guard`].
pub fn detached<T: Send>(py: Python<'_>, f: impl FnOnce() -> CxResult<T> + Send) -> CxResult<T> {
    py.detach(|| guard(f))
}

/// Extension: `?` on a core result inside a `#[pyfunction]`.
pub trait IntoPyResult<T> {
    /// Maps the error to its `cx` exception.
    fn py_err(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPyResult<T> for CxResult<T> {
    fn py_err(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py(py, &e))
    }
}

/// Panics inside [`guard`]; lets the test suite check that a panic surfaces as
/// `cx.CxError` with code `CX_INTERNAL`, never as `PanicException`.
#[pyfunction]
#[pyo3(name = "_panic_for_tests")]
pub fn panic_for_tests(py: Python<'_>) -> PyResult<()> {
    detached(py, || -> CxResult<()> {
        panic!("deliberate panic from cx._cx._panic_for_tests")
    })
    .py_err(py)
}
