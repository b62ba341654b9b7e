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

/** Changes whenever data, indicator metadata or publications change: the key of every data cache. */
export async function dataVersion(q: Queryable): Promise<string> {
  const r = await q.query<{ v: string }>(
    `SELECT concat_ws('|', (SELECT max(id) FROM imports WHERE status = 'committed'),
                      (SELECT count(*) || ':' || coalesce(sum(id), 0) || ':' || coalesce(max(published_at)::text, '') FROM publications),
                      (SELECT max(updated_at) FROM indicators)) AS v`,
  );
  return r.rows[0].v;
}
