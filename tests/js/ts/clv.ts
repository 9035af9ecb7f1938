// Type-checks the CLV API as a TypeScript user writes it, against both builds'
// declarations (tests/js/tsc.test.mjs runs `tsc --noEmit --strict` over this folder).
import * as node from '../../../cx-node/index';
import * as wasm from '../../../cx-wasm/pkg/cx_wasm';

function use(cx: typeof node | typeof wasm): number {
  const s = cx.rfmSummary([{ customerId: 'a', timestamp: new Date(), amount: 5 }], { amount: 'amount', unit: 'W', holdoutStart: '2026-01-01' });
  const freq: Float64Array = s.frequency;
  const m = cx.BgNbd.fit(s.frequency, s.recency, s.T, { weights: [1], maxIterations: 500 });
  const r: number = m.params.r;
  const se: number = m.standardErrors?.alpha ?? 0;
  const one: number = m.pAlive(2, 30.4, 38.9);
  const many: Float64Array = m.pAlive([2], [30.4], Float64Array.from([38.9]));
  const e: Float64Array = m.expectedPurchases(52, [2], [30.4], [38.9]);
  const pn: number = m.probabilityOfNPurchases(39, 2);
  const back = cx.BgNbd.fromJSON(m.toJSON());
  const mbg = cx.MbgNbd.fromParams({ r: 0.5, alpha: 6, a: 0.9, b: 1.6 });
  const p = cx.ParetoNbd.fromJSON(JSON.stringify(cx.ParetoNbd.fromParams({ r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 })));
  const beta: number = p.params.beta;
  const bb = cx.BgBb.fit([1, 0], [1, 0], [6, 6]);
  const bbe: Float64Array = bb.expectedPurchases(5, [1], [1], [6]);
  const bbn: number = bb.expectedPurchasesNew(6);
  const gg = cx.GammaGamma.fit([1, 2], [20, 35]);
  const spend: Float64Array = gg.expectedSpend([1], [20]);
  const clv: Float64Array = gg.clv(m, [2], [30.4], [38.9], [35], { months: 24, discountRate: 0.01, unit: 'W' });
  const clvOne: number = gg.clv(mbg, 2, 30.4, 38.9, 35);
  const rows = cx.holdoutComparison(p, s, { maxFrequency: 5 });
  const scores = cx.rfmScores(s);
  const seg: string = scores.segment[0];
  return freq[0] + r + se + one + many[0] + e[0] + pn + back.logLikelihood + beta + bbe[0] + bbn + spend[0] + clv[0] + clvOne + rows[0].predicted + scores.r[0] + seg.length + (m.converged ? m.iterations : m.nCustomers);
}

export const total = use(node) + use(wasm);

export function compressed(cx: typeof node | typeof wasm): number {
  const c = cx.compress([0, 1], [0, 2], Float64Array.from([5, 5]));
  return c.weights[0] + c.inverse[1];
}
