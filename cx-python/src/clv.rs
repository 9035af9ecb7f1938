//! Customer lifetime value: `cx.BgNbd`, `cx.MbgNbd`, `cx.ParetoNbd`, `cx.BgBb`,
//! `cx.GammaGamma` and the native side of `cx.rfm_summary`. Every number comes from
//! `cx_core::clv`; arrays in, numpy arrays out (pandas Series keep their index).

use std::collections::BTreeMap;

use cx_core::CxError;
use cx_core::clv::{
    self, BgBb as CoreBgBb, BgBbData, BgBbParams, BgNbd as CoreBgNbd, BgNbdParams, FitConfig,
    GammaGamma as CoreGg, GammaGammaParams, MbgNbd as CoreMbgNbd, MbgNbdParams,
    ParetoNbd as CorePnbd, ParetoNbdParams, PurchaseModel, RepeatData, RfmOptions, SpendData,
    TimeUnit,
};
use cx_core::clv::{FittedLikelihood, GgNbd as CoreGgNbd, GgNbdParams};
use cx_core::portable::{self, Portable};
use numpy::{PyArray1, PyArrayMethods};
use pyo3::prelude::*;
use serde::de::DeserializeOwned;

use crate::errors::{CxResult, IntoPyResult, detached};
use crate::input::{column, float_arg, optional_column, str_arg, uint_arg};
use crate::journey::{Labels, to_object};

pub(crate) fn col(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<Vec<f64>> {
    Ok(column(obj, field)?.as_f64()?.into_owned())
}

pub(crate) fn opt_col(obj: Option<&Bound<'_, PyAny>>, field: &str) -> CxResult<Option<Vec<f64>>> {
    optional_column(obj, field)?
        .map(|c| c.as_f64().map(std::borrow::Cow::into_owned))
        .transpose()
}

/// A result column as a numpy array, or a pandas Series with the index of `like` when
/// `like` is a Series.
pub(crate) fn output<'py>(
    py: Python<'py>,
    values: Vec<f64>,
    like: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    shaped_like(py, PyArray1::from_vec(py, values).into_any(), like)
}

/// A float64 result column of `n` values written by `fill` (without the GIL) straight into
/// an array numpy allocates, shaped as [`output`]. numpy asks the kernel for huge pages, so
/// a fresh 10M-value column faults in about five times faster than a plain `Vec` (8 ms
/// against 45 ms on the bench machine): bulk scoring writes here.
pub(crate) fn output_into<'py>(
    py: Python<'py>,
    n: usize,
    like: &Bound<'py, PyAny>,
    fill: impl FnOnce(&mut [f64]) -> CxResult<()> + Send,
) -> PyResult<Bound<'py, PyAny>> {
    let arr = PyArray1::<f64>::zeros(py, n, false);
    {
        let mut rw = arr.readwrite();
        let out = rw
            .as_slice_mut()
            .map_err(|e| CxError::Internal(format!("fresh array not contiguous: {e}")))
            .py_err(py)?;
        detached(py, || fill(out)).py_err(py)?;
    }
    shaped_like(py, arr.into_any(), like)
}

/// `arr`, or a pandas Series of it with the index of `like` when `like` is a Series.
fn shaped_like<'py>(
    py: Python<'py>,
    arr: Bound<'py, PyAny>,
    like: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let is_series = like.get_type().name().is_ok_and(|n| n == "Series")
        && like.hasattr("index").unwrap_or(false);
    if is_series {
        let pd = py.import("pandas")?;
        let kwargs = pyo3::types::PyDict::new(py);
        kwargs.set_item("index", like.getattr("index")?)?;
        return pd.getattr("Series")?.call((arr,), Some(&kwargs));
    }
    Ok(arr)
}

pub(crate) fn not_fitted(what: &str) -> CxError {
    CxError::invalid(
        "model",
        format!("{what} is not fitted yet: call fit() first"),
    )
}

pub(crate) fn config<P>(
    tolerance: Option<&Bound<'_, PyAny>>,
    max_iterations: Option<&Bound<'_, PyAny>>,
    allow_unconverged: bool,
    base: FitConfig<P>,
) -> CxResult<FitConfig<P>> {
    let mut c = base.allow_unconverged(allow_unconverged);
    if let Some(t) = tolerance {
        c = c.tolerance(float_arg(t, "tolerance")?);
    }
    if let Some(m) = max_iterations {
        c = c.max_iterations(uint_arg(m, "max_iterations", 1 << 32)?);
    }
    Ok(c)
}

/// Parameters from a dict such as `{"r": 0.24, "alpha": 4.4, "a": 0.79, "b": 2.4}`.
pub(crate) fn params_from<P: DeserializeOwned>(obj: &Bound<'_, PyAny>, names: &str) -> CxResult<P> {
    let map: BTreeMap<String, f64> = obj.extract().map_err(|_| {
        CxError::invalid(
            "params",
            format!("expected a dict of numbers with keys {names}"),
        )
    })?;
    serde_json::to_value(&map)
        .and_then(serde_json::from_value)
        .map_err(|e| CxError::invalid("params", format!("expected keys {names}: {e}")))
}

/// The model's portable document (`cx_core::portable`: `format_version`, `model`, fields).
pub(crate) fn json_of<T: Portable>(m: &T) -> CxResult<String> {
    portable::to_document(m)
}

/// A model from its document text; errors about the text name the argument `text`.
pub(crate) fn from_json<T: Portable>(text: &str) -> CxResult<T> {
    portable::from_document(text).map_err(|e| match e {
        CxError::InvalidInput {
            field,
            index,
            value,
            reason,
        } if field == "json" => CxError::InvalidInput {
            field: "text".into(),
            index,
            value,
            reason,
        },
        other => other,
    })
}

/// A horizon or opportunity count: a number gives a float, a column an array.
pub(crate) fn per_horizon<'py>(
    py: Python<'py>,
    t: &Bound<'py, PyAny>,
    f: impl Fn(f64) -> CxResult<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    if t.hasattr("__len__").unwrap_or(false) {
        let ts = col(t, "t").py_err(py)?;
        let v = ts
            .iter()
            .map(|&x| f(x))
            .collect::<CxResult<Vec<_>>>()
            .py_err(py)?;
        return output(py, v, t);
    }
    let x = float_arg(t, "t").py_err(py)?;
    Ok(f(x).py_err(py)?.into_pyobject(py)?.into_any())
}

/// `(cls.from_json, (json,))` for a fitted model, `(cls, ())` for an unfitted one.
pub(crate) fn reduce<T: Portable>(
    slf: &Bound<'_, PyAny>,
    model: Option<&T>,
) -> PyResult<Py<PyAny>> {
    let py = slf.py();
    let cls = slf.get_type();
    Ok(match model {
        Some(m) => (cls.getattr("from_json")?, (json_of(m).py_err(py)?,))
            .into_pyobject(py)?
            .into_any()
            .unbind(),
        None => (cls, ()).into_pyobject(py)?.into_any().unbind(),
    })
}

macro_rules! purchase_model {
    ($(#[$doc:meta])* $ty:ident, $name:literal, $core:ty, $params:ty, $keys:literal $(, { $($extra:tt)* })?) => {
        $(#[$doc])*
        #[pyclass(module = "cx", name = $name)]
        pub struct $ty {
            config: FitConfig<$params>,
            model: Option<$core>,
            fitted_on: Option<crate::uncertainty::FittedOn>,
        }

        impl $ty {
            fn fitted(&self) -> CxResult<&$core> {
                self.model.as_ref().ok_or_else(|| not_fitted($name))
            }
        }

        #[pymethods]
        impl $ty {
            /// With `purchase_covariates`, `dropout_covariates`, `constrain` or `l2`, returns a
            /// `cx.CovariateModel` of this model (time-invariant covariates) instead.
            #[new]
            #[allow(clippy::new_ret_no_self, clippy::too_many_arguments)] // a covariate model is another class
            #[pyo3(signature = (tolerance=None, max_iterations=None, allow_unconverged=false, purchase_covariates=None, dropout_covariates=None, constrain=None, l2=None))]
            fn new<'py>(
                py: Python<'py>,
                tolerance: Option<&Bound<'py, PyAny>>,
                max_iterations: Option<&Bound<'py, PyAny>>,
                allow_unconverged: bool,
                purchase_covariates: Option<&Bound<'py, PyAny>>,
                dropout_covariates: Option<&Bound<'py, PyAny>>,
                constrain: Option<&Bound<'py, PyAny>>,
                l2: Option<&Bound<'py, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                if purchase_covariates.is_some() || dropout_covariates.is_some() || constrain.is_some() || l2.is_some() {
                    return Ok(py
                        .import("cx._uncertainty")?
                        .getattr("CovariateModel")?
                        .call1(($name, tolerance, max_iterations, purchase_covariates, dropout_covariates, constrain, l2))?
                        .unbind());
                }
                Ok(Py::new(py, Self {
                    config: config(tolerance, max_iterations, allow_unconverged, <$core>::params()).py_err(py)?,
                    model: None,
                    fitted_on: None,
                })?.into_any())
            }

            /// Bootstrap prediction intervals (a `DataFrame`, one row per scored customer): the
            /// customers of `fit` are resampled `n` times with `seed`, the model refitted, and
            /// P(alive), expected purchases over `t` and (with `monetary_value`) CLV predicted
            /// for `frequency, recency, T` (default: the fitted customers). `progress=True`
            /// shows a tqdm bar (a plain callback `(done, total)` is accepted too).
            #[pyo3(signature = (n=None, seed=None, progress=None, level=None, t=None, frequency=None, recency=None, T=None, monetary_value=None, months=None, discount_rate=None, unit=None))]
            #[allow(non_snake_case, clippy::too_many_arguments)]
            fn bootstrap<'py>(
                &self,
                py: Python<'py>,
                n: Option<&Bound<'py, PyAny>>,
                seed: Option<&Bound<'py, PyAny>>,
                progress: Option<&Bound<'py, PyAny>>,
                level: Option<&Bound<'py, PyAny>>,
                t: Option<&Bound<'py, PyAny>>,
                frequency: Option<&Bound<'py, PyAny>>,
                recency: Option<&Bound<'py, PyAny>>,
                T: Option<&Bound<'py, PyAny>>,
                monetary_value: Option<&Bound<'py, PyAny>>,
                months: Option<&Bound<'py, PyAny>>,
                discount_rate: Option<&Bound<'py, PyAny>>,
                unit: Option<&Bound<'py, PyAny>>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let m = self.fitted().py_err(py)?;
                let n200 = 200_u32.into_pyobject(py)?.into_any();
                let zero = 0_u32.into_pyobject(py)?.into_any();
                crate::uncertainty::plain_bootstrap(
                    py, m, self.fitted_on.as_ref(), n.unwrap_or(&n200), seed.unwrap_or(&zero),
                    progress, level, t, frequency, recency, T, monetary_value, months,
                    discount_rate, unit,
                )
            }

            /// A model with known parameters (a dict), e.g. published estimates.
            #[staticmethod]
            fn from_params(py: Python<'_>, params: &Bound<'_, PyAny>) -> PyResult<Self> {
                let p: $params = params_from(params, $keys).py_err(py)?;
                Ok(Self {
                    config: <$core>::params(),
                    model: Some(<$core>::from_params(p).py_err(py)?),
                    fitted_on: None,
                })
            }

            /// Fits by maximum likelihood on `frequency` (repeat purchases), `recency` (first
            /// to last purchase) and `T` (first purchase to the end of observation), one time
            /// unit; `weights` counts identical customers. Returns self.
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
                    let m = detached(py, || {
                        let data = RepeatData::new(&f, &r, &t, w.as_deref())?;
                        cfg.fit(&data)
                    })?;
                    Ok((m, crate::uncertainty::FittedOn { frequency: f, recency: r, t, weights: w }))
                };
                let (m, fitted_on) = run().py_err(py)?;
                slf.borrow_mut().model = Some(m);
                slf.borrow_mut().fitted_on = Some(fitted_on);
                Ok(slf)
            }

            /// The fitted parameters as a dict.
            #[getter]
            fn params(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                to_object(py, &self.fitted().py_err(py)?.params)
            }
            /// Standard errors of the parameters (a dict), or `None` when the Hessian is
            /// singular or the model came from `from_params`.
            #[getter]
            fn standard_errors(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                to_object(py, &self.fitted().py_err(py)?.standard_errors)
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
            /// Number of free parameters (for AIC, BIC and `cx.lr_test`).
            #[getter]
            fn n_params(&self, py: Python<'_>) -> PyResult<usize> {
                Ok(self.fitted().py_err(py)?.n_params())
            }
            /// Akaike's information criterion `2k − 2 ln L` (smaller is better).
            #[getter]
            fn aic(&self, py: Python<'_>) -> PyResult<f64> {
                Ok(self.fitted().py_err(py)?.aic())
            }
            /// Schwarz's Bayesian information criterion `k ln n − 2 ln L`, n = customers
            /// fitted on (NaN for a model from `from_params`).
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
                // float64 arrays are read in place (a bulk scoring pass: no copies), and the
                // scores are written into the numpy array returned.
                let (f, r, t) = (column(frequency, "frequency").py_err(py)?, column(recency, "recency").py_err(py)?, column(T, "T").py_err(py)?);
                let (f, r, t) = (f.as_f64().py_err(py)?, r.as_f64().py_err(py)?, t.as_f64().py_err(py)?);
                output_into(py, f.len(), frequency, |out| m.p_alive_into(&f, &r, &t, out))
            }

            /// Expected purchases in the next `t` time units for each customer.
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
                let h = float_arg(t, "t").py_err(py)?;
                let (f, r, tt) = (column(frequency, "frequency").py_err(py)?, column(recency, "recency").py_err(py)?, column(T, "T").py_err(py)?);
                let (f, r, tt) = (f.as_f64().py_err(py)?, r.as_f64().py_err(py)?, tt.as_f64().py_err(py)?);
                output_into(py, f.len(), frequency, |out| m.expected_purchases_into(h, &f, &r, &tt, out))
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

            /// The fitted model as JSON (portable to Node and the browser).
            fn to_json(&self, py: Python<'_>) -> PyResult<String> {
                json_of(self.fitted().py_err(py)?).py_err(py)
            }
            /// Pickle support (Dask, Spark, multiprocessing): the fitted model's JSON.
            fn __reduce__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
                reduce(slf.as_any(), slf.borrow().model.as_ref())
            }
            $($($extra)*)?
            /// A model from `to_json` text.
            #[staticmethod]
            fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
                Ok(Self {
                    config: <$core>::params(),
                    model: Some(from_json(text).py_err(py)?),
                    fitted_on: None,
                })
            }
            /// Everything fitted, as a dict.
            fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                to_object(py, self.fitted().py_err(py)?)
            }
            fn __repr__(&self) -> String {
                match &self.model {
                    Some(m) => format!(
                        "{}({}, log_likelihood={:.4})",
                        $name,
                        serde_json::to_value(&m.params)
                            .ok()
                            .and_then(|v| v.as_object().map(|o| o
                                .iter()
                                .map(|(k, v)| format!("{k}={:.6}", v.as_f64().unwrap_or(f64::NAN)))
                                .collect::<Vec<_>>()
                                .join(", ")))
                            .unwrap_or_default(),
                        m.log_likelihood
                    ),
                    None => format!("{}(not fitted)", $name),
                }
            }
        }
    };
}

/// `P(X(t) = n)` for a new customer, `n` a number or a column of counts.
fn probability_of_n<'py>(
    t: &Bound<'py, PyAny>,
    n: &Bound<'py, PyAny>,
    f: impl Fn(f64, u32) -> CxResult<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = t.py();
    let h = float_arg(t, "t").py_err(py)?;
    per_horizon(py, n, |k| {
        if !(k.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&k)) {
            return Err(CxError::invalid("n", "must be a whole number >= 0"));
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        f(h, k as u32)
    })
}

purchase_model!(
    /// BG/NBD purchase model (Fader, Hardie and Lee 2005): params `r, alpha, a, b`.
    BgNbd, "BgNbd", CoreBgNbd, BgNbdParams, "r, alpha, a, b", {
        /// Probability of exactly `n` purchases in an interval of length `t` for a new
        /// customer (FHL 2005 eq. 8); `n` a number or a column of counts.
        fn probability_of_n_purchases<'py>(
            &self,
            py: Python<'py>,
            t: &Bound<'py, PyAny>,
            n: &Bound<'py, PyAny>,
        ) -> PyResult<Bound<'py, PyAny>> {
            let m = self.fitted().py_err(py)?;
            probability_of_n(t, n, |h, k| m.probability_of_n_purchases(h, k))
        }
    }
);
purchase_model!(
    /// MBG/NBD purchase model (Batislam, Denizel and Filiztekin 2007): params `r, alpha, a, b`.
    MbgNbd, "MbgNbd", CoreMbgNbd, MbgNbdParams, "r, alpha, a, b", {
        /// Probability of exactly `n` purchases in an interval of length `t` for a new
        /// customer (FHL 2005 eq. 8); `n` a number or a column of counts.
        fn probability_of_n_purchases<'py>(
            &self,
            py: Python<'py>,
            t: &Bound<'py, PyAny>,
            n: &Bound<'py, PyAny>,
        ) -> PyResult<Bound<'py, PyAny>> {
            let m = self.fitted().py_err(py)?;
            probability_of_n(t, n, |h, k| m.probability_of_n_purchases(h, k))
        }
    }
);
purchase_model!(
    /// Pareto/NBD purchase model (Schmittlein, Morrison and Colombo 1987): params
    /// `r, alpha, s, beta`.
    ParetoNbd, "ParetoNbd", CorePnbd, ParetoNbdParams, "r, alpha, s, beta"
);
purchase_model!(
    /// Gamma-Gompertz/NBD purchase model (Bemmaor and Glady 2012): params
    /// `r, alpha, b, s, beta`.
    GgNbd, "GgNbd", CoreGgNbd, GgNbdParams, "r, alpha, b, s, beta", {
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
                let p: GgNbdParams = params_from(params, "r, alpha, b, s, beta")?;
                p.check()?;
                let (f, r, t) = (col(frequency, "frequency")?, col(recency, "recency")?, col(T, "T")?);
                let w = opt_col(weights, "weights")?;
                detached(py, || {
                    let data = RepeatData::new(&f, &r, &t, w.as_deref())?;
                    Ok(CoreGgNbd::log_likelihood_of(&p, &data))
                })
            };
            run().py_err(py)
        }
    }
);

fn opportunities(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<u32> {
    uint_arg(obj, field, u64::from(u32::MAX)).map(|v| u32::try_from(v).unwrap_or(u32::MAX))
}

/// A fitted model's Python class that is not a `purchase_model!`: the struct, its
/// constructor and `from_params`, the fitted attributes (`params`, `standard_errors`,
/// `log_likelihood`, `converged`, `iterations`, `n_params`, `aic`, `bic`), the portable JSON
/// (`to_json`, `from_json`, pickling), `to_dict` and `__repr__`; `{ ... }` adds the model's
/// own methods (`fit` and the predictions) to the same `#[pymethods]` block.
macro_rules! fitted_class {
    ($(#[$doc:meta])* $ty:ident, $name:literal, $core:ty, $params:ty, $keys:literal, { $($extra:tt)* }) => {
        $(#[$doc])*
        #[pyclass(module = "cx", name = $name)]
        pub struct $ty {
            config: FitConfig<$params>,
            pub(crate) model: Option<$core>,
        }

        impl $ty {
            fn fitted(&self) -> CxResult<&$core> {
                self.model.as_ref().ok_or_else(|| crate::clv::not_fitted($name))
            }
        }

        #[pymethods]
        impl $ty {
            #[new]
            #[pyo3(signature = (tolerance=None, max_iterations=None, allow_unconverged=false))]
            fn new(
                py: Python<'_>,
                tolerance: Option<&Bound<'_, PyAny>>,
                max_iterations: Option<&Bound<'_, PyAny>>,
                allow_unconverged: bool,
            ) -> PyResult<Self> {
                let base = <$core>::params();
                Ok(Self {
                    config: crate::clv::config(tolerance, max_iterations, allow_unconverged, base)
                        .py_err(py)?,
                    model: None,
                })
            }
            #[doc = concat!("A model with known parameters (a dict with `", $keys, "`).")]
            #[staticmethod]
            fn from_params(py: Python<'_>, params: &Bound<'_, PyAny>) -> PyResult<Self> {
                let p: $params = crate::clv::params_from(params, $keys).py_err(py)?;
                Ok(Self {
                    config: <$core>::params(),
                    model: Some(<$core>::from_params(p).py_err(py)?),
                })
            }
            /// The fitted parameters as a dict.
            #[getter]
            fn params(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                to_object(py, &self.fitted().py_err(py)?.params)
            }
            /// Standard errors of the parameters (a dict), or `None` when the observed
            /// information is not positive definite or the model came from `from_params`.
            #[getter]
            fn standard_errors(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                to_object(py, &self.fitted().py_err(py)?.standard_errors)
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
            /// Number of free parameters (for AIC, BIC and `cx.lr_test`).
            #[getter]
            fn n_params(&self, py: Python<'_>) -> PyResult<usize> {
                Ok(cx_core::clv::FittedLikelihood::n_params(self.fitted().py_err(py)?))
            }
            /// Akaike's information criterion `2k − 2 ln L` (smaller is better).
            #[getter]
            fn aic(&self, py: Python<'_>) -> PyResult<f64> {
                Ok(cx_core::clv::FittedLikelihood::aic(self.fitted().py_err(py)?))
            }
            /// Schwarz's Bayesian information criterion `k ln n − 2 ln L` (NaN from
            /// `from_params`).
            #[getter]
            fn bic(&self, py: Python<'_>) -> PyResult<f64> {
                Ok(cx_core::clv::FittedLikelihood::bic(self.fitted().py_err(py)?))
            }
            /// The fitted model as JSON (portable to Node and the browser).
            fn to_json(&self, py: Python<'_>) -> PyResult<String> {
                crate::clv::json_of(self.fitted().py_err(py)?).py_err(py)
            }
            /// Pickle support (Dask, Spark, multiprocessing): the fitted model's JSON.
            fn __reduce__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
                crate::clv::reduce(slf.as_any(), slf.borrow().model.as_ref())
            }
            /// A model from `to_json` text.
            #[staticmethod]
            fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
                Ok(Self {
                    config: <$core>::params(),
                    model: Some(crate::clv::from_json(text).py_err(py)?),
                })
            }
            /// Everything fitted, as a dict.
            fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                to_object(py, self.fitted().py_err(py)?)
            }
            fn __repr__(&self) -> String {
                let Some(m) = &self.model else {
                    return format!("{}(not fitted)", $name);
                };
                let v = serde_json::to_value(&m.params).unwrap_or_default();
                let fields: Vec<String> = $keys
                    .split(", ")
                    .map(|k| format!("{k}={:.6}", v[k].as_f64().unwrap_or(f64::NAN)))
                    .collect();
                format!("{}({}, log_likelihood={:.4})", $name, fields.join(", "), m.log_likelihood)
            }
            $($extra)*
        }
    };
}
pub(crate) use fitted_class;

fitted_class!(
    /// BG/BB model for discrete purchase opportunities (Fader, Hardie and Shang 2010): params
    /// `alpha, beta, gamma, delta`.
    BgBb, "BgBb", CoreBgBb, BgBbParams, "alpha, beta, gamma, delta", {
        /// Fits on `frequency` (transactions), `recency` (opportunity of the last one) and
        /// `n_periods` (opportunities), with optional `weights`. Returns self.
        #[pyo3(signature = (frequency, recency, n_periods, weights=None))]
        fn fit<'py>(
            slf: Bound<'py, Self>,
            frequency: &Bound<'py, PyAny>,
            recency: &Bound<'py, PyAny>,
            n_periods: &Bound<'py, PyAny>,
            weights: Option<&Bound<'py, PyAny>>,
        ) -> PyResult<Bound<'py, Self>> {
            let py = slf.py();
            let run = || -> CxResult<_> {
                let (f, r, n) = (
                    col(frequency, "frequency")?,
                    col(recency, "recency")?,
                    col(n_periods, "n_periods")?,
                );
                let w = opt_col(weights, "weights")?;
                let cfg = slf.borrow().config.clone();
                detached(py, || {
                    let data = BgBbData::new(&f, &r, &n, w.as_deref())?;
                    cfg.fit(&data)
                })
            };
            let m = run().py_err(py)?;
            slf.borrow_mut().model = Some(m);
            Ok(slf)
        }
        /// P(alive) after the observed opportunities, per customer.
        fn p_alive<'py>(
            &self,
            py: Python<'py>,
            frequency: &Bound<'py, PyAny>,
            recency: &Bound<'py, PyAny>,
            n_periods: &Bound<'py, PyAny>,
        ) -> PyResult<Bound<'py, PyAny>> {
            let m = self.fitted().py_err(py)?;
            let run = || -> CxResult<_> {
                let (f, r, n) = (
                    col(frequency, "frequency")?,
                    col(recency, "recency")?,
                    col(n_periods, "n_periods")?,
                );
                detached(py, || m.p_alive_many(&f, &r, &n))
            };
            output(py, run().py_err(py)?, frequency)
        }
        /// Expected transactions in the next `n_star` opportunities, per customer.
        fn expected_purchases<'py>(
            &self,
            py: Python<'py>,
            n_star: &Bound<'py, PyAny>,
            frequency: &Bound<'py, PyAny>,
            recency: &Bound<'py, PyAny>,
            n_periods: &Bound<'py, PyAny>,
        ) -> PyResult<Bound<'py, PyAny>> {
            let m = self.fitted().py_err(py)?;
            let run = || -> CxResult<_> {
                let k = opportunities(n_star, "n_star")?;
                let (f, r, n) = (
                    col(frequency, "frequency")?,
                    col(recency, "recency")?,
                    col(n_periods, "n_periods")?,
                );
                detached(py, || m.expected_purchases_many(k, &f, &r, &n))
            };
            output(py, run().py_err(py)?, frequency)
        }
        /// Expected transactions of a new customer in the first `n` opportunities.
        fn expected_purchases_new(&self, py: Python<'_>, n: &Bound<'_, PyAny>) -> PyResult<f64> {
            let m = self.fitted().py_err(py)?;
            let n = opportunities(n, "n").py_err(py)?;
            Ok(m.expected_purchases_new(n))
        }
    }
);

/// Gamma-Gamma spend model (Fader, Hardie and Lee 2005 note): params `p, q, v`; fitted on
/// repeat customers' `(frequency, monetary_value)`.
#[pyclass(module = "cx", name = "GammaGamma")]
pub struct GammaGamma {
    config: FitConfig<GammaGammaParams>,
    model: Option<CoreGg>,
}

impl GammaGamma {
    fn fitted(&self) -> CxResult<&CoreGg> {
        self.model.as_ref().ok_or_else(|| not_fitted("GammaGamma"))
    }
}

/// The core purchase model inside a `cx` model object.
pub(crate) fn with_purchase_model<T>(
    obj: &Bound<'_, PyAny>,
    f: impl FnOnce(&(dyn PurchaseModel + Sync)) -> CxResult<T>,
) -> CxResult<T> {
    let unfitted = || not_fitted("the purchase model");
    if let Ok(m) = obj.cast::<BgNbd>() {
        return f(m.borrow().model.as_ref().ok_or_else(unfitted)?);
    }
    if let Ok(m) = obj.cast::<MbgNbd>() {
        return f(m.borrow().model.as_ref().ok_or_else(unfitted)?);
    }
    if let Ok(m) = obj.cast::<ParetoNbd>() {
        return f(m.borrow().model.as_ref().ok_or_else(unfitted)?);
    }
    if let Ok(m) = obj.cast::<GgNbd>() {
        return f(m.borrow().model.as_ref().ok_or_else(unfitted)?);
    }
    if let Ok(m) = obj.cast::<crate::clv_beyond::ParetoNbdCor>() {
        return f(m.borrow().model.as_ref().ok_or_else(unfitted)?);
    }
    Err(CxError::InvalidInput {
        field: "model".into(),
        index: None,
        value: None,
        reason: format!(
            "{}expected a fitted cx.BgNbd, cx.MbgNbd, cx.ParetoNbd, cx.GgNbd or cx.ParetoNbdCor",
            crate::errors::WRONG_TYPE
        ),
    })
}

/// The core spend model inside a fitted `cx.GammaGamma` (`field` names the argument).
pub(crate) fn spend_model(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<CoreGg> {
    let m = obj
        .cast::<GammaGamma>()
        .map_err(|_| crate::journey::wrong_type(field, None, "expected a fitted cx.GammaGamma"))?;
    let m = m.borrow();
    m.fitted().cloned()
}

#[pymethods]
impl GammaGamma {
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
                CoreGg::params(),
            )
            .py_err(py)?,
            model: None,
        })
    }
    /// A model with known parameters (a dict with `p, q, v`).
    #[staticmethod]
    fn from_params(py: Python<'_>, params: &Bound<'_, PyAny>) -> PyResult<Self> {
        let p: GammaGammaParams = params_from(params, "p, q, v").py_err(py)?;
        Ok(Self {
            config: CoreGg::params(),
            model: Some(CoreGg::from_params(p).py_err(py)?),
        })
    }
    /// Fits on repeat customers' `frequency` (>= 1) and `monetary_value` (mean spend of the
    /// repeat purchases), with optional `weights`. Returns self.
    #[pyo3(signature = (frequency, monetary_value, weights=None))]
    fn fit<'py>(
        slf: Bound<'py, Self>,
        frequency: &Bound<'py, PyAny>,
        monetary_value: &Bound<'py, PyAny>,
        weights: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, Self>> {
        let py = slf.py();
        let run = || -> CxResult<_> {
            let (f, m) = (
                col(frequency, "frequency")?,
                col(monetary_value, "monetary_value")?,
            );
            let w = opt_col(weights, "weights")?;
            let cfg = slf.borrow().config.clone();
            detached(py, || {
                let data = SpendData::new(&f, &m, w.as_deref())?;
                cfg.fit(&data)
            })
        };
        let m = run().py_err(py)?;
        slf.borrow_mut().model = Some(m);
        Ok(slf)
    }
    #[getter]
    fn params(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_object(py, &self.fitted().py_err(py)?.params)
    }
    #[getter]
    fn standard_errors(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_object(py, &self.fitted().py_err(py)?.standard_errors)
    }
    #[getter]
    fn log_likelihood(&self, py: Python<'_>) -> PyResult<f64> {
        Ok(self.fitted().py_err(py)?.log_likelihood)
    }
    #[getter]
    fn converged(&self, py: Python<'_>) -> PyResult<bool> {
        Ok(self.fitted().py_err(py)?.converged)
    }
    #[getter]
    fn iterations(&self, py: Python<'_>) -> PyResult<u64> {
        Ok(self.fitted().py_err(py)?.iterations)
    }
    /// Number of free parameters (for AIC, BIC and `cx.lr_test`).
    #[getter]
    fn n_params(&self, py: Python<'_>) -> PyResult<usize> {
        Ok(self.fitted().py_err(py)?.n_params())
    }
    /// Akaike's information criterion `2k − 2 ln L` (smaller is better).
    #[getter]
    fn aic(&self, py: Python<'_>) -> PyResult<f64> {
        Ok(self.fitted().py_err(py)?.aic())
    }
    /// Schwarz's Bayesian information criterion `k ln n − 2 ln L` (NaN from `from_params`).
    #[getter]
    fn bic(&self, py: Python<'_>) -> PyResult<f64> {
        Ok(self.fitted().py_err(py)?.bic())
    }
    /// Expected mean spend per transaction of each customer.
    fn expected_spend<'py>(
        &self,
        py: Python<'py>,
        frequency: &Bound<'py, PyAny>,
        monetary_value: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let m = self.fitted().py_err(py)?;
        let run = || -> CxResult<_> {
            let (f, v) = (
                col(frequency, "frequency")?,
                col(monetary_value, "monetary_value")?,
            );
            detached(py, || m.expected_spend_many(&f, &v))
        };
        output(py, run().py_err(py)?, frequency)
    }
    /// Discounted CLV over `months` months at a monthly `discount_rate`:
    /// `Σ_m spend × (E[X(m·u)] − E[X((m−1)·u)]) / (1 + d)^m`, with the purchase `model`'s
    /// conditional expectations and `u` model time units per month (`unit` `"D"` 30, `"W"`
    /// 4.345, `"M"` 1).
    #[pyo3(
        signature = (model, frequency, recency, T, monetary_value, months=None, discount_rate=None, unit=None),
        text_signature = "($self, model, frequency, recency, T, monetary_value, months=12, discount_rate=0.01, unit='W')"
    )]
    #[allow(non_snake_case, clippy::too_many_arguments)]
    fn clv<'py>(
        &self,
        py: Python<'py>,
        model: &Bound<'py, PyAny>,
        frequency: &Bound<'py, PyAny>,
        recency: &Bound<'py, PyAny>,
        T: &Bound<'py, PyAny>,
        monetary_value: &Bound<'py, PyAny>,
        months: Option<&Bound<'py, PyAny>>,
        discount_rate: Option<&Bound<'py, PyAny>>,
        unit: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let gg = self.fitted().py_err(py)?;
        let run = || -> CxResult<_> {
            let (f, r, t, v) = (
                col(frequency, "frequency")?,
                col(recency, "recency")?,
                col(T, "T")?,
                col(monetary_value, "monetary_value")?,
            );
            let months = months.map_or(Ok(12), |m| opportunities(m, "months"))?;
            let d = discount_rate.map_or(Ok(0.01), |d| float_arg(d, "discount_rate"))?;
            let u: TimeUnit = match unit {
                Some(u) => str_arg(u, "unit")?.parse()?,
                None => TimeUnit::Week,
            };
            with_purchase_model(model, |pm| {
                detached(py, || gg.clv(pm, &f, &r, &t, &v, months, d, u))
            })
        };
        output(py, run().py_err(py)?, frequency)
    }
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        json_of(self.fitted().py_err(py)?).py_err(py)
    }
    fn __reduce__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        reduce(slf.as_any(), slf.borrow().model.as_ref())
    }
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        Ok(Self {
            config: CoreGg::params(),
            model: Some(from_json(text).py_err(py)?),
        })
    }
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_object(py, self.fitted().py_err(py)?)
    }
    fn __repr__(&self) -> String {
        match &self.model {
            Some(m) => format!(
                "GammaGamma(p={:.6}, q={:.6}, v={:.6}, log_likelihood={:.4})",
                m.params.p, m.params.q, m.params.v, m.log_likelihood
            ),
            None => "GammaGamma(not fitted)".into(),
        }
    }
}

/// Backs `cx.rfm_summary`: the core's summary as a dict of columns.
#[pyfunction]
#[pyo3(name = "_rfm_summary", signature = (customers, times, amounts, unit, observation_end, holdout_start, fractional))]
#[allow(clippy::too_many_arguments)]
pub fn rfm_summary(
    py: Python<'_>,
    customers: &Bound<'_, PyAny>,
    times: &Bound<'_, PyAny>,
    amounts: Option<&Bound<'_, PyAny>>,
    unit: &Bound<'_, PyAny>,
    observation_end: &Bound<'_, PyAny>,
    holdout_start: &Bound<'_, PyAny>,
    fractional: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let c = Labels::read(customers, "customers")?;
        let t = crate::retention::timestamps(times, "timestamps")?;
        let a = opt_col(amounts, "amounts")?;
        let end = crate::retention::timestamps(observation_end, "observation_end")?;
        let hold = crate::retention::timestamps(holdout_start, "holdout_start")?;
        let options = RfmOptions {
            unit: str_arg(unit, "unit")?.parse()?,
            fractional: crate::input::bool_arg(fractional, "fractional")?,
            observation_end: end.first().copied(),
            holdout_start: hold.first().copied(),
        };
        detached(py, || {
            clv::rfm_summary_columns(&c.strs(), &t, a.as_deref(), &options)
        })
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

/// Backs `cx.rfm_summary`'s fast path for integer customer ids: `customers` and `times`
/// (UTC ticks since 1970, `ticks_per_day` to a day: numpy datetime64 in its own unit) are
/// contiguous `int64` arrays read in place; the columns come back as
/// numpy arrays (ids sorted).
#[pyfunction]
#[pyo3(name = "_rfm_summary_ids", signature = (customers, times, ticks_per_day, amounts, unit, observation_end, holdout_start, fractional))]
// PyO3 extracts the borrowed arrays by value.
#[allow(clippy::too_many_arguments, clippy::needless_pass_by_value)]
pub fn rfm_summary_ids<'py>(
    py: Python<'py>,
    customers: numpy::PyReadonlyArray1<'py, i64>,
    times: numpy::PyReadonlyArray1<'py, i64>,
    ticks_per_day: i64,
    amounts: Option<&Bound<'py, PyAny>>,
    unit: &Bound<'py, PyAny>,
    observation_end: &Bound<'py, PyAny>,
    holdout_start: &Bound<'py, PyAny>,
    fractional: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
    let run = || -> CxResult<_> {
        let c = customers
            .as_slice()
            .map_err(|_| CxError::invalid("customers", "expected a contiguous int64 array"))?;
        let t = times
            .as_slice()
            .map_err(|_| CxError::invalid("timestamps", "expected a contiguous int64 array"))?;
        let a = optional_column(amounts, "amounts")?;
        let a = a.as_ref().map(crate::input::Column::as_f64).transpose()?;
        let end = crate::retention::timestamps(observation_end, "observation_end")?;
        let hold = crate::retention::timestamps(holdout_start, "holdout_start")?;
        let options = RfmOptions {
            unit: str_arg(unit, "unit")?.parse()?,
            fractional: crate::input::bool_arg(fractional, "fractional")?,
            observation_end: end.first().copied(),
            holdout_start: hold.first().copied(),
        };
        detached(py, || {
            clv::rfm_summary_ticks(c, t, ticks_per_day, a.as_deref(), &options)
        })
    };
    let r = run().py_err(py)?;
    let d = pyo3::types::PyDict::new(py);
    let n = r.customer.len();
    d.set_item("customer", PyArray1::from_vec(py, r.customer))?;
    d.set_item("frequency", PyArray1::from_vec(py, r.frequency))?;
    d.set_item("recency", PyArray1::from_vec(py, r.recency))?;
    d.set_item("T", PyArray1::from_vec(py, r.t))?;
    d.set_item("monetary_value", PyArray1::from_vec(py, r.monetary_value))?;
    d.set_item(
        "frequency_holdout",
        r.frequency_holdout.map(|v| PyArray1::from_vec(py, v)),
    )?;
    d.set_item(
        "monetary_value_holdout",
        r.monetary_value_holdout.map(|v| PyArray1::from_vec(py, v)),
    )?;
    d.set_item(
        "duration_holdout",
        r.duration_holdout
            .map(|h| PyArray1::from_vec(py, vec![h; n])),
    )?;
    Ok(d)
}

/// Backs `cx.rfm_scores`: R, F, M quintile scores (1–5) and named segments.
#[pyfunction]
#[pyo3(name = "_rfm_scores", signature = (frequency, recency, T, monetary_value))]
#[allow(non_snake_case)]
pub fn rfm_scores(
    py: Python<'_>,
    frequency: &Bound<'_, PyAny>,
    recency: &Bound<'_, PyAny>,
    T: &Bound<'_, PyAny>,
    monetary_value: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let (f, r, t, m) = (
            col(frequency, "frequency")?,
            col(recency, "recency")?,
            col(T, "T")?,
            col(monetary_value, "monetary_value")?,
        );
        detached(py, || clv::rfm_scores(&f, &r, &t, &m))
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

/// Backs `cx.compress`: unique `(frequency, recency, T)` triples with weights and the
/// inverse index, as numpy arrays.
#[pyfunction]
#[pyo3(name = "_compress", signature = (frequency, recency, T))]
#[allow(non_snake_case)]
pub fn compress<'py>(
    py: Python<'py>,
    frequency: &Bound<'py, PyAny>,
    recency: &Bound<'py, PyAny>,
    T: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
    let run = || -> CxResult<_> {
        let (f, r, t) = (
            col(frequency, "frequency")?,
            col(recency, "recency")?,
            col(T, "T")?,
        );
        detached(py, || clv::compress(&f, &r, &t))
    };
    let c = run().py_err(py)?;
    let d = pyo3::types::PyDict::new(py);
    d.set_item("frequency", PyArray1::from_vec(py, c.frequency))?;
    d.set_item("recency", PyArray1::from_vec(py, c.recency))?;
    d.set_item("T", PyArray1::from_vec(py, c.t))?;
    d.set_item("weights", PyArray1::from_vec(py, c.weights))?;
    // Row indexes fit in i64 (a slice has at most isize::MAX elements).
    let inverse: Vec<i64> = c
        .inverse
        .into_iter()
        .map(|i| i64::try_from(i).unwrap_or(i64::MAX))
        .collect();
    d.set_item("inverse", PyArray1::from_vec(py, inverse))?;
    Ok(d)
}

/// Backs `cx.holdout_comparison`: mean actual vs predicted holdout purchases by calibration
/// frequency (Fader, Hardie and Lee 2005, Figure 4).
#[pyfunction]
#[pyo3(
    name = "_holdout_comparison",
    signature = (model, frequency, recency, T, frequency_holdout, duration_holdout, max_frequency)
)]
#[allow(non_snake_case, clippy::too_many_arguments)]
pub fn holdout_comparison(
    py: Python<'_>,
    model: &Bound<'_, PyAny>,
    frequency: &Bound<'_, PyAny>,
    recency: &Bound<'_, PyAny>,
    T: &Bound<'_, PyAny>,
    frequency_holdout: &Bound<'_, PyAny>,
    duration_holdout: &Bound<'_, PyAny>,
    max_frequency: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let (f, r, t, h) = (
            col(frequency, "frequency")?,
            col(recency, "recency")?,
            col(T, "T")?,
            col(frequency_holdout, "frequency_holdout")?,
        );
        let d = float_arg(duration_holdout, "duration_holdout")?;
        let k = opportunities(max_frequency, "max_frequency")?;
        // The core reads the four columns together; the summary it is given must align.
        for (name, len) in [
            ("recency", r.len()),
            ("T", t.len()),
            ("frequency_holdout", h.len()),
        ] {
            if len != f.len() {
                return Err(CxError::LengthMismatch {
                    left: "frequency".into(),
                    left_len: f.len(),
                    right: name.into(),
                    right_len: len,
                });
            }
        }
        let summary = clv::RfmSummary {
            customer: vec![String::new(); f.len()],
            monetary_value: vec![0.0; f.len()],
            frequency: f,
            recency: r,
            t,
            frequency_holdout: Some(h),
            monetary_value_holdout: None,
            duration_holdout: Some(d),
            unit: TimeUnit::Week,
        };
        with_purchase_model(model, |pm| {
            detached(py, || clv::holdout_comparison(pm, &summary, k))
        })
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}
