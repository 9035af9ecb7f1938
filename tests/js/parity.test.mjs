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
