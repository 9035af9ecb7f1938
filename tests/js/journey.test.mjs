// Journeys in JS beyond the shared vectors: input shapes (rows or columns, Date / epoch ms /
// ISO times, paths or event tables), typed errors naming field and index, and properties
// (credits sum to conversions, funnel counts never increase).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { cx } from './target.mjs';

const t0 = Date.parse('2026-03-02T09:00:00Z');
const min = 60_000;
/** [customer, minutes after t0, event, channel] */
const log = [
  ['a', 0, 'visit', 'web'], ['a', 5, 'signup', 'email'], ['a', 30, 'purchase', 'web'],
  ['b', 0, 'visit', 'web'], ['b', 2, 'signup', 'web'],
  ['c', 1, 'visit', 'store'], ['c', 3, 'browse', 'store'], ['c', 4, 'signup', 'chat'],
  ['d', 7, 'signup', 'email'],
];
const rows = log.map(([c, m, e, ch]) => ({ customerId: c, timestamp: t0 + m * min, event: e, channel: ch }));
const steps = ['visit', 'signup', 'purchase'];

/** Asserts `f` throws a cxkit error with `code`, `field` and (when given) `index`. */
function throwsCx(f, code, field, index) {
  assert.throws(f, (e) => {
    assert.ok(e instanceof Error, String(e));
    assert.equal(e.code, code, e.message);
    assert.equal(e.field, field, e.message);
    if (index !== undefined) assert.equal(e.index, index, e.message);
    assert.ok(e.message.includes(`\`${field}\``), e.message);
    return true;
  });
}

test('funnel tables read as rows or columns with Date, epoch-ms or ISO times', () => {
  const want = cx.funnel(rows, steps);
  assert.deepEqual(want.steps.map((s) => s.converted), [3, 3, 1]);
  assert.equal(want.steps[1].medianSecondsToConvert, 180); // a 5 min, b 2 min, c 3 min
  assert.deepEqual(want.segments, []);
  const dates = rows.map((r) => ({ ...r, timestamp: new Date(r.timestamp) }));
  const iso = {
    customerId: rows.map((r) => r.customerId),
    timestamp: rows.map((r) => new Date(r.timestamp).toISOString()),
    event: rows.map((r) => r.event),
  };
  const millis = { ...iso, timestamp: Float64Array.from(rows.map((r) => r.timestamp)) };
  for (const table of [dates, iso, millis]) assert.deepEqual(cx.funnel(table, steps), want);
  const renamed = rows.map((r) => ({ who: r.customerId, at: r.timestamp, what: r.event }));
  assert.deepEqual(cx.funnel(renamed, steps, { customer: 'who', time: 'at', event: 'what' }), want);
});

test('funnel options: window, strict order, exclusions, steps with several events, breakdown', () => {
  assert.deepEqual(cx.funnel(rows, steps, { window: '10m' }).steps.map((s) => s.converted), [3, 3, 0]);
  assert.deepEqual(cx.funnel(rows, steps, { window: 600 }).steps.map((s) => s.converted), [3, 3, 0]);
  // c browses between visit and signup.
  assert.deepEqual(cx.funnel(rows, steps, { order: 'strict' }).steps.map((s) => s.converted), [3, 2, 1]);
  assert.deepEqual(cx.funnel(rows, steps, { exclusions: ['browse'] }).steps.map((s) => s.converted), [3, 2, 1]);
  const any = cx.funnel(rows, ['visit', ['signup', 'browse']]);
  assert.equal(any.steps[1].step, 'signup | browse');
  const named = cx.funnel(rows, ['visit', { name: 'account', events: ['signup'] }]);
  assert.equal(named.steps[1].step, 'account');
  assert.deepEqual(cx.funnel(rows, steps, { breakdown: null, exclusions: null }), cx.funnel(rows, steps), 'null options are absent');
  const seg = cx.funnel(rows, steps, { breakdown: 'channel' });
  assert.deepEqual(seg.segments.map((s) => [s.value, s.steps[0].converted]), [['store', 1], ['web', 2]]);
  const last = cx.funnel(rows, steps, { breakdown: 'channel', touch: 'last_touch' });
  assert.deepEqual(last.segments.map((s) => s.value), ['chat', 'web']);
});

test('funnelColumns takes typed-array ids sorted by customer and time', () => {
  const r = cx.funnelColumns(Uint32Array.from([0, 0, 1]), Float64Array.from([0, 60, 0]), Uint32Array.from([0, 1, 0]), [0, [1, 2]], { window: '1h' });
  assert.deepEqual(r.steps.map((s) => [s.step, s.converted]), [['step 1', 2], ['step 2', 1]]);
  throwsCx(() => cx.funnelColumns([0, 0], [5, 1], [0, 1], [[0], [1]]), 'CX_INVALID_INPUT', 'times', 1);
  throwsCx(() => cx.funnelColumns([0, -1], [0, 1], [0, 1], [0]), 'CX_INVALID_INPUT', 'customers', 1);
});

test('funnel errors name the column, the row and the option', () => {
  throwsCx(() => cx.funnel([], steps), 'CX_EMPTY', 'events');
  throwsCx(() => cx.funnel([{ ...rows[0] }, { ...rows[1], timestamp: NaN }], steps), 'CX_INVALID_INPUT', 'events.timestamp', 1);
  throwsCx(() => cx.funnel([{ ...rows[0] }, { ...rows[1], timestamp: 'soon' }], steps), 'CX_INVALID_INPUT', 'events.timestamp', 1);
  throwsCx(() => cx.funnel([rows[0], { customerId: 'b', timestamp: t0 }], steps), 'CX_INVALID_INPUT', 'events.event', 1);
  const short = { customerId: ['a', 'b'], timestamp: [t0], event: ['visit', 'visit'] };
  throwsCx(() => cx.funnel(short, ['visit']), 'CX_LENGTH_MISMATCH', 'events.timestamp');
  throwsCx(() => cx.funnel(rows, ['visit', 'checkout']), 'CX_INVALID_INPUT', 'steps', 1);
  throwsCx(() => cx.funnel(rows, ['visit', 7]), 'CX_INVALID_INPUT', 'steps', 1);
  throwsCx(() => cx.funnel(rows, steps, { windw: '1d' }), 'CX_INVALID_INPUT', 'windw');
  throwsCx(() => cx.funnel(rows, steps, { window: '3 fortnights' }), 'CX_INVALID_INPUT', 'window');
  throwsCx(() => cx.funnel(rows, steps, { window: -5 }), 'CX_INVALID_INPUT', 'window');
  throwsCx(() => cx.funnel(rows, steps, { order: 'sideways' }), 'CX_INVALID_INPUT', 'order');
  throwsCx(() => cx.funnel(rows, steps, { breakdown: 'region' }), 'CX_INVALID_INPUT', 'events.region', 0);
  throwsCx(() => cx.funnel('visit,signup', steps), 'CX_INVALID_INPUT', 'events');
});

test('paths come from arrays of names or from an event table in time order', () => {
  const table = cx.topPaths(rows, { event: 'channel', k: 3 });
  const byHand = [['web', 'email', 'web'], ['web', 'web'], ['store', 'store', 'chat'], ['email']];
  assert.deepEqual(table, cx.topPaths(byHand, { k: 3 }));
  // The table in reverse row order gives the same paths: times decide the order.
  assert.deepEqual(cx.topPaths([...rows].reverse(), { event: 'channel', k: 3 }), table);
  const collapsed = cx.topPaths(byHand, { collapseRepeats: true, maxLength: 1 });
  assert.deepEqual(collapsed.map((p) => [p.path.join('>'), p.count]), [['web', 2], ['email', 1], ['store', 1]]);
  const next = cx.transitions(byHand, 'web');
  assert.deepEqual(next.map((t) => t.item), ['(end)', 'email', 'web']);
  assert.equal(next.reduce((a, t) => a + t.share, 0), 1);
  assert.deepEqual(cx.transitions(byHand, 'chat', { direction: 'previous' }).map((t) => t.item), ['store']);
  assert.deepEqual(cx.transitions(byHand, 'fax'), []);
  const edges = cx.sankeyEdges(byHand, { maxSteps: 2 });
  assert.ok(edges.every((e) => e.step < 2));
  const sw = cx.channelSwitching(rows);
  assert.deepEqual(sw.channels, ['chat', 'email', 'store', 'web']);
  assert.equal(sw.multiChannel, 2);
  assert.equal(sw.multiChannelShare, 0.5);
  assert.equal(sw.matrix.flat().reduce((a, b) => a + b, 0), sw.transitions);
  throwsCx(() => cx.transitions(byHand, 'web', { direction: 'up' }), 'CX_INVALID_INPUT', 'direction');
  throwsCx(() => cx.topPaths(byHand, { k: -1 }), 'CX_INVALID_INPUT', 'k');
  throwsCx(() => cx.topPaths([['web'], ['email', null]]), 'CX_INVALID_INPUT', 'paths', 1);
  throwsCx(() => cx.channelSwitching([[], []]), 'CX_EMPTY', 'paths');
  throwsCx(() => cx.channelSwitching(rows, { event: 'channel' }), 'CX_INVALID_INPUT', 'event');
});

const paths = [['paid_search', 'email', 'web'], ['email', 'web'], ['web'], ['Social Ads', 'web'], ['email']];
const conversions = [3, 1, 2, 0, 1];
const nulls = [2, 4, 6, 3, 5];
const values = [300, 80, 150, 0, 40];
const models = ['first_touch', 'last_touch', 'linear', 'position_based', 'time_decay', 'markov', 'shapley'];
const times = paths.map((p) => p.map((_, i) => i * 2));

test('every model credits channels by their own names and sums to the conversions and value', () => {
  for (const model of models) {
    const r = cx.attribution(paths, conversions, { model, nulls, values, times });
    assert.equal(r.model, model);
    assert.deepEqual(Object.keys(r.credits), ['Social Ads', 'email', 'paid_search', 'web'], 'channel names are data, never camel-cased');
    const sum = Object.values(r.credits).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 7) < 1e-9, `${model}: credits sum ${sum}`);
    const vsum = Object.values(r.values).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(vsum - 570) < 1e-9, `${model}: values sum ${vsum}`);
    assert.equal(r.totalConversions, 7);
    assert.equal(r.totalValue, 570);
    assert.equal(r.removalEffects === null, model !== 'markov');
    assert.deepEqual(r.channels.map((c) => c.channel), Object.keys(r.credits));
    if (model !== 'markov') assert.equal(r.credits['Social Ads'], 0, `${model}: a channel only on unconverted paths gets 0`);
  }
  const typed = cx.attribution(paths, Float64Array.from(conversions), { model: 'linear', nulls: Uint8Array.from(nulls) });
  assert.deepEqual(typed.credits, cx.attribution(paths, conversions, { model: 'linear', nulls }).credits);
  assert.equal(cx.attribution(paths, conversions).model, 'markov', 'markov is the default');
  const u = cx.attribution([['a', 'b', 'c']], [1], { model: 'position_based', first: 0.5, last: 0.3 });
  assert.deepEqual(u.credits, { a: 0.5, b: 0.2, c: 0.3 });
  const m2 = cx.attribution(paths, conversions, { nulls, order: 2 });
  assert.ok(Math.abs(Object.values(m2.credits).reduce((a, b) => a + b, 0) - 7) < 1e-9);
});

test('attribution errors: NaN, empty, lengths, options, models, Shapley above 15 channels', () => {
  throwsCx(() => cx.attribution(paths, [3, 1, NaN, 0, 1]), 'CX_INVALID_INPUT', 'conversions', 2);
  throwsCx(() => cx.attribution(paths, conversions, { values: [1, 2, 3, 4, NaN] }), 'CX_INVALID_INPUT', 'values', 4);
  throwsCx(() => cx.attribution([], []), 'CX_EMPTY', 'paths');
  throwsCx(() => cx.attribution([['a'], []], [1, 1]), 'CX_INVALID_INPUT', 'paths', 1);
  throwsCx(() => cx.attribution(paths, [1, 2]), 'CX_LENGTH_MISMATCH', 'conversions');
  throwsCx(() => cx.attribution(paths, conversions, { nulls: [1] }), 'CX_LENGTH_MISMATCH', 'nulls');
  throwsCx(() => cx.attribution(paths, conversions, { modle: 'linear' }), 'CX_INVALID_INPUT', 'modle');
  throwsCx(() => cx.attribution(paths, conversions, { model: 'magic' }), 'CX_INVALID_INPUT', 'model');
  throwsCx(() => cx.attribution(paths, conversions, { model: 'markov', order: 4 }), 'CX_INVALID_INPUT', 'order');
  throwsCx(() => cx.attribution(paths, conversions, { model: 'time_decay' }), 'CX_INVALID_INPUT', 'times');
  throwsCx(() => cx.attribution([['a'], ['a', 'b']], [1, 1], { model: 'time_decay', times: [[0], [5, 2]] }), 'CX_INVALID_INPUT', 'times', 1);
  throwsCx(() => cx.attribution([['a']], [1], { model: 'time_decay', times: [[0]], halfLife: 0 }), 'CX_INVALID_INPUT', 'halfLife');
  const many = Array.from({ length: 16 }, (_, i) => [`channel ${i}`]);
  throwsCx(() => cx.attribution(many, many.map(() => 1), { model: 'shapley' }), 'CX_INVALID_INPUT', 'paths', 15);
  assert.equal(Object.keys(cx.attribution(many.slice(0, 15), many.slice(0, 15).map(() => 1), { model: 'shapley' }).credits).length, 15);
});

const H = 3_600_000;
const b = Date.parse('2024-01-01T00:00:00Z'); // a Monday
const requests = [
  { channel: 'chat', openedAt: new Date(b + 9 * H), firstReplyAt: new Date(b + 9 * H + 600_000), resolvedAt: new Date(b + 10 * H) },
  { channel: 'chat', openedAt: b + 10 * H, firstReplyAt: b + 12 * H, resolvedAt: null },
  { channel: 'email', openedAt: '2024-01-01T20:00:00Z', firstReplyAt: '2024-01-02T02:00:00Z', resolvedAt: '2024-01-03' },
  { channel: 'email', openedAt: '2024-01-01 22:00:00', firstReplyAt: null },
  { channel: 'phone', openedAt: b + 23 * H, firstReplyAt: b + 23.5 * H },
];

test('responseTimes: censored replies, shares, schedule and errors', () => {
  const r = cx.responseTimes(requests, { asOf: new Date(b + 48 * H), percentiles: [0.25, 0.5, 0.9] });
  assert.equal(r.overall.unanswered, 1);
  assert.equal(r.overall.medianSeconds, 7200);
  assert.deepEqual(r.overall.percentiles.map((p) => p.seconds), [1800, 7200, null]);
  assert.equal(r.overall.withinTargetShare, 0.4);
  assert.equal(r.overall.sameDayShare, 0.6);
  assert.deepEqual(r.byChannel.map((c) => c.channel), ['chat', 'email', 'phone']);
  const local = cx.responseTimes(requests, { asOf: b + 48 * H, utcOffsetMinutes: -180 });
  assert.equal(local.overall.sameDayShare, 0.8);
  const office = Array(5).fill([540, 1020]).concat([null, null]);
  const biz = cx.responseTimes(requests, { asOf: b + 48 * H, schedule: office, target: '1h' });
  assert.equal(biz.overall.withinTargetShare, 0.6);
  throwsCx(() => cx.responseTimes({ channel: ['chat'], openedAt: [b], firstReplyAt: [null] }, { resolved: 'doneAt' }), 'CX_INVALID_INPUT', 'requests.doneAt');
  const noResolution = cx.responseTimes(requests, { asOf: b + 48 * H, resolved: null });
  assert.equal(noResolution.overall.resolved, 0);
  throwsCx(() => cx.responseTimes(requests, { schedule: office.slice(0, 6) }), 'CX_INVALID_INPUT', 'schedule');
  throwsCx(() => cx.responseTimes(requests, { schedule: [[600, 540], ...office.slice(1)] }), 'CX_INVALID_INPUT', 'schedule', 0);
  throwsCx(() => cx.responseTimes(requests, { percentiles: [0.5, 1.5] }), 'CX_INVALID_INPUT', 'percentiles', 1);
  throwsCx(() => cx.responseTimes(requests, { utcOffsetMinutes: 30.5 }), 'CX_INVALID_INPUT', 'utcOffsetMinutes');
  const early = [...requests.slice(0, 2), { ...requests[2], firstReplyAt: '2024-01-01T19:00:00Z' }];
  throwsCx(() => cx.responseTimes(early), 'CX_INVALID_INPUT', 'requests.firstReplyAt', 2);
  throwsCx(() => cx.responseTimes([{ channel: 'chat', openedAt: 'noon', firstReplyAt: null }]), 'CX_INVALID_INPUT', 'requests.openedAt', 0);
  throwsCx(() => cx.responseTimes({ channel: [], openedAt: [], firstReplyAt: [] }), 'CX_EMPTY', 'requests.openedAt');
});

test('cac, conversionRate and unitEconomics', () => {
  const spend = [
    { channel: 'web', period: '2024-01', spend: 100, newCustomers: 4 },
    { channel: 'web', period: '2024-01', spend: 50, newCustomers: 1 },
    { channel: 'email', period: 202402, spend: 200, newCustomers: 0 },
  ];
  const r = cx.cac(spend);
  assert.deepEqual(r.rows.map((x) => [x.channel, x.period, x.cac]), [['email', '202402', null], ['web', '2024-01', 30]]);
  assert.equal(r.overall.cac, 350 / 5);
  const cols = { ch: ['web'], p: ['q1'], s: Float64Array.from([90]), n: [3] };
  assert.equal(cx.cac(cols, { channel: 'ch', period: 'p', spend: 's', newCustomers: 'n' }).overall.cac, 30);
  throwsCx(() => cx.cac([{ ...spend[0], spend: -1 }]), 'CX_INVALID_INPUT', 'data.spend', 0);
  throwsCx(() => cx.cac([{ ...spend[0], newCustomers: NaN }]), 'CX_INVALID_INPUT', 'data.newCustomers', 0);
  throwsCx(() => cx.cac([]), 'CX_EMPTY', 'data.spend');
  const c = cx.conversionRate(81, 263);
  assert.ok(Math.abs(c.ci[0] - 0.2553) < 5e-5 && Math.abs(c.ci[1] - 0.3662) < 5e-5);
  assert.ok(cx.conversionRate(81, 263, { level: 0.99 }).ci[0] < c.ci[0]);
  throwsCx(() => cx.conversionRate(5, 4), 'CX_INVALID_INPUT', 'conversions');
  throwsCx(() => cx.conversionRate(1, 0), 'CX_INVALID_INPUT', 'visitors');
  throwsCx(() => cx.conversionRate(1, 10, { level: 1.5 }), 'CX_INVALID_INPUT', 'level');
  assert.deepEqual(cx.unitEconomics(60, 240, { marginPerPeriod: 20 }), { cac: 60, clv: 240, clvToCac: 4, paybackPeriods: 3 });
  assert.equal(cx.unitEconomics(60, 240).paybackPeriods, null);
  throwsCx(() => cx.unitEconomics(0, 10), 'CX_INVALID_INPUT', 'cac');
  throwsCx(() => cx.unitEconomics(10, 10, { marginPerPeriod: -1 }), 'CX_INVALID_INPUT', 'marginPerPeriod');
});

test('property: funnel counts never increase and attribution credits sum to conversions (seeded)', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const events = ['visit', 'signup', 'cart', 'purchase'];
  const channels = ['web', 'email', 'chat', 'store', 'phone'];
  for (let round = 0; round < 25; round++) {
    const table = Array.from({ length: 60 }, () => ({
      customerId: `c${Math.floor(rand() * 12)}`,
      timestamp: t0 + Math.floor(rand() * 500) * 1000,
      event: events[Math.floor(rand() * 4)],
    }));
    for (const order of ['ordered', 'strict', 'unordered']) {
      const present = events.filter((e) => table.some((r) => r.event === e));
      const f = cx.funnel(table, present, { order, window: Math.floor(rand() * 400) });
      const conv = f.steps.map((s) => s.converted);
      assert.ok(conv.every((c, i) => i === 0 || c <= conv[i - 1]), `${order}: ${conv}`);
    }
    const ps = Array.from({ length: 20 }, () => Array.from({ length: 1 + Math.floor(rand() * 4) }, () => channels[Math.floor(rand() * 5)]));
    const conv = ps.map(() => Math.floor(rand() * 3));
    const nul = ps.map(() => Math.floor(rand() * 3));
    const total = conv.reduce((a, x) => a + x, 0);
    for (const model of ['first_touch', 'last_touch', 'linear', 'position_based', 'markov', 'shapley']) {
      const r = cx.attribution(ps, conv, { model, nulls: nul });
      const sum = Object.values(r.credits).reduce((a, x) => a + x, 0);
      if (total > 0) assert.ok(Math.abs(sum - total) <= 1e-9 * Math.max(1, total), `${model}: ${sum} vs ${total}`);
    }
  }
});
