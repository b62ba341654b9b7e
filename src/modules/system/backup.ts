// Logical backup and restore that work the same on PGlite and PostgreSQL: every table of ours as
// JSON rows (geometry as hex EWKB, which PostGIS reads back as is), gzip-compressed, restored in
// foreign-key order inside one transaction, with sequences reset afterwards.
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import type pg from 'pg';
import type { Database, Queryable } from '../../db/connection.ts';
import { withTransaction } from '../../db/connection.ts';
import { LernortError } from '../../core/errors.ts';

const FORMAT = 'lernort-backup';
const VERSION = 1;
// Not ours to back up: PostGIS's catalogue and the migration journal (the target migrates itself).
const EXCLUDED = new Set(['spatial_ref_sys']);
// Rows the migrations themselves write (the observed series variant): a freshly migrated database
// holding only these is empty for a restore; they are replaced by the backup's copy.
const SEEDED_BY_MIGRATIONS: Record<string, string> = { series_variants: "id = 1 AND kind = 'observed'" };

interface BackupFile {
  format: string;
  version: number;
  createdAt: string;
  migrations: number;
  tables: { name: string; rows: unknown[] }[];
}

/** Our tables in an order where every table comes after the tables it references. */
export async function tablesInDependencyOrder(q: Queryable): Promise<string[]> {
  const tables = (await q.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
  )).rows.map((r) => r.name).filter((n) => !EXCLUDED.has(n));
  const deps = (await q.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE k.contype = 'f' AND n.nspname = 'public'`,
  )).rows;
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.find((t) => !placed.has(t) && deps.every((d) => d.child !== t || d.parent === t || placed.has(d.parent)));
    if (!next) throw new Error('cyclic foreign keys');
    ordered.push(next);
    placed.add(next);
  }
  return ordered;
}

async function migrationCount(q: Queryable): Promise<number> {
  const r = await q.query<{ n: number }>("SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations").catch(() => ({ rows: [{ n: 0 }] }));
  return r.rows[0].n;
}

export async function createBackup(db: Database): Promise<Buffer> {
  // One snapshot (REPEATABLE READ) in UTC, so the file does not depend on the session's time zone.
  const file = await inSnapshot(db, async (q) => {
    const tables: BackupFile['tables'] = [];
    for (const name of await tablesInDependencyOrder(q)) {
      const rows = (await q.query(`SELECT coalesce(json_agg(t), '[]'::json) AS rows FROM (SELECT * FROM ${ident(name)} x ORDER BY x::text) t`)).rows[0].rows as unknown[];
      tables.push({ name, rows });
    }
    return { format: FORMAT, version: VERSION, createdAt: new Date().toISOString(), migrations: await migrationCount(q), tables } satisfies BackupFile;
  });
  return zlib.gzipSync(JSON.stringify(file));
}

/** One consistent snapshot in UTC, so the output does not depend on the session's time zone. */
function inSnapshot<T>(db: Database, fn: (q: pg.PoolClient) => Promise<T>): Promise<T> {
  return withTransaction(db, async (client) => {
    await client.query("SET LOCAL TIME ZONE 'UTC'");
    return fn(client);
  }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
}

export async function restoreBackup(db: Database, bytes: Buffer, opts: { force?: boolean } = {}): Promise<{ tables: number; rows: number }> {
  let file: BackupFile;
  try {
    file = JSON.parse(zlib.gunzipSync(bytes).toString('utf8')) as BackupFile;
  } catch {
    throw new LernortError('BACKUP_INVALID', 'Die Datei ist keine Lernort-Sicherung (gzip/JSON).', 'The file is not a Lernort backup (gzip/JSON).');
  }
  if (file.format !== FORMAT || file.version !== VERSION) {
    throw new LernortError('BACKUP_INVALID', `Unbekanntes Sicherungsformat ${file.format} v${file.version}.`, `Unknown backup format ${file.format} v${file.version}.`);
  }
  const current = await migrationCount(db.pool);
  if (file.migrations !== current) {
    throw new LernortError('BACKUP_SCHEMA_MISMATCH', `Sicherung mit ${file.migrations} Migrationen, Datenbank hat ${current}.`, `Backup has ${file.migrations} migrations, the database has ${current}.`);
  }
  return withTransaction(db, async (client) => {
    await client.query("SET LOCAL TIME ZONE 'UTC'");
    // Triggers that guard decided records (frozen budget scenarios) let a restore write them back.
    await client.query("SELECT set_config('lernort.restoring', 'on', true)");
    const order = await tablesInDependencyOrder(client);
    const nonEmpty = [];
    let seeded = false;
    for (const t of order) {
      const seed = SEEDED_BY_MIGRATIONS[t];
      if ((await client.query(`SELECT EXISTS (SELECT 1 FROM ${ident(t)}${seed ? ` WHERE NOT (${seed})` : ''}) AS e`)).rows[0].e) nonEmpty.push(t);
      else if (seed) seeded = true;
    }
    if (nonEmpty.length > 0 && !opts.force) {
      throw new LernortError('RESTORE_TARGET_NOT_EMPTY', `Die Zieldatenbank ist nicht leer (${nonEmpty.join(', ')}); --force ersetzt ihren Inhalt.`, `The target database is not empty (${nonEmpty.join(', ')}); --force replaces its content.`);
    }
    if (nonEmpty.length > 0 || seeded) await client.query(`TRUNCATE ${order.map(ident).join(', ')} RESTART IDENTITY CASCADE`);
    let rows = 0;
    for (const t of order) {
      const entry = file.tables.find((x) => x.name === t);
      if (!entry || entry.rows.length === 0) continue;
      for (let i = 0; i < entry.rows.length; i += 5000) {
        const chunk = entry.rows.slice(i, i + 5000);
        await client.query(`INSERT INTO ${ident(t)} SELECT * FROM json_populate_recordset(NULL::${ident(t)}, $1::json)`, [JSON.stringify(chunk)]);
      }
      rows += entry.rows.length;
    }
    await resetSequences(client);
    return { tables: file.tables.length, rows };
  });
}

/** A digest of every table's content, to prove a round trip is exact. */
export async function contentDigest(db: Database): Promise<Record<string, string>> {
  return inSnapshot(db, async (q) => {
    const out: Record<string, string> = {};
    for (const t of await tablesInDependencyOrder(q)) {
      const r = await q.query(`SELECT coalesce(json_agg(t), '[]'::json)::text AS j FROM (SELECT * FROM ${ident(t)} x ORDER BY x::text) t`);
      out[t] = crypto.createHash('sha256').update(r.rows[0].j).digest('hex');
    }
    return out;
  });
}

async function resetSequences(client: pg.PoolClient): Promise<void> {
  const seqs = (await client.query<{ tbl: string; col: string; seq: string }>(
    `SELECT c.relname AS tbl, a.attname AS col, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
       FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL`,
  )).rows;
  for (const s of seqs) {
    await client.query(`SELECT setval($1, coalesce((SELECT max(${ident(s.col)}) FROM ${ident(s.tbl)}), 0) + 1, false)`, [s.seq]);
  }
}

// Table and column names come from the catalogue, never from users; quoting keeps them exact.
function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
