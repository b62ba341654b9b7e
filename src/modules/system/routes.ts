import { z } from 'zod';
import type { App, AppContext } from '../../http.ts';
import * as service from './service.ts';

export function systemRoutes(app: App, ctx: AppContext): void {
  app.get('/api/health', {
    config: { permission: 'public' },
    schema: { tags: ['system'], summary: 'Betriebsbereit / liveness (contract)', response: { 200: z.object({ status: z.literal('ok') }) } },
  }, async () => ({ status: 'ok' as const }));

  app.get('/api/meta', {
    config: { permission: 'public' },
    schema: {
      tags: ['system'],
      summary: 'Geladene Stadt und Daten / loaded city and dataset',
      response: { 200: z.object({ city: z.object({ name: z.string() }), synthetic: z.boolean(), recipe: z.string().nullable(), defaultIndicator: z.string().nullable(), loadedAt: z.string().nullable(), backend: z.string() }) },
    },
  }, async () => {
    const d = await service.getDataset(ctx.db.pool);
    return { city: { name: d?.city ?? '' }, synthetic: d?.synthetic ?? false, recipe: d?.recipe ?? null, defaultIndicator: d?.defaultIndicator ?? null, loadedAt: d?.loadedAt ?? null, backend: ctx.db.backend };
  });

  app.get('/api/sources', {
    config: { permission: 'public' },
    schema: {
      tags: ['system'],
      summary: 'Datenquellen und Namensnennung / data sources and attribution',
      response: { 200: z.array(z.object({ title: z.string(), attribution: z.string(), licence: z.string(), url: z.string().optional() })) },
    },
  }, async () => (await service.getDataset(ctx.db.pool))?.sources ?? []);
}
