// tests/vectors/personalize.json in JS: feature rows become a table of columns (with a
// customerId column when the case has ids), options become camelCase.

/** Vector field names (the core's) → the JS field an error names. */
export const fields = { x: 'x' };

/** A case's rows `x` with `feature_names` as an object of columns (plus `customerId`). */
function table(inp, num) {
  const t = {};
  if (inp.ids) t.customerId = inp.ids;
  inp.feature_names.forEach((name, j) => {
    t[name] = inp.x.map((row) => num(row[j]));
  });
  return t;
}

/** Runs one personalization case; `num` decodes "NaN" strings. */
export function run(cx, fn, inp, num) {
  switch (fn) {
    case 'value_concentration':
      return cx.valueConcentration(inp.values.map(num));
    case 'top_customers': {
      const o = { ids: inp.ids };
      if (inp.k !== undefined) o.k = inp.k;
      if (inp.share !== undefined) o.share = inp.share;
      return cx.topCustomers(inp.values.map(num), o);
    }
    case 'silhouette':
      return cx.silhouette(inp.x, inp.labels);
    case 'personas': {
      const o = {};
      for (const k of ['k', 'seed']) if (inp[k] !== undefined) o[k] = inp[k];
      if (inp.k_range) o.kRange = inp.k_range;
      if (inp.n_init !== undefined) o.nInit = inp.n_init;
      return cx.personas(table(inp, num), o);
    }
    case 'lookalike':
      return cx.lookalike(table(inp, num), inp.seed_ids, { method: inp.method });
    default:
      return undefined;
  }
}
