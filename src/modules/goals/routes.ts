// HTTP endpoints of goals: goals with their computed status and reason, workshops (proposals,
// comments, votes), agreements and their lifecycle, provider reports and reviews, and the
// Wirksamkeitsdialog with PDF and DOCX export. Agreements one may not see answer 404.
import { z } from 'zod';
import type { App, AppContext } from '../../http.ts';
import { errorResponses, uploadedFile } from '../../http.ts';
import { download, MEDIA } from '../../core/schemas.ts';
import { htmlToPdf } from '../../io/pdf.ts';
import { LernortError } from '../../core/errors.ts';
import { ALLOWED_DOCUMENT_TYPES } from '../../core/documents.ts';
import * as access from '../access/service.ts';
import * as s from './service.ts';
import { dialogueDocx, dialogueHtml } from './export.ts';
import {
  acceptInput, actionInput, attachmentSchema, publicGoalSchema, agreementInput, agreementPatch, agreementSchema, commentInput, dialogueInput, dialogueSchema, dialogueUpdate, exportQuery, goalInput, goalQuery,
  goalSchema, idParams, proposalInput, reportActionInput, reportInput, reportParams, reportSchema, statusInput, workshopSummarySchema, dialogueQuery, statusSchema, voteInput, workshopInput, workshopSchema,
} from './schema.ts';

const tags = ['goals'];
const conflict = { 409: errorResponses[400] };

export function goalsRoutes(app: App, ctx: AppContext): void {
  const pool = ctx.db.pool;
  const read = { permission: 'goals:read' as const };
  const write = { permission: 'goals:write' as const };
  const report = { permission: 'agreements:report' as const };
  // Changing, signing, reporting and reviewing: the parties (coordinators, providers); readers are not parties.
  const party = { permission: 'agreements:party' as const };

  // Row rules (modules/access): coordinators change goals, workshops, agreements and dialogues of
  // their planning areas (or those they are the coordinator of); providers their organisation's agreements.
  const names = { goal: 'Ziel / goal', proposal: 'Vorschlag / proposal', agreement: 'Zielvereinbarung / goal agreement', dialogue: 'Wirksamkeitsdialog / effectiveness dialogue' } as const;
  for (const [entity, name] of Object.entries(names) as [keyof typeof names, string][]) access.registerEntity(entity, { name, resolve: (q, id) => s.rowScope(q, entity, Number(id)) });
  access.registerEntity('report-attachment', { name: 'Anhang / attachment', resolve: (q, id) => s.rowScope(q, 'attachment', Number(id)) });
  const area = (entity: keyof typeof names) => ({ entity, param: 'id', rule: 'own-planning-area' } as const);
  const agreementRule = { entity: 'agreement', param: 'id', rule: 'organisation-or-planning-area' } as const;

  app.get('/api/goals', { config: read, schema: { tags, summary: 'Ziele mit berechnetem Stand und Begründung / goals with computed status and reason', querystring: goalQuery, response: { 200: z.array(goalSchema), ...errorResponses } } },
    async (req) => s.listGoals(pool, req.auth!.user, req.query));
  app.post('/api/goals', { config: write, schema: { tags, summary: 'Ziel anlegen (Koordination: eigener Planungsraum) / create a goal', body: goalInput, response: { 200: goalSchema, ...errorResponses } } },
    async (req) => s.createGoal(pool, req.auth!.user, req.body));
  app.get('/api/goals/:id', { config: read, schema: { tags, summary: 'Ziel mit Reihe, Stand, Begründung und Verlauf / goal with series, status, reason and history', params: idParams, response: { 200: goalSchema, ...errorResponses } } },
    async (req) => s.getGoal(pool, req.auth!.user, req.params.id));
  app.post('/api/goals/:id/status', { config: { ...write, access: area('goal') }, schema: { tags, summary: 'Stand zu einem Berichtstermin festhalten / record the status as of a reporting date', params: idParams, body: statusInput, response: { 200: statusSchema, ...errorResponses } } },
    async (req) => s.recordStatus(pool, req.auth!.user, req.params.id, req.body.asOf));
  // Bodiless actions, so a caller without the row is refused before anything is read.
  app.post('/api/goals/:id/publish', { config: { ...write, access: area('goal') }, schema: { tags, summary: 'Ziel veröffentlichen (öffentlich dann unter /api/public/goals, Werte mit Geheimhaltung) / publish a goal (then public at /api/public/goals, values suppressed)', params: idParams, response: { 200: goalSchema, ...errorResponses } } },
    async (req) => s.setPublished(pool, req.auth!.user, req.params.id, true));
  app.post('/api/goals/:id/unpublish', { config: { ...write, access: area('goal') }, schema: { tags, summary: 'Veröffentlichung eines Ziels zurücknehmen / take a goal’s publication back', params: idParams, response: { 200: goalSchema, ...errorResponses } } },
    async (req) => s.setPublished(pool, req.auth!.user, req.params.id, false));

  // The public: published goals only, their indicator values as the public atlas shows them (suppressed).
  app.get('/api/public/goals', { config: { permission: 'public' }, schema: { tags, summary: 'Veröffentlichte Ziele mit Stand und Begründung (Werte mit Geheimhaltung) / published goals with status and reason (values suppressed as in the atlas)', response: { 200: z.array(publicGoalSchema), ...errorResponses } } },
    async () => s.listPublicGoals(pool));
  app.get('/api/public/goals/:id', { config: { permission: 'public' }, schema: { tags, summary: 'Ein veröffentlichtes Ziel (sonst 404) / one published goal (otherwise 404)', params: idParams, response: { 200: publicGoalSchema, ...errorResponses } } },
    async (req) => s.getPublicGoal(pool, req.params.id));

  app.get('/api/workshops', { config: read, schema: { tags, summary: 'Bildungswerkstätten / workshops', response: { 200: z.array(workshopSummarySchema), ...errorResponses } } },
    async () => s.listWorkshops(pool));
  app.post('/api/workshops', { config: write, schema: { tags, summary: 'Bildungswerkstatt anlegen / create a workshop', body: workshopInput, response: { 200: workshopSchema, ...errorResponses } } },
    async (req) => s.createWorkshop(pool, req.auth!.user, req.body));
  app.get('/api/workshops/:id', { config: read, schema: { tags, summary: 'Bildungswerkstatt mit Vorschlägen, Stimmen und Kommentaren / workshop with proposals, votes and comments', params: idParams, response: { 200: workshopSchema, ...errorResponses } } },
    async (req) => s.getWorkshop(pool, req.params.id));
  app.post('/api/workshops/:id/proposals', { config: read, schema: { tags, summary: 'Zielvorschlag einbringen / add a goal proposal', params: idParams, body: proposalInput, response: { 200: workshopSchema, ...errorResponses } } },
    async (req) => s.addProposal(pool, req.auth!.user, req.params.id, req.body));
  app.post('/api/workshops/:id/votes', { config: read, schema: { tags, summary: 'Stimmen verteilen (ein Budget je Person; ersetzt die eigene frühere Abgabe) / spread one’s budget of votes', params: idParams, body: voteInput, response: { 200: workshopSchema, ...errorResponses } } },
    async (req) => s.vote(pool, req.auth!.user, req.params.id, req.body.points));
  app.post('/api/proposals/:id/comments', { config: read, schema: { tags, summary: 'Vorschlag kommentieren / comment on a proposal', params: idParams, body: commentInput, response: { 200: workshopSchema, ...errorResponses } } },
    async (req) => s.addComment(pool, req.auth!.user, req.params.id, req.body.text));
  app.post('/api/proposals/:id/accept', { config: { ...write, access: area('proposal') }, schema: { tags, summary: 'Vorschlag annehmen: wird ein Ziel mit Herkunft / accept a proposal: it becomes a goal linked to its origin', params: idParams, body: acceptInput, response: { 200: goalSchema, ...errorResponses, ...conflict } } },
    async (req) => s.acceptProposal(pool, req.auth!.user, req.params.id, req.body));

  app.get('/api/agreements', { config: read, schema: { tags, summary: 'Zielvereinbarungen, die man sehen darf / goal agreements visible to the caller', response: { 200: z.array(agreementSchema), ...errorResponses } } },
    async (req) => s.listAgreements(pool, req.auth!.user));
  app.post('/api/agreements', { config: write, schema: { tags, summary: 'Zielvereinbarung mit einem Träger anlegen (Entwurf) / create a goal agreement with a provider (draft)', body: agreementInput, response: { 200: agreementSchema, ...errorResponses } } },
    async (req) => s.createAgreement(pool, req.auth!.user, req.body));
  app.get('/api/agreements/:id', { config: { ...read, access: agreementRule }, schema: { tags, summary: 'Zielvereinbarung (fremde: 404) / goal agreement (another provider’s: 404)', params: idParams, response: { 200: agreementSchema, ...errorResponses } } },
    async (req) => s.getAgreement(pool, req.auth!.user, req.params.id));
  app.patch('/api/agreements/:id', { config: { ...party, access: agreementRule }, schema: { tags, summary: 'Inhalt ändern (nur Entwurf/Verhandlung; hebt Unterschriften auf) / change content (draft or negotiated only; voids signatures)', params: idParams, body: agreementPatch, response: { 200: agreementSchema, ...errorResponses, ...conflict } } },
    async (req) => s.editAgreementContent(pool, req.auth!.user, req.params.id, req.body));
  app.post('/api/agreements/:id/transitions', { config: { ...party, access: agreementRule }, schema: { tags, summary: 'Schritt im Lebenszyklus (protokolliert) / lifecycle step (audited)', params: idParams, body: actionInput, response: { 200: agreementSchema, ...errorResponses, ...conflict } } },
    async (req) => s.agreementStep(pool, req.auth!.user, req.params.id, req.body.action));
  app.post('/api/agreements/:id/versions', { config: { ...write, access: agreementRule }, schema: { tags, summary: 'Neue Version einer unterzeichneten Vereinbarung / new version of a signed agreement', params: idParams, response: { 200: agreementSchema, ...errorResponses, ...conflict } } },
    async (req) => s.agreementNewVersion(pool, req.auth!.user, req.params.id));

  app.get('/api/agreements/:id/reports', { config: { ...read, access: agreementRule }, schema: { tags, summary: 'Berichte des Trägers / provider reports', params: idParams, response: { 200: z.array(reportSchema), ...errorResponses } } },
    async (req) => s.listReports(pool, req.auth!.user, req.params.id));
  app.put('/api/agreements/:id/reports/:due', { config: { ...report, access: agreementRule }, schema: { tags, summary: 'Bericht zum Termin ausfüllen (Beträge in Cent) / fill in the report for a reporting date (money in cents)', params: reportParams, body: reportInput, response: { 200: reportSchema, ...errorResponses, ...conflict } } },
    async (req) => s.saveReport(pool, req.auth!.user, req.params.id, req.params.due, req.body));
  app.post('/api/agreements/:id/reports/:due/transitions', { config: { ...party, access: agreementRule }, schema: { tags, summary: 'Bericht einreichen, annehmen oder zur Überarbeitung zurückgeben / submit, accept or ask for revision', params: reportParams, body: reportActionInput, response: { 200: reportSchema, ...errorResponses, ...conflict } } },
    async (req) => s.reportStep(pool, req.auth!.user, req.params.id, req.params.due, req.body.action, req.body.comment));

  app.get('/api/agreements/:id/reports/:due/attachments', { config: { ...read, access: agreementRule }, schema: { tags, summary: 'Anhänge eines Berichts / attachments of a report', params: reportParams, response: { 200: z.array(attachmentSchema), ...errorResponses } } },
    async (req) => s.listAttachments(pool, req.auth!.user, req.params.id, req.params.due));
  app.post('/api/agreements/:id/reports/:due/attachments', {
    config: { ...report, access: agreementRule },
    schema: {
      tags, summary: `Anhang zum Bericht hochladen (multipart: file; Typen ${ALLOWED_DOCUMENT_TYPES.join(', ')}; höchstens LERNORT_MAX_UPLOAD_MB; nur solange der Bericht änderbar ist) / attach a file to a report`,
      consumes: ['multipart/form-data'], params: reportParams, response: { 200: attachmentSchema, ...errorResponses, ...conflict },
    },
  }, async (req) => {
    const { fileName, bytes } = await uploadedFile(req, ctx.config.maxUploadMb);
    const maxBytes = ctx.config.maxUploadMb * 1024 * 1024;
    return s.uploadAttachment(pool, req.auth!.user, req.params.id, req.params.due, { fileName, bytes }, maxBytes);
  });
  app.get('/api/report-attachments/:id', { config: { ...read, access: { entity: 'report-attachment', param: 'id', rule: 'organisation-or-planning-area' } }, schema: { tags, summary: 'Anhang herunterladen (nur wer den Bericht lesen darf; sonst 404) / download an attachment (only who may read the report)', params: idParams, response: { 200: download('Der Anhang in seinem Medientyp (pdf, png, jpeg, docx, xlsx, …) / the attachment in its media type', '*/*'), ...errorResponses } } },
    async (req, reply) => {
      const d = await s.downloadAttachment(pool, req.auth!.user, req.params.id);
      reply.type(d.mediaType).header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(d.fileName)}`);
      return reply.send(d.content);
    });

  app.get('/api/dialogues', { config: read, schema: { tags, summary: 'Wirksamkeitsdialoge, die man sehen darf / effectiveness dialogues visible to the caller', querystring: dialogueQuery, response: { 200: z.array(dialogueSchema), ...errorResponses } } },
    async (req) => s.listDialogues(pool, req.auth!.user, req.query));
  app.post('/api/dialogues', { config: write, schema: { tags, summary: 'Wirksamkeitsdialog anlegen (je Vereinbarung oder Planungsraum und Jahr) / create an effectiveness dialogue', body: dialogueInput, response: { 200: dialogueSchema, ...errorResponses } } },
    async (req) => s.createDialogue(pool, req.auth!.user, req.body));
  app.get('/api/dialogues/:id', { config: read, schema: { tags, summary: 'Wirksamkeitsdialog / effectiveness dialogue', params: idParams, response: { 200: dialogueSchema, ...errorResponses } } },
    async (req) => s.getDialogue(pool, req.auth!.user, req.params.id));
  app.put('/api/dialogues/:id', { config: { ...write, access: area('dialogue') }, schema: { tags, summary: 'Wirksamkeitsdialog ändern (nicht nach Abschluss) / update (not once finalised)', params: idParams, body: dialogueUpdate, response: { 200: dialogueSchema, ...errorResponses, ...conflict } } },
    async (req) => s.updateDialogue(pool, req.auth!.user, req.params.id, req.body));
  app.post('/api/dialogues/:id/finalise', { config: { ...write, access: area('dialogue') }, schema: { tags, summary: 'Wirksamkeitsdialog abschließen (danach unveränderlich) / finalise (immutable afterwards)', params: idParams, response: { 200: dialogueSchema, ...errorResponses, ...conflict } } },
    async (req) => s.finaliseDialogue(pool, req.auth!.user, req.params.id));
  app.get('/api/dialogues/:id/export.pdf', { config: read, schema: { tags, summary: 'Wirksamkeitsdialog als PDF / as PDF (application/pdf)', params: idParams, querystring: exportQuery, response: { 200: download('Tagged PDF', MEDIA.pdf), ...errorResponses, 503: errorResponses[400] } } },
    async (req, reply) => {
      const d = await s.dialogueExportData(pool, req.auth!.user, req.params.id);
      const pdf = await htmlToPdf(dialogueHtml(d, req.query.lang), { footer: `Lernort · Wirksamkeitsdialog ${d.dialogue.year}` });
      reply.type('application/pdf').header('Content-Disposition', `inline; filename="wirksamkeitsdialog_${d.dialogue.id}_${d.dialogue.year}.pdf"`);
      return reply.send(pdf);
    });
  app.get('/api/dialogues/:id/export.docx', { config: read, schema: { tags, summary: 'Wirksamkeitsdialog als DOCX / as DOCX', params: idParams, querystring: exportQuery, response: { 200: download('Word (DOCX)', MEDIA.docx), ...errorResponses } } },
    async (req, reply) => {
      const d = await s.dialogueExportData(pool, req.auth!.user, req.params.id);
      const docx = await dialogueDocx(d, req.query.lang);
      reply.type('application/vnd.openxmlformats-officedocument.wordprocessingml.document').header('Content-Disposition', `attachment; filename="wirksamkeitsdialog_${d.dialogue.id}_${d.dialogue.year}.docx"`);
      return reply.send(docx);
    });
}
