// Type-checked in an empty project that installed the cxkit and cxkit-wasm tarballs
// (pack.test.mjs): `tsc --noEmit --strict --module nodenext`, so both packages resolve by name
// through their `exports` the way Node resolves them (cxkit-wasm: the `node` condition).
import cxDefault, { nps, kaplanMeier, BgNbd, funnel, type NpsResult } from 'cxkit';
import * as wasm from 'cxkit-wasm';

export function addon(): number[] {
  const r: NpsResult = nps([10, 9, 8, 3], { method: 'adjusted_wald' });
  const ci: [number, number] = r.ci;
  const km = kaplanMeier([5, 8, 8, 12, 15, 20, 30, 30], [1, 1, 0, 1, 1, 0, 1, 0]);
  const median: number = km.median;
  const s: number = km.survivalAt(10);
  const m = BgNbd.fit(Float64Array.from([2, 0, 1]), [30.4, 0, 12], [38.9, 38.9, 20], { maxIterations: 200 });
  const r0: number = m.params.r;
  const p: number = m.pAlive(2, 30.4, 38.9);
  const f = funnel([{ customerId: 'a', timestamp: '2026-03-02T09:00:00Z', event: 'visit' }], ['visit', 'signup'], { window: '1d' });
  const converted: number[] = f.steps.map((step) => step.converted);
  const again: number = cxDefault.csat([5, 4, 3]).score;
  // @ts-expect-error the scores are numbers, not strings: proves the types are not `any`
  nps(['ten']);
  return [ci[0], median, s, r0, p, again, ...converted];
}

export function webassembly(): number[] {
  const r = wasm.nps(new Uint8Array([10, 9, 8, 3]));
  const km = wasm.kaplanMeier([5, 8, 12], [1, 1, 0]);
  const m = wasm.BgNbd.fit([2, 0, 1], [30.4, 0, 12], [38.9, 38.9, 20]);
  const f = wasm.funnel({ customerId: ['a', 'a'], timestamp: [0, 60_000], event: ['visit', 'signup'] }, ['visit', 'signup']);
  const seconds: number | null = f.steps[1].medianSecondsToConvert;
  // @ts-expect-error unknown model name
  wasm.attribution([['a']], [1], { model: 'nonsense' });
  return [r.score, km.median, m.params.alpha, seconds ?? 0];
}
