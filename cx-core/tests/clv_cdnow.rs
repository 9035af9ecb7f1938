//! CDNOW reference fits (Fader, Hardie and Lee 2005 and Hardie's notes) on the bundled summary
//! `tests/data/cdnow_customers_summary_with_transactions.csv` (2,357 customers, 39-week
//! calibration period ending 1997-09-30, times in weeks).

use approx::assert_abs_diff_eq;
use cx_core::clv::{BgNbd, GammaGamma, ParetoNbd, PurchaseModel, RepeatData, SpendData};

struct Cdnow {
    x: Vec<f64>,
    tx: Vec<f64>,
    t: Vec<f64>,
    zbar: Vec<f64>,
}

fn cdnow() -> Cdnow {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/cdnow_customers_summary_with_transactions.csv"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let mut d = Cdnow {
        x: vec![],
        tx: vec![],
        t: vec![],
        zbar: vec![],
    };
    for line in text.lines().skip(1) {
        let f: Vec<f64> = line.split(',').map(|v| v.parse().unwrap()).collect();
        d.x.push(f[1]);
        d.tx.push(f[2]);
        d.t.push(f[3]);
        d.zbar.push(f[4]);
    }
    d
}

#[test]
fn bgnbd_reproduces_fader_hardie_lee_2005() {
    let d = cdnow();
    let data = RepeatData::new(&d.x, &d.tx, &d.t, None).unwrap();
    let m = BgNbd::params().fit(&data).unwrap();
    assert!(m.converged);
    // Fader, Hardie and Lee (2005), p. 280: r = 0.243, α = 4.414, a = 0.793, b = 2.426,
    // LL = −9582.4 (published to 3 decimals / 1 decimal: tolerance half a unit in the last place).
    assert_abs_diff_eq!(m.params.r, 0.243, epsilon = 5e-4);
    assert_abs_diff_eq!(m.params.alpha, 4.414, epsilon = 5e-4);
    assert_abs_diff_eq!(m.params.a, 0.793, epsilon = 5e-4);
    assert_abs_diff_eq!(m.params.b, 2.426, epsilon = 5e-4);
    assert_abs_diff_eq!(m.log_likelihood, -9582.4, epsilon = 0.05);
    // CLVTools' own estimate (tests/testthat/test_correctness_bgnbd.R): LL −9582.429.
    assert_abs_diff_eq!(m.log_likelihood, -9582.429, epsilon = 5e-3);
    // Standard errors as printed by lifetimes' BetaGeoFitter summary on the same data
    // (r 0.0126, α 0.378, a 0.186, b 0.705), to 2 significant digits.
    let se = m.standard_errors.unwrap();
    assert_abs_diff_eq!(se.r, 0.0126, epsilon = 5e-4);
    assert_abs_diff_eq!(se.alpha, 0.378, epsilon = 5e-3);
    assert_abs_diff_eq!(se.a, 0.186, epsilon = 5e-3);
    assert_abs_diff_eq!(se.b, 0.705, epsilon = 5e-3);
    // JSON round trip.
    let back: BgNbd = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
    assert_eq!(back, m);
    assert!(back.p_alive(2.0, 30.43, 38.86).unwrap() > 0.5);
}

#[test]
fn gammagamma_reproduces_fader_hardie_note() {
    let d = cdnow();
    let data = SpendData::new(&d.x, &d.zbar, None).unwrap();
    assert_eq!(data.len(), 946);
    let m = GammaGamma::params().fit(&data).unwrap();
    assert!(m.converged);
    // Fader and Hardie (2013), "The Gamma-Gamma Model of Monetary Value", p. 4:
    // p = 6.25, q = 3.74, ν = 15.44 on the 946 repeat customers.
    assert_abs_diff_eq!(m.params.p, 6.25, epsilon = 0.005);
    assert_abs_diff_eq!(m.params.q, 3.74, epsilon = 0.006);
    assert_abs_diff_eq!(m.params.v, 15.44, epsilon = 0.01);
    // Implied population mean spend p ν/(q − 1) = 6.25 × 15.44 / 2.74 = 35.22 at the published
    // estimates.
    let e0 = m.expected_spend(0.0, 0.0).unwrap();
    assert_abs_diff_eq!(e0, 35.2, epsilon = 0.1);
}

#[test]
fn paretonbd_reproduces_fader_hardie_lee_note() {
    let d = cdnow();
    let data = RepeatData::new(&d.x, &d.tx, &d.t, None).unwrap();
    let m = ParetoNbd::params().fit(&data).unwrap();
    eprintln!("{m:?}");
    assert!(m.converged);
    // Fader, Hardie and Lee (2005), "A Note on Implementing the Pareto/NBD Model in MATLAB":
    // r = 0.553, α = 10.58, s = 0.606, β = 11.67, LL = −9594.98 (CLVTools' estimate
    // −9594.9762). The surface is flat in s and β: parameters to 1%, LL to 0.01.
    assert_abs_diff_eq!(m.log_likelihood, -9594.9762, epsilon = 0.01);
    for (got, want) in [
        (m.params.r, 0.553),
        (m.params.alpha, 10.58),
        (m.params.s, 0.606),
        (m.params.beta, 11.67),
    ] {
        assert!((got / want - 1.0).abs() < 0.01, "{got} vs {want}");
    }
}

/// The RFM summary built from the raw CDNOW transactions (`examples/data/CDNOW_sample.txt`)
/// reproduces Hardie's published calibration summary: same-day purchases count once, times in
/// days / 7, calibration ending 1997-09-30, zbar = mean value of the repeat purchase days.
#[cfg(feature = "io")]
#[test]
fn rfm_summary_reproduces_cdnow_calibration_summary() {
    use chrono::{TimeZone, Utc};
    use cx_core::clv::{RfmOptions, TimeUnit, rfm_summary};
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/data/CDNOW_sample.txt"
    );
    let tx: Vec<_> = cx_core::io::read_cdnow_path(path)
        .unwrap()
        .into_iter()
        .map(|p| p.transaction)
        .collect();
    let o = RfmOptions {
        unit: TimeUnit::Week,
        fractional: true,
        observation_end: Some(Utc.with_ymd_and_hms(1998, 6, 30, 0, 0, 0).unwrap()),
        holdout_start: Some(Utc.with_ymd_and_hms(1997, 10, 1, 0, 0, 0).unwrap()),
    };
    let s = rfm_summary(&tx, &o).unwrap();
    let d = cdnow();
    assert_eq!(s.len(), 2357);
    // Customer ids are 1..=2357; the summary sorts them as strings.
    let mut order: Vec<usize> = (0..s.len()).collect();
    order.sort_by_key(|&i| s.customer[i].parse::<usize>().unwrap());
    for (k, &i) in order.iter().enumerate() {
        assert_eq!(s.frequency[i], d.x[k], "customer {}", k + 1);
        assert_abs_diff_eq!(s.recency[i], d.tx[k], epsilon = 0.005 + 1e-9);
        assert_abs_diff_eq!(s.t[i], d.t[k], epsilon = 0.005 + 1e-9);
        assert_abs_diff_eq!(s.monetary_value[i], d.zbar[k], epsilon = 0.005 + 1e-9);
    }
    // 39-week holdout (1997-10-01 to 1998-06-30 = 273 days).
    assert_abs_diff_eq!(s.duration_holdout.unwrap(), 273.0 / 7.0, epsilon = 1e-12);

    // FHL 2005 Figure 4 style check: conditional expectations by calibration frequency against
    // the holdout purchase days (1,882 in this sample). A sanity bound, not a published value:
    // the BG/NBD's total is within 15% of the actual and every bucket within 35%.
    let data = RepeatData::new(&s.frequency, &s.recency, &s.t, None).unwrap();
    let bg = BgNbd::params().fit(&data).unwrap();
    let rows = cx_core::clv::holdout_comparison(&bg, &s, 7).unwrap();
    assert_eq!(rows.len(), 8);
    assert_eq!(rows.iter().map(|r| r.customers).sum::<usize>(), 2357);
    let actual: f64 = rows.iter().map(|r| r.actual * r.customers as f64).sum();
    let predicted: f64 = rows.iter().map(|r| r.predicted * r.customers as f64).sum();
    assert_eq!(actual.round(), 1882.0);
    assert!(
        (predicted / actual - 1.0).abs() < 0.15,
        "{predicted} vs {actual}"
    );
    for r in &rows {
        assert!((r.predicted / r.actual - 1.0).abs() < 0.35, "{r:?}");
    }
    // BTYDplus demos/cdnow.r (Platzer) prints the same table for x = 0..5, rounded to 2
    // decimals: BG/NBD 0.23 0.52 1.04 1.52 2.16 2.65, actual 0.24 0.70 1.39 1.56 2.53 2.95, and
    // a total forecast error (Σ predicted − Σ actual)/Σ actual of −0.121.
    let bt_pred = [0.23, 0.52, 1.04, 1.52, 2.16, 2.65];
    let bt_act = [0.24, 0.70, 1.39, 1.56, 2.53, 2.95];
    for (k, r) in rows.iter().take(6).enumerate() {
        assert_abs_diff_eq!(r.predicted, bt_pred[k], epsilon = 0.005 + 1e-9);
        assert_abs_diff_eq!(r.actual, bt_act[k], epsilon = 0.005 + 1e-9);
    }
    assert_abs_diff_eq!((predicted - actual) / actual, -0.121, epsilon = 5e-4);
}
