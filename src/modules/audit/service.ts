// The audit log: who changed what, when, with the state before and after. Every write route and
// every import records here; admins read and export it.
import type { Queryable } from '../../db/connection.ts';

export interface AuditActor {
  id?: number | null;
  username?: string;
  name?: string;
}

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

export async function record(q: Queryable, e: AuditEntry): Promise<void> {
  await q.query(
    'INSERT INTO audit_log (user_id, actor, action, entity, entity_id, before, after) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)',
    [e.actor.id ?? null, e.actor.username ?? e.actor.name ?? 'system', e.action, e.entity, e.entityId ?? null, e.before === undefined ? null : JSON.stringify(e.before), e.after === undefined ? null : JSON.stringify(e.after)],
  );
}

export interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
}

export async function list(q: Queryable, f: { entity?: string; actor?: string; limit: number; beforeId?: number }): Promise<AuditRow[]> {
  const r = await q.query<AuditRow>(
    `SELECT id, at, actor, action, entity, entity_id, before, after FROM audit_log
      WHERE ($1::text IS NULL OR entity = $1) AND ($2::text IS NULL OR actor = $2) AND ($4::bigint IS NULL OR id < $4)
      ORDER BY id DESC LIMIT $3`,
    [f.entity ?? null, f.actor ?? null, f.limit, f.beforeId ?? null],
  );
  return r.rows;
}
