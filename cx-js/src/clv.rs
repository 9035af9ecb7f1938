//! Customer lifetime value for JS: `rfmSummary`, `rfmScores`, `holdoutComparison`, and the
//! classes `BgNbd`, `MbgNbd`, `ParetoNbd`, `GgNbd`, `ParetoNbdCor`, `BgBb` and `GammaGamma` (every number from
//! `cx_core::clv`).
//!
//! Per-customer inputs are arrays or typed arrays (or single numbers for one customer);
//! per-customer outputs are `Float64Array`s. Model documents (`toJSON()`) are the portable
//! documents of `cx_core::portable` (`format_version`, `model`, fields), the same text
//! Python's `to_json` writes, so `GammaGamma.clv` knows which purchase model it was given.

use cx_core::CxError;
use cx_core::clv::{
    self, BgBb as CoreBgBb, BgBbData, BgBbParams, BgNbd as CoreBgNbd, BgNbdParams, FitConfig,
    GammaGamma as CoreGg, GammaGammaParams, GgNbd as CoreGgNbd, GgNbdParams, MbgNbd as CoreMbgNbd,
    MbgNbdParams, ParetoNbd as CorePnbd, ParetoNbdParams, PurchaseModel, RepeatData, RfmOptions,
    RfmSummary, SpendData, TimeUnit,
};
use cx_core::clv::{ParetoNbdCor as CoreCor, ParetoNbdCorParams};
use cx_core::portable::{self, Portable};
use serde::de::DeserializeOwned;
use serde_json::Value as Json;

use crate::args::{Options, Result, Table, count, invalid, number, numbers, rename};
use crate::model::{from_document, from_document_json, json_doc, scalar_or_array, to_document};
use crate::val::{Val, to_val};
use crate::{arg, arg_opt};

/// Options every model fit accepts besides the data.
const FIT_OPTIONS: [&str; 4] = ["weights", "tolerance", "maxIterations", "allowUnconverged"];

/// The fit configuration with the `tolerance`, `maxIterations` and `allowUnconverged`
/// options applied.
fn config<P>(o: &Options<'_>, base: FitConfig<P>) -> Result<FitConfig<P>> {
    let mut c = base;
    if let Some(t) = o.number("tolerance")? {
        c = c.tolerance(t);
    }
    if let Some(m) = o.whole("maxIterations")? {
        c = c.max_iterations(m);
    }
    if let Some(a) = o.boolean("allowUnconverged")? {
        c = c.allow_unconverged(a);
    }
    Ok(c)
}

/// Parameters from an object such as `{r: 0.24, alpha: 4.4, a: 0.79, b: 2.4}`; errors name
/// `params.<key>`.
fn params_from<P: DeserializeOwned>(v: &Val, keys: &[&str]) -> Result<P> {
    let expected = keys.join(", ");
    let Val::Obj(pairs) = v else {
        return Err(invalid(
            "params",
            None,
            v,
            &format!("expected an object with {expected}"),
        ));
    };
    if let Some((k, x)) = pairs.iter().find(|(k, _)| !keys.contains(&k.as_str())) {
        return Err(invalid(
            &format!("params.{k}"),
            None,
            x,
            &format!("unknown parameter; expected {expected}"),
        ));
    }
    let mut map = serde_json::Map::new();
    for k in keys {
        let field = format!("params.{k}");
        let x = number(&field, v.get(k).unwrap_or(&Val::Undefined))?;
        let n = serde_json::Number::from_f64(x)
            .ok_or_else(|| invalid(&field, None, &Val::Num(x), "must be finite and > 0"))?;
        map.insert((*k).to_string(), Json::Number(n));
    }
    serde_json::from_value(Json::Object(map))
        .map_err(|e| CxError::Internal(format!("could not build the parameters: {e}")))
}

/// Core errors about parameter `k` renamed to `params.k`.
fn param_names(e: CxError, keys: &[&str]) -> CxError {
    keys.iter()
        .fold(e, |e, k| rename(e, k, &format!("params.{k}")))
}

/// `v` (an object such as a model's params) with its keys in the order of `keys` (the
/// papers' order, `r, alpha, a, b`) rather than sorted; `null` stays `null`.
fn ordered(v: Val, keys: &[&str]) -> Val {
    match v {
        Val::Obj(mut pairs) => {
            pairs.sort_by_key(|(k, _)| keys.iter().position(|x| x == k).unwrap_or(keys.len()));
            Val::Obj(pairs)
        }
        other => other,
    }
}

/// A model of type `T` from a JSON string or `toJSON()` object (the core refuses another
/// model's document, naming `model`).
pub(crate) fn load<T: Portable>(v: &Val) -> Result<T> {
    from_document("json", v)
}

/// Per-customer columns starting at argument `at`: arrays (or typed arrays), or one number
/// each for a single customer (then `true`).
fn columns<const N: usize>(
    args: &[Val],
    at: usize,
    names: [&str; N],
) -> Result<([Vec<f64>; N], bool)> {
    let scalar = matches!(arg(args, at), Val::Num(_));
    let mut out: [Vec<f64>; N] = std::array::from_fn(|_| Vec::new());
    for ((slot, name), i) in out.iter_mut().zip(names).zip(at..) {
        let v = arg(args, i);
        *slot = if scalar {
            vec![number(name, v)?]
        } else {
            numbers(name, v)?
        };
    }
    Ok((out, scalar))
}

/// A per-customer result: a `Float64Array`, or a number for a single customer (whose errors
/// then name no index).
fn shaped(scalar: bool, r: Result<Vec<f64>>) -> Result<Val> {
    if !scalar {
        return Ok(Val::Nums(r?));
    }
    let v = r.map_err(|e| match e {
        CxError::InvalidInput {
            field,
            value,
            reason,
            ..
        } => CxError::InvalidInput {
            field,
            index: None,
            value,
            reason,
        },
        other => other,
    })?;
    Ok(v.first().copied().map_or(Val::Null, Val::Num))
}

/// `RfmSummary` columns as a JS object: `customer`, `frequency`, `recency`, `T`, and
/// `monetaryValue` (with `amount`), the holdout columns (with `holdoutStart`), `unit`.
fn summary_val(s: RfmSummary, with_amount: bool) -> Result<Val> {
    let mut out = vec![
        (
            "customer".to_string(),
            Val::Arr(s.customer.into_iter().map(Val::Str).collect()),
        ),
        ("frequency".into(), Val::Nums(s.frequency)),
        ("recency".into(), Val::Nums(s.recency)),
        ("T".into(), Val::Nums(s.t)),
    ];
    if with_amount {
        out.push(("monetaryValue".into(), Val::Nums(s.monetary_value)));
    }
    if let Some(f) = s.frequency_holdout {
        out.push(("frequencyHoldout".into(), Val::Nums(f)));
    }
    if let (true, Some(m)) = (with_amount, s.monetary_value_holdout) {
        out.push(("monetaryValueHoldout".into(), Val::Nums(m)));
    }
    if let Some(d) = s.duration_holdout {
        out.push(("durationHoldout".into(), Val::Num(d)));
    }
    out.push(("unit".into(), to_val(&s.unit)?));
    Ok(Val::Obj(out))
}

/// `rfmSummary(transactions, {customer, time, amount, observationEnd, unit, holdoutStart,
/// fractional})`: per-customer frequency (repeat purchase periods), recency, `T` and mean
/// repeat spend, as columns (customers sorted by id).
pub fn rfm_summary(args: &[Val]) -> Result<Val> {
    let o = Options::read(
        arg(args, 1),
        &[
            "customer",
            "time",
            "amount",
            "observationEnd",
            "unit",
            "holdoutStart",
            "fractional",
        ],
    )?;
    let customer = o.string("customer")?.unwrap_or("customerId");
    let time = o.string("time")?.unwrap_or("timestamp");
    let amount = o.string("amount")?;
    let unit: TimeUnit = o.string("unit")?.unwrap_or("W").parse()?;
    let options = RfmOptions {
        unit,
        fractional: o.boolean("fractional")?.unwrap_or(false),
        observation_end: o.timestamp("observationEnd")?,
        holdout_start: o.timestamp("holdoutStart")?,
    };
    let t = Table::read("transactions", arg(args, 0))?;
    let cs = t.strings(customer)?;
    let ts = t.timestamps(time)?;
    let amounts = amount.map(|a| t.numbers(a)).transpose()?;
    let names = |e| {
        let e = rename(e, "customer", &format!("transactions.{customer}"));
        let e = rename(e, "timestamp", &format!("transactions.{time}"));
        rename(
            e,
            "amount",
            &format!("transactions.{}", amount.unwrap_or("amount")),
        )
    };
    let s = clv::rfm_summary_columns(&cs, &ts, amounts.as_deref(), &options).map_err(names)?;
    summary_val(s, amount.is_some())
}

/// Core errors about summary columns renamed to `summary.<column>`.
fn summary_names(e: CxError) -> CxError {
    [
        ("frequency", "summary.frequency"),
        ("recency", "summary.recency"),
        ("T", "summary.T"),
        ("monetary_value", "summary.monetaryValue"),
    ]
    .iter()
    .fold(e, |e, (core, js)| rename(e, core, js))
}

/// `rfmScores(summary)`: R, F, M quintile scores (1–5, 5 best) and a named segment per
/// customer, from an `rfmSummary` result (or any table with `frequency`, `recency`, `T`,
/// `monetaryValue`).
pub fn rfm_scores(args: &[Val]) -> Result<Val> {
    let t = Table::read("summary", arg(args, 0))?;
    let (f, r, big_t, m) = (
        t.numbers("frequency")?,
        t.numbers("recency")?,
        t.numbers("T")?,
        t.numbers("monetaryValue")?,
    );
    let s = clv::rfm_scores(&f, &r, &big_t, &m).map_err(summary_names)?;
    let scores = |v: Vec<u8>| Val::Nums(v.into_iter().map(f64::from).collect());
    Ok(Val::obj([
        ("r", scores(s.r)),
        ("f", scores(s.f)),
        ("m", scores(s.m)),
        (
            "segment",
            Val::Arr(s.segment.iter().map(|g| g.as_str().into()).collect()),
        ),
    ]))
}

/// The holdout duration of a summary: its `durationHoldout` number (or first value).
fn duration_holdout(summary: &Val) -> Result<f64> {
    let field = "summary.durationHoldout";
    let v = match summary {
        Val::Arr(rows) => rows.first().and_then(|r| r.get("durationHoldout")),
        other => other.get("durationHoldout"),
    };
    match v {
        Some(Val::Num(x)) => Ok(*x),
        Some(Val::Nums(x)) => x
            .first()
            .copied()
            .ok_or_else(|| invalid(field, None, &Val::Nums(Vec::new()), "expected a number")),
        Some(Val::Arr(x)) => number(field, x.first().unwrap_or(&Val::Undefined)),
        Some(other) => Err(invalid(field, None, other, "expected a number")),
        None => Err(invalid(
            field,
            None,
            &Val::Undefined,
            "the summary has no holdout period: make it with rfmSummary(..., {holdoutStart})",
        )),
    }
}

/// Runs `f` with the purchase model of a `BgNbd`, `MbgNbd` or `ParetoNbd` instance or
/// document (`field` names it in errors).
pub(crate) fn with_purchase_model<T>(
    field: &str,
    v: &Val,
    f: impl FnOnce(&dyn PurchaseModel) -> Result<T>,
) -> Result<T> {
    let doc = json_doc(field, v)?;
    let params = doc.get("params");
    let has = |k: &str| params.and_then(|p| p.get(k)).is_some();
    let kind = match portable::kind_of(&doc).map_err(|e| rename(e, "json", field))? {
        Some(k) => k.to_owned(),
        None if has("s") => CorePnbd::KIND.into(),
        None if has("a") => {
            return Err(invalid(
                field,
                None,
                v,
                "a BG/NBD or MBG/NBD document without its \"model\" key (written before \
                 format_version 1): load it with BgNbd.fromJSON or MbgNbd.fromJSON first",
            ));
        }
        None => String::new(),
    };
    match kind.as_str() {
        CoreBgNbd::KIND => {
            let m: CoreBgNbd = from_document_json(field, doc)?;
            m.params.check()?;
            f(&m)
        }
        CoreMbgNbd::KIND => {
            let m: CoreMbgNbd = from_document_json(field, doc)?;
            m.params.check()?;
            f(&m)
        }
        CorePnbd::KIND => {
            let m: CorePnbd = from_document_json(field, doc)?;
            m.params.check()?;
            f(&m)
        }
        CoreGgNbd::KIND => {
            let m: CoreGgNbd = from_document_json(field, doc)?;
            m.params.check()?;
            f(&m)
        }
        CoreCor::KIND => {
            let m: CoreCor = from_document_json(field, doc)?;
            m.params.check()?;
            f(&m)
        }
        _ => Err(invalid(
            field,
            None,
            v,
            "expected a fitted BgNbd, MbgNbd, ParetoNbd, GgNbd or ParetoNbdCor (BgBb counts discrete opportunities \
             and GammaGamma models spend)",
        )),
    }
}

/// `compress(frequency, recency, T)`: identical customers grouped into unique triples, as
/// `{frequency, recency, T, weights, inverse}` (`Float64Array`s; `inverse[i]` is row `i`'s
/// triple). A fit on the triples with `weights` equals the fit on every row.
pub fn compress(args: &[Val]) -> Result<Val> {
    let f = numbers("frequency", arg(args, 0))?;
    let r = numbers("recency", arg(args, 1))?;
    let t = numbers("T", arg(args, 2))?;
    let c = clv::compress(&f, &r, &t)?;
    Ok(Val::obj([
        ("frequency", Val::Nums(c.frequency)),
        ("recency", Val::Nums(c.recency)),
        ("T", Val::Nums(c.t)),
        ("weights", Val::Nums(c.weights)),
        (
            "inverse",
            Val::Nums(c.inverse.into_iter().map(|i| i as f64).collect()),
        ),
    ]))
}

/// `holdoutComparison(model, summary, {maxFrequency})`: for calibration frequency 0, 1, ...,
/// `maxFrequency` (default 7; the last row gathers that and more), the customers and their
/// mean actual and predicted holdout purchases (Fader, Hardie and Lee 2005, Figure 4).
/// `summary` is an `rfmSummary` result made with `holdoutStart`.
pub fn holdout_comparison(args: &[Val]) -> Result<Val> {
    let o = Options::read(arg(args, 2), &["maxFrequency"])?;
    let k = match o.number("maxFrequency")? {
        Some(x) => count("maxFrequency", x)?,
        None => 7,
    };
    let sv = arg(args, 1);
    let t = Table::read("summary", sv)?;
    let (f, r, big_t) = (
        t.numbers("frequency")?,
        t.numbers("recency")?,
        t.numbers("T")?,
    );
    let held = t.numbers("frequencyHoldout").map_err(|e| {
        if t.has("frequencyHoldout") {
            e
        } else {
            invalid(
                "summary.frequencyHoldout",
                None,
                &Val::Undefined,
                "the summary has no holdout period: make it with rfmSummary(..., {holdoutStart})",
            )
        }
    })?;
    let d = duration_holdout(sv)?;
    // Rows above the largest frequency would be empty: cap the buckets the core allocates
    // there, so a huge `maxFrequency` cannot exhaust memory (the table is the same).
    let top = f
        .iter()
        .filter(|x| x.is_finite() && **x >= 0.0)
        .fold(0.0_f64, |m, x| m.max(x.ceil()));
    let k = k.min(top as u32);
    for (name, len) in [
        ("summary.recency", r.len()),
        ("summary.T", big_t.len()),
        ("summary.frequencyHoldout", held.len()),
    ] {
        if len != f.len() {
            return Err(CxError::LengthMismatch {
                left: "summary.frequency".into(),
                left_len: f.len(),
                right: name.into(),
                right_len: len,
            });
        }
    }
    let summary = RfmSummary {
        customer: vec![String::new(); f.len()],
        monetary_value: vec![0.0; f.len()],
        frequency: f,
        recency: r,
        t: big_t,
        frequency_holdout: Some(held),
        monetary_value_holdout: None,
        duration_holdout: Some(d),
        unit: TimeUnit::Week,
    };
    let rows = with_purchase_model("model", arg(args, 0), |m| {
        clv::holdout_comparison(m, &summary, k)
    })
    .map_err(summary_names)?;
    Ok(Val::Arr(
        rows.into_iter()
            .map(|r| {
                Val::obj([
                    ("frequency", f64::from(r.frequency).into()),
                    ("customers", (r.customers as f64).into()),
                    ("actual", r.actual.into()),
                    ("predicted", r.predicted.into()),
                ])
            })
            .collect(),
    ))
}

/// The methods every fitted CLV class shares: `fromParams`, `fromJSON`, `params`,
/// `logLikelihood`, `converged`, `iterations`, `standardErrors`, `nCustomers`, `toJSON`.
macro_rules! fitted_methods {
    ($core:ty, $params:ty, $name:literal, $keys:expr) => {
        #[doc = concat!("`", $name, ".fromParams(params)`: a model with known parameters.")]
        pub fn from_params(args: &[Val]) -> Result<Self> {
            let p: $params = params_from(arg(args, 0), &$keys)?;
            <$core>::from_params(p).map(Self).map_err(|e| param_names(e, &$keys))
        }

        #[doc = concat!("`", $name, ".fromJSON(json)`: a model from `toJSON()` output or its text.")]
        pub fn from_json(args: &[Val]) -> Result<Self> {
            let m: $core = load(arg(args, 0))?;
            m.params.check().map_err(|e| param_names(e, &$keys))?;
            Ok(Self(m))
        }

        /// `params`: the parameters as an object, in the papers' order.
        pub fn params(&self) -> Result<Val> {
            Ok(ordered(to_val(&self.0.params)?, &$keys))
        }

        /// `logLikelihood`: the maximized log-likelihood (0 for `fromParams`).
        pub fn log_likelihood(&self) -> Result<Val> {
            Ok(self.0.log_likelihood.into())
        }

        /// `converged`: whether the optimizer met its tolerance.
        pub fn converged(&self) -> Result<Val> {
            Ok(self.0.converged.into())
        }

        /// `iterations`: optimizer iterations.
        pub fn iterations(&self) -> Result<Val> {
            Ok((self.0.iterations as f64).into())
        }

        /// `standardErrors`: an object like `params`, or `null` (singular Hessian, `fromParams`).
        pub fn standard_errors(&self) -> Result<Val> {
            Ok(ordered(to_val(&self.0.standard_errors)?, &$keys))
        }

        /// `nCustomers`: customers (total weight) the model was fitted on.
        pub fn n_customers(&self) -> Result<Val> {
            Ok(self.0.n_customers.into())
        }

        /// `toJSON()`: the model in the core's JSON format plus its `model` name.
        pub fn to_json(&self) -> Result<Val> {
            to_document(&self.0)
        }
    };
}

/// The JS class of a continuous-time purchase model fitted on (frequency, recency, T).
macro_rules! purchase_model {
    ($(#[$doc:meta])* $ty:ident, $core:ty, $params:ty, $name:literal, $keys:expr $(, { $($extra:tt)* })?) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $ty($core);

        impl $ty {
            #[doc = concat!("`", $name, ".fit(frequency, recency, T, {weights, tolerance, maxIterations})`.")]
            pub fn fit(args: &[Val]) -> Result<Self> {
                let o = Options::read(arg(args, 3), &FIT_OPTIONS)?;
                let f = numbers("frequency", arg(args, 0))?;
                let r = numbers("recency", arg(args, 1))?;
                let t = numbers("T", arg(args, 2))?;
                let w = o.numbers("weights")?;
                let data = RepeatData::new(&f, &r, &t, w.as_deref())?;
                Ok(Self(config(&o, <$core>::params())?.fit(&data)?))
            }

            fitted_methods!($core, $params, $name, $keys);

            /// `pAlive(frequency, recency, T)`: P(alive) at the end of observation per customer.
            pub fn p_alive(&self, args: &[Val]) -> Result<Val> {
                let ([f, r, t], one) = columns(args, 0, ["frequency", "recency", "T"])?;
                shaped(one, self.0.p_alive_many(&f, &r, &t))
            }

            /// `expectedPurchases(t, frequency, recency, T)`: expected purchases in the next `t`
            /// time units per customer.
            pub fn expected_purchases(&self, args: &[Val]) -> Result<Val> {
                let h = number("t", arg(args, 0))?;
                let ([f, r, t], one) = columns(args, 1, ["frequency", "recency", "T"])?;
                shaped(one, self.0.expected_purchases_many(h, &f, &r, &t))
            }

            /// `expectedPurchasesNew(t)`: expected repeat purchases of a new customer in `(0, t]`.
            pub fn expected_purchases_new(&self, args: &[Val]) -> Result<Val> {
                scalar_or_array("t", arg(args, 0), |t| self.0.expected_purchases_new(t))
            }

            $($($extra)*)?
        }
    };
}

/// `probabilityOfNPurchases(t, n)` of the BG/NBD family.
macro_rules! probability_of_n {
    () => {
        /// `probabilityOfNPurchases(t, n)`: P(exactly `n` purchases in an interval of length
        /// `t`) for a new customer (FHL 2005 eq. 8); `n` a number or an array.
        pub fn probability_of_n_purchases(&self, args: &[Val]) -> Result<Val> {
            let t = number("t", arg(args, 0))?;
            scalar_or_array("n", arg(args, 1), |n| {
                self.0.probability_of_n_purchases(t, count("n", n)?)
            })
        }
    };
}

purchase_model!(
    /// BG/NBD purchase model (Fader, Hardie and Lee 2005): params `r, alpha, a, b`.
    BgNbd, CoreBgNbd, BgNbdParams, "BgNbd", ["r", "alpha", "a", "b"], { probability_of_n!(); }
);
purchase_model!(
    /// MBG/NBD purchase model (Batislam, Denizel and Filiztekin 2007): params `r, alpha, a, b`.
    MbgNbd, CoreMbgNbd, MbgNbdParams, "MbgNbd", ["r", "alpha", "a", "b"], { probability_of_n!(); }
);
purchase_model!(
    /// Pareto/NBD purchase model (Schmittlein, Morrison and Colombo 1987): params
    /// `r, alpha, s, beta`.
    ParetoNbd, CorePnbd, ParetoNbdParams, "ParetoNbd", ["r", "alpha", "s", "beta"]
);
purchase_model!(
    /// Gamma-Gompertz/NBD purchase model (Bemmaor and Glady 2012): params
    /// `r, alpha, b, s, beta`.
    GgNbd, CoreGgNbd, GgNbdParams, "GgNbd", ["r", "alpha", "b", "s", "beta"]
);
purchase_model!(
    /// Correlated Pareto/NBD (Sarmanov mixing of the purchase and dropout rates, Glady,
    /// Lemmens and Croux 2015): params `r, alpha, s, beta, rho`.
    ParetoNbdCor, CoreCor, ParetoNbdCorParams, "ParetoNbdCor", ["r", "alpha", "s", "beta", "rho"], {
        /// `correlation`: the correlation ρ of the purchase and dropout rates.
        pub fn correlation(&self) -> Result<Val> {
            Ok(self.0.params.rho.into())
        }

        /// `correlationRange`: `[low, high]`, the correlations the Sarmanov density reaches
        /// with these marginals.
        pub fn correlation_range(&self) -> Result<Val> {
            let (lo, hi) = self.0.params.rho_range();
            Ok(Val::Nums(vec![lo, hi]))
        }
    }
);

const BGBB_KEYS: [&str; 4] = ["alpha", "beta", "gamma", "delta"];

/// BG/BB model of discrete purchase opportunities (Fader, Hardie and Shang 2010): params
/// `alpha, beta, gamma, delta`.
#[derive(Debug, Clone)]
pub struct BgBb(CoreBgBb);

impl BgBb {
    /// `BgBb.fit(frequency, recency, nPeriods, {weights, tolerance, maxIterations})`.
    pub fn fit(args: &[Val]) -> Result<Self> {
        let o = Options::read(arg(args, 3), &FIT_OPTIONS)?;
        let f = numbers("frequency", arg(args, 0))?;
        let r = numbers("recency", arg(args, 1))?;
        let n = numbers("nPeriods", arg(args, 2))?;
        let w = o.numbers("weights")?;
        let data = BgBbData::new(&f, &r, &n, w.as_deref())?;
        Ok(Self(config(&o, CoreBgBb::params())?.fit(&data)?))
    }

    fitted_methods!(CoreBgBb, BgBbParams, "BgBb", BGBB_KEYS);

    /// `pAlive(frequency, recency, nPeriods)`: P(alive) after the observed opportunities.
    pub fn p_alive(&self, args: &[Val]) -> Result<Val> {
        let ([f, r, n], one) = columns(args, 0, ["frequency", "recency", "nPeriods"])?;
        shaped(one, self.0.p_alive_many(&f, &r, &n))
    }

    /// `expectedPurchases(nStar, frequency, recency, nPeriods)`: expected transactions in
    /// the next `nStar` opportunities per customer.
    pub fn expected_purchases(&self, args: &[Val]) -> Result<Val> {
        let k = count("nStar", number("nStar", arg(args, 0))?)?;
        let ([f, r, n], one) = columns(args, 1, ["frequency", "recency", "nPeriods"])?;
        shaped(one, self.0.expected_purchases_many(k, &f, &r, &n))
    }

    /// `expectedPurchasesNew(n)`: expected transactions of a new customer in the first `n`
    /// opportunities.
    pub fn expected_purchases_new(&self, args: &[Val]) -> Result<Val> {
        scalar_or_array("n", arg(args, 0), |n| {
            Ok(self.0.expected_purchases_new(count("n", n)?))
        })
    }
}

const GG_KEYS: [&str; 3] = ["p", "q", "v"];

/// Gamma-Gamma spend model (Fader, Hardie and Lee 2005 note): params `p, q, v`.
#[derive(Debug, Clone)]
pub struct GammaGamma(CoreGg);

impl GammaGamma {
    /// `GammaGamma.fit(frequency, monetaryValue, {weights, tolerance, maxIterations})`, on
    /// repeat customers (frequency ≥ 1).
    pub fn fit(args: &[Val]) -> Result<Self> {
        let o = Options::read(arg(args, 2), &FIT_OPTIONS)?;
        let f = numbers("frequency", arg(args, 0))?;
        let m = numbers("monetaryValue", arg(args, 1))?;
        let w = o.numbers("weights")?;
        let data = SpendData::new(&f, &m, w.as_deref())?;
        Ok(Self(config(&o, CoreGg::params())?.fit(&data)?))
    }

    fitted_methods!(CoreGg, GammaGammaParams, "GammaGamma", GG_KEYS);

    /// `expectedSpend(frequency, monetaryValue)`: expected mean spend per transaction.
    pub fn expected_spend(&self, args: &[Val]) -> Result<Val> {
        let ([f, m], one) = columns(args, 0, ["frequency", "monetaryValue"])?;
        shaped(one, self.0.expected_spend_many(&f, &m))
    }

    /// `clv(model, frequency, recency, T, monetaryValue, {months, discountRate, unit})`:
    /// discounted CLV per customer, `Σ_m spend × (E[X(m·u)] − E[X((m−1)·u)]) / (1 + d)^m`
    /// with the purchase model's conditional expectations and `u` model units per month.
    pub fn clv(&self, args: &[Val]) -> Result<Val> {
        let o = Options::read(arg(args, 5), &["months", "discountRate", "unit"])?;
        let months = match o.number("months")? {
            Some(m) => count("months", m)?,
            None => 12,
        };
        let d = o.number("discountRate")?.unwrap_or(0.01);
        let unit: TimeUnit = o.string("unit")?.unwrap_or("W").parse()?;
        let ([f, r, t, m], one) = columns(args, 1, ["frequency", "recency", "T", "monetaryValue"])?;
        let model = arg_opt(args, 0).unwrap_or(&Val::Undefined);
        let out = with_purchase_model("model", model, |pm| {
            self.0.clv(pm, &f, &r, &t, &m, months, d, unit)
        });
        shaped(one, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nums(x: &[f64]) -> Val {
        Val::Nums(x.to_vec())
    }

    fn bgnbd() -> BgNbd {
        let p = Val::obj([
            ("r", Val::Num(0.243)),
            ("alpha", Val::Num(4.414)),
            ("a", Val::Num(0.793)),
            ("b", Val::Num(2.426)),
        ]);
        BgNbd::from_params(&[p]).unwrap()
    }

    #[test]
    fn documents_are_the_cores_portable_documents() {
        let m = bgnbd();
        let doc = m.to_json().unwrap();
        assert_eq!(doc.get("model"), Some(&Val::from("bg_nbd")));
        assert_eq!(doc.get("format_version"), Some(&Val::Num(1.0)));
        // The core (and so Python's from_json) reads the same document.
        let json = json_doc("json", &doc).unwrap();
        let core: CoreBgNbd = cx_core::portable::from_document_value(json.clone()).unwrap();
        assert_eq!(core.params.r, 0.243);
        // A document of another model is refused, naming `model`.
        let e = MbgNbd::from_json(std::slice::from_ref(&doc)).unwrap_err();
        assert_eq!(e.field(), Some("model"));
        // A legacy document (no keys) loads into a class, but clv cannot tell BG/NBD from
        // MBG/NBD without its `model`.
        let mut plain = json;
        let map = plain.as_object_mut().unwrap();
        map.remove("model");
        map.remove("format_version");
        let text = Val::Str(plain.to_string());
        assert!(MbgNbd::from_json(std::slice::from_ref(&text)).is_ok());
        let e = with_purchase_model("model", &text, |_| Ok(())).unwrap_err();
        assert_eq!(e.field(), Some("model"));
    }

    #[test]
    fn scalars_give_numbers_and_arrays_float64_arrays() {
        let m = bgnbd();
        let one = m
            .p_alive(&[Val::Num(0.0), Val::Num(0.0), Val::Num(38.86)])
            .unwrap();
        assert_eq!(one, Val::Num(1.0));
        let many = m
            .p_alive(&[
                nums(&[0.0, 2.0]),
                nums(&[0.0, 30.43]),
                nums(&[38.86, 38.86]),
            ])
            .unwrap();
        assert!(matches!(many, Val::Nums(ref v) if v.len() == 2));
        let e = m
            .p_alive(&[Val::Num(1.0), Val::Num(5.0), Val::Num(3.0)])
            .unwrap_err();
        assert!(matches!(
            e,
            CxError::InvalidInput {
                index: None,
                ref field,
                ..
            } if field == "recency"
        ));
    }

    #[test]
    fn params_errors_name_the_key() {
        let p = Val::obj([("r", Val::Num(1.0)), ("alpha", Val::Num(1.0))]);
        let e = BgNbd::from_params(&[p]).unwrap_err();
        assert_eq!(e.field(), Some("params.a"));
        let p = Val::obj([
            ("p", Val::Num(1.0)),
            ("q", Val::Num(-1.0)),
            ("v", Val::Num(1.0)),
        ]);
        let e = GammaGamma::from_params(&[p]).unwrap_err();
        assert_eq!(e.field(), Some("params.q"));
    }
}
