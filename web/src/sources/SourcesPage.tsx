import { useI18n } from '../shared/i18n.ts';
import { useApi } from '../shared/useApi.ts';
import { ErrorMessage } from '../shared/ErrorMessage.tsx';
import { getSources } from './api.ts';

/** Only http(s) links are rendered as links: a source URL comes from imported data. */
function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export function SourcesPage() {
  const { t } = useI18n();
  const sources = useApi('sources', getSources);

  return (
    <section className="sources" aria-labelledby="sources-title">
      <h2 id="sources-title">{t('sources.title')}</h2>
      <p>{t('sources.intro')}</p>
      {sources.state === 'loading' && <p className="status">{t('app.loading')}</p>}
      {sources.state === 'error' && <ErrorMessage error={sources.error} />}
      {sources.state === 'ready' && (sources.data.length === 0 ? (
        <p>{t('sources.empty')}</p>
      ) : (
        <ul className="source-list">
          {sources.data.map((s, i) => {
            const url = safeUrl(s.url);
            return (
              <li key={`${s.title}-${i}`}>
                <h3>{s.title}</h3>
                <dl>
                  <dt>{t('sources.attribution')}</dt>
                  <dd>{s.attribution}</dd>
                  <dt>{t('sources.licence')}</dt>
                  <dd>{s.licence}</dd>
                </dl>
                {url && (
                  <p>
                    <a href={url} rel="noopener noreferrer">{t('sources.link')}</a> <span className="url">({url})</span>
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      ))}
      <p className="software-note">{t('sources.map')}</p>
    </section>
  );
}
