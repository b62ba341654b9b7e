import { describe, expect, it } from 'vitest';
import { findArea } from './AreaSearch.tsx';

const areas = [
  { code: '62', name: 'Grünau-Mitte' }, { code: '65', name: 'Grünau-Nord' }, { code: '66', name: 'Lausen-Grünau' }, { code: '00', name: 'Zentrum' },
];

describe('findArea', () => {
  it('finds an exact name regardless of case, and a code', () => {
    expect(findArea(areas, 'grünau-mitte', 'de').found?.code).toBe('62');
    expect(findArea(areas, '66', 'de').found?.code).toBe('66');
  });

  it('takes the only name that contains the text', () => {
    expect(findArea(areas, 'lausen', 'de').found?.code).toBe('66');
  });

  it('finds nothing for several matches and says how many', () => {
    const r = findArea(areas, 'grünau', 'de');
    expect(r.found).toBeNull();
    expect(r.matches).toHaveLength(3);
  });

  it('finds nothing for an empty text', () => {
    expect(findArea(areas, '  ', 'de')).toEqual({ found: null, matches: [] });
  });
});
