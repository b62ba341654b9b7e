// HTTP endpoints of the index module. Thin: schema in, one service call, schema out.
// Permissions: definitions and templates describe methods and are public; inequality and
// uncertainty derive only from observations, which are public too; runs (drafts of a ranking) and
// focus areas need data:read; everything that writes needs data:write.
import { z } from 'zod';
import { download, keySchema, MEDIA, periodSchema } from '../../core/schemas.ts';
import type { App, AppContext } from '../../http.ts';
import { errorResponses } from '../../http.ts';
import * as service from './service.ts';
import { comparisonSchema, focusAreaRequestSchema, focusAreaSchema, indexDefinitionSchema, inequalitySchema, runExportSchema, runListItemSchema, runRequestSchema, runSchema, uncertaintySchema } from './schema.ts';

const idSchema = z.coerce.number().int().positive();
const definitionSchema = indexDefinitionSchema.describe('Indexdefinition / index definition (see docs/index-definition.md)');
const versionSchema = z.object({ id: z.number(), key: z.string(), version: z.number(), name: z.string(), body: z.unknown(), createdBy: z.string(), createdAt: z.string() });
const actor = (req: { auth: { user: { username: string } } | undefined }) => ({ name: req.auth?.user.username ?? 'unknown' });

export function indexRoutes(app: App, ctx: AppContext): void {
  const q = ctx.db.pool;

  app.get('/api/index-templates', {
    config: { permission: 'public' },
    schema: { tags: ['indices'], summary: 'Vorlagen: MSS, SVI, IMD / shipped index templates', response: { 200: z.array(indexDefinitionSchema), ...errorResponses } },
  }, async () => service.listTemplates());

  app.get('/api/index-definitions', {
    config: { permission: 'public' },
    schema: {
      tags: ['indices'], summary: 'Indexdefinitionen (jeweils neueste Version) / index definitions (latest version each)',
      response: { 200: z.array(versionSchema.extend({ versions: z.number() })), ...errorResponses },
    },
  }, async () => service.listDefinitions(q));

  app.get('/api/index-definitions/:key', {
    config: { permission: 'public' },
    schema: {
      tags: ['indices'], summary: 'Alle Versionen einer Indexdefinition, neueste zuerst / all versions of a definition, newest first',
      params: z.object({ key: keySchema }), response: { 200: z.array(versionSchema), ...errorResponses },
    },
  }, async (req) => service.definitionVersions(q, req.params.key));

  app.post('/api/index-definitions', {
    config: { permission: 'data:write' },
    schema: {
      tags: ['indices'], summary: 'Indexdefinition speichern (neue Version, wenn geändert) / save a definition (new version when changed)',
      body: definitionSchema,
      response: { 200: versionSchema.extend({ created: z.boolean() }), 201: versionSchema.extend({ created: z.boolean() }), ...errorResponses },
    },
  }, async (req, reply) => {
    const saved = await service.saveDefinition(q, req.body, actor(req));
    reply.status(saved.created ? 201 : 200);
    return saved;
  });

  app.get('/api/index-runs', {
    config: { permission: 'data:read' },
    schema: { tags: ['indices'], summary: 'Letzte Indexläufe / recent index runs', response: { 200: z.array(runListItemSchema), ...errorResponses } },
  }, async () => service.listRuns(q));

  app.post('/api/index-runs', {
    config: { permission: 'data:write' },
    schema: {
      tags: ['indices'], summary: 'Index berechnen und speichern / compute and store an index run (definition key or inline body)',
      body: runRequestSchema, response: { 201: runSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    const run = await service.createRun(ctx.db, req.body, actor(req));
    reply.status(201);
    return run;
  });

  app.get('/api/index-runs/:id', {
    config: { permission: 'data:read' },
    schema: { tags: ['indices'], summary: 'Indexlauf mit Ergebnissen je Gebiet / index run with results per area', params: z.object({ id: idSchema }), response: { 200: runSchema, ...errorResponses } },
  }, async (req) => service.getRun(q, req.params.id));

  app.post('/api/index-runs/:id/reproduce', {
    config: { permission: 'data:write' },
    schema: {
      tags: ['indices'], summary: 'Lauf reproduzieren (gleiche Definitionsversion, Ebene, Periode) / reproduce a run',
      params: z.object({ id: idSchema }), response: { 201: z.object({ run: runSchema, sameInputs: z.boolean(), identical: z.boolean() }), ...errorResponses },
    },
  }, async (req, reply) => {
    const r = await service.reproduceRun(ctx.db, req.params.id, actor(req));
    reply.status(201);
    return r;
  });

  app.get('/api/index-runs/:id/compare/:other', {
    config: { permission: 'data:read' },
    schema: {
      tags: ['indices'], summary: 'Zwei Läufe vergleichen: Klassenübergänge / compare two runs: class transitions',
      params: z.object({ id: idSchema, other: idSchema }), response: { 200: comparisonSchema, ...errorResponses },
    },
  }, async (req) => service.compareRuns(q, req.params.id, req.params.other));

  app.get('/api/index-runs/:id/export', {
    config: { permission: 'data:read' },
    schema: {
      tags: ['indices'], summary: 'Lauf exportieren / export a run (csv = German Excel dialect, csv-intl, json)',
      params: z.object({ id: idSchema }), querystring: z.object({
        format: z.enum(['csv', 'csv-intl', 'json']).default('csv'),
        precision: z.enum(['rounded', 'full']).default('rounded').describe("rounded = scores to the definition's decimals (as people read them); full = every digit computed"),
      }),
      response: { 200: download('Lauf als CSV (Format csv, csv-intl) oder JSON / run as CSV (format csv, csv-intl) or JSON', MEDIA.csv, { [MEDIA.json]: runExportSchema }), ...errorResponses },
    },
  }, async (req, reply) => {
    const run = await service.getRun(q, req.params.id);
    const f = req.query.format;
    reply.header('Content-Disposition', `attachment; filename="index-run-${run.id}.${f === 'json' ? 'json' : 'csv'}"`);
    reply.type(f === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8');
    return service.exportRun(run, f, req.query.precision);
  });

  app.get('/api/inequality', {
    // Computed from true values (intervals invert to counts): internal roles only.
    config: { permission: 'data:read' },
    schema: {
      tags: ['indices'], summary: 'Ungleichheit zwischen Gebieten (Quintilsverhältnis, VK, Gini, Theil) und Trend / inequality between areas and its trend',
      querystring: z.object({ indicator: keySchema, layer: keySchema, period: periodSchema.optional(), weight: keySchema.optional() }),
      response: { 200: inequalitySchema, ...errorResponses },
    },
  }, async (req) => service.inequality(q, req.query));

  app.get('/api/uncertainty', {
    // Computed from true values (intervals invert to counts): internal roles only.
    config: { permission: 'data:read' },
    schema: {
      tags: ['indices'], summary: 'Konfidenzintervalle (Wilson/Byar) und Vergleich mit der Stadt / confidence intervals and comparison with the city',
      querystring: z.object({ indicator: keySchema, layer: keySchema, period: periodSchema, level: z.enum(['95', '99.8']).default('95'), minNumerator: z.coerce.number().int().min(0).max(1000).optional() }),
      response: { 200: uncertaintySchema, ...errorResponses },
    },
  }, async (req) => service.uncertainty(q, req.query));

  app.get('/api/focus-areas', {
    config: { permission: 'data:read' },
    schema: {
      tags: ['indices'], summary: 'Schwerpunktgebiete (gültig am Stichtag, Standard heute) / focus areas in force (on a date, default today)',
      querystring: z.object({ layer: keySchema.optional(), at: z.iso.date().optional(), all: z.enum(['true', 'false']).default('false').describe('true = every designation, also revoked and expired') }),
      response: { 200: z.array(focusAreaSchema), ...errorResponses },
    },
  }, async (req) => service.listFocusAreas(q, { layer: req.query.layer, at: req.query.all === 'true' ? null : req.query.at, includeRevoked: req.query.all === 'true' }));

  app.post('/api/focus-areas', {
    config: { permission: 'data:write' },
    schema: {
      tags: ['indices'], summary: 'Schwerpunktgebiete festlegen (aus einem Lauf oder von Hand) / designate focus areas (from a run or by hand)',
      body: focusAreaRequestSchema, response: { 201: z.array(focusAreaSchema), ...errorResponses },
    },
  }, async (req, reply) => {
    const rows = await service.designateFocusAreas(ctx.db, req.body, actor(req));
    reply.status(201);
    return rows;
  });

  app.delete('/api/focus-areas/:id', {
    config: { permission: 'data:write' },
    schema: { tags: ['indices'], summary: 'Schwerpunktgebiet aufheben / revoke a focus area', params: z.object({ id: idSchema }), response: { 200: focusAreaSchema, ...errorResponses } },
  }, async (req) => service.revokeFocusArea(q, req.params.id));

}
