// tests/vectors/clv.json in JS: each case's input mapped onto the camelCase CLV API.
import assert from 'node:assert/strict';

/** Vector field names (the core's) → the JS field an error names. */
export const fields = {
  monetary_value: 'monetaryValue',
  n_periods: 'nPeriods',
};

/** A fitted model's reported numbers, after checking its JSON round trip. */
function report(cls, m) {
  const back = cls.fromJSON(JSON.stringify(m));
  assert.deepEqual(back.params, m.params, 'JSON round trip keeps the parameters');
  assert.equal(back.logLikelihood, m.logLikelihood, 'JSON round trip keeps the log-likelihood');
  return { params: m.params, logLikelihood: m.logLikelihood, converged: m.converged };
}

/** Runs one CLV case; `num` decodes "NaN" strings. */
export function run(cx, fn, inp, num) {
  const nums = (a) => (a == null ? a : a.map(num));
  const weights = inp.weights === undefined ? {} : { weights: nums(inp.weights) };
  const [f, r, T] = [nums(inp.frequency), nums(inp.recency), nums(inp.T)];
  const purchase = { bgnbd: cx.BgNbd, mbgnbd: cx.MbgNbd, paretonbd: cx.ParetoNbd };
  switch (fn) {
    case 'bgnbd_fit':
    case 'mbgnbd_fit':
    case 'paretonbd_fit': {
      const cls = purchase[fn.replace('_fit', '')];
      return report(cls, cls.fit(f, r, T, weights));
    }
    case 'bgbb_fit':
      return report(cx.BgBb, cx.BgBb.fit(f, r, Float64Array.from(nums(inp.n_periods)), weights));
    case 'gammagamma_fit':
      return report(cx.GammaGamma, cx.GammaGamma.fit(f, Float64Array.from(nums(inp.monetary_value)), weights));
    case 'bgnbd_predict':
    case 'paretonbd_predict': {
      const m = purchase[fn.replace('_predict', '')].fromParams(inp.params);
      const one = m.pAlive(f[1], r[1], T[1]);
      const p = m.pAlive(Float64Array.from(f), r, T);
      assert.ok(p instanceof Float64Array, 'pAlive gives a Float64Array');
      assert.equal(one, p[1], 'one customer gives the number of the array');
      return {
        pAlive: Array.from(p),
        expectedPurchases: Array.from(m.expectedPurchases(inp.t, f, r, T)),
        expectedPurchasesNew: m.expectedPurchasesNew(inp.t),
      };
    }
    case 'bgbb_predict': {
      const m = cx.BgBb.fromParams(inp.params);
      const n = nums(inp.n_periods);
      return {
        pAlive: Array.from(m.pAlive(f, r, n)),
        expectedPurchases: Array.from(m.expectedPurchases(inp.n_star, f, r, n)),
        expectedPurchasesNew: m.expectedPurchasesNew(inp.n),
      };
    }
    case 'gammagamma_expected_spend': {
      const m = cx.GammaGamma.fromParams(inp.params);
      return { expectedSpend: Array.from(m.expectedSpend(f, nums(inp.monetary_value))) };
    }
    default:
      return undefined;
  }
}
