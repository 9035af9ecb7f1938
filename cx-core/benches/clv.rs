//! CLV fits on 1M simulated customers (one core unless built with `--features parallel`).
//!
//! The purchase histories are simulated at day resolution (a 12-week acquisition cohort
//! observed for 39 weeks, times in weeks = days / 7), as real transaction logs are, so many
//! customers share a (frequency, recency, T) triple: the likelihood is summed once per distinct
//! triple with its count as weight ([`RepeatData`] compresses on construction). The benches time
//! compression and fitting separately. Gamma-Gamma spends are continuous and are not compressed.
//!
//! Run: `cargo bench -p cx-core --bench clv` (add `--features parallel` for rayon).

use criterion::{Criterion, criterion_group, criterion_main};
use cx_core::clv::{
    BgBb, BgBbData, BgNbd, BgNbdParams, GammaGamma, GammaGammaParams, MbgNbd, ParetoNbd,
    RepeatData, RfmOptions, SpendData, TimeUnit, rfm_summary_ids, rfm_summary_ticks, simulate,
};
use std::hint::black_box;

const N: usize = 1_000_000;

/// Observation lengths in weeks for a 12-week daily acquisition cohort observed to week 39.
fn cohort_t() -> Vec<f64> {
    (0..N)
        .map(|i| f64::from(273 - (i % 84) as u32) / 7.0)
        .collect()
}

/// Rounds simulated recencies up to whole days (at least one day after the first purchase).
fn to_days(s: &mut simulate::Simulated) {
    for ((x, tx), t) in s.frequency.iter().zip(&mut s.recency).zip(&s.t) {
        if *x > 0.0 {
            *tx = ((*tx * 7.0).ceil() / 7.0).clamp(1.0 / 7.0, *t);
        }
    }
}

fn data(mut s: simulate::Simulated) -> (simulate::Simulated, RepeatData) {
    to_days(&mut s);
    let d = RepeatData::new(&s.frequency, &s.recency, &s.t, None).unwrap();
    (s, d)
}

fn clv_fits(c: &mut Criterion) {
    let t = cohort_t();
    let mut g = c.benchmark_group("clv_1M");
    g.sample_size(10);

    let (sim, bg) = data(simulate::bgnbd(0.243, 4.414, 0.793, 2.426, &t, 1));
    eprintln!("BG/NBD: {N} customers -> {} distinct triples", bg.len());
    g.bench_function("compress_triples", |b| {
        b.iter(|| RepeatData::new(&sim.frequency, &sim.recency, &sim.t, None).unwrap());
    });
    g.bench_function("bgnbd_fit", |b| {
        b.iter(|| BgNbd::params().fit(black_box(&bg)).unwrap());
    });

    let (_, mbg) = data(simulate::mbgnbd(0.243, 4.414, 0.793, 2.426, &t, 2));
    eprintln!("MBG/NBD: {} distinct triples", mbg.len());
    g.bench_function("mbgnbd_fit", |b| {
        b.iter(|| MbgNbd::params().fit(black_box(&mbg)).unwrap());
    });

    let (_, pn) = data(simulate::paretonbd(0.553, 10.58, 0.606, 11.67, &t, 3));
    eprintln!("Pareto/NBD: {} distinct triples", pn.len());
    g.bench_function("paretonbd_fit", |b| {
        b.iter(|| ParetoNbd::params().fit(black_box(&pn)).unwrap());
    });

    let n = vec![6_u32; N];
    let (x, tx) = simulate::bgbb(1.204, 0.750, 0.657, 2.783, &n, 4);
    let np = vec![6.0; N];
    g.bench_function("bgbb_compress_and_fit", |b| {
        b.iter(|| {
            let d = BgBbData::new(&x, &tx, &np, None).unwrap();
            BgBb::params().fit(&d).unwrap()
        });
    });

    let freq: Vec<f64> = (0..N).map(|i| 1.0 + (i % 12) as f64).collect();
    let spend = simulate::gammagamma(6.25, 3.74, 15.44, &freq, 5);
    let sd = SpendData::new(&freq, &spend, None).unwrap();
    g.bench_function("gammagamma_fit", |b| {
        b.iter(|| GammaGamma::params().fit(black_box(&sd)).unwrap());
    });
    g.finish();
}

/// Scoring with fixed parameters: P(alive) of 10M customers and Gamma-Gamma + 12-month CLV of
/// 1M (benches/compare/suite.py's `palive` and `clv` tasks, without the Python layer).
fn clv_scoring(c: &mut Criterion) {
    let mut g = c.benchmark_group("clv_scoring");
    g.sample_size(10);
    let m = BgNbd::from_params(BgNbdParams {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
    })
    .unwrap();
    let big: Vec<f64> = (0..10 * N)
        .map(|i| f64::from(273 - (i % 84) as u32) / 7.0)
        .collect();
    let (x, tx): (Vec<f64>, Vec<f64>) = (0..10 * N)
        .map(|i| {
            let x = (i % 7) as f64;
            (
                x,
                if x > 0.0 {
                    // Recency > 0 with repeat purchases (a validated history).
                    big[i] * (((i % 10) + 1) as f64 / 11.0)
                } else {
                    0.0
                },
            )
        })
        .unzip();
    g.bench_function("bgnbd_p_alive_10M", |b| {
        b.iter(|| m.p_alive_many(black_box(&x), &tx, &big).unwrap());
    });
    let gg = GammaGamma::from_params(GammaGammaParams {
        p: 6.25,
        q: 3.74,
        v: 15.44,
    })
    .unwrap();
    let spend: Vec<f64> = (0..N).map(|i| 10.0 + (i % 50) as f64).collect();
    g.bench_function("gammagamma_clv_12_months_1M", |b| {
        b.iter(|| {
            gg.clv(
                &m,
                &x[..N],
                &tx[..N],
                &big[..N],
                &spend,
                12,
                0.01,
                TimeUnit::Week,
            )
            .unwrap()
        });
    });
    g.finish();
}

/// RFM summary of 10M transactions of 1M integer customer ids over two years of days, rows
/// in pseudo-random order (the `rfm` task of benches/compare/suite.py).
fn rfm(c: &mut Criterion) {
    let mut g = c.benchmark_group("rfm_summary");
    g.sample_size(10);
    let mut s: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    let (ids, days): (Vec<i64>, Vec<i64>) = (0..10 * N)
        .map(|_| {
            (
                (next() % N as u64).cast_signed(),
                19_700 + (next() % 730).cast_signed(),
            )
        })
        .unzip();
    let o = RfmOptions {
        unit: TimeUnit::Day,
        ..RfmOptions::default()
    };
    g.bench_function("integer_ids_10M_tx", |b| {
        b.iter(|| rfm_summary_ids(black_box(&ids), &days, None, &o).unwrap());
    });
    // The same purchases as numpy datetime64[s] ticks, the layout the Python binding passes.
    let seconds: Vec<i64> = days.iter().map(|d| d * 86_400 + 3_600).collect();
    g.bench_function("integer_ids_10M_tx_from_seconds", |b| {
        b.iter(|| rfm_summary_ticks(black_box(&ids), &seconds, 86_400, None, &o).unwrap());
    });
    g.finish();
}

criterion_group!(benches, clv_fits, clv_scoring, rfm);
criterion_main!(benches);
