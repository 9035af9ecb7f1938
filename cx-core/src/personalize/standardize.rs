//! Feature checks and z-score standardization shared by personas and lookalikes.

use serde::{Deserialize, Serialize};

use crate::error::{CxError, Result};

/// Checks a row-major matrix `x` of `n_features` columns named `field`; returns the rows.
pub(crate) fn check_features(field: &str, x: &[f64], n_features: usize) -> Result<usize> {
    if n_features == 0 {
        return Err(CxError::invalid("n_features", "need at least one feature"));
    }
    if !x.len().is_multiple_of(n_features) {
        return Err(CxError::InvalidInput {
            field: field.into(),
            index: None,
            value: Some(x.len().to_string()),
            reason: format!("length is not a multiple of n_features = {n_features}"),
        });
    }
    if let Some(i) = x.iter().position(|v| !v.is_finite()) {
        return Err(CxError::invalid_at(
            field,
            i / n_features,
            x[i],
            format!("feature {} must be finite", i % n_features),
        ));
    }
    let n = x.len() / n_features;
    if n == 0 {
        return Err(CxError::Empty {
            field: field.into(),
            needed: 1,
            got: 0,
        });
    }
    Ok(n)
}

/// Column means and population standard deviations of a feature matrix; a constant column
/// keeps scale 1 (as scikit-learn's `StandardScaler`), so its z-scores are all 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Standardizer {
    /// Mean of each feature.
    pub means: Vec<f64>,
    /// Population standard deviation of each feature (1 for a constant feature).
    pub scales: Vec<f64>,
}

impl Standardizer {
    /// Means and scales of the row-major matrix `x` (`n_features` columns, at least one row).
    pub fn fit(x: &[f64], n_features: usize) -> Result<Self> {
        let n = check_features("x", x, n_features)? as f64;
        let mut means = vec![0.0; n_features];
        for row in x.chunks_exact(n_features) {
            for (m, v) in means.iter_mut().zip(row) {
                *m += v;
            }
        }
        for m in &mut means {
            *m /= n;
        }
        let mut scales = vec![0.0; n_features];
        for row in x.chunks_exact(n_features) {
            for ((s, v), m) in scales.iter_mut().zip(row).zip(&means) {
                *s += (v - m) * (v - m);
            }
        }
        for s in &mut scales {
            let sd = (*s / n).sqrt();
            *s = if sd > 0.0 { sd } else { 1.0 };
        }
        Ok(Self { means, scales })
    }

    /// `(x − mean) / scale`, row-major like `x`.
    pub fn transform(&self, x: &[f64]) -> Vec<f64> {
        let p = self.means.len();
        x.chunks_exact(p)
            .flat_map(|row| {
                row.iter()
                    .zip(&self.means)
                    .zip(&self.scales)
                    .map(|((v, m), s)| (v - m) / s)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn z_scores_and_constant_columns() {
        let s = Standardizer::fit(&[1.0, 5.0, 3.0, 5.0], 2).unwrap();
        assert_eq!(s.means, [2.0, 5.0]);
        assert_eq!(s.scales, [1.0, 1.0]);
        assert_eq!(s.transform(&[1.0, 5.0, 3.0, 5.0]), [-1.0, 0.0, 1.0, 0.0]);
        let e = check_features("features", &[1.0, f64::NAN], 1).unwrap_err();
        assert!(
            matches!(e, CxError::InvalidInput { index: Some(1), .. }),
            "{e}"
        );
        assert!(matches!(
            check_features("features", &[], 2),
            Err(CxError::Empty { .. })
        ));
        assert!(check_features("features", &[1.0, 2.0, 3.0], 2).is_err());
    }
}
