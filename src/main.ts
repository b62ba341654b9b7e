// Starts Lernort: database (embedded or server), migrations, first-start data, HTTP server.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from './config.ts';
import { openDatabase, migrateDatabase, type Database } from './db/connection.ts';
import type { App } from './http.ts';
import { LernortError } from './core/errors.ts';
import * as system from './modules/system/service.ts';
import { wireListeners } from './listeners.ts';
import { loadRecipe, runRecipe, type RecipeReport } from './modules/recipes/service.ts';
import { generateSyntheticCity } from './modules/recipes/synthetic.ts';
import { startReminders } from './modules/coordination/reminders.ts';

export interface Lernort {
  url: string;
  app: App;
  db: Database;
  config: Config;
  close(): Promise<void>;
}

const systemActor = { userId: null, name: 'system' };

/** The recipe the first start loads: the configured one, or the synthetic city when its data is missing. */
export function initialRecipeFor(config: Pick<Config, 'initialRecipe' | 'sharedDataDir'>): string {
  if (config.initialRecipe === 'none' || config.initialRecipe === 'synthetic') return config.initialRecipe;
  const { recipe } = loadRecipe(config.initialRecipe);
  return fs.existsSync(path.join(config.sharedDataDir, recipe.dataDir)) ? config.initialRecipe : 'synthetic';
}

/** Loads the configured recipe, or the synthetic demo city when the real data is not there. */
export async function loadInitialData(db: Database, config: Config, onProgress?: (label: string, done: number, total: number) => void): Promise<RecipeReport | null> {
  const chosen = initialRecipeFor(config);
  if (chosen === 'none') return null;
  if (chosen !== 'synthetic') {
    return runRecipe(db, loadRecipe(chosen).recipe, { dataRoot: config.sharedDataDir, actor: systemActor, onProgress, expectedBounds: config.expectedRegion });
  }
  const { recipe, dataRoot } = generateSyntheticCity();
  try {
    return await runRecipe(db, recipe, { dataRoot, actor: systemActor, onProgress });
  } finally {
    fs.rmSync(dataRoot, { recursive: true, force: true });
  }
}

/** Opens the database and applies migrations. A command beside a running server uses its database. */
export async function openAndMigrate(config: Config, opts: { role?: 'server' | 'command' } = {}): Promise<Database> {
  // Every command and the server start come through here: the event listeners are wired before any write.
  wireListeners();
  const db = await openDatabase({
    databaseUrl: config.databaseUrl, dataDir: config.dataDir, role: opts.role,
    onWait: (pid) => process.stderr.write(`Warte auf den startenden Server (Prozess ${pid}) … / waiting for the server that is starting (process ${pid}) …\n`),
  });
  try {
    await migrateDatabase(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

export async function startLernort(overrides: Partial<Config> = {}, opts: { logger?: boolean; log?: (msg: string) => void } = {}): Promise<Lernort> {
  const config = { ...loadConfig(), ...overrides };
  const log = opts.log ?? (() => undefined);
  const db = await openAndMigrate(config, { role: 'server' });
  try {
    if (!(await system.getDataset(db.pool))) {
      log(`Erster Start: lade Daten (${initialRecipeFor(config)}) … / first start: loading data …`);
      const report = await loadInitialData(db, config);
      if (report && report.status !== 'committed') {
        const first = report.errors[0];
        throw new LernortError('INITIAL_DATA_FAILED',
          `Startdaten konnten nicht geladen werden (${report.recipe}): ${first ? `${first.file ?? ''}:${first.line ?? ''} ${first.de}` : report.status}`,
          `Initial data could not be loaded (${report.recipe}): ${first ? `${first.file ?? ''}:${first.line ?? ''} ${first.en}` : report.status}`, { status: 422 });
      }
      if (report) log(`Daten geladen / data loaded: ${report.recipe} (${report.steps.length} steps, ${report.warnings.length} warnings)`);
    }
    // The HTTP server is loaded only here: commands that just open the database do not pay for it.
    const { buildApp } = await import('./server.ts');
    const app = await buildApp({ db, config }, { logger: opts.logger });
    // The reminders' job queue (pg-boss in its own schema); LERNORT_REMINDERS=0 turns it off.
    const reminders = process.env.LERNORT_REMINDERS === '0' ? null : await startReminders(db, process.env.LERNORT_TIME_ZONE || undefined);
    const address = await listen(app, config);
    // Only now, with migrations and first data in place, may commands in other shells join in.
    db.publish?.();
    const port = (app.server.address() as { port: number }).port;
    const url = config.host === '0.0.0.0' ? `http://localhost:${port}` : address;
    return {
      url, app, db, config,
      async close() {
        await reminders?.stop();
        await app.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}

/** Listens on the configured port; a port in use or not permitted is a clear message, not a crash. */
async function listen(app: App, config: Config): Promise<string> {
  try {
    return await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw err;
    await app.close().catch(() => undefined);
    const where = `${config.host}:${config.port}`;
    const why = code === 'EADDRINUSE'
      ? { de: `Die Adresse ${where} ist schon belegt (läuft Lernort bereits?)`, en: `The address ${where} is already in use (is Lernort already running?)` }
      : code === 'EACCES'
        ? { de: `Die Adresse ${where} darf dieser Benutzer nicht öffnen (Ports unter 1024 brauchen Rechte)`, en: `This user may not listen on ${where} (ports below 1024 need privileges)` }
        : { de: `Die Adresse ${config.host} gibt es auf diesem Rechner nicht`, en: `The address ${config.host} does not exist on this machine` };
    throw new LernortError('PORT_UNAVAILABLE',
      `${why.de}. Wählen Sie mit PORT=… einen anderen Port (0 = irgendein freier) oder mit HOST=… eine andere Adresse.`,
      `${why.en}. Choose another port with PORT=… (0 = any free port) or another address with HOST=….`, { status: 409 });
  }
}
