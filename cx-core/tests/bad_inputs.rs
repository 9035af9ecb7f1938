//! The bad-input matrix (`tests/vectors/bad_inputs.json`, written by
//! `tests/vectors/derive_bad_inputs.py`) through the Rust API: every case must fail with the
//! error kind and field it names, never panic and never return a value. Cases a typed Rust
//! call cannot express (wrong dtypes, tables read by the bindings) carry a `skip.rust` reason.

use std::path::PathBuf;

use cx_core::CxError;
use cx_core::churn::{ChurnClassifier, churn_metrics};
use cx_core::clv::{
    BgBb, BgBbData, BgNbd, BgNbdParams, FitConfig, GammaGamma, MbgNbd, ParetoNbd, RepeatData,
    SpendData, compress,
};
use cx_core::journey::{
    AttributionModel, FunnelOrder, FunnelSpec, PathData, attribution, conversion_rate, funnel,
    parse_duration, unit_economics,
};
use cx_core::portable::from_document;
use cx_core::retention::{
    KaplanMeierOptions, ShiftedBetaGeometric, churn_rate, kaplan_meier, logrank_test,
    retention_rate,
};
use cx_core::survey::{self, CesOptions, CsatOptions, NpsOptions, NpsTally};
use serde_json::{Map, Value};

/// A number of the matrix: a JSON number or `"$nan"`, `"$inf"`, `"$-inf"`.
fn num(v: &Value) -> f64 {
    match v.as_str() {
        Some("$nan") => f64::NAN,
        Some("$inf") => f64::INFINITY,
        Some("$-inf") => f64::NEG_INFINITY,
        _ => v
            .as_f64()
            .unwrap_or_else(|| panic!("not a number: {v} (mark the case skip.rust)")),
    }
}

fn nums(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(num)
        .collect()
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s.as_str().expect("string").to_owned())
        .collect()
}

/// Positional arguments and options of one case.
struct Call<'a> {
    args: &'a [Value],
    options: Map<String, Value>,
}

impl Call<'_> {
    fn arg(&self, i: usize) -> &Value {
        self.args.get(i).unwrap_or(&Value::Null)
    }
    fn nums(&self, i: usize) -> Vec<f64> {
        nums(self.arg(i))
    }
    fn opt_nums_arg(&self, i: usize) -> Option<Vec<f64>> {
        Some(self.arg(i)).filter(|v| !v.is_null()).map(nums)
    }
    fn num(&self, i: usize) -> f64 {
        num(self.arg(i))
    }
    fn opt(&self, key: &str) -> Option<&Value> {
        self.options.get(key).filter(|v| !v.is_null())
    }
    fn opt_num(&self, key: &str) -> Option<f64> {
        self.opt(key).map(num)
    }
    fn opt_nums(&self, key: &str) -> Option<Vec<f64>> {
        self.opt(key).map(nums)
    }
    fn opt_u32(&self, key: &str) -> Option<u32> {
        self.opt(key)
            .map(|v| u32::try_from(v.as_u64().expect("whole number")).expect("fits u32"))
    }
    fn level(&self) -> f64 {
        self.opt_num("level").unwrap_or(0.95)
    }
    /// A fit configuration with `tolerance`, `max_iterations` and `allow_unconverged`.
    fn config<P>(&self, base: FitConfig<P>) -> FitConfig<P> {
        let mut c = base;
        if let Some(t) = self.opt_num("tolerance") {
            c = c.tolerance(t);
        }
        if let Some(m) = self.opt("max_iterations") {
            c = c.max_iterations(m.as_u64().expect("whole number"));
        }
        if let Some(a) = self.opt("allow_unconverged") {
            c = c.allow_unconverged(a.as_bool().expect("bool"));
        }
        c
    }
    fn repeat_data(&self) -> Result<RepeatData, CxError> {
        RepeatData::new(
            &self.nums(0),
            &self.nums(1),
            &self.nums(2),
            self.opt_nums("weights").as_deref(),
        )
    }
}

/// Runs one case; `Ok(())` means the call succeeded (which the test reports as a failure).
#[allow(clippy::too_many_lines)] // one arm per function of the matrix
fn run(name: &str, model: Option<&Value>, c: &Call<'_>) -> Result<(), CxError> {
    if let Some(m) = model {
        assert_eq!(m["class"], "BgNbd", "runner knows BgNbd models only");
        let p: BgNbdParams = serde_json::from_value(m["params"].clone()).expect("params");
        let model = BgNbd::from_params(p)?;
        return match name {
            "bgnbd_p_alive" => model
                .p_alive_many(&c.nums(0), &c.nums(1), &c.nums(2))
                .map(drop),
            "bgnbd_expected_purchases" => model
                .expected_purchases_many(c.num(0), &c.nums(1), &c.nums(2), &c.nums(3))
                .map(drop),
            _ => panic!("unknown model method {name}"),
        };
    }
    match name {
        "nps" => {
            let mut o = NpsOptions {
                level: c.level(),
                ..NpsOptions::default()
            };
            if let Some(m) = c.opt("method") {
                o.method = m.as_str().expect("method").parse()?;
            }
            survey::nps(&c.nums(0), c.opt_nums("weights").as_deref(), o).map(drop)
        }
        "csat" => {
            let d = CsatOptions::default();
            let o = CsatOptions {
                scale: c.opt_u32("scale").unwrap_or(d.scale),
                top_box: c.opt_u32("top_box").unwrap_or(d.top_box),
                level: c.level(),
            };
            survey::csat(&c.nums(0), o).map(drop)
        }
        "ces" => {
            let d = CesOptions::default();
            let o = CesOptions {
                scale: c.opt_u32("scale").unwrap_or(d.scale),
                level: c.level(),
                low_is_easy: d.low_is_easy,
            };
            survey::ces(&c.nums(0), o).map(drop)
        }
        "nps_by_segment" => {
            survey::nps_by_segment(&c.nums(0), None, &strs(c.arg(1)), NpsOptions::default())
                .map(drop)
        }
        "nps_tally_from_json" => {
            from_document::<NpsTally>(c.arg(0).as_str().expect("JSON text")).map(drop)
        }
        "churn_rate" => churn_rate(c.num(0), c.num(1), c.level()).map(drop),
        "retention_rate" => retention_rate(c.num(0), c.num(1), c.num(2), c.level()).map(drop),
        "kaplan_meier" => kaplan_meier(
            &c.nums(0),
            c.opt_nums_arg(1).as_deref(),
            KaplanMeierOptions { level: c.level() },
        )
        .map(drop),
        "logrank_test" => logrank_test(
            &c.nums(0),
            c.opt_nums_arg(1).as_deref(),
            &c.nums(2),
            c.opt_nums_arg(3).as_deref(),
        )
        .map(drop),
        "sbg_fit" => ShiftedBetaGeometric::params().fit(&c.nums(0)).map(drop),
        "churn_metrics" => churn_metrics(&c.nums(0), &c.nums(1)).map(drop),
        "churn_classifier_fit" => {
            let rows: Vec<Vec<f64>> = c
                .arg(0)
                .as_array()
                .expect("rows")
                .iter()
                .map(nums)
                .collect();
            let n_features = rows.first().map_or(0, Vec::len);
            let x: Vec<f64> = rows.concat();
            ChurnClassifier::params()
                .fit(&x, n_features, &c.nums(1))
                .map(drop)
        }
        "bgnbd_fit" => c.config(BgNbd::params()).fit(&c.repeat_data()?).map(drop),
        "paretonbd_fit" => c
            .config(ParetoNbd::params())
            .fit(&c.repeat_data()?)
            .map(drop),
        "mbgnbd_fit" => c.config(MbgNbd::params()).fit(&c.repeat_data()?).map(drop),
        "bgbb_fit" => {
            let d = BgBbData::new(
                &c.nums(0),
                &c.nums(1),
                &c.nums(2),
                c.opt_nums("weights").as_deref(),
            )?;
            c.config(BgBb::params()).fit(&d).map(drop)
        }
        "gammagamma_fit" => {
            let d = SpendData::new(&c.nums(0), &c.nums(1), c.opt_nums("weights").as_deref())?;
            c.config(GammaGamma::params()).fit(&d).map(drop)
        }
        "compress" => compress(&c.nums(0), &c.nums(1), &c.nums(2)).map(drop),
        "funnel" => {
            let table = c.arg(0);
            let customers = strs(&table["customer_id"]);
            let events = strs(&table["event"]);
            let times: Vec<i64> = strs(&table["timestamp"])
                .iter()
                .map(|t| {
                    chrono::DateTime::parse_from_rfc3339(t)
                        .expect("timestamp")
                        .timestamp()
                })
                .collect();
            let steps = strs(c.arg(1));
            let steps: Vec<&str> = steps.iter().map(String::as_str).collect();
            let mut spec = FunnelSpec::new(&steps);
            if let Some(w) = c.opt("window") {
                spec = spec.window(parse_duration(w.as_str().expect("window"))?);
            }
            if let Some(o) = c.opt("order") {
                spec = spec.order(o.as_str().expect("order").parse::<FunnelOrder>()?);
            }
            if let Some(x) = c.opt("exclusions") {
                let x = strs(x);
                let x: Vec<&str> = x.iter().map(String::as_str).collect();
                spec = spec.exclusions(&x);
            }
            funnel(&customers, &times, &events, None, &spec).map(drop)
        }
        "attribution" => {
            let paths: Vec<Vec<String>> = c
                .arg(0)
                .as_array()
                .expect("paths")
                .iter()
                .map(strs)
                .collect();
            let conversions = c.nums(1);
            let times: Option<Vec<Vec<f64>>> = c
                .opt("times")
                .map(|t| t.as_array().expect("times").iter().map(nums).collect());
            let mut model = match c.opt("model") {
                Some(m) => AttributionModel::from_name(m.as_str().expect("model"))?,
                None => AttributionModel::Markov { order: 1 },
            };
            match &mut model {
                AttributionModel::Markov { order } => {
                    if let Some(o) = c.opt_u32("order") {
                        *order = o as usize;
                    }
                }
                AttributionModel::TimeDecay { half_life } => {
                    if let Some(h) = c.opt_num("half_life") {
                        *half_life = h;
                    }
                }
                _ => {}
            }
            let data = PathData {
                times: times.as_deref(),
                ..PathData::new(&paths, &conversions)
            };
            attribution(&data, model).map(drop)
        }
        "conversion_rate" => conversion_rate(c.num(0), c.num(1), c.level()).map(drop),
        "unit_economics" => {
            unit_economics(c.num(0), c.num(1), c.opt_num("margin_per_period")).map(drop)
        }
        _ => panic!("bad_inputs.json names `{name}`, which this runner does not know"),
    }
}

/// The matrix's name of each error kind.
fn kind(e: &CxError) -> &'static str {
    match e {
        CxError::InvalidInput { .. } => "InvalidInput",
        CxError::LengthMismatch { .. } => "LengthMismatch",
        CxError::Empty { .. } => "Empty",
        CxError::NotConverged { .. } => "NotConverged",
        CxError::Internal(_) => "Internal",
        _ => "Other",
    }
}

#[test]
fn every_bad_input_fails_with_its_kind_and_field() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/bad_inputs.json");
    let text = std::fs::read_to_string(&path).expect("bad_inputs.json");
    let doc: Value = serde_json::from_str(&text).expect("JSON");
    let (mut ran, mut skipped) = (0, 0);
    let mut failures = Vec::new();
    for g in doc["groups"].as_array().expect("groups") {
        let name = g["fn"]["rust"].as_str().expect("fn.rust");
        for case in g["cases"].as_array().expect("cases") {
            let id = format!("{name}/{}", case["name"].as_str().expect("name"));
            if case["skip"].get("rust").is_some() {
                skipped += 1;
                continue;
            }
            ran += 1;
            let call = Call {
                args: case["args"].as_array().expect("args"),
                options: case["options"].as_object().cloned().unwrap_or_default(),
            };
            let got = std::panic::catch_unwind(|| run(name, g.get("model"), &call));
            let want_kind = case["expect"]["kind"].as_str().expect("kind");
            // A field per language where the bindings name their own argument or column.
            let field = &case["expect"]["field"];
            let want_field = field.get("rust").unwrap_or(field).as_str();
            match got {
                Err(_) => failures.push(format!("{id}: panicked")),
                Ok(Ok(())) => failures.push(format!("{id}: succeeded, expected {want_kind}")),
                Ok(Err(e)) => {
                    if kind(&e) != want_kind
                        || (want_field.is_some() && e.field() != want_field)
                        || want_field.is_some_and(|f| !e.to_string().contains(&format!("`{f}`")))
                    {
                        failures.push(format!(
                            "{id}: expected {want_kind} on {want_field:?}, got {} on {:?}: {e}",
                            kind(&e),
                            e.field()
                        ));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(ran >= 100, "only {ran} cases ran ({skipped} skipped)");
}
