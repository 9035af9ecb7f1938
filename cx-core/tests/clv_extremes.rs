//! Acceptance: no NaN or infinity for frequency up to 10,000 and T up to 10,000 in any model's
//! P(alive), expected purchases and log-likelihood, over a grid of histories and parameter sets
//! from small to large (deterministic, complements the property tests in `clv_props.rs`).

use cx_core::clv::{
    BgBb, BgBbData, BgBbParams, BgNbd, BgNbdParams, GammaGamma, GammaGammaParams, MbgNbd,
    MbgNbdParams, ParetoNbd, ParetoNbdParams, PurchaseModel, RepeatData, SpendData,
};

const FREQUENCIES: [f64; 7] = [0.0, 1.0, 10.0, 100.0, 1_000.0, 5_000.0, 10_000.0];
const TS: [f64; 6] = [0.5, 1.0, 39.0, 1_000.0, 5_000.0, 10_000.0];
const HORIZONS: [f64; 4] = [0.0, 1.0, 52.0, 10_000.0];
/// Shape/scale sets: CDNOW-like, small shapes, large shapes.
const PARAMS: [[f64; 4]; 4] = [
    [0.243, 4.414, 0.793, 2.426],
    [0.05, 0.05, 0.05, 0.05],
    [20.0, 20.0, 20.0, 20.0],
    [0.553, 10.58, 0.606, 11.67],
];

/// Valid (frequency, recency, T) histories of the grid: recency just after the first
/// purchase, in the middle and at T.
fn histories() -> Vec<(f64, f64, f64)> {
    let mut out = Vec::new();
    for &t in &TS {
        for &x in &FREQUENCIES {
            if x == 0.0 {
                out.push((0.0, 0.0, t));
            } else {
                for tx in [1e-3_f64.min(t), t / 2.0, t] {
                    out.push((x, tx, t));
                }
            }
        }
    }
    out
}

fn check(name: &str, m: &dyn PurchaseModel, ll: &dyn Fn(&RepeatData) -> f64) {
    for (x, tx, t) in histories() {
        let p = m.p_alive(x, tx, t).unwrap();
        assert!(
            p.is_finite() && (0.0..=1.0).contains(&p),
            "{name} p_alive {p} at ({x}, {tx}, {t})"
        );
        for h in HORIZONS {
            let e = m.expected_purchases(h, x, tx, t).unwrap();
            assert!(
                e.is_finite() && e >= 0.0,
                "{name} expected_purchases({h}) {e} at ({x}, {tx}, {t})"
            );
        }
        let data = RepeatData::new(&[x], &[tx], &[t], None).unwrap();
        let v = ll(&data);
        assert!(
            v.is_finite(),
            "{name} log-likelihood {v} at ({x}, {tx}, {t})"
        );
    }
    for h in HORIZONS {
        let e = m.expected_purchases_new(h).unwrap();
        assert!(
            e.is_finite() && e >= 0.0,
            "{name} expected_purchases_new({h}) {e}"
        );
    }
}

#[test]
fn continuous_models_stay_finite() {
    for [a0, a1, a2, a3] in PARAMS {
        let bg = BgNbdParams {
            r: a0,
            alpha: a1,
            a: a2,
            b: a3,
        };
        check("BG/NBD", &BgNbd::from_params(bg).unwrap(), &|d| {
            BgNbd::log_likelihood_of(&bg, d)
        });
        let mbg = MbgNbdParams {
            r: a0,
            alpha: a1,
            a: a2,
            b: a3,
        };
        check("MBG/NBD", &MbgNbd::from_params(mbg).unwrap(), &|d| {
            MbgNbd::log_likelihood_of(&mbg, d)
        });
        let pn = ParetoNbdParams {
            r: a0,
            alpha: a1,
            s: a2,
            beta: a3,
        };
        check("Pareto/NBD", &ParetoNbd::from_params(pn).unwrap(), &|d| {
            ParetoNbd::log_likelihood_of(&pn, d)
        });
    }
}

#[test]
fn bgbb_stays_finite() {
    for [alpha, beta, gamma, delta] in PARAMS {
        let params = BgBbParams {
            alpha,
            beta,
            gamma,
            delta,
        };
        let m = BgBb::from_params(params).unwrap();
        for n in [1.0, 10.0, 1_000.0, 10_000.0_f64] {
            for x in FREQUENCIES.iter().copied().filter(|&x| x <= n) {
                for tx in [x, f64::midpoint(x, n), n] {
                    let (tx, x) = if x == 0.0 {
                        (0.0, 0.0)
                    } else {
                        (tx.floor(), x)
                    };
                    let p = m.p_alive(x, tx, n).unwrap();
                    assert!(
                        p.is_finite() && (0.0..=1.0).contains(&p),
                        "{p} at {x} {tx} {n}"
                    );
                    for k in [1, 52, 10_000] {
                        let e = m.expected_purchases(k, x, tx, n).unwrap();
                        assert!(e.is_finite() && e >= 0.0, "{e} at {x} {tx} {n} {k}");
                    }
                    let d = BgBbData::new(&[x], &[tx], &[n], None).unwrap();
                    let v = BgBb::log_likelihood_of(&params, &d);
                    assert!(v.is_finite(), "log-likelihood {v} at {x} {tx} {n}");
                }
            }
        }
        let e = m.expected_purchases_new(10_000);
        assert!(e.is_finite() && e >= 0.0);
    }
}

#[test]
fn gammagamma_stays_finite() {
    for [p, q, v, _] in PARAMS {
        let params = GammaGammaParams { p, q: q + 1.0, v };
        let m = GammaGamma::from_params(params).unwrap();
        for x in FREQUENCIES.iter().copied().filter(|&x| x > 0.0) {
            for spend in [0.01, 35.0, 1e6] {
                let e = m.expected_spend(x, spend).unwrap();
                assert!(e.is_finite() && e > 0.0, "{e} at {x} {spend}");
                let d = SpendData::new(&[x], &[spend], None).unwrap();
                let ll = GammaGamma::log_likelihood_of(&params, &d);
                assert!(ll.is_finite(), "log-likelihood {ll} at {x} {spend}");
            }
        }
    }
}

#[test]
fn fits_without_repeat_purchases_fail_clearly() {
    let zeros = [0.0; 20];
    let t = [30.0; 20];
    let data = RepeatData::new(&zeros, &zeros, &t, None).unwrap();
    let errors = [
        BgNbd::params().fit(&data).unwrap_err(),
        MbgNbd::params().fit(&data).unwrap_err(),
        ParetoNbd::params().fit(&data).unwrap_err(),
        BgBb::params()
            .fit(&BgBbData::new(&zeros, &zeros, &[6.0; 20], None).unwrap())
            .unwrap_err(),
    ];
    for e in errors {
        assert_eq!(e.field(), Some("frequency"), "{e}");
        assert!(e.to_string().contains("repeat purchase"), "{e}");
    }
}
