import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCrosswalk } from '../../../src/io/crosswalk.ts';

const DATA = process.env.LERNORT_SHARED_DATA ?? path.resolve('../shared/data');
const FILE = 'matrixPLZtoORTSTEIL.csv';

describe('readCrosswalk', () => {
  it('reads the postcode × Ortsteil matrix into non-zero weights that sum to 1 per postcode', () => {
    const r = readCrosswalk(readFileSync(path.join(DATA, 'leipzig/raw/messy', FILE)), FILE);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.targets).toHaveLength(63);
    expect(r.targets.slice(0, 3)).toEqual(['00', '01', '02']);
    expect(r.rowsRead).toBe(34);
    expect(r.weights.filter((w) => w.source === '04103')).toEqual([
      { source: '04103', target: '01', weight: 0.257, line: 2 },
      { source: '04103', target: '02', weight: 0.743, line: 2 },
    ]);
    expect(r.weights.filter((w) => w.source === '04356').map((w) => [w.target, w.weight])).toEqual([
      ['13', 0.352],
      ['94', 0.225],
      ['95', 0.423],
    ]);
    const sums = new Map<string, number>();
    for (const w of r.weights) sums.set(w.source, (sums.get(w.source) ?? 0) + w.weight);
    expect(sums.size).toBe(34);
    for (const s of sums.values()) expect(s).toBeCloseTo(1, 3);
  });

  it('warns when a row of weights does not sum to 1', () => {
    const r = readCrosswalk(Buffer.from('|01|02\n04103|0.5|0.4\n04105|0.5|0.5\n'), 'x.csv');
    expect(r.weights).toHaveLength(4);
    expect(r.warnings.map((w) => [w.code, w.line, w.value])).toEqual([['CROSSWALK_WEIGHTS_SUM', 2, '0.9']]);
  });

  it('rejects a row with a weight outside 0..1 or not a number', () => {
    const r = readCrosswalk(Buffer.from('|01|02\n04103|1.5|0\n04105|0.5|abc\n04107|1|0\n'), 'x.csv');
    expect(r.weights).toEqual([{ source: '04107', target: '01', weight: 1, line: 4 }]);
    expect(r.errors.map((e) => [e.code, e.line, e.field])).toEqual([
      ['CROSSWALK_WEIGHT_RANGE', 2, '01'],
      ['NUMBER_INVALID', 3, '02'],
    ]);
  });
});
