import { useId } from 'react';
import type { Indicator } from '../indicators/api.ts';
import { useText } from '../auth/text.ts';
import type { ClassScheme } from './api.ts';
import { numberList } from './definition.ts';

const KINDS: ClassScheme['kind'][] = ['mss-status', 'mss-dynamics', 'sd', 'quantiles', 'ckmeans', 'equal-interval', 'fixed', 'hybrid'];

/** A fresh scheme of a kind, with the defaults of the schema. */
export function defaultScheme(kind: ClassScheme['kind']): ClassScheme {
  switch (kind) {
    case 'sd': return { kind, cuts: [{ at: -1, side: 'upper' }, { at: 1, side: 'lower' }, { at: 1.5, side: 'lower' }] };
    case 'quantiles': return { kind, k: 5 };
    case 'ckmeans': return { kind, k: 5 };
    case 'equal-interval': return { kind, k: 5 };
    case 'fixed': return { kind, thresholds: [0], side: 'upper' };
    case 'hybrid': return { kind, topShare: 0.05, levels: 9 };
    default: return { kind };
  }
}

interface Props {
  value: ClassScheme;
  onChange: (next: ClassScheme) => void;
  indicators: Indicator[];
  /** Path of this scheme in the definition ("classification" or "dynamics.classification"). */
  path: string;
  invalid: (path: string) => boolean;
}

export function ClassSchemeEditor({ value, onChange, indicators, path, invalid }: Props) {
  const { tm, pick } = useText();
  const id = useId();
  const labels = 'labels' in value && value.labels ? value.labels.join('; ') : '';
  const setLabels = (text: string) => {
    const list = text.split(';').map((s) => s.trim()).filter(Boolean);
    onChange({ ...value, labels: list.length ? list : undefined } as ClassScheme);
  };
  return (
    <div className="mod-grid">
      <div className="mod-field">
        <label htmlFor={`${id}-kind`}>{tm('idx.classKind')}</label>
        <select id={`${id}-kind`} value={value.kind} onChange={(e) => onChange(defaultScheme(e.target.value as ClassScheme['kind']))} aria-invalid={invalid(path)}>
          {KINDS.map((k) => <option key={k} value={k}>{tm(`idx.class.${k}`)}</option>)}
        </select>
      </div>
      {(value.kind === 'quantiles' || value.kind === 'ckmeans' || value.kind === 'equal-interval') && (
        <div className="mod-field">
          <label htmlFor={`${id}-k`}>{tm('idx.classCount')}</label>
          <input id={`${id}-k`} type="number" min={1} max={20} value={value.k} aria-invalid={invalid(`${path}.k`)}
            onChange={(e) => onChange({ ...value, k: Number(e.target.value) })} />
        </div>
      )}
      {value.kind === 'quantiles' && (
        <div className="mod-field">
          <label htmlFor={`${id}-w`}>{tm('idx.weightIndicator')}</label>
          <select id={`${id}-w`} value={value.weightIndicator ?? ''} aria-invalid={invalid(`${path}.weightIndicator`)}
            onChange={(e) => onChange({ ...value, weightIndicator: e.target.value || undefined })}>
            <option value="">{tm('idx.none')}</option>
            {indicators.filter((i) => i.kind === 'count').map((i) => <option key={i.key} value={i.key}>{pick(i.name, i.nameEn)}</option>)}
          </select>
        </div>
      )}
      {value.kind === 'sd' && (
        <div className="mod-field wide">
          <label htmlFor={`${id}-cuts`}>{tm('idx.sdCuts')}</label>
          <input id={`${id}-cuts`} defaultValue={value.cuts.map((c) => c.at).join('; ')} aria-invalid={invalid(`${path}.cuts`)}
            onBlur={(e) => onChange({ ...value, cuts: numberList(e.target.value).map((at) => ({ at, side: at < 0 ? 'upper' : 'lower' })) })} />
          <span className="field-hint">{tm('idx.sdCutsHint')}</span>
        </div>
      )}
      {value.kind === 'fixed' && (
        <>
          <div className="mod-field wide">
            <label htmlFor={`${id}-thr`}>{tm('idx.thresholds')}</label>
            <input id={`${id}-thr`} defaultValue={value.thresholds.join('; ')} aria-invalid={invalid(`${path}.thresholds`)}
              onBlur={(e) => onChange({ ...value, thresholds: numberList(e.target.value) })} />
          </div>
          <div className="mod-field">
            <label htmlFor={`${id}-side`}>{tm('idx.side')}</label>
            <select id={`${id}-side`} value={value.side ?? 'upper'} onChange={(e) => onChange({ ...value, side: e.target.value as 'lower' | 'upper' })}>
              <option value="upper">{tm('idx.sideUpper')}</option>
              <option value="lower">{tm('idx.sideLower')}</option>
            </select>
          </div>
        </>
      )}
      {value.kind === 'hybrid' && (
        <>
          <div className="mod-field">
            <label htmlFor={`${id}-top`}>{tm('idx.topShare')}</label>
            <input id={`${id}-top`} type="number" min={0} max={0.99} step={0.01} value={value.topShare ?? 0.05} aria-invalid={invalid(`${path}.topShare`)}
              onChange={(e) => onChange({ ...value, topShare: Number(e.target.value) })} />
          </div>
          <div className="mod-field">
            <label htmlFor={`${id}-lv`}>{tm('idx.levels')}</label>
            <input id={`${id}-lv`} type="number" min={2} max={20} value={value.levels ?? 9} aria-invalid={invalid(`${path}.levels`)}
              onChange={(e) => onChange({ ...value, levels: Number(e.target.value) })} />
          </div>
        </>
      )}
      {value.kind !== 'mss-status' && value.kind !== 'mss-dynamics' && (
        <div className="mod-field wide">
          <label htmlFor={`${id}-labels`}>{tm('idx.classLabels')}</label>
          <input id={`${id}-labels`} defaultValue={labels} onBlur={(e) => setLabels(e.target.value)} />
        </div>
      )}
      <p className="field-hint" style={{ flexBasis: '100%', margin: 0 }}>{tm(`idx.classHint.${value.kind}`)}</p>
    </div>
  );
}
