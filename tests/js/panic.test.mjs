// A panic in Rust (a bug in cxkit) reaches JavaScript as an Error with code CX_INTERNAL,
// never a process abort (Node) or a bare wasm trap. The wasm build cannot unwind: its panic
// hook throws the Error and poisons the instance, so later calls fail fast with CX_INTERNAL.
// Its own file, so node:test runs it in its own process and the poisoned instance ends here.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { cx, target } from './target.mjs';

test('a panic is an Error with code CX_INTERNAL', () => {
  assert.throws(() => cx._panicForTests(), (e) => {
    assert.ok(e instanceof Error, `not an Error: ${e}`);
    assert.equal(e.code, 'CX_INTERNAL', e.message);
    assert.match(e.message, /internal error \(please report\): panic: deliberate panic/);
    return true;
  });
});

test('after a panic: Node keeps working, wasm fails fast as poisoned', () => {
  if (target === 'wasm') {
    assert.throws(() => cx.nps([9, 10]), (e) => e.code === 'CX_INTERNAL' && e.poisoned === true && /load the module again/.test(e.message));
  } else {
    assert.equal(cx.nps([9, 10, 3]).n, 3);
  }
});
