// The audit log: who changed what, when, with the state before and after. Every write route and
// every import records here; admins read and export it.
import type pg from 'pg';
import type { Database, Queryable } from '../../db/connection.ts';
import { withTransaction } from '../../db/connection.ts';
import type { Actor } from '../../core/actor.ts';
import type { SpineEvents } from '../../core/events.ts';
import * as system from '../system/service.ts';

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

/** What a write sees inside withWrite: the transaction, who acts, and how to record and announce. */
export interface WriteContext {
  q: pg.PoolClient;
  actor: Actor;
  /** An audit row in the same transaction: it commits with the change or not at all. */
  audit(e: Omit<AuditEntry, 'actor'>): Promise<void>;
  /** Announces a change to the listening modules, inside the transaction. */
  emit<E extends keyof SpineEvents>(event: E, payload: SpineEvents[E]): Promise<void>;
}

/**
 * The one unit of work for a change: a transaction, audit rows before and after inside it, events to
 * the listening modules inside it, and after the commit the cached data versions forgotten so the
 * next read sees the change.
 */
export async function withWrite<T>(db: Database, actor: Actor, fn: (w: WriteContext) => Promise<T>): Promise<T> {
  const result = await withTransaction(db, (q) => fn({
    q,
    actor,
    audit: (e) => record(q, { ...e, actor: { id: actor.userId, name: actor.name } }),
    emit: (event, payload) => system.events.emit(q, event, payload),
  }));
  system.forgetDataVersions();
  return result;
}
