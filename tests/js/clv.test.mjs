// Customer lifetime value in JS beyond the shared vectors: the CDNOW sample from raw
// transactions, model JSON between builds, input shapes, typed errors, extreme histories.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { cx, load, rootDir } from './target.mjs';

/** The CDNOW sample (Fader, Hardie and Lee 2005) as transaction rows. */
function cdnowRows() {
  const text = readFileSync(join(rootDir, 'examples/data/CDNOW_sample.txt'), 'utf8');
  return text.trim().split('\n').map((line) => {
    const [, id, d, , dollars] = line.trim().split(/\s+/);
    return { customerId: id, timestamp: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`, amount: Number(dollars) };
  });
}

/** FHL's calibration (39 weeks from 1997-01-01) and holdout (to 1998-06-30) split, in weeks of 7 days. */
const CDNOW = { amount: 'amount', unit: 'W', fractional: true, holdoutStart: '1997-10-01', observationEnd: '1998-06-30' };
const summary = cx.rfmSummary(cdnowRows(), CDNOW);

const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const pnbd = { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 };

test('CDNOW transactions → rfmSummary → BgNbd.fit reproduces the published BG/NBD estimates', () => {
  assert.equal(summary.customer.length, 2357);
  assert.ok(summary.frequency instanceof Float64Array && summary.T instanceof Float64Array);
  const i = summary.customer.indexOf('0001');
  // FHL's first customer: x = 2, t_x = 30.43, T = 38.86 weeks.
  assert.deepEqual([summary.frequency[i], +summary.recency[i].toFixed(2), +summary.T[i].toFixed(2)], [2, 30.43, 38.86]);
  assert.equal(summary.durationHoldout, 39);
  const m = cx.BgNbd.fit(summary.frequency, summary.recency, summary.T);
  for (const [k, v] of Object.entries(published)) assert.ok(Math.abs(m.params[k] - v) < 1e-3, `${k}: ${m.params[k]}`);
  assert.ok(Math.abs(m.logLikelihood - -9582.4) < 0.05, `LL ${m.logLikelihood}`);
  assert.equal(m.converged, true);
  assert.equal(m.nCustomers, 2357);
  assert.deepEqual(Object.keys(m.params), ['r', 'alpha', 'a', 'b']);
  assert.deepEqual(Object.keys(m.standardErrors), ['r', 'alpha', 'a', 'b']);
  assert.ok(m.standardErrors.r > 0 && m.standardErrors.r < 0.05);
  // The same customers compressed into weighted triples give the same fit.
  const keys = new Map();
  summary.frequency.forEach((x, j) => {
    const k = `${x},${summary.recency[j]},${summary.T[j]}`;
    keys.set(k, (keys.get(k) ?? 0) + 1);
  });
  const triples = [...keys.keys()].map((k) => k.split(',').map(Number));
  const w = cx.BgNbd.fit(triples.map((t) => t[0]), triples.map((t) => t[1]), triples.map((t) => t[2]), { weights: [...keys.values()] });
  assert.ok(Math.abs(w.logLikelihood - m.logLikelihood) < 1e-6);
});

test('holdoutComparison, rfmScores and GammaGamma.clv on CDNOW', () => {
  const m = cx.BgNbd.fromParams(published);
  const rows = cx.holdoutComparison(m, summary, { maxFrequency: 7 });
  assert.deepEqual(rows.map((r) => r.frequency), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.equal(rows.reduce((n, r) => n + r.customers, 0), 2357);
  assert.deepEqual(Object.keys(rows[0]), ['frequency', 'customers', 'actual', 'predicted']);
  // FHL 2005 Figure 4: the model tracks the holdout purchases of every frequency group.
  for (const r of rows.slice(0, 5)) assert.ok(Math.abs(r.predicted - r.actual) < 0.5, JSON.stringify(r));
  assert.throws(() => cx.holdoutComparison(m, cx.rfmSummary(cdnowRows().slice(0, 50))), (e) => e.field === 'summary.frequencyHoldout');
  // A huge maxFrequency gives one row per observed frequency, not a huge allocation.
  const all = cx.holdoutComparison(m, summary, { maxFrequency: 4294967295 });
  assert.equal(all.at(-1).frequency, Math.max(...summary.frequency));
  assert.deepEqual(all.slice(0, 7), cx.holdoutComparison(m, summary, { maxFrequency: 100 }).slice(0, 7));
  assert.throws(() => cx.holdoutComparison(m, summary, { maxFrequency: -1 }), (e) => e.field === 'maxFrequency');
  assert.throws(() => cx.holdoutComparison(m, summary, { maxfrequency: 3 }), (e) => e.field === 'maxfrequency');
  assert.throws(() => cx.holdoutComparison(cx.BgBb.fromParams({ alpha: 1, beta: 1, gamma: 1, delta: 1 }), summary), (e) => e.field === 'model');

  const scores = cx.rfmScores(summary);
  assert.ok(scores.r instanceof Float64Array && scores.r.length === 2357);
  assert.ok(scores.segment.includes('champions') && scores.segment.includes('hibernating'));
  assert.ok([...scores.f].every((s) => s >= 1 && s <= 5));

  const rep = [...summary.frequency.keys()].filter((j) => summary.frequency[j] > 0);
  const pick = (col) => Float64Array.from(rep, (j) => col[j]);
  const gg = cx.GammaGamma.fit(pick(summary.frequency), pick(summary.monetaryValue));
  assert.ok(gg.converged && gg.params.q > 1);
  const clv = gg.clv(m, summary.frequency, summary.recency, summary.T, summary.monetaryValue, { months: 12, discountRate: 0.01, unit: 'W' });
  assert.ok(clv instanceof Float64Array && clv.length === 2357);
  assert.ok(clv.every((v) => Number.isFinite(v) && v >= 0));
  const j = rep[0];
  const one = gg.clv(m, summary.frequency[j], summary.recency[j], summary.T[j], summary.monetaryValue[j]);
  assert.equal(one, clv[j], 'defaults are 12 months, 1% a month, weeks');
  // Longer horizons and lower discount rates add value; a model instance or its JSON both work.
  const longer = gg.clv(JSON.parse(JSON.stringify(m)), summary.frequency[j], summary.recency[j], summary.T[j], summary.monetaryValue[j], { months: 24 });
  assert.ok(longer > one);
});

test('every model round-trips through its portable document (format_version, model, core fields)', () => {
  const kinds = { BgNbd: 'bg_nbd', MbgNbd: 'mbg_nbd', ParetoNbd: 'pareto_nbd', BgBb: 'bg_bb', GammaGamma: 'gamma_gamma' };
  const models = [
    [cx.BgNbd, cx.BgNbd.fromParams(published)],
    [cx.MbgNbd, cx.MbgNbd.fromParams({ r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 })],
    [cx.ParetoNbd, cx.ParetoNbd.fromParams(pnbd)],
    [cx.BgBb, cx.BgBb.fromParams({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 })],
    [cx.GammaGamma, cx.GammaGamma.fromParams({ p: 6.25, q: 3.74, v: 15.44 })],
  ];
  for (const [cls, m] of models) {
    const doc = m.toJSON();
    assert.equal(doc.model, kinds[cls.name]);
    assert.equal(doc.format_version, 1);
    assert.ok('log_likelihood' in doc && 'standard_errors' in doc && 'n_customers' in doc, 'core keys');
    assert.deepEqual(cls.fromJSON(JSON.stringify(m)).params, m.params);
    assert.deepEqual(cls.fromJSON(doc).toJSON(), doc);
    // A legacy document (written before format_version 1: no "model", no version) loads too.
    const { model, format_version: version, ...legacy } = doc;
    assert.deepEqual(cls.fromJSON(JSON.stringify(legacy)).params, m.params);
    // A document from a newer cxkit is refused by its version.
    assert.throws(() => cls.fromJSON({ ...doc, format_version: 2 }), (e) => e.field === 'format_version' && /newer cxkit/.test(e.message));
  }
  const mbg = models[1][1];
  assert.throws(() => cx.BgNbd.fromJSON(mbg.toJSON()), (e) => e.code === 'CX_INVALID_INPUT' && e.field === 'model' && /mbg_nbd/.test(e.message));
  // A key of the wrong type is named (the argument itself when the text is no document at all).
  assert.throws(() => cx.BgNbd.fromJSON('{"params": 1}'), (e) => e.field === 'params' && /not a valid bg_nbd document/.test(e.message));
  assert.throws(() => cx.BgNbd.fromJSON('{}'), (e) => e.field === 'json' && /missing field `params`/.test(e.message));
  const bad = { ...models[0][1].toJSON(), params: { ...published, r: -1 } };
  assert.throws(() => cx.BgNbd.fromJSON(bad), (e) => e.field === 'r' && /finite and > 0/.test(e.message));
});

test('GammaGamma.clv tells the purchase models apart by their document', () => {
  const gg = cx.GammaGamma.fromParams({ p: 6.25, q: 3.74, v: 15.44 });
  const bg = cx.BgNbd.fromParams(published);
  const mbg = cx.MbgNbd.fromParams(published);
  const args = [[2, 0], [30.43, 0], [38.86, 38.86], [35, 0]];
  const a = gg.clv(bg, ...args);
  const b = gg.clv(mbg, ...args);
  assert.notDeepEqual(Array.from(a), Array.from(b), 'BG/NBD and MBG/NBD with equal params differ');
  assert.deepEqual(Array.from(gg.clv(bg.toJSON(), ...args)), Array.from(a));
  const p = gg.clv(cx.ParetoNbd.fromParams(pnbd), ...args);
  assert.ok(p.every(Number.isFinite));
  const { model, ...anonymous } = bg.toJSON();
  assert.throws(() => gg.clv(anonymous, ...args), (e) => e.field === 'model' && /"model" key/.test(e.message));
  const { model: _, ...anonymousPnbd } = cx.ParetoNbd.fromParams(pnbd).toJSON();
  assert.deepEqual(Array.from(gg.clv(anonymousPnbd, ...args)), Array.from(p), 'Pareto/NBD params identify it');
  const bgbb = cx.BgBb.fromParams({ alpha: 1, beta: 1, gamma: 1, delta: 1 });
  assert.throws(() => gg.clv(bgbb, ...args), (e) => e.code === 'CX_INVALID_INPUT' && e.field === 'model');
  assert.throws(() => gg.clv(gg, ...args), (e) => e.field === 'model');
  assert.throws(() => gg.clv(bg, ...args, { months: -1 }), (e) => e.field === 'months');
  assert.throws(() => gg.clv(bg, ...args, { discountRate: -2 }), (e) => e.field === 'discountRate');
  assert.throws(() => gg.clv(bg, ...args, { unit: 'fortnight' }), (e) => e.field === 'unit');
  assert.throws(() => gg.clv(bg, ...args, { discount: 0.1 }), (e) => e.field === 'discount' && /unknown option/.test(e.message));
});

test('a model fitted in Node loads in WASM and predicts the same', () => {
  const node = load('node');
  const wasm = load('wasm');
  const x = [0, 2, 1, 7, 30];
  const r = [0, 30.43, 1.71, 35, 38];
  const T = [38.86, 38.86, 38.86, 38.86, 38.86];
  const close = (a, b) => Array.from(a).every((v, i) => Math.abs(v - b[i]) <= 1e-12 * Math.max(1, Math.abs(v)));
  for (const name of ['BgNbd', 'MbgNbd', 'ParetoNbd']) {
    const m = node[name].fit(summary.frequency, summary.recency, summary.T);
    const w = wasm[name].fromJSON(JSON.stringify(m));
    assert.deepEqual(w.params, m.params, name);
    assert.equal(w.logLikelihood, m.logLikelihood);
    assert.ok(close(w.pAlive(x, r, T), m.pAlive(x, r, T)), `${name} pAlive`);
    assert.ok(close(w.expectedPurchases(52, x, r, T), m.expectedPurchases(52, x, r, T)), `${name} expectedPurchases`);
    assert.ok(close([w.expectedPurchasesNew(39)], [m.expectedPurchasesNew(39)]));
  }
  const gg = node.GammaGamma.fromParams({ p: 6.25, q: 3.74, v: 15.44 });
  const bg = node.BgNbd.fromParams(published);
  const wgg = wasm.GammaGamma.fromJSON(gg.toJSON());
  // A Node model instance passes straight to the wasm build (read through its toJSON).
  assert.ok(close(wgg.clv(bg, x, r, T, [0, 35, 12, 40, 20]), gg.clv(bg, x, r, T, [0, 35, 12, 40, 20])));
});

test('bad histories are refused naming the field and the customer', () => {
  const cases = [
    [[1, NaN], [1, 2], [3, 3], 'frequency', 1],
    [[-1, 2], [1, 2], [3, 3], 'frequency', 0],
    [[1, 2], [1, 4], [3, 3], 'recency', 1],
    [[1, 2], [0, 2], [3, 3], 'recency', 0],
    [[1, 2], [1, 2], [3, Infinity], 'T', 1],
  ];
  for (const cls of [cx.BgNbd, cx.MbgNbd, cx.ParetoNbd]) {
    for (const [f, r, T, field, index] of cases) {
      const is = (e) => e.code === 'CX_INVALID_INPUT' && e.field === field && e.index === index && e.message.includes(`\`${field}\``);
      assert.throws(() => cls.fit(f, r, T), is, `${cls.name}.fit ${field}`);
      assert.throws(() => cls.fromParams(pnbdOr(cls)).pAlive(Float64Array.from(f), r, T), is, `${cls.name}.pAlive ${field}`);
    }
    assert.throws(() => cls.fit([], [], []), (e) => e.code === 'CX_EMPTY' && e.field === 'frequency');
    assert.throws(() => cls.fit([1, 2], [1, 2], [3]), (e) => e.code === 'CX_LENGTH_MISMATCH' && e.field === 'T');
    assert.throws(() => cls.fit([1, 2], [1, 2], [3, 3], { weight: [1, 1] }), (e) => e.field === 'weight' && /unknown option/.test(e.message));
    assert.throws(() => cls.fit([1, 2], [1, 2], [3, 3], { weights: [1, -1] }), (e) => e.field === 'weights' && e.index === 1);
    assert.throws(() => cls.fit([1, '2'], [1, 2], [3, 3]), (e) => e.field === 'frequency' && e.index === 1);
    assert.throws(() => cls.fit('1,2', [1, 2], [3, 3]), (e) => e.field === 'frequency');
    // One customer as numbers: the error names no index.
    assert.throws(() => cls.fromParams(pnbdOr(cls)).pAlive(1, 5, 3), (e) => e.field === 'recency' && e.index === undefined);
  }
  assert.throws(() => cx.BgNbd.fromParams({ r: 1, alpha: 1, a: 1 }), (e) => e.field === 'params.b');
  assert.throws(() => cx.BgNbd.fromParams({ ...published, s: 1 }), (e) => e.field === 'params.s' && /unknown parameter/.test(e.message));
  assert.throws(() => cx.BgNbd.fromParams(published).expectedPurchases(-1, [0], [0], [1]), (e) => e.field === 't');
  assert.throws(() => cx.BgNbd.fromParams(published).probabilityOfNPurchases(10, [0, 1.5]), (e) => e.field === 'n');
  assert.throws(() => cx.BgBb.fit([1, 2], [1, 2], [3, 3], { weights: [1] }), (e) => e.code === 'CX_LENGTH_MISMATCH');
  assert.throws(() => cx.BgBb.fit([1, 4], [1, 4], [3, 3]), (e) => e.code === 'CX_INVALID_INPUT' && e.index === 1);
  assert.throws(() => cx.BgBb.fromParams({ alpha: 1, beta: 1, gamma: 1, delta: 1 }).expectedPurchases(1.5, [0], [0], [3]), (e) => e.field === 'nStar');
  assert.throws(() => cx.GammaGamma.fit([1, 2], [10, NaN]), (e) => e.field === 'monetaryValue' && e.index === 1);
});

/** Parameters valid for any purchase model class. */
function pnbdOr(cls) {
  return cls === cx.ParetoNbd ? pnbd : published;
}

test('rfmSummary reads rows or columns and names the column and row of a bad value', () => {
  const rows = [
    { customerId: 'a', timestamp: '2026-01-05', amount: 10 },
    { customerId: 'a', timestamp: '2026-01-20', amount: 30 },
    { customerId: 'b', timestamp: '2026-01-12', amount: 5 },
  ];
  const cols = {
    customerId: rows.map((r) => r.customerId),
    timestamp: rows.map((r) => new Date(`${r.timestamp}T12:00:00Z`)),
    amount: Float64Array.from(rows, (r) => r.amount),
  };
  const a = cx.rfmSummary(rows, { amount: 'amount', unit: 'D' });
  assert.deepEqual(cx.rfmSummary(cols, { amount: 'amount', unit: 'D' }), a);
  assert.deepEqual(a.customer, ['a', 'b']);
  assert.deepEqual(Array.from(a.frequency), [1, 0]);
  assert.deepEqual(Array.from(a.recency), [15, 0]);
  assert.deepEqual(Array.from(a.T), [15, 8]);
  assert.deepEqual(Array.from(a.monetaryValue), [30, 0]);
  assert.equal(a.unit, 'day');
  assert.ok(!('monetaryValue' in cx.rfmSummary(rows)), 'no amount column, no monetaryValue');
  const renamed = rows.map((r) => ({ who: r.customerId, at: r.timestamp }));
  assert.deepEqual(cx.rfmSummary(renamed, { customer: 'who', time: 'at' }).T, cx.rfmSummary(rows).T);
  assert.throws(() => cx.rfmSummary([...rows, { customerId: 'c', timestamp: 'soon' }]), (e) => e.field === 'transactions.timestamp' && e.index === 3);
  assert.throws(() => cx.rfmSummary([{ customerId: '', timestamp: '2026-01-01' }]), (e) => e.field === 'transactions.customerId' && e.index === 0);
  assert.throws(() => cx.rfmSummary(rows.map((r, i) => ({ ...r, amount: i === 2 ? -1 : r.amount })), { amount: 'amount' }), (e) => e.field === 'transactions.amount' && e.index === 2);
  assert.throws(() => cx.rfmSummary([]), (e) => e.code === 'CX_EMPTY' && e.field === 'transactions.timestamp');
  assert.throws(() => cx.rfmSummary(rows, { unit: 'Q' }), (e) => e.field === 'unit');
  assert.throws(() => cx.rfmSummary(rows, { holdoutstart: '2026-01-10' }), (e) => e.field === 'holdoutstart' && /unknown option/.test(e.message));
  assert.throws(() => cx.rfmSummary(rows, { holdoutStart: '2026-03-01' }), (e) => e.field === 'holdoutStart');
  assert.throws(() => cx.rfmScores({ frequency: [1], recency: [1], T: [2] }), (e) => e.field === 'summary.monetaryValue');
  assert.throws(() => cx.rfmScores({ frequency: [1], recency: [NaN], T: [2], monetaryValue: [3] }), (e) => e.field === 'summary.recency' && e.index === 0);
});

test('per-customer outputs are Float64Arrays for arrays and typed arrays of any kind', () => {
  const m = cx.BgNbd.fromParams(published);
  // Values a Float32Array holds exactly.
  const f = [0, 2, 1];
  const r = [0, 30.5, 1.75];
  const T = [38.75, 38.75, 38.75];
  const want = m.pAlive(f, r, T);
  assert.ok(want instanceof Float64Array);
  assert.deepEqual(m.pAlive(Int32Array.from(f), Float32Array.from(r), Float64Array.from(T)), want);
  assert.deepEqual(m.pAlive(Uint8Array.from(f), r, Uint32Array.from([38, 38, 38]).map(() => 38)), m.pAlive(f, r, [38, 38, 38]));
  assert.equal(want[0], 1, 'P(alive) = 1 without repeat purchases');
  assert.equal(m.pAlive(2, 30.5, 38.75), want[1]);
  assert.ok(m.expectedPurchasesNew([1, 2, 3]) instanceof Float64Array);
  assert.equal(typeof m.expectedPurchasesNew(3), 'number');
  const pn = m.probabilityOfNPurchases(39, [0, 1, 2, 3]);
  assert.ok(pn instanceof Float64Array && pn.every((p, i) => p > 0 && (i === 0 || p < pn[i - 1])));
  const e = m.expectedPurchases(Float64Array.from([10])[0], f, r, T);
  assert.ok(e instanceof Float64Array && e.length === 3);
  const bb = cx.BgBb.fromParams({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 });
  assert.ok(bb.pAlive([0, 3], [0, 5], [6, 6]) instanceof Float64Array);
  assert.ok(bb.expectedPurchasesNew([1, 6]) instanceof Float64Array);
  const gg = cx.GammaGamma.fromParams({ p: 6.25, q: 3.74, v: 15.44 });
  assert.ok(gg.expectedSpend([1, 2], [20, 35.5]) instanceof Float64Array);
  assert.equal(typeof gg.expectedSpend(1, 20), 'number');
});

test('no NaN or infinity for frequency up to 10,000 and T up to 10,000', () => {
  const gg = cx.GammaGamma.fromParams({ p: 6.25, q: 3.74, v: 15.44 });
  const models = [
    cx.BgNbd.fromParams(published),
    cx.MbgNbd.fromParams({ r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }),
    cx.ParetoNbd.fromParams(pnbd),
  ];
  const f = [];
  const r = [];
  const T = [];
  for (const t of [0, 1, 10, 100, 1000, 10000]) {
    for (const x of [0, 1, 10, 100, 1000, 10000]) {
      for (const share of [0.001, 0.5, 1]) {
        if (x > 0 && t === 0) continue;
        f.push(x);
        r.push(x === 0 ? 0 : share * t);
        T.push(t);
      }
    }
  }
  const spend = f.map(() => 50);
  for (const m of models) {
    const name = m.toJSON().model;
    for (const [what, v] of [
      ['pAlive', m.pAlive(f, r, T)],
      ['expectedPurchases(52)', m.expectedPurchases(52, f, r, T)],
      ['expectedPurchases(10000)', m.expectedPurchases(10000, f, r, T)],
      ['expectedPurchasesNew', m.expectedPurchasesNew([0, 1, 10000])],
      ['clv', gg.clv(m, f, r, T, spend, { months: 120 })],
    ]) {
      const i = v.findIndex((y) => !Number.isFinite(y));
      assert.equal(i, -1, `${name} ${what} at frequency ${f[i]}, recency ${r[i]}, T ${T[i]}: ${v[i]}`);
    }
    assert.ok(m.pAlive(f, r, T).every((p) => p >= 0 && p <= 1));
  }
  const bb = cx.BgBb.fromParams({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 });
  const [bx, br, bn] = [[0, 1, 1, 10000, 5000], [0, 1, 10000, 10000, 9000], [10000, 10000, 10000, 10000, 10000]];
  for (const v of [bb.pAlive(bx, br, bn), bb.expectedPurchases(10000, bx, br, bn), bb.expectedPurchasesNew([10000])]) {
    assert.ok(v.every(Number.isFinite), `BG/BB: ${v}`);
  }
});

test('compress groups identical customers; a weighted fit on the triples equals the fit on every row', () => {
  const f = [0, 2, 0, 2, 1, 0, 3];
  const r = [0, 5, 0, 5, 3, 0, 6];
  const T = [10, 10, 10, 10, 8, 9, 10];
  const c = cx.compress(f, r, T);
  assert.deepEqual(Array.from(c.weights), [1, 2, 1, 2, 1]);
  assert.deepEqual(Array.from(c.inverse, (k) => c.frequency[k]), f);
  assert.deepEqual(Array.from(c.inverse, (k) => c.T[k]), T);
  // Seven customers: the maximum lies on the boundary (b -> 0), so keep the estimate.
  const all = cx.BgNbd.fit(f, r, T, { allowUnconverged: true });
  const grouped = cx.BgNbd.fit(c.frequency, c.recency, c.T, { weights: c.weights, allowUnconverged: true });
  assert.deepEqual(grouped.params, all.params);
  assert.throws(() => cx.compress([1], [4], [3]), (e) => e.code === 'CX_INVALID_INPUT' && e.field === 'recency' && e.index === 0);
});
