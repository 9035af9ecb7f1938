// Every case of tests/vectors/*.json whose file lists this binding ("node" or "wasm"), run
// against the build under test: the same golden numbers Rust and Python check.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { cx, target, rootDir } from './target.mjs';
import * as clv from './vectors/clv.mjs';
import * as retention from './vectors/retention.mjs';
import * as journey from './vectors/journey.mjs';
import * as surveyBreakdown from './vectors/survey_breakdown.mjs';
import * as personalize from './vectors/personalize.mjs';
import * as offers from './vectors/offers.mjs';

/** Runners of the vector files beyond the survey ones: `run(cx, fn, input, num)`, and the
 * JS names of fields the core names otherwise: `fields` (per file) or `field(fn, name)`. */
const domains = [retention, surveyBreakdown, clv, journey, personalize, offers];

/** The runner of each vector file's `module`, for its field names. */
const byModule = { retention, journey, clv, survey: surveyBreakdown, personalize, offers, sentiment: offers };

const dir = join(rootDir, 'tests/vectors');

/** `effective_n` → `effectiveN`. */
export const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

/** A vector number: the strings "NaN" and "±Infinity" stand for those floats. */
const num = (v) => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);
const nums = (a) => a.map(num);

/** Options from a case input: snake_case keys become camelCase, scores stay out. */
function options(input, skip) {
  const o = {};
  for (const [k, v] of Object.entries(input)) {
    if (!skip.includes(k)) o[camel(k)] = Array.isArray(v) ? nums(v) : num(v);
  }
  return o;
}

/** Runs one case; `wrap` turns a score array into the input type under test. */
function run(fn, input, wrap) {
  switch (fn) {
    case 'nps': {
      const o = options(input, ['scores']);
      if (o.weights) o.weights = wrap(o.weights);
      return cx.nps(wrap(nums(input.scores)), o);
    }
    case 'compare_nps':
      return cx.compareNps(wrap(nums(input.a)), wrap(nums(input.b)), options(input, ['a', 'b']));
    case 'nps_tally': {
      const t = new cx.NpsTally();
      for (const [promoters, passives, detractors] of input.tallies) {
        t.merge(cx.NpsTally.fromJSON({ promoters, passives, detractors }));
      }
      const back = cx.NpsTally.fromJSON(JSON.parse(JSON.stringify(t)));
      assert.deepEqual(back.toJSON(), t.toJSON(), 'JSON round trip keeps the counts');
      const { format_version, model, ...counts } = t.toJSON();
      assert.deepEqual([format_version, model], [1, 'nps_tally'], 'toJSON writes the portable document');
      return { ...t.result(options(input, ['tallies'])), ...counts };
    }
    case 'csat':
      return cx.csat(wrap(nums(input.scores)), options(input, ['scores']));
    case 'ces':
      return cx.ces(wrap(nums(input.scores)), options(input, ['scores']));
    default: {
      for (const d of domains) {
        const out = d.run(cx, fn, input, num);
        if (out !== undefined) return out;
      }
      throw new Error(`vector names unknown function ${fn}: add it to tests/js/vectors.test.mjs`);
    }
  }
}

function assertClose(name, path, want, got, tol) {
  if (Array.isArray(want)) {
    assert.ok(Array.isArray(got), `${name}: ${path} is not an array`);
    assert.equal(got.length, want.length, `${name}: ${path} length`);
    want.forEach((w, i) => assertClose(name, `${path}[${i}]`, w, got[i], tol));
  } else if (want !== null && typeof want === 'object') {
    for (const [k, w] of Object.entries(want)) {
      const key = camel(k);
      assert.ok(key in got, `${name}: result has no ${path}${key}`);
      assertClose(name, `${path}${key}.`, w, got[key], tol);
    }
  } else if (typeof want === 'number' || ['NaN', 'Infinity', '-Infinity'].includes(want)) {
    const w = num(want);
    if (Number.isNaN(w)) assert.ok(Number.isNaN(got), `${name}: ${path} expected NaN, got ${got}`);
    else assert.ok(w === got || Math.abs(w - got) <= tol, `${name}: ${path} expected ${w}, got ${got} (tolerance ${tol})`);
  } else {
    assert.equal(got, want, `${name}: ${path}`);
  }
}

/** The JS name of a field a vector of `module` names for `fn`: the module runner's own
 * mapping, else camelCase. */
const jsField = (module, fn, f) => {
  const d = byModule[module];
  return d?.field?.(fn, f) ?? d?.fields?.[f] ?? camel(f);
};

/** Checks a thrown error against a case's `error`: code, field and index in the message;
 * `module` and `fn` (the vector file's module and the case's function) pick the field's JS name. */
export function assertCxError(e, err, name = '', module = undefined, fn = undefined) {
  assert.ok(e instanceof Error, `${name}: threw ${e}`);
  assert.equal(e.code, err.code, `${name}: ${e.message}`);
  if (err.field) {
    const field = jsField(module, fn, err.field);
    assert.equal(e.field, field, `${name}: err.field`);
    assert.ok(e.message.includes(`\`${field}\``), `${name}: message names \`${field}\`: ${e.message}`);
  }
  if (err.index !== undefined) {
    assert.equal(e.index, err.index, `${name}: err.index`);
    assert.ok(e.message.includes(`at index ${err.index} `), `${name}: message names index ${err.index}: ${e.message}`);
  } else {
    assert.equal(e.index, undefined, `${name}: no err.index`);
  }
}

// Input types each case runs with: plain arrays always; typed arrays when they hold the
// values exactly (a Uint8Array only whole numbers 0..255, and never NaN).
const inputKinds = {
  array: { fits: () => true, wrap: (a) => a },
  Float64Array: { fits: () => true, wrap: (a) => Float64Array.from(a) },
  Uint8Array: {
    fits: (a) => a.every((x) => Number.isInteger(x) && x >= 0 && x <= 255),
    wrap: (a) => Uint8Array.from(a),
  },
};

/** The survey functions, which also run with typed-array inputs. */
const survey = new Set(['nps', 'compare_nps', 'nps_tally', 'csat', 'ces']);

function scoreArrays(input) {
  return ['scores', 'a', 'b', 'weights'].filter((k) => input[k]).map((k) => nums(input[k]));
}

const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
let ran = 0;
for (const file of files) {
  const doc = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  if (!(doc.bindings || []).includes(target)) continue;
  describe(`${file} (${target})`, () => {
    for (const c of doc.cases) {
      for (const [kind, { fits, wrap }] of Object.entries(inputKinds)) {
        if ((c.function === 'nps_tally' || !survey.has(c.function)) && kind !== 'array') continue;
        if (!scoreArrays(c.input).every(fits)) continue;
        ran++;
        test(`${c.name} [${kind}]`, () => {
          if (c.error) {
            assert.throws(() => run(c.function, c.input, wrap), (e) => (assertCxError(e, c.error, c.name, doc.module, c.function), true));
          } else {
            assertClose(c.name, '', c.expected, run(c.function, c.input, wrap), num(c.tolerance));
          }
        });
      }
    }
  });
}

test(`vector files list ${target} and have cases`, () => {
  assert.ok(ran >= 36, `only ${ran} vector runs for ${target}`);
});
