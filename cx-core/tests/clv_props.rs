//! Property tests of the CLV purchase models: P(alive) in [0, 1], expectations finite,
//! non-negative and non-decreasing in the horizon, for any valid history and parameters.

use cx_core::clv::{
    BgBb, BgBbParams, BgNbd, BgNbdParams, MbgNbd, MbgNbdParams, ParetoNbd, ParetoNbdParams,
    PurchaseModel,
};
use proptest::prelude::*;

fn param() -> impl Strategy<Value = f64> {
    0.05_f64..20.0
}

/// (frequency, recency, T) with recency ≤ T, recency > 0 iff frequency > 0.
fn history() -> impl Strategy<Value = (f64, f64, f64)> {
    (0_u32..2_000, 0.0_f64..1.0, 0.01_f64..5_000.0).prop_map(|(x, u, t)| {
        if x == 0 {
            (0.0, 0.0, t)
        } else {
            (f64::from(x), (u * t).max(1e-3).min(t), t)
        }
    })
}

fn check_model(m: &dyn PurchaseModel, (x, tx, t): (f64, f64, f64), h: f64) {
    let p = m.p_alive(x, tx, t).unwrap();
    assert!((0.0..=1.0).contains(&p), "p_alive {p} at {x} {tx} {t}");
    let e1 = m.expected_purchases(h, x, tx, t).unwrap();
    let e2 = m.expected_purchases(2.0 * h, x, tx, t).unwrap();
    assert!(e1.is_finite() && e1 >= 0.0, "{e1} at {x} {tx} {t} {h}");
    assert!(
        e2 >= e1 * (1.0 - 1e-9),
        "not increasing: {e1} {e2} at {x} {tx} {t} {h}"
    );
    let n = m.expected_purchases_new(h).unwrap();
    assert!(n.is_finite() && n >= 0.0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn bgnbd_invariants(r in param(), alpha in param(), a in param(), b in param(),
                        hist in history(), h in 0.1_f64..500.0) {
        let m = BgNbd::from_params(BgNbdParams { r, alpha, a, b }).unwrap();
        check_model(&m, hist, h);
    }

    #[test]
    fn mbgnbd_invariants(r in param(), alpha in param(), a in param(), b in param(),
                         hist in history(), h in 0.1_f64..500.0) {
        let m = MbgNbd::from_params(MbgNbdParams { r, alpha, a, b }).unwrap();
        check_model(&m, hist, h);
    }

    #[test]
    fn paretonbd_invariants(r in param(), alpha in param(), s in param(), beta in param(),
                            hist in history(), h in 0.1_f64..500.0) {
        let m = ParetoNbd::from_params(ParetoNbdParams { r, alpha, s, beta }).unwrap();
        check_model(&m, hist, h);
    }

    #[test]
    fn bgbb_invariants(alpha in param(), beta in param(), gamma in param(), delta in param(),
                       n in 0_u32..200, u in 0.0_f64..1.0, v in 0.0_f64..1.0, k in 1_u32..50) {
        let m = BgBb::from_params(BgBbParams { alpha, beta, gamma, delta }).unwrap();
        let tx = (u * f64::from(n)).floor();
        let x = if tx == 0.0 { 0.0 } else { (v * tx).floor().max(1.0) };
        let p = m.p_alive(x, tx, f64::from(n)).unwrap();
        prop_assert!((0.0..=1.0).contains(&p));
        let e1 = m.expected_purchases(k, x, tx, f64::from(n)).unwrap();
        let e2 = m.expected_purchases(2 * k, x, tx, f64::from(n)).unwrap();
        prop_assert!(e1.is_finite() && e1 >= 0.0 && e2 >= e1 * (1.0 - 1e-9));
    }
}
