import { useId, useState } from 'react';
import type { Indicator } from '../indicators/api.ts';
import { useText } from '../auth/text.ts';
import type { IndexDefinition, IndexIndicator, Standardisation } from './api.ts';
import { ClassSchemeEditor, defaultScheme } from './ClassSchemeEditor.tsx';

const STD_METHODS: Standardisation['method'][] = ['z-score', 'percentile-rank', 'min-max', 'goalposts', 'imd-exponential'];

function defaultStd(method: Standardisation['method']): Standardisation {
  switch (method) {
    case 'z-score': return { method, mean: 'unweighted', sdDivisor: 'N' };
    case 'percentile-rank': return { method, decimals: 4, rounding: 'round' };
    case 'min-max': return { method, scale: 1 };
    case 'goalposts': return { method, lower: 0, upper: 100 };
    default: return { method };
  }
}

function StandardisationEditor({ value, onChange, invalid, path }: { value: Standardisation; onChange: (s: Standardisation) => void; invalid: (p: string) => boolean; path: string }) {
  const { tm } = useText();
  const id = useId();
  return (
    <div className="mod-grid">
      <div className="mod-field">
        <label htmlFor={`${id}-m`}>{tm('idx.stdMethod')}</label>
        <select id={`${id}-m`} value={value.method} onChange={(e) => onChange(defaultStd(e.target.value as Standardisation['method']))} aria-invalid={invalid(path)}>
          {STD_METHODS.map((m) => <option key={m} value={m}>{tm(`idx.std.${m}`)}</option>)}
        </select>
      </div>
      {value.method === 'z-score' && (
        <>
          <div className="mod-field">
            <label htmlFor={`${id}-mean`}>{tm('idx.zMean')}</label>
            <select id={`${id}-mean`} value={value.mean ?? 'unweighted'} onChange={(e) => onChange({ ...value, mean: e.target.value as 'unweighted' | 'population-weighted' })}>
              <option value="unweighted">{tm('idx.zMeanUnweighted')}</option>
              <option value="population-weighted">{tm('idx.zMeanWeighted')}</option>
            </select>
          </div>
          <div className="mod-field">
            <label htmlFor={`${id}-sd`}>{tm('idx.sdDivisor')}</label>
            <select id={`${id}-sd`} value={value.sdDivisor ?? 'N'} onChange={(e) => onChange({ ...value, sdDivisor: e.target.value as 'N' | 'N-1' })}>
              <option value="N">{tm('idx.sdN')}</option>
              <option value="N-1">{tm('idx.sdN1')}</option>
            </select>
          </div>
        </>
      )}
      {value.method === 'percentile-rank' && (
        <>
          <div className="mod-field">
            <label htmlFor={`${id}-dec`}>{tm('idx.decimals')}</label>
            <input id={`${id}-dec`} type="number" min={0} max={10} value={value.decimals ?? 4} onChange={(e) => onChange({ ...value, decimals: Number(e.target.value) })} aria-invalid={invalid(`${path}.decimals`)} />
          </div>
          <div className="mod-field">
            <label htmlFor={`${id}-rnd`}>{tm('idx.rounding')}</label>
            <select id={`${id}-rnd`} value={value.rounding ?? 'round'} onChange={(e) => onChange({ ...value, rounding: e.target.value as 'round' | 'truncate' })}>
              <option value="round">{tm('idx.round')}</option>
              <option value="truncate">{tm('idx.truncate')}</option>
            </select>
          </div>
        </>
      )}
      {value.method === 'min-max' && (
        <div className="mod-field">
          <label htmlFor={`${id}-scale`}>{tm('idx.scale')}</label>
          <input id={`${id}-scale`} type="number" min={0} step="any" value={value.scale ?? 1} onChange={(e) => onChange({ ...value, scale: Number(e.target.value) })} aria-invalid={invalid(`${path}.scale`)} />
        </div>
      )}
      {value.method === 'goalposts' && (
        <>
          <div className="mod-field">
            <label htmlFor={`${id}-lo`}>{tm('idx.lower')}</label>
            <input id={`${id}-lo`} type="number" step="any" value={value.lower} onChange={(e) => onChange({ ...value, lower: Number(e.target.value) })} aria-invalid={invalid(`${path}.lower`)} />
          </div>
          <div className="mod-field">
            <label htmlFor={`${id}-up`}>{tm('idx.upper')}</label>
            <input id={`${id}-up`} type="number" step="any" value={value.upper} onChange={(e) => onChange({ ...value, upper: Number(e.target.value) })} aria-invalid={invalid(`${path}.upper`)} />
          </div>
        </>
      )}
    </div>
  );
}

interface Props {
  value: IndexDefinition;
  onChange: (next: IndexDefinition) => void;
  indicators: Indicator[];
  errorField: string | null;
  errorMessage: string | null;
}

export function DefinitionEditor({ value: def, onChange, indicators, errorField, errorMessage }: Props) {
  const { tm, pick } = useText();
  const id = useId();
  const [adding, setAdding] = useState('');
  const invalid = (path: string) => errorField !== null && (errorField === path || errorField.startsWith(`${path}.`));
  const fieldError = (path: string) => (errorField === path && errorMessage ? <p className="field-error" role="alert">{errorMessage}</p> : null);
  const name = (key: string) => {
    const ind = indicators.find((i) => i.key === key);
    return ind ? pick(ind.name, ind.nameEn) : key;
  };
  const set = (patch: Partial<IndexDefinition>) => onChange({ ...def, ...patch });
  const setIndicator = (i: number, patch: Partial<IndexIndicator>) =>
    set({ indicators: def.indicators.map((entry, j) => (j === i ? { ...entry, ...patch } : entry)) });
  const counts = indicators.filter((i) => i.kind === 'count');
  const minPop = def.exclusions?.minPopulation;
  const manual = def.exclusions?.manual ?? [];
  const sens = def.sensitivity ?? {};

  return (
    <div className="definition-editor">
      <fieldset className="mod-fieldset">
        <legend>{tm('idx.identity')}</legend>
        <div className="mod-grid">
          <div className="mod-field">
            <label htmlFor={`${id}-key`}>{tm('idx.key')}</label>
            <input id={`${id}-key`} value={def.key} onChange={(e) => set({ key: e.target.value })} aria-invalid={invalid('key')} />
            {fieldError('key')}
          </div>
          <div className="mod-field wide">
            <label htmlFor={`${id}-name`}>{tm('idx.name')}</label>
            <input id={`${id}-name`} value={def.name} onChange={(e) => set({ name: e.target.value })} aria-invalid={invalid('name')} />
            {fieldError('name')}
          </div>
          <div className="mod-field wide">
            <label htmlFor={`${id}-nameEn`}>{tm('idx.nameEn')}</label>
            <input id={`${id}-nameEn`} value={def.nameEn ?? ''} onChange={(e) => set({ nameEn: e.target.value || undefined })} />
          </div>
        </div>
        {def.description && <p className="hint small">{def.description}</p>}
      </fieldset>

      <fieldset className="mod-fieldset">
        <legend>{tm('idx.indicators')}</legend>
        <table className="mod-table">
          <thead>
            <tr><th scope="col">{tm('idx.indicator')}</th><th scope="col">{tm('idx.direction')}</th><th scope="col">{tm('idx.weight')}</th><th scope="col">{tm('idx.ownStd')}</th><th scope="col"><span className="visually-hidden">{tm('idx.remove')}</span></th></tr>
          </thead>
          <tbody>
            {def.indicators.map((entry, i) => (
              <tr key={`${entry.key}-${i}`}>
                <td>
                  <select aria-label={tm('idx.indicatorN', { n: i + 1 })} value={entry.key} onChange={(e) => setIndicator(i, { key: e.target.value })} aria-invalid={invalid(`indicators.${i}.key`)}>
                    {!indicators.some((x) => x.key === entry.key) && <option value={entry.key}>{entry.key}</option>}
                    {indicators.map((x) => <option key={x.key} value={x.key}>{pick(x.name, x.nameEn)}</option>)}
                  </select>
                  {fieldError(`indicators.${i}.key`)}
                </td>
                <td>
                  <select aria-label={tm('idx.directionOf', { name: name(entry.key) })} value={entry.direction} onChange={(e) => setIndicator(i, { direction: e.target.value as IndexIndicator['direction'] })}>
                    <option value="higher-is-worse">{tm('idx.higherWorse')}</option>
                    <option value="higher-is-better">{tm('idx.higherBetter')}</option>
                  </select>
                </td>
                <td>
                  <input aria-label={tm('idx.weightOf', { name: name(entry.key) })} type="number" min={0} step="any" style={{ width: '6rem' }} value={Number.isFinite(entry.weight) ? entry.weight : ''}
                    onChange={(e) => setIndicator(i, { weight: e.target.value === '' ? Number.NaN : Number(e.target.value) })} aria-invalid={invalid(`indicators.${i}.weight`)} />
                  {fieldError(`indicators.${i}.weight`)}
                </td>
                <td>
                  <select aria-label={tm('idx.ownStdOf', { name: name(entry.key) })} value={entry.standardisation?.method ?? ''}
                    onChange={(e) => setIndicator(i, { standardisation: e.target.value ? defaultStd(e.target.value as Standardisation['method']) : undefined })}>
                    <option value="">{tm('idx.asDefinition')}</option>
                    {STD_METHODS.filter((m) => m !== 'goalposts').map((m) => <option key={m} value={m}>{tm(`idx.std.${m}`)}</option>)}
                  </select>
                </td>
                <td>
                  <button type="button" className="mod-button danger" onClick={() => set({ indicators: def.indicators.filter((_, j) => j !== i) })}
                    aria-label={tm('idx.removeOf', { name: name(entry.key) })}>{tm('idx.remove')}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {fieldError('indicators')}
        <div className="mod-grid" style={{ marginTop: '0.4rem' }}>
          <div className="mod-field wide">
            <label htmlFor={`${id}-add`}>{tm('idx.addIndicator')}</label>
            <select id={`${id}-add`} value={adding} onChange={(e) => setAdding(e.target.value)}>
              <option value="">{tm('idx.choose')}</option>
              {indicators.filter((x) => !def.indicators.some((e) => e.key === x.key)).map((x) => <option key={x.key} value={x.key}>{pick(x.name, x.nameEn)}</option>)}
            </select>
          </div>
          <button type="button" className="mod-button" disabled={!adding} onClick={() => {
            const ind = indicators.find((x) => x.key === adding);
            set({ indicators: [...def.indicators, { key: adding, direction: ind?.polarity === 'higher_is_better' ? 'higher-is-better' : 'higher-is-worse', weight: 1 }] });
            setAdding('');
          }}>{tm('idx.add')}</button>
        </div>
      </fieldset>

      <fieldset className="mod-fieldset">
        <legend>{tm('idx.standardisation')}</legend>
        <StandardisationEditor value={def.standardisation ?? defaultStd('z-score')} onChange={(s) => set({ standardisation: s })} invalid={invalid} path="standardisation" />
        {fieldError('standardisation')}
        <div className="mod-grid">
          <div className="mod-field">
            <label htmlFor={`${id}-ref`}>{tm('idx.reference')}</label>
            <select id={`${id}-ref`} value={def.reference?.mode ?? 'per-period'} aria-invalid={invalid('reference')}
              onChange={(e) => set({ reference: e.target.value === 'fixed' ? { mode: 'fixed', period: indicators.find((x) => x.key === def.indicators[0]?.key)?.periods[0] ?? '2019' } : { mode: 'per-period' } })}>
              <option value="per-period">{tm('idx.refPerPeriod')}</option>
              <option value="fixed">{tm('idx.refFixed')}</option>
            </select>
          </div>
          {def.reference?.mode === 'fixed' && (
            <div className="mod-field">
              <label htmlFor={`${id}-refp`}>{tm('idx.refPeriod')}</label>
              <input id={`${id}-refp`} value={def.reference.period} onChange={(e) => set({ reference: { mode: 'fixed', period: e.target.value } })} aria-invalid={invalid('reference.period')} />
              {fieldError('reference.period')}
            </div>
          )}
          <div className="mod-field">
            <label htmlFor={`${id}-agg`}>{tm('idx.aggregation')}</label>
            <select id={`${id}-agg`} value={def.aggregation?.method ?? 'weighted-sum'} onChange={(e) => set({ aggregation: { method: e.target.value as 'weighted-sum' } })}>
              <option value="weighted-sum">{tm('idx.agg.weighted-sum')}</option>
              <option value="mean">{tm('idx.agg.mean')}</option>
              <option value="geometric-mean">{tm('idx.agg.geometric-mean')}</option>
            </select>
          </div>
          {def.aggregation?.method === 'geometric-mean' && (
            <div className="mod-field">
              <label htmlFor={`${id}-off`}>{tm('idx.offset')}</label>
              <input id={`${id}-off`} type="number" min={0} step="any" value={def.aggregation.offset ?? 0} onChange={(e) => set({ aggregation: { method: 'geometric-mean', offset: Number(e.target.value) } })} />
            </div>
          )}
          <div className="mod-field">
            <label htmlFor={`${id}-pop`}>{tm('idx.population')}</label>
            <select id={`${id}-pop`} value={def.population ?? ''} onChange={(e) => set({ population: e.target.value || undefined })} aria-invalid={invalid('population')}>
              <option value="">{tm('idx.none')}</option>
              {counts.map((x) => <option key={x.key} value={x.key}>{pick(x.name, x.nameEn)}</option>)}
            </select>
          </div>
        </div>
        <p className="field-hint">{def.reference?.mode === 'fixed' ? tm('idx.refFixedHint') : tm('idx.refPerPeriodHint')}</p>
      </fieldset>

      <fieldset className="mod-fieldset">
        <legend>{tm('idx.exclusions')}</legend>
        <div className="mod-grid">
          <label className="mod-check">
            <input type="checkbox" checked={minPop !== undefined}
              onChange={(e) => set({ exclusions: { ...def.exclusions, manual, minPopulation: e.target.checked ? { indicator: 'einwohner', threshold: 300 } : undefined } })} />
            {tm('idx.minPopulation')}
          </label>
          {minPop && (
            <>
              <div className="mod-field">
                <label htmlFor={`${id}-mpi`}>{tm('idx.minPopIndicator')}</label>
                <select id={`${id}-mpi`} value={minPop.indicator} aria-invalid={invalid('exclusions.minPopulation.indicator')}
                  onChange={(e) => set({ exclusions: { ...def.exclusions, manual, minPopulation: { ...minPop, indicator: e.target.value } } })}>
                  {!counts.some((x) => x.key === minPop.indicator) && <option value={minPop.indicator}>{minPop.indicator}</option>}
                  {counts.map((x) => <option key={x.key} value={x.key}>{pick(x.name, x.nameEn)}</option>)}
                </select>
              </div>
              <div className="mod-field">
                <label htmlFor={`${id}-mpt`}>{tm('idx.threshold')}</label>
                <input id={`${id}-mpt`} type="number" min={0} value={minPop.threshold} aria-invalid={invalid('exclusions.minPopulation.threshold')}
                  onChange={(e) => set({ exclusions: { ...def.exclusions, manual, minPopulation: { ...minPop, threshold: Number(e.target.value) } } })} />
              </div>
            </>
          )}
        </div>
        <h4>{tm('idx.manualExclusions')}</h4>
        {manual.length === 0 && <p className="hint small">{tm('idx.noManual')}</p>}
        {manual.map((m, i) => (
          <div className="mod-grid" key={i}>
            <div className="mod-field">
              <label htmlFor={`${id}-mc${i}`}>{tm('idx.areaCode')}</label>
              <input id={`${id}-mc${i}`} value={m.code} aria-invalid={invalid(`exclusions.manual.${i}.code`)}
                onChange={(e) => set({ exclusions: { ...def.exclusions, manual: manual.map((x, j) => (j === i ? { ...x, code: e.target.value } : x)) } })} />
            </div>
            <div className="mod-field wide">
              <label htmlFor={`${id}-mr${i}`}>{tm('idx.reason')}</label>
              <input id={`${id}-mr${i}`} value={m.reason} aria-invalid={invalid(`exclusions.manual.${i}.reason`)}
                onChange={(e) => set({ exclusions: { ...def.exclusions, manual: manual.map((x, j) => (j === i ? { ...x, reason: e.target.value } : x)) } })} />
            </div>
            <button type="button" className="mod-button danger" onClick={() => set({ exclusions: { ...def.exclusions, manual: manual.filter((_, j) => j !== i) } })}>{tm('idx.remove')}</button>
          </div>
        ))}
        <button type="button" className="mod-button" onClick={() => set({ exclusions: { ...def.exclusions, manual: [...manual, { code: '', reason: '' }] } })}>{tm('idx.addExclusion')}</button>
      </fieldset>

      <fieldset className="mod-fieldset">
        <legend>{tm('idx.classification')}</legend>
        <ClassSchemeEditor value={def.classification} onChange={(c) => set({ classification: c })} indicators={indicators} path="classification" invalid={invalid} />
        {fieldError('classification')}
      </fieldset>

      <fieldset className="mod-fieldset">
        <legend>{tm('idx.dynamics')}</legend>
        <label className="mod-check">
          <input type="checkbox" checked={def.dynamics !== undefined}
            onChange={(e) => set({ dynamics: e.target.checked ? { periods: 2, standardisation: defaultStd('z-score'), classification: defaultScheme('mss-dynamics') } : undefined })} />
          {tm('idx.withDynamics')}
        </label>
        {def.dynamics && (
          <>
            <div className="mod-grid">
              <div className="mod-field">
                <label htmlFor={`${id}-dk`}>{tm('idx.dynPeriods')}</label>
                <input id={`${id}-dk`} type="number" min={1} max={50} value={def.dynamics.periods ?? 2} aria-invalid={invalid('dynamics.periods')}
                  onChange={(e) => set({ dynamics: { ...def.dynamics!, periods: Number(e.target.value) } })} />
              </div>
              <div className="mod-field">
                <label htmlFor={`${id}-db`}>{tm('idx.dynBase')}</label>
                <input id={`${id}-db`} value={def.dynamics.basePeriod ?? ''} placeholder="2017" aria-invalid={invalid('dynamics.basePeriod')}
                  onChange={(e) => set({ dynamics: { ...def.dynamics!, basePeriod: e.target.value || undefined } })} />
              </div>
            </div>
            <h4>{tm('idx.dynClassification')}</h4>
            <ClassSchemeEditor value={def.dynamics.classification} onChange={(c) => set({ dynamics: { ...def.dynamics!, classification: c } })} indicators={indicators} path="dynamics.classification" invalid={invalid} />
          </>
        )}
      </fieldset>

      <fieldset className="mod-fieldset">
        <legend>{tm('idx.focusRule')}</legend>
        <div className="mod-field wide">
          <label htmlFor={`${id}-rule`}>{tm('idx.focusRuleLabel')}</label>
          <input id={`${id}-rule`} value={def.focusRule ?? ''} onChange={(e) => set({ focusRule: e.target.value || undefined })} aria-invalid={invalid('focusRule') || invalid('rule')} aria-describedby={`${id}-rule-hint`} />
          <span className="field-hint" id={`${id}-rule-hint`}>{tm('idx.focusRuleHint')}</span>
          {fieldError('focusRule')}{fieldError('rule')}
        </div>
      </fieldset>

      <fieldset className="mod-fieldset">
        <legend>{tm('idx.sensitivityDefaults')}</legend>
        <div className="mod-grid">
          <div className="mod-field">
            <label htmlFor={`${id}-draws`}>{tm('idx.draws')}</label>
            <input id={`${id}-draws`} type="number" min={10} max={10000} value={sens.draws ?? 1000} onChange={(e) => set({ sensitivity: { ...sens, draws: Number(e.target.value) } })} aria-invalid={invalid('sensitivity.draws')} />
          </div>
          <div className="mod-field">
            <label htmlFor={`${id}-wp`}>{tm('idx.weightPerturbation')}</label>
            <input id={`${id}-wp`} type="number" min={0} max={1} step={0.05} value={sens.weightPerturbation ?? 0.2} onChange={(e) => set({ sensitivity: { ...sens, weightPerturbation: Number(e.target.value) } })} />
          </div>
          <fieldset className="field-radio">
            <legend>{tm('idx.normalisations')}</legend>
            {(['z', 'minmax', 'percentile'] as const).map((n) => (
              <label key={n} className="mod-check">
                <input type="checkbox" checked={(sens.normalisations ?? ['z']).includes(n)}
                  onChange={(e) => {
                    const cur = sens.normalisations ?? ['z'];
                    const next = e.target.checked ? [...cur, n] : cur.filter((x) => x !== n);
                    set({ sensitivity: { ...sens, normalisations: next.length ? next : ['z'] } });
                  }} />
                {tm(`idx.norm.${n}`)}
              </label>
            ))}
          </fieldset>
          <label className="mod-check">
            <input type="checkbox" checked={sens.leaveOneOut ?? false} onChange={(e) => set({ sensitivity: { ...sens, leaveOneOut: e.target.checked } })} />
            {tm('idx.leaveOneOut')}
          </label>
        </div>
      </fieldset>
    </div>
  );
}
