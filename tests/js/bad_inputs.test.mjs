// The bad-input matrix (tests/vectors/bad_inputs.json) in the build under test (CX_TARGET
// node or wasm): every case throws an Error whose `code` is its kind's CX_* code, whose `field`
// is the core's field spelled the JS way, and whose message names that field; wrong types
// (strings, null, objects) throw CX_INVALID_INPUT, never a TypeError, a trap or a NaN result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { cx, rootDir } from './target.mjs';

const matrix = JSON.parse(readFileSync(`${rootDir}tests/vectors/bad_inputs.json`, 'utf8'));

/** snake_case → camelCase, as cx-js spells fields and options (`T` and `X` stay). */
const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

/** The matrix's JSON encoding to JS values, object keys (options, table columns) camelCased. */
function decode(v, keys = true) {
  if (Array.isArray(v)) return v.map((x) => decode(x, keys));
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [keys ? camel(k) : k, decode(x, keys)]));
  }
  const special = { $nan: NaN, $inf: Infinity, '$-inf': -Infinity, $none: null };
  if (v === '$object') return {};
  return typeof v === 'string' && v in special ? special[v] : v;
}

/** Calls the group's export with the case's arguments and options object. */
function call(g, c) {
  const args = c.args.map((a) => (g.js_parse_json && typeof a === 'string' ? JSON.parse(a) : decode(a)));
  while (args.length < g.arity) args.push(undefined);
  if (c.options) args.push(decode(c.options));
  const name = g.fn.js;
  if (g.model) {
    const m = cx[g.model.class].fromParams(g.model.params);
    return m[name](...args);
  }
  const [head, method] = name.split('.');
  return method ? cx[head][method](...args) : cx[head](...args);
}

for (const g of matrix.groups) {
  for (const c of g.cases) {
    const skip = c.skip?.js;
    test(`${g.fn.js}: ${c.name}`, { skip }, () => {
      const { kind } = c.expect;
      const want = c.expect.field;
      const field = want === null || typeof want === 'string' ? want && camel(want) : want.js;
      let result;
      assert.throws(
        () => {
          result = call(g, c);
        },
        (e) => {
          assert.ok(e instanceof Error, `not an Error: ${e}`);
          assert.equal(e.code, matrix.kinds[kind], e.message);
          if (field !== null) {
            assert.equal(e.field, field, e.message);
            assert.ok(e.message.includes(`\`${field}\``), e.message);
          }
          return true;
        },
        `returned ${JSON.stringify(result)}`,
      );
    });
  }
}

test('allowUnconverged keeps the estimate the strict fit refuses', () => {
  assert.throws(() => cx.BgBb.fit([3], [5], [6]), (e) => e.code === 'CX_NOT_CONVERGED');
  const m = cx.BgBb.fit([3], [5], [6], { allowUnconverged: true });
  assert.equal(m.converged, false);
  for (const v of Object.values(m.params)) assert.ok(Number.isFinite(v) && v > 0);
});

test('allowUnconverged on the sBG and the churn classifier', () => {
  const survivors = [1000, 869, 743, 653, 593, 551, 517, 491]; // Fader & Hardie 2007, "regular"
  assert.throws(() => cx.ShiftedBetaGeometric.fit(survivors, { maxIterations: 2 }), (e) => e.code === 'CX_NOT_CONVERGED');
  const m = cx.ShiftedBetaGeometric.fit(survivors, { maxIterations: 2, allowUnconverged: true });
  assert.equal(m.converged, false);
  for (const v of Object.values(m.params)) assert.ok(Number.isFinite(v) && v > 0);
  const x = [[1], [2], [3], [4]];
  const y = [0, 0, 1, 1]; // separable: no finite optimum at l2 = 0
  assert.throws(() => cx.ChurnClassifier.fit(x, y, { l2: 0 }), (e) => e.code === 'CX_NOT_CONVERGED');
  const c = cx.ChurnClassifier.fit(x, y, { l2: 0, allowUnconverged: true });
  assert.equal(c.converged, false);
  const p = c.predictProba([[1], [4]]);
  assert.ok(p[0] < 0.05 && p[1] > 0.95, String(p));
});
