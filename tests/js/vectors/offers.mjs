// tests/vectors/offers.json and sentiment.json in JS: (customer, product) columns become a
// transactions table (row objects, and the same as columns, which must agree); options
// become the camelCase ones.
import assert from 'node:assert/strict';

/** The transactions of an offers case as row objects, and as columns when aligned. */
function tables(inp) {
  const cols = { customerId: inp.customers, product: inp.products };
  if (inp.customers.length !== inp.products.length) return { cols };
  const rows = inp.customers.map((c, i) => ({ customerId: c, product: inp.products[i] }));
  return { rows, cols };
}

/** Options of a case: the keys given, renamed to the JS option names. */
function pick(inp, keys) {
  const o = {};
  for (const [from, to] of Object.entries(keys)) if (inp[from] !== undefined) o[to] = inp[from];
  return o;
}

const RULES = { min_support: 'minSupport', min_confidence: 'minConfidence' };

/** Runs both table shapes and checks they agree. */
function both(inp, f) {
  const { rows, cols } = tables(inp);
  if (!rows) return f(cols);
  const r = f(rows);
  assert.deepEqual(f(cols), r, 'rows and columns agree');
  return r;
}

export function run(cx, fn, inp) {
  switch (fn) {
    case 'co_occurrence':
      return both(inp, (t) => cx.coOccurrence(t));
    case 'association_rules':
      return both(inp, (t) => cx.associationRules(t, pick(inp, RULES)));
    case 'recommend':
      return both(inp, (t) => cx.recommend(t, inp.customer_ids, pick(inp, { ...RULES, k: 'k' })));
    case 'sentiment':
      return cx.sentiment(inp.texts);
    case 'sentiment_by_segment':
      return cx.sentimentBySegment(inp.texts, inp.segments);
    case 'sentiment_trend':
      return cx.sentimentTrend(inp.texts, inp.timestamps, pick(inp, { freq: 'freq' }));
    case 'feedback_themes':
      return cx.feedbackThemes(inp.texts, pick(inp, { threshold: 'threshold', top: 'top' }));
    default:
      return undefined;
  }
}

/** The JS field an error names, when it differs from the vector's (the core's) name. */
export function field(fn, name) {
  return { customers: 'transactions.customerId', products: 'transactions.product' }[name];
}
