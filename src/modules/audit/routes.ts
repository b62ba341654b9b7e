import { z } from 'zod';
import type { App, AppContext } from '../../http.ts';
import { errorResponses } from '../../http.ts';
import { writeCsv } from '../../io/csv-write.ts';
import * as service from './service.ts';
import { download, MEDIA } from '../../core/schemas.ts';
import { auditEntrySchema, auditQuery as query } from './schema.ts';

export function auditRoutes(app: App, ctx: AppContext): void {
  app.get('/api/audit', {
    config: { permission: 'admin' },
    schema: { tags: ['audit'], summary: 'Änderungsprotokoll / audit log', querystring: query, response: { 200: z.array(auditEntrySchema), ...errorResponses } },
  }, async (req) => (await service.list(ctx.db.pool, req.query)).map((r) => ({ id: r.id, at: r.at.toISOString(), actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, before: r.before, after: r.after })));

  app.get('/api/audit/export.csv', {
    config: { permission: 'admin' },
    schema: { tags: ['audit'], summary: 'Änderungsprotokoll als CSV / audit log as CSV', querystring: query.extend({ dialect: z.enum(['de', 'intl']).default('de') }), response: { 200: download('Änderungsprotokoll als CSV / audit log as CSV', MEDIA.csv), ...errorResponses } },
  }, async (req, reply) => {
    const rows = await service.list(ctx.db.pool, { ...req.query, limit: req.query.limit === 200 ? 10_000 : req.query.limit });
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="lernort-audit.csv"');
    return writeCsv(['id', 'at', 'actor', 'action', 'entity', 'entity_id', 'before', 'after'], rows.map((r) => [r.id, r.at.toISOString(), r.actor, r.action, r.entity, r.entity_id, JSON.stringify(r.before), JSON.stringify(r.after)]), req.query.dialect);
  });
}
