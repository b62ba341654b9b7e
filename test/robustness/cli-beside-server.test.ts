// The README's command-line examples beside a running server on the embedded database: the server
// publishes its PGlite socket, the commands in a second process connect through it. Commands that
// would replace the data under the server refuse with a clear message (exit 2).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';

const sharedData = path.resolve(projectRoot, '..', 'shared', 'data');
const haveLeipzig = fs.existsSync(path.join(sharedData, 'leipzig'));
let dir: string;
let env: Record<string, string>;
let server: ChildProcess;
let serverExit: Promise<number | null>;
let url: string;

function lernort(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'lernort.mjs'), ...args], { env: { ...process.env, ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lernort-beside-'));
  env = { LERNORT_DATA_DIR: path.join(dir, 'db'), LERNORT_RECIPE: haveLeipzig ? 'leipzig' : 'synthetic', LERNORT_SHARED_DATA: sharedData, PORT: '0', HOST: '127.0.0.1' };
  server = spawn(process.execPath, [path.join(projectRoot, 'bin', 'lernort.mjs'), 'serve'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  serverExit = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
  let log = '';
  url = await new Promise<string>((resolve, reject) => {
    server.stdout!.on('data', (c: Buffer) => {
      log += c.toString();
      const m = /running at (http:\/\/\S+)/.exec(log);
      if (m) resolve(m[1]);
    });
    server.stderr!.on('data', (c: Buffer) => { log += c.toString(); });
    void serverExit.then((code) => reject(new Error(`server exited with ${code}: ${log}`)));
  });
}, 600_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await serverExit;
  }
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe.runIf(haveLeipzig)('lernort commands beside a running server (embedded database)', () => {
  it('the server publishes its socket next to the lock', () => {
    const published = JSON.parse(fs.readFileSync(path.join(env.LERNORT_DATA_DIR, 'lernort.socket'), 'utf8')) as { pid: number; socketDir: string };
    expect(published.pid).toBe(server.pid);
    expect(fs.existsSync(path.join(published.socketDir, '.s.PGSQL.5432'))).toBe(true);
  });

  it('user add and user list work from a second process', async () => {
    const add = await lernort(['user', 'add', 'zweite', '--role', 'analyst'], { LERNORT_PASSWORD: 'ein-langes-passwort' });
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('zweite (analyst)');
    const list = await lernort(['user', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')).toContain('zweite\tanalyst');
  }, 240_000);

  const kinderarmut = () => ['import', path.join(sharedData, 'leipzig/raw/messy/kinderarmut.csv'), '--format', 'wide', '--indicator', 'kinderarmut', '--layer', 'ortsteil', '--create-indicators'];
  const confirmed = ['--map', 'Volksmarsdorf=Volkmarsdorf', '--map', 'Grzschocher=Großzschocher'];

  it('the README dry run of the messy kinderarmut file names its two misspelled areas with the --map to confirm (exit 2, nothing written)', async () => {
    const r = await lernort([...kinderarmut(), '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('--map "Volksmarsdorf=Volkmarsdorf" --map "Grzschocher=Großzschocher"');
    expect(r.stdout).toMatch(/geschrieben\/written 0\b/);
  }, 240_000);

  it('with the confirmed mappings the dry run passes, and the real import commits 63 areas × 3 years', async () => {
    const dry = await lernort([...kinderarmut(), ...confirmed, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('dry_run');
    const real = await lernort([...kinderarmut(), ...confirmed]);
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(/committed.*\n.*gelesen\/read 63, geschrieben\/written 189\b/);
    const exported = await lernort(['export', '--indicator', 'kinderarmut', '--layer', 'ortsteil', '--format', 'json']);
    expect(exported.code).toBe(0);
    expect((JSON.parse(exported.stdout) as unknown[]).length).toBe(189);
  }, 240_000);

  it('index run of the MSS template writes one CSV row per Ortsteil (63) and the server still answers', async () => {
    const r = await lernort(['index', 'run', '--definition', 'src/modules/indices/templates/mss.json', '--layer', 'ortsteil', '--period', '2019', '--format', 'csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0].startsWith('code,name,score,rank')).toBe(true);
    expect(lines).toHaveLength(1 + 63);
    const layers = await fetch(`${url}/api/layers`);
    expect(layers.status).toBe(200);
  }, 240_000);

  it('consistency and facilities export read the server\'s data from a second process', async () => {
    const consistency = await lernort(['consistency', '--indicator', 'einwohner', '--period', '2024']);
    expect(consistency.code).toBe(0);
    // Leipzig's published city total 2024 is 632,562; its ten Stadtbezirke sum to 632,560.
    expect(consistency.stdout).toContain('2024\tstadt\t14713000\tLeipzig\t632562\tΣstadtbezirk=632560\tΔ=2');
    const facilities = await lernort(['facilities', 'export', '--format', 'csv']);
    expect(facilities.code).toBe(0);
    expect(facilities.stdout).toContain('Kita Ahlfeldstraße 2');
  }, 240_000);

  it('backup writes a non-empty gzip file that holds the user added beside the server', async () => {
    const file = path.join(dir, 'sicherung.gz');
    const r = await lernort(['backup', file]);
    expect(r.code).toBe(0);
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(gunzipSync(bytes).toString('utf8')).toContain('zweite');
  }, 240_000);

  it('restore beside the server refuses with exit 2 and says to stop the server', async () => {
    const r = await lernort(['restore', path.join(dir, 'sicherung.gz')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('SERVER_RUNNING');
    expect(r.stderr).toContain('Stop the server first');
    expect(r.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
  }, 240_000);

  it('a second server on the same data directory refuses with exit 2 instead of a stack trace', async () => {
    const r = await lernort(['serve']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DATABASE_IN_USE');
  }, 240_000);

  it('stopping the server withdraws the socket and the lock; the next command opens the database itself', async () => {
    server.kill('SIGTERM');
    expect(await serverExit).toBe(0);
    expect(fs.existsSync(path.join(env.LERNORT_DATA_DIR, 'lernort.socket'))).toBe(false);
    expect(fs.existsSync(path.join(env.LERNORT_DATA_DIR, 'lernort.lock'))).toBe(false);
    const list = await lernort(['user', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('zweite');
  }, 240_000);
});
