import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase } from '../../src/db/embedded.ts';
import { projectRoot } from '../../src/config.ts';

/** The real open data bundle; LERNORT_SHARED_DATA overrides the default ../shared/data. */
export const sharedDataDir = () => path.resolve(process.env.LERNORT_SHARED_DATA ?? path.join(projectRoot, '..', 'shared', 'data'));

/** The PostgreSQL server the postgres project runs against (a maintenance database on it). */
export const serverAdminUrl = () => process.env.LERNORT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ScratchDatabase {
  /** Connection string for `openDatabase` (a unix socket for the embedded backend). */
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the given backend: a PGlite data directory or a server database. */
export async function createScratchDatabase(backend: 'embedded' | 'postgres', label: string): Promise<ScratchDatabase> {
  if (backend === 'embedded') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lernort-${label}-`));
    const embedded = await startEmbeddedDatabase(dir);
    return {
      url: `postgres://postgres@localhost/postgres?host=${encodeURIComponent(embedded.socketDir)}`,
      async drop() {
        await embedded.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `lernort_${label}_${process.pid}_${Date.now()}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverAdminUrl() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverAdminUrl());
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
