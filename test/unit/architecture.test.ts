// The house rules of ARCHITECTURE.md that code can check: src/core imports nothing of ours outside
// src/core and does no I/O; modules reach other modules through their service, never their repo or
// tables, and their SQL names only the module's own tables; no file imports itself in a circle.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}
const importsOf = (file: string) => [...fs.readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
/** Imports that exist at run time (`import type` is erased and cannot make a circle). */
const runtimeImportsOf = (file: string) => [...fs.readFileSync(file, 'utf8').matchAll(/^(?:import|export)(?!\s+type\b)[^'"]*from\s+['"](\.[^'"]+)['"]/gm)].map((m) => m[1]);
const rel = (file: string) => path.relative(projectRoot, file).split(path.sep).join('/');

const modulesDir = path.join(projectRoot, 'src', 'modules');
const moduleOf = (file: string) => path.relative(modulesDir, file).split(path.sep)[0];

/**
 * The tables declared in src/db/schema.ts have no module folder of their own; their owner is named
 * here. A new table there without an owner fails the test below.
 */
const SCHEMA_TABLE_OWNERS: Record<string, string> = {
  layers: 'areas', areas: 'areas', area_members: 'areas',
  indicators: 'indicators',
  observations: 'observations',
  imports: 'imports',
  users: 'users', sessions: 'users', login_attempts: 'users',
  audit_log: 'audit',
  settings: 'system',
};
const tablesIn = (file: string) => [...fs.readFileSync(file, 'utf8').matchAll(/pgTable\(\s*'([a-z_0-9]+)'/g)].map((m) => m[1]);

/** Table → owning module: each module's tables.ts, and src/db/schema.ts by SCHEMA_TABLE_OWNERS. */
function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const table of tablesIn(path.join(projectRoot, 'src', 'db', 'schema.ts'))) owners.set(table, SCHEMA_TABLE_OWNERS[table] ?? '(no owner)');
  for (const mod of fs.readdirSync(modulesDir)) {
    const file = path.join(modulesDir, mod, 'tables.ts');
    if (fs.existsSync(file)) for (const table of tablesIn(file)) owners.set(table, mod);
  }
  return owners;
}

/**
 * SQL naming another module's table, found where the statement names it after a keyword (our SQL
 * keeps keywords in capitals, so prose in comments does not match).
 */
function foreignTableUses(): string[] {
  const owners = tableOwners();
  const names = [...owners.keys()].sort((a, b) => b.length - a.length);
  const sql = new RegExp(`\\b(?:FROM|JOIN|INTO|UPDATE|TABLE|EXISTS|DELETE\\s+FROM)\\s+(${names.join('|')})\\b`, 'g');
  const found = new Set<string>();
  for (const file of filesUnder(modulesDir)) {
    if (path.basename(file) === 'tables.ts') continue;
    const own = moduleOf(file);
    for (const m of fs.readFileSync(file, 'utf8').matchAll(sql)) {
      if (owners.get(m[1]) !== own) found.add(`${rel(file)} → ${m[1]} (${owners.get(m[1])})`);
    }
  }
  return [...found].sort();
}

/**
 * Known crossings that other work of issue 17 removes; the integrator empties this list. Each entry
 * must still occur (a stale entry fails), so the list can only shrink.
 */
const BEING_MOVED: Record<string, string> = {
  // Reads of observations that stay outside the observations module for now.
  'src/modules/indicators/repo.ts → observations (observations)': 'open (issue 17 §3): periods per indicator',
  'src/modules/monitoring/repo.ts → observations (observations)': 'open (issue 17 §3): the read of stored values',
  // Monitoring's stored-value and parent-relation reads join observations with areas in one
  // statement (one query per map answer).
  'src/modules/monitoring/repo.ts → areas (areas)': 'open (issue 17 §3): observation × area joins of the value reads',
  'src/modules/monitoring/repo.ts → layers (areas)': 'open (issue 17 §3): observation × area joins of the value reads',
  'src/modules/monitoring/repo.ts → area_members (areas)': 'open (issue 17 §3): observation × area joins of the value reads',
  'src/modules/system/repo.ts → imports (imports)': 'open (issue 17 §3): the data version becomes a counter bumped by the one write API',
  'src/modules/system/repo.ts → indicators (indicators)': 'open (issue 17 §3): the data version becomes a counter bumped by the one write API',
  'src/modules/system/repo.ts → publications (publication)': 'open (issue 17 §3): the data version becomes a counter bumped by the one write API',
};

/** Circles of files that other work of issue 17 removes (the file lists are sorted). */
const CIRCLES_BEING_MOVED: Record<string, string> = {};

/** Strongly connected components of more than one file (Tarjan). */
function importCircles(files: string[]): string[] {
  const graph = new Map<string, string[]>();
  for (const file of files) graph.set(file, runtimeImportsOf(file).map((spec) => path.resolve(path.dirname(file), spec)).filter((f) => f.startsWith(path.join(projectRoot, 'src'))));
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(rel(w));
      } while (w !== v);
      if (component.length > 1) circles.push(component.sort().join(' '));
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return circles.sort();
}

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
  it('lets modules use other modules only through their service (or schema/types), never their repo.ts or tables.ts (tables only for foreign keys)', () => {
    const offending: string[] = [];
    for (const file of filesUnder(modulesDir)) {
      const own = moduleOf(file);
      const isTables = path.basename(file) === 'tables.ts';
      for (const spec of importsOf(file)) {
        const m = /^\.\.\/([a-z]+)\/([a-z-]+)\.ts$/.exec(spec);
        const foreignKey = isTables && m?.[2] === 'tables';
        if (m && m[1] !== own && !foreignKey && !['service', 'schema', 'permissions'].includes(m[2])) offending.push(`${rel(file)} → ${spec}`);
        // The schema re-exports every module's tables: only for foreign keys, never a way round the rule.
        if (!isTables && /(^|\/)db\/schema\.ts$/.test(spec)) offending.push(`${rel(file)} → ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('knows the owner of every table', () => {
    const owners = tableOwners();
    const modules = new Set([...fs.readdirSync(modulesDir), 'observations']);
    expect([...owners].filter(([, owner]) => !modules.has(owner)).map(([t]) => t)).toEqual([]);
    expect(owners.get('facility_areas')).toBe('facilities');
    expect(owners.get('observations')).toBe('observations');
  });

  it('lets a module\'s SQL name only its own tables (others through their service), apart from the listed moves', () => {
    const uses = foreignTableUses();
    expect(uses.filter((u) => !(u in BEING_MOVED))).toEqual([]);
    // A move that is done leaves the list: the list only shrinks.
    expect(Object.keys(BEING_MOVED).filter((u) => !uses.includes(u))).toEqual([]);
  });

  it('finds SQL on another module\'s table (the check can fail)', () => {
    const owners = tableOwners();
    const names = [...owners.keys()].join('|');
    const sql = new RegExp(`\\b(?:FROM|JOIN)\\s+(${names})\\b`, 'g');
    const sample = 'SELECT a.code FROM budget_last_year l JOIN areas a ON a.id = l.area_id';
    expect([...sample.matchAll(sql)].map((m) => `${m[1]}:${owners.get(m[1])}`)).toEqual(['budget_last_year:budget', 'areas:areas']);
  });

  it('has no import circles between files (imports no longer calls facilities back)', () => {
    const circles = importCircles(filesUnder(path.join(projectRoot, 'src')));
    expect(circles.filter((c) => !(c in CIRCLES_BEING_MOVED))).toEqual([]);
    expect(Object.keys(CIRCLES_BEING_MOVED).filter((c) => !circles.includes(c))).toEqual([]);
  });
});
