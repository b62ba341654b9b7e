// One way to reach the database: `pg` against either the PostgreSQL server (DATABASE_URL) or the
// embedded PGlite worker behind a unix socket. Same driver, same SQL, same type behaviour. A command
// beside a running server reaches the server's embedded database through its published socket.
import pg from 'pg';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded.ts';
import { findRunningServer } from './embedded-share.ts';
import { projectRoot } from '../config.ts';

// Return BIGINT/NUMERIC as JS numbers: our counts fit easily into 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export type Backend = 'embedded' | 'postgres';

export interface Database {
  pool: pg.Pool;
  backend: Backend;
  /** Pid of the server whose embedded database this process uses through its socket. */
  sharedWith?: number;
  /** Embedded database opened here: let commands in other processes connect (the server, once ready). */
  publish?(): void;
  close(): Promise<void>;
}

export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

export interface OpenOptions {
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
  /**
   * 'server' opens the embedded data directory itself and can publish it; 'command' (default)
   * first looks for a running server on that directory and connects through its socket.
   */
  role?: 'server' | 'command';
  /** Called once when a command waits for a server that is still starting. */
  onWait?: (pid: number) => void;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let sharedWith: number | undefined;
  let pool: pg.Pool;
  if (opts.databaseUrl) {
    pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 20 });
  } else {
    const server = opts.role === 'server' ? null : await findRunningServer(opts.dataDir, { onWait: opts.onWait });
    sharedWith = server?.pid;
    if (!server) embedded = await startEmbeddedDatabase(opts.dataDir, { role: opts.role ?? 'command' });
    // PGlite runs one query at a time; a few connections let transactions queue instead of fail.
    // The socket server accepts 64 (embedded-worker.ts): the server's 8 plus several commands.
    const host = server?.socketDir ?? embedded!.socketDir;
    pool = new pg.Pool({ host, user: 'postgres', database: 'postgres', max: opts.poolSize ?? (server ? 4 : 8) });
  }
  pool.on('error', () => {
    /* an idle client lost its connection; the pool replaces it */
  });
  const db: Database = {
    pool,
    backend: opts.databaseUrl ? 'postgres' : 'embedded',
    ...(sharedWith !== undefined ? { sharedWith } : {}),
    ...(embedded ? { publish: () => embedded.publish() } : {}),
    async close() {
      await pool.end();
      await embedded?.stop();
    },
  };
  return db;
}

export async function migrateDatabase(db: Database): Promise<void> {
  await migrate(drizzle(db.pool), { migrationsFolder: path.join(projectRoot, 'src', 'db', 'migrations') });
}

/**
 * Runs fn in one transaction: everything lands or nothing does. `begin` may name an isolation level
 * (e.g. 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' for a consistent snapshot).
 */
export async function withTransaction<T>(db: Database, fn: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await db.pool.connect();
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
