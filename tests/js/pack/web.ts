// The web build of cxkit-wasm as a bundler sees it (`import` condition), type-checked with
// `--module esnext --moduleResolution bundler`: an async `init` default export, then the API.
import init, { nps, kaplanMeier, BgNbd, funnel } from 'cxkit-wasm';

export async function run(): Promise<number[]> {
  await init();
  await init({ module_or_path: new URL('cx_wasm_bg.wasm', 'https://example.invalid/') });
  const score: number = nps([10, 9, 8, 3]).score;
  const median: number = kaplanMeier([5, 8, 12], [1, 1, 0]).median;
  const r: number = BgNbd.fit([2, 0, 1], [30.4, 0, 12], [38.9, 38.9, 20]).params.r;
  const steps: number = funnel([{ customerId: 'a', timestamp: 0, event: 'visit' }], ['visit']).steps.length;
  return [score, median, r, steps];
}
