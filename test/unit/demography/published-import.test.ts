import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LernortError } from '../../../src/core/errors.ts';
import { interpolateGaps, parsePublishedCsv } from '../../../src/modules/demography/service.ts';
import { sharedData } from './leipzig-data.ts';

// published-forecasts.csv as the import reads it: every value with its basis, all or nothing.
const file = path.join(sharedData, 'leipzig', 'prognose', 'published-forecasts.csv');
const text = fs.readFileSync(file, 'utf8');
const enc = (s: string) => new TextEncoder().encode(s);
const errorOf = (s: string): LernortError => {
  try {
    parsePublishedCsv(enc(s), 'f.csv');
  } catch (err) {
    if (err instanceof LernortError) return err;
    throw err;
  }
  throw new Error('no error');
};

describe('parsePublishedCsv', () => {
  it('reads the 24 published Leipzig figures with their basis', () => {
    const v = parsePublishedCsv(enc(text), 'published-forecasts.csv');
    expect(v).toHaveLength(24);
    expect(v.filter((x) => x.basis === 'official')).toHaveLength(9);
    expect(v.find((x) => x.publisher.includes('Wegweiser'))).toMatchObject({ edition: 2015, targetYear: 2020, population: 564540, variant: 'main' });
    expect(v.filter((x) => x.edition === 2013 && x.targetYear === 2020).map((x) => [x.variant, x.population])).toEqual([['lower', 555000], ['upper', 590000]]);
  });

  it('rejects the whole file and names line and field of every bad value', () => {
    const lines = text.trim().split('\n');
    lines[3] = lines[3].replace(';598100;', ';598.100;');
    lines[5] = lines[5].replace(';register;', ';amtlich;');
    const err = errorOf(lines.join('\n'));
    expect(err.code).toBe('PROJECTION_FILE_REJECTED');
    expect(err.location).toEqual({ file: 'f.csv', line: 4, field: 'population' });
    const list = (err.details as { errors: Array<{ line: number; field: string; en: string }> }).errors;
    expect(list.map((e) => [e.line, e.field])).toEqual([[4, 'population'], [6, 'basis']]);
    expect(err.de).toContain('nichts importiert');
  });

  it('rejects a missing column, a duplicate figure and an empty file', () => {
    expect(errorOf('edition;publisher;variant;target_year;population\n').code).toBe('PROJECTION_HEADER');
    const head = text.split('\n')[0];
    const row = text.split('\n')[1];
    const dup = errorOf(`${head}\n${row}\n${row}\n`);
    expect((dup.details as { errors: Array<{ code: string }> }).errors.map((e) => e.code)).toEqual(['PROJECTION_DUPLICATE']);
    expect(errorOf(`${head}\n`).code).toBe('PROJECTION_EMPTY');
  });
});

describe('interpolateGaps', () => {
  it('fills missing years on the straight line and says which', () => {
    const r = interpolateGaps(new Map([[2011, 100], [2017, 160], [2018, 170]]));
    expect(r.filled).toEqual([2012, 2013, 2014, 2015, 2016]);
    expect(r.values.get(2014)).toBe(130);
    expect([...r.values.keys()]).toEqual([2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018]);
  });
});
