// Rates of one uptake service on any layer, read back from its own indicators (so planning areas and
// the city aggregate as Σ participants / Σ target population, METHODS §1): the rate with its Wilson
// interval and comparison with the city, the standardised uptake ratio O/E with Byar's interval, the
// under-served areas (high need and significantly low uptake) and the trend over periods.
import type { Queryable } from '../../db/connection.ts';
import { LernortError } from '../../core/errors.ts';
import { uptakeRates, uptakeTrend, type PeriodCount } from '../../core/uptake/rates.ts';
import { standardisedUptake, type StandardisedUptake } from '../../core/uptake/standardise.ts';
import { underServedAreas, type AreaNeed } from '../../core/uptake/underserved.ts';
import * as indicators from '../indicators/service.ts';
import * as indices from '../indices/service.ts';
import * as monitoring from '../monitoring/service.ts';
import * as repo from './repo.ts';
import type { RatesQuery } from './schema.ts';
import { indicatorKeys, requireService, serviceToApi } from './service.ts';

async function valuesOrEmpty(q: Queryable, layer: string, key: string): Promise<monitoring.AreaValue[]> {
  const ind = await indicators.requireIndicatorWithPeriods(q, key).catch(() => null);
  if (!ind?.periods?.length) return [];
  return monitoring.layerValues(q, layer, key, null);
}

/** O/E with Byar's interval; one pseudo-band whose reference rate is 1 makes E the expectation itself. */
function ratioOf(areaId: string, observed: number, expected: number): StandardisedUptake {
  return standardisedUptake([{ areaId, bands: [{ band: 'E', participants: observed, population: expected }] }], { reference: new Map([['E', 1]]) })[0];
}

export async function uptakeRatesReport(q: Queryable, key: string, query: RatesQuery) {
  const s = await requireService(q, key);
  const keys = indicatorKeys(s);
  const done = await repo.importsOf(q, s.id);
  const layer = query.layer ?? done[0]?.layer_key;
  if (!layer) throw new LernortError('UPTAKE_NO_DATA', `Für „${key}“ wurden noch keine Teilnehmenden importiert.`, `No participants have been imported for "${key}" yet.`, { status: 404 });
  const rateValues = await valuesOrEmpty(q, layer, keys.rate);
  const ratioValues = await valuesOrEmpty(q, layer, keys.ratio);
  const periods = [...new Set(rateValues.map((v) => v.period))].sort();
  const period = query.period ?? periods.at(-1);
  if (!period || !periods.includes(period))
    throw new LernortError('UPTAKE_NO_DATA', `Für „${key}“ gibt es auf der Ebene ${layer} keine Werte${query.period ? ` für ${query.period}` : ''}.`, `"${key}" has no values on layer ${layer}${query.period ? ` for ${query.period}` : ''}.`, { status: 404, location: { field: query.period ? 'period' : 'layer' } });

  const usable = (v: monitoring.AreaValue) => v.numerator !== null && v.denominator !== null;
  const now = rateValues.filter((v) => v.period === period && usable(v));
  const names = new Map(rateValues.map((v) => [v.areaCode, v.areaName]));
  // aggregated numerators are sums of whole persons; crosswalk weights could leave fractions
  const rates = uptakeRates(now.map((v) => ({ areaId: v.areaCode, participants: Math.round(v.numerator!), population: v.denominator! })));
  const ratios = ratioValues.filter((v) => v.period === period && usable(v) && v.denominator! > 0).map((v) => ratioOf(v.areaCode, Math.round(v.numerator!), v.denominator!));
  const ratioBy = new Map(ratios.map((r) => [r.areaId, r]));

  // need: designated focus areas in force, and optionally the classes of an index run
  const focus = new Set((await indices.currentFocusAreas(q, layer)).map((f) => f.areaCode));
  let classOf = new Map<string, number | null>();
  let highNeedClasses: number[] = [];
  if (query.indexRun) {
    const run = await indices.getRun(q, query.indexRun);
    if (run.layer !== layer)
      throw new LernortError('UPTAKE_RUN_LAYER', `Indexlauf ${run.id} gehört zur Ebene ${run.layer}, nicht ${layer}.`, `Index run ${run.id} belongs to layer ${run.layer}, not ${layer}.`, { location: { field: 'indexRun' } });
    classOf = new Map(run.results.map((r) => [r.areaCode, r.class]));
    const top = Math.max(0, ...run.results.map((r) => r.class ?? 0));
    highNeedClasses = query.highClasses ? query.highClasses.split(',').map(Number) : top > 0 ? [top] : [];
  }
  const need: AreaNeed[] = rates.areas.map((r) => ({ areaId: r.areaId, indexClass: classOf.get(r.areaId) ?? null, focusArea: focus.has(r.areaId) }));
  const underServed = underServedAreas(need, rates.areas, rates.city.rate, ratios, { highNeedClasses });

  const series = (code: string | null): PeriodCount[] => periods.map((p) => {
    const rows = rateValues.filter((v) => v.period === p && usable(v) && (code === null || v.areaCode === code));
    return { period: p, participants: rows.reduce((n, v) => n + Math.round(v.numerator!), 0), population: rows.reduce((n, v) => n + v.denominator!, 0) };
  });
  const cityRatio = ratios.length ? ratioOf('city', ratios.reduce((n, r) => n + r.observed, 0), ratios.reduce((n, r) => n + r.expected, 0)) : null;
  return {
    service: serviceToApi(s), layer, period, periods,
    city: { ...rates.city, ratio: cityRatio ? { observed: cityRatio.observed, expected: cityRatio.expected, ratio: cityRatio.ratio, interval: cityRatio.interval } : null, trend: uptakeTrend(series(null)) },
    areas: rates.areas.map((r) => {
      const sur = ratioBy.get(r.areaId);
      return {
        code: r.areaId, name: names.get(r.areaId) ?? '', participants: r.participants, population: r.population, rate: r.rate, interval: r.interval, intervalMethod: r.intervalMethod,
        comparison: r.comparison, unstable: r.unstable, flags: r.flags,
        ratio: sur ? { observed: sur.observed, expected: sur.expected, ratio: sur.ratio, interval: sur.interval, comparison: sur.comparison } : null,
        need: { indexClass: classOf.get(r.areaId) ?? null, focusArea: focus.has(r.areaId) },
        trend: uptakeTrend(series(r.areaId)),
      };
    }),
    underServed: underServed.map((u) => ({ code: u.areaId, name: names.get(u.areaId) ?? '', need: u.need, reasons: u.reasons, reason: u.reason })),
    highNeedClasses,
    indicators: keys,
  };
}
