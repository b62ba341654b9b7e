// Starts one database per integration project (embedded PGlite or the PostgreSQL server), migrates
// it and loads the Leipzig recipe once; test files connect to it with `pg` like the app does.
import type { TestProject } from 'vitest/node';
import { openDatabase, migrateDatabase, type Database } from '../../src/db/connection.ts';
import { loadRecipe, runRecipe } from '../../src/modules/recipes/service.ts';
import { sharedDataDir, createScratchDatabase } from './env.ts';
import { wireListeners } from '../../src/listeners.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    backend: 'embedded' | 'postgres';
  }
}

export default async function setup(project: TestProject) {
  const backend = project.name.endsWith('postgres') ? 'postgres' : 'embedded';
  const scratch = await createScratchDatabase(backend, 'it');
  const databaseUrl = scratch.url;
  const db: Database = await openDatabase({ databaseUrl, dataDir: '' });
  wireListeners(); // as the app and the CLI do: facilities follow the recipe's areas
  await migrateDatabase(db);
  const { recipe } = loadRecipe('leipzig');
  const report = await runRecipe(db, recipe, { dataRoot: sharedDataDir(), actor: { userId: null, name: 'test' } });
  if (report.status !== 'committed') throw new Error(`Leipzig recipe failed in test setup: ${JSON.stringify(report.errors.slice(0, 5))}`);
  await db.close();
  project.provide('databaseUrl', databaseUrl);
  project.provide('backend', backend);

  return () => scratch.drop();
}
