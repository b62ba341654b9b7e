// Reading the model's columns from the areas: numbers (population, need) and money (€ → cents).
// Errors name the area (details.area) so that a reader can add its file and line.
import { LernortError } from '../errors.ts';
import type { AllocationArea } from './model.ts';

export const toCents = (euros: number) => Math.round(euros * 100);

const invalid = (a: AllocationArea, column: string, v: number | null | undefined, what: { de: string; en: string }) =>
  new LernortError('BUDGET_VALUE_INVALID', `Gebiet ${a.code}: „${column}“ muss ${what.de} ≥ 0 sein (ist ${v ?? 'leer'}).`,
    `Area ${a.code}: "${column}" must be ${what.en} ≥ 0 (is ${v ?? 'empty'}).`, { location: { field: column }, details: { area: a.code } });

/** A column of numbers ≥ 0, e.g. a population or a need weight. */
export function numberColumn(areas: AllocationArea[], column: string): number[] {
  return areas.map((a) => {
    const v = a.values[column];
    if (v === null || v === undefined || !Number.isFinite(v) || v < 0) throw invalid(a, column, v, { de: 'eine Zahl', en: 'a number' });
    return v;
  });
}

/** A column of amounts in € as integer cents; with allowEmpty an empty cell is null (a new area). */
export function moneyColumn(areas: AllocationArea[], column: string, allowEmpty: true): (number | null)[];
export function moneyColumn(areas: AllocationArea[], column: string, allowEmpty?: false): number[];
export function moneyColumn(areas: AllocationArea[], column: string, allowEmpty = false): (number | null)[] {
  return areas.map((a) => {
    const v = a.values[column];
    if ((v === null || v === undefined) && allowEmpty) return null;
    if (v === null || v === undefined || !Number.isFinite(v) || v < 0) throw invalid(a, column, v, { de: 'ein Betrag', en: 'an amount' });
    return toCents(v);
  });
}
