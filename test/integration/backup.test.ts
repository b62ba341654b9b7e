// lernort backup / restore round trip on the project's backend: the restored database has exactly
// the same content, table by table.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, migrateDatabase, type Database } from '../../src/db/connection.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded.ts';
import { createBackup, restoreBackup, contentDigest } from '../../src/modules/system/backup.ts';
import { serverAdminUrl } from './env.ts';

let source: Database;
let target: Database;
let embedded: EmbeddedDatabase | undefined;
let dir: string | undefined;
let dbName: string | undefined;

beforeAll(async () => {
  source = await openDatabase({ databaseUrl: inject('databaseUrl'), dataDir: '' });
  if (inject('backend') === 'embedded') {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lernort-restore-'));
    embedded = await startEmbeddedDatabase(dir);
    target = await openDatabase({ databaseUrl: `postgres://postgres@localhost/postgres?host=${encodeURIComponent(embedded.socketDir)}`, dataDir: '' });
  } else {
    dbName = `lernort_restore_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: serverAdminUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const url = new URL(serverAdminUrl());
    url.pathname = `/${dbName}`;
    target = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  }
  await migrateDatabase(target);
});

afterAll(async () => {
  await source?.close();
  await target?.close();
  await embedded?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  if (dbName) {
    const admin = new pg.Client({ connectionString: serverAdminUrl() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
});

describe('backup and restore', () => {
  it('restores a backup into an empty database with identical content in every table', async () => {
    const bytes = await createBackup(source);
    const before = await contentDigest(source);
    const result = await restoreBackup(target, bytes);
    expect(result.rows).toBeGreaterThan(50_000);
    const after = await contentDigest(target);
    expect(Object.keys(before).filter((k) => before[k] !== after[k])).toEqual([]);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['observations', 'areas', 'indicators', 'imports', 'audit_log', 'users']));
  });

  it('keeps geometry exact and sequences usable after a restore', async () => {
    const q = "SELECT code, ST_AsText(geom) g, area_m2 FROM areas WHERE code = '62'";
    expect((await target.pool.query(q)).rows).toEqual((await source.pool.query(q)).rows);
    const r = await target.pool.query("INSERT INTO settings (key, value) VALUES ('restore-check', '1'::jsonb) RETURNING key");
    expect(r.rows[0].key).toBe('restore-check');
    const id = await target.pool.query("INSERT INTO imports (actor, kind, file_name, file_hash, status) VALUES ('t', 'x', 'x', 'x', 'x') RETURNING id");
    const maxSource = (await source.pool.query('SELECT max(id) m FROM imports')).rows[0].m;
    expect(id.rows[0].id).toBeGreaterThan(maxSource);
  });

  it('refuses to restore over a database that has data, unless forced', async () => {
    const bytes = await createBackup(source);
    await expect(restoreBackup(target, bytes)).rejects.toMatchObject({ code: 'RESTORE_TARGET_NOT_EMPTY' });
    await restoreBackup(target, bytes, { force: true });
    expect((await contentDigest(target)).observations).toBe((await contentDigest(source)).observations);
  });

  it('rejects a file that is not a backup with a clear error', async () => {
    await expect(restoreBackup(target, Buffer.from('not a backup'))).rejects.toMatchObject({ code: 'BACKUP_INVALID' });
  });
});
