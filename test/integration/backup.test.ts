// lernort backup / restore round trip on the project's backend: the restored database has exactly
// the same content, table by table.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, migrateDatabase, type Database } from '../../src/db/connection.ts';
import { createBackup, restoreBackup, contentDigest } from '../../src/modules/system/backup.ts';
import { createScratchDatabase, type ScratchDatabase } from './env.ts';

let source: Database;
let target: Database;
let scratch: ScratchDatabase;

beforeAll(async () => {
  source = await openDatabase({ databaseUrl: inject('databaseUrl'), dataDir: '' });
  scratch = await createScratchDatabase(inject('backend'), 'restore');
  target = await openDatabase({ databaseUrl: scratch.url, dataDir: '' });
  await migrateDatabase(target);
});

afterAll(async () => {
  await source?.close();
  await target?.close();
  await scratch?.drop();
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
