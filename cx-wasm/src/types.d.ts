// The result and option shapes of cxkit-wasm: the interfaces the Node addon `cxkit`
// declares in cx-node/index.d.ts. Regenerate with `node tests/js/dts.mjs`;
// tests/js/types.test.mjs fails when the two drift apart.

/** Options of `ces`. */
export interface CesOptions {
  /** Highest answer; answers run from 1 to `scale`. Default 7. */
  scale?: number
  /** Confidence level in (0, 1); default 0.95. */
  level?: number
  /** True when a low answer means little effort. Default false. */
  lowIsEasy?: boolean
}

/** A CES score. */
export interface CesResult {
  /** Mean answer on the caller's scale. */
  mean: number
  /** Sample standard deviation. */
  stdDev: number
  /** Student-t interval of the mean, `[low, high]`. */
  ci: [number, number]
  /** Share (0..1) of answers on the easy side of the midpoint. */
  agreeShare: number
  /** Number of answers. */
  n: number
  /** Confidence level of `ci`. */
  level: number
}

/** Options of `csat`. */
export interface CsatOptions {
  /** Highest answer; answers run from 1 to `scale`. Default 5. */
  scale?: number
  /** How many top answers count as satisfied. Default 2 (4 and 5 of 5). */
  topBox?: number
  /** Confidence level in (0, 1); default 0.95. */
  level?: number
}

/** A CSAT score. */
export interface CsatResult {
  /** Percent satisfied (top-box answers), 0..100. */
  score: number
  /** Number of satisfied answers. */
  satisfied: number
  /** Mean answer. */
  mean: number
  /** Number of answers. */
  n: number
  /** Wilson interval of the percent satisfied, `[low, high]`. */
  ci: [number, number]
  /** Confidence level of `ci`. */
  level: number
}

/** Options of `compareNps` and `NpsTally.result`: confidence level and method. */
export interface IntervalOptions {
  /** Confidence level in (0, 1); default 0.95. */
  level?: number
  /** Test and interval method; default `"wald"`. */
  method?: 'wald' | 'adjusted_wald'
}

/** The difference between two NPS values with its test. */
export interface NpsComparison {
  /** `NPS(a) − NPS(b)` on −200..200. */
  difference: number
  /** Standard error of the difference. */
  stdError: number
  /** Test statistic. */
  z: number
  /** Two-sided p-value of equal NPS. */
  pValue: number
  /** Interval for the difference `[low, high]`. */
  ci: [number, number]
  /** Confidence level of `ci`. */
  level: number
  /** Test and interval method. */
  method: 'wald' | 'adjusted_wald'
}

/** Options of `nps`. */
export interface NpsOptions {
  /** Non-negative weight of each response (same length as `scores`). */
  weights?: ReadonlyArray<number> | Float64Array | Uint8Array
  /** Confidence level in (0, 1); default 0.95. */
  level?: number
  /** Interval method; default `"wald"`. */
  method?: 'wald' | 'adjusted_wald'
}

/** An NPS with its interval. */
export interface NpsResult {
  /** NPS on −100..100. */
  score: number
  /** Share of promoters, 0..1 (weighted when weights were given). */
  promoters: number
  /** Share of passives, 0..1. */
  passives: number
  /** Share of detractors, 0..1. */
  detractors: number
  /** Number of responses. */
  n: number
  /** Kish effective sample size (equals `n` without weights). */
  effectiveN: number
  /** Standard error on the −100..100 scale. */
  stdError: number
  /** Interval `[low, high]` on −100..100. */
  ci: [number, number]
  /** Confidence level of `ci`. */
  level: number
  /** Interval method. */
  method: 'wald' | 'adjusted_wald'
}

/**
 * The JSON form of an `NpsTally`: its portable document (docs/model-format.md).
 * `toJSON` always writes `format_version` and `model`; readers also take the plain counts
 * written before versioning, hence the optional keys.
 */
export interface NpsTallyJson {
  /** The document format, 1. */
  format_version?: number
  /** `"nps_tally"`. */
  model?: 'nps_tally'
  /** Answers of 9 or 10. */
  promoters: number
  /** Answers of 7 or 8. */
  passives: number
  /** Answers of 0 to 6. */
  detractors: number
}
