// HTML → PDF with Debian's Chromium via playwright-core (STACK.md: page.pdf takes tens of ms).
// One browser per process, started on the first PDF request (not with the server) and closed again
// after LERNORT_PDF_IDLE_MS without requests (default 60 s): an idle Chromium holds some hundred MB.
// One page at a time, so a burst of PDF requests cannot start a dozen browsers on a small server.
// The page runs without JavaScript and without network: the HTML is complete and escaped by its producer.
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { LernortError } from '../core/errors.ts';
import { idleResource } from './idle-resource.ts';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

let queue: Promise<unknown> = Promise.resolve();

export const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const unavailable = (why: string) => new LernortError(
  'PDF_UNAVAILABLE',
  `PDF-Ausgabe ist auf diesem Server nicht verfügbar (${why}). Die Druckansicht im Browser funktioniert weiterhin.`,
  `PDF output is not available on this server (${why}). The browser's print view still works.`,
  { status: 503 },
);

async function launch(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath())) throw unavailable(`Chromium fehlt / missing: ${chromiumPath()}`);
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    throw unavailable('playwright-core');
  }
  return playwright.chromium.launch({ executablePath: chromiumPath(), args: ARGS });
}

const DEFAULT_IDLE_MS = 60_000;

/** LERNORT_PDF_IDLE_MS: how long an unused browser stays open; a malformed value means the default. */
export function pdfIdleMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.LERNORT_PDF_IDLE_MS);
  return env.LERNORT_PDF_IDLE_MS && Number.isFinite(n) && n >= 0 ? n : DEFAULT_IDLE_MS;
}

const browser = idleResource<Browser>({
  open: launch,
  close: (b) => b.close(),
  idleMs: () => pdfIdleMs(),
  // A browser that crashed or was killed is forgotten; the next request starts a new one.
  onOpen: (b, forget) => b.on('disconnected', forget),
});

/** Whether a browser is running or starting now (diagnostics and tests). */
export const pdfBrowserOpen = () => browser.isOpen;

export interface PdfOptions {
  /** Text in the page footer (left); page numbers are added on the right. */
  footer?: string;
  /** Tagged (accessible) PDF: headings, tables and figures in a structure tree for screen readers. */
  tagged?: boolean;
  /** Document outline (bookmarks) from the headings. */
  outline?: boolean;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function htmlToPdf(html: string, opts: PdfOptions = {}): Promise<Buffer> {
  const run = queue.then(() => browser.use(async (b) => {
    const context = await b.newContext({ javaScriptEnabled: false, offline: true });
    try {
      await context.route(/^(?!data:|about:)/, (route) => route.abort());
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load', timeout: 15_000 });
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        tagged: opts.tagged ?? false,
        outline: opts.outline ?? false,
        margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: `<div style="font-size:8px;width:100%;padding:0 12mm;display:flex;justify-content:space-between;font-family:sans-serif;color:#444"><span>${esc(opts.footer ?? '')}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
      });
    } finally {
      await context.close().catch(() => undefined);
    }
  }));
  queue = run.catch(() => undefined);
  return run;
}

/** Closes the shared browser (server shutdown, tests). */
export function closePdfBrowser(): Promise<void> {
  return browser.close();
}
