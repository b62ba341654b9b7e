import { z } from 'zod';
import type { App, AppContext } from '../../http.ts';
import { errorResponses } from '../../http.ts';
import { LernortError } from '../../core/errors.ts';
import { slugKeySchema } from '../../core/schemas.ts';
import * as service from './service.ts';
import * as audit from '../audit/service.ts';
import * as publication from '../publication/service.ts';
import { indicatorMetaSchema, indicatorSchema } from './schema.ts';
import { VersionedCache } from '../system/service.ts';

export function indicatorRoutes(app: App, ctx: AppContext): void {
  // The catalogue gates the atlas's first paint: kept as JSON text per data version and audience.
  const catalogues = new VersionedCache(4);
  app.get('/api/indicators', {
    config: { permission: 'public' },
    schema: { tags: ['indicators'], summary: 'Indikatoren / indicators (contract)', response: { 200: z.array(indicatorSchema) } },
  }, async (req, reply) => {
    // Outside the internal roles the catalogue is the public one: published indicators and periods.
    const vis = publication.visibility(req.auth?.user.role);
    const json = await catalogues.get(ctx.db.pool, `catalogue|${vis}`, async () => {
      const list = vis === 'public' ? await publication.publicIndicators(ctx.db.pool) : (await service.listIndicators(ctx.db.pool)).map(service.toApi);
      return JSON.stringify(z.array(indicatorSchema).parse(list));
    });
    return reply.type('application/json; charset=utf-8').send(json as never);
  });

  app.get('/api/indicators/:key', {
    config: { permission: 'public' },
    schema: {
      tags: ['indicators'], summary: 'Ein Indikator / one indicator',
      params: z.object({ key: z.string().max(64) }),
      response: { 200: indicatorSchema.extend({ layers: z.array(z.string()).optional().describe('anonymous callers: the layers it is published for') }), ...errorResponses },
    },
  }, async (req) => {
    if (publication.visibility(req.auth?.user.role) === 'public') {
      const found = (await publication.publicIndicators(ctx.db.pool)).find((i) => i.key === req.params.key);
      if (!found) throw new LernortError('NOT_FOUND', `Indikator „${req.params.key}“ wurde nicht gefunden.`, `Indicator "${req.params.key}" was not found.`, { status: 404 });
      return found;
    }
    return service.toApi(await service.requireIndicatorWithPeriods(ctx.db.pool, req.params.key));
  });

  app.put('/api/indicators/:key', {
    config: { permission: 'data:write' },
    schema: {
      tags: ['indicators'],
      summary: 'Indikator anlegen oder Metadaten ändern / create an indicator or change its metadata',
      params: z.object({ key: slugKeySchema }),
      body: indicatorMetaSchema.omit({ key: true }),
      response: { 200: indicatorSchema, ...errorResponses },
    },
  }, async (req) => {
    const before = await service.requireIndicatorWithPeriods(ctx.db.pool, req.params.key).then(service.toApi, () => null);
    await service.saveIndicator(ctx.db.pool, { ...req.body, key: req.params.key });
    const after = service.toApi(await service.requireIndicatorWithPeriods(ctx.db.pool, req.params.key));
    await audit.record(ctx.db.pool, { actor: req.auth!.user, action: before ? 'update' : 'create', entity: 'indicator', entityId: req.params.key, before, after });
    return after;
  });
}
