// Child process of B5: starts Lernort (Leipzig recipe on first start) with the environment's
// DATABASE_URL or LERNORT_DATA_DIR, prints {"url": ...} as one line, stops on SIGTERM.
// Lernort runs in its own process so that the load generator does not share its event loop.
import { startLernort } from '../src/main.ts';

const started = process.hrtime.bigint();
const app = await startLernort({ port: 0, host: '127.0.0.1', initialRecipe: 'leipzig' });
const startMs = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(`${JSON.stringify({ url: app.url, backend: app.db.backend, startMs })}\n`);
const stop = async () => {
  await app.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
