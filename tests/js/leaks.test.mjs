// No leaks: each main entry point, called 10^6 times with small inputs (the error path
// included), leaves the resident memory flat. Garbage is collected (gc exposed at run time) and
// the addon's deferred finalizers run before each reading, so what remains is memory the addon
// (or the wasm heap) still holds.
// A leak of 8 bytes per call would add 8 MB over a run; the threshold is 6 MiB of growth
// between the end of a warm-up (10^5 calls) and the end of the 10^6 calls that follow.
//
// WebAssembly memory never shrinks, and wasm-bindgen frees a class instance that the caller
// did not `.free()` only when V8's FinalizationRegistry gets to it, so the heap grows to the
// largest number of unfreed instances alive at once (measured: BgNbd.fromJSON without free(),
// 1.2 → 13.4 MiB over the first 300,000 calls, then flat for 900,000 more). The per-entry
// test therefore frees what it creates, as the README asks of hot loops; a separate test checks
// that instances left to the garbage collector are freed once it has run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { cx, target } from './target.mjs';

const CALLS = 1_000_000;
const THRESHOLD = 6 * 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

/** The memory the build under test holds, after collecting garbage and letting finalizers
 * (which napi and wasm-bindgen run on a later turn of the event loop) free what collected
 * objects held. The addon allocates with the process's malloc, so its gauge is the resident
 * size; for wasm it is the linear memory plus V8's JavaScript and external heaps, because the
 * resident size of a process running wasm also moves with V8's own code caches (measured: it
 * crept 8 MiB over 10^6 attribution calls while the wasm memory and the JS heap stayed flat). */
async function held() {
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const usage = process.memoryUsage();
  return target === 'wasm' ? cx._memoryBytesForTests() + usage.heapUsed + usage.external : usage.rss;
}

function entryPoints() {
  const scores = new Float64Array([10, 9, 8, 3, 7, 10]);
  const f = new Float64Array([0, 2, 5]);
  const r = new Float64Array([0, 10, 30]);
  const T = new Float64Array([39, 39, 38]);
  const bg = cx.BgNbd.fromParams({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
  const bgJson = JSON.stringify(bg.toJSON());
  const tally = new cx.NpsTally();
  const sbg = cx.ShiftedBetaGeometric.fromParams(0.7, 1.2);
  const clf = cx.ChurnClassifier.fit([[0], [1], [2], [3]], [0, 1, 0, 1]);
  const durations = new Float64Array([1, 2, 2, 5]);
  const paths = [['email', 'web'], ['web']];
  return [
    ['nps', () => cx.nps(scores)],
    ['NpsTally.add+result', () => { tally.add(scores); return tally.result(); }],
    ['BgNbd.pAlive', () => bg.pAlive(f, r, T)],
    ['BgNbd.expectedPurchases', () => bg.expectedPurchases(4, f, r, T)],
    ['BgNbd.fromJSON', () => release(cx.BgNbd.fromJSON(bgJson))],
    ['ShiftedBetaGeometric.survival', () => sbg.survival(3)],
    ['ChurnClassifier.predictProba', () => clf.predictProba([[1.5]])],
    ['kaplanMeier', () => release(cx.kaplanMeier(durations))],
    ['attribution', () => cx.attribution(paths, [1, 1], { model: 'linear' })],
    ['error path', () => { try { cx.nps([11]); } catch { /* CX_INVALID_INPUT */ } }],
  ];
}

/** Frees a class instance at once where the build offers it (wasm-bindgen's `free()`). */
function release(instance) {
  instance.free?.();
  return instance;
}

/** Calls `call` n times, yielding to the event loop every 10,000 calls so that finalizers run
 * between turns as they would in a real service. */
async function repeat(call, n) {
  for (let i = 0; i < n; i++) {
    call();
    if (i % 10_000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

for (const [name, call] of entryPoints()) {
  test(`${target}: ${name} called a million times leaves memory flat`, async () => {
    await repeat(call, CALLS / 10);
    const before = await held();
    await repeat(call, CALLS);
    const grown = (await held()) - before;
    assert.ok(grown < THRESHOLD, `${name}: resident memory grew by ${mib(grown)} over ${CALLS} calls`);
  });
}

test(`${target}: instances left to the garbage collector are freed`, async () => {
  // Rounds of 100,000 unfreed instances with a full collection between rounds: once the
  // finalizers have run, later rounds reuse the memory the earlier ones released.
  const bgJson = JSON.stringify(cx.BgNbd.fromParams({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }).toJSON());
  const make = () => cx.BgNbd.fromJSON(bgJson);
  const round = async () => {
    await repeat(make, CALLS / 10);
    for (let i = 0; i < 10; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return held();
  };
  for (let i = 0; i < 3; i++) await round();
  const before = await round();
  for (let i = 0; i < 4; i++) await round();
  const grown = (await held()) - before;
  assert.ok(grown < THRESHOLD, `unfreed BgNbd instances: memory grew by ${mib(grown)} over 400,000 more`);
});
