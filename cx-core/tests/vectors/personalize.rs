//! Personalization cases of the shared vectors: value concentration, top customers,
//! silhouette, personas and lookalikes.

use cx_core::CxError;
use cx_core::personalize::{
    LookalikeMethod, PersonaParams, lookalike, personas, silhouette_samples, top_customers,
    value_concentration,
};
use serde_json::{Value, json};

use super::common::{num, nums, to_json};

/// Runs a personalization case; `None` when `function` belongs elsewhere.
pub fn run(function: &str, input: &Value) -> Option<Result<Value, CxError>> {
    Some(match function {
        "value_concentration" => value_concentration(&nums(&input["values"])).map(|c| to_json(&c)),
        "top_customers" => top(input),
        "silhouette" => {
            let (x, p) = rows(&input["x"]);
            let labels = labels(&input["labels"]);
            silhouette_samples(&x, p, &labels).map(
                |s| json!({"silhouette": s.iter().sum::<f64>() / s.len() as f64, "samples": s}),
            )
        }
        "personas" => persona(input),
        "lookalike" => look(input),
        _ => return None,
    })
}

/// Rows of numbers → row-major matrix and width.
fn rows(v: &Value) -> (Vec<f64>, usize) {
    let rows: Vec<Vec<f64>> = v.as_array().expect("rows").iter().map(nums).collect();
    let p = rows.first().map_or(0, Vec::len);
    (rows.concat(), p)
}

fn labels(v: &Value) -> Vec<usize> {
    nums(v).iter().map(|&l| l as usize).collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("strings")
        .iter()
        .map(|s| s.as_str().expect("string").to_owned())
        .collect()
}

fn top(input: &Value) -> Result<Value, CxError> {
    let values = nums(&input["values"]);
    let ids = strings(&input["ids"]);
    let k = input.get("k").map(|k| k.as_u64().expect("k") as usize);
    let share = input.get("share").map(num);
    top_customers(&values, k, share).map(|t| {
        let mut v = to_json(&t);
        v["ids"] = json!(t.rows.iter().map(|&r| &ids[r]).collect::<Vec<_>>());
        v
    })
}

fn persona(input: &Value) -> Result<Value, CxError> {
    let (x, _) = rows(&input["x"]);
    let names = strings(&input["feature_names"]);
    let mut params = PersonaParams::default();
    if let Some(k) = input.get("k") {
        params.k = Some(k.as_u64().expect("k") as usize);
    }
    if let Some(r) = input.get("k_range") {
        let r = labels(r);
        params.k_range = (r[0], r[1]);
    }
    if let Some(s) = input.get("seed") {
        params.seed = s.as_u64().expect("seed");
    }
    if let Some(n) = input.get("n_init") {
        params.n_init = n.as_u64().expect("n_init") as usize;
    }
    personas(&x, &names, params).map(|p| to_json(&p))
}

fn look(input: &Value) -> Result<Value, CxError> {
    let (x, p) = rows(&input["x"]);
    let ids = strings(&input["ids"]);
    let seeds = strings(&input["seed_ids"]);
    let method = LookalikeMethod::parse(input["method"].as_str().expect("method"))?;
    lookalike(&ids, &x, p, &seeds, method).map(|r| to_json(&r))
}
