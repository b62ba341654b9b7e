// Comparing across count bases (issue 14): official count vs municipal register raises BASIS_MISMATCH
// in the backtest report; the same basis never does.
import { describe, expect, it } from 'vitest';
import { basisMismatch, comparisonWarnings } from '../../../src/core/demography/basis.ts';
import { backtestLeipzig } from '../../../src/core/demography/backtest-leipzig.ts';
import { loadLeipzigBacktestData } from './leipzig-data.ts';

const bridge = { year: 2018, official: 587857, register: 596517 };

describe('basis mismatch', () => {
  it('warns only across bases, in both directions, naming the bridge year', () => {
    expect(basisMismatch('register', 'register')).toBeNull();
    expect(basisMismatch('official', 'official')).toBeNull();
    const a = basisMismatch('official', 'register', '7. RBV V1', bridge)!;
    expect(a.code).toBe('BASIS_MISMATCH');
    expect(a.de).toContain('7. RBV V1: Amtliche Fortschreibung gegen Melderegister');
    expect(a.de).toContain('587857 amtlich gegenüber 596517 Register');
    expect(a.en).toContain('Official count compared with the municipal register');
    expect(basisMismatch('register', 'official')!.en).toContain('Municipal register compared with the official count');
  });

  it('lists each series once', () => {
    const w = comparisonWarnings([{ name: 'RBV V1', basis: 'official' }, { name: 'RBV V1', basis: 'official' }, { name: 'Stadt 2019 main', basis: 'register' }, { name: 'Wegweiser', basis: 'official' }], 'register');
    expect(w.map((x) => x.de.split(':')[0])).toEqual(['RBV V1', 'Wegweiser']);
  });

  it('the Leipzig backtest report carries a warning for every official-basis series, none for register ones', () => {
    const data = loadLeipzigBacktestData();
    const r = backtestLeipzig({ ...data, basisBridge: bridge });
    const official = r.published.filter((p) => p.basis === 'official');
    const register = r.published.filter((p) => p.basis === 'register');
    expect(official.length).toBeGreaterThan(0);
    expect(register.length).toBeGreaterThan(0);
    expect(official.every((p) => p.warning?.code === 'BASIS_MISMATCH')).toBe(true);
    expect(register.every((p) => p.warning === undefined)).toBe(true);
    expect(r.warnings.length).toBe(new Set(official.map((p) => `${p.publisher} ${p.edition} ${p.variant}`)).size);
    // Actuals of the official basis turn it round: now the register forecasts are the mismatched ones.
    const flipped = backtestLeipzig({ ...data, basisBridge: bridge, actualBasis: 'official' });
    expect(flipped.published.filter((p) => p.basis === 'register').every((p) => p.warning?.code === 'BASIS_MISMATCH')).toBe(true);
    expect(flipped.published.filter((p) => p.basis === 'official').every((p) => p.warning === undefined)).toBe(true);
  });
});
