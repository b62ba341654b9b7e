import { useState, type FormEvent } from 'react';
import { errorText } from '../shared/api.ts';
import { uploadParticipants, type ImportReport } from './api.ts';
import { useUptakeText } from './text.ts';

// The import of participants: a count table or a list of persons; postcodes optionally through a
// weights matrix (upload, or a file in the open-data directory). The browser sends the file once.

export function ImportForm({ serviceKey, defaultLayer, onImported }: { serviceKey: string; defaultLayer: string; onImported: () => void }) {
  const { tu, lang } = useUptakeText();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [postcode, setPostcode] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const el = e.currentTarget;
    const data = new FormData(el);
    const options = {
      layer: String(data.get('layer') || defaultLayer), period: String(data.get('period') ?? ''), dryRun: data.get('dryRun') === 'on',
      ...(postcode ? { weights: 'postcode', ...(data.get('weightsPath') ? { weightsPath: String(data.get('weightsPath')) } : {}) } : {}),
    };
    const form = new FormData();
    form.set('options', JSON.stringify(options));
    const file = data.get('file');
    if (file instanceof File && file.size > 0) form.set('file', file, file.name);
    const weights = data.get('weights');
    if (postcode && weights instanceof File && weights.size > 0) form.set('weights', weights, weights.name);
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await uploadParticipants(serviceKey, form);
      setResult(r);
      if (r.status === 'committed') onImported();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="uptake-import" aria-labelledby="uptake-import-title">
      <h3 id="uptake-import-title">{tu('import.title')}</h3>
      <p>{tu('import.help')}</p>
      <form className="controls" onSubmit={submit}>
        <label>{tu('layer')} <input name="layer" defaultValue={defaultLayer} required pattern="[a-z0-9_]+" /></label>
        <label>{tu('period')} <input name="period" required pattern="\d{4}(-\d{2}(-\d{2})?)?" placeholder="2025" size={10} /></label>
        <label>{tu('import.file')} <input type="file" name="file" required accept=".csv,.txt,.xlsx" /></label>
        <label><input type="checkbox" checked={postcode} onChange={(e) => setPostcode(e.target.checked)} /> {tu('import.postcode')}</label>
        {postcode && (
          <>
            <label>{tu('import.weights')} <input type="file" name="weights" accept=".csv,.txt" /></label>
            <label>{tu('import.weightsPath')} <input name="weightsPath" placeholder="leipzig/raw/messy/matrixPLZtoORTSTEIL.csv" size={40} /></label>
          </>
        )}
        <label><input type="checkbox" name="dryRun" /> {tu('import.dryRun')}</label>
        <button type="submit" disabled={busy}>{tu('import.submit')}</button>
      </form>
      <div aria-live="polite">
        {error !== null && <p className="error" role="alert">{errorText(error, lang)}</p>}
        {result && (
          <p role="status">
            {tu('import.done', { participants: result.participants, records: result.recordsRead, assignment: result.assignment, outside: result.unassigned.outsideAreas, unknown: result.unassigned.unknownPostcode })}
          </p>
        )}
      </div>
    </section>
  );
}
