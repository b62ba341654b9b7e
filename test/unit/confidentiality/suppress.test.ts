import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { determinedUnknowns } from '../../../src/core/confidentiality/linear.ts';
import { primarySuppression, protectTable, recoverableCells as recoverableAll, type Cell, type Relation } from '../../../src/core/confidentiality/suppress.ts';

/** The small counts (primary cells) that an adversary could recover. */
const recoverableCells = (cells: Cell[], rels: Relation[], hidden: Set<string>, protect?: Set<string>) =>
  recoverableAll(cells, rels, hidden, protect ?? new Set(primarySuppression(cells).keys()));

const cell = (id: string, value: number | null, k = 2): Cell => ({ id, value, isCount: true, k });

describe('linear recoverability', () => {
  it('finds the one unknown of a single sum', () => {
    // x0 = known constant: the row is just x0
    expect(determinedUnknowns([new Map([[0, 1]])], 1)).toEqual([0]);
  });

  it('does not determine two unknowns that only appear as their sum', () => {
    expect(determinedUnknowns([new Map([[0, 1], [1, 1]])], 2)).toEqual([]);
  });

  it('determines unknowns that a row and a column of a 2×2 table pin down together', () => {
    // a + b = r1, a + c = c1, c + d = r2, b + d = c2 with a, b, c known … here all four unknown: rank 3 < 4
    const rows = [new Map([[0, 1], [1, 1]]), new Map([[2, 1], [3, 1]]), new Map([[0, 1], [2, 1]]), new Map([[1, 1], [3, 1]])];
    expect(determinedUnknowns(rows, 4)).toEqual([]);
    // with d known (3 unknowns) every one follows
    const rows3 = [new Map([[0, 1], [1, 1]]), new Map([[2, 1]]), new Map([[0, 1], [2, 1]]), new Map([[1, 1]])];
    expect(determinedUnknowns(rows3, 3).sort()).toEqual([0, 1, 2]);
  });
});

describe('primary suppression', () => {
  it('hides counts 1..k and shows 0 and k+1', () => {
    const s = primarySuppression([cell('a', 0), cell('b', 1), cell('c', 2), cell('d', 3), cell('e', 5, 5), cell('f', null)]);
    expect([...s.keys()].sort()).toEqual(['b', 'c', 'e']);
  });

  it('never suppresses shares or means as primary cells', () => {
    expect(primarySuppression([{ id: 's', value: 1.5, isCount: false, k: 2 }]).size).toBe(0);
  });
});

describe('secondary suppression', () => {
  it('hides a second child when a parent has exactly one hidden child', () => {
    const cells = [cell('T', 30), cell('a', 2), cell('b', 10), cell('c', 18)];
    const rel: Relation[] = [{ total: 'T', parts: ['a', 'b', 'c'] }];
    const r = protectTable(cells, rel);
    expect(r.suppressed.get('a')).toBe('primary');
    expect(r.suppressed.get('b')).toBe('secondary'); // the smallest other count
    expect(recoverableCells(cells, rel, new Set(r.suppressed.keys()))).toEqual([]);
  });

  it('follows the hierarchy down: a hidden borough is protected against the sum of its districts', () => {
    // city = B1 + B2; B1 = d1 + d2; B2 = d3 + d4. d1 is small.
    const cells = [cell('city', 100), cell('B1', 40), cell('B2', 60), cell('d1', 1), cell('d2', 39), cell('d3', 20), cell('d4', 40)];
    const rels: Relation[] = [{ total: 'city', parts: ['B1', 'B2'] }, { total: 'B1', parts: ['d1', 'd2'] }, { total: 'B2', parts: ['d3', 'd4'] }];
    const r = protectTable(cells, rels);
    expect(recoverableCells(cells, rels, new Set(r.suppressed.keys()))).toEqual([]);
    expect(r.suppressed.has('d1')).toBe(true);
  });

  it('protects across categories and totals at once (men + women = residents, per area)', () => {
    const cells = [
      cell('E:T', 50), cell('M:T', 24), cell('W:T', 26),
      cell('E:a', 3), cell('M:a', 1), cell('W:a', 2),
      cell('E:b', 47), cell('M:b', 23), cell('W:b', 24),
    ];
    const rels: Relation[] = [
      { total: 'E:T', parts: ['E:a', 'E:b'] }, { total: 'M:T', parts: ['M:a', 'M:b'] }, { total: 'W:T', parts: ['W:a', 'W:b'] },
      { total: 'E:T', parts: ['M:T', 'W:T'] }, { total: 'E:a', parts: ['M:a', 'W:a'] }, { total: 'E:b', parts: ['M:b', 'W:b'] },
    ];
    const r = protectTable(cells, rels);
    expect(recoverableCells(cells, rels, new Set(r.suppressed.keys()))).toEqual([]);
  });

  it('leaves no suppressed cell recoverable on random hierarchical tables', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 4, maxLength: 12 }), (leaves) => {
        const half = Math.ceil(leaves.length / 2);
        const cells = leaves.map((v, i) => cell(`l${i}`, v));
        const g1 = cells.slice(0, half);
        const g2 = cells.slice(half);
        const s1 = g1.reduce((s, c) => s + c.value!, 0);
        const s2 = g2.reduce((s, c) => s + c.value!, 0);
        cells.push(cell('g1', s1), cell('g2', s2), cell('t', s1 + s2));
        const rels: Relation[] = [
          { total: 'g1', parts: g1.map((c) => c.id) },
          { total: 'g2', parts: g2.map((c) => c.id) },
          { total: 't', parts: ['g1', 'g2'] },
        ];
        const r = protectTable(cells, rels);
        for (const c of cells) if (c.value !== null && c.value >= 1 && c.value <= 2) expect(r.suppressed.has(c.id)).toBe(true);
        expect(recoverableCells(cells, rels, new Set(r.suppressed.keys()))).toEqual([]);
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});

describe('unpublished cells', () => {
  it('protects a small unpublished count that published counts would reveal by subtraction', () => {
    // residents = men + women; women are not published, but women in area a = 5 − 3 = 2 would leak.
    const cells = [cell('E:a', 5), cell('M:a', 3), cell('W:a', 2), cell('E:b', 40), cell('M:b', 20), cell('W:b', 20), cell('E:T', 45), cell('M:T', 23), cell('W:T', 22)];
    const rels: Relation[] = [
      { total: 'E:a', parts: ['M:a', 'W:a'] }, { total: 'E:b', parts: ['M:b', 'W:b'] }, { total: 'E:T', parts: ['M:T', 'W:T'] },
      { total: 'E:T', parts: ['E:a', 'E:b'] }, { total: 'M:T', parts: ['M:a', 'M:b'] }, { total: 'W:T', parts: ['W:a', 'W:b'] },
    ];
    const r = protectTable(cells, rels, ['W:a', 'W:b', 'W:T']);
    expect(r.suppressed.get('W:a')).toBe('primary');
    expect(recoverableCells(cells, rels, new Set(r.suppressed.keys()), new Set(['W:a']))).toEqual([]);
    expect(r.suppressed.has('M:a') || r.suppressed.has('E:a')).toBe(true);
  });
});
