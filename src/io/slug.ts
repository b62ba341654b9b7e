// Stable keys from German labels ("Wohnfläche je Wohnung" → "wohnflaeche-je-wohnung"), so that an
// indicator key does not depend on the encoding or spelling of umlauts in the source file.

const GERMAN: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', Ä: 'ae', Ö: 'oe', Ü: 'ue', ẞ: 'ss' };

export function slugify(label: string): string {
  return label
    .replace(/[äöüßÄÖÜẞ]/g, (c) => GERMAN[c] ?? c)
    .normalize('NFKD') // é → e + combining accent, which the next step removes
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
