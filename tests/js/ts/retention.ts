// Type-checks the retention API as a TypeScript user writes it, against both builds'
// declarations (tests/js/tsc.test.mjs runs `tsc --noEmit --strict` over this folder).
import * as node from '../../../cx-node/index';
import * as wasm from '../../../cx-wasm/pkg/cx_wasm';

function use(cx: typeof node | typeof wasm): number {
  const km = cx.kaplanMeier(Float64Array.from([1, 2, 3]), [true, false, true], { level: 0.9 });
  const s: number = km.survivalAt(2);
  const many: Float64Array = km.survivalAt([1, 2]);
  const back = cx.KaplanMeier.fromJSON(km.toJSON());
  const rows: number = back.table.filter((r) => r.atRisk > 0).length;
  const sbg = cx.ShiftedBetaGeometric.fit([1000, 631, 468]);
  const alpha: number = sbg.params.alpha;
  const m = cx.ChurnClassifier.fit([[1, 2], [3, 4]], [0, 1], { l2: 1, standardize: true });
  const p: Float64Array = m.predictProba([[1, 2]]);
  const rate: number = cx.churnRate(100, 7).ci[1];
  const cohorts = cx.cohortTable([{ customerId: 'a', timestamp: new Date() }], { freq: 'W' });
  const lc = cx.lifecycle({ customerId: ['a'], timestamp: ['2026-01-01'] });
  const lr = cx.logrankTest([1, 2], null, [2, 3]);
  const metrics = cx.churnMetrics([0, 1], [0.2, 0.9]);
  return s + many[0] + rows + alpha + p[0] + rate + cohorts.cohorts.length + lc[0].new + lr.pValue + metrics.liftAt10;
}

export const total = use(node) + use(wasm);

export function breakdowns(cx: typeof node | typeof wasm): number {
  const seg = cx.npsBySegment([9, 10, 3], ['a', 'b', 'a'], { method: 'adjusted_wald' });
  const trend = cx.npsTrend(Uint8Array.from([9, 3]), ['2026-01-01', new Date()], { freq: 'W', weights: [1, 2] });
  return seg[0].result.score + trend[0].result.ci[0];
}

export function view(cx: typeof node | typeof wasm): number {
  const model = cx.BgNbd.fromParams({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
  const v = cx.customerView(
    [{ customerId: 'a', timestamp: '2024-01-05', amount: 10 }],
    [{ customerId: 'a', timestamp: '2024-01-02', channel: 'web' }],
    null,
    { model, unit: 'W', observationEnd: new Date() },
  );
  const stage: string = v.lifecycleStage[0];
  return v.frequency[0] + (v.pAlive?.[0] ?? 0) + v.channels[0].length + stage.length;
}
