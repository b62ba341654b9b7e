import type { Queryable } from '../../db/connection.ts';

export async function getSetting<T>(q: Queryable, key: string): Promise<T | undefined> {
  const r = await q.query<{ value: T }>('SELECT value FROM settings WHERE key = $1', [key]);
  return r.rows[0]?.value;
}

export async function setSetting(q: Queryable, key: string, value: unknown): Promise<void> {
  await q.query(
    `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2::jsonb, now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [key, JSON.stringify(value)],
  );
}

/**
 * Changes whenever the data behind an answer changes: the indicators' values or metadata (only the
 * given ones, when named), areas (area and recipe imports) or publications. The key of data caches.
 */
export async function dataVersion(q: Queryable, indicatorKeys?: string[]): Promise<string> {
  const r = await q.query<{ v: string }>(
    `SELECT concat_ws('|', (SELECT max(id) FROM imports WHERE status = 'committed' AND kind <> 'observations'),
                      (SELECT count(*) || ':' || coalesce(sum(id), 0) || ':' || coalesce(max(published_at)::text, '') FROM publications),
                      (SELECT count(*) || ':' || max(updated_at) FROM indicators WHERE $1::text[] IS NULL OR key = ANY($1::text[]))) AS v`,
    [indicatorKeys ?? null],
  );
  return r.rows[0].v;
}
