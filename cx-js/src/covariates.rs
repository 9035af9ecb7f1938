//! Scoring with covariate CLV models in JS: the class `CovariateModel`, loaded from the
//! portable document a Python fit writes (`cx.BgNbd(purchase_covariates=...).fit(...)
//! .to_json()`, `"model": "clv_covariates"`). Covariates are passed as an object of columns
//! keyed by name, `{ logFirstSpend: [...] }`; every number comes from `cx_core::clv`.

use cx_core::clv::{CovariateData, CovariateModel as Core, Covariates};

use crate::args::{Result, invalid, number, numbers};
use crate::clv::load;
use crate::model::to_document;
use crate::val::Val;
use crate::{arg, arg_opt};

/// A BG/NBD, MBG/NBD or Pareto/NBD model with time-invariant covariates (Fader and Hardie
/// 2007), for scoring.
#[derive(Debug, Clone)]
pub struct CovariateModel(Core);

/// Coefficients keyed by covariate name, as the `purchaseCoefficients` and
/// `dropoutCoefficients` getters of the covariate model classes return them.
pub(crate) fn coefficients(names: &[String], values: &[f64]) -> Val {
    Val::obj(
        names
            .iter()
            .zip(values)
            .map(|(k, v)| (k.clone(), Val::Num(*v))),
    )
}

/// The covariate matrix of `names` from an object of columns (`rows` values each).
fn matrix(names: &[String], cov: Option<&Val>, rows: usize) -> Result<Covariates> {
    let mut values = vec![0.0; rows * names.len()];
    for (j, name) in names.iter().enumerate() {
        let field = format!("covariates.{name}");
        let col = match cov.and_then(|c| c.get(name)) {
            Some(v) => numbers(&field, v)?,
            None => {
                return Err(invalid(
                    &field,
                    None,
                    cov.unwrap_or(&Val::Undefined),
                    "the model needs this covariate column",
                ));
            }
        };
        if col.len() != rows {
            return Err(invalid(
                &field,
                None,
                &Val::Num(col.len() as f64),
                &format!("expected {rows} values, one per customer"),
            ));
        }
        for (i, x) in col.into_iter().enumerate() {
            values[i * names.len() + j] = x;
        }
    }
    Covariates::new(names.to_vec(), values, rows)
}

impl CovariateModel {
    /// `CovariateModel.fromJSON(json)`: a model from its document (object or text).
    pub fn from_json(args: &[Val]) -> Result<Self> {
        let m: Core = load(arg(args, 0))?;
        m.check()?;
        Ok(Self(m))
    }

    /// `toJSON()`: the portable document.
    pub fn to_json(&self) -> Result<Val> {
        to_document(&self.0)
    }

    /// `kind`: `"bg_nbd"`, `"mbg_nbd"` or `"pareto_nbd"`.
    pub fn kind(&self) -> Result<Val> {
        crate::val::to_val(&self.0.kind)
    }

    /// `params`: the model parameters at zero covariates, keyed by name.
    pub fn params(&self) -> Result<Val> {
        Ok(Val::obj(
            self.0
                .kind
                .param_names()
                .iter()
                .zip(&self.0.params)
                .map(|(k, v)| (*k, Val::Num(*v))),
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

    /// The customers at arguments `at..at+3` with covariates at `at + 3`.
    fn data(&self, args: &[Val], at: usize) -> Result<CovariateData> {
        let f = numbers("frequency", arg(args, at))?;
        let r = numbers("recency", arg(args, at + 1))?;
        let t = numbers("T", arg(args, at + 2))?;
        let cov = arg_opt(args, at + 3);
        let n = f.len();
        CovariateData::new(
            &f,
            &r,
            &t,
            None,
            matrix(&self.0.purchase_names, cov, n)?,
            matrix(&self.0.dropout_names, cov, n)?,
        )
    }

    /// `pAlive(frequency, recency, T, covariates)`: P(alive) per customer.
    pub fn p_alive(&self, args: &[Val]) -> Result<Val> {
        Ok(Val::Nums(self.0.p_alive(&self.data(args, 0)?)?))
    }

    /// `expectedPurchases(t, frequency, recency, T, covariates)`: expected purchases in the
    /// next `t` time units per customer.
    pub fn expected_purchases(&self, args: &[Val]) -> Result<Val> {
        let h = number("t", arg(args, 0))?;
        Ok(Val::Nums(
            self.0.expected_purchases(h, &self.data(args, 1)?)?,
        ))
    }

    /// `expectedPurchasesNew(t, covariates)`: expected repeat purchases in `(0, t]` of a new
    /// customer with each row's covariates (`t` a number).
    pub fn expected_purchases_new(&self, args: &[Val]) -> Result<Val> {
        let cov = arg_opt(args, 1);
        let first = self
            .0
            .purchase_names
            .iter()
            .chain(&self.0.dropout_names)
            .next()
            .and_then(|n| cov.and_then(|c| c.get(n)))
            .map(|v| numbers("covariates", v).map(|c| c.len()))
            .transpose()?
            .unwrap_or(1);
        let zeros = vec![0.0; first];
        let data = CovariateData::new(
            &zeros,
            &zeros,
            &zeros,
            None,
            matrix(&self.0.purchase_names, cov, first)?,
            matrix(&self.0.dropout_names, cov, first)?,
        )?;
        Ok(Val::Nums(self.0.expected_purchases_new(
            number("t", arg(args, 0))?,
            &data,
        )?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cx_core::clv::{BgNbd, BgNbdParams, CovariateKind, PurchaseModel};

    #[test]
    fn scores_with_each_customers_covariates() {
        let core = Core::from_params(
            CovariateKind::BgNbd,
            vec![0.243, 4.414, 0.793, 2.426],
            vec![("x".into(), 0.5)],
            vec![("x".into(), -0.2)],
        )
        .unwrap();
        let doc = to_document(&core).unwrap();
        let m = CovariateModel::from_json(&[doc]).unwrap();
        let cov = Val::obj([("x", Val::Arr(vec![Val::Num(0.0), Val::Num(1.0)]))]);
        let args = [
            Val::Nums(vec![2.0, 2.0]),
            Val::Nums(vec![30.43, 30.43]),
            Val::Nums(vec![38.86, 38.86]),
            cov,
        ];
        let Val::Nums(p) = m.p_alive(&args).unwrap() else {
            panic!("not numbers")
        };
        let plain = BgNbd::from_params(BgNbdParams {
            r: 0.243,
            alpha: 4.414,
            a: 0.793,
            b: 2.426,
        })
        .unwrap();
        assert_eq!(p[0], plain.p_alive(2.0, 30.43, 38.86).unwrap());
        assert!(p[1] != p[0]);
        let e = m.p_alive(&args[..3]).unwrap_err();
        assert_eq!(e.field(), Some("covariates.x"));
    }
}
