// Next best offer and feedback sentiment in JS beyond the shared vectors: properties (lift
// symmetric, offers never include purchases, compound in [-1, 1]) on seeded random data, and
// typed errors naming the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { cx } from './target.mjs';

/** A small deterministic generator (LCG), so every run sees the same data. */
function lcg(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function randomRows(seed, n = 80) {
  const r = lcg(seed);
  return Array.from({ length: n }, () => ({
    customerId: `c${Math.floor(r() * 15)}`,
    product: `p${Math.floor(r() * 7)}`,
  }));
}

function throwsCx(f, code, field, index) {
  assert.throws(f, (e) => {
    assert.ok(e instanceof Error, String(e));
    assert.equal(e.code, code, e.message);
    assert.equal(e.field, field, e.message);
    if (index !== undefined) assert.equal(e.index, index, e.message);
    assert.ok(e.message.includes(`\`${field}\``), e.message);
    return true;
  });
}

test('lift is symmetric and offers never include purchases', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const rows = randomRows(seed);
    const rules = cx.associationRules(rows, { minSupport: 1e-9, minConfidence: 0 });
    for (const a of rules) {
      const b = rules.find((x) => x.antecedent === a.consequent && x.consequent === a.antecedent);
      assert.ok(b, `${a.antecedent} -> ${a.consequent} has its reverse`);
      assert.equal(b.lift, a.lift);
    }
    const bought = new Map();
    for (const { customerId, product } of rows) {
      if (!bought.has(customerId)) bought.set(customerId, new Set());
      bought.get(customerId).add(product);
    }
    const ids = [...bought.keys(), 'stranger'];
    for (const r of cx.recommend(rows, ids, { k: 3, minSupport: 0.05 })) {
      assert.ok(!(bought.get(r.customer)?.has(r.product)), `${r.customer} already has ${r.product}`);
      assert.ok(r.rank >= 1 && r.rank <= 3);
    }
  }
});

test('recommendations break ties by product name and fall back to popularity', () => {
  const rows = [
    { customerId: 'a', product: 'tea' }, { customerId: 'a', product: 'cake' },
    { customerId: 'b', product: 'tea' }, { customerId: 'b', product: 'cake' },
    { customerId: 'c', product: 'tea' }, { customerId: 'd', product: 'scone' },
  ];
  const got = cx.recommend(rows, ['c', 'new'], { k: 2 });
  assert.deepEqual(got.map((r) => [r.customer, r.product, r.source]), [
    ['c', 'cake', 'rule'], ['c', 'scone', 'popular'],
    ['new', 'tea', 'popular'], ['new', 'cake', 'popular'],
  ]);
  assert.equal(got[0].because, 'tea');
  assert.equal(got[1].lift, null);
});

test('compound stays in [-1, 1] and shares add up to 1', () => {
  const r = lcg(7);
  const words = ['good', 'BAD', 'not', 'very', 'but', '!!!', 'kind', 'of', 'never', 'so', 'love', 'hate', ':)', '😁', 'x'];
  const texts = Array.from({ length: 200 }, () =>
    Array.from({ length: Math.floor(r() * 25) }, () => words[Math.floor(r() * words.length)]).join(' '));
  for (const s of cx.sentiment(texts)) {
    assert.ok(s.compound >= -1 && s.compound <= 1, String(s.compound));
    const total = s.pos + s.neu + s.neg;
    assert.ok(total === 0 || Math.abs(total - 1) < 1e-12);
    assert.ok(['positive', 'neutral', 'negative'].includes(s.label));
  }
});

test('themes of negative comments', () => {
  const t = cx.feedbackThemes(['Late delivery, box damaged', 'Late delivery, terrible service', 'Great shop'], { top: 2 });
  assert.equal(t.negative, 2);
  assert.deepEqual(t.themes.map((x) => [x.kind, x.term, x.comments]), [
    ['word', 'delivery', 2], ['word', 'late', 2], ['phrase', 'late delivery', 2], ['phrase', 'box damaged', 1],
  ]);
});

test('errors name the field', () => {
  const rows = randomRows(3, 10);
  throwsCx(() => cx.associationRules([]), 'CX_EMPTY', 'transactions.customerId');
  throwsCx(() => cx.associationRules(rows, { minSupport: 0 }), 'CX_INVALID_INPUT', 'minSupport');
  throwsCx(() => cx.associationRules(rows, { minSupport: 1.5 }), 'CX_INVALID_INPUT', 'minSupport');
  throwsCx(() => cx.associationRules(rows, { minConfidence: -0.1 }), 'CX_INVALID_INPUT', 'minConfidence');
  throwsCx(() => cx.associationRules(rows, { product: 'sku' }), 'CX_INVALID_INPUT', 'transactions.sku');
  throwsCx(() => cx.associationRules({ customerId: ['a', 'b'], product: ['x'] }), 'CX_LENGTH_MISMATCH', 'transactions.product');
  throwsCx(() => cx.recommend(rows, ['c1'], { k: 0 }), 'CX_INVALID_INPUT', 'k');
  throwsCx(() => cx.recommend(rows, ['c1'], { kk: 1 }), 'CX_INVALID_INPUT', 'kk');
  throwsCx(() => cx.sentiment(['fine', 3]), 'CX_INVALID_INPUT', 'texts', 1);
  throwsCx(() => cx.sentiment('fine'), 'CX_INVALID_INPUT', 'texts');
  throwsCx(() => cx.sentiment([]), 'CX_EMPTY', 'texts');
  throwsCx(() => cx.sentimentBySegment(['a', 'b'], ['x']), 'CX_LENGTH_MISMATCH', 'segments');
  throwsCx(() => cx.feedbackThemes(['bad'], { threshold: 2 }), 'CX_INVALID_INPUT', 'threshold');
  throwsCx(() => cx.feedbackThemes(['bad'], { top: 0 }), 'CX_INVALID_INPUT', 'top');
});
