// Run with node inside the empty project that installed both tarballs (pack.test.mjs):
// imports the packages by name as ES modules and checks real values.
// Usage: node check.mjs CDNOW_sample.txt
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import cxDefault, * as cx from 'cxkit';
import * as wasm from 'cxkit-wasm';

const require = createRequire(import.meta.url);

// The ES module entry of the addon re-exports every export of the CommonJS loader (but napi's
// `__napiBindingTarget` and `_`-prefixed test hooks such as `_panicForTests`).
const addonKeys = Object.keys(require('cxkit')).filter((k) => !k.startsWith('_')).sort();
assert.deepEqual(Object.keys(cx).filter((k) => k !== 'default').sort(), addonKeys,
  'cx-node/index.mjs must re-export exactly the exports of the addon (index.js): run make build-node');
assert.equal(cxDefault, require('cxkit'));
assert.equal(cx.kaplanMeier, require('cxkit').kaplanMeier);

// Under Node the `node` condition picks the CommonJS build, ready without init().
const wasmEntry = fileURLToPath(import.meta.resolve('cxkit-wasm'));
assert.match(wasmEntry, /node_modules\/cxkit-wasm\/pkg-node\/cx_wasm\.js$/);
assert.equal(wasm.default, require('cxkit-wasm'));
// Bundlers that want the binary's URL import it by this name.
assert.match(fileURLToPath(import.meta.resolve('cxkit-wasm/cx_wasm_bg.wasm')), /node_modules\/cxkit-wasm\/pkg\/cx_wasm_bg\.wasm$/);
assert.deepEqual(Object.keys(wasm).filter((k) => k !== 'default' && !k.startsWith('_')).sort(), addonKeys);

/** FHL's CDNOW calibration period (to 1997-09-30) in weeks. */
function cdnowSummary(lib) {
  const rows = readFileSync(process.argv[2], 'utf8').trim().split('\n').map((line) => {
    const [, id, d, , dollars] = line.trim().split(/\s+/);
    return { customerId: id, timestamp: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`, amount: Number(dollars) };
  });
  return lib.rfmSummary(rows, { amount: 'amount', unit: 'W', fractional: true, holdoutStart: '1997-10-01', observationEnd: '1998-06-30' });
}

const events = [
  { customerId: 'a', timestamp: '2026-03-02T09:00:00Z', event: 'visit' },
  { customerId: 'a', timestamp: '2026-03-02T09:10:00Z', event: 'signup' },
  { customerId: 'a', timestamp: '2026-03-02T10:10:00Z', event: 'purchase' },
  { customerId: 'b', timestamp: '2026-03-02T09:00:00Z', event: 'visit' },
  { customerId: 'b', timestamp: '2026-03-02T09:30:00Z', event: 'signup' },
];

const fits = {};
for (const [name, lib] of [['cxkit', cx], ['cxkit-wasm', wasm]]) {
  const r = lib.nps([10, 9, 8, 3]);
  assert.equal(r.score, 25, name);
  assert.deepEqual(r.ci.map(Math.round), [-56, 100], name);
  assert.deepEqual(lib.nps(new Uint8Array([10, 9, 8, 3]), { method: 'adjusted_wald' }).ci.map(Math.round), [-44, 73], name);

  const km = lib.kaplanMeier([5, 8, 8, 12, 15, 20, 30, 30], [1, 1, 0, 1, 1, 0, 1, 0]);
  assert.equal(km.median, 15, name);
  assert.equal(km.survivalAt(10), 0.75, name);

  const s = cdnowSummary(lib);
  assert.equal(s.customer.length, 2357, name);
  const m = lib.BgNbd.fit(s.frequency, s.recency, s.T);
  const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }; // Fader, Hardie and Lee (2005)
  for (const [k, v] of Object.entries(published)) assert.ok(Math.abs(m.params[k] - v) < 1e-3, `${name} ${k}: ${m.params[k]}`);
  fits[name] = m.params;

  const f = lib.funnel(events, ['visit', 'signup', 'purchase'], { window: '1d' });
  assert.deepEqual(f.steps.map((step) => step.converted), [2, 2, 1], name);
  assert.equal(f.steps[1].medianSecondsToConvert, 1200, name);
  assert.equal(f.steps[2].conversionFromPrevious, 0.5, name);

  assert.throws(() => lib.nps([9, 11]), (e) => e.code === 'CX_INVALID_INPUT' && e.field === 'scores' && e.index === 1, name);
}
for (const k of Object.keys(fits.cxkit)) assert.ok(Math.abs(fits.cxkit[k] - fits['cxkit-wasm'][k]) < 1e-9, k);

// The web build in the same tarball: an ES module whose init() takes the wasm bytes.
const web = await import(new URL('./node_modules/cxkit-wasm/pkg/cx_wasm.js', import.meta.url));
await web.default({ module_or_path: readFileSync(new URL('./node_modules/cxkit-wasm/pkg/cx_wasm_bg.wasm', import.meta.url)) });
assert.equal(web.nps([10, 9, 8, 3]).score, 25);
assert.equal(web.kaplanMeier([5, 8, 8, 12, 15, 20, 30, 30], [1, 1, 0, 1, 1, 0, 1, 0]).median, 15);
console.log('check.mjs: ok');
