import { useState } from 'react';
import { getJson } from '../shared/api.ts';
import { apiSend } from '../auth/session.ts';
import { useApi } from '../shared/useApi.ts';
import { useI18n } from '../shared/i18n.ts';

// Goals with their status as a traffic light and the reason in words, and the caller's goal
// agreements with the lifecycle steps it may take (src/modules/goals).

interface Bilingual { de: string; en: string }
interface Goal { id: number; title: string; level: string; area: { name: string } | null; status: string; statusLabel: Bilingual; reason: Bilingual; latest: { year: number; value: number } | null; target: { year: number; value: number } | null }
interface AgreementRow { id: number; version: number; state: string; provider: { name: string | null }; content: { title: string }; allowedActions: string[]; overdue: string[] }

const LIGHT: Record<string, string> = { achieved: '#1a7f37', 'on-track': '#1a7f37', 'needs-acceleration': '#b58100', limited: '#c2410c', deterioration: '#b91c1c', 'not-computable': '#6b7280' };
const ACTION: Record<string, Bilingual> = {
  negotiate: { de: 'Zur Verhandlung stellen', en: 'Put up for negotiation' }, 'return-to-draft': { de: 'In den Entwurf zurück', en: 'Return to draft' },
  sign: { de: 'Unterzeichnen', en: 'Sign' }, 'start-reporting': { de: 'Berichtsphase beginnen', en: 'Start reporting' }, review: { de: 'Berichte prüfen', en: 'Review reports' },
  'resume-reporting': { de: 'Berichtsphase fortsetzen', en: 'Resume reporting' }, close: { de: 'Abschließen', en: 'Close' },
};

export function GoalsPage() {
  const { lang } = useI18n();
  const [tick, setTick] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const goals = useApi(`goals${tick}`, (s) => getJson<Goal[]>('/api/goals', s));
  const agreements = useApi(`agreements${tick}`, (s) => getJson<AgreementRow[]>('/api/agreements', s));
  const w = (b: Bilingual) => b[lang];

  async function step(id: number, action: string) {
    setError(null);
    try {
      await apiSend('POST', `/api/agreements/${id}/transitions`, { action });
      setTick((n) => n + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <section className="goals-page" aria-labelledby="goals-title">
      <h1 id="goals-title">{lang === 'de' ? 'Ziele und Zielvereinbarungen' : 'Goals and goal agreements'}</h1>
      <h2>{lang === 'de' ? 'Ziele' : 'Goals'}</h2>
      {goals.state === 'loading' && <p className="status">…</p>}
      {goals.state === 'error' && <p role="alert">{lang === 'de' ? 'Ziele konnten nicht geladen werden.' : 'Goals could not be loaded.'}</p>}
      {goals.state === 'ready' && (
        <ul className="goal-list">
          {goals.data.map((g) => (
            <li key={g.id}>
              <span aria-hidden="true" style={{ display: 'inline-block', width: '0.9em', height: '0.9em', borderRadius: '50%', background: LIGHT[g.status] ?? '#6b7280', marginRight: '0.5em' }} />
              <strong>{g.title}</strong> {g.area ? `(${g.area.name})` : ''} — <em>{w(g.statusLabel)}</em>
              <p>{w(g.reason)}</p>
            </li>
          ))}
          {goals.data.length === 0 && <li>{lang === 'de' ? 'Keine Ziele.' : 'No goals.'}</li>}
        </ul>
      )}
      <h2>{lang === 'de' ? 'Zielvereinbarungen' : 'Goal agreements'}</h2>
      {error && <p role="alert">{error}</p>}
      {agreements.state === 'ready' && (
        <ul className="agreement-list">
          {agreements.data.map((a) => (
            <li key={a.id}>
              <strong>{a.content.title}</strong> (v{a.version}, {a.provider.name ?? ''}) — {a.state}
              {a.overdue.length > 0 && <span role="status"> · {lang === 'de' ? 'überfällig' : 'overdue'}: {a.overdue.join(', ')}</span>}
              <div>
                {a.allowedActions.map((x) => <button key={x} type="button" onClick={() => void step(a.id, x)}>{ACTION[x] ? w(ACTION[x]) : x}</button>)}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
