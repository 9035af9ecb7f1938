//! Lookalikes: customers who resemble a seed set.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::standardize::{Standardizer, check_features};
use crate::churn::ChurnClassifier;
use crate::error::{CxError, Result, check_same_len};

/// How [`lookalike`] scores similarity to the seed set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LookalikeMethod {
    /// The churn/propensity classifier ([`ChurnClassifier`], L2 penalty 1, standardized
    /// features) fitted with the seed set as the positive class; the score is its probability.
    Classifier,
    /// Distance to the seed set's centroid in standardized units; the score is
    /// `1 / (1 + distance)`, 1 at the centroid.
    Centroid,
}

impl LookalikeMethod {
    /// Reads `"classifier"` or `"centroid"`.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "classifier" => Ok(Self::Classifier),
            "centroid" => Ok(Self::Centroid),
            other => Err(CxError::InvalidInput {
                field: "method".into(),
                index: None,
                value: Some(other.into()),
                reason: "expected \"classifier\" or \"centroid\"".into(),
            }),
        }
    }
}

/// One scored customer ([`lookalike`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lookalike {
    /// The customer's id.
    pub id: String,
    /// Their row in the feature matrix.
    pub row: usize,
    /// Similarity to the seed set, higher is closer (in `[0, 1]` for both methods).
    pub score: f64,
}

/// Scores every customer outside the seed set by similarity to it, highest first (ties in
/// row order).
///
/// `ids` names the rows of the row-major feature matrix `x` (`n_features` columns);
/// `seed_ids` are the customers to look like (e.g. the best 10%). Features are standardized
/// (z-scores) by both methods. Unknown or missing seed ids, duplicate ids, non-finite features,
/// and a seed set covering every row are errors.
///
/// ```
/// use cx_core::personalize::{lookalike, LookalikeMethod};
///
/// let ids = ["a", "b", "c", "d"];
/// let x = [10.0, 9.0, 1.0, 8.0];
/// let r = lookalike(&ids, &x, 1, &["a"], LookalikeMethod::Centroid)?;
/// assert_eq!(r.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(), ["b", "d", "c"]);
/// # Ok::<(), cx_core::CxError>(())
/// ```
pub fn lookalike<S: AsRef<str>, T: AsRef<str>>(
    ids: &[S],
    x: &[f64],
    n_features: usize,
    seed_ids: &[T],
    method: LookalikeMethod,
) -> Result<Vec<Lookalike>> {
    let n = check_features("features", x, n_features)?;
    check_same_len("features rows", n, "ids", ids.len())?;
    let mut row_of = HashMap::with_capacity(n);
    for (i, id) in ids.iter().enumerate() {
        if row_of.insert(id.as_ref(), i).is_some() {
            return Err(CxError::invalid_at(
                "ids",
                i,
                id.as_ref(),
                "duplicate customer id",
            ));
        }
    }
    if seed_ids.is_empty() {
        return Err(CxError::Empty {
            field: "seed_ids".into(),
            needed: 1,
            got: 0,
        });
    }
    let mut is_seed = vec![false; n];
    for (i, s) in seed_ids.iter().enumerate() {
        let row = row_of.get(s.as_ref()).ok_or_else(|| {
            CxError::invalid_at("seed_ids", i, s.as_ref(), "not among the customer ids")
        })?;
        is_seed[*row] = true;
    }
    if is_seed.iter().all(|&s| s) {
        return Err(CxError::invalid(
            "seed_ids",
            "every customer is in the seed set: nobody is left to score",
        ));
    }
    let scores = match method {
        LookalikeMethod::Classifier => {
            let y: Vec<f64> = is_seed.iter().map(|&s| f64::from(u8::from(s))).collect();
            ChurnClassifier::params()
                .standardize(true)
                .fit(x, n_features, &y)?
                .predict_proba(x)?
        }
        LookalikeMethod::Centroid => {
            let z = Standardizer::fit(x, n_features)?.transform(x);
            let mut centre = vec![0.0; n_features];
            let mut m = 0.0;
            for (r, _) in z
                .chunks_exact(n_features)
                .zip(&is_seed)
                .filter(|(_, s)| **s)
            {
                m += 1.0;
                for (c, v) in centre.iter_mut().zip(r) {
                    *c += v;
                }
            }
            for c in &mut centre {
                *c /= m;
            }
            z.chunks_exact(n_features)
                .map(|r| {
                    let d2: f64 = r.iter().zip(&centre).map(|(a, b)| (a - b) * (a - b)).sum();
                    1.0 / (1.0 + d2.sqrt())
                })
                .collect()
        }
    };
    let mut out: Vec<Lookalike> = (0..n)
        .filter(|&i| !is_seed[i])
        .map(|i| Lookalike {
            id: ids[i].as_ref().to_owned(),
            row: i,
            score: scores[i],
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.row.cmp(&b.row)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_methods_rank_the_near_rows_first() {
        let ids = ["a", "b", "c", "d", "e", "f"];
        let x = [9.0, 1.0, 10.0, 2.0, 8.5, 1.5, 1.0, 9.0, 2.0, 8.0, 8.0, 2.0];
        for m in [LookalikeMethod::Classifier, LookalikeMethod::Centroid] {
            let r = lookalike(&ids, &x, 2, &["a", "b"], m).unwrap();
            assert_eq!(r.len(), 4);
            assert!(r.windows(2).all(|w| w[0].score >= w[1].score));
            let top: Vec<&str> = r[..2].iter().map(|l| l.id.as_str()).collect();
            assert!(top.contains(&"c") && top.contains(&"f"), "{m:?}: {top:?}");
            assert!(r.iter().all(|l| (0.0..=1.0).contains(&l.score)));
        }
        // Centroid (9.5, 1.5) in z units: c sits 0.5 raw units off in x only.
        let r = lookalike(&ids, &x, 2, &["a", "b"], LookalikeMethod::Centroid).unwrap();
        assert_eq!(r[0].id, "c");
    }

    #[test]
    fn errors_name_the_field() {
        let ids = ["a", "b"];
        let x = [1.0, 2.0];
        let m = LookalikeMethod::Centroid;
        let f = |e: CxError| e.field().map(str::to_owned);
        assert_eq!(
            f(lookalike(&ids, &x, 1, &["z"], m).unwrap_err()).as_deref(),
            Some("seed_ids")
        );
        assert_eq!(
            f(lookalike(&ids, &x, 1, &[] as &[&str], m).unwrap_err()).as_deref(),
            Some("seed_ids")
        );
        assert_eq!(
            f(lookalike(&ids, &x, 1, &["a", "b"], m).unwrap_err()).as_deref(),
            Some("seed_ids")
        );
        assert_eq!(
            f(lookalike(&["a"], &x, 1, &["a"], m).unwrap_err()).as_deref(),
            Some("ids")
        );
        assert_eq!(
            f(lookalike(&["a", "a"], &x, 1, &["a"], m).unwrap_err()).as_deref(),
            Some("ids")
        );
        assert_eq!(
            f(lookalike(&ids, &[1.0, f64::NAN], 1, &["a"], m).unwrap_err()).as_deref(),
            Some("features")
        );
        assert_eq!(
            f(LookalikeMethod::parse("knn").unwrap_err()).as_deref(),
            Some("method")
        );
    }
}
