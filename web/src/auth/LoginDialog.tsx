import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { errorText } from '../shared/api.ts';
import { changePassword, login } from './session.ts';
import { getLayers } from '../areas/api.ts';
import { signInTarget } from './workspace.ts';
import { useText } from './text.ts';
import { currentHash, navigate } from '../shared/route.ts';

/** A modal <dialog>: Escape closes it, focus stays inside, the first field gets the focus. */
function useModal(open: boolean, onClose: () => void) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const onCancel = () => onClose();
    dialog.addEventListener('close', onCancel);
    return () => dialog.removeEventListener('close', onCancel);
  }, [onClose]);
  return ref;
}

export function LoginDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { tm, lang } = useText();
  const ref = useModal(open, onClose);
  const id = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await login(username.trim(), password);
      setPassword('');
      onClose();
      const target = signInTarget(user, user.role === 'coordinator' ? await getLayers().catch(() => []) : [], currentHash());
      if (target) navigate(target);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="auth-dialog" aria-labelledby={`${id}-title`}>
      <form onSubmit={submit} className="auth-form">
        <h2 id={`${id}-title`}>{tm('auth.signInTitle')}</h2>
        <p className="hint">{tm('auth.signInHint')}</p>
        <label htmlFor={`${id}-user`}>{tm('auth.username')}</label>
        <input id={`${id}-user`} name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
        <label htmlFor={`${id}-pass`}>{tm('auth.password')}</label>
        <input id={`${id}-pass`} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {error !== null && <p className="error" role="alert">{errorText(error, lang)}</p>}
        <div className="auth-actions">
          <button type="submit" className="primary" disabled={busy}>{busy ? tm('auth.signingIn') : tm('auth.signIn')}</button>
          <button type="button" onClick={onClose}>{tm('common.cancel')}</button>
        </div>
      </form>
    </dialog>
  );
}

export function PasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { tm, lang } = useText();
  const ref = useModal(open, onClose);
  const id = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setMismatch(next !== repeat);
    if (next !== repeat) return;
    try {
      await changePassword(current, next);
      setDone(true);
      setCurrent('');
      setNext('');
      setRepeat('');
    } catch (err) {
      setError(err);
    }
  };

  return (
    <dialog ref={ref} className="auth-dialog" aria-labelledby={`${id}-title`}>
      <form onSubmit={submit} className="auth-form">
        <h2 id={`${id}-title`}>{tm('auth.passwordTitle')}</h2>
        {done ? (
          <p role="status">{tm('auth.passwordChanged')}</p>
        ) : (
          <>
            <label htmlFor={`${id}-cur`}>{tm('auth.currentPassword')}</label>
            <input id={`${id}-cur`} type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} autoFocus />
            <label htmlFor={`${id}-new`}>{tm('auth.newPassword')}</label>
            <input id={`${id}-new`} type="password" autoComplete="new-password" required value={next} onChange={(e) => setNext(e.target.value)} />
            <label htmlFor={`${id}-rep`}>{tm('auth.repeatPassword')}</label>
            <input id={`${id}-rep`} type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} aria-invalid={mismatch} />
            {mismatch && <p className="error" role="alert">{tm('auth.passwordMismatch')}</p>}
            {error !== null && <p className="error" role="alert">{errorText(error, lang)}</p>}
          </>
        )}
        <div className="auth-actions">
          {!done && <button type="submit" className="primary">{tm('auth.passwordSave')}</button>}
          <button type="button" onClick={() => { setDone(false); onClose(); }}>{done ? tm('common.close') : tm('common.cancel')}</button>
        </div>
      </form>
    </dialog>
  );
}
