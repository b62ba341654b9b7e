// HTTP endpoints of the budget module. Reading needs data:read (amounts are drafts of a decision
// and computed from true values); every write needs budget:write (planners, admins). Thin: schema
// in, one service call, schema out.
import { z } from 'zod';
import type { App, AppContext } from '../../http.ts';
import { errorResponses } from '../../http.ts';
import { LernortError } from '../../core/errors.ts';
import { htmlToPdf } from '../../io/pdf.ts';
import * as areas from '../areas/service.ts';
import { areaCodeSchema, download, keySchema, MEDIA, noContent } from '../../core/schemas.ts';
import {
  comparisonSchema, explanationSchema, idSchema, indicatorsWrittenSchema, lastYearImportedSchema, lastYearInputSchema, lastYearRowSchema, lastYearSavedSchema,
  modelInputSchema, modelVersionSchema, potInputSchema, potSchema, scenarioInputSchema, scenarioListItemSchema, scenarioSchema, sensitivitySchema, templateSchema,
} from './api.ts';
import * as models from './models.ts';
import * as output from './output.ts';
import { choropleth, paperHtml } from './paper.ts';
import * as pots from './pots.ts';
import * as scenarios from './scenarios.ts';
import { listTemplates } from './service.ts';

const tags = ['budget'];
const conflict = { 409: errorResponses[400], 422: errorResponses[400] };
const idParams = z.object({ id: idSchema });
const actorOf = (req: { auth: { user: { id: number; username: string } } | undefined }) => ({ userId: req.auth?.user.id ?? null, name: req.auth?.user.username ?? 'unknown' });
const langQuery = z.object({ lang: z.enum(['de', 'en']).default('de') });

export function budgetRoutes(app: App, ctx: AppContext): void {
  const q = ctx.db.pool;

  // ---- pots
  app.get('/api/budget/pots', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Budgettöpfe / budget pots', response: { 200: z.array(potSchema), ...errorResponses } },
  }, async () => pots.listPots(q));

  app.post('/api/budget/pots', {
    config: { permission: 'budget:write' },
    schema: { tags, summary: 'Topf anlegen (Bereich, Haushaltsjahr, Mittelherkunft, Betrag in Cent) / create a pot', body: potInputSchema, response: { 201: potSchema, ...errorResponses, ...conflict } },
  }, async (req, reply) => reply.status(201).send(await pots.createPot(q, req.body, actorOf(req))));

  app.get('/api/budget/pots/:id', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Budgettopf / budget pot', params: idParams, response: { 200: potSchema, ...errorResponses } },
  }, async (req) => pots.getPot(q, req.params.id));

  app.put('/api/budget/pots/:id', {
    config: { permission: 'budget:write' },
    schema: { tags, summary: 'Topf ändern (nicht mehr nach einem Beschluss) / update a pot (not after a decision)', params: idParams, body: potInputSchema, response: { 200: potSchema, ...errorResponses, ...conflict } },
  }, async (req) => pots.updatePot(q, req.params.id, req.body));

  app.delete('/api/budget/pots/:id', {
    config: { permission: 'budget:write' },
    schema: { tags, summary: 'Topf löschen (nicht mit beschlossenem Vorschlag) / delete a pot (not with a frozen scenario)', params: idParams, response: { 204: noContent, ...errorResponses, ...conflict } },
  }, async (req, reply) => {
    await pots.deletePot(q, req.params.id);
    return reply.status(204).send();
  });

  app.get('/api/budget/pots/:id/last-year', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Vorjahresverteilung des Topfs / last year\'s allocation of the pot', params: idParams, response: { 200: z.array(lastYearRowSchema), ...errorResponses } },
  }, async (req) => pots.lastYear(q, req.params.id));

  app.put('/api/budget/pots/:id/last-year', {
    config: { permission: 'budget:write' },
    schema: { tags, summary: 'Vorjahresverteilung eingeben (ersetzt; alles oder nichts) / enter last year\'s allocation (replaces; all or nothing)', params: idParams, body: lastYearInputSchema, response: { 200: lastYearSavedSchema, ...errorResponses } },
  }, async (req) => pots.saveLastYear(ctx.db, req.params.id, req.body));

  app.post('/api/budget/pots/:id/last-year/import', {
    config: { permission: 'budget:write' },
    schema: {
      tags, consumes: ['multipart/form-data'], params: idParams,
      summary: 'Vorjahresverteilung importieren (CSV/XLSX: code, amount [€], optional organisation_id, service_id; Feld layer; alles oder nichts) / import last year\'s allocation',
      response: { 200: lastYearImportedSchema, ...errorResponses },
    },
  }, async (req) => {
    if (!req.isMultipart()) throw new LernortError('UPLOAD_REQUIRED', 'Bitte eine Datei als multipart/form-data senden.', 'Please send a file as multipart/form-data.', { location: { field: 'file' } });
    const part = await req.file();
    if (!part) throw new LernortError('UPLOAD_REQUIRED', 'Keine Datei erhalten.', 'No file received.', { location: { field: 'file' } });
    const bytes = await part.toBuffer();
    const layer = String((part.fields as Record<string, { value?: unknown } | undefined>).layer?.value ?? '');
    if (!layer) throw new LernortError('REQUEST_INVALID', 'Feld „layer“ fehlt (Ebene der Gebietsschlüssel).', 'Field "layer" is missing (layer of the area codes).', { location: { field: 'layer' } });
    return pots.importLastYear(ctx.db, req.params.id, { name: part.filename, bytes, layer }, actorOf(req));
  });

  // ---- models
  app.get('/api/budget/templates', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Mitgelieferte Verteilungsmodelle (Hamburg JEW, Rangvariante) / shipped model templates', response: { 200: z.array(templateSchema), ...errorResponses } },
  }, async () => listTemplates());

  app.get('/api/budget/models', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Verteilungsmodelle (neueste Version je Schlüssel) / allocation models (latest version each)', response: { 200: z.array(modelVersionSchema.extend({ versions: z.number() })), ...errorResponses } },
  }, async () => models.listModels(q));

  app.get('/api/budget/models/:key', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Alle Versionen eines Modells / all versions of a model', params: z.object({ key: keySchema }), response: { 200: z.array(modelVersionSchema), ...errorResponses } },
  }, async (req) => models.modelVersions(q, req.params.key));

  app.post('/api/budget/models', {
    config: { permission: 'budget:write' },
    schema: { tags, summary: 'Modell speichern (neue Version, wenn geändert) / save a model (new version when changed)', body: modelInputSchema, response: { 200: modelVersionSchema.extend({ created: z.boolean() }), 201: modelVersionSchema.extend({ created: z.boolean() }), ...errorResponses } },
  }, async (req, reply) => {
    const saved = await models.saveModel(q, req.body.key, req.body.model, actorOf(req));
    return reply.status(saved.created ? 201 : 200).send(saved);
  });

  app.delete('/api/budget/models/:key', {
    config: { permission: 'budget:write' },
    schema: { tags, summary: 'Modell mit allen Versionen löschen (nicht, wenn ein Vorschlag es nutzt) / delete a model (not when a scenario uses it)', params: z.object({ key: keySchema }), response: { 204: noContent, ...errorResponses, ...conflict } },
  }, async (req, reply) => {
    await models.deleteModel(q, req.params.key);
    return reply.status(204).send();
  });

  // ---- scenarios
  app.get('/api/budget/scenarios', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Verteilungsvorschläge / scenarios', querystring: z.object({ pot: idSchema.optional() }), response: { 200: z.array(scenarioListItemSchema), ...errorResponses } },
  }, async (req) => scenarios.listScenarios(q, req.query.pot ?? null));

  app.post('/api/budget/scenarios', {
    config: { permission: 'budget:write' },
    schema: { tags, summary: 'Vorschlag berechnen und speichern / compute and store a scenario', body: scenarioInputSchema, response: { 201: scenarioSchema, ...errorResponses, ...conflict } },
  }, async (req, reply) => reply.status(201).send(await scenarios.createScenario(ctx.db, req.body, actorOf(req))));

  app.get('/api/budget/scenarios/compare', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Zwei Vorschläge nebeneinander (Differenz je Gebiet, b − a) / two scenarios side by side', querystring: z.object({ a: idSchema, b: idSchema }), response: { 200: comparisonSchema, ...errorResponses } },
  }, async (req) => scenarios.compareScenarios(q, req.query.a, req.query.b));

  app.get('/api/budget/scenarios/compare/map.svg', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Karte der Differenzen b − a je Gebiet (SVG) / map of the differences b − a per area (SVG)', querystring: z.object({ a: idSchema, b: idSchema, lang: z.enum(['de', 'en']).default('de') }), response: { 200: download('Karte der Differenzen (SVG) / map of the differences (SVG)', MEDIA.svg), ...errorResponses } },
  }, async (req, reply) => {
    const cmp = await scenarios.compareScenarios(q, req.query.a, req.query.b);
    const geo = await areas.layerGeoJson(ctx.db, cmp.layer, 20, areas.sridOf(ctx.config.projectedCrs));
    const diff = new Map(cmp.areas.map((r) => [r.code, r.differenceCents === null ? null : r.differenceCents / 100]));
    const label = req.query.lang === 'de' ? `Differenz #${cmp.b.id} − #${cmp.a.id} (€)` : `Difference #${cmp.b.id} − #${cmp.a.id} (€)`;
    reply.type('image/svg+xml; charset=utf-8');
    return choropleth(geo, (code) => diff.get(code) ?? null, { diverging: true, lang: req.query.lang, label }, 420, 360);
  });

  app.get('/api/budget/scenarios/:id', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Vorschlag mit Beträgen und Erklärung je Gebiet / scenario with amounts and terms per area', params: idParams, response: { 200: scenarioSchema, ...errorResponses } },
  }, async (req) => scenarios.getScenario(q, req.params.id));

  app.put('/api/budget/scenarios/:id', {
    config: { permission: 'budget:write' },
    schema: { tags, summary: 'Vorschlag umbenennen (nicht nach dem Beschluss) / rename a scenario (not once frozen)', params: idParams, body: z.object({ name: z.string().min(1).max(200) }), response: { 200: scenarioSchema, ...errorResponses, ...conflict } },
  }, async (req) => scenarios.renameScenario(q, req.params.id, req.body.name));

  app.delete('/api/budget/scenarios/:id', {
    config: { permission: 'budget:write' },
    schema: { tags, summary: 'Vorschlag löschen (nicht nach dem Beschluss) / delete a scenario (not once frozen)', params: idParams, response: { 204: noContent, ...errorResponses, ...conflict } },
  }, async (req, reply) => {
    await scenarios.deleteScenario(q, req.params.id);
    return reply.status(204).send();
  });

  app.post('/api/budget/scenarios/:id/freeze', {
    config: { permission: 'budget:write', audit: 'self' },
    schema: {
      tags, summary: 'Vorschlag als Beschluss einfrieren (Beschlussnummer; nur einmal) / freeze as the decision (resolution reference; once)',
      params: idParams, body: z.object({ decisionRef: z.string().trim().min(1).max(200) }), response: { 200: scenarioSchema, ...errorResponses, ...conflict },
    },
  }, async (req) => scenarios.freezeScenario(ctx.db, req.params.id, req.body.decisionRef, actorOf(req)));

  app.get('/api/budget/scenarios/:id/areas/:code', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Warum bekommt dieses Gebiet diesen Betrag? Teile in Cent / why this amount: the terms in cents', params: z.object({ id: idSchema, code: areaCodeSchema }), response: { 200: explanationSchema, ...errorResponses } },
  }, async (req) => scenarios.explainArea(q, req.params.id, req.params.code));

  app.get('/api/budget/scenarios/:id/sensitivity', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Empfindlichkeit jedes Betrags für α, w, floor, cap (€ je +0,01) / sensitivity per parameter', params: idParams, response: { 200: sensitivitySchema, ...errorResponses } },
  }, async (req) => scenarios.scenarioSensitivity(q, req.params.id));

  app.post('/api/budget/scenarios/:id/indicators', {
    config: { permission: 'budget:write' },
    schema: { tags, summary: 'Beträge als Indikatoren schreiben (€ und € je Person; unveröffentlicht) / write the amounts as indicators (unpublished)', params: idParams, response: { 200: indicatorsWrittenSchema, ...errorResponses } },
  }, async (req) => output.writeIndicators(ctx.db, await scenarios.getScenario(q, req.params.id), actorOf(req)));

  app.get('/api/budget/scenarios/:id/export.csv', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Vorschlag als CSV (de: Excel-Dialekt) / scenario as CSV', params: idParams, querystring: langQuery, response: { 200: download('Vorschlag als CSV / scenario as CSV', MEDIA.csv), ...errorResponses } },
  }, async (req, reply) => {
    const s = await scenarios.getScenario(q, req.params.id);
    reply.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="verteilung_${s.id}.csv"`);
    return output.scenarioCsv(s, req.query.lang);
  });

  app.get('/api/budget/scenarios/:id/export.xlsx', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Vorschlag als XLSX (Verteilung, Methode) / scenario as XLSX', params: idParams, querystring: langQuery, response: { 200: download('Vorschlag als Excel-Arbeitsmappe (Verteilung, Methode) / scenario as an Excel workbook', MEDIA.xlsx), ...errorResponses } },
  }, async (req, reply) => {
    const s = await scenarios.getScenario(q, req.params.id);
    reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('Content-Disposition', `attachment; filename="verteilung_${s.id}.xlsx"`);
    return reply.send(await output.scenarioXlsx(s, req.query.lang));
  });

  app.get('/api/budget/scenarios/:id/export.pdf', {
    config: { permission: 'data:read' },
    schema: { tags, summary: 'Ausschussvorlage als PDF (Karte, Tabelle, Methode) / committee paper as PDF', params: idParams, querystring: langQuery, response: { 200: download('Ausschussvorlage (PDF) / committee paper (PDF)', MEDIA.pdf), ...errorResponses, 503: errorResponses[400] } },
  }, async (req, reply) => {
    const s = await scenarios.getScenario(q, req.params.id);
    const pot = await pots.getPot(q, s.potId);
    const geo = await areas.layerGeoJson(ctx.db, s.layer, 20, areas.sridOf(ctx.config.projectedCrs));
    const lang = req.query.lang;
    const pdf = await htmlToPdf(paperHtml(s, { name: pot.name, fiscalYear: pot.fiscalYear, domainName: lang === 'de' ? pot.domainName : pot.domainNameEn }, geo, lang), { footer: `Lernort · ${s.name} · ${s.inputHash.slice(0, 12)}` });
    reply.type('application/pdf').header('Content-Disposition', `inline; filename="vorlage_${s.id}.pdf"`);
    return reply.send(pdf);
  });
}
