// One way to reach the database: `pg` against either the PostgreSQL server (DATABASE_URL) or the
// embedded PGlite worker behind a unix socket. Same driver, same SQL, same type behaviour.
import pg from 'pg';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded.ts';
import { projectRoot } from '../config.ts';

// Return BIGINT/NUMERIC as JS numbers: our counts fit easily into 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export type Backend = 'embedded' | 'postgres';

export interface Database {
  pool: pg.Pool;
  backend: Backend;
  close(): Promise<void>;
}

export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

export async function openDatabase(opts: { databaseUrl?: string; dataDir: string; poolSize?: number }): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let pool: pg.Pool;
  if (opts.databaseUrl) {
    pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 20 });
  } else {
    embedded = await startEmbeddedDatabase(opts.dataDir);
    // PGlite runs one query at a time; a few connections let transactions queue instead of fail.
    pool = new pg.Pool({ host: embedded.socketDir, user: 'postgres', database: 'postgres', max: opts.poolSize ?? 8 });
  }
  pool.on('error', () => {
    /* an idle client lost its connection; the pool replaces it */
  });
  const db: Database = {
    pool,
    backend: embedded ? 'embedded' : 'postgres',
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
