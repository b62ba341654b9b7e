import { useMemo, useState } from 'react';
import { getIndicators, type Indicator } from '../indicators/api.ts';
import { invalidate, useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { useDeskText } from './text.ts';
import { getThresholds } from './api.ts';
import { IndicatorForm } from './IndicatorForm.tsx';
import { deskHref } from './DataDesk.tsx';
import { navigate } from '../shared/route.ts';

// The indicator catalogue: every indicator with its metadata, "new" and "edit" in a form.
// "#/daten/indikatoren/neu" creates, "#/daten/indikatoren/{key}" edits.

const NEW = 'neu';

export function CataloguePage({ indicatorKey }: { indicatorKey: string | null }) {
  const { dt, pick, locale } = useDeskText();
  const [saved, setSaved] = useState<Indicator | null>(null);
  const indicators = useApi('indicators', getIndicators);
  const thresholds = useApi('thresholds', getThresholds);
  const [filter, setFilter] = useState('');
  const list = indicators.state === 'ready' ? indicators.data : [];
  const kOf = useMemo(() => new Map(thresholds.state === 'ready' ? thresholds.data.map((t) => [t.indicator, t.k]) : []), [thresholds]);
  const topics = useMemo(() => {
    const m = new Map<string, string>([['sonstiges', dt('cat.topicOther')]]);
    for (const i of list) m.set(i.topic, pick(i.topicName, i.topicNameEn));
    return [...m].map(([key, label]) => ({ key, label })).sort((a, b) => a.label.localeCompare(b.label, locale));
  }, [list, pick, dt, locale]);

  const editing = indicatorKey === NEW ? null : list.find((i) => i.key === indicatorKey) ?? null;
  const showForm = indicatorKey === NEW || (editing !== null && thresholds.state === 'ready');
  const shown = list.filter((i) => !filter || `${i.key} ${i.name} ${i.nameEn ?? ''}`.toLowerCase().includes(filter.toLowerCase()));

  const onSaved = (i: Indicator) => {
    setSaved(i);
    void invalidate('indicators', 'thresholds');
    navigate(deskHref('catalogue'));
  };

  return (
    <>
      <h2>{dt('cat.title')}</h2>
      {saved && <p role="status" className="dd-ok">{dt('cat.saved', { name: pick(saved.name, saved.nameEn) })}</p>}
      {showForm && (
        <IndicatorForm
          key={indicatorKey ?? ''}
          indicator={editing}
          suppressionK={editing ? kOf.get(editing.key) : undefined}
          all={list}
          topics={topics}
          onSaved={onSaved}
          onCancel={() => { navigate(deskHref('catalogue')); }}
        />
      )}
      {indicatorKey && indicatorKey !== NEW && indicators.state === 'ready' && !editing && <p className="error" role="alert">{dt('cat.notFound', { key: indicatorKey })}</p>}
      <div className="dd-actions">
        <a className="button-link" href={deskHref('catalogue', NEW)}>{dt('cat.new')}</a>
        <label htmlFor="dd-cat-filter">{dt('cat.filter')}</label>
        <input id="dd-cat-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      {indicators.state === 'loading' && <p aria-busy="true">{dt('desk.loading')}</p>}
      {indicators.state === 'error' && <ErrorMessage error={indicators.error} />}
      {indicators.state === 'ready' && (
        <div className="dd-scroll dd-tall" tabIndex={0} role="region" aria-label={dt('cat.title')}>
          <table className="dd-table dd-catalogue">
            <thead>
              <tr>
                <th scope="col">{dt('cat.key')}</th><th scope="col">{dt('cat.name')}</th><th scope="col">{dt('cat.topic')}</th>
                <th scope="col">{dt('cat.kind')}</th><th scope="col">{dt('cat.unit')}</th><th scope="col">{dt('cat.polarity')}</th>
                <th scope="col">{dt('cat.suppressionK')}</th><th scope="col">{dt('cat.periods')}</th><th scope="col">{dt('cat.source')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((i) => (
                <tr key={i.key} aria-current={i.key === indicatorKey ? 'true' : undefined}>
                  <td><a href={deskHref('catalogue', i.key)} aria-label={dt('cat.editLink', { name: pick(i.name, i.nameEn) })}><code>{i.key}</code></a></td>
                  <td>{pick(i.name, i.nameEn)}</td>
                  <td>{pick(i.topicName, i.topicNameEn)}</td>
                  <td>{dt(`kindOf.${i.kind}`)}{i.numerator ? ` (${i.numerator} / ${i.denominator ?? '–'})` : ''}</td>
                  <td>{pick(i.unit, i.unitEn)}</td>
                  <td>{dt(`polarity.${i.polarity}`)}</td>
                  <td className="num">{kOf.get(i.key) ?? ''}</td>
                  <td>{i.periods.length > 0 ? `${i.periods[0]}–${i.periods[i.periods.length - 1]} (${i.periods.length})` : dt('cat.noData')}</td>
                  <td>{i.source ?? ''}{i.licence ? ` · ${i.licence}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
