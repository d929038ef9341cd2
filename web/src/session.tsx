import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, onSessionLost, setApiLanguage, tokenStore, type SessionReply, type UserSelf } from './api';
import { useI18n } from './i18n';

export type SessionStatus = 'loading' | 'signedOut' | 'signedIn';

export interface Session {
  status: SessionStatus;
  me: UserSelf | null;
  /** Stores the tokens of a fresh sign-in and the account that came with them. */
  start(reply: SessionReply): void;
  /** Reads the account again (after a profile change, or to see a block). */
  reload(): Promise<UserSelf | null>;
  replaceMe(me: UserSelf): void;
  signOut(): Promise<void>;
}

const Ctx = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const { locale, chosen, setLocale } = useI18n();
  const [status, setStatus] = useState<SessionStatus>(() => (tokenStore.get() ? 'loading' : 'signedOut'));
  const [me, setMe] = useState<UserSelf | null>(null);

  useEffect(() => setApiLanguage(locale), [locale]);

  const adopt = useCallback((user: UserSelf) => {
    setMe(user);
    setStatus('signedIn');
    // The profile language applies only until the user picks one on this device.
    if (!chosen && user.locale !== locale) setLocale(user.locale, { remember: false });
  }, [chosen, locale, setLocale]);

  const reload = useCallback(async () => {
    if (!tokenStore.get()) {
      setStatus('signedOut');
      return null;
    }
    try {
      const user = await api.me.get();
      adopt(user);
      return user;
    } catch {
      if (!tokenStore.get()) setStatus('signedOut');
      return null;
    }
  }, [adopt]);

  useEffect(() => {
    if (status === 'loading') void reload();
    // Only on first load: later reloads are asked for by the pages.
  }, []);

  useEffect(() => onSessionLost(() => {
    setMe(null);
    setStatus('signedOut');
  }), []);

  const value = useMemo<Session>(() => ({
    status,
    me,
    start(reply) {
      tokenStore.set(reply);
      adopt(reply.user);
    },
    reload,
    replaceMe: setMe,
    async signOut() {
      try { await api.auth.logout(); } catch { /* the session may already be gone; sign out here anyway */ }
      tokenStore.clear();
      setMe(null);
      setStatus('signedOut');
    },
  }), [status, me, adopt, reload]);

  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
