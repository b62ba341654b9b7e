// Builds the app against the project's shared test database; requests go through Fastify's inject.
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/connection.ts';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/server.ts';
import type { App } from '../../src/http.ts';
import { createUser } from '../../src/modules/users/service.ts';

export interface TestApp {
  app: App;
  db: Database;
  close(): Promise<void>;
}

export async function testApp(): Promise<TestApp> {
  const db = await openDatabase({ databaseUrl: inject('databaseUrl'), dataDir: '', poolSize: 4 });
  const config = { ...loadConfig({}), databaseUrl: inject('databaseUrl') };
  const app = await buildApp({ db, config });
  return {
    app, db,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

let userCounter = 0;

/** Creates a user with the role and signs in; returns the cookie and CSRF token for requests. */
export async function signIn(t: TestApp, role: string): Promise<{ cookie: string; csrf: string; username: string }> {
  const username = `${role}_${process.pid}_${Date.now()}_${userCounter++}`;
  const password = 'correct horse battery staple';
  await createUser(t.db, { username, password, role });
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0];
  return { cookie, csrf: res.json().csrfToken, username };
}

/** A multipart/form-data body for inject(). */
export function multipart(file: { name: string; content: Buffer | string }, fields: Record<string, string> = {}): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----lernort${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
  parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * The recipe publishes the open data; a test that changes publications takes them over and gives
 * them back (test files share one database, in an order vitest chooses).
 */
export async function takeOverPublications(t: TestApp): Promise<() => Promise<void>> {
  const saved = (await t.db.pool.query('SELECT indicator_id, layer_id, period, rule_version, published_by FROM publications')).rows;
  return async () => {
    await t.db.pool.query('DELETE FROM publications');
    for (const p of saved) {
      await t.db.pool.query('INSERT INTO publications (indicator_id, layer_id, period, rule_version, published_by) VALUES ($1, $2, $3, $4, $5)',
        [p.indicator_id, p.layer_id, p.period, p.rule_version, p.published_by]);
    }
  };
}
