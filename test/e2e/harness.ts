// What every browser test needs: the built client, a real server (Leipzig recipe, temporary data
// directory, optional signed-up user) or LERNORT_E2E_URL, Debian chromium and a German page.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const outDir = path.join(root, 'test-output', 'e2e');

export interface E2e {
  url: string;
  browser: Browser;
  page: Page;
  /** Uncaught errors in the page; tests assert it stays empty. */
  pageErrors: string[];
  shot(name: string): Promise<Buffer>;
  close(): Promise<void>;
}

async function buildClient(): Promise<void> {
  if (process.env.LERNORT_E2E_SKIP_BUILD === '1' && existsSync(path.join(root, 'web/dist/index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}

/** Builds the client, starts the server (or uses LERNORT_E2E_URL) and opens a page. */
export async function startE2e(opts: {
  user?: { username: string; password: string; role: string };
  /** Runs against the fresh server's database before the browser opens (not with LERNORT_E2E_URL). */
  prepare?: (db: import('../../src/db/connection.ts').Database) => Promise<void>;
} = {}): Promise<E2e> {
  mkdirSync(outDir, { recursive: true });
  await buildClient();
  let url: string;
  let stopServer = async () => {};
  const external = process.env.LERNORT_E2E_URL;
  if (external) url = external.replace(/\/$/, '');
  else {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'lernort-e2e-'));
    const { startLernort } = await import('../../src/main.ts');
    const running = await startLernort({ port: 0, dataDir, initialRecipe: 'leipzig' });
    if (opts.user) {
      const { createUser } = await import('../../src/modules/users/service.ts');
      await createUser(running.db, opts.user);
    }
    await opts.prepare?.(running.db);
    url = running.url.replace(/\/$/, '');
    stopServer = async () => {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'de-DE', timezoneId: 'Europe/Berlin', acceptDownloads: true });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  return {
    url, browser, page, pageErrors,
    shot: (name) => page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true }),
    async close() {
      await browser.close();
      await stopServer();
    },
  };
}
