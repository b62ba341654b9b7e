// The one owner of observations: every value of an indicator is written here (imports, recipes'
// derived indicators, facilities' supply and access indicators, projections), in one series variant.
// A write upserts on (indicator, period, area, variant), bumps the data version the caches use
// (indicators.updated_at, read by system.dataVersion) and announces 'observations.written'. It runs
// in the caller's transaction (pass the transaction's client), so it lands with the rest or not at all.
import type { Queryable } from '../../db/connection.ts';
import { LernortError, notFound, type Problem } from '../../core/errors.ts';
import { OBSERVED_VARIANT_ID, VARIANT_KINDS, type Flags, type VariantKind } from '../../core/flags.ts';
import { checkBreakdown, type BreakdownCategory } from '../../core/breakdowns.ts';
import * as indicators from '../indicators/service.ts';
import * as monitoring from '../monitoring/service.ts';
import * as publication from '../publication/service.ts';
import * as system from '../system/service.ts';
import * as repo from './repo.ts';

export { OBSERVED_VARIANT_ID };
export type { VariantRow } from './repo.ts';

/** One value to store: area and indicator by id, flags as far as known (absent = false). */
export interface ObservationWrite extends Partial<Flags> {
  areaId: number;
  indicatorId: number;
  period: string;
  value: number | null;
  numerator?: number | null;
  denominator?: number | null;
  /** The raw placeholder symbol when missing ("." "-" "x"). */
  missingSymbol?: string | null;
}

export interface WriteOptions {
  /** The import record the rows came from (undo removes them by it). */
  importId?: number | null;
  /** The model run that computed them (projections). */
  runId?: number | null;
  /** The series variant; default the observed one (1). */
  variantId?: number;
  onProgress?: (done: number) => void;
}

export interface VariantInput {
  kind: Exclude<VariantKind, 'observed'>;
  /** The model and its version, e.g. 'cohort-component/1', 'StaLa-7.RBV'. */
  model: string;
  /** The scenario's name as its publisher gives it: 'mittel', 'V1', 'untere Variante'. */
  scenario: string;
  /** Base year: the last year of data the projection starts from. */
  vintage: number;
  /** 'register' | 'official' (see core/flags.ts COUNT_BASES) or another named basis. */
  basis: string;
  label?: string;
  /** Served when a caller asks for projected values without naming a scenario (one per model and vintage). */
  isDefault?: boolean;
}

export interface Variant {
  id: number;
  kind: VariantKind;
  model: string | null;
  scenario: string | null;
  vintage: number | null;
  basis: string | null;
  label: string | null;
  isDefault: boolean;
}

const toVariant = (r: repo.VariantRow): Variant => ({
  id: r.id, kind: r.kind as VariantKind, model: r.model, scenario: r.scenario, vintage: r.vintage, basis: r.basis, label: r.label, isDefault: r.is_default,
});

function invalidVariant(field: string, de: string, en: string): LernortError {
  return new LernortError('VARIANT_INVALID', `Variante: ${de}`, `Variant: ${en}`, { location: { field } });
}

/** The id of the projection or scenario variant with this identity; created on first use. */
export async function ensureVariant(q: Queryable, v: VariantInput): Promise<number> {
  if (!(VARIANT_KINDS as readonly string[]).includes(v.kind) || (v.kind as VariantKind) === 'observed') {
    throw invalidVariant('kind', `Art „${String(v.kind)}“ ist nicht projection oder scenario.`, `kind "${String(v.kind)}" is not projection or scenario.`);
  }
  for (const f of ['model', 'scenario', 'basis'] as const) {
    if (typeof v[f] !== 'string' || v[f].trim() === '') throw invalidVariant(f, `${f} fehlt.`, `${f} is missing.`);
  }
  if (!Number.isInteger(v.vintage) || v.vintage < 1800 || v.vintage > 2200) {
    throw invalidVariant('vintage', `Basisjahr ${v.vintage} ist kein Jahr.`, `vintage ${v.vintage} is not a year.`);
  }
  const row = await repo.upsertVariant(q, { kind: v.kind, model: v.model.trim(), scenario: v.scenario.trim(), vintage: v.vintage, basis: v.basis.trim(), label: v.label ?? null, isDefault: v.isDefault ?? null });
  if (v.isDefault) await repo.clearOtherDefaults(q, row);
  return row.id;
}

export async function requireVariant(q: Queryable, id: number): Promise<Variant> {
  const row = await repo.findVariant(q, id);
  if (!row) throw notFound('Reihenvariante / series variant', String(id));
  return toVariant(row);
}

export const listVariants = async (q: Queryable): Promise<Variant[]> => (await repo.listVariants(q)).map(toVariant);

async function announce(q: Queryable, indicatorIds: number[], o: { variantId: number; importId: number | null; runId: number | null; rows: number }): Promise<void> {
  await indicators.touchIndicators(q, indicatorIds);
  system.forgetDataVersions();
  await system.events.emit(q, 'observations.written', { indicatorIds, ...o });
}

/**
 * Stores values of one variant: insert or replace on (indicator, period, area, variant). Observed
 * values never touch a projection of the same year, nor the other way round.
 */
export async function writeObservations(q: Queryable, rows: readonly ObservationWrite[], opts: WriteOptions = {}): Promise<{ written: number }> {
  const variantId = opts.variantId ?? OBSERVED_VARIANT_ID;
  if (variantId !== OBSERVED_VARIANT_ID) await requireVariant(q, variantId);
  const importId = opts.importId ?? null;
  const runId = opts.runId ?? null;
  const written = await repo.upsertObservations(q, rows, { importId, runId, variantId }, opts.onProgress);
  const ids = new Set<number>();
  for (const r of rows) ids.add(r.indicatorId);
  await announce(q, [...ids], { variantId, importId, runId, rows: written });
  return { written };
}

/**
 * A derived indicator: numerator / denominator × scale for every area and period where both are
 * stored (observed values; areas without a positive denominator get a missing value).
 */
export async function writeRatio(q: Queryable, o: { indicator: string; numerator: string; denominator: string; scale: number; importId?: number | null }): Promise<{ written: number }> {
  const [ind, num, den] = [await indicators.requireIndicator(q, o.indicator), await indicators.requireIndicator(q, o.numerator), await indicators.requireIndicator(q, o.denominator)];
  const importId = o.importId ?? null;
  const written = await repo.upsertRatio(q, { indicatorId: ind.id, numeratorId: num.id, denominatorId: den.id, scale: o.scale, importId, variantId: OBSERVED_VARIANT_ID });
  await announce(q, [ind.id], { variantId: OBSERVED_VARIANT_ID, importId, runId: null, rows: written });
  return { written };
}

// ---- breakdowns --------------------------------------------------------------------------------

/** One category of a total: an age band, a sex, a nationality group or a combination. */
export interface CategoryWrite extends Partial<Flags> {
  /** Age band [ageFrom, ageTo) in years; ageTo null/absent = open band (65+); ageFrom absent = all ages. */
  ageFrom?: number | null;
  ageTo?: number | null;
  sex?: 'w' | 'm' | 'd' | null;
  nationality?: string | null;
  value: number | null;
}

/** A total with its categories; `where` names it in messages (e.g. "Ortsteil 00 Zentrum, 2030"). */
export interface BreakdownWrite extends ObservationWrite {
  categories: CategoryWrite[];
  where?: string;
}

export interface BreakdownOptions extends WriteOptions {
  /**
   * The publisher's rounding unit (10 for the state office's projections): parts of a rounded table
   * may miss the rounded total by up to (parts + 1) × rounding / 2; that is accepted with a warning.
   * Without it, parts that partition the total must sum to it exactly.
   */
  rounding?: number;
  file?: string;
}

const fmt = (n: number, locale: string) => n.toLocaleString(locale, { maximumFractionDigits: 6 });

/**
 * Writes totals and their breakdowns (age × sex × nationality) in one go: the totals as observations
 * of the variant, the categories replacing the stored ones of each total. Categories that partition
 * the total are checked against it: beyond the stated rounding the write is refused
 * (BREAKDOWN_SUM_MISMATCH); within it the difference is kept as published and reported
 * (BREAKDOWN_ROUNDED warnings).
 */
export async function writeBreakdowns(q: Queryable, groups: readonly BreakdownWrite[], opts: BreakdownOptions = {}): Promise<{ written: number; categories: number; warnings: Problem[] }> {
  if (opts.rounding !== undefined && !(opts.rounding > 0)) throw new LernortError('BREAKDOWN_INVALID', 'Rundung muss positiv sein.', 'Rounding must be positive.', { location: { field: 'rounding' } });
  const warnings: Problem[] = [];
  const normalised = groups.map((g) => g.categories.map((c): BreakdownCategory & Partial<Flags> => ({
    ...c, ageFrom: c.ageFrom ?? null, ageTo: c.ageTo ?? null, sex: c.sex ?? null, nationality: c.nationality ?? null,
  })));
  groups.forEach((g, i) => {
    const where = g.where ?? `Gebiet/area ${g.areaId}, ${g.period}`;
    for (const issue of checkBreakdown(g.value, normalised[i], { rounding: opts.rounding })) {
      if (issue.kind === 'invalid') {
        const c = normalised[i][issue.index];
        const what = `${c.ageFrom ?? '*'}–${c.ageTo ?? '*'} / ${c.sex ?? '*'} / ${c.nationality ?? '*'}`;
        throw new LernortError('BREAKDOWN_INVALID', `${where}: Kategorie ${what} ist ungültig (${issue.reason}).`, `${where}: category ${what} is invalid (${issue.reason}).`,
          { location: { file: opts.file, field: issue.reason } });
      }
      const text = { de: `${where}: die ${issue.parts} Teile (${issue.dimensions}) summieren sich zu ${fmt(issue.sum, 'de-DE')}, die Summe ist ${fmt(issue.total, 'de-DE')} (Differenz ${fmt(issue.difference, 'de-DE')})`, en: `${where}: the ${issue.parts} parts (${issue.dimensions}) sum to ${fmt(issue.sum, 'en-GB')}, the total is ${fmt(issue.total, 'en-GB')} (difference ${fmt(issue.difference, 'en-GB')})` };
      if (!issue.withinRounding) {
        const limit = opts.rounding ? { de: `; mehr als die Rundung auf ${opts.rounding} erklärt (≤ ${fmt(issue.tolerance, 'de-DE')}).`, en: `; more than rounding to ${opts.rounding} explains (≤ ${fmt(issue.tolerance, 'en-GB')}).` } : { de: '; keine Rundung angegeben.', en: '; no rounding stated.' };
        throw new LernortError('BREAKDOWN_SUM_MISMATCH', text.de + limit.de, text.en + limit.en, { location: { file: opts.file } });
      }
      warnings.push({ code: 'BREAKDOWN_ROUNDED', de: `${text.de}; innerhalb der Rundung auf ${opts.rounding}, so übernommen.`, en: `${text.en}; within rounding to ${opts.rounding}, kept as published.`, file: opts.file });
    }
  });
  const variantId = opts.variantId ?? OBSERVED_VARIANT_ID;
  const { written } = await writeObservations(q, groups.map(({ categories: _c, where: _w, ...total }) => total), opts);
  const ids = await repo.observationIds(q, variantId, groups.map((g) => ({ areaId: g.areaId, indicatorId: g.indicatorId, period: g.period })));
  const rows: repo.BreakdownRow[] = [];
  const observationIds: number[] = [];
  groups.forEach((g, i) => {
    const observationId = ids.get(`${g.areaId}|${g.indicatorId}|${g.period}`)!;
    observationIds.push(observationId);
    for (const c of normalised[i]) {
      rows.push({
        observationId, ageFrom: c.ageFrom, ageTo: c.ageTo, sex: c.sex, nationality: c.nationality, value: c.value,
        provisional: !!c.provisional, estimated: !!c.estimated, breakInSeries: !!c.breakInSeries, suppressed: !!c.suppressed, missing: !!c.missing || c.value === null,
      });
    }
  });
  const categories = await repo.replaceBreakdowns(q, observationIds, rows);
  return { written, categories, warnings };
}

export interface StoredBreakdown {
  areaId: number;
  period: string;
  ageFrom: number | null;
  ageTo: number | null;
  sex: string | null;
  nationality: string | null;
  value: number | null;
  total: number | null;
}

/** Stored categories of an indicator (all areas or some, all periods or one) in one variant. */
export async function readBreakdowns(q: Queryable, o: { indicator: string; variantId?: number; areaIds?: number[]; period?: string | null }): Promise<StoredBreakdown[]> {
  const ind = await indicators.requireIndicator(q, o.indicator);
  const rows = await repo.breakdownsOf(q, ind.id, o.variantId ?? OBSERVED_VARIANT_ID, o.areaIds ?? null, o.period ?? null);
  return rows.map((r) => ({ areaId: r.area_id, period: r.period, ageFrom: r.age_from, ageTo: r.age_to, sex: r.sex, nationality: r.nationality, value: r.value, total: r.total }));
}

/**
 * True values of one variant on one layer (one period or all), aggregated within the variant like
 * actuals (for projections' own pages, backtests and comparisons; not filtered for visibility).
 */
export async function variantValues(q: Queryable, o: { indicator: string; layer: string; period: string | null; variantId: number }): Promise<monitoring.AreaValue[]> {
  await requireVariant(q, o.variantId);
  return monitoring.layerValues(q, o.layer, o.indicator, o.period, o.variantId);
}

// ---- reading with forecasts (the contract of GET /api/observations) -----------------------------

export interface ContractValue extends monitoring.AreaValue {
  /** true: a projected or scenario value; false: an actual (observed) value. */
  forecast: boolean;
  /** The scenario's name for a forecast value, null for actuals. */
  scenario: string | null;
  variant: Variant;
}

/**
 * Values of one indicator on one layer for one period, as the caller may see them. Actual values
 * when the indicator has any for the period (on any layer): a forecast never mixes into them.
 * For a period without actuals, the values of the asked variant or scenario, else of the default
 * scenario (newest vintage, the model's default scenario first); each value says it is a forecast
 * and names its variant. Public callers see forecasts of published indicator/layer/periods only,
 * counts of 1..k withheld as for actuals, never a numerator/denominator pair.
 */
export async function valuesWithForecast(
  q: Queryable, vis: publication.Visibility, o: { indicator: string; layer: string; period: string; scenario?: string; variant?: number },
): Promise<ContractValue[]> {
  const observed = await requireVariant(q, OBSERVED_VARIANT_ID);
  const actuals = async () => (await publication.readValues(q, vis, { indicator: o.indicator, layer: o.layer, period: o.period, strict: true }))
    .map((v): ContractValue => ({ ...v, forecast: false, scenario: null, variant: observed }));
  const ind = await indicators.requireIndicator(q, o.indicator);
  if (await repo.hasActuals(q, ind.id, o.period)) return actuals();
  let chosen: Variant | undefined;
  if (o.variant !== undefined) {
    chosen = await requireVariant(q, o.variant);
    if (chosen.id === OBSERVED_VARIANT_ID) return actuals();
  } else {
    const candidates = (await repo.variantsWithValues(q, ind.id, o.period)).map(toVariant);
    chosen = o.scenario === undefined ? candidates[0] : candidates.find((c) => c.scenario === o.scenario);
    if (!chosen && o.scenario !== undefined) {
      throw notFound({ de: `Szenario mit Werten für ${o.indicator} ${o.period}`, en: `Scenario with values for ${o.indicator} ${o.period}` }, o.scenario);
    }
    if (!chosen) return actuals();
  }
  if (vis !== 'true') await publication.requirePublished(q, o.indicator, o.layer, o.period);
  const values = await monitoring.observationsFor(q, o.layer, o.indicator, o.period, chosen.id);
  return values.map((v): ContractValue => {
    const out: ContractValue = { ...v, forecast: true, scenario: chosen.scenario, variant: chosen };
    if (vis === 'true') return out;
    const small = ind.kind === 'count' && v.value !== null && v.value > 0 && v.value <= ind.suppression_k;
    return { ...out, value: small ? null : v.value, numerator: null, denominator: null, flags: small ? { ...v.flags, suppressed: true } : v.flags };
  });
}

// ---- for undoing an import (issue 17 §3): run in the caller's transaction (pass its client) ----

/** Removes the values an import wrote; answers how many. */
export const deleteOfImport = (q: Queryable, importId: number) => repo.deleteObservationsOfImport(q, importId);
/** How many values (any variant) the given areas have. */
export const countOfAreas = (q: Queryable, areaIds: number[]) => repo.countObservationsOfAreas(q, areaIds);
/** Those of the given areas that have at least one value (any variant). */
export const areasWithValues = (q: Queryable, areaIds: number[]) => repo.areasWithObservations(q, areaIds);

// ---- yearly series (for projections and backtests) ----------------------------------------------

/**
 * Stored yearly values (period YYYY) of one indicator for the given areas, of one variant (the
 * actuals unless named), without missing values: the input series of a projection. Not aggregated.
 */
export async function storedYearValues(q: Queryable, o: { indicatorId: number; areaIds: number[]; variantId?: number }): Promise<Array<{ areaId: number; year: number; value: number; importId: number | null }>> {
  if (o.areaIds.length === 0) return [];
  const rows = await repo.storedYearValues(q, o.indicatorId, o.areaIds, o.variantId ?? OBSERVED_VARIANT_ID);
  return rows.map((r) => ({ areaId: r.area_id, year: Number(r.period), value: r.value, importId: r.import_id }));
}

/** Which of the given indicator ids have a stored yearly value (of the variant, actuals unless named) for one of the areas. */
export async function indicatorsWithYearValues(q: Queryable, o: { indicatorIds: number[]; areaIds: number[]; variantId?: number }): Promise<number[]> {
  if (o.indicatorIds.length === 0 || o.areaIds.length === 0) return [];
  return repo.indicatorsWithYearValues(q, o.indicatorIds, o.areaIds, o.variantId ?? OBSERVED_VARIANT_ID);
}
