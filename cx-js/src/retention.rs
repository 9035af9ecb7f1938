//! Retention and churn for JS: `churnRate`, `retentionRate`, `periodRates`, `cohortTable`,
//! `lifecycle`, `timeToRepeat`, `kaplanMeier`, `kaplanMeierBySegment`, `logrankTest`,
//! `churnMetrics`, and the classes `KaplanMeier`, `ShiftedBetaGeometric`, `ChurnClassifier`.

use cx_core::churn::{self, ChurnClassifier as CoreClassifier};
use cx_core::retention::{self, KaplanMeierOptions, ShiftedBetaGeometric as CoreSbg};
use cx_core::survey::Period;

use crate::args::{
    Options, Result, Table, count, indicators, invalid, number, numbers, rename, strings,
};
use crate::model::{from_document, scalar_or_array, to_document};
use crate::val::{Val, to_val};
use crate::{arg, arg_opt};

/// `churnRate(customersAtStart, lost, {level})`: lost ÷ customers at start, Wilson interval.
pub fn churn_rate(args: &[Val]) -> Result<Val> {
    let o = Options::read(arg(args, 2), &["level"])?;
    let start = number("customersAtStart", arg(args, 0))?;
    let lost = number("lost", arg(args, 1))?;
    to_val(&retention::churn_rate(start, lost, o.level()?).map_err(js_names)?)
}

/// `retentionRate(customersAtStart, customersAtEnd, newCustomers, {level})`.
pub fn retention_rate(args: &[Val]) -> Result<Val> {
    let o = Options::read(arg(args, 3), &["level"])?;
    let start = number("customersAtStart", arg(args, 0))?;
    let end = number("customersAtEnd", arg(args, 1))?;
    let new = number("newCustomers", arg(args, 2))?;
    to_val(&retention::retention_rate(start, end, new, o.level()?).map_err(js_names)?)
}

/// Core field names spelled the JS way.
fn js_names(e: cx_core::CxError) -> cx_core::CxError {
    [
        ("customers_at_start", "customersAtStart"),
        ("customers_at_end", "customersAtEnd"),
        ("new_customers", "newCustomers"),
        ("observation_end", "observationEnd"),
        ("y_true", "yTrue"),
    ]
    .iter()
    .fold(e, |e, (core, js)| rename(e, core, js))
}

/// An activity table read with its options: ids, timestamps, period, level, and a mapper
/// of core errors to the table's columns (`customers` → `events.customerId`).
struct Activity {
    customers: Vec<String>,
    timestamps: Vec<cx_core::domain::Timestamp>,
    period: Period,
    level: f64,
    columns: (String, String),
}

impl Activity {
    fn read(args: &[Val], extra: &[&str]) -> Result<Self> {
        let mut allowed = vec!["customer", "time", "freq"];
        allowed.extend_from_slice(extra);
        let o = Options::read(arg(args, 1), &allowed)?;
        let customer = o.string("customer")?.unwrap_or("customerId");
        let time = o.string("time")?.unwrap_or("timestamp");
        let t = Table::read("events", arg(args, 0))?;
        Ok(Self {
            customers: t.strings(customer)?,
            timestamps: t.timestamps(time)?,
            period: o.period("freq")?.unwrap_or(Period::Month),
            level: if extra.contains(&"level") {
                o.level()?
            } else {
                0.95
            },
            columns: (format!("events.{customer}"), format!("events.{time}")),
        })
    }

    /// Core errors about `customers`/`timestamps` renamed to the table's columns.
    fn names(&self, e: cx_core::CxError) -> cx_core::CxError {
        rename(
            rename(e, "customers", &self.columns.0),
            "timestamps",
            &self.columns.1,
        )
    }
}

/// `periodRates(events, {customer, time, freq, level})`: churn and retention per period.
pub fn period_rates(args: &[Val]) -> Result<Val> {
    let a = Activity::read(args, &["level"])?;
    let r = retention::period_rates(&a.customers, &a.timestamps, a.period, a.level);
    to_val(&r.map_err(|e| a.names(e))?)
}

/// `cohortTable(events, {customer, time, freq})`: first-activity cohorts × periods since.
pub fn cohort_table(args: &[Val]) -> Result<Val> {
    let a = Activity::read(args, &[])?;
    let r = retention::cohort_table(&a.customers, &a.timestamps, a.period);
    to_val(&r.map_err(|e| a.names(e))?)
}

/// `lifecycle(events, {customer, time, freq})`: new, returning, resurrecting, dormant.
pub fn lifecycle(args: &[Val]) -> Result<Val> {
    let a = Activity::read(args, &[])?;
    let r = retention::lifecycle(&a.customers, &a.timestamps, a.period);
    to_val(&r.map_err(|e| a.names(e))?)
}

/// `timeToRepeat(events, {customer, time, observationEnd})`: days from first to second
/// purchase, censored at `observationEnd` (default: the last timestamp).
pub fn time_to_repeat(args: &[Val]) -> Result<Val> {
    let o = Options::read(arg(args, 1), &["customer", "time", "observationEnd"])?;
    let customer = o.string("customer")?.unwrap_or("customerId");
    let time = o.string("time")?.unwrap_or("timestamp");
    let t = Table::read("events", arg(args, 0))?;
    let cs = t.strings(customer)?;
    let ts = t.timestamps(time)?;
    let end = match o.timestamp("observationEnd")? {
        Some(end) => end,
        None => *ts
            .iter()
            .max()
            .ok_or_else(|| invalid("events", None, arg(args, 0), "needs at least one row"))?,
    };
    let names = |e| {
        let e = rename(e, "customers", &format!("events.{customer}"));
        js_names(rename(e, "timestamps", &format!("events.{time}")))
    };
    to_val(&retention::time_to_repeat(&cs, &ts, end).map_err(names)?)
}

/// A fitted Kaplan–Meier curve (`cx.kaplanMeier(...)` or `KaplanMeier.fit(...)`).
#[derive(Debug, Clone)]
pub struct KaplanMeier(retention::KaplanMeier);

/// `(durations, observed)` of survival functions; `observed` may be omitted (all events).
fn durations(d: &Val, o: &Val) -> Result<(Vec<f64>, Option<Vec<f64>>)> {
    let d = numbers("durations", d)?;
    let o = if o.is_missing() {
        None
    } else {
        Some(indicators("observed", o)?)
    };
    Ok((d, o))
}

impl KaplanMeier {
    /// `KaplanMeier.fit(durations, observed?, {level})`.
    pub fn fit(args: &[Val]) -> Result<Self> {
        let o = Options::read(arg(args, 2), &["level"])?;
        let (d, obs) = durations(arg(args, 0), arg(args, 1))?;
        let opts = KaplanMeierOptions { level: o.level()? };
        Ok(Self(retention::kaplan_meier(&d, obs.as_deref(), opts)?))
    }

    /// `KaplanMeier.fromJSON(json)`.
    pub fn from_json(args: &[Val]) -> Result<Self> {
        Ok(Self(from_document("json", arg(args, 0))?))
    }

    /// `table`: one row object per distinct time.
    pub fn table(&self) -> Result<Val> {
        to_val(&self.0.table)
    }

    /// `median`: the median survival time (`Infinity` when Ŝ never reaches 0.5).
    pub fn median(&self) -> Result<Val> {
        Ok(self.0.median.into())
    }

    /// `medianCi`: the interval for the median.
    pub fn median_ci(&self) -> Result<Val> {
        Ok(self.0.median_ci.into())
    }

    /// `n`: subjects.
    pub fn n(&self) -> Result<Val> {
        Ok((self.0.n as f64).into())
    }

    /// `events`: observed events.
    pub fn events(&self) -> Result<Val> {
        Ok((self.0.events as f64).into())
    }

    /// `level`: the confidence level.
    pub fn level(&self) -> Result<Val> {
        Ok(self.0.level.into())
    }

    /// `survivalAt(t)`: Ŝ(t) for a time or an array of times.
    pub fn survival_at(&self, args: &[Val]) -> Result<Val> {
        scalar_or_array("t", arg(args, 0), |t| Ok(self.0.survival_at(t)))
    }

    /// `ciAt(t)`: `[low, high]` of Ŝ(t) for one time.
    pub fn ci_at(&self, args: &[Val]) -> Result<Val> {
        Ok(self.0.ci_at(number("t", arg(args, 0))?).into())
    }

    /// `toJSON()`: the curve in the core's JSON format.
    pub fn to_json(&self) -> Result<Val> {
        to_document(&self.0)
    }
}

/// `kaplanMeierBySegment(durations, observed, segments, {level})`: `{segment: curve}` with
/// each curve as plain data (`table`, `median`, `medianCi`, ...).
pub fn kaplan_meier_by_segment(args: &[Val]) -> Result<Val> {
    let o = Options::read(arg(args, 3), &["level"])?;
    let (d, obs) = durations(arg(args, 0), arg(args, 1))?;
    let segs = strings("segments", arg(args, 2))?;
    let opts = KaplanMeierOptions { level: o.level()? };
    let curves = retention::kaplan_meier_by_segment(&d, obs.as_deref(), &segs, opts)?;
    let pairs = curves
        .iter()
        .map(|s| Ok((s.segment.clone(), km_data(&s.result)?)))
        .collect::<Result<Vec<_>>>()?;
    Ok(Val::Obj(pairs))
}

/// A curve as plain data; the median and its interval as numbers (`Infinity` when not
/// reached), not as the strings the JSON document uses for them.
fn km_data(k: &retention::KaplanMeier) -> Result<Val> {
    Ok(Val::obj([
        ("level", k.level.into()),
        ("n", (k.n as f64).into()),
        ("events", (k.events as f64).into()),
        ("table", to_val(&k.table)?),
        ("median", k.median.into()),
        ("medianCi", k.median_ci.into()),
    ]))
}

/// `logrankTest(durationsA, observedA, durationsB, observedB)`.
pub fn logrank_test(args: &[Val]) -> Result<Val> {
    let (da, oa) = durations(arg(args, 0), arg(args, 1)).map_err(|e| {
        rename(
            rename(e, "durations", "durationsA"),
            "observed",
            "observedA",
        )
    })?;
    let (db, ob) = durations(arg(args, 2), arg(args, 3)).map_err(|e| {
        rename(
            rename(e, "durations", "durationsB"),
            "observed",
            "observedB",
        )
    })?;
    to_val(&retention::logrank_test(
        &da,
        oa.as_deref(),
        &db,
        ob.as_deref(),
    )?)
}

/// A shifted-beta-geometric contract-churn model (Fader and Hardie 2007).
#[derive(Debug, Clone)]
pub struct ShiftedBetaGeometric(CoreSbg);

impl ShiftedBetaGeometric {
    /// `ShiftedBetaGeometric.fit(survivors, {tolerance, maxIterations, allowUnconverged})`.
    pub fn fit(args: &[Val]) -> Result<Self> {
        let o = Options::read(
            arg(args, 1),
            &["tolerance", "maxIterations", "allowUnconverged"],
        )?;
        let mut p = CoreSbg::params();
        if let Some(a) = o.boolean("allowUnconverged")? {
            p = p.allow_unconverged(a);
        }
        if let Some(t) = o.number("tolerance")? {
            p = p.tolerance(t);
        }
        if let Some(m) = o.whole("maxIterations")? {
            p = p.max_iterations(m);
        }
        Ok(Self(p.fit(&numbers("survivors", arg(args, 0))?)?))
    }

    /// `ShiftedBetaGeometric.fromParams(alpha, beta)`.
    pub fn from_params(args: &[Val]) -> Result<Self> {
        let a = number("alpha", arg(args, 0))?;
        let b = number("beta", arg(args, 1))?;
        Ok(Self(CoreSbg::from_params(a, b)?))
    }

    /// `ShiftedBetaGeometric.fromJSON(json)`.
    pub fn from_json(args: &[Val]) -> Result<Self> {
        Ok(Self(from_document("json", arg(args, 0))?))
    }

    fn field(&self, key: &str) -> Result<Val> {
        Ok(to_val(&self.0)?.get(key).cloned().unwrap_or(Val::Null))
    }

    /// `params`: `{alpha, beta}`.
    pub fn params(&self) -> Result<Val> {
        Ok(Val::obj([
            ("alpha", self.0.alpha.into()),
            ("beta", self.0.beta.into()),
        ]))
    }

    /// `logLikelihood` of the fit (`null` for `fromParams`).
    pub fn log_likelihood(&self) -> Result<Val> {
        self.field("logLikelihood")
    }

    /// `standardErrors`: `[se(alpha), se(beta)]`.
    pub fn standard_errors(&self) -> Result<Val> {
        self.field("standardErrors")
    }

    /// `converged`.
    pub fn converged(&self) -> Result<Val> {
        self.field("converged")
    }

    /// `iterations`.
    pub fn iterations(&self) -> Result<Val> {
        self.field("iterations")
    }

    /// `survival(t)`: share surviving after `t` periods (a number or an array).
    pub fn survival(&self, args: &[Val]) -> Result<Val> {
        scalar_or_array("t", arg(args, 0), |t| Ok(self.0.survival(count("t", t)?)))
    }

    /// `retentionRate(t)`: share of period-`t − 1` survivors who renew at `t` (t ≥ 1).
    pub fn retention_rate(&self, args: &[Val]) -> Result<Val> {
        scalar_or_array("t", arg(args, 0), |t| {
            Ok(self.0.retention_rate(count("t", t)?))
        })
    }

    /// `churnProbability(t)`: P(churn exactly at period `t`) (t ≥ 1).
    pub fn churn_probability(&self, args: &[Val]) -> Result<Val> {
        scalar_or_array("t", arg(args, 0), |t| {
            Ok(self.0.churn_probability(count("t", t)?))
        })
    }

    /// `expectedLifetime()`: mean number of periods (`Infinity` when α ≤ 1).
    pub fn expected_lifetime(&self, _args: &[Val]) -> Result<Val> {
        Ok(self.0.expected_lifetime().into())
    }

    /// `discountedExpectedResidualLifetime(discount, renewals = 1)`.
    pub fn discounted_expected_residual_lifetime(&self, args: &[Val]) -> Result<Val> {
        let d = number("discount", arg(args, 0))?;
        let n = match arg_opt(args, 1) {
            None => 1,
            Some(v) => count("renewals", number("renewals", v)?)?,
        };
        Ok(self.0.discounted_expected_residual_lifetime(d, n)?.into())
    }

    /// `toJSON()`: the model in the core's JSON format.
    pub fn to_json(&self) -> Result<Val> {
        to_document(&self.0)
    }
}

/// A feature matrix: an array of rows (arrays of numbers), or a flat `Float64Array` /
/// number array with `nFeatures` columns. Returns `(row-major values, columns)`.
pub(crate) fn matrix(field: &str, v: &Val, n_features: Option<u64>) -> Result<(Vec<f64>, usize)> {
    if let Val::Arr(rows) = v
        && !rows.is_empty()
        && rows.iter().all(|r| matches!(r, Val::Arr(_) | Val::Nums(_)))
    {
        let mut flat = Vec::new();
        let mut width = None;
        for (i, r) in rows.iter().enumerate() {
            let row = numbers(field, r)
                .map_err(|_| invalid(field, Some(i), r, "expected a row of numbers"))?;
            match width {
                None => width = Some(row.len()),
                Some(w) if w != row.len() => {
                    return Err(invalid(
                        field,
                        Some(i),
                        r,
                        &format!("row has {} values, the first row has {w}", row.len()),
                    ));
                }
                Some(_) => {}
            }
            flat.extend(row);
        }
        return Ok((flat, width.unwrap_or(0)));
    }
    let flat = numbers(field, v)?;
    let k = n_features.ok_or_else(|| {
        invalid(
            field,
            None,
            v,
            "a flat array needs the nFeatures option (or pass an array of rows)",
        )
    })? as usize;
    if k == 0 || flat.len() % k != 0 {
        return Err(invalid(
            "nFeatures",
            None,
            &Val::Num(k as f64),
            &format!("must divide the {} values of {field}", flat.len()),
        ));
    }
    Ok((flat, k))
}

/// An L2-regularized logistic churn-probability classifier.
#[derive(Debug, Clone)]
pub struct ChurnClassifier(CoreClassifier);

impl ChurnClassifier {
    /// `ChurnClassifier.fit(x, y, {l2, standardize, tolerance, maxIterations, nFeatures,
    /// allowUnconverged})`.
    pub fn fit(args: &[Val]) -> Result<Self> {
        let o = Options::read(
            arg(args, 2),
            &[
                "l2",
                "standardize",
                "tolerance",
                "maxIterations",
                "nFeatures",
                "allowUnconverged",
            ],
        )?;
        let (x, k) = matrix("x", arg(args, 0), o.whole("nFeatures")?)?;
        let y = indicators("y", arg(args, 1))?;
        let mut p = CoreClassifier::params();
        if let Some(l2) = o.number("l2")? {
            p = p.l2(l2);
        }
        if let Some(s) = o.boolean("standardize")? {
            p = p.standardize(s);
        }
        if let Some(t) = o.number("tolerance")? {
            p = p.tolerance(t);
        }
        if let Some(m) = o.whole("maxIterations")? {
            p = p.max_iterations(m);
        }
        if let Some(a) = o.boolean("allowUnconverged")? {
            p = p.allow_unconverged(a);
        }
        Ok(Self(p.fit(&x, k, &y)?))
    }

    /// `ChurnClassifier.fromJSON(json)`.
    pub fn from_json(args: &[Val]) -> Result<Self> {
        Ok(Self(from_document("json", arg(args, 0))?))
    }

    /// `predictProba(x)`: churn probabilities as a `Float64Array`.
    pub fn predict_proba(&self, args: &[Val]) -> Result<Val> {
        let k = self.0.n_features() as u64;
        let (x, width) = matrix("x", arg(args, 0), Some(k))?;
        if width != k as usize {
            return Err(invalid(
                "x",
                None,
                arg(args, 0),
                &format!("rows have {width} features, the model has {k}"),
            ));
        }
        Ok(Val::Nums(self.0.predict_proba(&x)?))
    }

    /// `coefficients`: one weight per feature, on the features' own scale.
    pub fn coefficients(&self) -> Result<Val> {
        Ok(Val::Arr(
            self.0.coefficients.iter().map(|&c| c.into()).collect(),
        ))
    }

    /// `intercept`.
    pub fn intercept(&self) -> Result<Val> {
        Ok(self.0.intercept.into())
    }

    /// `converged`.
    pub fn converged(&self) -> Result<Val> {
        Ok(self.0.converged.into())
    }

    /// `iterations`.
    pub fn iterations(&self) -> Result<Val> {
        Ok((self.0.iterations as f64).into())
    }

    /// `toJSON()`: the model in the core's JSON format, ready to score elsewhere.
    pub fn to_json(&self) -> Result<Val> {
        to_document(&self.0)
    }
}

/// `churnMetrics(yTrue, p)`: AUC, Brier, log-loss, decile calibration, lift at 10%.
pub fn churn_metrics(args: &[Val]) -> Result<Val> {
    let y = indicators("yTrue", arg(args, 0))?;
    let p = numbers("p", arg(args, 1))?;
    to_val(&churn::churn_metrics(&y, &p).map_err(js_names)?)
}

/// Columns of one input table of `customerView`, read with the shared column names.
struct ViewTable {
    customers: Vec<String>,
    timestamps: Vec<cx_core::domain::Timestamp>,
}

impl ViewTable {
    fn read(t: &Table<'_>, customer: &str, time: &str) -> Result<Self> {
        Ok(Self {
            customers: t.strings(customer)?,
            timestamps: t.timestamps(time)?,
        })
    }
}

/// The options of `customerView`.
const VIEW_OPTIONS: [&str; 14] = [
    "observationEnd",
    "customer",
    "time",
    "amount",
    "channel",
    "score",
    "kind",
    "unit",
    "freq",
    "fractional",
    "model",
    "spendModel",
    "months",
    "discountRate",
];

/// `customerView(transactions, touchpoints?, surveys?, {observationEnd, customer, time,
/// amount, channel, score, kind, unit, freq, fractional, model, spendModel, months,
/// discountRate})`: the single customer view as columns, one entry per customer sorted by
/// id. Numbers are `Float64Array`s with NaN where a customer has no value (no purchase, no
/// NPS answer); times are ISO-8601 strings. See `cx_core::retention::CustomerView` for the
/// definition of every column.
pub fn customer_view(args: &[Val]) -> Result<Val> {
    use cx_core::clv::GammaGamma as CoreGg;
    use cx_core::retention::{
        CustomerViewOptions, SurveyColumns, TouchpointColumns, TransactionColumns, ViewValue,
    };

    let o = Options::read(arg(args, 3), &VIEW_OPTIONS)?;
    let customer = o.string("customer")?.unwrap_or("customerId");
    let time = o.string("time")?.unwrap_or("timestamp");
    let names = |table: &str, e: cx_core::CxError| {
        [("customer", customer), ("timestamp", time)]
            .iter()
            .fold(e, |e, (core, js)| {
                rename(e, &format!("{table}.{core}"), &format!("{table}.{js}"))
            })
    };

    let tx_table = Table::read("transactions", arg(args, 0))?;
    let tx = ViewTable::read(&tx_table, customer, time)?;
    let amount = o.string("amount")?.unwrap_or("amount");
    let amounts = tx_table.numbers(amount)?;

    let tp = match crate::arg_opt(args, 1) {
        None => None,
        Some(v) => {
            let t = Table::read("touchpoints", v)?;
            let cols = ViewTable::read(&t, customer, time)?;
            let channels = t.strings(o.string("channel")?.unwrap_or("channel"))?;
            Some((cols, channels))
        }
    };
    let sv = crate::arg_opt(args, 2)
        .map(|v| read_surveys(v, &o, customer, time))
        .transpose()?;

    let options = CustomerViewOptions {
        observation_end: o.timestamp("observationEnd")?,
        unit: match o.string("unit")? {
            Some(u) => u.parse().map_err(|e| rename(e, "unit", "unit"))?,
            None => cx_core::clv::TimeUnit::Week,
        },
        fractional: o.boolean("fractional")?.unwrap_or(false),
        period: o.period("freq")?.unwrap_or(Period::Month),
    };
    let spend: Option<CoreGg> = match o.get("spendModel").filter(|v| !v.is_missing()) {
        None => None,
        Some(v) => {
            Some(from_document("spendModel", v).map_err(|e| rename(e, "model", "spendModel"))?)
        }
    };
    let months = match o.number("months")? {
        Some(m) => count("months", m)?,
        None => 12,
    };
    let discount_rate = o.number("discountRate")?.unwrap_or(0.01);

    let tx_cols = TransactionColumns {
        customers: &tx.customers[..],
        timestamps: &tx.timestamps,
        amounts: &amounts,
    };
    let tp_cols = tp.as_ref().map(|(c, ch)| TouchpointColumns {
        customers: &c.customers[..],
        timestamps: &c.timestamps,
        channels: &ch[..],
    });
    let sv_cols = sv.as_ref().map(|(c, s, k)| SurveyColumns {
        customers: &c.customers[..],
        timestamps: &c.timestamps,
        scores: s,
        kinds: k.as_deref(),
    });
    let build = |value: Option<&ViewValue<'_>>| {
        retention::customer_view(
            &tx_cols,
            tp_cols.as_ref(),
            sv_cols.as_ref(),
            &options,
            value,
        )
        .map_err(|e| {
            let e = names("transactions", e);
            let e = names("touchpoints", e);
            let e = names("surveys", e);
            let e = rename(e, "observation_end", "observationEnd");
            rename(e, "discount_rate", "discountRate")
        })
    };
    let view = match o.get("model").filter(|v| !v.is_missing()) {
        None => build(None)?,
        Some(m) => crate::clv::with_purchase_model("model", m, |model| {
            build(Some(&ViewValue {
                model,
                spend: spend.as_ref(),
                months,
                discount_rate,
            }))
        })?,
    };
    view_columns(&view)
}

/// The survey table of `customerView`: columns, scores and (when given) question kinds.
type Surveys = (
    ViewTable,
    Vec<f64>,
    Option<Vec<cx_core::domain::SurveyKind>>,
);

fn read_surveys(v: &Val, o: &Options<'_>, customer: &str, time: &str) -> Result<Surveys> {
    let t = Table::read("surveys", v)?;
    let cols = ViewTable::read(&t, customer, time)?;
    let scores = t.numbers(o.string("score")?.unwrap_or("score"))?;
    let kind = o.string("kind")?.or(t.has("kind").then_some("kind"));
    let kinds = match kind {
        None => None,
        Some(k) => Some(
            t.strings(k)?
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    s.parse().map_err(|_| {
                        invalid(
                            &format!("surveys.{k}"),
                            Some(i),
                            &Val::Str(s.clone()),
                            "expected \"nps\", \"csat\" or \"ces\"",
                        )
                    })
                })
                .collect::<Result<Vec<_>>>()?,
        ),
    };
    Ok((cols, scores, kinds))
}

/// The view's columns as JS values (see [`customer_view`]).
fn view_columns(v: &cx_core::retention::CustomerView) -> Result<Val> {
    let nums = |x: &[Option<f64>]| Val::Nums(x.iter().map(|v| v.unwrap_or(f64::NAN)).collect());
    let counts = |x: &[u64]| Val::Nums(x.iter().map(|&n| n as f64).collect());
    let times = |x: &[cx_core::domain::Timestamp]| {
        Val::Arr(
            x.iter()
                .map(|t| Val::Str(t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)))
                .collect(),
        )
    };
    let strs = |x: &[String]| Val::Arr(x.iter().map(|s| Val::Str(s.clone())).collect());
    let mut cols = vec![
        ("customer", strs(&v.customer)),
        ("firstActivity", times(&v.first_activity)),
        ("lastActivity", times(&v.last_activity)),
        ("transactions", counts(&v.transactions)),
        ("frequency", nums(&v.frequency)),
        ("recency", nums(&v.recency)),
        ("T", nums(&v.t)),
        ("monetaryValue", nums(&v.monetary_value)),
        ("totalSpend", Val::Nums(v.total_spend.clone())),
        ("tenure", Val::Nums(v.tenure.clone())),
        ("touchpoints", counts(&v.touchpoints)),
        (
            "channels",
            Val::Arr(v.channels.iter().map(|c| strs(c)).collect()),
        ),
        ("lastNps", nums(&v.last_nps)),
        (
            "lifecycleStage",
            Val::Arr(
                v.lifecycle_stage
                    .iter()
                    .map(|s| Val::from(s.as_str()))
                    .collect(),
            ),
        ),
    ];
    if let Some(p) = &v.p_alive {
        cols.push(("pAlive", nums(p)));
    }
    if let Some(c) = &v.clv {
        cols.push(("clv", nums(c)));
    }
    cols.push((
        "observationEnd",
        Val::Str(
            v.observation_end
                .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        ),
    ));
    cols.push(("unit", to_val(&v.unit)?));
    cols.push(("period", to_val(&v.period)?));
    Ok(Val::obj(cols))
}
