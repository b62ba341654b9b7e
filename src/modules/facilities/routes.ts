// HTTP endpoints of the registry, its import, assignment, supply and accessibility. Thin: schema in,
// one service call, schema out. Reads of facilities, services, types, domains and norms are public
// (they are what a city publishes); Träger contacts and the exports need data:read; writes data:write.
import { z } from 'zod';
import type { App, AppContext } from '../../http.ts';
import { errorResponses } from '../../http.ts';
import { LernortError } from '../../core/errors.ts';
import * as access from '../access/service.ts';
import * as service from './service.ts';
import { accessibilityInput, accessibilityReportSchema, assignmentSummarySchema, facilitiesGeoJsonSchema, facilityImportOptions, facilityInput, facilityWithServicesSchema, hsdsSchema, normInput, normSchema, serviceInput, serviceSchema, statusSchema, supplyInput, supplyReportSchema, taxonInput, taxonSchema } from './schema.ts';
import { importReportSchema } from '../imports/schema.ts';
import { download, MEDIA, noContent, slugKeySchema as key } from '../../core/schemas.ts';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const keyParams = z.object({ key });
const tags = ['facilities'];

export function facilityRoutes(app: App, ctx: AppContext): void {
  const pool = ctx.db.pool;
  access.registerEntity('facility', { name: 'Einrichtung / facility', resolve: (q, id) => service.rowScope(q, 'facility', Number(id)) });
  access.registerEntity('service', { name: 'Angebot / service', resolve: (q, id) => service.rowScope(q, 'service', Number(id)) });
  const ownFacility = { permission: 'registry:own', access: { entity: 'facility', param: 'id', rule: 'own-organisation' } } as const;
  const ownService = { permission: 'registry:own', access: { entity: 'service', param: 'id', rule: 'own-organisation' } } as const;
  const actorOf = (req: { auth?: { user: { id: number; username: string } } }) => ({ userId: req.auth?.user.id ?? null, name: req.auth?.user.username ?? 'anonymous' });

  app.get('/api/facilities', {
    config: { permission: 'public' },
    schema: {
      tags,
      summary: 'Einrichtungen als GeoJSON / facilities as GeoJSON (contract: FeatureCollection of points; properties id, name, type, capacity|null, areas {layer key: area code}; ?type=KEY)',
      querystring: z.object({
        type: key.optional(), status: statusSchema.optional(), domain: key.optional(), organisation: z.coerce.number().int().positive().optional(),
        layer: key.optional(), code: z.string().max(64).optional(),
      }),
      response: { 200: facilitiesGeoJsonSchema, ...errorResponses },
    },
    // the service types the features' properties loosely (GeoJSON); they are facilityToApi's records
  }, async (req) => (await service.facilitiesGeoJson(pool, { type: req.query.type, status: req.query.status, domain: req.query.domain, organisationId: req.query.organisation, areaLayer: req.query.layer, areaCode: req.query.code })) as z.input<typeof facilitiesGeoJsonSchema>);

  app.get('/api/facilities/:id', {
    config: { permission: 'public' },
    schema: { tags, summary: 'Einrichtung mit Angeboten / facility with its services', params: idParams, response: { 200: facilityWithServicesSchema, ...errorResponses } },
  }, async (req) => service.getFacility(pool, req.params.id));

  // Providers may change only their own organisation's facilities and offers: the route's access
  // rule (own-organisation) answers 404 for others' records, as if they did not exist; the body
  // may not move a record to another organisation either (assertOwnInput).
  app.post('/api/facilities', {
    config: { permission: 'registry:own' },
    schema: { tags, summary: 'Einrichtung anlegen / create a facility (providers: own organisation only)', body: facilityInput, response: { 200: facilityWithServicesSchema, ...errorResponses } },
  }, async (req) => {
    service.assertOwnInput(req.auth!.user, req.body.organisationId);
    return service.saveFacility(ctx.db, null, req.body);
  });

  app.put('/api/facilities/:id', {
    config: ownFacility,
    schema: { tags, summary: 'Einrichtung ändern / update a facility (providers: own organisation only)', params: idParams, body: facilityInput, response: { 200: facilityWithServicesSchema, ...errorResponses } },
  }, async (req) => {
    service.assertOwnInput(req.auth!.user, req.body.organisationId);
    return service.saveFacility(ctx.db, req.params.id, req.body);
  });

  app.delete('/api/facilities/:id', {
    config: ownFacility,
    schema: { tags, summary: 'Einrichtung löschen / delete a facility (providers: own organisation only)', params: idParams, response: { 204: noContent, ...errorResponses } },
  }, async (req, reply) => {
    await service.deleteFacility(pool, req.params.id);
    return reply.status(204).send();
  });

  app.get('/api/facility-types', {
    config: { permission: 'public' },
    schema: { tags, summary: 'Einrichtungstypen / facility types', response: { 200: z.array(taxonSchema) } },
  }, async () => service.listFacilityTypes(pool));

  app.put('/api/facility-types/:key', {
    config: { permission: 'registry:write' },
    schema: { tags, summary: 'Einrichtungstyp anlegen/ändern / create or update a facility type', params: keyParams, body: taxonInput, response: { 200: taxonSchema, ...errorResponses } },
  }, async (req) => {
    await service.saveFacilityType(pool, req.params.key, req.body);
    return (await service.listFacilityTypes(pool)).find((t) => t.key === req.params.key);
  });

  app.get('/api/service-domains', {
    config: { permission: 'public' },
    schema: { tags, summary: 'Angebotsbereiche (Vertiefungsgebiete) / service domains', response: { 200: z.array(taxonSchema) } },
  }, async () => service.listDomains(pool));

  app.put('/api/service-domains/:key', {
    config: { permission: 'registry:write' },
    schema: { tags, summary: 'Angebotsbereich anlegen/ändern / create or update a service domain', params: keyParams, body: taxonInput, response: { 200: taxonSchema, ...errorResponses } },
  }, async (req) => {
    await service.saveDomain(pool, req.params.key, req.body);
    return (await service.listDomains(pool)).find((t) => t.key === req.params.key);
  });

  app.get('/api/services', {
    config: { permission: 'public' },
    schema: {
      tags, summary: 'Angebote / services (?domain, ?facility, ?layer&code: offers located in or serving an area, e.g. a planning area)',
      querystring: z.object({ domain: key.optional(), facility: z.coerce.number().int().positive().optional(), status: statusSchema.optional(), layer: key.optional(), code: z.string().max(64).optional() }),
      response: { 200: z.array(serviceSchema), ...errorResponses },
    },
  }, async (req) => service.listServices(pool, { domain: req.query.domain, facilityId: req.query.facility, status: req.query.status, areaLayer: req.query.layer, areaCode: req.query.code }));

  app.get('/api/services/:id', {
    config: { permission: 'public' },
    schema: { tags, summary: 'Angebot / service', params: idParams, response: { 200: serviceSchema, ...errorResponses } },
  }, async (req) => service.getService(pool, req.params.id));

  app.post('/api/services', {
    config: { permission: 'registry:own' },
    schema: { tags, summary: 'Angebot anlegen / create a service (providers: own organisation only)', body: serviceInput, response: { 200: serviceSchema, ...errorResponses } },
  }, async (req) => {
    service.assertOwnInput(req.auth!.user, req.body.organisationId);
    return service.saveService(ctx.db, null, req.body);
  });

  app.put('/api/services/:id', {
    config: ownService,
    schema: { tags, summary: 'Angebot ändern / update a service (providers: own organisation only)', params: idParams, body: serviceInput, response: { 200: serviceSchema, ...errorResponses } },
  }, async (req) => {
    service.assertOwnInput(req.auth!.user, req.body.organisationId);
    return service.saveService(ctx.db, req.params.id, req.body);
  });

  app.delete('/api/services/:id', {
    config: ownService,
    schema: { tags, summary: 'Angebot löschen / delete a service (providers: own organisation only)', params: idParams, response: { 204: noContent, ...errorResponses } },
  }, async (req, reply) => {
    await service.deleteService(pool, req.params.id);
    return reply.status(204).send();
  });

  app.get('/api/planning-norms', {
    config: { permission: 'public' },
    schema: { tags, summary: 'Richtwerte / planning norms', response: { 200: z.array(normSchema) } },
  }, async () => service.listNorms(pool));

  app.put('/api/planning-norms/:key', {
    config: { permission: 'registry:write' },
    schema: { tags, summary: 'Richtwert anlegen/ändern / create or update a planning norm', params: keyParams, body: normInput, response: { 200: normSchema, ...errorResponses } },
  }, async (req) => service.saveNorm(pool, req.params.key, req.body));

  app.delete('/api/planning-norms/:key', {
    config: { permission: 'registry:write' },
    schema: { tags, summary: 'Richtwert löschen / delete a planning norm', params: keyParams, response: { 204: noContent, ...errorResponses } },
  }, async (req, reply) => {
    await service.deleteNorm(pool, req.params.key);
    return reply.status(204).send();
  });

  app.post('/api/facilities/import', {
    config: { permission: 'registry:write' },
    schema: {
      tags,
      summary: 'Einrichtungen importieren (CSV/XLSX/GeoJSON/JSON/Turtle, Spaltenzuordnung im Feld „options“ als JSON) / import facilities (multipart: file + options JSON + dryRun)',
      consumes: ['multipart/form-data'],
      response: { 200: importReportSchema, ...errorResponses },
    },
  }, async (req) => {
    if (!req.isMultipart()) throw new LernortError('UPLOAD_REQUIRED', 'Bitte eine Datei als multipart/form-data senden.', 'Please send a file as multipart/form-data.', { location: { field: 'file' } });
    const part = await req.file();
    if (!part) throw new LernortError('UPLOAD_REQUIRED', 'Keine Datei erhalten.', 'No file received.', { location: { field: 'file' } });
    const bytes = await part.toBuffer();
    const fields = part.fields as Record<string, { value?: unknown } | undefined>;
    const rawOptions = String(fields.options?.value ?? '{}');
    let json: unknown;
    try {
      json = JSON.parse(rawOptions);
    } catch {
      throw new LernortError('REQUEST_INVALID', 'Feld „options“ ist kein gültiges JSON.', 'Field "options" is not valid JSON.', { location: { field: 'options' } });
    }
    const parsed = facilityImportOptions.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new LernortError('REQUEST_INVALID', `Ungültige Importoptionen bei ${issue.path.join('.')}: ${issue.message}`, `Invalid import options at ${issue.path.join('.')}: ${issue.message}`, { location: { field: `options.${issue.path.join('.')}` } });
    }
    return service.importFacilities(ctx.db, { file: part.filename, bytes, options: parsed.data, actor: actorOf(req), dryRun: String(fields.dryRun?.value ?? 'false') === 'true' });
  });

  app.post('/api/facilities/assign', {
    config: { permission: 'registry:write' },
    schema: {
      tags, summary: 'Einrichtungen den Gebieten zuordnen / re-assign facilities to areas (TS index or PostGIS)',
      body: z.object({ engine: z.enum(['ts', 'postgis']).default('ts') }).default({ engine: 'ts' }),
      response: { 200: assignmentSummarySchema, ...errorResponses },
    },
  }, async (req) => service.reassignFacilities(pool, { engine: req.body.engine }));

  app.post('/api/facilities/supply', {
    config: { permission: 'registry:write' },
    schema: { tags, summary: 'Versorgungsindikatoren berechnen und speichern / compute and store supply indicators (per area, with planning norms and gaps)', body: supplyInput, response: { 200: supplyReportSchema, ...errorResponses } },
  }, async (req) => service.computeSupply(ctx.db, req.body, actorOf(req)));

  app.post('/api/facilities/accessibility', {
    config: { permission: 'registry:write' },
    schema: { tags, summary: 'Erreichbarkeit (2SFCA/E2SFCA/BFCA/Gravitation) berechnen und speichern / compute and store accessibility (METHODS §6; straight line × detour, no street network)', body: accessibilityInput, response: { 200: accessibilityReportSchema, ...errorResponses } },
  }, async (req) => service.computeAccessibility(ctx.db, req.body, actorOf(req), ctx.config.projectedCrs));

  app.get('/api/facilities/export/hsds', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Register als HSDS-JSON / registry as Open Referral HSDS JSON', response: { 200: hsdsSchema, ...errorResponses } },
  }, async () => service.exportHsds(pool));

  app.get('/api/facilities/export/csv', {
    config: { permission: 'data:read' },
    schema: {
      tags, summary: 'Einrichtungen als CSV / facilities as CSV (de: ; and decimal comma, intl: , and point)',
      querystring: z.object({ dialect: z.enum(['de', 'intl']).default('de'), type: key.optional() }),
      response: { 200: download('Einrichtungen als CSV / facilities as CSV', MEDIA.csv), ...errorResponses },
    },
  }, async (req, reply) => {
    const csv = await service.exportFacilitiesCsv(pool, req.query.dialect, { type: req.query.type });
    return reply.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="einrichtungen.csv"').send(csv);
  });
}
