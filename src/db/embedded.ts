// Starts the embedded database worker and returns the connection string for `pg`.
import { Worker } from 'node:worker_threads';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import crypto from 'node:crypto';

export interface EmbeddedDatabase {
  /** Directory that holds the socket file `.s.PGSQL.5432`; pass as `host` to pg. */
  socketDir: string;
  stop(): Promise<void>;
}

export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  // Unix socket paths are limited to ~107 bytes, so the socket lives in a short temp directory.
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lernort-'));
  const socketPath = path.join(socketDir, '.s.PGSQL.5432');
  const lockFile = path.join(dataDir, 'lernort.lock');
  fs.mkdirSync(dataDir, { recursive: true });
  claimLock(lockFile);
  const workerUrl = new URL('./embedded-worker-entry.mjs', import.meta.url);
  const worker = new Worker(workerUrl, { workerData: { dataDir, socketPath } });
  await new Promise<void>((resolve, reject) => {
    const onMessage = (msg: { type: string; message?: string }) => {
      if (msg.type === 'ready') {
        worker.off('message', onMessage);
        resolve();
      } else if (msg.type === 'error') reject(new Error(`Embedded database failed: ${msg.message}`));
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
  let stopped = false;
  return {
    socketDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5000);
        worker.once('message', () => { clearTimeout(timer); resolve(); });
        worker.postMessage({ type: 'stop' });
      });
      await worker.terminate();
      fs.rmSync(socketDir, { recursive: true, force: true });
      releaseLock(lockFile);
    },
  };
}

// Only one process may open a PGlite data directory; a stale lock (dead pid) is taken over.
function claimLock(lockFile: string): void {
  if (fs.existsSync(lockFile)) {
    const pid = Number(fs.readFileSync(lockFile, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `Die Datenbank ${path.dirname(lockFile)} ist von Prozess ${pid} geöffnet. / ` +
          `The database ${path.dirname(lockFile)} is open in process ${pid}.`,
      );
    }
  }
  fs.writeFileSync(lockFile, String(process.pid));
}

function releaseLock(lockFile: string): void {
  try {
    if (Number(fs.readFileSync(lockFile, 'utf8')) === process.pid) fs.unlinkSync(lockFile);
  } catch {
    /* already gone */
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
