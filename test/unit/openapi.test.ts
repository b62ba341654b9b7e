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
