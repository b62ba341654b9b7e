// Forecast error measures of the population-projection literature (Smith & Sincich 1992; Smith,
// Tayman & Swanson 2013, ch. 13; Rayer 2008):
//   PE   = 100·(F − A)/A                 signed percentage error (positive: forecast too high)
//   APE  = |PE|
//   MAPE = mean APE  (precision)          MALPE = mean PE (bias; "mean algebraic percentage error")
// Plus the median APE (robust to a few tiny areas with huge percentages) and the largest APE.

export interface ErrorSummary {
  n: number;
  mape: number;
  malpe: number;
  medape: number;
  maxApe: number;
}

export function percentageError(forecast: number, actual: number): number {
  return (100 * (forecast - actual)) / actual;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Summary of signed percentage errors; areas with actual 0 must be left out by the caller. */
export function summarizeErrors(pes: number[]): ErrorSummary {
  if (pes.length === 0) return { n: 0, mape: Number.NaN, malpe: Number.NaN, medape: Number.NaN, maxApe: Number.NaN };
  const apes = pes.map(Math.abs);
  return {
    n: pes.length,
    mape: apes.reduce((s, x) => s + x, 0) / apes.length,
    malpe: pes.reduce((s, x) => s + x, 0) / pes.length,
    medape: median(apes),
    maxApe: Math.max(...apes),
  };
}

/**
 * Distance of an actual value from a published band [lower, upper] in per cent of the bound it
 * missed (positive above the upper bound, negative below the lower, 0 inside).
 */
export function bandMiss(lower: number, upper: number, actual: number): number {
  if (actual > upper) return percentageError(actual, upper);
  if (actual < lower) return percentageError(actual, lower);
  return 0;
}
