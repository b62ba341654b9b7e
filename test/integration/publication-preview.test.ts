// GET /api/publications/preview: what the public atlas would show if an indicator × layer × period
// were published now — the same protected table as after publishing, and nothing written before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, takeOverPublications, testApp, type TestApp } from './helpers.ts';

let t: TestApp;
let analyst: { cookie: string; csrf: string };
let viewer: { cookie: string; csrf: string };
let restorePublications: () => Promise<void>;
let originalK: number;
const K_FOR_TEST = 150; // high enough that Leipzig's Ortsteile have small foreigner counts to hide

const call = (method: 'GET' | 'POST', url: string, who?: { cookie: string; csrf: string }, payload?: unknown) =>
  t.app.inject({ method, url, payload: payload as object, headers: who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {} });

interface PreviewRow { areaCode: string; value: number | null; display: string; suppressed: boolean; reason: string | null }
interface Preview { rows: PreviewRow[]; alreadyPublished: boolean; counts: Record<string, number>; otherChanges: { indicator: string; layer: string; areaCode: string; period: string; change: string }[] }

let period: string;

beforeAll(async () => {
  t = await testApp();
  analyst = await signIn(t, 'analyst');
  viewer = await signIn(t, 'viewer');
  restorePublications = await takeOverPublications(t);
  await t.db.pool.query('DELETE FROM publications');
  originalK = (await t.db.pool.query("SELECT suppression_k FROM indicators WHERE key = 'auslaender'")).rows[0].suppression_k;
  await t.db.pool.query("UPDATE indicators SET suppression_k = $1 WHERE key = 'auslaender'", [K_FOR_TEST]);
  const ind = (await call('GET', '/api/indicators/auslaender', analyst)).json() as { periods: string[] };
  period = ind.periods[ind.periods.length - 1];
});

afterAll(async () => {
  await t.db.pool.query("UPDATE indicators SET suppression_k = $1 WHERE key = 'auslaender'", [originalK]);
  await restorePublications();
  await t?.close();
});

describe('publication preview', () => {
  it('is refused to anonymous callers and to roles without data:write', async () => {
    const url = `/api/publications/preview?indicator=auslaender&layer=ortsteil&period=${period}`;
    expect((await call('GET', url)).statusCode).toBe(401);
    expect((await call('GET', url, viewer)).statusCode).toBe(403);
  });

  it('hides every true count from 1 to k (primary) and writes no publication', async () => {
    const res = await call('GET', `/api/publications/preview?indicator=auslaender&layer=ortsteil&period=${period}`, analyst);
    expect(res.statusCode, res.body).toBe(200);
    const preview = res.json() as Preview;
    expect(preview.alreadyPublished).toBe(false);
    const truth = (await call('GET', `/api/observations?indicator=auslaender&period=${period}&layer=ortsteil`, analyst)).json() as { areaCode: string; value: number | null }[];
    expect(preview.rows).toHaveLength(truth.length);
    const small = truth.filter((r) => r.value !== null && r.value >= 1 && r.value <= K_FOR_TEST).map((r) => r.areaCode).sort();
    expect(small.length).toBeGreaterThan(0);
    expect(preview.rows.filter((r) => r.reason === 'primary').map((r) => r.areaCode).sort()).toEqual(small);
    // Every hidden cell shows "." and no value; every shown cell is outside 1..k.
    for (const r of preview.rows.filter((x) => x.suppressed)) expect([r.display, r.value]).toEqual(['.', null]);
    expect(preview.rows.filter((r) => !r.suppressed && r.value !== null && r.value >= 1 && r.value <= K_FOR_TEST)).toEqual([]);
    expect(preview.counts.suppressed).toBe(preview.counts.primary + preview.counts.secondary + preview.counts.withheld);
    expect(preview.counts.cells).toBe(preview.counts.shown + preview.counts.suppressed + preview.counts.missing);
    // Nothing was published: the public API still does not know the table.
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM publications')).rows[0].n).toBe(0);
    expect((await call('GET', `/api/public/observations?indicator=auslaender&period=${period}&layer=ortsteil`)).statusCode).toBe(404);
  });

  it('hides exactly the cells that the public API hides once published', async () => {
    const preview = (await call('GET', `/api/publications/preview?indicator=auslaender&layer=ortsteil&period=${period}`, analyst)).json() as Preview;
    const published = await call('POST', '/api/publications', analyst, { indicator: 'auslaender', layers: ['ortsteil'], period });
    expect(published.statusCode, published.body).toBe(200);
    const pub = (await call('GET', `/api/public/observations?indicator=auslaender&period=${period}&layer=ortsteil`)).json() as { areaCode: string; display: string; value: number | null }[];
    const hiddenPublic = pub.filter((r) => r.display === '.').map((r) => r.areaCode).sort();
    expect(preview.rows.filter((r) => r.suppressed).map((r) => r.areaCode).sort()).toEqual(hiddenPublic);
    expect(Object.fromEntries(pub.map((r) => [r.areaCode, r.display]))).toEqual(Object.fromEntries(preview.rows.map((r) => [r.areaCode, r.display])));
    const again = (await call('GET', `/api/publications/preview?indicator=auslaender&layer=ortsteil&period=${period}`, analyst)).json() as Preview;
    expect(again.alreadyPublished).toBe(true);
  });

  it('names exactly the cells of already published tables whose display publishing would change', async () => {
    await t.db.pool.query('DELETE FROM publications');
    for (const indicator of ['einwohner', 'deutsche']) expect((await call('POST', '/api/publications', analyst, { indicator })).statusCode).toBe(200);
    const layers = ((await call('GET', '/api/layers', analyst)).json() as { key: string }[]).map((l) => l.key);
    const hiddenNow = async () => {
      const out: string[] = [];
      for (const indicator of ['einwohner', 'deutsche']) {
        for (const layer of layers) {
          const rows = (await call('GET', `/api/public/observations?indicator=${indicator}&period=${period}&layer=${layer}`)).json() as { areaCode: string; display: string }[];
          out.push(...rows.filter((r) => r.display === '.').map((r) => `${indicator}|${layer}|${r.areaCode}`));
        }
      }
      return new Set(out);
    };
    const before = await hiddenNow();
    const preview = (await call('GET', `/api/publications/preview?indicator=auslaender&layer=ortsteil&period=${period}`, analyst)).json() as Preview;
    expect((await call('POST', '/api/publications', analyst, { indicator: 'auslaender', layers: ['ortsteil'], period })).statusCode).toBe(200);
    const after = await hiddenNow();
    const changes = (change: string) => preview.otherChanges.filter((c) => c.change === change).map((c) => `${c.indicator}|${c.layer}|${c.areaCode}`).sort();
    expect(changes('hidden')).toEqual([...after].filter((c) => !before.has(c)).sort());
    // With k = 150 the pattern moves: Germans hidden to protect unpublished foreigners are shown
    // again once the foreigners themselves are published (and hidden).
    const shownAgain = [...before].filter((c) => !after.has(c)).sort();
    expect(shownAgain.length).toBeGreaterThan(0);
    expect(changes('shown')).toEqual(shownAgain);
  }, 300_000);

  it('answers 404 for an unknown indicator or layer and 400 for a malformed period', async () => {
    expect((await call('GET', '/api/publications/preview?indicator=gibtsnicht&layer=ortsteil&period=2019', analyst)).statusCode).toBe(404);
    expect((await call('GET', '/api/publications/preview?indicator=auslaender&layer=gibtsnicht&period=2019', analyst)).statusCode).toBe(404);
    expect((await call('GET', '/api/publications/preview?indicator=auslaender&layer=ortsteil&period=neunzehn', analyst)).statusCode).toBe(400);
  });
});
