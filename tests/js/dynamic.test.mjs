// Scoring with the Pareto/NBD with time-varying covariates (Bachmann, Meierer and Näf 2021):
// a model fitted in Python (tests/js/data/portable_golden.json, entry clv_dynamic_covariates,
// written by tests/js/data/portable_golden.py) scores the same customers, read from the same
// long tables, to the very same bits in the native and the wasm build; with zero coefficients
// it is the plain Pareto/NBD; bad tables give typed errors naming the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { cx, target, rootDir } from './target.mjs';

const golden = JSON.parse(readFileSync(join(rootDir, 'tests/js/data/portable_golden.json'), 'utf8'));
const g = golden.models.find((m) => m.name === 'clv_dynamic_covariates');
const data = { transactions: g.transactions, covariates: g.covariates, observationEnd: g.observation_end };

/** Bit-for-bit equal to Python's scores, customer by customer. */
function agree(name, got, want) {
  assert.deepEqual(got.customer, g.customer, `${name}: customers`);
  assert.ok(got.value instanceof Float64Array);
  Array.from(got.value).forEach((x, i) =>
    assert.equal(x, want[i], `${name}[${i}]: ${x} !== ${want[i]} (bit-for-bit in ${target})`));
}

/** Row objects from an object of columns. */
function rows(cols) {
  const keys = Object.keys(cols);
  return cols[keys[0]].map((_, i) => Object.fromEntries(keys.map((k) => [k, cols[k][i]])));
}

test(`${target}: a ParetoNbdDynamic fitted in Python scores the same customers to the bit`, () => {
  const m = cx.ParetoNbdDynamic.fromJSON(g.document);
  const doc = JSON.parse(g.document);
  assert.deepEqual(m.params, { r: doc.params[0], alpha: doc.params[1], s: doc.params[2], beta: doc.params[3] });
  assert.deepEqual(m.purchaseCoefficients, { x: doc.purchase_coefficients[0] });
  assert.deepEqual(m.dropoutCoefficients, { z: doc.dropout_coefficients[0] });
  assert.equal(m.logLikelihood, doc.log_likelihood);
  agree('pAlive', m.pAlive(data), g.p_alive);
  agree('expectedPurchases', m.expectedPurchases(g.horizon, data), g.expected_purchases);
  agree('logLikelihoods', m.logLikelihoods(data), g.log_likelihoods);
  // Row objects, shuffled covariate rows and a typed-array column read the same.
  const cov = rows(g.covariates).reverse();
  const alt = { transactions: rows(g.transactions), covariates: cov, observationEnd: g.observation_end };
  agree('pAlive (rows)', m.pAlive(alt), g.p_alive);
  const typed = { ...data, transactions: { ...g.transactions, time: Float64Array.from(g.transactions.time) } };
  agree('pAlive (typed)', m.pAlive(typed), g.p_alive);
  // The document round-trips.
  assert.deepEqual(JSON.parse(JSON.stringify(m)), doc);
  assert.deepEqual(JSON.parse(JSON.stringify(cx.ParetoNbdDynamic.fromJSON(doc))), doc);
});

test(`${target}: with zero coefficients ParetoNbdDynamic is the plain Pareto/NBD`, () => {
  const p = { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 };
  const doc = { ...JSON.parse(g.document), params: Object.values(p), purchase_coefficients: [0], dropout_coefficients: [0] };
  const m = cx.ParetoNbdDynamic.fromJSON(doc);
  const plain = cx.ParetoNbd.fromParams(p);
  const s = m.pAlive(data);
  const e = m.expectedPurchases(g.horizon, data);
  assert.ok(s.customer.length > 5);
  for (let i = 0; i < s.customer.length; i += 1) {
    const [f, r, T] = [s.frequency[i], s.recency[i], s.T[i]];
    const want = plain.pAlive(f, r, T);
    assert.ok(Math.abs(s.value[i] - want) <= 1e-12 * want, `${s.value[i]} vs ${want}`);
    const ew = plain.expectedPurchases(g.horizon, f, r, T);
    assert.ok(Math.abs(e.value[i] - ew) <= 1e-12 * ew, `${e.value[i]} vs ${ew}`);
  }
});

test(`${target}: ParetoNbdDynamic refuses bad tables with typed errors`, () => {
  const m = cx.ParetoNbdDynamic.fromJSON(g.document);
  const bad = (d, code, field) => assert.throws(() => m.pAlive(d),
    (e) => e.code === code && (field === undefined || e.field === field), JSON.stringify(field));
  // Columns of different lengths.
  bad({ ...data, transactions: { ...g.transactions, time: g.transactions.time.slice(1) } }, 'CX_LENGTH_MISMATCH');
  // A NaN covariate, a missing covariate column, a NaN period start.
  const x = [...g.covariates.x];
  x[3] = NaN;
  assert.throws(() => m.pAlive({ ...data, covariates: { ...g.covariates, x } }),
    { code: 'CX_INVALID_INPUT', field: 'covariates.x', index: 3 });
  const { z, ...noZ } = g.covariates;
  assert.ok(z);
  bad({ ...data, covariates: noZ }, 'CX_INVALID_INPUT', 'covariates.z');
  const ps = [...g.covariates.periodStart];
  ps[0] = NaN;
  bad({ ...data, covariates: { ...g.covariates, periodStart: ps } }, 'CX_INVALID_INPUT', 'covariates.periodStart');
  // A covariate path that stops before the end of observation, naming the customer.
  const first = g.covariates.customer[0];
  const keep = g.covariates.customer.map((c, i) => c !== first || g.covariates.periodStart[i] < g.observation_end - 5);
  const cut = Object.fromEntries(Object.entries(g.covariates).map(([k, v]) => [k, v.filter((_, i) => keep[i])]));
  assert.throws(() => m.pAlive({ ...data, covariates: cut }),
    (e) => e.code === 'CX_INVALID_INPUT' && e.field === 'covariates.periodStart' && e.message.includes(`customer "${first}"`));
  // ... and one that stops before the end of the prediction window.
  assert.throws(() => m.expectedPurchases(1000, data),
    (e) => e.code === 'CX_INVALID_INPUT' && e.field === 'covariates.periodStart' && /T \+ horizon/.test(e.message));
  // Unknown keys, missing tables, no data.
  bad({ ...data, observationEnds: 60 }, 'CX_INVALID_INPUT');
  bad({ transactions: g.transactions }, 'CX_INVALID_INPUT', 'covariates');
  assert.throws(() => m.pAlive(), { code: 'CX_INVALID_INPUT', field: 'data' });
  bad({ ...data, transactions: { customer: [], time: [] } }, 'CX_EMPTY', 'transactions');
  assert.throws(() => m.expectedPurchases(-1, data), { code: 'CX_INVALID_INPUT' });
  // Bad documents.
  const doc = JSON.parse(g.document);
  assert.throws(() => cx.ParetoNbdDynamic.fromJSON({ ...doc, params: [1, -1, 1, 1] }), { code: 'CX_INVALID_INPUT' });
  assert.throws(() => cx.ParetoNbdDynamic.fromJSON({ ...doc, model: 'clv_covariates' }), { code: 'CX_INVALID_INPUT' });
});
