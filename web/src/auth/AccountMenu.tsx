import { useCallback, useEffect, useState } from 'react';
import { LoginDialog, PasswordDialog } from './LoginDialog.tsx';
import { logout, useSession } from './session.ts';
import { useText } from './text.ts';
import type { ModuleKey } from '../shared/i18n-modules.ts';
import './auth.css';

export function roleKey(role: string): ModuleKey {
  const known = ['admin', 'analyst', 'planner', 'coordinator', 'provider', 'viewer'];
  return (known.includes(role) ? `role.${role}` : 'role.unknown') as ModuleKey;
}

// Opening the sign-in dialog from anywhere (e.g. a page that needs a signed-in user).
const openers = new Set<() => void>();
export function openSignIn(): void {
  for (const open of openers) open();
}

/** Header area: who is signed in and with which role; sign in, change password, sign out. */
export function AccountMenu() {
  const { tm } = useText();
  const session = useSession();
  const [dialog, setDialog] = useState<'login' | 'password' | null>(null);
  const close = useCallback(() => setDialog(null), []);
  const openLogin = useCallback(() => setDialog('login'), []);
  useEffect(() => {
    openers.add(openLogin);
    return () => { openers.delete(openLogin); };
  }, [openLogin]);

  return (
    <div className="account">
      {session.status === 'signed-in' && session.user ? (
        <>
          <span className="account-user">
            <span className="visually-hidden">{tm('auth.signedInAs')} </span>
            <strong>{session.user.displayName ?? session.user.username}</strong>
            <span className="account-role">{tm(roleKey(session.user.role))}</span>
          </span>
          <button type="button" className="account-button" onClick={() => setDialog('password')}>{tm('auth.changePassword')}</button>
          <button type="button" className="account-button" onClick={() => void logout()}>{tm('auth.signOut')}</button>
        </>
      ) : (
        <button type="button" className="account-button" onClick={openLogin}>{tm('auth.signIn')}</button>
      )}
      <LoginDialog open={dialog === 'login'} onClose={close} />
      <PasswordDialog open={dialog === 'password'} onClose={close} />
    </div>
  );
}

/** Shown in place of an action that needs a permission the visitor does not have. */
export function SignInNotice({ need }: { need: 'data:write' | 'registry:write' | 'data:read' }) {
  const { tm } = useText();
  const session = useSession();
  if (session.status === 'signed-in') {
    return <p className="note">{tm('auth.noPermission', { permission: tm(`permission.${need}` as ModuleKey) })}</p>;
  }
  return (
    <p className="note">
      {tm('auth.needSignIn')}{' '}
      <button type="button" className="link-button" onClick={openSignIn}>{tm('auth.signIn')}</button>
    </p>
  );
}
