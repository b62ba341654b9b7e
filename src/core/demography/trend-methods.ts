// Named extrapolation methods for one total (a city, or an area without age data), each using only
// the years up to the launch year. "trend-average" combines LINE and EXPO over base periods of
// 1, 2, 3, 5 and 10 years with equal weights: averaging forecasts of different methods and base
// periods is one of the few robust findings of the forecast-accuracy literature (Armstrong 2001,
// "Combining forecasts"; Smith, Tayman & Swanson 2013, ch. 13, on averages of extrapolations).
import { valueAt, type YearSeries } from './series.ts';
import { exponentialTrend, linearTrend, regressionTrend } from './trend-share.ts';

export type TrendMethod = (history: YearSeries, launchYear: number, target: number) => number;

const points = (h: YearSeries, launchYear: number, k: number) => ({
  baseYear: launchYear - k,
  base: valueAt(h, launchYear - k, `base year ${launchYear - k}`),
  launchYear,
  launch: valueAt(h, launchYear, `launch year ${launchYear}`),
});

export const linearOver = (k: number): TrendMethod => (h, l, t) => linearTrend(points(h, l, k), t);
export const exponentialOver = (k: number): TrendMethod => (h, l, t) => exponentialTrend(points(h, l, k), t);
export const constantLast: TrendMethod = (h, l) => valueAt(h, l, `launch year ${l}`);
export const regressionOver = (k: number): TrendMethod => (h, l, t) => {
  const years = Array.from({ length: k + 1 }, (_, i) => l - k + i);
  return regressionTrend(years, years.map((y) => valueAt(h, y, `year ${y}`)), t);
};

export const AVERAGE_BASE_PERIODS = [1, 2, 3, 5, 10] as const;

/** Over the base periods the history has (a short series, e.g. Flensburg from 2011, drops 10 years); at least one. */
export const trendAverage: TrendMethod = (h, l, t) => {
  const ks = AVERAGE_BASE_PERIODS.filter((k) => h.has(l - k));
  const fs = (ks.length ? ks : [1]).flatMap((k) => [linearOver(k)(h, l, t), exponentialOver(k)(h, l, t)]);
  return fs.reduce((s, x) => s + x, 0) / fs.length;
};

/** The methods a backtest tries, by name; the first two are the naive baselines. */
export const TREND_METHODS: ReadonlyArray<[name: string, method: TrendMethod]> = [
  ['naive: constant (last observed)', constantLast],
  ['naive: linear, last 5 years', linearOver(5)],
  ['linear, last 2 years', linearOver(2)],
  ['linear, last 10 years', linearOver(10)],
  ['exponential, last 5 years', exponentialOver(5)],
  ['OLS line, last 5 years', regressionOver(5)],
  ['trend average (LINE+EXPO, 1/2/3/5/10 years)', trendAverage],
];
