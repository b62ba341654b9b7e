// Plausibility of imported series (issue 19 §3): a period in which every area of a layer has the
// value 0 is not a city without long-term unemployed (Leipzig 2018/19) but a gap in the source
// filled with zeros. Such a series is kept, but flagged: in the import report (a warning with file
// and field), in the map legend and in the area profile. Pure functions, no database.
import type { Problem } from './errors.ts';

export type Implausibility = 'all-zero';

/** Fewer areas than this prove nothing: one area with 0 is an ordinary value. */
export const MIN_AREAS = 2;

/** 'all-zero' when at least MIN_AREAS values are present and every one of them is exactly 0. */
export function implausibility(values: ReadonlyArray<number | null | undefined>): Implausibility | null {
  let present = 0;
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (v !== 0) return null;
    present++;
  }
  return present >= MIN_AREAS ? 'all-zero' : null;
}

export interface PlausibilityRow {
  /** The series: indicator key (or column label of the file). */
  indicator: string;
  /** The layer the area belongs to ('' when the caller has one layer only). */
  layer?: string;
  period: string;
  value: number | null;
}

export interface ImplausibleSeries {
  indicator: string;
  layer: string;
  reason: Implausibility;
  /** Periods in which every area is 0, sorted. */
  periods: string[];
  /** Areas with a value in the first of those periods. */
  areas: number;
}

/** Series × layer with the periods in which all areas are 0, in the order the series first appear. */
export function implausibleSeries(rows: Iterable<PlausibilityRow>): ImplausibleSeries[] {
  const groups = new Map<string, { indicator: string; layer: string; periods: Map<string, (number | null)[]> }>();
  for (const r of rows) {
    const layer = r.layer ?? '';
    const key = `${r.indicator}\u0000${layer}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { indicator: r.indicator, layer, periods: new Map() }));
    let vs = g.periods.get(r.period);
    if (!vs) g.periods.set(r.period, (vs = []));
    vs.push(r.value);
  }
  const out: ImplausibleSeries[] = [];
  for (const g of groups.values()) {
    const periods = [...g.periods.entries()].filter(([, vs]) => implausibility(vs) !== null).map(([p]) => p).sort();
    if (periods.length === 0) continue;
    const areas = g.periods.get(periods[0])!.filter((v) => v !== null && Number.isFinite(v)).length;
    out.push({ indicator: g.indicator, layer: g.layer, reason: 'all-zero', periods, areas });
  }
  return out;
}

/**
 * Import-report warnings (code SERIES_ALL_ZERO), one per series and layer, German and English,
 * with the file and the field (the column the values came from, `value` by default).
 */
export function plausibilityWarnings(rows: Iterable<PlausibilityRow>, file: string, field = 'value'): Problem[] {
  return implausibleSeries(rows).map((s) => {
    const periods = s.periods.join(', ');
    const where = s.layer ? ` der Ebene „${s.layer}“` : '';
    const whereEn = s.layer ? ` of layer "${s.layer}"` : '';
    return {
      code: 'SERIES_ALL_ZERO',
      de: `„${s.indicator}“: alle Werte 0 – unplausibel. In ${periods} haben alle ${s.areas} Gebiete${where} den Wert 0; vermutlich fehlen die Daten und wurden als 0 geliefert. Die Werte werden gespeichert und in Karte und Steckbrief als unplausibel markiert.`,
      en: `"${s.indicator}": all values 0 – implausible. In ${periods} all ${s.areas} areas${whereEn} have the value 0; the data are probably missing and were delivered as 0. The values are stored and marked as implausible on the map and in the profile.`,
      file, field, value: `${s.indicator}: ${periods}`,
    };
  });
}
