// Request and response schemas that several modules' routes share, defined once (zod is a pure
// library): keys, area codes, periods, problems, GeoJSON, and the shapes of downloads and 204s.
import { z } from 'zod';

/** An indicator, layer or recipe key. */
export const keySchema = z.string().min(1).max(64);

/** An area's code within its layer (as the statistics office writes it: digits, letters, dots). */
export const areaCodeSchema = z.string().min(1).max(64);

/** A period as the store keeps it: a year, a month or a reference day. */
export const periodSchema = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'period: YYYY, YYYY-MM or YYYY-MM-DD');

/** Map geometry detail: a tolerance in metres of the projected CRS, 0 for full detail, or "auto". */
export const simplifySchema = z.union([z.literal('auto'), z.coerce.number().min(0).max(10_000)]).default(0)
  .describe('Tolerance in metres (projected CRS); 0 = full detail; "auto" = the step for a map showing the whole layer. Vertices are quantised to the tolerance, neighbours keep common edges.');

/** A machine key of a registry record (facility type, service domain, norm, service): a-z, 0-9, _. */
export const slugKeySchema = z.string().regex(/^[a-z0-9_]+$/).max(64);

// ---- response shapes shared by several modules ---------------------------------------------------

/** A problem of a validation report (errors and warnings of imports and uploads), core/errors.ts Problem. */
export const problemSchema = z.object({
  code: z.string(), de: z.string(), en: z.string(),
  file: z.string().optional(), line: z.number().optional(), field: z.string().optional(), value: z.string().optional(),
});

/** GeoJSON geometry (RFC 7946) as stored; coordinates nest by geometry type. */
export const geometrySchema = z.object({
  type: z.enum(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']),
  coordinates: z.array(z.unknown()).describe('positions [x, y], nested by geometry type'),
});

/** A GeoJSON FeatureCollection (RFC 7946) whose features carry the given properties. */
export const featureCollectionSchema = <P extends z.ZodType>(properties: P, geometry: z.ZodType = geometrySchema.nullable()) => z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.object({ type: z.literal('Feature'), id: z.union([z.number(), z.string()]).optional(), geometry, properties })),
});

/** Media types of the downloads. */
export const MEDIA = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  geojson: 'application/geo+json',
  pdf: 'application/pdf',
  svg: 'image/svg+xml',
  ics: 'text/calendar',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  json: 'application/json',
} as const;

const BINARY = new Set<string>([MEDIA.xlsx, MEDIA.pdf, MEDIA.docx, '*/*']);

/**
 * The 2xx response of a download: the body in the given media types (Fastify picks the schema by the
 * content type the handler sets). Text bodies (CSV, SVG, iCalendar) are strings, binary ones
 * (XLSX, PDF, DOCX) strings of format binary; neither is serialised through the schema, the handler
 * sends the bytes. A JSON variant of the same download gets its own schema: `{ [MEDIA.json]: schema }`.
 */
export function download(description: string, media: string | string[], json?: Partial<Record<string, z.ZodType>>) {
  const content: Record<string, { schema: z.ZodType }> = {};
  for (const m of [media].flat()) content[m] = { schema: BINARY.has(m) ? z.string().meta({ format: 'binary' }) : z.string() };
  for (const [m, schema] of Object.entries(json ?? {})) if (schema) content[m] = { schema };
  return { description, content };
}

/** The 204 answer of a delete or a mark: no body (the handler sends nothing: `reply.status(204).send()`). */
export const noContent = z.undefined().describe('Kein Inhalt / no content');
