// NpsTally: add, merge, toJSON/fromJSON round trip, and that failures leave it untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { cx, target } from './target.mjs';

// The portable document of a tally: the envelope of docs/model-format.md and the counts.
const doc = (c) => ({ format_version: 1, model: 'nps_tally', ...c });
const counts = (t) => ({ promoters: t.promoters, passives: t.passives, detractors: t.detractors });

test(`${target}: add counts arrays, Float64Array and Uint8Array alike`, () => {
  const t = new cx.NpsTally();
  assert.equal(t.n, 0);
  t.add([10, 9, 3]);
  t.add(new Float64Array([8, 7]));
  t.add(new Uint8Array([0, 6, 9, 10]));
  assert.deepEqual(counts(t), { promoters: 4, passives: 2, detractors: 3 });
  assert.equal(t.n, 9);
  const direct = cx.nps([10, 9, 3, 8, 7, 0, 6, 9, 10]);
  assert.deepEqual(t.result(), direct);
});

test(`${target}: merge adds tallies and their JSON; self-merge doubles`, () => {
  const a = new cx.NpsTally();
  a.add([10, 9, 3]);
  const b = new cx.NpsTally();
  b.add([8, 10]);
  a.merge(b);
  assert.deepEqual(counts(a), { promoters: 3, passives: 1, detractors: 1 });
  assert.equal(a.result().score, 40);
  a.merge({ promoters: 1, passives: 0, detractors: 4 });
  assert.deepEqual(a.toJSON(), doc({ promoters: 4, passives: 1, detractors: 5 }));
  a.merge(a);
  assert.deepEqual(a.toJSON(), doc({ promoters: 8, passives: 2, detractors: 10 }));
  assert.deepEqual(counts(b), { promoters: 1, passives: 1, detractors: 0 }, 'merge leaves the other tally alone');
});

test(`${target}: toJSON / fromJSON round trip through JSON text`, () => {
  const t = new cx.NpsTally();
  t.add(new Uint8Array(1000).map((_, i) => i % 11));
  const text = JSON.stringify(t);
  assert.deepEqual(JSON.parse(text), t.toJSON());
  const back = cx.NpsTally.fromJSON(JSON.parse(text));
  assert.ok(back instanceof cx.NpsTally);
  assert.deepEqual(back.toJSON(), t.toJSON());
  assert.deepEqual(back.result({ method: 'adjusted_wald', level: 0.9 }), t.result({ method: 'adjusted_wald', level: 0.9 }));
  const copy = cx.NpsTally.fromJSON(t);
  assert.deepEqual(copy.toJSON(), t.toJSON(), 'fromJSON accepts a tally too');
});

test(`${target}: tally documents are versioned; plain counts of older versions load`, () => {
  const t = cx.NpsTally.fromJSON({ promoters: 3, passives: 1, detractors: 1 });
  // The same text as Python's to_json (keys sorted, as in every document).
  assert.equal(JSON.stringify(t), '{"detractors":1,"format_version":1,"model":"nps_tally","passives":1,"promoters":3}');
  assert.deepEqual(counts(cx.NpsTally.fromJSON(t.toJSON())), { promoters: 3, passives: 1, detractors: 1 });
  const newer = { ...t.toJSON(), format_version: 2 };
  assert.throws(() => cx.NpsTally.fromJSON(newer), (e) => e.code === 'CX_INVALID_INPUT' && e.field === 'format_version' && /newer cxkit/.test(e.message));
  assert.throws(() => t.merge(newer), (e) => e.field === 'format_version');
  assert.throws(() => cx.NpsTally.fromJSON({ ...t.toJSON(), format_version: '1' }), (e) => e.field === 'format_version');
  assert.throws(() => cx.NpsTally.fromJSON({ ...t.toJSON(), model: 'bg_nbd' }), (e) => e.code === 'CX_INVALID_INPUT' && e.field === 'model' && /nps_tally/.test(e.message));
  assert.deepEqual(counts(t), { promoters: 3, passives: 1, detractors: 1 }, 'a refused merge leaves the tally alone');
});

test(`${target}: compareNps takes tallies as groups`, () => {
  const a = cx.NpsTally.fromJSON({ promoters: 30, passives: 10, detractors: 10 });
  const b = cx.NpsTally.fromJSON({ promoters: 20, passives: 15, detractors: 25 });
  const scoresA = [...Array(30).fill(10), ...Array(10).fill(8), ...Array(10).fill(4)];
  const scoresB = [...Array(20).fill(9), ...Array(15).fill(7), ...Array(25).fill(2)];
  assert.deepEqual(cx.compareNps(a, b), cx.compareNps(scoresA, scoresB));
  assert.deepEqual(cx.compareNps(a.toJSON(), Uint8Array.from(scoresB)), cx.compareNps(scoresA, scoresB));
});

test(`${target}: a bad add or merge leaves the tally untouched`, () => {
  const t = cx.NpsTally.fromJSON({ promoters: 1, passives: 2, detractors: 3 });
  const bytes = new Uint8Array(20000).fill(5);
  bytes[12345] = 11;
  assert.throws(() => t.add(bytes), (e) => e.code === 'CX_INVALID_INPUT' && e.message.includes('at index 12345'));
  assert.throws(() => t.add([9, 9.5]), { code: 'CX_INVALID_INPUT' });
  assert.throws(() => t.add('9'), { code: 'CX_INVALID_INPUT' });
  assert.throws(() => t.merge({ promoters: 1, passives: -1, detractors: 0 }), (e) => e.code === 'CX_INVALID_INPUT' && e.message.includes('`passives`'));
  assert.throws(() => t.merge([1, 2, 3]), (e) => e.code === 'CX_INVALID_INPUT' && e.message.includes('`other`'));
  assert.throws(() => t.merge(null), { code: 'CX_INVALID_INPUT' });
  assert.deepEqual(t.toJSON(), doc({ promoters: 1, passives: 2, detractors: 3 }));
});

test(`${target}: counts must be exact JS integers`, () => {
  assert.throws(() => cx.NpsTally.fromJSON({ promoters: 1.5, passives: 0, detractors: 0 }), (e) => e.code === 'CX_INVALID_INPUT' && e.message.includes('`promoters`'));
  assert.throws(() => cx.NpsTally.fromJSON({ promoters: 2 ** 53, passives: 0, detractors: 0 }), { code: 'CX_INVALID_INPUT' });
  assert.throws(() => cx.NpsTally.fromJSON({ promoters: '1', passives: 0, detractors: 0 }), { code: 'CX_INVALID_INPUT' });
  assert.throws(() => cx.NpsTally.fromJSON('{"promoters":1}'), (e) => e.code === 'CX_INVALID_INPUT' && e.message.includes('`json`'));
  const big = cx.NpsTally.fromJSON({ promoters: Number.MAX_SAFE_INTEGER, passives: 0, detractors: 0 });
  assert.throws(() => big.merge({ promoters: 1, passives: 0, detractors: 0 }), (e) => e.code === 'CX_INVALID_INPUT' && e.message.includes('2^53'));
  assert.equal(big.promoters, Number.MAX_SAFE_INTEGER);
});

test(`${target}: an empty tally has no result`, () => {
  assert.throws(() => new cx.NpsTally().result(), { code: 'CX_EMPTY' });
  assert.throws(() => cx.NpsTally.fromJSON({ promoters: 1, passives: 0, detractors: 0 }).result({ level: 2 }), { code: 'CX_INVALID_INPUT' });
});
