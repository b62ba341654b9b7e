import { fillTemplate, useI18n } from '../shared/i18n.ts';

// Strings of the uptake page (Inanspruchnahme), German and English, kept beside the page.

const de = {
  'nav': 'Inanspruchnahme',
  'title': 'Inanspruchnahme stadtweiter Angebote',
  'intro': 'Erreichen Kinder und Jugendliche aus jedem Gebiet die stadtweiten Leistungen? Teilnehmende nach Wohnort je Zielgruppe, mit 95-%-Intervallen, verglichen mit der Stadt und mit dem Wert, den die Altersstruktur erwarten lässt.',
  'signin': 'Bitte melden Sie sich an: die Inanspruchnahme ist intern (die Öffentlichkeit sieht sie nur über veröffentlichte Indikatoren).',
  'service': 'Leistung',
  'none': 'Noch keine Leistung angelegt (PUT /api/uptake/services/{key}).',
  'layer': 'Ebene',
  'period': 'Zeitraum',
  'view': 'Karte zeigt',
  'view.rate': 'Inanspruchnahme (%)',
  'view.ratio': 'Standardisiertes Verhältnis (beobachtet/erwartet)',
  'map.label': 'Karte: {what}, {period}',
  'city': 'Stadt: {rate} % ({participants} von {population}); Verhältnis {ratio}',
  'table.caption': 'Inanspruchnahme je Gebiet mit 95-%-Intervallen (Balken: Intervall, Strich: Stadt)',
  'col.area': 'Gebiet',
  'col.participants': 'Teilnehmende',
  'col.population': 'Zielgruppe',
  'col.rate': 'Quote',
  'col.interval': 'Intervall',
  'col.comparison': 'gegenüber Stadt',
  'col.ratio': 'Verhältnis O/E',
  'col.trend': 'Trend',
  'cmp.better': 'höher',
  'cmp.similar': 'ähnlich',
  'cmp.worse': 'niedriger',
  'trend.rising': 'steigend',
  'trend.stable': 'stabil',
  'trend.falling': 'fallend',
  'under.title': 'Unterversorgte Gebiete (hoher Bedarf, geringe Inanspruchnahme)',
  'under.none': 'Kein Gebiet mit hohem Bedarf hat eine signifikant geringe Inanspruchnahme.',
  'unstable': 'unsicher',
  'import.title': 'Teilnehmende importieren',
  'import.help': 'Eine Tabelle mit Gebiet und Anzahl (CSV/XLSX) oder eine Liste mit lon/lat oder PLZ je Person (CSV). Listen werden beim Lesen zu Zahlen je Gebiet zusammengefasst; keine Zeile und keine Datei wird gespeichert.',
  'import.file': 'Datei',
  'import.weights': 'Gewichte PLZ → Gebiet (CSV, nur für PLZ-Listen)',
  'import.weightsPath': 'oder Gewichtsdatei im Datenverzeichnis',
  'import.postcode': 'Postleitzahlen über Flächenanteile zuordnen',
  'import.dryRun': 'nur prüfen (nichts speichern)',
  'import.submit': 'Importieren',
  'import.done': '{participants} Teilnehmende aus {records} Zeilen übernommen ({assignment}); ohne Gebiet: {outside} außerhalb, {unknown} unbekannte PLZ.',
  'loading': 'Lädt …',
  'nodata': 'Für diese Auswahl gibt es noch keine Werte.',
} as const;

export type UptakeKey = keyof typeof de;

const en: Record<UptakeKey, string> = {
  'nav': 'Uptake',
  'title': 'Uptake of city-wide services',
  'intro': 'Do children and young people from every area reach the city-wide services? Participants by place of residence per target population, with 95 % intervals, compared with the city and with what the age mix predicts.',
  'signin': 'Please sign in: uptake is internal (the public sees it only through published indicators).',
  'service': 'Service',
  'none': 'No service defined yet (PUT /api/uptake/services/{key}).',
  'layer': 'Layer',
  'period': 'Period',
  'view': 'Map shows',
  'view.rate': 'Uptake (%)',
  'view.ratio': 'Standardised ratio (observed/expected)',
  'map.label': 'Map: {what}, {period}',
  'city': 'City: {rate} % ({participants} of {population}); ratio {ratio}',
  'table.caption': 'Uptake per area with 95 % intervals (bar: interval, line: city)',
  'col.area': 'Area',
  'col.participants': 'Participants',
  'col.population': 'Target population',
  'col.rate': 'Rate',
  'col.interval': 'Interval',
  'col.comparison': 'vs. city',
  'col.ratio': 'Ratio O/E',
  'col.trend': 'Trend',
  'cmp.better': 'higher',
  'cmp.similar': 'similar',
  'cmp.worse': 'lower',
  'trend.rising': 'rising',
  'trend.stable': 'stable',
  'trend.falling': 'falling',
  'under.title': 'Under-served areas (high need, low uptake)',
  'under.none': 'No area of high need has a significantly low uptake.',
  'unstable': 'unstable',
  'import.title': 'Import participants',
  'import.help': 'A table with area and count (CSV/XLSX) or a list with lon/lat or a postcode per person (CSV). Lists are reduced to counts per area while they are read; no row and no file is stored.',
  'import.file': 'File',
  'import.weights': 'Weights postcode → area (CSV, postcode lists only)',
  'import.weightsPath': 'or a weights file in the data directory',
  'import.postcode': 'Assign postcodes by areal weights',
  'import.dryRun': 'check only (store nothing)',
  'import.submit': 'Import',
  'import.done': '{participants} participants taken from {records} rows ({assignment}); without an area: {outside} outside, {unknown} unknown postcode.',
  'loading': 'Loading …',
  'nodata': 'There are no values for this selection yet.',
};

export function useUptakeText() {
  const { lang } = useI18n();
  const tu = (key: UptakeKey, params?: Record<string, string | number>) => {
    const template: string = (lang === 'de' ? de : en)[key];
    return fillTemplate(template, params);
  };
  const num = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? '–' : x.toLocaleString(lang === 'de' ? 'de-DE' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
  return { lang, tu, num };
}
