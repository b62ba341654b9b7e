// Expected versus observed uptake given each area's age mix: indirect standardisation.
//   E_i = Σ_a r_a · P_ia, with r_a the city (reference) uptake rate in age band a;
//   SUR_i = O_i / E_i, the standardised uptake ratio (1 = as many as the city's rates predict);
//   interval: Byar's limits for the observed count O_i divided by E_i, E treated as fixed — the
//   method for standardised ratios in Breslow & Day (Statistical Methods in Cancer Research II,
//   IARC 1987) and the Public Health England "Technical Guide: Confidence Intervals" (2018), whose
//   limits for an indirectly standardised ratio are exactly these (also in src/core/uncertainty.ts).
// With the city's own rates as reference, Σ_i E_i = Σ_i O_i: the city as a whole has SUR = 1.
import { LernortError } from '../errors.ts';
import { byarInterval, Z95 } from '../uncertainty.ts';
import type { Comparison, Interval } from '../uncertainty.ts';

export interface BandCount {
  band: string;
  participants: number;
  population: number;
}

export interface AreaBands {
  areaId: string;
  bands: readonly BandCount[];
}

export interface StandardisedUptake {
  areaId: string;
  observed: number;
  expected: number;
  /** O/E; null when nothing is expected (no population in any band with a reference rate). */
  ratio: number | null;
  interval: Interval | null;
  /** better: significantly more uptake than the age mix predicts (interval above 1); worse: below. */
  comparison: Comparison | null;
}

/** City rate per age band: Σ participants / Σ population over the areas (aggregated, not averaged). */
export function referenceRates(areas: readonly AreaBands[]): Map<string, number> {
  const num = new Map<string, number>();
  const den = new Map<string, number>();
  for (const a of areas)
    for (const b of a.bands) {
      num.set(b.band, (num.get(b.band) ?? 0) + b.participants);
      den.set(b.band, (den.get(b.band) ?? 0) + b.population);
    }
  const rates = new Map<string, number>();
  for (const [band, d] of den) if (d > 0) rates.set(band, num.get(band)! / d);
  return rates;
}

export function standardisedUptake(areas: readonly AreaBands[], opts: { reference?: ReadonlyMap<string, number>; z?: number } = {}): StandardisedUptake[] {
  const reference = opts.reference ?? referenceRates(areas);
  const z = opts.z ?? Z95;
  return areas.map((a) => {
    let observed = 0;
    let expected = 0;
    for (const b of a.bands) {
      const r = reference.get(b.band);
      if (r === undefined && b.population > 0)
        throw new LernortError(
          'AGE_BAND_NO_REFERENCE',
          `Für die Altersgruppe „${b.band}“ (Gebiet ${a.areaId}) gibt es keine Referenzrate der Stadt.`,
          `There is no city reference rate for the age band "${b.band}" (area ${a.areaId}).`,
          { location: { field: b.band } },
        );
      observed += b.participants;
      expected += (r ?? 0) * b.population;
    }
    if (!(expected > 0)) return { areaId: a.areaId, observed, expected, ratio: null, interval: null, comparison: null };
    const byar = byarInterval(observed, z);
    const interval = { lower: byar.lower / expected, upper: byar.upper / expected };
    const comparison: Comparison = interval.lower > 1 ? 'better' : interval.upper < 1 ? 'worse' : 'similar';
    return { areaId: a.areaId, observed, expected, ratio: observed / expected, interval, comparison };
  });
}
