// Attaching facilities to a Träger (organisation) and detaching them, for the Träger screen of
// planners and admins. Kept apart from routes.ts so it moves with organisations into their own
// module. One transaction; the facilities' organisation before and after goes to the audit log.
import { z } from 'zod';
import type { App, AppContext } from '../../http.ts';
import { errorResponses } from '../../http.ts';
import { LernortError } from '../../core/errors.ts';
import { withTransaction, type Database } from '../../db/connection.ts';
import * as audit from '../audit/service.ts';
import * as service from './service.ts';

const ids = z.array(z.number().int().positive()).max(5000).default([]);

export function organisationRoutes(app: App, ctx: AppContext): void {
  app.post('/api/organisations/:id/facilities', {
    config: { permission: 'registry:write' },
    schema: {
      tags: ['facilities'],
      summary: 'Einrichtungen einem Träger zuordnen oder lösen / attach facilities to an organisation or detach them (answers the organisation\'s facility ids)',
      params: z.object({ id: z.coerce.number().int().positive() }),
      body: z.object({ attach: ids, detach: ids }),
      response: { 200: z.object({ organisationId: z.number(), attached: z.number(), detached: z.number(), facilityIds: z.array(z.number()) }), ...errorResponses },
    },
  }, async (req) => attachFacilities(ctx.db, req.params.id, req.body, { id: req.auth?.user.id ?? null, username: req.auth?.user.username }));
}

export async function attachFacilities(db: Database, organisationId: number, change: { attach: number[]; detach: number[] }, actor: audit.AuditActor) {
  await service.getOrganisation(db.pool, organisationId); // 404 for an unknown organisation
  return withTransaction(db, async (client) => {
    const wanted = [...new Set([...change.attach, ...change.detach])];
    const before = (await client.query<{ id: number; organisation_id: number | null }>('SELECT id, organisation_id FROM facilities WHERE id = ANY($1::int[]) ORDER BY id', [wanted])).rows;
    const missing = wanted.filter((id) => !before.some((b) => b.id === id));
    if (missing.length > 0) {
      throw new LernortError('FACILITY_NOT_FOUND', `Einrichtung(en) nicht gefunden: ${missing.join(', ')}.`, `Facility/facilities not found: ${missing.join(', ')}.`, { status: 404, location: { field: 'attach' } });
    }
    const attached = (await client.query('UPDATE facilities SET organisation_id = $1 WHERE id = ANY($2::int[]) AND organisation_id IS DISTINCT FROM $1', [organisationId, change.attach])).rowCount ?? 0;
    // Only this organisation's facilities are detached; another Träger's stay untouched.
    const detached = (await client.query('UPDATE facilities SET organisation_id = NULL WHERE id = ANY($2::int[]) AND organisation_id = $1', [organisationId, change.detach.filter((id) => !change.attach.includes(id))])).rowCount ?? 0;
    const facilityIds = (await client.query<{ id: number }>('SELECT id FROM facilities WHERE organisation_id = $1 ORDER BY id', [organisationId])).rows.map((r) => r.id);
    await audit.record(client, {
      actor, action: 'attach-facilities', entity: 'organisation', entityId: String(organisationId),
      before: before.map((b) => ({ facilityId: b.id, organisationId: b.organisation_id })),
      after: { attach: change.attach, detach: change.detach, attached, detached },
    });
    return { organisationId, attached, detached, facilityIds };
  });
}
