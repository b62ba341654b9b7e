// Sharing one embedded database between the server and `lernort …` commands in other shells.
// The process that opened the data directory holds `lernort.lock` ("pid\nrole"); a server that is
// ready publishes its PGlite socket in `lernort.socket` ({pid, socketDir}) and withdraws it on stop.
// A command that finds the lock held by a live server connects through that socket with `pg`,
// exactly as to DATABASE_URL; PGlite's socket server serialises the queries of all connections.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { LernortError } from '../core/errors.ts';

export type LockRole = 'server' | 'command';

export const lockFileOf = (dataDir: string) => path.join(dataDir, 'lernort.lock');
export const socketFileOf = (dataDir: string) => path.join(dataDir, 'lernort.socket');

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The current holder of the lock, or null when there is none (older lock files hold only a pid). */
export function readLock(dataDir: string): { pid: number; role: LockRole } | null {
  let text: string;
  try {
    text = fs.readFileSync(lockFileOf(dataDir), 'utf8');
  } catch {
    return null;
  }
  const [pidLine, roleLine] = text.split('\n');
  const pid = Number.parseInt(pidLine, 10);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return { pid, role: roleLine?.trim() === 'server' ? 'server' : 'command' };
}

function readPublished(dataDir: string): { pid: number; socketDir: string } | null {
  try {
    const v = JSON.parse(fs.readFileSync(socketFileOf(dataDir), 'utf8')) as { pid?: unknown; socketDir?: unknown };
    return typeof v.pid === 'number' && typeof v.socketDir === 'string' ? { pid: v.pid, socketDir: v.socketDir } : null;
  } catch {
    return null;
  }
}

function canConnect(socketPath: string, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export interface RunningServer {
  pid: number;
  /** Directory of the socket `.s.PGSQL.5432`: the `host` for pg. */
  socketDir: string;
}

/**
 * The server that holds the data directory and publishes its socket, or null when the directory is
 * free (the caller opens it itself). A server that is still starting (migrations, first data load)
 * publishes only when ready, so this waits for it up to `waitMs`. Throws DATABASE_IN_USE when the
 * holder is another command or the server's socket cannot be reached.
 */
export async function findRunningServer(dataDir: string, opts: { waitMs?: number; onWait?: (pid: number) => void } = {}): Promise<RunningServer | null> {
  const deadline = Date.now() + (opts.waitMs ?? 120_000);
  let waited = false;
  for (;;) {
    const holder = readLock(dataDir);
    if (!holder || holder.pid === process.pid || !isAlive(holder.pid)) return null;
    if (holder.role !== 'server') throw databaseInUse(dataDir, holder.pid, 'command');
    const published = readPublished(dataDir);
    if (published && published.pid === holder.pid && (await canConnect(path.join(published.socketDir, '.s.PGSQL.5432')))) {
      return { pid: holder.pid, socketDir: published.socketDir };
    }
    if (Date.now() > deadline) throw databaseInUse(dataDir, holder.pid, 'unreachable');
    if (!waited) opts.onWait?.(holder.pid);
    waited = true;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The data directory is held by another live process and cannot be shared (exit 2 in the CLI). */
export function databaseInUse(dataDir: string, pid: number, why: LockRole | 'unreachable'): LernortError {
  const text = {
    server: {
      de: `wird bereits von einem Lernort-Server (Prozess ${pid}) benutzt. Beenden Sie diesen Server zuerst`,
      en: `is already used by a Lernort server (process ${pid}). Stop that server first`,
    },
    command: {
      de: `wird gerade von einem anderen lernort-Befehl (Prozess ${pid}) benutzt. Warten Sie, bis er fertig ist`,
      en: `is in use by another lernort command (process ${pid}). Wait until it has finished`,
    },
    unreachable: {
      de: `wird vom Lernort-Server (Prozess ${pid}) gehalten, aber dessen Datenbank-Socket ist nicht erreichbar. Beenden Sie den Server`,
      en: `is held by the Lernort server (process ${pid}), but its database socket cannot be reached. Stop the server`,
    },
  }[why];
  return new LernortError(
    'DATABASE_IN_USE',
    `Die eingebettete Datenbank ${dataDir} ${text.de}, oder setzen Sie DATABASE_URL auf einen PostgreSQL-Server.`,
    `The embedded database ${dataDir} ${text.en}, or set DATABASE_URL to a PostgreSQL server.`,
    { status: 409 },
  );
}
