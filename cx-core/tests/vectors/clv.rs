//! CLV cases of the shared vectors (`tests/vectors/clv.json`).

use cx_core::CxError;
use cx_core::clv::{
    BgBb, BgBbData, BgBbParams, BgNbd, BgNbdParams, GammaGamma, GammaGammaParams, MbgNbd,
    ParetoNbd, ParetoNbdParams, PurchaseModel, RepeatData, SpendData,
};
use serde_json::{Value, json};

use super::common::{num, nums, opt_nums, to_json};

/// Runs a CLV case; `None` when `function` is not a CLV function.
pub fn run(function: &str, input: &Value) -> Option<Result<Value, CxError>> {
    Some(match function {
        "bgnbd_fit" => repeat_data(input).and_then(|d| Ok(to_json(&BgNbd::params().fit(&d)?))),
        "mbgnbd_fit" => repeat_data(input).and_then(|d| Ok(to_json(&MbgNbd::params().fit(&d)?))),
        "paretonbd_fit" => {
            repeat_data(input).and_then(|d| Ok(to_json(&ParetoNbd::params().fit(&d)?)))
        }
        "gammagamma_fit" => SpendData::new(
            &nums(&input["frequency"]),
            &nums(&input["monetary_value"]),
            opt_nums(input, "weights").as_deref(),
        )
        .and_then(|d| Ok(to_json(&GammaGamma::params().fit(&d)?))),
        "bgbb_fit" => BgBbData::new(
            &nums(&input["frequency"]),
            &nums(&input["recency"]),
            &nums(&input["n_periods"]),
            opt_nums(input, "weights").as_deref(),
        )
        .and_then(|d| Ok(to_json(&BgBb::params().fit(&d)?))),
        "bgnbd_predict" => {
            BgNbd::from_params(params::<BgNbdParams>(input)).and_then(|m| predict(&m, input))
        }
        "paretonbd_predict" => ParetoNbd::from_params(params::<ParetoNbdParams>(input))
            .and_then(|m| predict(&m, input)),
        "bgbb_predict" => {
            BgBb::from_params(params::<BgBbParams>(input)).and_then(|m| bgbb_predict(&m, input))
        }
        "gammagamma_expected_spend" => GammaGamma::from_params(params::<GammaGammaParams>(input))
            .and_then(|m| {
                let s = m.expected_spend_many(
                    &nums(&input["frequency"]),
                    &nums(&input["monetary_value"]),
                )?;
                Ok(json!({ "expected_spend": s }))
            }),
        _ => return None,
    })
}

fn repeat_data(input: &Value) -> Result<RepeatData, CxError> {
    RepeatData::new(
        &nums(&input["frequency"]),
        &nums(&input["recency"]),
        &nums(&input["T"]),
        opt_nums(input, "weights").as_deref(),
    )
}

fn params<P: serde::de::DeserializeOwned>(input: &Value) -> P {
    serde_json::from_value(input["params"].clone()).expect("params")
}

fn predict<M: PurchaseModel>(m: &M, input: &Value) -> Result<Value, CxError> {
    let t = num(&input["t"]);
    let (x, tx, big_t) = (
        nums(&input["frequency"]),
        nums(&input["recency"]),
        nums(&input["T"]),
    );
    let mut p = Vec::new();
    let mut e = Vec::new();
    for i in 0..x.len() {
        p.push(m.p_alive(x[i], tx[i], big_t[i])?);
        e.push(m.expected_purchases(t, x[i], tx[i], big_t[i])?);
    }
    Ok(json!({
        "p_alive": p,
        "expected_purchases": e,
        "expected_purchases_new": m.expected_purchases_new(t)?,
    }))
}

fn bgbb_predict(m: &BgBb, input: &Value) -> Result<Value, CxError> {
    let n_star = input["n_star"].as_u64().expect("n_star") as u32;
    let n = input["n"].as_u64().expect("n") as u32;
    let (x, tx, np) = (
        nums(&input["frequency"]),
        nums(&input["recency"]),
        nums(&input["n_periods"]),
    );
    let mut p = Vec::new();
    let mut e = Vec::new();
    for i in 0..x.len() {
        p.push(m.p_alive(x[i], tx[i], np[i])?);
        e.push(m.expected_purchases(n_star, x[i], tx[i], np[i])?);
    }
    Ok(json!({
        "p_alive": p,
        "expected_purchases": e,
        "expected_purchases_new": m.expected_purchases_new(n),
    }))
}
