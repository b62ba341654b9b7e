// HTTP endpoints of coordination: group types, working groups and members, tasks, documents,
// the planning-area page, the calendar view, calendar feeds and notifications. Meetings are in
// meeting-routes.ts. Groups one may not see answer 404 (access.ts); feeds are public routes that
// answer only to their secret token.
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App, AppContext } from '../../http.ts';
import { errorResponses, uploadedFile } from '../../http.ts';
import { ALLOWED_DOCUMENT_TYPES } from '../../core/documents.ts';
import { LernortError } from '../../core/errors.ts';
import { ICS_CONTENT_TYPE } from '../../io/ical.ts';
import { download, MEDIA, noContent } from '../../core/schemas.ts';
import * as groups from './groups.ts';
import * as tasks from './tasks.ts';
import * as documents from './documents.ts';
import * as calendar from './calendar.ts';
import { listCalendar } from './meetings.ts';
import { listPlanningAreas, planningAreaPage, setAreaCoordination } from './area-page.ts';
import { listNotifications, markRead } from './reminders.ts';
import { meetingRoutes } from './meeting-routes.ts';
import { DOCUMENT, GROUP, MEETING, TASK, notFound, rowScope } from './access.ts';
import * as access from '../access/service.ts';
import {
  areaCoordinationInput, areaCoordinationSchema, areaParams, calendarQuery, documentSchema, feedTokenSchema, groupDetailSchema, groupInput, groupSchema, groupTypeInput,
  idParams, keyParams, meetingSummarySchema, memberInput, memberParams, memberSchema, notificationSchema, planningAreaPageSchema, taskQuery, taskSchema, taskUpdate, tokenQuery,
} from './schema.ts';

const tags = ['coordination'];
const conflict = { 409: errorResponses[400], 413: errorResponses[400], 415: errorResponses[400] };
const typeSchema = z.object({ key: z.string(), name: z.object({ de: z.string(), en: z.string() }), sort: z.number() });

/** The address calendar clients and links use: LERNORT_PUBLIC_URL, else what the request came to. */
export function publicBaseUrl(req: FastifyRequest): string {
  const configured = process.env.LERNORT_PUBLIC_URL;
  if (configured) return configured.replace(/\/$/, '');
  return `${req.protocol}://${req.headers.host ?? 'localhost'}`;
}

export function coordinationRoutes(app: App, ctx: AppContext): void {
  const db = ctx.db;
  const pool = db.pool;
  access.registerEntity('group', { name: GROUP, resolve: (q, id) => rowScope(q, 'group', Number(id)) });
  access.registerEntity('meeting', { name: MEETING, resolve: (q, id) => rowScope(q, 'meeting', Number(id)) });
  access.registerEntity('task', { name: TASK, resolve: (q, id) => rowScope(q, 'task', Number(id)) });
  access.registerEntity('document', { name: DOCUMENT, resolve: (q, id) => rowScope(q, 'document', Number(id)) });
  const read = { permission: 'coordination:read' as const };
  const write = { permission: 'coordination:write' as const };
  // Coordinators change only groups (and their meetings, tasks, documents) of their planning areas.
  const own = (entity: 'group' | 'meeting' | 'document' | 'task') => ({ entity, param: 'id', rule: 'own-planning-area' } as const);
  const writeGroup = { ...write, access: own('group') };
  const writeMeeting = { ...write, access: own('meeting') };
  const writeDocument = { ...write, access: own('document') };

  app.get('/api/group-types', { config: read, schema: { tags, summary: 'Arten von Arbeitskreisen / kinds of working group', response: { 200: z.array(typeSchema), ...errorResponses } } },
    async () => groups.listGroupTypes(pool));

  app.put('/api/group-types/:key', {
    config: { permission: 'admin' },
    schema: { tags, summary: 'Art von Arbeitskreis anlegen/ändern / create or update a kind of working group', params: keyParams, body: groupTypeInput, response: { 200: typeSchema, ...errorResponses } },
  }, async (req) => groups.saveGroupType(pool, req.params.key, req.body));

  app.get('/api/groups', {
    config: read,
    schema: { tags, summary: 'Arbeitskreise und Netzwerke, die man sehen darf / working groups and networks visible to the caller', querystring: z.object({ layer: z.string().max(64).optional(), code: z.string().max(64).optional() }), response: { 200: z.array(groupSchema), ...errorResponses } },
  }, async (req) => groups.listGroups(pool, req.auth!.user, req.query));

  app.post('/api/groups', {
    config: write,
    schema: { tags, summary: 'Arbeitskreis anlegen (Koordination: nur im eigenen Planungsraum) / create a working group (coordinators: own planning areas)', body: groupInput, response: { 200: groupDetailSchema, ...errorResponses, ...conflict } },
  }, async (req) => groups.createGroup(pool, req.auth!.user, req.body));

  app.get('/api/groups/:id', { config: read, schema: { tags, summary: 'Arbeitskreis mit Mitgliedern / working group with members', params: idParams, response: { 200: groupDetailSchema, ...errorResponses } } },
    async (req) => groups.getGroup(pool, req.auth!.user, req.params.id));

  app.put('/api/groups/:id', { config: writeGroup, schema: { tags, summary: 'Arbeitskreis ändern / update a working group', params: idParams, body: groupInput, response: { 200: groupDetailSchema, ...errorResponses, ...conflict } } },
    async (req) => groups.updateGroup(pool, req.auth!.user, req.params.id, req.body));

  app.delete('/api/groups/:id', { config: writeGroup, schema: { tags, summary: 'Arbeitskreis löschen (ohne abgeschlossene Protokolle) / delete a working group (without finalised minutes)', params: idParams, response: { 204: noContent, ...errorResponses, ...conflict } } },
    async (req, reply) => {
      await groups.deleteGroup(pool, req.auth!.user, req.params.id);
      return reply.status(204).send();
    });

  app.post('/api/groups/:id/members', {
    config: writeGroup,
    schema: { tags, summary: 'Mitglied hinzufügen: Person (Konto oder Name/E-Mail), Träger oder Einrichtung; Rolle chair|member|guest / add a member', params: idParams, body: memberInput, response: { 200: memberSchema, ...errorResponses } },
  }, async (req) => groups.addMember(pool, req.auth!.user, req.params.id, req.body));

  app.put('/api/groups/:id/members/:memberId', { config: writeGroup, schema: { tags, summary: 'Mitglied ändern / update a member', params: memberParams, body: memberInput, response: { 200: memberSchema, ...errorResponses } } },
    async (req) => groups.updateMember(pool, req.auth!.user, req.params.id, req.params.memberId, req.body));

  app.delete('/api/groups/:id/members/:memberId', { config: writeGroup, schema: { tags, summary: 'Mitglied entfernen / remove a member', params: memberParams, response: { 204: noContent, ...errorResponses } } },
    async (req, reply) => {
      await groups.removeMember(pool, req.auth!.user, req.params.id, req.params.memberId);
      return reply.status(204).send();
    });

  // ---- tasks ----

  app.get('/api/tasks', {
    config: read,
    schema: { tags, summary: 'Aufgaben: meine, eines Arbeitskreises, eines Planungsraums / tasks: mine, of a group, of a planning area (?scope=mine|group|area|all)', querystring: taskQuery, response: { 200: z.array(taskSchema), ...errorResponses } },
  }, async (req) => tasks.listTasks(pool, req.auth!.user, req.query));

  app.get('/api/groups/:id/tasks', { config: read, schema: { tags, summary: 'Aufgaben eines Arbeitskreises / tasks of a working group', params: idParams, response: { 200: z.array(taskSchema), ...errorResponses } } },
    async (req) => tasks.listTasks(pool, req.auth!.user, { scope: 'group', group: req.params.id }));

  app.patch('/api/tasks/:id', {
    config: { ...read, access: own('task') },
    schema: { tags, summary: 'Aufgabe ändern: Status (auch durch die verantwortliche Person), Titel, Fälligkeit, Verantwortliche / change a task (status also by its owner)', params: idParams, body: taskUpdate, response: { 200: taskSchema, ...errorResponses, ...conflict } },
  }, async (req) => tasks.updateTask(pool, req.auth!.user, req.params.id, req.body));

  // ---- documents ----

  app.get('/api/groups/:id/documents', { config: read, schema: { tags, summary: 'Dokumente eines Arbeitskreises / documents of a working group', params: idParams, response: { 200: z.array(documentSchema), ...errorResponses } } },
    async (req) => documents.listDocuments(pool, req.auth!.user, req.params.id));

  app.post('/api/groups/:id/documents', {
    config: writeGroup,
    schema: {
      tags, summary: `Dokument hochladen (multipart: file, optional meetingId; Typen ${ALLOWED_DOCUMENT_TYPES.join(', ')}; höchstens LERNORT_MAX_UPLOAD_MB) / upload a document`,
      consumes: ['multipart/form-data'], params: idParams, response: { 200: documentSchema, ...errorResponses, ...conflict },
    },
  }, async (req) => {
    const { fileName, bytes, fields } = await uploadedFile(req, ctx.config.maxUploadMb);
    const maxBytes = ctx.config.maxUploadMb * 1024 * 1024;
    const field = fields.meetingId as { type?: string; value?: unknown } | undefined;
    const meetingId = field?.type === 'field' && String(field.value) !== '' ? Number(field.value) : undefined;
    if (meetingId !== undefined && !(Number.isInteger(meetingId) && meetingId > 0)) throw new LernortError('REQUEST_INVALID', 'meetingId muss eine Zahl sein.', 'meetingId must be a number.', { location: { field: 'meetingId' } });
    return documents.uploadDocument(pool, req.auth!.user, req.params.id, { fileName, bytes, meetingId }, maxBytes);
  });

  app.get('/api/documents/:id', { config: read, schema: { tags, summary: 'Dokument herunterladen / download a document', params: idParams, response: { 200: download('Das Dokument in seinem Medientyp (pdf, png, jpeg, docx, xlsx, pptx, odt, ods, txt, csv) / the document in its media type', '*/*'), ...errorResponses } } },
    async (req, reply) => {
      const d = await documents.downloadDocument(pool, req.auth!.user, req.params.id);
      reply.type(d.mediaType).header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(d.fileName)}`);
      return reply.send(d.content);
    });

  app.delete('/api/documents/:id', { config: writeDocument, schema: { tags, summary: 'Dokument löschen / delete a document', params: idParams, response: { 204: noContent, ...errorResponses, ...conflict } } },
    async (req, reply) => {
      await documents.deleteDocument(pool, req.auth!.user, req.params.id);
      return reply.status(204).send();
    });

  // ---- planning areas and calendar ----

  app.get('/api/planning-areas', {
    config: read,
    schema: { tags, summary: 'Planungsräume (Gebiete der Gruppierungsebenen), eigene markiert / planning areas (areas of grouping layers), own ones marked', response: { 200: z.array(z.object({ layer: z.string(), layerName: z.object({ de: z.string(), en: z.string() }), code: z.string(), name: z.string(), yours: z.boolean() })), ...errorResponses } },
  }, async (req) => listPlanningAreas(pool, req.auth!.user));

  app.get('/api/planning-areas/:layer/:code', {
    config: read,
    schema: { tags, summary: 'Seite des Planungsraums: Kennzahlen, Schwerpunktgebiete, Einrichtungen und Angebote, Arbeitskreise, Sitzungen, offene Aufgaben / planning-area page', params: areaParams, response: { 200: planningAreaPageSchema, ...errorResponses } },
  }, async (req) => planningAreaPage(pool, req.auth!.user, req.params.layer, req.params.code));

  app.put('/api/planning-areas/:layer/:code/coordination', {
    config: { permission: 'admin' },
    schema: { tags, summary: 'Koordinator:innen und Träger mit Managementfunktion festlegen / set coordinators and the managing provider', params: areaParams, body: areaCoordinationInput, response: { 200: areaCoordinationSchema, ...errorResponses } },
  }, async (req) => setAreaCoordination(pool, req.params.layer, req.params.code, req.body));

  app.get('/api/calendar', {
    config: read,
    schema: { tags, summary: 'Sitzungen im Zeitraum (Kalenderansicht), optional eines Gebiets / meetings in a period (calendar view)', querystring: calendarQuery, response: { 200: z.array(meetingSummarySchema), ...errorResponses } },
  }, async (req) => {
    const from = req.query.from ? new Date(`${req.query.from}T00:00:00Z`) : new Date(Date.now() - 31 * 86_400_000);
    const to = req.query.to ? new Date(`${req.query.to}T23:59:59Z`) : new Date(from.getTime() + 124 * 86_400_000);
    return listCalendar(pool, req.auth!.user, from, to, req.query.layer && req.query.code ? { layer: req.query.layer, code: req.query.code } : undefined);
  });

  // ---- calendar feeds (iCalendar, secret token) ----

  app.get('/api/groups/:id/calendar.ics', {
    config: { permission: 'public' },
    schema: { tags, summary: 'iCalendar-Feed eines Arbeitskreises (text/calendar), nur mit geheimem Token / iCalendar feed of a working group (text/calendar), secret token only', params: idParams, querystring: tokenQuery, response: { 200: download('iCalendar (RFC 5545)', MEDIA.ics), ...errorResponses } },
  }, async (req, reply) => {
    const text = await calendar.groupFeed(pool, req.params.id, req.query.token, publicBaseUrl(req));
    return reply.type(ICS_CONTENT_TYPE).header('Cache-Control', 'private, max-age=300').send(text);
  });

  app.get('/api/me/calendar.ics', {
    config: { permission: 'public' },
    schema: { tags, summary: 'Persönlicher iCalendar-Feed (text/calendar), nur mit geheimem Token / personal iCalendar feed, secret token only', querystring: tokenQuery, response: { 200: download('iCalendar (RFC 5545)', MEDIA.ics), ...errorResponses } },
  }, async (req, reply) => {
    const text = await calendar.personalFeed(pool, req.query.token, publicBaseUrl(req));
    return reply.type(ICS_CONTENT_TYPE).header('Cache-Control', 'private, max-age=300').send(text);
  });

  app.post('/api/groups/:id/calendar-token', {
    config: read,
    schema: { tags, summary: 'Feed-Adresse eines Arbeitskreises erzeugen oder erneuern (alte wird ungültig) / create or rotate the feed address of a group', params: idParams, response: { 200: feedTokenSchema, ...errorResponses } },
  }, async (req) => calendar.createFeedToken(pool, req.auth!.user, req.params.id, publicBaseUrl(req)));

  app.post('/api/me/calendar-token', {
    config: read,
    schema: { tags, summary: 'Persönliche Feed-Adresse erzeugen oder erneuern / create or rotate the personal feed address', response: { 200: feedTokenSchema, ...errorResponses } },
  }, async (req) => calendar.createFeedToken(pool, req.auth!.user, null, publicBaseUrl(req)));

  // ---- notifications ----

  app.get('/api/me/notifications', { config: read, schema: { tags, summary: 'Benachrichtigungen (Erinnerungen) / in-app notifications', response: { 200: z.array(notificationSchema), ...errorResponses } } },
    async (req) => listNotifications(pool, req.auth!.user));

  app.post('/api/me/notifications/:id/read', { config: read, schema: { tags, summary: 'Benachrichtigung als gelesen markieren / mark a notification read', params: idParams, response: { 204: noContent, ...errorResponses } } },
    async (req, reply) => {
      if (!(await markRead(pool, req.auth!.user, req.params.id))) throw notFound({ de: 'Benachrichtigung', en: 'Notification' }, req.params.id);
      return reply.status(204).send();
    });

  meetingRoutes(app, ctx);
}
