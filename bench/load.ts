// Robustness under load (issue: users, roles, audit … §7): 100 connections with mixed reads and
// writes for LOAD_DURATION seconds (default 120) against Lernort on PostgreSQL. Every write is a
// one-row import with its own period; afterwards the stored rows must equal the acknowledged
// writes (no lost write) and no request may have answered 5xx.
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import path from 'node:path';
import { projectRoot } from '../src/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import { createUser } from '../src/modules/users/service.ts';
import { createBenchDb, dropBenchDb, log, printTable, seededRandom, stopChild, type BenchResult } from './lib.ts';

const CONNECTIONS = 100;

export async function runLoad(): Promise<BenchResult> {
  const duration = Number(process.env.LOAD_DURATION ?? 120) * 1000;
  const db = await createBenchDb('load');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'bench', 'b5-server.ts')], {
    cwd: projectRoot, env: { ...process.env, DATABASE_URL: db.url }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const { url } = await new Promise<{ url: string }>((resolve, reject) => {
      const rl = readline.createInterface({ input: child.stdout! });
      rl.once('line', (l) => resolve(JSON.parse(l)));
      child.once('exit', (c) => reject(new Error(`server exited ${c}`)));
    });
    const admin = await openDatabase({ databaseUrl: db.url, dataDir: '' });
    await createUser(admin, { username: 'load', password: 'load test password', role: 'analyst' });
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'load', password: 'load test password' }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    await fetch(`${url}/api/indicators/load_test`, { method: 'PUT', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Lasttest', nameEn: 'Load test', kind: 'count' }) });

    const rnd = seededRandom(7);
    const reads = ['/api/observations?indicator=einwohner&period=2024&layer=ortsteil', '/api/observations?indicator=auslaender&period=2020&layer=planungsraum', '/api/areas/ortsteil/62/series?indicator=einwohner', '/api/layers', '/api/indicators'];
    const status = new Map<string, number>();
    let acknowledged = 0;
    let writeSeq = 0;
    const latencies: number[] = [];
    const end = Date.now() + duration;
    const worker = async () => {
      while (Date.now() < end) {
        const write = rnd() < 0.2;
        const t0 = performance.now();
        let code: number;
        try {
          if (write) {
            const period = String(10_000 + writeSeq++).padStart(5, '0').slice(-4) + `-${String(Math.floor(writeSeq / 10_000) + 1).padStart(2, '0')}`;
            const form = new FormData();
            form.set('layer', 'ortsteil');
            form.set('file', new Blob([`gebiet;indikator;jahr;wert\n62;load_test;${period};1\n`]), 'load.csv');
            const res = await fetch(`${url}/api/imports`, { method: 'POST', body: form, headers: { cookie, 'x-csrf-token': csrfToken } });
            code = res.status;
            await res.arrayBuffer();
            if (code === 200) acknowledged++;
          } else {
            const res = await fetch(url + reads[Math.floor(rnd() * reads.length)]);
            code = res.status;
            await res.arrayBuffer();
          }
        } catch {
          code = 0; // connection error
        }
        latencies.push(performance.now() - t0);
        const key = `${write ? 'write' : 'read'} ${code}`;
        status.set(key, (status.get(key) ?? 0) + 1);
      }
    };
    log(`load: ${CONNECTIONS} connections for ${duration / 1000} s against ${url}`);
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
    const stored = (await admin.pool.query("SELECT count(*)::int n FROM observations o JOIN indicators i ON i.id = o.indicator_id WHERE i.key = 'load_test'")).rows[0].n as number;
    await admin.close();
    latencies.sort((a, b) => a - b);
    const total = latencies.length;
    const fivexx = [...status].filter(([k]) => / 5\d\d$| 0$/.test(k)).reduce((s, [, n]) => s + n, 0);
    printTable([...status].map(([k, n]) => ({ outcome: k, requests: n })), 'load test outcomes');
    const row = {
      benchmark: `load: ${CONNECTIONS} conns, ${duration / 1000} s, 20 % writes (PostgreSQL)`,
      lernort: `${total} requests, p50 ${latencies[Math.floor(total * 0.5)].toFixed(0)} ms, p99 ${latencies[Math.floor(total * 0.99)].toFixed(0)} ms; 5xx/errors ${fivexx}; writes acknowledged ${acknowledged}, stored ${stored}`,
      peer: 'acknowledged writes',
      ratio: acknowledged === 0 ? 0 : stored / acknowledged,
      goal: 'no 5xx, stored = acknowledged',
      met: fivexx === 0 && stored === acknowledged,
    };
    return { summary: [row], details: { status: Object.fromEntries(status), acknowledged, stored } } as unknown as BenchResult;
  } finally {
    await stopChild(child);
    await dropBenchDb(db.name);
  }
}

export const main = runLoad;
