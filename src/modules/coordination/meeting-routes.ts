// HTTP endpoints of meetings: schedule, lifecycle, agenda, attendance, minutes, decisions, tasks,
// finalising, the next meeting and the minutes PDF. Thin: schema in, one service call, schema out.
import { z } from 'zod';
import type { App, AppContext } from '../../http.ts';
import { errorResponses } from '../../http.ts';
import { htmlToPdf } from '../../io/pdf.ts';
import { download, MEDIA, noContent } from '../../core/schemas.ts';
import * as meetings from './meetings.ts';
import * as minutes from './minutes.ts';
import { minutesHtml } from './minutes-pdf.ts';
import {
  agendaInput, agendaUpdate, attendanceInput, decisionInput, decisionParams, idParams, itemParams, meetingDetailSchema, meetingInput,
  meetingSummarySchema, meetingUpdate, minutesInput, nextInput, pdfQuery, statusInput, taskInput,
} from './schema.ts';

const tags = ['coordination'];
const conflict = { 409: errorResponses[400], 413: errorResponses[400] };
const detail = { 200: meetingDetailSchema, ...errorResponses, ...conflict };

export function meetingRoutes(app: App, ctx: AppContext): void {
  const db = ctx.db;
  const pool = db.pool;
  const read = { permission: 'coordination:read' as const };
  const write = { permission: 'coordination:write' as const };
  // Coordinators change only groups (and their meetings, tasks, documents) of their planning areas.
  const own = (entity: 'group' | 'meeting' | 'document' | 'task') => ({ entity, param: 'id', rule: 'own-planning-area' } as const);
  const writeGroup = { ...write, access: own('group') };
  const writeMeeting = { ...write, access: own('meeting') };

  app.get('/api/groups/:id/meetings', {
    config: read,
    schema: { tags, summary: 'Sitzungen eines Arbeitskreises / meetings of a working group', params: idParams, response: { 200: z.array(meetingSummarySchema), ...errorResponses } },
  }, async (req) => meetings.listGroupMeetings(pool, req.auth!.user, req.params.id));

  app.post('/api/groups/:id/meetings', {
    config: writeGroup,
    schema: { tags, summary: 'Sitzung oder Serie (RRULE) anlegen / schedule a meeting or a series (RRULE; start is a wall time in the group zone)', params: idParams, body: meetingInput, response: detail },
  }, async (req) => meetings.createMeeting(db, req.auth!.user, req.params.id, req.body));

  app.get('/api/meetings/:id', {
    config: read,
    schema: { tags, summary: 'Sitzung mit Tagesordnung, Anwesenheit, Protokoll, Beschlüssen, Aufgaben / meeting with everything in it', params: idParams, response: detail },
  }, async (req) => meetings.getMeeting(pool, req.auth!.user, req.params.id));

  app.put('/api/meetings/:id', {
    config: writeMeeting,
    schema: { tags, summary: 'Termin und Ort ändern / change date and place (planned meetings only)', params: idParams, body: meetingUpdate, response: detail },
  }, async (req) => meetings.updateMeeting(pool, req.auth!.user, req.params.id, req.body));

  app.delete('/api/meetings/:id', {
    config: writeMeeting,
    schema: { tags, summary: 'Geplante Sitzung löschen (Serientermin: absagen) / delete a planned meeting (series occurrence: cancel)', params: idParams, response: { 204: noContent, ...errorResponses, ...conflict } },
  }, async (req, reply) => {
    await meetings.deleteMeeting(pool, req.auth!.user, req.params.id);
    return reply.status(204).send();
  });

  app.post('/api/meetings/:id/status', {
    config: writeMeeting,
    schema: { tags, summary: 'Sitzung als stattgefunden markieren, Protokoll beginnen, absagen, wieder ansetzen / hold, start minutes, cancel, reinstate', params: idParams, body: statusInput, response: detail },
  }, async (req) => meetings.changeStatus(pool, req.auth!.user, req.params.id, req.body.action));

  app.post('/api/meetings/:id/finalise', {
    config: writeMeeting,
    schema: { tags, summary: 'Protokoll abschließen (danach unveränderlich) / finalise the minutes (immutable afterwards)', params: idParams, response: detail },
  }, async (req) => minutes.finalise(pool, req.auth!.user, req.params.id));

  app.post('/api/meetings/:id/next', {
    config: writeMeeting,
    schema: { tags, summary: 'Nächste Sitzung aus dem Protokoll (offene Punkte, Aufgaben) / next meeting from the last minutes, carrying open items', params: idParams, body: nextInput, querystring: z.object({ lang: z.enum(['de', 'en']).default('de') }), response: detail },
  }, async (req) => minutes.nextMeeting(db, req.auth!.user, req.params.id, req.body ?? {}, req.query.lang));

  app.post('/api/meetings/:id/agenda', {
    config: writeMeeting,
    schema: { tags, summary: 'Tagesordnungspunkt hinzufügen / add an agenda item', params: idParams, body: agendaInput, response: detail },
  }, async (req) => minutes.addAgendaItem(pool, req.auth!.user, req.params.id, req.body));

  app.put('/api/meetings/:id/agenda/:itemId', {
    config: writeMeeting,
    schema: { tags, summary: 'Tagesordnungspunkt ändern, Protokoll je Punkt (HTML, bereinigt) / edit an item and its minutes (HTML, sanitised)', params: itemParams, body: agendaUpdate, response: detail },
  }, async (req) => minutes.updateAgendaItem(pool, req.auth!.user, req.params.id, req.params.itemId, req.body));

  app.delete('/api/meetings/:id/agenda/:itemId', {
    config: writeMeeting,
    schema: { tags, summary: 'Tagesordnungspunkt entfernen / remove an agenda item', params: itemParams, response: detail },
  }, async (req) => minutes.deleteAgendaItem(pool, req.auth!.user, req.params.id, req.params.itemId));

  app.put('/api/meetings/:id/attendance', {
    config: writeMeeting,
    schema: { tags, summary: 'Anwesenheit erfassen / record attendance', params: idParams, body: attendanceInput, response: detail },
  }, async (req) => minutes.setAttendance(db, req.auth!.user, req.params.id, req.body.entries));

  app.put('/api/meetings/:id/minutes', {
    config: writeMeeting,
    schema: { tags, summary: 'Allgemeiner Protokolltext (HTML, bereinigt) / general minutes (HTML, sanitised)', params: idParams, body: minutesInput, response: detail },
  }, async (req) => minutes.setMinutes(pool, req.auth!.user, req.params.id, req.body.html));

  app.post('/api/meetings/:id/decisions', {
    config: writeMeeting,
    schema: { tags, summary: 'Beschluss zu einem Punkt / record a decision on an item', params: idParams, body: decisionInput, response: detail },
  }, async (req) => minutes.addDecision(pool, req.auth!.user, req.params.id, req.body));

  app.delete('/api/meetings/:id/decisions/:decisionId', {
    config: writeMeeting,
    schema: { tags, summary: 'Beschluss entfernen / remove a decision', params: decisionParams, response: detail },
  }, async (req) => minutes.deleteDecision(pool, req.auth!.user, req.params.id, req.params.decisionId));

  app.post('/api/meetings/:id/tasks', {
    config: writeMeeting,
    schema: { tags, summary: 'Aufgabe aus der Sitzung (verantwortlich, fällig, Beschluss) / task from the meeting (owner, due date, decision)', params: idParams, body: taskInput, response: detail },
  }, async (req) => minutes.addTask(pool, req.auth!.user, req.params.id, req.body));

  app.get('/api/meetings/:id/minutes.pdf', {
    config: read,
    schema: {
      tags, summary: 'Protokoll als PDF; ?confidential=omit lässt vertrauliche Punkte aus / minutes as PDF (application/pdf); ?confidential=omit leaves confidential items out',
      params: idParams, querystring: pdfQuery, response: { 200: download('Protokoll (PDF) / minutes (PDF)', MEDIA.pdf), ...errorResponses, 503: errorResponses[400] },
    },
  }, async (req, reply) => {
    const m = await meetings.getMeeting(pool, req.auth!.user, req.params.id);
    const pdf = await htmlToPdf(minutesHtml(m, { includeConfidential: req.query.confidential === 'include', lang: req.query.lang }), { footer: `Lernort · ${m.groupName} · ${m.start.slice(0, 10)}` });
    reply.type('application/pdf').header('Content-Disposition', `inline; filename="protokoll_${m.id}_${m.start.slice(0, 10)}.pdf"`);
    return reply.send(pdf);
  });
}
