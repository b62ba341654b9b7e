import { useMemo, useState } from 'react';
import { useI18n, type MessageKey } from '../shared/i18n.ts';
import { formatNumber } from '../shared/format.ts';
import type { AreaRow } from './model.ts';
import { flagKeys } from './flags.ts';

type Column = 'name' | 'value' | 'rank' | 'change' | 'vsCity';
interface Sort { column: Column; ascending: boolean }

interface Props {
  rows: AreaRow[];
  caption: string;
  unit: string;
  decimals: number;
  kind: string;
  selected: readonly string[];
  onSelect: (code: string, additive: boolean) => void;
  /** Period the change column compares with (null: no change column). */
  compare: string | null;
  cityValue: number | null;
  /** Link to an area's profile, shown in the row of each selected area (one Tab from the row). */
  profileHref?: (code: string) => string;
}

const ROW_LIMIT = 300;

const HEADINGS: Record<Column, MessageKey> = { name: 'table.area', value: 'table.value', rank: 'table.rank', change: 'table.change', vsCity: 'table.vsCity' };

function signed(v: number, locale: string, decimals: number): string {
  const s = formatNumber(Math.abs(v), locale, decimals);
  return v > 0 ? `+${s}` : v < 0 ? `−${s}` : `±${s}`;
}

export function AreaTable({ rows, caption, unit, decimals, kind, selected, onSelect, compare, cityValue, profileHref }: Props) {
  const { t, locale } = useI18n();
  const [sort, setSort] = useState<Sort>({ column: 'rank', ascending: true });
  // Large layers (thousands of blocks): render the first rows of the sorted table, plus the selected.
  const [showAll, setShowAll] = useState(false);
  const chosen = new Set(selected);
  const columns: Column[] = ['name', 'value', 'rank', ...(compare ? (['change'] as const) : []), ...(cityValue !== null ? (['vsCity'] as const) : [])];

  const sorted = useMemo(() => {
    const collator = new Intl.Collator(locale);
    const byName = (a: AreaRow, b: AreaRow) => collator.compare(a.name, b.name);
    const direction = sort.ascending ? 1 : -1;
    return [...rows].sort((a, b) => {
      if (sort.column === 'name') return direction * byName(a, b);
      // Areas without a value always go last, whichever way the column is sorted.
      const av = a[sort.column];
      const bv = b[sort.column];
      if (av === null && bv === null) return byName(a, b);
      if (av === null) return 1;
      if (bv === null) return -1;
      return direction * (av - bv) || byName(a, b);
    });
  }, [rows, sort, locale]);

  const toggle = (column: Column) =>
    setSort((s) => (s.column === column ? { column, ascending: !s.ascending } : { column, ascending: column === 'name' || column === 'rank' }));

  const ariaSort = (column: Column) => (sort.column !== column ? undefined : sort.ascending ? 'ascending' : 'descending');
  const vsDecimals = kind === 'count' ? 1 : decimals;

  return (
    <div className="table-wrap">
      <table className="area-table">
        <caption>
          {caption}
          <span className="table-hint"> · {t('table.rankHint')}</span>
          {cityValue !== null && <span className="table-hint"> · {t('table.cityValue', { value: `${formatNumber(cityValue, locale, decimals)} ${unit}` })}</span>}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="pick"><span className="visually-hidden">{t('table.pick')}</span></th>
            {columns.map((column) => (
              <th key={column} scope="col" aria-sort={ariaSort(column)} className={column === 'name' ? '' : 'num'}>
                <button type="button" className="sort-button" onClick={() => toggle(column)}>
                  {column === 'change' ? t('table.change', { period: compare ?? '' }) : column === 'vsCity' && kind === 'count' ? t('table.vsCityCount') : t(HEADINGS[column])}
                  {column === 'value' && unit ? ` (${unit})` : ''}
                  <span aria-hidden="true" className="sort-mark">
                    {sort.column === column ? (sort.ascending ? ' ▲' : ' ▼') : ''}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(showAll || sorted.length <= ROW_LIMIT ? sorted : sorted.filter((r, i) => i < ROW_LIMIT || chosen.has(r.code))).map((row) => {
            const flags = flagKeys(row.flags, row.aggregated).map((k) => t(k));
            const isSelected = chosen.has(row.code);
            return (
              <tr
                key={row.code}
                className={isSelected ? 'selected' : undefined}
                onClick={(e) => onSelect(row.code, e.shiftKey || e.ctrlKey || e.metaKey)}
              >
                <td className="pick" onClick={(e) => e.stopPropagation()}>
                  <input
                    type="checkbox"
                    checked={isSelected}
                    aria-label={t('table.addToSelection', { name: row.name })}
                    onChange={() => onSelect(row.code, true)}
                  />
                </td>
                <th scope="row">
                  <button type="button" className="row-button" aria-pressed={isSelected} onClick={(e) => { e.stopPropagation(); onSelect(row.code, e.shiftKey || e.ctrlKey || e.metaKey); }}>
                    <span className="row-swatch" style={{ background: row.fill }} aria-hidden="true" data-status={row.status} />
                    {row.name}
                  </button>
                  {isSelected && profileHref && (
                    <a className="row-action" href={profileHref(row.code)} onClick={(e) => e.stopPropagation()}>
                      {t('selection.profileRow')}<span className="visually-hidden"> – {row.name}</span>
                    </a>
                  )}
                </th>
                <td className="num">
                  {row.status === 'suppressed' ? (
                    <abbr title={t('flags.suppressed')}>{row.display ?? '.'}</abbr>
                  ) : row.value === null ? (
                    <span className="no-data">{t('flags.missing')}</span>
                  ) : (
                    formatNumber(row.value, locale, decimals)
                  )}
                  {flags.length > 0 && <span className="flag-mark" title={flags.join(', ')}> *<span className="visually-hidden">{flags.join(', ')}</span></span>}
                </td>
                <td className="num">{row.rank ?? '–'}</td>
                {compare && <td className="num">{row.change === null ? '–' : signed(row.change, locale, decimals)}</td>}
                {cityValue !== null && <td className="num">{row.vsCity === null ? '–' : kind === 'count' ? `${formatNumber(row.vsCity, locale, 1)} %` : signed(row.vsCity, locale, vsDecimals)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
      {!showAll && sorted.length > ROW_LIMIT && (
        <p className="table-more">
          {t('table.limited', { shown: ROW_LIMIT, count: sorted.length })}{' '}
          <button type="button" className="link-button" onClick={() => setShowAll(true)}>{t('table.showAll')}</button>
        </p>
      )}
    </div>
  );
}
