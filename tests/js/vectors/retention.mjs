// tests/vectors/retention.json in JS: each case's input mapped onto the camelCase API.
import assert from 'node:assert/strict';

/** The rows `[{customerId, timestamp}]` of a case's parallel `customers`/`timestamps`. */
const rows = (inp) => inp.customers.map((c, i) => ({ customerId: c, timestamp: inp.timestamps[i] }));
/** The same table as columns, which every activity function also accepts. */
const columns = (inp) => ({ customerId: inp.customers, timestamp: inp.timestamps });

/** An activity table: rows, unless the two arrays differ in length (columns say so). */
const events = (inp) => (inp.customers.length === inp.timestamps.length ? rows(inp) : columns(inp));

/** Vector field names (the core's) → the JS field an error names. */
export const fields = {
  customers: 'events.customerId',
  timestamps: 'events.timestamp',
  'transactions.customer': 'transactions.customerId',
  'touchpoints.customer': 'touchpoints.customerId',
  'surveys.customer': 'surveys.customerId',
};

/** Rows of a customer-view input table given as parallel columns. */
const table = (part, third, name) =>
  part.customers.map((c, i) => ({ customerId: c, timestamp: part.timestamps[i], [name]: part[third][i] }));

/** A view column as the vectors write it: NaN (no value) as null, typed arrays as arrays. */
const plain = (v) => (ArrayBuffer.isView(v) ? Array.from(v, (x) => (Number.isNaN(x) ? null : x)) : v);

/** The purchase models a vector's `model.kind` names. */
const purchase = { bgnbd: 'BgNbd', mbgnbd: 'MbgNbd', paretonbd: 'ParetoNbd' };

/** Runs one retention case; `num` decodes "NaN" strings. */
export function run(cx, fn, inp, num) {
  const nums = (a) => (a == null ? a : a.map(num));
  const level = inp.level === undefined ? {} : { level: inp.level };
  switch (fn) {
    case 'churn_rate':
      return cx.churnRate(inp.customers_at_start, inp.lost, level);
    case 'retention_rate':
      return cx.retentionRate(inp.customers_at_start, inp.customers_at_end, inp.new_customers, level);
    case 'lifecycle':
      return cx.lifecycle(events(inp), { freq: inp.freq });
    case 'cohort_table': {
      const t = cx.cohortTable(events(inp), { freq: inp.freq });
      assert.deepEqual(cx.cohortTable(columns(inp), { freq: inp.freq }), t, 'rows and columns agree');
      return t;
    }
    case 'period_rates':
      return cx.periodRates(events(inp), { freq: inp.freq, ...level });
    case 'time_to_repeat':
      return cx.timeToRepeat(events(inp), { observationEnd: inp.observation_end });
    case 'kaplan_meier': {
      const km = cx.kaplanMeier(nums(inp.durations), nums(inp.observed), level);
      const back = cx.KaplanMeier.fromJSON(JSON.stringify(km));
      assert.deepEqual(back.table, km.table, 'JSON round trip keeps the table');
      return { n: km.n, table: km.table, median: km.median, medianCi: km.medianCi };
    }
    case 'km_survival_at':
      return Array.from(cx.kaplanMeier(nums(inp.durations), nums(inp.observed)).survivalAt(inp.t));
    case 'kaplan_meier_by_segment': {
      const curves = cx.kaplanMeierBySegment(nums(inp.durations), nums(inp.observed), inp.segments, level);
      return Object.entries(curves).map(([segment, k]) => ({
        segment,
        median: k.median,
        survival: k.table.map((r) => r.survival),
      }));
    }
    case 'logrank_test':
      return cx.logrankTest(nums(inp.durations_a), nums(inp.observed_a), nums(inp.durations_b), nums(inp.observed_b));
    case 'sbg_fit': {
      const m = cx.ShiftedBetaGeometric.fit(nums(inp.survivors));
      const back = cx.ShiftedBetaGeometric.fromJSON(m.toJSON());
      assert.deepEqual(back.params, m.params, 'JSON round trip keeps the parameters');
      return { ...m.params, logLikelihood: m.logLikelihood };
    }
    case 'sbg_project': {
      const m = cx.ShiftedBetaGeometric.fromParams(inp.alpha, inp.beta);
      const t = Array.from({ length: inp.periods }, (_, i) => i + 1);
      return {
        retentionRate: Array.from(m.retentionRate(t)),
        survival: Array.from(m.survival(t)),
        churnProbability: Array.from(m.churnProbability(t)),
        derl: m.discountedExpectedResidualLifetime(inp.discount, inp.renewals),
      };
    }
    case 'churn_classifier': {
      const opts = { nFeatures: inp.n_features };
      for (const k of ['l2', 'standardize']) if (k in inp) opts[k] = inp[k];
      const x = nums(inp.x);
      const m = cx.ChurnClassifier.fit(Float64Array.from(x), nums(inp.y), opts);
      const back = cx.ChurnClassifier.fromJSON(JSON.stringify(m));
      assert.equal(back.intercept, m.intercept, 'JSON round trip keeps the intercept');
      const first5 = x.slice(0, 5 * inp.n_features);
      return {
        coefficients: m.coefficients,
        intercept: m.intercept,
        probaFirst5: Array.from(m.predictProba(first5, { nFeatures: inp.n_features })),
      };
    }
    case 'churn_metrics':
      return cx.churnMetrics(nums(inp.y_true), nums(inp.p));
    case 'customer_view': {
      const opts = { unit: inp.unit ?? 'W', freq: inp.freq ?? 'M' };
      if (inp.observation_end) opts.observationEnd = inp.observation_end;
      if (inp.model) {
        const { kind, ...params } = inp.model;
        opts.model = cx[purchase[kind]].fromParams(params);
      }
      const view = cx.customerView(
        table(inp.transactions, 'amounts', 'amount'),
        table(inp.touchpoints, 'channels', 'channel'),
        table(inp.surveys, 'scores', 'score'),
        opts,
      );
      return Object.fromEntries(Object.entries(view).map(([k, v]) => [k, plain(v)]));
    }
    default:
      return undefined;
  }
}
