// ES module entry of cxkit: napi's generated loader (index.js) is CommonJS, and Node's
// CommonJS export detection cannot see the functions it registers at load time, so
// `import { kaplanMeier } from 'cxkit'` needs this re-export. Keep the list equal to the
// addon's exports: tests/js/pack/pack.test.mjs compares it with require('cxkit').
import cx from './index.js'

export default cx

export const {
  BgBb, BgNbd, ChurnClassifier, GammaGamma, KaplanMeier, MbgNbd, NpsTally, ParetoNbd,
  ShiftedBetaGeometric,
  attribution, cac, ces, channelSwitching, churnMetrics, churnRate, cohortTable, compareNps, compress,
  conversionRate, csat, customerView, funnel, funnelColumns, holdoutComparison, kaplanMeier,
  kaplanMeierBySegment, lifecycle, logrankTest, nps, npsBySegment, npsTrend, periodRates,
  responseTimes, retentionRate, rfmScores, rfmSummary, sankeyEdges, timeToRepeat, topPaths,
  transitions, unitEconomics,
} = cx
