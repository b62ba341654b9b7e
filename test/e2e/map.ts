import type { Page } from 'playwright-core';
import { WAIT } from './harness.ts';

/** What the atlas map reports on `window` once it has drawn a selection (see ChoroplethMap.tsx). */
export interface MapReport { ready: boolean; key: string; features: number; colours: number; fills: string[] }

/** Waits until the map reports that it has drawn a selection whose key starts with `prefix`. */
export async function mapDrawn(page: Page, prefix: string, timeout = WAIT): Promise<MapReport> {
  await page.waitForFunction(
    (p) => {
      const w = window as unknown as { __lernortMapReady?: boolean; __lernortMap?: MapReport };
      return Boolean(w.__lernortMapReady && w.__lernortMap?.key.startsWith(p));
    },
    prefix,
    { timeout },
  );
  return page.evaluate(() => (window as unknown as { __lernortMap: MapReport }).__lernortMap);
}
