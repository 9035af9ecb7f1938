// tests/vectors/journey.json in JS: each case's input mapped onto the camelCase API. Vector
// times are whole seconds; the JS API takes Dates, epoch milliseconds or ISO strings, so the
// runner passes them as milliseconds (and some as Dates and ISO strings, which must agree).
import assert from 'node:assert/strict';

const ms = (s) => (s == null ? s : s * 1000);

/** An event table of a funnel case: rows when the columns line up, else columns. */
function events(inp) {
  const n = inp.customers.length;
  const aligned = inp.times.length === n && inp.events.length === n;
  if (!aligned) return { customerId: inp.customers, timestamp: inp.times.map(ms), event: inp.events };
  return inp.customers.map((c, i) => {
    const row = { customerId: c, timestamp: ms(inp.times[i]), event: inp.events[i] };
    if (inp.breakdown) row.segment = inp.breakdown[i];
    return row;
  });
}

/** The same table as columns with Date and ISO-string times. */
function columns(inp) {
  const cols = {
    customerId: inp.customers,
    timestamp: inp.times.map((t, i) => (i % 2 ? new Date(t * 1000) : new Date(t * 1000).toISOString())),
    event: inp.events,
  };
  if (inp.breakdown) cols.segment = inp.breakdown;
  return cols;
}

/** The request table of a response-times case, as columns of Dates (null: missing). */
function requests(inp) {
  const date = (t) => (t == null ? null : new Date(t * 1000));
  return {
    channel: inp.channels,
    openedAt: inp.opened.map(date),
    firstReplyAt: inp.first_reply.map(date),
    resolvedAt: inp.resolved.map(date),
  };
}

/** The JS field an error names, when it differs from the vector's (the core's) name. */
export function field(fn, name) {
  const map = {
    funnel: { customers: 'events.customerId', times: 'events.timestamp' },
    response_times: {
      channels: 'requests.channel',
      opened: 'requests.openedAt',
      first_reply: 'requests.firstReplyAt',
      resolved: 'requests.resolvedAt',
    },
    cac: { channels: 'data.channel', periods: 'data.period', spend: 'data.spend', new_customers: 'data.newCustomers' },
  };
  return map[fn]?.[name];
}

/** Options of a case: the keys given, renamed to the JS option names. */
function pick(inp, keys) {
  const o = {};
  for (const [from, to] of Object.entries(keys)) if (inp[from] !== undefined) o[to] = inp[from];
  return o;
}

/** Runs one journey case; `num` decodes "NaN" strings. */
export function run(cx, fn, inp, num) {
  const nums = (a) => (a == null ? a : a.map(num));
  switch (fn) {
    case 'funnel': {
      const o = pick(inp, { window: 'window', order: 'order', exclusions: 'exclusions', touch: 'touch' });
      if (inp.breakdown) o.breakdown = 'segment';
      const r = cx.funnel(events(inp), inp.steps, o);
      const aligned = inp.times.length === inp.customers.length && inp.events.length === inp.customers.length;
      if (aligned && inp.customers.length > 0) {
        assert.deepEqual(cx.funnel(columns(inp), inp.steps, o), r, 'rows (ms) and columns (Date, ISO) agree');
      }
      return r;
    }
    case 'funnel_columns':
      return cx.funnelColumns(
        Uint32Array.from(inp.customers),
        inp.times,
        Uint32Array.from(inp.events),
        inp.steps,
        pick(inp, { window: 'window', order: 'order', exclusions: 'exclusions' }),
      );
    case 'top_paths':
      return cx.topPaths(inp.paths, pick(inp, { k: 'k', max_length: 'maxLength', collapse_repeats: 'collapseRepeats' }));
    case 'transitions':
      return cx.transitions(inp.paths, inp.from, pick(inp, { direction: 'direction' }));
    case 'sankey_edges':
      return cx.sankeyEdges(inp.paths, pick(inp, { max_steps: 'maxSteps' }));
    case 'channel_switching':
      return cx.channelSwitching(inp.paths);
    case 'attribution': {
      const o = pick(inp, { model: 'model', order: 'order', first: 'first', last: 'last', half_life: 'halfLife', times: 'times' });
      if (inp.nulls) o.nulls = nums(inp.nulls);
      if (inp.values) o.values = nums(inp.values);
      const r = cx.attribution(inp.paths, nums(inp.conversions), o);
      const sum = Object.values(r.credits).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - r.totalConversions) <= 1e-9 * Math.max(1, r.totalConversions), 'credits sum to conversions');
      return r;
    }
    case 'response_times': {
      const o = pick(inp, { percentiles: 'percentiles', utc_offset_minutes: 'utcOffsetMinutes' });
      if (inp.as_of !== undefined) o.asOf = new Date(inp.as_of * 1000);
      if (inp.target_seconds !== undefined) o.target = inp.target_seconds;
      if (inp.schedule) {
        o.schedule = inp.schedule.days;
        if (inp.schedule.utc_offset_minutes !== undefined) o.utcOffsetMinutes = inp.schedule.utc_offset_minutes;
      }
      return cx.responseTimes(requests(inp), o);
    }
    case 'cac': {
      const rows = inp.channels.map((c, i) => ({
        channel: c,
        period: inp.periods[i],
        spend: num(inp.spend[i]),
        newCustomers: num(inp.new_customers[i]),
      }));
      return cx.cac(rows);
    }
    case 'conversion_rate':
      return cx.conversionRate(inp.conversions, inp.visitors, pick(inp, { level: 'level' }));
    case 'unit_economics':
      return cx.unitEconomics(inp.cac, inp.clv, pick(inp, { margin_per_period: 'marginPerPeriod' }));
    default:
      return undefined;
  }
}
