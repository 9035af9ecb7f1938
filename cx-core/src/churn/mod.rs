//! Churn probability: an L2-regularized logistic-regression classifier on customer features,
//! and the metrics to judge it (AUC, Brier score, log-loss, calibration by deciles, lift).

mod logistic;
mod metrics;

pub use logistic::{ChurnClassifier, ChurnClassifierParams};
pub use metrics::{
    CalibrationBin, ChurnMetrics, auc, brier_score, calibration_table, churn_metrics, lift_at,
    log_loss,
};
