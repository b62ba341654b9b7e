// Statistical confidentiality for public tables (METHODS.md §5).
// Primary suppression hides counts 1..k (0 is shown). Secondary suppression hides further cells until
// no suppressed cell can be recovered by any linear combination of the published relations
// (area ↔ parent ↔ planning area, categories ↔ totals) — checked exactly, not by a rule of thumb.
import { determinedUnknowns } from './linear.ts';

export const SUPPRESSION_RULE_VERSION = 'lernort-sdc-1 (primary 1..k, secondary by linear recoverability)';

export interface Cell {
  id: string;
  value: number | null;
  /** Counts are protected; other kinds (shares, means) are not cells of the additive table. */
  isCount: boolean;
  /** Primary suppression threshold: counts 1..k are hidden. */
  k: number;
}

/** total = Σ parts (+ an offset the adversary is assumed to know, e.g. unassigned residents). */
export interface Relation {
  total: string;
  parts: string[];
}

/** 'unpublished': not in the public table at all; the adversary does not see it either. */
export type SuppressionReason = 'primary' | 'secondary' | 'unpublished';

export interface SuppressionResult {
  suppressed: Map<string, SuppressionReason>;
  /** Iterations of the secondary loop (for the record). */
  rounds: number;
}

export function primarySuppression(cells: Cell[]): Map<string, SuppressionReason> {
  const out = new Map<string, SuppressionReason>();
  for (const c of cells) if (c.isCount && c.value !== null && c.value >= 1 && c.value <= c.k) out.set(c.id, 'primary');
  return out;
}

/**
 * Cells among `suppressed` (or among `protect`, when given) that follow from the visible cells and
 * the relations. Relations that involve a cell without a value (missing) are unusable and skipped.
 */
export function recoverableCells(cells: Cell[], relations: Relation[], suppressed: Set<string>, protect?: Set<string>): string[] {
  const byId = new Map(cells.map((c) => [c.id, c]));
  const unknowns = [...suppressed].filter((id) => byId.has(id));
  const index = new Map(unknowns.map((id, i) => [id, i]));
  const rows: Map<number, number>[] = [];
  for (const rel of relations) {
    const all = [rel.total, ...rel.parts];
    if (all.some((id) => !byId.has(id) || byId.get(id)!.value === null)) continue;
    const row = new Map<number, number>();
    const add = (id: string, coef: number) => {
      const i = index.get(id);
      if (i !== undefined) row.set(i, (row.get(i) ?? 0) + coef);
    };
    add(rel.total, 1);
    for (const p of rel.parts) add(p, -1);
    rows.push(row);
  }
  const found = determinedUnknowns(rows, unknowns.length).map((i) => unknowns[i]);
  return protect ? found.filter((id) => protect.has(id)) : found;
}

/**
 * Adds complementary suppressions until nothing suppressed is recoverable. Each round protects one
 * recoverable cell by hiding the smallest published positive count that shares a relation with it
 * (small cells cost the least information).
 */
export function secondarySuppression(cells: Cell[], relations: Relation[], primary: Map<string, SuppressionReason>): SuppressionResult {
  const suppressed = new Map(primary);
  // Only small counts must stay unrecoverable; an unpublished large count may well be derivable.
  const protect = new Set([...primary].filter(([, why]) => why === 'primary').map(([id]) => id));
  const byId = new Map(cells.map((c) => [c.id, c]));
  const relationsOf = new Map<string, Relation[]>();
  for (const r of relations) for (const id of [r.total, ...r.parts]) relationsOf.set(id, [...(relationsOf.get(id) ?? []), r]);
  let rounds = 0;
  for (;;) {
    const exposed = recoverableCells(cells, relations, new Set(suppressed.keys()), protect);
    if (exposed.length === 0) return { suppressed, rounds };
    rounds++;
    let progressed = false;
    // Leak channels: the exposed small counts first, then every other hidden cell that is itself
    // recoverable (a hidden total that follows from a category relation pins its parts down).
    const channels = [...exposed, ...recoverableCells(cells, relations, new Set(suppressed.keys())).filter((id) => !exposed.includes(id))];
    for (const id of channels) {
      // Prefer the relation that gives the cell away most directly (fewest hidden cells).
      const rels = relationsOf.get(id) ?? [];
      const hiddenIn = (r: Relation) => [r.total, ...r.parts].filter((c) => suppressed.has(c)).length;
      const ordered = [...rels].sort((a, b) => hiddenIn(a) - hiddenIn(b));
      for (const rel of ordered) {
        // A good complement closes cycles: its other relations already hold hidden cells, so hiding
        // it opens no new leak. Among equals, the smallest count costs least.
        const newLeaks = (c: string) => (relationsOf.get(c) ?? []).filter((r) => r !== rel && hiddenIn(r) === 0).length;
        const candidates = [...rel.parts, rel.total]
          .filter((c) => !suppressed.has(c) && byId.get(c)?.value !== null && byId.get(c)?.value !== undefined)
          .map((c) => ({ cell: byId.get(c)!, leaks: newLeaks(c) }))
          .sort((a, b) => a.leaks - b.leaks || rankCandidate(a.cell) - rankCandidate(b.cell) || (a.cell.id < b.cell.id ? -1 : 1))
          .map((x) => x.cell);
        if (candidates.length > 0) {
          suppressed.set(candidates[0].id, 'secondary');
          progressed = true;
          break;
        }
      }
      if (progressed) break; // re-check: one new suppression may protect several cells
    }
    if (!progressed) {
      // Every neighbour of the exposed cells is already hidden, yet they are still recoverable through
      // longer chains: hide the smallest visible count anywhere in the table and check again.
      const rest = cells.filter((c) => !suppressed.has(c.id) && c.value !== null).sort((a, b) => rankCandidate(a) - rankCandidate(b) || (a.id < b.id ? -1 : 1));
      if (rest.length === 0) throw new Error('secondary suppression cannot protect the table: every cell is hidden');
      suppressed.set(rest[0].id, 'secondary');
    }
  }
}

// Prefer small positive counts, then zeros, never a non-count unless nothing else is left.
function rankCandidate(c: Cell): number {
  if (!c.isCount) return Number.MAX_SAFE_INTEGER;
  if (c.value === 0) return Number.MAX_SAFE_INTEGER / 2;
  return c.value ?? Number.MAX_SAFE_INTEGER;
}

/** Primary and secondary suppression of one table; `hidden` cells are not published at all. */
export function protectTable(cells: Cell[], relations: Relation[], hidden: Iterable<string> = []): SuppressionResult {
  const start = primarySuppression(cells);
  for (const id of hidden) if (!start.has(id)) start.set(id, 'unpublished');
  return secondarySuppression(cells, relations, start);
}
