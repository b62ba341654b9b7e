import type { Queryable } from '../../db/connection.ts';

/** A resolved row, written through observations.writeObservations (the one write API). */
export interface ObservationInsert {
  areaId: number;
  indicatorId: number;
  period: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  provisional: boolean;
  estimated: boolean;
  breakInSeries: boolean;
  suppressed: boolean;
  missing: boolean;
  missingSymbol: string | null;
}

export interface ImportRecordInput {
  userId: number | null;
  actor: string;
  kind: string;
  fileName: string;
  fileHash: string;
  recipe: string | null;
  dryRun: boolean;
}

export async function createImportRecord(q: Queryable, r: ImportRecordInput): Promise<number> {
  const res = await q.query<{ id: number }>(
    `INSERT INTO imports (user_id, actor, kind, file_name, file_hash, recipe, status, dry_run)
     VALUES ($1, $2, $3, $4, $5, $6, 'running', $7) RETURNING id`,
    [r.userId, r.actor, r.kind, r.fileName, r.fileHash, r.recipe, r.dryRun],
  );
  return res.rows[0].id;
}

export async function finishImportRecord(
  q: Queryable,
  id: number,
  f: { status: string; rowsRead: number; rowsWritten: number; rowsRejected: number; warnings: unknown[]; errors: unknown[]; report: unknown },
): Promise<void> {
  await q.query(
    `UPDATE imports SET status = $2, finished_at = now(), rows_read = $3, rows_written = $4, rows_rejected = $5,
            warnings = $6::jsonb, errors = $7::jsonb, report = $8::jsonb WHERE id = $1`,
    [id, f.status, f.rowsRead, f.rowsWritten, f.rowsRejected, JSON.stringify(f.warnings), JSON.stringify(f.errors), JSON.stringify(f.report)],
  );
}

export interface ImportRow {
  id: number;
  actor: string;
  kind: string;
  file_name: string;
  file_hash: string;
  recipe: string | null;
  status: string;
  dry_run: boolean;
  started_at: Date;
  finished_at: Date | null;
  rows_read: number;
  rows_written: number;
  rows_rejected: number;
  warnings: unknown[];
  errors: unknown[];
  report: Record<string, unknown>;
}

export async function findImport(q: Queryable, id: number): Promise<ImportRow | undefined> {
  return (await q.query<ImportRow>('SELECT * FROM imports WHERE id = $1', [id])).rows[0];
}

export async function listImports(q: Queryable, limit: number): Promise<ImportRow[]> {
  return (await q.query<ImportRow>(
    `SELECT id, actor, kind, file_name, file_hash, recipe, status, dry_run, started_at, finished_at, rows_read, rows_written,
            rows_rejected, '[]'::jsonb AS warnings, '[]'::jsonb AS errors, '{}'::jsonb AS report
       FROM imports ORDER BY id DESC LIMIT $1`,
    [limit],
  )).rows;
}
