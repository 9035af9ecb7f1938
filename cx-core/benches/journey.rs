//! Journey benches (one core unless built with `--features parallel`): funnel over 10M events
//! x 5 steps (target < 1 s), Markov order-1 attribution on 100k paths and on 1M path strings,
//! exact Shapley over 10 channels.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use cx_core::journey::{
    AttributionModel, FunnelColumns, FunnelIds, FunnelOrder, PathData, Touch, attribution,
    attribution_interned, funnel_columns, path_strings,
};
use std::hint::black_box;

/// Deterministic xorshift stream.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn funnel(c: &mut Criterion) {
    const N: usize = 10_000_000;
    // 1M customers with 10 events each on average, 20 event kinds, sorted by customer then
    // time as the fast path requires; steps are event ids 0..5.
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut customers = Vec::with_capacity(N);
    let mut times = Vec::with_capacity(N);
    let mut events = Vec::with_capacity(N);
    let (mut cust, mut t) = (0u32, 0i64);
    for _ in 0..N {
        let r = rng.next();
        if r.is_multiple_of(10) {
            cust += 1;
            t = 0;
        }
        t += i64::from(((r >> 8) % 7_200) as u16);
        customers.push(cust);
        times.push(t);
        events.push(((r >> 24) % 20) as u32);
    }
    let cols = FunnelColumns {
        customers: &customers,
        times: &times,
        events: &events,
        breakdown: None,
    };
    let mut g = c.benchmark_group("funnel");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(10);
    for order in [
        FunnelOrder::Ordered,
        FunnelOrder::Strict,
        FunnelOrder::Unordered,
    ] {
        let ids = FunnelIds {
            steps: (0..5).map(|k| vec![k]).collect(),
            exclusions: vec![19],
            window_seconds: 14 * 86_400,
            order,
            touch: Touch::FirstTouch,
        };
        g.bench_function(format!("{order:?}_10M_events_5_steps"), |b| {
            b.iter(|| funnel_columns(black_box(&cols), black_box(&ids)).unwrap());
        });
    }
    g.finish();
}

fn markov_and_shapley(c: &mut Criterion) {
    let channels = [
        "web", "email", "chat", "phone", "store", "social", "app", "search", "display", "tv",
    ];
    let mut rng = Rng(42);
    let mut paths = Vec::new();
    let mut conv = Vec::new();
    let mut nulls = Vec::new();
    for _ in 0..100_000 {
        let len = 1 + (rng.next() % 6) as usize;
        let p: Vec<&str> = (0..len)
            .map(|_| channels[(rng.next() % 5) as usize])
            .collect();
        let converted = rng.next().is_multiple_of(4);
        paths.push(p);
        conv.push(if converted { 1.0 } else { 0.0 });
        nulls.push(if converted { 0.0 } else { 1.0 });
    }
    let data = PathData::new(&paths, &conv).nulls(&nulls);
    let mut g = c.benchmark_group("attribution");
    g.sample_size(10);
    g.bench_function("markov_order1_100k_paths", |b| {
        b.iter(|| attribution(black_box(&data), AttributionModel::Markov { order: 1 }).unwrap());
    });
    g.bench_function("markov_order3_100k_paths", |b| {
        b.iter(|| attribution(black_box(&data), AttributionModel::Markov { order: 3 }).unwrap());
    });
    let wide: Vec<Vec<&str>> = (0..10_000)
        .map(|_| {
            let len = 1 + (rng.next() % 4) as usize;
            (0..len)
                .map(|_| channels[(rng.next() % 10) as usize])
                .collect()
        })
        .collect();
    // 1M journeys as path strings (1-10 touches over 8 channels, as in the `markov` task of
    // benches/compare/suite.py): split and aggregated by distinct path, then the chain.
    let eight = &channels[..8];
    let mut strings = Vec::with_capacity(1_000_000);
    let mut conv_1m = Vec::with_capacity(1_000_000);
    for _ in 0..1_000_000 {
        let mut len = 1;
        while len < 10 && rng.next() % 100 >= 35 {
            len += 1;
        }
        let p: Vec<&str> = (0..len).map(|_| eight[(rng.next() % 8) as usize]).collect();
        strings.push(p.join(" > "));
        conv_1m.push(if rng.next().is_multiple_of(4) {
            1.0
        } else {
            0.0
        });
    }
    let nulls_1m: Vec<f64> = conv_1m.iter().map(|c| 1.0 - c).collect();
    g.bench_function("markov_order1_1M_path_strings", |b| {
        b.iter(|| {
            let p =
                path_strings(black_box(&strings), ">", &conv_1m, Some(&nulls_1m), None).unwrap();
            attribution_interned(&p.as_paths(), AttributionModel::Markov { order: 1 }).unwrap()
        });
    });
    let ones = vec![1.0; wide.len()];
    let wide_data = PathData::new(&wide, &ones);
    g.bench_function("shapley_10_channels_10k_paths", |b| {
        b.iter(|| attribution(black_box(&wide_data), AttributionModel::Shapley).unwrap());
    });
    g.finish();
}

criterion_group!(benches, funnel, markov_and_shapley);
criterion_main!(benches);
