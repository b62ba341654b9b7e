import { z } from 'zod';
import { areaCodeSchema, keySchema, periodSchema } from '../../core/schemas.ts';
import type { App, AppContext } from '../../http.ts';
import { errorResponses } from '../../http.ts';
import * as areas from '../areas/service.ts';
import * as service from './service.ts';
import * as publication from '../publication/service.ts';
import * as observations from '../observations/service.ts';
import { VersionedCache } from '../system/service.ts';

import { flagsSchema } from '../../core/flags.ts';
const variantSchema = z.object({
  id: z.number().int(), kind: z.enum(['observed', 'projection', 'scenario']), model: z.string().nullable(), scenario: z.string().nullable(),
  vintage: z.number().int().nullable().describe('base year of a projection'), basis: z.string().nullable().describe("'register' | 'official' | another named basis"),
  label: z.string().nullable(), isDefault: z.boolean(),
}).describe('The series variant of the value: 1 = observed (actuals); projections and scenarios name model, scenario, vintage and basis.');
const observationsSchema = z.array(z.object({
  areaCode: z.string(), areaName: z.string(), period: z.string(), value: z.number().nullable(),
  numerator: z.number().nullable(), denominator: z.number().nullable(), flags: flagsSchema, aggregated: z.boolean(), reason: z.string().optional(),
  forecast: z.boolean().describe('true: a projected or scenario value (only for periods without actual values); false: an actual value'),
  scenario: z.string().nullable().describe('the scenario of a forecast value (e.g. "mittel", "V1"); null for actuals'),
  variant: variantSchema,
}));
const seriesSchema = z.object({
  area: z.object({ code: z.string(), name: z.string(), layer: z.string() }),
  indicator: z.string(),
  points: z.array(z.object({ period: z.string(), value: z.number().nullable(), numerator: z.number().nullable(), denominator: z.number().nullable(), flags: flagsSchema, aggregated: z.boolean() })),
});

/** Hot read paths keep their answers as JSON text: checked against the schema once, sent as is. */
const asJson = <T>(schema: z.ZodType<T>, value: unknown) => JSON.stringify(schema.parse(value));

export function monitoringRoutes(app: App, ctx: AppContext): void {
  // Computed answers per data version (aggregation and suppression are not free).
  const responses = new VersionedCache();
  app.get('/api/observations', {
    config: { permission: 'public' },
    schema: {
      tags: ['monitoring'],
      summary: 'Werte eines Indikators je Gebiet / values of an indicator per area (contract; aggregated for groupings). Für Perioden ohne Ist-Werte die Prognose (Standardszenario oder `scenario`/`variant`), jeder Wert mit forecast und Variante / for periods without actual values the projection (default scenario, or `scenario`/`variant`), each value with forecast and its variant; forecasts never mix into actuals.',
      querystring: z.object({
        indicator: keySchema, period: periodSchema, layer: keySchema,
        scenario: keySchema.optional().describe('scenario name of a projection (e.g. mittel, V1); default: the default scenario of the newest vintage'),
        variant: z.coerce.number().int().positive().optional().describe('series variant id (GET /api/observations/variants)'),
      }),
      response: { 200: observationsSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    const vis = publication.visibility(req.auth?.user.role);
    const { layer, indicator, period, scenario, variant } = req.query;
    const json = await responses.get(ctx.db.pool, `obs|${vis}|${layer}|${indicator}|${period}|${scenario ?? ''}|${variant ?? ''}`, async () => {
      const rows = await observations.valuesWithForecast(ctx.db.pool, vis, { indicator, layer, period, scenario, variant });
      return asJson(observationsSchema, rows.map(({ areaId: _id, ...rest }) => rest));
    }, await publication.dependencies(ctx.db.pool, indicator));
    return reply.type('application/json; charset=utf-8').send(json as never);
  });

  app.get('/api/observations/variants', {
    config: { permission: 'public' },
    schema: {
      tags: ['monitoring'],
      summary: 'Reihenvarianten: Ist-Werte (1) und Prognosen/Szenarien mit Modell, Szenario, Basisjahr und Basis / series variants: actuals (1) and projections/scenarios with model, scenario, vintage and basis',
      response: { 200: z.array(variantSchema), ...errorResponses },
    },
  }, async () => observations.listVariants(ctx.db.pool));

  app.get('/api/areas/:layer/:code/series', {
    config: { permission: 'public' },
    schema: {
      tags: ['monitoring'],
      summary: 'Zeitreihe eines Gebiets / time series of an area (contract)',
      params: z.object({ layer: keySchema, code: areaCodeSchema }),
      querystring: z.object({ indicator: keySchema }),
      response: { 200: seriesSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    const vis = publication.visibility(req.auth?.user.role);
    const { layer, code } = req.params;
    const json = await responses.get(ctx.db.pool, `series|${vis}|${layer}|${code}|${req.query.indicator}`, async () => {
    const area = await areas.requireArea(ctx.db.pool, layer, code);
    const values = await publication.readValues(ctx.db.pool, vis, { indicator: req.query.indicator, layer, period: null, strict: true });
    return asJson(seriesSchema, {
      area: { code: area.code, name: area.name, layer: req.params.layer },
      indicator: req.query.indicator,
      points: values.filter((v) => v.areaId === area.id).map((v) => ({ period: v.period, value: v.value, numerator: v.numerator, denominator: v.denominator, flags: v.flags, aggregated: v.aggregated })),
    });
    }, await publication.dependencies(ctx.db.pool, req.query.indicator));
    return reply.type('application/json; charset=utf-8').send(json as never);
  });

  app.get('/api/consistency', {
    // Differences between totals and their parts are computed from true values: internal only.
    config: { permission: 'data:read' },
    schema: {
      tags: ['monitoring'],
      summary: 'Konsistenzbericht: veröffentlichte Summen gegen Summe der Teilgebiete / published totals against the sum of their parts (status equal|different|incomplete; every parent relation, groupings included)',
      querystring: z.object({
        indicator: keySchema, period: periodSchema.optional(), differencesOnly: z.enum(['true', 'false']).default('false'),
        // Differences up to max(absoluteTolerance, relativeTolerance × |total|) count as equal (float noise).
        relativeTolerance: z.coerce.number().min(0).max(1).optional(), absoluteTolerance: z.coerce.number().min(0).optional(),
      }),
      response: {
        200: z.array(z.object({
          indicator: z.string(), period: z.string(), parentLayer: z.string(), parentCode: z.string(), parentName: z.string(),
          childLayer: z.string(), children: z.number(), published: z.number(), sumOfChildren: z.number(), difference: z.number(),
          relation: z.enum(['hierarchy', 'grouping']), status: z.enum(['equal', 'different', 'incomplete']), childrenWithValue: z.number(),
          knownDifferenceAtLeast: z.number(), note: z.object({ de: z.string(), en: z.string() }),
        })),
        ...errorResponses,
      },
    },
  }, async (req) => {
    const { relativeTolerance, absoluteTolerance } = req.query;
    const rows = await service.consistencyReport(ctx.db.pool, req.query.indicator, req.query.period ?? null, { relativeTolerance, absoluteTolerance });
    // Incomplete parents are not proven equal: they belong to the differences.
    return req.query.differencesOnly === 'true' ? rows.filter((r) => r.status !== 'equal') : rows;
  });
}
