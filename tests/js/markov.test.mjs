// Markov attribution is deterministic to the bit: the Node addon, the wasm build and the
// Python binding (tests/js/data/markov_golden.json, written from `cx.attribution` by
// tests/js/data/markov_golden.py) give exactly the same credits, removal effects and
// conversion probability, run after run. The chain is solved by elimination in a fixed
// order, with no transcendental function whose last bit could differ between the builds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { load, rootDir } from './target.mjs';

const builds = { node: load('node'), wasm: load('wasm') };
const golden = JSON.parse(readFileSync(join(rootDir, 'tests/js/data/markov_golden.json'), 'utf8'));

/** Asserts `got` equals `want` bit for bit (`Object.is`: 0 and −0 differ, NaN equals NaN), keys in order. */
function same(name, want, got) {
  if (want !== null && typeof want === 'object') {
    assert.deepEqual(Object.keys(got), Object.keys(want), `${name}: keys`);
    for (const k of Object.keys(want)) same(`${name}.${k}`, want[k], got[k]);
  } else {
    assert.ok(Object.is(want, got), `${name}: expected ${want}, got ${got}`);
  }
}

const markov = (cx, c) =>
  cx.attribution(c.paths, c.conversions, { model: 'markov', order: c.order, ...(c.nulls ? { nulls: c.nulls } : {}) });

test('golden file covers the hand-worked and the seeded cases', () => {
  assert.ok(golden.cases.length >= 9);
  assert.ok(golden.cases.some((c) => c.order === 3 && c.paths.length === 300));
});

for (const c of golden.cases) {
  test(`${c.name}: node and wasm match the Rust core (via Python) exactly`, () => {
    for (const [name, cx] of Object.entries(builds)) {
      const r = markov(cx, c);
      same(`${name} credits`, c.credits, r.credits);
      same(`${name} removalEffects`, c.removal_effects, r.removalEffects);
      same(`${name} conversionProbability`, c.conversion_probability, r.conversionProbability);
      same(`${name} second run`, r, markov(cx, c));
    }
  });
}
