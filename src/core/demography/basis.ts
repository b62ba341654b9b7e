// Two counts of a city's population exist: the municipal register (Melderegister, per area) and the
// official count of the statistical office (city only). Leipzig 31.12.2018: 596,517 register,
// 587,857 official. A forecast of one basis compared with actuals of the other is off by the gap
// between the counts (here 1.5 %), not only by its own error: every such comparison carries
// BASIS_MISMATCH (issue 14), in the backtest report, the API answer and the UI.

export type Basis = 'register' | 'official';

export interface BasisWarning { code: 'BASIS_MISMATCH'; de: string; en: string }

const name = (b: Basis): { de: string; en: string } => (b === 'official' ? { de: 'amtliche Fortschreibung', en: 'official count' } : { de: 'Melderegister', en: 'municipal register' });

/** The warning for comparing a forecast of basis `forecast` with actuals of basis `actual`, or null when they agree. */
export function basisMismatch(forecast: Basis, actual: Basis, what?: string, bridge?: { year: number; official: number; register: number }): BasisWarning | null {
  if (forecast === actual) return null;
  const f = name(forecast);
  const a = name(actual);
  const b = bridge ? { de: ` (31.12.${bridge.year}: ${bridge.official} amtlich gegenüber ${bridge.register} Register)`, en: ` (31 Dec ${bridge.year}: ${bridge.official} official versus ${bridge.register} register)` } : { de: '', en: '' };
  const w = what ? `${what}: ` : '';
  return {
    code: 'BASIS_MISMATCH',
    de: `${w}${f.de[0].toUpperCase()}${f.de.slice(1)} gegen ${a.de} verglichen: die Basen unterscheiden sich${b.de}.`,
    en: `${w}${f.en[0].toUpperCase()}${f.en.slice(1)} compared with the ${a.en}: the bases differ${b.en}.`,
  };
}

/** One warning per series whose basis differs from the actuals' (series of the same name once). */
export function comparisonWarnings(series: ReadonlyArray<{ name: string; basis: Basis }>, actual: Basis, bridge?: { year: number; official: number; register: number }): BasisWarning[] {
  const seen = new Set<string>();
  const out: BasisWarning[] = [];
  for (const s of series) {
    if (seen.has(s.name)) continue;
    seen.add(s.name);
    const w = basisMismatch(s.basis, actual, s.name, bridge);
    if (w) out.push(w);
  }
  return out;
}
