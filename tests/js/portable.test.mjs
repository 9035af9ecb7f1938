// Models fitted in Python load in the build under test and predict the same customers:
// tests/js/data/portable_golden.json holds each model's portable document (Python's to_json)
// and Python's predictions (make test-python checks the file is current). Both builds must give
// the very same bits as Python: every formula in cx-core calls `cx_core::math` (the pure-Rust
// libm on every target) rather than the platform's C library.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { cx, target, rootDir } from './target.mjs';

const golden = JSON.parse(readFileSync(join(rootDir, 'tests/js/data/portable_golden.json'), 'utf8'));
const byName = Object.fromEntries(golden.models.map((m) => [m.name, m]));

/** Bit-for-bit equal to Python's predictions, in the native and the wasm build alike. */
function agree(name, got, want) {
  const g = Array.from(got);
  assert.equal(g.length, want.length, `${name}: length`);
  g.forEach((x, i) => assert.equal(x, want[i], `${name}[${i}]: ${x} !== ${want[i]} (bit-for-bit in ${target})`));
}

test('the golden file covers every fitted model kind', () => {
  assert.deepEqual(Object.keys(byName).sort(), [
    'bg_bb', 'bg_nbd', 'churn_classifier', 'clv_dynamic_covariates', 'gamma_gamma', 'kaplan_meier', 'mbg_nbd', 'pareto_nbd', 'pareto_nbd_cor',
    'shifted_beta_geometric',
  ]);
  for (const m of golden.models) {
    const doc = JSON.parse(m.document);
    assert.equal(doc.format_version, 1, m.name);
    assert.equal(doc.model, m.name);
  }
});

for (const [name, cls] of [['bg_nbd', 'BgNbd'], ['mbg_nbd', 'MbgNbd'], ['pareto_nbd', 'ParetoNbd'], ['pareto_nbd_cor', 'ParetoNbdCor']]) {
  test(`${cls} fitted in Python predicts the same in ${target}`, () => {
    const g = byName[name];
    const m = cx[cls].fromJSON(g.document);
    const { frequency, recency, T } = g.customers;
    agree(`${name} pAlive`, m.pAlive(frequency, recency, T), g.p_alive);
    agree(`${name} expectedPurchases`, m.expectedPurchases(39, frequency, recency, T), g.expected_purchases);
    assert.equal(JSON.stringify(m), JSON.stringify(JSON.parse(g.document)), 'the document comes back unchanged');
  });
}

test(`ParetoNbdCor fitted in Python predicts new customers and feeds GammaGamma.clv in ${target}`, () => {
  const g = byName.pareto_nbd_cor;
  const m = cx.ParetoNbdCor.fromJSON(g.document);
  assert.equal(m.expectedPurchasesNew(39), g.expected_purchases_new);
  const [lo, hi] = m.correlationRange;
  assert.ok(lo <= m.correlation && m.correlation <= hi);
  const { frequency, recency, T } = g.customers;
  const gg = cx.GammaGamma.fromParams({ p: 6.25, q: 3.74, v: 15.44 });
  const clv = gg.clv(g.document, frequency, recency, T, frequency.map(() => 30), { months: 12, unit: 'W' });
  assert.ok(Array.from(clv).every((v) => Number.isFinite(v) && v >= 0));
});

test(`GammaGamma and its CLV with a Python BG/NBD agree in ${target}`, () => {
  const g = byName.gamma_gamma;
  const gg = cx.GammaGamma.fromJSON(g.document);
  const { frequency, recency, T, monetary_value: mv } = g.customers;
  agree('expectedSpend', gg.expectedSpend(frequency, mv), g.expected_spend);
  // The purchase model goes in as Python's document text.
  const clv = gg.clv(byName.bg_nbd.document, frequency, recency, T, mv, { months: 12, discountRate: 0.01, unit: 'W' });
  agree('clv', clv, g.clv);
});

test(`BgBb, ShiftedBetaGeometric, ChurnClassifier and KaplanMeier from Python agree in ${target}`, () => {
  const bb = byName.bg_bb;
  const c = bb.customers;
  agree('bgbb pAlive', cx.BgBb.fromJSON(bb.document).pAlive(c.frequency, c.recency, c.n_periods), bb.p_alive);
  const s = byName.shifted_beta_geometric;
  agree('sbg survival', cx.ShiftedBetaGeometric.fromJSON(s.document).survival(s.t), s.survival);
  const k = byName.churn_classifier;
  agree('predictProba', cx.ChurnClassifier.fromJSON(k.document).predictProba(k.x), k.predict_proba);
  const km = byName.kaplan_meier;
  agree('survivalAt', cx.KaplanMeier.fromJSON(km.document).survivalAt(km.t), km.survival_at);
});
