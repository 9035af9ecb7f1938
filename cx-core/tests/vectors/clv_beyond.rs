//! Model-comparison, Gamma-Gompertz/NBD and correlated Pareto/NBD cases of the shared vectors
//! (`tests/vectors/clv_beyond.json`).

use cx_core::CxError;
use cx_core::clv::{
    GgNbd, GgNbdParams, ParetoNbdCor, ParetoNbdCorParams, PurchaseModel, RepeatData, lr_test,
};
use serde_json::{Value, json};

use super::common::{num, nums, to_json};

/// Runs a case; `None` when `function` is not one of these.
pub fn run(function: &str, input: &Value) -> Option<Result<Value, CxError>> {
    Some(match function {
        "lr_test" => lr_test(
            num(&input["ll_restricted"]),
            num(&input["ll_full"]),
            input["df"].as_u64().expect("df") as u32,
        )
        .map(|t| to_json(&t)),
        "ggnbd_predict" => ggnbd_predict(input),
        "paretonbd_cor_predict" => paretonbd_cor_predict(input),
        _ => return None,
    })
}

fn ggnbd_predict(input: &Value) -> Result<Value, CxError> {
    let p: GgNbdParams = serde_json::from_value(input["params"].clone()).expect("params");
    let m = GgNbd::from_params(p)?;
    let t = num(&input["t"]);
    let (x, tx, big_t) = (
        nums(&input["frequency"]),
        nums(&input["recency"]),
        nums(&input["T"]),
    );
    let mut pa = Vec::new();
    let mut e = Vec::new();
    for i in 0..x.len() {
        pa.push(m.p_alive(x[i], tx[i], big_t[i])?);
        e.push(m.expected_purchases(t, x[i], tx[i], big_t[i])?);
    }
    let data = RepeatData::new(&x, &tx, &big_t, None)?;
    Ok(json!({
        "p_alive": pa,
        "expected_purchases": e,
        "expected_purchases_new": m.expected_purchases_new(t)?,
        "log_likelihood": GgNbd::log_likelihood_of(&p, &data),
    }))
}

fn paretonbd_cor_predict(input: &Value) -> Result<Value, CxError> {
    let p: ParetoNbdCorParams = serde_json::from_value(input["params"].clone()).expect("params");
    let m = ParetoNbdCor::from_params(p)?;
    let t = num(&input["t"]);
    let (x, tx, big_t) = (
        nums(&input["frequency"]),
        nums(&input["recency"]),
        nums(&input["T"]),
    );
    let data = RepeatData::new(&x, &tx, &big_t, None)?;
    Ok(json!({
        "p_alive": m.p_alive_many(&x, &tx, &big_t)?,
        "expected_purchases": m.expected_purchases_many(t, &x, &tx, &big_t)?,
        "expected_purchases_new": m.expected_purchases_new(t)?,
        "log_likelihood": ParetoNbdCor::log_likelihood_of(&p, &data),
    }))
}
