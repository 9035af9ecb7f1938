// Type-checks the next-best-offer and feedback API as a TypeScript user writes it, against
// both builds' declarations (tests/js/tsc.test.mjs runs `tsc --noEmit --strict` over this folder).
import * as node from '../../../cx-node/index';
import * as wasm from '../../../cx-wasm/pkg/cx_wasm';

function use(cx: typeof node | typeof wasm): number {
  const orders = [
    { customerId: 'a', product: 'tea' },
    { customerId: 'b', product: 'cake' },
  ];
  const pairs = cx.coOccurrence(orders);
  const both: number = pairs.length ? pairs[0].count : 0;
  const rules = cx.associationRules({ cust: ['a', 'b'], sku: ['tea', 'cake'] }, { customer: 'cust', product: 'sku', minSupport: 0.1, minConfidence: 0.2 });
  const lift: number = rules.length ? rules[0].lift : 1;
  const offers = cx.recommend(orders, ['a'], { k: 3 });
  const because: string | null = offers[0].because;
  const source: 'rule' | 'popular' = offers[0].source;
  const scores = cx.sentiment(['Great coffee!', 'Late delivery.']);
  const label: 'positive' | 'neutral' | 'negative' = scores[0].label;
  const bySegment = cx.sentimentBySegment(['good', 'bad'], ['web', 'app']);
  const trend = cx.sentimentTrend(['good', 'bad'], [new Date(), '2026-01-02'], { freq: 'W' });
  const themes = cx.feedbackThemes(['Late delivery, box damaged'], { top: 3, threshold: -0.05, minComments: 1 });
  const kind: 'word' | 'phrase' = themes.themes[0].kind;
  return both + lift + scores[0].compound + bySegment[0].meanCompound + trend[0].negative + themes.negative
    + (because ? 1 : 0) + source.length + label.length + kind.length;
}

export const n: number = use(node) + use(wasm);
