// The workload of concurrency.test.mjs: fits and scoring of every kind on fixed data. Imported
// by the test (main thread) and run as a worker_threads worker, which loads its own copy of
// the build under test (CX_TARGET) and posts the results back.
import { isMainThread, parentPort } from 'node:worker_threads';

/** Deterministic pseudo-random numbers in [0, 1) (a 32-bit LCG), so every thread sees the same data. */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Customers, durations, features and scores, identical on every call. */
export function data() {
  const u = rng(14);
  const n = 1500;
  const f = new Float64Array(n);
  const r = new Float64Array(n);
  const T = new Float64Array(n);
  const m = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    T[i] = 30 + Math.floor(u() * 10);
    f[i] = Math.floor(-Math.log(1 - u()) * 2);
    r[i] = f[i] > 0 ? Math.max(1, Math.floor(u() * T[i])) : 0;
    m[i] = 10 + Math.floor(u() * 50);
  }
  const durations = Float64Array.from({ length: 3000 }, () => 1 + Math.floor(u() * 50));
  const observed = Float64Array.from({ length: 3000 }, () => (u() < 0.7 ? 1 : 0));
  const x = Array.from({ length: 1000 }, () => [u() * 2 - 1, u() * 2 - 1]);
  const y = Float64Array.from(x, ([a, b]) => (a - 0.5 * b + (u() - 0.5) > 0 ? 1 : 0));
  const scores = Float64Array.from({ length: 5000 }, () => Math.floor(u() * 11));
  return { f, r, T, m, durations, observed, x, y, scores };
}

/** Fits and scores one of each kind; everything returned is compared exactly. */
export function workload(cx) {
  const d = data();
  // Made-up histories with no heterogeneity in dropout: the maximum lies on the boundary
  // (a, b -> infinity), so the estimate is kept, marked unconverged; only equality matters here.
  const bg = cx.BgNbd.fit(d.f, d.r, d.T, { allowUnconverged: true });
  // Pareto/NBD from known parameters (FHL 2005 CDNOW): only scoring, its fit is covered elsewhere.
  const pareto = cx.ParetoNbd.fromParams({ r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 });
  const rep = [...d.f.keys()].filter((i) => d.f[i] > 0);
  const gg = cx.GammaGamma.fit(rep.map((i) => d.f[i]), rep.map((i) => d.m[i]));
  const sbg = cx.ShiftedBetaGeometric.fit([1000, 631, 468, 382, 326, 289, 262, 241]);
  const km = cx.kaplanMeier(d.durations, d.observed);
  const clf = cx.ChurnClassifier.fit(d.x, d.y);
  const tally = new cx.NpsTally();
  tally.add(d.scores);
  return {
    bg: bg.toJSON(),
    pareto: pareto.toJSON(),
    gg: gg.toJSON(),
    sbg: sbg.toJSON(),
    km: JSON.parse(JSON.stringify(km)),
    clf: clf.toJSON(),
    tally: tally.toJSON(),
    pAlive: bg.pAlive(d.f, d.r, d.T),
    expected: pareto.expectedPurchases(52, d.f, d.r, d.T),
    proba: clf.predictProba(d.x),
    nps: cx.nps(d.scores),
  };
}

if (!isMainThread && parentPort) {
  const { cx } = await import('./target.mjs');
  parentPort.postMessage(workload(cx));
}
