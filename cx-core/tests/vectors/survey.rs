//! Survey cases of the shared vectors.

use cx_core::CxError;
use cx_core::domain::parse_timestamp;
use cx_core::survey::{self, CesOptions, CsatOptions, NpsOptions, NpsSummary, NpsTally, Period};
use serde_json::{Value, json};

use super::common::{nums, opt_num, opt_nums, to_json};

fn nps_options(input: &Value) -> Result<NpsOptions, CxError> {
    let mut o = NpsOptions::default();
    if let Some(l) = opt_num(input, "level") {
        o.level = l;
    }
    if let Some(m) = input.get("method").and_then(Value::as_str) {
        o.method = m.parse()?;
    }
    Ok(o)
}

fn u32_or(input: &Value, key: &str, default: u32) -> u32 {
    input
        .get(key)
        .and_then(Value::as_u64)
        .map_or(default, |v| v as u32)
}

/// Runs a survey case; `None` when `function` is not a survey function.
pub fn run(function: &str, input: &Value) -> Option<Result<Value, CxError>> {
    Some(match function {
        "nps" => nps(input),
        "compare_nps" => compare(input),
        "nps_tally" => tally(input),
        "csat" => csat(input),
        "ces" => ces(input),
        "nps_by_segment" => by_segment(input),
        "nps_trend" => trend(input),
        _ => return None,
    })
}

fn nps(input: &Value) -> Result<Value, CxError> {
    let scores = nums(&input["scores"]);
    let w = opt_nums(input, "weights");
    Ok(to_json(&survey::nps(
        &scores,
        w.as_deref(),
        nps_options(input)?,
    )?))
}

fn compare(input: &Value) -> Result<Value, CxError> {
    let a = NpsSummary::from_scores(&nums(&input["a"]), None)?;
    let b = NpsSummary::from_scores(&nums(&input["b"]), None)?;
    Ok(to_json(&survey::compare_nps(&a, &b, nps_options(input)?)?))
}

fn tally(input: &Value) -> Result<Value, CxError> {
    let t: NpsTally = input["tallies"]
        .as_array()
        .expect("tallies")
        .iter()
        .map(|c| {
            let c = nums(c);
            NpsTally::from_counts(c[0] as u64, c[1] as u64, c[2] as u64)
        })
        .sum();
    let mut v = to_json(&t.result(nps_options(input)?)?);
    v["promoters"] = json!(t.promoters);
    v["passives"] = json!(t.passives);
    v["detractors"] = json!(t.detractors);
    // The JSON form round-trips the counts.
    let back: NpsTally = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
    assert_eq!(back, t);
    Ok(v)
}

fn csat(input: &Value) -> Result<Value, CxError> {
    let d = CsatOptions::default();
    let o = CsatOptions {
        scale: u32_or(input, "scale", d.scale),
        top_box: u32_or(input, "top_box", d.top_box),
        level: opt_num(input, "level").unwrap_or(d.level),
    };
    Ok(to_json(&survey::csat(&nums(&input["scores"]), o)?))
}

fn ces(input: &Value) -> Result<Value, CxError> {
    let d = CesOptions::default();
    let o = CesOptions {
        scale: u32_or(input, "scale", d.scale),
        level: opt_num(input, "level").unwrap_or(d.level),
        low_is_easy: input
            .get("low_is_easy")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    };
    Ok(to_json(&survey::ces(&nums(&input["scores"]), o)?))
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .expect("array of strings")
        .iter()
        .map(|x| x.as_str().expect("string"))
        .collect()
}

fn by_segment(input: &Value) -> Result<Value, CxError> {
    let scores = nums(&input["scores"]);
    let w = opt_nums(input, "weights");
    let segs = strings(&input["segments"]);
    Ok(to_json(&survey::nps_by_segment(
        &scores,
        w.as_deref(),
        &segs,
        nps_options(input)?,
    )?))
}

fn trend(input: &Value) -> Result<Value, CxError> {
    let scores = nums(&input["scores"]);
    let w = opt_nums(input, "weights");
    let stamps = strings(&input["timestamps"])
        .into_iter()
        .map(parse_timestamp)
        .collect::<Result<Vec<_>, _>>()?;
    let period: Period = input["freq"].as_str().unwrap_or("month").parse()?;
    Ok(to_json(&survey::nps_trend(
        &scores,
        w.as_deref(),
        &stamps,
        period,
        nps_options(input)?,
    )?))
}
