// pg-boss 10.4.2 on both backends through our `pg` pool: the embedded PGlite (behind its socket)
// and the PostgreSQL server. It installs its schema (a parameterless multi-statement text), a job
// is sent and a worker completes it; a reminder sent twice under the same key becomes one job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/connection.ts';
import { planReminders } from '../../src/core/meetings/reminders.ts';
import { QUEUES, createJobQueue, reminderJobId, scheduleReminderRuns, sendReminders, type JobQueue } from '../../src/modules/coordination/jobs.ts';
import { createScratchDatabase, type ScratchDatabase } from '../integration/env.ts';

const waitFor = async (done: () => boolean, what: string, limitMs = 60_000) => {
  for (const started = Date.now(); !done(); ) {
    if (Date.now() - started > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe.each(['embedded', 'postgres'] as const)('pg-boss on the %s backend', (backend) => {
  let scratch: ScratchDatabase;
  let db: Database;
  let boss: JobQueue;

  beforeAll(async () => {
    scratch = await createScratchDatabase(backend, 'pgboss');
    db = await openDatabase({ databaseUrl: scratch.url, dataDir: '', poolSize: 4 });
    boss = createJobQueue(db, { schedule: false });
    await boss.start();
  });

  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true, close: false });
    await db?.close();
    await scratch?.drop();
  });

  it('a multi-statement text without values runs through the pool (simple protocol)', async () => {
    const results = (await db.pool.query('SELECT 1 AS a; SELECT 2 AS b')) as unknown as { rows: Record<string, number>[] }[];
    expect(results.map((r) => r.rows[0])).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('the same text as a prepared statement fails with 42601: the reason for the simple protocol', async () => {
    const prepared = db.pool.query({ text: 'SELECT 1 AS a; SELECT 2 AS b', values: [], queryMode: 'extended' } as never);
    await expect(prepared).rejects.toMatchObject({ code: '42601' });
  });

  it('installs its schema in the pgboss schema', async () => {
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'pgboss' AND table_name IN ('job', 'version', 'queue')`);
    expect(rows[0].n).toBe(3);
  });

  it('processes a job that was sent', async () => {
    await boss.createQueue('reminder');
    const seen: unknown[] = [];
    await boss.work('reminder', { pollingIntervalSeconds: 0.5 }, async (jobs) => {
      for (const job of jobs) seen.push(job.data);
    });
    const id = await boss.send('reminder', { key: 'task-due-soon:t1:2026-03-12:u1' });
    expect(id).toBeTruthy();
    await waitFor(() => seen.length > 0, 'the worker');
    expect(seen).toEqual([{ key: 'task-due-soon:t1:2026-03-12:u1' }]);
    // The handler resolved; pg-boss marks the job completed right after it.
    let state: string | undefined;
    for (let i = 0; i < 100 && state !== 'completed'; i++) {
      state = (await boss.getJobById('reminder', id!))?.state;
      if (state !== 'completed') await new Promise((r) => setTimeout(r, 100));
    }
    expect(state).toBe('completed');
  });

  it('the same reminder key sent twice gives one job (the second send answers null)', async () => {
    await boss.createQueue('reminder-dedup');
    const id = reminderJobId('meeting-tomorrow:m7:2026-10-13T14:00:00.000Z:u2');
    expect(await boss.send('reminder-dedup', { n: 1 }, { id })).toBe(id);
    expect(await boss.send('reminder-dedup', { n: 2 }, { id })).toBeNull();
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'reminder-dedup'`);
    expect(rows[0].n).toBe(1);
  });

  it('a reminders plan queued twice (a repeated run) adds its jobs once', async () => {
    await scheduleReminderRuns(boss, 'Europe/Berlin');
    const plan = planReminders({
      tasks: [{ id: 't1', title: 'Einladung verschicken', ownerIds: ['anna', 'ben'], status: 'open', due: { year: 2026, month: 10, day: 6 } }],
      meetings: [],
      now: new Date('2026-10-05T05:00:00Z'),
      zone: 'Europe/Berlin',
    });
    expect(plan).toHaveLength(2);
    expect(await sendReminders(boss, plan)).toBe(2);
    expect(await sendReminders(boss, plan)).toBe(0);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1`, [QUEUES.deliverReminder]);
    expect(rows[0].n).toBe(2);
  });

  it('keeps the hourly reminders schedule in pg-boss, in the Berlin zone', async () => {
    const schedules = await boss.getSchedules();
    expect(schedules.find((s) => s.name === QUEUES.planReminders)).toMatchObject({ cron: '5 * * * *', options: { tz: 'Europe/Berlin' } });
  });
});
