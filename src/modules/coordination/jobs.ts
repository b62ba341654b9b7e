// The job queue for reminders: pg-boss 10 (the last line that runs on Node 20) on our own `pg` pool,
// so it works on both backends — the PostgreSQL server and the embedded PGlite behind its socket.
//
// Why a custom `db`: pg-boss sends its schema migrations as one parameterless text of many
// statements. PostgreSQL accepts that only in the simple query protocol; a prepared (extended)
// query answers 42601 "cannot insert multiple commands into a prepared statement". `pg` chooses the
// simple protocol when a query has no values, so the adapter never passes an empty values array.
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Database } from '../../db/connection.ts';

export type JobQueue = PgBoss;

/** The minimal database interface pg-boss accepts instead of its own pool. */
export function pgBossDb(db: Pick<Database, 'pool'>): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      // No values → simple protocol → several statements in one text are allowed.
      if (!values || values.length === 0) return db.pool.query(text);
      return db.pool.query(text, values);
    },
  };
}

/** pg-boss's own options except the connection, which is always our pool. */
export type JobQueueOptions = Omit<PgBoss.ConstructorOptions, 'db' | 'connectionString' | 'host' | 'port' | 'user' | 'password' | 'database' | 'ssl' | 'max'>;

/** A pg-boss instance on the project's pool. Call `start()` before use and `stop()` before closing the pool. */
export function createJobQueue(db: Pick<Database, 'pool'>, opts: JobQueueOptions = {}): JobQueue {
  // pg-boss keeps its tables in a schema of its own (default "pgboss"), apart from ours.
  const boss = new PgBoss({ schema: 'pgboss', ...opts, db: pgBossDb(db) });
  // pg-boss emits 'error' for failures of its background loops; without a listener Node would crash.
  boss.on('error', () => undefined);
  return boss;
}

/**
 * A job id derived from a reminder's stable key (RFC 4122 version-5 layout over SHA-1), so sending
 * the same reminder twice inserts one job: pg-boss inserts with ON CONFLICT DO NOTHING and returns
 * null for the duplicate. This holds while the job is in pg-boss's job table (until it is archived);
 * a permanent record of sent reminders belongs in our own table.
 */
export function reminderJobId(key: string): string {
  const h = createHash('sha1').update(`lernort-reminder:${key}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Queue names of the coordination module. */
export const QUEUES = { planReminders: 'coordination.plan-reminders', deliverReminder: 'coordination.deliver-reminder' } as const;

/**
 * Lets pg-boss's own cron start the reminders run (no cron of ours): hourly by default, in the
 * deployment's zone so that "07:00" means 07:00 local. The job's handler calls planReminders and
 * sendReminders. Scheduling again replaces the schedule, so every app instance may call it.
 */
export async function scheduleReminderRuns(boss: JobQueue, zone: string, cron = '5 * * * *'): Promise<void> {
  await boss.createQueue(QUEUES.planReminders);
  await boss.createQueue(QUEUES.deliverReminder);
  await boss.schedule(QUEUES.planReminders, cron, {}, { tz: zone, singletonKey: 'plan-reminders' });
}

/** Queues one delivery job per reminder under its key's job id; answers how many were new. */
export async function sendReminders(boss: JobQueue, reminders: readonly { key: string }[]): Promise<number> {
  let added = 0;
  for (const r of reminders) {
    if ((await boss.send(QUEUES.deliverReminder, r, { id: reminderJobId(r.key) })) !== null) added++;
  }
  return added;
}
