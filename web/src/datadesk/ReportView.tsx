import { useDeskText } from './text.ts';
import type { Problem } from './api.ts';

// The full import report: counts, then every error and warning with file, line and field, in the
// reader's language. Shared by the import page and the import history.

export interface ReportSummary {
  status: string;
  file: string;
  fileHash: string;
  format?: string;
  rowsRead: number;
  rowsWritten: number;
  rowsRejected: number;
  errors: Problem[];
  warnings: Problem[];
  indicators?: { key: string; values: number }[];
  periods?: string[];
  areas?: number;
  actor?: string;
  when?: string;
}

export function statusKey(status: string) {
  return status === 'committed' ? 'status.committed' as const : status === 'rejected' ? 'status.rejected' as const : status === 'dry_run' ? 'status.dry_run' as const : 'status.other' as const;
}

export function ReportView({ report, headingLevel = 3, showStatus = true }: { report: ReportSummary; headingLevel?: 3 | 4; showStatus?: boolean }) {
  const { dt, locale } = useDeskText();
  const H = headingLevel === 3 ? 'h3' : 'h4';
  const placeholders = report.warnings.filter((w) => w.code === 'VALUE_PLACEHOLDER').length;
  const n = (v: number) => v.toLocaleString(locale);
  return (
    <div className={`dd-report dd-status-${report.status}`}>
      {showStatus && <ReportStatus status={report.status} />}
      <dl className="dd-facts">
        <dt>{dt('report.file')}</dt><dd>{report.file}</dd>
        <dt>{dt('report.hash')}</dt><dd><code title={report.fileHash}>{report.fileHash.slice(0, 16)}…</code></dd>
        {report.format && <><dt>{dt('report.format')}</dt><dd>{report.format}</dd></>}
        {report.actor && <><dt>{dt('report.actor')}</dt><dd>{report.actor}</dd></>}
        {report.when && <><dt>{dt('report.when')}</dt><dd>{new Date(report.when).toLocaleString(locale)}</dd></>}
        <dt>{dt('report.rowsRead')}</dt><dd>{n(report.rowsRead)}</dd>
        <dt>{dt('report.rowsWritten')}</dt><dd>{n(report.rowsWritten)}</dd>
        <dt>{dt('report.rowsRejected')}</dt><dd>{n(report.rowsRejected)}</dd>
        <dt>{dt('report.placeholders')}</dt><dd>{n(placeholders)}</dd>
        {report.areas !== undefined && <><dt>{dt('report.areas')}</dt><dd>{n(report.areas)}</dd></>}
        {report.periods && report.periods.length > 0 && <><dt>{dt('report.periods')}</dt><dd>{report.periods.join(', ')}</dd></>}
        {report.indicators && report.indicators.length > 0 && (
          <><dt>{dt('report.indicators')}</dt><dd>{report.indicators.map((i) => `${i.key} (${n(i.values)})`).join(', ')}</dd></>
        )}
      </dl>
      <H>{dt('report.errors', { count: report.errors.length })}</H>
      {report.errors.length > 0 ? <ProblemTable problems={report.errors} kind="error" /> : <p>{dt('report.noErrors')}</p>}
      <H>{dt('report.warnings', { count: report.warnings.length })}</H>
      {report.warnings.length > 0 ? <ProblemTable problems={report.warnings} kind="warning" /> : <p>{dt('report.noWarnings')}</p>}
    </div>
  );
}

export function ReportStatus({ status }: { status: string }) {
  const { dt } = useDeskText();
  return <p className={`dd-status dd-status-${status}`} role="status"><strong>{dt(statusKey(status))}</strong></p>;
}

function ProblemTable({ problems, kind }: { problems: Problem[]; kind: 'error' | 'warning' }) {
  const { dt, lang } = useDeskText();
  return (
    // A scrolling region must be reachable by keyboard: tabIndex and a name.
    <div className="dd-scroll" tabIndex={0} role="region" aria-label={dt(kind === 'error' ? 'report.errorsLabel' : 'report.warningsLabel')}>
      <table className={`dd-table dd-problems dd-${kind}`}>
        <thead>
          <tr><th scope="col">{dt('report.col.file')}</th><th scope="col">{dt('report.col.line')}</th><th scope="col">{dt('report.col.field')}</th><th scope="col">{dt('report.col.message')}</th><th scope="col">{dt('report.col.code')}</th></tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <td>{p.file ?? ''}</td>
              <td className="num">{p.line ?? ''}</td>
              <td>{p.field ?? ''}</td>
              <td>{lang === 'en' ? p.en : p.de}</td>
              <td><code>{p.code}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
