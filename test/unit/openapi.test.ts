// The committed OpenAPI description (docs/openapi.json) is the documented contract of the HTTP API.
// It must equal what the code serves; after a deliberate API change run `npm run openapi`.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server.ts';
import { loadConfig, projectRoot } from '../../src/config.ts';

describe('the OpenAPI file', () => {
  it('matches the routes the server registers (run `npm run openapi` after a deliberate change)', async () => {
    const app = await buildApp({ db: { pool: undefined as never, backend: 'postgres', close: async () => undefined }, config: loadConfig({}) });
    const served = JSON.parse(JSON.stringify(app.swagger()));
    await app.close();
    const committed = JSON.parse(fs.readFileSync(path.join(projectRoot, 'docs', 'openapi.json'), 'utf8'));
    expect(served).toEqual(committed);
  });

  it('documents the contract routes', () => {
    const spec = JSON.parse(fs.readFileSync(path.join(projectRoot, 'docs', 'openapi.json'), 'utf8'));
    for (const route of ['/api/health', '/api/layers', '/api/areas', '/api/indicators', '/api/observations', '/api/areas/{layer}/{code}/series', '/api/imports', '/api/imports/{id}', '/api/facilities', '/api/public/observations']) {
      expect(spec.paths[route], route).toBeDefined();
    }
  });
});

// Every operation documents what it answers (issue 17 §6): a JSON answer has a real schema, never
// `{}` or a list of `{}`, and a download names its own media type, never application/json.
const DOWNLOADS: Record<string, string> = {
  csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', geojson: 'application/geo+json',
  pdf: 'application/pdf', svg: 'image/svg+xml', ics: 'text/calendar', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};
/** Downloads whose path has no file extension: their media types. */
const DOWNLOAD_ROUTES: Record<string, string[]> = {
  'get /api/facilities/export/csv': ['text/csv'],
  'get /api/index-runs/{id}/export': ['text/csv', 'application/json'],
  'get /api/documents/{id}': ['*/*'],
};
/** Open in modules another change owns (goals); remove an entry once its route documents its answer. */
const OPEN_ELSEWHERE = new Set<string>([]);

type Schema = Record<string, unknown>;
const isEmpty = (s: Schema | undefined) => !s || Object.keys(s).filter((k) => k !== 'description' && k !== 'nullable').length === 0;
const isWeak = (s: Schema | undefined) => isEmpty(s) || (s!.type === 'array' && isEmpty(s!.items as Schema | undefined));

function operations(spec: { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>> }) {
  const out: { op: string; path: string; status: string; content: Record<string, { schema?: Schema }> | undefined }[] = [];
  for (const [p, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      for (const [status, r] of Object.entries(op.responses ?? {})) if (status.startsWith('2')) out.push({ op: `${method} ${p}`, path: p, status, content: r.content });
    }
  }
  return out;
}

describe('the OpenAPI file documents every answer', () => {
  const spec = JSON.parse(fs.readFileSync(path.join(projectRoot, 'docs', 'openapi.json'), 'utf8'));
  const all = operations(spec);

  it('gives every 2xx JSON answer a schema: never {} nor a list of {}', () => {
    const weak = all.filter((o) => !OPEN_ELSEWHERE.has(o.op))
      .flatMap((o) => Object.entries(o.content ?? {}).filter(([ct, v]) => ct.includes('json') && isWeak(v.schema)).map(([ct]) => `${o.op} ${o.status} ${ct}`));
    expect(weak).toEqual([]);
  });

  it('serves downloads under their own media type, not application/json', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const o of all) {
      if (OPEN_ELSEWHERE.has(o.op) || o.status === '204') continue;
      const ext = /\.([a-z]+)$/.exec(o.path)?.[1];
      const expected = DOWNLOAD_ROUTES[o.op] ?? (ext && DOWNLOADS[ext] ? [DOWNLOADS[ext]] : null);
      if (!expected) continue;
      checked++;
      const types = Object.keys(o.content ?? {}).sort();
      if (JSON.stringify(types) !== JSON.stringify([...expected].sort())) wrong.push(`${o.op}: ${types.join(', ')} (expected ${expected.join(', ')})`);
      for (const [ct, v] of Object.entries(o.content ?? {})) if (!ct.includes('json') && (v.schema as Schema | undefined)?.type !== 'string') wrong.push(`${o.op} ${ct}: body is not a string`);
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  it('lists only routes that exist as open elsewhere', () => {
    for (const op of OPEN_ELSEWHERE) expect(all.some((o) => o.op === op), op).toBe(true);
  });
});
