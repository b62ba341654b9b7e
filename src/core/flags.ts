// The flags and statuses an observation carries, defined once. Readers (src/io), the store
// (modules/observations), aggregation (modules/monitoring) and every output use these names.
import { z } from 'zod';

/**
 * The boolean flags of a stored value (after Eurostat/Destatis): provisional (vorläufig), estimated
 * (geschätzt), break in series (Zeitreihenbruch), suppressed (geheim gehalten) and missing (no value:
 * the source cell held a placeholder or nothing).
 */
export const OBSERVATION_FLAGS = ['provisional', 'estimated', 'breakInSeries', 'suppressed', 'missing'] as const;
export type ObservationFlag = (typeof OBSERVATION_FLAGS)[number];
export type Flags = Record<ObservationFlag, boolean>;

/** The database column of each flag (observations and observation_breakdowns). */
export const FLAG_COLUMNS: Readonly<Record<ObservationFlag, string>> = {
  provisional: 'provisional', estimated: 'estimated', breakInSeries: 'break_in_series', suppressed: 'suppressed', missing: 'missing',
};

/** Flags a source states for a value (missing follows from a placeholder instead of a number). */
export const STATED_FLAGS = ['provisional', 'estimated', 'breakInSeries', 'suppressed'] as const satisfies readonly ObservationFlag[];

/** Flags that carry over to a value computed from others (aggregate of areas, sum of categories). */
export const INHERITED_FLAGS = ['provisional', 'estimated', 'breakInSeries'] as const satisfies readonly ObservationFlag[];

export const FLAG_LABELS: Readonly<Record<ObservationFlag, { de: string; en: string }>> = {
  provisional: { de: 'vorläufig', en: 'provisional' },
  estimated: { de: 'geschätzt', en: 'estimated' },
  breakInSeries: { de: 'Bruch in der Zeitreihe', en: 'break in series' },
  suppressed: { de: 'geheim gehalten (.)', en: 'suppressed (.)' },
  missing: { de: 'keine Daten', en: 'no data' },
};

export const noFlags = (): Flags => ({ provisional: false, estimated: false, breakInSeries: false, suppressed: false, missing: false });

/** Complete flags from a partial set (a reader's record names only the flags it saw). */
export function flagsOf(partial: Partial<Record<ObservationFlag, boolean | null | undefined>> | undefined): Flags {
  const f = noFlags();
  for (const k of OBSERVATION_FLAGS) f[k] = !!partial?.[k];
  return f;
}

/** Flags from a database row (snake_case columns). */
export function flagsFromRow(row: object): Flags {
  const f = noFlags();
  for (const k of OBSERVATION_FLAGS) f[k] = !!(row as Record<string, unknown>)[FLAG_COLUMNS[k]];
  return f;
}

/** The response shape of a value's flags. */
export const flagsSchema = z.object({
  provisional: z.boolean(), estimated: z.boolean(), breakInSeries: z.boolean(), suppressed: z.boolean(), missing: z.boolean(),
});

/** Kinds of series variants: what was counted, what a model projects, what a scenario assumes. */
export const VARIANT_KINDS = ['observed', 'projection', 'scenario'] as const;
export type VariantKind = (typeof VARIANT_KINDS)[number];

/**
 * The basis a count refers to: the municipal register (Melderegister) or the official count of the
 * statistical office (Fortschreibung). They differ (Leipzig 31.12.2018: 596,517 vs 587,857), so
 * comparing across bases raises a warning.
 */
export const COUNT_BASES = ['register', 'official'] as const;
export type CountBasis = (typeof COUNT_BASES)[number];

/** Categories of a breakdown: the sexes as German statistics code them (weiblich, männlich, divers). */
export const BREAKDOWN_SEXES = ['w', 'm', 'd'] as const;
export type BreakdownSex = (typeof BREAKDOWN_SEXES)[number];

/** The series variant of the actuals (series_variants id 1, inserted by the migration). */
export const OBSERVED_VARIANT_ID = 1;
