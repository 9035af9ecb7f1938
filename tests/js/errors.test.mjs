// Bad input is a thrown Error with a CX_* code and a message naming the field, index and
// value, and the module keeps working afterwards (a trapped wasm instance would not).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { cx, target } from './target.mjs';

/** Asserts `f` throws a CX error with `code` whose message contains every `parts` item. */
function throwsCx(f, code, ...parts) {
  assert.throws(f, (e) => {
    assert.ok(e instanceof Error, `not an Error: ${e}`);
    assert.equal(e.code, code, e.message);
    for (const p of parts) assert.ok(e.message.includes(p), `message lacks ${JSON.stringify(p)}: ${e.message}`);
    return true;
  });
}

const cases = [
  // [name, call, code, ...message parts]
  ['NaN score', () => cx.nps([9, NaN]), 'CX_INVALID_INPUT', '`scores`', 'at index 1', '(value NaN)'],
  ['NaN in Float64Array', () => cx.nps(new Float64Array([9, 10, NaN])), 'CX_INVALID_INPUT', '`scores`', 'at index 2'],
  ['NaN deep in a long Float64Array', () => cx.nps(new Float64Array(100000).fill(9).fill(NaN, 99999)), 'CX_INVALID_INPUT', 'at index 99999'],
  ['11 deep in a long Uint8Array', () => cx.nps(new Uint8Array(100000).fill(9).fill(11, 70001, 70002)), 'CX_INVALID_INPUT', 'at index 70001', '(value 11)'],
  ['compare: bad score deep in b', () => cx.compareNps([9], new Float64Array(50000).fill(1).fill(-3, 40000)), 'CX_INVALID_INPUT', '`b`', 'at index 40000'],
  ['Infinity', () => cx.csat([5, Infinity]), 'CX_INVALID_INPUT', '`scores`', 'at index 1', 'inf'],
  ['NPS score 11', () => cx.nps([9, 11]), 'CX_INVALID_INPUT', '`scores`', 'at index 1', '(value 11)'],
  ['byte score 200', () => cx.nps(new Uint8Array([9, 10, 200])), 'CX_INVALID_INPUT', '`scores`', 'at index 2', '(value 200)'],
  ['CSAT score 6 of 5', () => cx.csat([5, 6]), 'CX_INVALID_INPUT', '`scores`', 'at index 1', 'from 1 to 5'],
  ['CES score 0', () => cx.ces([0, 4]), 'CX_INVALID_INPUT', '`scores`', 'at index 0', '(value 0)'],
  ['fractional score', () => cx.nps([9, 7.5]), 'CX_INVALID_INPUT', 'at index 1', '(value 7.5)'],
  ['negative score', () => cx.nps([-1, 9]), 'CX_INVALID_INPUT', 'at index 0', '(value -1)'],
  ['empty NPS', () => cx.nps([]), 'CX_EMPTY', '`scores`'],
  ['empty Uint8Array', () => cx.nps(new Uint8Array(0)), 'CX_EMPTY', '`scores`'],
  ['empty CSAT', () => cx.csat(new Float64Array(0)), 'CX_EMPTY', '`scores`'],
  ['one CES answer', () => cx.ces([4]), 'CX_EMPTY', '`scores`', 'at least 2'],
  ['negative weight', () => cx.nps([9, 3], { weights: [1, -2] }), 'CX_INVALID_INPUT', '`weights`', 'at index 1', '(value -2)'],
  ['NaN weight', () => cx.nps([9, 3], { weights: new Float64Array([1, NaN]) }), 'CX_INVALID_INPUT', '`weights`', 'at index 1'],
  ['zero weights', () => cx.nps([9, 3], { weights: [0, 0] }), 'CX_INVALID_INPUT', '`weights`'],
  ['length mismatch', () => cx.nps([9, 3], { weights: [1] }), 'CX_LENGTH_MISMATCH', '`scores` has 2', '`weights` has 1'],
  ['level 1.5', () => cx.nps([9], { level: 1.5 }), 'CX_INVALID_INPUT', '`level`', '1.5'],
  ['level 0', () => cx.csat([5], { level: 0 }), 'CX_INVALID_INPUT', '`level`'],
  ['level NaN', () => cx.ces([5, 4], { level: NaN }), 'CX_INVALID_INPUT', '`level`'],
  ['level as string', () => cx.nps([9], { level: '0.9' }), 'CX_INVALID_INPUT', '`level`', '"0.9"', 'a number'],
  ['method bootstrap', () => cx.nps([9], { method: 'bootstrap' }), 'CX_INVALID_INPUT', '`method`', 'bootstrap'],
  ['method as number', () => cx.compareNps([9], [3], { method: 1 }), 'CX_INVALID_INPUT', '`method`', 'a string'],
  ['topBox 5 of 5', () => cx.csat([4], { topBox: 5 }), 'CX_INVALID_INPUT', '`topBox`', '(value 5)'],
  ['topBox fractional', () => cx.csat([4], { topBox: 1.5 }), 'CX_INVALID_INPUT', '`topBox`', '1.5'],
  ['scale 1', () => cx.csat([1], { scale: 1 }), 'CX_INVALID_INPUT', '`scale`'],
  ['CES scale 2', () => cx.ces([1, 2], { scale: 2 }), 'CX_INVALID_INPUT', '`scale`'],
  ['lowIsEasy as string', () => cx.ces([1, 2], { lowIsEasy: 'yes' }), 'CX_INVALID_INPUT', '`lowIsEasy`', 'true or false'],
  ['snake_case option', () => cx.csat([4], { top_box: 1 }), 'CX_INVALID_INPUT', '`options`', '"top_box"', 'topBox'],
  ['options as string', () => cx.nps([9], 'wald'), 'CX_INVALID_INPUT', '`options`'],
  ['options as array', () => cx.nps([9], [0.9]), 'CX_INVALID_INPUT', '`options`'],
  ['scores as string', () => cx.nps('9,10'), 'CX_INVALID_INPUT', '`scores`', '"9,10"'],
  ['scores null', () => cx.nps(null), 'CX_INVALID_INPUT', '`scores`', 'null'],
  ['scores undefined', () => cx.csat(undefined), 'CX_INVALID_INPUT', '`scores`', 'undefined'],
  ['scores a number', () => cx.ces(5), 'CX_INVALID_INPUT', '`scores`', '(value 5)'],
  ['scores an object', () => cx.nps({ 0: 9, length: 1 }), 'CX_INVALID_INPUT', '`scores`', 'an object'],
  ['scores an Int32Array', () => cx.nps(new Int32Array([9])), 'CX_INVALID_INPUT', '`scores`', 'Int32Array'],
  ['string element', () => cx.nps([9, '10']), 'CX_INVALID_INPUT', '`scores`', 'at index 1', '"10"'],
  ['null element', () => cx.csat([5, null]), 'CX_INVALID_INPUT', '`scores`', 'at index 1', 'null'],
  ['hole in array', () => cx.nps([9, , 10]), 'CX_INVALID_INPUT', '`scores`', 'at index 1'], // eslint-disable-line no-sparse-arrays
  ['weights as string', () => cx.nps([9], { weights: '1' }), 'CX_INVALID_INPUT', '`weights`'],
  ['compare: bad group a', () => cx.compareNps([9, 12], [3]), 'CX_INVALID_INPUT', '`a`', 'at index 1', '(value 12)'],
  ['compare: empty group b', () => cx.compareNps([9], []), 'CX_EMPTY', '`b`'],
  ['compare: empty tally b', () => cx.compareNps([9], { promoters: 0, passives: 0, detractors: 0 }), 'CX_EMPTY', '`b`'],
  ['compare: b is null', () => cx.compareNps([9], null), 'CX_INVALID_INPUT', '`b`'],
  ['compare: b a bad tally', () => cx.compareNps([9], { promoters: 1 }), 'CX_INVALID_INPUT', '`passives`', 'undefined'],
];

for (const [name, call, code, ...parts] of cases) {
  test(`${target}: ${name} → ${code}`, () => throwsCx(call, code, ...parts));
}

test(`${target}: still computes after every error`, () => {
  for (const [, call] of cases) assert.throws(call);
  assert.equal(cx.nps([10, 9, 8, 3]).score, 25);
  assert.equal(cx.nps(new Uint8Array([10, 0])).score, 0);
});

test(`${target}: errors carry field and index`, () => {
  assert.throws(() => cx.nps([9, 10, 11]), { code: 'CX_INVALID_INPUT', field: 'scores', index: 2 });
  assert.throws(() => cx.nps([9, 3], { weights: [1, -1] }), { field: 'weights', index: 1 });
  assert.throws(() => cx.csat([4], { topBox: 7 }), (e) => e.field === 'topBox' && e.index === undefined);
  assert.throws(() => cx.nps([9], { weights: [1, 1] }), { code: 'CX_LENGTH_MISMATCH', field: 'weights' });
  assert.throws(() => cx.compareNps([9], []), { code: 'CX_EMPTY', field: 'b' });
});

test(`${target}: error messages use the JS option names`, () => {
  throwsCx(() => cx.csat([4], { topBox: 0 }), 'CX_INVALID_INPUT', 'topBox must be between 1 and 4');
});
