// The journeys tab's data handling, without the DOM (the browser test imports it in Node to
// feed the native build the very same input): reads an event CSV into columns and gathers
// each customer's channel path up to a conversion event. Every number comes from cxkit.

/** Splits one CSV line, honouring double quotes. */
export function csvFields(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out.map((f) => f.trim());
}

/** Header names accepted for each column, first match wins. */
const NAMES = {
  customer: ['customer_id', 'customerid', 'customer', 'user_id', 'userid', 'user'],
  time: ['timestamp', 'time', 'date', 'datetime', 'occurred_at'],
  event: ['event', 'event_name', 'action'],
  channel: ['channel', 'source', 'medium'],
};

/**
 * A time as epoch milliseconds: numbers as they are, ISO-8601 with a zone as written, and
 * `YYYY-MM-DD[ HH:MM[:SS]]` without a zone as UTC (as cxkit reads it). NaN when unreadable,
 * which cxkit then rejects naming the row.
 */
export function toMillis(text) {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?$/.exec(text);
  if (m) return Date.parse(`${m[1]}T${m[2] || '00:00:00'}Z`);
  return Date.parse(text);
}

/**
 * An event table from CSV text: `{customerId, timestamp, event, channel}` columns (times as
 * epoch ms; `channel` null without such a column), the distinct event names by frequency,
 * and the header names found.
 */
export function parseEvents(text) {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  if (lines.length < 2) throw new Error('the CSV file has no event rows');
  const header = csvFields(lines[0]).map((h) => h.toLowerCase());
  const col = (kind) => header.findIndex((h) => NAMES[kind].includes(h));
  const idx = Object.fromEntries(Object.keys(NAMES).map((k) => [k, col(k)]));
  for (const k of ['customer', 'time', 'event']) {
    if (idx[k] < 0) throw new Error(`no ${k} column: expected one of ${NAMES[k].join(', ')}`);
  }
  const rows = lines.slice(1).map(csvFields);
  const table = {
    customerId: rows.map((r) => r[idx.customer] ?? ''),
    timestamp: rows.map((r) => toMillis(r[idx.time] ?? '')),
    event: rows.map((r) => r[idx.event] ?? ''),
    channel: idx.channel < 0 ? null : rows.map((r) => r[idx.channel] ?? ''),
  };
  const counts = new Map();
  for (const e of table.event) counts.set(e, (counts.get(e) || 0) + 1);
  const events = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([e]) => e);
  return { table, events, rows: rows.length, customers: new Set(table.customerId).size };
}

/**
 * Channel paths for attribution: per customer, in time order (ties keep file order), the
 * channel of every event before their first `conversion` event. A customer with that event
 * counts one conversion, one without it one non-converting journey; customers with no
 * event before converting are left out.
 */
export function conversionPaths(table, conversion) {
  if (!table.channel) throw new Error('attribution needs a channel column');
  const order = table.customerId.map((_, i) => i);
  order.sort((a, b) => {
    const ca = table.customerId[a];
    const cb = table.customerId[b];
    return ca < cb ? -1 : ca > cb ? 1 : table.timestamp[a] - table.timestamp[b];
  });
  const paths = [];
  const conversions = [];
  const nulls = [];
  let i = 0;
  while (i < order.length) {
    const who = table.customerId[order[i]];
    const path = [];
    let converted = false;
    for (; i < order.length && table.customerId[order[i]] === who; i++) {
      const r = order[i];
      if (converted) continue;
      if (table.event[r] === conversion) converted = true;
      else path.push(table.channel[r]);
    }
    if (!path.length) continue;
    paths.push(path);
    conversions.push(converted ? 1 : 0);
    nulls.push(converted ? 0 : 1);
  }
  return { paths, conversions, nulls };
}

/** The attribution models the tab shows side by side. */
export const MODELS = [
  ['first_touch', 'First touch'],
  ['last_touch', 'Last touch'],
  ['linear', 'Linear'],
  ['position_based', 'Position 40/20/40'],
  ['markov', 'Markov'],
];
