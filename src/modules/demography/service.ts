// Demography (issue 14, METHODS.md §9): age structure per area, small-area projections controlled to
// a city total with scenarios to 2040, the backtest against actuals, a naive baseline and published
// forecasts, and the demographic typology. The methods are pure (src/core/demography); this file
// reads stored observations, runs them, and stores runs reproducibly (parameters, seed, input hash,
// inputs version, results). Projected values are handed to a ProjectionStore (the observations
// module's series variants when present), never written into the actuals.
import crypto from 'node:crypto';
import type { Database, Queryable } from '../../db/connection.ts';
import { withTransaction } from '../../db/connection.ts';
import { LernortError, notFound, type Problem } from '../../core/errors.ts';
import {
  backtestLeipzig, backtestRunsFor, CHOSEN_AREA_METHOD, CHOSEN_CITY_METHOD, deriveBroadAgeGroups, formatBacktest, LEIPZIG_RUNS, projectAreasByScenario,
  relativeDevelopment, runBacktest, typology, DEFAULT_HORIZON, type LeipzigBacktest, type PublishedForecast, type ScenarioProjection,
} from '../../core/demography/index.ts';
import type { BroadGroupsByYear } from '../../core/demography/backtest.ts';
import { launchYearOf } from '../../core/demography/backtest-leipzig.ts';
import { comparisonWarnings, type Basis } from '../../core/demography/basis.ts';
import { interpolateGaps } from '../../core/demography/series.ts';
import { pyramidFrom } from '../../core/demography/pyramid.ts';

export { interpolateGaps };
import type { AreaMethod } from '../../core/demography/small-area.ts';
import { projectTargetGroups, sumTargetGroups, uniformSplit, type TargetAreaResult } from '../../core/demography/target-groups.ts';
import { readRbvTextLines } from '../../io/rbv-pdf.ts';
import { pdfTextLines } from '../../io/pdf-text.ts';
import * as areas from '../areas/service.ts';
import { cityLayer } from '../reports/service.ts';
import * as observations from '../observations/service.ts';
import * as indicators from '../indicators/service.ts';
import * as repo from './repo.ts';
import { VersionedCache } from '../system/service.ts';

type Text = { de: string; en: string };
const actorName = (a: { name: string }) => a.name;

export function sha256(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}

// ---- Year series from stored observations ----------------------------------------------------

export interface AreaSeries { code: string; name: string; values: Map<number, number> }

async function seriesByArea(q: Queryable, layerKey: string, indicatorKey: string): Promise<{ areas: AreaSeries[]; importIds: number[] }> {
  const ind = (await indicators.listIndicatorIds(q)).find((i) => i.key === indicatorKey);
  if (!ind) return { areas: [], importIds: [] };
  const list = await areas.listAreas(q, layerKey);
  const byId = new Map(list.map((a) => [a.id, a]));
  const rows = await observations.storedYearValues(q, { indicatorId: ind.id, areaIds: list.map((a) => a.id) });
  const by = new Map<string, AreaSeries>();
  const importIds = new Set<number>();
  for (const r of rows) {
    const a = byId.get(r.areaId)!;
    if (!by.has(a.code)) by.set(a.code, { code: a.code, name: a.name, values: new Map() });
    by.get(a.code)!.values.set(r.year, r.value);
    if (r.importId !== null) importIds.add(r.importId);
  }
  return { areas: [...by.values()].sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0)), importIds: [...importIds].sort((a, b) => a - b) };
}

/** Which of the indicator keys have at least one stored yearly actual on the layer (areas and indicators through their services). */
async function indicatorsOnLayer(q: Queryable, layerKey: string, keys: string[]): Promise<string[]> {
  const ids = (await indicators.listIndicatorIds(q)).filter((i) => keys.includes(i.key));
  const areaIds = (await areas.listAreas(q, layerKey)).map((a) => a.id);
  const found = new Set(await observations.indicatorsWithYearValues(q, { indicatorIds: ids.map((i) => i.id), areaIds }));
  return ids.filter((i) => found.has(i.id)).map((i) => i.key);
}

async function indicatorInfo(q: Queryable, keys: string[]): Promise<Array<{ key: string; name_de: string; name_en: string }>> {
  const known = new Set((await indicators.listIndicatorIds(q)).map((i) => i.key));
  return Promise.all(keys.filter((k) => known.has(k)).map((k) => indicators.requireIndicator(q, k)));
}

/**
 * The city's yearly series: stored on the city layer, else the sum of the base layer's areas in the
 * years where every area has a value (Flensburg stores only its Stadtteile; the city is their sum).
 */
async function citySeriesOf(q: Queryable, city: { layer: string; code: string; name: string }, base: AreaSeries[], indicator: string): Promise<{ series: AreaSeries | undefined; summed: boolean }> {
  const stored = (await seriesByArea(q, city.layer, indicator)).areas[0];
  if (stored || base.length === 0) return { series: stored, summed: false };
  const years = [...new Set(base.flatMap((a) => [...a.values.keys()]))].filter((y) => base.every((a) => a.values.has(y))).sort((a, b) => a - b);
  if (years.length === 0) return { series: undefined, summed: false };
  return { series: { code: city.code, name: city.name, values: new Map(years.map((y) => [y, base.reduce((s, a) => s + a.values.get(y)!, 0)])) }, summed: true };
}

async function requireCity(q: Queryable): Promise<{ layer: string; code: string; name: string }> {
  const l = await cityLayer(q);
  const a = l ? (await areas.listAreas(q, l.key))[0] : undefined;
  if (!l || !a) throw new LernortError('DEMOGRAPHY_NO_CITY', 'Es gibt keine Ebene für die Gesamtstadt (eine Ebene mit genau einem Gebiet).', 'There is no layer for the whole city (a layer with exactly one area).', { status: 422 });
  return { layer: l.key, code: a.code, name: a.name };
}

const seriesPoints = (m: ReadonlyMap<number, number>) => [...m].sort((a, b) => a[0] - b[0]).map(([year, value]) => ({ year, value }));

// ---- Age structure ----------------------------------------------------------------------------

/** Age-band indicators Lernort recognises, by key: [from, to) in years, to = null for open bands. */
export const AGE_BAND_INDICATORS: ReadonlyArray<{ key: string; from: number; to: number | null }> = [
  { key: 'einwohner_u6', from: 0, to: 6 }, { key: 'einwohner_unter6', from: 0, to: 6 }, { key: 'einwohner_6_10', from: 6, to: 10 },
  { key: 'einwohner_10_15', from: 10, to: 15 }, { key: 'einwohner_15_18', from: 15, to: 18 }, { key: 'einwohner_18_27', from: 18, to: 27 },
  { key: 'einwohner_0_7', from: 0, to: 7 }, { key: 'einwohner_unter18', from: 0, to: 18 }, { key: 'einwohner_18_30', from: 18, to: 30 },
  { key: 'einwohner_30_45', from: 30, to: 45 }, { key: 'einwohner_45_65', from: 45, to: 65 }, { key: 'einwohner_18_65', from: 18, to: 65 },
  { key: 'einwohner_60_plus', from: 60, to: null }, { key: 'einwohner_65_plus', from: 65, to: null }, { key: 'einwohner_80_plus', from: 80, to: null },
];

const bandLabel = (from: number, to: number | null): Text => to === null
  ? { de: `${from} Jahre und älter`, en: `${from} and over` }
  : from === 0 ? { de: `unter ${to} Jahre`, en: `under ${to}` } : { de: `${from} bis unter ${to} Jahre`, en: `${from} to under ${to}` };

export interface AgeBand { from: number; to: number | null; label: Text; value: number; estimated: boolean; min?: number; max?: number; indicator: string | null }

export interface AgeStructure {
  area: { layer: string; code: string; name: string };
  /** 'counted': the city's own age-band counts; 'derived': three broad groups from two ratios; 'none'. */
  source: 'counted' | 'derived' | 'none';
  year: number | null;
  /** Bands that partition all ages (0 to open), youngest first. */
  bands: AgeBand[];
  /** Further counted bands inside those (e.g. under 7 within under 18; 80+ within 65+). */
  nested: AgeBand[];
  /** Broad groups per year (derived or counted), for the development chart. */
  history: Array<{ year: number; bands: Array<{ label: Text; value: number }> }>;
  ratios: Array<{ key: string; label: Text; definition: Text; year: number; value: number; estimated: boolean }>;
  sex: { year: number; male: number; female: number; unit: 'persons' | 'percent' } | null;
  cannotShow: Text[];
  notes: Text[];
  /** Age × sex of the total (stored breakdowns of einwohner), newest year: the population pyramid. */
  pyramid: { year: number; bands: Array<{ from: number; to: number | null; label: Text; male: number; female: number }> } | null;
}

/** The pyramid of an area from the stored breakdowns of `einwohner` (pyramidFrom). */
async function pyramidOf(q: Queryable, areaId: number): Promise<AgeStructure['pyramid']> {
  if (!(await indicators.listIndicatorIds(q)).some((i) => i.key === 'einwohner')) return null;
  const p = pyramidFrom(await observations.readBreakdowns(q, { indicator: 'einwohner', areaIds: [areaId] }));
  return p ? { year: p.year, bands: p.bands.map((b) => ({ ...b, label: bandLabel(b.from, b.to) })) } : null;
}

/** The finest chain of bands from age 0 to an open band, among those that exist. */
function partition(bands: Array<{ from: number; to: number | null; key: string }>): Array<{ from: number; to: number | null; key: string }> | null {
  let best: Array<{ from: number; to: number | null; key: string }> | null = null;
  const walk = (from: number, chain: Array<{ from: number; to: number | null; key: string }>) => {
    for (const b of bands.filter((x) => x.from === from)) {
      const next = [...chain, b];
      if (b.to === null) { if (!best || next.length > best.length) best = next; } else walk(b.to, next);
    }
  };
  walk(0, []);
  return best;
}

const RATIO_DEFS: Record<string, { label: Text; definition: Text }> = {
  jugendquote: { label: { de: 'Jugendquote', en: 'Youth ratio' }, definition: { de: 'Personen unter 15 Jahren je 100 Personen von 15 bis unter 65 Jahren', en: 'persons under 15 per 100 persons aged 15 to under 65' } },
  altenquote: { label: { de: 'Altenquote', en: 'Old-age ratio' }, definition: { de: 'Personen ab 65 Jahren je 100 Personen von 15 bis unter 65 Jahren', en: 'persons aged 65 and over per 100 persons aged 15 to under 65' } },
  altenquotient: { label: { de: 'Altenquotient', en: 'Old-age ratio' }, definition: { de: 'Personen ab 65 Jahren je 100 Personen von 18 bis unter 65 Jahren (Sozialatlas Flensburg)', en: 'persons aged 65 and over per 100 persons aged 18 to under 65 (Flensburg social atlas)' } },
  durchschnittsalter: { label: { de: 'Durchschnittsalter', en: 'Average age' }, definition: { de: 'arithmetisches Mittel des Alters in Jahren am 31.12. (vom Statistikamt berechnet)', en: 'arithmetic mean of age in years on 31 Dec (computed by the statistics office)' } },
};

export async function ageStructure(q: Queryable, layerKey: string, code: string): Promise<AgeStructure> {
  const area = await areas.requireArea(q, layerKey, code);
  const present = await indicatorsOnLayer(q, layerKey, [...AGE_BAND_INDICATORS.map((b) => b.key), 'einwohner', 'jugendquote', 'altenquote', 'altenquotient', 'durchschnittsalter', 'maennlich', 'weiblich', 'einwohner_anteil_maennlich', 'einwohner_anteil_weiblich']);
  // The city without stored counts (Flensburg): counts are the sum of the layer directly below it,
  // in the years where every one of its areas has a value. Ratios and shares are not summed.
  const cityL = await cityLayer(q);
  const below = cityL?.key === layerKey ? (await areas.listLayers(q)).find((l) => l.parent_key === layerKey && l.kind === 'geometry') : undefined;
  const belowPresent = below ? await indicatorsOnLayer(q, below.key, [...AGE_BAND_INDICATORS.map((b) => b.key), 'einwohner']) : [];
  const summedKeys: string[] = [];
  const own = async (key: string): Promise<Map<number, number>> => {
    if (present.includes(key)) return (await seriesByArea(q, layerKey, key)).areas.find((a) => a.code === code)?.values ?? new Map<number, number>();
    if (below && belowPresent.includes(key) && AGE_BAND_INDICATORS.some((b) => b.key === key)) {
      const parts = (await seriesByArea(q, below.key, key)).areas;
      const summed = (await citySeriesOf(q, { layer: layerKey, code, name: '' }, parts, key)).series?.values ?? new Map<number, number>();
      if (summed.size) summedKeys.push(key);
      return summed;
    }
    return new Map<number, number>();
  };
  const out: AgeStructure = { area: { layer: layerKey, code, name: area.name }, source: 'none', year: null, bands: [], nested: [], history: [], ratios: [], sex: null, cannotShow: [], notes: [], pyramid: await pyramidOf(q, area.id) };

  const counted = (await Promise.all(AGE_BAND_INDICATORS.filter((b) => present.includes(b.key) || belowPresent.includes(b.key)).map(async (b) => ({ ...b, values: await own(b.key) })))).filter((b) => b.values.size > 0);
  const years = [...new Set(counted.flatMap((b) => [...b.values.keys()]))].sort((a, b) => b - a);
  for (const y of years) {
    const avail = counted.filter((b) => b.values.has(y));
    const chain = partition(avail);
    if (!chain) continue;
    out.source = 'counted';
    out.year = y;
    out.bands = chain.map((b) => ({ from: b.from, to: b.to, label: bandLabel(b.from, b.to), value: avail.find((x) => x.key === b.key)!.values.get(y)!, estimated: false, indicator: b.key }));
    out.nested = avail.filter((b) => !chain.some((c) => c.key === b.key)).map((b) => ({ from: b.from, to: b.to, label: bandLabel(b.from, b.to), value: b.values.get(y)!, estimated: false, indicator: b.key }));
    for (const yy of [...years].reverse()) {
      const a2 = counted.filter((b) => b.values.has(yy));
      const c2 = partition(a2);
      if (c2 && c2.length === chain.length && c2.every((b, i) => b.key === chain[i].key)) out.history.push({ year: yy, bands: c2.map((b) => ({ label: bandLabel(b.from, b.to), value: a2.find((x) => x.key === b.key)!.values.get(yy)! })) });
    }
    break;
  }

  const total = await own('einwohner');
  const j = await own('jugendquote');
  const a = await own('altenquote');
  if (out.source === 'none' && j.size && a.size && total.size) {
    const common = [...j.keys()].filter((y) => a.has(y) && total.has(y)).sort((x, y) => x - y);
    if (common.length) {
      const y = common[common.length - 1];
      const g = deriveBroadAgeGroups({ total: total.get(y)!, youthRatio: j.get(y)!, oldAgeRatio: a.get(y)! });
      out.source = 'derived';
      out.year = y;
      out.bands = [
        { from: 0, to: 15, label: bandLabel(0, 15), value: g.young.value, min: g.young.min, max: g.young.max, estimated: true, indicator: null },
        { from: 15, to: 65, label: bandLabel(15, 65), value: g.working.value, min: g.working.min, max: g.working.max, estimated: true, indicator: null },
        { from: 65, to: null, label: bandLabel(65, null), value: g.old.value, min: g.old.min, max: g.old.max, estimated: true, indicator: null },
      ];
      out.history = common.map((yy) => {
        const h = deriveBroadAgeGroups({ total: total.get(yy)!, youthRatio: j.get(yy)!, oldAgeRatio: a.get(yy)! });
        return { year: yy, bands: [{ label: bandLabel(0, 15), value: h.young.value }, { label: bandLabel(15, 65), value: h.working.value }, { label: bandLabel(65, null), value: h.old.value }] };
      });
      out.notes.push({
        de: `Geschätzt, nicht gezählt: die drei Altersgruppen sind aus Einwohnerzahl, Jugend- und Altenquote abgeleitet (P = J + E + A, Jugendquote = 100·J/E, Altenquote = 100·A/E). Die veröffentlichten Quoten sind ganzzahlig gerundet; die Spanne zeigt, was ±0,5 bewirkt. Letztes Jahr mit beiden Quoten: ${y}.`,
        en: `Estimated, not counted: the three age groups are derived from the population and the youth and old-age ratios (P = Y + W + O, youth ratio = 100·Y/W, old-age ratio = 100·O/W). The published ratios are rounded to whole numbers; the range shows what ±0.5 does. Latest year with both ratios: ${y}.`,
      });
      out.cannotShow.push(
        { de: 'Die Planungsaltersgruppen (unter 6, 6 bis unter 10, 10 bis unter 15, 15 bis unter 18, 18 bis unter 27): je Ortsteil nicht veröffentlicht.', en: 'The planning age bands (under 6, 6 to under 10, 10 to under 15, 15 to under 18, 18 to under 27): not published per Ortsteil.' },
        { de: 'Alter nach Geschlecht und damit eine Bevölkerungspyramide: die Daten enthalten Geschlecht nur für die Gesamtzahl.', en: 'Age by sex and so a population pyramid: the data hold sex only for the total.' },
        { de: 'Einzelne Altersjahre und Kohorten (eine Kohorten-Komponenten-Fortschreibung je Ortsteil braucht sie).', en: 'Single years of age and cohorts (a cohort-component projection per Ortsteil needs them).' },
        { de: 'Das Durchschnittsalter hilft nicht weiter: eine Gleichung für drei unbekannte Gruppenmittel.', en: 'The average age does not help: one equation for three unknown group means.' },
      );
    }
  }
  if (out.source === 'counted') {
    out.cannotShow.push({ de: 'Alter nach Geschlecht (Bevölkerungspyramide): die Altersgruppen sind nicht nach Geschlecht aufgeteilt.', en: 'Age by sex (population pyramid): the age groups are not split by sex.' });
    const u18 = out.bands.find((b) => b.to === 18 && b.from === 0);
    const old = out.bands.find((b) => b.from === 65 && b.to === null);
    const working = out.bands.filter((b) => b.from >= 18 && b.to !== null && b.to <= 65).reduce((s, b) => s + b.value, 0);
    if (u18 && old && working > 0 && out.year !== null) {
      out.ratios.push({ key: 'jugendquotient_18', label: { de: 'Jugendquotient (unter 18)', en: 'Youth ratio (under 18)' }, definition: { de: 'Personen unter 18 Jahren je 100 Personen von 18 bis unter 65 Jahren, aus den Altersgruppen berechnet', en: 'persons under 18 per 100 persons aged 18 to under 65, computed from the age bands' }, year: out.year, value: (100 * u18.value) / working, estimated: false });
      out.ratios.push({ key: 'altenquotient_18', label: { de: 'Altenquotient (ab 65)', en: 'Old-age ratio (65+)' }, definition: { de: 'Personen ab 65 Jahren je 100 Personen von 18 bis unter 65 Jahren, aus den Altersgruppen berechnet', en: 'persons aged 65 and over per 100 persons aged 18 to under 65, computed from the age bands' }, year: out.year, value: (100 * old.value) / working, estimated: false });
    }
    if (!out.bands.some((b) => b.to === 6)) out.cannotShow.push({ de: 'Die Leipziger Planungsaltersgruppen (unter 6, 6 bis unter 10, …): diese Stadt veröffentlicht andere Altersgrenzen.', en: 'Leipzig’s planning age bands (under 6, 6 to under 10, …): this city publishes other age limits.' });
  }
  if (summedKeys.length && out.source === 'counted' && below) out.notes.push({ de: `Summe der Gebiete der Ebene „${below.name_de}“ (die Gesamtstadt hat keine eigenen Altersgruppen gespeichert).`, en: `Sum of the areas of layer "${below.name_en}" (the city has no age groups of its own stored).` });
  if (out.source === 'none') out.cannotShow.push({ de: 'Altersgruppen: für dieses Gebiet liegen weder Altersgruppen noch Jugend- und Altenquote vor.', en: 'Age groups: this area has neither age bands nor youth and old-age ratios.' });

  for (const key of ['jugendquote', 'altenquote', 'altenquotient', 'durchschnittsalter']) {
    const s = await own(key);
    if (!s.size) continue;
    const y = Math.max(...s.keys());
    out.ratios.push({ key, ...RATIO_DEFS[key], year: y, value: s.get(y)!, estimated: false });
  }
  const m = await own('maennlich');
  const f = await own('weiblich');
  const mYears = [...m.keys()].filter((y) => f.has(y));
  if (mYears.length) { const y = Math.max(...mYears); out.sex = { year: y, male: m.get(y)!, female: f.get(y)!, unit: 'persons' }; }
  else {
    const ms = await own('einwohner_anteil_maennlich');
    const fs = await own('einwohner_anteil_weiblich');
    const ys = [...ms.keys()].filter((y) => fs.has(y));
    if (ys.length) { const y = Math.max(...ys); out.sex = { year: y, male: ms.get(y)!, female: fs.get(y)!, unit: 'percent' }; }
  }
  if (out.pyramid) out.cannotShow = out.cannotShow.filter((c) => !/Pyramide|pyramid/.test(c.en + c.de));
  return out;
}

// ---- Published projections: import ----------------------------------------------------------

export interface PublishedImportReport {
  file: string;
  format: 'published-csv' | 'rbv-pdf';
  rows: number;
  inserted: number;
  updated: number;
  warnings: Problem[];
  dryRun: boolean;
}

export interface PublishedValue { edition: number; publisher: string; basis: 'register' | 'official'; variant: string; targetYear: number; population: number; source: string | null }

const CSV_COLUMNS = ['edition', 'publisher', 'basis', 'variant', 'target_year', 'population', 'source'] as const;

function rejected(file: string, problems: Problem[]): LernortError {
  const first = problems[0];
  const more = problems.length > 1 ? ` (+${problems.length - 1})` : '';
  return new LernortError('PROJECTION_FILE_REJECTED',
    `${file}: ${problems.length} Fehler, nichts importiert. Erster: Zeile ${first.line ?? '–'}, Feld „${first.field ?? '–'}“: ${first.de}${more}`,
    `${file}: ${problems.length} error(s), nothing imported. First: line ${first.line ?? '–'}, field "${first.field ?? '–'}": ${first.en}${more}`,
    { status: 400, location: { file, line: first.line, field: first.field }, details: { errors: problems } });
}

/** published-forecasts.csv: `;`-separated, header edition;publisher;basis;variant;target_year;population;source. */
export function parsePublishedCsv(bytes: Uint8Array, file: string): PublishedValue[] {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
  const lines = text.split(/\r\n|\n|\r/);
  const problems: Problem[] = [];
  const p = (line: number, field: string, de: string, en: string, value?: string) => problems.push({ code: 'PROJECTION_VALUE', de: `${de}`, en: `${en}`, file, line, field, value });
  const head = (lines[0] ?? '').split(';').map((h) => h.trim());
  const missing = CSV_COLUMNS.filter((c) => c !== 'source' && !head.includes(c));
  if (missing.length) {
    throw new LernortError('PROJECTION_HEADER', `${file}: Kopfzeile ohne Spalte(n) ${missing.join(', ')} (erwartet: ${CSV_COLUMNS.join(';')}).`, `${file}: header lacks column(s) ${missing.join(', ')} (expected: ${CSV_COLUMNS.join(';')}).`, { status: 400, location: { file, line: 1, field: missing[0] } });
  }
  const col = (c: string) => head.indexOf(c);
  const out: PublishedValue[] = [];
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (raw.trim() === '') return;
    const c = raw.split(';').map((x) => x.trim());
    if (c.length < head.length - (head.includes('source') ? 1 : 0)) { p(line, 'publisher', `nur ${c.length} von ${head.length} Feldern`, `only ${c.length} of ${head.length} fields`, raw); return; }
    const int = (field: string, lo: number, hi: number) => {
      const v = c[col(field)] ?? '';
      if (!/^\d{4}$/.test(v) || Number(v) < lo || Number(v) > hi) { p(line, field, `„${v}“ ist kein Jahr zwischen ${lo} und ${hi}`, `"${v}" is not a year between ${lo} and ${hi}`, v); return null; }
      return Number(v);
    };
    const edition = int('edition', 1950, 2100);
    const targetYear = int('target_year', 1950, 2100);
    const basis = c[col('basis')];
    if (basis !== 'register' && basis !== 'official') p(line, 'basis', `„${basis}“: erwartet register (Melderegister) oder official (amtliche Fortschreibung)`, `"${basis}": expected register (municipal register) or official (official count)`, basis);
    const publisher = c[col('publisher')];
    if (!publisher) p(line, 'publisher', 'Herausgeber fehlt', 'publisher missing');
    const variant = c[col('variant')];
    if (!variant) p(line, 'variant', 'Variante fehlt (main, lower, upper, V1 …)', 'variant missing (main, lower, upper, V1 …)');
    const popRaw = c[col('population')] ?? '';
    // Whole persons only: "598.100" is a German thousands separator, not 598.1 persons.
    const population = /^\d+$/.test(popRaw) ? Number(popRaw) : NaN;
    if (!(population > 0)) p(line, 'population', `„${popRaw}“ ist keine positive ganze Zahl (Personen, ohne Tausenderpunkte)`, `"${popRaw}" is not a positive whole number (persons, without thousands separators)`, popRaw);
    if (edition !== null && targetYear !== null && targetYear < edition - 1) p(line, 'target_year', `Zieljahr ${targetYear} liegt vor der Ausgabe ${edition}`, `target year ${targetYear} lies before the edition ${edition}`, String(targetYear));
    if (edition !== null && targetYear !== null && (basis === 'register' || basis === 'official') && publisher && variant && population > 0) {
      out.push({ edition, publisher, basis, variant, targetYear, population, source: col('source') >= 0 ? c[col('source')] || null : null });
    }
  });
  const seen = new Map<string, number>();
  out.forEach((v, i) => {
    const k = `${v.publisher}|${v.edition}|${v.variant}|${v.targetYear}`;
    if (seen.has(k)) problems.push({ code: 'PROJECTION_DUPLICATE', de: `doppelt: ${v.publisher} ${v.edition} ${v.variant} ${v.targetYear}`, en: `duplicate: ${v.publisher} ${v.edition} ${v.variant} ${v.targetYear}`, file, field: 'target_year' });
    seen.set(k, i);
  });
  if (problems.length) throw rejected(file, problems);
  if (out.length === 0) throw new LernortError('PROJECTION_EMPTY', `${file} enthält keine Prognosewerte.`, `${file} contains no forecast values.`, { status: 400, location: { file } });
  return out;
}

/** The 7th RBV PDF: yearly totals of both variants (table 5); component sums only warn. */
export async function parseRbvPdf(bytes: Uint8Array, file: string): Promise<{ values: PublishedValue[]; warnings: Problem[] }> {
  const r = readRbvTextLines(await pdfTextLines(bytes, file), file);
  if (r.errors.length) throw rejected(file, r.errors);
  const values: PublishedValue[] = [];
  for (const variant of ['V1', 'V2'] as const) {
    for (const [year, population] of r.totals[variant]) values.push({ edition: 2019, publisher: 'Statistisches Landesamt Sachsen, 7. RBV', basis: 'official', variant, targetYear: year, population, source: `${file}, Tabelle 5 / table 5` });
  }
  if (values.length === 0) throw rejected(file, [{ code: 'RBV_TABLE_MISSING', de: 'Tabelle 5 ohne Prognosejahre.', en: 'Table 5 without projection years.', file }]);
  const warnings: Problem[] = [{ code: 'RBV_ROUNDED', de: 'Ergebnisse auf 10 gerundet: Teile ergeben nicht immer die Summe; übernommen wie veröffentlicht, nicht korrigiert.', en: 'Results rounded to 10: parts need not add up to the total; taken as published, not corrected.', file }, ...r.warnings];
  return { values, warnings };
}

/**
 * Projected and published values are also stored as series variants of the observations module
 * (kind projection, with model, scenario, vintage and basis), so that GET /api/observations serves
 * them with forecast: true for years without actuals. Never into the observed variant.
 */
export interface VariantSeries { layer: string; indicator: string; model: string; scenario: string; vintage: number; basis: 'register' | 'official'; isDefault: boolean; runId?: number; values: Array<{ code: string; year: number; value: number }> }

export async function writeVariant(q: Queryable, v: VariantSeries): Promise<number> {
  if (v.values.length === 0) return 0;
  const variantId = await observations.ensureVariant(q, { kind: 'projection', model: v.model, scenario: v.scenario, vintage: v.vintage, basis: v.basis, label: `${v.model} ${v.scenario} (${v.vintage})`, isDefault: v.isDefault });
  const ind = await indicators.requireIndicator(q, v.indicator);
  const ids = new Map((await areas.listAreas(q, v.layer)).map((a) => [a.code, a.id]));
  const rows = v.values.filter((x) => ids.has(x.code)).map((x) => ({ areaId: ids.get(x.code)!, indicatorId: ind.id, period: String(x.year), value: x.value, estimated: true }));
  return (await observations.writeObservations(q, rows, { variantId, runId: v.runId ?? null })).written;
}

/** Base year (data cut-off) of a published edition: see launchYearOf in core (RBV 2018, Wegweiser 2012, city editions the year before). */
const vintageOf = (v: PublishedValue) => launchYearOf({ ...v, basis: v.basis });

export async function importPublished(db: Database, input: { bytes: Uint8Array; file: string; actor: { name: string }; dryRun?: boolean; layer?: string; code?: string }): Promise<PublishedImportReport> {
  const isPdf = input.file.toLowerCase().endsWith('.pdf') || Buffer.from(input.bytes.slice(0, 5)).toString('latin1') === '%PDF-';
  const parsed = isPdf ? await parseRbvPdf(input.bytes, input.file) : { values: parsePublishedCsv(input.bytes, input.file), warnings: [] as Problem[] };
  const city = input.layer && input.code ? { layer: input.layer, code: input.code } : await requireCity(db.pool);
  if (input.layer && input.code) await areas.requireArea(db.pool, input.layer, input.code);
  const fileHash = sha256(Buffer.from(input.bytes).toString('base64'));
  const report: PublishedImportReport = { file: input.file, format: isPdf ? 'rbv-pdf' : 'published-csv', rows: parsed.values.length, inserted: 0, updated: 0, warnings: parsed.warnings, dryRun: !!input.dryRun };
  if (input.dryRun) return report;
  await withTransaction(db, async (client) => {
    for (const v of parsed.values) {
      const fresh = await repo.upsertPublished(client, { layerKey: city.layer, areaCode: city.code, ...v, fileName: input.file, fileHash, createdBy: actorName(input.actor) });
      if (fresh) report.inserted++; else report.updated++;
    }
    const groups = new Map<string, PublishedValue[]>();
    for (const v of parsed.values) groups.set(`${v.publisher}|${v.edition}|${v.variant}`, [...(groups.get(`${v.publisher}|${v.edition}|${v.variant}`) ?? []), v]);
    for (const vs of groups.values()) {
      await writeVariant(client, { layer: city.layer, indicator: 'einwohner', model: `${vs[0].publisher} ${vs[0].edition}`, scenario: vs[0].variant, vintage: vintageOf(vs[0]), basis: vs[0].basis, isDefault: ['main', 'V1'].includes(vs[0].variant), values: vs.map((v) => ({ code: city.code, year: v.targetYear, value: v.population })) });
    }
  });
  return report;
}

export async function listPublished(q: Queryable) {
  return (await repo.listPublished(q)).map((r) => ({ id: r.id, layer: r.layer_key, code: r.area_code, edition: r.edition, publisher: r.publisher, basis: r.basis as 'register' | 'official', variant: r.variant, targetYear: r.target_year, population: r.population, source: r.source, file: r.file_name }));
}

// ---- Projection ------------------------------------------------------------------------------

export interface ProjectionParams {
  layer: string;
  indicator?: string;
  launchYear?: number;
  horizon?: number;
  areaMethod?: AreaMethod;
  basePeriod?: number;
  /** Relative development between these years (actuals first, then the projection). */
  from?: number;
  to?: number;
  /** Use imported published series with at least five target years as further control scenarios. */
  importedControls?: boolean;
  /** Count basis of the stored actuals (Leipzig's Ortsteile: the register). */
  basis?: 'register' | 'official';
}

export interface ProjectionResult {
  params: Required<Omit<ProjectionParams, 'launchYear'>> & { launchYear: number };
  city: { layer: string; code: string; name: string; actual: Array<{ year: number; value: number }>; scenarios: Array<{ scenario: string; control: 'own' | 'imported'; values: Array<{ year: number; value: number }>; relative: number | null }> };
  areas: Array<{ code: string; name: string; actual: Array<{ year: number; value: number }>; scenarios: Array<{ scenario: string; values: Array<{ year: number; value: number }>; relative: number | null }> }>;
  warnings: Array<{ code: string; de: string; en: string }>;
  inputHash: string;
  inputsVersion: { importIds: number[]; areas: number; years: [number, number]; published: number };
  method: Text;
  targetGroups: TargetGroupsResult;
}

// ---- Planning target groups ------------------------------------------------------------------

/** Leipzig's planning bands (METHODS.md §9); indicator keys as the age structure recognises them. */
export const PLANNING_BANDS: ReadonlyArray<{ key: string; from: number; to: number }> = [
  { key: 'einwohner_u6', from: 0, to: 6 }, { key: 'einwohner_6_10', from: 6, to: 10 }, { key: 'einwohner_10_15', from: 10, to: 15 },
  { key: 'einwohner_15_18', from: 15, to: 18 }, { key: 'einwohner_18_27', from: 18, to: 27 },
];

export interface TargetGroupsResult {
  /** The bands projected (youngest first); estimated = derived from ratios and/or split. */
  bands: Array<{ key: string; from: number; to: number | null; label: Text; estimated: boolean; how: Text }>;
  /** Base-layer areas and planning areas (groupings of them, found by the layer's role). */
  areas: Array<{ layer: string; code: string; name: string; bands: Array<{ key: string; estimated: boolean; shareYear: number; share: number | null; scenarios: Array<{ scenario: string; values: Array<{ year: number; value: number }> }> }> }>;
  planningLayers: Array<{ key: string; name: Text }>;
  notes: Text[];
}

/** Grouping layers whose members are the areas of `layer` (the youth planning areas over the Ortsteile). */
async function planningLayersOf(q: Queryable, layer: string) {
  return (await areas.listLayers(q)).filter((l) => l.kind === 'grouping' && l.member_key === layer);
}

/**
 * The target groups of a projection: each band's share of the area's total at the latest year with
 * both (at or before the launch year), times the area's projected total per scenario. Counted bands
 * of the layer (those starting below 27, the youth-planning ages) are used as they are; where the
 * layer has only the youth and old-age ratios (Leipzig's Ortsteile), the estimated under-15 group is
 * split into under 6, 6–<10 and 10–<15 by single years of age (uniform within the group), unless
 * the city has counted those bands, whose shares of its under-15 count are then used.
 */
async function targetGroupsOf(q: Queryable, layer: string, projected: Array<{ code: string; name: string; actual: Map<number, number>; scenarios: Array<{ scenario: string; values: Map<number, number> }> }>, launchYear: number, city: { layer: string; code: string }): Promise<TargetGroupsResult> {
  const out: TargetGroupsResult = { bands: [], areas: [], planningLayers: [], notes: [] };
  const youth = AGE_BAND_INDICATORS.filter((b) => b.from < 27);
  const present = await indicatorsOnLayer(q, layer, [...youth.map((b) => b.key), 'jugendquote', 'altenquote']);
  const counted = youth.filter((b) => present.includes(b.key));
  const input = new Map(projected.map((a) => [a.code, { id: a.code, total: a.actual, projected: a.scenarios, bands: [] as Parameters<typeof projectTargetGroups>[0]['areas'][number]['bands'][number][] }]));
  const seen = new Set<string>();
  for (const b of counted) {
    if (seen.has(b.from + '|' + b.to)) continue;
    seen.add(b.from + '|' + b.to);
    for (const s of (await seriesByArea(q, layer, b.key)).areas) input.get(s.code)?.bands.push({ key: b.key, from: b.from, to: b.to, values: s.values, estimated: false });
    out.bands.push({ key: b.key, from: b.from, to: b.to, label: bandLabel(b.from, b.to), estimated: false, how: { de: 'gezählt; Anteil an der Einwohnerzahl des Gebiets konstant fortgeschrieben', en: 'counted; its share of the area’s population held constant' } });
  }
  const hasUnder15Split = counted.some((b) => b.to !== null && b.to <= 15);
  if (!hasUnder15Split && present.includes('jugendquote') && present.includes('altenquote')) {
    const j = new Map((await seriesByArea(q, layer, 'jugendquote')).areas.map((a) => [a.code, a.values]));
    const a = new Map((await seriesByArea(q, layer, 'altenquote')).areas.map((x) => [x.code, x.values]));
    // Shares inside under 15: the city's counted planning bands if it has them, else uniform by single years.
    const cityBands = await indicatorsOnLayer(q, city.layer, PLANNING_BANDS.slice(0, 3).map((b) => b.key));
    let split = uniformSplit(0, 15, PLANNING_BANDS.slice(0, 3));
    let how: Text = { de: 'geschätzt: unter 15 aus Einwohnerzahl, Jugend- und Altenquote abgeleitet, nach Altersjahren gleichmäßig geteilt (6/15, 4/15, 5/15), Anteil konstant', en: 'estimated: under 15 derived from population, youth and old-age ratios, split evenly by single years of age (6/15, 4/15, 5/15), share held constant' };
    if (cityBands.length === 3) {
      const series = await Promise.all(PLANNING_BANDS.slice(0, 3).map(async (b) => (await seriesByArea(q, city.layer, b.key)).areas.find((x) => x.code === city.code)?.values ?? new Map<number, number>()));
      const years = [...series[0].keys()].filter((y) => y <= launchYear && series.every((m) => m.has(y))).sort((x, y) => y - x);
      if (years.length) {
        const sum = series.reduce((t, m) => t + m.get(years[0])!, 0);
        if (sum > 0) {
          split = PLANNING_BANDS.slice(0, 3).map((b, i) => ({ ...b, weight: series[i].get(years[0])! / sum }));
          how = { de: `geschätzt: unter 15 aus Einwohnerzahl, Jugend- und Altenquote abgeleitet, geteilt nach den Anteilen der Gesamtstadt ${years[0]}, Anteil konstant`, en: `estimated: under 15 derived from population, youth and old-age ratios, split by the city’s shares in ${years[0]}, share held constant` };
        }
      }
    }
    for (const p of projected) {
      const js = j.get(p.code);
      const as = a.get(p.code);
      if (!js || !as) continue;
      const young = new Map<number, number>();
      for (const [y, total] of p.actual) if (js.has(y) && as.has(y)) young.set(y, deriveBroadAgeGroups({ total, youthRatio: js.get(y)!, oldAgeRatio: as.get(y)! }).young.value);
      for (const b of split) input.get(p.code)!.bands.push({ key: b.key, from: b.from, to: b.to, values: young, weight: b.weight, estimated: true });
    }
    for (const b of split) out.bands.push({ key: b.key, from: b.from, to: b.to, label: bandLabel(b.from, b.to), estimated: true, how });
    out.notes.push(
      { de: 'Die Planungsgruppen unter 6, 6 bis unter 10 und 10 bis unter 15 sind Schätzungen: je Ortsteil ist nur die Gruppe unter 15 aus den zwei Quoten ableitbar; ihr Anteil an der Einwohnerzahl (letztes Jahr mit Quoten) wird auf die projizierte Einwohnerzahl angewandt.', en: 'The planning groups under 6, 6 to under 10 and 10 to under 15 are estimates: per Ortsteil only the group under 15 can be derived from the two ratios; its share of the population (latest year with ratios) is applied to the projected population.' },
      { de: '15 bis unter 18 und 18 bis unter 27 werden nicht geschätzt: die Daten kennen nur die Gruppe 15 bis unter 65, und eine gleichmäßige Teilung wäre in einer Universitätsstadt grob falsch.', en: '15 to under 18 and 18 to under 27 are not estimated: the data know only the group 15 to under 65, and an even split would be badly wrong in a university city.' },
    );
  }
  if (out.bands.length === 0) {
    out.notes.push({ de: 'Keine Zielgruppen: die Ebene hat weder Altersgruppen unter 27 Jahren noch Jugend- und Altenquote.', en: 'No target groups: the layer has neither age bands under 27 nor youth and old-age ratios.' });
    return out;
  }
  out.bands.sort((x, y) => x.from - y.from || (x.to ?? 999) - (y.to ?? 999));
  const per = projectTargetGroups({ launchYear, areas: [...input.values()] });
  const names = new Map(projected.map((p) => [p.code, p.name]));
  const pts = (r: TargetAreaResult) => r.bands.map((b) => ({ key: b.key, estimated: b.estimated, shareYear: b.shareYear, share: b.share, scenarios: b.scenarios.map((s) => ({ scenario: s.scenario, values: seriesPoints(s.values) })) }));
  for (const r of per) out.areas.push({ layer, code: r.id, name: names.get(r.id) ?? r.id, bands: pts(r) });
  const links = await areas.listLinks(q);
  for (const pl of await planningLayersOf(q, layer)) {
    out.planningLayers.push({ key: pl.key, name: { de: pl.name_de, en: pl.name_en } });
    const groups = (await areas.listAreas(q, pl.key)).map((g) => ({ id: g.code, name: g.name, members: links.filter((l) => l.group_layer === pl.key && l.group_code === g.code && l.member_layer === layer).map((l) => l.member_code) }));
    const sums = sumTargetGroups(groups, per);
    for (const r of sums.groups) out.areas.push({ layer: pl.key, code: r.id, name: groups.find((g) => g.id === r.id)!.name, bands: pts(r) });
    if (sums.incomplete.length) out.notes.push({ de: `${pl.name_de}: ${sums.incomplete.length} Gruppe(n) ohne Summe, weil Gebiete fehlen (${sums.incomplete.slice(0, 3).map((x) => `${x.id} ${x.key}`).join(', ')}).`, en: `${pl.name_en}: ${sums.incomplete.length} group(s) without a sum because areas are missing (${sums.incomplete.slice(0, 3).map((x) => `${x.id} ${x.key}`).join(', ')}).` });
  }
  return out;
}

// A projection and a backtest read whole series and run every method: computed once per data
// version (imports, stored variants and publications change it) and shared by the profile pages.
const computed = new VersionedCache(64);

/** A projection without storing it (the same inputs give the same answer until the data change). */
export function computeProjection(q: Queryable, p: ProjectionParams): Promise<ProjectionResult> {
  return computed.get(q, `projection|${JSON.stringify(p)}`, () => projectionOf(q, p));
}

async function projectionOf(q: Queryable, p: ProjectionParams): Promise<ProjectionResult> {
  const indicator = p.indicator ?? 'einwohner';
  await areas.requireLayer(q, p.layer);
  const city = await requireCity(q);
  const base = await seriesByArea(q, p.layer, indicator);
  const { series: citySeries, summed } = await citySeriesOf(q, city, base.areas, indicator);
  if (!citySeries || base.areas.length === 0) {
    throw new LernortError('DEMOGRAPHY_NO_DATA', `Für „${indicator}“ gibt es auf den Ebenen „${city.layer}“ und „${p.layer}“ keine Jahreswerte.`, `There are no yearly values of "${indicator}" on the layers "${city.layer}" and "${p.layer}".`, { status: 422 });
  }
  const cityFilled = interpolateGaps(citySeries.values);
  const filledYears = cityFilled.filled;
  const cityValues = cityFilled.values;
  const areaValues = new Map(base.areas.map((a) => [a.code, interpolateGaps(a.values).values]));
  const lastYear = Math.max(...citySeries.values.keys());
  const launchYear = p.launchYear ?? lastYear;
  const basePeriod = p.basePeriod ?? 5;
  const horizon = p.horizon ?? DEFAULT_HORIZON;
  const usable = base.areas.filter((a) => areaValues.get(a.code)!.has(launchYear) && areaValues.get(a.code)!.has(launchYear - basePeriod));
  const dropped = base.areas.filter((a) => !usable.includes(a));
  const cityHistory = new Map([...cityValues].filter(([y]) => y <= launchYear));
  const published = p.importedControls === false ? [] : await listPublished(q);
  const basis = p.basis ?? 'register';
  const controls = new Map<string, { series: Map<number, number>; otherBasis: boolean }>();
  const groups = new Map<string, typeof published>();
  // Short scenario names: "7. RBV V1" for the state office, else publisher, edition and variant.
  const nameOf = (r: (typeof published)[number]) => {
    const m = /(\d+\. RBV)/.exec(r.publisher);
    return m ? `${m[1]} ${r.variant}` : `${r.publisher} ${r.edition} ${r.variant}`;
  };
  for (const r of published.filter((x) => x.layer === city.layer && x.code === city.code)) groups.set(nameOf(r), [...(groups.get(nameOf(r)) ?? []), r]);
  for (const [name, rows] of groups) {
    if (rows.length < 5) continue; // a few press figures are a check, not a control series
    const series = new Map(rows.map((r) => [r.targetYear, r.population]));
    const otherBasis = rows[0].basis !== basis;
    // Another basis needs an anchor at the launch year: the state office's own value, if published.
    controls.set(name, { series, otherBasis });
  }
  const runs: ScenarioProjection[] = projectAreasByScenario({
    cityHistory, areas: usable.map((a) => ({ id: a.code, values: new Map([...areaValues.get(a.code)!].filter(([y]) => y <= launchYear)) })),
    launchYear, horizon, importedControls: controls, areaMethod: p.areaMethod ?? 'constant-share', areaBasePeriod: basePeriod,
  });
  const from = p.from ?? (citySeries.values.has(2012) ? 2012 : Math.min(...citySeries.values.keys()));
  const to = p.to ?? Math.min(2030, horizon);
  const warnings = runs.flatMap((r) => r.warnings);
  if (filledYears.length) warnings.push({ code: 'DEMOGRAPHY_INTERPOLATED', de: `Fehlende Jahre ${filledYears.join(', ')} für die Trendberechnung linear zwischen den Nachbarjahren ergänzt (nicht als Ist-Werte gespeichert).`, en: `Missing years ${filledYears.join(', ')} filled linearly between their neighbours for the trends (not stored as actuals).` });
  if (summed) warnings.push({ code: 'DEMOGRAPHY_CITY_SUMMED', de: `Keine gespeicherten Werte der Gesamtstadt: die Stadt ist die Summe der Gebiete der Ebene „${p.layer}“ (Jahre, in denen alle Gebiete Werte haben).`, en: `No stored values for the whole city: the city is the sum of the areas of layer "${p.layer}" (years in which every area has a value).` });
  if (dropped.length) warnings.push({ code: 'DEMOGRAPHY_AREA_SKIPPED', de: `${dropped.length} Gebiet(e) ohne Werte für ${launchYear - basePeriod} und ${launchYear} nicht fortgeschrieben: ${dropped.map((a) => a.name).join(', ')}.`, en: `${dropped.length} area(s) without values for ${launchYear - basePeriod} and ${launchYear} not projected: ${dropped.map((a) => a.name).join(', ')}.` });
  const inputHash = sha256(JSON.stringify({ indicator, city: seriesPoints(cityHistory), areas: usable.map((a) => [a.code, seriesPoints(a.values)]), controls: [...controls].map(([k, v]) => [k, seriesPoints(v.series), v.otherBasis]) }));
  const years = [...citySeries.values.keys()];
  const targetGroups = indicator === 'einwohner'
    ? await targetGroupsOf(q, p.layer, usable.map((a) => ({ code: a.code, name: a.name, actual: a.values, scenarios: runs.map((r) => ({ scenario: r.scenario, values: r.areas.find((x) => x.id === a.code)?.values ?? new Map<number, number>() })) })), launchYear, city)
    : { bands: [], areas: [], planningLayers: [], notes: [] };
  return {
    targetGroups,
    params: { layer: p.layer, indicator, launchYear, horizon, areaMethod: p.areaMethod ?? 'constant-share', basePeriod, from, to, importedControls: p.importedControls !== false, basis },
    city: {
      ...city, actual: seriesPoints(citySeries.values),
      scenarios: runs.map((r) => ({ scenario: r.scenario, control: r.control, values: seriesPoints(r.city), relative: relativeDevelopment(citySeries.values, r.city, from, to) })),
    },
    areas: usable.map((a) => ({
      code: a.code, name: a.name, actual: seriesPoints(a.values),
      scenarios: runs.map((r) => {
        const v = r.areas.find((x) => x.id === a.code)?.values ?? new Map<number, number>();
        return { scenario: r.scenario, values: seriesPoints(v), relative: relativeDevelopment(a.values, v, from, to) };
      }),
    })),
    warnings,
    inputHash,
    inputsVersion: { importIds: base.importIds, areas: usable.length, years: [Math.min(...years), Math.max(...years)], published: published.length },
    method: {
      de: `Gesamtstadt: Mittel aus linearen und exponentiellen Trends über 1, 2, 3, 5 und 10 Jahre (im Rückblick gewählt), Korridor niedrig/hoch = halbes/anderthalbfaches Wachstum; Gebiete: ${p.areaMethod ?? 'constant-share'} mit Basiszeitraum ${basePeriod} Jahre, auf die Stadtsumme abgestimmt.`,
      en: `City: average of linear and exponential trends over 1, 2, 3, 5 and 10 years (chosen in the backtest), corridor low/high = half/one and a half times the growth; areas: ${p.areaMethod ?? 'constant-share'} with a ${basePeriod}-year base period, controlled to the city total.`,
    },
  };
}

export interface StoredRun<T> { id: number; kind: string; layer: string; params: Record<string, unknown>; seed: number | null; inputHash: string; inputsVersion: Record<string, unknown>; summary: Record<string, unknown>; results: T; createdBy: string; createdAt: string }

const toRun = <T>(r: repo.RunRow): StoredRun<T> => ({ id: r.id, kind: r.kind, layer: r.layer_key, params: r.params, seed: r.seed, inputHash: r.input_hash, inputsVersion: r.inputs_version, summary: r.summary, results: r.results as T, createdBy: r.created_by, createdAt: r.created_at });

export async function createProjectionRun(db: Database, p: ProjectionParams, actor: { name: string }): Promise<StoredRun<ProjectionResult>> {
  // Computed afresh, never from the cache: a stored run (and its reproduction) is a new computation.
  const result = await projectionOf(db.pool, p);
  const medium = result.city.scenarios.find((s) => s.scenario === 'medium');
  const summary = { launchYear: result.params.launchYear, horizon: result.params.horizon, areas: result.areas.length, scenarios: result.city.scenarios.map((s) => s.scenario), cityMedium2030: medium?.values.find((v) => v.year === 2030)?.value ?? null, relativeMedium: medium?.relative ?? null, from: result.params.from, to: result.params.to };
  const row = await withTransaction(db, async (client) => {
    const stored = await repo.insertRun(client, { kind: 'projection', layer_key: p.layer, params: result.params, seed: null, input_hash: result.inputHash, inputs_version: result.inputsVersion, summary, results: result as unknown as Record<string, unknown>, created_by: actorName(actor) });
    // One model per method; a newer run of the same vintage replaces its values (run_id says which run).
    const model = `lernort trend-average + ${result.params.areaMethod}/1`;
    for (const s of result.city.scenarios) {
      const base = { indicator: result.params.indicator, model, scenario: s.scenario, vintage: result.params.launchYear, basis: result.params.basis, isDefault: s.scenario === 'medium', runId: stored.id };
      await writeVariant(client, { ...base, layer: result.city.layer, values: s.values.map((v) => ({ code: result.city.code, year: v.year, value: v.value })) });
      await writeVariant(client, { ...base, layer: p.layer, values: result.areas.flatMap((a) => (a.scenarios.find((x) => x.scenario === s.scenario)?.values ?? []).map((v) => ({ code: a.code, year: v.year, value: v.value }))) });
    }
    // The target groups: one indicator per band (the keys the age structure and planning norms use),
    // on the base layer and on each planning-area layer, as variants of the same model and scenario.
    for (const band of result.targetGroups.bands) {
      await ensureBandIndicator(client, band.key, band.from, band.to);
      const layers = [...new Set(result.targetGroups.areas.map((a) => a.layer))];
      for (const s of result.city.scenarios) {
        for (const layer of layers) {
          const values = result.targetGroups.areas.filter((a) => a.layer === layer).flatMap((a) => (a.bands.find((b) => b.key === band.key)?.scenarios.find((x) => x.scenario === s.scenario)?.values ?? []).map((v) => ({ code: a.code, year: v.year, value: v.value })));
          await writeVariant(client, { indicator: band.key, model, scenario: s.scenario, vintage: result.params.launchYear, basis: result.params.basis, isDefault: s.scenario === 'medium', runId: stored.id, layer, values });
        }
      }
    }
    return stored;
  });
  return toRun(row);
}

/** A band's indicator (a count of residents) is created when a projection first writes it; existing ones are left as they are. */
async function ensureBandIndicator(q: Queryable, key: string, from: number, to: number | null): Promise<void> {
  if ((await indicators.listIndicatorIds(q)).some((i) => i.key === key)) return;
  const l = bandLabel(from, to);
  await indicators.saveIndicator(q, {
    key, name: `Einwohner ${l.de}`, nameEn: `Residents ${l.en}`, description: 'Altersgruppe der Jugendhilfe- und Schulplanung; Werte aus Projektionen (Varianten), geschätzt, wo abgeleitet.', descriptionEn: 'Age band of youth and school planning; values from projections (variants), estimated where derived.',
    unit: 'Personen', unitEn: 'persons', topic: 'bevoelkerung', polarity: 'neutral', kind: 'count', scale: 1, decimals: 0, suppressionK: 2,
  });
}

export async function listRuns(q: Queryable, kind?: string, layer?: string) {
  return (await repo.listRuns(q, kind, layer)).map((r) => ({ id: r.id, kind: r.kind, layer: r.layer_key, params: r.params, seed: r.seed, inputHash: r.input_hash, inputsVersion: r.inputs_version, summary: r.summary, createdBy: r.created_by, createdAt: r.created_at }));
}

export async function getRun(q: Queryable, id: number): Promise<StoredRun<unknown>> {
  const r = await repo.getRun(q, id);
  if (!r) throw notFound('Demografie-Lauf / demography run', String(id));
  return toRun(r);
}

/** Repeats a stored run with its own parameters and seed; says whether inputs and results match. */
export async function reproduceRun(db: Database, id: number, actor: { name: string }): Promise<{ run: StoredRun<unknown>; sameInputs: boolean; identical: boolean }> {
  const old = await getRun(db.pool, id);
  const run = old.kind === 'projection'
    ? await createProjectionRun(db, old.params as unknown as ProjectionParams, actor)
    : await createTypologyRun(db, old.params as unknown as TypologyParams, actor);
  const strip = (r: unknown) => JSON.stringify(r, (k, v) => (k === 'model' ? undefined : v));
  return { run, sameInputs: run.inputHash === old.inputHash, identical: run.inputHash === old.inputHash && strip(run.results) === strip(old.results) };
}

// ---- Backtest --------------------------------------------------------------------------------

export interface BacktestReport {
  layer: string;
  backtest: LeipzigBacktest;
  runs: Array<{ launchYear: number; targets: number[] }>;
  chosen: { city: string; areas: string };
  text: string;
  /** Where the published forecasts came from. */
  publishedSource: 'database' | 'none';
  /** BASIS_MISMATCH per published series of another basis than the actuals; interpolation, shorter horizon. */
  warnings: Array<{ code: string; de: string; en: string }>;
}

/** The basis bridge of issue 14: 31.12.2018, official 587,857 vs register 596,517 (Leipzig). */
export const LEIPZIG_BASIS_BRIDGE = { year: 2018, official: 587857, register: 596517 };

export function backtest(q: Queryable, input: { layer: string; published?: PublishedForecast[] }): Promise<BacktestReport> {
  return computed.get(q, `backtest|${JSON.stringify(input)}`, () => backtestOf(q, input));
}

async function backtestOf(q: Queryable, input: { layer: string; published?: PublishedForecast[] }): Promise<BacktestReport> {
  const city = await requireCity(q);
  const base = await seriesByArea(q, input.layer, 'einwohner');
  const citySeries = (await citySeriesOf(q, city, base.areas, 'einwohner')).series;
  if (!citySeries || base.areas.length === 0) throw new LernortError('DEMOGRAPHY_NO_DATA', `Für „einwohner“ gibt es auf „${city.layer}“ und „${input.layer}“ keine Jahreswerte.`, `There are no yearly values of "einwohner" on "${city.layer}" and "${input.layer}".`, { status: 422 });
  const j = await seriesByArea(q, input.layer, 'jugendquote');
  const a = await seriesByArea(q, input.layer, 'altenquote');
  const broadGroups = new Map<string, Map<number, BroadGroupsByYear>>();
  for (const ar of base.areas) {
    const js = j.areas.find((x) => x.code === ar.code)?.values;
    const as = a.areas.find((x) => x.code === ar.code)?.values;
    if (!js || !as) continue;
    const m = new Map<number, BroadGroupsByYear>();
    for (const [y, total] of ar.values) {
      if (!js.has(y) || !as.has(y)) continue;
      const g = deriveBroadAgeGroups({ total, youthRatio: js.get(y)!, oldAgeRatio: as.get(y)! });
      m.set(y, { young: g.young.value, working: g.working.value, old: g.old.value });
    }
    broadGroups.set(ar.code, m);
  }
  const stored = input.published ?? (await listPublished(q)).filter((r) => r.layer === city.layer && r.code === city.code).map((r) => ({ edition: r.edition, publisher: r.publisher, basis: r.basis, variant: r.variant, targetYear: r.targetYear, population: r.population }));
  const years = [...citySeries.values.keys()].sort((x, y) => x - y);
  const lo = years[0];
  const hi = years[years.length - 1];
  const leipzigFits = LEIPZIG_RUNS.every((r) => r.launchYear - 10 >= lo && r.targets.every((t) => t <= hi) && years.includes(r.launchYear));
  // Otherwise the runs the data allow (backtestRunsFor).
  const runs = leipzigFits ? LEIPZIG_RUNS : backtestRunsFor(years);
  if (runs.length === 0) {
    throw new LernortError('DEMOGRAPHY_BACKTEST_SHORT', `Ein Rückblicktest braucht Einwohnerzahlen über mindestens 6 Jahre (5 Jahre Basis, dann ein Prognosejahr); vorhanden: ${lo}–${hi}.`, `A backtest needs population counts over at least 6 years (a 5-year base, then a forecast year); available: ${lo}–${hi}.`, { status: 422 });
  }
  // Gaps between observed years (Flensburg 2012–2016) are filled linearly; every launch is an
  // observed year, so a filled year before it depends only on years up to the launch (no look-ahead).
  const filled = interpolateGaps(citySeries.values);
  const warnings: Array<{ code: string; de: string; en: string }> = [];
  if (filled.filled.length) warnings.push({ code: 'DEMOGRAPHY_INTERPOLATED', de: `Fehlende Jahre ${filled.filled.join(', ')} für die Trendberechnung linear zwischen den Nachbarjahren ergänzt (nicht als Ist-Werte gespeichert); Zieljahre sind nur beobachtete Jahre.`, en: `Missing years ${filled.filled.join(', ')} filled linearly between their neighbours for the trends (not stored as actuals); targets are observed years only.` });
  if (!leipzigFits) warnings.push({ code: 'DEMOGRAPHY_BACKTEST_HORIZON', de: `Kürzerer Rückblicktest: Daten ${lo}–${hi}; Start ${runs.map((r) => r.launchYear).join(' und ')}, längster Horizont ${Math.max(...runs.map((r) => Math.max(...r.targets) - r.launchYear))} Jahre.`, en: `Shorter backtest: data ${lo}–${hi}; launch ${runs.map((r) => r.launchYear).join(' and ')}, longest horizon ${Math.max(...runs.map((r) => Math.max(...r.targets) - r.launchYear))} years.` });
  const areasInput = base.areas.map((x) => ({ id: x.code, values: leipzigFits ? x.values : interpolateGaps(x.values).values }));
  const cityInput = leipzigFits ? citySeries.values : filled.values;
  const bt: LeipzigBacktest = leipzigFits
    ? backtestLeipzig({ city: citySeries.values, areas: areasInput, broadGroups, published: stored, basisBridge: LEIPZIG_BASIS_BRIDGE })
    : { ...runBacktest({ city: cityInput, areas: areasInput, broadGroups, runs }), published: [], notYetCheckable: stored, warnings: [] };
  const names = new Map(base.areas.map((x) => [x.code, x.name]));
  for (const e of bt.areas) for (const p of e.perArea) (p as { name?: string }).name = names.get(p.id) ?? p.id;
  return { layer: input.layer, backtest: bt, runs, chosen: { city: CHOSEN_CITY_METHOD, areas: CHOSEN_AREA_METHOD }, text: formatBacktest(bt), publishedSource: input.published ? 'none' : stored.length ? 'database' : 'none', warnings: [...warnings, ...bt.warnings] };
}

/** The summary the profile shows: the chosen method's errors beside the naive baselines and the published forecasts. */
export function backtestSummary(r: BacktestReport, code?: string) {
  const naiveCity = 'naive: constant (last observed)';
  const naiveTrend = 'naive: linear, last 5 years';
  const naiveArea = 'naive: constant (last observed)';
  return r.runs.flatMap((run) => run.targets.map((target) => {
    const c = (m: string) => r.backtest.city.find((e) => e.method === m && e.launchYear === run.launchYear && e.target === target);
    const ar = (m: string) => r.backtest.areas.find((e) => e.method === m && e.launchYear === run.launchYear && e.target === target);
    const chosen = ar(CHOSEN_AREA_METHOD);
    const naive = ar(naiveArea);
    return {
      launchYear: run.launchYear, target, horizon: target - run.launchYear,
      city: { chosen: c(CHOSEN_CITY_METHOD)?.pe ?? null, naiveConstant: c(naiveCity)?.pe ?? null, naiveTrend: c(naiveTrend)?.pe ?? null },
      areas: { chosenMape: chosen?.summary.mape ?? null, chosenMalpe: chosen?.summary.malpe ?? null, naiveMape: naive?.summary.mape ?? null, naiveMalpe: naive?.summary.malpe ?? null },
      area: code ? { chosen: chosen?.perArea.find((x) => x.id === code)?.pe ?? null, naive: naive?.perArea.find((x) => x.id === code)?.pe ?? null } : null,
      published: r.backtest.published.filter((p) => p.launchYear === run.launchYear && p.targetYear === target).map((p) => ({ edition: p.edition, publisher: p.publisher, variant: p.variant, basis: p.basis, population: p.population, pe: p.pe, peBridged: p.peBridged ?? null, bandMiss: p.bandMiss ?? null, warning: p.warning ?? null })),
    };
  }));
}

// ---- Typology --------------------------------------------------------------------------------

export interface TypologyParams {
  layer: string;
  /** Indicator keys; `entwicklung_5j` is derived: change of einwohner over five years in %. */
  indicators?: string[];
  period?: number;
  k?: number;
  kMax?: number;
  restarts?: number;
  bootstrap?: number;
  seed?: number;
}

export const GROWTH_KEY = 'entwicklung_5j';
const TYPOLOGY_CANDIDATES = ['durchschnittsalter', 'jugendquote', 'altenquote', 'altenquotient', 'auslaenderanteil', 'einwohner_anteil_unter18', GROWTH_KEY];

export interface TypologyRunResult {
  params: Required<Omit<TypologyParams, 'k'>> & { k: number | null };
  indicators: Array<{ key: string; de: string; en: string }>;
  areas: Array<{ code: string; name: string; cluster: number | null; values: Record<string, number | null> }>;
  k: number; kChoice: Array<{ k: number; gap: number; silhouette: number }>; silhouette: number; withinSS: number;
  stability: { meanAri: number; minAri: number | null; resamples: number }; start: string;
  profiles: Array<{ label: number; size: number; meanZ: Record<string, number>; de: string; en: string }>;
  excluded: Array<{ code: string; name: string }>;
  inputHash: string;
  inputsVersion: { importIds: number[]; period: number };
}

export async function computeTypology(q: Queryable, p: TypologyParams): Promise<TypologyRunResult> {
  await areas.requireLayer(q, p.layer);
  const present = await indicatorsOnLayer(q, p.layer, [...TYPOLOGY_CANDIDATES, 'einwohner', 'einwohner_unter18']);
  const available = TYPOLOGY_CANDIDATES.filter((k) => (k === GROWTH_KEY ? present.includes('einwohner') : k === 'einwohner_anteil_unter18' ? present.includes('einwohner_unter18') && present.includes('einwohner') : present.includes(k)));
  const series = new Map<string, Map<string, Map<number, number>>>();
  const importIds = new Set<number>();
  const load = async (key: string) => {
    if (series.has(key)) return series.get(key)!;
    const s = await seriesByArea(q, p.layer, key);
    s.importIds.forEach((i) => importIds.add(i));
    const m = new Map(s.areas.map((a) => [a.code, a.values]));
    series.set(key, m);
    return m;
  };
  const all = await areas.listAreas(q, p.layer);
  const valueOf = async (key: string, code: string, year: number): Promise<number | null> => {
    if (key === GROWTH_KEY) {
      const e = (await load('einwohner')).get(code);
      // Five years back; four when the city skipped that year (Flensburg: 2011, 2017–2021).
      const a = e?.get(year - 5) ?? e?.get(year - 4);
      const b = e?.get(year);
      return a && b !== undefined ? (100 * (b - a)) / a : null;
    }
    if (key === 'einwohner_anteil_unter18') {
      const u = (await load('einwohner_unter18')).get(code)?.get(year);
      const e = (await load('einwohner')).get(code)?.get(year);
      return u !== undefined && e ? (100 * u) / e : null;
    }
    return (await load(key)).get(code)?.get(year) ?? null;
  };
  const countAt = async (k: string, y: number) => {
    let n = 0;
    for (const a of all) if ((await valueOf(k, a.code, y)) !== null) n++;
    return n;
  };
  let keys = p.indicators;
  let period = p.period;
  if (!keys) {
    // Default: the year that offers the most candidate indicators (at least 3 areas each); later wins ties.
    const years = new Set<number>();
    for (const k of available) for (const m of (await load(k === GROWTH_KEY || k === 'einwohner_anteil_unter18' ? 'einwohner' : k)).values()) for (const y of m.keys()) years.add(y);
    let best: { year: number; keys: string[] } | null = null;
    for (const y of [...years].sort((a, b) => b - a)) {
      if (period !== undefined && y !== period) continue;
      const ks: string[] = [];
      for (const k of available) if ((await countAt(k, y)) >= 3) ks.push(k);
      if (!best || ks.length > best.keys.length) best = { year: y, keys: ks };
    }
    keys = best && best.keys.length >= 2 ? best.keys : available;
    if (best && best.keys.length >= 2) period = best.year;
  }
  const info = await indicatorInfo(q, keys);
  const indicators = keys.map((k) => {
    if (k === GROWTH_KEY) return { key: k, de: 'Bevölkerungsentwicklung über 5 Jahre (4, wo ein Jahr fehlt), %', en: 'Population change over 5 years (4 where a year is missing), %' };
    if (k === 'einwohner_anteil_unter18') return { key: k, de: 'Anteil unter 18 Jahre', en: 'Share under 18' };
    const i = info.find((x) => x.key === k);
    if (!i) throw notFound('Indikator / indicator', k);
    return { key: k, de: i.name_de, en: i.name_en };
  });
  if (period === undefined) {
    // The latest year in which at least three areas have every indicator.
    const candidates = new Set<number>();
    for (const k of keys!) for (const m of (await load(k === GROWTH_KEY || k === 'einwohner_anteil_unter18' ? 'einwohner' : k)).values()) for (const y of m.keys()) candidates.add(y);
    for (const y of [...candidates].sort((a, b) => b - a)) {
      let n = 0;
      for (const a of all) if ((await Promise.all(keys!.map((k) => valueOf(k, a.code, y)))).every((v) => v !== null)) n++;
      if (n >= 3) { period = y; break; }
    }
  }
  if (period === undefined) throw new LernortError('TYPOLOGY_INPUT', 'Für eine Typisierung braucht es mindestens 3 Gebiete mit allen Merkmalen in einem Jahr.', 'A typology needs at least 3 areas with every indicator in one year.', { status: 422 });
  const values = await Promise.all(all.map((a) => Promise.all(keys.map((k) => valueOf(k, a.code, period!)))));
  const seed = p.seed ?? 1;
  const restarts = p.restarts ?? 50;
  const bootstrap = p.bootstrap ?? 50;
  const kMax = p.kMax ?? 8;
  const r = typology({ areaIds: all.map((a) => a.code), indicators, values, k: p.k, kMax, restarts, bootstrap, seed });
  const label = new Map(r.areaIds.map((id, i) => [id, r.labels[i]]));
  return {
    params: { layer: p.layer, indicators: keys, period, k: p.k ?? null, kMax, restarts, bootstrap, seed },
    indicators,
    areas: all.map((a, i) => ({ code: a.code, name: a.name, cluster: label.get(a.code) ?? null, values: Object.fromEntries(keys.map((k, j) => [k, values[i][j]])) })),
    k: r.k, kChoice: r.kChoice, silhouette: r.silhouette, withinSS: r.withinSS,
    stability: { meanAri: r.stability.meanAri, minAri: Number.isFinite(r.stability.minAri) ? r.stability.minAri : null, resamples: r.stability.resamples }, start: r.start,
    profiles: r.profiles.map((x) => ({ label: x.label, size: x.size, meanZ: x.meanZ, de: x.de, en: x.en })),
    excluded: r.excluded.map((code) => ({ code, name: all.find((a) => a.code === code)?.name ?? code })),
    inputHash: sha256(JSON.stringify({ keys, period, values, codes: all.map((a) => a.code) })),
    inputsVersion: { importIds: [...importIds].sort((a, b) => a - b), period },
  };
}

export async function createTypologyRun(db: Database, p: TypologyParams, actor: { name: string }): Promise<StoredRun<TypologyRunResult>> {
  const result = await computeTypology(db.pool, p);
  const row = await repo.insertRun(db.pool, {
    kind: 'typology', layer_key: p.layer, params: result.params, seed: result.params.seed, input_hash: result.inputHash, inputs_version: result.inputsVersion,
    summary: { k: result.k, silhouette: result.silhouette, stability: result.stability.meanAri, period: result.params.period, areas: result.areas.length, excluded: result.excluded.length },
    results: result as unknown as Record<string, unknown>, created_by: actorName(actor),
  });
  return toRun(row);
}

/** The newest stored typology of a layer, or a fresh one (not stored) when there is none. */
export async function latestTypology(q: Queryable, layer: string): Promise<{ stored: boolean; runId: number | null; result: TypologyRunResult }> {
  const r = await repo.latestRun(q, 'typology', layer);
  if (r) return { stored: true, runId: r.id, result: r.results as unknown as TypologyRunResult };
  return { stored: false, runId: null, result: await computeTypology(q, { layer }) };
}

// ---- The profile's demography section ----------------------------------------------------------

export async function areaDemography(q: Queryable, layer: string, code: string) {
  const age = await ageStructure(q, layer, code);
  let projection: null | { area: ProjectionResult['areas'][number]; city: ProjectionResult['city']; params: ProjectionResult['params']; warnings: ProjectionResult['warnings']; method: Text; runId: number | null } = null;
  let projectionNote: Text | null = null;
  let targetGroups: null | { bands: TargetGroupsResult['bands']; area: TargetGroupsResult['areas'][number] | null; notes: Text[] } = null;
  // A planning area (a grouping of base areas, found by its layer's role) is projected through its members.
  const grouping = (await areas.listLayers(q)).find((l) => l.key === layer && l.kind === 'grouping' && l.member_key);
  const sourceLayer = grouping?.member_key ?? layer;
  try {
    let stored = await repo.latestRun(q, 'projection', sourceLayer);
    // The city's own profile: the city part of the newest run on any layer (Flensburg stores no city total).
    if (!stored && (await cityLayer(q))?.key === layer) {
      const newest = (await repo.listRuns(q, 'projection'))[0];
      if (newest) stored = await repo.getRun(q, newest.id);
    }
    const result = stored ? (stored.results as unknown as ProjectionResult) : await computeProjection(q, { layer: sourceLayer });
    let area = result.areas.find((a) => a.code === code && !grouping) ?? (result.city.code === code && layer === result.city.layer ? { code, name: result.city.name, actual: result.city.actual, scenarios: result.city.scenarios } : undefined);
    if (!area && grouping) area = sumOfMembers(result, code, (await areas.listLinks(q)).filter((l) => l.group_layer === layer && l.group_code === code && l.member_layer === sourceLayer).map((l) => l.member_code), (await areas.requireArea(q, layer, code)).name);
    if (area) projection = { area, city: result.city, params: result.params, warnings: result.warnings, method: result.method, runId: stored?.id ?? null };
    else projectionNote = { de: 'Für dieses Gebiet fehlen die Einwohnerzahlen des Start- und Basisjahres.', en: 'This area lacks the populations of the launch and base years.' };
    const tg = result.targetGroups;
    if (tg) targetGroups = { bands: tg.bands, area: tg.areas.find((a) => a.layer === layer && a.code === code) ?? null, notes: tg.notes };
  } catch (err) {
    if (!(err instanceof LernortError)) throw err;
    projectionNote = { de: err.de, en: err.en };
  }
  let backtestPart: null | { summary: ReturnType<typeof backtestSummary>; chosen: BacktestReport['chosen'] } = null;
  try {
    // For the city, the backtest of the layer its projection came from (MAPE over those areas).
    const isCity = projection !== null && projection.city.code === code && projection.city.layer === layer;
    const b = await backtest(q, { layer: isCity ? String(projection!.params.layer) : sourceLayer });
    backtestPart = { summary: backtestSummary(b, code), chosen: b.chosen };
  } catch (err) {
    if (!(err instanceof LernortError)) throw err;
  }
  const published = projection ? (await listPublished(q)).filter((p) => p.layer === projection!.city.layer && p.code === projection!.city.code) : [];
  const basisWarnings = projection ? comparisonWarnings(published.map((p) => ({ name: `${p.publisher} ${p.edition} ${p.variant}`, basis: p.basis })), (projection.params.basis as Basis) ?? 'register') : [];
  return { age, projection, projectionNote, targetGroups, backtest: backtestPart, published, basisWarnings };
}

/** A grouping's projection: the sums of its members' actuals and scenarios, in the years every member has. */
function sumOfMembers(result: ProjectionResult, code: string, members: string[], name: string): ProjectionResult['areas'][number] | undefined {
  const parts = members.map((m) => result.areas.find((a) => a.code === m));
  if (parts.length === 0 || parts.some((p) => !p)) return undefined;
  const ps = parts as ProjectionResult['areas'];
  const sum = (lists: Array<Array<{ year: number; value: number }>>) => {
    const maps = lists.map((l) => new Map(l.map((x) => [x.year, x.value])));
    return [...maps[0].keys()].filter((y) => maps.every((m) => m.has(y))).sort((a, b) => a - b).map((year) => ({ year, value: maps.reduce((t, m) => t + m.get(year)!, 0) }));
  };
  const actual = sum(ps.map((p) => p.actual));
  const from = Number(result.params.from);
  const to = Number(result.params.to);
  return {
    code, name, actual,
    scenarios: ps[0].scenarios.map((s) => {
      const values = sum(ps.map((p) => p.scenarios.find((x) => x.scenario === s.scenario)?.values ?? []));
      return { scenario: s.scenario, values, relative: relativeDevelopment(new Map(actual.map((x) => [x.year, x.value])), new Map(values.map((x) => [x.year, x.value])), from, to) };
    }),
  };
}
