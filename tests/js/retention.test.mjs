// Retention and churn in JS beyond the shared vectors: input shapes (rows or columns,
// Date / epoch ms / ISO strings), model JSON in the core's format, typed errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { cx } from './target.mjs';

const customers = ['a', 'a', 'b', 'c', 'c'];
const iso = ['2026-01-05', '2026-02-10', '2026-01-20', '2026-02-01', '2026-03-03'];

test('activity tables read as rows or columns, with Date, epoch-ms or ISO times', () => {
  const rows = customers.map((c, i) => ({ customerId: c, timestamp: iso[i] }));
  const dates = customers.map((c, i) => ({ customerId: c, timestamp: new Date(`${iso[i]}T00:00:00Z`) }));
  const millis = { customerId: customers, timestamp: Float64Array.from(iso.map((d) => Date.parse(d))) };
  const want = cx.cohortTable(rows);
  assert.deepEqual(cx.cohortTable(dates), want);
  assert.deepEqual(cx.cohortTable(millis), want);
  assert.deepEqual(want.cohorts.map((c) => c.size), [2, 1]);
  const renamed = customers.map((c, i) => ({ who: c, at: iso[i] }));
  assert.deepEqual(cx.cohortTable(renamed, { customer: 'who', time: 'at' }), want);
  assert.deepEqual(cx.lifecycle(rows, { freq: 'M' }).map((p) => p.new), [2, 1, 0]);
});

test('a missing column and a bad timestamp name the column and the row', () => {
  const rows = [{ customerId: 'a', timestamp: '2026-01-01' }, { customerId: 'b' }];
  assert.throws(() => cx.cohortTable(rows), (e) => e.code === 'CX_INVALID_INPUT' && e.field === 'events.timestamp' && e.index === 1);
  const bad = [{ customerId: 'a', timestamp: 'yesterday' }];
  assert.throws(() => cx.lifecycle(bad), (e) => e.field === 'events.timestamp' && e.index === 0 && /ISO-8601/.test(e.message));
  assert.throws(() => cx.cohortTable('a,b'), (e) => e.code === 'CX_INVALID_INPUT' && e.field === 'events');
});

test('unknown options and wrong types are refused by name', () => {
  assert.throws(() => cx.kaplanMeier([1, 2], null, { levle: 0.9 }), (e) => e.field === 'levle' && /unknown option/.test(e.message));
  assert.throws(() => cx.kaplanMeier('1,2'), (e) => e.code === 'CX_INVALID_INPUT' && e.field === 'durations');
  assert.throws(() => cx.kaplanMeier([1, '2']), (e) => e.field === 'durations' && e.index === 1);
  assert.throws(() => cx.kaplanMeier([1, 2], [true, 'yes']), (e) => e.field === 'observed' && e.index === 1);
  assert.throws(() => cx.churnRate('100', 7), (e) => e.field === 'customersAtStart');
  assert.throws(() => cx.ShiftedBetaGeometric.fit([]), (e) => e.code === 'CX_EMPTY' && e.field === 'survivors');
  assert.throws(() => cx.ChurnClassifier.fit([1, 2, 3], [0, 1, 1]), (e) => e.field === 'x' && /nFeatures/.test(e.message));
  assert.throws(() => cx.ChurnClassifier.fit([[1, 2], [3]], [0, 1]), (e) => e.field === 'x' && e.index === 1);
  assert.throws(() => cx.KaplanMeier.fromJSON('{"n": 1}'), (e) => e.field === 'json' && /not a valid kaplan_meier document/.test(e.message));
});

test('booleans and 0/1 mean the same events; typed arrays of any kind are read', () => {
  const a = cx.kaplanMeier([3, 1, 2, 2], [true, false, true, true]);
  const b = cx.kaplanMeier(Int32Array.from([3, 1, 2, 2]), Uint8Array.from([1, 0, 1, 1]));
  assert.deepEqual(a.table, b.table);
  // Ŝ(2) = (1 − 0/4)·(1 − 2/3) (the censored 1 leaves the risk set before time 2).
  assert.ok(Math.abs(a.survivalAt(2) - 1 / 3) < 1e-15);
  const many = Array.from(a.survivalAt(Float64Array.from([0, 2, 9])));
  assert.deepEqual(many, [1, a.survivalAt(2), 0]);
  assert.deepEqual(a.ciAt(0), [1, 1]);
});

test('models serialize to the core JSON format (as Python to_json) and back', () => {
  const km = cx.kaplanMeier([5, 6, 7], [0, 0, 0]);
  const doc = km.toJSON();
  assert.equal(doc.median, 'Infinity', 'a median never reached is written as "Infinity"');
  assert.ok('median_ci' in doc && 'at_risk' in doc.table[0], 'snake_case keys as in the core');
  assert.equal(km.median, Infinity);
  assert.equal(cx.KaplanMeier.fromJSON(JSON.stringify(km)).median, Infinity);
  assert.equal(cx.KaplanMeier.fromJSON(km).n, 3, 'an instance reads as its toJSON()');
  const sbg = cx.ShiftedBetaGeometric.fit([1000, 631, 468, 382, 326, 289, 262, 241]);
  const back = cx.ShiftedBetaGeometric.fromJSON(JSON.stringify(sbg));
  assert.equal(back.survival(4), sbg.survival(4));
  assert.equal(back.logLikelihood, sbg.logLikelihood);
  const X = [[0, 1], [1, 0], [2, 2], [3, 1], [1, 3], [0, 0]];
  const m = cx.ChurnClassifier.fit(X, [0, 0, 1, 1, 0, 1], { l2: 0.5 });
  const again = cx.ChurnClassifier.fromJSON(m.toJSON());
  assert.deepEqual(Array.from(again.predictProba(X)), Array.from(m.predictProba(X)));
  assert.throws(() => m.predictProba([[1, 2, 3]]), (e) => e.field === 'x' && /3 features, the model has 2/.test(e.message));
});

test('sBG projections take a period or an array of periods', () => {
  const m = cx.ShiftedBetaGeometric.fromParams(0.704, 1.182);
  const s = m.survival([1, 2, 3]);
  assert.ok(s instanceof Float64Array);
  assert.equal(s[1], m.survival(2));
  assert.throws(() => m.survival(1.5), (e) => e.field === 't' && /whole number/.test(e.message));
  assert.equal(m.expectedLifetime(), Infinity, 'alpha ≤ 1 has no finite mean lifetime');
});

test('customerView joins the tables and values customers with fitted models', () => {
  const tx = {
    customerId: ['a', 'a', 'a', 'b'],
    timestamp: ['2024-01-05', '2024-02-10', '2024-03-01', '2024-01-31'],
    amount: Float64Array.from([10, 20, 30, 50]),
  };
  const tp = [{ customerId: 'c', timestamp: new Date('2024-02-20T00:00:00Z'), channel: 'Phone' }];
  const sv = [{ customerId: 'a', timestamp: '2024-03-25', score: 9, kind: 'nps' }, { customerId: 'b', timestamp: '2024-03-05', score: 4, kind: 'csat' }];
  const model = cx.BgNbd.fromParams({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
  const spendModel = cx.GammaGamma.fromParams({ p: 6.25, q: 3.74, v: 15.44 });
  const v = cx.customerView(tx, tp, sv, { observationEnd: '2024-03-31', model, spendModel, months: 6 });
  assert.deepEqual(v.customer, ['a', 'b', 'c']);
  assert.deepEqual(Array.from(v.transactions), [3, 1, 0]);
  assert.deepEqual(v.channels, [[], [], ['phone']]);
  assert.ok(Number.isNaN(v.lastNps[1]), 'a CSAT answer is not an NPS answer');
  assert.equal(v.lastNps[0], 9);
  assert.ok(Number.isNaN(v.frequency[2]) && Number.isNaN(v.pAlive[2]), 'no purchase, no RFM value');
  // CLV of a = Gamma-Gamma spend × discounted expected purchases, as GammaGamma.clv computes it.
  const clv = spendModel.clv(model, [v.frequency[0]], [v.recency[0]], [v.T[0]], [v.monetaryValue[0]], { months: 6 });
  assert.ok(Math.abs(v.clv[0] - clv[0]) <= 1e-12 * Math.abs(clv[0]));
  assert.throws(
    () => cx.customerView(tx, null, null, { model, spendModel: model }),
    (e) => e.field === 'spendModel' && /gamma_gamma/.test(e.message),
  );
  assert.throws(() => cx.customerView(tx, null, sv.concat({ customerId: 'zz', timestamp: '2024-01-01', score: 3, kind: 'nps' })), (e) => e.field === 'surveys.customerId' && e.index === 2);
});
