// The house rules of ARCHITECTURE.md that code can check: src/core imports nothing of ours outside
// src/core and does no I/O; modules reach other modules through their service, never their repo.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}
const importsOf = (file: string) => [...fs.readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);

describe('architecture', () => {
  it('keeps src/core pure: no imports from db, modules, io, http or Node I/O', () => {
    const offending: string[] = [];
    for (const file of filesUnder(path.join(projectRoot, 'src', 'core'))) {
      for (const spec of importsOf(file)) {
        const resolved = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : spec;
        const outsideCore = spec.startsWith('.') && !resolved.startsWith(path.join(projectRoot, 'src', 'core'));
        if (outsideCore || /^node:(fs|net|http|child_process|worker_threads)/.test(spec) || spec === 'pg') offending.push(`${path.relative(projectRoot, file)} → ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });

  // A table may name another module's table for a foreign key (the schema is one); code never
  // queries another module's tables: it calls that module's service.
  it('lets modules use other modules only through their service (or schema/types; tables only for foreign keys)', () => {
    const offending: string[] = [];
    const modules = path.join(projectRoot, 'src', 'modules');
    for (const file of filesUnder(modules)) {
      const own = path.relative(modules, file).split(path.sep)[0];
      for (const spec of importsOf(file)) {
        const m = /^\.\.\/([a-z]+)\/([a-z-]+)\.ts$/.exec(spec);
        const foreignKey = path.basename(file) === 'tables.ts' && m?.[2] === 'tables';
        if (m && m[1] !== own && !foreignKey && !['service', 'schema', 'permissions'].includes(m[2])) offending.push(`${path.relative(projectRoot, file)} → ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
