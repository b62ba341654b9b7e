// Task lists (mine, a group's, a planning area's) and task changes. A task decided in finalised
// minutes is still worked on: status changes are not edits of the minutes (core/meetings/tasks.ts).
import type { Queryable } from '../../db/connection.ts';
import { changeTaskStatus, compareTasksByDue } from '../../core/meetings/tasks.ts';
import type { SessionUser } from '../users/service.ts';
import { TASK, notFound, readableGroups, requireGroup } from './access.ts';
import { coreTask, TASK_SELECT, taskToApi, withOwnerLabels, type TaskRow, type TaskSelectRow } from './meetings.ts';
import * as areas from '../areas/service.ts';
import { checkTaskRefs } from './minutes.ts';
import type { TaskUpdate } from './schema.ts';

type FullRow = TaskRow & { group_name: string; zone: string; owner_label: string | null };

const sorted = (rows: FullRow[]) => rows.map((r) => ({ r, c: coreTask(r) })).sort((a, b) => compareTasksByDue(a.c, b.c)).map((x) => taskToApi(x.r));

const MINE = `(t.owner_user_id = $2 OR EXISTS (SELECT 1 FROM group_members gm WHERE gm.id = t.owner_member_id AND gm.user_id = $2))`;

export async function listTasks(q: Queryable, user: SessionUser, f: { scope: 'mine' | 'group' | 'area' | 'all'; group?: number; layer?: string; code?: string; open?: '1' | '0' }) {
  const groups = await readableGroups(q, user);
  if (f.scope === 'group' && f.group) await requireGroup(q, user, f.group, 'read');
  const areaLayer = f.scope === 'area' ? (f.layer ?? null) : null;
  const areaIds = areaLayer === null ? null : f.code === undefined ? [] : await areas.idsOfCode(q, areaLayer, f.code);
  const rows = await withOwnerLabels(q, (await q.query<TaskSelectRow>(
    `${TASK_SELECT}
      WHERE t.group_id = ANY($1)
        AND ($3::text <> 'mine' OR ${MINE})
        AND ($4::int IS NULL OR t.group_id = $4)
        AND ($5::int[] IS NULL OR g.area_id = ANY($5::int[]))
        AND ($6::text IS NULL OR ($6 = '1') = (t.status IN ('open', 'in-progress')))`,
    [[...groups.keys()], user.id, f.scope, f.scope === 'group' ? (f.group ?? null) : null, areaIds, f.open ?? null],
  )).rows);
  return sorted(rows);
}

async function loadTask(q: Queryable, id: number): Promise<FullRow> {
  const t = (await withOwnerLabels(q, (await q.query<TaskSelectRow>(`${TASK_SELECT} WHERE t.id = $1`, [id])).rows))[0];
  if (!t) throw notFound(TASK, id);
  return t;
}

async function isOwner(q: Queryable, user: SessionUser, t: TaskRow): Promise<boolean> {
  if (t.owner_user_id === user.id) return true;
  if (!t.owner_member_id) return false;
  return (await q.query('SELECT 1 FROM group_members WHERE id = $1 AND user_id = $2', [t.owner_member_id, user.id])).rowCount === 1;
}

/**
 * Status changes: by the group's editors and by the task's owner. Title, owner and due date: by
 * editors only. Anyone else gets 404.
 */
export async function updateTask(q: Queryable, user: SessionUser, id: number, input: TaskUpdate, now = new Date()) {
  const t = await loadTask(q, id);
  const access = await requireGroup(q, user, t.group_id, 'read', TASK, id).catch(() => null);
  const owner = await isOwner(q, user, t);
  const editsFields = input.title !== undefined || input.due !== undefined || input.ownerUserId !== undefined || input.ownerMemberId !== undefined;
  if (!access?.write && !(owner && !editsFields)) throw notFound(TASK, id);
  let next = coreTask(t);
  if (input.status) next = changeTaskStatus(next, input.status, { now, zone: t.zone, reason: input.reason });
  if (editsFields) await checkTaskRefs(q, t.group_id, t.meeting_id, { ownerUserId: input.ownerUserId, ownerMemberId: input.ownerMemberId });
  const dayText = (d: { year: number; month: number; day: number } | undefined) => (d ? `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}` : null);
  await q.query(
    `UPDATE coordination_tasks SET status = $2, closed_on = $3, drop_reason = $4, title = coalesce($5, title),
            due = CASE WHEN $6 THEN $7::date ELSE due END,
            owner_user_id = CASE WHEN $8 THEN $9::int ELSE owner_user_id END, owner_member_id = CASE WHEN $10 THEN $11::int ELSE owner_member_id END,
            updated_at = now() WHERE id = $1`,
    [id, next.status, dayText(next.closedOn), next.dropReason ?? null, input.title ?? null, input.due !== undefined, input.due ?? null,
      input.ownerUserId !== undefined, input.ownerUserId ?? null, input.ownerMemberId !== undefined, input.ownerMemberId ?? null],
  );
  return taskToApi(await loadTask(q, id), now);
}
