//! Metrics for churn probabilities: discrimination (AUC, lift) and calibration (Brier,
//! log-loss, decile table).

use crate::math;
use serde::{Deserialize, Serialize};

use crate::error::{CxError, Result, check_len_at_least, check_same_len};

fn check(y_true: &[f64], p: &[f64]) -> Result<()> {
    check_same_len("y_true", y_true.len(), "p", p.len())?;
    check_len_at_least("y_true", y_true.len(), 1)?;
    if let Some(i) = y_true.iter().position(|&v| v != 0.0 && v != 1.0) {
        return Err(CxError::invalid_at(
            "y_true",
            i,
            y_true[i],
            "labels must be 0 or 1",
        ));
    }
    if let Some(i) = p.iter().position(|&v| !(0.0..=1.0).contains(&v)) {
        return Err(CxError::invalid_at(
            "p",
            i,
            p[i],
            "probabilities must be between 0 and 1",
        ));
    }
    Ok(())
}

/// Indices sorted by `p`, ascending, ties in input order.
fn order(p: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..p.len()).collect();
    idx.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    idx
}

/// Area under the ROC curve: the Mann–Whitney probability that a random churner gets a
/// higher score than a random non-churner, ties counting one half (midranks).
///
/// Hanley, J. A. and McNeil, B. J. (1982). "The meaning and use of the area under a
/// receiver operating characteristic (ROC) curve". Radiology 143(1), 29–36.
#[allow(clippy::doc_markdown)] // an author's name, not code
pub fn auc(y_true: &[f64], p: &[f64]) -> Result<f64> {
    check(y_true, p)?;
    let n_pos = y_true.iter().filter(|&&v| v == 1.0).count() as f64;
    let n_neg = y_true.len() as f64 - n_pos;
    if n_pos == 0.0 || n_neg == 0.0 {
        return Err(CxError::invalid(
            "y_true",
            "AUC needs both classes (at least one 1 and one 0)",
        ));
    }
    let idx = order(p);
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && p[idx[j + 1]] == p[idx[i]] {
            j += 1;
        }
        // Ranks i+1 ..= j+1 share their mean.
        let mid = (i + j) as f64 / 2.0 + 1.0;
        rank_sum += mid * idx[i..=j].iter().filter(|&&k| y_true[k] == 1.0).count() as f64;
        i = j + 1;
    }
    Ok((rank_sum - n_pos * (n_pos + 1.0) / 2.0) / (n_pos * n_neg))
}

/// Brier score: mean of `(p − y)²` (Brier 1950, Monthly Weather Review 78(1), 1–3).
pub fn brier_score(y_true: &[f64], p: &[f64]) -> Result<f64> {
    check(y_true, p)?;
    Ok(y_true
        .iter()
        .zip(p)
        .map(|(y, p)| (p - y).powi(2))
        .sum::<f64>()
        / y_true.len() as f64)
}

/// Mean log-loss `−[y ln p + (1 − y) ln(1 − p)]`, with `p` clipped to
/// `[ε, 1 − ε]`, ε = `f64::EPSILON`, as scikit-learn's `log_loss`.
pub fn log_loss(y_true: &[f64], p: &[f64]) -> Result<f64> {
    check(y_true, p)?;
    let eps = f64::EPSILON;
    Ok(y_true
        .iter()
        .zip(p)
        .map(|(&y, &p)| {
            let p = p.clamp(eps, 1.0 - eps);
            -(y * math::ln(p) + (1.0 - y) * math::ln(1.0 - p))
        })
        .sum::<f64>()
        / y_true.len() as f64)
}

/// One bin of a calibration table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CalibrationBin {
    /// Customers in the bin.
    pub count: u64,
    /// Smallest predicted probability in the bin.
    pub p_min: f64,
    /// Largest predicted probability in the bin.
    pub p_max: f64,
    /// Mean predicted probability.
    pub mean_predicted: f64,
    /// Observed churn rate.
    pub observed_rate: f64,
}

/// Calibration table by quantile bins (deciles with `bins = 10`): customers sorted by
/// predicted probability (ties in input order) and cut into `bins` groups of sizes
/// `⌊(k+1)n/bins⌋ − ⌊kn/bins⌋` (1 ≤ bins ≤ n).
pub fn calibration_table(y_true: &[f64], p: &[f64], bins: usize) -> Result<Vec<CalibrationBin>> {
    check(y_true, p)?;
    let n = y_true.len();
    if bins == 0 || bins > n {
        return Err(CxError::InvalidInput {
            field: "bins".into(),
            index: None,
            value: Some(bins.to_string()),
            reason: format!("need from 1 to n = {n} bins"),
        });
    }
    let idx = order(p);
    // u128 keeps k·n exact for any n.
    let cut = |k: usize| (k as u128 * n as u128 / bins as u128) as usize;
    Ok((0..bins)
        .filter_map(|k| {
            let (a, b) = (cut(k), cut(k + 1));
            let slice = &idx[a..b];
            if slice.is_empty() {
                return None;
            }
            let c = slice.len() as f64;
            Some(CalibrationBin {
                count: slice.len() as u64,
                p_min: p[slice[0]],
                p_max: p[slice[slice.len() - 1]],
                mean_predicted: slice.iter().map(|&i| p[i]).sum::<f64>() / c,
                observed_rate: slice.iter().map(|&i| y_true[i]).sum::<f64>() / c,
            })
        })
        .collect())
}

/// Lift at fraction `k` (0 < k ≤ 1): churn rate among the `⌈k·n⌉` highest-scored
/// customers ÷ the overall churn rate (ties at the cut broken by input order).
pub fn lift_at(y_true: &[f64], p: &[f64], k: f64) -> Result<f64> {
    check(y_true, p)?;
    if !(k > 0.0 && k <= 1.0) {
        return Err(CxError::InvalidInput {
            field: "k".into(),
            index: None,
            value: Some(k.to_string()),
            reason: "fraction targeted must be in (0, 1]".into(),
        });
    }
    let n = y_true.len();
    let overall = y_true.iter().sum::<f64>() / n as f64;
    if overall == 0.0 {
        return Err(CxError::invalid(
            "y_true",
            "lift needs at least one churner (1)",
        ));
    }
    let top = ((k * n as f64).ceil() as usize).clamp(1, n);
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|&a, &b| p[b].total_cmp(&p[a]));
    let rate = idx[..top].iter().map(|&i| y_true[i]).sum::<f64>() / top as f64;
    Ok(rate / overall)
}

/// Everything [`churn_metrics`] reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChurnMetrics {
    /// Customers scored.
    pub n: u64,
    /// Churners among them.
    pub positives: u64,
    /// Area under the ROC curve (see [`auc`]).
    pub auc: f64,
    /// Brier score (see [`brier_score`]).
    pub brier: f64,
    /// Mean log-loss (see [`log_loss`]).
    pub log_loss: f64,
    /// Calibration by deciles (one bin per customer when n < 10; see [`calibration_table`]).
    pub calibration: Vec<CalibrationBin>,
    /// Lift in the top 10% (see [`lift_at`]).
    pub lift_at_10: f64,
}

/// AUC, Brier score, log-loss, decile calibration and top-decile lift in one call.
pub fn churn_metrics(y_true: &[f64], p: &[f64]) -> Result<ChurnMetrics> {
    Ok(ChurnMetrics {
        n: y_true.len() as u64,
        positives: y_true.iter().filter(|&&v| v == 1.0).count() as u64,
        auc: auc(y_true, p)?,
        brier: brier_score(y_true, p)?,
        log_loss: log_loss(y_true, p)?,
        calibration: calibration_table(y_true, p, 10.min(y_true.len()))?,
        lift_at_10: lift_at(y_true, p, 0.1)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    #[test]
    fn auc_with_ties_by_hand() {
        // Pairs (pos, neg): scores pos {0.8, 0.4}, neg {0.4, 0.2}: comparisons
        // 0.8>0.4, 0.8>0.2, 0.4=0.4 (½), 0.4>0.2 → 3.5 / 4.
        let y = [1.0, 1.0, 0.0, 0.0];
        let p = [0.8, 0.4, 0.4, 0.2];
        assert_abs_diff_eq!(auc(&y, &p).unwrap(), 0.875, epsilon = 1e-15);
        assert_abs_diff_eq!(
            brier_score(&y, &p).unwrap(),
            (0.04 + 0.36 + 0.16 + 0.04) / 4.0,
            epsilon = 1e-15
        );
        // Top 25% = the 0.8 churner: rate 1 over overall 0.5.
        assert_abs_diff_eq!(lift_at(&y, &p, 0.25).unwrap(), 2.0, epsilon = 1e-15);
        assert!(auc(&[1.0, 1.0], &[0.1, 0.2]).is_err());
    }
}
