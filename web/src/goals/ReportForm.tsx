import { useState, type FormEvent } from 'react';
import { useApi } from '../shared/useApi.ts';
import { useSession } from '../auth/session.ts';
import { useGoalText } from './text.ts';
import { attachmentHref, centsToInput, getAgreement, getAttachments, getReports, href, parseEuro, reportStep, saveReport, uploadAttachment, type Agreement, type Report, type ReportInput } from './api.ts';
import { ErrorLine, Loading } from './parts.tsx';

// "#/ziele/vereinbarung/{id}/bericht/{due}": the provider's report at one reporting date — inputs
// (funding from the Jugendamt, own and third-party funds), outputs (offers, participants by age band
// and by area of residence), outcomes (numbers and text) and impact; save, submit. The coordinator
// reviews: a comment, accept, or ask for revision. Overdue dates are flagged.

/** The age bands of the uptake module. */
const AGE_BANDS = ['0-<3', '3-<6', '6-<10', '10-<15', '15-<18', '18-<27'];

interface Row { key: string; value: string }
const rows = (r: Record<string, number> | undefined): Row[] => Object.entries(r ?? {}).map(([key, v]) => ({ key, value: String(v) }));
const int = (s: string) => (s.trim() === '' ? 0 : /^\d+$/.test(s.trim()) ? Number(s.trim()) : NaN);

function Form({ a, report, due, onChange }: { a: Agreement; report: Report | undefined; due: string; onChange: (note: string) => void }) {
  const { tg, tk, lang } = useGoalText();
  const session = useSession();
  const state = report?.state ?? 'draft';
  const isProvider = session.user?.role === 'provider';
  const canEdit = isProvider && session.can('agreements:report') && a.state === 'reporting' && (state === 'draft' || state === 'revision-requested');
  const canReview = session.can('goals:write') && session.can('agreements:party') && a.state === 'reporting' && state === 'submitted';
  const [funding, setFunding] = useState(centsToInput(report?.inputs.fundingJugendamtCents ?? 0, lang));
  const [own, setOwn] = useState(centsToInput(report?.inputs.ownFundsCents ?? 0, lang));
  const [third, setThird] = useState(centsToInput(report?.inputs.thirdPartyCents ?? 0, lang));
  const [offers, setOffers] = useState(String(report?.outputs.offers ?? 0));
  const [ages, setAges] = useState<Record<string, string>>(() => Object.fromEntries(AGE_BANDS.map((b) => [b, String(report?.outputs.participantsByAge[b] ?? 0)])));
  const [areas, setAreas] = useState<Row[]>(() => rows(report?.outputs.participantsByArea));
  const [outcomes, setOutcomes] = useState<Row[]>(() => rows(report?.outcomes));
  const [outcomesText, setOutcomesText] = useState(report?.outcomesText ?? '');
  const [impact, setImpact] = useState(report?.impactText ?? '');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);

  function input(): ReportInput | null {
    const f = parseEuro(funding); const o = parseEuro(own); const t = parseEuro(third);
    if (f === null || o === null || t === null) { setProblem(lang === 'de' ? 'Beträge bitte als Zahl in Euro, z. B. 12500 oder 12.500,50.' : 'Please give amounts as a number of euros, e.g. 12500 or 12,500.50.'); return null; }
    const byAge = Object.fromEntries(AGE_BANDS.map((b) => [b, int(ages[b] ?? '')]).filter(([, v]) => v !== 0));
    const byArea = Object.fromEntries(areas.filter((r) => r.key.trim()).map((r) => [r.key.trim(), int(r.value)]));
    const outs = Object.fromEntries(outcomes.filter((r) => r.key.trim()).map((r) => [r.key.trim(), Number(r.value.replace(',', '.'))]));
    if ([int(offers), ...Object.values(byAge), ...Object.values(byArea)].some((v) => !Number.isInteger(v)) || Object.values(outs).some((v) => !Number.isFinite(v))) {
      setProblem(lang === 'de' ? 'Anzahlen bitte als ganze Zahlen ab 0, Kennzahlen als Zahl.' : 'Counts must be whole numbers from 0, measures numbers.');
      return null;
    }
    setProblem(null);
    return { fundingJugendamtCents: f, ownFundsCents: o, thirdPartyCents: t, offers: int(offers), participantsByAge: byAge as Record<string, number>, participantsByArea: byArea, outcomes: outs, outcomesText, impactText: impact };
  }

  async function save(e: FormEvent | null, submitAfter: boolean) {
    e?.preventDefault();
    setError(null);
    const body = input();
    if (!body) return;
    try {
      await saveReport(a.id, due, body);
      if (submitAfter) await reportStep(a.id, due, 'submit');
      onChange(submitAfter ? tg('report.submitted') : tg('report.saved'));
    } catch (err) { setError(err); }
  }
  async function review(action: 'accept' | 'request-revision') {
    setError(null);
    try { await reportStep(a.id, due, action, comment.trim() || undefined); onChange(tg('agreement.stepDone', { step: tg(action === 'accept' ? 'report.accept' : 'report.revise') })); } catch (err) { setError(err); }
  }

  const totalAge = AGE_BANDS.reduce((s, b) => s + (int(ages[b] ?? '') || 0), 0);
  const totalArea = areas.reduce((s, r) => s + (int(r.value) || 0), 0);
  const ro = !canEdit;

  return (
    <>
      <p>
        <strong>{tg('report.state')}:</strong> <span className="badge" data-testid="report-state">{tk('report.rstate', report?.state ?? 'missing')}</span>
        {report?.submittedAt && <span className="hint"> · {tg('report.submittedAt', { at: report.submittedAt.slice(0, 10) })}</span>}
      </p>
      {report?.reviewComment && <p className="review-comment" role="note">{tg('report.lastComment', { comment: report.reviewComment })}</p>}
      {a.state !== 'reporting' && <p className="readonly-note">{tg('report.notReporting')}</p>}
      {a.state === 'reporting' && ro && !canReview && <p className="readonly-note">{tg('report.readOnly')}</p>}
      <form className="report-form" onSubmit={(e) => void save(e, false)} aria-label={tg('report.title', { due })}>
        <fieldset disabled={ro}>
          <legend>{tg('report.inputs')}</legend>
          <div className="rf-grid">
            <label htmlFor="rf-funding">{tg('report.funding')}</label><input id="rf-funding" inputMode="decimal" value={funding} onChange={(e) => setFunding(e.target.value)} />
            <label htmlFor="rf-own">{tg('report.own')}</label><input id="rf-own" inputMode="decimal" value={own} onChange={(e) => setOwn(e.target.value)} />
            <label htmlFor="rf-third">{tg('report.third')}</label><input id="rf-third" inputMode="decimal" value={third} onChange={(e) => setThird(e.target.value)} />
          </div>
        </fieldset>
        <fieldset disabled={ro}>
          <legend>{tg('report.outputs')}</legend>
          <div className="rf-grid">
            <label htmlFor="rf-offers">{tg('report.offers')}</label><input id="rf-offers" inputMode="numeric" value={offers} onChange={(e) => setOffers(e.target.value)} />
          </div>
          <h4 id="rf-h-age">{tg('report.byAge')}</h4>
          <div className="rf-bands" role="group" aria-labelledby="rf-h-age">
            {AGE_BANDS.map((b) => (
              <label key={b} className="rf-band">
                <span>{b.replace('-<', '–')} {lang === 'de' ? 'J.' : 'y'}</span>
                <input inputMode="numeric" value={ages[b]} onChange={(e) => setAges((x) => ({ ...x, [b]: e.target.value }))} />
              </label>
            ))}
            <span className="rf-total">{tg('report.total')}: {totalAge}</span>
          </div>
          <h4 id="rf-h-area">{tg('report.byArea')}</h4>
          <div role="group" aria-labelledby="rf-h-area">
            {areas.map((r, i) => (
              <div key={i} className="rf-pair">
                <input aria-label={`${tg('report.areaCode')} ${i + 1}`} value={r.key} onChange={(e) => setAreas((x) => x.map((y, j) => (j === i ? { ...y, key: e.target.value } : y)))} />
                <input aria-label={`${tg('report.byArea')} ${i + 1}`} inputMode="numeric" value={r.value} onChange={(e) => setAreas((x) => x.map((y, j) => (j === i ? { ...y, value: e.target.value } : y)))} />
                <button type="button" className="secondary" onClick={() => setAreas((x) => x.filter((_, j) => j !== i))}>{tg('report.removeArea')}</button>
              </div>
            ))}
            <button type="button" className="secondary" onClick={() => setAreas((x) => [...x, { key: '', value: '0' }])}>{tg('report.addArea')}</button>
            <span className="rf-total">{tg('report.total')}: {totalArea}</span>
          </div>
        </fieldset>
        <fieldset disabled={ro}>
          <legend>{tg('report.outcomes')}</legend>
          {outcomes.map((r, i) => (
            <div key={i} className="rf-pair">
              <input aria-label={`${tg('report.outcomeName')} ${i + 1}`} value={r.key} onChange={(e) => setOutcomes((x) => x.map((y, j) => (j === i ? { ...y, key: e.target.value } : y)))} />
              <input aria-label={`${tg('report.outcomeValue')} ${i + 1}`} inputMode="decimal" value={r.value} onChange={(e) => setOutcomes((x) => x.map((y, j) => (j === i ? { ...y, value: e.target.value } : y)))} />
              <button type="button" className="secondary" onClick={() => setOutcomes((x) => x.filter((_, j) => j !== i))}>{tg('report.removeArea')}</button>
            </div>
          ))}
          <button type="button" className="secondary" onClick={() => setOutcomes((x) => [...x, { key: '', value: '0' }])}>{tg('report.addOutcome')}</button>
          <label htmlFor="rf-outcomes" className="rf-block">{tg('report.outcomesText')}</label>
          <textarea id="rf-outcomes" rows={4} value={outcomesText} onChange={(e) => setOutcomesText(e.target.value)} maxLength={20000} />
        </fieldset>
        <fieldset disabled={ro}>
          <legend>{tg('report.impact')}</legend>
          <label htmlFor="rf-impact" className="visually-hidden">{tg('report.impact')}</label>
          <textarea id="rf-impact" rows={4} value={impact} onChange={(e) => setImpact(e.target.value)} maxLength={20000} />
        </fieldset>
        {problem && <p className="error" role="alert">{problem}</p>}
        {canEdit && (
          <div className="goal-actions">
            <button type="submit" className="secondary">{tg('report.save')}</button>
            <button type="button" onClick={() => void save(null, true)}>{tg('report.submit')}</button>
          </div>
        )}
      </form>
      {canReview && (
        <section className="review-box" aria-labelledby="rf-h-review">
          <h3 id="rf-h-review">{tg('report.review')}</h3>
          <label htmlFor="rf-comment">{tg('report.reviewComment')}</label>
          <textarea id="rf-comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={5000} />
          <div className="goal-actions">
            <button type="button" onClick={() => void review('accept')}>{tg('report.accept')}</button>
            <button type="button" className="secondary" onClick={() => void review('request-revision')}>{tg('report.revise')}</button>
          </div>
        </section>
      )}
      <ErrorLine error={error} />
    </>
  );
}

/** The report's attachments: a list with download links; the provider uploads while it may change the report. */
function Attachments({ a, report, due }: { a: Agreement; report: Report | undefined; due: string }) {
  const { tg } = useGoalText();
  const session = useSession();
  const [tick, setTick] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<unknown>(null);
  const list = useApi(report ? `report-attachments-${a.id}-${due}-${tick}` : null, (s) => getAttachments(a.id, due, s));
  const state = report?.state ?? 'draft';
  const canUpload = session.user?.role === 'provider' && session.can('agreements:report') && a.state === 'reporting' && (state === 'draft' || state === 'revision-requested');
  async function upload(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setError(null);
    try { await uploadAttachment(a.id, due, file); setFile(null); setTick((x) => x + 1); } catch (err) { setError(err); }
  }
  return (
    <section aria-labelledby="rf-h-att" className="goal-attachments">
      <h3 id="rf-h-att">{tg('attach.title')}</h3>
      {!report ? <p className="hint">{canUpload ? tg('attach.saveFirst') : tg('attach.none')}</p> : (
        <Loading value={list}>{(items) => items.length === 0 ? <p className="hint">{tg('attach.none')}</p> : (
          <ul data-testid="report-attachments">
            {items.map((x) => <li key={x.id}><a href={attachmentHref(x.id)} download={x.fileName}>{x.fileName}</a> <span className="hint">({Math.max(1, Math.round(x.sizeBytes / 1024))} KB)</span></li>)}
          </ul>
        )}</Loading>
      )}
      {report && canUpload && (
        <form className="goal-inline" onSubmit={(e) => void upload(e)}>
          <label htmlFor="rf-file">{tg('attach.file')}</label>
          <input id="rf-file" type="file" accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.odt,.ods,.txt,.csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} required />
          <button type="submit" disabled={!file}>{tg('attach.upload')}</button>
          <ErrorLine error={error} />
        </form>
      )}
    </section>
  );
}

export function ReportPage({ agreementId, due }: { agreementId: number; due: string }) {
  const { tg, tk } = useGoalText();
  const [tick, setTick] = useState(0);
  const [note, setNote] = useState<string | null>(null);
  const data = useApi(`report-${agreementId}-${due}-${tick}`, async (s) => {
    const [a, reports] = await Promise.all([getAgreement(agreementId, s), getReports(agreementId, s)]);
    return { a, report: reports.find((r) => r.due === due) };
  });
  return (
    <section className="goals-page report-page">
      <nav className="goal-crumbs"><a href={href.agreement(agreementId)}>{tg('report.back')}</a></nav>
      <Loading value={data}>{({ a, report }) => {
        const d = a.dueDates.find((x) => x.due === due);
        if (!d) return <p className="error" role="alert">{tg('report.unknown')}</p>;
        return (
          <>
            <h2>{tg('report.title', { due })}</h2>
            <p className="agreement-sub">{a.content.title} · {a.provider.name ?? ''} · {d.state === 'overdue' ? <strong className="overdue-flag">⚠ {tk('report.due', d.state)}</strong> : tk('report.due', d.state)}</p>
            <Form a={a} report={report} due={due} onChange={(n) => { setNote(n); setTick((x) => x + 1); }} />
            <Attachments a={a} report={report} due={due} />
          </>
        );
      }}</Loading>
      {note && <p className="saved" role="status" data-testid="report-note">{note}</p>}
    </section>
  );
}
