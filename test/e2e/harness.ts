// What every browser test needs: the built client, a real server (Leipzig recipe, temporary data
// directory, optional signed-up user) or LERNORT_E2E_URL, Debian chromium and a German page.
//
// On a loaded machine everything takes longer, so tests wait for real conditions (the page's
// ready flags and draw keys, row counts, texts) with one generous limit, WAIT (180 s, or
// LERNORT_E2E_WAIT_MS), and never sleep. The client is built only when web/dist is older than its
// sources; the Leipzig database is loaded once per test run and copied for each file.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';

/** The one limit for every wait in the browser tests. */
// 180 s: the public atlas's first observations took 132 s at a load of 14 on two cores.
export const WAIT = Number(process.env.LERNORT_E2E_WAIT_MS) || 180_000;
/** Options for expect.poll: the same limit (vitest's default is 1 s). */
export const POLL = { timeout: WAIT, interval: 100 } as const;
// A test may wait several times; the start builds, loads data and launches a browser.
vi.setConfig({ testTimeout: 3 * WAIT, hookTimeout: 5 * WAIT });

/**
 * Waits until a ready flag on window is true and, if given, the page's draw report (window[report])
 * has a key that starts / ends as expected: the drawing on screen is the one just asked for, not
 * the previous one whose flag was still set.
 */
export async function pageReady(page: Page, flag: string, report?: { name: string; startsWith?: string; endsWith?: string }): Promise<void> {
  await page.waitForFunction(
    ([f, r]) => {
      const w = window as unknown as Record<string, unknown>;
      if (w[f] !== true) return false;
      if (!r) return true;
      const key = (w[r.name] as { key?: unknown } | undefined)?.key;
      return typeof key === 'string' && key.startsWith(r.startsWith ?? '') && key.endsWith(r.endsWith ?? '');
    },
    [flag, report ?? null] as const,
    { timeout: WAIT },
  );
}

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

/** Newest modification time under dir (files only). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  const st = statSync(dir);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(dir).map((name) => newest(path.join(dir, name))));
}

async function buildClient(): Promise<void> {
  const built = path.join(root, 'web/dist/index.html');
  if (existsSync(built)) {
    if (process.env.LERNORT_E2E_SKIP_BUILD === '1') return;
    const sources = Math.max(newest(path.join(root, 'web/src')), newest(path.join(root, 'web/index.html')), newest(path.join(root, 'web/public')), newest(path.join(root, 'vite.config.ts')));
    if (statSync(built).mtimeMs >= sources) return;
  }
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}

/**
 * A data directory with the Leipzig recipe loaded: the first file of a test run loads it into a
 * template (closed cleanly, so it can be copied), every file gets its own copy. The template is
 * keyed by the vitest process and the newest source file, so a changed recipe or migration loads anew.
 */
async function leipzigDataDir(): Promise<string> {
  const key = `${process.ppid}-${Math.round(newest(path.join(root, 'src')))}`;
  const template = path.join(tmpdir(), `lernort-e2e-template-${key}`);
  for (const name of readdirSync(tmpdir())) {
    if (name.startsWith('lernort-e2e-template-') && name !== path.basename(template) && isStaleTemplate(name)) rmSync(path.join(tmpdir(), name), { recursive: true, force: true });
  }
  if (!existsSync(template)) {
    const building = mkdtempSync(path.join(tmpdir(), 'lernort-e2e-building-'));
    const { openAndMigrate, loadInitialData } = await import('../../src/main.ts');
    const { loadConfig } = await import('../../src/config.ts');
    const config = { ...loadConfig(), dataDir: building, initialRecipe: 'leipzig', databaseUrl: undefined };
    const db = await openAndMigrate(config, { role: 'server' });
    try {
      await loadInitialData(db, config);
    } finally {
      await db.close();
    }
    renameSync(building, template);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lernort-e2e-'));
  cpSync(template, dataDir, { recursive: true });
  return dataDir;
}

/** Left-overs: templates of finished test runs, or of this run's parent built from older sources. */
function isStaleTemplate(name: string): boolean {
  const pid = Number(name.replace('lernort-e2e-template-', '').split('-')[0]);
  if (pid === process.ppid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
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
    const dataDir = await leipzigDataDir();
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
  page.setDefaultTimeout(WAIT);
  page.setDefaultNavigationTimeout(WAIT);
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
