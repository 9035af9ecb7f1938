//! Predictive customer lifetime value: RFM summaries, the buy-till-you-die purchase models
//! (BG/NBD, MBG/NBD, Pareto/NBD, BG/BB), the Gamma-Gamma spend model and discounted CLV.
//!
//! Each model follows the same shape (linfa style): validated inputs ([`RepeatData`],
//! [`SpendData`]), a fit configuration (`Model::params()` → [`FitConfig`]), and a fitted,
//! serializable model with `params`, `log_likelihood`, `converged`, `iterations` and
//! `standard_errors`.
//!
//! ```
//! use cx_core::clv::{BgNbd, PurchaseModel, RepeatData, simulate};
//!
//! // 2,000 customers from the BG/NBD model with CDNOW-like parameters, 39 weeks each
//! // (frequency = repeat purchases, recency and T in weeks).
//! let sim = simulate::bgnbd(0.24, 4.4, 0.79, 2.4, &vec![39.0; 2000], 7);
//! let data = RepeatData::new(&sim.frequency, &sim.recency, &sim.t, None)?;
//! let model = BgNbd::params().fit(&data)?;
//! assert!(model.converged);
//! let p = model.p_alive(2.0, 30.4, 39.0)?;
//! assert!((0.0..=1.0).contains(&p));
//!
//! // Six customers cannot identify four parameters: the likelihood runs out to the boundary
//! // (b → 0) and the fit says so instead of returning parameters near 1e-9.
//! let tiny = RepeatData::new(
//!     &[0.0, 2.0, 1.0, 5.0, 0.0, 3.0],
//!     &[0.0, 30.4, 1.7, 35.0, 0.0, 20.0],
//!     &[38.9, 38.9, 38.9, 38.0, 37.5, 36.0],
//!     None,
//! )?;
//! assert!(matches!(
//!     BgNbd::params().fit(&tiny),
//!     Err(cx_core::CxError::NotConverged { .. })
//! ));
//! # Ok::<(), cx_core::CxError>(())
//! ```

mod bgbb;
mod bgnbd;
mod bootstrap;
mod compare;
mod covariates;
mod data;
mod dynamic;
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
pub use dynamic::{
    DynamicConfig, DynamicData, DynamicModel, SimulatedDynamic, dynamic_data_from_long,
    simulate_dynamic,
};
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
