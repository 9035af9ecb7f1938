// The Node addon and the wasm build give the same results on the same random inputs, and
// the same error codes and messages on the same bad inputs. Results agree to 1e-12
// relative, not to the bit: quantiles go through `ln`/`exp`, which the native build takes
// from the C library and the wasm build from Rust's own math, and those differ in the
// last bit now and then.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { load } from './target.mjs';

const native = load('node');
const wasm = load('wasm');

/** A seeded generator (mulberry32), so a failure reproduces. */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Result of `f` on a build, or its error as `{code, message}`. */
function outcome(f, m) {
  try {
    return { ok: f(m) };
  } catch (e) {
    return { code: e.code, field: e.field, index: e.index, message: e.message };
  }
}

/** `b` with every number within 1e-12 relative of `a` replaced by `a`'s. */
function snap(a, b) {
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a)) ? a : b;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const out = Array.isArray(b) ? [] : {};
    for (const k of Object.keys(b)) out[k] = snap(a[k], b[k]);
    return out;
  }
  return b;
}

function same(name, f) {
  const want = outcome(f, native);
  assert.deepEqual(snap(want, outcome(f, wasm)), want, name);
}

test('random inputs: identical results from both builds', () => {
  const r = rng(20261125);
  for (let i = 0; i < 200; i++) {
    const n = 1 + Math.floor(r() * 60);
    const scores = Array.from({ length: n }, () => Math.floor(r() * 11));
    const five = scores.map((s) => 1 + (s % 5));
    const seven = scores.map((s) => 1 + (s % 7));
    const weights = scores.map(() => r() * 3);
    const level = 0.5 + r() * 0.49;
    const method = r() < 0.5 ? 'wald' : 'adjusted_wald';
    same(`nps #${i}`, (m) => m.nps(scores, { level, method }));
    same(`nps bytes #${i}`, (m) => m.nps(Uint8Array.from(scores), { method }));
    same(`nps weighted #${i}`, (m) => m.nps(Float64Array.from(scores), { weights, method, level }));
    same(`compareNps #${i}`, (m) => m.compareNps(scores, five, { method, level }));
    same(`csat #${i}`, (m) => m.csat(five, { topBox: 1 + (i % 4), level }));
    same(`ces #${i}`, (m) => m.ces(seven, { lowIsEasy: i % 2 === 0, level }));
  }
});

test('bad inputs: identical codes and messages from both builds', () => {
  const bad = [
    (m) => m.nps([1, 2, 12]),
    (m) => m.nps(new Uint8Array([1, 99])),
    (m) => m.nps([1, 'x']),
    (m) => m.nps([], { weights: [] }),
    (m) => m.nps([1], { weights: [1, 2] }),
    (m) => m.csat([1], { topBox: 9 }),
    (m) => m.ces([1, 2], { scale: 1.5 }),
    (m) => m.compareNps({ promoters: 1, passives: 1, detractors: -1 }, [1]),
    (m) => m.NpsTally.fromJSON({}),
    (m) => m.nps([1], { colour: 'red' }),
    (m) => m.nps(Symbol('s')),
    (m) => m.nps(10n),
  ];
  bad.forEach((f, i) => {
    const o = outcome(f, native);
    assert.ok(o.code, `case ${i} throws`);
    same(`bad #${i}`, f);
  });
});

test('CLV: random histories give the same predictions, and bad ones the same errors', () => {
  const r = rng(6);
  const params = {
    BgNbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
    MbgNbd: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 },
    ParetoNbd: { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 },
  };
  const gg = { p: 6.25, q: 3.74, v: 15.44 };
  for (let i = 0; i < 50; i++) {
    const n = 1 + Math.floor(r() * 40);
    const T = Array.from({ length: n }, () => r() * 100);
    const x = T.map(() => Math.floor(r() * r() * 60));
    const rec = x.map((k, j) => (k === 0 ? 0 : T[j] * (0.01 + 0.99 * r())));
    const spend = x.map(() => r() * 80);
    for (const [name, p] of Object.entries(params)) {
      same(`${name}.pAlive #${i}`, (m) => Array.from(m[name].fromParams(p).pAlive(x, rec, T)));
      same(`${name}.expectedPurchases #${i}`, (m) => Array.from(m[name].fromParams(p).expectedPurchases(10 + i, x, rec, T)));
      same(`${name} clv #${i}`, (m) => Array.from(m.GammaGamma.fromParams(gg).clv(m[name].fromParams(p), x, rec, T, spend, { months: 6 + i })));
    }
    same(`BgBb #${i}`, (m) => Array.from(m.BgBb.fromParams({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }).pAlive(x.map((k) => Math.min(k, 6)), x.map((k) => Math.min(k, 6)), x.map(() => 6))));
  }
  const bad = [
    (m) => m.BgNbd.fit([1, NaN], [1, 2], [3, 3]),
    (m) => m.ParetoNbd.fit([1, 2], [1, 4], [3, 3]),
    (m) => m.MbgNbd.fit([1, 2], [0, 2], [3, 3]),
    (m) => m.BgNbd.fit([], [], []),
    (m) => m.BgNbd.fit([1], [1, 2], [3]),
    (m) => m.BgNbd.fit([1], [1], [3], { weigths: [1] }),
    (m) => m.BgNbd.fromParams({ r: 1, alpha: 1, a: 1, b: -1 }),
    (m) => m.BgNbd.fromJSON('{'),
    (m) => m.GammaGamma.fromParams({ p: 1, q: 2, v: 1 }).clv({ params: { r: 1, alpha: 1, a: 1, b: 1 } }, [1], [1], [2], [3]),
    (m) => m.rfmSummary([{ customerId: 'a', timestamp: 'never' }]),
  ];
  bad.forEach((f, i) => {
    assert.ok(outcome(f, native).code, `CLV case ${i} throws`);
    same(`CLV bad #${i}`, f);
  });
});

test('journeys: random and hostile inputs give identical results and errors, and never trap', () => {
  const r = rng(20261126);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const events = ['visit', 'signup', 'cart', 'purchase'];
  const channels = ['web', 'email', 'chat', 'store'];
  for (let i = 0; i < 60; i++) {
    const rows = Array.from({ length: 1 + Math.floor(r() * 40) }, () => ({
      customerId: `c${Math.floor(r() * 8)}`,
      timestamp: Date.UTC(2026, 0, 1) + Math.floor(r() * 1e7),
      event: pick(events),
      channel: pick(channels),
    }));
    const order = pick(['ordered', 'strict', 'unordered']);
    const window = Math.floor(r() * 1e4);
    same(`funnel #${i}`, (m) => m.funnel(rows, ['visit', ['signup', 'cart'], 'purchase'], { order, window, breakdown: 'channel' }));
    same(`topPaths #${i}`, (m) => m.topPaths(rows, { event: 'channel', k: 3, collapseRepeats: i % 2 === 0 }));
    same(`channelSwitching #${i}`, (m) => m.channelSwitching(rows));
    const paths = Array.from({ length: 1 + Math.floor(r() * 12) }, () => Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(channels)));
    const conv = paths.map(() => Math.floor(r() * 3));
    const nulls = paths.map(() => Math.floor(r() * 3));
    for (const model of ['first_touch', 'linear', 'position_based', 'markov', 'shapley']) {
      same(`attribution ${model} #${i}`, (m) => m.attribution(paths, conv, { model, nulls, order: 1 + (i % 3) }));
    }
  }
  const hostile = [
    (m) => m.funnel([{ customerId: {}, timestamp: 0, event: 'visit' }], ['visit']),
    (m) => m.funnel([{ customerId: 'a', timestamp: 8.64e15 + 1, event: 'visit' }], ['visit']),
    (m) => m.funnel([{ customerId: 'a', timestamp: -8.64e15, event: 'visit' }], ['visit'], { window: 9e15 }),
    (m) => m.funnel([null], ['visit']),
    (m) => m.funnel({ customerId: 'a' }, ['visit']),
    (m) => m.funnel([{ customerId: 'a', timestamp: 0, event: 'visit' }], []),
    (m) => m.funnel([{ customerId: 'a', timestamp: 0, event: 'visit' }], Array(40).fill('visit')),
    (m) => m.funnel([{ customerId: 'a', timestamp: 0, event: 'visit' }], [{ events: ['visit'] }]),
    (m) => m.funnel([{ customerId: 'a', timestamp: 0, event: 'visit' }], [[]]),
    (m) => m.funnelColumns([0, 1], [0, 9e15], [0, 4294967295], [[4294967295]], { window: 9e15 }),
    (m) => m.funnelColumns([0], [Infinity], [0], [0]),
    (m) => m.funnelColumns([0], [0], [0], [0], { touch: 'middle' }),
    (m) => m.topPaths([['a']], { k: 1e20 }),
    (m) => m.sankeyEdges([['a', 'b']], { maxSteps: 2 ** 40 }),
    (m) => m.transitions([['a']], 5),
    (m) => m.attribution([['a']], [1e308, 1e308], {}),
    (m) => m.attribution([['a'], ['b']], [1e308, 1e308], { nulls: [1e308, 1e308] }),
    (m) => m.attribution([['a']], [1], { model: 'markov', order: 1e9 }),
    (m) => m.attribution([['a']], [1], { model: 'time_decay', times: [[Infinity]] }),
    (m) => m.attribution([['a']], [1], { model: 'time_decay', times: [5] }),
    (m) => m.attribution([['a']], [1], { model: 'position_based', first: 0.9, last: 0.9 }),
    (m) => m.attribution('a', [1]),
    (m) => m.responseTimes([{ channel: 'c', openedAt: 8.6e15, firstReplyAt: null }]),
    (m) => m.responseTimes([{ channel: 'c', openedAt: 0, firstReplyAt: 1 }], { schedule: Array(7).fill([0, 1441]) }),
    (m) => m.responseTimes([{ channel: 'c', openedAt: 0, firstReplyAt: 1 }], { schedule: Array(7).fill(null) }),
    (m) => m.responseTimes([{ channel: 'c', openedAt: 0, firstReplyAt: 1 }], { target: '99999999999999999w' }),
    (m) => m.responseTimes([{ channel: 'c', openedAt: 0, firstReplyAt: 1 }], { percentiles: [NaN] }),
    (m) => m.cac([{ channel: 'a', period: 'p', spend: Infinity, newCustomers: 1 }]),
    (m) => m.conversionRate(NaN, 10),
    (m) => m.unitEconomics(1, Infinity),
  ];
  hostile.forEach((f, i) => same(`hostile #${i}`, f));
  // The wasm instance still works after all of them.
  assert.equal(wasm.conversionRate(1, 2).rate, 0.5);
});
