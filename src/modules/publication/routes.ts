import { z } from 'zod';
import type { App, AppContext } from '../../http.ts';
import { errorResponses } from '../../http.ts';
import { notFound } from '../../core/errors.ts';
import { areaCodeSchema, keySchema, periodSchema, simplifySchema } from '../../core/schemas.ts';
import { flagsSchema } from '../../core/flags.ts';
import * as areas from '../areas/service.ts';
import * as audit from '../audit/service.ts';
import * as indicators from '../indicators/service.ts';
import * as service from './service.ts';
import { indicatorSchema } from '../indicators/schema.ts';
import { layerGeoJsonSchema } from '../areas/schema.ts';

const publicRow = z.object({
  areaCode: z.string(), areaName: z.string(), period: z.string(), value: z.number().nullable(), display: z.string(),
  numerator: z.number().nullable(), denominator: z.number().nullable(), flags: flagsSchema, aggregated: z.boolean(),
});

export function publicationRoutes(app: App, ctx: AppContext): void {
  const q = ctx.db.pool;

  app.get('/api/publications', {
    config: { permission: 'data:read' },
    schema: { tags: ['publication'], summary: 'Veröffentlichungen / publications', response: { 200: z.array(z.object({ id: z.number(), indicator: z.string(), layer: z.string(), period: z.string(), ruleVersion: z.string(), publishedBy: z.string(), publishedAt: z.string() })), ...errorResponses } },
  }, async () => (await service.listPublications(q)).map((p) => ({ id: p.id, indicator: p.indicator_key, layer: p.layer_key, period: p.period, ruleVersion: p.rule_version, publishedBy: p.published_by, publishedAt: p.published_at.toISOString() })));

  app.post('/api/publications', {
    config: { permission: 'data:write' },
    schema: {
      tags: ['publication'],
      summary: 'Indikator veröffentlichen (für den öffentlichen Atlas, mit Geheimhaltung) / publish an indicator to the public atlas (with confidentiality)',
      body: z.object({ indicator: keySchema, layers: z.array(keySchema).optional(), period: periodSchema.optional() }),
      response: { 200: z.object({ ids: z.array(z.number()), ruleVersion: z.string() }), ...errorResponses },
    },
  }, async (req) => {
    const ids = await service.publish(q, req.body, req.auth!.user.username);
    await audit.record(q, { actor: req.auth!.user, action: 'publish', entity: 'publication', entityId: req.body.indicator, after: req.body });
    return { ids, ruleVersion: service.SUPPRESSION_RULE_VERSION };
  });

  // The indicator catalogue does not list the thresholds; the publication page and the catalogue
  // editor need them (an edit that omitted suppressionK would reset it to the default).
  app.get('/api/publications/thresholds', {
    config: { permission: 'data:read' },
    schema: { tags: ['publication'], summary: 'Geheimhaltungsschwellen k je Indikator / suppression threshold k per indicator', response: { 200: z.array(z.object({ indicator: z.string(), k: z.number() })), ...errorResponses } },
  }, async () => (await indicators.listIndicators(q)).map((i) => ({ indicator: i.key, k: i.suppression_k })));

  app.get('/api/publications/preview', {
    config: { permission: 'data:write' },
    schema: {
      tags: ['publication'],
      summary: 'Vorschau: was die Öffentlichkeit nach Geheimhaltung sähe (schreibt nichts) / preview: what the public would see after primary and secondary suppression if published (writes nothing). Without period: all periods ("*").',
      querystring: z.object({ indicator: keySchema, layer: keySchema, period: periodSchema.optional() }),
      response: {
        200: z.object({
          indicator: z.string(), layer: z.string(), period: z.string(), alreadyPublished: z.boolean(),
          rows: z.array(z.object({ areaCode: z.string(), areaName: z.string(), period: z.string(), value: z.number().nullable(), display: z.string(), suppressed: z.boolean(), reason: z.enum(['primary', 'secondary', 'unpublished', 'withheld']).nullable() })),
          counts: z.object({ cells: z.number(), shown: z.number(), suppressed: z.number(), primary: z.number(), secondary: z.number(), withheld: z.number(), missing: z.number() }),
          otherChanges: z.array(z.object({ indicator: z.string(), layer: z.string(), areaCode: z.string(), period: z.string(), change: z.enum(['hidden', 'shown']) })),
        }),
        ...errorResponses,
      },
    },
  }, async (req) => service.previewPublication(q, { indicator: req.query.indicator, layer: req.query.layer, period: req.query.period ?? null }));

  app.delete('/api/publications/:id', {
    config: { permission: 'data:write' },
    schema: { tags: ['publication'], summary: 'Veröffentlichung zurücknehmen / withdraw a publication', params: z.object({ id: z.coerce.number().int().positive() }), response: { 200: z.object({ ok: z.boolean() }), ...errorResponses } },
  }, async (req) => {
    const before = await service.unpublish(q, req.params.id);
    await audit.record(q, { actor: req.auth!.user, action: 'unpublish', entity: 'publication', entityId: String(req.params.id), before });
    return { ok: before !== undefined };
  });

  app.get('/api/public/layers', {
    config: { permission: 'public' },
    schema: { tags: ['public'], summary: 'Öffentliche Ebenen / public layers', response: { 200: z.array(z.object({ key: z.string(), name: z.string(), nameEn: z.string(), areaCount: z.number(), kind: z.string(), parent: z.string().nullable() })) } },
  }, async () => (await service.publicLayers(q)).map((l) => ({ key: l.key, name: l.name_de, nameEn: l.name_en, areaCount: l.area_count, kind: l.kind, parent: l.parent_key })));

  app.get('/api/public/indicators', {
    config: { permission: 'public' },
    schema: { tags: ['public'], summary: 'Veröffentlichte Indikatoren / published indicators', response: { 200: z.array(indicatorSchema.extend({ layers: z.array(z.string()).describe('layers it is published for') })) } },
  }, async () => service.publicIndicators(q));

  app.get('/api/public/areas', {
    config: { permission: 'public' },
    schema: {
      tags: ['public'], summary: 'Gebiete einer veröffentlichten Ebene / areas of a published layer (GeoJSON)',
      querystring: z.object({ layer: keySchema, simplify: simplifySchema }),
      // the answer is the cached GeoJSON text, sent as it is (the schema documents it)
      response: { 200: layerGeoJsonSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    if (!(await service.publicLayers(q)).some((l) => l.key === req.query.layer)) throw notFound('Veröffentlichte Ebene / published layer', req.query.layer);
    const json = await areas.layerGeoJsonText(ctx.db, req.query.layer, req.query.simplify, areas.sridOf(ctx.config.projectedCrs));
    return reply.type('application/json; charset=utf-8').send(json as never); // pre-serialised text, sent unserialised
  });

  app.get('/api/public/observations', {
    config: { permission: 'public' },
    schema: {
      tags: ['public'],
      summary: 'Veröffentlichte Werte nach Geheimhaltung / published values after suppression (contract: never a count 1..k)',
      querystring: z.object({ indicator: keySchema, period: periodSchema, layer: keySchema }),
      response: { 200: z.array(publicRow), ...errorResponses },
    },
  }, async (req) => {
    const rows = await service.publicValues(q, { indicator: req.query.indicator, layer: req.query.layer, period: req.query.period, strict: true });
    return rows.map(({ areaId: _a, suppression: _s, reason: _r, ...r }) => r);
  });

  app.get('/api/public/areas/:layer/:code/series', {
    config: { permission: 'public' },
    schema: {
      tags: ['public'], summary: 'Veröffentlichte Zeitreihe / published time series',
      params: z.object({ layer: keySchema, code: areaCodeSchema }),
      querystring: z.object({ indicator: keySchema }),
      response: { 200: z.object({ area: z.object({ code: z.string(), name: z.string(), layer: z.string() }), indicator: z.string(), points: z.array(publicRow) }), ...errorResponses },
    },
  }, async (req) => {
    const rows = await service.publicValues(q, { indicator: req.query.indicator, layer: req.params.layer, period: null, strict: true });
    const area = await areas.requireArea(q, req.params.layer, req.params.code);
    return {
      area: { code: area.code, name: area.name, layer: req.params.layer },
      indicator: req.query.indicator,
      points: rows.filter((r) => r.areaId === area.id).map(({ areaId: _a, suppression: _s, reason: _r, ...r }) => r),
    };
  });
}
