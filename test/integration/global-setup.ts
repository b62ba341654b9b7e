// Starts one database per integration project (embedded PGlite or the PostgreSQL server), migrates
// it and loads the Leipzig recipe once; test files connect to it with `pg` like the app does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase, migrateDatabase, type Database } from '../../src/db/connection.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded.ts';
import { loadRecipe, runRecipe } from '../../src/modules/recipes/service.ts';
import { sharedDataDir, serverAdminUrl } from './env.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    backend: 'embedded' | 'postgres';
  }
}

export default async function setup(project: TestProject) {
  const backend = project.name.endsWith('postgres') ? 'postgres' : 'embedded';
  let embedded: EmbeddedDatabase | undefined;
  let dataDir: string | undefined;
  let databaseUrl: string;
  let dbName: string | undefined;
  if (backend === 'embedded') {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lernort-it-'));
    embedded = await startEmbeddedDatabase(dataDir);
    databaseUrl = `postgres://postgres@localhost/postgres?host=${encodeURIComponent(embedded.socketDir)}`;
  } else {
    dbName = `lernort_it_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: serverAdminUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const url = new URL(serverAdminUrl());
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const db: Database = await openDatabase({ databaseUrl, dataDir: '' });
  await migrateDatabase(db);
  const { recipe } = loadRecipe('leipzig');
  const report = await runRecipe(db, recipe, { dataRoot: sharedDataDir(), actor: { userId: null, name: 'test' } });
  if (report.status !== 'committed') throw new Error(`Leipzig recipe failed in test setup: ${JSON.stringify(report.errors.slice(0, 5))}`);
  await db.close();
  project.provide('databaseUrl', databaseUrl);
  project.provide('backend', backend);

  return async () => {
    await embedded?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    if (dbName) {
      const admin = new pg.Client({ connectionString: serverAdminUrl() });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
  };
}
