//! Predictive customer lifetime value: RFM summaries, the buy-till-you-die purchase models
//! (BG/NBD, MBG/NBD, Pareto/NBD, BG/BB), the Gamma-Gamma spend model and discounted CLV.
//!
//! Each model follows the same shape (linfa style): validated inputs ([`RepeatData`],
//! [`SpendData`]), a fit configuration (`Model::params()` → [`FitConfig`]), and a fitted,
//! serializable model with `params`, `log_likelihood`, `converged`, `iterations` and
//! `standard_errors`.
//!
//! ```
//! use cx_core::clv::{BgNbd, PurchaseModel, RepeatData};
//!
//! // frequency (repeat purchases), recency and T in weeks.
//! let data = RepeatData::new(
//!     &[0.0, 2.0, 1.0, 5.0, 0.0, 3.0],
//!     &[0.0, 30.4, 1.7, 35.0, 0.0, 20.0],
//!     &[38.9, 38.9, 38.9, 38.0, 37.5, 36.0],
//!     None,
//! )?;
//! let model = BgNbd::params().fit(&data)?;
//! let p = model.p_alive(2.0, 30.4, 38.9)?;
//! assert!((0.0..=1.0).contains(&p));
//! # Ok::<(), cx_core::CxError>(())
//! ```

mod bgbb;
mod bgnbd;
mod bootstrap;
mod compare;
mod covariates;
mod data;
mod gammagamma;
mod ggnbd;
mod holdout;
mod mbgnbd;
mod paretonbd;
mod paretonbd_cor;
mod rfm;
pub mod simulate;
mod tracking;
mod value;

pub use bgbb::{BgBb, BgBbData, BgBbParams};
pub use bgnbd::{BgNbd, BgNbdParams};
pub use bootstrap::{
    Bootstrap, BootstrapConfig, ClvSpec, Refit, bootstrap_covariate_model,
    bootstrap_purchase_model, percentile_interval, wald_intervals,
};
pub use compare::{FittedLikelihood, LrTest, aic, bic, lr_test};
pub use covariates::{
    CovariateConfig, CovariateData, CovariateErrors, CovariateKind, CovariateModel, Covariates,
};
pub use data::{Compressed, FitConfig, RepeatData, compress};
pub use gammagamma::{GammaGamma, GammaGammaParams, SpendData};
pub use ggnbd::{GgNbd, GgNbdParams};
pub use holdout::{HoldoutRow, holdout_comparison};
pub use mbgnbd::{MbgNbd, MbgNbdParams};
pub use paretonbd::{ParetoNbd, ParetoNbdParams};
pub use paretonbd_cor::{ParetoNbdCor, ParetoNbdCorParams};
pub use rfm::{
    RfmOptions, RfmScores, RfmSegment, RfmSummary, RfmSummaryIds, RfmSummaryOf, rfm_scores,
    rfm_summary, rfm_summary_columns, rfm_summary_ids, rfm_summary_ticks,
};
pub use tracking::{TrackingRow, tracking};
pub use value::{TimeUnit, discounted_clv};

use crate::error::Result;

/// The predictions every continuous-time purchase model offers; times are in the unit of the
/// data it was fitted on.
pub trait PurchaseModel {
    /// Probability that a customer with this history (`frequency` repeat purchases, last at
    /// `recency`, observed for `t`) is still active at the end of observation.
    ///
    /// # Errors
    /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) for an invalid triple.
    fn p_alive(&self, frequency: f64, recency: f64, t: f64) -> Result<f64>;

    /// Expected number of purchases in the next `t` time units of a customer with this history
    /// (conditional expectation).
    ///
    /// # Errors
    /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) for an invalid triple or horizon.
    fn expected_purchases(&self, t: f64, frequency: f64, recency: f64, big_t: f64) -> Result<f64>;

    /// Expected number of repeat purchases in `(0, t]` of a new customer, measured from the
    /// first purchase (unconditional expectation).
    ///
    /// # Errors
    /// [`CxError::InvalidInput`](crate::CxError::InvalidInput) for a bad horizon.
    fn expected_purchases_new(&self, t: f64) -> Result<f64>;

    /// Expected purchases in the next `t` time units of a customer who is still active:
    /// [`expected_purchases`](Self::expected_purchases) is [`p_alive`](Self::p_alive) times
    /// this, which depends on the history only through `frequency` and `big_t`, so that bulk
    /// scoring (discounted CLV) computes it once per distinct pair. `None` (the default) for a
    /// model that does not factor this way; the inputs are assumed valid.
    fn expected_if_alive(&self, t: f64, frequency: f64, big_t: f64) -> Option<f64> {
        let _ = (t, frequency, big_t);
        None
    }
}
