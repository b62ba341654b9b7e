import { useState } from 'react';
import { invalidate, useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { errorText } from '../shared/api.ts';
import { useDeskText } from './text.ts';
import { getImport, listImports, undoAvailable, undoImport, type ImportRecord } from './api.ts';
import { ReportView, statusKey } from './ReportView.tsx';
import { deskHref } from './DataDesk.tsx';

// Every import record (who, when, file, hash, counts, warnings) and one record's full report.
// Undo appears only when the server documents POST /api/imports/{id}/undo (built separately).

export function HistoryPage({ recordId }: { recordId: number | null }) {
  const { dt, locale } = useDeskText();
  const records = useApi('imports|list', listImports);
  const undo = useApi('imports-undo', undoAvailable);
  const canUndo = undo.state === 'ready' && undo.data;

  return (
    <>
      <h2>{dt('history.title')}</h2>
      {recordId !== null && Number.isInteger(recordId) && recordId > 0 && (
        <RecordDetail id={recordId} canUndo={canUndo} onUndone={() => void invalidate('imports', 'indicators', 'obs')} />
      )}
      {!canUndo && <p className="field-hint">{dt('history.noUndo')}</p>}
      {records.state === 'loading' && <p aria-busy="true">{dt('desk.loading')}</p>}
      {records.state === 'error' && <ErrorMessage error={records.error} />}
      {records.state === 'ready' && (records.data.length === 0 ? <p>{dt('history.empty')}</p> : (
        <div className="dd-scroll dd-tall" tabIndex={0} role="region" aria-label={dt('history.title')}>
          <table className="dd-table dd-history">
            <caption className="visually-hidden">{dt('history.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{dt('history.col.id')}</th><th scope="col">{dt('report.when')}</th><th scope="col">{dt('report.actor')}</th>
                <th scope="col">{dt('report.file')}</th><th scope="col">{dt('report.hash')}</th><th scope="col">{dt('history.col.status')}</th>
                <th scope="col">{dt('report.rowsRead')}</th><th scope="col">{dt('report.rowsWritten')}</th><th scope="col">{dt('report.rowsRejected')}</th>
                <th scope="col">{dt('history.col.warnings')}</th><th scope="col">{dt('history.col.errors')}</th>
              </tr>
            </thead>
            <tbody>
              {records.data.map((r) => (
                <tr key={r.id} aria-current={r.id === recordId ? 'true' : undefined}>
                  <td><a href={deskHref('history', r.id)} aria-label={dt('history.open', { id: r.id, file: r.fileName })}>{r.id}</a></td>
                  <td>{new Date(r.startedAt).toLocaleString(locale)}</td>
                  <td>{r.actor}</td>
                  <td>{r.fileName}{r.recipe ? ` (${r.recipe})` : ''}</td>
                  <td><code title={r.fileHash}>{r.fileHash.slice(0, 10)}</code></td>
                  <td>{dt(statusKey(r.status))}</td>
                  <td className="num">{r.rowsRead.toLocaleString(locale)}</td>
                  <td className="num">{r.rowsWritten.toLocaleString(locale)}</td>
                  <td className="num">{r.rowsRejected.toLocaleString(locale)}</td>
                  <td className="num">{(r.warnings?.length ?? 0).toLocaleString(locale)}</td>
                  <td className="num">{(r.errors?.length ?? 0).toLocaleString(locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </>
  );
}

function RecordDetail({ id, canUndo, onUndone }: { id: number; canUndo: boolean; onUndone: () => void }) {
  const { dt, lang } = useDeskText();
  const record = useApi(`imports|record|${id}`, (signal) => getImport(id, signal));
  const [undoState, setUndoState] = useState<{ busy: boolean; error: unknown; done: boolean }>({ busy: false, error: null, done: false });

  const doUndo = async (r: ImportRecord) => {
    if (!window.confirm(dt('history.undoConfirm', { id: r.id, file: r.fileName }))) return;
    setUndoState({ busy: true, error: null, done: false });
    try {
      await undoImport(r.id);
      setUndoState({ busy: false, error: null, done: true });
      onUndone();
    } catch (err) {
      setUndoState({ busy: false, error: err, done: false });
    }
  };

  return (
    <section className="dd-section dd-record" aria-labelledby="dd-record-title">
      <h3 id="dd-record-title">{dt('history.record', { id })}</h3>
      {record.state === 'loading' && <p aria-busy="true">{dt('desk.loading')}</p>}
      {record.state === 'error' && <ErrorMessage error={record.error} />}
      {record.state === 'ready' && (
        <>
          <ReportView
            headingLevel={4}
            report={{
              status: record.data.status, file: record.data.fileName, fileHash: record.data.fileHash, format: record.data.report?.format,
              rowsRead: record.data.rowsRead, rowsWritten: record.data.rowsWritten, rowsRejected: record.data.rowsRejected,
              errors: record.data.errors ?? [], warnings: record.data.warnings ?? [], indicators: record.data.report?.indicators,
              periods: record.data.report?.periods, areas: record.data.report?.areas, actor: record.data.actor, when: record.data.startedAt,
            }}
          />
          {(record.data.report?.mapped?.length ?? 0) > 0 && (
            <p>{dt('import.mapped')} {record.data.report!.mapped!.map((m) => `${m.name} → ${m.code}`).join('; ')}</p>
          )}
          {canUndo && record.data.status === 'committed' && (
            <p>
              <button type="button" className="dd-button danger" disabled={undoState.busy} onClick={() => void doUndo(record.data)}>{dt('history.undo')}</button>
            </p>
          )}
          {undoState.done && <p role="status">{dt('history.undone')}</p>}
          {undoState.error !== null && <p className="error" role="alert">{errorText(undoState.error, lang)}</p>}
        </>
      )}
      <p><a href={deskHref('history')}>{dt('history.back')}</a></p>
    </section>
  );
}
