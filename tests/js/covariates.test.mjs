// Scoring with covariate CLV models (the `clv_covariates` document a Python fit writes):
// each customer is scored by the plain model at its own parameters, αᵢ = α·e^{−γ₁x},
// aᵢ, bᵢ = a, b·e^{γ₂x} (BG/NBD) and βᵢ = β·e^{−γ₂x} (Pareto/NBD) — Fader and Hardie (2007).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { cx } from './target.mjs';

const doc = {
  format_version: 1,
  model: 'clv_covariates',
  kind: 'bg_nbd',
  params: [0.243, 4.414, 0.793, 2.426],
  purchase_names: ['x'],
  purchase_coefficients: [0.5],
  dropout_names: ['x'],
  dropout_coefficients: [-0.2],
  constrain: [],
  l2: 0,
  log_likelihood: 0,
  converged: false,
  iterations: 0,
  standard_errors: null,
  n_customers: 0,
};

test('CovariateModel scores each customer with the plain model at its own parameters', () => {
  const m = cx.CovariateModel.fromJSON(JSON.stringify(doc));
  assert.equal(m.kind, 'bg_nbd');
  assert.deepEqual(m.purchaseCoefficients, { x: 0.5 });
  assert.deepEqual(m.params, { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
  const x = [0, 1];
  const p = m.pAlive([2, 2], [30.43, 30.43], [38.86, 38.86], { x });
  assert.ok(p instanceof Float64Array && p.length === 2);
  for (const [i, xi] of x.entries()) {
    const e = Math.exp(-0.2 * xi);
    const plain = cx.BgNbd.fromParams({ r: 0.243, alpha: 4.414 * Math.exp(-0.5 * xi), a: 0.793 * e, b: 2.426 * e });
    assert.ok(Math.abs(p[i] - plain.pAlive(2, 30.43, 38.86)) < 1e-12);
    const ep = m.expectedPurchases(39, [2], [30.43], [38.86], { x: [xi] })[0];
    assert.ok(Math.abs(ep - plain.expectedPurchases(39, 2, 30.43, 38.86)) < 1e-12);
    assert.ok(Math.abs(m.expectedPurchasesNew(39, { x: [xi] })[0] - plain.expectedPurchasesNew(39)) < 1e-12);
  }
  // The document round-trips, and Pareto/NBD scales β the other way.
  assert.deepEqual(JSON.parse(JSON.stringify(m)), doc);
  const pn = cx.CovariateModel.fromJSON({ ...doc, kind: 'pareto_nbd', params: [0.553, 10.58, 0.606, 11.67] });
  const plain = cx.ParetoNbd.fromParams({ r: 0.553, alpha: 10.58 * Math.exp(-0.5), s: 0.606, beta: 11.67 * Math.exp(0.2) });
  assert.ok(Math.abs(pn.pAlive([2], [30.43], [38.86], { x: [1] })[0] - plain.pAlive(2, 30.43, 38.86)) < 1e-12);
});

test('CovariateModel errors name the missing covariate and bad documents', () => {
  const m = cx.CovariateModel.fromJSON(doc);
  assert.throws(() => m.pAlive([2], [30.43], [38.86], { y: [1] }),
    (e) => e.code === 'CX_INVALID_INPUT' && /covariates\.x/.test(e.message));
  assert.throws(() => cx.CovariateModel.fromJSON({ ...doc, params: [0.243, -1, 0.793, 2.426] }),
    (e) => e.code === 'CX_INVALID_INPUT' && /alpha/.test(e.message));
  assert.throws(() => cx.CovariateModel.fromJSON({ ...doc, model: 'bg_nbd' }),
    (e) => e.code === 'CX_INVALID_INPUT');
});
