import { fillTemplate, useI18n } from '../shared/i18n.ts';
import { deModules, enModules, type ModuleKey } from '../shared/i18n-modules.ts';

// The strings of the sign-in, index and facility pages live in shared/i18n-modules.ts (merged into
// the main dictionaries); this hook reads them typed by their own keys, in the current language.

export type ModuleTranslate = (key: ModuleKey, params?: Record<string, string | number>) => string;

export function translateModule(lang: 'de' | 'en', key: ModuleKey, params?: Record<string, string | number>): string {
  const template = (lang === 'de' ? deModules : enModules)[key];
  return fillTemplate(template, params);
}

export function useText() {
  const i18n = useI18n();
  const tm: ModuleTranslate = (key, params) => translateModule(i18n.lang, key, params);
  return { ...i18n, tm };
}
