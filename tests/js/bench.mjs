// nps on 10 million scores: the native addon vs the wasm build, both called from Node.
// `make bench-js` (or `node tests/js/bench.mjs [n]`). Prints the median of 7 runs.
import { load } from './target.mjs';

const n = Number(process.argv[2] || 10_000_000);
const builds = { native: load('node'), wasm: load('wasm') };
const bytes = new Uint8Array(n).map((_, i) => (i * 7) % 11);
const floats = Float64Array.from(bytes);
const array = Array.from(bytes);

function median(f) {
  const times = [];
  for (let i = 0; i < 7; i++) {
    const t0 = process.hrtime.bigint();
    f();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times.sort((a, b) => a - b)[3];
}

const inputs = { Float64Array: floats, Uint8Array: bytes, 'Array': array };
const rows = [];
for (const [kind, scores] of Object.entries(inputs)) {
  const ms = {};
  for (const [name, cx] of Object.entries(builds)) {
    cx.nps(scores); // warm up
    ms[name] = median(() => cx.nps(scores));
  }
  rows.push({ input: kind, 'native ms': +ms.native.toFixed(1), 'wasm ms': +ms.wasm.toFixed(1), 'wasm / native': +(ms.wasm / ms.native).toFixed(2) });
}
console.log(`nps on ${n.toLocaleString('en')} scores (median of 7, Node ${process.version})`);
console.table(rows);
