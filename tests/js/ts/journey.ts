// Type-checks the journeys API as a TypeScript user writes it, against both builds'
// declarations (tests/js/tsc.test.mjs runs `tsc --noEmit --strict` over this folder).
import * as node from '../../../cx-node/index';
import * as wasm from '../../../cx-wasm/pkg/cx_wasm';

function use(cx: typeof node | typeof wasm): number {
  const events = [
    { customerId: 'a', timestamp: new Date(), event: 'visit', channel: 'web' },
    { customerId: 'a', timestamp: '2026-01-02T10:00:00Z', event: 'signup', channel: 'email' },
  ];
  const f = cx.funnel(events, ['visit', ['signup', 'register'], { name: 'buy', events: ['purchase'] }], {
    window: '7d',
    order: 'strict',
    exclusions: ['unsubscribe'],
    breakdown: 'channel',
    touch: 'last_touch',
  });
  const converted: number = f.steps[1].converted;
  const median: number | null = f.steps[1].medianSecondsToConvert;
  const segment: string = f.segments.length ? f.segments[0].value : '';
  const fast = cx.funnelColumns(Uint32Array.from([0, 0]), [0, 60], Uint32Array.from([0, 1]), [0, [1]], { window: 3600, exclusions: [2] });
  const top = cx.topPaths([['web', 'email']], { k: 5, collapseRepeats: true });
  const path: string[] = top[0].path;
  const fromTable = cx.topPaths(events, { event: 'channel', maxLength: 3 });
  const next = cx.transitions(events, 'visit', { direction: 'previous' });
  const edges = cx.sankeyEdges([['web', 'store']], { maxSteps: 2 });
  const sw = cx.channelSwitching(events, { channel: 'channel' });
  const a = cx.attribution([['web', 'email'], ['store']], Float64Array.from([1, 2]), {
    model: 'markov',
    order: 2,
    nulls: [3, 4],
    values: [10, 20],
  });
  const credit: number = a.credits['web'];
  const removal: number | null = a.removalEffects ? a.removalEffects['web'] : null;
  const td = cx.attribution([['web']], [1], { model: 'time_decay', times: [[0]], halfLife: 3 });
  const sla = cx.responseTimes(
    [{ channel: 'chat', openedAt: new Date(0), firstReplyAt: null }],
    { asOf: '2026-01-02', target: '30m', schedule: [[540, 1020], [540, 1020], [540, 1020], [540, 1020], [540, 1020], null, null], utcOffsetMinutes: 60 },
  );
  const within: number | null = sla.byChannel[0].withinTargetShare;
  const c = cx.cac([{ channel: 'web', period: '2026-01', spend: 10, newCustomers: 2 }]);
  const cacWeb: number | null = c.byChannel[0].cac;
  const rate = cx.conversionRate(5, 100, { level: 0.9 });
  const ue = cx.unitEconomics(60, 240, { marginPerPeriod: 20 });
  return converted + (median ?? 0) + segment.length + fast.steps.length + path.length + fromTable.length + next.length
    + edges.length + sw.multiChannelShare + credit + (removal ?? 0) + td.totalConversions + (within ?? 0) + (cacWeb ?? 0)
    + rate.ci[0] + ue.clvToCac + (ue.paybackPeriods ?? 0);
}

export const total = use(node) + use(wasm);
