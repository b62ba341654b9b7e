// HTTP endpoints of organisations (Träger): the list, one, create, change, delete, and attaching
// facilities (the Träger screen of planners and admins). Träger contacts need data:read; writes
// registry:write. Paths, permissions and shapes are those the registry had before the module moved.
import { z } from 'zod';
import type { App, AppContext } from '../../http.ts';
import { errorResponses } from '../../http.ts';
import * as facilities from '../facilities/service.ts';
import * as service from './service.ts';
import { noContent } from '../../core/schemas.ts';
import { attachInput, organisationInput, organisationSchema } from './schema.ts';

const idParams = z.object({ id: z.coerce.number().int().positive() });
// The registry's OpenAPI tag: organisations are listed beside facilities and offers.
const tags = ['facilities'];

export function organisationRoutes(app: App, ctx: AppContext): void {
  const pool = ctx.db.pool;

  app.get('/api/organisations', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Träger / organisations', response: { 200: z.array(organisationSchema), ...errorResponses } },
  }, async () => service.listOrganisations(pool));

  app.get('/api/organisations/:id', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Träger / organisation', params: idParams, response: { 200: organisationSchema, ...errorResponses } },
  }, async (req) => service.getOrganisation(pool, req.params.id));

  app.post('/api/organisations', {
    config: { permission: 'registry:write' },
    schema: { tags, summary: 'Träger anlegen / create an organisation', body: organisationInput, response: { 200: organisationSchema, ...errorResponses } },
  }, async (req) => service.saveOrganisation(pool, null, req.body));

  app.put('/api/organisations/:id', {
    config: { permission: 'registry:write' },
    schema: { tags, summary: 'Träger ändern / update an organisation', params: idParams, body: organisationInput, response: { 200: organisationSchema, ...errorResponses } },
  }, async (req) => service.saveOrganisation(pool, req.params.id, req.body));

  app.delete('/api/organisations/:id', {
    config: { permission: 'registry:write' },
    schema: { tags, summary: 'Träger löschen / delete an organisation', params: idParams, response: { 204: noContent, ...errorResponses } },
  }, async (req, reply) => {
    await service.deleteOrganisation(pool, req.params.id);
    return reply.status(204).send();
  });

  // One transaction; the facilities' organisation before and after goes to the audit log.
  app.post('/api/organisations/:id/facilities', {
    config: { permission: 'registry:write' },
    schema: {
      tags,
      summary: 'Einrichtungen einem Träger zuordnen oder lösen / attach facilities to an organisation or detach them (answers the organisation\'s facility ids)',
      params: idParams,
      body: attachInput,
      response: { 200: z.object({ organisationId: z.number(), attached: z.number(), detached: z.number(), facilityIds: z.array(z.number()) }), ...errorResponses },
    },
  }, async (req) => {
    await service.getOrganisation(pool, req.params.id); // 404 for an unknown organisation
    return facilities.attachToOrganisation(ctx.db, req.params.id, req.body, { id: req.auth?.user.id ?? null, username: req.auth?.user.username });
  });
}
