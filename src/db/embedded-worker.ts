// Runs PGlite (PostgreSQL in WASM, with PostGIS) in its own thread and serves it on a unix socket,
// so that the app talks to it with `pg` exactly as to a PostgreSQL server and queries never block
// the HTTP event loop.
import { parentPort, workerData } from 'node:worker_threads';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { keepExchangesTogether } from './pglite-queue.ts';

interface EmbeddedWorkerData {
  dataDir: string;
  socketPath: string;
}

const { dataDir, socketPath } = workerData as EmbeddedWorkerData;

async function main(): Promise<void> {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir, extensions: { postgis } });
  await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
  if (fs.existsSync(socketPath)) fs.unlinkSync(socketPath);
  // Connections beyond maxConnections are refused. 64 covers the server's pool (8), pools of
  // several `lernort …` commands beside it (4 each) and short-lived probes.
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 64 });
  keepExchangesTogether(server);
  await server.start();
  parentPort?.postMessage({ type: 'ready' });
  parentPort?.on('message', async (msg: { type: string }) => {
    if (msg.type === 'stop') {
      await server.stop();
      await db.close();
      parentPort?.postMessage({ type: 'stopped' });
    }
  });
}

main().catch((err: unknown) => {
  parentPort?.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
});
