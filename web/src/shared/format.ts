// Number formatting goes through Intl so that de-DE gets the decimal comma and thousands dot.

const cache = new Map<string, Intl.NumberFormat>();

export function numberFormat(locale: string, decimals: number): Intl.NumberFormat {
  const key = `${locale}|${decimals}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    cache.set(key, format);
  }
  return format;
}

export function formatNumber(value: number, locale: string, decimals: number): string {
  return numberFormat(locale, decimals).format(value);
}

/** "14.046 Personen", "12,3 %": the unit follows the number with a no-break space. */
export function formatValue(value: number, locale: string, decimals: number, unit: string): string {
  const number = formatNumber(value, locale, decimals);
  return unit ? `${number}\u00a0${unit}` : number;
}
