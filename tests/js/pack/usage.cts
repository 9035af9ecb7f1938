// The CommonJS view of both packages (`require` condition / main), type-checked with usage.mts.
import cx = require('cxkit');
import wasm = require('cxkit-wasm');

export const scores: number[] = [cx.nps([10, 9, 8, 3]).score, wasm.nps([10, 9, 8, 3]).score];
export const model: number = cx.BgNbd.fit([2, 0], [30.4, 0], [38.9, 38.9]).params.b;
