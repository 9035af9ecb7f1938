//! Fitted models, their inputs and the tallies are plain data: `Send + Sync`, so one fitted
//! model can score from many threads and tallies can be built per thread and merged. These
//! are compile-time checks: the test fails to build if a type loses either trait (a `Cell`,
//! an `Rc` or a raw pointer added to it).

use cx_core::CxError;
use cx_core::churn::{ChurnClassifier, ChurnClassifierParams, ChurnMetrics};
use cx_core::clv::{
    BgBb, BgBbData, BgBbParams, BgNbd, BgNbdParams, FitConfig, GammaGamma, GammaGammaParams,
    MbgNbd, MbgNbdParams, ParetoNbd, ParetoNbdParams, PurchaseModel, RepeatData, RfmSummary,
    SpendData,
};
use cx_core::journey::{Attribution, AttributionModel, FunnelReport, FunnelSpec};
use cx_core::retention::{KaplanMeier, SbgParams, ShiftedBetaGeometric};
use cx_core::survey::{CesResult, CsatResult, NpsResult, NpsSummary, NpsTally, ScoreTally};

const fn send_sync<T: Send + Sync>() {}

/// Checked when the test is compiled; the call below only keeps the items used.
const _: () = {
    // Fitted models and their fit configurations.
    send_sync::<BgNbd>();
    send_sync::<MbgNbd>();
    send_sync::<ParetoNbd>();
    send_sync::<BgBb>();
    send_sync::<GammaGamma>();
    send_sync::<ShiftedBetaGeometric>();
    send_sync::<ChurnClassifier>();
    send_sync::<KaplanMeier>();
    send_sync::<FitConfig<BgNbdParams>>();
    send_sync::<FitConfig<MbgNbdParams>>();
    send_sync::<FitConfig<ParetoNbdParams>>();
    send_sync::<FitConfig<BgBbParams>>();
    send_sync::<FitConfig<GammaGammaParams>>();
    send_sync::<SbgParams>();
    send_sync::<ChurnClassifierParams>();
    // Validated inputs (RepeatData caches its pairs in a OnceLock, which is Sync).
    send_sync::<RepeatData>();
    send_sync::<BgBbData>();
    send_sync::<SpendData>();
    send_sync::<RfmSummary>();
    // Tallies and results.
    send_sync::<NpsTally>();
    send_sync::<ScoreTally>();
    send_sync::<NpsSummary>();
    send_sync::<NpsResult>();
    send_sync::<CsatResult>();
    send_sync::<CesResult>();
    send_sync::<ChurnMetrics>();
    send_sync::<FunnelSpec>();
    send_sync::<FunnelReport>();
    send_sync::<Attribution>();
    send_sync::<AttributionModel>();
    send_sync::<CxError>();
};

/// One fitted model shared by reference across threads scores the same as on one thread.
#[test]
fn one_fitted_model_scores_the_same_from_many_threads() {
    let m = BgNbd::from_params(BgNbdParams {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
    })
    .unwrap();
    let one: Vec<f64> = (0..50)
        .map(|i| {
            m.p_alive(f64::from(i % 7), f64::from(i % 7) * 3.0, 30.0)
                .unwrap()
        })
        .collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                s.spawn(|| {
                    (0..50)
                        .map(|i| {
                            m.p_alive(f64::from(i % 7), f64::from(i % 7) * 3.0, 30.0)
                                .unwrap()
                        })
                        .collect::<Vec<f64>>()
                })
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), one);
        }
    });
}
