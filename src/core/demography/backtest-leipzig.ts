// The Leipzig backtest of issue 14: launch 2012 → 2020 and 2024, launch 2018 → 2020 and 2024 (the
// horizon of the state office's 7th RBV), launch 2022 → 2023 and 2024 (the city's 2023 edition);
// against the naive baselines and every published forecast whose target year has an actual.
// Published forecasts are compared on their own basis: register forecasts with the register;
// official-basis forecasts (state office, Wegweiser) only with a warning, and additionally against
// the register actual scaled by the one known official/register ratio (31.12.2018: 587,857 /
// 596,517), which is an approximation and says so.
import { bandMiss, percentageError } from './forecast-errors.ts';
import { runBacktest, type BacktestResult, type BroadGroupsByYear } from './backtest.ts';
import type { YearSeries } from './series.ts';
import type { AreaHistory } from './small-area.ts';

import { basisMismatch, comparisonWarnings, type Basis, type BasisWarning } from './basis.ts';

export type { Basis };

export interface PublishedForecast {
  edition: number;
  publisher: string;
  basis: Basis;
  variant: string;
  targetYear: number;
  population: number;
}

export interface LeipzigBacktestData {
  /** City totals, register basis. */
  city: YearSeries;
  /** Ortsteile, register basis. */
  areas: AreaHistory[];
  broadGroups?: ReadonlyMap<string, ReadonlyMap<number, BroadGroupsByYear>>;
  published: PublishedForecast[];
  /** One year where both counts are known, to bridge the bases approximately. */
  basisBridge?: { year: number; official: number; register: number };
  /** Basis of the actuals (default: the register, as Leipzig's Ortsteil series). */
  actualBasis?: Basis;
}

/** The method chosen for the city (see the report in the test): the trend average. */
export const CHOSEN_CITY_METHOD = 'trend average (LINE+EXPO, 1/2/3/5/10 years)';

/** The Ortsteil method reported per area: best MAPE at 8 and 12 years (in-sample choice, see report). */
export const CHOSEN_AREA_METHOD = 'constant share, controlled';

export const LEIPZIG_RUNS = [
  { launchYear: 2012, targets: [2020, 2024] },
  { launchYear: 2018, targets: [2020, 2024] },
  { launchYear: 2022, targets: [2023, 2024] },
];

/** Data cut-off (launch year) of each published edition, as far as the publications say. */
export function launchYearOf(f: PublishedForecast): number {
  if (f.publisher.includes('Wegweiser')) return 2012;
  if (f.publisher.includes('RBV')) return 2018;
  return f.edition - 1;
}

export interface PublishedComparison extends PublishedForecast {
  launchYear: number;
  horizon: number;
  actualRegister: number;
  /** PE against the register actual (across bases when basis is official: see warning). */
  pe: number;
  /** Official basis only: PE against the register actual × official/register of the bridge year. */
  peBridged?: number;
  /** Register band forecasts: distance from the band in % of the missed bound (0 inside). */
  bandMiss?: number;
  warning?: BasisWarning;
  /** Our chosen method from the same launch year for the same target, when the backtest ran it. */
  ours?: { method: string; pe: number; beats: boolean };
}

export interface LeipzigBacktest extends BacktestResult {
  published: PublishedComparison[];
  /** Published forecasts whose target year has no actual yet. */
  notYetCheckable: PublishedForecast[];
  /** One BASIS_MISMATCH per published series compared with actuals of another basis. */
  warnings: BasisWarning[];
}

export function backtestLeipzig(data: LeipzigBacktestData): LeipzigBacktest {
  const result = runBacktest({ city: data.city, areas: data.areas, broadGroups: data.broadGroups, runs: LEIPZIG_RUNS });
  const published: PublishedComparison[] = [];
  const notYetCheckable: PublishedForecast[] = [];
  const bridge = data.basisBridge ? data.basisBridge.official / data.basisBridge.register : undefined;
  const actualBasis = data.actualBasis ?? 'register';
  for (const f of data.published) {
    const actual = data.city.get(f.targetYear);
    if (actual === undefined) {
      notYetCheckable.push(f);
      continue;
    }
    const launchYear = launchYearOf(f);
    const c: PublishedComparison = { ...f, launchYear, horizon: f.targetYear - launchYear, actualRegister: actual, pe: percentageError(f.population, actual) };
    const w = basisMismatch(f.basis, actualBasis, undefined, data.basisBridge);
    if (w) {
      c.warning = w;
      // Bridged: the actual carried over to the forecast's basis by the ratio of the bridge year.
      if (bridge) c.peBridged = percentageError(f.population, f.basis === 'official' ? actual * bridge : actual / bridge);
    }
    if (f.basis === 'register' && (f.variant === 'lower' || f.variant === 'upper')) {
      const other = data.published.find((g) => g.edition === f.edition && g.publisher === f.publisher && g.targetYear === f.targetYear && g.variant === (f.variant === 'lower' ? 'upper' : 'lower'));
      if (other) {
        const lo = Math.min(f.population, other.population);
        const hi = Math.max(f.population, other.population);
        c.bandMiss = bandMiss(lo, hi, actual);
      }
    }
    const mine = result.city.find((e) => e.method === CHOSEN_CITY_METHOD && e.launchYear === launchYear && e.target === f.targetYear);
    // Official-basis forecasts are judged by their bridged error (their own basis, approximately).
    if (mine) c.ours = { method: mine.method, pe: mine.pe, beats: Math.abs(mine.pe) < Math.abs(c.peBridged ?? c.pe) };
    published.push(c);
  }
  const warnings = comparisonWarnings(published.map((p) => ({ name: `${p.publisher} ${p.edition} ${p.variant}`, basis: p.basis })), actualBasis, data.basisBridge);
  return { ...result, published, notYetCheckable, warnings };
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)} %`;

/** Plain text table of the results (for test logs and the closing note). */
export function formatBacktest(r: LeipzigBacktest): string {
  const lines: string[] = ['City (register): method | launch → target (h) | forecast | actual | PE'];
  for (const e of r.city) lines.push(`${e.method} | ${e.launchYear} → ${e.target} (${e.horizon}) | ${Math.round(e.forecast)} | ${e.actual} | ${pct(e.pe)}`);
  lines.push('', 'Ortsteile: method | launch → target (h) | n | MAPE | MALPE | MedAPE | max APE');
  for (const e of r.areas) lines.push(`${e.method} | ${e.launchYear} → ${e.target} (${e.horizon}) | ${e.summary.n} | ${e.summary.mape.toFixed(2)} | ${pct(e.summary.malpe)} | ${e.summary.medape.toFixed(2)} | ${e.summary.maxApe.toFixed(1)}`);
  lines.push('', 'Published: edition publisher variant | basis | launch → target (h) | value | register actual | PE | bridged PE | band miss | warning | ours (PE, beats?)');
  for (const p of r.published) {
    lines.push(`${p.edition} ${p.publisher} ${p.variant} | ${p.basis} | ${p.launchYear} → ${p.targetYear} (${p.horizon}) | ${p.population} | ${p.actualRegister} | ${pct(p.pe)} | ${p.peBridged === undefined ? '' : pct(p.peBridged)} | ${p.bandMiss === undefined ? '' : pct(p.bandMiss)} | ${p.warning?.code ?? ''} | ${p.ours ? `${pct(p.ours.pe)} ${p.ours.beats ? 'yes' : 'no'}` : ''}`);
  }
  const chosen = r.areas.filter((e) => e.method === CHOSEN_AREA_METHOD);
  if (chosen.length) {
    lines.push('', `Per Ortsteil, ${CHOSEN_AREA_METHOD}: PE by launch → target`, ['Ortsteil', ...chosen.map((e) => `${e.launchYear}→${e.target}`)].join(' | '));
    for (const { id } of chosen[0].perArea) lines.push([id, ...chosen.map((e) => { const p = e.perArea.find((x) => x.id === id); return p ? pct(p.pe) : ''; })].join(' | '));
  }
  if (r.warnings?.length) lines.push('', ...r.warnings.map((w) => `${w.code}: ${w.de} / ${w.en}`));
  return lines.join('\n');
}
