// Personalization in JS beyond the shared vectors: table shapes, ids, options, typed errors,
// and bit-identical personas in the native and wasm builds.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { cx, load } from './target.mjs';

const customers = {
  customerId: ['c00', 'c01', 'c02', 'c03', 'c04', 'c05', 'c06', 'c07', 'c08', 'c09', 'c10', 'c11'],
  frequency: [8, 9, 7, 10, 8, 0, 1, 0, 1, 3, 2, 4],
  recency: [30, 32, 28, 34, 31, 0, 2, 0, 3, 20, 18, 25],
  monetary: [40, 35, 45, 38, 42, 20, 25, 15, 22, 310, 280, 350],
};
const rows = customers.customerId.map((id, i) => ({
  customerId: id,
  frequency: customers.frequency[i],
  recency: customers.recency[i],
  monetary: customers.monetary[i],
}));

test('topCustomers and valueConcentration: ids, typed arrays, shares', () => {
  const values = Float64Array.from([5, 0, 5, 10]);
  const t = cx.topCustomers(values, { k: 2, ids: [101, 102, 103, 104] });
  assert.deepEqual(t.ids, ['104', '101']);
  assert.deepEqual(t.rows, [3, 0]);
  assert.deepEqual(t.cumulativeShares, [0.5, 0.75]);
  assert.equal(t.valueShare, 0.75);
  assert.deepEqual(cx.topCustomers(values, { share: 1 }).rows, [3, 0, 2]);
  assert.equal(cx.topCustomers(values).count, 4);
  const c = cx.valueConcentration([1, 2, 3, 4]);
  assert.ok(Math.abs(c.gini - 0.25) < 1e-15);
  assert.deepEqual(c.valueShares, [0, 0.1, 0.3, 0.6, 1]);
});

test('personas: rows and columns agree; columns, id and k options', () => {
  const p = cx.personas(customers, { kRange: [2, 5], seed: 3 });
  assert.deepEqual(cx.personas(rows, { kRange: [2, 5], seed: 3 }), p);
  assert.equal(p.k, 3);
  assert.deepEqual(p.featureNames, ['frequency', 'recency', 'monetary']);
  assert.deepEqual(p.profiles.map((q) => q.size), [5, 4, 3]);
  assert.equal(p.profiles[2].description, 'very high monetary');
  assert.deepEqual(p.scores.map((s) => s.k), [2, 3, 4, 5]);
  const two = cx.personas(customers, { k: 2, columns: ['frequency', 'recency'] });
  assert.equal(two.k, 2);
  assert.deepEqual(two.featureNames, ['frequency', 'recency']);
  const renamed = { who: customers.customerId, f: customers.frequency, m: customers.monetary };
  assert.deepEqual(cx.personas(renamed, { id: 'who', k: 2 }).featureNames, ['f', 'm']);
});

test('lookalike: both methods rank everyone but the seeds', () => {
  for (const method of ['classifier', 'centroid']) {
    const r = cx.lookalike(customers, ['c09', 'c10'], { method });
    assert.equal(r.length, 10);
    assert.equal(r[0].id, 'c11', method);
    assert.ok(r.every((x, i) => i === 0 || r[i - 1].score >= x.score));
    assert.ok(!r.some((x) => x.id === 'c09' || x.id === 'c10'));
  }
  assert.deepEqual(cx.lookalike(rows, ['c09', 'c10']), cx.lookalike(customers, ['c09', 'c10']));
});

test('bad inputs: typed errors naming the field', () => {
  const bad = [
    [() => cx.topCustomers([1, -2]), 'CX_INVALID_INPUT', 'values', 1],
    [() => cx.topCustomers([1, NaN], { k: 1 }), 'CX_INVALID_INPUT', 'values', 1],
    [() => cx.topCustomers([]), 'CX_EMPTY', 'values'],
    [() => cx.topCustomers([1], { k: 2 }), 'CX_INVALID_INPUT', 'k'],
    [() => cx.topCustomers([1, 2], { ids: ['a'] }), 'CX_LENGTH_MISMATCH', 'ids'],
    [() => cx.topCustomers([1], { top: 1 }), 'CX_INVALID_INPUT', 'top'],
    [() => cx.valueConcentration([0, 0]), 'CX_INVALID_INPUT', 'values'],
    [() => cx.personas(customers, { k: 1 }), 'CX_INVALID_INPUT', 'k'],
    [() => cx.personas(customers, { k: 12 }), 'CX_INVALID_INPUT', 'k'],
    [() => cx.personas(customers, { kRange: [1, 3] }), 'CX_INVALID_INPUT', 'kRange'],
    [() => cx.personas(customers, { kRange: [2] }), 'CX_INVALID_INPUT', 'kRange'],
    [() => cx.personas({ ...customers, recency: customers.recency.map((x, i) => (i === 4 ? Infinity : x)) }), 'CX_INVALID_INPUT', 'features', 4],
    [() => cx.personas({ ...customers, recency: [1] }), 'CX_LENGTH_MISMATCH', 'features.recency'],
    [() => cx.personas({ ...customers, tier: customers.frequency.map(() => 'gold') }), 'CX_INVALID_INPUT', 'features.tier', 0],
    [() => cx.personas({ customerId: ['a'] }), 'CX_INVALID_INPUT', 'features'],
    [() => cx.lookalike(customers, ['c01', 'nobody']), 'CX_INVALID_INPUT', 'seedIds', 1],
    [() => cx.lookalike(customers, []), 'CX_EMPTY', 'seedIds'],
    [() => cx.lookalike(customers, ['c01'], { method: 'knn' }), 'CX_INVALID_INPUT', 'method'],
    [() => cx.lookalike({ ...customers, customerId: customers.customerId.map(() => 'a') }, ['a']), 'CX_INVALID_INPUT', 'features.customerId', 1],
    [() => cx.silhouette([[0], [1]], [0, 0, 1]), 'CX_LENGTH_MISMATCH', 'labels'],
  ];
  bad.forEach(([f, code, field, index], i) => {
    assert.throws(f, (e) => {
      assert.equal(e.code, code, `#${i}: ${e.message}`);
      assert.equal(e.field, field, `#${i}: ${e.message}`);
      assert.equal(e.index, index, `#${i}: ${e.message}`);
      return true;
    });
  });
});

test('personas are bit-identical in the native and wasm builds', () => {
  const native = load('node');
  const wasm = load('wasm');
  let s = 99;
  const u = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  for (let i = 0; i < 5; i++) {
    const n = 30 + 20 * i;
    const t = { a: [], b: [], c: [] };
    for (let j = 0; j < n; j++) {
      t.a.push(u() * 100);
      t.b.push(u() * u() * 10);
      t.c.push(Math.floor(u() * 5));
    }
    const opts = { seed: i, kRange: [2, 6], nInit: 3 };
    assert.deepEqual(wasm.personas(t, opts), native.personas(t, opts), `data set ${i}`);
  }
});
