// Year series as plain maps (year → value), the shape a service builds from stored observations.
import { LernortError } from '../errors.ts';

export type YearSeries = ReadonlyMap<number, number>;

/** Value at `year` of a series, or a clear error naming the missing year. */
export function valueAt(series: YearSeries, year: number, what: string): number {
  const v = series.get(year);
  if (v === undefined) {
    throw new LernortError('DEMOGRAPHY_MISSING_YEAR', `${what}: für ${year} gibt es keinen Wert.`, `${what}: there is no value for ${year}.`, { status: 422 });
  }
  return v;
}

/** Missing years between observed ones filled by straight lines (returned: which years were filled). */
export function interpolateGaps(m: ReadonlyMap<number, number>): { values: Map<number, number>; filled: number[] } {
  const years = [...m.keys()].sort((a, b) => a - b);
  const values = new Map(m);
  const filled: number[] = [];
  for (let i = 1; i < years.length; i++) {
    const [a, b] = [years[i - 1], years[i]];
    for (let y = a + 1; y < b; y++) {
      values.set(y, m.get(a)! + ((m.get(b)! - m.get(a)!) * (y - a)) / (b - a));
      filled.push(y);
    }
  }
  return { values: new Map([...values].sort((x, y) => x[0] - y[0])), filled };
}

