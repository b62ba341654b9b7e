// HTTP endpoints of the uptake module. True values need data:read (the public sees uptake only through
// published indicators); writes need uptake:write. A participant upload is read in memory, reduced to
// counts and dropped: it is never written to disk, the database or the audit log.
import { z } from 'zod';
import type { App, AppContext } from '../../http.ts';
import { errorResponses } from '../../http.ts';
import { LernortError } from '../../core/errors.ts';
import * as service from './service.ts';
import { uptakeRatesReport } from './rates.ts';
import { keySchema, participantImportOptions, participantImportReportSchema, ratesQuery, uptakeRatesSchema, uptakeServiceDetailSchema, uptakeServiceInput, uptakeServiceSchema } from './schema.ts';

const keyParams = z.object({ key: keySchema });
const tags = ['uptake'];

export function uptakeRoutes(app: App, ctx: AppContext): void {
  const pool = ctx.db.pool;
  const actorOf = (req: { auth?: { user: { id: number; username: string } } }) => ({ userId: req.auth?.user.id ?? null, name: req.auth?.user.username ?? 'anonymous' });

  app.get('/api/uptake/services', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Stadtweite Leistungen (Inanspruchnahme) / city-wide services (uptake)', response: { 200: z.array(uptakeServiceSchema), ...errorResponses } },
  }, async () => service.listServices(pool));

  app.get('/api/uptake/services/:key', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Leistung mit Zielgruppe und Importen / service with target population and imports', params: keyParams, response: { 200: uptakeServiceDetailSchema, ...errorResponses } },
  }, async (req) => service.getService(pool, req.params.key));

  app.put('/api/uptake/services/:key', {
    config: { permission: 'uptake:write' },
    schema: { tags, summary: 'Leistung anlegen/ändern / create or update a service (target indicator or age bands, optional eligibility)', params: keyParams, body: uptakeServiceInput, response: { 200: uptakeServiceDetailSchema, ...errorResponses } },
  }, async (req) => service.saveService(pool, req.params.key, req.body));

  app.post('/api/uptake/services/:key/participants', {
    config: { permission: 'uptake:write' },
    schema: {
      tags, params: keyParams, consumes: ['multipart/form-data'], response: { 200: participantImportReportSchema, ...errorResponses },
      summary: 'Teilnehmende importieren / import participants (multipart: file = counts per area (CSV/XLSX) or a list of persons with lon/lat or PLZ (CSV), optional weights = PLZ→area matrix; options JSON {layer, period, source?, weights?: "postcode", weightsPath?, dryRun?}). Lists are aggregated on reading; no record and no file is kept.',
    },
  }, async (req) => {
    if (!req.isMultipart()) throw new LernortError('UPLOAD_REQUIRED', 'Bitte eine Datei als multipart/form-data senden.', 'Please send a file as multipart/form-data.', { location: { field: 'file' } });
    const files = new Map<string, { file: string; bytes: Uint8Array }>();
    const fields: Record<string, string> = {};
    for await (const part of req.parts({ limits: { files: 2 } })) {
      if (part.type === 'file') files.set(part.fieldname, { file: part.filename || part.fieldname, bytes: await part.toBuffer() });
      else fields[part.fieldname] = String(part.value ?? '');
    }
    const upload = files.get('file');
    if (!upload) throw new LernortError('UPLOAD_REQUIRED', 'Keine Datei im Feld „file“ erhalten.', 'No file received in field "file".', { location: { field: 'file' } });
    let json: unknown;
    try {
      json = fields.options ? JSON.parse(fields.options) : { layer: fields.layer, period: fields.period, source: fields.source || undefined, weights: fields.weights || undefined, weightsPath: fields.weightsPath || undefined, dryRun: fields.dryRun === 'true' };
    } catch {
      throw new LernortError('REQUEST_INVALID', 'Feld „options“ ist kein gültiges JSON.', 'Field "options" is not valid JSON.', { location: { field: 'options' } });
    }
    const parsed = participantImportOptions.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new LernortError('REQUEST_INVALID', `Ungültige Importoptionen bei ${issue.path.join('.')}: ${issue.message}`, `Invalid import options at ${issue.path.join('.')}: ${issue.message}`, { location: { field: `options.${issue.path.join('.')}` } });
    }
    return service.importParticipants(ctx.db, req.params.key, { upload, weights: files.get('weights'), options: parsed.data, actor: actorOf(req), dataRoot: ctx.config.sharedDataDir });
  });

  app.get('/api/uptake/services/:key/rates', {
    config: { permission: 'data:read' },
    schema: {
      tags, params: keyParams, querystring: ratesQuery, response: { 200: uptakeRatesSchema, ...errorResponses },
      summary: 'Inanspruchnahme je Gebiet / uptake per area: rate with Wilson interval, comparison with the city, standardised ratio O/E with Byar interval, under-served areas (focus areas, ?indexRun&highClasses), trend',
    },
  }, async (req) => uptakeRatesReport(pool, req.params.key, req.query));
}
