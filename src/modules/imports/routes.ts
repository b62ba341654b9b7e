import { z } from 'zod';
import type { App, AppContext } from '../../http.ts';
import { errorResponses, errorSchema } from '../../http.ts';
import { LernortError, type Problem } from '../../core/errors.ts';
import * as service from './service.ts';
import { undoImport } from './undo.ts';
import { importRecordSchema, importReportSchema as reportSchema } from './schema.ts';

const optionsSchema = z.object({
  dryRun: z.enum(['true', 'false']).default('false'),
  kind: z.enum(['observations', 'areas']).default('observations'),
  format: z.string().max(32).optional(),
  layer: z.string().max(64).optional(),
  indicator: z.string().max(64).optional(),
  nameMapping: z.string().max(100_000).optional(),
  createIndicators: z.enum(['true', 'false']).optional(),
  decimal: z.enum([',', '.']).optional(),
  codeProperty: z.string().max(64).optional(),
  nameProperty: z.string().max(64).optional(),
  sourceCrs: z.string().max(64).optional(),
  swapAxes: z.enum(['true', 'false']).optional(),
  namePattern: z.string().max(200).optional(),
  tableSpec: z.string().max(100_000).optional(),
  indicatorMeta: z.string().max(200_000).optional(),
  publish: z.enum(['true', 'false']).optional(),
  parentProperty: z.string().max(64).optional(),
  parentPattern: z.string().max(200).optional(),
  createLayer: z.enum(['true', 'false']).optional(),
  layerName: z.string().max(200).optional(),
  layerNameEn: z.string().max(200).optional(),
  role: z.enum(['base', 'parent', 'grouping']).optional(),
  parentLayer: z.string().max(64).optional(),
  childLayer: z.string().max(64).optional(),
  memberLayer: z.string().max(64).optional(),
});

const ALLOWED_EXTENSIONS = /\.(csv|txt|json|geojson|zip)$/i;

export function importRoutes(app: App, ctx: AppContext): void {
  app.post('/api/imports', {
    config: { permission: 'data:write' },
    schema: {
      tags: ['imports'],
      summary: 'Datei importieren / import a file (contract). multipart/form-data: `file` plus fields dryRun, kind (observations|areas), format (long|wide|portal|table|leipzig-population|kdvalues), layer, indicator, nameMapping (JSON object name→area; "A+B" = the row is the sum of A and B), tableSpec (JSON column spec of format table, with levelColumn/levels or layerRules for mixed-level files), indicatorMeta (JSON list of indicator descriptions saved with the import), publish (publish what was written), createIndicators, decimal, codeProperty, nameProperty (optional: else a common name property, else the code), namePattern, parentProperty, parentPattern, sourceCrs, swapAxes; a new layer for kind=areas with createLayer=true, layerName, layerNameEn, role (base|parent|grouping), parentLayer, childLayer (role parent), memberLayer (role grouping), created in the same transaction. All-or-nothing; returns the full validation report (status committed, dry_run or rejected).',
      consumes: ['multipart/form-data'],
      response: { 200: reportSchema, 422: reportSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw new LernortError('UPLOAD_EXPECTED', 'Bitte eine Datei als multipart/form-data senden.', 'Please send a file as multipart/form-data.');
    const part = await req.file();
    if (!part) throw new LernortError('UPLOAD_EXPECTED', 'Keine Datei empfangen.', 'No file received.', { location: { field: 'file' } });
    if (!ALLOWED_EXTENSIONS.test(part.filename)) {
      throw new LernortError('UPLOAD_TYPE', `Dateityp nicht erlaubt: ${part.filename} (erlaubt: .csv, .txt, .json, .geojson, .zip).`, `File type not allowed: ${part.filename} (allowed: .csv, .txt, .json, .geojson, .zip).`, { location: { file: part.filename } });
    }
    const bytes = await part.toBuffer();
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(part.fields)) {
      const f = v as { type?: string; value?: unknown } | undefined;
      if (f && f.type === 'field') fields[k] = String(f.value);
    }
    const parsed = optionsSchema.safeParse(fields);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new LernortError('REQUEST_INVALID', `Ungültiges Feld ${issue.path.join('.')}: ${issue.message}`, `Invalid field ${issue.path.join('.')}: ${issue.message}`, { location: { field: issue.path.join('.') } });
    }
    const o = parsed.data;
    let nameMapping: Record<string, string> | undefined;
    if (o.nameMapping) {
      try {
        nameMapping = z.record(z.string(), z.string()).parse(JSON.parse(o.nameMapping));
      } catch {
        throw new LernortError('REQUEST_INVALID', 'nameMapping muss ein JSON-Objekt {"Name in Datei": "Gebiet"} sein.', 'nameMapping must be a JSON object {"name in file": "area"}.', { location: { field: 'nameMapping' } });
      }
    }
    let table: Record<string, unknown> | undefined;
    if (o.tableSpec) {
      try {
        table = z.record(z.string(), z.unknown()).parse(JSON.parse(o.tableSpec));
      } catch {
        throw new LernortError('REQUEST_INVALID', 'tableSpec muss ein JSON-Objekt sein (Spaltenbeschreibung, siehe docs/new-city.md).', 'tableSpec must be a JSON object (column spec, see docs/new-city.md).', { location: { field: 'tableSpec' } });
      }
    }
    let indicatorMeta: ReturnType<typeof service.parseIndicatorMeta> | undefined;
    if (o.indicatorMeta) {
      let raw: unknown;
      try {
        raw = JSON.parse(o.indicatorMeta);
      } catch {
        throw new LernortError('REQUEST_INVALID', 'indicatorMeta muss JSON sein (Liste von Indikatorbeschreibungen wie im Rezept).', 'indicatorMeta must be JSON (a list of indicator descriptions as in a recipe).', { location: { field: 'indicatorMeta' } });
      }
      indicatorMeta = service.parseIndicatorMeta(raw, part.filename);
    }
    const auth = req.auth!;
    const report = await service.importFile(ctx.db, {
      bytes, file: part.filename, actor: { userId: auth.user.id, name: auth.user.username }, dryRun: o.dryRun === 'true',
      options: {
        kind: o.kind, format: o.format, table, indicatorMeta, publish: o.publish === 'true', layer: o.layer, indicator: o.indicator, nameMapping, createIndicators: o.createIndicators === 'true', decimal: o.decimal,
        codeProperty: o.codeProperty, nameProperty: o.nameProperty, namePattern: o.namePattern, parentProperty: o.parentProperty, parentPattern: o.parentPattern,
        createLayer: o.createLayer === 'true' ? { nameDe: o.layerName ?? '', nameEn: o.layerNameEn ?? '', role: o.role, parentLayer: o.parentLayer, childLayer: o.childLayer, memberLayer: o.memberLayer } : undefined,
        sourceCrs: o.sourceCrs, swapAxes: o.swapAxes === 'true', projectedCrs: ctx.config.projectedCrs,
        expectedBounds: ctx.config.expectedRegion,
      },
    });
    reply.status(report.status === 'rejected' ? 422 : 200);
    return report;
  });

  app.post('/api/imports/:id/undo', {
    config: { permission: 'data:write' },
    schema: {
      tags: ['imports'],
      summary: 'Import zurücknehmen / undo an import: removes exactly what it wrote (values; a layer it created with its areas), audited; 409 IMPORT_UNDO_REFUSED when something depends on it or it is not a committed observation/area import',
      params: z.object({ id: z.coerce.number().int().positive() }),
      response: {
        200: z.object({ id: z.number(), kind: z.string(), observationsRemoved: z.number(), areasRemoved: z.number(), layerRemoved: z.string().nullable(), note: z.object({ de: z.string(), en: z.string() }) }),
        ...errorResponses,
        409: errorSchema,
      },
    },
  }, async (req) => {
    const auth = req.auth!;
    return undoImport(ctx.db, req.params.id, { userId: auth.user.id, name: auth.user.username });
  });

  app.get('/api/imports/:id', {
    config: { permission: 'data:read' },
    schema: {
      tags: ['imports'], summary: 'Importprotokoll / import record (contract)',
      params: z.object({ id: z.coerce.number().int().positive() }),
      response: { 200: importRecordSchema, ...errorResponses },
    },
  }, async (req) => toApi(await service.getImport(ctx.db, req.params.id)));

  app.get('/api/imports', {
    config: { permission: 'data:read' },
    schema: { tags: ['imports'], summary: 'Letzte Importe / recent imports', response: { 200: z.array(importRecordSchema), ...errorResponses } },
  }, async () => (await service.listImports(ctx.db)).map(toApi));
}

function toApi(r: service.ImportRow) {
  return {
    id: r.id, actor: r.actor, kind: r.kind, fileName: r.file_name, fileHash: r.file_hash, recipe: r.recipe, status: r.status, dryRun: r.dry_run,
    startedAt: r.started_at, finishedAt: r.finished_at, rowsRead: r.rows_read, rowsWritten: r.rows_written, rowsRejected: r.rows_rejected,
    // stored as JSON: the problems the import reported (core/errors.ts Problem)
    warnings: r.warnings as Problem[], errors: r.errors as Problem[], report: r.report,
  };
}
