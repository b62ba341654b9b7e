import { z } from 'zod';
import type { App, AppContext } from '../../http.ts';
import { errorResponses } from '../../http.ts';
import * as service from './service.ts';
import { keySchema, simplifySchema } from '../../core/schemas.ts';
import { layerGeoJsonSchema } from './schema.ts';

export function areaRoutes(app: App, ctx: AppContext): void {
  app.get('/api/layers', {
    config: { permission: 'public' },
    schema: {
      tags: ['areas'],
      summary: 'Räumliche Ebenen / spatial layers (contract)',
      response: {
        200: z.array(z.object({
          key: z.string(), name: z.string(), nameEn: z.string(), areaCount: z.number(),
          kind: z.string(), parent: z.string().nullable(), members: z.string().nullable(),
        })),
      },
    },
  }, async () => (await service.listLayers(ctx.db)).map((l) => ({
    key: l.key, name: l.name_de, nameEn: l.name_en, areaCount: l.area_count, kind: l.kind, parent: l.parent_key, members: l.member_key,
  })));

  app.get('/api/areas', {
    config: { permission: 'public' },
    schema: {
      tags: ['areas'],
      summary: 'Gebiete einer Ebene als GeoJSON / areas of a layer as GeoJSON (contract)',
      querystring: z.object({
        layer: keySchema,
        simplify: simplifySchema,
      }),
      // the answer is the cached GeoJSON text, sent as it is (the schema documents it)
      response: { 200: layerGeoJsonSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    const json = await service.layerGeoJsonText(ctx.db, req.query.layer, req.query.simplify, service.sridOf(ctx.config.projectedCrs));
    return reply.type('application/json; charset=utf-8').send(json as never); // pre-serialised text: Fastify sends strings as they are, unserialised
  });
}
