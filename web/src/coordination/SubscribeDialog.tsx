import { useId, useRef, useState } from 'react';
import { errorText } from '../shared/api.ts';
import { apiSend } from '../shared/api.ts';
import { useCoordText } from './text.ts';

/**
 * "Subscribe": asks the server for a secret feed address (each request replaces the old one, so
 * the dialog shows it once) and shows it with a copy button. A native <dialog>: Escape closes it,
 * focus stays inside while open.
 */
export function SubscribeButton({ path, label }: { path: string; label: string }) {
  const { tc, lang } = useCoordText();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  const create = async () => {
    setError(null);
    setCopied(false);
    try {
      setUrl((await apiSend<{ url: string }>('POST', path)).url);
    } catch (err) {
      setError(errorText(err, lang));
    }
  };
  const open = async () => {
    dialog.current?.showModal();
    if (!url) await create();
  };
  const copy = async () => {
    if (!url) return;
    await navigator.clipboard?.writeText(url).catch(() => undefined);
    setCopied(true);
  };

  return (
    <>
      <button type="button" className="no-print" onClick={() => void open()}>{label}</button>
      <dialog ref={dialog} className="coord-dialog" aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`}>{tc('sub.title')}</h3>
        <p>{tc('sub.intro')}</p>
        <label htmlFor={`${id}-url`}>{tc('sub.url')}</label>
        <input id={`${id}-url`} className="feed-url" readOnly value={url ?? ''} onFocus={(e) => e.currentTarget.select()} />
        {error && <p role="alert" className="error">{error}</p>}
        {copied && <p role="status">{tc('sub.copied')}</p>}
        <div className="coord-actions">
          <button type="button" onClick={() => void copy()} disabled={!url}>{tc('sub.copy')}</button>
          <button type="button" onClick={() => void create()}>{tc('sub.rotate')}</button>
          <button type="button" onClick={() => dialog.current?.close()}>{tc('sub.close')}</button>
        </div>
      </dialog>
    </>
  );
}
