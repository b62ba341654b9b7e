import { useId, useState, type FormEvent } from 'react';
import type { Indicator } from '../indicators/api.ts';
import type { Layer } from '../areas/api.ts';
import { errorText } from '../shared/api.ts';
import { invalidate, useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { formatNumber } from '../shared/format.ts';
import { useText } from '../auth/text.ts';
import { useSession } from '../auth/session.ts';
import { SignInNotice } from '../auth/AccountMenu.tsx';
import { computeAccess, computeSupply, getNorms, getServices, saveNorm, type AccessReport, type Norm, type SupplyReport, type Taxon } from './api.ts';
import { layerRoles } from '../areas/roles.ts';
import { hashHref } from '../shared/route.ts';

export interface Subject { type?: string; domain?: string }

const fmt = (v: number | null | undefined, locale: string, d: number) => (v === null || v === undefined ? '–' : formatNumber(v, locale, d));

/** Supply per area (facilities, places, per 1,000 / per 100 of the target group) and the gap to the planning norms. */
export function SupplyPanel({ subject, subjectName, layers, indicators, onResult }: { subject: Subject; subjectName: string; layers: Layer[]; indicators: Indicator[]; onResult: (r: SupplyReport | null) => void }) {
  const { tm, lang, locale, pick } = useText();
  const session = useSession();
  const id = useId();
  const [layerChoice, setLayer] = useState<string | null>(null);
  const roles = layerRoles(layers);
  const layer = layerChoice ?? roles.grouping?.key ?? roles.base?.key ?? '';
  const [target, setTarget] = useState('');
  const [report, setReport] = useState<SupplyReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const norms = useApi('norms', getNorms);
  const relevant: Norm[] = norms.state === 'ready' ? norms.data.filter((n) => (subject.type && n.facilityType === subject.type) || (subject.domain && n.domain === subject.domain)) : [];

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await computeSupply({ layer, ...subject, targetIndicator: target || undefined });
      setReport(r);
      onResult(r);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const below = report ? report.rows.filter((r) => Object.values(r.norms).some((n) => n.gap !== null && n.gap > 0)) : [];

  return (
    <section className="mod-section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{tm('sup.title', { subject: subjectName })}</h3>
      <p className="hint small">{tm('sup.intro')}</p>
      <NormList norms={relevant} indicators={indicators} />
      {session.can('registry:write') ? (
        <>
          <NormForm subject={subject} subjectName={subjectName} indicators={indicators} onSaved={() => void invalidate('norms')} />
          <div className="mod-grid" style={{ marginTop: '0.5rem' }}>
            <div className="mod-field">
              <label htmlFor={`${id}-l`}>{tm('idx.layer')}</label>
              <select id={`${id}-l`} value={layer} onChange={(e) => setLayer(e.target.value)}>
                {layers.filter((l) => l.areaCount > 1).map((l) => <option key={l.key} value={l.key}>{pick(l.name, l.nameEn)}</option>)}
              </select>
            </div>
            <div className="mod-field wide">
              <label htmlFor={`${id}-t`}>{tm('sup.target')}</label>
              <select id={`${id}-t`} value={target} onChange={(e) => setTarget(e.target.value)}>
                <option value="">{tm('idx.none')}</option>
                {indicators.filter((i) => i.kind === 'count').map((i) => <option key={i.key} value={i.key}>{pick(i.name, i.nameEn)}</option>)}
              </select>
            </div>
            <button type="button" className="mod-button primary" disabled={busy} onClick={() => void run()}>{busy ? tm('idx.computing') : tm('sup.compute')}</button>
          </div>
        </>
      ) : <SignInNotice need="registry:write" />}
      {error !== null && <p className="error" role="alert">{errorText(error, lang)}</p>}
      {report && (
        <>
          <p role="status">{tm('sup.done', { period: report.period, count: report.rows.length })} {relevant.length > 0 && tm('sup.below', { count: below.length })}</p>
          {report.rows.every((r) => r.places === null) && <p className="note">{tm('sup.noPlaces')}</p>}
          <div className="mod-scroll">
            <table className="mod-table supply-table">
              <caption>{tm('sup.caption', { subject: subjectName, period: report.period })}</caption>
              <thead>
                <tr>
                  <th scope="col">{tm('idx.area')}</th><th scope="col" className="num">{tm('sup.facilities')}</th><th scope="col" className="num">{tm('sup.places')}</th>
                  <th scope="col" className="num">{tm('sup.perThousand')}</th>{target && <th scope="col" className="num">{tm('sup.per100')}</th>}
                  {relevant.map((n) => <th scope="col" className="num" key={n.key}>{tm('sup.gapOf', { norm: pick(n.name, n.nameEn) })}</th>)}
                </tr>
              </thead>
              <tbody>
                {report.rows.map((r) => {
                  const gaps = relevant.map((n) => r.norms[n.key]?.gap ?? null);
                  return (
                    <tr key={r.code} className={gaps.some((g) => g !== null && g > 0) ? 'below-norm' : undefined}>
                      <th scope="row">{r.name}</th>
                      <td className="num">{r.facilities}</td><td className="num">{fmt(r.places, locale, 0)}</td>
                      <td className="num">{fmt(r.perThousand, locale, 2)}</td>{target && <td className="num">{fmt(r.placesPer100, locale, 1)}</td>}
                      {gaps.map((g, i) => <td className="num" key={i}>{g !== null && g > 0 ? <strong>{tm('sup.missing', { value: fmt(g, locale, 1) })}</strong> : fmt(g, locale, 1)}</td>)}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p className="hint small">{tm('sup.stored', { keys: report.indicators.map((i) => i.key).join(', ') })}</p>
        </>
      )}
    </section>
  );
}

function NormList({ norms, indicators }: { norms: Norm[]; indicators: Indicator[] }) {
  const { tm, pick, locale } = useText();
  if (norms.length === 0) return <p className="hint">{tm('norm.none')}</p>;
  return (
    <ul className="norm-list">
      {norms.map((n) => {
        const ind = indicators.find((i) => i.key === n.targetIndicator);
        return <li key={n.key}><strong>{pick(n.name, n.nameEn)}</strong>: {tm('norm.rule', { ratio: formatNumber(n.ratio, locale, 4), unit: n.unit, target: ind ? pick(ind.name, ind.nameEn) : n.targetIndicator })}{n.source ? ` (${n.source})` : ''}</li>;
      })}
    </ul>
  );
}

function NormForm({ subject, subjectName, indicators, onSaved }: { subject: Subject; subjectName: string; indicators: Indicator[]; onSaved: () => void }) {
  const { tm, lang, pick } = useText();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [ratio, setRatio] = useState('');
  const [target, setTarget] = useState('einwohner');
  const [unit, setUnit] = useState('Plätze');
  const [source, setSource] = useState('');
  const [error, setError] = useState<unknown>(null);
  if (!open) return <button type="button" className="mod-button" onClick={() => setOpen(true)}>{tm('norm.add', { subject: subjectName })}</button>;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const key = `${subject.type ?? subject.domain}_${name.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')}`.slice(0, 64);
    try {
      await saveNorm(key, { name: name.trim(), nameEn: name.trim(), domain: subject.domain ?? null, facilityType: subject.type ?? null, targetIndicator: target, ratio: Number(ratio.replace(',', '.')), unit: unit.trim() || 'Plätze', source: source.trim() || null });
      setOpen(false);
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="mod-grid" onSubmit={submit}>
      <div className="mod-field wide"><label htmlFor={`${id}-n`}>{tm('norm.name')}</label><input id={`${id}-n`} required value={name} onChange={(e) => setName(e.target.value)} /></div>
      <div className="mod-field"><label htmlFor={`${id}-r`}>{tm('norm.ratio')}</label><input id={`${id}-r`} required inputMode="decimal" value={ratio} onChange={(e) => setRatio(e.target.value)} aria-describedby={`${id}-rh`} /></div>
      <div className="mod-field wide"><label htmlFor={`${id}-t`}>{tm('norm.target')}</label>
        <select id={`${id}-t`} value={target} onChange={(e) => setTarget(e.target.value)}>{indicators.filter((i) => i.kind === 'count').map((i) => <option key={i.key} value={i.key}>{pick(i.name, i.nameEn)}</option>)}</select></div>
      <div className="mod-field"><label htmlFor={`${id}-u`}>{tm('norm.unit')}</label><input id={`${id}-u`} value={unit} onChange={(e) => setUnit(e.target.value)} /></div>
      <div className="mod-field wide"><label htmlFor={`${id}-s`}>{tm('norm.source')}</label><input id={`${id}-s`} value={source} onChange={(e) => setSource(e.target.value)} /></div>
      <p className="field-hint" id={`${id}-rh`} style={{ flexBasis: '100%', margin: 0 }}>{tm('norm.ratioHint')}</p>
      {error !== null && <p className="error" role="alert">{errorText(error, lang)}</p>}
      <button type="submit" className="mod-button primary">{tm('norm.save')}</button>
      <button type="button" className="mod-button" onClick={() => setOpen(false)}>{tm('common.cancel')}</button>
    </form>
  );
}

const METHODS = ['e2sfca', '2sfca', 'bfca', 'gravity'] as const;

/** Accessibility (METHODS §6): straight-line distance × detour factor, no street network. */
export function AccessPanel({ subject, subjectName, layers, onResult }: { subject: Subject; subjectName: string; layers: Layer[]; onResult: (r: AccessReport | null) => void }) {
  const { tm, lang, locale, pick } = useText();
  const session = useSession();
  const id = useId();
  const [layerChoice, setLayer] = useState<string | null>(null);
  const layer = layerChoice ?? layerRoles(layers).base?.key ?? '';
  const [method, setMethod] = useState<(typeof METHODS)[number]>('e2sfca');
  const [cutoff, setCutoff] = useState('30');
  const [speed, setSpeed] = useState('4.8');
  const [detour, setDetour] = useState('1.3');
  const [points, setPoints] = useState<'centroid' | 'surface'>('centroid');
  const [report, setReport] = useState<AccessReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await computeAccess({
        layer, ...subject, method, speedKmh: Number(speed.replace(',', '.')), detour: Number(detour.replace(',', '.')), demandPoints: points,
        cutoff: method === 'e2sfca' ? undefined : Number(cutoff),
      });
      setReport(r);
      onResult(r);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const rows = report ? [...report.rows].sort((a, b) => (a.access ?? Infinity) - (b.access ?? Infinity)) : [];
  return (
    <section className="mod-section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{tm('acc.title', { subject: subjectName })}</h3>
      <p className="note" role="note"><strong>{tm('acc.noNetwork')}</strong> {tm('acc.noNetworkDetail')}</p>
      {session.can('registry:write') ? (
        <div className="mod-grid">
          <div className="mod-field">
            <label htmlFor={`${id}-m`}>{tm('acc.method')}</label>
            <select id={`${id}-m`} value={method} onChange={(e) => setMethod(e.target.value as (typeof METHODS)[number])}>
              {METHODS.map((m) => <option key={m} value={m}>{tm(`acc.method.${m}`)}</option>)}
            </select>
          </div>
          <div className="mod-field">
            <label htmlFor={`${id}-l`}>{tm('idx.layer')}</label>
            <select id={`${id}-l`} value={layer} onChange={(e) => setLayer(e.target.value)}>
              {layers.filter((l) => l.areaCount > 1 && l.kind === 'geometry').map((l) => <option key={l.key} value={l.key}>{pick(l.name, l.nameEn)}</option>)}
            </select>
          </div>
          {method !== 'e2sfca' && (
            <div className="mod-field"><label htmlFor={`${id}-c`}>{tm('acc.cutoff')}</label><input id={`${id}-c`} type="number" min={1} max={600} value={cutoff} onChange={(e) => setCutoff(e.target.value)} /></div>
          )}
          <div className="mod-field"><label htmlFor={`${id}-v`}>{tm('acc.speed')}</label><input id={`${id}-v`} inputMode="decimal" value={speed} onChange={(e) => setSpeed(e.target.value)} /></div>
          <div className="mod-field"><label htmlFor={`${id}-d`}>{tm('acc.detour')}</label><input id={`${id}-d`} inputMode="decimal" value={detour} onChange={(e) => setDetour(e.target.value)} /></div>
          <div className="mod-field">
            <label htmlFor={`${id}-p`}>{tm('acc.points')}</label>
            <select id={`${id}-p`} value={points} onChange={(e) => setPoints(e.target.value as 'centroid' | 'surface')}>
              <option value="centroid">{tm('acc.centroid')}</option>
              <option value="surface">{tm('acc.surface')}</option>
            </select>
          </div>
          <button type="button" className="mod-button primary" disabled={busy} onClick={() => void run()}>{busy ? tm('idx.computing') : tm('acc.compute')}</button>
          {method === 'e2sfca' && <p className="field-hint" style={{ flexBasis: '100%', margin: 0 }}>{tm('acc.steps')}</p>}
        </div>
      ) : <SignInNotice need="registry:write" />}
      {error !== null && <p className="error" role="alert">{errorText(error, lang)}</p>}
      {report && (
        <>
          <p role="status" className="access-summary">
            {tm('acc.done', { count: report.rows.length, period: report.period, unit: report.supplyIsCount ? tm('acc.unitFacilities') : tm('acc.unitPlaces') })}{' '}
            {tm('acc.invariant', { pa: fmt(report.invariant.sumPA, locale, 1), s: fmt(report.invariant.sumS, locale, 1), unreached: report.unreachedFacilities })}
          </p>
          <div className="mod-scroll" style={{ maxHeight: '24rem' }}>
            <table className="mod-table access-table">
              <caption>{tm('acc.caption', { method: tm(`acc.method.${method}`), subject: subjectName })}</caption>
              <thead><tr><th scope="col">{tm('idx.area')}</th><th scope="col" className="num">{tm('acc.population')}</th><th scope="col" className="num">{tm('acc.access')}</th></tr></thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.code}><th scope="row">{r.name}</th><td className="num">{fmt(r.population, locale, 0)}</td><td className="num">{fmt(r.access, locale, 3)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="hint small">{tm('acc.stored', { key: report.indicator })}</p>
        </>
      )}
    </section>
  );
}

/** For coordinators: the offers located in or serving one planning area. */
export function OffersPanel({ groupingLayer, planningAreas, domains }: { groupingLayer: string | null; planningAreas: { code: string; name: string }[]; domains: Taxon[] }) {
  const { tm, pick } = useText();
  const id = useId();
  const [code, setCode] = useState('');
  const services = useApi(code && groupingLayer ? `registry|services|${groupingLayer}|${code}` : null, (signal) => getServices({ layer: groupingLayer!, code }, signal));
  const domainName = (key: string) => { const d = domains.find((x) => x.key === key); return d ? pick(d.name, d.nameEn) : key; };
  return (
    <section className="mod-section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{tm('off.title')}</h3>
      <div className="mod-field wide">
        <label htmlFor={`${id}-pr`}>{tm('off.area')}</label>
        <select id={`${id}-pr`} value={code} onChange={(e) => setCode(e.target.value)}>
          <option value="">{tm('idx.choose')}</option>
          {planningAreas.map((a) => <option key={a.code} value={a.code}>{a.name}</option>)}
        </select>
      </div>
      {services.state === 'error' && <ErrorMessage error={services.error} />}
      {code && services.state === 'ready' && (services.data.length === 0 ? <p className="hint">{tm('off.none')}</p> : (
        <table className="mod-table">
          <thead><tr><th scope="col">{tm('svc.name')}</th><th scope="col">{tm('svc.domain')}</th><th scope="col">{tm('svc.ages')}</th><th scope="col" className="num">{tm('svc.capacity')}</th><th scope="col">{tm('fac.provider')}</th><th scope="col">{tm('fac.status')}</th></tr></thead>
          <tbody>
            {services.data.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.facilityIds[0] ? <a href={hashHref(['einrichtungen', s.facilityIds[0]])}>{s.name}</a> : s.name}</th>
                <td>{domainName(s.domain)}</td>
                <td>{s.ageMin ?? '–'}–{s.ageMax ?? '–'}</td>
                <td className="num">{s.capacity ?? '–'} {s.capacityUnit ?? ''}</td>
                <td>{s.organisation ?? '–'}</td>
                <td>{tm(`fac.status.${s.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}
