// Starts the embedded database worker and returns the directory of its unix socket for `pg`.
//
// Only one process may open a PGlite data directory. The opener writes `lernort.lock` (pid and
// role) into the data directory; a server additionally publishes its socket in `lernort.socket`
// once it is ready, so that `lernort …` commands in another shell reach the same database through
// that socket (see embedded-share.ts) instead of failing on the lock.
import { Worker } from 'node:worker_threads';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { LernortError } from '../core/errors.ts';
import { databaseInUse, isAlive, lockFileOf, readLock, socketFileOf, type LockRole } from './embedded-share.ts';

export interface EmbeddedDatabase {
  /** Directory that holds the socket file `.s.PGSQL.5432`; pass as `host` to pg. */
  socketDir: string;
  /** Lets other processes connect through the socket (the server calls this once it is ready). */
  publish(): void;
  stop(): Promise<void>;
}

export async function startEmbeddedDatabase(dataDir: string, opts: { role?: LockRole } = {}): Promise<EmbeddedDatabase> {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = lockFileOf(dataDir);
  const socketFile = socketFileOf(dataDir);
  claimLock(dataDir, opts.role ?? 'command');
  // Unix socket paths are limited to ~107 bytes, so the socket lives in a short temp directory.
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lernort-'));
  const socketPath = path.join(socketDir, '.s.PGSQL.5432');
  const workerUrl = new URL('./embedded-worker-entry.mjs', import.meta.url);
  const worker = new Worker(workerUrl, { workerData: { dataDir, socketPath } });
  try {
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
  } catch (err) {
    await worker.terminate();
    fs.rmSync(socketDir, { recursive: true, force: true });
    releaseLock(lockFile);
    const reason = err instanceof Error ? err.message : String(err);
    throw new LernortError('DATABASE_OPEN_FAILED',
      `Die eingebettete Datenbank in ${dataDir} ließ sich nicht öffnen (${reason}). Enthält das Verzeichnis etwas anderes als eine Lernort-Datenbank, wählen Sie mit LERNORT_DATA_DIR ein anderes (ein leeres wird neu angelegt).`,
      `The embedded database in ${dataDir} could not be opened (${reason}). If the directory holds anything but a Lernort database, choose another one with LERNORT_DATA_DIR (an empty one is created anew).`,
      { status: 503 });
  }
  let stopped = false;
  let published = false;
  return {
    socketDir,
    publish() {
      fs.writeFileSync(socketFile, JSON.stringify({ pid: process.pid, socketDir }));
      published = true;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // Withdraw the socket first so that no new command connects to a closing database.
      if (published) removeIfOurs(socketFile);
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

/** Takes the lock atomically; a stale lock (dead pid) and its published socket are cleared. */
function claimLock(dataDir: string, role: LockRole): void {
  const lockFile = lockFileOf(dataDir);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockFile, `${process.pid}\n${role}\n`, { flag: 'wx' });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readLock(dataDir);
    if (holder && holder.pid !== process.pid && isAlive(holder.pid)) throw databaseInUse(dataDir, holder.pid, holder.role);
    clearStale(dataDir);
  }
  throw databaseInUse(dataDir, readLock(dataDir)?.pid ?? 0, 'command');
}

function clearStale(dataDir: string): void {
  try {
    const { socketDir } = JSON.parse(fs.readFileSync(socketFileOf(dataDir), 'utf8')) as { socketDir?: string };
    if (socketDir && path.basename(socketDir).startsWith('lernort-')) fs.rmSync(socketDir, { recursive: true, force: true });
  } catch {
    /* no stale socket */
  }
  fs.rmSync(socketFileOf(dataDir), { force: true });
  fs.rmSync(lockFileOf(dataDir), { force: true });
}

function removeIfOurs(file: string): void {
  try {
    if ((JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: number }).pid === process.pid) fs.unlinkSync(file);
  } catch {
    /* already gone */
  }
}

function releaseLock(lockFile: string): void {
  try {
    if (Number.parseInt(fs.readFileSync(lockFile, 'utf8'), 10) === process.pid) fs.unlinkSync(lockFile);
  } catch {
    /* already gone */
  }
}
