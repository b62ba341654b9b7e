// Demography (METHODS.md §9): the entry point a service imports. Each method lives in its own file.
export { project, projectStep, type BySex, type CohortComponentResult, type CohortComponentStep } from './cohort-component.ts';
export { cohortChangeRatios, hamiltonPerry, hamiltonPerryStep, type HamiltonPerryInput, type HamiltonPerryRatios } from './hamilton-perry.ts';
export { constantShare, exponentialTrend, linearTrend, regressionTrend, relativeChange, shareOfGrowth, shiftShare, type TwoPoints } from './trend-share.ts';
export { constantLast, exponentialOver, linearOver, regressionOver, trendAverage, TREND_METHODS, type TrendMethod } from './trend-methods.ts';
export { controlToTotal, rake, roundToTotal, type ControlResult, type RakeResult } from './control.ts';
export { checkHorizon, DEFAULT_HORIZON, DEFAULT_SCENARIOS, projectScenarios, projectTotal, TREND_AVERAGE_SCENARIOS, type Scenario } from './scenarios.ts';
export { valueAt, type YearSeries } from './series.ts';
export { projectSmallAreas, type AreaHistory, type AreaMethod, type SmallAreaInput, type SmallAreaResult } from './small-area.ts';
export { projectAreasByScenario, relativeDevelopment, type AreaProjectionInput, type ScenarioProjection } from './area-projection.ts';
export { deriveBroadAgeGroups, type BroadGroups, type BroadGroupsInput } from './broad-age-groups.ts';
export { bandMiss, percentageError, summarizeErrors, type ErrorSummary } from './forecast-errors.ts';
export { AREA_METHODS, backtestRunsFor, runBacktest, type BacktestInput, type BacktestResult } from './backtest.ts';
export { backtestLeipzig, CHOSEN_AREA_METHOD, CHOSEN_CITY_METHOD, formatBacktest, LEIPZIG_RUNS, type LeipzigBacktest, type LeipzigBacktestData, type PublishedForecast } from './backtest-leipzig.ts';
export { typology, type ClusterProfile, type TypologyInput, type TypologyResult } from './typology.ts';
export { projectTargetGroups, sumTargetGroups, uniformSplit, type TargetAreaInput, type TargetAreaResult, type TargetBandInput, type TargetBandResult } from './target-groups.ts';
export { basisMismatch, comparisonWarnings, type Basis, type BasisWarning } from './basis.ts';
