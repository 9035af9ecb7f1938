//! Retention and churn cases of the shared vectors.

use cx_core::CxError;
use cx_core::churn::{self, ChurnClassifier};
use cx_core::clv::{BgNbd, BgNbdParams};
use cx_core::domain::{Timestamp, parse_timestamp};
use cx_core::retention::{
    self, KaplanMeier, KaplanMeierOptions, Period, SbgCohorts, ShiftedBetaGeometric,
};
use serde_json::{Value, json};

use super::common::{num, nums, opt_num, opt_nums, to_json};

/// Runs a retention or churn case; `None` when `function` belongs elsewhere.
pub fn run(function: &str, input: &Value) -> Option<Result<Value, CxError>> {
    Some(match function {
        "churn_rate" => retention::churn_rate(
            num(&input["customers_at_start"]),
            num(&input["lost"]),
            level(input),
        )
        .map(|r| to_json(&r)),
        "retention_rate" => retention::retention_rate(
            num(&input["customers_at_start"]),
            num(&input["customers_at_end"]),
            num(&input["new_customers"]),
            level(input),
        )
        .map(|r| to_json(&r)),
        "lifecycle" => activity(input)
            .and_then(|(c, t, p)| retention::lifecycle(&c, &t, p).map(|r| to_json(&r))),
        "cohort_table" => activity(input)
            .and_then(|(c, t, p)| retention::cohort_table(&c, &t, p).map(|r| to_json(&r))),
        "period_rates" => activity(input).and_then(|(c, t, p)| {
            retention::period_rates(&c, &t, p, level(input)).map(|r| to_json(&r))
        }),
        "time_to_repeat" => activity(input).and_then(|(c, t, _)| {
            let end = parse_timestamp(input["observation_end"].as_str().expect("observation_end"))?;
            retention::time_to_repeat(&c, &t, end).map(|r| to_json(&r))
        }),
        "kaplan_meier" => kaplan_meier(input).map(|k| km_json(&k)),
        "sbg_cohorts_log_likelihood" => SbgCohorts::log_likelihood_of(
            num(&input["alpha"]),
            num(&input["beta"]),
            &nums(&input["gamma_alpha"]),
            &nums(&input["gamma_beta"]),
            &rows(&input["survivors"]),
            &rows(&input["covariates"]),
        )
        .map(|ll| json!({ "log_likelihood": ll })),
        "sbg_cohorts_fit" => sbg_cohorts_fit(input),
        "km_survival_at" => kaplan_meier(input).map(|k| {
            json!(
                nums(&input["t"])
                    .iter()
                    .map(|&t| k.survival_at(t))
                    .collect::<Vec<_>>()
            )
        }),
        "kaplan_meier_by_segment" => km_by_segment(input),
        "logrank_test" => retention::logrank_test(
            &nums(&input["durations_a"]),
            opt_nums(input, "observed_a").as_deref(),
            &nums(&input["durations_b"]),
            opt_nums(input, "observed_b").as_deref(),
        )
        .map(|r| to_json(&r)),
        "sbg_fit" => sbg_fit(input),
        "sbg_project" => sbg_project(input),
        "churn_classifier" => classifier(input),
        "customer_view" => customer_view(input),
        "churn_metrics" => {
            churn::churn_metrics(&nums(&input["y_true"]), &nums(&input["p"])).map(|m| to_json(&m))
        }
        _ => return None,
    })
}

fn level(input: &Value) -> f64 {
    opt_num(input, "level").unwrap_or(0.95)
}

type Activity = (Vec<String>, Vec<Timestamp>, Period);

fn activity(input: &Value) -> Result<Activity, CxError> {
    let strings = |k: &str| -> Vec<String> {
        input[k]
            .as_array()
            .expect(k)
            .iter()
            .map(|v| v.as_str().expect("string").to_string())
            .collect()
    };
    let timestamps = strings("timestamps")
        .iter()
        .map(|s| parse_timestamp(s))
        .collect::<Result<Vec<_>, _>>()?;
    let period = input["freq"].as_str().unwrap_or("M").parse()?;
    Ok((strings("customers"), timestamps, period))
}

/// A float as JSON, with infinities as the strings the vectors use.
fn fnum(x: f64) -> Value {
    if x.is_infinite() {
        json!(if x > 0.0 { "Infinity" } else { "-Infinity" })
    } else {
        json!(x)
    }
}

fn km_json(k: &KaplanMeier) -> Value {
    let mut v = to_json(k);
    v["median"] = fnum(k.median);
    v["median_ci"] = json!([fnum(k.median_ci.0), fnum(k.median_ci.1)]);
    v
}

fn kaplan_meier(input: &Value) -> Result<KaplanMeier, CxError> {
    retention::kaplan_meier(
        &nums(&input["durations"]),
        opt_nums(input, "observed").as_deref(),
        KaplanMeierOptions {
            level: level(input),
        },
    )
}

fn km_by_segment(input: &Value) -> Result<Value, CxError> {
    let segments: Vec<&str> = input["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|v| v.as_str().expect("string"))
        .collect();
    let curves = retention::kaplan_meier_by_segment(
        &nums(&input["durations"]),
        opt_nums(input, "observed").as_deref(),
        &segments,
        KaplanMeierOptions {
            level: level(input),
        },
    )?;
    Ok(json!(
        curves
            .iter()
            .map(|c| json!({
                "segment": c.segment,
                "median": fnum(c.result.median),
                "survival": c.result.table.iter().map(|r| r.survival).collect::<Vec<_>>(),
            }))
            .collect::<Vec<_>>()
    ))
}

fn sbg_fit(input: &Value) -> Result<Value, CxError> {
    let m = ShiftedBetaGeometric::params().fit(&nums(&input["survivors"]))?;
    let back: ShiftedBetaGeometric =
        serde_json::from_str(&serde_json::to_string(&m).expect("serializes")).expect("parses");
    assert_eq!(back, m, "fitted sBG round-trips through JSON");
    Ok(to_json(&m))
}

fn sbg_project(input: &Value) -> Result<Value, CxError> {
    let m = ShiftedBetaGeometric::from_params(num(&input["alpha"]), num(&input["beta"]))?;
    let periods = 1..=input["periods"].as_u64().expect("periods") as u32;
    Ok(json!({
        "retention_rate": periods.clone().map(|t| m.retention_rate(t)).collect::<Vec<_>>(),
        "survival": periods.clone().map(|t| m.survival(t)).collect::<Vec<_>>(),
        "churn_probability": periods.map(|t| m.churn_probability(t)).collect::<Vec<_>>(),
        "derl": m.discounted_expected_residual_lifetime(
            num(&input["discount"]),
            input["renewals"].as_u64().expect("renewals") as u32,
        )?,
    }))
}

fn classifier(input: &Value) -> Result<Value, CxError> {
    let x = nums(&input["x"]);
    let p = input["n_features"].as_u64().expect("n_features") as usize;
    let mut params = ChurnClassifier::params();
    if let Some(l2) = opt_num(input, "l2") {
        params = params.l2(l2);
    }
    if let Some(s) = input.get("standardize").and_then(Value::as_bool) {
        params = params.standardize(s);
    }
    let m = params.fit(&x, p, &nums(&input["y"]))?;
    let back: ChurnClassifier =
        serde_json::from_str(&serde_json::to_string(&m).expect("serializes")).expect("parses");
    assert_eq!(back, m, "fitted classifier round-trips through JSON");
    let mut v = to_json(&m);
    v["proba_first5"] = json!(m.predict_proba(&x[..5 * p])?);
    Ok(v)
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("array of strings")
        .iter()
        .map(|s| s.as_str().expect("string").to_string())
        .collect()
}

fn times(v: &Value) -> Result<Vec<Timestamp>, CxError> {
    strings(v).iter().map(|s| parse_timestamp(s)).collect()
}

fn customer_view(input: &Value) -> Result<Value, CxError> {
    let (tx, tp, sv) = (
        &input["transactions"],
        &input["touchpoints"],
        &input["surveys"],
    );
    let (tx_ids, tx_times, amounts) = (
        strings(&tx["customers"]),
        times(&tx["timestamps"])?,
        nums(&tx["amounts"]),
    );
    let (tp_ids, tp_times, channels) = (
        strings(&tp["customers"]),
        times(&tp["timestamps"])?,
        strings(&tp["channels"]),
    );
    let (sv_ids, sv_times, scores) = (
        strings(&sv["customers"]),
        times(&sv["timestamps"])?,
        nums(&sv["scores"]),
    );
    let options = retention::CustomerViewOptions {
        observation_end: input["observation_end"]
            .as_str()
            .map(parse_timestamp)
            .transpose()?,
        unit: input["unit"].as_str().unwrap_or("W").parse()?,
        fractional: false,
        period: input["freq"].as_str().unwrap_or("M").parse()?,
    };
    let model = match input.get("model") {
        Some(m) => {
            assert_eq!(m["kind"], "bgnbd", "vector models are BG/NBD");
            Some(BgNbd::from_params(BgNbdParams {
                r: num(&m["r"]),
                alpha: num(&m["alpha"]),
                a: num(&m["a"]),
                b: num(&m["b"]),
            })?)
        }
        None => None,
    };
    let value = model.as_ref().map(|m| retention::ViewValue {
        model: m,
        spend: None,
        months: 12,
        discount_rate: 0.01,
    });
    retention::customer_view(
        &retention::TransactionColumns {
            customers: &tx_ids,
            timestamps: &tx_times,
            amounts: &amounts,
        },
        Some(&retention::TouchpointColumns {
            customers: &tp_ids,
            timestamps: &tp_times,
            channels: &channels,
        }),
        Some(&retention::SurveyColumns {
            customers: &sv_ids,
            timestamps: &sv_times,
            scores: &scores,
            kinds: None,
        }),
        &options,
        value.as_ref(),
    )
    .map(|v| to_json(&v))
}

fn rows(v: &Value) -> Vec<Vec<f64>> {
    v.as_array().expect("rows").iter().map(nums).collect()
}

fn sbg_cohorts_fit(input: &Value) -> Result<Value, CxError> {
    let names: Vec<String> = input["names"]
        .as_array()
        .expect("names")
        .iter()
        .map(|n| n.as_str().expect("name").to_owned())
        .collect();
    let m = SbgCohorts::params().fit(
        &rows(&input["survivors"]),
        &rows(&input["covariates"]),
        &names,
    )?;
    let (a1, b1) = m.cohort_params(&[1.0])?;
    Ok(json!({
        "alpha": m.alpha, "beta": m.beta, "high_end_alpha": a1, "high_end_beta": b1,
    }))
}
