// HTTP endpoints of the demography module. Everything here reads true (unsuppressed) values or
// stores runs: internal roles only (data:read to read, data:write to store). No public route:
// the public sees projections only through the observations API's variants after suppression.
import { z } from 'zod';
import type { App, AppContext } from '../../http.ts';
import { errorResponses } from '../../http.ts';
import { keySchema } from '../../core/schemas.ts';
import * as service from './service.ts';
import {
  ageStructureSchema, areaDemographySchema, backtestSchema, projectionRequestSchema, projectionResultSchema, publishedSchema, runSchema, runSummarySchema,
  typologyRequestSchema, typologyResultSchema,
} from './schema.ts';

const idSchema = z.coerce.number().int().positive();
const actor = (req: { auth: { user: { username: string } } | undefined }) => ({ name: req.auth?.user.username ?? 'unknown' });
const tags = ['demography'];

export function demographyRoutes(app: App, ctx: AppContext): void {
  const q = ctx.db.pool;
  const areaParams = z.object({ layer: keySchema, code: z.string().min(1).max(64) });

  app.get('/api/demography/areas/:layer/:code', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Demografie eines Gebiets: Altersstruktur, Projektion, Rückblicktest / demography of an area: age structure, projection, backtest', params: areaParams, response: { 200: areaDemographySchema, ...errorResponses } },
  }, async (req) => service.areaDemography(q, req.params.layer, req.params.code));

  app.get('/api/demography/areas/:layer/:code/age-structure', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Altersstruktur (gezählt oder aus Jugend-/Altenquote geschätzt) / age structure (counted or estimated from the ratios)', params: areaParams, response: { 200: ageStructureSchema, ...errorResponses } },
  }, async (req) => service.ageStructure(q, req.params.layer, req.params.code));

  app.get('/api/demography/projection', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Projektion berechnen, ohne zu speichern / compute a projection without storing it', querystring: projectionRequestSchema.omit({ importedControls: true }).extend({ importedControls: z.enum(['true', 'false']).optional() }), response: { 200: projectionResultSchema, ...errorResponses } },
  }, async (req) => service.computeProjection(q, { ...req.query, importedControls: req.query.importedControls !== 'false' }));

  app.post('/api/demography/projection-runs', {
    config: { permission: 'data:write' },
    schema: { tags, summary: 'Projektion berechnen und speichern (reproduzierbar) / compute and store a projection run', body: projectionRequestSchema, response: { 201: runSchema, ...errorResponses } },
  }, async (req, reply) => {
    const run = await service.createProjectionRun(ctx.db, req.body, actor(req));
    reply.status(201);
    return run;
  });

  app.post('/api/demography/typology-runs', {
    config: { permission: 'data:write' },
    schema: { tags, summary: 'Typisierung (Ward, dann k-Means mit Startwert) berechnen und speichern / compute and store a typology run', body: typologyRequestSchema, response: { 201: runSchema, ...errorResponses } },
  }, async (req, reply) => {
    const run = await service.createTypologyRun(ctx.db, req.body, actor(req));
    reply.status(201);
    return run;
  });

  app.get('/api/demography/typology', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Neueste gespeicherte Typisierung einer Ebene (sonst frisch berechnet) / latest stored typology of a layer (else computed)', querystring: z.object({ layer: keySchema }), response: { 200: z.object({ stored: z.boolean(), runId: z.number().nullable(), result: typologyResultSchema }), ...errorResponses } },
  }, async (req) => service.latestTypology(q, req.query.layer));

  app.get('/api/demography/runs', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Gespeicherte Läufe / stored runs', querystring: z.object({ kind: z.enum(['projection', 'typology']).optional(), layer: keySchema.optional() }), response: { 200: z.array(runSummarySchema), ...errorResponses } },
  }, async (req) => service.listRuns(q, req.query.kind, req.query.layer));

  app.get('/api/demography/runs/:id', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Ein Lauf mit Ergebnis / one run with its result', params: z.object({ id: idSchema }), response: { 200: runSchema, ...errorResponses } },
  }, async (req) => service.getRun(q, req.params.id));

  app.post('/api/demography/runs/:id/reproduce', {
    config: { permission: 'data:write' },
    schema: { tags, summary: 'Lauf wiederholen (gleiche Parameter und Startwert) / reproduce a run', params: z.object({ id: idSchema }), response: { 201: z.object({ run: runSchema, sameInputs: z.boolean(), identical: z.boolean() }), ...errorResponses } },
  }, async (req, reply) => {
    const r = await service.reproduceRun(ctx.db, req.params.id, actor(req));
    reply.status(201);
    return r;
  });

  app.get('/api/demography/published', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Importierte veröffentlichte Prognosen mit Zählbasis / imported published forecasts with their basis', response: { 200: z.array(publishedSchema), ...errorResponses } },
  }, async () => service.listPublished(q));

  app.get('/api/demography/backtest', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Rückblicktest: Fehler gegen Ist-Werte, naive Basis und veröffentlichte Prognosen / backtest against actuals, a naive baseline and published forecasts', querystring: z.object({ layer: keySchema }), response: { 200: backtestSchema, ...errorResponses } },
  }, async (req) => {
    const r = await service.backtest(q, { layer: req.query.layer });
    return {
      layer: r.layer, runs: r.runs, chosen: r.chosen, summary: service.backtestSummary(r), text: r.text,
      city: r.backtest.city, areas: r.backtest.areas.map(({ perArea: _p, ...e }) => e), published: r.backtest.published, notYetCheckable: r.backtest.notYetCheckable, warnings: r.warnings,
    };
  });
}
