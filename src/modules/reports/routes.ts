import { z } from 'zod';
import type { App, AppContext } from '../../http.ts';
import { errorResponses } from '../../http.ts';
import { areaCodeSchema, download, keySchema, MEDIA, noContent, periodSchema } from '../../core/schemas.ts';
import { LernortError } from '../../core/errors.ts';
import { writeCsv } from '../../io/csv-write.ts';
import { writeXlsx } from '../../io/xlsx.ts';
import { closePdfBrowser, htmlToPdf } from '../../io/pdf.ts';
import { visibility } from '../publication/service.ts';
import * as areas from '../areas/service.ts';
import * as service from './service.ts';
import { profileHtml } from './print.ts';
import {
  aggregateSchema, codesSchema, downloadQuerySchema, observationsGeoJsonSchema, profileSchema, selectionInputSchema, selectionSchema,
} from './schema.ts';

const areaParams = z.object({ layer: keySchema, code: areaCodeSchema });
const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 80);

const HEADERS = {
  de: ['Gebietsschlüssel', 'Gebiet', 'Ebene', 'Zeitraum', 'Indikator', 'Wert', 'Einheit', 'Zähler', 'Nenner', 'Hinweise'],
  en: ['Area code', 'Area', 'Level', 'Period', 'Indicator', 'Value', 'Unit', 'Numerator', 'Denominator', 'Notes'],
};
const NOTES = {
  de: { suppressed: 'geheim gehalten (.)', missing: 'keine Daten', provisional: 'vorläufig', estimated: 'geschätzt', breakInSeries: 'Bruch in der Zeitreihe', aggregated: 'aus Teilgebieten berechnet' },
  en: { suppressed: 'suppressed (.)', missing: 'no data', provisional: 'provisional', estimated: 'estimated', breakInSeries: 'break in series', aggregated: 'computed from sub-areas' },
};

function roundTo(v: number | null, decimals: number): number | null {
  if (v === null) return null;
  const f = 10 ** Math.min(10, decimals + 2);
  return Math.round(v * f) / f;
}

export function reportRoutes(app: App, ctx: AppContext): void {
  app.addHook('onClose', async () => closePdfBrowser());

  app.get('/api/areas/:layer/:code/profile', {
    config: { permission: 'public' },
    schema: {
      tags: ['reports'], summary: 'Gebietssteckbrief / area profile (contract)',
      params: areaParams, response: { 200: profileSchema, ...errorResponses },
    },
  }, async (req) => service.areaProfile(ctx.db.pool, visibility(req.auth?.user.role), req.params.layer, req.params.code));

  app.get('/api/areas/:layer/:code/profile.pdf', {
    config: { permission: 'public' },
    schema: {
      tags: ['reports'], summary: 'Gebietssteckbrief als PDF / area profile as PDF (contract: application/pdf)',
      params: areaParams, querystring: z.object({ lang: z.enum(['de', 'en']).default('de') }),
      response: { 200: download('Gebietssteckbrief (PDF/UA) / area profile (PDF/UA)', MEDIA.pdf), ...errorResponses, 503: errorResponses[400] },
    },
  }, async (req, reply) => {
    const profile = await service.areaProfile(ctx.db.pool, visibility(req.auth?.user.role), req.params.layer, req.params.code);
    const lang = req.query.lang;
    const geo = await areas.layerGeoJson(ctx.db, req.params.layer, 20, areas.sridOf(ctx.config.projectedCrs));
    const pdf = await htmlToPdf(profileHtml(profile, lang, geo), { footer: `Lernort · ${profile.area.name} · ${profile.generatedAt.slice(0, 10)}`, tagged: true, outline: true });
    reply.type('application/pdf').header('Content-Disposition', `inline; filename="steckbrief_${fileSafe(req.params.layer)}_${fileSafe(req.params.code)}.pdf"`);
    return reply.send(pdf);
  });

  app.get('/api/aggregate', {
    config: { permission: 'public' },
    schema: {
      tags: ['reports'],
      summary: 'Aggregat einer Gebietsauswahl (Zähler/Nenner, nie Mittel von Quoten) / aggregate of a selection of areas (METHODS §1)',
      querystring: z.object({ indicator: keySchema, layer: keySchema, codes: codesSchema, period: periodSchema.optional() }),
      response: { 200: aggregateSchema, ...errorResponses },
    },
  }, async (req) => service.aggregateSelection(ctx.db.pool, visibility(req.auth?.user.role), { indicator: req.query.indicator, layer: req.query.layer, codes: req.query.codes, period: req.query.period ?? null }));

  const downloads = {
    csv: download('Werte als CSV (Dialekt de: ; und Dezimalkomma, intl: , und Punkt) / values as CSV (dialect de or intl)', MEDIA.csv),
    xlsx: download('Werte als Excel-Arbeitsmappe (Daten, Metadaten) / values as an Excel workbook (data, about)', MEDIA.xlsx),
    geojson: download('Gebiete mit den Werten als GeoJSON / the areas with their values as GeoJSON', [], { [MEDIA.geojson]: observationsGeoJsonSchema }),
  };
  for (const format of ['csv', 'xlsx', 'geojson'] as const) {
    app.get(`/api/downloads/observations.${format}`, {
      config: { permission: 'public' },
      schema: {
        tags: ['reports'],
        summary: `Werte als ${format.toUpperCase()} (was der Atlas zeigt) / values as ${format.toUpperCase()} (what the atlas shows)`,
        querystring: downloadQuerySchema,
        response: { 200: downloads[format], ...errorResponses },
      },
    }, async (req, reply) => {
      const q = req.query;
      const vis = visibility(req.auth?.user.role);
      let period = q.period ?? null;
      if (format === 'geojson' && !period) {
        const ind = await service.downloadTable(ctx.db.pool, vis, { indicator: q.indicator, layer: q.layer, period: null });
        period = service.latestPeriod(ind);
        if (!period) throw new LernortError('NO_DATA', 'Für diesen Indikator gibt es keine Werte.', 'This indicator has no values.', { status: 404 });
      }
      const table = await service.downloadTable(ctx.db.pool, vis, { indicator: q.indicator, layer: q.layer, period });
      const ind = table.indicator;
      const lang = q.lang;
      const name = lang === 'de' ? ind.name_de : ind.name_en;
      const unit = lang === 'de' ? ind.unit : ind.unit_en || ind.unit;
      const layerName = lang === 'de' ? table.layer.name_de : table.layer.name_en;
      const notesOf = (r: service.DownloadRow) => {
        const n = NOTES[lang];
        const list: string[] = [];
        if (r.flags.suppressed) list.push(n.suppressed);
        else if (r.value === null) list.push(n.missing);
        if (r.flags.provisional) list.push(n.provisional);
        if (r.flags.estimated) list.push(n.estimated);
        if (r.flags.breakInSeries) list.push(n.breakInSeries);
        if (r.aggregated) list.push(n.aggregated);
        return list.join(', ');
      };
      const base = `lernort_${fileSafe(ind.key)}_${fileSafe(q.layer)}${period ? `_${fileSafe(period)}` : ''}`;

      if (format === 'geojson') {
        const geo = await areas.layerGeoJson(ctx.db, q.layer, 0, areas.sridOf(ctx.config.projectedCrs));
        const byCode = new Map(table.rows.map((r) => [r.code, r]));
        for (const f of geo.features) {
          const r = byCode.get(String(f.properties?.code));
          f.properties = {
            ...f.properties, indicator: ind.key, indicatorName: name, unit, period,
            value: r ? roundTo(r.value, ind.decimals) : null, display: r?.flags.suppressed && r.value === null ? '.' : null,
            numerator: r?.numerator ?? null, denominator: r?.denominator ?? null, notes: r ? notesOf(r) : NOTES[lang].missing,
          };
        }
        reply.type('application/geo+json; charset=utf-8').header('Content-Disposition', `attachment; filename="${base}.geojson"`);
        return reply.send(JSON.stringify({ ...geo, metadata: { source: ind.source, licence: ind.licence, generated: new Date().toISOString() } }));
      }

      const rows = table.rows.map((r) => [
        r.code, r.name, layerName, r.period, name, r.flags.suppressed && r.value === null ? '.' : roundTo(r.value, ind.decimals), unit,
        roundTo(r.numerator, ind.decimals), roundTo(r.denominator, ind.decimals), notesOf(r),
      ]);
      if (format === 'csv') {
        reply.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="${base}_${q.dialect}.csv"`);
        return reply.send(writeCsv(HEADERS[lang], rows, q.dialect));
      }
      const about = lang === 'de'
        ? [['Indikator', name], ['Schlüssel', ind.key], ['Einheit', unit], ['Ebene', layerName], ['Zeitraum', period ?? 'alle'], ['Quelle', ind.source ?? ''], ['Lizenz', ind.licence ?? ''], ['Erstellt', new Date().toISOString()]]
        : [['Indicator', name], ['Key', ind.key], ['Unit', unit], ['Level', layerName], ['Period', period ?? 'all'], ['Source', ind.source ?? ''], ['Licence', ind.licence ?? ''], ['Generated', new Date().toISOString()]];
      const decimalsFmt = ind.decimals > 0 ? `#,##0.${'0'.repeat(ind.decimals)}` : '#,##0';
      const buf = await writeXlsx([
        { name: lang === 'de' ? 'Daten' : 'Data', header: HEADERS[lang], rows, numFmt: { 5: decimalsFmt } },
        { name: lang === 'de' ? 'Metadaten' : 'About', header: lang === 'de' ? ['Feld', 'Inhalt'] : ['Field', 'Content'], rows: about },
      ], { title: name });
      reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('Content-Disposition', `attachment; filename="${base}.xlsx"`);
      return reply.send(buf);
    });
  }

  app.get('/api/selections', {
    config: { permission: 'signed-in' },
    schema: { tags: ['reports'], summary: 'Eigene benannte Auswahlen / own named selections', response: { 200: z.array(selectionSchema), ...errorResponses } },
  }, async (req) => service.listSelections(ctx.db.pool, req.auth!.user.id));

  app.post('/api/selections', {
    config: { permission: 'signed-in' },
    schema: { tags: ['reports'], summary: 'Auswahl speichern / save a named selection', body: selectionInputSchema, response: { 201: selectionSchema, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await service.saveSelection(ctx.db.pool, req.auth!.user.id, req.body)));

  app.delete('/api/selections/:id', {
    config: { permission: 'signed-in' },
    schema: { tags: ['reports'], summary: 'Auswahl löschen / delete a named selection', params: z.object({ id: z.coerce.number().int().positive() }), response: { 204: noContent, ...errorResponses } },
  }, async (req, reply) => {
    await service.deleteSelection(ctx.db.pool, req.auth!.user.id, req.params.id);
    return reply.status(204).send();
  });
}
