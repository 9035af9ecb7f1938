// Concurrency: the workload of concurrency_work.mjs run in 8 worker_threads at once (each
// worker loads its own instance of the build under test) gives exactly the results of the
// main thread; and one fitted model scores the same from many async tasks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';

import { cx, target } from './target.mjs';
import { workload, data } from './concurrency_work.mjs';

const THREADS = 8;

function runWorker() {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./concurrency_work.mjs', import.meta.url));
    w.once('message', resolve);
    w.once('error', reject);
    w.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
  });
}

test(`${target}: 8 worker threads get the main thread's results bit for bit`, async () => {
  const reference = workload(cx);
  const results = await Promise.all(Array.from({ length: THREADS }, runWorker));
  for (const r of results) {
    // deepStrictEqual compares numbers with Object.is and typed arrays element by element.
    assert.deepStrictEqual(r, reference);
  }
});

test(`${target}: one model scores the same from many concurrent tasks`, async () => {
  const d = data();
  const m = cx.BgNbd.fromParams({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
  const reference = m.pAlive(d.f, d.r, d.T);
  const results = await Promise.all(
    Array.from({ length: 4 * THREADS }, () => Promise.resolve().then(() => m.pAlive(d.f, d.r, d.T))),
  );
  for (const r of results) assert.deepStrictEqual(r, reference);
});
