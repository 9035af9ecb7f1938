//! Scoring with the Pareto/NBD with time-varying covariates in JS: the class
//! `ParetoNbdDynamic`, loaded from the portable document a Python fit writes
//! (`cx.ParetoNbdDynamic(...).fit(...).to_json()`, `"model": "clv_dynamic_covariates"`).
//! Customers come as the two long tables of the Python API — transactions `(customer, time)`
//! and covariates `(customer, periodStart, one column per covariate)`, times as numbers in
//! the model's unit — read by `cx_core::clv::dynamic_data_from_long`, so every number (the
//! customers' frequency, recency, T and purchase-time covariates, and every score) comes
//! from the core.

use std::collections::HashMap;

use cx_core::CxError;
use cx_core::clv::{Covariates, DynamicData, DynamicModel as Core, dynamic_data_from_long};

use crate::args::{Options, Result, Table, invalid, number};
use crate::clv::load;
use crate::covariates::coefficients;
use crate::model::to_document;
use crate::val::Val;
use crate::{arg, arg_opt};

/// A Pareto/NBD with time-varying covariates (Bachmann, Meierer and Näf 2021), for scoring.
#[derive(Debug, Clone)]
pub struct ParetoNbdDynamic(Core);

/// Customers read from the long tables: the core's data and each row's customer label.
struct Customers {
    data: DynamicData,
    /// The label of each customer code (the core's errors name codes).
    by_code: Vec<String>,
    /// The customer code of each row of `data`.
    rows: Vec<usize>,
}

/// A core error about customer code `i` (field `period_start`) told by the customer's label.
fn name_customer(e: CxError, by_code: &[String]) -> CxError {
    match e {
        CxError::InvalidInput {
            field,
            index: Some(i),
            value,
            reason,
        } if field == "period_start" && i < by_code.len() => CxError::InvalidInput {
            field: "covariates.periodStart".into(),
            index: None,
            value,
            reason: format!("customer {:?}: {reason}", by_code[i]),
        },
        other => other,
    }
}

/// Covariate matrix (row-major) of `names` at the covariates table's rows `keep`, every
/// value of those columns finite.
fn matrix(cov: &Table<'_>, names: &[String], keep: &[usize]) -> Result<Covariates> {
    let mut values = vec![0.0; keep.len() * names.len()];
    for (j, name) in names.iter().enumerate() {
        let field = format!("covariates.{name}");
        if !cov.has(name) {
            return Err(invalid(
                &field,
                None,
                &Val::Undefined,
                "the model needs this covariate column",
            ));
        }
        let col = cov.numbers(name)?;
        if let Some(i) = col.iter().position(|x| !x.is_finite()) {
            return Err(invalid(
                &field,
                Some(i),
                &Val::Num(col[i]),
                "covariate values must be finite",
            ));
        }
        for (i, &k) in keep.iter().enumerate() {
            values[i * names.len() + j] = col[k];
        }
    }
    Covariates::new(names.to_vec(), values, keep.len())
}

/// Codes `0..n` of labels in order of first appearance in `first`; `None` in `later` for a
/// label not seen in `first`.
fn codes(first: &[String], later: &[String]) -> (Vec<String>, Vec<usize>, Vec<Option<usize>>) {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut labels = Vec::new();
    let tx = first
        .iter()
        .map(|l| {
            *index.entry(l).or_insert_with(|| {
                labels.push(l.clone());
                labels.len() - 1
            })
        })
        .collect();
    let cov = later
        .iter()
        .map(|l| index.get(l.as_str()).copied())
        .collect();
    (labels, tx, cov)
}

impl ParetoNbdDynamic {
    /// `ParetoNbdDynamic.fromJSON(json)`: a model from its document (object or text).
    pub fn from_json(args: &[Val]) -> Result<Self> {
        let m: Core = load(arg(args, 0))?;
        m.check()?;
        Ok(Self(m))
    }

    /// `toJSON()`: the portable document.
    pub fn to_json(&self) -> Result<Val> {
        to_document(&self.0)
    }

    /// `params`: `{ r, alpha, s, beta }`, the gamma heterogeneity at zero covariates.
    pub fn params(&self) -> Result<Val> {
        Ok(Val::obj(
            ["r", "alpha", "s", "beta"]
                .into_iter()
                .zip(&self.0.params)
                .map(|(k, v)| (k, Val::Num(*v))),
        ))
    }

    /// `purchaseCoefficients`: γ₁ keyed by covariate name.
    pub fn purchase_coefficients(&self) -> Result<Val> {
        Ok(coefficients(
            &self.0.purchase_names,
            &self.0.purchase_coefficients,
        ))
    }

    /// `dropoutCoefficients`: γ₂ keyed by covariate name.
    pub fn dropout_coefficients(&self) -> Result<Val> {
        Ok(coefficients(
            &self.0.dropout_names,
            &self.0.dropout_coefficients,
        ))
    }

    /// `logLikelihood`: the log-likelihood of the fit (without any penalty).
    pub fn log_likelihood(&self) -> Result<Val> {
        Ok(self.0.log_likelihood.into())
    }

    /// The customers of `data` (`{ transactions, covariates, observationEnd? }`).
    fn customers(&self, data: Option<&Val>) -> Result<Customers> {
        let data = data.ok_or_else(|| {
            invalid(
                "data",
                None,
                &Val::Undefined,
                "pass { transactions, covariates }",
            )
        })?;
        let o = Options::read(data, &["transactions", "covariates", "observationEnd"])?;
        let need = |key: &str| {
            o.get(key)
                .ok_or_else(|| invalid(key, None, &Val::Undefined, "required"))
        };
        let tx = Table::read("transactions", need("transactions")?)?;
        let cov = Table::read("covariates", need("covariates")?)?;
        let tx_customer = tx.strings("customer")?;
        let tx_time = tx.numbers("time")?;
        if tx_time.is_empty() {
            return Err(CxError::Empty {
                field: "transactions".into(),
                needed: 1,
                got: 0,
            });
        }
        let cov_customer = cov.strings("customer")?;
        let cov_start = cov.numbers("periodStart")?;
        if let Some(j) = cov_start.iter().position(|s| !s.is_finite()) {
            return Err(invalid(
                "covariates.periodStart",
                Some(j),
                &Val::Num(cov_start[j]),
                "period starts must be finite",
            ));
        }
        let (labels, tx_codes, cov_codes) = codes(&tx_customer, &cov_customer);
        // Covariate rows of customers without transactions are not used.
        let (keep, cov_kept): (Vec<usize>, Vec<usize>) = cov_codes
            .iter()
            .enumerate()
            .filter_map(|(j, c)| c.map(|c| (j, c)))
            .unzip();
        let purchase = matrix(&cov, &self.0.purchase_names, &keep)?;
        let dropout = matrix(&cov, &self.0.dropout_names, &keep)?;
        let end = match o.number("observationEnd")? {
            Some(e) => e,
            None => tx_time.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        };
        let (data, rows) = dynamic_data_from_long(
            labels.len(),
            &tx_codes,
            &tx_time,
            &cov_kept,
            &keep.iter().map(|&j| cov_start[j]).collect::<Vec<_>>(),
            &purchase,
            &dropout,
            end,
            1.0,
        )
        .map_err(|e| name_customer(e, &labels))?;
        Ok(Customers {
            data,
            by_code: labels,
            rows,
        })
    }

    /// `{ customer, frequency, recency, T, value }` for `values` of `c`'s customers.
    fn result(c: &Customers, values: Vec<f64>) -> Val {
        Val::obj([
            (
                "customer",
                Val::Arr(
                    c.rows
                        .iter()
                        .map(|&k| Val::Str(c.by_code[k].clone()))
                        .collect(),
                ),
            ),
            ("frequency", Val::Nums(c.data.frequency().to_vec())),
            ("recency", Val::Nums(c.data.recency().to_vec())),
            ("T", Val::Nums(c.data.t().to_vec())),
            ("value", Val::Nums(values)),
        ])
    }

    /// `pAlive(data)`: P(alive) at the end of observation per customer.
    pub fn p_alive(&self, args: &[Val]) -> Result<Val> {
        let c = self.customers(arg_opt(args, 0))?;
        let v = self.0.p_alive(&c.data)?;
        Ok(Self::result(&c, v))
    }

    /// `expectedPurchases(t, data)`: expected purchases in the `t` units after the end of
    /// observation, given each customer's future covariate periods.
    pub fn expected_purchases(&self, args: &[Val]) -> Result<Val> {
        let h = number("t", arg(args, 0))?;
        let c = self.customers(arg_opt(args, 1))?;
        let v = self
            .0
            .expected_purchases(h, &c.data)
            .map_err(|e| name_customer(e, &c.by_code))?;
        Ok(Self::result(&c, v))
    }

    /// `logLikelihoods(data)`: each customer's log-likelihood at the model's parameters.
    pub fn log_likelihoods(&self, args: &[Val]) -> Result<Val> {
        let c = self.customers(arg_opt(args, 0))?;
        let v = self.0.log_likelihoods(&c.data)?;
        Ok(Self::result(&c, v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cx_core::clv::{ParetoNbd, ParetoNbdParams, PurchaseModel};

    #[test]
    fn zero_coefficients_score_as_the_plain_model_and_errors_name_the_customer() {
        let core = Core::from_params(
            vec![0.553, 10.58, 0.606, 11.67],
            vec![("x".into(), 0.0)],
            vec![],
        )
        .unwrap();
        let m = ParetoNbdDynamic::from_json(&[to_document(&core).unwrap()]).unwrap();
        // Customer "b" buys at 1.5 and 4.2 (period starts 1..=9), "a" once at 0.5.
        let starts: Vec<f64> = (0..10)
            .map(f64::from)
            .chain((1..10).map(f64::from))
            .collect();
        let who: Vec<Val> = (0..19)
            .map(|k| Val::Str(if k < 10 { "a" } else { "b" }.into()))
            .collect();
        // The first `rows` covariate rows.
        let data = |rows: usize| {
            Val::obj([
                (
                    "transactions",
                    Val::obj([
                        (
                            "customer",
                            Val::Arr(["a", "b", "b"].map(|s| Val::Str(s.into())).to_vec()),
                        ),
                        ("time", Val::Nums(vec![0.5, 1.5, 4.2])),
                    ]),
                ),
                (
                    "covariates",
                    Val::obj([
                        ("customer", Val::Arr(who[..rows].to_vec())),
                        ("periodStart", Val::Nums(starts[..rows].to_vec())),
                        (
                            "x",
                            Val::Nums(starts[..rows].iter().map(|s| s * 0.1).collect()),
                        ),
                    ]),
                ),
                ("observationEnd", Val::Num(8.0)),
            ])
        };
        let Val::Obj(out) = m.p_alive(&[data(19)]).unwrap() else {
            panic!("not an object")
        };
        let Val::Nums(p) = &out[4].1 else {
            panic!("not numbers")
        };
        let plain = ParetoNbd::from_params(ParetoNbdParams {
            r: 0.553,
            alpha: 10.58,
            s: 0.606,
            beta: 11.67,
        })
        .unwrap();
        for (i, (x, tx, t)) in [(0.0, 0.0, 7.5), (1.0, 2.7, 6.5)].into_iter().enumerate() {
            let want = plain.p_alive(x, tx, t).unwrap();
            assert!((p[i] - want).abs() < 1e-12 * want, "{} vs {want}", p[i]);
        }
        // "b"'s periods stop at 6 + 1 < 8.
        let e = m.p_alive(&[data(16)]).unwrap_err();
        assert_eq!(e.field(), Some("covariates.periodStart"));
        assert!(e.to_string().contains("customer \"b\""), "{e}");
    }
}
