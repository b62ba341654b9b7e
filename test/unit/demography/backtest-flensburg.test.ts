// The backtest on Flensburg (Sozialatlas 2022): residents per Stadtteil in 2011 and 2017–2021 only,
// so the 13-year Leipzig design cannot run. The runs the data allow: launch 2017 (base from
// 2011, the years 2012–2016 filled linearly between 2011 and 2017 — only data up to the launch) with
// targets 2018–2021 (horizons 1–4), and launch 2019 with targets 2020, 2021. Nothing Leipzig-specific.
import { describe, expect, it } from 'vitest';
import { backtestRunsFor, runBacktest } from '../../../src/core/demography/backtest.ts';
import { CHOSEN_AREA_METHOD, CHOSEN_CITY_METHOD } from '../../../src/core/demography/backtest-leipzig.ts';
import { interpolateGaps } from '../../../src/core/demography/series.ts';
import { loadFlensburg } from './flensburg-data.ts';

describe('Flensburg backtest (horizon the data allow)', () => {
  const f = loadFlensburg();
  const runs = backtestRunsFor([...f.city.keys()]);

  it('chooses launch 2017 → 2018…2021 (longest horizon 4 years) and 2019 → 2020, 2021', () => {
    expect(runs).toEqual([{ launchYear: 2017, targets: [2018, 2019, 2020, 2021] }, { launchYear: 2019, targets: [2020, 2021] }]);
    expect(backtestRunsFor([2011, 2013])).toEqual([]);
  });

  it('records the errors of the chosen methods and the naive baselines (city PE, Stadtteile MAPE/MALPE)', () => {
    const r = runBacktest({ city: interpolateGaps(f.city).values, areas: f.areas.map((a) => ({ id: a.id, values: interpolateGaps(a.total).values })), runs });
    const city = (m: string, l: number, t: number) => r.city.find((e) => e.method === m && e.launchYear === l && e.target === t)!;
    const areas = (m: string, l: number, t: number) => r.areas.find((e) => e.method === m && e.launchYear === l && e.target === t)!;
    const rows = runs.flatMap((run) => run.targets.map((t) => ({
      run: `${run.launchYear}→${t}`,
      cityChosen: city(CHOSEN_CITY_METHOD, run.launchYear, t).pe, cityNaive: city('naive: constant (last observed)', run.launchYear, t).pe,
      mape: areas(CHOSEN_AREA_METHOD, run.launchYear, t).summary.mape, malpe: areas(CHOSEN_AREA_METHOD, run.launchYear, t).summary.malpe,
      naiveMape: areas('naive: constant (last observed)', run.launchYear, t).summary.mape,
    })));
    console.log(rows.map((x) => `${x.run}: city ${x.cityChosen.toFixed(4)} % (naive ${x.cityNaive.toFixed(4)} %), Stadtteile MAPE ${x.mape.toFixed(4)} / MALPE ${x.malpe.toFixed(2)} (naive MAPE ${x.naiveMape.toFixed(4)})`).join('\n'));
    // 13 Stadtteile in every comparison; the 10-year base periods are left out (not in the data).
    expect(areas(CHOSEN_AREA_METHOD, 2017, 2021).summary.n).toBe(13);
    expect(r.city.some((e) => e.method === 'linear, last 10 years')).toBe(false);
    const h4 = rows.find((x) => x.run === '2017→2021')!;
    expect(h4.cityChosen).toBeCloseTo(FIGURES.city2017to2021, 2);
    expect(h4.cityNaive).toBeCloseTo(FIGURES.naive2017to2021, 2);
    expect(h4.mape).toBeCloseTo(FIGURES.mape2017to2021, 2);
    expect(h4.naiveMape).toBeCloseTo(FIGURES.naiveMape2017to2021, 2);
  });
});

// Measured on the shared data (recorded in docs/demography.md).
const FIGURES = { city2017to2021: 1.6852, naive2017to2021: -2.4786, mape2017to2021: 3.4912, naiveMape2017to2021: 3.0476 };
