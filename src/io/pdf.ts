// HTML → PDF with Debian's Chromium via playwright-core (STACK.md: page.pdf takes tens of ms).
// One browser per process, started on first use; one page at a time, so a burst of PDF requests
// cannot start a dozen browsers on a small server. The page runs without JavaScript and without
// network: the HTML is complete and escaped by its producer.
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { LernortError } from '../core/errors.ts';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

let browser: Promise<Browser> | null = null;
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
  const b = await playwright.chromium.launch({ executablePath: chromiumPath(), args: ARGS });
  b.on('disconnected', () => { browser = null; });
  return b;
}

function getBrowser(): Promise<Browser> {
  if (!browser) {
    browser = launch();
    browser.catch(() => { browser = null; });
  }
  return browser;
}

export interface PdfOptions {
  /** Text in the page footer (left); page numbers are added on the right. */
  footer?: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function htmlToPdf(html: string, opts: PdfOptions = {}): Promise<Buffer> {
  const run = queue.then(async () => {
    const b = await getBrowser();
    const context = await b.newContext({ javaScriptEnabled: false, offline: true });
    try {
      await context.route(/^(?!data:|about:)/, (route) => route.abort());
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load', timeout: 15_000 });
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: `<div style="font-size:8px;width:100%;padding:0 12mm;display:flex;justify-content:space-between;font-family:sans-serif;color:#444"><span>${esc(opts.footer ?? '')}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
      });
    } finally {
      await context.close().catch(() => undefined);
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

/** Closes the shared browser (server shutdown, tests). */
export async function closePdfBrowser(): Promise<void> {
  const b = browser;
  browser = null;
  if (b) await (await b.catch(() => null))?.close().catch(() => undefined);
}
