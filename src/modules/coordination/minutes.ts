// Writing the minutes: agenda items (with minutes per item), attendance, general minutes,
// decisions, the tasks a meeting creates, finalising, and the next meeting from the last minutes.
// Every edit asks the lifecycle first (statusAfterEdit): finalised minutes refuse all of them.
import type { Database, Queryable } from '../../db/connection.ts';
import { withTransaction } from '../../db/connection.ts';
import { LernortError } from '../../core/errors.ts';
import { statusAfterEdit, transition, type MeetingPart } from '../../core/meetings/lifecycle.ts';
import { agendaFromProposal, proposeNextAgenda } from '../../core/meetings/next-agenda.ts';
import { addDays, formatLocalDateTime, fromLocal, parseLocalDateTime } from '../../core/calendar/zoned.ts';
import { sanitizeMinutes } from '../../io/sanitize-minutes.ts';
import type { SessionUser } from '../users/service.ts';
import * as users from '../users/service.ts';
import { notFound } from './access.ts';
import { coreMinutes, coreTask, createMeeting, getMeeting, loadMeeting, type MeetingRow, type TaskRow } from './meetings.ts';
import type { AgendaUpdate, TaskInput } from './schema.ts';

const ITEM = { de: 'Tagesordnungspunkt', en: 'Agenda item' };
const DECISION = { de: 'Beschluss', en: 'Decision' };

/** Loads the meeting for writing and checks that `part` may change; moves a held meeting into the draft when minutes are written. */
async function editable(q: Queryable, user: SessionUser, id: number, part: MeetingPart): Promise<MeetingRow> {
  const { m } = await loadMeeting(q, user, id, 'write');
  const next = statusAfterEdit(m.status, part);
  if (next !== m.status) await q.query('UPDATE meetings SET status = $2, updated_at = now() WHERE id = $1', [id, next]);
  return { ...m, status: next };
}

async function requireItem(q: Queryable, meetingId: number, itemId: number) {
  const r = await q.query<{ id: number }>('SELECT id FROM agenda_items WHERE id = $1 AND meeting_id = $2', [itemId, meetingId]);
  if (!r.rows[0]) throw notFound(ITEM, itemId);
}

export async function addAgendaItem(q: Queryable, user: SessionUser, id: number, input: { title: string; confidential: boolean; standing: boolean }) {
  await editable(q, user, id, 'agenda');
  await q.query(
    `INSERT INTO agenda_items (meeting_id, position, title, confidential, standing, first_raised_in)
     VALUES ($1, (SELECT coalesce(max(position), 0) + 1 FROM agenda_items WHERE meeting_id = $1), $2, $3, $4, $1)`,
    [id, input.title, input.confidential, input.standing],
  );
  return getMeeting(q, user, id);
}

export async function updateAgendaItem(q: Queryable, user: SessionUser, id: number, itemId: number, input: AgendaUpdate) {
  const writesMinutes = input.minutes !== undefined || input.outcome !== undefined;
  const writesAgenda = input.title !== undefined || input.confidential !== undefined || input.standing !== undefined;
  if (writesAgenda) await editable(q, user, id, 'agenda');
  if (writesMinutes || !writesAgenda) await editable(q, user, id, 'minutes');
  await requireItem(q, id, itemId);
  const minutes = input.minutes === undefined ? undefined : sanitizeMinutes(input.minutes, 'minutes');
  await q.query(
    `UPDATE agenda_items SET title = coalesce($3, title), confidential = coalesce($4, confidential), standing = coalesce($5, standing),
            outcome = CASE WHEN $6 THEN $7 ELSE outcome END, minutes_html = CASE WHEN $8 THEN $9 ELSE minutes_html END
      WHERE id = $2 AND meeting_id = $1`,
    [id, itemId, input.title ?? null, input.confidential ?? null, input.standing ?? null, input.outcome !== undefined, input.outcome ?? null, minutes !== undefined, minutes ?? null],
  );
  return getMeeting(q, user, id);
}

export async function deleteAgendaItem(q: Queryable, user: SessionUser, id: number, itemId: number) {
  await editable(q, user, id, 'agenda');
  await requireItem(q, id, itemId);
  await q.query('DELETE FROM agenda_items WHERE id = $1', [itemId]);
  return getMeeting(q, user, id);
}

export async function setAttendance(db: Database, user: SessionUser, id: number, entries: { memberId: number; status: string }[]) {
  const m = await editable(db.pool, user, id, 'attendance');
  const members = new Set((await db.pool.query<{ id: number }>('SELECT id FROM group_members WHERE group_id = $1', [m.group_id])).rows.map((r) => r.id));
  const stranger = entries.find((e) => !members.has(e.memberId));
  if (stranger) throw notFound({ de: 'Mitglied', en: 'Member' }, stranger.memberId);
  await withTransaction(db, async (c) => {
    for (const e of entries) {
      await c.query('INSERT INTO attendance (meeting_id, member_id, status) VALUES ($1, $2, $3) ON CONFLICT (meeting_id, member_id) DO UPDATE SET status = EXCLUDED.status', [id, e.memberId, e.status]);
    }
  });
  return getMeeting(db.pool, user, id);
}

export async function setMinutes(q: Queryable, user: SessionUser, id: number, html: string) {
  await editable(q, user, id, 'minutes');
  await q.query('UPDATE meetings SET minutes_html = $2, updated_at = now() WHERE id = $1', [id, sanitizeMinutes(html, 'html')]);
  return getMeeting(q, user, id);
}

export async function addDecision(q: Queryable, user: SessionUser, id: number, input: { itemId: number; text: string; reviewAtNextMeeting: boolean }) {
  await editable(q, user, id, 'minutes');
  await requireItem(q, id, input.itemId);
  await q.query('INSERT INTO decisions (meeting_id, item_id, text, review_at_next_meeting) VALUES ($1, $2, $3, $4)', [id, input.itemId, input.text, input.reviewAtNextMeeting]);
  return getMeeting(q, user, id);
}

export async function deleteDecision(q: Queryable, user: SessionUser, id: number, decisionId: number) {
  await editable(q, user, id, 'minutes');
  const r = await q.query('DELETE FROM decisions WHERE id = $1 AND meeting_id = $2', [decisionId, id]);
  if (r.rowCount === 0) throw notFound(DECISION, decisionId);
  return getMeeting(q, user, id);
}

/** The owner must be a user or a member of this group; the decision one of this meeting. */
export async function checkTaskRefs(q: Queryable, groupId: number, meetingId: number | null, input: Pick<TaskInput, 'ownerUserId' | 'ownerMemberId' | 'decisionId'>): Promise<void> {
  if (input.ownerMemberId && (await q.query('SELECT 1 FROM group_members WHERE id = $1 AND group_id = $2', [input.ownerMemberId, groupId])).rowCount === 0)
    throw new LernortError('TASK_OWNER_UNKNOWN', `Mitglied ${input.ownerMemberId} gehört nicht zu diesem Arbeitskreis.`, `Member ${input.ownerMemberId} does not belong to this working group.`, { location: { field: 'ownerMemberId' } });
  if (input.ownerUserId && !(await users.userExists(q, input.ownerUserId)))
    throw new LernortError('TASK_OWNER_UNKNOWN', `Benutzer ${input.ownerUserId} gibt es nicht.`, `User ${input.ownerUserId} does not exist.`, { location: { field: 'ownerUserId' } });
  if (input.decisionId && (await q.query('SELECT 1 FROM decisions WHERE id = $1 AND meeting_id = $2', [input.decisionId, meetingId])).rowCount === 0)
    throw new LernortError('TASK_DECISION_UNKNOWN', `Beschluss ${input.decisionId} gehört nicht zu dieser Sitzung.`, `Decision ${input.decisionId} does not belong to this meeting.`, { location: { field: 'decisionId' } });
}

export async function addTask(q: Queryable, user: SessionUser, id: number, input: TaskInput) {
  const m = await editable(q, user, id, 'minutes');
  await checkTaskRefs(q, m.group_id, id, input);
  await q.query(
    'INSERT INTO coordination_tasks (group_id, meeting_id, decision_id, title, owner_user_id, owner_member_id, due) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [m.group_id, id, input.decisionId ?? null, input.title, input.ownerUserId ?? null, input.ownerMemberId ?? null, input.due ?? null],
  );
  return getMeeting(q, user, id);
}

/** Finalises the minutes: then nothing of them changes any more (the audit log keeps who and when). */
export async function finalise(q: Queryable, user: SessionUser, id: number, now = new Date()) {
  const { m } = await loadMeeting(q, user, id, 'write');
  const minutes = await coreMinutes(q, id);
  const next = transition(m.status, 'finalise', { now, zone: m.zone, startsAt: m.starts_at, minutes });
  await q.query("UPDATE meetings SET status = $2, finalised_at = now(), finalised_by = $3, updated_at = now() WHERE id = $1 AND status = 'minutes-draft'", [id, next, user.id]);
  return getMeeting(q, user, id);
}

/**
 * "Next meeting from the last minutes": the group's next planned meeting after this one (the next
 * occurrence of its series) or a new one (`start`, else four weeks later at the same wall time)
 * gets the proposed agenda — approval of the minutes, standing and open items, decisions to review,
 * open tasks.
 */
export async function nextMeeting(db: Database, user: SessionUser, id: number, input: { start?: string; durationMinutes?: number }, lang: 'de' | 'en' = 'de') {
  const { m } = await loadMeeting(db.pool, user, id, 'write');
  if (m.status !== 'finalised' && m.status !== 'minutes-draft' && m.status !== 'held')
    throw new LernortError('NEXT_NEEDS_MINUTES', 'Die nächste Sitzung wird aus dem Protokoll einer Sitzung vorbereitet, die stattgefunden hat.', 'The next meeting is prepared from the minutes of a meeting that took place.', { status: 409 });
  const { agenda } = await coreMinutes(db.pool, id);
  const decisions = (await db.pool.query<{ id: number; item_id: number; text: string; review_at_next_meeting: boolean }>('SELECT * FROM decisions WHERE meeting_id = $1 ORDER BY id', [id])).rows
    .map((d) => ({ id: String(d.id), itemId: String(d.item_id), text: d.text, reviewAtNextMeeting: d.review_at_next_meeting }));
  const tasks = (await db.pool.query<TaskRow>('SELECT * FROM coordination_tasks WHERE group_id = $1 ORDER BY id', [m.group_id])).rows.map(coreTask);
  const proposal = proposeNextAgenda({ meetingId: String(id), agenda, decisions, tasks }, lang);

  let targetId: number | undefined;
  if (!input.start) {
    targetId = (await db.pool.query<{ id: number }>("SELECT id FROM meetings WHERE group_id = $1 AND status = 'planned' AND starts_at > $2 ORDER BY starts_at LIMIT 1", [m.group_id, m.starts_at])).rows[0]?.id;
  }
  if (targetId === undefined) {
    const duration = input.durationMinutes ?? Math.round((fromLocal(parseLocalDateTime(m.end_local), m.zone).getTime() - m.starts_at.getTime()) / 60_000);
    const local = parseLocalDateTime(m.start_local);
    const start = input.start ?? formatLocalDateTime({ ...local, ...addDays(local, 28) });
    targetId = (await createMeeting(db, user, m.group_id, { title: m.title, start, durationMinutes: duration, place: m.place, onlineUrl: m.online_url, zone: m.zone })).id;
  }
  const items = agendaFromProposal(proposal, (n) => String(n));
  await withTransaction(db, async (c) => {
    const base = (await c.query<{ n: number }>('SELECT coalesce(max(position), 0)::int AS n FROM agenda_items WHERE meeting_id = $1', [targetId])).rows[0].n;
    for (const [n, item] of items.entries()) {
      await c.query(
        `INSERT INTO agenda_items (meeting_id, position, title, confidential, standing, carried_from_item_id, carried_from_meeting_id, first_raised_in)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [targetId, base + n + 1, item.title, Boolean(item.confidential), Boolean(item.standing), item.carriedFrom ? Number(item.carriedFrom.itemId) : null,
          item.carriedFrom ? Number(item.carriedFrom.meetingId) : id, item.firstRaisedIn ? Number(item.firstRaisedIn) : id],
      );
    }
  });
  return getMeeting(db.pool, user, targetId);
}
