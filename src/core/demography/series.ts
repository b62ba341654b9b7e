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
