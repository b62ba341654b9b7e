// The public atlas as an anonymous visitor sees it: only published indicators, values after
// statistical confidentiality ("." for suppressed cells), nothing unpublished reachable.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { outDir, startE2e, type E2e } from './harness.ts';
import { publish } from '../../src/modules/publication/service.ts';

let e2e: E2e;
let page: Page;

describe('public atlas', () => {
  beforeAll(async () => {
    e2e = await startE2e({
      // Publish residents and foreigners; a high threshold for foreigners forces suppressed cells.
      prepare: async (db) => {
        // The recipe publishes all its open data; this test wants a small, known public set.
        await db.pool.query('DELETE FROM publications');
        await db.pool.query("UPDATE indicators SET suppression_k = 150 WHERE key = 'auslaender'");
        for (const indicator of ['einwohner', 'maennlich', 'weiblich', 'deutsche', 'auslaender']) await publish(db.pool, { indicator }, 'e2e');
      },
    });
    page = e2e.page;
  }, 240_000);

  afterAll(async () => e2e?.close());

  it('offers only the published indicators and reads only /api/public', async () => {
    const requests: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/api/')) requests.push(new URL(r.url()).pathname); });
    await page.goto(`${e2e.url}/#/oeffentlich`);
    await expect.poll(() => page.locator('#ctl-indicator option').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const options = await page.locator('#ctl-indicator option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(options.sort()).toEqual(['auslaender', 'deutsche', 'einwohner', 'maennlich', 'weiblich']);
    const dataRequests = requests.filter((p) => /\/api\/(observations|indicators|layers|areas)/.test(p) || p.startsWith('/api/public/'));
    expect(dataRequests.length).toBeGreaterThan(0);
    expect(dataRequests.filter((p) => !p.startsWith('/api/public/'))).toEqual([]);
  });

  it('shows suppressed cells as "." and never a count between 1 and k', async () => {
    await page.selectOption('#ctl-indicator', 'auslaender');
    await page.waitForFunction(() => (window as unknown as { __lernortMapReady?: boolean }).__lernortMapReady === true, undefined, { timeout: 30_000 });
    const res = await page.evaluate(async () => (await fetch('/api/public/observations?indicator=auslaender&period=2000&layer=ortsteil')).json());
    const rows = res as { value: number | null; display: string }[];
    expect(rows.some((r) => r.display === '.')).toBe(true);
    expect(rows.filter((r) => r.value !== null && r.value >= 1 && r.value <= 150)).toEqual([]);
    await page.screenshot({ path: path.join(outDir, 'public-de.png'), fullPage: true });
  });

  it('refuses unpublished indicators to anonymous visitors', async () => {
    const status = await page.evaluate(async () => (await fetch('/api/public/observations?indicator=sgb2_quote&period=2019&layer=ortsteil')).status);
    expect(status).toBe(404);
  });
});
