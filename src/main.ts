// Starts Lernort: database (embedded or server), migrations, first-start data, HTTP server.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from './config.ts';
import { openDatabase, migrateDatabase, type Database } from './db/connection.ts';
import { buildApp } from './server.ts';
import type { App } from './http.ts';
import * as system from './modules/system/service.ts';
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
    return runRecipe(db, loadRecipe(chosen).recipe, { dataRoot: config.sharedDataDir, actor: systemActor, onProgress });
  }
  const { recipe, dataRoot } = generateSyntheticCity();
  try {
    return await runRecipe(db, recipe, { dataRoot, actor: systemActor, onProgress });
  } finally {
    fs.rmSync(dataRoot, { recursive: true, force: true });
  }
}

export async function openAndMigrate(config: Config): Promise<Database> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
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
  const db = await openAndMigrate(config);
  try {
    if (!(await system.getDataset(db.pool))) {
      log(`Erster Start: lade Daten (${initialRecipeFor(config)}) … / first start: loading data …`);
      const report = await loadInitialData(db, config);
      if (report && report.status !== 'committed') {
        const first = report.errors[0];
        throw new Error(`Initial data could not be loaded / Startdaten konnten nicht geladen werden: ${first ? `${first.file ?? ''}:${first.line ?? ''} ${first.en}` : report.status}`);
      }
      if (report) log(`Daten geladen / data loaded: ${report.recipe} (${report.steps.length} steps, ${report.warnings.length} warnings)`);
    }
    const app = await buildApp({ db, config }, { logger: opts.logger });
    // The reminders' job queue (pg-boss in its own schema); LERNORT_REMINDERS=0 turns it off.
    const reminders = process.env.LERNORT_REMINDERS === '0' ? null : await startReminders(db, process.env.LERNORT_TIME_ZONE || undefined);
    const address = await app.listen({ port: config.port, host: config.host });
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
