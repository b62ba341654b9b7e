// A population pyramid from stored breakdowns of the population count (age band × sex): the newest
// year in which at least two age bands have both a male and a female value. Bands without both
// sexes are left out; categories with a nationality are not part of it (age × sex of the total).

export interface BreakdownRowLike { period: string; ageFrom: number | null; ageTo: number | null; sex: string | null; nationality: string | null; value: number | null }

export interface Pyramid { year: number; bands: Array<{ from: number; to: number | null; male: number; female: number }> }

export function pyramidFrom(rows: readonly BreakdownRowLike[]): Pyramid | null {
  const usable = rows.filter((b) => b.ageFrom !== null && (b.sex === 'm' || b.sex === 'w') && b.nationality === null && b.value !== null && /^\d{4}$/.test(b.period));
  const years = [...new Set(usable.map((r) => Number(r.period)))].sort((a, b) => b - a);
  for (const y of years) {
    const by = new Map<string, { from: number; to: number | null; male?: number; female?: number }>();
    for (const r of usable.filter((x) => Number(x.period) === y)) {
      const k = `${r.ageFrom}|${r.ageTo}`;
      const e = by.get(k) ?? { from: r.ageFrom!, to: r.ageTo };
      if (r.sex === 'm') e.male = r.value!; else e.female = r.value!;
      by.set(k, e);
    }
    const bands = [...by.values()].filter((b) => b.male !== undefined && b.female !== undefined).sort((a, b) => a.from - b.from);
    if (bands.length >= 2) return { year: y, bands: bands.map((b) => ({ from: b.from, to: b.to, male: b.male!, female: b.female! })) };
  }
  return null;
}
