//! Covariate CLV models in the shared vectors: time-invariant covariates for BG/NBD, MBG/NBD
//! and Pareto/NBD (`tests/vectors/clv_covariates.json`) and the Pareto/NBD with time-varying
//! covariates (`tests/vectors/clv_dynamic.json`).

use cx_core::CxError;
use cx_core::clv::{
    CovariateData, CovariateKind, CovariateModel, Covariates, DynamicModel, dynamic_data_from_long,
};
use serde_json::{Value, json};

use super::common::{num, nums};

/// Runs a case; `None` when `function` is not one of these.
pub fn run(function: &str, input: &Value) -> Option<Result<Value, CxError>> {
    Some(match function {
        "covariate_score" => covariate_score(input),
        "dynamic_score" => dynamic_score(input),
        _ => return None,
    })
}

/// `{name: γ}` as (name, γ) pairs.
fn coefficients(v: &Value) -> Vec<(String, f64)> {
    v.as_object()
        .expect("coefficients")
        .iter()
        .map(|(k, g)| (k.clone(), num(g)))
        .collect()
}

/// The columns `names` of the object `table`, row-major.
fn matrix(table: &Value, names: &[String], rows: usize) -> Result<Covariates, CxError> {
    let cols: Vec<Vec<f64>> = names.iter().map(|n| nums(&table[n.as_str()])).collect();
    let values = (0..rows)
        .flat_map(|i| cols.iter().map(move |c| c[i]))
        .collect();
    Covariates::new(names.to_vec(), values, rows)
}

fn covariate_score(input: &Value) -> Result<Value, CxError> {
    let kind = match input["kind"].as_str().expect("kind") {
        "bg_nbd" => CovariateKind::BgNbd,
        "mbg_nbd" => CovariateKind::MbgNbd,
        _ => CovariateKind::ParetoNbd,
    };
    let m = CovariateModel::from_params(
        kind,
        nums(&input["params"]),
        coefficients(&input["purchase"]),
        coefficients(&input["dropout"]),
    )?;
    let (x, tx, t) = (
        nums(&input["frequency"]),
        nums(&input["recency"]),
        nums(&input["T"]),
    );
    let n = x.len();
    let data = CovariateData::new(
        &x,
        &tx,
        &t,
        None,
        matrix(&input["covariates"], &m.purchase_names, n)?,
        matrix(&input["covariates"], &m.dropout_names, n)?,
    )?;
    let h = num(&input["horizon"]);
    Ok(json!({
        "log_likelihood": m.log_likelihood_of(&data)?,
        "p_alive": m.p_alive(&data)?,
        "expected_purchases": m.expected_purchases(h, &data)?,
    }))
}

fn ids(v: &Value) -> Vec<usize> {
    v.as_array()
        .expect("customer ids")
        .iter()
        .map(|c| usize::try_from(c.as_u64().expect("customer id")).expect("id"))
        .collect()
}

fn dynamic_score(input: &Value) -> Result<Value, CxError> {
    let m = DynamicModel::from_params(
        nums(&input["params"]),
        coefficients(&input["purchase"]),
        coefficients(&input["dropout"]),
    )?;
    let (tx, cov) = (&input["transactions"], &input["covariates"]);
    let tx_customer = ids(&tx["customer"]);
    let cov_customer = ids(&cov["customer"]);
    let n = tx_customer
        .iter()
        .chain(&cov_customer)
        .max()
        .map_or(0, |m| m + 1);
    let rows = cov_customer.len();
    let (data, _) = dynamic_data_from_long(
        n,
        &tx_customer,
        &nums(&tx["time"]),
        &cov_customer,
        &nums(&cov["period_start"]),
        &matrix(cov, &m.purchase_names, rows)?,
        &matrix(cov, &m.dropout_names, rows)?,
        num(&input["observation_end"]),
        1.0,
    )?;
    Ok(json!({
        "log_likelihood": m.log_likelihoods(&data)?,
        "p_alive": m.p_alive(&data)?,
        "expected_purchases": m.expected_purchases(num(&input["horizon"]), &data)?,
    }))
}
