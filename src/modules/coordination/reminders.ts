// Reminders from the job queue (jobs.ts, pg-boss on our pool): an hourly run plans the reminders
// (core/meetings/reminders.ts) for open tasks and upcoming meetings, queues one delivery per
// reminder under its stable key, and the delivery writes an in-app notification (unique key, so a
// repeated run or a second app instance adds nothing) and, only when SMTP is configured, an e-mail.
import type { Database, Queryable } from '../../db/connection.ts';
import { planReminders, type Reminder } from '../../core/meetings/reminders.ts';
import type { Meeting } from '../../core/meetings/types.ts';
import type { SessionUser } from '../users/service.ts';
import * as users from '../users/service.ts';
import { createJobQueue, QUEUES, scheduleReminderRuns, sendReminders, type JobQueue } from './jobs.ts';
import { coreTask, type TaskRow } from './meetings.ts';
import { sendMail, smtpFromEnv, type SmtpSettings } from './smtp.ts';
import { overdueReportReminders } from '../goals/service.ts';

/**
 * Reminders due now. Recipients are user ids ("u12"): task owners (directly or as a member with an
 * account) and the members with accounts of a meeting's group.
 */
export async function dueReminders(q: Queryable, now = new Date()): Promise<Reminder[]> {
  const tasks = (await q.query<TaskRow & { member_user_id: number | null; zone: string }>(
    `SELECT t.*, gm.user_id AS member_user_id, g.zone FROM coordination_tasks t JOIN working_groups g ON g.id = t.group_id
       LEFT JOIN group_members gm ON gm.id = t.owner_member_id
      WHERE t.status IN ('open', 'in-progress') AND t.due IS NOT NULL`,
  )).rows;
  const meetings = (await q.query<{ id: number; title: string; status: Meeting['status']; starts_at: Date; zone: string; invitees: number[] | null }>(
    `SELECT m.id, m.title, m.status, m.starts_at, m.zone,
            (SELECT array_agg(DISTINCT gm.user_id) FROM group_members gm WHERE gm.group_id = m.group_id AND gm.user_id IS NOT NULL) AS invitees
       FROM meetings m WHERE m.status = 'planned' AND m.starts_at > $1 AND m.starts_at < $1::timestamptz + interval '9 days'`,
    [now],
  )).rows;
  const byZone = new Map<string, { tasks: ReturnType<typeof coreTask>[]; meetings: Meeting[] }>();
  const slot = (zone: string) => byZone.get(zone) ?? byZone.set(zone, { tasks: [], meetings: [] }).get(zone)!;
  for (const t of tasks) {
    const owners = [t.owner_user_id, t.member_user_id].filter((x): x is number => x !== null).map((id) => `u${id}`);
    if (owners.length) slot(t.zone).tasks.push({ ...coreTask(t), ownerIds: owners });
  }
  for (const m of meetings) slot(m.zone).meetings.push({ id: String(m.id), title: m.title, status: m.status, startsAt: m.starts_at, inviteeIds: (m.invitees ?? []).map((id) => `u${id}`) });
  const sent = new Set((await q.query<{ key: string }>("SELECT key FROM notifications WHERE created_at > now() - interval '60 days'")).rows.map((r) => r.key));
  // Overdue provider reports of goal agreements (modules/goals) go out the same way.
  return [...byZone.entries()].flatMap(([zone, input]) => planReminders({ ...input, now, zone, alreadySent: sent })).concat(await overdueReportReminders(q, now, sent));
}

/** Writes the notification once per key; mails it when SMTP is set and the user has an address. */
export async function deliver(q: Queryable, r: Reminder, smtp: SmtpSettings | null): Promise<boolean> {
  const userId = Number(r.recipientId.replace(/^u/, ''));
  // Only for an account that exists (a removed one gets nothing).
  if (!(await users.userExists(q, userId))) return false;
  const inserted = await q.query<{ id: number }>(
    `INSERT INTO notifications (user_id, key, kind, subject_type, subject_id, text_de, text_en) VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (key) DO NOTHING RETURNING id`,
    [userId, r.key, r.kind, r.subject.type, Number(r.subject.id), r.de, r.en],
  );
  const id = inserted.rows[0]?.id;
  if (id === undefined) return false;
  if (smtp) {
    const to = (await q.query<{ email: string | null }>("SELECT gm.email FROM group_members gm WHERE gm.user_id = $1 AND gm.email IS NOT NULL ORDER BY gm.id LIMIT 1", [userId])).rows[0]?.email;
    if (to) {
      await sendMail(smtp, { to, subject: 'Lernort: Erinnerung / reminder', text: `${r.de}\n\n${r.en}\n` });
      await q.query('UPDATE notifications SET emailed_at = now() WHERE id = $1', [id]);
    }
  }
  return true;
}

export interface ReminderService {
  boss: JobQueue;
  stop(): Promise<void>;
}

/** Starts pg-boss with the hourly run and the delivery worker (startLernort; never in buildApp). */
export async function startReminders(db: Database, zone = 'Europe/Berlin'): Promise<ReminderService> {
  const boss = createJobQueue(db);
  await boss.start();
  await scheduleReminderRuns(boss, zone);
  const smtp = smtpFromEnv();
  await boss.work(QUEUES.planReminders, async () => {
    await sendReminders(boss, await dueReminders(db.pool));
  });
  await boss.work<Reminder>(QUEUES.deliverReminder, async (jobs) => {
    for (const job of jobs) await deliver(db.pool, job.data, smtp);
  });
  return { boss, stop: () => boss.stop({ graceful: true, wait: true, close: false, timeout: 5_000 }) };
}

// ---- in-app notifications ----

export async function listNotifications(q: Queryable, user: SessionUser) {
  const rows = (await q.query<{ id: number; kind: string; subject_type: string; subject_id: number; text_de: string; text_en: string; created_at: Date; read_at: Date | null }>(
    'SELECT * FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT 100', [user.id])).rows;
  return rows.map((n) => ({ id: n.id, kind: n.kind, subjectType: n.subject_type, subjectId: n.subject_id, text: { de: n.text_de, en: n.text_en }, createdAt: n.created_at.toISOString(), readAt: n.read_at?.toISOString() ?? null }));
}

export async function markRead(q: Queryable, user: SessionUser, id: number): Promise<boolean> {
  return ((await q.query('UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2', [id, user.id])).rowCount ?? 0) > 0;
}
