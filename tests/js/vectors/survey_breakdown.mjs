// tests/vectors/survey_breakdown.json in JS: NPS by segment and by period.

/** Runs one breakdown case; `num` decodes "NaN" strings. */
export function run(cx, fn, inp, num) {
  if (fn !== 'nps_by_segment' && fn !== 'nps_trend') return undefined;
  const opts = {};
  for (const k of ['level', 'method', 'freq']) if (k in inp) opts[k] = inp[k];
  if (inp.weights) opts.weights = inp.weights.map(num);
  const scores = inp.scores.map(num);
  switch (fn) {
    case 'nps_by_segment':
      return cx.npsBySegment(scores, inp.segments, opts);
    case 'nps_trend':
      return cx.npsTrend(scores, inp.timestamps, opts);
    default:
      return undefined;
  }
}
