// Gamma-Gompertz/NBD and correlated Pareto/NBD scoring in JS (both builds): the mpmath-derived
// cases of tests/vectors/clv_beyond.json (ggnbd_predict, paretonbd_cor_predict) and the portable
// document round trips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { cx, rootDir } from './target.mjs';

const doc = JSON.parse(readFileSync(join(rootDir, 'tests/vectors/clv_beyond.json'), 'utf8'));
const cases = doc.cases.filter((c) => c.function === 'ggnbd_predict');

test('GgNbd scores the derived cases', () => {
  assert.ok(cases.length >= 3);
  for (const c of cases) {
    const m = cx.GgNbd.fromParams(c.input.params);
    const { frequency, recency, T, t } = c.input;
    const close = (got, want, what) =>
      assert.ok(Math.abs(got - want) <= c.tolerance, `${c.name} ${what}: ${got} vs ${want}`);
    const p = m.pAlive(frequency, recency, T);
    const e = m.expectedPurchases(t, frequency, recency, T);
    c.expected.p_alive.forEach((w, i) => close(p[i], w, `pAlive[${i}]`));
    c.expected.expected_purchases.forEach((w, i) => close(e[i], w, `expectedPurchases[${i}]`));
    close(m.expectedPurchasesNew(t), c.expected.expected_purchases_new, 'expectedPurchasesNew');
  }
});

test('GgNbd documents round-trip and feed holdout-style scoring', () => {
  const m = cx.GgNbd.fromParams({ r: 0.8, alpha: 6, b: 0.1, s: 1.5, beta: 3 });
  const json = m.toJSON();
  assert.equal(json.model, 'gg_nbd');
  assert.equal(json.format_version, 1);
  const back = cx.GgNbd.fromJSON(JSON.stringify(json));
  assert.deepEqual(back.params, m.params);
  assert.equal(back.pAlive(2, 30.43, 38.86), m.pAlive(2, 30.43, 38.86));
  assert.throws(() => cx.GgNbd.fromParams({ r: 0.8, alpha: 6, b: -1, s: 1.5, beta: 3 }),
    (e) => e.code === 'CX_INVALID_INPUT' && e.field === 'params.b');
});

const corCases = doc.cases.filter((c) => c.function === 'paretonbd_cor_predict');

test('ParetoNbdCor scores the mpmath-derived cases (2-D quadrature over the Sarmanov density)', () => {
  assert.ok(corCases.length >= 2);
  for (const c of corCases) {
    const m = cx.ParetoNbdCor.fromParams(c.input.params);
    const { frequency, recency, T, t } = c.input;
    const close = (got, want, what) =>
      assert.ok(Math.abs(got - want) <= c.tolerance, `${c.name} ${what}: ${got} vs ${want}`);
    const p = m.pAlive(frequency, recency, T);
    const e = m.expectedPurchases(t, frequency, recency, T);
    c.expected.p_alive.forEach((w, i) => close(p[i], w, `pAlive[${i}]`));
    c.expected.expected_purchases.forEach((w, i) => close(e[i], w, `expectedPurchases[${i}]`));
    close(m.expectedPurchasesNew(t), c.expected.expected_purchases_new, 'expectedPurchasesNew');
  }
});

test('ParetoNbdCor: rho = 0 is the Pareto/NBD; documents round-trip; bad rho is named', () => {
  const pn = { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 };
  const zero = cx.ParetoNbdCor.fromParams({ ...pn, rho: 0 });
  const plain = cx.ParetoNbd.fromParams(pn);
  assert.equal(zero.expectedPurchases(39, 2, 30.43, 38.86), plain.expectedPurchases(39, 2, 30.43, 38.86));
  assert.equal(zero.expectedPurchasesNew(52), plain.expectedPurchasesNew(52));
  const hi = zero.correlationRange[1];
  const m = cx.ParetoNbdCor.fromParams({ ...pn, rho: 0.5 * hi });
  const json = m.toJSON();
  assert.equal(json.model, 'pareto_nbd_cor');
  const back = cx.ParetoNbdCor.fromJSON(JSON.stringify(json));
  assert.deepEqual(back.params, m.params);
  assert.equal(back.pAlive(2, 30.43, 38.86), m.pAlive(2, 30.43, 38.86));
  assert.throws(() => cx.ParetoNbdCor.fromParams({ ...pn, rho: 0.9 }),
    (e) => e.code === 'CX_INVALID_INPUT' && e.field === 'params.rho');
});
