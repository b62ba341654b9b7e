// The backfill of migration 0009: the JSON users.scope of existing accounts becomes rows of
// user_organisations and user_planning_areas. Run inside a transaction that puts the old column
// back for a moment and is rolled back, so the shared test database is left as it was.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { withTransaction } from '../../src/db/connection.ts';
import { testApp, type TestApp } from './helpers.ts';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(async () => t?.close());

const migration = fs.readFileSync(path.join(projectRoot, 'src', 'db', 'migrations', '0009_user_links.sql'), 'utf8');
const backfill = migration.slice(migration.indexOf('-- backfill')).split('--> statement-breakpoint').map((s) => s.trim()).filter(Boolean);

class RolledBack extends Error {}

describe('migration 0009 backfill', () => {
  it('has a backfill section at the end of the generated file', () => {
    expect(migration.indexOf('-- backfill')).toBeGreaterThan(migration.lastIndexOf('CREATE INDEX'));
    expect(backfill.length).toBe(2);
  });

  it('copies organisations that exist and the planning-area codes (without duplicates or blanks, with the layer) into the link tables', async () => {
    const seen: { organisations: unknown[]; areas: unknown[] } = { organisations: [], areas: [] };
    await withTransaction(t.db, async (client) => {
      await client.query("ALTER TABLE users ADD COLUMN scope jsonb NOT NULL DEFAULT '{}'");
      const org = (await client.query<{ id: number }>("INSERT INTO organisations (name) VALUES ('Backfill-Träger') RETURNING id")).rows[0].id;
      const scopes: [string, string, unknown][] = [
        ['bf_provider', 'provider', { organisationId: org }],
        ['bf_unknown_org', 'provider', { organisationId: 999_999_999 }],
        ['bf_text_org', 'provider', { organisationId: 'abc' }],
        ['bf_coordinator', 'coordinator', { planningAreas: ['West', 'Gruenau', 'West', ''], layer: 'planungsraum' }],
        ['bf_not_a_list', 'coordinator', { planningAreas: 'Gruenau' }],
        ['bf_viewer', 'viewer', {}],
      ];
      for (const [name, role, scope] of scopes) {
        await client.query('INSERT INTO users (username, password_hash, role, scope) VALUES ($1, $2, $3, $4::jsonb)', [name, 'x', role, JSON.stringify(scope)]);
      }
      for (const statement of backfill) await client.query(statement);
      seen.organisations = (await client.query("SELECT u.username, uo.organisation_id = $1 AS the_org FROM user_organisations uo JOIN users u ON u.id = uo.user_id WHERE u.username LIKE 'bf\\_%' ORDER BY 1", [org])).rows;
      seen.areas = (await client.query("SELECT u.username, up.area_code, up.layer_key FROM user_planning_areas up JOIN users u ON u.id = up.user_id WHERE u.username LIKE 'bf\\_%' ORDER BY 1, 2")).rows;
      throw new RolledBack();
    }).catch((err) => { if (!(err instanceof RolledBack)) throw err; });
    expect(seen.organisations).toEqual([{ username: 'bf_provider', the_org: true }]);
    expect(seen.areas).toEqual([
      { username: 'bf_coordinator', area_code: 'Gruenau', layer_key: 'planungsraum' },
      { username: 'bf_coordinator', area_code: 'West', layer_key: 'planungsraum' },
    ]);
    // Rolled back: the column is gone again and no account of this test remains.
    expect((await t.db.pool.query("SELECT count(*)::int AS n FROM users WHERE username LIKE 'bf\\_%'")).rows[0].n).toBe(0);
    expect((await t.db.pool.query("SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'scope'")).rows[0].n).toBe(0);
  });
});
