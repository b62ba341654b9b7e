import { useMemo, useState } from 'react';
import { useI18n, type MessageKey } from '../shared/i18n.ts';
import { formatNumber } from '../shared/format.ts';
import type { AreaRow } from './model.ts';
import { flagKeys } from './flags.ts';

type Column = 'name' | 'value' | 'rank';
interface Sort { column: Column; ascending: boolean }

interface Props {
  rows: AreaRow[];
  caption: string;
  unit: string;
  decimals: number;
  selected: string | null;
  onSelect: (code: string) => void;
}

const HEADINGS: Record<Column, MessageKey> = { name: 'table.area', value: 'table.value', rank: 'table.rank' };

export function AreaTable({ rows, caption, unit, decimals, selected, onSelect }: Props) {
  const { t, locale } = useI18n();
  const [sort, setSort] = useState<Sort>({ column: 'rank', ascending: true });

  const sorted = useMemo(() => {
    const collator = new Intl.Collator(locale);
    const byName = (a: AreaRow, b: AreaRow) => collator.compare(a.name, b.name);
    const direction = sort.ascending ? 1 : -1;
    return [...rows].sort((a, b) => {
      if (sort.column === 'name') return direction * byName(a, b);
      // Areas without a value always go last, whichever way the column is sorted.
      const av = sort.column === 'value' ? a.value : a.rank;
      const bv = sort.column === 'value' ? b.value : b.rank;
      if (av === null && bv === null) return byName(a, b);
      if (av === null) return 1;
      if (bv === null) return -1;
      return direction * (av - bv) || byName(a, b);
    });
  }, [rows, sort, locale]);

  const toggle = (column: Column) =>
    setSort((s) => (s.column === column ? { column, ascending: !s.ascending } : { column, ascending: column !== 'value' }));

  const ariaSort = (column: Column) => (sort.column !== column ? undefined : sort.ascending ? 'ascending' : 'descending');

  return (
    <div className="table-wrap">
      <table className="area-table">
        <caption>
          {caption}
          <span className="table-hint"> · {t('table.rankHint')}</span>
        </caption>
        <thead>
          <tr>
            {(['name', 'value', 'rank'] as const).map((column) => (
              <th key={column} scope="col" aria-sort={ariaSort(column)} className={column === 'name' ? '' : 'num'}>
                <button type="button" className="sort-button" onClick={() => toggle(column)}>
                  {t(HEADINGS[column])}
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
          {sorted.map((row) => {
            const flags = flagKeys(row.flags, row.aggregated).map((k) => t(k));
            return (
              <tr
                key={row.code}
                className={row.code === selected ? 'selected' : undefined}
                onClick={() => onSelect(row.code)}
              >
                <th scope="row">
                  <button type="button" className="row-button" aria-pressed={row.code === selected} onClick={(e) => { e.stopPropagation(); onSelect(row.code); }}>
                    <span className="row-swatch" style={{ background: row.fill }} aria-hidden="true" data-status={row.status} />
                    {row.name}
                  </button>
                </th>
                <td className="num">
                  {row.status === 'suppressed' ? (
                    <abbr title={t('flags.suppressed')}>.</abbr>
                  ) : row.value === null ? (
                    <span className="no-data">{t('flags.missing')}</span>
                  ) : (
                    formatNumber(row.value, locale, decimals)
                  )}
                  {flags.length > 0 && <span className="flag-mark" title={flags.join(', ')}> *<span className="visually-hidden">{flags.join(', ')}</span></span>}
                </td>
                <td className="num">{row.rank ?? '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
