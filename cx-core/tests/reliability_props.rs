//! Property tests of issue 14 that `clv_props.rs`, `survey_props.rs`, `retention_props.rs` and
//! `journey_props.rs` do not already cover: P(alive) never rises as the observation period T
//! grows with no new purchase (fixed x and tₓ), and every model reproduces its predictions
//! bit for bit after a round trip through its JSON document (from parameters, and fitted on
//! simulated data).

use cx_core::clv::{
    BgBb, BgBbData, BgBbParams, BgNbd, BgNbdParams, GammaGamma, GammaGammaParams, MbgNbd,
    MbgNbdParams, ParetoNbd, ParetoNbdParams, PurchaseModel, RepeatData, SpendData, simulate,
};
use cx_core::portable::{Portable, from_document, to_document};
use cx_core::retention::ShiftedBetaGeometric;
use proptest::prelude::*;

fn param() -> impl Strategy<Value = f64> {
    0.05_f64..20.0
}

/// (frequency, recency, T) with recency ≤ T, recency > 0 iff frequency > 0.
fn history() -> impl Strategy<Value = (f64, f64, f64)> {
    (0_u32..500, 0.0_f64..1.0, 0.01_f64..2_000.0).prop_map(|(x, u, t)| {
        if x == 0 {
            (0.0, 0.0, t)
        } else {
            (f64::from(x), (u * t).max(1e-3).min(t), t)
        }
    })
}

/// P(alive) at T and at T + d (d > 0): the later value is no larger (up to rounding).
fn p_alive_falls_with_t(m: &dyn PurchaseModel, (x, tx, t): (f64, f64, f64), d: f64) {
    let p1 = m.p_alive(x, tx, t).unwrap();
    let p2 = m.p_alive(x, tx, t + d).unwrap();
    assert!(
        p2 <= p1 * (1.0 + 1e-9) + 1e-300,
        "P(alive) rose from {p1} to {p2} as T went {t} -> {} (x {x}, t_x {tx})",
        t + d
    );
}

/// Predictions of a purchase model on a few histories, as bits.
fn purchase_bits(m: &dyn PurchaseModel) -> Vec<u64> {
    let mut out = Vec::new();
    for (x, tx, t) in [(0.0, 0.0, 30.0), (2.0, 10.0, 30.0), (15.0, 29.5, 30.0)] {
        out.push(m.p_alive(x, tx, t).unwrap().to_bits());
        for h in [1.0, 52.0] {
            out.push(m.expected_purchases(h, x, tx, t).unwrap().to_bits());
        }
    }
    out.push(m.expected_purchases_new(10.0).unwrap().to_bits());
    out
}

/// `m` after a round trip through its JSON document.
fn round_trip<T: Portable>(m: &T) -> T {
    from_document(&to_document(m).unwrap()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn bgnbd_p_alive_non_increasing_in_t(r in param(), alpha in param(), a in param(), b in param(),
                                         hist in history(), d in 0.01_f64..1_000.0) {
        let m = BgNbd::from_params(BgNbdParams { r, alpha, a, b }).unwrap();
        p_alive_falls_with_t(&m, hist, d);
    }

    #[test]
    fn mbgnbd_p_alive_non_increasing_in_t(r in param(), alpha in param(), a in param(), b in param(),
                                          hist in history(), d in 0.01_f64..1_000.0) {
        let m = MbgNbd::from_params(MbgNbdParams { r, alpha, a, b }).unwrap();
        p_alive_falls_with_t(&m, hist, d);
    }

    #[test]
    fn paretonbd_p_alive_non_increasing_in_t(r in param(), alpha in param(), s in param(), beta in param(),
                                             hist in history(), d in 0.01_f64..1_000.0) {
        let m = ParetoNbd::from_params(ParetoNbdParams { r, alpha, s, beta }).unwrap();
        p_alive_falls_with_t(&m, hist, d);
    }

    #[test]
    fn bgbb_p_alive_non_increasing_in_n(alpha in param(), beta in param(), gamma in param(),
                                        delta in param(), n in 1_u32..100, u in 0.0_f64..1.0,
                                        v in 0.0_f64..1.0, k in 1_u32..50) {
        let m = BgBb::from_params(BgBbParams { alpha, beta, gamma, delta }).unwrap();
        let tx = (u * f64::from(n)).floor();
        let x = if tx == 0.0 { 0.0 } else { (v * tx).floor().max(1.0) };
        let p1 = m.p_alive(x, tx, f64::from(n)).unwrap();
        let p2 = m.p_alive(x, tx, f64::from(n + k)).unwrap();
        prop_assert!(p2 <= p1 * (1.0 + 1e-9), "{p1} -> {p2}");
    }

    #[test]
    fn models_from_params_survive_json_bit_for_bit(r in param(), alpha in param(), a in param(),
                                                   b in param()) {
        let bg = BgNbd::from_params(BgNbdParams { r, alpha, a, b }).unwrap();
        prop_assert_eq!(purchase_bits(&round_trip(&bg)), purchase_bits(&bg));
        let mbg = MbgNbd::from_params(MbgNbdParams { r, alpha, a, b }).unwrap();
        prop_assert_eq!(purchase_bits(&round_trip(&mbg)), purchase_bits(&mbg));
        let pn = ParetoNbd::from_params(ParetoNbdParams { r, alpha, s: a, beta: b }).unwrap();
        prop_assert_eq!(purchase_bits(&round_trip(&pn)), purchase_bits(&pn));
        let gg = GammaGamma::from_params(GammaGammaParams { p: r, q: alpha + 1.0, v: a }).unwrap();
        let back = round_trip(&gg);
        prop_assert_eq!(
            back.expected_spend(3.0, 42.5).unwrap().to_bits(),
            gg.expected_spend(3.0, 42.5).unwrap().to_bits()
        );
        let sbg = ShiftedBetaGeometric::from_params(r, alpha).unwrap();
        let back = round_trip(&sbg);
        for t in 0..20 {
            prop_assert_eq!(back.survival(t).to_bits(), sbg.survival(t).to_bits());
        }
    }
}

/// Fitted models (not only parameters: log-likelihood, standard errors, counts) survive their
/// JSON documents, and predict bit for bit the same afterwards.
#[test]
fn fitted_models_survive_json_bit_for_bit() {
    let t: Vec<f64> = (0..400).map(|i| 20.0 + f64::from(i % 20)).collect();
    let sim = simulate::bgnbd(0.5, 5.0, 0.8, 2.5, &t, 7);
    let data = RepeatData::new(&sim.frequency, &sim.recency, &sim.t, None).unwrap();

    let bg = BgNbd::params().fit(&data).unwrap();
    let back = round_trip(&bg);
    assert_eq!(back, bg);
    assert_eq!(purchase_bits(&back), purchase_bits(&bg));

    let mbg = MbgNbd::params().fit(&data).unwrap();
    let back = round_trip(&mbg);
    assert_eq!(back, mbg);
    assert_eq!(purchase_bits(&back), purchase_bits(&mbg));

    let pn = ParetoNbd::params().fit(&data).unwrap();
    let back = round_trip(&pn);
    assert_eq!(back, pn);
    assert_eq!(purchase_bits(&back), purchase_bits(&pn));

    let n: Vec<u32> = vec![6; 500];
    let (x, tx) = simulate::bgbb(1.2, 0.75, 0.65, 2.8, &n, 11);
    let periods: Vec<f64> = n.iter().map(|&v| f64::from(v)).collect();
    let bb = BgBb::params()
        .fit(&BgBbData::new(&x, &tx, &periods, None).unwrap())
        .unwrap();
    let back = round_trip(&bb);
    assert_eq!(back, bb);
    for (x, tx) in [(0.0, 0.0), (2.0, 4.0), (6.0, 6.0)] {
        assert_eq!(
            back.p_alive(x, tx, 6.0).unwrap().to_bits(),
            bb.p_alive(x, tx, 6.0).unwrap().to_bits()
        );
        assert_eq!(
            back.expected_purchases(5, x, tx, 6.0).unwrap().to_bits(),
            bb.expected_purchases(5, x, tx, 6.0).unwrap().to_bits()
        );
    }

    let freq: Vec<f64> = (0..300).map(|i| f64::from(1 + i % 7)).collect();
    let spend = simulate::gammagamma(6.0, 4.0, 15.0, &freq, 3);
    let gg = GammaGamma::params()
        .fit(&SpendData::new(&freq, &spend, None).unwrap())
        .unwrap();
    let back = round_trip(&gg);
    assert_eq!(back, gg);
    assert_eq!(
        back.expected_spend(3.0, 42.5).unwrap().to_bits(),
        gg.expected_spend(3.0, 42.5).unwrap().to_bits()
    );

    let sbg = ShiftedBetaGeometric::params()
        .fit(&[1000.0, 631.0, 468.0, 382.0, 326.0, 289.0, 262.0, 241.0])
        .unwrap();
    let back = round_trip(&sbg);
    assert_eq!(back, sbg);
}
