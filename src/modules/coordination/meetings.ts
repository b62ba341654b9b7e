// Meetings: scheduling (single or a series), the lifecycle, and reading a meeting with everything
// in it. Editing the minutes (agenda, attendance, decisions, tasks) lives in minutes.ts.
import type { Database, Queryable } from '../../db/connection.ts';
import { withTransaction } from '../../db/connection.ts';
import { LernortError } from '../../core/errors.ts';
import { fromLocal, toLocal, parseLocalDateTime, formatLocalDateTime, type LocalDateTime } from '../../core/calendar/zoned.ts';
import { parseRRule } from '../../core/calendar/rrule.ts';
import { expandSeries, validateSeries } from '../../core/calendar/recurrence.ts';
import { allowedActions, statusAfterEdit, transition, type MeetingAction } from '../../core/meetings/lifecycle.ts';
import { dueState } from '../../core/meetings/tasks.ts';
import type { AgendaItem, MeetingStatus, Task } from '../../core/meetings/types.ts';
import type { SessionUser } from '../users/service.ts';
import { type Access, MEETING, notFound, readableGroups, requireGroup } from './access.ts';
import type { MeetingInput, MeetingUpdate } from './schema.ts';
import { checkZone } from './groups.ts';
import * as areas from '../areas/service.ts';
import * as facilities from '../facilities/service.ts';
import * as organisations from '../organisations/service.ts';
import * as users from '../users/service.ts';

/** How many occurrences of a new series become meetings at once (about a year of a monthly series). */
export const SERIES_HORIZON = 12;

export interface MeetingRow {
  id: number; group_id: number; group_name: string; series_id: number | null; occurrence_local: string | null; title: string;
  start_local: string; end_local: string; zone: string; starts_at: Date; place: string | null; online_url: string | null; status: MeetingStatus;
  minutes_html: string | null; finalised_at: Date | null; sequence: number; updated_at: Date; created_at: Date;
}

const MEETING_SELECT = `SELECT m.*, g.name AS group_name FROM meetings m JOIN working_groups g ON g.id = m.group_id`;

export function meetingToApi(m: MeetingRow) {
  return {
    id: m.id, groupId: m.group_id, groupName: m.group_name, title: m.title, start: m.start_local, end: m.end_local, zone: m.zone,
    startsAt: m.starts_at.toISOString(), place: m.place, onlineUrl: m.online_url, status: m.status, seriesId: m.series_id,
  };
}

/** The meeting and the caller's access to its group; 404 for meetings of groups it may not read (or write). */
export async function loadMeeting(q: Queryable, user: SessionUser, id: number, need: 'read' | 'write'): Promise<{ m: MeetingRow; access: Access }> {
  const m = (await q.query<MeetingRow>(`${MEETING_SELECT} WHERE m.id = $1`, [id])).rows[0];
  if (!m) throw notFound(MEETING, id);
  const access = await requireGroup(q, user, m.group_id, need, MEETING, id);
  return { m, access };
}

const normalise = (text: string, field = 'start') => formatLocalDateTime(parseLocalDateTime(text, field));
const endOf = (start: LocalDateTime, zone: string, minutes: number) => formatLocalDateTime(toLocal(fromLocal(start, zone).getTime() + minutes * 60_000, zone));

async function groupZone(q: Queryable, groupId: number): Promise<string> {
  return (await q.query<{ zone: string }>('SELECT zone FROM working_groups WHERE id = $1', [groupId])).rows[0].zone;
}

/** A single meeting, or a series (RRULE) with its first occurrences; answers the first meeting. */
export async function createMeeting(db: Database, user: SessionUser, groupId: number, input: MeetingInput) {
  await requireGroup(db.pool, user, groupId, 'write');
  const zone = input.zone ? checkZone(input.zone) : await groupZone(db.pool, groupId);
  const start = parseLocalDateTime(input.start);
  const rule = input.rrule ? parseRRule(input.rrule) : undefined;
  const series = { zone, start, durationMinutes: input.durationMinutes, rule };
  validateSeries(series);
  const occurrences = rule ? expandSeries(series, {}, SERIES_HORIZON) : [{ local: start }];
  const firstId = await withTransaction(db, async (c) => {
    let seriesId: number | null = null;
    if (rule) {
      seriesId = (await c.query<{ id: number }>(
        `INSERT INTO meeting_series (group_id, title, start_local, duration_minutes, zone, rrule, place, online_url) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [groupId, input.title, formatLocalDateTime(start), input.durationMinutes, zone, input.rrule!.replace(/^RRULE:/i, '').trim(), input.place ?? null, input.onlineUrl ?? null],
      )).rows[0].id;
    }
    const ids: number[] = [];
    for (const o of occurrences) {
      const local = formatLocalDateTime(o.local);
      ids.push((await c.query<{ id: number }>(
        `INSERT INTO meetings (group_id, series_id, occurrence_local, title, start_local, end_local, zone, starts_at, place, online_url)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [groupId, seriesId, seriesId ? local : null, input.title, local, endOf(o.local, zone, input.durationMinutes), zone, fromLocal(o.local, zone), input.place ?? null, input.onlineUrl ?? null],
      )).rows[0].id);
    }
    return ids[0];
  });
  return getMeeting(db.pool, user, firstId);
}

export async function listGroupMeetings(q: Queryable, user: SessionUser, groupId: number) {
  await requireGroup(q, user, groupId, 'read');
  return (await q.query<MeetingRow>(`${MEETING_SELECT} WHERE m.group_id = $1 ORDER BY m.starts_at, m.id`, [groupId])).rows.map(meetingToApi);
}

/** Meetings of readable groups between two instants (the calendar view), optionally of one area. */
export async function listCalendar(q: Queryable, user: SessionUser, from: Date, to: Date, area?: { layer: string; code: string }) {
  const groups = await readableGroups(q, user);
  const areaIds = area ? await areas.idsOfCode(q, area.layer, area.code) : null;
  const rows = (await q.query<MeetingRow>(
    `${MEETING_SELECT}
      WHERE m.group_id = ANY($1) AND m.starts_at >= $2 AND m.starts_at < $3 AND ($4::int[] IS NULL OR g.area_id = ANY($4::int[]))
      ORDER BY m.starts_at, m.id`,
    [[...groups.keys()], from, to, areaIds],
  )).rows;
  return rows.map(meetingToApi);
}

export async function updateMeeting(q: Queryable, user: SessionUser, id: number, input: MeetingUpdate) {
  const { m } = await loadMeeting(q, user, id, 'write');
  statusAfterEdit(m.status, 'schedule');
  const zone = input.zone ? checkZone(input.zone) : m.zone;
  const startText = input.start ? normalise(input.start) : m.start_local;
  const start = parseLocalDateTime(startText);
  const oldMinutes = Math.round((fromLocal(parseLocalDateTime(m.end_local), m.zone).getTime() - m.starts_at.getTime()) / 60_000);
  const duration = input.durationMinutes ?? oldMinutes;
  validateSeries({ zone, start, durationMinutes: duration });
  await q.query(
    `UPDATE meetings SET title = $2, start_local = $3, end_local = $4, zone = $5, starts_at = $6, place = $7, online_url = $8, sequence = sequence + 1, updated_at = now() WHERE id = $1`,
    [id, input.title ?? m.title, startText, endOf(start, zone, duration), zone, fromLocal(start, zone), input.place === undefined ? m.place : input.place, input.onlineUrl === undefined ? m.online_url : input.onlineUrl],
  );
  return getMeeting(q, user, id);
}

export async function deleteMeeting(q: Queryable, user: SessionUser, id: number): Promise<void> {
  const { m } = await loadMeeting(q, user, id, 'write');
  if (m.status !== 'planned' && m.status !== 'cancelled')
    throw new LernortError('MEETING_HAS_RECORD', 'Eine Sitzung, die stattgefunden hat, wird nicht gelöscht (sie ist Teil der Dokumentation).', 'A meeting that took place is not deleted (it is part of the record).', { status: 409 });
  if (m.series_id) {
    // An occurrence of a series is cancelled instead, so the feed's RRULE does not bring it back.
    await q.query("UPDATE meetings SET status = 'cancelled', sequence = sequence + 1, updated_at = now() WHERE id = $1", [id]);
    return;
  }
  await q.query('DELETE FROM meetings WHERE id = $1', [id]);
}

/** The minutes as the core rules see them (agenda, tasks of the meeting, attendance). */
export async function coreMinutes(q: Queryable, meetingId: number): Promise<{ agenda: AgendaItem[]; tasks: Task[]; presentCount: number }> {
  const items = (await q.query<{ id: number; title: string; confidential: boolean; standing: boolean; outcome: string | null; minutes_html: string | null; carried_from_item_id: number | null; carried_from_meeting_id: number | null; first_raised_in: number | null }>(
    'SELECT * FROM agenda_items WHERE meeting_id = $1 ORDER BY position, id', [meetingId])).rows;
  const agenda: AgendaItem[] = items.map((i) => ({
    id: String(i.id), title: i.title, confidential: i.confidential, standing: i.standing, ...(i.outcome ? { outcome: i.outcome as AgendaItem['outcome'] } : {}),
    ...(i.minutes_html ? { minutes: i.minutes_html } : {}),
    ...(i.carried_from_item_id && i.carried_from_meeting_id ? { carriedFrom: { meetingId: String(i.carried_from_meeting_id), itemId: String(i.carried_from_item_id) } } : {}),
    ...(i.first_raised_in ? { firstRaisedIn: String(i.first_raised_in) } : {}),
  }));
  const tasks = (await q.query<TaskRow>('SELECT * FROM coordination_tasks WHERE meeting_id = $1 ORDER BY id', [meetingId])).rows.map(coreTask);
  const present = (await q.query<{ n: number }>("SELECT count(*)::int AS n FROM attendance WHERE meeting_id = $1 AND status = 'present'", [meetingId])).rows[0].n;
  return { agenda, tasks, presentCount: present };
}

export interface TaskRow {
  id: number; group_id: number; meeting_id: number | null; decision_id: number | null; title: string; owner_user_id: number | null; owner_member_id: number | null;
  due: string | null; status: Task['status']; closed_on: string | null; drop_reason: string | null;
}

const day = (s: string) => ({ year: +s.slice(0, 4), month: +s.slice(5, 7), day: +s.slice(8, 10) });

/** `pg` reads DATE columns as local-midnight Dates; the API and the core want the calendar day. */
export function dayText(v: string | Date | null): string | null {
  if (v === null || typeof v === 'string') return v;
  return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
}

/** The task row with its DATE columns as YYYY-MM-DD text. */
export function withDays<T extends TaskRow>(t: T): T {
  return { ...t, due: dayText(t.due as string | Date | null), closed_on: dayText(t.closed_on as string | Date | null) };
}

export function coreTask(row: TaskRow): Task {
  const t = withDays(row);
  return {
    id: String(t.id), title: t.title, status: t.status,
    ownerIds: [t.owner_user_id ? `u${t.owner_user_id}` : null, t.owner_member_id ? `m${t.owner_member_id}` : null].filter((x): x is string => x !== null),
    ...(t.due ? { due: day(t.due) } : {}), ...(t.decision_id ? { decisionId: String(t.decision_id) } : {}), ...(t.meeting_id ? { meetingId: String(t.meeting_id) } : {}),
    ...(t.closed_on ? { closedOn: day(t.closed_on) } : {}), ...(t.drop_reason ? { dropReason: t.drop_reason } : {}),
  };
}

/** Tasks with their group; the owner's label comes from withOwnerLabels (names through their owners' services). */
const TASK_SELECT = `SELECT t.*, g.name AS group_name, g.zone,
         mm.user_id AS owner_member_user_id, mm.name AS owner_member_name, mm.organisation_id AS owner_member_organisation_id, mm.facility_id AS owner_member_facility_id
  FROM coordination_tasks t JOIN working_groups g ON g.id = t.group_id
  LEFT JOIN group_members mm ON mm.id = t.owner_member_id`;
export { TASK_SELECT };

export type TaskSelectRow = TaskRow & { group_name: string; zone: string; owner_member_user_id: number | null; owner_member_name: string | null; owner_member_organisation_id: number | null; owner_member_facility_id: number | null };

/**
 * The owner's label of each task: the member's account (display name, username), the member's name,
 * organisation or facility, else the owning account (display name, username).
 */
export async function withOwnerLabels(q: Queryable, rows: TaskSelectRow[]): Promise<(TaskRow & { group_name: string; zone: string; owner_label: string | null })[]> {
  const people = await users.namesOf(q, rows.flatMap((t) => [t.owner_user_id, t.owner_member_user_id]));
  const orgs = await organisations.namesOf(q, rows.map((t) => t.owner_member_organisation_id));
  const places = await facilities.facilityNamesOf(q, rows.map((t) => t.owner_member_facility_id));
  return rows.map(({ owner_member_user_id, owner_member_name, owner_member_organisation_id, owner_member_facility_id, ...t }) => {
    const mu = owner_member_user_id === null ? undefined : people.get(owner_member_user_id);
    const u = t.owner_user_id === null ? undefined : people.get(t.owner_user_id);
    const label = mu?.display_name ?? mu?.username ?? owner_member_name
      ?? (owner_member_organisation_id === null ? undefined : orgs.get(owner_member_organisation_id))
      ?? (owner_member_facility_id === null ? undefined : places.get(owner_member_facility_id)?.name)
      ?? u?.display_name ?? u?.username ?? null;
    return { ...t, owner_label: label };
  });
}

export function taskToApi(row: TaskRow & { group_name: string; zone: string; owner_label: string | null }, now = new Date()) {
  const t = withDays(row);
  return {
    id: t.id, groupId: t.group_id, groupName: t.group_name, meetingId: t.meeting_id, decisionId: t.decision_id, title: t.title,
    ownerUserId: t.owner_user_id, ownerMemberId: t.owner_member_id, ownerLabel: t.owner_label, due: t.due, status: t.status,
    closedOn: t.closed_on, dropReason: t.drop_reason, dueState: dueState(coreTask(t), now, t.zone).state,
  };
}

export async function getMeeting(q: Queryable, user: SessionUser, id: number) {
  const { m, access } = await loadMeeting(q, user, id, 'read');
  const items = (await q.query<{ id: number; position: number; title: string; confidential: boolean; standing: boolean; outcome: string | null; minutes_html: string | null; carried_from_meeting_id: number | null }>(
    'SELECT * FROM agenda_items WHERE meeting_id = $1 ORDER BY position, id', [id])).rows;
  const shown = items.filter((i) => access.confidential || !i.confidential);
  const shownIds = new Set(shown.map((i) => i.id));
  const decisions = (await q.query<{ id: number; item_id: number; text: string; review_at_next_meeting: boolean }>('SELECT * FROM decisions WHERE meeting_id = $1 ORDER BY id', [id])).rows
    .filter((d) => shownIds.has(d.item_id));
  const decisionIds = new Set(decisions.map((d) => d.id));
  const tasks = (await withOwnerLabels(q, (await q.query<TaskSelectRow>(`${TASK_SELECT} WHERE t.meeting_id = $1 ORDER BY t.id`, [id])).rows))
    .filter((t) => t.decision_id === null || decisionIds.has(t.decision_id));
  // Labels: facility, organisation, account display name, the member's name, username, e-mail, '#id'.
  const attendanceRows = (await q.query<{ member_id: number; role: string; status: string | null; user_id: number | null; name: string | null; email: string | null; organisation_id: number | null; facility_id: number | null }>(
    `SELECT gm.id AS member_id, gm.role, at.status, gm.user_id, gm.name, gm.email, gm.organisation_id, gm.facility_id
       FROM group_members gm LEFT JOIN attendance at ON at.member_id = gm.id AND at.meeting_id = $1
      WHERE gm.group_id = $2
      UNION ALL
     SELECT at.member_id, 'member', at.status, NULL, NULL, NULL, NULL, NULL FROM attendance at WHERE at.meeting_id = $1 AND NOT EXISTS (SELECT 1 FROM group_members gm WHERE gm.id = at.member_id AND gm.group_id = $2)
      ORDER BY member_id`,
    [id, m.group_id],
  )).rows;
  const people = await users.namesOf(q, attendanceRows.map((a) => a.user_id));
  const orgs = await organisations.namesOf(q, attendanceRows.map((a) => a.organisation_id));
  const places = await facilities.facilityNamesOf(q, attendanceRows.map((a) => a.facility_id));
  const attendance = attendanceRows.map((a) => {
    const u = a.user_id === null ? undefined : people.get(a.user_id);
    const label = (a.facility_id === null ? undefined : places.get(a.facility_id)?.name) ?? (a.organisation_id === null ? undefined : orgs.get(a.organisation_id))
      ?? u?.display_name ?? a.name ?? u?.username ?? a.email ?? `#${a.member_id}`;
    return { member_id: a.member_id, label, role: a.role, status: a.status };
  });
  const documents = (await q.query<{ id: number; group_id: number; meeting_id: number | null; file_name: string; media_type: string; size_bytes: number; created_at: Date }>(
    'SELECT id, group_id, meeting_id, file_name, media_type, size_bytes, created_at FROM coordination_documents WHERE meeting_id = $1 ORDER BY id', [id])).rows;
  return {
    ...meetingToApi(m),
    minutesHtml: m.minutes_html, finalisedAt: m.finalised_at?.toISOString() ?? null,
    allowedActions: access.write ? allowedActions(m.status) : [], access: { write: access.write, confidential: access.confidential },
    confidentialLeftOut: items.length - shown.length,
    agenda: shown.map((i) => ({ id: i.id, position: i.position, title: i.title, confidential: i.confidential, standing: i.standing, outcome: i.outcome, minutes: i.minutes_html, carriedFromMeetingId: i.carried_from_meeting_id })),
    attendance: attendance.map((a) => ({ memberId: a.member_id, label: a.label, role: a.role, status: a.status })),
    decisions: decisions.map((d) => ({ id: d.id, itemId: d.item_id, text: d.text, reviewAtNextMeeting: d.review_at_next_meeting })),
    tasks: tasks.map((t) => taskToApi(t)),
    documents: documents.map((d) => ({ id: d.id, groupId: d.group_id, meetingId: d.meeting_id, fileName: d.file_name, mediaType: d.media_type, sizeBytes: d.size_bytes, createdAt: d.created_at.toISOString() })),
  };
}

/** hold, start-minutes, cancel, reinstate (finalise has its own route: it checks the minutes). */
export async function changeStatus(q: Queryable, user: SessionUser, id: number, action: MeetingAction, now = new Date()) {
  const { m } = await loadMeeting(q, user, id, 'write');
  const minutes = action === 'finalise' ? await coreMinutes(q, id) : undefined;
  const next = transition(m.status, action, { now, zone: m.zone, startsAt: m.starts_at, minutes });
  await q.query(
    `UPDATE meetings SET status = $2, sequence = sequence + $3, updated_at = now(),
            finalised_at = CASE WHEN $2 = 'finalised' THEN now() ELSE finalised_at END,
            finalised_by = CASE WHEN $2 = 'finalised' THEN $4::int ELSE finalised_by END
      WHERE id = $1 AND status = $5`,
    [id, next, action === 'cancel' || action === 'reinstate' ? 1 : 0, user.id, m.status],
  );
  return getMeeting(q, user, id);
}
