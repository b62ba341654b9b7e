import { useEffect, useState } from 'react';
import { useI18n, type MessageKey } from '../shared/i18n.ts';
import type { Layer } from '../areas/api.ts';
import { groupByTopic, type Indicator } from '../indicators/api.ts';
import { CLASS_METHODS, type ClassMethod } from './classify.ts';
import type { MapView } from './model.ts';

export interface Selection {
  topic: string | null;
  indicator: string;
  layer: string;
  period: string;
  method: ClassMethod;
  /** Fixed thresholds as typed ("10; 20; 30"). */
  breaks: string;
  /** Comparison period for the change column and the change map. */
  compare: string | null;
  view: MapView;
}

interface Props {
  indicators: Indicator[];
  layers: Layer[];
  selection: Selection;
  onChange: (change: Partial<Selection>) => void;
}

const METHOD_LABELS: Record<ClassMethod, MessageKey> = {
  quantile: 'method.quantile',
  equal: 'method.equal',
  jenks: 'method.jenks',
  sd: 'method.sd',
  fixed: 'method.fixed',
};

/** Accessible time slider: a native range input (arrow keys, Home/End) plus a play button. */
function PeriodSlider({ periods, value, onChange }: { periods: string[]; value: string; onChange: (p: string) => void }) {
  const { t } = useI18n();
  const [playing, setPlaying] = useState(false);
  const index = Math.max(0, periods.indexOf(value));

  useEffect(() => {
    if (!playing) return;
    const timer = window.setTimeout(() => {
      if (index >= periods.length - 1) setPlaying(false);
      else onChange(periods[index + 1]);
    }, 1200);
    return () => window.clearTimeout(timer);
  }, [playing, index, periods, onChange]);

  return (
    <div className="field field-slider">
      <label htmlFor="ctl-period">{t('controls.period')}: <output htmlFor="ctl-period" className="period-output">{value}</output></label>
      <div className="slider-row">
        <button
          type="button"
          className="play-button"
          aria-pressed={playing}
          aria-label={playing ? t('controls.pause') : t('controls.play')}
          title={playing ? t('controls.pause') : t('controls.play')}
          disabled={periods.length < 2}
          onClick={() => {
            if (!playing && index >= periods.length - 1) onChange(periods[0]);
            setPlaying(!playing);
          }}
        >
          <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span>
        </button>
        <input
          id="ctl-period"
          type="range"
          min={0}
          max={Math.max(0, periods.length - 1)}
          step={1}
          value={index}
          aria-valuetext={value}
          disabled={periods.length < 2}
          onChange={(e) => onChange(periods[Number(e.target.value)] ?? value)}
        />
      </div>
      <div className="slider-ends" aria-hidden="true"><span>{periods[0]}</span><span>{periods[periods.length - 1]}</span></div>
    </div>
  );
}

export function Controls({ indicators, layers, selection, onChange }: Props) {
  const { t, pick } = useI18n();
  const topics = groupByTopic(indicators);
  const shown = selection.topic ? topics.filter((g) => g.key === selection.topic) : topics;
  const indicator = indicators.find((i) => i.key === selection.indicator);
  const periods = indicator?.periods ?? [];
  const earlier = periods.filter((p) => p < selection.period);

  return (
    <form className="controls" aria-label={t('controls.label')} onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor="ctl-topic">{t('controls.topic')}</label>
        <select
          id="ctl-topic"
          value={selection.topic ?? ''}
          onChange={(e) => {
            const topic = e.target.value || null;
            const first = topics.find((g) => g.key === topic)?.indicators[0];
            // Keep the indicator if it belongs to the new topic, else take the topic's first one.
            const keep = !topic || indicator?.topic === topic;
            onChange({ topic, ...(keep || !first ? {} : { indicator: first.key }) });
          }}
        >
          <option value="">{t('controls.topicAll')}</option>
          {topics.map((g) => (
            <option key={g.key} value={g.key}>{pick(g.name, g.nameEn)}</option>
          ))}
        </select>
      </div>

      <div className="field field-wide">
        <label htmlFor="ctl-indicator">{t('controls.indicator')}</label>
        <select id="ctl-indicator" value={selection.indicator} onChange={(e) => onChange({ indicator: e.target.value })}>
          {shown.map((g) => (
            <optgroup key={g.key} label={pick(g.name, g.nameEn)}>
              {g.indicators.map((i) => (
                <option key={i.key} value={i.key}>{pick(i.name, i.nameEn)}</option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>

      <div className="field">
        <label htmlFor="ctl-layer">{t('controls.layer')}</label>
        <select id="ctl-layer" value={selection.layer} onChange={(e) => onChange({ layer: e.target.value })}>
          {layers.map((l) => (
            <option key={l.key} value={l.key}>{pick(l.name, l.nameEn)}</option>
          ))}
        </select>
      </div>

      <PeriodSlider periods={periods} value={selection.period} onChange={(period) => onChange({ period })} />

      <div className="field field-narrow">
        <label htmlFor="ctl-compare">{t('controls.compare')}</label>
        <select id="ctl-compare" value={selection.compare ?? ''} onChange={(e) => onChange({ compare: e.target.value || null })}>
          <option value="">{t('controls.compareNone')}</option>
          {[...earlier].reverse().map((p) => <option key={p} value={p}>{p}</option>)}
        </select>
      </div>

      <fieldset className="field field-radio" disabled={!selection.compare}>
        <legend>{t('controls.view')}</legend>
        {(['value', 'change'] as const).map((v) => (
          <label key={v}>
            <input type="radio" name="ctl-view" value={v} checked={selection.view === v} onChange={() => onChange({ view: v })} />
            {' '}{t(v === 'value' ? 'view.value' : 'view.change')}
          </label>
        ))}
      </fieldset>

      <div className="field">
        <label htmlFor="ctl-method">{t('controls.method')}</label>
        <select id="ctl-method" value={selection.method} onChange={(e) => onChange({ method: e.target.value as ClassMethod })}>
          {CLASS_METHODS.map((m) => (
            <option key={m} value={m}>{t(METHOD_LABELS[m])}</option>
          ))}
        </select>
      </div>

      {selection.method === 'fixed' && (
        <div className="field field-narrow">
          <label htmlFor="ctl-breaks">{t('controls.thresholds')}</label>
          <input
            id="ctl-breaks"
            type="text"
            inputMode="decimal"
            defaultValue={selection.breaks}
            placeholder={t('controls.thresholdsHint')}
            aria-describedby="ctl-breaks-hint"
            onBlur={(e) => onChange({ breaks: e.target.value })}
            onKeyDown={(e) => { if (e.key === 'Enter') onChange({ breaks: (e.target as HTMLInputElement).value }); }}
          />
          <span id="ctl-breaks-hint" className="field-hint">{t('controls.thresholdsHint')}</span>
        </div>
      )}
    </form>
  );
}
