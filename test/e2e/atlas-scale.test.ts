import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { POLL, WAIT, startE2e, type E2e } from './harness.ts';
import { mapDrawn } from './map.ts';
import { seedRaster } from '../../bench/b6-map.ts';

// The atlas at scale and its orientation aids (issue 19, points 9 and 11): the Leipzig recipe plus
// the B6 layer of 10,990 generated polygons (bench/b6-map.ts, same seed), the built client, chromium.

let e2e: E2e;
let page: Page;
const areaRequests: string[] = [];

describe('atlas at scale, labels, search and PNG export', () => {
  beforeAll(async () => {
    e2e = await startE2e({ prepare: (db) => seedRaster({ db }) });
    page = e2e.page;
    page.on('request', (r) => { if (r.url().includes('/api/areas?')) areaRequests.push(r.url()); });
  });
  afterAll(async () => e2e?.close());

  it('fetches the Ortsteile once and labels the map with area names', async () => {
    await page.goto(`${e2e.url}/#/?indicator=einwohner&layer=ortsteil&period=2024`);
    const report = await mapDrawn(page, 'einwohner|ortsteil|2024|', WAIT);
    expect(report.features).toBe(63);
    expect(report.colours).toBeGreaterThan(3);
    const ortsteil = areaRequests.filter((u) => u.includes('layer=ortsteil'));
    expect(ortsteil, ortsteil.join(' ')).toHaveLength(1);
    expect(ortsteil[0]).toContain('simplify=auto');
    // Names of the largest Ortsteile are on the map (HTML labels over the canvas).
    await expect.poll(() => page.locator('.map-label').count(), POLL).toBeGreaterThan(5);
    const names = await page.locator('.map-label').allTextContents();
    expect(names.some((n) => /Zentrum|Mölkau|Lindenthal|Grünau|Seehausen|Holzhausen/.test(n))).toBe(true);
    await e2e.shot('atlas-scale-labels-1440');
  });

  it('finds an area by name from the keyboard and selects it', async () => {
    const box = page.getByTestId('area-search');
    await box.focus();
    await page.keyboard.type('Connewitz');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash), POLL).toMatch(/areas?=\d+/);
    // The selected row is the one named Connewitz.
    await expect.poll(() => page.locator('.area-table tr[aria-selected=true], .area-table tr.selected').first().textContent(), POLL).toContain('Connewitz');
  });

  it('exports the map as a PNG with its legend', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), page.getByTestId('map-png').click()]);
    expect(download.suggestedFilename()).toMatch(/^lernort-einwohner-ortsteil-2024\.png$/);
    const file = await download.path();
    const png = readFileSync(file);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    const width = png.readUInt32BE(16);
    const mapWidth = await page.evaluate(() => window.__lernortMapInstance!.getCanvas().clientWidth);
    // Map plus a legend column to its right.
    expect(width).toBeGreaterThan(mapWidth + 200);
    // The legend's first class colour is in the image: decode a pixel row via the page's canvas.
    const hasLegendColour = await page.evaluate(async (bytes) => {
      const blob = new Blob([new Uint8Array(bytes)], { type: 'image/png' });
      const bmp = await createImageBitmap(blob);
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const g = c.getContext('2d')!;
      g.drawImage(bmp, 0, 0);
      const swatch = document.querySelector<HTMLElement>('#atlas-legend .swatch');
      const probe = new OffscreenCanvas(1, 1).getContext('2d')!;
      probe.fillStyle = swatch!.style.background;
      probe.fillRect(0, 0, 1, 1);
      const [r, gg, b] = probe.getImageData(0, 0, 1, 1).data;
      const mapW = window.__lernortMapInstance!.getCanvas().clientWidth;
      const ratio = bmp.width / (mapW + 280 + 24);
      const legend = g.getImageData(Math.round((mapW + 24) * ratio), 0, Math.round(30 * ratio), bmp.height).data;
      for (let i = 0; i < legend.length; i += 4) if (legend[i] === r && legend[i + 1] === gg && legend[i + 2] === b) return true;
      return false;
    }, [...png]);
    expect(hasLegendColour).toBe(true);
  });

  it('draws the city outline on request', async () => {
    await page.getByTestId('city-outline').check();
    await expect.poll(() => page.evaluate(() => window.__lernortMapInstance!.queryRenderedFeatures({ layers: ['city-outline'] }).length), POLL).toBeGreaterThan(0);
  });

  it('reports map-ready for 10,990 polygons, many too small to draw at city zoom, fetched once', async () => {
    await page.goto(`${e2e.url}/#/?indicator=b6_wert&layer=b6_raster&period=2024&method=quantile`);
    const report = await mapDrawn(page, 'b6_wert|b6_raster|2024|', WAIT);
    expect(report.features).toBe(10_990);
    // Five quantile classes, plus the grey of areas without a shown value.
    expect(report.colours).toBeGreaterThanOrEqual(5);
    expect(areaRequests.filter((u) => u.includes('layer=b6_raster'))).toHaveLength(1);
    await e2e.shot('atlas-scale-raster-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${e2e.url}/#/?indicator=einwohner&layer=ortsteil&period=2024`);
    await mapDrawn(page, 'einwohner|ortsteil|2024|', WAIT);
    await e2e.shot('atlas-scale-390');
    expect(e2e.pageErrors).toEqual([]);
  });
});
