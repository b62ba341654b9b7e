import { describe, expect, it } from 'vitest';
import { pyramidFrom } from '../../../src/core/demography/pyramid.ts';

const row = (period: string, ageFrom: number | null, ageTo: number | null, sex: string | null, value: number | null, nationality: string | null = null) => ({ period, ageFrom, ageTo, sex, nationality, value });

describe('pyramidFrom (age × sex breakdowns)', () => {
  it('takes the newest year with at least two complete bands, youngest first', () => {
    const p = pyramidFrom([
      row('2021', 18, 65, 'm', 300), row('2021', 18, 65, 'w', 310), row('2021', 0, 18, 'w', 95), row('2021', 0, 18, 'm', 100), row('2021', 65, null, 'm', 80), row('2021', 65, null, 'w', 120),
      row('2022', 0, 18, 'm', 101), row('2022', 0, 18, 'w', 96), row('2022', 18, 65, 'm', 299), // 2022: only one complete band
    ]);
    expect(p).toEqual({ year: 2021, bands: [{ from: 0, to: 18, male: 100, female: 95 }, { from: 18, to: 65, male: 300, female: 310 }, { from: 65, to: null, male: 80, female: 120 }] });
  });

  it('has none without a sex split (Leipzig: sex for the total only) or with age or sex alone', () => {
    expect(pyramidFrom([row('2020', null, null, 'm', 300000), row('2020', null, null, 'w', 310000)])).toBeNull();
    expect(pyramidFrom([row('2020', 0, 15, null, 80000), row('2020', 15, null, null, 500000)])).toBeNull();
    expect(pyramidFrom([row('2020', 0, 15, 'm', 10, 'deutsch'), row('2020', 0, 15, 'w', 10, 'deutsch'), row('2020', 15, null, 'm', 10, 'deutsch'), row('2020', 15, null, 'w', 10, 'deutsch')])).toBeNull();
  });
});
