import type { Queryable } from '../../db/connection.ts';

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

const CHUNK = 25_000;

/** Upserts observations in chunks through unnest(): one statement per chunk, parameters only. */
export async function upsertObservations(q: Queryable, rows: ObservationInsert[], importId: number, onProgress?: (done: number) => void): Promise<number> {
  let written = 0;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const r = await q.query(
      `INSERT INTO observations (area_id, indicator_id, period, value, numerator, denominator, provisional, estimated,
                                 break_in_series, suppressed, missing, missing_symbol, import_id)
       SELECT *, $13::int FROM unnest($1::int[], $2::int[], $3::text[], $4::float8[], $5::float8[], $6::float8[],
                                      $7::bool[], $8::bool[], $9::bool[], $10::bool[], $11::bool[], $12::text[])
       ON CONFLICT (indicator_id, period, area_id) DO UPDATE SET value = EXCLUDED.value, numerator = EXCLUDED.numerator,
         denominator = EXCLUDED.denominator, provisional = EXCLUDED.provisional, estimated = EXCLUDED.estimated,
         break_in_series = EXCLUDED.break_in_series, suppressed = EXCLUDED.suppressed, missing = EXCLUDED.missing,
         missing_symbol = EXCLUDED.missing_symbol, import_id = EXCLUDED.import_id`,
      [
        chunk.map((r) => r.areaId), chunk.map((r) => r.indicatorId), chunk.map((r) => r.period), chunk.map((r) => r.value),
        chunk.map((r) => r.numerator), chunk.map((r) => r.denominator), chunk.map((r) => r.provisional), chunk.map((r) => r.estimated),
        chunk.map((r) => r.breakInSeries), chunk.map((r) => r.suppressed), chunk.map((r) => r.missing), chunk.map((r) => r.missingSymbol),
        importId,
      ],
    );
    written += r.rowCount ?? chunk.length;
    onProgress?.(written);
  }
  return written;
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
