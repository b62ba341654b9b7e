#!/usr/bin/env node
// `npm test`: the whole suite as two vitest runs side by side — unit and e2e (browser) in one,
// the integration projects (both backends) and robustness in the other. Vitest runs one file at a
// time on a 2-core machine (one worker per core minus one), so the browser tests would otherwise
// wait for the database tests. Each run keeps its own order and its own projects' setup.
// With arguments (`npm test -- test/unit/x.test.ts`) it is a single plain `vitest run`.
import { spawn } from 'node:child_process';

const vitest = (args, label) => new Promise((resolve) => {
  const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  const prefix = (stream, out) => {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) out.write(label ? `[${label}] ${line}\n` : `${line}\n`);
    });
    stream.on('end', () => { if (rest) out.write(label ? `[${label}] ${rest}\n` : `${rest}\n`); });
  };
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
});

const extra = process.argv.slice(2);
const codes = extra.length > 0
  ? [await vitest(extra, '')]
  : await Promise.all([
    vitest(['--project', 'unit', '--project', 'e2e'], 'unit+e2e'),
    vitest(['--project', 'integration-embedded', '--project', 'integration-postgres', '--project', 'robustness'], 'integration'),
  ]);
process.exit(codes.some((c) => c !== 0) ? 1 : 0);
