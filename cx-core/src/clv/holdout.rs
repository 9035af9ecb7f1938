//! Calibration/holdout validation of a purchase model (Fader, Hardie and Lee 2005, Figure 4:
//! expected vs actual repeat purchases in the holdout period by calibration frequency).

use serde::{Deserialize, Serialize};

use crate::clv::PurchaseModel;
use crate::clv::rfm::RfmSummary;
use crate::error::{CxError, Result};

/// One row of [`holdout_comparison`]: customers with `frequency` repeat purchases in the
/// calibration period (the last row gathers `frequency` and more).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HoldoutRow {
    /// Calibration frequency (lower bound of the last, open bucket).
    pub frequency: u32,
    /// Number of customers in the bucket.
    pub customers: usize,
    /// Mean actual purchases in the holdout period.
    pub actual: f64,
    /// Mean conditional expectation of the model over the holdout duration.
    pub predicted: f64,
}

/// Compares a model fitted on the calibration columns of `summary` with what the customers did
/// in its holdout period: for calibration frequency 0, 1, ..., `max_frequency` (and more), the
/// mean actual holdout purchases and the mean of
/// [`PurchaseModel::expected_purchases`] over `duration_holdout`.
///
/// # Errors
/// [`CxError::InvalidInput`](crate::CxError::InvalidInput) naming `holdout_start` when the summary has no holdout period;
/// errors of the model's predictions.
pub fn holdout_comparison<M: PurchaseModel + ?Sized>(
    model: &M,
    summary: &RfmSummary,
    max_frequency: u32,
) -> Result<Vec<HoldoutRow>> {
    let (Some(actual), Some(duration)) = (&summary.frequency_holdout, summary.duration_holdout)
    else {
        return Err(CxError::invalid(
            "holdout_start",
            "the RFM summary has no holdout period (set RfmOptions::holdout_start)",
        ));
    };
    let k = max_frequency as usize + 1;
    let mut n = vec![0_usize; k];
    let mut act = vec![0.0; k];
    let mut pred = vec![0.0; k];
    for (i, &held) in actual.iter().enumerate() {
        let b = (summary.frequency[i] as usize).min(k - 1);
        n[b] += 1;
        act[b] += held;
        pred[b] += model.expected_purchases(
            duration,
            summary.frequency[i],
            summary.recency[i],
            summary.t[i],
        )?;
    }
    Ok((0..k)
        .filter(|&b| n[b] > 0)
        .map(|b| HoldoutRow {
            frequency: b as u32,
            customers: n[b],
            actual: act[b] / n[b] as f64,
            predicted: pred[b] / n[b] as f64,
        })
        .collect())
}
