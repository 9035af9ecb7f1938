//! Runs every case of `tests/vectors/*.json` through the Rust API.
//!
//! Each case names a function, its input, and either `expected` values with an absolute
//! tolerance or an `error` with the expected code, field and index. Each capability has its
//! own dispatcher in `tests/vectors/<module>.rs`; add yours to `DISPATCH`.

#[path = "vectors/clv.rs"]
mod clv;
#[path = "vectors/clv_beyond.rs"]
mod clv_beyond;
#[path = "vectors/clv_covariates.rs"]
mod clv_covariates;
#[path = "vectors/common.rs"]
mod common;
#[path = "vectors/journey.rs"]
mod journey;
#[path = "vectors/offers.rs"]
mod offers;
#[path = "vectors/personalize.rs"]
mod personalize;
#[path = "vectors/retention.rs"]
mod retention;
#[path = "vectors/survey.rs"]
mod survey;

use std::path::PathBuf;

use common::num;
use cx_core::CxError;
use serde_json::Value;

type Dispatch = fn(&str, &Value) -> Option<Result<Value, CxError>>;

/// One dispatcher per capability; each returns `None` for functions it does not know.
const DISPATCH: &[Dispatch] = &[
    clv::run,
    journey::run,
    retention::run,
    survey::run,
    personalize::run,
    offers::run,
    clv_beyond::run,
    clv_covariates::run,
];

fn run(function: &str, input: &Value) -> Result<Value, CxError> {
    DISPATCH
        .iter()
        .find_map(|d| d(function, input))
        .unwrap_or_else(|| {
            panic!("vector names unknown function `{function}`: add it to cx-core/tests/vectors/")
        })
}

fn vector_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        // The bad-input matrix has its own format and runner (tests/bad_inputs.rs).
        .filter(|p| p.file_name().is_none_or(|n| n != "bad_inputs.json"))
        .collect();
    files.sort();
    files
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

fn check_error(name: &str, err: &Value, got: Result<Value, CxError>) {
    let e = got.expect_err(name);
    assert_eq!(e.code(), err["code"].as_str().unwrap(), "{name}: {e}");
    assert_eq!(e.field(), err["field"].as_str(), "{name}: {e}");
    if let Some(i) = err.get("index") {
        let want = i.as_u64().and_then(|i| usize::try_from(i).ok());
        assert!(
            matches!(e, CxError::InvalidInput { index, .. } if index == want),
            "{name}: expected index {i}: {e}"
        );
    }
}

#[test]
fn every_vector_case_passes() {
    let mut count = 0;
    for file in vector_files() {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for case in doc["cases"].as_array().expect("cases") {
            let name = case["name"].as_str().expect("name");
            let function = case["function"].as_str().expect("function");
            assert!(
                case.get("source").is_some(),
                "{name}: every case names its source"
            );
            let got = run(function, &case["input"]);
            if let Some(err) = case.get("error") {
                check_error(name, err, got);
            } else {
                let got = got.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_close(name, "", &case["expected"], &got, num(&case["tolerance"]));
            }
            count += 1;
        }
    }
    assert!(count >= 30, "only {count} vector cases found");
}
