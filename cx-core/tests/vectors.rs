//! Runs every case of `tests/vectors/*.json` through the Rust API.
//!
//! Each case names a function, its input, and either `expected` values with an absolute
//! tolerance or an `error` with the expected code, field and index.

use std::path::PathBuf;

use cx_core::CxError;
use cx_core::survey::{self, CesOptions, CsatOptions, NpsOptions, NpsSummary, NpsTally};
use serde_json::{Value, json};

fn vector_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn num(v: &Value) -> f64 {
    match v {
        Value::String(s) if s == "NaN" => f64::NAN,
        Value::String(s) if s == "Infinity" => f64::INFINITY,
        Value::String(s) if s == "-Infinity" => f64::NEG_INFINITY,
        _ => v.as_f64().unwrap_or_else(|| panic!("not a number: {v}")),
    }
}

fn nums(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(num)
        .collect()
}

fn opt_nums(input: &Value, key: &str) -> Option<Vec<f64>> {
    input.get(key).filter(|v| !v.is_null()).map(nums)
}

fn nps_options(input: &Value) -> Result<NpsOptions, CxError> {
    let mut o = NpsOptions::default();
    if let Some(l) = input.get("level") {
        o.level = num(l);
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

/// Runs one case, returning the result as JSON (`snake_case` field names).
fn run(function: &str, input: &Value) -> Result<Value, CxError> {
    let to_json = |v: &dyn erased::Ser| v.json();
    match function {
        "nps" => {
            let scores = nums(&input["scores"]);
            let w = opt_nums(input, "weights");
            let r = survey::nps(&scores, w.as_deref(), nps_options(input)?)?;
            Ok(to_json(&r))
        }
        "compare_nps" => {
            let a = NpsSummary::from_scores(&nums(&input["a"]), None)?;
            let b = NpsSummary::from_scores(&nums(&input["b"]), None)?;
            Ok(to_json(&survey::compare_nps(&a, &b, nps_options(input)?)?))
        }
        "nps_tally" => {
            let tallies = input["tallies"].as_array().expect("tallies");
            let t: NpsTally = tallies
                .iter()
                .map(|c| {
                    let c = nums(c);
                    NpsTally::from_counts(c[0] as u64, c[1] as u64, c[2] as u64)
                })
                .sum();
            let r = t.result(nps_options(input)?)?;
            let mut v = to_json(&r);
            v["promoters"] = json!(t.promoters);
            v["passives"] = json!(t.passives);
            v["detractors"] = json!(t.detractors);
            // JSON round trip keeps the counts.
            let back: NpsTally = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
            assert_eq!(back, t);
            Ok(v)
        }
        "csat" => {
            let d = CsatOptions::default();
            let o = CsatOptions {
                scale: u32_or(input, "scale", d.scale),
                top_box: u32_or(input, "top_box", d.top_box),
                level: input.get("level").map_or(d.level, num),
            };
            Ok(to_json(&survey::csat(&nums(&input["scores"]), o)?))
        }
        "ces" => {
            let d = CesOptions::default();
            let o = CesOptions {
                scale: u32_or(input, "scale", d.scale),
                level: input.get("level").map_or(d.level, num),
                low_is_easy: input
                    .get("low_is_easy")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            };
            Ok(to_json(&survey::ces(&nums(&input["scores"]), o)?))
        }
        other => {
            panic!("vector names unknown function `{other}`: add it to cx-core/tests/vectors.rs")
        }
    }
}

mod erased {
    pub trait Ser {
        fn json(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Ser for T {
        fn json(&self) -> serde_json::Value {
            serde_json::to_value(self).expect("result serializes")
        }
    }
}

fn assert_close(case: &str, path: &str, want: &Value, got: &Value, tol: f64) {
    match want {
        Value::Object(m) => {
            for (k, w) in m {
                let g = got
                    .get(k)
                    .unwrap_or_else(|| panic!("{case}: result has no `{path}{k}`: {got}"));
                assert_close(case, &format!("{path}{k}."), w, g, tol);
            }
        }
        Value::Array(ws) => {
            let gs = got
                .as_array()
                .unwrap_or_else(|| panic!("{case}: `{path}` is not an array: {got}"));
            assert_eq!(ws.len(), gs.len(), "{case}: `{path}` length");
            for (i, (w, g)) in ws.iter().zip(gs).enumerate() {
                assert_close(case, &format!("{path}{i}."), w, g, tol);
            }
        }
        Value::Number(_) => {
            let (w, g) = (num(want), num(got));
            assert!(
                (w - g).abs() <= tol,
                "{case}: `{path}` expected {w}, got {g} (tolerance {tol})"
            );
        }
        _ => assert_eq!(want, got, "{case}: `{path}`"),
    }
}

#[test]
fn every_vector_case_passes() {
    let mut count = 0;
    for file in vector_files() {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for case in doc["cases"].as_array().expect("cases") {
            let name = case["name"].as_str().expect("name");
            let function = case["function"].as_str().expect("function");
            assert!(
                case.get("source").is_some(),
                "{name}: every case names its source"
            );
            let got = run(function, &case["input"]);
            if let Some(err) = case.get("error") {
                let e = got.expect_err(name);
                assert_eq!(e.code(), err["code"].as_str().unwrap(), "{name}: {e}");
                assert_eq!(e.field(), err["field"].as_str(), "{name}: {e}");
                if let Some(i) = err.get("index") {
                    assert!(
                        matches!(e, CxError::InvalidInput { index: Some(j), .. } if j as u64 == i.as_u64().unwrap()),
                        "{name}: expected index {i}: {e}"
                    );
                }
            } else {
                let got = got.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_close(name, "", &case["expected"], &got, num(&case["tolerance"]));
            }
            count += 1;
        }
    }
    assert!(count >= 30, "only {count} vector cases found");
}
