// The CommonJS side (`require` condition of cxkit, `node` condition of cxkit-wasm), run with
// node inside the project that installed both tarballs (pack.test.mjs).
const assert = require('node:assert/strict');
const cx = require('cxkit');
const wasm = require('cxkit-wasm');

assert.match(require.resolve('cxkit'), /node_modules\/cxkit\/index\.js$/);
assert.match(require.resolve('cxkit-wasm'), /node_modules\/cxkit-wasm\/pkg-node\/cx_wasm\.js$/);
for (const lib of [cx, wasm]) {
  assert.equal(lib.nps([10, 9, 8, 3]).score, 25);
  assert.equal(lib.csat([5, 4, 3, 5]).score, 75);
  assert.equal(lib.ces([7, 6, 5, 2]).agreeShare, 0.75);
  const tally = new lib.NpsTally();
  tally.add([10, 9, 3]);
  tally.add(new Uint8Array([8, 10]));
  assert.equal(tally.result().score, 40);
}
console.log('check.cjs: ok');
