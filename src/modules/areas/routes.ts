import { z } from 'zod';
import type { App, AppContext } from '../../http.ts';
import { errorResponses } from '../../http.ts';
import * as service from './service.ts';
import { VersionedCache } from '../system/service.ts';

export function areaRoutes(app: App, ctx: AppContext): void {
  const geometries = new VersionedCache(50);
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
        layer: z.string().min(1).max(64),
        simplify: z.union([z.literal('auto'), z.coerce.number().min(0).max(10_000)]).default(0)
          .describe('Tolerance in metres (projected CRS); 0 = full detail; "auto" = the step for a map showing the whole layer. Vertices are quantised to the tolerance, neighbours keep common edges.'),
      }),
      response: { 200: z.any(), ...errorResponses },
    },
  }, async (req, reply) => {
    // Geometry changes only with area imports (part of the data version); simplifying a large layer
    // costs PostGIS a noticeable fraction of a second, so the JSON text is kept per version.
    const { layer } = req.query;
    const srid = service.sridOf(ctx.config.projectedCrs);
    const simplify = req.query.simplify === 'auto' ? await service.autoTolerance(ctx.db, layer, srid) : req.query.simplify;
    const json = await geometries.get(ctx.db.pool, `areas|${layer}|${simplify}`, async () =>
      JSON.stringify(await service.layerGeoJson(ctx.db, layer, simplify, srid)), []);
    return reply.type('application/json; charset=utf-8').send(json);
  });
}
