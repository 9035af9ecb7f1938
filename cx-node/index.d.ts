/* cxkit: declarations of the JS API shared by `cxkit` (Node) and `cxkit-wasm`, written once
   in cx-js/api.d.ts and used verbatim by both builds (napi's dtsHeaderFile, wasm-bindgen's
   typescript_custom_section). Classes are declared as interface + namespace, which merge
   with each build's own class declaration. */
/* eslint-disable */

/** A column of numbers: a plain array or a typed array (`Float64Array` is read fastest). */
export type Numbers = ReadonlyArray<number> | Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array
/** A point in time: a `Date`, epoch milliseconds, or an ISO-8601 string (`2026-01-31`, `2026-01-31T09:00:00Z`). */
export type TimeLike = Date | number | string
/** Event indicators: `true`/`false` or `1`/`0`. */
export type Indicators = ReadonlyArray<boolean | number> | Float64Array | Uint8Array
/** A table given as row objects (`[{customerId, timestamp}]`) or as columns (`{customerId: [...], timestamp: [...]}`). */
export type Table = ReadonlyArray<Record<string, unknown>> | Record<string, ReadonlyArray<unknown> | Float64Array>
/** Calendar period: `"D"` (day), `"W"` (ISO week, Monday start) or `"M"` (month). */
export type Freq = 'D' | 'W' | 'M' | 'day' | 'week' | 'month'
/** A plain interval `[low, high]`. */
export type Interval = [number, number]

// ---------------------------------------------------------------- survey breakdowns

/** Options of `npsBySegment`. */
export interface NpsBreakdownOptions {
  /** One weight per answer (Kish effective n for the interval). */
  weights?: Numbers | null
  /** Confidence level in (0, 1); default 0.95. */
  level?: number
  /** Interval method: `"wald"` (default) or `"adjusted_wald"` (Rocks 2016). */
  method?: 'wald' | 'adjusted_wald'
}

/** Options of `npsTrend`. */
export interface NpsTrendOptions extends NpsBreakdownOptions {
  /** Calendar period; default `"M"`. */
  freq?: Freq
}

/** NPS of one segment. */
export interface NpsOfSegment {
  /** The segment label. */
  segment: string
  /** Its NPS with interval. */
  result: NpsResult
}

/** NPS of one calendar period. */
export interface NpsOfPeriod {
  /** First day of the period (`YYYY-MM-DD`). */
  periodStart: string
  /** Its NPS with interval. */
  result: NpsResult
}

/** NPS per segment label, sorted by label. */
export declare function npsBySegment(scores: Numbers, segments: ReadonlyArray<string>, options?: NpsBreakdownOptions | null): NpsOfSegment[]
/** NPS per calendar period (day, ISO week, month), in time order. */
export declare function npsTrend(scores: Numbers, timestamps: ReadonlyArray<TimeLike> | Float64Array, options?: NpsTrendOptions | null): NpsOfPeriod[]

// ---------------------------------------------------------------- retention and churn

/** Options with a confidence level. */
export interface LevelOptions {
  /** Confidence level in (0, 1); default 0.95. */
  level?: number
}

/** A rate with its Wilson score interval. */
export interface Rate {
  /** The rate as a proportion in [0, 1]. */
  rate: number
  /** Customers in the numerator (lost for churn, retained for retention). */
  numerator: number
  /** Customers at the start of the period. */
  denominator: number
  /** Confidence level of `ci`. */
  level: number
  /** Wilson score interval of the rate. */
  ci: Interval
}

/** Column names and period of an activity table. */
export interface ActivityOptions {
  /** Column of customer ids; default `"customerId"`. */
  customer?: string
  /** Column of timestamps; default `"timestamp"`. */
  time?: string
  /** Calendar period; default `"M"`. */
  freq?: Freq
}

/** Churn and retention of one period, from activity. */
export interface PeriodRates {
  /** First day of the period (`YYYY-MM-DD`). */
  periodStart: string
  /** Customers active in the previous period. */
  customersAtStart: number
  /** Customers active in this period. */
  customersAtEnd: number
  /** Customers whose first activity is in this period. */
  newCustomers: number
  /** Active in the previous period and in this one. */
  retained: number
  /** Active in the previous period, not in this one. */
  lost: number
  /** Active in this period, not the previous one, but seen before. */
  resurrected: number
  /** `lost / customersAtStart`; null when nobody was active in the previous period. */
  churn: Rate | null
  /** `retained / customersAtStart`; null likewise. */
  retention: Rate | null
}

/** One cohort of a cohort table. */
export interface CohortRow {
  /** First day of the acquisition period (`YYYY-MM-DD`). */
  cohortStart: string
  /** Customers in the cohort. */
  size: number
  /** `active[k]`: members active `k` periods after acquisition. */
  active: number[]
  /** `active[k] / size`. */
  share: number[]
}

/** A cohort retention table: cohorts × periods since acquisition. */
export interface CohortTable {
  /** The calendar period (`"day"`, `"iso_week"`, `"month"`). */
  period: string
  /** Cohorts in time order. */
  cohorts: CohortRow[]
}

/** Customer counts by lifecycle stage in one period. */
export interface LifecycleCounts {
  /** First day of the period (`YYYY-MM-DD`). */
  periodStart: string
  /** First activity ever in this period. */
  new: number
  /** Active in this period and the previous one. */
  returning: number
  /** Active now, not in the previous period, but active before it. */
  resurrecting: number
  /** Active in the previous period, not in this one. */
  dormant: number
}

/** Options of `timeToRepeat`. */
export interface TimeToRepeatOptions {
  /** Column of customer ids; default `"customerId"`. */
  customer?: string
  /** Column of timestamps; default `"timestamp"`. */
  time?: string
  /** End of observation; default the last timestamp. */
  observationEnd?: TimeLike
}

/** Days from each customer's first to first later-day activity, censored at the end. */
export interface RepeatDurations {
  /** Customer ids in order of first appearance. */
  customers: string[]
  /** Whole days to the repeat, or to the end of observation. */
  durations: number[]
  /** 1 when a repeat was seen, 0 when censored. */
  observed: number[]
}

/** One row of a Kaplan–Meier table. */
export interface SurvivalRow {
  /** The duration. */
  time: number
  /** Subjects at risk just before `time`. */
  atRisk: number
  /** Events at `time`. */
  events: number
  /** Censored at `time`. */
  censored: number
  /** Ŝ(time). */
  survival: number
  /** Lower bound of the log-log interval. */
  ciLow: number
  /** Upper bound of the log-log interval. */
  ciHigh: number
}

/** A Kaplan–Meier curve as plain data (the values of `kaplanMeierBySegment`). */
export interface KaplanMeierData {
  /** Confidence level. */
  level: number
  /** Subjects. */
  n: number
  /** Observed events. */
  events: number
  /** One row per distinct duration. */
  table: SurvivalRow[]
  /** Median survival time; `Infinity` when Ŝ never reaches 0.5. */
  median: number
  /** Interval of the median. */
  medianCi: Interval
}

/** A fitted Kaplan–Meier curve (exponential Greenwood intervals, as lifelines). */
export interface KaplanMeier {
  /** One row per distinct duration, increasing in time. */
  readonly table: SurvivalRow[]
  /** Median survival time; `Infinity` when Ŝ never reaches 0.5. */
  readonly median: number
  /** Interval of the median. */
  readonly medianCi: Interval
  /** Subjects. */
  readonly n: number
  /** Observed events. */
  readonly events: number
  /** Confidence level. */
  readonly level: number
  /** Ŝ(t) for a time (a number) or times (a `Float64Array`). */
  survivalAt(t: number): number
  survivalAt(t: Numbers): Float64Array
  /** `[low, high]` of Ŝ(t). */
  ciAt(t: number): Interval
  /** The curve in the core's JSON format (snake_case keys, as Python's `to_json`). */
  toJSON(): Record<string, unknown>
}
export declare namespace KaplanMeier {
  /** Fits Kaplan–Meier to durations; `observed` omitted means every event was seen. */
  function fit(durations: Numbers, observed?: Indicators | null, options?: LevelOptions | null): KaplanMeier
  /** A curve from `toJSON()` output or its JSON text. */
  function fromJSON(json: string | Record<string, unknown>): KaplanMeier
}

/** Result of a two-group log-rank test. */
export interface LogRankResult {
  /** χ² statistic with one degree of freedom. */
  statistic: number
  /** P(χ²₁ ≥ statistic). */
  pValue: number
  /** Observed events in group a. */
  observedA: number
  /** Expected events in group a. */
  expectedA: number
  /** Observed events in group b. */
  observedB: number
  /** Expected events in group b. */
  expectedB: number
  /** Variance of O_a − E_a. */
  variance: number
}

/** Options of the sBG fit. */
export interface SbgFitOptions {
  /** Gradient tolerance on the log scale; default 1e-10. */
  tolerance?: number
  /** Newton iterations allowed; default 200. */
  maxIterations?: number
  /** Keep a fit whose optimizer did not converge (`converged: false`) instead of throwing `CX_NOT_CONVERGED`; default false. */
  allowUnconverged?: boolean
}

/** A shifted-beta-geometric contract-churn model (Fader and Hardie 2007). */
export interface ShiftedBetaGeometric {
  /** `{alpha, beta}` of the Beta mixing distribution. */
  readonly params: { alpha: number; beta: number }
  /** Maximized log-likelihood; null for `fromParams`. */
  readonly logLikelihood: number | null
  /** Standard errors `[se(alpha), se(beta)]`; null entries for `fromParams`. */
  readonly standardErrors: [number | null, number | null] | null
  /** Whether the fit converged. */
  readonly converged: boolean
  /** Newton iterations used. */
  readonly iterations: number
  /** Share surviving after `t` periods. */
  survival(t: number): number
  survival(t: Numbers): Float64Array
  /** Share of period `t − 1` survivors renewing at `t` (t ≥ 1). */
  retentionRate(t: number): number
  retentionRate(t: Numbers): Float64Array
  /** P(churn exactly at period `t`) (t ≥ 1). */
  churnProbability(t: number): number
  churnProbability(t: Numbers): Float64Array
  /** Mean lifetime in periods; `Infinity` when alpha ≤ 1. */
  expectedLifetime(): number
  /** Discounted expected residual lifetime (Fader and Hardie 2010) after `renewals` (default 1). */
  discountedExpectedResidualLifetime(discount: number, renewals?: number): number
  /** The model in the core's JSON format. */
  toJSON(): Record<string, unknown>
}
export declare namespace ShiftedBetaGeometric {
  /** Fits alpha and beta by maximum likelihood to a cohort's survivors per period (first = cohort size). */
  function fit(survivors: Numbers, options?: SbgFitOptions | null): ShiftedBetaGeometric
  /** A model with known parameters. */
  function fromParams(alpha: number, beta: number): ShiftedBetaGeometric
  /** A model from `toJSON()` output or its JSON text. */
  function fromJSON(json: string | Record<string, unknown>): ShiftedBetaGeometric
}

/** A feature matrix: rows of numbers, or a flat row-major array with `nFeatures`. */
export type Matrix = ReadonlyArray<ReadonlyArray<number> | Float64Array> | Numbers

/** Options of `ChurnClassifier.fit`. */
export interface ChurnClassifierOptions {
  /** L2 penalty `(l2 / 2)·‖w‖²` (intercept not penalized); default 1 (scikit-learn's C = 1/l2). */
  l2?: number
  /** Standardize features before fitting (coefficients are reported on the original scale); default false. */
  standardize?: boolean
  /** Newton convergence tolerance. */
  tolerance?: number
  /** Newton iterations allowed. */
  maxIterations?: number
  /** Columns of a flat `x`. */
  nFeatures?: number
  /** Keep a fit whose optimizer did not converge (`converged: false`) instead of throwing `CX_NOT_CONVERGED`; default false. */
  allowUnconverged?: boolean
}

/** An L2-regularized logistic churn-probability classifier. */
export interface ChurnClassifier {
  /** One weight per feature, on the features' own scale. */
  readonly coefficients: number[]
  /** The unpenalized intercept. */
  readonly intercept: number
  /** Whether Newton converged. */
  readonly converged: boolean
  /** Newton iterations used. */
  readonly iterations: number
  /** Churn probabilities of the rows of `x`. */
  predictProba(x: Matrix): Float64Array
  /** The model in the core's JSON format, ready to score in another language. */
  toJSON(): Record<string, unknown>
}
export declare namespace ChurnClassifier {
  /** Fits the classifier to features `x` and labels `y` (1 = churned). */
  function fit(x: Matrix, y: Indicators, options?: ChurnClassifierOptions | null): ChurnClassifier
  /** A model from `toJSON()` output or its JSON text. */
  function fromJSON(json: string | Record<string, unknown>): ChurnClassifier
}

/** One bin of a calibration table. */
export interface CalibrationBin {
  /** Customers in the bin. */
  count: number
  /** Smallest predicted probability. */
  pMin: number
  /** Largest predicted probability. */
  pMax: number
  /** Mean predicted probability. */
  meanPredicted: number
  /** Observed churn rate. */
  observedRate: number
}

/** Evaluation of churn probabilities. */
export interface ChurnMetrics {
  /** Customers scored. */
  n: number
  /** Churners among them. */
  positives: number
  /** Area under the ROC curve. */
  auc: number
  /** Brier score. */
  brier: number
  /** Mean log-loss. */
  logLoss: number
  /** Calibration by deciles. */
  calibration: CalibrationBin[]
  /** Lift in the top 10%. */
  liftAt10: number
}

/** Churn rate of one period: lost ÷ customers at start, with a Wilson interval. */
export declare function churnRate(customersAtStart: number, lost: number, options?: LevelOptions | null): Rate
/** Retention rate of one period: (customers at end − new customers) ÷ customers at start. */
export declare function retentionRate(customersAtStart: number, customersAtEnd: number, newCustomers: number, options?: LevelOptions | null): Rate
/** Churn and retention per calendar period from an activity table. */
export declare function periodRates(events: Table, options?: (ActivityOptions & LevelOptions) | null): PeriodRates[]
/** Cohort retention table: cohorts by first-activity period × periods since. */
export declare function cohortTable(events: Table, options?: ActivityOptions | null): CohortTable
/** Lifecycle stage counts (new, returning, resurrecting, dormant) per period. */
export declare function lifecycle(events: Table, options?: ActivityOptions | null): LifecycleCounts[]
/** Days to the first repeat activity per customer, censored at the end of observation. */
export declare function timeToRepeat(events: Table, options?: TimeToRepeatOptions | null): RepeatDurations
/** Kaplan–Meier survival curve (same as `KaplanMeier.fit`). */
export declare function kaplanMeier(durations: Numbers, observed?: Indicators | null, options?: LevelOptions | null): KaplanMeier
/** One Kaplan–Meier curve per segment label, as plain data. */
export declare function kaplanMeierBySegment(durations: Numbers, observed: Indicators | null | undefined, segments: ReadonlyArray<string>, options?: LevelOptions | null): Record<string, KaplanMeierData>
/** Log-rank test of equal survival in two groups. */
export declare function logrankTest(durationsA: Numbers, observedA: Indicators | null | undefined, durationsB: Numbers, observedB?: Indicators | null): LogRankResult
/** Options of `customerView`. */
export interface CustomerViewOptions {
  /** The day the view describes; rows dated after its UTC date are ignored. Default: the latest row of any table. */
  observationEnd?: TimeLike | null
  /** Column of customer ids in every table; default `"customerId"`. */
  customer?: string
  /** Column of timestamps in every table; default `"timestamp"`. */
  time?: string
  /** Column of purchase amounts in `transactions`; default `"amount"`. */
  amount?: string
  /** Column of channel names in `touchpoints`; default `"channel"`. */
  channel?: string
  /** Column of answers in `surveys`; default `"score"`. */
  score?: string
  /** Column of question kinds (`"nps"`, `"csat"`, `"ces"`) in `surveys`; default `"kind"` when present, else every answer is NPS. */
  kind?: string
  /** Unit of recency, `T` and tenure, as `rfmSummary`; default `"W"`. */
  unit?: 'D' | 'W' | 'M' | 'day' | 'week' | 'month'
  /** Calendar period of the lifecycle stage; default `"M"`. */
  freq?: Freq
  /** Days ÷ unit length instead of whole periods (use the setting the model was fitted with). */
  fractional?: boolean
  /** A fitted `BgNbd`, `MbgNbd` or `ParetoNbd` (same unit): adds `pAlive` and `clv`. */
  model?: { toJSON(): unknown } | null
  /** A fitted `GammaGamma` for spend per purchase; default the customer's `totalSpend / (frequency + 1)`. */
  spendModel?: { toJSON(): unknown } | null
  /** CLV horizon in months; default 12. */
  months?: number
  /** Monthly discount rate; default 0.01. */
  discountRate?: number
}

/** The single customer view as columns, one entry per customer (sorted by id). NaN marks no value. */
export interface CustomerView {
  /** Customer ids. */
  customer: string[]
  /** First activity of any kind (ISO-8601, UTC). */
  firstActivity: string[]
  /** Last activity of any kind (ISO-8601, UTC). */
  lastActivity: string[]
  /** Transaction rows. */
  transactions: Float64Array
  /** Repeat purchase periods, as `rfmSummary` (NaN without a purchase). */
  frequency: Float64Array
  /** First to last purchase, in `unit`. */
  recency: Float64Array
  /** First purchase to the end, in `unit`. */
  T: Float64Array
  /** Mean amount of the repeat periods. */
  monetaryValue: Float64Array
  /** Sum of all amounts. */
  totalSpend: Float64Array
  /** First activity to the end, in `unit`. */
  tenure: Float64Array
  /** Touchpoint rows. */
  touchpoints: Float64Array
  /** Channels used, sorted. */
  channels: string[][]
  /** Latest NPS answer (NaN without one). */
  lastNps: Float64Array
  /** `new`, `returning`, `resurrecting`, `dormant` or `lapsed` in the period of the end. */
  lifecycleStage: Array<'new' | 'returning' | 'resurrecting' | 'dormant' | 'lapsed'>
  /** P(alive), with a `model`. */
  pAlive?: Float64Array
  /** Discounted CLV over `months`, with a `model`. */
  clv?: Float64Array
  /** The end of observation used (ISO-8601). */
  observationEnd: string
  /** The unit of recency, `T` and tenure. */
  unit: string
  /** The lifecycle period. */
  period: string
}

/** Single customer view from transactions, touchpoints and survey answers (tables as rows or columns). */
export declare function customerView(transactions: Table, touchpoints?: Table | null, surveys?: Table | null, options?: CustomerViewOptions | null): CustomerView
/** AUC, Brier score, log-loss, decile calibration and top-decile lift of churn probabilities. */
export declare function churnMetrics(yTrue: Indicators, p: Numbers): ChurnMetrics

// ---------------------------------------------------------------- customer lifetime value

/** Time unit of recency and `T` (and of CLV months): `"D"` (day), `"W"` (week), `"M"` (month). */
export type TimeUnitLike = 'D' | 'W' | 'M' | 'day' | 'week' | 'month' | 'days' | 'weeks' | 'months'

/** Options of `rfmSummary`. */
export interface RfmSummaryOptions {
  /** Column of customer ids; default `"customerId"`. */
  customer?: string
  /** Column of purchase times; default `"timestamp"`. */
  time?: string
  /** Column of purchase amounts; without it the result has no `monetaryValue`. */
  amount?: string
  /** End of observation; default the last purchase. Later purchases are ignored. */
  observationEnd?: TimeLike | null
  /** Unit of recency and `T`; purchases in the same period count once. Default `"W"`. */
  unit?: TimeUnitLike
  /** Start of the holdout period: purchases from then on fill the holdout columns. */
  holdoutStart?: TimeLike | null
  /** `true`: days ÷ unit length (Fader, Hardie and Lee's CDNOW convention) instead of whole periods. Default false. */
  fractional?: boolean
}

/** Per-customer RFM summary as columns (customers sorted by id), ready for the models' `fit`. */
export interface RfmSummary {
  /** Customer ids. */
  customer: string[]
  /** Repeat purchase periods in the calibration period. */
  frequency: Float64Array
  /** First to last calibration purchase, in `unit`. */
  recency: Float64Array
  /** First purchase to the end of calibration, in `unit`. */
  T: Float64Array
  /** Mean amount of the repeat periods (0 without repeats); only with the `amount` option. */
  monetaryValue?: Float64Array
  /** Purchase periods in the holdout period; only with `holdoutStart`. */
  frequencyHoldout?: Float64Array
  /** Mean amount of the holdout periods; with `holdoutStart` and `amount`. */
  monetaryValueHoldout?: Float64Array
  /** Length of the holdout period in `unit`; only with `holdoutStart`. */
  durationHoldout?: number
  /** The unit of the times: `"day"`, `"week"` or `"month"`. */
  unit: string
}

/** RFM segment names (recency × frequency grid). */
export type RfmSegment = 'champions' | 'loyal_customers' | 'potential_loyalists' | 'new_customers' | 'promising' | 'need_attention' | 'about_to_sleep' | 'at_risk' | 'cant_lose' | 'hibernating'

/** RFM quintile scores (1–5, 5 = most recent, most frequent, highest value) and segments. */
export interface RfmScores {
  /** Recency scores. */
  r: Float64Array
  /** Frequency scores. */
  f: Float64Array
  /** Monetary scores. */
  m: Float64Array
  /** Segment of each customer. */
  segment: RfmSegment[]
}

/** One row of `holdoutComparison`. */
export interface HoldoutRow {
  /** Calibration frequency (the last row gathers this and more). */
  frequency: number
  /** Customers in the row. */
  customers: number
  /** Mean actual purchases in the holdout period. */
  actual: number
  /** Mean purchases the model expects over the holdout duration. */
  predicted: number
}

/** Options of a model fit. */
export interface ClvFitOptions {
  /** Weight of each customer (counts of identical customers). */
  weights?: Numbers | null
  /** Optimizer convergence tolerance. */
  tolerance?: number
  /** Optimizer iterations allowed. */
  maxIterations?: number
  /** Keep a fit whose optimizer did not converge (`converged: false`) instead of throwing `CX_NOT_CONVERGED`; default false. */
  allowUnconverged?: boolean
}

/** Parameters of BG/NBD and MBG/NBD. */
export interface BgNbdParams { r: number; alpha: number; a: number; b: number }
/** Parameters of Pareto/NBD. */
export interface ParetoNbdParams { r: number; alpha: number; s: number; beta: number }
/** Gamma-Gompertz/NBD parameters (Bemmaor and Glady 2012). */
export interface GgNbdParams { r: number; alpha: number; b: number; s: number; beta: number }
/** Correlated Pareto/NBD parameters: the Pareto/NBD's and `rho`, the correlation of the purchase and dropout rates. */
export interface ParetoNbdCorParams { r: number; alpha: number; s: number; beta: number; rho: number }
/** Parameters of BG/BB. */
export interface BgBbParams { alpha: number; beta: number; gamma: number; delta: number }
/** Parameters of Gamma-Gamma. */
export interface GammaGammaParams { p: number; q: number; v: number }

/** What every CLV model reports. */
export interface ClvFit<P> {
  /** The parameters. */
  readonly params: P
  /** Maximized log-likelihood (0 for `fromParams`). */
  readonly logLikelihood: number
  /** Whether the optimizer met its tolerance. */
  readonly converged: boolean
  /** Optimizer iterations. */
  readonly iterations: number
  /** Standard errors from the Hessian; null when it is singular or for `fromParams`. */
  readonly standardErrors: P | null
  /** Customers (total weight) the model was fitted on. */
  readonly nCustomers: number
  /** The model in the core's JSON format (the document Python's `to_json` reads) plus `model`, its class name. */
  toJSON(): Record<string, unknown>
}

/** Predictions of the continuous-time purchase models; times in the unit of the fit. */
export interface PurchasePredictions<P> extends ClvFit<P> {
  /** P(alive) at the end of observation, per customer (numbers for one customer). */
  pAlive(frequency: number, recency: number, T: number): number
  pAlive(frequency: Numbers, recency: Numbers, T: Numbers): Float64Array
  /** Expected purchases in the next `t` time units, per customer. */
  expectedPurchases(t: number, frequency: number, recency: number, T: number): number
  expectedPurchases(t: number, frequency: Numbers, recency: Numbers, T: Numbers): Float64Array
  /** Expected repeat purchases of a new customer in `(0, t]`. */
  expectedPurchasesNew(t: number): number
  expectedPurchasesNew(t: Numbers): Float64Array
}

/** A purchase model `GammaGamma.clv` and `holdoutComparison` accept: a `BgNbd`, `MbgNbd`, `ParetoNbd`, `GgNbd` or `ParetoNbdCor` (of either build: it is read through `toJSON()`). */
export type PurchaseModel = PurchasePredictions<BgNbdParams> | PurchasePredictions<ParetoNbdParams> | PurchasePredictions<GgNbdParams> | PurchasePredictions<ParetoNbdCorParams>

/** BG/NBD purchase model (Fader, Hardie and Lee 2005). */
export interface BgNbd extends PurchasePredictions<BgNbdParams> {
  /** P(exactly `n` purchases in an interval of length `t`) for a new customer. */
  probabilityOfNPurchases(t: number, n: number): number
  probabilityOfNPurchases(t: number, n: Numbers): Float64Array
}
export declare namespace BgNbd {
  /** Fits by maximum likelihood on repeat purchases, recency and `T` (one time unit). */
  function fit(frequency: Numbers, recency: Numbers, T: Numbers, options?: ClvFitOptions | null): BgNbd
  /** A model with known parameters. */
  function fromParams(params: BgNbdParams): BgNbd
  /** A model from `toJSON()` output or its JSON text (also Python's `to_json`). */
  function fromJSON(json: string | Record<string, unknown>): BgNbd
}

/** MBG/NBD purchase model (Batislam, Denizel and Filiztekin 2007). */
export interface MbgNbd extends PurchasePredictions<BgNbdParams> {
  /** P(exactly `n` purchases in an interval of length `t`) for a new customer. */
  probabilityOfNPurchases(t: number, n: number): number
  probabilityOfNPurchases(t: number, n: Numbers): Float64Array
}
export declare namespace MbgNbd {
  /** Fits by maximum likelihood on repeat purchases, recency and `T` (one time unit). */
  function fit(frequency: Numbers, recency: Numbers, T: Numbers, options?: ClvFitOptions | null): MbgNbd
  /** A model with known parameters. */
  function fromParams(params: BgNbdParams): MbgNbd
  /** A model from `toJSON()` output or its JSON text (also Python's `to_json`). */
  function fromJSON(json: string | Record<string, unknown>): MbgNbd
}

/** Pareto/NBD purchase model (Schmittlein, Morrison and Colombo 1987). */
export interface ParetoNbd extends PurchasePredictions<ParetoNbdParams> {}
export declare namespace ParetoNbd {
  /** Fits by maximum likelihood on repeat purchases, recency and `T` (one time unit). */
  function fit(frequency: Numbers, recency: Numbers, T: Numbers, options?: ClvFitOptions | null): ParetoNbd
  /** A model with known parameters. */
  function fromParams(params: ParetoNbdParams): ParetoNbd
  /** A model from `toJSON()` output or its JSON text (also Python's `to_json`). */
  function fromJSON(json: string | Record<string, unknown>): ParetoNbd
}

/** A BG/NBD, MBG/NBD or Pareto/NBD model with time-invariant covariates (Fader and Hardie 2007), loaded from a Python fit's `to_json()` (`"model": "clv_covariates"`) to score customers. Covariates are an object of columns keyed by the names the model was fitted with. */
export interface CovariateModel {
  /** `"bg_nbd"`, `"mbg_nbd"` or `"pareto_nbd"`. */
  readonly kind: string
  /** The model parameters at zero covariates (`r, alpha, a, b` or `r, alpha, s, beta`). */
  readonly params: Record<string, number>
  /** Purchase coefficients γ₁ by covariate (αᵢ = α·exp(−γ₁ᵀx)). */
  readonly purchaseCoefficients: Record<string, number>
  /** Dropout coefficients γ₂ by covariate (aᵢ, bᵢ = a, b·exp(γ₂ᵀx); Pareto/NBD βᵢ = β·exp(−γ₂ᵀx)). */
  readonly dropoutCoefficients: Record<string, number>
  /** Log-likelihood of the fit (without any L2 penalty). */
  readonly logLikelihood: number
  /** P(alive) per customer, with its covariates. */
  pAlive(frequency: Numbers, recency: Numbers, T: Numbers, covariates: Record<string, Numbers>): Float64Array
  /** Expected purchases in the next `t` time units per customer. */
  expectedPurchases(t: number, frequency: Numbers, recency: Numbers, T: Numbers, covariates: Record<string, Numbers>): Float64Array
  /** Expected repeat purchases in `(0, t]` of a new customer with each row's covariates. */
  expectedPurchasesNew(t: number, covariates: Record<string, Numbers>): Float64Array
  /** The portable document (what `JSON.stringify` writes). */
  toJSON(): Record<string, unknown>
}
export declare namespace CovariateModel {
  /** A model from its document or JSON text (Python's `to_json`). */
  function fromJSON(json: string | Record<string, unknown>): CovariateModel
}

/**
 * Customers for {@link ParetoNbdDynamic} scoring: the two long tables of Python's
 * `cx.ParetoNbdDynamic`, each as an array of row objects or an object of columns, every time a
 * number in the model's unit (weeks for a weekly fit) on one clock.
 *
 * @example
 * const data = {
 *   transactions: { customer: ['a', 'a', 'b'], time: [0.5, 3.2, 1.7] },
 *   // one row per customer and period [periodStart, periodStart + 1), from the period of the
 *   // first purchase to the one containing observationEnd (and beyond, to predict)
 *   covariates: [
 *     { customer: 'a', periodStart: 0, x: 0.3, z: 1 }, // ... periods 1 to 9
 *     { customer: 'b', periodStart: 1, x: -0.2, z: 0 }, // ... periods 2 to 9
 *   ],
 *   observationEnd: 8,
 * }
 */
export interface DynamicCustomers {
  /** Purchases: `customer` (string or number id) and `time`; transactions at one time count once, those after `observationEnd` are ignored. */
  transactions: Record<string, unknown>[] | Record<string, Numbers | (string | number)[]>
  /** Covariate periods: `customer`, `periodStart` and one column per covariate of the model, without gaps from the period of each customer's first purchase. */
  covariates: Record<string, unknown>[] | Record<string, Numbers | (string | number)[]>
  /** End of observation (default: the last transaction time). */
  observationEnd?: number
}

/** Scores of {@link ParetoNbdDynamic}: one entry per customer with a transaction up to `observationEnd`, in order of first appearance in the transactions. */
export interface DynamicScores {
  /** Customer ids, as strings (`1` reads as `"1"`). */
  customer: string[]
  /** Repeat purchases (distinct transaction times after the first). */
  frequency: Float64Array
  /** Time of the last purchase since the first. */
  recency: Float64Array
  /** Time from the first purchase to `observationEnd`. */
  T: Float64Array
  /** The score of each customer. */
  value: Float64Array
}

/** A Pareto/NBD with time-varying covariates (Bachmann, Meierer and Näf 2021), loaded from a Python fit's `to_json()` (`"model": "clv_dynamic_covariates"`) to score customers from their transactions and covariate periods. */
export interface ParetoNbdDynamic {
  /** `r, alpha, s, beta`: the gamma heterogeneity at zero covariates. */
  readonly params: Record<string, number>
  /** Purchase coefficients γ₁ by covariate (rate λ·exp(γ₁ᵀx(t))). */
  readonly purchaseCoefficients: Record<string, number>
  /** Dropout coefficients γ₂ by covariate (hazard μ·exp(γ₂ᵀz(t))). */
  readonly dropoutCoefficients: Record<string, number>
  /** Log-likelihood of the fit (without any L2 penalty). */
  readonly logLikelihood: number
  /** P(alive) at `observationEnd` per customer. */
  pAlive(data: DynamicCustomers): DynamicScores
  /** Expected purchases in the `t` units after `observationEnd`; each customer's covariate periods must reach `observationEnd + t`. */
  expectedPurchases(t: number, data: DynamicCustomers): DynamicScores
  /** Each customer's log-likelihood at the model's parameters. */
  logLikelihoods(data: DynamicCustomers): DynamicScores
  /** The portable document (what `JSON.stringify` writes). */
  toJSON(): Record<string, unknown>
}
export declare namespace ParetoNbdDynamic {
  /** A model from its document or JSON text (Python's `to_json`). */
  function fromJSON(json: string | Record<string, unknown>): ParetoNbdDynamic
}

/** Gamma-Gompertz/NBD purchase model (Bemmaor and Glady 2012). */
export interface GgNbd extends PurchasePredictions<GgNbdParams> {}
export declare namespace GgNbd {
  /** Fits by maximum likelihood on repeat purchases, recency and `T` (one time unit). */
  function fit(frequency: Numbers, recency: Numbers, T: Numbers, options?: ClvFitOptions | null): GgNbd
  /** A model with known parameters. */
  function fromParams(params: GgNbdParams): GgNbd
  /** A model from `toJSON()` output or its JSON text (also Python's `to_json`). */
  function fromJSON(json: string | Record<string, unknown>): GgNbd
}

/** Correlated Pareto/NBD (Sarmanov mixing of purchase and dropout rates, Glady, Lemmens and Croux 2015). */
export interface ParetoNbdCor extends PurchasePredictions<ParetoNbdCorParams> {
  /** The correlation ρ of the purchase and dropout rates. */
  readonly correlation: number
  /** `[low, high]`: the correlations the Sarmanov density reaches with these marginals. */
  readonly correlationRange: Float64Array
}
export declare namespace ParetoNbdCor {
  /** Fits by maximum likelihood on repeat purchases, recency and `T` (one time unit), starting from the Pareto/NBD fit. */
  function fit(frequency: Numbers, recency: Numbers, T: Numbers, options?: ClvFitOptions | null): ParetoNbdCor
  /** A model with known parameters (`rho` within its attainable range). */
  function fromParams(params: ParetoNbdCorParams): ParetoNbdCor
  /** A model from `toJSON()` output or its JSON text (also Python's `to_json`). */
  function fromJSON(json: string | Record<string, unknown>): ParetoNbdCor
}

/** BG/BB model of discrete purchase opportunities (Fader, Hardie and Shang 2010). */
export interface BgBb extends ClvFit<BgBbParams> {
  /** P(alive) after `nPeriods` opportunities, per customer. */
  pAlive(frequency: number, recency: number, nPeriods: number): number
  pAlive(frequency: Numbers, recency: Numbers, nPeriods: Numbers): Float64Array
  /** Expected transactions in the next `nStar` opportunities, per customer. */
  expectedPurchases(nStar: number, frequency: number, recency: number, nPeriods: number): number
  expectedPurchases(nStar: number, frequency: Numbers, recency: Numbers, nPeriods: Numbers): Float64Array
  /** Expected transactions of a new customer in the first `n` opportunities. */
  expectedPurchasesNew(n: number): number
  expectedPurchasesNew(n: Numbers): Float64Array
}
export declare namespace BgBb {
  /** Fits on transactions, the opportunity of the last one (`recency`) and opportunities (`nPeriods`). */
  function fit(frequency: Numbers, recency: Numbers, nPeriods: Numbers, options?: ClvFitOptions | null): BgBb
  /** A model with known parameters. */
  function fromParams(params: BgBbParams): BgBb
  /** A model from `toJSON()` output or its JSON text (also Python's `to_json`). */
  function fromJSON(json: string | Record<string, unknown>): BgBb
}

/** Options of `GammaGamma.clv`. */
export interface ClvOptions {
  /** Horizon in months; default 12. */
  months?: number
  /** Monthly discount rate; default 0.01. */
  discountRate?: number
  /** Time unit of the purchase model (`u` = 30 days, 4.345 weeks or 1 month per month); default `"W"`. */
  unit?: TimeUnitLike
}

/** Gamma-Gamma spend model (Fader, Hardie and Lee 2005 note). */
export interface GammaGamma extends ClvFit<GammaGammaParams> {
  /** Expected mean spend per transaction, per customer. */
  expectedSpend(frequency: number, monetaryValue: number): number
  expectedSpend(frequency: Numbers, monetaryValue: Numbers): Float64Array
  /** Discounted CLV per customer: `Σ_{m=1..months} spend × (E[X(m·u)] − E[X((m−1)·u)]) / (1 + discountRate)^m`, with the purchase model's conditional expectations. */
  clv(model: PurchaseModel, frequency: number, recency: number, T: number, monetaryValue: number, options?: ClvOptions | null): number
  clv(model: PurchaseModel, frequency: Numbers, recency: Numbers, T: Numbers, monetaryValue: Numbers, options?: ClvOptions | null): Float64Array
}
export declare namespace GammaGamma {
  /** Fits on repeat customers' frequency (≥ 1) and mean repeat spend. */
  function fit(frequency: Numbers, monetaryValue: Numbers, options?: ClvFitOptions | null): GammaGamma
  /** A model with known parameters. */
  function fromParams(params: GammaGammaParams): GammaGamma
  /** A model from `toJSON()` output or its JSON text (also Python's `to_json`). */
  function fromJSON(json: string | Record<string, unknown>): GammaGamma
}

/** Per-customer RFM summary from a transaction table (rows or columns), as columns. */
export declare function rfmSummary(transactions: Table, options?: RfmSummaryOptions | null): RfmSummary
/** RFM quintile scores and segments from an `rfmSummary` result (or a table with frequency, recency, T, monetaryValue). */
export declare function rfmScores(summary: Table | RfmSummary): RfmScores
/** Unique (frequency, recency, T) triples with weights and each row's triple. */
export interface Compressed {
  /** Frequency of each triple. */
  frequency: Float64Array
  /** Recency of each triple. */
  recency: Float64Array
  /** T of each triple. */
  T: Float64Array
  /** Customers per triple (the `weights` of a fit). */
  weights: Float64Array
  /** `inverse[i]`: the triple of row `i`; per-triple predictions expand to rows as `p[inverse[i]]`. */
  inverse: Float64Array
}

/** Groups identical customers into weighted unique triples: a fit on them with `weights` equals the fit on every row. */
export declare function compress(frequency: Numbers, recency: Numbers, T: Numbers): Compressed

/** Mean actual vs predicted holdout purchases by calibration frequency, from an `rfmSummary` made with `holdoutStart`. */
export declare function holdoutComparison(model: PurchaseModel, summary: Table | RfmSummary, options?: { maxFrequency?: number } | null): HoldoutRow[]

// ---------------------------------------------------------------- journeys

/** A duration: whole seconds, or text such as `"14d"`, `"36h"`, `"90m"`, `"45s"`, `"2w"`. */
export type Duration = number | string

/** A funnel step: an event name, an array of names (any of them, labelled `"a | b"`), or `{name, events}`. */
export type FunnelStepInput = string | ReadonlyArray<string> | { name: string; events?: ReadonlyArray<string> }

/** Step order of a funnel: other events may come between steps (`ordered`), none may (`strict`), or any order (`unordered`). */
export type FunnelOrder = 'ordered' | 'strict' | 'unordered'

/** Which event gives a customer's breakdown value: the entry (`first_touch`) or the last step reached (`last_touch`). */
export type FunnelTouch = 'first_touch' | 'last_touch'

/** Options of `funnelColumns` (the fast path on ids). */
export interface FunnelColumnsOptions {
  /** Conversion window from the entry, inclusive; default `"14d"`. */
  window?: Duration
  /** Step order; default `"ordered"`. */
  order?: FunnelOrder
  /** Events that void the customer's later steps from the point they occur. */
  exclusions?: ReadonlyArray<string> | null
  /** Which event gives the breakdown value; default `"first_touch"`. */
  touch?: FunnelTouch
}

/** Options of `funnel`. */
export interface FunnelOptions extends FunnelColumnsOptions {
  /** Column of customer ids; default `"customerId"`. */
  customer?: string
  /** Column of event times; default `"timestamp"`. */
  time?: string
  /** Column of event names; default `"event"`. */
  event?: string
  /** Column whose value splits the funnel into segments. */
  breakdown?: string | null
}

/** Counts and times of one funnel step (times in seconds). */
export interface FunnelStep {
  /** Step label. */
  step: string
  /** Customers who could take this step (those who reached the previous one). */
  entered: number
  /** Customers who reached this step. */
  converted: number
  /** `converted` ÷ customers who reached the first step; null when nobody did. */
  conversionFromFirst: number | null
  /** `converted` ÷ `entered`; null when nobody entered. */
  conversionFromPrevious: number | null
  /** Median seconds from the previous step among converted customers. */
  medianSecondsToConvert: number | null
  /** Mean seconds from the previous step among converted customers. */
  meanSecondsToConvert: number | null
  /** Median seconds from the first step among converted customers. */
  medianSecondsFromFirst: number | null
  /** Mean seconds from the first step among converted customers. */
  meanSecondsFromFirst: number | null
}

/** A funnel: all customers, and per breakdown value when a breakdown was given. */
export interface FunnelReport {
  /** Per-step counts over all customers. */
  steps: FunnelStep[]
  /** Per-step counts by breakdown value, sorted by value; empty without a breakdown. */
  segments: Array<{ value: string; steps: FunnelStep[] }>
}

/** Paths in: an array of paths (arrays of names), or an event table grouped into one path per customer in time order. */
export type PathsInput = ReadonlyArray<ReadonlyArray<string>> | Table

/** Columns of an event table read as paths. */
export interface PathColumns {
  /** Column of customer ids; default `"customerId"`. */
  customer?: string
  /** Column of event times; default `"timestamp"`. */
  time?: string
  /** Column of path items; default `"event"`. */
  event?: string
}

/** Options of `topPaths`. */
export interface TopPathsOptions extends PathColumns {
  /** How many paths; default 10. */
  k?: number
  /** Keep only the first items of each path. */
  maxLength?: number | null
  /** Merge runs of the same item (`web, web, email` → `web, email`). */
  collapseRepeats?: boolean
}

/** A distinct path and how many journeys followed it. */
export interface PathCount {
  /** The items of the path. */
  path: string[]
  /** Journeys that followed it. */
  count: number
  /** `count` ÷ all journeys. */
  share: number
}

/** Options of `transitions`. */
export interface TransitionsOptions extends PathColumns {
  /** What comes after (`"next"`, default) or before (`"previous"`) the item. */
  direction?: 'next' | 'previous'
}

/** One row of a transition table. */
export interface Transition {
  /** The neighbouring item, or `"(end)"` / `"(start)"`. */
  item: string
  /** Occurrences next to the anchor. */
  count: number
  /** `count` ÷ all occurrences of the anchor. */
  share: number
}

/** Options of `sankeyEdges`. */
export interface SankeyOptions extends PathColumns {
  /** Positions covered; default 3. */
  maxSteps?: number
}

/** One edge of a Sankey chart, from position `step` to `step + 1`. */
export interface SankeyEdge {
  /** Zero-based position of the source. */
  step: number
  /** Source item. */
  source: string
  /** Target item, or `"(end)"` where paths stop. */
  target: string
  /** Journeys along the edge. */
  count: number
}

/** Columns of a touchpoint table read as channel paths. */
export interface ChannelSwitchingOptions {
  /** Column of channels; default `"channel"`. */
  channel?: string
  /** Column of customer ids; default `"customerId"`. */
  customer?: string
  /** Column of times; default `"timestamp"`. */
  time?: string
}

/** How journeys move between channels. */
export interface ChannelSwitching {
  /** Journeys with at least one touch. */
  journeys: number
  /** Journeys that use more than one channel. */
  multiChannel: number
  /** `multiChannel` ÷ `journeys`. */
  multiChannelShare: number
  /** Consecutive touch pairs on different channels. */
  switches: number
  /** All consecutive touch pairs. */
  transitions: number
  /** Channels, sorted: the rows and columns of `matrix`. */
  channels: string[]
  /** `matrix[i][j]`: pairs from `channels[i]` to `channels[j]`. */
  matrix: number[][]
}

/** An attribution model. */
export type AttributionModelName = 'first_touch' | 'last_touch' | 'linear' | 'position_based' | 'time_decay' | 'markov' | 'shapley'

/** Options of `attribution`. */
export interface AttributionOptions {
  /** The model; default `"markov"`. */
  model?: AttributionModelName
  /** Markov chain order 1, 2 or 3; default 1. */
  order?: number
  /** Non-converting journeys per path (Markov). */
  nulls?: Numbers | null
  /** Conversion value per path. */
  values?: Numbers | null
  /** Time of each touch per path, non-decreasing, in the unit of `halfLife` (time decay). */
  times?: ReadonlyArray<Numbers> | null
  /** Position-based share of the first touch; default 0.4. */
  first?: number
  /** Position-based share of the last touch; default 0.4. */
  last?: number
  /** Time-decay half-life, in the unit of `times`; default 7. */
  halfLife?: number
}

/** Credit of one channel. */
export interface ChannelCredit {
  /** Channel name. */
  channel: string
  /** Conversions credited. */
  conversions: number
  /** Value credited; null without values. */
  value: number | null
  /** `conversions` ÷ total conversions. */
  share: number
  /** Markov removal effect; null for other models. */
  removalEffect: number | null
}

/** Conversions credited to channels. Keys of `credits`, `values`, `removalEffects` and `shares` are channel names as given. */
export interface Attribution {
  /** The model's name. */
  model: AttributionModelName
  /** Channel → conversions credited (sums to `totalConversions`). */
  credits: Record<string, number>
  /** Channel → value credited when values were given, else null. */
  values: Record<string, number> | null
  /** Channel → Markov removal effect (null for other models). */
  removalEffects: Record<string, number> | null
  /** Channel → share of the conversions. */
  shares: Record<string, number>
  /** Sum of conversions. */
  totalConversions: number
  /** Sum of values; null without values. */
  totalValue: number | null
  /** Markov: probability that a journey converts; null for other models. */
  conversionProbability: number | null
  /** One row per channel, sorted by name. */
  channels: ChannelCredit[]
}

/** Options of `responseTimes`. */
export interface ResponseTimesOptions {
  /** Column of channels; default `"channel"`. */
  channel?: string
  /** Column of opening times; default `"openedAt"`. */
  opened?: string
  /** Column of first-reply times (null: not answered); default `"firstReplyAt"`. */
  firstReply?: string
  /** Column of resolution times (null: not resolved); default `"resolvedAt"`; `null` for none. */
  resolved?: string | null
  /** End of observation; default the latest time in the data. */
  asOf?: TimeLike | null
  /** Percentiles to report, fractions in (0, 1); default `[0.5, 0.9, 0.95]`. */
  percentiles?: Numbers
  /** Reply target; default `"1h"`. */
  target?: Duration
  /** Business hours: seven `[openMinute, closeMinute]` pairs or null (closed), Monday first, local time. */
  schedule?: ReadonlyArray<readonly [number, number] | null> | null
  /** Local offset from UTC in minutes, for the schedule and the calendar day; default 0. */
  utcOffsetMinutes?: number
}

/** Reply-time summary of a group of requests (times in seconds). */
export interface ResponseTimes {
  /** Channel, or `"all"`. */
  channel: string
  /** Requests. */
  requests: number
  /** Requests with a first reply. */
  answered: number
  /** Requests without one (censored). */
  unanswered: number
  /** Kaplan–Meier median first-reply time. */
  medianSeconds: number | null
  /** Kaplan–Meier percentiles (`seconds` null when not reached). */
  percentiles: Array<{ p: number; seconds: number | null }>
  /** Mean first-reply time of answered requests. */
  meanAnsweredSeconds: number | null
  /** Share answered within the target, among requests whose outcome is known. */
  withinTargetShare: number | null
  /** Share answered on the calendar day they were opened. */
  sameDayShare: number | null
  /** Requests resolved. */
  resolved: number
  /** Kaplan–Meier median time to resolution. */
  medianResolutionSeconds: number | null
}

/** Overall and per-channel reply times. */
export interface SlaReport {
  /** All requests. */
  overall: ResponseTimes
  /** One row per channel, sorted by name. */
  byChannel: ResponseTimes[]
}

/** Column names of `cac`. */
export interface CacOptions {
  /** Column of channels; default `"channel"`. */
  channel?: string
  /** Column of period labels; default `"period"`. */
  period?: string
  /** Column of spend; default `"spend"`. */
  spend?: string
  /** Column of new customers; default `"newCustomers"`. */
  newCustomers?: string
}

/** Spend, new customers and CAC of one channel and period (or `"all"`). */
export interface CacRow {
  /** Channel, or `"all"`. */
  channel: string
  /** Period, or `"all"`. */
  period: string
  /** Spend. */
  spend: number
  /** New customers. */
  newCustomers: number
  /** `spend ÷ newCustomers`; null without customers. */
  cac: number | null
}

/** CAC per channel and period, per channel and overall. */
export interface CacReport {
  /** Per (channel, period), sorted. */
  rows: CacRow[]
  /** Per channel over all periods. */
  byChannel: CacRow[]
  /** Everything. */
  overall: CacRow
}

/** A conversion rate with its Wilson interval. */
export interface ConversionRate {
  /** Conversions. */
  conversions: number
  /** Visitors or recipients. */
  visitors: number
  /** `conversions ÷ visitors`. */
  rate: number
  /** Confidence level. */
  level: number
  /** Wilson score interval. */
  ci: Interval
}

/** CLV against CAC. */
export interface UnitEconomics {
  /** Customer acquisition cost. */
  cac: number
  /** Customer lifetime value. */
  clv: number
  /** `clv ÷ cac`. */
  clvToCac: number
  /** Periods of margin to earn back the CAC; null without a margin. */
  paybackPeriods: number | null
}

/** Conversion funnel over an event table: entered, converted, conversion rates and times per step (event times count in whole seconds, as in Python). */
export declare function funnel(events: Table, steps: ReadonlyArray<FunnelStepInput>, options?: FunnelOptions | null): FunnelReport
/** The funnel's fast path: whole-number ids sorted by customer then time, times in whole seconds; steps are ids or arrays of ids. */
export declare function funnelColumns(customers: Numbers, times: Numbers, events: Numbers, steps: ReadonlyArray<number | Numbers>, options?: (Omit<FunnelColumnsOptions, 'exclusions'> & { exclusions?: Numbers | null; breakdown?: Numbers | null }) | null): FunnelReport
/** The most frequent paths with counts and shares. */
export declare function topPaths(events: PathsInput, options?: TopPathsOptions | null): PathCount[]
/** What comes after (or before) every occurrence of `from`, by count. */
export declare function transitions(events: PathsInput, from: string, options?: TransitionsOptions | null): Transition[]
/** Sankey edges between consecutive positions of the paths. */
export declare function sankeyEdges(events: PathsInput, options?: SankeyOptions | null): SankeyEdge[]
/** Share of multi-channel journeys and the channel-to-channel switch matrix. */
export declare function channelSwitching(events: PathsInput, options?: ChannelSwitchingOptions | null): ChannelSwitching
/** Multi-touch attribution (rule-based, exact Markov removal effect, exact Shapley) of conversions to channels. */
export declare function attribution(paths: ReadonlyArray<ReadonlyArray<string>>, conversions: Numbers, options?: AttributionOptions | null): Attribution
/** First-reply times of support requests with unanswered ones censored, SLA shares, overall and by channel. */
export declare function responseTimes(requests: Table, options?: ResponseTimesOptions | null): SlaReport
/** CAC = spend ÷ new customers per channel and period, per channel and overall. */
export declare function cac(data: Table, options?: CacOptions | null): CacReport
/** Conversion rate with a Wilson score interval. */
export declare function conversionRate(conversions: number, visitors: number, options?: LevelOptions | null): ConversionRate
/** CLV:CAC ratio and CAC payback period. */
export declare function unitEconomics(cac: number, clv: number, options?: { marginPerPeriod?: number | null } | null): UnitEconomics

// ---------------------------------------------------------------- personalization

/** Options of `topCustomers`: give `k` or `share` (neither keeps everyone). */
export interface TopCustomersOptions {
  /** Keep the `k` highest-value customers. */
  k?: number | null
  /** Keep the fewest customers who hold at least this share (0 < share ≤ 1) of total value. */
  share?: number | null
  /** Customer ids aligned with `values`; the result then lists `ids` in rank order. */
  ids?: ReadonlyArray<string | number> | null
}

/** The best customers by value, highest first (ties in input order). */
export interface TopCustomers {
  /** Their ids, when the `ids` option was given. */
  ids?: string[]
  /** Their positions in `values`. */
  rows: number[]
  /** Their values. */
  values: number[]
  /** Each one's share of total value. */
  shares: number[]
  /** Share of total value held up to and including each one. */
  cumulativeShares: number[]
  /** Customers kept. */
  count: number
  /** Share of all customers they are. */
  customerShare: number
  /** Share of total value they hold. */
  valueShare: number
  /** Total value of all customers. */
  total: number
}

/** Lorenz curve and Gini coefficient of customer value. */
export interface ValueConcentration {
  /** Number of customers. */
  n: number
  /** Total value. */
  total: number
  /** Gini coefficient `Σᵢ (2i − n − 1)·x₍ᵢ₎ / (n·Σx)` over ascending values: 0 (equal) to `1 − 1/n`. */
  gini: number
  /** Lorenz x: share of customers `i/n`, poorest first. */
  populationShares: number[]
  /** Lorenz y: share of value held by the poorest `i` customers. */
  valueShares: number[]
}

/** Silhouette widths of a clustering (Rousseeuw 1987). */
export interface Silhouette {
  /** Mean width. */
  silhouette: number
  /** Width of each row, `(b − a) / max(a, b)`. */
  samples: number[]
}

/** Options of `personas`. */
export interface PersonasOptions {
  /** Feature columns; default every column but `id`. */
  columns?: ReadonlyArray<string> | null
  /** Id column, left out of the features; default `"customerId"`. */
  id?: string | null
  /** A fixed number of clusters (2 ≤ k < customers); default: chosen by silhouette. */
  k?: number | null
  /** Smallest and largest k tried; default `[2, 8]`. */
  kRange?: readonly [number, number] | null
  /** Seed of the k-means++ draws (the same labels in every language); default 0. */
  seed?: number | null
  /** k-means++ seedings per k; default 10. */
  nInit?: number | null
  /** Lloyd iterations per seeding; default 300. */
  maxIterations?: number | null
  /** Silhouettes are averaged over at most this many customers (a seeded sample); default 3000. */
  silhouetteSample?: number | null
}

/** One persona: a cluster described by its size and feature means. */
export interface PersonaProfile {
  /** Cluster number (0 is the largest). */
  cluster: number
  /** Customers in it. */
  size: number
  /** Share of all customers. */
  share: number
  /** Mean of each feature in its own units. */
  means: number[]
  /** Those means in standard deviations from the overall mean. */
  zScores: number[]
  /** Features with |z| ≥ 0.5, most distinctive first. */
  distinguishing: string[]
  /** The profile in plain words, e.g. `"high frequency, low monetary"`. */
  description: string
}

/** Silhouette and within-cluster sum of squares of one k tried. */
export interface PersonaKScore {
  /** Number of clusters. */
  k: number
  /** Mean silhouette width. */
  silhouette: number
  /** Within-cluster sum of squares (standardized units). */
  inertia: number
}

/** Customers grouped into personas. */
export interface Personas {
  /** Number of clusters used. */
  k: number
  /** Persona of each row (0 = largest). */
  labels: number[]
  /** One profile per persona. */
  profiles: PersonaProfile[]
  /** Mean silhouette width of the clustering kept. */
  silhouette: number
  /** Every k tried. */
  scores: PersonaKScore[]
  /** Feature names in column order. */
  featureNames: string[]
  /** Means and scales used to standardize the features. */
  standardizer: { means: number[]; scales: number[] }
  /** Cluster centres in standardized units, row-major. */
  centroids: number[]
}

/** Options of `lookalike`. */
export interface LookalikeOptions {
  /** `"classifier"` (churn classifier with the seeds as positives; default) or `"centroid"` (1 / (1 + standardized distance to the seeds' mean)). */
  method?: 'classifier' | 'centroid' | null
  /** Id column; default `"customerId"`. */
  id?: string | null
  /** Feature columns; default every column but `id`. */
  columns?: ReadonlyArray<string> | null
}

/** One customer scored by similarity to the seed set. */
export interface Lookalike {
  /** Customer id. */
  id: string
  /** Row in the feature table. */
  row: number
  /** Similarity, higher is closer (0..1). */
  score: number
}

/** Ranks customers by value and keeps the top `k` or the top `share` of value. */
export declare function topCustomers(values: Numbers, options?: TopCustomersOptions | null): TopCustomers
/** Gini coefficient and Lorenz curve of non-negative customer values. */
export declare function valueConcentration(values: Numbers): ValueConcentration
/** Silhouette widths of rows `x` clustered by `labels`. */
export declare function silhouette(x: Matrix, labels: Numbers, options?: { nFeatures?: number | null } | null): Silhouette
/** Personas: k-means with k-means++ seeding on standardized features, k by silhouette, a profile per cluster. */
export declare function personas(features: Table, options?: PersonasOptions | null): Personas
/** Every customer outside `seedIds`, ranked by similarity to them. */
export declare function lookalike(features: Table, seedIds: ReadonlyArray<string | number>, options?: LookalikeOptions | null): Lookalike[]
// ---------------------------------------------------------------- next best offer and feedback

/** Columns of a transactions table read as baskets. */
export interface BasketColumns {
  /** Column of customer ids; default `"customerId"`. */
  customer?: string
  /** Column of product names; default `"product"`. */
  product?: string
}

/** Thresholds of association rules. */
export interface RuleOptions extends BasketColumns {
  /** Smallest support, in (0, 1]; default 0.01. */
  minSupport?: number
  /** Smallest confidence, in [0, 1]; default 0.1. */
  minConfidence?: number
}

/** Options of `recommend`. */
export interface RecommendOptions extends RuleOptions {
  /** Offers per customer, at least 1; default 5. */
  k?: number
}

/** Two products bought by the same customers. */
export interface CoOccurrence {
  /** First product (the smaller name). */
  productA: string
  /** Second product. */
  productB: string
  /** Baskets holding both. */
  count: number
  /** `count ÷ baskets`. */
  support: number
}

/** A rule "customers who bought `antecedent` also bought `consequent`". */
export interface AssociationRule {
  /** The product bought. */
  antecedent: string
  /** The product it predicts. */
  consequent: string
  /** Baskets holding both. */
  count: number
  /** `count ÷ baskets`. */
  support: number
  /** P(consequent | antecedent). */
  confidence: number
  /** Confidence ÷ the consequent's support. */
  lift: number
  /** Share of baskets holding the antecedent. */
  antecedentSupport: number
  /** Share of baskets holding the consequent. */
  consequentSupport: number
}

/** One offer for one customer. */
export interface Recommendation {
  /** The customer. */
  customer: string
  /** 1 for the best offer. */
  rank: number
  /** The product offered (never one the customer bought). */
  product: string
  /** Confidence of the best rule, or the product's support for a popular offer. */
  score: number
  /** Lift of that rule; null for a popular offer. */
  lift: number | null
  /** The bought product the rule starts from; null for a popular offer. */
  because: string | null
  /** Where the offer comes from. */
  source: 'rule' | 'popular'
}

/** VADER-style scores of one text. */
export interface SentimentScore {
  /** Normalised sum of valences, −1 to 1. */
  compound: number
  /** Positive share of the text. */
  pos: number
  /** Neutral share. */
  neu: number
  /** Negative share. */
  neg: number
  /** Positive (compound ≥ 0.05), negative (≤ −0.05) or neutral. */
  label: 'positive' | 'neutral' | 'negative'
}

/** Sentiment of a segment or period. */
export interface GroupSentiment {
  /** Segment name, or the first day of the period (`YYYY-MM-DD`). */
  group: string
  /** Texts in the group. */
  n: number
  /** Mean compound score. */
  meanCompound: number
  /** Share labelled positive. */
  positive: number
  /** Share labelled neutral. */
  neutral: number
  /** Share labelled negative. */
  negative: number
}

/** Options of `feedbackThemes`. */
export interface ThemeOptions {
  /** Comments at or below this compound score are negative; default −0.05. */
  threshold?: number
  /** Themes of each kind; default 10. */
  top?: number
  /** Leave out terms mentioned by fewer comments; default 1. */
  minComments?: number
}

/** A word or phrase of negative comments. */
export interface Theme {
  /** One word or a two-word phrase. */
  kind: 'word' | 'phrase'
  /** The term, lower case. */
  term: string
  /** Negative comments that mention it. */
  comments: number
  /** `comments ÷` negative comments. */
  share: number
}

/** The themes of negative feedback. */
export interface FeedbackThemes {
  /** Comments scored. */
  comments: number
  /** Comments at or below the threshold. */
  negative: number
  /** The top words, then the top phrases, by comments then term. */
  themes: Theme[]
}

/** Item-to-item co-occurrence: every pair of products bought by a common customer, by count. */
export declare function coOccurrence(transactions: Table, options?: BasketColumns | null): CoOccurrence[]
/** Single-item association rules (support, confidence, lift) over customer baskets, by lift. */
export declare function associationRules(transactions: Table, options?: RuleOptions | null): AssociationRule[]
/** Up to `k` offers per customer from association rules, then popularity; never a product the customer bought. */
export declare function recommend(transactions: Table, customerIds: ReadonlyArray<string>, options?: RecommendOptions | null): Recommendation[]
/** VADER-style sentiment of each text: compound and positive/neutral/negative shares. */
export declare function sentiment(texts: ReadonlyArray<string>): SentimentScore[]
/** Sentiment per segment, by segment name. */
export declare function sentimentBySegment(texts: ReadonlyArray<string>, segments: ReadonlyArray<string>): GroupSentiment[]
/** Sentiment per calendar period, in time order. */
export declare function sentimentTrend(texts: ReadonlyArray<string>, timestamps: ReadonlyArray<TimeLike> | Float64Array, options?: { freq?: Freq | null } | null): GroupSentiment[]
/** The most frequent words and two-word phrases among negative comments, stop words removed. */
export declare function feedbackThemes(texts: ReadonlyArray<string>, options?: ThemeOptions | null): FeedbackThemes

/**
 * Which binding artifact the generated loader actually loaded: `'native'` for
 * a native addon, otherwise the `platformArchABI` of the WASI flavor. Every
 * flavor napi-rs can build is listed, because `NAPI_RS_NATIVE_LIBRARY_PATH`
 * can point the loader at a WASI artifact this package does not build itself.
 */
export declare const __napiBindingTarget: 'native' | 'wasm32-wasi' | 'wasm32-wasip1'

export declare class BgBb {}

export declare class BgNbd {}

export declare class ChurnClassifier {}

export declare class CovariateModel {}

export declare class GammaGamma {}

export declare class GgNbd {}

export declare class KaplanMeier {}

export declare class MbgNbd {}

/**
 * Counts of promoters, passives and detractors: count shards apart, `merge`, then `result`.
 * `JSON.stringify` gives its portable document; `NpsTally.fromJSON` reads it back.
 */
export declare class NpsTally {
  /** An empty tally. */
  constructor()
  /**
   * Counts whole-number answers 0–10 (`Uint8Array` on the byte fast path). On a bad
   * answer nothing is added and the error names its index and value.
   */
  add(scores: ReadonlyArray<number> | Float64Array | Uint8Array): void
  /** Adds another tally's counts (an `NpsTally` or its JSON). */
  merge(other: NpsTally | NpsTallyJson): void
  /** Answers of 9 or 10. */
  get promoters(): number
  /** Answers of 7 or 8. */
  get passives(): number
  /** Answers of 0 to 6. */
  get detractors(): number
  /** Number of answers counted. */
  get n(): number
  /** NPS with its interval; `CX_EMPTY` on an empty tally. */
  result(options?: IntervalOptions | null): NpsResult
  /**
   * The tally's portable document (`format_version`, `model: "nps_tally"` and the three
   * counts, in the key order of the other languages), for `JSON.stringify`.
   */
  toJSON(): NpsTallyJson
  /**
   * A tally from its document (e.g. `JSON.parse` of a stored tally) or the plain
   * `{promoters, passives, detractors}` of older versions; a newer `format_version` or
   * another `model` is refused.
   */
  static fromJSON(json: NpsTallyJson | NpsTally): NpsTally
}

export declare class ParetoNbd {}

export declare class ParetoNbdCor {}

export declare class ParetoNbdDynamic {}

export declare class ShiftedBetaGeometric {}

/**
 * Customer effort score: mean of `1..=scale` answers (default 7) with a Student-t interval,
 * and the share on the easy side of the midpoint.
 */
export declare function ces(scores: ReadonlyArray<number> | Float64Array | Uint8Array, options?: CesOptions | null): CesResult

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

/**
 * Difference between the NPS of two independent groups, `NPS(a) − NPS(b)`, with a z test
 * and interval. Each group is an array of scores or an `NpsTally` (or its JSON).
 */
export declare function compareNps(a: ReadonlyArray<number> | Float64Array | Uint8Array | NpsTally | NpsTallyJson, b: ReadonlyArray<number> | Float64Array | Uint8Array | NpsTally | NpsTallyJson, options?: IntervalOptions | null): NpsComparison

/**
 * Customer satisfaction: percent of answers in the top `topBox` of `1..=scale` (default
 * top-2 of 5) with a Wilson score interval.
 */
export declare function csat(scores: ReadonlyArray<number> | Float64Array | Uint8Array, options?: CsatOptions | null): CsatResult

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

/**
 * Net Promoter Score of whole-number answers 0–10: % promoters (9–10) − % detractors (0–6),
 * with a Wald or adjusted-Wald (Rocks 2016) interval; weights use the Kish effective n.
 * A `Uint8Array` is counted on the byte fast path.
 */
export declare function nps(scores: ReadonlyArray<number> | Float64Array | Uint8Array, options?: NpsOptions | null): NpsResult

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
