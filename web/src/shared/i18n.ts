import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

// German is the default; every user-facing string of the client lives in these two dictionaries.
const de = {
  'app.title': 'Lernort',
  'app.subtitle': 'Sozialräumliches Bildungsmanagement',
  'app.synthetic': 'Synthetische Demo-Stadt – keine echten Daten',
  'app.loading': 'Wird geladen …',
  'app.skip': 'Zum Inhalt springen',
  'nav.label': 'Hauptnavigation',
  'nav.atlas': 'Atlas',
  'nav.sources': 'Datenquellen',
  'lang.switch': 'English',
  'lang.switchLabel': 'Switch to English',
  'error.title': 'Fehler',
  'error.network': 'Der Server ist nicht erreichbar.',
  'error.unexpected': 'Unerwartete Antwort des Servers.',
  'controls.label': 'Auswahl',
  'controls.topic': 'Themenfeld',
  'controls.topicAll': 'Alle Themenfelder',
  'controls.indicator': 'Indikator',
  'controls.layer': 'Gebietsebene',
  'controls.period': 'Zeitraum',
  'controls.method': 'Klassenbildung',
  'method.quantile': 'Quantile',
  'method.equal': 'Gleiche Intervalle',
  'method.jenks': 'Natürliche Brüche (Jenks)',
  'map.label': 'Karte: {indicator} {period} – {layer}',
  'map.summary': '{count} Gebiete. Alle Werte stehen in der Tabelle neben der Karte.',
  'map.loading': 'Karte wird gezeichnet …',
  'map.noAreas': 'Für diese Ebene gibt es keine Gebiete.',
  'legend.title': 'Legende',
  'legend.classes': 'Klassen',
  'legend.range': 'von {from} bis {to}',
  'legend.rangeLast': 'von {from} bis einschließlich {to}',
  'legend.count': '{count} Gebiete',
  'legend.countOne': '1 Gebiet',
  'legend.class': 'Klasse',
  'legend.bounds': 'Bereich',
  'legend.areas': 'Gebiete',
  'legend.colour': 'Farbe',
  'legend.noData': 'keine Daten',
  'legend.suppressed': 'geheim gehalten (.)',
  'legend.unit': 'Einheit: {unit}',
  'legend.polarity.neutral': 'Dunkler = höherer Wert.',
  'legend.polarity.higher_is_worse': 'Dunkler = ungünstiger: hohe Werte bedeuten mehr Bedarf.',
  'legend.polarity.higher_is_better': 'Dunkler = ungünstiger: niedrige Werte bedeuten mehr Bedarf (Farbskala umgekehrt).',
  'legend.empty': 'Keine Werte für diese Auswahl.',
  'flags.provisional': 'vorläufig',
  'flags.estimated': 'geschätzt',
  'flags.breakInSeries': 'Bruch in der Zeitreihe',
  'flags.suppressed': 'geheim gehalten',
  'flags.missing': 'keine Daten',
  'flags.aggregated': 'aus Teilgebieten berechnet',
  'table.caption': '{indicator} {period} – {layer}',
  'table.area': 'Gebiet',
  'table.value': 'Wert',
  'table.rank': 'Rang',
  'table.sortAsc': 'aufsteigend sortiert',
  'table.sortDesc': 'absteigend sortiert',
  'table.sortBy': 'Sortieren nach {column}',
  'table.select': '{name} auswählen',
  'table.rankHint': 'Rang 1 = höchster Wert',
  'series.title': 'Zeitreihe: {area}',
  'series.hint': 'Gebiet in der Karte oder Tabelle anklicken, um seine Zeitreihe zu sehen.',
  'series.city': 'Gesamtstadt',
  'series.loading': 'Zeitreihe wird geladen …',
  'series.empty': 'Keine Zeitreihe vorhanden.',
  'series.asTable': 'Werte als Tabelle',
  'series.period': 'Zeitraum',
  'series.label': 'Liniendiagramm {indicator} in {area} von {from} bis {to}',
  'series.close': 'Auswahl aufheben',
  'sources.title': 'Datenquellen',
  'sources.intro': 'Die Daten in Lernort stammen aus den folgenden Quellen. Bitte nennen Sie sie bei jeder Weitergabe.',
  'sources.licence': 'Lizenz',
  'sources.attribution': 'Namensnennung',
  'sources.link': 'Webseite der Quelle',
  'sources.empty': 'Keine Quellen hinterlegt.',
  'sources.map': 'Kartendarstellung mit MapLibre GL JS (BSD-3-Clause), Diagramme mit Observable Plot (ISC). Gebietsgrenzen aus den importierten Geodaten; keine Kartenkacheln aus dem Internet.',
} as const;

export type MessageKey = keyof typeof de;
export const MESSAGE_KEYS = Object.keys(de) as MessageKey[];
type Dictionary = Record<MessageKey, string>;

const en: Dictionary = {
  'app.title': 'Lernort',
  'app.subtitle': 'Socio-spatial education management',
  'app.synthetic': 'Synthetic demo city – not real data',
  'app.loading': 'Loading …',
  'app.skip': 'Skip to content',
  'nav.label': 'Main navigation',
  'nav.atlas': 'Atlas',
  'nav.sources': 'Data sources',
  'lang.switch': 'Deutsch',
  'lang.switchLabel': 'Auf Deutsch umschalten',
  'error.title': 'Error',
  'error.network': 'The server cannot be reached.',
  'error.unexpected': 'Unexpected answer from the server.',
  'controls.label': 'Selection',
  'controls.topic': 'Topic',
  'controls.topicAll': 'All topics',
  'controls.indicator': 'Indicator',
  'controls.layer': 'Area level',
  'controls.period': 'Period',
  'controls.method': 'Classification',
  'method.quantile': 'Quantiles',
  'method.equal': 'Equal intervals',
  'method.jenks': 'Natural breaks (Jenks)',
  'map.label': 'Map: {indicator} {period} – {layer}',
  'map.summary': '{count} areas. All values are listed in the table next to the map.',
  'map.loading': 'Drawing the map …',
  'map.noAreas': 'This level has no areas.',
  'legend.title': 'Legend',
  'legend.classes': 'Classes',
  'legend.range': 'from {from} to {to}',
  'legend.rangeLast': 'from {from} to {to} inclusive',
  'legend.count': '{count} areas',
  'legend.countOne': '1 area',
  'legend.class': 'Class',
  'legend.bounds': 'Range',
  'legend.areas': 'Areas',
  'legend.colour': 'Colour',
  'legend.noData': 'no data',
  'legend.suppressed': 'suppressed (.)',
  'legend.unit': 'Unit: {unit}',
  'legend.polarity.neutral': 'Darker = higher value.',
  'legend.polarity.higher_is_worse': 'Darker = less favourable: high values mean more need.',
  'legend.polarity.higher_is_better': 'Darker = less favourable: low values mean more need (colour scale reversed).',
  'legend.empty': 'No values for this selection.',
  'flags.provisional': 'provisional',
  'flags.estimated': 'estimated',
  'flags.breakInSeries': 'break in series',
  'flags.suppressed': 'suppressed',
  'flags.missing': 'no data',
  'flags.aggregated': 'computed from sub-areas',
  'table.caption': '{indicator} {period} – {layer}',
  'table.area': 'Area',
  'table.value': 'Value',
  'table.rank': 'Rank',
  'table.sortAsc': 'sorted ascending',
  'table.sortDesc': 'sorted descending',
  'table.sortBy': 'Sort by {column}',
  'table.select': 'Select {name}',
  'table.rankHint': 'Rank 1 = highest value',
  'series.title': 'Time series: {area}',
  'series.hint': 'Click an area on the map or in the table to see its time series.',
  'series.city': 'Whole city',
  'series.loading': 'Loading time series …',
  'series.empty': 'No time series available.',
  'series.asTable': 'Values as a table',
  'series.period': 'Period',
  'series.label': 'Line chart of {indicator} in {area} from {from} to {to}',
  'series.close': 'Clear selection',
  'sources.title': 'Data sources',
  'sources.intro': 'The data in Lernort come from the following sources. Please credit them whenever you pass data on.',
  'sources.licence': 'Licence',
  'sources.attribution': 'Attribution',
  'sources.link': 'Website of the source',
  'sources.empty': 'No sources recorded.',
  'sources.map': 'Maps drawn with MapLibre GL JS (BSD-3-Clause), charts with Observable Plot (ISC). Area boundaries come from the imported geodata; no map tiles from the internet.',
};

export type Lang = 'de' | 'en';
const dictionaries: Record<Lang, Dictionary> = { de, en };
const STORAGE_KEY = 'lernort.lang';

function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'de' || stored === 'en') return stored;
  } catch {
    // localStorage can be blocked (private mode, sandboxed frames): fall back to German.
  }
  return 'de';
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const template = dictionaries[lang][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
  /** Picks the German or English variant of a server-provided text; English falls back to German. */
  pick: (deText: string, enText?: string | null) => string;
  locale: string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisting is acceptable; the switch still works for this visit.
    }
  }, []);

  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, params) => translate(lang, key, params),
      pick: (deText, enText) => (lang === 'en' && enText ? enText : deText),
      locale: lang === 'de' ? 'de-DE' : 'en-GB',
    }),
    [lang, setLang],
  );
  // createElement rather than JSX so that the module keeps its plain .ts name.
  return createElement(I18nContext.Provider, { value }, children);
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
