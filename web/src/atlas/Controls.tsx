import { useI18n, type MessageKey } from '../shared/i18n.ts';
import type { Layer } from '../areas/api.ts';
import { groupByTopic, type Indicator } from '../indicators/api.ts';
import { CLASS_METHODS, type ClassMethod } from './classify.ts';

export interface Selection {
  topic: string | null;
  indicator: string;
  layer: string;
  period: string;
  method: ClassMethod;
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
};

export function Controls({ indicators, layers, selection, onChange }: Props) {
  const { t, pick } = useI18n();
  const topics = groupByTopic(indicators);
  const shown = selection.topic ? topics.filter((g) => g.key === selection.topic) : topics;
  const indicator = indicators.find((i) => i.key === selection.indicator);
  const periods = indicator?.periods ?? [];

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

      <div className="field field-narrow">
        <label htmlFor="ctl-period">{t('controls.period')}</label>
        <select id="ctl-period" value={selection.period} onChange={(e) => onChange({ period: e.target.value })}>
          {[...periods].reverse().map((p) => (
            <option key={p} value={p}>{p}</option>
          ))}
        </select>
      </div>

      <div className="field">
        <label htmlFor="ctl-method">{t('controls.method')}</label>
        <select id="ctl-method" value={selection.method} onChange={(e) => onChange({ method: e.target.value as ClassMethod })}>
          {CLASS_METHODS.map((m) => (
            <option key={m} value={m}>{t(METHOD_LABELS[m])}</option>
          ))}
        </select>
      </div>
    </form>
  );
}
