import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../shared/api.ts';
import { errorText } from '../shared/api.ts';
import type { Indicator } from '../indicators/api.ts';
import { useDeskText, type DeskKey } from './text.ts';
import { saveIndicator, type IndicatorInput } from './api.ts';

// Create or edit one indicator's metadata (PUT /api/indicators/:key). Problems are shown at their
// field: first the checks the browser can make, then the server's validation (its field path).

const KINDS = ['count', 'share', 'rate', 'mean', 'index'] as const;
const POLARITIES = ['higher_is_worse', 'higher_is_better', 'neutral'] as const;
const KEY = /^[a-z0-9_]+$/;

interface Draft {
  key: string; name: string; nameEn: string; description: string; descriptionEn: string; unit: string; unitEn: string;
  topic: string; polarity: string; kind: string; numerator: string; denominator: string; scale: string; decimals: string;
  source: string; sourceUrl: string; licence: string; suppressionK: string;
}

function draftOf(i: Indicator | null, k: number | undefined): Draft {
  return {
    key: i?.key ?? '', name: i?.name ?? '', nameEn: i?.nameEn ?? '', description: i?.description ?? '', descriptionEn: i?.descriptionEn ?? '',
    unit: i?.unit ?? '', unitEn: i?.unitEn ?? '', topic: i?.topic ?? 'sonstiges', polarity: i?.polarity ?? 'neutral', kind: i?.kind ?? 'count',
    numerator: i?.numerator ?? '', denominator: i?.denominator ?? '', scale: String(i?.scale ?? 1), decimals: String(i?.decimals ?? 0),
    source: i?.source ?? '', sourceUrl: i?.sourceUrl ?? '', licence: i?.licence ?? '', suppressionK: String(k ?? 2),
  };
}

type Problems = Partial<Record<keyof Draft, string>>;

function localProblems(d: Draft, isNew: boolean, known: Set<string>, dt: (k: DeskKey, p?: Record<string, string | number>) => string): Problems {
  const p: Problems = {};
  if (isNew && !KEY.test(d.key)) p.key = dt('cat.err.key');
  if (isNew && known.has(d.key)) p.key = dt('cat.err.keyTaken');
  if (!d.name.trim()) p.name = dt('cat.err.required');
  if (!d.nameEn.trim()) p.nameEn = dt('cat.err.required');
  if (d.kind === 'share' || d.kind === 'rate') {
    if (d.numerator && !known.has(d.numerator)) p.numerator = dt('cat.err.unknownIndicator');
    if (d.denominator && !known.has(d.denominator)) p.denominator = dt('cat.err.unknownIndicator');
    if (d.numerator && d.numerator === d.denominator) p.denominator = dt('cat.err.sameAsNumerator');
  }
  if (!(Number(d.scale) > 0)) p.scale = dt('cat.err.positive');
  const dec = Number(d.decimals);
  if (!Number.isInteger(dec) || dec < 0 || dec > 6) p.decimals = dt('cat.err.decimals');
  const k = Number(d.suppressionK);
  if (!Number.isInteger(k) || k < 0) p.suppressionK = dt('cat.err.k');
  if (d.sourceUrl && !/^https?:\/\//.test(d.sourceUrl)) p.sourceUrl = dt('cat.err.url');
  return p;
}

function inputOf(d: Draft): IndicatorInput {
  const opt = (v: string) => v.trim() || undefined;
  const ratio = d.kind === 'share' || d.kind === 'rate';
  return {
    name: d.name.trim(), nameEn: d.nameEn.trim(), description: opt(d.description), descriptionEn: opt(d.descriptionEn), unit: d.unit, unitEn: d.unitEn,
    topic: d.topic, polarity: d.polarity, kind: d.kind, numerator: ratio ? opt(d.numerator) : undefined, denominator: ratio ? opt(d.denominator) : undefined,
    scale: Number(d.scale), decimals: Number(d.decimals), source: opt(d.source), sourceUrl: opt(d.sourceUrl), licence: opt(d.licence), suppressionK: Number(d.suppressionK),
  };
}

interface Props {
  indicator: Indicator | null;
  suppressionK: number | undefined;
  all: Indicator[];
  topics: { key: string; label: string }[];
  onSaved: (saved: Indicator) => void;
  onCancel: () => void;
}

export function IndicatorForm({ indicator, suppressionK, all, topics, onSaved, onCancel }: Props) {
  const { dt, lang, pick } = useDeskText();
  const id = useId();
  const isNew = indicator === null;
  const [draft, setDraft] = useState<Draft>(() => draftOf(indicator, suppressionK));
  const [problems, setProblems] = useState<Problems>({});
  const [serverError, setServerError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const known = new Set(all.map((i) => i.key));
  const counts = all.filter((i) => i.kind === 'count' && i.key !== draft.key);

  const set = (key: keyof Draft, value: string) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local = localProblems(draft, isNew, known, dt);
    setProblems(local);
    setServerError(null);
    const first = Object.keys(local)[0];
    if (first) { document.getElementById(`${id}-${first}`)?.focus(); return; }
    setBusy(true);
    try {
      onSaved(await saveIndicator(draft.key, inputOf(draft)));
    } catch (err) {
      // The server names the field (zod path or LernortError location); show it there.
      const field = err instanceof ApiError && err.field ? err.field.split('.')[0] : null;
      if (field && field in draft) {
        setProblems({ [field]: errorText(err, lang) });
        document.getElementById(`${id}-${field}`)?.focus();
      } else setServerError(err);
    } finally {
      setBusy(false);
    }
  };

  const field = (key: keyof Draft, label: DeskKey, control: ReactNode, hint?: DeskKey, wide = false) => (
    <div className={`dd-field${wide ? ' dd-wide' : ''}`}>
      <label htmlFor={`${id}-${key}`}>{dt(label)}</label>
      {control}
      {hint && <span id={`${id}-${key}-hint`} className="field-hint">{dt(hint)}</span>}
      {problems[key] && <p id={`${id}-${key}-err`} className="dd-field-error">{problems[key]}</p>}
    </div>
  );
  const aria = (key: keyof Draft, hint = false) => ({
    id: `${id}-${key}`,
    'aria-invalid': problems[key] ? true : undefined,
    'aria-describedby': [hint ? `${id}-${key}-hint` : '', problems[key] ? `${id}-${key}-err` : ''].filter(Boolean).join(' ') || undefined,
  });
  const text = (key: keyof Draft, label: DeskKey, opts: { hint?: DeskKey; wide?: boolean; required?: boolean; disabled?: boolean } = {}) =>
    field(key, label, <input type="text" {...aria(key, !!opts.hint)} required={opts.required} disabled={opts.disabled} value={draft[key]} onChange={(e) => set(key, e.target.value)} />, opts.hint, opts.wide);
  const select = (key: keyof Draft, label: DeskKey, options: { value: string; label: string }[], hint?: DeskKey) =>
    field(key, label, <select {...aria(key, !!hint)} value={draft[key]} onChange={(e) => set(key, e.target.value)}>{options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}</select>, hint);
  const ratio = draft.kind === 'share' || draft.kind === 'rate';
  const countOptions = [{ value: '', label: dt('cat.none') }, ...counts.map((c) => ({ value: c.key, label: `${pick(c.name, c.nameEn)} (${c.key})` }))];

  return (
    <form className="dd-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{isNew ? dt('cat.newTitle') : dt('cat.editTitle', { key: draft.key })}</h3>
      <div className="dd-grid">
        {text('key', 'cat.key', { hint: 'cat.keyHint', required: true, disabled: !isNew })}
        {text('name', 'cat.name', { required: true })}
        {text('nameEn', 'cat.nameEn', { required: true })}
        {field('description', 'cat.description', <textarea {...aria('description')} rows={3} value={draft.description} onChange={(e) => set('description', e.target.value)} />, undefined, true)}
        {field('descriptionEn', 'cat.descriptionEn', <textarea {...aria('descriptionEn')} rows={3} value={draft.descriptionEn} onChange={(e) => set('descriptionEn', e.target.value)} />, undefined, true)}
        {text('unit', 'cat.unit')}
        {text('unitEn', 'cat.unitEn')}
        {select('topic', 'cat.topic', topics.map((t) => ({ value: t.key, label: t.label })))}
        {select('polarity', 'cat.polarity', POLARITIES.map((p) => ({ value: p, label: dt(`polarity.${p}`) })))}
        {select('kind', 'cat.kind', KINDS.map((k) => ({ value: k, label: dt(`kindOf.${k}`) })), 'cat.kindHint')}
        {ratio && select('numerator', 'cat.numerator', countOptions)}
        {ratio && select('denominator', 'cat.denominator', countOptions)}
        {text('scale', 'cat.scale', { hint: 'cat.scaleHint' })}
        {text('decimals', 'cat.decimals')}
        {text('suppressionK', 'cat.suppressionK', { hint: 'cat.suppressionKHint' })}
        {text('source', 'cat.source', { wide: true })}
        {text('sourceUrl', 'cat.sourceUrl', { wide: true })}
        {text('licence', 'cat.licence')}
      </div>
      {Object.keys(problems).length > 0 && <p className="error" role="alert">{dt('cat.fixFields', { count: Object.keys(problems).length })}</p>}
      {serverError !== null && <p className="error" role="alert">{errorText(serverError, lang)}</p>}
      <div className="dd-actions">
        <button type="submit" className="dd-button primary" disabled={busy}>{dt('cat.save')}</button>
        <button type="button" className="dd-button" onClick={onCancel}>{dt('cat.cancel')}</button>
      </div>
    </form>
  );
}
