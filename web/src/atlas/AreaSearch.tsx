import { useId, useState, type FormEvent } from 'react';
import { useI18n } from '../shared/i18n.ts';

interface Props {
  areas: ReadonlyArray<{ code: string; name: string }>;
  onFound: (code: string) => void;
}

/** The area meant by a search text: an exact name or code first, else the only name containing it. */
export function findArea<T extends { code: string; name: string }>(areas: readonly T[], text: string, locale: string): { found: T | null; matches: T[] } {
  const q = text.trim().toLocaleLowerCase(locale);
  if (!q) return { found: null, matches: [] };
  const exact = areas.find((a) => a.name.toLocaleLowerCase(locale) === q || a.code.toLocaleLowerCase(locale) === q);
  if (exact) return { found: exact, matches: [exact] };
  const matches = areas.filter((a) => a.name.toLocaleLowerCase(locale).includes(q));
  return { found: matches.length === 1 ? matches[0] : null, matches };
}

/** A search box for the areas of the layer on the map (names offered as the user types). */
export function AreaSearch({ areas, onFound }: Props) {
  const { t, locale } = useI18n();
  const id = useId();
  const [text, setText] = useState('');
  const [message, setMessage] = useState('');
  const sorted = [...areas].sort((a, b) => a.name.localeCompare(b.name, locale));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { found, matches } = findArea(sorted, text, locale);
    if (found) {
      onFound(found.code);
      setMessage('');
    } else {
      setMessage(matches.length === 0 ? t('search.none', { text }) : t('search.many', { count: matches.length, names: matches.slice(0, 5).map((m) => m.name).join(', ') }));
    }
  };

  return (
    <form className="area-search" role="search" aria-label={t('search.label')} onSubmit={submit}>
      <label htmlFor={`${id}-q`}>{t('search.label')}</label>
      <input id={`${id}-q`} data-testid="area-search" type="search" list={`${id}-names`} value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
      <datalist id={`${id}-names`}>{sorted.map((a) => <option key={a.code} value={a.name} />)}</datalist>
      <button type="submit">{t('search.go')}</button>
      {message && <p className="hint small" role="status">{message}</p>}
    </form>
  );
}
